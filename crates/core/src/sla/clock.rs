//! SLA clock arithmetic on a business calendar: the deadline of a target, the business time
//! elapsed, and the explanation (which spans counted, were paused, closed or a holiday).
//!
//! Time runs in whole UTC seconds. Business time is the overlap of [start, …) with the
//! calendar's opening spans, minus the pauses. The deadline is the instant the counted time
//! reaches the target: a budget that runs out exactly at closing time ends at that closing
//! instant; a target of 0 ends at the first counting instant at or after the start.

use serde::{Deserialize, Serialize};

use super::calendar::{Calendar, Span};
use crate::error::{CoreError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum SpanKind {
    Counted,
    Paused,
    Closed,
    Holiday,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Explained {
    pub span: Span,
    pub kind: SpanKind,
}

/// Sorted, merged pauses that end after `from`.
fn normalise(pauses: &[Span]) -> Vec<Span> {
    let mut p: Vec<Span> = pauses.iter().copied().filter(|s| s.to > s.from).collect();
    p.sort_by_key(|s| s.from);
    let mut out: Vec<Span> = Vec::new();
    for s in p {
        match out.last_mut() {
            Some(last) if s.from <= last.to => last.to = last.to.max(s.to),
            _ => out.push(s),
        }
    }
    out
}

/// The counted pieces of one opening span: the span minus the pauses.
fn counted_pieces(open: Span, pauses: &[Span]) -> Vec<Span> {
    let mut pieces = Vec::new();
    let mut at = open.from;
    for p in pauses.iter().filter(|p| p.to > open.from && p.from < open.to) {
        if p.from > at {
            pieces.push(Span { from: at, to: p.from });
        }
        at = at.max(p.to);
    }
    if at < open.to {
        pieces.push(Span { from: at, to: open.to });
    }
    pieces
}

/// Counted spans from `start` on, in order.
fn counted_from<'a>(cal: &'a Calendar, start: i64, pauses: &'a [Span]) -> impl Iterator<Item = Span> + 'a {
    cal.open_spans(start).flat_map(move |o| counted_pieces(Span { from: o.from.max(start), to: o.to }, pauses))
}

/// The instant `target_secs` of counted time after `start`.
pub fn deadline(cal: &Calendar, start: i64, target_secs: i64, pauses: &[Span]) -> Result<i64> {
    if target_secs < 0 {
        return Err(CoreError::validation("target_minutes", "A target cannot be negative."));
    }
    let pauses = normalise(pauses);
    let mut left = target_secs;
    for piece in counted_from(cal, start, &pauses) {
        let len = piece.to - piece.from;
        if left <= len {
            return Ok(piece.from + left);
        }
        left -= len;
    }
    // Only pauses that never end, or holidays over every opening for decades, get here.
    Err(CoreError::validation("calendar", "The clock can never reach its target: there are no business hours left to count (check the holidays and pauses)."))
}

/// Counted seconds between `start` and `end`.
pub fn elapsed(cal: &Calendar, start: i64, end: i64, pauses: &[Span]) -> i64 {
    if end <= start {
        return 0;
    }
    let pauses = normalise(pauses);
    counted_from(cal, start, &pauses).take_while(|p| p.from < end).map(|p| p.to.min(end) - p.from).sum()
}

/// [start, stop) cut into counted, paused, closed and holiday spans, adjacent spans of one
/// kind joined.
pub fn explain(cal: &Calendar, start: i64, stop: i64, pauses: &[Span]) -> Vec<Explained> {
    if stop <= start {
        return vec![];
    }
    let pauses = normalise(pauses);
    let open: Vec<Span> = cal.open_spans(start).take_while(|s| s.from < stop).collect();
    let holidays: Vec<Span> = cal.holiday_spans(start).take_while(|s| s.from < stop).collect();
    let mut cuts: Vec<i64> = vec![start, stop];
    for s in open.iter().chain(&holidays).chain(&pauses) {
        cuts.extend([s.from, s.to].into_iter().filter(|t| *t > start && *t < stop));
    }
    cuts.sort_unstable();
    cuts.dedup();
    let inside = |spans: &[Span], t: i64| spans.iter().any(|s| s.from <= t && t < s.to);
    let mut out: Vec<Explained> = Vec::new();
    for w in cuts.windows(2) {
        let (from, to) = (w[0], w[1]);
        let kind = if inside(&open, from) {
            if inside(&pauses, from) { SpanKind::Paused } else { SpanKind::Counted }
        } else if inside(&holidays, from) {
            SpanKind::Holiday
        } else {
            SpanKind::Closed
        };
        match out.last_mut() {
            Some(last) if last.kind == kind && last.span.to == from => last.span.to = to,
            _ => out.push(Explained { span: Span { from, to }, kind }),
        }
    }
    out
}

/// A calendar's opening spans over a stretch of time, laid out once with running totals, so
/// that the clocks of many records on one calendar are binary searches instead of walks
/// through the calendar day by day (each day a time-zone conversion). It answers exactly
/// as `deadline` and `elapsed` do, and hands back to them whatever falls outside its stretch.
pub struct Timeline<'a> {
    cal: &'a Calendar,
    from: i64,
    until: i64,
    spans: Vec<Span>,
    /// `before[i]`: the open seconds of `spans[..i]`.
    before: Vec<i64>,
}

impl<'a> Timeline<'a> {
    /// Every opening of `cal` that ends after `from` and starts before `until`.
    pub fn new(cal: &'a Calendar, from: i64, until: i64) -> Self {
        let spans: Vec<Span> = if until > from { cal.open_spans(from).take_while(|s| s.from < until).collect() } else { vec![] };
        let mut before = Vec::with_capacity(spans.len() + 1);
        let mut sum = 0;
        before.push(0);
        for s in &spans {
            sum += s.to - s.from;
            before.push(sum);
        }
        Timeline { cal, from, until, spans, before }
    }

    /// Open seconds from the table's start up to `t` (the position of `t` on the counted axis).
    fn position(&self, t: i64) -> i64 {
        let i = self.spans.partition_point(|s| s.to <= t);
        match self.spans.get(i) {
            Some(s) => self.before[i] + (t - s.from).clamp(0, s.to - s.from),
            None => self.before[self.spans.len()],
        }
    }

    fn covers(&self, t: i64) -> bool {
        t >= self.from && t <= self.until
    }

    /// As `deadline`.
    pub fn deadline(&self, start: i64, target_secs: i64, pauses: &[Span]) -> Result<i64> {
        if target_secs < 0 || !self.covers(start) {
            return deadline(self.cal, start, target_secs, pauses);
        }
        let i = self.spans.partition_point(|s| s.to <= start);
        if pauses.is_empty() {
            let goal = self.position(start) + target_secs;
            // The first span (from the start's on) whose end reaches the goal.
            let j = i + self.before[i + 1..].partition_point(|&b| b < goal);
            return match self.spans.get(j) {
                Some(s) => Ok(s.from + (goal - self.before[j])),
                None => deadline(self.cal, start, target_secs, pauses),
            };
        }
        let pauses = normalise(pauses);
        let mut left = target_secs;
        for open in &self.spans[i..] {
            for piece in counted_pieces(Span { from: open.from.max(start), to: open.to }, &pauses) {
                let len = piece.to - piece.from;
                if left <= len {
                    return Ok(piece.from + left);
                }
                left -= len;
            }
        }
        deadline(self.cal, start, target_secs, &pauses)
    }

    /// As `elapsed`.
    pub fn elapsed(&self, start: i64, end: i64, pauses: &[Span]) -> i64 {
        if end <= start {
            return 0;
        }
        if !self.covers(start) || !self.covers(end) {
            return elapsed(self.cal, start, end, pauses);
        }
        let open = self.position(end) - self.position(start);
        if pauses.is_empty() {
            return open;
        }
        // Less the open time each pause covers inside [start, end).
        let covered: i64 = normalise(pauses)
            .iter()
            .map(|p| Span { from: p.from.max(start), to: p.to.min(end) })
            .filter(|p| p.to > p.from)
            .map(|p| self.position(p.to) - self.position(p.from))
            .sum();
        open - covered
    }
}
