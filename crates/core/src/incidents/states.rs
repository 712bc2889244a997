//! Incident states, the transitions allowed between them, and how other tools' state labels
//! map onto them.

use crate::labelled_enum;

labelled_enum!(
    IncidentState {
        New = "new": "New",
        InProgress = "in_progress": "In progress",
        OnHold = "on_hold": "On hold",
        Resolved = "resolved": "Resolved",
        Closed = "closed": "Closed",
        Cancelled = "cancelled": "Cancelled",
    }
);

labelled_enum!(
    /// How an incident reached the desk. Imports map other tools' words onto these; a word
    /// they do not know is kept as the source wrote it.
    Channel {
        Phone = "phone": "Phone",
        Email = "email": "E-mail",
        Portal = "portal": "Self-service portal",
        Chat = "chat": "Chat",
        WalkIn = "walk_in": "Walk-in",
        Monitoring = "monitoring": "Monitoring",
    }
);

labelled_enum!(
    OnHoldReason {
        AwaitingCaller = "awaiting_caller": "Awaiting caller",
        AwaitingVendor = "awaiting_vendor": "Awaiting vendor",
        AwaitingProblem = "awaiting_problem": "Awaiting problem",
        AwaitingChange = "awaiting_change": "Awaiting change",
    }
);

impl IncidentState {
    /// Whether a user may move an incident from `self` to `to` (reopening is resolved →
    /// in progress; closed and cancelled are final).
    pub fn can_move_to(self, to: IncidentState) -> bool {
        use IncidentState::*;
        matches!(
            (self, to),
            (New, InProgress | OnHold | Resolved | Cancelled)
                | (InProgress, OnHold | Resolved | Cancelled)
                | (OnHold, InProgress | Resolved | Cancelled)
                | (Resolved, Closed | InProgress)
        )
    }

    pub fn is_open(self) -> bool {
        !matches!(self, IncidentState::Resolved | IncidentState::Closed | IncidentState::Cancelled)
    }
}

/// Maps a state label from another tool (ServiceNow's "Awaiting User Info", Jira's "Waiting
/// for customer", numeric ServiceNow codes) to Steward's state, with an on-hold reason when
/// the label gives one. None when the label means nothing Steward knows.
pub fn map_source_state(label: &str) -> Option<(IncidentState, Option<OnHoldReason>)> {
    use IncidentState::*;
    let l = label.trim().to_lowercase();
    // ServiceNow's numeric incident_state values.
    match l.as_str() {
        "1" => return Some((New, None)),
        "2" => return Some((InProgress, None)),
        "3" => return Some((OnHold, None)),
        "6" => return Some((Resolved, None)),
        "7" => return Some((Closed, None)),
        "8" => return Some((Cancelled, None)),
        _ => {}
    }
    if let Some(s) = IncidentState::parse(&l) {
        return Some((s, None));
    }
    let has = |words: &[&str]| words.iter().any(|w| l.contains(w));
    // Jira Service Management: "Waiting for support" is the agent's turn, not a pause.
    if l == "waiting for support" {
        return Some((InProgress, None));
    }
    // GLPI's statuses, in English and French: New/Nouveau, Processing (assigned|planned)/
    // En cours (Attribué|Planifié), Pending/En attente, Solved/Résolu, Closed/Clos.
    if has(&["cancel", "declin", "won't", "wont do", "rejected", "duplicate", "withdrawn", "annul"]) {
        Some((Cancelled, None))
    } else if has(&["closed"]) || l == "clos" || l == "fermé" {
        Some((Closed, None))
    } else if has(&["resolv", "done", "fixed", "completed", "complete", "solved", "résolu", "terminé"]) {
        Some((Resolved, None))
    } else if has(&["awaiting", "waiting", "pending", "hold", "suspend", "en attente"]) {
        let reason = if has(&["vendor", "supplier", "third"]) {
            OnHoldReason::AwaitingVendor
        } else if has(&["problem"]) {
            OnHoldReason::AwaitingProblem
        } else if has(&["change"]) {
            OnHoldReason::AwaitingChange
        } else {
            OnHoldReason::AwaitingCaller
        };
        Some((OnHold, Some(reason)))
    } else if has(&["progress", "active", "assigned", "work", "escalat", "investigat", "reopen", "triage", "diagnos", "processing", "en cours", "rouvert"]) {
        Some((InProgress, None))
    } else if has(&["new", "open", "to do", "todo", "backlog", "submitted", "logged", "received", "nouveau", "à faire", "ouvert"]) {
        Some((New, None))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use IncidentState::*;

    #[test]
    fn servicenow_and_jira_labels_map() {
        let m = |s| map_source_state(s).map(|x| x.0);
        for (label, state) in [
            ("New", New), ("Active", InProgress), ("In Progress", InProgress), ("On Hold", OnHold),
            ("Awaiting User Info", OnHold), ("Awaiting Evidence", OnHold), ("Resolved", Resolved), ("Closed", Closed),
            ("Canceled", Cancelled), ("Waiting for customer", OnHold), ("Waiting for support", InProgress), ("To Do", New),
            ("Done", Resolved), ("Declined", Cancelled), ("7", Closed), ("Work in progress", InProgress), ("Reopened", InProgress),
        ] {
            assert_eq!(m(label), Some(state), "{label}");
        }
        assert_eq!(map_source_state("Awaiting Vendor").unwrap().1, Some(OnHoldReason::AwaitingVendor));
        // GLPI, in English and French.
        for (label, state) in [
            ("Nouveau", New), ("En cours (Attribué)", InProgress), ("En cours (Planifié)", InProgress), ("En attente", OnHold), ("Résolu", Resolved), ("Clos", Closed),
            ("Processing (assigned)", InProgress), ("Processing (planned)", InProgress), ("Pending", OnHold), ("Solved", Resolved),
        ] {
            assert_eq!(m(label), Some(state), "{label}");
        }
        // Jira's default workflow in French.
        for (label, state) in [("À faire", New), ("Ouvert", New), ("En cours", InProgress), ("Rouvert", InProgress), ("Terminé", Resolved), ("Terminée", Resolved), ("Fermé", Closed)] {
            assert_eq!(m(label), Some(state), "{label}");
        }
        assert_eq!(m("Frobnicated"), None);
    }

    #[test]
    fn only_valid_transitions() {
        assert!(New.can_move_to(InProgress));
        assert!(Resolved.can_move_to(InProgress), "reopen");
        assert!(!Closed.can_move_to(InProgress));
        assert!(!Cancelled.can_move_to(New));
        assert!(!New.can_move_to(Closed));
        assert!(!OnHold.can_move_to(OnHold));
    }
}
