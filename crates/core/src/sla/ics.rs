//! Holidays from an iCalendar (.ics) file, as public-holiday calendars and company calendars
//! publish them: all-day events (one date, several dates up to DTEND, or a DURATION in days),
//! yearly and other rules expanded into the years asked for, EXDATEs left out.
//!
//! Timed events count by the date they start on: a holiday is a whole local date.

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{Datelike, Duration, NaiveDate, TimeZone};
use icalendar::{Component, DatePerhapsTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};

/// One holiday found in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Holiday {
    /// YYYY-MM-DD
    pub date: String,
    pub name: String,
}

/// The years an import covers unless told: last year to two years ahead, so the history a
/// consultant analyses and the next agreement period are both in.
pub fn default_years(now: chrono::DateTime<chrono::Utc>) -> (i32, i32) {
    let year = now.year();
    (year - 1, year + 2)
}

/// Holiday files are small; a bigger one is not a holiday calendar.
const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// The holidays of an .ics file within the years `from..=to`.
pub fn read_holidays(path: &std::path::Path, from: i32, to: i32) -> Result<Vec<Holiday>> {
    let meta = std::fs::metadata(path).map_err(|e| CoreError::io_at("read", path, e))?;
    if meta.is_dir() || meta.len() > MAX_FILE_BYTES {
        return Err(bad(format!("{} is not a holiday calendar (a folder, or larger than 8 MB).", path.display())));
    }
    let bytes = std::fs::read(path).map_err(|e| CoreError::io_at("read", path, e))?;
    let text = String::from_utf8(bytes).map_err(|_| bad(format!("{} is not a text file (iCalendar files are UTF-8).", path.display())))?;
    holidays_from_ics(&text, from, to)
}

/// The years a holiday calendar can cover, and how many at once: enough for any agreement's
/// history and future, and small enough that expanding a daily rule stays instant.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;
const MAX_YEARS: i32 = 100;

/// Longest span one event may cover: anything longer is not a holiday but a season.
const MAX_DAYS: i64 = 31;

fn bad(message: String) -> CoreError {
    CoreError::validation("file", message)
}

/// The holidays of `text` within the years `from..=to`, in date order, one per date (the
/// first name found wins).
pub fn holidays_from_ics(text: &str, from: i32, to: i32) -> Result<Vec<Holiday>> {
    if to < from {
        return Err(CoreError::validation("years", format!("The years run from {from} to {to}: the end is before the start.")));
    }
    if !(YEARS.contains(&from) && YEARS.contains(&to)) || to - from > MAX_YEARS {
        return Err(CoreError::validation(
            "years",
            format!("Take holidays for at most {MAX_YEARS} years between {} and {} (asked: {from} to {to}).", YEARS.start(), YEARS.end()),
        ));
    }
    if !text.trim_start_matches('\u{feff}').trim_start().to_ascii_uppercase().starts_with("BEGIN:VCALENDAR") {
        return Err(bad("This is not an iCalendar file: it does not start with BEGIN:VCALENDAR.".into()));
    }
    let cal = icalendar::Calendar::from_str(text).map_err(|e| bad(format!("The iCalendar file cannot be read: {}", e.lines().next().unwrap_or("malformed"))))?;
    let (first, last) = (NaiveDate::from_ymd_opt(from, 1, 1), NaiveDate::from_ymd_opt(to, 12, 31));
    let (Some(first), Some(last)) = (first, last) else { return Err(CoreError::validation("years", "Those years are out of range.")) };
    let mut out: BTreeMap<NaiveDate, String> = BTreeMap::new();
    for event in cal.events() {
        let name = event.get_summary().unwrap_or("Holiday").trim().to_string();
        let Some(start) = event.get_start() else {
            return Err(bad(format!("The event \"{name}\" has no start date that can be read (DTSTART).")));
        };
        let start = start.date_naive();
        let days = length_in_days(event.get_end(), event.property_value("DURATION"), start);
        let starts = match event.property_value("RRULE") {
            Some(rule) => expand(rule, start, &exdates(event), first, last).map_err(|e| bad(format!("The rule of \"{name}\" ({rule}) cannot be read: {e}")))?,
            None => vec![start],
        };
        for s in starts {
            for d in 0..days {
                let date = s + Duration::days(d);
                if date >= first && date <= last {
                    out.entry(date).or_insert_with(|| name.clone());
                }
            }
        }
    }
    Ok(out.into_iter().map(|(d, name)| Holiday { date: d.format("%Y-%m-%d").to_string(), name }).collect())
}

