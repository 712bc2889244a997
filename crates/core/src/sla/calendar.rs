//! Business calendars: an IANA time zone, weekly opening hours (several intervals a day,
//! intervals that run past midnight), holidays (whole local dates) and exceptions (dates
//! with their own hours instead of their weekday's, such as a Saturday worked before a
//! bridge day). A calendar turns into a stream of opening intervals in UTC, merged where
//! they overlap.
//!
//! Local → UTC follows the contract: a local time in a DST gap means the first instant
//! after the gap; an ambiguous local time (clocks set back) means its first occurrence.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};

/// Minutes after local midnight; `end` may be 1440 ("24:00"), and an `end` at or before
/// `start` runs into the next day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opening {
    pub start: u32,
    pub end: u32,
}

impl Opening {
    fn length(self) -> u32 {
        if self.end > self.start {
            self.end - self.start
        } else {
            1440 - self.start + self.end
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    pub tz: Tz,
    /// Monday first.
    pub week: [Vec<Opening>; 7],
    pub holidays: BTreeSet<NaiveDate>,
    /// Dates whose hours replace their weekday's.
    pub exceptions: BTreeMap<NaiveDate, Vec<Opening>>,
}

/// The calendar as the contract and the UI write it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct CalendarSpec {
    pub timezone: String,
    /// "mon" … "sun" → [["08:00", "18:00"], …]; a missing day has no hours.
    #[serde(default)]
    pub hours: BTreeMap<String, Vec<[String; 2]>>,
    #[serde(default)]
    pub holidays: Vec<String>,
    /// What each holiday is ("2024-12-25" → "Christmas Day"); shown, never computed with.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[ts(optional, as = "Option<BTreeMap<String, String>>")]
    pub holiday_names: BTreeMap<String, String>,
    /// "YYYY-MM-DD" → that date's hours, instead of its weekday's.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[ts(optional, as = "Option<BTreeMap<String, Vec<[String; 2]>>>")]
    pub exceptions: BTreeMap<String, Vec<[String; 2]>>,
}

const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

fn clock(field: &str, s: &str, end: bool) -> Result<u32> {
    let bad = || CoreError::validation(field, format!("\"{s}\" is not a time of day (HH:MM, 00:00 to 24:00)."));
    let (h, m) = s.trim().split_once(':').ok_or_else(bad)?;
    let (h, m): (u32, u32) = (h.parse().map_err(|_| bad())?, m.get(..2).unwrap_or(m).parse().map_err(|_| bad())?);
    let minutes = h * 60 + m;
    if m > 59 || minutes > 1440 || (minutes == 1440 && !end) {
        return Err(bad());
    }
    Ok(minutes)
}

impl CalendarSpec {
    /// Parses and checks the calendar. One with no opening hours at all is refused: no
    /// clock could ever run on it.
    pub fn parse(&self) -> Result<Calendar> {
        let tz = crate::time::parse_zone("timezone", &self.timezone)?;
        let mut week: [Vec<Opening>; 7] = Default::default();
        for (day, intervals) in &self.hours {
            let i = DAYS
                .iter()
                .position(|d| d.eq_ignore_ascii_case(day.trim()))
                .ok_or_else(|| CoreError::validation("hours", format!("\"{day}\" is not a day (mon, tue, wed, thu, fri, sat, sun).")))?;
            week[i].extend(openings(day, intervals)?);
            week[i].sort_by_key(|o| o.start);
        }
        let date = |field: &str, d: &str| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").map_err(|_| CoreError::validation(field, format!("\"{d}\" is not a date (YYYY-MM-DD).")));
        let holidays: BTreeSet<NaiveDate> = self.holidays.iter().map(|h| date("holidays", h)).collect::<Result<_>>()?;
        let mut exceptions = BTreeMap::new();
        for (day, intervals) in &self.exceptions {
            let d = date("exceptions", day)?;
            if holidays.contains(&d) {
                return Err(CoreError::validation("exceptions", format!("{day} is both a holiday and a day with its own hours; keep one.")));
            }
            exceptions.insert(d, openings(day, intervals)?);
        }
        if week.iter().all(Vec::is_empty) && exceptions.values().all(Vec::is_empty) {
            return Err(CoreError::validation("hours", "The calendar has no opening hours at all, so no clock could ever run on it."));
        }
        Ok(Calendar { tz, week, holidays, exceptions })
    }
}

impl CalendarSpec {
    /// Adds holidays (from an .ics file or typed in); dates it has already keep their
    /// names. Returns how many dates were new.
    pub fn add_holidays(&mut self, holidays: &[super::ics::Holiday]) -> usize {
        let mut added = 0;
        for h in holidays {
            if !self.holidays.iter().any(|d| d.trim() == h.date) {
                self.holidays.push(h.date.clone());
                added += 1;
            }
            if !h.name.is_empty() {
                self.holiday_names.entry(h.date.clone()).or_insert_with(|| h.name.clone());
            }
        }
        self.holidays.sort();
        added
    }
}

/// One day's intervals, checked and in order.
fn openings(day: &str, intervals: &[[String; 2]]) -> Result<Vec<Opening>> {
    let mut out = Vec::new();
    for [from, to] in intervals {
        let o = Opening { start: clock("hours", from, false)?, end: clock("hours", to, true)? };
        if o.start == o.end {
            return Err(CoreError::validation("hours", format!("{day} {from}-{to} is empty; a whole day is 00:00-24:00.")));
        }
        out.push(o);
    }
    out.sort_by_key(|o| o.start);
    Ok(out)
}

