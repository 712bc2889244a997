//! A risk raised from the end-of-life radar: a CI leaving warranty, vendor support or life
//! on a known day is a risk to every service that depends on it. The risk is rated as a
//! suggestion the owner reviews: likely (4) once support or life ends, possible (3) for a
//! warranty; its impact that of the most critical service depending on the CI (critical 5,
//! high 4, medium 3, low 2; 3 when no service depends on it). It affects the CI; raising
//! it again while it is open gives the same risk.

use rusqlite::OptionalExtension;

use super::{create_in, detail_in, snapshot_today, Rating, RiskDetail, RiskId, RiskInput, Treatment};
use crate::cis::lifecycle::EolKind;
use crate::cis::CiId;
use crate::error::{CoreError, Result};
use crate::links::{LinkType, NewLink};
use crate::record::{RecordKind, RecordRef};
use crate::workspace::Workspace;

fn title(ci: &str, kind: EolKind, date: &str) -> String {
    match kind {
        EolKind::WarrantyEnd => format!("{ci} is out of warranty from {date}"),
        EolKind::EndOfSupport => format!("{ci} leaves vendor support on {date}"),
        EolKind::EndOfLife => format!("{ci} reaches end of life on {date}"),
    }
}

pub fn raise_for_end_of_life(ws: &Workspace, ci: CiId, kind: EolKind) -> Result<RiskDetail> {
    let lifecycle = crate::cis::lifecycle::get_ci_lifecycle(ws, ci)?;
    let date = match kind {
        EolKind::WarrantyEnd => lifecycle.warranty_end,
        EolKind::EndOfSupport => lifecycle.end_of_support,
        EolKind::EndOfLife => lifecycle.end_of_life,
    }
    .ok_or_else(|| CoreError::validation("kind", format!("The CI has no date for \"{}\".", kind.label())))?;
    let name = crate::cis::get_ci(ws, ci)?.name;
    let impact = crate::cis::impact_of_ci(ws, ci, 200)?;
    let services: Vec<(String, String)> = {
        let mut stmt = ws.conn().prepare_cached("SELECT name, criticality FROM services WHERE id = ?1")?;
        impact.items.iter().filter(|i| i.record.kind == RecordKind::Service).filter_map(|i| stmt.query_row([i.record.id], |r| Ok((r.get(0)?, r.get(1)?))).ok()).collect()
    };
    let severity = |c: &str| match c {
        "critical" => 5,
        "high" => 4,
        "medium" => 3,
        _ => 2,
    };
    let impact_rating = services.iter().map(|(_, c)| severity(c)).max().unwrap_or(3);
    let title = title(&name, kind, &date);
    ws.write(|tx| {
        let open: Option<i64> = tx
            .query_row(
                "SELECT r.id FROM risks r JOIN links l ON l.from_kind = 'risk' AND l.from_id = r.id AND l.to_kind = 'ci' AND l.to_id = ?1
                  WHERE r.title = ?2 AND r.status <> 'closed' LIMIT 1",
                rusqlite::params![ci.0, title],
                |r| r.get(0),
            )
            .optional()?;
        let id = match open {
            Some(id) => RiskId(id),
            None => {
                let services_text = if services.is_empty() { "No service is recorded as depending on it.".to_string() } else { format!("Services depending on it: {}.", services.iter().map(|s| s.0.as_str()).collect::<Vec<_>>().join(", ")) };
                let input = RiskInput {
                    title: title.clone(),
                    description: format!("Raised from the end-of-life radar. {services_text}"),
                    category: "Technology".into(),
                    causes: format!("{}: {date}.", kind.label()),
                    consequences: "No vendor fixes or parts: a fault or a vulnerability may not be repaired in time.".into(),
                    current: Some(Rating { likelihood: if kind == EolKind::WarrantyEnd { 3 } else { 4 }, impact: impact_rating }),
                    treatment: Some(Treatment::Mitigate),
                    ..Default::default()
                };
                let id = create_in(tx, None, &input)?;
                crate::links::create_in(tx, &NewLink { from: RecordRef::new(RecordKind::Risk, id.0), link_type: LinkType::Affects, to: RecordRef::new(RecordKind::Ci, ci.0) })?;
                snapshot_today(tx)?;
                id
            }
        };
        detail_in(tx, id, tx.now().date_naive())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cis::lifecycle::{set_ci_lifecycle, CiLifecycle};
    use crate::cis::{create_ci, CiInput, CiType, Environment, Lifecycle};

    #[test]
    fn a_risk_is_raised_once_rated_by_the_most_critical_service_depending_on_the_ci() {
        let d = tempfile::tempdir().unwrap();
        let ws = crate::testing::pinned(&d, "Ivy Manager", crate::testing::NOW);
        let ci = create_ci(&ws, &CiInput { name: "san <01>".into(), ci_type: CiType::Storage, environment: Environment::Production, owner_id: None, lifecycle: Lifecycle::Operational, attributes: Default::default() }).unwrap().id;
        assert_eq!(raise_for_end_of_life(&ws, ci, EolKind::EndOfSupport).unwrap_err().field(), Some("kind"), "no date, no risk");
        set_ci_lifecycle(&ws, ci, &CiLifecycle { end_of_support: Some("2027-02-28".into()), warranty_end: Some("2027-01-31".into()), ..Default::default() }).unwrap();
        let lone = raise_for_end_of_life(&ws, ci, EolKind::WarrantyEnd).unwrap();
        assert_eq!(lone.risk.current.map(|r| (r.likelihood, r.impact)), Some((3, 3)), "no service: a middling impact");
        let svc = |name: &str, criticality: &str| {
            ws.write(|tx| {
                let id = crate::services::create_named(tx, name)?;
                tx.execute("UPDATE services SET criticality = ?2 WHERE id = ?1", rusqlite::params![id, criticality])?;
                Ok(id)
            })
            .unwrap()
        };
        for s in [svc("Billing", "high"), svc("Payroll", "critical")] {
            crate::links::create_link(&ws, &NewLink { from: RecordRef::new(RecordKind::Service, s), link_type: LinkType::DependsOn, to: RecordRef::new(RecordKind::Ci, ci.0) }).unwrap();
        }
        let r = raise_for_end_of_life(&ws, ci, EolKind::EndOfSupport).unwrap();
        assert_eq!(r.risk.title, "san <01> leaves vendor support on 2027-02-28");
        assert_eq!(r.risk.current.map(|r| (r.likelihood, r.impact)), Some((4, 5)), "the critical service sets the impact");
        assert!(r.risk.description.contains("Billing") && r.risk.description.contains("Payroll"));
        let links = crate::links::links_of(&ws, RecordRef::new(RecordKind::Risk, r.risk.id.0)).unwrap();
        assert_eq!(links.len(), 1);
        assert_eq!(raise_for_end_of_life(&ws, ci, EolKind::EndOfSupport).unwrap().risk.id, r.risk.id, "raised once while open");
    }
}
