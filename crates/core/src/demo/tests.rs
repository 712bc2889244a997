use crate::changes::conflicts::conflicts;
use crate::testing::ws_at;

/// The change numbers and reasons `changes conflicts` lists for the demo, as its story tells
/// them: CHG0000009 to CHG0000015 are the upcoming changes (the eight before are closed).
fn story() -> Vec<(String, Option<String>, String)> {
    [
        ("CHG0000009", Some("CHG0000010"), "same_ci"),
        ("CHG0000009", Some("CHG0000011"), "related_ci"),
        ("CHG0000009", Some("CHG0000012"), "assignee_busy"),
        ("CHG0000010", Some("CHG0000011"), "related_ci"),
        ("CHG0000013", None, "outside_window"),
        ("CHG0000014", None, "blackout"),
    ]
    .into_iter()
    .map(|(c, o, r)| (c.to_string(), o.map(str::to_string), r.to_string()))
    .collect()
}

/// Twelve days spread over the year (one a month) and the days around the year-end freeze,
/// both DST changes, 29 February, New Year's Eve and New Year's Day.
const DAYS: &[&str] = &[
    "2027-01-01T00:30:00Z",
    "2028-02-29T12:00:00Z",
    "2027-03-28T01:30:00Z",
    "2026-04-15T08:00:00Z",
    "2026-05-31T23:59:59Z",
    "2026-06-21T06:00:00Z",
    "2026-07-04T12:00:00Z",
    "2026-08-16T18:00:00Z",
    "2026-09-30T09:00:00Z",
    "2026-10-25T01:30:00Z",
    "2026-11-27T15:00:00Z",
    "2026-12-04T10:00:00Z",
    "2026-12-11T22:00:00Z",
    "2026-12-14T23:00:00Z",
    "2026-12-15T00:00:00Z",
    "2026-12-24T12:00:00Z",
    "2026-12-31T23:30:00Z",
];

#[test]
fn the_demo_changes_collide_for_the_same_five_reasons_on_any_day() {
    for at in DAYS {
        let (_d, ws) = ws_at("Demo Builder", at);
        super::load_demo(&ws).unwrap();
        let found: Vec<(String, Option<String>, String)> = conflicts(&ws).unwrap().into_iter().map(|c| (c.change, c.other, c.reason.as_str().to_string())).collect();
        assert_eq!(found, story(), "built on {at}");
    }
}

#[test]
fn the_upcoming_week_stays_clear_of_the_freeze() {
    use chrono::{Datelike, NaiveDate};
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    // Every day of two years: the Sunday is at least three days ahead, and its week
    // (to Friday 00:00) ends before the freeze begins or starts after it ends.
    let mut today = day("2026-01-01");
    while today < day("2028-01-01") {
        let (freeze, sunday) = crate::changes::demo::upcoming_dates(today);
        assert_eq!((freeze.month(), freeze.day()), (12, 15), "{today}");
        assert!(freeze > today, "{today}: the freeze is ahead");
        assert_eq!(sunday.weekday(), chrono::Weekday::Sun);
        assert!(sunday >= today + chrono::Duration::days(3), "{today}");
        assert!(sunday + chrono::Duration::days(5) <= freeze || sunday >= freeze + chrono::Duration::days(21), "{today}: {sunday}");
        assert!(sunday <= today + chrono::Duration::days(70), "{today}: {sunday} is too far ahead");
        today += chrono::Duration::days(1);
    }
}

