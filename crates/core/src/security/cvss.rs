//! CVSS scores for vulnerability records and the contract's `cvss score`: versions 3.0, 3.1
//! (base score, the spec's Roundup per version) and 4.0 (the score of the metrics present,
//! with its nomenclature), computed by the RustSec `cvss` crate. Steward adds what that
//! crate leaves to its caller: every base metric must be present, and errors name the bad
//! metric in words.

use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CvssScore {
    /// "3.0", "3.1" or "4.0"
    pub version: String,
    pub base_score: f64,
    /// None, Low, Medium, High or Critical
    pub severity: String,
    /// CVSS 4.0 only: CVSS-B, CVSS-BT, CVSS-BE or CVSS-BTE.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nomenclature: Option<String>,
}

/// Each base metric of CVSS 3.x: its name and its values.
const V3_BASE: [(&str, &str, &[&str]); 8] = [
    ("AV", "Attack Vector", &["N", "A", "L", "P"]),
    ("AC", "Attack Complexity", &["L", "H"]),
    ("PR", "Privileges Required", &["N", "L", "H"]),
    ("UI", "User Interaction", &["N", "R"]),
    ("S", "Scope", &["U", "C"]),
    ("C", "Confidentiality", &["H", "L", "N"]),
    ("I", "Integrity", &["H", "L", "N"]),
    ("A", "Availability", &["H", "L", "N"]),
];

/// Each base metric of CVSS 4.0: its name and its values.
const V4_BASE: [(&str, &str, &[&str]); 11] = [
    ("AV", "Attack Vector", &["N", "A", "L", "P"]),
    ("AC", "Attack Complexity", &["L", "H"]),
    ("AT", "Attack Requirements", &["N", "P"]),
    ("PR", "Privileges Required", &["N", "L", "H"]),
    ("UI", "User Interaction", &["N", "P", "A"]),
    ("VC", "Vulnerable System Confidentiality", &["H", "L", "N"]),
    ("VI", "Vulnerable System Integrity", &["H", "L", "N"]),
    ("VA", "Vulnerable System Availability", &["H", "L", "N"]),
    ("SC", "Subsequent System Confidentiality", &["H", "L", "N"]),
    ("SI", "Subsequent System Integrity", &["H", "L", "N"]),
    ("SA", "Subsequent System Availability", &["H", "L", "N"]),
];

