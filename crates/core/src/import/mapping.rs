//! The column-mapping step of imports whose columns are the user's own (a client's risk
//! register, a criteria pack from another tool): each header suggests the field it feeds by
//! the words such files use; the user confirms or changes it; the import reads the columns
//! the mapping names.

use super::Headers;
use crate::error::{CoreError, Result};

/// The fields a column can feed, each with the words a header may use for it (compared
/// lower-cased with everything but letters and digits removed).
pub type Synonyms = &'static [(&'static str, &'static [&'static str])];

fn squash(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The field a header suggests, if any, and how closely (the place of its word in the
/// field's list: 0 is the field's own name).
fn suggest(synonyms: Synonyms, header: &str) -> Option<(&'static str, usize)> {
    let h = squash(header);
    synonyms.iter().find_map(|(field, words)| words.iter().position(|w| *w == h).map(|rank| (*field, rank)))
}

/// The field each column suggests by its header. A field two columns suggest goes to the
/// closer word (a run's `conclusion` before its `status`), then to the first column.
pub fn suggested(synonyms: Synonyms, headers: &Headers) -> Vec<Option<&'static str>> {
    let each: Vec<Option<(&'static str, usize)>> = headers.names().iter().map(|c| suggest(synonyms, c)).collect();
    let mut best: std::collections::HashMap<&'static str, (usize, usize)> = std::collections::HashMap::new();
    for (column, s) in each.iter().enumerate() {
        if let Some((field, rank)) = s {
            let b = best.entry(field).or_insert((*rank, column));
            if *rank < b.0 {
                *b = (*rank, column);
            }
        }
    }
    each.iter().enumerate().map(|(column, s)| s.and_then(|(field, _)| (best[field].1 == column).then_some(field))).collect()
}

/// The column each field is read from: `mapping[i]` names the field column i feeds (None:
/// left out; no mapping: the suggested one). A field that is not one of `synonyms`', a field
/// fed twice, or a `required` field (with the words asking for it) left unmapped is refused.
pub fn resolve(synonyms: Synonyms, headers: &Headers, mapping: Option<&[Option<String>]>, required: &[(&str, &str)]) -> Result<Vec<Option<String>>> {
    let mapping: Vec<Option<String>> = match mapping {
        Some(m) => m.to_vec(),
        None => suggested(synonyms, headers).into_iter().map(|f| f.map(str::to_string)).collect(),
    };
    let needed: Vec<&str> = required.iter().map(|(f, _)| *f).collect();
    check(headers.names().len(), &mapping, |m| synonyms.iter().any(|(f, _)| *f == m), &needed, |f| {
        required.iter().find(|(r, _)| *r == f).map(|(_, ask)| ask.to_string()).unwrap_or_default()
    })?;
    Ok(mapping)
}

/// Checks a mapping a user gave (`mapping[i]`: the field column i feeds) for a file of
/// `width` columns: every field one the format `knows`, none fed twice, every `required` one
/// fed (else the words `ask` gives for it).
pub fn check(width: usize, mapping: &[Option<String>], knows: impl Fn(&str) -> bool, required: &[&str], ask: impl Fn(&str) -> String) -> Result<()> {
    if mapping.len() != width {
        return Err(CoreError::validation("mapping", format!("The file has {width} columns but {} were mapped; preview it again.", mapping.len())));
    }
    let mut seen = std::collections::HashSet::new();
    for m in mapping.iter().flatten() {
        if !knows(m) {
            return Err(CoreError::validation("mapping", format!("\"{m}\" is not a field this import fills.")));
        }
        if !seen.insert(m.as_str()) {
            return Err(CoreError::validation("mapping", format!("Two columns feed {m}; choose one.")));
        }
    }
    match required.iter().find(|f| !seen.contains(*f)) {
        Some(f) => Err(CoreError::validation("mapping", ask(f))),
        None => Ok(()),
    }
}

/// The fields of a mapping, for the dialog's choices.
pub fn fields(synonyms: Synonyms) -> Vec<&'static str> {
    synonyms.iter().map(|(f, _)| *f).collect()
}
