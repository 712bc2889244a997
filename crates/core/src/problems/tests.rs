use super::detection::{detect, ClusterBasis, DetectionInput};
use super::*;
use crate::import::ImportOptions;
use crate::incidents::{import_incidents_text, show_incident, IncidentSource};

fn ws() -> (tempfile::TempDir, Workspace) {
    crate::testing::ws("Problem Manager")
}

/// Six VPN drops on one firewall, three "printer offline" tickets, one outlier.
fn incidents(ws: &Workspace) {
    let mut csv = String::from("number,incident_state,short_description,opened_at,category,cmdb_ci,business_service\n");
    for k in 0..6 {
        csv.push_str(&format!("INC00{:02},New,VPN drops every few minutes {k},2026-10-{:02} 09:00:00,Network,fw-ham-edge,Remote access\n", k, 10 + k));
    }
    for k in 0..3 {
        csv.push_str(&format!("INC01{k:02},New,Printer   OFFLINE,2026-10-{:02} 10:00:00,Hardware,,Printing\n", 12 + k));
    }
    csv.push_str("INC0200,New,Something else,2026-10-20 11:00:00,Software,,\n");
    import_incidents_text(ws, IncidentSource::ServiceNow, "sn.csv", &csv, &ImportOptions::default()).unwrap();
}

#[test]
fn clusters_become_candidates_and_linked_incidents_leave_them() {
    let (_d, ws) = ws();
    incidents(&ws);
    let found = detect(&ws, &DetectionInput { since: Some("2026-09-01".into()), min_incidents: Some(3) }).unwrap();
    let summary: Vec<(ClusterBasis, &str, u64)> = found.iter().map(|c| (c.basis, c.label.as_str(), c.count)).collect();
    // The printers share a service and category and a title: one candidate, not two.
    assert_eq!(summary, [(ClusterBasis::CiCategory, "fw-ham-edge · Network", 6), (ClusterBasis::ServiceCategory, "Printing · Hardware", 3)]);
    assert_eq!(found[0].incident_ids.len(), 6);
    // Open a problem from the candidate: its incidents leave the candidates.
    let p = create_problem(&ws, &ProblemInput { title: "VPN drops on the edge firewall".into(), ..Default::default() }, &found[0].incident_ids).unwrap();
    assert_eq!((p.number.as_str(), p.incidents, p.state), ("PRB0000001", 6, ProblemState::New));
    let again = detect(&ws, &DetectionInput { since: Some("2026-09-01".into()), min_incidents: Some(3) }).unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(detect(&ws, &DetectionInput { since: Some("yesterday".into()), min_incidents: None }).unwrap_err().field(), Some("since"));
}

#[test]
fn a_known_error_needs_its_workaround_and_is_suggested_to_the_desk() {
    let (_d, ws) = ws();
    incidents(&ws);
    let ids: Vec<i64> = ["INC0000", "INC0001"].iter().map(|n| show_incident(&ws, n).unwrap().incident.id.0).collect();
    let p = create_problem(&ws, &ProblemInput {
        title: "VPN tunnel renegotiation storm".into(),
        five_whys: vec!["Tunnels drop".into(), "Rekey collides with DPD".into(), "Timers differ between peers".into()],
        ishikawa: vec![CauseCategory { category: "Configuration".into(), causes: vec!["Mismatched lifetimes".into()] }],
        ..Default::default()
    }, &ids).unwrap();
    assert_eq!(p.next_states, [ProblemState::Assessed, ProblemState::Closed]);
    for to in [ProblemState::Assessed, ProblemState::RootCauseAnalysis] {
        transition_problem(&ws, p.id, to).unwrap();
    }
    let in_analysis = get_problem(&ws, p.id).unwrap().next_states;
    assert_eq!(in_analysis, [ProblemState::KnownError, ProblemState::Resolved, ProblemState::Assessed, ProblemState::Closed]);
    assert_eq!(transition_problem(&ws, p.id, ProblemState::New).unwrap_err().kind(), "validation");
    assert_eq!(transition_problem(&ws, p.id, ProblemState::KnownError).unwrap_err().field(), Some("workaround"));
    update_problem(&ws, p.id, &ProblemInput { title: p.title.clone(), workaround: "Reconnect with the backup profile".into(), five_whys: p.five_whys.clone(), ishikawa: p.ishikawa.clone(), ..Default::default() }).unwrap();
    let ke = transition_problem(&ws, p.id, ProblemState::KnownError).unwrap();
    assert!(ke.known_error_at.is_some());
    assert_eq!(ke.five_whys.len(), 3);
    // A new VPN incident on the same firewall (not linked) gets the workaround suggested.
    let other = show_incident(&ws, "INC0005").unwrap().incident;
    let hints = known_errors_for(&ws, other.id).unwrap();
    assert_eq!(hints.iter().map(|h| h.workaround.as_str()).collect::<Vec<_>>(), ["Reconnect with the backup profile"]);
    let printer = show_incident(&ws, "INC0100").unwrap().incident;
    assert!(known_errors_for(&ws, printer.id).unwrap().is_empty());
    // While logging: words of the title alone find it; a CI alone finds it; nothing finds nothing.
    let typed = |title: &str, ci_id: Option<i64>| known_errors_matching(&ws, &KnownErrorQuery { title: title.into(), ci_id, ..Default::default() }).unwrap().len();
    assert_eq!(typed("the tunnel keeps dropping", None), 1);
    assert_eq!(typed("", other.ci_id), 1);
    assert_eq!((typed("printer jam", None), typed("", None)), (0, 0));
    assert!(!ProblemState::Closed.can_move_to(ProblemState::New));
    let f = figures(&ws).unwrap();
    assert_eq!((f.by_state["known_error"], f.open_by_age, f.incidents_per_problem), (1, [1, 0, 0], Some(2.0)));
    assert!(f.days_to_known_error.is_some_and(|d| d < 1.0));
}
