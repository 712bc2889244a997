//! The queues' deadline filter, one `due` term: a running clock past its deadline, due by
//! the end of today (the day as the display zone reads it), due within some hours, or no
//! running clock at all. Turned here into bounds on the list's `sla_due`, which its index
//! serves; a record whose clocks have all stopped carries [`NO_DEADLINE`] there.

use chrono::{DateTime, Duration, TimeZone, Utc};

use super::clocks::NO_DEADLINE;
use crate::error::{CoreError, Result};
use crate::list::{FilterOp, FilterTerm, ListRequest};
use crate::workspace::Workspace;

/// The field a list request names for this filter.
pub const FIELD: &str = "due";

/// What a `due` term asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    Breached,
    Today,
    WithinHours(u32),
    NoClock,
}

impl Due {
    /// `breached`, `today`, `hours:N` (1 to 720) or `none`.
    pub fn parse(value: &str) -> Result<Due> {
        let bad = || CoreError::validation(FIELD, format!("\"{value}\" is not a deadline filter: it is breached, today, hours:N (1 to 720) or none."));
        match value.trim() {
            "breached" => Ok(Due::Breached),
            "today" => Ok(Due::Today),
            "none" => Ok(Due::NoClock),
            other => match other.strip_prefix("hours:").map(str::parse::<u32>) {
                Some(Ok(h)) if (1..=720).contains(&h) => Ok(Due::WithinHours(h)),
                _ => Err(bad()),
            },
        }
    }

    /// The bound on `sla_due`, given now and the zone "today" is read in.
    fn bound(self, now: DateTime<Utc>, zone: chrono_tz::Tz) -> FilterTerm {
        let at = |op, t: String| FilterTerm { field: "sla_due".into(), value: t, missing: false, op: Some(op) };
        match self {
            Due::Breached => at(FilterOp::AtMost, crate::time::to_text(now)),
            Due::Today => at(FilterOp::AtMost, crate::time::to_text(end_of_day(now, zone) - Duration::seconds(1))),
            Due::WithinHours(h) => at(FilterOp::AtMost, crate::time::to_text(now + Duration::hours(h.into()))),
            Due::NoClock => at(FilterOp::AtLeast, NO_DEADLINE.to_string()),
        }
    }
}

/// The first instant of the day after `now`'s day in `zone` (the first after a gap when
/// midnight does not exist there).
fn end_of_day(now: DateTime<Utc>, zone: chrono_tz::Tz) -> DateTime<Utc> {
    let tomorrow = now.with_timezone(&zone).date_naive() + Duration::days(1);
    let midnight = tomorrow.and_hms_opt(0, 0, 0).unwrap_or_default();
    (0..3)
        .find_map(|h| zone.from_local_datetime(&(midnight + Duration::hours(h))).earliest())
        .map_or(now + Duration::days(1), |t| t.with_timezone(&Utc))
}

/// The request with its `due` term (at most one) made a bound on `sla_due`.
pub(crate) fn resolve(ws: &Workspace, req: &ListRequest) -> Result<ListRequest> {
    let (due, mut filters): (Vec<FilterTerm>, Vec<FilterTerm>) = req.filters.iter().cloned().partition(|t| t.field == FIELD);
    match due.as_slice() {
        [] => return Ok(req.clone()),
        [one] => filters.push(Due::parse(&one.value)?.bound(ws.now(), crate::settings::display_zone(ws)?)),
        _ => return Err(CoreError::validation(FIELD, "Choose one deadline filter at a time.")),
    }
    Ok(ListRequest { filters, ..req.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_ends_at_the_display_zones_midnight_in_utc() {
        let now = Utc.with_ymd_and_hms(2026, 3, 28, 22, 30, 0).unwrap();
        // 23:30 in Berlin on Saturday the 28th; its day ends at 23:00 UTC (winter time).
        assert_eq!(end_of_day(now, chrono_tz::Europe::Berlin), Utc.with_ymd_and_hms(2026, 3, 28, 23, 0, 0).unwrap());
        // In UTC the same instant is still the 28th.
        assert_eq!(end_of_day(now, chrono_tz::UTC), Utc.with_ymd_and_hms(2026, 3, 29, 0, 0, 0).unwrap());
        // Sunday the 29th in Berlin ends at 22:00 UTC (summer time began that night).
        let sunday = Utc.with_ymd_and_hms(2026, 3, 29, 9, 0, 0).unwrap();
        assert_eq!(end_of_day(sunday, chrono_tz::Europe::Berlin), Utc.with_ymd_and_hms(2026, 3, 29, 22, 0, 0).unwrap());
        // Santiago skips midnight when summer time begins (2026-09-06 00:00 does not exist).
        let before = Utc.with_ymd_and_hms(2026, 9, 5, 12, 0, 0).unwrap();
        assert_eq!(end_of_day(before, chrono_tz::America::Santiago), Utc.with_ymd_and_hms(2026, 9, 6, 4, 0, 0).unwrap());
    }

    #[test]
    fn a_deadline_filter_is_one_of_four_and_named_when_not() {
        assert_eq!(Due::parse("hours:4").unwrap(), Due::WithinHours(4));
        assert_eq!(Due::parse("today").unwrap(), Due::Today);
        for bad in ["hours:0", "hours:721", "hours:x", "soon", ""] {
            assert_eq!(Due::parse(bad).unwrap_err().field(), Some(FIELD), "{bad}");
        }
    }
}
