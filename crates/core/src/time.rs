//! Time inside the core is UTC, stored as RFC 3339 text to the second with a `Z` suffix.
//! Local time exists only at the edges (display settings, business calendars).

use chrono::{DateTime, SecondsFormat, Utc};

/// The current instant, truncated to whole seconds so stored and displayed values agree.
pub fn now() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now)
}

pub fn to_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub fn now_text() -> String {
    to_text(now())
}

/// An instant as stored (RFC 3339), back to a time; None when it is not one.
pub fn parse(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).ok().map(|t| t.with_timezone(&Utc))
}
