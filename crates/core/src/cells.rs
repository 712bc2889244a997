//! Spreadsheet cells that would run: which text a spreadsheet takes for a formula, the mark
//! Steward puts before such text in every CSV it writes, and the mark every import takes
//! off again, so steward-csv round-trips exactly.

use std::borrow::Cow;

/// Whether a spreadsheet would run `text` as a formula: it starts with `=`, `+`, `-`, `@`,
/// a tab or a carriage return, or is such a text already marked with `'` (so that marking
/// and unmarking are exact inverses).
pub(crate) fn runs_as_formula(text: &str) -> bool {
    match text.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => true,
        Some(b'\'') => runs_as_formula(&text[1..]),
        _ => false,
    }
}

/// A CSV cell as Steward writes it: text a spreadsheet would run gets a leading `'`, which
/// spreadsheets show as text and Steward's importers take off again ([`unescaped`]).
pub(crate) fn csv_cell(text: &str) -> Cow<'_, str> {
    if runs_as_formula(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A cell as written, without the `'` that keeps a formula-looking text from running in a
/// spreadsheet (what [`csv_cell`] and careful tools add).
pub fn unescaped(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if runs_as_formula(rest) => rest,
        _ => cell,
    }
}
