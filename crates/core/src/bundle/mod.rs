//! Signed evidence bundles: what an auditor hands over so that anyone can check it later,
//! offline, without Steward's workspace. One zip file (one thing to send, attach or
//! archive; read member by member, so checking it needs no unpacking), laid out as a
//! BagIt-style bag: the payload (`workspace.steward`, a consistent page-by-page snapshot; `report.pdf` and
//! `report.html`, the engagement report; `evidence/...`, every evidence file kept in the workspace), a
//! manifest (`manifest.json`: each payload file's SHA-256 and size, the snapshot's audit
//! chain head and length, who made it and the public key), and `manifest.sig`, the Ed25519
//! signature of the manifest's bytes.
//!
//! `verify` says valid, or names what changed, went missing or was added, whether the
//! signature holds (and whether it is the expected key's), and whether the snapshot's own
//! audit chain is intact and ends at the head the manifest records.

pub mod keys;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::workspace::{Action, Subject, Workspace};

pub const FORMAT: &str = "steward-evidence-bundle/1";
const MANIFEST: &str = "manifest.json";
const SIGNATURE: &str = "manifest.sig";
const SNAPSHOT: &str = "workspace.steward";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct ManifestFile {
    path: String,
    sha256: String,
    bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Manifest {
    format: String,
    created_at: String,
    created_by: String,
    workspace: String,
    /// The snapshot's audit chain head ("COUNT:HASH") and its length.
    audit_head: String,
    audit_length: i64,
    public_key: String,
    /// The snapshot is encrypted with the workspace's password; the bundle then holds
    /// nothing else (its report and evidence files would be in clear).
    #[serde(default)]
    encrypted: bool,
    files: Vec<ManifestFile>,
}

/// What `bundle create` made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BundleReport {
    pub out: String,
    /// Payload files (the snapshot, the report, the evidence files).
    #[ts(type = "number")]
    pub files: u64,
    pub public_key: String,
    pub fingerprint: String,
    pub audit_head: String,
}

/// What `bundle verify` found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BundleVerification {
    pub valid: bool,
    /// The key the manifest names (and that signed it, if the signature holds).
    pub public_key: String,
    pub fingerprint: String,
    pub signature_ok: bool,
    /// Whether the signer is the key the verifier expected; none when none was given.
    pub expected_key: Option<bool>,
    #[ts(type = "number")]
    pub files: u64,
    pub changed: Vec<String>,
    pub missing: Vec<String>,
    pub added: Vec<String>,
    /// The snapshot's own audit chain: "ok", "broken", "unverified", or "encrypted" (not
    /// walked: the snapshot is encrypted and its password was not given).
    pub audit_chain: String,
    pub audit_head: String,
    pub created_at: String,
    pub created_by: String,
    pub workspace: String,
    /// Each problem in words.
    pub problems: Vec<String>,
}

fn zip_error(path: &Path, e: impl std::fmt::Display) -> CoreError {
    CoreError::validation("bundle", format!("{} is not a readable evidence bundle: {e}", path.display()))
}

/// A file name safe as a path inside the zip: letters, digits, dot, dash and underscore.
fn safe_name(name: &str) -> String {
    let s: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' }).collect();
    s.trim_start_matches('.').chars().take(120).collect()
}

