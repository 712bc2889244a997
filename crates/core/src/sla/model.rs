//! What the SLA clocks read of what is agreed: the ids, which records a target applies to,
//! its metric, a stored calendar and the targets as stored. `agreements.rs` writes them
//! (and recomputes the clocks they drive); `clocks.rs` and `eval.rs` read them from here.

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::calendar::CalendarSpec;
use crate::error::{CoreError, Result};
use crate::incidents::OnHoldReason;
use crate::labelled_enum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct CalendarId(pub i64);
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct AgreementId(pub i64);
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct TargetId(pub i64);

labelled_enum!(
    AppliesTo {
        Incident = "incident": "Incidents",
        Request = "request": "Service requests",
    }
);

impl AppliesTo {
    pub(crate) fn record_kind(self) -> crate::record::RecordKind {
        match self {
            AppliesTo::Incident => crate::record::RecordKind::Incident,
            AppliesTo::Request => crate::record::RecordKind::Request,
        }
    }
}

labelled_enum!(
    Metric {
        Response = "response": "Response (until first response)",
        Resolution = "resolution": "Resolution (until resolved)",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct StoredCalendar {
    pub id: CalendarId,
    pub name: String,
    pub spec: CalendarSpec,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Target {
    pub id: TargetId,
    pub agreement_id: AgreementId,
    pub name: String,
    pub metric: Metric,
    /// Incidents or service requests.
    pub applies_to: AppliesTo,
    /// Conditions: the records it applies to (all set ones must match). Priority is for
    /// incidents, the request item for requests; a request's category is its item's.
    #[ts(type = "number | null")]
    pub priority: Option<i64>,
    pub category: Option<String>,
    #[ts(type = "number | null")]
    pub service_id: Option<i64>,
    #[ts(type = "number | null")]
    pub item_id: Option<i64>,
    pub minutes: i64,
    pub calendar_id: CalendarId,
    pub pause_reasons: Vec<OnHoldReason>,
    pub warning_pct: i64,
    /// The names of the service and request item conditions, for reading.
    pub service: Option<String>,
    pub item: Option<String>,
}

pub(crate) fn calendar(conn: &Connection, id: CalendarId) -> Result<StoredCalendar> {
    let (name, spec): (String, String) = conn
        .query_row("SELECT name, spec FROM calendars WHERE id = ?1", [id.0], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| CoreError::NotFound { kind: "Calendar", id: id.0.to_string() })?;
    let spec = serde_json::from_str(&spec).map_err(|e| CoreError::Conflict(format!("The stored calendar {name} cannot be read: {e}")))?;
    Ok(StoredCalendar { id, name, spec })
}

pub(super) const TARGET: &str = "SELECT id, agreement_id, name, metric, priority, category, service_id, minutes, calendar_id, pause_reasons, warning_pct, applies_to, item_id,
    (SELECT s.name FROM services s WHERE s.id = sla_targets.service_id), (SELECT ci.name FROM catalogue_items ci WHERE ci.id = sla_targets.item_id) FROM sla_targets";

pub(super) fn map_target(r: &rusqlite::Row<'_>) -> rusqlite::Result<Target> {
    let reasons: String = r.get(9)?;
    Ok(Target {
        id: TargetId(r.get(0)?),
        agreement_id: AgreementId(r.get(1)?),
        name: r.get(2)?,
        metric: r.get(3)?,
        priority: r.get(4)?,
        category: r.get(5)?,
        service_id: r.get(6)?,
        minutes: r.get(7)?,
        calendar_id: CalendarId(r.get(8)?),
        pause_reasons: serde_json::from_str(&reasons).unwrap_or_default(),
        warning_pct: r.get(10)?,
        applies_to: r.get(11)?,
        item_id: r.get(12)?,
        service: r.get(13)?,
        item: r.get(14)?,
    })
}

pub(crate) fn targets(conn: &Connection) -> Result<Vec<Target>> {
    let rows = conn.prepare_cached(&format!("{TARGET} ORDER BY agreement_id, id"))?.query_map([], map_target)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The longest target: ten years of business minutes (the same bound for stored targets and
/// for `sla eval` cases, so no product of minutes overflows).
pub(crate) const MAX_TARGET_MINUTES: i64 = 10 * 366 * 1440;
