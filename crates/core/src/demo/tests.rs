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
