use super::calendar::{CalendarSpec, Span};
use super::clock::{self, SpanKind};
use super::eval::{evaluate, Case, Pause};

fn t(s: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(s).unwrap().timestamp()
}

fn text(x: i64) -> String {
    crate::time::to_text(chrono::DateTime::from_timestamp(x, 0).unwrap())
}

fn cal(tz: &str, days: &[&str], from: &str, to: &str, holidays: &[&str]) -> CalendarSpec {
    CalendarSpec {
        timezone: tz.into(),
        hours: days.iter().map(|d| (d.to_string(), vec![[from.to_string(), to.to_string()]])).collect(),
        holidays: holidays.iter().map(|h| h.to_string()).collect(),
        ..Default::default()
    }
}

const WEEKDAYS: &[&str] = &["mon", "tue", "wed", "thu", "fri"];
const ALL_DAYS: &[&str] = &["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

fn berlin(holidays: &[&str]) -> CalendarSpec {
    cal("Europe/Berlin", WEEKDAYS, "08:00", "18:00", holidays)
}

fn deadline(spec: &CalendarSpec, start: &str, minutes: i64, pauses: &[(&str, &str)]) -> String {
    let c = spec.parse().unwrap();
    let p: Vec<Span> = pauses.iter().map(|(a, b)| Span { from: t(a), to: t(b) }).collect();
    text(clock::deadline(&c, t(start), minutes * 60, &p).unwrap())
}

#[test]
fn the_worked_examples_of_the_issue() {
    assert_eq!(deadline(&berlin(&[]), "2024-03-29T16:00:00Z", 240, &[]), "2024-04-01T09:00:00Z", "DST began in between");
    assert_eq!(deadline(&berlin(&["2024-04-01"]), "2024-03-29T16:00:00Z", 240, &[]), "2024-04-02T09:00:00Z");
    assert_eq!(deadline(&berlin(&[]), "2024-03-04T07:00:00Z", 600, &[]), "2024-03-04T17:00:00Z", "the closing instant");
    assert_eq!(deadline(&berlin(&[]), "2024-03-02T10:00:00Z", 60, &[]), "2024-03-04T08:00:00Z", "from Saturday");
    let night = cal("America/New_York", WEEKDAYS, "22:00", "06:00", &[]);
    assert_eq!(deadline(&night, "2024-03-08T12:00:00Z", 600, &[]), "2024-03-12T04:00:00Z");

    let out = evaluate(
        &[Case {
            id: "pause".into(),
            calendar: berlin(&[]),
            start: "2024-03-04T07:00:00Z".into(),
            target_minutes: 120,
            pauses: vec![Pause { from: "2024-03-04T08:00:00Z".into(), to: "2024-03-04T10:00:00Z".into() }],
            end: Some("2024-03-04T11:30:00Z".into()),
        }],
        true,
    )
    .unwrap();
    let r = &out[0];
    assert_eq!((r.deadline.as_str(), r.business_minutes_elapsed, r.breached), ("2024-03-04T11:00:00Z", Some(150), Some(true)));
    let explained: Vec<(&str, &str, SpanKind)> = r.explain.as_ref().unwrap().iter().map(|e| (e.from.as_str(), e.to.as_str(), e.kind)).collect();
    assert_eq!(explained, [
        ("2024-03-04T07:00:00Z", "2024-03-04T08:00:00Z", SpanKind::Counted),
        ("2024-03-04T08:00:00Z", "2024-03-04T10:00:00Z", SpanKind::Paused),
        ("2024-03-04T10:00:00Z", "2024-03-04T11:30:00Z", SpanKind::Counted),
    ]);
}

#[test]
fn exceptions_replace_a_dates_hours() {
    let mut spec = berlin(&[]);
    // A Saturday worked in the morning, and a Monday that closes at noon.
    spec.exceptions.insert("2024-03-02".into(), vec![["09:00".into(), "13:00".into()]]);
    spec.exceptions.insert("2024-03-04".into(), vec![["08:00".into(), "12:00".into()]]);
    assert_eq!(deadline(&spec, "2024-03-02T10:00:00Z", 60, &[]), "2024-03-02T11:00:00Z", "Saturday 11:00 local + 1 h");
    assert_eq!(deadline(&spec, "2024-03-02T10:00:00Z", 480, &[]), "2024-03-05T09:00:00Z", "2 h Sat + 4 h Mon + 2 h Tue from 08:00");
    // An exception that closes the day entirely is as good as a holiday for the clock.
    spec.exceptions.insert("2024-03-05".into(), vec![]);
    assert_eq!(deadline(&spec, "2024-03-04T11:00:00Z", 60, &[]), "2024-03-06T08:00:00Z", "Monday already closed at 12:00 local");
    // A calendar whose only hours are exceptions is possible; a date that is both is not.
    let only = CalendarSpec { timezone: "UTC".into(), exceptions: [("2024-03-09".to_string(), vec![["10:00".to_string(), "12:00".to_string()]])].into(), ..Default::default() };
    assert_eq!(deadline(&only, "2024-03-01T00:00:00Z", 30, &[]), "2024-03-09T10:30:00Z");
    let mut both = berlin(&["2024-03-02"]);
    both.exceptions.insert("2024-03-02".into(), vec![["09:00".into(), "13:00".into()]]);
    assert!(both.parse().unwrap_err().to_string().contains("both a holiday"));
    // Past its only exception the clock can never finish: an error, not a hang.
    let c = only.parse().unwrap();
    assert!(clock::deadline(&c, t("2024-03-10T00:00:00Z"), 60, &[]).is_err());
}

#[test]
fn explain_names_closed_and_holiday_spans() {
    let c = berlin(&["2024-04-01"]).parse().unwrap();
    let start = t("2024-03-29T16:00:00Z");
    let d = clock::deadline(&c, start, 240 * 60, &[]).unwrap();
    let kinds: Vec<(String, String, SpanKind)> = clock::explain(&c, start, d, &[]).into_iter().map(|e| (text(e.span.from), text(e.span.to), e.kind)).collect();
    assert_eq!(kinds, [
        ("2024-03-29T16:00:00Z".into(), "2024-03-29T17:00:00Z".into(), SpanKind::Counted),
        ("2024-03-29T17:00:00Z".into(), "2024-04-01T06:00:00Z".into(), SpanKind::Closed),
        ("2024-04-01T06:00:00Z".into(), "2024-04-01T16:00:00Z".into(), SpanKind::Holiday),
        ("2024-04-01T16:00:00Z".into(), "2024-04-02T06:00:00Z".into(), SpanKind::Closed),
        ("2024-04-02T06:00:00Z".into(), "2024-04-02T09:00:00Z".into(), SpanKind::Counted),
    ]);
}

#[test]
fn dst_gaps_and_repeated_hours_follow_the_contract() {
    // 02:00 on 2024-03-31 does not exist in Berlin: the opening starts when the gap ends (03:00 CEST).
    let early = cal("Europe/Berlin", ALL_DAYS, "02:00", "04:00", &[]);
    assert_eq!(deadline(&early, "2024-03-31T00:00:00Z", 30, &[]), "2024-03-31T01:30:00Z");
    assert_eq!(deadline(&early, "2024-03-31T00:00:00Z", 60, &[]), "2024-03-31T02:00:00Z", "one hour that day, ending at the closing instant");
    // 02:00 on 2024-10-27 happens twice: the first occurrence (CEST) counts, so the day has two hours.
    let repeat = cal("Europe/Berlin", ALL_DAYS, "02:00", "03:00", &[]);
    assert_eq!(deadline(&repeat, "2024-10-26T23:00:00Z", 120, &[]), "2024-10-27T02:00:00Z");
    // A whole day is 25 hours when clocks go back, 23 when they go forward.
    let always = cal("Europe/Berlin", ALL_DAYS, "00:00", "24:00", &[]);
    assert_eq!(deadline(&always, "2024-10-26T22:00:00Z", 25 * 60, &[]), "2024-10-27T23:00:00Z");
    assert_eq!(deadline(&always, "2024-03-30T23:00:00Z", 23 * 60, &[]), "2024-03-31T22:00:00Z");
    // Southern hemisphere and a half-hour shift: Lord Howe moves 30 minutes on 2024-04-07.
    let howe = cal("Australia/Lord_Howe", ALL_DAYS, "00:00", "24:00", &[]);
    assert_eq!(deadline(&howe, "2024-04-06T12:00:00Z", 24 * 60, &[]), "2024-04-07T12:00:00Z", "business time is real elapsed time");
    // New York springs forward on 2024-03-10 at 02:00: a 01:00-04:00 shift is two real hours.
    let ny = cal("America/New_York", ALL_DAYS, "01:00", "04:00", &[]);
    assert_eq!(deadline(&ny, "2024-03-10T05:00:00Z", 120, &[]), "2024-03-10T08:00:00Z", "06:00Z to 08:00Z");
    assert_eq!(deadline(&ny, "2024-03-10T05:00:00Z", 121, &[]), "2024-03-11T05:01:00Z");
}

#[test]
fn split_shifts_overlaps_24_7_zero_and_long_targets() {
    let mut split = berlin(&[]);
    split.hours.insert("mon".into(), vec![["08:00".into(), "12:00".into()], ["13:00".into(), "17:00".into()]]);
    assert_eq!(deadline(&split, "2024-03-04T10:00:00Z", 120, &[]), "2024-03-04T13:00:00Z", "lunch does not count");
    let mut overlap = berlin(&[]);
    overlap.hours.insert("mon".into(), vec![["08:00".into(), "12:00".into()], ["10:00".into(), "14:00".into()]]);
    assert_eq!(deadline(&overlap, "2024-03-04T07:00:00Z", 360, &[]), "2024-03-04T13:00:00Z", "overlapping hours count once");
    let utc = cal("UTC", ALL_DAYS, "00:00", "24:00", &[]);
    assert_eq!(deadline(&utc, "2024-02-01T00:00:00Z", 3 * 7 * 1440, &[]), "2024-02-22T00:00:00Z", "three weeks");
    assert_eq!(deadline(&berlin(&[]), "2024-03-04T10:00:00Z", 0, &[]), "2024-03-04T10:00:00Z", "0 inside hours: now");
    assert_eq!(deadline(&berlin(&[]), "2024-03-04T20:00:00Z", 0, &[]), "2024-03-05T07:00:00Z", "0 outside hours: the next opening");
    // A shift that starts on a working day counts to its end even into a holiday.
    let night = cal("UTC", &["mon"], "22:00", "06:00", &["2024-03-05"]);
    assert_eq!(deadline(&night, "2024-03-04T22:00:00Z", 480, &[]), "2024-03-05T06:00:00Z");
    // Pauses outside hours change nothing; a pause that covers an opening moves the deadline by it.
    assert_eq!(deadline(&berlin(&[]), "2024-03-04T07:00:00Z", 60, &[("2024-03-02T00:00:00Z", "2024-03-04T07:00:00Z")]), "2024-03-04T08:00:00Z");
    assert_eq!(deadline(&berlin(&[]), "2024-03-04T07:00:00Z", 60, &[("2024-03-04T07:00:00Z", "2024-03-05T07:00:00Z")]), "2024-03-05T08:00:00Z");
}

#[test]
fn impossible_and_malformed_calendars_are_errors_not_hangs() {
    let empty = CalendarSpec { timezone: "Europe/Berlin".into(), ..Default::default() };
    assert_eq!(empty.parse().unwrap_err().field(), Some("hours"));
    assert_eq!(cal("Mars/Olympus", WEEKDAYS, "08:00", "18:00", &[]).parse().unwrap_err().field(), Some("timezone"));
    assert_eq!(cal("UTC", WEEKDAYS, "08:00", "25:00", &[]).parse().unwrap_err().field(), Some("hours"));
    assert_eq!(cal("UTC", WEEKDAYS, "24:00", "06:00", &[]).parse().unwrap_err().field(), Some("hours"));
    assert_eq!(cal("UTC", WEEKDAYS, "08:00", "08:00", &[]).parse().unwrap_err().field(), Some("hours"));
    assert_eq!(cal("UTC", &["funday"], "08:00", "18:00", &[]).parse().unwrap_err().field(), Some("hours"));
    assert_eq!(cal("UTC", WEEKDAYS, "08:00", "18:00", &["31/12/2024"]).parse().unwrap_err().field(), Some("holidays"));
    // Opening hours only on a date that is a holiday: the clock reports it cannot finish.
    let c = cal("UTC", &["mon"], "08:00", "09:00", &[]).parse().unwrap();
    let never = [Span { from: t("2024-01-01T00:00:00Z"), to: t("2100-01-01T00:00:00Z") }];
    assert_eq!(clock::deadline(&c, t("2024-01-01T00:00:00Z"), 60, &never).unwrap_err().kind(), "validation");
}

/// Properties over many random calendars, zones, starts, pauses and targets: the business
/// time from the start to the deadline is the target; a pause never brings a deadline
/// earlier; a larger target never has an earlier deadline.
#[test]
fn properties_hold_for_random_calendars() {
    let zones = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Chatham", "America/Sao_Paulo", "UTC", "Europe/London"];
    let mut rng = crate::rng::Rng::new(4242);
    for case in 0..400 {
        let mut spec = CalendarSpec { timezone: zones[rng.below(zones.len() as u64) as usize].into(), ..Default::default() };
        for day in ALL_DAYS {
            for _ in 0..rng.below(3) {
                let from = rng.below(24 * 4) as u32 * 15;
                let len = 15 + rng.below(16 * 4) as u32 * 15;
                let to = (from + len) % 1440;
                let f = |m: u32| format!("{:02}:{:02}", m / 60, m % 60);
                let to = if to == 0 { "24:00".to_string() } else { f(to) };
                spec.hours.entry(day.to_string()).or_default().push([f(from), to]);
            }
        }
        if spec.hours.values().all(Vec::is_empty) {
            spec.hours.insert("wed".into(), vec![["09:00".into(), "17:00".into()]]);
        }
        let start = t("2023-01-01T00:00:00Z") + rng.below(3 * 365 * 86400) as i64;
        let base = chrono::DateTime::from_timestamp(start, 0).unwrap().date_naive();
        for _ in 0..rng.below(4) {
            spec.holidays.push((base + chrono::Duration::days(rng.below(30) as i64)).format("%Y-%m-%d").to_string());
        }
        let c = spec.parse().unwrap_or_else(|e| panic!("case {case}: {e} {spec:?}"));
        let target = rng.below(6000) as i64 * 60 + rng.below(60) as i64;
        let pauses: Vec<Span> = (0..rng.below(3))
            .map(|_| {
                let from = start + rng.below(10 * 86400) as i64;
                Span { from, to: from + rng.below(2 * 86400) as i64 }
            })
            .collect();
        let d = clock::deadline(&c, start, target, &[]).unwrap();
        assert!(d >= start);
        assert_eq!(clock::elapsed(&c, start, d, &[]), target, "case {case}: {spec:?} start {}", text(start));
        let dp = clock::deadline(&c, start, target, &pauses).unwrap();
        assert_eq!(clock::elapsed(&c, start, dp, &pauses), target, "case {case} with pauses");
        assert!(dp >= d, "case {case}: a pause moved the deadline earlier");
        let more = clock::deadline(&c, start, target + 60, &[]).unwrap();
        assert!(more >= d, "case {case}: a larger target ended earlier");
        // The explanation covers [start, deadline) exactly and counts the target.
        let ex = clock::explain(&c, start, dp, &pauses);
        let counted: i64 = ex.iter().filter(|e| e.kind == SpanKind::Counted).map(|e| e.span.to - e.span.from).sum();
        assert_eq!(counted, target, "case {case}: explain counts the target");
        if let (Some(first), Some(last)) = (ex.first(), ex.last()) {
            assert_eq!((first.span.from, last.span.to), (start, dp));
        }
    }
}

/// The timeline the stored clocks use answers exactly as the walk does: random calendars
/// (DST zones, overnight and split shifts, holidays), starts inside and outside the stretch
/// it covers, targets that end inside and beyond it, with and without pauses.
#[test]
fn the_clock_timeline_answers_as_the_walk_does() {
    let zones = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Pacific/Chatham", "UTC"];
    let mut rng = crate::rng::Rng::new(77);
    let (mut inside, mut beyond) = (0, 0);
    for case in 0..300 {
        let mut spec = CalendarSpec { timezone: zones[rng.below(zones.len() as u64) as usize].into(), ..Default::default() };
        for day in ALL_DAYS {
            for _ in 0..rng.below(3) {
                let from = rng.below(24 * 4) as u32 * 15;
                let to = (from + 15 + rng.below(16 * 4) as u32 * 15) % 1440;
                let f = |m: u32| format!("{:02}:{:02}", m / 60, m % 60);
                spec.hours.entry(day.to_string()).or_default().push([f(from), if to == 0 { "24:00".into() } else { f(to) }]);
            }
        }
        spec.hours.entry("thu".into()).or_default().push(["09:00".into(), "10:00".into()]);
        let lo = t("2024-01-01T00:00:00Z") + rng.below(365 * 86400) as i64;
        let base = chrono::DateTime::from_timestamp(lo, 0).unwrap().date_naive();
        for _ in 0..rng.below(5) {
            spec.holidays.push((base + chrono::Duration::days(rng.below(60) as i64)).format("%Y-%m-%d").to_string());
        }
        let c = spec.parse().unwrap();
        let hi = lo + 40 * 86400;
        let line = clock::Timeline::new(&c, lo, hi);
        for _ in 0..20 {
            let start = lo - 86400 + rng.below(45 * 86400) as i64;
            let end = start + rng.below(50 * 86400) as i64;
            let target = rng.below(3000) as i64 * 60 + rng.below(60) as i64;
            let pauses: Vec<Span> = (0..rng.below(3))
                .map(|_| {
                    let from = start + rng.below(10 * 86400) as i64 - 3600;
                    Span { from, to: from + rng.below(2 * 86400) as i64 }
                })
                .collect();
            for p in [&[][..], &pauses[..]] {
                let walked = clock::deadline(&c, start, target, p).unwrap();
                assert_eq!(line.deadline(start, target, p).unwrap(), walked, "case {case}: deadline from {} + {target}s, {p:?}", text(start));
                assert_eq!(line.elapsed(start, end, p), clock::elapsed(&c, start, end, p), "case {case}: elapsed {} to {}, {p:?}", text(start), text(end));
                if start >= lo && walked <= hi { inside += 1 } else { beyond += 1 }
            }
        }
    }
    assert!(inside > 1000 && beyond > 100, "both paths exercised: {inside} inside, {beyond} beyond");
}

#[test]
fn the_what_if_calculator_reads_local_times_in_the_calendars_zone() {
    use super::eval::{what_if, WhatIf};
    let q = WhatIf {
        calendar: berlin(&[]),
        start: "2024-03-29T17:00".into(),
        target_minutes: 240,
        pauses: vec![],
        end: Some("2024-04-01 12:00".into()),
    };
    let r = what_if(&q).unwrap();
    assert_eq!((r.deadline.as_str(), r.business_minutes_elapsed, r.breached), ("2024-04-01T09:00:00Z", Some(300), Some(true)));
    assert!(r.explain.unwrap().len() >= 3);
    // A target too large to be a service level is refused, never wrapped into a short one.
    for minutes in [i64::MAX / 60 + 1, i64::MAX, -1] {
        let e = what_if(&WhatIf { target_minutes: minutes, ..q.clone() }).unwrap_err();
        assert_eq!(e.field(), Some("target_minutes"), "{minutes}: {e}");
    }
    // A pause that ends before it starts is refused by name, not dropped.
    let backwards = WhatIf { pauses: vec![super::eval::Pause { from: "2024-03-29T17:30".into(), to: "2024-03-29T17:10".into() }], ..q.clone() };
    let e = what_if(&backwards).unwrap_err();
    assert_eq!(e.field(), Some("pauses"), "{e}");
    let bad = WhatIf { start: "next friday".into(), ..q };
    let e = what_if(&bad).unwrap_err();
    assert_eq!(e.field(), Some("start"));
    assert!(!e.to_string().contains("case what-if"), "{e}");
}

#[test]
fn incident_clocks_follow_targets_pauses_and_changes_and_feed_the_report() {
    use super::agreements::{create_agreement, create_target, save_calendar, update_target, AgreementInput, AgreementKind, Metric, TargetInput};
    use super::clocks::{incident_clocks, ClockState};
    use super::report::sla_report;
    use crate::import::ImportOptions;
    use crate::incidents::{import_incidents_text, show_incident, IncidentSource, OnHoldReason};

    let d = tempfile::tempdir().unwrap();
    let mut ws = crate::testing::pinned(&d, "Service Level Manager", crate::testing::NOW);
    let portal = crate::services::create_service(&ws, &crate::services::ServiceInput {
        name: "Portal".into(), owner_id: None, criticality: crate::services::Criticality::High, status: crate::services::ServiceStatus::Live, description: String::new(),
    })
    .unwrap();
    let office = save_calendar(&ws, None, "Berlin office", &berlin(&[])).unwrap();
    let sla = create_agreement(&ws, &AgreementInput { kind: Some(AgreementKind::Sla), name: "Portal SLA".into(), service_id: Some(portal.id.0), ..Default::default() }).unwrap();
    let target = |name: &str, metric, minutes, reasons: Vec<OnHoldReason>| TargetInput {
        agreement_id: sla.id, name: name.into(), metric, applies_to: super::agreements::AppliesTo::Incident, priority: Some(1), category: None,
        service_id: Some(portal.id.0), item_id: None, minutes, calendar_id: office.id, pause_reasons: reasons, warning_pct: 75,
    };
    let response = create_target(&ws, &target("P1 response", Metric::Response, 30, vec![])).unwrap();
    let resolution = create_target(&ws, &target("P1 resolution", Metric::Resolution, 240, vec![OnHoldReason::AwaitingCaller])).unwrap();

    // Opened 09:00 Berlin, waiting for the caller 10:00-12:00, resolved 13:00.
    let csv = "number,incident_state,short_description,opened_at,sys_updated_at,priority,business_service,resolved_at
INC0001,New,Portal down,2024-03-04 08:00:00,2024-03-04 08:00:00,1 - Critical,Portal,
INC0001,Awaiting User Info,Portal down,2024-03-04 08:00:00,2024-03-04 09:00:00,1 - Critical,Portal,
INC0001,In Progress,Portal down,2024-03-04 08:00:00,2024-03-04 11:00:00,1 - Critical,Portal,
INC0001,Resolved,Portal down,2024-03-04 08:00:00,2024-03-04 12:00:00,1 - Critical,Portal,2024-03-04 12:00:00
INC0002,New,Printer,2024-03-04 08:00:00,2024-03-04 08:00:00,4 - Low,Portal,
INC0003,New,Checkout broken,2024-03-05 08:00:00,2024-03-05 08:00:00,1 - Critical,Portal,
";
    import_incidents_text(&ws, IncidentSource::ServiceNow, "sn.csv", &csv, &ImportOptions::default()).unwrap();
    let inc = show_incident(&ws, "INC0001").unwrap().incident;
    let clocks = incident_clocks(&ws, inc.id).unwrap();
    let by = |name: &str| clocks.iter().find(|c| c.target == name).unwrap().clone();
    let res = by("P1 resolution");
    assert_eq!((res.deadline.as_str(), res.elapsed_minutes, res.state), ("2024-03-04T14:00:00Z", 120, ClockState::Met), "the wait for the caller paused it");
    let resp = by("P1 response");
    assert_eq!(inc.first_response_at.as_deref(), Some("2024-03-04T09:00:00Z"), "work began when it left New");
    assert_eq!((resp.deadline.as_str(), resp.stopped_at.as_deref(), resp.state), ("2024-03-04T08:30:00Z", Some("2024-03-04T09:00:00Z"), ClockState::Breached));
    // Explain works the stored clock through again, span by span.
    let explained = super::clocks::explain_clocks(&ws, super::agreements::AppliesTo::Incident, inc.id.0).unwrap();
    let res = explained.iter().find(|e| e.target == "P1 resolution").unwrap();
    let spans: Vec<(&str, &str, SpanKind)> = res.spans.iter().map(|s| (s.from.as_str(), s.to.as_str(), s.kind)).collect();
    assert_eq!((res.calendar.as_str(), res.deadline.as_str()), ("Berlin office", "2024-03-04T14:00:00Z"));
    assert_eq!(spans, [
        ("2024-03-04T08:00:00Z", "2024-03-04T09:00:00Z", SpanKind::Counted),
        ("2024-03-04T09:00:00Z", "2024-03-04T11:00:00Z", SpanKind::Paused),
        ("2024-03-04T11:00:00Z", "2024-03-04T12:00:00Z", SpanKind::Counted),
    ]);
    assert!(res.ahead.is_empty(), "a stopped clock has no path ahead");
    // A running clock, an hour after it started: the path from now to its deadline.
    ws.set_clock(crate::time::Clock::at("2024-03-05T09:00:00Z").unwrap());
    let checkout = show_incident(&ws, "INC0003").unwrap().incident;
    let running = super::clocks::explain_clocks(&ws, super::agreements::AppliesTo::Incident, checkout.id.0).unwrap();
    let res = running.iter().find(|e| e.target == "P1 resolution").unwrap();
    let ahead: Vec<(&str, &str, SpanKind)> = res.ahead.iter().map(|s| (s.from.as_str(), s.to.as_str(), s.kind)).collect();
    assert_eq!(ahead, [("2024-03-05T09:00:00Z", "2024-03-05T12:00:00Z", SpanKind::Counted)], "deadline {}", res.deadline);
    ws.set_clock(crate::time::Clock::at(crate::testing::NOW).unwrap());
    let printer = show_incident(&ws, "INC0002").unwrap().incident;
    assert!(incident_clocks(&ws, printer.id).unwrap().is_empty(), "P4: no target applies");
    // Breaching soon: only incidents with a running clock have a due time, earliest first.
    assert_eq!((inc.sla_due.as_deref(), printer.sla_due.as_deref()), (None, None));
    let soon = crate::incidents::list_incidents(&ws, &crate::list::ListRequest {
        sort: Some(crate::list::SortTerm { field: "sla_due".into(), descending: false }),
        limit: Some(2),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(soon.items[0].number, "INC0003");
    assert_eq!(soon.items[0].sla_due.as_deref(), Some("2024-03-05T08:30:00Z"), "the P1 response deadline");

    let report = sla_report(&ws, Some("2024-03-01"), Some("2024-03-31")).unwrap();
    let rows: Vec<(&str, u64, u64, u64, Option<f64>)> = report.iter().map(|r| (r.target.as_str(), r.measured, r.met, r.breached, r.compliance_pct)).collect();
    assert_eq!(rows, [("P1 response", 1, 0, 1, Some(0.0)), ("P1 resolution", 1, 1, 0, Some(100.0))]);
    let april = sla_report(&ws, Some("2024-04-01"), None).unwrap();
    assert_eq!(april[0].compliance_pct, None, "nothing measured");
    assert_eq!(sla_report(&ws, Some("1/4/2024"), None).unwrap_err().field(), Some("from"));
    assert_eq!(sla_report(&ws, Some("2024-03-31"), Some("2024-03-01")).unwrap_err().field(), Some("to"));

    // The same clocks by priority, service and month, and weekly for the trend.
    use super::report::{breaches, compliance, trend, ComplianceBy, TrendPeriod};
    let by = |b| compliance(&ws, b, Some("2024-03-01"), Some("2024-03-31")).unwrap().into_iter().map(|r| (r.key, r.measured, r.breached, r.compliance_pct)).collect::<Vec<_>>();
    assert_eq!(by(ComplianceBy::Priority), [("P1".to_string(), 2, 1, Some(50.0))]);
    assert_eq!(by(ComplianceBy::Service), [("Portal".to_string(), 2, 1, Some(50.0))]);
    assert_eq!(by(ComplianceBy::Month), [("2024-03".to_string(), 2, 1, Some(50.0))]);
    assert_eq!(by(ComplianceBy::Target).len(), 2);
    let weeks = trend(&ws, TrendPeriod::Week).unwrap();
    assert_eq!(weeks.iter().map(|w| (w.period.as_str(), w.measured, w.met)).collect::<Vec<_>>(), [("2024-W10", 2, 1)]);
    // Breaches: stopped late in March, and the ones still running past their deadline.
    let list = breaches(&ws, Some("2024-03-01"), Some("2024-03-31")).unwrap();
    let seen: Vec<(&str, &str, Option<&str>)> = list.iter().map(|b| (b.number.as_str(), b.target.as_str(), b.stopped_at.as_deref())).collect();
    assert_eq!(seen, [("INC0003", "P1 resolution", None), ("INC0003", "P1 response", None), ("INC0001", "P1 response", Some("2024-03-04T09:00:00Z"))]);
    assert_eq!(list[2].over_minutes, 30);
    assert_eq!(list[2].reasons, ["responded to 30 min of business time after the target"]);
    assert_eq!(list[0].reasons[0], "not resolved yet: past the deadline");

    // Tightening the target recomputes its clocks, and the audit trail says so.
    update_target(&ws, resolution.id, &target("P1 resolution", Metric::Resolution, 60, vec![OnHoldReason::AwaitingCaller])).unwrap();
    assert_eq!(incident_clocks(&ws, inc.id).unwrap().iter().find(|c| c.target == "P1 resolution").unwrap().state, ClockState::Breached);
    let trail = crate::workspace::audit_trail(&ws, &crate::list::ListRequest { limit: Some(1), ..Default::default() }).unwrap();
    assert_eq!((trail.items[0].action.as_str(), &trail.items[0].detail["clocks_recomputed"]), ("sla_target.updated", &serde_json::json!(2))); // INC0001 and INC0003
    // A calendar change recomputes too: around the clock, the hour before the pause is the budget.
    let always = cal("UTC", ALL_DAYS, "00:00", "24:00", &[]);
    save_calendar(&ws, Some(office.id), "Berlin office", &always).unwrap();
    assert_eq!(incident_clocks(&ws, inc.id).unwrap().iter().find(|c| c.target == "P1 resolution").unwrap().deadline, "2024-03-04T09:00:00Z");
    let _ = response;
    // Ending the agreement before INC0003 was opened takes its clocks away, with a count in the trail.
    let inc3 = show_incident(&ws, "INC0003").unwrap().incident;
    assert_eq!(incident_clocks(&ws, inc3.id).unwrap().len(), 2);
    // The record-change hook: a change noted in a transaction (twice here) is followed once,
    // before the commit, by nothing but the note.
    let record = crate::record::RecordRef { kind: crate::record::RecordKind::Incident, id: inc3.id.0 };
    ws.write(|tx| {
        tx.execute("DELETE FROM sla_clocks WHERE record_kind = 'incident' AND record_id = ?1", [inc3.id.0])?;
        tx.changed(record);
        tx.changed(record);
        Ok(())
    })
    .unwrap();
    assert_eq!(incident_clocks(&ws, inc3.id).unwrap().len(), 2, "recomputed at commit");
    let ended = super::agreements::update_agreement(&ws, sla.id, &AgreementInput {
        kind: Some(AgreementKind::Sla), name: "Portal SLA".into(), service_id: Some(portal.id.0), valid_to: Some("2024-03-04".into()),
        documents: vec!["Signed: \\\\files\\contracts\\portal-sla-2024.pdf".into(), "  ".into()], ..Default::default()
    })
    .unwrap();
    assert_eq!(ended.documents.len(), 1, "blank lines are dropped");
    assert!(incident_clocks(&ws, inc3.id).unwrap().is_empty());
    assert_eq!(incident_clocks(&ws, inc.id).unwrap().len(), 2, "INC0001 is still covered");
    assert_eq!(show_incident(&ws, "INC0003").unwrap().incident.sla_due, None);
    let trail = crate::workspace::audit_trail(&ws, &crate::list::ListRequest { limit: Some(1), ..Default::default() }).unwrap();
    assert_eq!((trail.items[0].action.as_str(), &trail.items[0].detail["clocks_recomputed"]), ("agreement.updated", &serde_json::json!(2)));
    assert_eq!(create_agreement(&ws, &AgreementInput { kind: Some(AgreementKind::Ola), name: "Desk OLA".into(), ..Default::default() }).unwrap_err().field(), Some("group_id"));
}

#[test]
fn request_clocks_start_at_approval_and_stop_at_the_first_task_and_at_fulfilment() {
    use super::agreements::{create_agreement, create_target, save_calendar, AgreementInput, AgreementKind, AppliesTo, Metric, TargetInput};
    use super::clocks::{request_clocks, ClockState};
    use crate::requests::{self, CatalogueItemInput, RequestInput, RequestState, RequestTransition, TaskState, TaskTemplate, TaskUpdate};
    use crate::workspace::Actor;

    let d = tempfile::tempdir().unwrap();
    let ws = crate::testing::pinned(&d, "Service Level Manager", crate::testing::NOW);
    let desk = crate::services::create_service(&ws, &crate::services::ServiceInput {
        name: "IT Service Desk".into(), owner_id: None, criticality: crate::services::Criticality::Medium, status: crate::services::ServiceStatus::Live, description: String::new(),
    })
    .unwrap();
    let item = |name: &str, approval: bool| {
        requests::create_catalogue_item(&ws, &CatalogueItemInput {
            name: name.into(), category: "Hardware".into(), service_id: Some(desk.id.0), needs_approval: approval, active: true,
            tasks: vec![TaskTemplate { title: "Order".into(), group_id: None, group: None }, TaskTemplate { title: "Hand over".into(), group_id: None, group: None }],
            ..Default::default()
        })
        .unwrap()
    };
    let (laptop, mouse) = (item("New laptop", true), item("Mouse", false));
    let office = save_calendar(&ws, None, "Berlin office", &berlin(&[])).unwrap();
    let sla = create_agreement(&ws, &AgreementInput { kind: Some(AgreementKind::Sla), name: "Requests".into(), service_id: Some(desk.id.0), ..Default::default() }).unwrap();
    let target = |name: &str, metric, item_id, minutes| TargetInput {
        agreement_id: sla.id, name: name.into(), metric, applies_to: AppliesTo::Request, priority: None, category: None, service_id: None, item_id,
        minutes, calendar_id: office.id, pause_reasons: vec![], warning_pct: 75,
    };
    create_target(&ws, &target("Laptop delivered", Metric::Resolution, Some(laptop.id.0), 600)).unwrap();
    create_target(&ws, &target("First task", Metric::Response, None, 60)).unwrap();
    // Conditions that do not fit requests are refused.
    let mut bad = target("x", Metric::Resolution, None, 60);
    bad.priority = Some(1);
    assert_eq!(create_target(&ws, &bad).unwrap_err().field(), Some("priority"));
    let mut bad = target("x", Metric::Resolution, Some(laptop.id.0), 60);
    bad.applies_to = AppliesTo::Incident;
    assert_eq!(create_target(&ws, &bad).unwrap_err().field(), Some("item_id"));

    let me = Actor::parse("Desk Agent").unwrap();
    let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&chrono::Utc);
    // Raised Monday 09:00 Berlin; approved Tuesday 09:00; first task Tuesday 10:30; fulfilled Wednesday 09:00.
    let r = ws.replay_as(&me, at("2024-03-04T08:00:00Z"), |tx| requests::raise_in(tx, &RequestInput { item_id: laptop.id, ..Default::default() })).unwrap();
    let id = r.request.id;
    assert!(request_clocks(&ws, id).unwrap().is_empty(), "no clock while it waits for approval");
    ws.replay_as(&me, at("2024-03-05T08:00:00Z"), |tx| requests::transition_in(tx, id, &RequestTransition { to: RequestState::InFulfilment, note: String::new() })).unwrap();
    let clocks = request_clocks(&ws, id).unwrap();
    assert_eq!(clocks.iter().map(|c| (c.target.as_str(), c.started_at.as_str(), c.deadline.as_str())).collect::<Vec<_>>(), [
        ("First task", "2024-03-05T08:00:00Z", "2024-03-05T09:00:00Z"),
        ("Laptop delivered", "2024-03-05T08:00:00Z", "2024-03-06T08:00:00Z"),
    ]);
    let due = requests::request_detail(&ws, id).unwrap().request.sla_due;
    assert_eq!(due.as_deref(), Some("2024-03-05T09:00:00Z"), "the earliest running deadline, for breaching soon");
    let warn = requests::request_detail(&ws, id).unwrap().request.sla_warn_at;
    assert_eq!(warn.as_deref(), Some("2024-03-05T08:45:00Z"), "75% of the first task's hour, for the queue's warning state");
    assert_eq!(request_clocks(&ws, id).unwrap()[0].warn_at.as_deref(), Some("2024-03-05T08:45:00Z"));
    ws.replay_as(&me, at("2024-03-05T09:30:00Z"), |tx| requests::update_task_in(tx, r.tasks[0].id, &TaskUpdate { state: TaskState::Done, assignee_id: None })).unwrap();
    ws.replay_as(&me, at("2024-03-06T08:00:00Z"), |tx| requests::update_task_in(tx, r.tasks[1].id, &TaskUpdate { state: TaskState::Done, assignee_id: None })).unwrap();
    let clocks = request_clocks(&ws, id).unwrap();
    let states: Vec<(&str, ClockState, Option<&str>)> = clocks.iter().map(|c| (c.target.as_str(), c.state, c.stopped_at.as_deref())).collect();
    assert_eq!(states, [
        ("First task", ClockState::Breached, Some("2024-03-05T09:30:00Z")),
        ("Laptop delivered", ClockState::Met, Some("2024-03-06T08:00:00Z")),
    ], "fulfilled exactly at the deadline is met");
    assert_eq!(requests::request_detail(&ws, id).unwrap().request.sla_due, None);
    assert!(request_clocks(&ws, id).unwrap().iter().all(|c| c.warn_at.is_none() && !c.warning), "stopped clocks do not warn");

    // Without approval the clock starts when raised; a cancelled request loses its clocks.
    let m = ws.replay_as(&me, at("2024-03-04T08:00:00Z"), |tx| requests::raise_in(tx, &RequestInput { item_id: mouse.id, ..Default::default() })).unwrap();
    assert_eq!(request_clocks(&ws, m.request.id).unwrap().iter().map(|c| c.target.as_str()).collect::<Vec<_>>(), ["First task"]);
    requests::transition_request(&ws, m.request.id, &RequestTransition { to: RequestState::Cancelled, note: String::new() }).unwrap();
    assert!(request_clocks(&ws, m.request.id).unwrap().is_empty());
}

#[test]
fn a_hold_made_now_pauses_the_clock_and_resuming_runs_it_again() {
    use super::agreements::{create_agreement, create_target, save_calendar, AgreementInput, AgreementKind, AppliesTo, Metric, TargetInput};
    use super::clocks::{incident_clocks, ClockState};
    use crate::incidents::{log_incident, transition_incident, IncidentInput, IncidentState, OnHoldReason, Transition};

    let d = tempfile::tempdir().unwrap();
    let ws = crate::testing::pinned(&d, "Desk Agent", crate::testing::NOW);
    let always = save_calendar(&ws, None, "Always", &cal("UTC", ALL_DAYS, "00:00", "24:00", &[])).unwrap();
    let group = crate::directory::create_group(&ws, &crate::directory::GroupInput { name: "Desk".into(), ..Default::default() }).unwrap();
    let ola = create_agreement(&ws, &AgreementInput { kind: Some(AgreementKind::Ola), name: "Desk OLA".into(), group_id: Some(group.id.0), ..Default::default() }).unwrap();
    create_target(&ws, &TargetInput {
        agreement_id: ola.id, name: "Resolution".into(), metric: Metric::Resolution, applies_to: AppliesTo::Incident, priority: None, category: None, service_id: None,
        item_id: None, minutes: 480, calendar_id: always.id, pause_reasons: vec![OnHoldReason::AwaitingCaller], warning_pct: 75,
    })
    .unwrap();
    let inc = log_incident(&ws, &IncidentInput { title: "Payslips missing".into(), impact: 2, urgency: 2, assignment_group_id: Some(group.id.0), ..Default::default() }).unwrap();
    let clock = || incident_clocks(&ws, inc.id).unwrap()[0].clone();
    assert_eq!(clock().state, ClockState::Running);
    let move_to = |to, reason| transition_incident(&ws, inc.id, &Transition { to, on_hold_reason: reason, resolution_code: None, resolution_notes: None }).unwrap();
    // Waiting for a vendor is not a pause for this target; waiting for the caller is.
    move_to(IncidentState::OnHold, Some(OnHoldReason::AwaitingVendor));
    assert_eq!(clock().state, ClockState::Running);
    move_to(IncidentState::InProgress, None);
    let held = move_to(IncidentState::OnHold, Some(OnHoldReason::AwaitingCaller));
    assert_eq!(clock().state, ClockState::Paused);
    assert_eq!(held.sla_due, None, "a paused clock has no running deadline for the queue");
    let resumed = move_to(IncidentState::InProgress, None);
    assert_eq!(clock().state, ClockState::Running);
    assert!(resumed.sla_due.is_some(), "the incident page and queues see the deadline at once");
}

/// "Breaching soon" as the desk's queue asks for it: open incidents whose running clock is
/// past its target's warning threshold (or, with a horizon, due within it), nearest first;
/// an incident without a clock, or due later, is not in it.
#[test]
fn breaching_soon_is_the_clocks_past_their_warning_threshold_nearest_first() {
    use super::agreements::{create_agreement, create_target, save_calendar, AgreementInput, AgreementKind, AppliesTo, Metric, TargetInput};
    use crate::incidents::{list_incidents, log_incident, IncidentInput};
    use crate::list::{FilterOp, FilterTerm, ListRequest, SortTerm};

    let d = tempfile::tempdir().unwrap();
    let mut ws = crate::testing::pinned(&d, "Desk Agent", "2026-12-07T08:00:00Z");
    let always = save_calendar(&ws, None, "Always", &cal("UTC", ALL_DAYS, "00:00", "24:00", &[])).unwrap();
    let group = crate::directory::create_group(&ws, &crate::directory::GroupInput { name: "Desk".into(), ..Default::default() }).unwrap();
    let g = Some(group.id.0);
    let ola = create_agreement(&ws, &AgreementInput { kind: Some(AgreementKind::Ola), name: "Desk OLA".into(), group_id: g, ..Default::default() }).unwrap();
    create_target(&ws, &TargetInput {
        agreement_id: ola.id, name: "P1 resolution".into(), metric: Metric::Resolution, applies_to: AppliesTo::Incident, priority: Some(1), category: None, service_id: None,
        item_id: None, minutes: 240, calendar_id: always.id, pause_reasons: vec![], warning_pct: 75,
    })
    .unwrap();
    let early = log_incident(&ws, &IncidentInput { title: "Warehouse scanners down".into(), impact: 1, urgency: 1, assignment_group_id: g, ..Default::default() }).unwrap().number;
    let ws_at = |ws: &mut crate::workspace::Workspace, at: &str| ws.set_clock(crate::time::Clock::at(at).unwrap());
    ws_at(&mut ws, "2026-12-07T11:30:00Z");
    let later = log_incident(&ws, &IncidentInput { title: "Portal slow".into(), impact: 1, urgency: 1, assignment_group_id: g, ..Default::default() }).unwrap().number;
    let no_clock = log_incident(&ws, &IncidentInput { title: "Printer toner".into(), impact: 3, urgency: 3, assignment_group_id: g, ..Default::default() }).unwrap().number;
    let now = crate::time::to_text(ws.now());
    let bound = |field: &str, value: &str| FilterTerm { field: field.into(), value: value.into(), missing: false, op: Some(FilterOp::AtMost) };
    let soon = |filter: FilterTerm| -> Vec<String> {
        let req = ListRequest { filters: vec![filter], sort: Some(SortTerm { field: "sla_due".into(), descending: false }), ..Default::default() };
        list_incidents(&ws, &req).unwrap().items.into_iter().map(|i| i.number).collect()
    };
    // At 11:30 the first P1 (due 12:00, warned from 11:00) is past its threshold; the second
    // (due 15:30, warned from 14:30) and the P3 without a clock are not.
    assert_eq!(soon(bound("sla_warn_at", &now)), [early.clone()]);
    // Within a horizon of 8 hours: both P1s, nearest first; never the one without a clock.
    assert_eq!(soon(bound("sla_due", "2026-12-07T19:30:00Z")), [early.clone(), later.clone()]);
    assert!(!soon(bound("sla_due", "9999-12-31T23:59:58Z")).contains(&no_clock));
    // The open queue's order: priority, then the nearest deadline.
    let queue = list_incidents(&ws, &ListRequest { sort: Some(SortTerm { field: "priority_due".into(), descending: false }), ..Default::default() }).unwrap();
    assert_eq!(queue.items.iter().map(|i| i.number.clone()).collect::<Vec<_>>(), [early, later, no_clock]);
}
