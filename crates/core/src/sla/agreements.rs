//! What is agreed: business calendars, agreements (service level agreements per service,
//! operational level agreements per support group, underpinning contracts per vendor) and
//! their targets (a metric, which records it applies to, a duration in business time on a
//! calendar, which on-hold reasons stop the clock, a warning threshold).
//!
//! Changing a calendar or a target recomputes the clocks it drives, in the same transaction,
//! with one audit entry saying how many.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::calendar::CalendarSpec;
pub use super::model::{AgreementId, AppliesTo, CalendarId, Metric, StoredCalendar, Target, TargetId};
pub(crate) use super::model::{calendar, targets, MAX_TARGET_MINUTES};
use super::model::{map_target, TARGET};
use crate::workspace::Action;
use crate::record::RecordRef;
use crate::error::{CoreError, Result};
use crate::incidents::OnHoldReason;
use crate::labelled_enum;
use crate::record::RecordKind;
use crate::validate;
use crate::workspace::{Tx, Workspace};


labelled_enum!(
    AgreementKind {
        Sla = "sla": "Service level agreement",
        Ola = "ola": "Operational level agreement",
        Uc = "uc": "Underpinning contract",
    }
);



#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Agreement {
    pub id: AgreementId,
    pub kind: AgreementKind,
    pub name: String,
    #[ts(type = "number | null")]
    pub service_id: Option<i64>,
    #[ts(type = "number | null")]
    pub group_id: Option<i64>,
    #[ts(type = "number | null")]
    pub vendor_id: Option<i64>,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    pub review_on: Option<String>,
    pub description: String,
    /// Where the signed agreement and its schedules are kept: a title, path or URL each.
    pub documents: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct AgreementInput {
    pub kind: Option<AgreementKind>,
    pub name: String,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub service_id: Option<i64>,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub group_id: Option<i64>,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub vendor_id: Option<i64>,
    #[serde(default)]
    pub valid_from: Option<String>,
    #[serde(default)]
    pub valid_to: Option<String>,
    #[serde(default)]
    pub review_on: Option<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub documents: Vec<String>,
}


#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TargetInput {
    pub agreement_id: AgreementId,
    pub name: String,
    pub metric: Metric,
    #[serde(default = "default_applies_to")]
    pub applies_to: AppliesTo,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub priority: Option<i64>,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub service_id: Option<i64>,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub item_id: Option<i64>,
    pub minutes: i64,
    pub calendar_id: CalendarId,
    #[serde(default)]
    pub pause_reasons: Vec<OnHoldReason>,
    #[serde(default = "default_warning")]
    pub warning_pct: i64,
}

fn default_applies_to() -> AppliesTo {
    AppliesTo::Incident
}

fn default_warning() -> i64 {
    75
}

// ---- calendars ----


pub fn list_calendars(ws: &Workspace) -> Result<Vec<StoredCalendar>> {
    let ids: Vec<i64> = ws.conn().prepare("SELECT id FROM calendars ORDER BY name")?.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    ids.into_iter().map(|id| calendar(ws.conn(), CalendarId(id))).collect()
}

/// Creates a calendar (`id` None) or changes one; a change recomputes the clocks it drives.
pub fn save_calendar(ws: &Workspace, id: Option<CalendarId>, name: &str, spec: &CalendarSpec) -> Result<StoredCalendar> {
    ws.write(|tx| save_calendar_in(tx, id, name, spec))
}

pub(crate) fn save_calendar_in(tx: &Tx<'_>, id: Option<CalendarId>, name: &str, spec: &CalendarSpec) -> Result<StoredCalendar> {
    let name = validate::name("name", name, 200)?;
    spec.parse()?;
    let json = serde_json::to_string(spec).unwrap_or_else(|_| "{}".into());
    let id = match id {
        None => {
            tx.execute("INSERT INTO calendars (name, spec, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)", params![name, json, tx.at()])?;
            let id = CalendarId(tx.last_insert_rowid());
            tx.audit(Action::created("calendar.created"), RecordRef::new(RecordKind::Calendar, id.0), serde_json::json!({"name": name, "spec": spec}))?;
            id
        }
        Some(id) => {
            calendar(tx, id)?;
            tx.execute("UPDATE calendars SET name = ?1, spec = ?2, updated_at = ?3 WHERE id = ?4", params![name, json, tx.at(), id.0])?;
            let n = super::clocks::recompute_where(tx, "t.calendar_id = ?", id.0)?;
            tx.audit(Action::did("calendar.updated"), RecordRef::new(RecordKind::Calendar, id.0), serde_json::json!({"name": name, "spec": spec, "clocks_recomputed": n}))?;
            id
        }
    };
    calendar(tx, id)
}

