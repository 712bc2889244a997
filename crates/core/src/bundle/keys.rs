//! An assessor's Ed25519 key pair. The private key is a small text file (a header line and
//! the 32-byte seed in hex), readable by its owner only (mode 0600 where the system has
//! modes), and optionally sealed with a passphrase (Argon2id derives a key from it and a
//! random salt; ChaCha20-Poly1305 seals the seed, so a wrong passphrase is told, never
//! taken for another key). The public key is 64 hex digits, shown with a short fingerprint
//! (the first 16 hex digits of its SHA-256, in groups of four) that people compare by eye.

use std::io::Write;
use std::path::Path;

use ed25519_dalek::{SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::workspace::Password;

const HEADER: &str = "STEWARD ED25519 PRIVATE KEY";
const SEALED: &str = "STEWARD ED25519 PRIVATE KEY SEALED ARGON2ID CHACHA20POLY1305";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PublicKeyInfo {
    /// Where the private key was written.
    pub out: String,
    pub public_key: String,
    pub fingerprint: String,
    /// The private key is sealed with a passphrase.
    pub sealed: bool,
}

fn random<const N: usize>() -> Result<[u8; N]> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| CoreError::Conflict(format!("The system gave no random numbers for the key: {e}")))?;
    Ok(bytes)
}

/// The 32-byte key Argon2id (its default cost: 19 MiB, two passes) derives from the
/// passphrase and salt.
fn derive(passphrase: &Password, salt: &[u8]) -> Result<zeroize::Zeroizing<[u8; 32]>> {
    let mut key = zeroize::Zeroizing::new([0u8; 32]);
    argon2::Argon2::default().hash_password_into(passphrase.text().as_bytes(), salt, key.as_mut()).map_err(|e| CoreError::Conflict(format!("The passphrase could not be used: {e}")))?;
    Ok(key)
}

fn cipher(key: &[u8; 32]) -> chacha20poly1305::ChaCha20Poly1305 {
    use chacha20poly1305::aead::KeyInit;
    chacha20poly1305::ChaCha20Poly1305::new(&(*key).into())
}

/// The seed sealed: the public key (so that it is shown without the passphrase), salt,
/// nonce and sealed seed, each in hex on its line.
fn seal(seed: &[u8; 32], public: &VerifyingKey, passphrase: &Password) -> Result<String> {
    use chacha20poly1305::aead::Aead;
    let (salt, nonce) = (random::<16>()?, random::<12>()?);
    let sealed = cipher(&*derive(passphrase, &salt)?).encrypt(&nonce.into(), seed.as_slice()).map_err(|_| CoreError::Conflict("The key could not be sealed.".into()))?;
    Ok(format!("{SEALED}\n{}\n{}\n{}\n{}\n", public_text(public), hex(&salt), hex(&nonce), hex(&sealed)))
}

fn not_a_key(path: &Path) -> CoreError {
    CoreError::validation("key", format!("{} is not a Steward private key (made by `steward-cli keygen`).", path.display()))
}

