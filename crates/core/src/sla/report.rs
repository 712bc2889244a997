//! Reading the clocks: the contract's report per target, compliance by agreement, target,
//! service, priority or month, the breach list with what explains each breach, and the
//! trend the chart draws. Clocks count for compliance when they stopped (met or breached).

use chrono::NaiveDate;
use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::model::AppliesTo;
use crate::error::{CoreError, Result};
use crate::incidents::OnHoldReason;
use crate::labelled_enum;
use crate::workspace::Workspace;

/// A period's bounds as the text the clocks store (RFC 3339 compares as text on the index):
/// `from` inclusive, the day after `to` exclusive.
fn bounds(from: Option<&str>, to: Option<&str>) -> Result<(Option<String>, Option<String>)> {
    let day = |field: &str, d: Option<&str>| -> Result<Option<NaiveDate>> {
        d.map(str::trim)
            .filter(|d| !d.is_empty())
            .map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| CoreError::validation(field, format!("\"{d}\" is not a date (YYYY-MM-DD)."))))
            .transpose()
    };
    let (from, to) = (day("from", from)?, day("to", to)?);
    if let (Some(f), Some(t)) = (from, to) {
        if t < f {
            return Err(CoreError::validation("to", format!("The period ends ({t}) before it starts ({f}).")));
        }
    }
    let text = |x: Option<NaiveDate>| x.map(|d| d.format("%Y-%m-%d").to_string());
    Ok((text(from), text(to.and_then(|t| t.succ_opt()))))
}

fn pct(measured: u64, met: u64) -> Option<f64> {
    (measured > 0).then(|| (met as f64 * 1000.0 / measured as f64).round() / 10.0)
}

/// One row of the compliance report: a target's clocks that stopped in the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReportRow {
    pub agreement: String,
    pub target: String,
    pub measured: u64,
    pub met: u64,
    pub breached: u64,
    pub compliance_pct: Option<f64>,
}

