//! SBOM and discovery imports at size: a CycloneDX SBOM of 10,000 components (with a
//! dependency for each but the first) against parsing the same file with serde_json alone;
//! an nmap scan of 10,000 hosts up with three open ports each against reading the same file
//! with quick-xml's pull parser alone.

use std::io::Write;
use std::path::Path;

use steward_core::workspace::{Actor, Workspace};

use crate::measure::{ms, Figure};

const COMPONENTS: usize = 10_000;
const HOSTS: usize = 10_000;

/// A new, empty workspace at `path` (an earlier run's removed).
pub(crate) fn fresh(path: &Path) -> Result<Workspace, String> {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    Workspace::create(path, Actor::parse("benchmark").map_err(|e| e.to_string())?).map_err(|e| e.to_string())
}

fn write_sbom(path: &Path) -> Result<(), String> {
    let components: Vec<serde_json::Value> = (0..COMPONENTS)
        .map(|k| {
            serde_json::json!({"bom-ref": format!("c{k}"), "type": "library", "name": format!("lib-{k}"), "version": format!("1.{}.{}", k % 50, k % 7),
                "purl": format!("pkg:npm/lib-{k}@1.{}.{}", k % 50, k % 7), "licenses": [{"license": {"id": if k % 9 == 0 { "GPL-3.0-only" } else { "MIT" }}}],
                "hashes": [{"alg": "SHA-256", "content": format!("{:064x}", k)}]})
        })
        .collect();
    let dependencies: Vec<serde_json::Value> = (1..COMPONENTS).map(|k| serde_json::json!({"ref": format!("c{}", k / 2), "dependsOn": [format!("c{k}")]})).collect();
    let doc = serde_json::json!({"bomFormat": "CycloneDX", "specVersion": "1.5", "metadata": {"component": {"bom-ref": "app", "name": "bench-app"}}, "components": components, "dependencies": dependencies});
    std::fs::write(path, serde_json::to_vec(&doc).map_err(|e| e.to_string())?).map_err(|e| e.to_string())
}

fn write_scan(path: &Path) -> Result<(), String> {
    let io = |e: std::io::Error| e.to_string();
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).map_err(io)?);
    writeln!(w, "<?xml version=\"1.0\"?>\n<nmaprun scanner=\"nmap\" args=\"nmap -sV 10.0.0.0/18\" version=\"7.94\">").map_err(io)?;
    for k in 0..HOSTS {
        writeln!(
            w,
            "<host><status state=\"up\" reason=\"syn-ack\"/><address addr=\"10.{}.{}.{}\" addrtype=\"ipv4\"/><hostnames><hostname name=\"host-{k}.example\" type=\"PTR\"/></hostnames><ports>\
<port protocol=\"tcp\" portid=\"22\"><state state=\"open\"/><service name=\"ssh\" product=\"OpenSSH\" version=\"9.{}\"/></port>\
<port protocol=\"tcp\" portid=\"443\"><state state=\"open\"/><service name=\"https\"/></port>\
<port protocol=\"tcp\" portid=\"8080\"><state state=\"open\"/><service name=\"http-proxy\"/></port>\
<port protocol=\"tcp\" portid=\"25\"><state state=\"closed\"/><service name=\"smtp\"/></port></ports></host>",
            k / 65536,
            (k / 256) % 256,
            k % 256,
            k % 10
        )
        .map_err(io)?;
    }
    writeln!(w, "<runstats><hosts up=\"{HOSTS}\" down=\"0\" total=\"{HOSTS}\"/></runstats></nmaprun>").map_err(io)?;
    w.flush().map_err(io)
}

pub fn run(dir: &Path, wanted: &dyn Fn(&str) -> bool) -> Result<Vec<Figure>, String> {
    let mut out = Vec::new();
    if wanted("sbom.import") {
        let file = dir.join("sbom-10k.json");
        write_sbom(&file)?;
        let ws = fresh(&dir.join("sbom.steward"))?;
        let (t, r) = ms(|| steward_core::software::sbom::import_sbom(&ws, &file, Some("bench-app")));
        let r = r.map_err(|e| e.to_string())?;
        if r.components != COMPONENTS as u64 {
            return Err(format!("the SBOM import read {} components, not {COMPONENTS}", r.components));
        }
        let (base, parsed) = ms(|| std::fs::read(&file).map_err(|e| e.to_string()).and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).map_err(|e| e.to_string())));
        parsed?;
        out.push(Figure::new("sbom.import", t, "ms", "< 2 s (10,000 components)").against("serde_json parse alone", base));
    }
    if wanted("discovery.nmap_import") {
        let file = dir.join("nmap-10k.xml");
        write_scan(&file)?;
        let ws = fresh(&dir.join("discovery.steward"))?;
        let (t, r) = ms(|| steward_core::cis::discovery::import_nmap(&ws, &file));
        let r = r.map_err(|e| e.to_string())?;
        if r.hosts_up != HOSTS as u64 || r.open_ports != 3 * HOSTS as u64 {
            return Err(format!("the nmap import read {} hosts and {} open ports", r.hosts_up, r.open_ports));
        }
        let (base, events) = ms(|| -> Result<u64, String> {
            let bytes = std::fs::read(&file).map_err(|e| e.to_string())?;
            let mut reader = quick_xml::Reader::from_reader(bytes.as_slice());
            let mut buf = Vec::new();
            let mut n = 0u64;
            loop {
                match reader.read_event_into(&mut buf).map_err(|e| e.to_string())? {
                    quick_xml::events::Event::Eof => break,
                    _ => n += 1,
                }
                buf.clear();
            }
            Ok(n)
        });
        events?;
        out.push(Figure::new("discovery.nmap_import", t, "ms", "< 5 s (10,000 hosts)").against("quick-xml pull parse alone", base));
    }
    Ok(out)
}