/// Adds holidays to the calendar named `name`, recomputing its clocks like any change to
/// it. Returns the calendar and how many dates were new.
pub fn add_holidays(ws: &Workspace, name: &str, holidays: &[super::ics::Holiday]) -> Result<(StoredCalendar, usize)> {
    ws.write(|tx| {
        let id: i64 = tx
            .query_row("SELECT id FROM calendars WHERE name = ?1", [name.trim()], |r| r.get(0))
            .optional()?
            .ok_or_else(|| CoreError::NotFound { kind: "Calendar", id: name.to_string() })?;
        let mut c = calendar(tx, CalendarId(id))?;
        let added = c.spec.add_holidays(holidays);
        Ok((save_calendar_in(tx, Some(c.id), &c.name, &c.spec)?, added))
    })
}

// ---- agreements ----

fn map_agreement(r: &rusqlite::Row<'_>) -> rusqlite::Result<Agreement> {
    Ok(Agreement {
        id: AgreementId(r.get(0)?),
        kind: r.get(1)?,
        name: r.get(2)?,
        service_id: r.get(3)?,
        group_id: r.get(4)?,
        vendor_id: r.get(5)?,
        valid_from: r.get(6)?,
        valid_to: r.get(7)?,
        review_on: r.get(8)?,
        description: r.get(9)?,
        documents: serde_json::from_str(&r.get::<_, String>(10)?).unwrap_or_default(),
    })
}

const AGREEMENT: &str = "SELECT id, kind, name, service_id, group_id, vendor_id, valid_from, valid_to, review_on, description, documents FROM agreements";

