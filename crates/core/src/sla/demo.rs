//! The demo's agreements, targets and business calendars.


use crate::error::Result;
use crate::workspace::Workspace;
use crate::demo::Spine;

/// The agreements a consultant finds: the portal and warehouse SLAs, the application
/// support OLA and the telematics vendor's underpinning contract, on an office calendar (with
/// the fixed German public holidays) and a round-the-clock one. Their clocks are computed
/// for every incident when the targets are created.
/// The head of IT entered them in the engagement's first week, from the signed copies.
pub(crate) fn service_levels(ws: &Workspace, spine: &Spine) -> Result<()> {
    use chrono::Datelike;
    let made = ws.now();
    let entered = crate::demo::on(crate::demo::set_up_day(made) + chrono::Duration::days(4), 14, made);
    ws.as_of(&crate::demo::builder()?, entered, || agreements(ws, spine, made.year()))
}

fn agreements(ws: &Workspace, spine: &Spine, year: i32) -> Result<()> {
    let (services, groups, vendors) = (&spine.services, &spine.groups, &spine.vendors);
    use crate::incidents::OnHoldReason::{AwaitingCaller, AwaitingVendor};
    use crate::sla::agreements::{create_agreement, create_target, save_calendar, AgreementInput, AgreementKind, AppliesTo, Metric, TargetInput};
    use crate::sla::CalendarSpec;
    use chrono::Datelike;
    let office_hours = ["mon", "tue", "wed", "thu", "fri"].iter().map(|d| (d.to_string(), vec![["08:00".to_string(), "18:00".to_string()]])).collect();
    let mut spec = CalendarSpec { timezone: "Europe/Berlin".into(), hours: office_hours, ..Default::default() };
    // The public holidays come the way a client would hand them over: as an .ics file.
    spec.add_holidays(&crate::sla::ics::holidays_from_ics(&hamburg_holidays_ics(year - 1, year + 1), year - 1, year + 1)?);
    // The Saturday before the year-end freeze is worked in the morning.
    if let Some(saturday) = (0..7).map(|i| chrono::NaiveDate::from_ymd_opt(year, 12, 12 + i)).flatten().find(|d| d.weekday() == chrono::Weekday::Sat) {
        spec.exceptions.insert(saturday.format("%Y-%m-%d").to_string(), vec![["09:00".into(), "13:00".into()]]);
    }
    let office = save_calendar(ws, None, "Hamburg office hours", &spec)?;
    let all_days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].iter().map(|d| (d.to_string(), vec![["00:00".to_string(), "24:00".to_string()]])).collect();
    let always = save_calendar(ws, None, "Around the clock", &CalendarSpec { timezone: "UTC".into(), hours: all_days, ..Default::default() })?;
    let agreement = |kind, name: &str, service: Option<&str>, group: Option<&str>, vendor: Option<&str>| {
        create_agreement(ws, &AgreementInput {
            kind: Some(kind),
            name: name.into(),
            service_id: service.and_then(|s| services.get(s).copied()),
            group_id: group.and_then(|g| groups.get(g).map(|g| g.0)),
            vendor_id: vendor.and_then(|v| vendors.get(v).copied()),
            valid_from: Some(format!("{}-01-01", year - 1)),
            review_on: Some(format!("{year}-12-15")),
            description: format!("{name}, agreed with the business in {}.", year - 1),
            documents: vec![
                format!("Signed agreement: \\\\hbl-fs01\\contracts\\{}.pdf", name.to_lowercase().replace(' ', "-")),
                "Service review minutes: SharePoint › IT › Service reviews".into(),
            ],
            ..Default::default()
        })
    };
    let portal = agreement(AgreementKind::Sla, "Customer Shipment Portal SLA", Some("Customer Shipment Portal"), None, None)?;
    let wms = agreement(AgreementKind::Sla, "Warehouse Management SLA", Some("Warehouse Management"), None, None)?;
    let apps = agreement(AgreementKind::Ola, "Application Support OLA", None, Some("Application Support"), None)?;
    let fleet = agreement(AgreementKind::Uc, "TrackPoint telematics contract", None, None, Some("TrackPoint Telematics"))?;
    let targets = [
        (portal.id, "P1 response", Metric::Response, Some(1), None, 30, always.id, vec![]),
        (portal.id, "P1 resolution", Metric::Resolution, Some(1), None, 240, always.id, vec![AwaitingVendor]),
        (portal.id, "P2 response", Metric::Response, Some(2), None, 45, office.id, vec![]),
        (portal.id, "P2 resolution", Metric::Resolution, Some(2), None, 480, office.id, vec![AwaitingCaller, AwaitingVendor]),
        (portal.id, "P3 resolution", Metric::Resolution, Some(3), None, 1800, office.id, vec![AwaitingCaller]),
        (wms.id, "P1 resolution", Metric::Resolution, Some(1), None, 240, always.id, vec![]),
        (wms.id, "P2 resolution", Metric::Resolution, Some(2), None, 480, office.id, vec![AwaitingCaller]),
        (apps.id, "Response", Metric::Response, None, None, 90, office.id, vec![]),
        (fleet.id, "Telematics resolution", Metric::Resolution, None, Some("Fleet Tracking"), 5 * 1440, always.id, vec![]),
    ];
    for (agreement_id, name, metric, priority, category, minutes, calendar_id, pause_reasons) in targets {
        create_target(ws, &TargetInput {
            agreement_id, name: name.into(), metric, applies_to: AppliesTo::Incident, priority, category: category.map(str::to_string), service_id: None, item_id: None,
            minutes, calendar_id, pause_reasons, warning_pct: 75,
        })?;
    }
    // Requests: the desk's fulfilment promises, by catalogue item, in office hours.
    let desk = agreement(AgreementKind::Sla, "IT Service Desk SLA", Some("IT Service Desk"), None, None)?;
    let item = |name: &str| ws.conn().query_row("SELECT id FROM catalogue_items WHERE name = ?1", [name], |r| r.get::<_, i64>(0)).ok();
    let requests = [
        ("First task done", Metric::Response, None, None, 2 * 600),
        ("New laptop delivered", Metric::Resolution, item("New laptop"), None, 3 * 600),
        ("VPN token issued", Metric::Resolution, item("VPN token"), None, 2 * 600),
        ("Software installed", Metric::Resolution, item("Software installation"), None, 2 * 600),
    ];
    for (name, metric, item_id, category, minutes) in requests {
        create_target(ws, &TargetInput {
            agreement_id: desk.id, name: name.into(), metric, applies_to: AppliesTo::Request, priority: None, category: category.map(str::to_string), service_id: None, item_id,
            minutes, calendar_id: office.id, pause_reasons: vec![], warning_pct: 75,
        })?;
    }
    Ok(())
}

