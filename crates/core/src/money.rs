//! Exact money: amounts are integer minor units (cents), read from decimals and written as
//! decimals with exactly two places; never floating point. A ledger's amounts are read
//! strictly (`parse_cents`: a comma is refused); an amount a person types into a form may
//! group its thousands (`typed_cents`).

use crate::error::{CoreError, Result};

/// Cents from a ledger's amount: an optional minus, digits, at most two decimals after a
/// '.'. A comma (decimal or thousands) is refused saying how to write the amount.
pub fn parse_cents(field: &str, text: &str) -> Result<i64> {
    let t = text.trim();
    let refuse = |why: String| CoreError::validation(field, why);
    if t.contains(',') {
        let why = match t.rsplit_once(',') {
            Some((_, tail)) if tail.len() <= 2 && !t.contains('.') => format!("\"{t}\" has a comma as its decimal separator: write {} instead.", t.replace('.', "").replace(',', ".")),
            _ => format!("\"{t}\" has thousands separators: write the amount without them ({}).", t.replace(',', "")),
        };
        return Err(refuse(why));
    }
    let (negative, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let ok = !whole.is_empty() && whole.len() <= 15 && whole.chars().all(|c| c.is_ascii_digit()) && frac.len() <= 2 && frac.chars().all(|c| c.is_ascii_digit()) && !(digits.contains('.') && frac.is_empty());
    if !ok {
        return Err(refuse(format!("\"{t}\" is not an amount (digits, a '.' and at most two decimals).")));
    }
    let w: i64 = whole.parse().map_err(|_| refuse(format!("\"{t}\" is too large.")))?;
    let f: i64 = if frac.is_empty() { 0 } else { format!("{frac:0<2}").parse().unwrap_or(0) };
    let cents = w * 100 + f;
    Ok(if negative { -cents } else { cents })
}

/// Cents from a non-negative amount a person typed ("1250", "1250.5", "1,250.50"); a third
/// decimal place, a sign or letters are refused.
pub fn typed_cents(field: &str, text: &str) -> Result<i64> {
    let t: String = text.trim().chars().filter(|c| *c != ',' && *c != ' ').collect();
    if t.starts_with('-') {
        return Err(CoreError::validation(field, format!("\"{}\" is not an amount (digits, at most two decimal places).", text.trim())));
    }
    // "1250." as typed is 1250.
    let t = t.strip_suffix('.').unwrap_or(&t);
    parse_cents(field, t).map_err(|_| CoreError::validation(field, format!("\"{}\" is not an amount (digits, at most two decimal places).", text.trim())))
}

/// A decimal with exactly two places ("-12.05").
pub fn decimal(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let a = cents.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

/// A decimal with thousands grouped, for explanations a person reads ("12,400.00").
pub fn grouped(cents: i64) -> String {
    let d = decimal(cents);
    let (sign, rest) = d.strip_prefix('-').map(|r| ("-", r)).unwrap_or(("", d.as_str()));
    let (whole, frac) = rest.split_once('.').unwrap_or((rest, "00"));
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}.{frac}")
}

/// Millionths from a decimal with at most six places ("33.333" → 33_333_000), for shares
/// and exchange rates.
pub fn parse_micros(field: &str, text: &str) -> Result<u64> {
    let t = text.trim().trim_end_matches('%').trim();
    let refuse = || CoreError::validation(field, format!("\"{}\" is not a number (digits, a '.' and at most six decimals).", text.trim()));
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    if whole.is_empty() || whole.len() > 12 || !whole.chars().all(|c| c.is_ascii_digit()) || frac.len() > 6 || !frac.chars().all(|c| c.is_ascii_digit()) {
        return Err(refuse());
    }
    let w: u64 = whole.parse().map_err(|_| refuse())?;
    let f: u64 = if frac.is_empty() { 0 } else { format!("{frac:0<6}").parse().map_err(|_| refuse())? };
    Ok(w * 1_000_000 + f)
}

/// A decimal from millionths, without trailing zeros ("33.333", "25", "0.92").
pub fn micros_text(m: u64) -> String {
    let frac = format!("{:06}", m % 1_000_000);
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() { format!("{}", m / 1_000_000) } else { format!("{}.{frac}", m / 1_000_000) }
}

/// Cents in another currency converted at a rate (millionths of the workspace's currency
/// per unit), rounded half away from zero.
pub fn convert(cents: i64, rate_micros: u64) -> i64 {
    let p = i128::from(cents) * i128::from(rate_micros);
    let q = (p.abs() + 500_000) / 1_000_000;
    (if p < 0 { -q } else { q }) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_amounts_are_exact_cents() {
        assert_eq!(typed_cents("c", "1,250.5").unwrap(), 125_050);
        assert_eq!(typed_cents("c", "0.07").unwrap(), 7);
        assert_eq!(decimal(125_050), "1250.50");
        for bad in ["-3", "1.234", "12e3", "", "1.2.3", "€5"] {
            assert_eq!(typed_cents("monthly_cost", bad).unwrap_err().field(), Some("monthly_cost"), "{bad}");
        }
        assert_eq!((micros_text(33_333_000), micros_text(25_000_000), micros_text(920_000)), ("33.333".into(), "25".into(), "0.92".into()));
    }
}
