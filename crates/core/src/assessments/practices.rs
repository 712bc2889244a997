//! The 34 ITIL 4 management practices by name (names only: every ITIL 4 text lists them; no
//! guide text is shipped), with the names they were also called, in the order an assessment
//! offers them: the thirteen Steward implements first, then the rest by group.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};

static CATALOGUE: &str = include_str!("../../assets/itil4-practices.csv");

/// The practices Steward has records for, in the order its window lists them.
pub const STEWARD_PRACTICES: [&str; 13] = [
    "incident management",
    "service desk",
    "problem management",
    "change enablement",
    "service level management",
    "risk management",
    "information security management",
    "continual improvement",
    "relationship management",
    "service financial management",
    "deployment management",
    "infrastructure and platform management",
    "software development and management",
];

/// One practice of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Practice {
    pub name: String,
    /// general, service or technical.
    pub group: String,
    /// The name it was also called (`change control`), if any.
    pub also_called: Option<String>,
    /// Whether Steward keeps records of this practice (its figures can serve as evidence).
    pub in_steward: bool,
}

/// Every practice, Steward's first.
pub fn all() -> &'static [Practice] {
    static ALL: OnceLock<Vec<Practice>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut rows: Vec<Practice> = CATALOGUE
            .lines()
            .skip(1)
            .filter_map(|l| {
                let mut f = l.split(',');
                let (group, name, also) = (f.next()?.trim(), f.next()?.trim(), f.next().unwrap_or("").trim());
                Some(Practice { name: name.into(), group: group.into(), also_called: (!also.is_empty()).then(|| also.to_string()), in_steward: STEWARD_PRACTICES.contains(&name) })
            })
            .collect();
        let rank = |p: &Practice| STEWARD_PRACTICES.iter().position(|s| *s == p.name).unwrap_or(STEWARD_PRACTICES.len());
        rows.sort_by_key(|p| rank(p));
        rows
    })
}

/// The practice a user's name means (case and spacing ignored; the old names accepted).
pub fn find(name: &str) -> Option<&'static Practice> {
    let wanted = squash(name);
    all().iter().find(|p| squash(&p.name) == wanted || p.also_called.as_deref().is_some_and(|a| squash(a) == wanted))
}

/// As [`find`], or a validation error on `field` naming what was not found.
pub fn named(field: &str, name: &str) -> Result<&'static str> {
    find(name).map(|p| p.name.as_str()).ok_or_else(|| {
        CoreError::validation(field, format!("\"{}\" is not an ITIL 4 practice (for example \"incident management\", \"service desk\", \"change enablement\").", name.trim().chars().take(100).collect::<String>()))
    })
}

/// Where a practice comes in the catalogue's order.
pub fn rank(name: &str) -> usize {
    all().iter().position(|p| p.name == name).unwrap_or(usize::MAX)
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_has_the_34_practices_stewards_13_first_and_the_old_names() {
        let all = all();
        assert_eq!(all.len(), 34);
        assert_eq!(all.iter().filter(|p| p.group == "general").count(), 14);
        assert_eq!(all.iter().filter(|p| p.group == "technical").count(), 3);
        let names: Vec<&str> = all.iter().take(13).map(|p| p.name.as_str()).collect();
        assert_eq!(names, STEWARD_PRACTICES);
        assert!(all[13..].iter().all(|p| !p.in_steward));
        assert_eq!(find("Change Control").map(|p| p.name.as_str()), Some("change enablement"));
        assert_eq!(find("  IT   asset management ").map(|p| p.name.as_str()), Some("IT asset management"));
        assert_eq!(find("incident"), None);
        assert_eq!(named("practice", "<b>x</b>").unwrap_err().field(), Some("practice"));
    }
}
