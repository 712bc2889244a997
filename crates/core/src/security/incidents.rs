//! Security incidents: an incident flagged as one, classified by what it harmed
//! (confidentiality, integrity, availability); the controls that failed are links.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::workspace::Action;
use crate::record::RecordRef;
use crate::error::{CoreError, Result};
use crate::incidents::{self, Incident, IncidentId};
use crate::record::RecordKind;
use crate::workspace::{Tx, Workspace};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SecurityClass {
    pub confidentiality: bool,
    pub integrity: bool,
    pub availability: bool,
}

impl SecurityClass {
    fn code(self) -> String {
        [(self.confidentiality, 'c'), (self.integrity, 'i'), (self.availability, 'a')].iter().filter(|(on, _)| *on).map(|(_, c)| *c).collect()
    }
}

/// "confidentiality, availability" for a stored code such as "ca".
pub fn cia_label(code: &str) -> String {
    let words: Vec<&str> = [('c', "confidentiality"), ('i', "integrity"), ('a', "availability")].iter().filter(|(c, _)| code.contains(*c)).map(|(_, w)| *w).collect();
    if words.is_empty() { "security".into() } else { words.join(", ") }
}

/// Flags an incident as a security incident with what it harmed (at least one of C, I, A),
/// or clears the flag (`class` None). The change is in the incident's history and the trail.
pub fn classify_incident(ws: &Workspace, id: IncidentId, class: Option<SecurityClass>) -> Result<Incident> {
    ws.write(|tx| classify_in(tx, id, class))
}

pub(crate) fn classify_in(tx: &Tx<'_>, id: IncidentId, class: Option<SecurityClass>) -> Result<Incident> {
    let code = class.map(SecurityClass::code);
    if code.as_deref() == Some("") {
        return Err(CoreError::validation("security", "Say what the incident harmed: confidentiality, integrity or availability."));
    }
    let before = incidents::fetch(tx, id)?;
    incidents::set_security_in(tx, id, code.as_deref())?;
    let after = incidents::fetch(tx, id)?;
    // Imports never touch the flag, so it has its own history entry, not a snapshot field.
    let entry = |i: &Incident| std::collections::BTreeMap::from([("security", i.security.then(|| cia_label(&i.security_cia)))]);
    incidents::write_history(tx, id, tx.at(), Some(tx.actor().as_str()), Some(&entry(&before)), &entry(&after))?;
    tx.audit(Action::did("incident.security_classified"), RecordRef::new(RecordKind::Incident, id.0), serde_json::json!({"number": after.number, "security": after.security, "harmed": code.as_deref().map(cia_label)}))?;
    Ok(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_incident_is_classified_and_its_history_says_so() {
        let d = tempfile::tempdir().unwrap();
        let ws = crate::testing::pinned(&d, "Nora Schmidt", crate::testing::NOW);
        let inc = incidents::log_incident(&ws, &incidents::IncidentInput { title: "Mailbox forwarding to an outside address".into(), impact: 2, urgency: 2, ..Default::default() }).unwrap();
        assert_eq!(classify_incident(&ws, inc.id, Some(SecurityClass::default())).unwrap_err().field(), Some("security"));
        let c = classify_incident(&ws, inc.id, Some(SecurityClass { confidentiality: true, availability: true, ..Default::default() })).unwrap();
        assert_eq!((c.security, c.security_cia.as_str()), (true, "ca"));
        let shown = incidents::show_incident(&ws, &c.number).unwrap();
        assert!(shown.history.iter().any(|h| h.field == "security" && h.to.as_deref() == Some("confidentiality, availability")), "{:?}", shown.history);
        let page = incidents::list_incidents(&ws, &crate::list::ListRequest {
            filters: vec![crate::list::FilterTerm { field: "security".into(), value: "1".into(), missing: false, op: None }],
            ..Default::default()
        })
        .unwrap();
        assert_eq!(page.items.len(), 1);
        assert!(!classify_incident(&ws, inc.id, None).unwrap().security);
    }
}