/// A span of time in UTC seconds, half open: [from, to).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub from: i64,
    pub to: i64,
}

/// How far ahead a clock may look for opening hours before the calendar counts as
/// impossible (holidays can close every remaining opening day of a short list).
const HORIZON_DAYS: i64 = 366 * 30;

impl Calendar {
    /// The UTC instant of a local date and minute of the day (1440 = next midnight).
    pub fn instant(&self, date: NaiveDate, minute: u32) -> i64 {
        let (date, minute) = if minute >= 1440 { (date + Duration::days(1), minute - 1440) } else { (date, minute) };
        let local = NaiveDateTime::new(date, NaiveTime::from_hms_opt(minute / 60, minute % 60, 0).unwrap_or_default());
        resolve(self.tz, local)
    }

    /// A wall-clock time typed in this calendar's zone ("2024-03-04T09:30"), by the same
    /// gap and repeat rules as the opening hours.
    pub fn parse_local(&self, field: &str, text: &str) -> Result<i64> {
        let t = text.trim();
        let local = NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M")
            .or_else(|_| NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S"))
            .or_else(|_| NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M"))
            .map_err(|_| CoreError::validation(field, format!("\"{text}\" is not a date and time (YYYY-MM-DD HH:MM).")))?;
        Ok(resolve(self.tz, local))
    }

    fn local_date(&self, t: i64) -> NaiveDate {
        DateTime::from_timestamp(t, 0).unwrap_or_default().with_timezone(&self.tz).date_naive()
    }

    fn weekday_index(d: NaiveDate) -> usize {
        match d.weekday() {
            Weekday::Mon => 0,
            Weekday::Tue => 1,
            Weekday::Wed => 2,
            Weekday::Thu => 3,
            Weekday::Fri => 4,
            Weekday::Sat => 5,
            Weekday::Sun => 6,
        }
    }

    /// The openings that start on `date` as UTC spans; `holiday` tells whether the date is
    /// one (then they do not count, but explain shows them).
    fn openings_on(&self, date: NaiveDate) -> impl Iterator<Item = Span> + '_ {
        let hours = self.exceptions.get(&date).unwrap_or(&self.week[Self::weekday_index(date)]);
        hours.iter().map(move |o| {
            let from = self.instant(date, o.start);
            let to = self.instant(date, o.start + o.length());
            Span { from, to: to.max(from) }
        })
    }

    /// Opening spans (merged, in order) that end after `from`, from the date before
    /// `from` on, so an interval that started yesterday evening is seen.
    pub fn open_spans(&self, from: i64) -> impl Iterator<Item = Span> + '_ {
        self.spans(from, false)
    }

    /// The spans holidays closed, the same way.
    pub fn holiday_spans(&self, from: i64) -> impl Iterator<Item = Span> + '_ {
        self.spans(from, true)
    }

    fn spans(&self, from: i64, holidays: bool) -> impl Iterator<Item = Span> + '_ {
        let first = self.local_date(from) - Duration::days(1);
        let raw = (0..HORIZON_DAYS)
            .map(move |i| first + Duration::days(i))
            .filter(move |d| self.holidays.contains(d) == holidays)
            .flat_map(move |d| self.openings_on(d))
            .filter(|s| s.to > s.from);
        Merged { inner: raw, current: None }.filter(move |s| s.to > from)
    }
}

/// Merges overlapping or touching spans of a stream ordered by start.
struct Merged<I: Iterator<Item = Span>> {
    inner: I,
    current: Option<Span>,
}

impl<I: Iterator<Item = Span>> Iterator for Merged<I> {
    type Item = Span;
    fn next(&mut self) -> Option<Span> {
        loop {
            match (self.inner.next(), self.current) {
                (Some(s), None) => self.current = Some(s),
                (Some(s), Some(c)) if s.from <= c.to => self.current = Some(Span { from: c.from.min(s.from), to: c.to.max(s.to) }),
                (Some(s), Some(c)) => {
                    self.current = Some(s);
                    return Some(c);
                }
                (None, c) => {
                    self.current = None;
                    return c;
                }
            }
        }
    }
}

/// A local wall-clock time as a UTC instant: the first occurrence when clocks were set
/// back, the first instant after the gap when they were set forward.
fn resolve(tz: Tz, local: NaiveDateTime) -> i64 {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.timestamp(),
        LocalResult::Ambiguous(a, b) => a.timestamp().min(b.timestamp()),
        LocalResult::None => {
            // In a gap: the first local minute that exists again is where the gap ends.
            let mut probe = local;
            for _ in 0..(48 * 60) {
                probe += Duration::minutes(1);
                match tz.from_local_datetime(&probe) {
                    LocalResult::Single(t) => return gap_end(tz, t.with_timezone(&Utc).timestamp()),
                    LocalResult::Ambiguous(a, b) => return gap_end(tz, a.timestamp().min(b.timestamp())),
                    LocalResult::None => {}
                }
            }
            local.and_utc().timestamp()
        }
    }
}

/// The transition instant at or before `t` that a gap ended at (transitions fall on whole
/// minutes but not always on the probed one).
fn gap_end(tz: Tz, t: i64) -> i64 {
    let offset = |x: i64| tz.offset_from_utc_datetime(&DateTime::from_timestamp(x, 0).unwrap_or_default().naive_utc());
    let after = offset(t);
    let (mut lo, mut hi) = (t - 3600 * 26, t);
    if offset(lo) == after {
        return t;
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if offset(mid) == after {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}