pub fn list_agreements(ws: &Workspace) -> Result<Vec<Agreement>> {
    let rows = ws.conn().prepare(&format!("{AGREEMENT} ORDER BY kind, name"))?.query_map([], map_agreement)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn create_agreement(ws: &Workspace, input: &AgreementInput) -> Result<Agreement> {
    ws.write(|tx| create_agreement_in(tx, input))
}

/// An agreement's fields, checked.
struct CheckedAgreement {
    kind: AgreementKind,
    name: String,
    from: Option<String>,
    to: Option<String>,
    review_on: Option<String>,
    description: String,
    documents: String,
}

fn checked_agreement(input: &AgreementInput) -> Result<CheckedAgreement> {
    let kind = input.kind.ok_or_else(|| CoreError::validation("kind", "Say whether it is an SLA, an OLA or an underpinning contract."))?;
    let name = validate::name("name", &input.name, 200)?;
    // Each kind is agreed with someone: a service's customers, a support group, a vendor.
    let (field, missing) = match kind {
        AgreementKind::Sla => ("service_id", input.service_id.is_none()),
        AgreementKind::Ola => ("group_id", input.group_id.is_none()),
        AgreementKind::Uc => ("vendor_id", input.vendor_id.is_none()),
    };
    if missing {
        return Err(CoreError::validation(field, format!("A {} names its {}.", kind.label().to_lowercase(), match kind {
            AgreementKind::Sla => "service",
            AgreementKind::Ola => "support group",
            AgreementKind::Uc => "vendor",
        })));
    }
    let (from, to) = (validate::date("valid_from", &input.valid_from)?, validate::date("valid_to", &input.valid_to)?);
    if let (Some(f), Some(t)) = (&from, &to) {
        if t < f {
            return Err(CoreError::validation("valid_to", "An agreement cannot end before it starts."));
        }
    }
    if input.documents.len() > 50 {
        return Err(CoreError::validation("documents", "Name at most 50 documents; put the rest in a folder and name that."));
    }
    let documents = input.documents.iter().map(|d| validate::line("documents", d, 1000)).filter(|d| !matches!(d, Ok(d) if d.is_empty())).collect::<Result<Vec<_>>>()?;
    Ok(CheckedAgreement {
        kind,
        name,
        from,
        to,
        review_on: validate::date("review_on", &input.review_on)?,
        description: validate::text("description", &input.description, 20_000)?,
        documents: serde_json::to_string(&documents).unwrap_or_else(|_| "[]".into()),
    })
}

pub(crate) fn create_agreement_in(tx: &Tx<'_>, input: &AgreementInput) -> Result<Agreement> {
    let c = checked_agreement(input)?;
    tx.execute(
        "INSERT INTO agreements (kind, name, service_id, group_id, vendor_id, valid_from, valid_to, review_on, description, documents, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
        params![c.kind, c.name, input.service_id, input.group_id, input.vendor_id, c.from, c.to, c.review_on, c.description, c.documents, tx.at()],
    )?;
    let a = tx.query_row(&format!("{AGREEMENT} WHERE id = ?1"), [tx.last_insert_rowid()], map_agreement)?;
    tx.audit(Action::created("agreement.created"), RecordRef::new(RecordKind::Agreement, a.id.0), serde_json::to_value(&a).unwrap_or_default())?;
    Ok(a)
}

/// Changes an agreement; its scope and validity decide which records its targets apply
/// to, so their clocks are recomputed (records no longer covered lose theirs).
pub fn update_agreement(ws: &Workspace, id: AgreementId, input: &AgreementInput) -> Result<Agreement> {
    ws.write(|tx| {
        let before = tx
            .query_row(&format!("{AGREEMENT} WHERE id = ?1"), [id.0], map_agreement)
            .optional()?
            .ok_or_else(|| CoreError::NotFound { kind: "Agreement", id: id.0.to_string() })?;
        let c = checked_agreement(input)?;
        tx.execute(
            "UPDATE agreements SET kind = ?1, name = ?2, service_id = ?3, group_id = ?4, vendor_id = ?5, valid_from = ?6, valid_to = ?7, review_on = ?8,
                description = ?9, documents = ?10, updated_at = ?11 WHERE id = ?12",
            params![c.kind, c.name, input.service_id, input.group_id, input.vendor_id, c.from, c.to, c.review_on, c.description, c.documents, tx.at(), id.0],
        )?;
        tx.execute("DELETE FROM sla_clocks WHERE target_id IN (SELECT id FROM sla_targets WHERE agreement_id = ?1)", [id.0])?;
        let n = super::clocks::recompute_where(tx, "t.agreement_id = ?", id.0)?;
        let after = tx.query_row(&format!("{AGREEMENT} WHERE id = ?1"), [id.0], map_agreement)?;
        let mut changes = validate::diff(&serde_json::to_value(&before).unwrap_or_default(), &serde_json::to_value(&after).unwrap_or_default());
        changes["clocks_recomputed"] = serde_json::json!(n);
        tx.audit(Action::did("agreement.updated"), RecordRef::new(RecordKind::Agreement, id.0), changes)?;
        Ok(after)
    })
}

// ---- targets ----


pub fn list_targets(ws: &Workspace) -> Result<Vec<Target>> {
    targets(ws.conn())
}


fn checked_target(conn: &Connection, t: &TargetInput) -> Result<(String, Option<String>, String)> {
    let name = validate::name("name", &t.name, 200)?;
    validate::exists(conn, "agreements", Some(t.agreement_id.0), "agreement_id", "agreement")?;
    calendar(conn, t.calendar_id).map_err(|_| CoreError::validation("calendar_id", "Choose a business calendar."))?;
    if !(0..=MAX_TARGET_MINUTES).contains(&t.minutes) {
        return Err(CoreError::validation("minutes", "A target is between 0 minutes and ten years of business time."));
    }
    if let Some(p) = t.priority {
        if !(1..=5).contains(&p) {
            return Err(CoreError::validation("priority", "Priorities run from 1 to 5."));
        }
    }
    match t.applies_to {
        AppliesTo::Incident if t.item_id.is_some() => return Err(CoreError::validation("item_id", "A request item is a condition for service requests, not incidents.")),
        AppliesTo::Request if t.priority.is_some() => return Err(CoreError::validation("priority", "Service requests have no priority; choose a request item instead.")),
        AppliesTo::Request if !t.pause_reasons.is_empty() => {
            return Err(CoreError::validation("pause_reasons", "Request clocks do not pause on hold reasons: they start when the request is approved."))
        }
        _ => {}
    }
    validate::exists(conn, "catalogue_items", t.item_id, "item_id", "request item")?;
    if !(1..=100).contains(&t.warning_pct) {
        return Err(CoreError::validation("warning_pct", "The warning threshold is a percentage from 1 to 100."));
    }
    let category = t.category.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(|c| validate::line("category", c, 200)).transpose()?;
    Ok((name, category, serde_json::to_string(&t.pause_reasons).unwrap_or_else(|_| "[]".into())))
}

/// Adds a target and starts its clocks on the records it applies to.
pub fn create_target(ws: &Workspace, t: &TargetInput) -> Result<Target> {
    super::clocks::write_recomputing(ws, |tx| create_target_in(tx, t))
}

pub(crate) fn create_target_in(tx: &Tx<'_>, t: &TargetInput) -> Result<Target> {
    let (name, category, reasons) = checked_target(tx, t)?;
    tx.execute(
        "INSERT INTO sla_targets (agreement_id, name, metric, priority, category, service_id, minutes, calendar_id, pause_reasons, warning_pct, created_at, updated_at, applies_to, item_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12, ?13)",
        params![t.agreement_id.0, name, t.metric, t.priority, category, t.service_id, t.minutes, t.calendar_id.0, reasons, t.warning_pct, tx.at(), t.applies_to, t.item_id],
    )?;
    let id = TargetId(tx.last_insert_rowid());
    let n = super::clocks::recompute_where(tx, "t.id = ?", id.0)?;
    let target = tx.query_row(&format!("{TARGET} WHERE id = ?1"), [id.0], map_target)?;
    let mut detail = serde_json::to_value(&target).unwrap_or_default();
    detail["clocks_started"] = serde_json::json!(n);
    tx.audit(Action::created("sla_target.created"), RecordRef::new(RecordKind::Target, id.0), detail)?;
    Ok(target)
}

/// Changes a target and recomputes every clock it drives.
pub fn update_target(ws: &Workspace, id: TargetId, t: &TargetInput) -> Result<Target> {
    super::clocks::write_recomputing(ws, |tx| {
        let before = tx
            .query_row(&format!("{TARGET} WHERE id = ?1"), [id.0], map_target)
            .optional()?
            .ok_or_else(|| CoreError::NotFound { kind: "SLA target", id: id.0.to_string() })?;
        let (name, category, reasons) = checked_target(tx, t)?;
        tx.execute(
            "UPDATE sla_targets SET agreement_id = ?1, name = ?2, metric = ?3, priority = ?4, category = ?5, service_id = ?6, minutes = ?7,
                calendar_id = ?8, pause_reasons = ?9, warning_pct = ?10, updated_at = ?11, applies_to = ?13, item_id = ?14 WHERE id = ?12",
            params![t.agreement_id.0, name, t.metric, t.priority, category, t.service_id, t.minutes, t.calendar_id.0, reasons, t.warning_pct, tx.at(), id.0, t.applies_to, t.item_id],
        )?;
        // Records the target no longer applies to lose its clock; the rest are recomputed.
        tx.execute("DELETE FROM sla_clocks WHERE target_id = ?1", [id.0])?;
        let n = super::clocks::recompute_where(tx, "t.id = ?", id.0)?;
        let after = tx.query_row(&format!("{TARGET} WHERE id = ?1"), [id.0], map_target)?;
        let mut changes = validate::diff(&serde_json::to_value(&before).unwrap_or_default(), &serde_json::to_value(&after).unwrap_or_default());
        changes["clocks_recomputed"] = serde_json::json!(n);
        tx.audit(Action::did("sla_target.updated"), RecordRef::new(RecordKind::Target, id.0), changes)?;
        Ok(after)
    })
}
