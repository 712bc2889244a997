//! An assessor's Ed25519 key pair. The private key is a small text file (a header line and
//! the 32-byte seed in hex), readable by its owner only (mode 0600 where the system has
//! modes); the public key is 64 hex digits, shown with a short fingerprint (the first 16
//! hex digits of its SHA-256, in groups of four) that people compare by eye.

use std::io::Write;
use std::path::Path;

use ed25519_dalek::{SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::error::{CoreError, Result};

const HEADER: &str = "STEWARD ED25519 PRIVATE KEY";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PublicKeyInfo {
    /// Where the private key was written.
    pub out: String,
    pub public_key: String,
    pub fingerprint: String,
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn unhex(text: &str) -> Option<Vec<u8>> {
    let t = text.trim();
    if t.len() % 2 != 0 || !t.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    (0..t.len()).step_by(2).map(|i| u8::from_str_radix(&t[i..i + 2], 16).ok()).collect()
}

/// The public key as text (64 hex digits).
pub fn public_text(key: &VerifyingKey) -> String {
    hex(key.as_bytes())
}

/// "ab12 cd34 ef56 7890": what a person compares.
pub fn fingerprint(key: &VerifyingKey) -> String {
    let h = hex(&Sha256::digest(key.as_bytes()));
    (0..4).map(|i| &h[i * 4..i * 4 + 4]).collect::<Vec<_>>().join(" ")
}

/// A public key given as its 64 hex digits, or as a file holding them.
pub fn parse_public(text_or_file: &str) -> Result<VerifyingKey> {
    let t = text_or_file.trim();
    let text = if Path::new(t).is_file() { std::fs::read_to_string(t).map_err(|e| CoreError::io_at("read", Path::new(t), e))? } else { t.to_string() };
    let refuse = || CoreError::validation("public_key", "A public key is 64 hexadecimal digits (as `keygen` prints it), or a file holding them.");
    let bytes: [u8; 32] = unhex(text.trim()).and_then(|b| b.try_into().ok()).ok_or_else(refuse)?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| refuse())
}

/// Makes a key pair and writes the private key to `out` (which must not exist yet).
pub fn keygen(out: &Path) -> Result<PublicKeyInfo> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| CoreError::Conflict(format!("The system gave no random numbers for the key: {e}")))?;
    let key = SigningKey::from_bytes(&seed);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(out).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            CoreError::validation("out", format!("{} exists already: a key is never overwritten. Choose another file.", out.display()))
        } else {
            CoreError::io_at("write", out, e)
        }
    })?;
    file.write_all(format!("{HEADER}\n{}\n", hex(&seed)).as_bytes()).and_then(|_| file.sync_all()).map_err(|e| CoreError::io_at("write", out, e))?;
    let public = key.verifying_key();
    Ok(PublicKeyInfo { out: out.display().to_string(), public_key: public_text(&public), fingerprint: fingerprint(&public) })
}

/// Reads a private key file `keygen` wrote.
pub fn load(path: &Path) -> Result<SigningKey> {
    let text = std::fs::read_to_string(path).map_err(|e| CoreError::io_at("read", path, e))?;
    let mut lines = text.lines();
    let refuse = || CoreError::validation("key", format!("{} is not a Steward private key (made by `steward-cli keygen`).", path.display()));
    if lines.next().map(str::trim) != Some(HEADER) {
        return Err(refuse());
    }
    let seed: [u8; 32] = lines.next().and_then(unhex).and_then(|b| b.try_into().ok()).ok_or_else(refuse)?;
    Ok(SigningKey::from_bytes(&seed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_pair_is_made_once_kept_private_and_read_back() {
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("ines.key");
        let made = keygen(&path).unwrap();
        assert_eq!(made.public_key.len(), 64);
        assert_eq!(made.fingerprint.len(), 19);
        let key = load(&path).unwrap();
        assert_eq!(public_text(&key.verifying_key()), made.public_key);
        assert_eq!(parse_public(&made.public_key).unwrap(), key.verifying_key());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600, "only its owner reads it");
        }
        assert_eq!(keygen(&path).unwrap_err().field(), Some("out"), "never overwritten");
        let other = keygen(&d.path().join("other.key")).unwrap();
        assert_ne!(other.public_key, made.public_key);
        std::fs::write(d.path().join("bad.key"), "hello\n").unwrap();
        assert_eq!(load(&d.path().join("bad.key")).unwrap_err().field(), Some("key"));
        assert_eq!(parse_public("xyz").unwrap_err().field(), Some("public_key"));
    }
}