/// Whole days an event covers: DTEND is exclusive for dates; a timed event that ends on a
/// later date covers each date it touches; DURATION counts its days; at least one.
fn length_in_days(end: Option<DatePerhapsTime>, duration: Option<&str>, start: NaiveDate) -> i64 {
    let days = match (end, duration) {
        (Some(DatePerhapsTime::Date(end)), _) => (end - start).num_days(),
        (Some(end @ DatePerhapsTime::DateTime(_)), _) => (end.date_naive() - start).num_days() + 1,
        (None, Some(d)) => duration_days(d),
        (None, None) => 1,
    };
    days.clamp(1, MAX_DAYS)
}

/// Days of an RFC 5545 duration such as P1D, P2W or P1DT12H (partial days count as one).
fn duration_days(d: &str) -> i64 {
    let d = d.trim().trim_start_matches('+');
    let Some(body) = d.strip_prefix('P') else { return 1 };
    let (date, time) = body.split_once('T').unwrap_or((body, ""));
    let number = |s: &str, unit: char| s.split_once(unit).and_then(|(n, _)| n.rsplit(|c: char| !c.is_ascii_digit()).next()?.parse::<i64>().ok()).unwrap_or(0);
    let days = number(date, 'W') * 7 + number(date, 'D');
    days + i64::from(!time.is_empty() && days == 0)
}

fn exdates(event: &icalendar::Event) -> Vec<NaiveDate> {
    event
        .multi_properties()
        .get("EXDATE")
        .into_iter()
        .flatten()
        .flat_map(|p| p.value().split(','))
        .filter_map(|v| NaiveDate::parse_from_str(v.trim().get(..8)?, "%Y%m%d").ok())
        .collect()
}