/// Hamburg's public holidays as an iCalendar file: the fixed ones as yearly rules, the
/// Easter-bound ones as dated events for each year.
fn hamburg_holidays_ics(from: i32, to: i32) -> String {
    let mut out = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Harbourside Logistics//Holidays Hamburg//EN\r\n");
    let mut event = |uid: String, date: chrono::NaiveDate, rule: &str, name: &str| {
        out.push_str(&format!("BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART;VALUE=DATE:{}\r\n{rule}SUMMARY:{name}\r\nEND:VEVENT\r\n", date.format("%Y%m%d")));
    };
    for (m, d, name) in [(1, 1, "New Year's Day"), (5, 1, "Labour Day"), (10, 3, "Day of German Unity"), (10, 31, "Reformation Day"), (12, 25, "Christmas Day"), (12, 26, "St Stephen's Day")] {
        if let Some(date) = chrono::NaiveDate::from_ymd_opt(from, m, d) {
            event(format!("{m}-{d}@harbourside"), date, "RRULE:FREQ=YEARLY\r\n", name);
        }
    }
    for y in from..=to {
        let easter = easter_sunday(y);
        for (offset, name) in [(-2, "Good Friday"), (1, "Easter Monday"), (39, "Ascension Day"), (50, "Whit Monday")] {
            event(format!("{y}-{offset}@harbourside"), easter + chrono::Duration::days(offset), "", name);
        }
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

/// Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm).
fn easter_sunday(y: i32) -> chrono::NaiveDate {
    let a = y % 19;
    let (b, c) = (y / 100, y % 100);
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    chrono::NaiveDate::from_ymd_opt(y, month as u32, day as u32).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn easter() {
        let e: Vec<String> = [2024, 2025, 2026, 2027].map(|y| super::easter_sunday(y).to_string()).to_vec();
        assert_eq!(e, ["2024-03-31", "2025-04-20", "2026-04-05", "2027-03-28"]);
    }
}

