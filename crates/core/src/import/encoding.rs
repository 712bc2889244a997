//! The text encoding of a CSV file, found from its first bytes, and a reader that hands the
//! CSV reader UTF-8 whatever the file was written in: UTF-8 (with or without its byte-order
//! mark), UTF-16 (little or big endian, with a mark or told by its zero bytes), or, for text
//! that is not UTF-8, Windows-1252 (what Excel writes "CSV" in on Western European
//! Windows). The import's hash is of the file's own bytes, not of the decoded text.

use std::io::Read;

use encoding_rs::{Decoder, Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

/// How much of the file is looked at to tell its encoding.
const SNIFF_BYTES: usize = 64 * 1024;

/// The encoding of text starting with `head` (the first bytes of the file), and how many
/// bytes of byte-order mark to skip.
pub fn sniff(head: &[u8]) -> (&'static Encoding, usize) {
    if let Some((enc, bom)) = Encoding::for_bom(head) {
        return (enc, bom);
    }
    // UTF-16 without a mark: ASCII text has a zero in every other byte.
    let pairs = head.len() / 2;
    if pairs >= 4 {
        let zeros = |odd: usize| head.chunks_exact(2).filter(|p| p[odd] == 0).count();
        if zeros(1) * 10 >= pairs * 9 && zeros(0) == 0 {
            return (UTF_16LE, 0);
        }
        if zeros(0) * 10 >= pairs * 9 && zeros(1) == 0 {
            return (UTF_16BE, 0);
        }
    }
    // Valid UTF-8 up to the end of what was read (a character cut by the end does not count).
    match std::str::from_utf8(head) {
        Ok(_) => (UTF_8, 0),
        Err(e) if e.error_len().is_none() => (UTF_8, 0),
        Err(_) => (WINDOWS_1252, 0),
    }
}

/// Reads `inner` as UTF-8 text.
pub struct Utf8Text<R> {
    inner: R,
    /// None: the file is UTF-8 already and passes through.
    decoder: Option<Decoder>,
    raw: Vec<u8>,
    out: Vec<u8>,
    at: usize,
    done: bool,
}

impl<R: Read> Utf8Text<R> {
    /// Looks at the first bytes of `inner` (read into `head`) and decodes from there.
    pub fn new(mut inner: R) -> std::io::Result<(Self, &'static Encoding)> {
        let mut head = Vec::with_capacity(SNIFF_BYTES);
        (&mut inner).take(SNIFF_BYTES as u64).read_to_end(&mut head)?;
        let (encoding, bom) = sniff(&head);
        head.drain(..bom);
        let decoder = (encoding != UTF_8).then(|| encoding.new_decoder_without_bom_handling());
        Ok((Utf8Text { inner, decoder, raw: head, out: Vec::new(), at: 0, done: false }, encoding))
    }

    pub fn into_inner(self) -> R {
        self.inner
    }
}

impl<R: Read> Read for Utf8Text<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let Some(decoder) = self.decoder.as_mut() else {
            // UTF-8: the bytes looked at first, then the rest as it comes.
            if !self.raw.is_empty() {
                let n = buf.len().min(self.raw.len());
                buf[..n].copy_from_slice(&self.raw[..n]);
                self.raw.drain(..n);
                return Ok(n);
            }
            return self.inner.read(buf);
        };
        while self.at == self.out.len() {
            if self.done {
                return Ok(0);
            }
            if self.raw.is_empty() {
                let mut chunk = vec![0u8; 64 * 1024];
                let n = self.inner.read(&mut chunk)?;
                chunk.truncate(n);
                self.raw = chunk;
            }
            let last = self.raw.is_empty();
            self.at = 0;
            self.out.clear();
            self.out.resize(decoder.max_utf8_buffer_length(self.raw.len()).unwrap_or(self.raw.len() * 3 + 16), 0);
            let (_, read, written, _) = decoder.decode_to_utf8(&self.raw, &mut self.out, last);
            self.out.truncate(written);
            self.raw.drain(..read);
            self.done = last;
        }
        let n = buf.len().min(self.out.len() - self.at);
        buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(bytes: &[u8]) -> (String, &'static str) {
        let (mut r, enc) = Utf8Text::new(bytes).unwrap();
        let mut s = String::new();
        r.read_to_string(&mut s).unwrap();
        (s, enc.name())
    }

    fn utf16(text: &str, big: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend(if big { [0xFE, 0xFF] } else { [0xFF, 0xFE] });
        }
        for u in text.encode_utf16() {
            out.extend(if big { u.to_be_bytes() } else { u.to_le_bytes() });
        }
        out
    }

    const TEXT: &str = "Numéro;Titre;Catégorie\r\nINC1;Imprimante bloquée;Matériel\r\nINC2;Déploiement échoué;Réseau\r\n";

    #[test]
    fn every_encoding_a_csv_comes_in_reads_as_the_same_text() {
        assert_eq!(decoded(TEXT.as_bytes()), (TEXT.to_string(), "UTF-8"));
        assert_eq!(decoded(&[&[0xEF, 0xBB, 0xBF][..], TEXT.as_bytes()].concat()), (TEXT.to_string(), "UTF-8"));
        assert_eq!(decoded(&utf16(TEXT, false, true)), (TEXT.to_string(), "UTF-16LE"));
        assert_eq!(decoded(&utf16(TEXT, true, true)), (TEXT.to_string(), "UTF-16BE"));
        assert_eq!(decoded(&utf16(TEXT, false, false)), (TEXT.to_string(), "UTF-16LE"));
        assert_eq!(decoded(&utf16(TEXT, true, false)), (TEXT.to_string(), "UTF-16BE"));
        let (cp1252, _, _) = WINDOWS_1252.encode(TEXT);
        assert!(std::str::from_utf8(&cp1252).is_err(), "the test's bytes are not UTF-8");
        assert_eq!(decoded(&cp1252), (TEXT.to_string(), "windows-1252"));
        // Euro sign and curly quotes are where Windows-1252 differs from Latin-1.
        let (quotes, _, _) = WINDOWS_1252.encode("a;b\r\n“Coût” 12 €;x\r\n");
        assert_eq!(decoded(&quotes).0, "a;b\r\n“Coût” 12 €;x\r\n");
    }

    #[test]
    fn a_long_file_decodes_across_its_chunks() {
        // Longer than the bytes looked at first and than one chunk, a character split
        // between chunks.
        let line = "INC;Déploiement échoué à 12 € près\n";
        let text: String = std::iter::repeat_n(line, 8_000).collect();
        assert!(text.len() > 3 * SNIFF_BYTES);
        assert_eq!(decoded(&utf16(&text, false, true)).0, text);
        let (cp1252, _, _) = WINDOWS_1252.encode(&text);
        assert_eq!(decoded(&cp1252).0, text);
        // UTF-8 cut mid-character at the end of the bytes looked at first is still UTF-8.
        let mut long = "a".repeat(SNIFF_BYTES - 1);
        long.push('é');
        long.push_str(&"b".repeat(100));
        assert_eq!(decoded(long.as_bytes()), (long.clone(), "UTF-8"));
    }
}