/// The seed of a sealed key (the lines after its header), which must be the key of the
/// public key it names.
fn unseal<'a>(mut lines: impl Iterator<Item = &'a str>, passphrase: &Password, path: &Path) -> Result<[u8; 32]> {
    use chacha20poly1305::aead::Aead;
    let mut next = || lines.next().and_then(unhex).ok_or_else(|| not_a_key(path));
    let (public, salt, nonce, sealed) = (next()?, next()?, next()?, next()?);
    let nonce: [u8; 12] = nonce.try_into().map_err(|_| not_a_key(path))?;
    let seed: [u8; 32] = cipher(&*derive(passphrase, &salt)?)
        .decrypt(&nonce.into(), sealed.as_slice())
        .map_err(|_| CoreError::validation("passphrase", format!("The passphrase does not open the key {}.", path.display())))?
        .try_into()
        .map_err(|_| not_a_key(path))?;
    if SigningKey::from_bytes(&seed).verifying_key().as_bytes().as_slice() != public.as_slice() {
        return Err(not_a_key(path));
    }
    Ok(seed)
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

/// Makes a key pair and writes the private key to `out` (which must not exist yet), sealed
/// with `passphrase` when one is given.
pub fn keygen(out: &Path, passphrase: Option<&Password>) -> Result<PublicKeyInfo> {
    let seed = zeroize::Zeroizing::new(random::<32>()?);
    let key = SigningKey::from_bytes(&seed);
    let text = match passphrase {
        Some(p) => seal(&seed, &key.verifying_key(), p)?,
        None => format!("{HEADER}\n{}\n", hex(seed.as_slice())),
    };
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
    file.write_all(text.as_bytes()).and_then(|_| file.sync_all()).map_err(|e| CoreError::io_at("write", out, e))?;
    let public = key.verifying_key();
    Ok(PublicKeyInfo { out: out.display().to_string(), public_key: public_text(&public), fingerprint: fingerprint(&public), sealed: passphrase.is_some() })
}

/// Whether the private key file at `path` is sealed with a passphrase.
pub fn is_sealed(path: &Path) -> Result<bool> {
    let text = std::fs::read_to_string(path).map_err(|e| CoreError::io_at("read", path, e))?;
    Ok(text.lines().next().map(str::trim) == Some(SEALED))
}

/// The public key of the private key file at `path`, passphrase or not.
pub fn public_of(path: &Path) -> Result<PublicKeyInfo> {
    let text = zeroize::Zeroizing::new(std::fs::read_to_string(path).map_err(|e| CoreError::io_at("read", path, e))?);
    let mut lines = text.lines();
    let (key, sealed) = match lines.next().map(str::trim) {
        Some(SEALED) => {
            let key = lines.next().and_then(unhex).and_then(|b| <[u8; 32]>::try_from(b).ok()).and_then(|b| VerifyingKey::from_bytes(&b).ok());
            (key.ok_or_else(|| not_a_key(path))?, true)
        }
        _ => (load(path, None)?.verifying_key(), false),
    };
    Ok(PublicKeyInfo { out: path.display().to_string(), public_key: public_text(&key), fingerprint: fingerprint(&key), sealed })
}

/// Reads a private key file `keygen` wrote; a sealed one with its passphrase.
pub fn load(path: &Path, passphrase: Option<&Password>) -> Result<SigningKey> {
    let text = zeroize::Zeroizing::new(std::fs::read_to_string(path).map_err(|e| CoreError::io_at("read", path, e))?);
    let mut lines = text.lines();
    let seed: zeroize::Zeroizing<[u8; 32]> = match lines.next().map(str::trim) {
        Some(HEADER) => zeroize::Zeroizing::new(lines.next().and_then(unhex).and_then(|b| b.try_into().ok()).ok_or_else(|| not_a_key(path))?),
        Some(SEALED) => {
            let p = passphrase.ok_or_else(|| CoreError::validation("passphrase", format!("The key {} is sealed with a passphrase: give it.", path.display())))?;
            zeroize::Zeroizing::new(unseal(lines, p, path)?)
        }
        _ => return Err(not_a_key(path)),
    };
    Ok(SigningKey::from_bytes(&seed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_pair_is_made_once_kept_private_and_read_back() {
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("ines.key");
        let made = keygen(&path, None).unwrap();
        assert_eq!(made.public_key.len(), 64);
        assert_eq!(made.fingerprint.len(), 19);
        let key = load(&path, None).unwrap();
        assert_eq!(public_text(&key.verifying_key()), made.public_key);
        assert_eq!(parse_public(&made.public_key).unwrap(), key.verifying_key());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600, "only its owner reads it");
        }
        assert_eq!(keygen(&path, None).unwrap_err().field(), Some("out"), "never overwritten");
        let other = keygen(&d.path().join("other.key"), None).unwrap();
        assert_ne!(other.public_key, made.public_key);
        std::fs::write(d.path().join("bad.key"), "hello\n").unwrap();
        assert_eq!(load(&d.path().join("bad.key"), None).unwrap_err().field(), Some("key"));
        assert_eq!(parse_public("xyz").unwrap_err().field(), Some("public_key"));
    }

    #[test]
    fn a_sealed_key_opens_with_its_passphrase_only_and_holds_no_seed_in_clear() {
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("sealed.key");
        let passphrase = Password::chosen("a passphrase of mine").unwrap();
        let made = keygen(&path, Some(&passphrase)).unwrap();
        assert!(made.sealed && is_sealed(&path).unwrap());
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with(SEALED) && text.lines().count() == 5);
        assert_eq!(public_of(&path).unwrap(), made, "the public key is shown without the passphrase");
        let key = load(&path, Some(&passphrase)).unwrap();
        assert_eq!(public_text(&key.verifying_key()), made.public_key);
        assert!(!text.contains(&hex(key.to_bytes().as_slice())), "the seed is not in the file");
        assert_eq!(load(&path, None).unwrap_err().field(), Some("passphrase"));
        let wrong = load(&path, Some(&Password::given("a passphrase of yours").unwrap())).unwrap_err();
        assert_eq!(wrong.field(), Some("passphrase"));
        assert!(wrong.to_string().contains("does not open"));
        // One changed byte of the sealed seed is caught, not read as another key.
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        let flipped = if lines[4].starts_with("00") { "01" } else { "00" };
        lines[4].replace_range(0..2, flipped);
        std::fs::write(&path, lines.join("\n")).unwrap();
        assert_eq!(load(&path, Some(&passphrase)).unwrap_err().field(), Some("passphrase"));
        assert!(!is_sealed(&d.path().join("nope.key")).is_ok_and(|s| s));
    }
}
