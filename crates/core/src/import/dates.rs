//! Dates as other tools export them: `29/2/2016 01:16`, `2016-02-29 01:16:00`,
//! `12/Mar/24 9:41 AM`, RFC 3339. Naive values are read in the import's time zone; day/month
//! order is decided from a whole column, never guessed row by row.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::labelled_enum;

labelled_enum!(
    DateOrder {
        Dmy = "dmy": "day/month/year",
        Mdy = "mdy": "month/day/year",
        Ymd = "ymd": "year-month-day",
    }
);

/// What a column's values say about day/month order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detected {
    /// Every value is unambiguous in itself (ISO, month names, RFC 3339) or the column is empty.
    NotNeeded,
    Order(DateOrder),
    /// Numeric day and month that never exceed 12: the column cannot tell.
    Ambiguous,
    /// Some values need day first and others month first.
    Contradictory,
}

fn tokens(s: &str) -> Vec<&str> {
    s.split(|c: char| !c.is_ascii_alphanumeric()).filter(|t| !t.is_empty()).collect()
}

fn month_name(t: &str) -> Option<u32> {
    const NAMES: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let l = t.to_ascii_lowercase();
    if l.len() < 3 {
        return None;
    }
    NAMES.iter().position(|n| l.starts_with(n)).map(|i| i as u32 + 1)
}

/// Looks at a column's values one at a time (imports stream their files).
#[derive(Debug, Clone, Copy, Default)]
pub struct DateScan {
    day_first: bool,
    month_first: bool,
    ambiguous: bool,
}

impl DateScan {
    pub fn feed(&mut self, v: &str) {
        let v = v.trim();
        if v.is_empty() || v == "?" || !v.starts_with(|c: char| c.is_ascii_digit()) {
            return;
        }
        let t = tokens(v);
        if t.len() < 3 || t[0].len() == 4 || t.iter().take(3).any(|x| month_name(x).is_some()) {
            return;
        }
        let (a, b) = (t[0].parse::<u32>().unwrap_or(0), t[1].parse::<u32>().unwrap_or(0));
        if a > 12 {
            self.day_first = true;
        } else if b > 12 {
            self.month_first = true;
        } else {
            self.ambiguous = true;
        }
    }

    pub fn result(&self) -> Detected {
        match (self.day_first, self.month_first, self.ambiguous) {
            (true, true, _) => Detected::Contradictory,
            (true, false, _) => Detected::Order(DateOrder::Dmy),
            (false, true, _) => Detected::Order(DateOrder::Mdy),
            (false, false, true) => Detected::Ambiguous,
            (false, false, false) => Detected::NotNeeded,
        }
    }
}

/// Looks at every value of a column.
pub fn detect<'a>(values: impl IntoIterator<Item = &'a str>) -> Detected {
    let mut scan = DateScan::default();
    for v in values {
        scan.feed(v);
    }
    scan.result()
}

/// Parses one value; `order` is needed only for numeric day/month values.
pub fn parse(value: &str, order: Option<DateOrder>, tz: Tz) -> Result<DateTime<Utc>, String> {
    let v = value.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(v) {
        return Ok(dt.with_timezone(&Utc));
    }
    if let Ok(dt) = DateTime::parse_from_str(v, "%Y-%m-%d %H:%M:%S %z") {
        return Ok(dt.with_timezone(&Utc));
    }
    let bad = || format!("\"{v}\" is not a date Steward can read");
    let t = tokens(v);
    if t.len() < 3 {
        return Err(bad());
    }
    let num = |s: &str| s.parse::<u32>().map_err(|_| bad());
    let (year, month, day, rest) = if t[0].len() == 4 && t[0].chars().all(|c| c.is_ascii_digit()) {
        (num(t[0])? as i32, month_name(t[1]).map_or_else(|| num(t[1]), Ok)?, num(t[2])?, &t[3..])
    } else if let Some(m) = month_name(t[1]) {
        (num(t[2])? as i32, m, num(t[0])?, &t[3..])
    } else if let Some(m) = month_name(t[0]) {
        (num(t[2])? as i32, m, num(t[1])?, &t[3..])
    } else {
        let (a, b, y) = (num(t[0])?, num(t[1])?, num(t[2])? as i32);
        match order {
            Some(DateOrder::Mdy) => (y, a, b, &t[3..]),
            Some(DateOrder::Dmy) => (y, b, a, &t[3..]),
            _ if a > 12 => (y, b, a, &t[3..]),
            _ if b > 12 => (y, a, b, &t[3..]),
            _ => return Err(format!("\"{v}\": day and month order is ambiguous")),
        }
    };
    let year = match year {
        0..=69 => 2000 + year,
        70..=99 => 1900 + year,
        y => y,
    };
    let date = NaiveDate::from_ymd_opt(year, month, day).ok_or_else(bad)?;
    let pm = rest.iter().any(|x| x.eq_ignore_ascii_case("pm"));
    let am = rest.iter().any(|x| x.eq_ignore_ascii_case("am"));
    let nums: Vec<u32> = rest.iter().filter_map(|x| x.parse().ok()).collect();
    let (mut h, m, s) = (nums.first().copied().unwrap_or(0), nums.get(1).copied().unwrap_or(0), nums.get(2).copied().unwrap_or(0));
    if pm && h < 12 {
        h += 12;
    } else if am && h == 12 {
        h = 0;
    }
    let time = NaiveTime::from_hms_opt(h, m, s).ok_or_else(bad)?;
    Ok(local_to_utc(NaiveDateTime::new(date, time), tz))
}