/// Compliance per target over clocks that stopped between `from` and `to` (inclusive UTC
/// dates as YYYY-MM-DD, either open).
pub fn sla_report(ws: &Workspace, from: Option<&str>, to: Option<&str>) -> Result<Vec<ReportRow>> {
    let (from, to) = bounds(from, to)?;
    let mut stmt = ws.conn().prepare_cached(
        "SELECT a.name, t.name,
                count(c.stopped_at),
                count(CASE WHEN c.stopped_at IS NOT NULL AND c.state = 'met' THEN 1 END),
                count(CASE WHEN c.stopped_at IS NOT NULL AND c.state = 'breached' THEN 1 END)
           FROM sla_targets t JOIN agreements a ON a.id = t.agreement_id
           LEFT JOIN sla_clocks c ON c.target_id = t.id AND c.stopped_at IS NOT NULL
                AND (?1 IS NULL OR c.stopped_at >= ?1) AND (?2 IS NULL OR c.stopped_at < ?2)
          GROUP BY t.id ORDER BY a.name, t.id",
    )?;
    let rows = stmt.query_map(params![from, to], |r| {
        let (measured, met, breached): (u64, u64, u64) = (r.get(2)?, r.get(3)?, r.get(4)?);
        Ok(ReportRow { agreement: r.get(0)?, target: r.get(1)?, measured, met, breached, compliance_pct: pct(measured, met) })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

labelled_enum!(
    ComplianceBy {
        Agreement = "agreement": "Agreement",
        Target = "target": "Target",
        Service = "service": "Service",
        Priority = "priority": "Priority",
        Month = "month": "Month",
    }
);

impl ComplianceBy {
    fn key(self) -> &'static str {
        match self {
            ComplianceBy::Agreement => "a.name",
            ComplianceBy::Target => "a.name || ' / ' || t.name",
            ComplianceBy::Service => "coalesce(s.name, '(no service)')",
            ComplianceBy::Priority => "CASE WHEN c.record_kind = 'request' THEN 'Service requests' ELSE 'P' || i.priority END",
            ComplianceBy::Month => "substr(c.stopped_at, 1, 7)",
        }
    }
}

/// Compliance of the clocks that stopped in a period, grouped one way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ComplianceRow {
    pub key: String,
    pub measured: u64,
    pub met: u64,
    pub breached: u64,
    pub compliance_pct: Option<f64>,
}

/// The clocks with what they measure: agreement, target, and the record's service and priority.
const CLOCKS: &str = "sla_clocks c JOIN sla_targets t ON t.id = c.target_id JOIN agreements a ON a.id = t.agreement_id
    LEFT JOIN incidents i ON c.record_kind = 'incident' AND i.id = c.record_id
    LEFT JOIN requests r ON c.record_kind = 'request' AND r.id = c.record_id
    LEFT JOIN services s ON s.id = coalesce(i.service_id, r.service_id)";

pub fn compliance(ws: &Workspace, by: ComplianceBy, from: Option<&str>, to: Option<&str>) -> Result<Vec<ComplianceRow>> {
    let (from, to) = bounds(from, to)?;
    let sql = format!(
        "SELECT {key}, count(*), count(CASE WHEN c.state = 'met' THEN 1 END), count(CASE WHEN c.state = 'breached' THEN 1 END)
           FROM {CLOCKS}
          WHERE c.stopped_at IS NOT NULL AND (?1 IS NULL OR c.stopped_at >= ?1) AND (?2 IS NULL OR c.stopped_at < ?2)
          GROUP BY 1 ORDER BY {order}",
        key = by.key(),
        order = if by == ComplianceBy::Month { "1" } else { "2 DESC, 1" },
    );
    let mut stmt = ws.conn().prepare(&sql)?;
    let rows = stmt.query_map(params![from, to], |r| {
        let (measured, met, breached): (u64, u64, u64) = (r.get(1)?, r.get(2)?, r.get(3)?);
        Ok(ComplianceRow { key: r.get(0)?, measured, met, breached, compliance_pct: pct(measured, met) })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A breached clock with what explains it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Breach {
    pub kind: AppliesTo,
    pub record_id: i64,
    pub number: String,
    pub title: String,
    pub agreement: String,
    pub target: String,
    pub deadline: String,
    /// None: still running past its deadline.
    pub stopped_at: Option<String>,
    /// Business minutes used beyond the target.
    pub over_minutes: i64,
    pub group: Option<String>,
    /// Facts from the record's timeline that explain the breach, most telling first.
    pub reasons: Vec<String>,
}

/// How many breaches the list shows at most; the compliance figures count all of them.
pub const BREACH_LIMIT: u32 = 500;

fn minutes_text(m: i64) -> String {
    let m = m.max(0);
    match m {
        0..=59 => format!("{m} min"),
        60..=1439 => format!("{} h {} min", m / 60, m % 60),
        _ => format!("{} d {} h", m / 1440, (m % 1440) / 60),
    }
}

/// Breached clocks that stopped in the period, or run past their deadline now, latest
/// deadline first.
pub fn breaches(ws: &Workspace, from: Option<&str>, to: Option<&str>) -> Result<Vec<Breach>> {
    let (from, to) = bounds(from, to)?;
    let conn = ws.conn();
    let sql = format!(
        "SELECT c.record_kind, c.record_id, coalesce(i.number, r.number), coalesce(i.title, r.title), a.name, t.name, c.deadline, c.stopped_at,
                c.elapsed_secs / 60 - t.minutes, coalesce(gi.name, gr.name), t.metric, t.pause_reasons,
                i.reassignment_count, i.reopen_count
           FROM {CLOCKS}
           LEFT JOIN support_groups gi ON gi.id = i.assignment_group_id
           LEFT JOIN support_groups gr ON gr.id = r.assignment_group_id
          WHERE c.state = 'breached' AND (c.stopped_at IS NULL OR ((?1 IS NULL OR c.stopped_at >= ?1) AND (?2 IS NULL OR c.stopped_at < ?2)))
          ORDER BY c.deadline DESC LIMIT {BREACH_LIMIT}"
    );
    let mut stmt = conn.prepare(&sql)?;
    type Row = (Breach, super::model::Metric, String, Option<i64>, Option<i64>);
    let rows: Vec<Row> = stmt
        .query_map(params![from, to], |r| {
            Ok((
                Breach {
                    kind: r.get(0)?,
                    record_id: r.get(1)?,
                    number: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                    title: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                    agreement: r.get(4)?,
                    target: r.get(5)?,
                    deadline: r.get(6)?,
                    stopped_at: r.get(7)?,
                    over_minutes: r.get(8)?,
                    group: r.get(9)?,
                    reasons: vec![],
                },
                r.get(10)?,
                r.get(11)?,
                r.get(12)?,
                r.get(13)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let now = ws.now().timestamp();
    let mut out = Vec::with_capacity(rows.len());
    for (mut b, metric, pause_reasons, reassigned, reopened) in rows {
        let what = match metric {
            super::model::Metric::Response => "responded to",
            super::model::Metric::Resolution => if b.kind == AppliesTo::Request { "fulfilled" } else { "resolved" },
        };
        b.reasons.push(match &b.stopped_at {
            Some(_) => format!("{what} {} of business time after the target", minutes_text(b.over_minutes)),
            None => format!("not {what} yet: past the deadline"),
        });
        if b.kind == AppliesTo::Incident {
            // Time on hold that this target does not pause for counted against it.
            let pausing: Vec<OnHoldReason> = serde_json::from_str(&pause_reasons).unwrap_or_default();
            let until = b.stopped_at.as_deref().and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok()).map_or(now, |t| t.timestamp());
            for reason in OnHoldReason::ALL.iter().filter(|r| !pausing.contains(r)) {
                let held: i64 = super::clocks::pauses_of(conn, b.record_id, &[*reason], until)?.spans.iter().map(|s| (s.to.min(until) - s.from).max(0)).sum();
                if held >= 60 {
                    b.reasons.push(format!("on hold {} ({}), which this target does not pause for", minutes_text(held / 60), reason.label().to_lowercase()));
                }
            }
            if let Some(n) = reassigned.filter(|n| *n >= 2) {
                b.reasons.push(format!("reassigned {n} times"));
            }
            if let Some(n) = reopened.filter(|n| *n >= 1) {
                b.reasons.push(format!("reopened {n} time{}", if n == 1 { "" } else { "s" }));
            }
            let raised: Option<(String, String)> = conn
                .query_row(
                    "SELECT from_value, to_value FROM incident_history WHERE incident_id = ?1 AND field = 'priority' AND from_value IS NOT NULL ORDER BY at, id LIMIT 1",
                    [b.record_id],
                    |r| Ok((r.get::<_, Option<String>>(0)?.unwrap_or_default(), r.get::<_, Option<String>>(1)?.unwrap_or_default())),
                )
                .ok();
            if let Some((from, to)) = raised.filter(|(f, t)| !f.is_empty() && f != t) {
                b.reasons.push(format!("priority changed from P{from} to P{to} after it was logged"));
            }
        }
        out.push(b);
    }
    Ok(out)
}

labelled_enum!(
    TrendPeriod {
        Month = "month": "Monthly",
        Week = "week": "Weekly",
    }
);

/// Compliance of every target together per period of the clocks' stop (UTC).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TrendRow {
    /// "YYYY-MM", or an ISO week "YYYY-Www"
    pub period: String,
    pub measured: u64,
    pub met: u64,
    pub breached: u64,
}

/// The last 24 months, or the last 26 weeks: what a trend chart can show readably.
pub fn trend(ws: &Workspace, period: TrendPeriod) -> Result<Vec<TrendRow>> {
    let (key, keep) = match period {
        TrendPeriod::Month => ("substr(day, 1, 7)", 24),
        TrendPeriod::Week => ("strftime('%G-W%V', day)", 26),
    };
    // The stopped clocks counted per day as they are written (see migration V7).
    let sql = format!(
        "SELECT * FROM (SELECT {key} AS p, sum(met) + sum(breached) AS n, sum(met), sum(breached)
           FROM sla_clock_days GROUP BY 1 HAVING n > 0 ORDER BY 1 DESC LIMIT {keep}) ORDER BY 1"
    );
    let mut stmt = ws.conn().prepare_cached(&sql)?;
    let rows = stmt.query_map([], |r| Ok(TrendRow { period: r.get(0)?, measured: r.get(1)?, met: r.get(2)?, breached: r.get(3)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