/// The start dates a rule gives within [first, last]. The rule runs in UTC at midnight, so
/// a date is a date whatever the machine's zone.
fn expand(rule: &str, start: NaiveDate, except: &[NaiveDate], first: NaiveDate, last: NaiveDate) -> std::result::Result<Vec<NaiveDate>, String> {
    // A date-only UNTIL must have the same form as the midnight-UTC start.
    let rule: String = rule
        .split(';')
        .map(|part| match part.split_once('=') {
            Some((k, v)) if k.eq_ignore_ascii_case("UNTIL") && v.len() == 8 => format!("UNTIL={v}T235959Z"),
            _ => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join(";");
    // Holidays are whole days: a rule repeating within a day is not a holiday calendar.
    let freq = rule.split(';').find_map(|p| p.split_once('=').filter(|(k, _)| k.eq_ignore_ascii_case("FREQ")).map(|(_, v)| v.to_ascii_uppercase()));
    if matches!(freq.as_deref(), Some("SECONDLY" | "MINUTELY" | "HOURLY")) {
        return Err("it repeats more often than daily; holidays are whole days".into());
    }
    let set = format!("DTSTART:{}T000000Z\nRRULE:{rule}", start.format("%Y%m%d"));
    let set = rrule::RRuleSet::from_str(&set).map_err(|e| e.to_string())?;
    let utc = |d: NaiveDate| rrule::Tz::UTC.from_utc_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default());
    // Events that started before the range still recur into it: look back a month so one
    // that spans into `first` is seen.
    let result = set.after(utc(first - Duration::days(MAX_DAYS))).before(utc(last + Duration::days(1))).all(u16::MAX);
    if result.limited {
        return Err(format!("it gives more than {} dates in those years, which no holiday calendar does", u16::MAX));
    }
    Ok(result.dates.into_iter().map(|d| d.date_naive()).filter(|d| !except.contains(d) && d.year() <= last.year()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Holidays//EN\r\n\
BEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:20241225\r\nDTEND;VALUE=DATE:20241227\r\nSUMMARY:Christmas\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:2\r\nDTSTART;VALUE=DATE:20200101\r\nRRULE:FREQ=YEARLY\r\nSUMMARY:New Year's Day\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:3\r\nDTSTART;VALUE=DATE:20240501\r\nRRULE:FREQ=YEARLY;UNTIL=20250501\r\nEXDATE;VALUE=DATE:20250501\r\nSUMMARY:Labour Day\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:4\r\nDTSTART:20241003T000000\r\nDURATION:P1D\r\nSUMMARY:German Unity Day, with a folded\r\n  long name\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:5\r\nDTSTART;VALUE=DATE:20241124\r\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=4TH\r\nSUMMARY:Thanksgiving\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";

    fn dates(h: &[Holiday]) -> Vec<&str> {
        h.iter().map(|h| h.date.as_str()).collect()
    }

    #[test]
    fn all_day_spans_rules_exdates_and_folded_names() {
        let h = holidays_from_ics(FILE, 2024, 2025).unwrap();
        assert_eq!(
            dates(&h),
            ["2024-01-01", "2024-05-01", "2024-10-03", "2024-11-28", "2024-12-25", "2024-12-26", "2025-01-01", "2025-11-27"],
            "{h:?}"
        );
        assert_eq!(h[2].name, "German Unity Day, with a folded long name");
        assert_eq!(h[4].name, "Christmas");
    }

    #[test]
    fn years_bound_the_rules() {
        let h = holidays_from_ics(FILE, 2030, 2030).unwrap();
        assert_eq!(dates(&h), ["2030-01-01", "2030-11-28"]);
    }

    #[test]
    fn what_is_not_a_calendar_is_refused_with_a_reason() {
        let e = holidays_from_ics("number,state\n1,new\n", 2024, 2024).unwrap_err().to_string();
        assert!(e.contains("not an iCalendar file"), "{e}");
        let e = holidays_from_ics("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20240101\nRRULE:FREQ=SOMETIMES\nSUMMARY:X\nEND:VEVENT\nEND:VCALENDAR\n", 2024, 2024)
            .unwrap_err()
            .to_string();
        assert!(e.contains("\"X\""), "{e}");
        assert!(holidays_from_ics(FILE, 2025, 2024).is_err());
    }

    /// Years and rules are bounded: no overflow, no minutes-long expansion, never a silent
    /// "found 0" for a rule that could not be followed.
    #[test]
    fn years_and_rules_are_bounded() {
        for (from, to) in [(-262_143, 2024), (2024, 262_142), (1900, 2200)] {
            assert_eq!(holidays_from_ics(FILE, from, to).unwrap_err().field(), Some("years"), "{from}..{to}");
        }
        let every_second = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20240101\nRRULE:FREQ=SECONDLY\nSUMMARY:Tick\nEND:VEVENT\nEND:VCALENDAR\n";
        let e = holidays_from_ics(every_second, 2024, 2024).unwrap_err().to_string();
        assert!(e.contains("more often than daily"), "{e}");
        let no_start = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:tomorrow\nSUMMARY:Someday\nEND:VEVENT\nEND:VCALENDAR\n";
        let e = holidays_from_ics(no_start, 2024, 2024).unwrap_err().to_string();
        assert!(e.contains("\"Someday\""), "{e}");
        let daily = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:19000101\nRRULE:FREQ=DAILY\nSUMMARY:Every day\nEND:VEVENT\nEND:VCALENDAR\n";
        assert_eq!(holidays_from_ics(daily, 1950, 2049).unwrap().len(), 36_525);
    }

    #[test]
    fn durations() {
        assert_eq!(duration_days("P1D"), 1);
        assert_eq!(duration_days("P2W"), 14);
        assert_eq!(duration_days("P3DT12H"), 3);
        assert_eq!(duration_days("PT8H"), 1);
        assert_eq!(duration_days("nonsense"), 1);
    }
}
