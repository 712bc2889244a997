//! Time inside the core is UTC, stored as RFC 3339 text to the second with a `Z` suffix.
//! Local time exists only at the edges (display settings, business calendars).
//!
//! **Invariant:** this is the only place that reads the real time (a tidy test holds it).
//! Everything else asks a [`Clock`]: the workspace's (`Workspace::now`, `Tx::now`), so a test
//! pins "now" for one workspace without touching any other test running beside it.

use chrono::{DateTime, SecondsFormat, Utc};

/// Where "now" comes from: the system's clock (the app and the CLI), or an instant a test
/// pinned.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Clock {
    #[default]
    System,
    Fixed(DateTime<Utc>),
}

impl Clock {
    /// A clock pinned at an RFC 3339 instant (tests: `Clock::at("2026-12-06T09:00:00Z")?`).
    pub fn at(text: &str) -> crate::error::Result<Clock> {
        parse(text).map(Clock::Fixed).ok_or_else(|| crate::error::CoreError::validation("now", format!("\"{text}\" is not an RFC 3339 instant.")))
    }

    /// The current instant, truncated to whole seconds so stored and displayed values agree.
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => system_now(),
            Clock::Fixed(t) => *t,
        }
    }
}

fn system_now() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now)
}

pub fn to_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// An instant as stored (RFC 3339), back to a time; None when it is not one.
pub fn parse(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).ok().map(|t| t.with_timezone(&Utc))
}

/// A time zone named where text enters (a setting, an import option, a business calendar),
/// parsed once with one message for every field that takes one.
pub fn parse_zone(field: &str, text: &str) -> crate::error::Result<chrono_tz::Tz> {
    text.trim()
        .parse()
        .map_err(|_| crate::error::CoreError::validation(field, format!("\"{text}\" is not an IANA time zone (for example Europe/Berlin).")))
}
