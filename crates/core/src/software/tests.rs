use super::sbom::import_sbom;
use super::*;
use crate::testing::{pinned, NOW};

fn data(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
}

/// A real CycloneDX 1.4 SBOM (`tests/data/cyclonedx-1.4-laravel-7.12.0.json`, CycloneDX's
/// bom-examples, CC0). Counted with Python's json module: 62 components (none nested), all
/// 62 with a purl, 113 distinct dependency pairs between named elements; licences MIT 57,
/// BSD-3-Clause 4, Apache-2.0 1; `metadata.component` is "cyclonedx-php-composer-demo".
/// A second import changes nothing.
#[test]
fn a_real_cyclonedx_sbom_imports_with_its_components_licences_and_graph() {
    let d = tempfile::tempdir().unwrap();
    let ws = pinned(&d, "Consultant", NOW);
    let r = import_sbom(&ws, &data("cyclonedx-1.4-laravel-7.12.0.json"), None).unwrap();
    assert_eq!((r.format.as_str(), r.application.as_str()), ("cyclonedx-1.4", "cyclonedx-php-composer-demo"));
    assert_eq!((r.components, r.with_purl, r.dependencies, r.created, r.updated, r.rejected), (62, 62, 113, 62, 0, 0));
    assert!(r.cycles.is_empty());
    let app = list_applications(&ws, &Default::default()).unwrap().items.remove(0);
    let detail = get_application(&ws, app.id).unwrap();
    assert_eq!(detail.components.len(), 62);
    let licences: Vec<(&str, u64)> = detail.licences.iter().map(|l| (l.licence.as_str(), l.components)).collect();
    assert_eq!(licences, [("MIT", 57), ("BSD-3-Clause", 4), ("Apache-2.0", 1)]);
    assert!(detail.components.iter().any(|c| !c.depends_on.is_empty()));
    let again = import_sbom(&ws, &data("cyclonedx-1.4-laravel-7.12.0.json"), None).unwrap();
    assert_eq!((again.created, again.updated, again.added.len(), again.removed.len()), (0, 0, 0, 0));
}

/// Real SPDX documents (spdx/spdx-examples; each document's dataLicense is CC0-1.0).
/// `spdx-2.2-appbomination.spdx.json`: 7 packages, 4 with a purl (an externalRef of type
/// purl), 3 DEPENDENCY_OF pairs (TEST_DEPENDENCY_OF and CONTAINED_BY are not
/// dependencies). `spdx-2.3-example11.spdx.json`: 4 packages, all with a purl, 3 DEPENDS_ON
/// pairs. Imported into one application, the second replaces the first's components and
/// says so; tokio's licence is its concluded one (its declared one is NOASSERTION).
#[test]
fn real_spdx_documents_import_and_a_new_version_says_what_changed() {
    let d = tempfile::tempdir().unwrap();
    let ws = pinned(&d, "Consultant", NOW);
    let first = import_sbom(&ws, &data("spdx-2.2-appbomination.spdx.json"), Some("Hello <b>app</b>")).unwrap();
    assert_eq!((first.format.as_str(), first.components, first.with_purl, first.dependencies, first.rejected), ("spdx-2.2", 7, 4, 3, 0));
    let second = import_sbom(&ws, &data("spdx-2.3-example11.spdx.json"), Some("Hello <b>app</b>")).unwrap();
    assert_eq!((second.format.as_str(), second.components, second.with_purl, second.dependencies), ("spdx-2.3", 4, 4, 3));
    assert_eq!((second.added.len(), second.removed.len()), (4, 7), "{second:?}");
    let app = list_applications(&ws, &Default::default()).unwrap().items.remove(0);
    assert_eq!(app.name, "Hello <b>app</b>");
    let detail = get_application(&ws, app.id).unwrap();
    let tokio = detail.components.iter().find(|c| c.name == "tokio").unwrap();
    assert_eq!((tokio.version.as_str(), tokio.licences.as_str(), tokio.purl.as_deref()), ("1.19.2", "MIT", Some("pkg:cargo/tokio@1.19.2")));
    let hello = detail.components.iter().find(|c| c.name == "hello-server-src").unwrap();
    assert_eq!(hello.depends_on.len(), 3);

    // Each SBOM is a run of the import history: undoing the second puts the first's seven
    // components and three dependencies back and removes the four it brought; undoing the
    // first then removes the application it created and its components.
    use crate::import::history::{list_imports, undo_import};
    let runs = list_imports(&ws).unwrap();
    assert_eq!(runs.iter().map(|r| (r.kind.as_str(), r.format.as_str(), r.created)).collect::<Vec<_>>(), [("sbom", "spdx-2.3", 4), ("sbom", "spdx-2.2", 7)]);
    assert!(undo_import(&ws, runs[1].id).is_err(), "the later SBOM changed what the first brought: undo it first");
    let undone = undo_import(&ws, runs[0].id).unwrap();
    assert_eq!((undone.removed, undone.restored, undone.kept_in_use), (4, 1, 0), "{undone:?}");
    let back = get_application(&ws, app.id).unwrap();
    assert_eq!(back.components.len(), 7);
    assert_eq!(back.components.iter().map(|c| c.depends_on.len()).sum::<usize>(), 3);
    undo_import(&ws, runs[1].id).unwrap();
    assert!(list_applications(&ws, &Default::default()).unwrap().items.is_empty());
    let left: i64 = ws.conn().query_row("SELECT count(*) FROM components", [], |r| r.get(0)).unwrap();
    assert_eq!(left, 0);
}

