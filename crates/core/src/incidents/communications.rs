//! A major incident's communications log: what was said to whom, through which channel,
//! and when the next update is promised. The page shows when that promise is overdue.

use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{fetch, IncidentId};
use crate::workspace::Action;
use crate::record::RecordRef;
use crate::error::{CoreError, Result};
use crate::labelled_enum;
use crate::record::RecordKind;
use crate::validate;
use crate::workspace::Workspace;

labelled_enum!(
    Audience {
        AffectedUsers = "affected_users": "Affected users",
        AllStaff = "all_staff": "All staff",
        Executives = "executives": "Executives",
        Customers = "customers": "Customers",
        ServiceDesk = "service_desk": "Service desk",
        Vendors = "vendors": "Vendors",
    }
);

labelled_enum!(
    CommsChannel {
        Email = "email": "E-mail",
        StatusPage = "status_page": "Status page",
        Chat = "chat": "Chat",
        Phone = "phone": "Phone bridge",
        Meeting = "meeting": "Meeting",
        Intranet = "intranet": "Intranet",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Communication {
    pub id: i64,
    pub at: String,
    pub by: String,
    pub audience: Audience,
    pub channel: CommsChannel,
    pub message: String,
    pub next_update_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CommunicationInput {
    pub audience: Audience,
    pub channel: CommsChannel,
    pub message: String,
    /// When the next update is promised (RFC 3339), if one is.
    #[serde(default)]
    pub next_update_at: Option<String>,
}

/// Logs a communication sent about a major incident.
pub fn log_communication(ws: &Workspace, id: IncidentId, input: &CommunicationInput) -> Result<Communication> {
    ws.write(|tx| {
        let inc = fetch(tx, id)?;
        if !inc.major {
            return Err(CoreError::Conflict(format!("{} is not a major incident; mark it major to keep a communications log.", inc.number)));
        }
        let message = validate::name("message", &input.message, 20_000)?;
        let next = match input.next_update_at.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => {
                let t = chrono::DateTime::parse_from_rfc3339(s).map_err(|_| CoreError::validation("next_update_at", "Give the next update as a date and time."))?;
                let t = crate::time::to_text(t.with_timezone(&chrono::Utc));
                if t.as_str() <= tx.at() {
                    return Err(CoreError::validation("next_update_at", "The next update must be in the future."));
                }
                Some(t)
            }
        };
        tx.execute(
            "INSERT INTO incident_communications (incident_id, at, by, audience, channel, message, next_update_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![id.0, tx.at(), tx.actor().as_str(), input.audience, input.channel, message, next],
        )?;
        let c = Communication {
            id: tx.last_insert_rowid(),
            at: tx.at().to_string(),
            by: tx.actor().as_str().to_string(),
            audience: input.audience,
            channel: input.channel,
            message,
            next_update_at: next,
        };
        tx.execute("UPDATE incidents SET updated_at = ?1 WHERE id = ?2", params![tx.at(), id.0])?;
        tx.audit(Action::did("incident.communicated"), RecordRef::new(RecordKind::Incident, id.0), serde_json::json!({
            "number": inc.number,
            "audience": c.audience, "channel": c.channel, "message": c.message, "next_update_at": c.next_update_at,
        }))?;
        Ok(c)
    })
}

/// The log, oldest first.
pub fn communications(ws: &Workspace, id: IncidentId) -> Result<Vec<Communication>> {
    let mut stmt = ws.conn().prepare_cached(
        "SELECT id, at, by, audience, channel, message, next_update_at FROM incident_communications WHERE incident_id = ?1 ORDER BY at, id",
    )?;
    let rows = stmt.query_map([id.0], |r| {
        Ok(Communication { id: r.get(0)?, at: r.get(1)?, by: r.get(2)?, audience: r.get(3)?, channel: r.get(4)?, message: r.get(5)?, next_update_at: r.get(6)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incidents::{log_incident, IncidentInput};

    #[test]
    fn only_major_incidents_keep_a_communications_log() {
        let d = tempfile::tempdir().unwrap();
        let ws = crate::testing::pinned(&d, "Incident Manager", crate::testing::NOW);
        let minor = log_incident(&ws, &IncidentInput { title: "Printer".into(), impact: 3, urgency: 3, ..Default::default() }).unwrap();
        let major = log_incident(&ws, &IncidentInput { title: "Warehouse scanners down".into(), impact: 1, urgency: 1, major: true, ..Default::default() }).unwrap();
        let input = |msg: &str, next: Option<&str>| CommunicationInput {
            audience: Audience::AffectedUsers, channel: CommsChannel::Email, message: msg.into(), next_update_at: next.map(str::to_string),
        };
        assert_eq!(log_communication(&ws, minor.id, &input("x", None)).unwrap_err().kind(), "conflict");
        assert_eq!(log_communication(&ws, major.id, &input(" ", None)).unwrap_err().field(), Some("message"));
        assert_eq!(log_communication(&ws, major.id, &input("x", Some("2001-01-01T00:00:00Z"))).unwrap_err().field(), Some("next_update_at"));
        assert_eq!(log_communication(&ws, major.id, &input("x", Some("tomorrow"))).unwrap_err().field(), Some("next_update_at"));
        let c = log_communication(&ws, major.id, &input("Scanners down in Hall B; <b>next</b> update 10:00", Some("2999-01-01T10:00:00+01:00"))).unwrap();
        assert_eq!(c.next_update_at.as_deref(), Some("2999-01-01T09:00:00Z"));
        let log = communications(&ws, major.id).unwrap();
        assert_eq!(log.iter().map(|c| (c.by.as_str(), c.message.as_str())).collect::<Vec<_>>(), [("Incident Manager", "Scanners down in Hall B; <b>next</b> update 10:00")]);
    }
}
