//! `sla eval`: clock cases in, deadlines (and elapsed time, breach, explanation) out, in
//! the contract's JSON shape. No workspace is involved.

use chrono::DateTime;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::calendar::{CalendarSpec, Span};
use super::clock::{self, SpanKind};
use crate::error::{CoreError, Result};

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Pause {
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Case {
    pub id: String,
    pub calendar: CalendarSpec,
    pub start: String,
    pub target_minutes: i64,
    #[serde(default)]
    pub pauses: Vec<Pause>,
    #[serde(default)]
    pub end: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ExplainedSpan {
    pub from: String,
    pub to: String,
    pub kind: SpanKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CaseResult {
    pub id: String,
    pub deadline: String,
    #[ts(type = "number | null")]
    pub business_minutes_elapsed: Option<i64>,
    pub breached: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub explain: Option<Vec<ExplainedSpan>>,
}

fn instant(id: &str, field: &str, s: &str) -> Result<i64> {
    DateTime::parse_from_rfc3339(s.trim())
        .map(|t| t.timestamp())
        .map_err(|_| CoreError::validation(field, format!("case {id}: \"{s}\" is not a date and time (RFC 3339, e.g. 2024-03-04T07:00:00Z).")))
}

fn text(t: i64) -> String {
    crate::time::to_text(DateTime::from_timestamp(t, 0).unwrap_or_default())
}

fn in_case(id: &str, e: CoreError) -> CoreError {
    match e {
        CoreError::Validation { field, row, reason } => CoreError::Validation { field, row, reason: format!("case {id}: {reason}") },
        other => other,
    }
}

/// Evaluates every case in order; the first invalid case stops the run, named.
pub fn evaluate(cases: &[Case], with_explain: bool) -> Result<Vec<CaseResult>> {
    cases.iter().map(|c| evaluate_one(c, with_explain)).collect()
}

fn evaluate_one(c: &Case, with_explain: bool) -> Result<CaseResult> {
    let id = c.id.as_str();
    let cal = c.calendar.parse().map_err(|e| in_case(id, e))?;
    let start = instant(id, "start", &c.start)?;
    if !(0..=super::model::MAX_TARGET_MINUTES).contains(&c.target_minutes) {
        return Err(CoreError::validation("target_minutes", format!("case {id}: a target is between 0 minutes and ten years of business time.")));
    }
    let pauses = c
        .pauses
        .iter()
        .map(|p| {
            let span = Span { from: instant(id, "pauses", &p.from)?, to: instant(id, "pauses", &p.to)? };
            if span.from > span.to {
                return Err(CoreError::validation("pauses", format!("case {id}: the pause from {} to {} ends before it starts.", p.from, p.to)));
            }
            Ok(span)
        })
        .collect::<Result<Vec<_>>>()?;
    let end = c.end.as_deref().map(|e| instant(id, "end", e)).transpose()?;
    let deadline = clock::deadline(&cal, start, c.target_minutes * 60, &pauses).map_err(|e| in_case(id, e))?;
    let elapsed = end.map(|e| clock::elapsed(&cal, start, e, &pauses) / 60);
    let explain = with_explain.then(|| {
        let stop = end.map_or(deadline, |e| e.max(deadline));
        clock::explain(&cal, start, stop, &pauses)
            .into_iter()
            .map(|x| ExplainedSpan { from: text(x.span.from), to: text(x.span.to), kind: x.kind })
            .collect()
    });
    Ok(CaseResult { id: c.id.clone(), deadline: text(deadline), business_minutes_elapsed: elapsed, breached: end.map(|e| e > deadline), explain })
}

/// The what-if calculator's question: the same as a case, with times typed in the
/// calendar's own zone.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct WhatIf {
    #[ts(type = "{ timezone: string, hours: Record<string, Array<[string, string]>>, holidays: Array<string> }")]
    pub calendar: CalendarSpec,
    pub start: String,
    pub target_minutes: i64,
    #[serde(default)]
    pub pauses: Vec<Pause>,
    #[serde(default)]
    pub end: Option<String>,
}

/// Answers a what-if question with the explanation, through the same engine as `evaluate`.
pub fn what_if(q: &WhatIf) -> Result<CaseResult> {
    let cal = q.calendar.parse()?;
    let utc = |field: &str, s: &str| cal.parse_local(field, s).map(text);
    let case = Case {
        id: "what-if".into(),
        calendar: q.calendar.clone(),
        start: utc("start", &q.start)?,
        target_minutes: q.target_minutes,
        pauses: q.pauses.iter().map(|p| Ok(Pause { from: utc("pauses", &p.from)?, to: utc("pauses", &p.to)? })).collect::<Result<_>>()?,
        end: q.end.as_deref().filter(|e| !e.trim().is_empty()).map(|e| utc("end", e)).transpose()?,
    };
    evaluate_one(&case, true).map_err(|e| match e {
        CoreError::Validation { field, row, reason } => CoreError::Validation { field, row, reason: reason.trim_start_matches("case what-if: ").to_string() },
        other => other,
    })
}
