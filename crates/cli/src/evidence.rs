//! The engagement report and evidence an auditor can verify: `report`, `keygen`, `bundle
//! create`, `bundle verify` (no workspace needed).

use std::path::{Path, PathBuf};

use clap::Subcommand;
use serde_json::json;
use steward_core::bundle::{self, keys};
use steward_core::report;
use steward_core::CoreError;

use crate::common::{open, open_reading, Outcome};
use crate::Cli;

#[derive(Subcommand)]
pub enum BundleWhat {
    /// A signed evidence bundle of the workspace: snapshot, report, evidence files, manifest.
    Create {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// The private key `keygen` made.
        #[arg(long, value_name = "KEYFILE")]
        key: PathBuf,
    },
    /// Checks a bundle (exit 1 when it is not valid); no workspace needed.
    Verify {
        file: PathBuf,
        /// The signer's public key (64 hex digits, or a file holding them).
        #[arg(long, value_name = "KEY")]
        public_key: Option<String>,
    },
}

pub fn report(cli: &Cli, out: &Path, sections: Option<&str>) -> Result<Outcome, CoreError> {
    let chosen = report::parse_sections(sections.unwrap_or(""))?;
    let r = report::write_report(&open_reading(cli)?, out, &chosen)?;
    let names: Vec<&str> = r.sections.iter().map(|s| s.as_str()).collect();
    Ok(Outcome::Done(json!({"out": r.out, "pages": r.pages, "sections": names}), format!("Wrote the report to {} ({}).", r.out, names.join(", "))))
}

pub fn keygen(out: &Path, sealed: bool) -> Result<Outcome, CoreError> {
    let passphrase = if sealed { Some(crate::common::new_key_passphrase()?) } else { None };
    let k = keys::keygen(out, passphrase.as_ref())?;
    Ok(Outcome::Done(
        json!({"out": k.out, "public_key": k.public_key, "fingerprint": k.fingerprint, "sealed": k.sealed}),
        format!("Wrote the private key to {} (keep it to yourself).\nPublic key: {}\nFingerprint: {}", k.out, k.public_key, k.fingerprint),
    ))
}

pub fn run(cli: &Cli, what: &BundleWhat) -> Result<Outcome, CoreError> {
    match what {
        BundleWhat::Create { out, key } => {
            let passphrase = if keys::is_sealed(key)? { crate::common::key_passphrase()? } else { None };
            let key = keys::load(key, passphrase.as_ref())?;
            let r = bundle::create_bundle(&open(cli)?, out, &key)?;
            Ok(Outcome::Done(
                json!({"out": r.out, "files": r.files, "public_key": r.public_key, "fingerprint": r.fingerprint, "audit_head": r.audit_head}),
                format!("Wrote the evidence bundle {} ({} files, audit head {}), signed by {}.", r.out, r.files, r.audit_head, r.fingerprint),
            ))
        }
        BundleWhat::Verify { file, public_key } => {
            let expected = public_key.as_deref().map(keys::parse_public).transpose()?;
            // An encrypted bundle's snapshot is walked when its password is in STEWARD_PASSWORD.
            let v = bundle::verify_bundle(file, expected.as_ref(), crate::common::password_from_env()?.as_ref())?;
            let doc = serde_json::to_value(&v).unwrap_or_default();
            if v.valid {
                Ok(Outcome::Done(doc, format!("{}: valid. {} files, signed by {} ({}), audit chain ok to {}.", file.display(), v.files, v.fingerprint, v.created_by, v.audit_head)))
            } else {
                Ok(Outcome::Failed(doc, format!("{}: NOT valid.\n{}", file.display(), v.problems.join("\n"))))
            }
        }
    }
}