/// Streams `reader` into the zip as `name` (stored: the snapshot is already dense, and a
/// bundle of a large workspace should cost little more than a copy), hashing it.
fn add<W: Write + std::io::Seek>(zip: &mut zip::ZipWriter<W>, name: &str, mut reader: impl Read, out: &Path) -> Result<ManifestFile> {
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored).large_file(true);
    zip.start_file(name, options).map_err(|e| CoreError::io_at("write", out, std::io::Error::other(e)))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut bytes = 0u64;
    loop {
        let n = reader.read(&mut buf).map_err(|e| CoreError::io_at("read", out, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        zip.write_all(&buf[..n]).map_err(|e| CoreError::io_at("write", out, e))?;
        bytes += n as u64;
    }
    Ok(ManifestFile { path: name.to_string(), sha256: keys::hex(&hasher.finalize()), bytes })
}

/// Writes the signed bundle of the open workspace to `out`.
pub fn create_bundle(ws: &Workspace, out: &Path, key: &SigningKey) -> Result<BundleReport> {
    let file = crate::workspace::output::prepare(ws, out)?;
    // An encrypted workspace's name is the client's business too: its manifest, readable by
    // anyone, does not say it.
    let workspace: String = if ws.is_encrypted() { "an encrypted workspace".into() } else { crate::settings::get_settings(ws)?.workspace_name };
    let f = std::fs::File::create(file.path()).map_err(|e| CoreError::io_at("write", out, e))?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::with_capacity(1 << 20, f));
    // Everything the bundle holds and says is read in one read transaction: the snapshot,
    // its audit head, the report and the evidence files are of the same moment.
    let (audit_head, length, files) = crate::workspace::read_snapshot(ws, |conn, image| {
        let (length, hash): (i64, String) = conn.query_row("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let mut files = vec![add(&mut zip, SNAPSHOT, image, out)?];
        // An encrypted workspace's bundle stays encrypted: its report and evidence files
        // are inside the snapshot, readable with its password.
        if ws.is_encrypted() {
            return Ok((format!("{length}:{hash}"), length, files));
        }
        let (html, pdf) = crate::report::rendered(ws)?;
        files.push(add(&mut zip, "report.html", html.as_bytes(), out)?);
        files.push(add(&mut zip, "report.pdf", pdf.as_slice(), out)?);
        for (sql, folder) in [
            ("SELECT id, file_name, content FROM evidence ORDER BY id", "evidence/controls"),
            ("SELECT id, file_name, content FROM answer_evidence WHERE content IS NOT NULL ORDER BY id", "evidence/assessments"),
        ] {
            let mut stmt = conn.prepare(sql)?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let (id, name): (i64, String) = (r.get(0)?, r.get(1)?);
                let content = r.get_ref(2)?.as_blob().map_err(rusqlite::Error::from)?;
                files.push(add(&mut zip, &format!("{folder}/{id}-{}", safe_name(&name)), content, out)?);
            }
        }
        Ok((format!("{length}:{hash}"), length, files))
    })?;
    let public = key.verifying_key();
    let manifest = Manifest {
        format: FORMAT.into(),
        created_at: crate::time::to_text(ws.now()),
        created_by: ws.actor().as_str().to_string(),
        workspace,
        audit_head: audit_head.clone(),
        audit_length: length,
        public_key: keys::public_text(&public),
        encrypted: ws.is_encrypted(),
        files,
    };
    let bytes = serde_json::to_vec_pretty(&manifest).map_err(|e| CoreError::Conflict(format!("The manifest could not be written: {e}")))?;
    let signature = key.sign(&bytes);
    let meta = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let io = |e: zip::result::ZipError| CoreError::io_at("write", out, std::io::Error::other(e));
    zip.start_file(MANIFEST, meta).map_err(io)?;
    zip.write_all(&bytes).map_err(|e| CoreError::io_at("write", out, e))?;
    zip.start_file(SIGNATURE, meta).map_err(io)?;
    zip.write_all(format!("{}\n", keys::hex(&signature.to_bytes())).as_bytes()).map_err(|e| CoreError::io_at("write", out, e))?;
    let w = zip.finish().map_err(io)?;
    w.into_inner().map_err(|e| CoreError::io_at("write", out, e.into_error()))?.sync_all().map_err(|e| CoreError::io_at("write", out, e))?;
    file.commit()?;
    let report = BundleReport { out: out.display().to_string(), files: manifest.files.len() as u64, public_key: manifest.public_key.clone(), fingerprint: keys::fingerprint(&public), audit_head };
    ws.write(|tx| {
        tx.audit(Action::did("workspace.bundled"), Subject::Workspace, serde_json::json!({"bundle": report.out, "files": report.files, "fingerprint": report.fingerprint, "head": report.audit_head}))
    })?;
    Ok(report)
}

