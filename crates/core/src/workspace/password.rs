//! A workspace's password. SQLCipher derives the file's key from it (PBKDF2, per-file salt)
//! and encrypts every page, the write-ahead log's included. The password is held in memory
//! only, wiped when dropped, and never logged, shown or written: `Debug` hides it.

use rusqlite::Connection;
use zeroize::Zeroizing;

use crate::error::{CoreError, Result};

#[derive(Clone)]
pub struct Password(Zeroizing<String>);

/// The shortest password a workspace can be given.
pub const MIN_CHARS: usize = 10;

impl Password {
    /// A password typed to open a workspace: anything but nothing.
    pub fn given(text: impl Into<String>) -> Result<Self> {
        let text = Zeroizing::new(text.into());
        if text.is_empty() {
            return Err(CoreError::validation("password", "Type the workspace's password."));
        }
        Ok(Password(text))
    }

    /// A password chosen for a workspace: long enough to hold against guessing offline.
    pub fn chosen(text: impl Into<String>) -> Result<Self> {
        let text = Zeroizing::new(text.into());
        if text.chars().count() < MIN_CHARS {
            return Err(CoreError::validation("password", format!("Choose a password of at least {MIN_CHARS} characters: whoever has the file can try passwords as fast as their computer allows.")));
        }
        Ok(Password(text))
    }

    /// Keys a connection just opened, before anything reads the file.
    pub(super) fn key(&self, conn: &Connection) -> rusqlite::Result<()> {
        cipher_settings(conn)?;
        conn.pragma_update(None, "key", self.0.as_str())?;
        // SQLCipher, once keyed, logs a failed decryption to stderr; the error returned
        // says it in words.
        conn.pragma_update(None, "cipher_log_level", "NONE")
    }

    /// The password as SQL text, for `ATTACH ... KEY ?` (copies keyed the same way).
    pub(crate) fn text(&self) -> &str {
        self.0.as_str()
    }
}

/// Steward's SQLCipher settings, the same for every file it keys and every copy it attaches
/// (they are not stored in the file: a file opens only with the settings it was made
/// with). SQLCipher 4's defaults but for the pages' HMAC: SHA-256, which processors compute
/// in hardware, authenticates each page read from disk for less than SHA-512 (the list page
/// of a million incidents is the benchmark's `incidents.list_page_p95_encrypted`); the key
/// is still derived by PBKDF2-HMAC-SHA512 (256,000 rounds).
pub(super) fn cipher_settings(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "cipher_default_hmac_algorithm", "HMAC_SHA256")
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(hidden)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_is_never_shown_and_a_short_one_is_refused() {
        let p = Password::chosen("correct horse battery").unwrap();
        assert_eq!(format!("{p:?}"), "Password(hidden)");
        assert_eq!(Password::chosen("short").unwrap_err().field(), Some("password"));
        assert!(Password::given("short").is_ok());
        assert_eq!(Password::given("").unwrap_err().field(), Some("password"));
    }
}
