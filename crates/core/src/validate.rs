//! Parsing of user-entered text at the boundary: length-limited, free of control characters,
//! and never changed beyond what cannot matter: a single line loses the spaces around it
//! (never a tab or a line break, which it refuses by name: trimming `\t=1+1` would make a
//! formula of it), a multi-line text loses only trailing whitespace (its indentation is text).
//! Each failure names the field it came from.

use rusqlite::OptionalExtension;

use crate::error::{CoreError, Result};

/// A referenced record chosen in a form: absent is fine, an id that names nothing is an error
/// on `field` ("The service does not exist (any more)."). `table` is always a literal.
pub fn exists(conn: &rusqlite::Connection, table: &str, id: Option<i64>, field: &str, what: &str) -> Result<()> {
    if let Some(id) = id {
        let found: Option<i64> = conn.query_row(&format!("SELECT id FROM {table} WHERE id = ?1"), [id], |r| r.get(0)).optional()?;
        if found.is_none() {
            return Err(CoreError::validation(field, format!("The {what} does not exist (any more).")));
        }
    }
    Ok(())
}

/// A required single-line name.
pub fn name(field: &str, value: &str, max: usize) -> Result<String> {
    let v = line(field, value, max)?;
    if v.is_empty() {
        return Err(CoreError::validation(field, format!("The {} cannot be empty.", label(field))));
    }
    Ok(v)
}

/// An optional single-line value ("" when absent).
pub fn line(field: &str, value: &str, max: usize) -> Result<String> {
    let v = value.trim_matches(' ');
    check_line(field, v, max)?;
    Ok(v.to_string())
}

/// Multi-line free text.
pub fn text(field: &str, value: &str, max: usize) -> Result<String> {
    let v = value.trim_end();
    check_text(field, v, max)?;
    Ok(v.to_string())
}

/// Why `value` is not a single line of at most `max` characters, if it is not: the rule of
/// [`line`], for a value already trimmed (an import checks a million rows without copying).
pub fn check_line(field: &str, value: &str, max: usize) -> Result<()> {
    if value.len() > max && value.chars().count() > max {
        return Err(CoreError::validation(field, format!("The {} can have at most {max} characters.", label(field))));
    }
    if has_control(value, b"") {
        return Err(CoreError::validation(field, format!("The {} must be a single line without control characters.", label(field))));
    }
    Ok(())
}

/// As [`check_line`] for the rule of [`text`]: line breaks and tabs are text.
pub fn check_text(field: &str, value: &str, max: usize) -> Result<()> {
    if value.len() > max && value.chars().count() > max {
        return Err(CoreError::validation(field, format!("The {} can have at most {max} characters.", label(field))));
    }
    if has_control(value, b"\n\t\r") {
        return Err(CoreError::validation(field, format!("The {} contains control characters.", label(field))));
    }
    Ok(())
}

/// Whether `value` holds a control character (`char::is_control`: C0, DEL and C1) other than
/// those `allowed`, read as bytes (imports check millions of cells): C0 and DEL are single
/// bytes in UTF-8, C1 is 0xC2 followed by 0x80..=0x9F.
fn has_control(value: &str, allowed: &[u8]) -> bool {
    let b = value.as_bytes();
    b.iter().any(|&c| (c < 0x20 && !allowed.contains(&c)) || c == 0x7f) || (b.contains(&0xC2) && b.windows(2).any(|w| w[0] == 0xC2 && (0x80..=0x9F).contains(&w[1])))
}

/// An optional e-mail address: None when blank.
pub fn email(field: &str, value: &str) -> Result<Option<String>> {
    let v = line(field, value, 254)?;
    if v.is_empty() {
        return Ok(None);
    }
    let ok = v.split_once('@').is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && !v.contains(' '));
    if !ok {
        return Err(CoreError::validation(field, format!("\"{v}\" is not an e-mail address.")));
    }
    Ok(Some(v))
}

fn label(field: &str) -> String {
    field.replace('_', " ")
}

/// The fields that differ between two JSON snapshots of a record: `{field: {from, to}}`.
pub fn diff(before: &serde_json::Value, after: &serde_json::Value) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    if let (Some(b), Some(a)) = (before.as_object(), after.as_object()) {
        for (k, av) in a {
            let bv = b.get(k).unwrap_or(&serde_json::Value::Null);
            if bv != av {
                out.insert(k.clone(), serde_json::json!({ "from": bv, "to": av }));
            }
        }
    }
    serde_json::Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_found_as_char_is_control_finds_them() {
        for c in (0u32..0x250).filter_map(char::from_u32) {
            let s = format!("a{c}b");
            assert_eq!(has_control(&s, b""), c.is_control(), "{c:?}");
            assert_eq!(has_control(&s, b"\n\t\r"), c.is_control() && !matches!(c, '\n' | '\t' | '\r'), "{c:?}");
        }
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(name("name", "  Payroll ", 10).unwrap(), "Payroll");
        assert_eq!(name("name", "   ", 10).unwrap_err().field(), Some("name"));
        assert!(name("name", "abcdefghijk", 10).is_err());
        assert!(name("name", "a\u{0}b", 10).is_err());
    }

    #[test]
    fn emails_need_a_domain() {
        assert_eq!(email("email", "").unwrap(), None);
        assert!(email("email", "a@b.com").unwrap().is_some());
        assert!(email("email", "a@b").is_err());
        assert!(email("email", "not an email").is_err());
    }

    #[test]
    fn diff_lists_only_changed_fields() {
        let d = diff(&serde_json::json!({"a": 1, "b": "x"}), &serde_json::json!({"a": 2, "b": "x"}));
        assert_eq!(d, serde_json::json!({"a": {"from": 1, "to": 2}}));
    }
}

/// An optional calendar date as typed (YYYY-MM-DD); blank is none.
pub fn date(field: &str, d: &Option<String>) -> Result<Option<String>> {
    match d.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => Ok(None),
        Some(d) => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map(|_| Some(d.to_string()))
            .map_err(|_| CoreError::validation(field, format!("\"{d}\" is not a date (YYYY-MM-DD)."))),
    }
}