/// Checks a bundle, with no workspace: against the key it names, and `expected` when given.
pub fn verify_bundle(path: &Path, expected: Option<&VerifyingKey>, password: Option<&crate::workspace::Password>) -> Result<BundleVerification> {
    let file = std::fs::File::open(path).map_err(|e| CoreError::io_at("read", path, e))?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).map_err(|e| zip_error(path, e))?;
    let mut read_member = |name: &str| -> Result<Option<Vec<u8>>> {
        match zip.by_name(name) {
            Ok(mut m) => {
                let mut v = Vec::new();
                m.read_to_end(&mut v).map_err(|e| zip_error(path, e))?;
                Ok(Some(v))
            }
            Err(zip::result::ZipError::FileNotFound) => Ok(None),
            Err(e) => Err(zip_error(path, e)),
        }
    };
    let manifest_bytes = read_member(MANIFEST)?.ok_or_else(|| zip_error(path, "it has no manifest.json"))?;
    let manifest: Manifest = serde_json::from_slice(&manifest_bytes).map_err(|e| zip_error(path, format!("its manifest cannot be read ({e})")))?;
    if manifest.format != FORMAT {
        return Err(zip_error(path, format!("its format is \"{}\", not {FORMAT}", manifest.format)));
    }
    let sig_text = read_member(SIGNATURE)?;
    let mut problems = Vec::new();
    let named = keys::parse_public(&manifest.public_key).ok();
    let signature = sig_text.as_deref().and_then(|s| std::str::from_utf8(s).ok()).and_then(keys::unhex).and_then(|b| <[u8; 64]>::try_from(b).ok()).map(|b| Signature::from_bytes(&b));
    let signature_ok = match (&named, &signature) {
        (Some(k), Some(s)) => k.verify(&manifest_bytes, s).is_ok(),
        _ => false,
    };
    let mut changed = Vec::new();
    let mut missing = Vec::new();
    if sig_text.is_none() {
        missing.push(SIGNATURE.to_string());
        problems.push("The bundle has no signature.".to_string());
    } else if !signature_ok {
        changed.push(MANIFEST.to_string());
        problems.push("The signature does not match the manifest: the manifest or its signature was changed after signing.".to_string());
    }
    let expected_key = expected.map(|e| named.as_ref() == Some(e));
    if expected_key == Some(false) {
        problems.push(format!(
            "It is signed with another key ({}) than the one expected ({}).",
            named.as_ref().map(keys::fingerprint).unwrap_or_else(|| "unreadable".into()),
            expected.map(keys::fingerprint).unwrap_or_default()
        ));
    }
    // Every member hashed as it is now, against the manifest.
    let listed: BTreeMap<&str, &ManifestFile> = manifest.files.iter().map(|f| (f.path.as_str(), f)).collect();
    let mut seen: Vec<String> = Vec::new();
    let mut added = Vec::new();
    for i in 0..zip.len() {
        let mut m = zip.by_index(i).map_err(|e| zip_error(path, e))?;
        let name = m.name().map_err(|e| zip_error(path, e))?.to_string();
        if name == MANIFEST || name == SIGNATURE || m.is_dir() {
            continue;
        }
        let mut hasher = Sha256::new();
        let bytes = std::io::copy(&mut m, &mut hasher).map_err(|e| zip_error(path, e))?;
        match listed.get(name.as_str()) {
            None => added.push(name.clone()),
            Some(f) if f.sha256 != keys::hex(&hasher.finalize()) || f.bytes != bytes => changed.push(name.clone()),
            Some(_) => {}
        }
        seen.push(name);
    }
    missing.extend(manifest.files.iter().filter(|f| !seen.contains(&f.path)).map(|f| f.path.clone()));
    for (what, list) in [("changed", &changed), ("missing", &missing), ("added", &added)] {
        let payload: Vec<&String> = list.iter().filter(|n| n.as_str() != MANIFEST && n.as_str() != SIGNATURE).collect();
        if !payload.is_empty() {
            problems.push(format!("{} {what}: {}.", if payload.len() == 1 { "One file" } else { "Files" }, payload.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")));
        }
    }
    // The snapshot's own chain, walked from its first entry and held to the recorded head.
    let audit_chain = if manifest.encrypted && password.is_none() {
        "encrypted".to_string()
    } else if seen.iter().any(|s| s == SNAPSHOT) {
        let dir = tempfile::tempdir().map_err(|e| CoreError::io_at("write", Path::new("temporary folder"), e))?;
        let copy = extract_snapshot(path, dir.path())?;
        let r = crate::workspace::verify_with(&copy, Some(&manifest.audit_head), password)?;
        if r.audit_chain != "ok" {
            problems.push(format!("The snapshot's audit chain is {}{}.", r.audit_chain, r.reason.map(|w| format!(": {w}")).or(r.first_bad_entry.map(|e| format!(" at entry {e}"))).unwrap_or_default()));
        }
        r.audit_chain
    } else {
        "unverified".to_string()
    };
    let valid = signature_ok && expected_key != Some(false) && changed.is_empty() && missing.is_empty() && added.is_empty() && (audit_chain == "ok" || audit_chain == "encrypted");
    Ok(BundleVerification {
        valid,
        fingerprint: named.as_ref().map(keys::fingerprint).unwrap_or_default(),
        public_key: manifest.public_key,
        signature_ok,
        expected_key,
        files: manifest.files.len() as u64,
        changed,
        missing,
        added,
        audit_chain,
        audit_head: manifest.audit_head,
        created_at: manifest.created_at,
        created_by: manifest.created_by,
        workspace: manifest.workspace,
        problems,
    })
}

/// Writes the bundle's snapshot into the folder `into` (to open it read-only and browse it).
pub fn extract_snapshot(path: &Path, into: &Path) -> Result<std::path::PathBuf> {
    let file = std::fs::File::open(path).map_err(|e| CoreError::io_at("read", path, e))?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).map_err(|e| zip_error(path, e))?;
    let mut m = zip.by_name(SNAPSHOT).map_err(|e| zip_error(path, e))?;
    let out = into.join(SNAPSHOT);
    let mut f = std::fs::File::create(&out).map_err(|e| CoreError::io_at("write", &out, e))?;
    std::io::copy(&mut m, &mut f).map_err(|e| CoreError::io_at("write", &out, e))?;
    Ok(out)
}

#[cfg(test)]
mod tests;