/// The demo's trail reads as its people made it: the head of IT entered the organisation,
/// the services and the estate at the engagement's set-up, before anything else happened;
/// the infrastructure manager the estate's dates, an engineer the capacity readings week by
/// week; the desk logged today's major incident and its manager told the users, minutes
/// before the demo was made. Nothing is dated after the moment it was made.
#[test]
fn the_demo_is_entered_by_its_people_at_their_own_times() {
    let made = "2026-12-04T10:00:00Z";
    let (_d, ws) = ws_at("Demo Builder", made);
    super::load_demo(&ws).unwrap();
    let now = crate::time::parse(made).unwrap();
    let set_up = (now - chrono::Duration::days(super::SET_UP_DAYS_AGO)).date_naive().and_time(chrono::NaiveTime::MIN).and_utc();
    let entries: Vec<(i64, String, String, String)> = ws
        .conn()
        .prepare("SELECT id, at, actor, action FROM audit_log ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    // The file's own creation (by the test's helper, at the real time) is not the demo's.
    let entries: Vec<_> = entries.into_iter().filter(|e| e.3 != "workspace.created").collect();
    let at = |t: &str| crate::time::parse(t).unwrap();
    let of = |action: &str| entries.iter().filter(move |e| e.3 == action).collect::<Vec<_>>();
    // The trail reads forward in time, whatever order the practices' pasts were replayed in.
    let back: Vec<_> = entries.windows(2).filter(|w| w[0].1 > w[1].1).take(3).collect();
    assert!(back.is_empty(), "the trail goes back in time: {back:?}");
    let late: Vec<_> = entries.iter().filter(|e| at(&e.1) > now).collect();
    assert!(late.is_empty(), "nothing after the moment it was made: {:?}", &late[..late.len().min(5)]);
    // The spine: by the head of IT, on the set-up mornings, the first entries of the trail.
    for action in ["group.created", "person.created", "service.created", "ci.created", "link.created", "vendor.created"] {
        let made = of(action);
        assert!(!made.is_empty(), "{action}");
        let spine: Vec<_> = made.iter().filter(|e| at(&e.1) < set_up + chrono::Duration::days(3)).collect();
        assert!(!spine.is_empty() && spine.iter().all(|e| e.2 == "Maria Keller" && at(&e.1) > set_up), "{action}: {made:?}");
    }
    let first = &entries[0];
    assert!(at(&first.1) > set_up && at(&first.1) < set_up + chrono::Duration::days(1), "the trail starts at the set-up: {first:?}");
    let spine_ends = entries.iter().position(|e| at(&e.1) > set_up + chrono::Duration::days(3)).unwrap();
    assert!(entries[..spine_ends].windows(2).all(|w| w[0].1 <= w[1].1), "the set-up entries are in time order");
    // The estate's owners.
    assert!(of("ci.lifecycle_set").iter().all(|e| e.2 == "Priya Nair"), "{:?}", of("ci.lifecycle_set"));
    let readings = of("capacity_measurement.created");
    assert_eq!(readings.len(), 26, "two metrics, thirteen weeks");
    assert!(readings.iter().all(|e| e.2 == "Lukas Weber") && readings.windows(2).all(|w| w[0].1 <= w[1].1));
    assert!(at(&readings[0].1) < now - chrono::Duration::days(80));
    // Today's major incident.
    let major: Vec<_> = of("incident.logged").into_iter().filter(|e| at(&e.1) > now - chrono::Duration::hours(1)).collect();
    assert_eq!(major.len(), 1, "{major:?}");
    assert_eq!((major[0].2.as_str(), at(&major[0].1)), ("Jonas Brandt", now - chrono::Duration::minutes(40)));
    assert!(of("incident.communicated").iter().all(|e| e.2 == "Daniel Okafor"));
    // Each deployment recorded when it happened, by the pipeline or by hand.
    let deployments: Vec<(String, String, String, String)> = ws
        .conn()
        .prepare("SELECT d.deployed_at, d.method, a.at, a.actor FROM deployments d JOIN audit_log a ON a.record_kind = 'deployment' AND a.record_id = d.id AND a.action = 'deployment.created'")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(deployments.len(), of("deployment.created").len());
    assert!(deployments.len() > 600);
    for (deployed, method, at, actor) in &deployments {
        assert_eq!(deployed, at);
        assert_eq!(actor, if method == "manual" { "Jonas Brandt" } else { "CI/CD pipeline" }, "{deployed} {method}");
    }
    assert!(of("release.created").iter().all(|e| e.2 == "Daniel Okafor"));
    // Change control: each approval by its voter, the work by its engineer, all of it done
    // by the day before.
    let voters: std::collections::BTreeSet<&str> = of("change.voted").iter().map(|e| e.2.as_str()).collect();
    assert_eq!(voters, ["Daniel Okafor", "Maria Keller", "Priya Nair"].into());
    let changes: Vec<_> = entries.iter().filter(|e| e.3.starts_with("change")).collect();
    assert!(changes.iter().all(|e| at(&e.1) < now - chrono::Duration::days(1)), "{changes:?}");
    assert!(changes.iter().any(|e| e.2 == "Sofia Rossi" && e.3 == "change.state_changed"));
    // The security officer's register from the first week, each test entered after it was
    // held; the risk register from the workshops, its plans and reviews by their owners; the
    // consultant's assessments on their days, a year apart.
    let first_week = |e: &&(i64, String, String, String)| at(&e.1) > set_up && at(&e.1) < set_up + chrono::Duration::days(7);
    assert!(of("control.created").iter().all(|e| e.2 == "Nora Schmidt" && first_week(e)));
    assert!(of("control.tested").iter().chain(&of("vulnerability.created")).all(|e| e.2 == "Nora Schmidt"));
    assert!(of("risk.created").iter().filter(|e| e.2 == "Maria Keller").all(|e| at(&e.1) < now - chrono::Duration::days(300)));
    let planners: std::collections::BTreeSet<&str> = of("risk.action_saved").iter().chain(&of("risk.updated")).map(|e| e.2.as_str()).collect();
    assert!(planners.len() > 5, "{planners:?}");
    let answered = of("assessment.answered");
    assert!(answered.iter().all(|e| e.2 == "Anna Berger"));
    assert!(answered.iter().any(|e| at(&e.1) < now - chrono::Duration::days(360)) && answered.iter().any(|e| at(&e.1) > now - chrono::Duration::days(40)));
    // Nothing is entered at the moment the demo is made, by anyone: every step was someone's
    // before it.
    let at_the_making: Vec<_> = entries.iter().filter(|e| at(&e.1) >= now - chrono::Duration::minutes(1)).collect();
    assert!(at_the_making.is_empty(), "{at_the_making:?}");
    let people: std::collections::BTreeSet<&str> = entries.iter().map(|e| e.2.as_str()).collect();
    assert!(!people.contains("Demo Builder") && people.len() > 15, "{people:?}");
}