/// A time as tools write it: RFC 3339, a date (and time) in `tz`, or seconds or
/// milliseconds since 1970 (Jenkins, Grafana); refused in words naming `field`.
pub fn instant(field: &str, value: &str, order: Option<DateOrder>, tz: Tz) -> crate::error::Result<DateTime<Utc>> {
    use crate::error::CoreError;
    let v = value.trim();
    if v.len() >= 9 && v.chars().all(|c| c.is_ascii_digit()) {
        let n: i64 = v.parse().map_err(|_| CoreError::validation(field, format!("\"{v}\" is not a time.")))?;
        let t = if v.len() >= 12 { DateTime::from_timestamp_millis(n) } else { DateTime::from_timestamp(n, 0) };
        return t.ok_or_else(|| CoreError::validation(field, format!("\"{v}\" is not a time.")));
    }
    parse(v, order, tz).map_err(|why| CoreError::validation(field, why))
}

/// A local time in a DST gap means the first instant after the gap; an ambiguous one its
/// first occurrence.
pub fn local_to_utc(local: NaiveDateTime, tz: Tz) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(a, _) => a.with_timezone(&Utc),
        LocalResult::None => {
            let mut probe = local;
            for _ in 0..(26 * 60) {
                probe += chrono::Duration::minutes(1);
                if let Some(t) = tz.from_local_datetime(&probe).earliest() {
                    // The gap's end: step back to the first minute that exists.
                    return t.with_timezone(&Utc) - chrono::Duration::seconds(t.timestamp() % 60);
                }
            }
            Utc.from_utc_datetime(&local)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn reads_the_usual_export_formats() {
        let utc = chrono_tz::UTC;
        assert_eq!(parse("29/2/2016 01:16", Some(DateOrder::Dmy), utc).unwrap(), at("2016-02-29T01:16:00Z"));
        assert_eq!(parse("2016-02-29 01:16:00", None, utc).unwrap(), at("2016-02-29T01:16:00Z"));
        assert_eq!(parse("12/Mar/24 9:41 AM", None, utc).unwrap(), at("2024-03-12T09:41:00Z"));
        assert_eq!(parse("12/Mar/24 12:05 PM", None, utc).unwrap(), at("2024-03-12T12:05:00Z"));
        assert_eq!(parse("12/Mar/24 12:05 AM", None, utc).unwrap(), at("2024-03-12T00:05:00Z"));
        assert_eq!(parse("2024-03-12T09:41:00Z", None, utc).unwrap(), at("2024-03-12T09:41:00Z"));
        assert_eq!(parse("03/13/2024 10:00", None, utc).unwrap(), at("2024-03-13T10:00:00Z"));
        assert!(parse("31/02/2024 10:00", Some(DateOrder::Dmy), utc).is_err());
        assert!(parse("soon", None, utc).is_err());
    }

    #[test]
    fn naive_times_are_local_to_the_import_zone() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        assert_eq!(parse("2024-03-04 09:00:00", None, berlin).unwrap(), at("2024-03-04T08:00:00Z"));
        // In the spring-forward gap: the first instant after it.
        assert_eq!(parse("2024-03-31 02:30:00", None, berlin).unwrap(), at("2024-03-31T01:00:00Z"));
        // Clocks set back: the first occurrence.
        assert_eq!(parse("2024-10-27 02:30:00", None, berlin).unwrap(), at("2024-10-27T00:30:00Z"));
    }

    #[test]
    fn order_is_detected_from_the_whole_column() {
        assert_eq!(detect(["1/2/2024 10:00", "29/2/2024 10:00"]), Detected::Order(DateOrder::Dmy));
        assert_eq!(detect(["1/2/2024", "2/29/2024"]), Detected::Order(DateOrder::Mdy));
        assert_eq!(detect(["1/2/2024", "3/4/2024"]), Detected::Ambiguous);
        assert_eq!(detect(["13/2/2024", "2/29/2024"]), Detected::Contradictory);
        assert_eq!(detect(["2024-02-01 10:00:00", "", "12/Mar/24 9:41 AM"]), Detected::NotNeeded);
    }
}