/// Bad files are refused whole; bad elements are listed and left out; a component shared
/// by two applications is one component; copyleft licences are flagged.
#[test]
fn bad_sboms_are_refused_or_listed_and_shared_components_are_one() {
    let d = tempfile::tempdir().unwrap();
    let ws = pinned(&d, "Consultant", NOW);
    let write = |name: &str, body: &str| {
        let p = d.path().join(name);
        std::fs::write(&p, body).unwrap();
        p
    };
    for (name, body, says) in [
        ("not.json", "<bom/>", "it is not JSON"),
        ("old.json", r#"{"bomFormat": "CycloneDX", "specVersion": "1.1", "components": []}"#, "CycloneDX 1.1"),
        ("spdx3.json", r#"{"spdxVersion": "SPDX-3.0"}"#, "SPDX-3.0"),
        ("other.json", r#"{"hello": "world"}"#, "neither a CycloneDX BOM"),
    ] {
        let e = import_sbom(&ws, &write(name, body), Some("x")).unwrap_err();
        assert!(e.to_string().contains(says), "{name}: {e}");
    }
    assert!(list_applications(&ws, &Default::default()).unwrap().items.is_empty(), "nothing written");
    let bom = write("a.json", r#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
        {"bom-ref": "a", "name": "left-pad", "version": "1.3.0", "purl": "pkg:npm/left-pad@1.3.0", "licenses": [{"license": {"id": "GPL-3.0-only"}}],
         "components": [{"bom-ref": "a-inner", "name": "inner", "version": "1"}]},
        {"bom-ref": "a", "name": "dup", "version": "2"},
        {"bom-ref": "nameless", "version": "3"}],
        "dependencies": [{"ref": "a", "dependsOn": ["a-inner", "unknown"]}, {"ref": "a-inner", "dependsOn": ["a"]}]}"#);
    let r = import_sbom(&ws, &bom, Some("one")).unwrap();
    assert_eq!((r.components, r.rejected, r.dependencies), (2, 2, 2), "nested counted, duplicate and nameless left out, unknown refs not pairs: {r:?}");
    assert_eq!(r.errors.iter().map(|e| e.element.as_str()).collect::<Vec<_>>(), ["a", "nameless"]);
    assert_eq!(r.cycles, ["a → a-inner → a"], "the cycle is said, from its smallest reference");
    let two = import_sbom(&ws, &bom, Some("two")).unwrap();
    assert_eq!((two.created, two.components), (0, 2), "the same components, shared");
    let one = list_applications(&ws, &Default::default()).unwrap().items.into_iter().find(|a| a.name == "one").unwrap();
    let detail = get_application(&ws, one.id).unwrap();
    assert_eq!(detail.components.iter().map(|c| c.applications).collect::<Vec<_>>(), [2, 2]);
    assert!(detail.licences.iter().any(|l| l.licence == "GPL-3.0-only" && l.copyleft));
    // The list is the workspace's: a client whose policy also flags the Artistic licence,
    // and not the MPL, gets that; an expression is flagged by any id in it.
    use super::{copyleft_list, set_copyleft_list, CopyleftList};
    assert!(copyleft_list(&ws).unwrap().flags("MIT OR (GPL-2.0-only WITH Classpath-exception-2.0)"));
    assert!(!copyleft_list(&ws).unwrap().flags("MIT OR Apache-2.0"));
    let mine = set_copyleft_list(&ws, &CopyleftList { prefixes: vec![" Artistic-".into(), "GPL-".into(), "".into(), "GPL-".into()] }).unwrap();
    assert_eq!(mine.prefixes, ["Artistic-", "GPL-"]);
    assert!(!copyleft_list(&ws).unwrap().flags("MPL-2.0") && copyleft_list(&ws).unwrap().flags("Artistic-2.0"));
    assert_eq!(set_copyleft_list(&ws, &CopyleftList { prefixes: vec!["GPL <b>".into()] }).unwrap_err().field(), Some("prefixes"));
}

/// A vulnerability in the register names its package: the applications whose SBOMs carry it
/// are found from it, and the component shows it; without a version it matches every one;
/// closed, it matches none.
#[test]
fn a_vulnerability_finds_the_applications_that_carry_its_package() {
    use crate::security::vulnerabilities::{create_vulnerability, update_vulnerability, VulnerabilityInput, VulnerabilityStatus};
    let d = tempfile::tempdir().unwrap();
    let ws = pinned(&d, "Consultant", NOW);
    import_sbom(&ws, &data("cyclonedx-1.4-laravel-7.12.0.json"), Some("Laravel demo")).unwrap();
    let input = |purl: &str, status| VulnerabilityInput {
        title: "Carbon <script>".into(), description: String::new(), cve: None, cvss_vector: None, status, found_on: "2026-11-02".into(), purl: Some(purl.into()),
    };
    assert_eq!(create_vulnerability(&ws, &input("carbon", VulnerabilityStatus::Open)).unwrap_err().field(), Some("purl"));
    let exact = create_vulnerability(&ws, &input("pkg:composer/nesbot/carbon@2.63.0", VulnerabilityStatus::Open)).unwrap();
    let any = create_vulnerability(&ws, &input("pkg:composer/nesbot/carbon", VulnerabilityStatus::Open)).unwrap();
    let other = create_vulnerability(&ws, &input("pkg:composer/nesbot/carbon@1.0.0", VulnerabilityStatus::Open)).unwrap();
    let seen = |id| carriers_of(&ws, id).unwrap().into_iter().map(|c| (c.application, c.component)).collect::<Vec<_>>();
    assert_eq!(seen(exact.id.0), [("Laravel demo".to_string(), "carbon 2.63.0".to_string())]);
    assert_eq!(seen(any.id.0).len(), 1);
    assert!(seen(other.id.0).is_empty());
    let app = list_applications(&ws, &Default::default()).unwrap().items.remove(0);
    let carbon = get_application(&ws, app.id).unwrap().components.into_iter().find(|c| c.name == "carbon").unwrap();
    assert_eq!(carbon.vulnerabilities, [exact.key.clone(), any.key.clone()]);
    update_vulnerability(&ws, exact.id, &input("pkg:composer/nesbot/carbon@2.63.0", VulnerabilityStatus::Closed)).unwrap();
    assert!(seen(exact.id.0).is_empty(), "closed: no longer matched");
}