/// "N, A, L or P".
fn one_of(values: &[&str]) -> String {
    match values.split_last() {
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

fn bad(message: String) -> CoreError {
    CoreError::validation("vector", message)
}

/// Scores a CVSS vector string.
pub fn score(vector: &str) -> Result<CvssScore> {
    let v = vector.trim();
    if v.is_empty() {
        return Err(bad("Enter a CVSS vector, for example CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H.".into()));
    }
    let version = v.split('/').next().and_then(|p| p.strip_prefix("CVSS:")).unwrap_or_default();
    if !["3.0", "3.1", "4.0"].contains(&version) {
        return Err(bad(format!("\"{}\" is not a CVSS 3.0, 3.1 or 4.0 vector: it must start with CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/.", v.split('/').next().unwrap_or(v))));
    }
    // A value that is wrong is said before a metric that is missing: "AV:Q" is a typo in
    // AV, not a vector without AC.
    let base: &[(&str, &str, &[&str])] = if version.starts_with('3') { &V3_BASE } else { &V4_BASE };
    let present: Vec<(&str, &str)> = v.split('/').skip(1).filter_map(|c| c.split_once(':')).collect();
    for (key, value) in &present {
        if let Some((_, name, values)) = base.iter().find(|(k, _, _)| k == key) {
            if !values.contains(value) {
                return Err(bad(format!("\"{value}\" is not a value of {key} ({name}): it is {}.", one_of(values))));
            }
        }
    }
    if version.starts_with('3') {
        if let Some((key, name, _)) = V3_BASE.iter().find(|(k, _, _)| !present.iter().any(|(p, _)| p == k)) {
            return Err(bad(format!("The base metric {key} ({name}) is missing from the vector.")));
        }
    }
    let parsed = cvss::Cvss::from_str(v).map_err(|e| bad(explain(&e)))?;
    let nomenclature = match &parsed {
        cvss::Cvss::CvssV40(v4) => Some(v4.nomenclature().to_string()),
        _ => None,
    };
    Ok(CvssScore { version: version.to_string(), base_score: parsed.score(), severity: severity_label(parsed.severity()).into(), nomenclature })
}

fn severity_label(s: cvss::Severity) -> &'static str {
    match s {
        cvss::Severity::None => "None",
        cvss::Severity::Low => "Low",
        cvss::Severity::Medium => "Medium",
        cvss::Severity::High => "High",
        cvss::Severity::Critical => "Critical",
    }
}

/// The crate's error as a sentence that names the metric.
fn explain(e: &cvss::Error) -> String {
    use cvss::Error as E;
    match e {
        E::InvalidMetricV3 { metric_type, value } => format!("The metric {} ({}) cannot be \"{value}\".", metric_type.name(), metric_type.description()),
        E::DuplicateMetricV3 { metric_type } => format!("The metric {} ({}) is given twice.", metric_type.name(), metric_type.description()),
        E::InvalidMetricV4 { metric_type, value } => format!("The metric {} ({}) cannot be \"{value}\".", metric_type.name(), metric_type.description()),
        E::DuplicateMetricV4 { metric_type } => format!("The metric {} ({}) is given twice.", metric_type.name(), metric_type.description()),
        E::MissingMandatoryMetricV4 { metric_type } => format!("The base metric {} ({}) is missing from the vector.", metric_type.name(), metric_type.description()),
        E::UnknownMetric { name } => format!("\"{name}\" is not a metric of this CVSS version."),
        E::InvalidComponent { component } => format!("\"{component}\" is not a metric:value pair."),
        other => format!("The vector cannot be read: {other}."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> (f64, String) {
        let r = score(v).unwrap_or_else(|e| panic!("{v}: {e}"));
        (r.base_score, r.severity)
    }

    #[test]
    fn v3_examples_from_the_first_specification() {
        // CVSS v3.1 specification, section 7 (examples) and the calculator.
        assert_eq!(s("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), (9.8, "Critical".into()));
        assert_eq!(s("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N"), (6.1, "Medium".into())); // CVE-2013-1937, phpMyAdmin XSS
        assert_eq!(s("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N"), (6.4, "Medium".into())); // CVE-2013-0375, MySQL
        assert_eq!(s("CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N"), (0.0, "None".into()));
        assert_eq!(s("CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N"), (1.6, "Low".into()));
        assert_eq!(s("CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H"), (9.6, "Critical".into()));
        // Worked by hand: exploitability 8.22 x 0.62 x 0.44 x 0.62 x 0.85 = 1.1818, impact
        // 6.42 x (1 - 0.44 x 0.78) = 4.2167, Roundup(5.3984) = 5.4.
        assert_eq!(s("CVSS:3.1/AV:A/AC:H/PR:L/UI:N/S:U/C:H/I:L/A:N"), (5.4, "Medium".into()));
        // Metric order does not matter; temporal metrics do not change the base score.
        assert_eq!(s("CVSS:3.1/C:H/I:H/A:H/AV:N/AC:L/PR:N/UI:N/S:U/E:U/RL:O/RC:R"), (9.8, "Critical".into()));
    }

    #[test]
    fn v4_examples_with_nomenclature() {
        let r = score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N").unwrap();
        assert_eq!((r.base_score, r.severity.as_str(), r.nomenclature.as_deref()), (9.3, "Critical", Some("CVSS-B")));
        let r = score("CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N").unwrap();
        assert_eq!((r.base_score, r.nomenclature.as_deref()), (8.5, Some("CVSS-B")));
        // Threat metrics lower the score of the same base and change the nomenclature.
        let r = score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U").unwrap();
        assert!(r.base_score < 9.3 && r.nomenclature.as_deref() == Some("CVSS-BT"), "{r:?}");
        let r = score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/CR:L/IR:L/AR:L").unwrap();
        assert_eq!(r.nomenclature.as_deref(), Some("CVSS-BE"));
        let r = score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N").unwrap();
        assert_eq!((r.base_score, r.severity.as_str()), (0.0, "None"));
    }

    #[test]
    fn bad_vectors_name_the_metric() {
        let e = score("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").unwrap_err().to_string();
        assert!(e.contains("AV") && e.contains("Attack Vector"), "{e}");
        let e = score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H").unwrap_err().to_string();
        assert!(e.contains("A (Availability) is missing"), "{e}");
        let e = score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N").unwrap_err().to_string();
        assert!(e.contains("SA"), "{e}");
        let e = score("CVSS:2.0/AV:N").unwrap_err().to_string();
        assert!(e.contains("3.0, 3.1 or 4.0"), "{e}");
        assert!(score("").is_err());
        let e = score("CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").unwrap_err().to_string();
        assert!(e.contains("twice"), "{e}");
        // A typo in the first metric is named as such, not as the next metric missing.
        assert_eq!(score("CVSS:3.1/AV:Q").unwrap_err().to_string(), "\"Q\" is not a value of AV (Attack Vector): it is N, A, L or P.");
        assert_eq!(score("CVSS:4.0/AV:N/UI:R").unwrap_err().to_string(), "\"R\" is not a value of UI (User Interaction): it is N, P or A.");
    }
}
