use std::io::{Read, Write};

use super::*;

/// Rewrites the bundle at `path` with `member` replaced (None: removed) and, when `extra`
/// is given, a member added; `resign` with a key recomputes the manifest and signs it again.
fn rewrite(path: &Path, member: &str, with: Option<&[u8]>, extra: Option<(&str, &[u8])>, resign: Option<&SigningKey>) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut members: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..zip.len() {
        let mut m = zip.by_index(i).unwrap();
        let mut v = Vec::new();
        m.read_to_end(&mut v).unwrap();
        members.push((m.name().unwrap().to_string(), v));
    }
    members.retain(|(n, _)| n != member);
    if let Some(b) = with {
        members.insert(0, (member.to_string(), b.to_vec()));
    }
    if let Some((n, b)) = extra {
        members.push((n.to_string(), b.to_vec()));
    }
    if let Some(key) = resign {
        let mut manifest: Manifest = serde_json::from_slice(&members.iter().find(|(n, _)| n == MANIFEST).unwrap().1).unwrap();
        manifest.files = members
            .iter()
            .filter(|(n, _)| n != MANIFEST && n != SIGNATURE)
            .map(|(n, b)| ManifestFile { path: n.clone(), sha256: keys::hex(&Sha256::digest(b)), bytes: b.len() as u64 })
            .collect();
        manifest.public_key = keys::public_text(&key.verifying_key());
        let bytes = serde_json::to_vec_pretty(&manifest).unwrap();
        let sig = format!("{}\n", keys::hex(&key.sign(&bytes).to_bytes()));
        for (n, b) in members.iter_mut() {
            if n == MANIFEST {
                *b = bytes.clone();
            } else if n == SIGNATURE {
                *b = sig.clone().into_bytes();
            }
        }
    }
    let mut w = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (n, b) in members {
        w.start_file(n, zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(&b).unwrap();
    }
    w.finish().unwrap();
}

fn member(path: &Path, name: &str) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut v = Vec::new();
    zip.by_name(name).unwrap().read_to_end(&mut v).unwrap();
    v
}

/// A workspace with a control test and its evidence file, bundled; every kind of tampering
/// caught and named.
#[test]
fn a_bundle_verifies_and_every_change_to_it_is_caught_and_named() {
    let d = tempfile::tempdir().unwrap();
    let ws = crate::testing::pinned(&d, "Ines Auditor", crate::testing::NOW);
    crate::demo::load_demo(&ws).unwrap();
    let evidence: i64 = ws.conn().query_row("SELECT (SELECT count(*) FROM evidence) + (SELECT count(*) FROM answer_evidence WHERE content IS NOT NULL)", [], |r| r.get(0)).unwrap();
    assert!(evidence > 0, "the demo keeps evidence files");
    let key_path = d.path().join("ines.key");
    let made = keys::keygen(&key_path, None).unwrap();
    let key = keys::load(&key_path, None).unwrap();
    let out = d.path().join("evidence.zip");
    let r = create_bundle(&ws, &out, &key).unwrap();
    assert_eq!(r.public_key, made.public_key);
    assert_eq!(r.files, 3 + evidence as u64, "the snapshot, the report (PDF and HTML) and every evidence file");
    assert!(member(&out, "report.pdf").starts_with(b"%PDF-") && member(&out, "report.html").starts_with(b"<!DOCTYPE html>"));
    // The head recorded is the snapshot's: the bundle's own audit entry came after it.
    let head_now = crate::workspace::head(&ws).unwrap();
    assert_ne!(r.audit_head, head_now);
    assert_eq!(r.audit_head.split(':').next().unwrap().parse::<i64>().unwrap() + 1, head_now.split(':').next().unwrap().parse::<i64>().unwrap());

    let fine = verify_bundle(&out, Some(&key.verifying_key()), None).unwrap();
    assert!(fine.valid, "{fine:?}");
    assert_eq!((fine.audit_chain.as_str(), fine.expected_key, fine.files), ("ok", Some(true), r.files));
    assert!(fine.changed.is_empty() && fine.missing.is_empty() && fine.added.is_empty() && fine.problems.is_empty());
    let pristine = std::fs::read(&out).unwrap();
    let again = |f: &dyn Fn(&Path)| {
        std::fs::write(&out, &pristine).unwrap();
        f(&out);
        verify_bundle(&out, Some(&key.verifying_key()), None).unwrap()
    };

    // One byte of the report changed.
    let v = again(&|p| {
        let mut b = member(p, "report.html");
        b[100] ^= 1;
        rewrite(p, "report.html", Some(&b), None, None);
    });
    assert!(!v.valid);
    assert_eq!(v.changed, ["report.html"]);
    // A member removed, one added.
    let v = again(&|p| rewrite(p, "report.html", None, None, None));
    assert_eq!((v.valid, v.missing.clone()), (false, vec!["report.html".to_string()]));
    let v = again(&|p| rewrite(p, "none", None, Some(("evidence/extra.txt", b"planted")), None));
    assert_eq!((v.valid, v.added.clone()), (false, vec!["evidence/extra.txt".to_string()]));
    // The manifest edited to cover a change: the signature no longer holds.
    let v = again(&|p| {
        let m = String::from_utf8(member(p, MANIFEST)).unwrap().replace("Ines Auditor", "Someone Else");
        rewrite(p, MANIFEST, Some(m.as_bytes()), None, None);
    });
    assert!(!v.valid && !v.signature_ok && v.changed.contains(&MANIFEST.to_string()), "{v:?}");
    // Changed and signed again with another key: consistent, but not the expected signer.
    let mallory = SigningKey::from_bytes(&[7u8; 32]);
    let v = again(&|p| {
        let mut b = member(p, "report.html");
        b[100] ^= 1;
        rewrite(p, "report.html", Some(&b), None, Some(&mallory));
    });
    assert!(v.signature_ok && !v.valid && v.expected_key == Some(false), "{v:?}");
    assert!(v.problems.iter().any(|p| p.contains("another key")), "{:?}", v.problems);
    // Without a key to expect, the verifier still says whose key it is, to be compared.
    let v = verify_bundle(&out, None, None).unwrap();
    assert_eq!((v.valid, v.expected_key, v.fingerprint.clone()), (true, None, keys::fingerprint(&mallory.verifying_key())));

    // A snapshot whose audit trail was edited, then signed again with the assessor's own
    // key: the hashes agree, the chain does not.
    let v = again(&|p| {
        let snap = d.path().join("snap.steward");
        std::fs::write(&snap, member(p, SNAPSHOT)).unwrap();
        let c = rusqlite::Connection::open(&snap).unwrap();
        c.execute("UPDATE audit_log SET actor = 'Someone Else' WHERE id = 5", []).unwrap();
        drop(c);
        rewrite(p, SNAPSHOT, Some(&std::fs::read(&snap).unwrap()), None, Some(&key));
    });
    assert!(v.signature_ok && v.changed.is_empty() && !v.valid, "{v:?}");
    assert_eq!(v.audit_chain, "broken");
    assert!(v.problems.iter().any(|p| p.contains("audit chain")), "{:?}", v.problems);

    // Not a bundle at all.
    std::fs::write(d.path().join("plain.zip"), b"hello").unwrap();
    assert_eq!(verify_bundle(&d.path().join("plain.zip"), None, None).unwrap_err().field(), Some("bundle"));
}
