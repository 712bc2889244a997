//! Discovery without agents: an nmap XML scan read with quick-xml (a pull parser: no
//! entities are expanded, no DTD fetched). Each host that was up is matched to a CI (by
//! address, then by host name) and kept as a proposal with its open ports and services;
//! nothing is created until the user accepts one (a CI created, or the matched CI brought up
//! to date with its address, name and services as attributes) or ignores it. A rescan
//! replaces the pending proposal of each address and says what changed against the CI: a
//! new host, a port opened or closed, a service's version changed.

use std::collections::BTreeMap;
use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{create_in, fetch, update_in, CiId, CiInput, CiType, Environment, Lifecycle};
use crate::error::{CoreError, Result};
use crate::import::file_error;
use crate::record::{RecordKind, RecordRef};
use crate::workspace::{Action, Subject, Tx, Workspace};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OpenPort {
    pub port: u16,
    pub protocol: String,
    pub service: Option<String>,
    pub product: Option<String>,
    pub version: Option<String>,
}

impl OpenPort {
    /// The attribute a CI keeps for it ("tcp/22") and its value ("ssh OpenSSH 8.9p1").
    fn attribute(&self) -> (String, String) {
        let value = [self.service.as_deref(), self.product.as_deref(), self.version.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
        (format!("{}/{}", self.protocol, self.port), value)
    }
}

/// One host the scan found up.
#[derive(Debug, Clone, PartialEq)]
struct Host {
    address: String,
    hostname: Option<String>,
    ports: Vec<OpenPort>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct NmapReport {
    pub hosts_up: u64,
    pub open_ports: u64,
    /// Hosts matched to a CI.
    pub matched: u64,
    /// Proposals pending after the import (one per host up).
    pub proposed: u64,
}

crate::labelled_enum!(
    DiscoveryStatus {
        Pending = "pending": "Awaiting review",
        Accepted = "accepted": "Accepted",
        Ignored = "ignored": "Ignored",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Discovery {
    #[ts(type = "number")]
    pub id: i64,
    pub address: String,
    pub hostname: Option<String>,
    #[ts(type = "number | null")]
    pub ci_id: Option<i64>,
    /// The matched CI's name.
    pub ci: Option<String>,
    pub open_ports: Vec<OpenPort>,
    /// What differs from the CI as recorded ("new host", "tcp/80 opened", ...).
    pub changes: Vec<String>,
    pub status: DiscoveryStatus,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct AcceptReport {
    pub created: u64,
    pub updated: u64,
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.into_inner() == name)
        .and_then(|a| quick_xml::escape::unescape(&a.value).ok().map(|v| v.trim().to_string()))
        .filter(|v| !v.is_empty())
}

/// Reads the scan: a file that is not nmap's, or is cut off, is refused whole.
fn parse(path: &Path, bytes: &[u8]) -> Result<Vec<Host>> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::new();
    let (mut root, mut depth, mut ended) = (false, 0usize, false);
    let mut hosts = Vec::new();
    // The host being read: (up, address, hostname, ports), and the port being read.
    let mut host: Option<(bool, Option<String>, Option<String>, Vec<OpenPort>)> = None;
    let mut port: Option<(OpenPort, bool)> = None;
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| file_error(path, format!("it is not well-formed XML near byte {} ({e})", reader.buffer_position())))?;
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            let name = e.name().into_inner().to_string();
            if depth == 0 {
                if name != "nmaprun" {
                    return Err(file_error(path, format!("its root element is <{}>, not nmap's <nmaprun>: save the scan with nmap -oX", name)));
                }
                root = true;
            }
            match name.as_str() {
                "host" => host = Some((false, None, None, Vec::new())),
                "status" if host.is_some() => {
                    if let Some(h) = host.as_mut() {
                        h.0 = attr(&e, "state").as_deref() == Some("up");
                    }
                }
                "address" => {
                    if let Some(h) = host.as_mut() {
                        // The IP address; a MAC address is not where the host is reached.
                        if attr(&e, "addrtype").as_deref() != Some("mac") && h.1.is_none() {
                            h.1 = attr(&e, "addr");
                        }
                    }
                }
                "hostname" => {
                    if let Some(h) = host.as_mut() {
                        if h.2.is_none() {
                            h.2 = attr(&e, "name");
                        }
                    }
                }
                "port" if host.is_some() => {
                    let number = attr(&e, "portid").and_then(|p| p.parse::<u16>().ok());
                    port = number.map(|p| (OpenPort { port: p, protocol: attr(&e, "protocol").unwrap_or_else(|| "tcp".into()), service: None, product: None, version: None }, false));
                }
                "state" => {
                    if let Some(p) = port.as_mut() {
                        p.1 = attr(&e, "state").as_deref() == Some("open");
                    }
                }
                "service" => {
                    if let Some(p) = port.as_mut() {
                        p.0.service = attr(&e, "name");
                        p.0.product = attr(&e, "product");
                        p.0.version = attr(&e, "version");
                    }
                }
                _ => {}
            }
            if empty {
                close(&name, &mut host, &mut port, &mut hosts);
            } else {
                depth += 1;
            }
        }
        match event {
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                let name = e.name().into_inner().to_string();
                close(&name, &mut host, &mut port, &mut hosts);
                if depth == 0 && name == "nmaprun" {
                    ended = true;
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !root {
        return Err(file_error(path, "it holds no XML element: save the scan with nmap -oX"));
    }
    if !ended {
        return Err(file_error(path, "it ends before </nmaprun>: the scan was cut off or is still running"));
    }
    if hosts.is_empty() {
        return Err(file_error(path, "no host was up in this scan, so there is nothing to propose"));
    }
    Ok(hosts)
}

/// What closing an element finishes: a port (kept when open) or a host (kept when up).
fn close(name: &str, host: &mut Option<(bool, Option<String>, Option<String>, Vec<OpenPort>)>, port: &mut Option<(OpenPort, bool)>, hosts: &mut Vec<Host>) {
    match name {
        "port" => {
            if let (Some((p, open)), Some(h)) = (port.take(), host.as_mut()) {
                if open {
                    h.3.push(p);
                }
            }
        }
        "host" => {
            if let Some((true, Some(address), hostname, mut ports)) = host.take() {
                ports.sort_by(|a, b| (a.protocol.as_str(), a.port).cmp(&(b.protocol.as_str(), b.port)));
                hosts.push(Host { address, hostname, ports });
            }
        }
        _ => {}
    }
}

/// The CI a host is: one whose address attribute is the host's, else one named as the host
/// (its full name or its first label).
fn matching_ci(tx: &Tx<'_>, h: &Host) -> Result<Option<i64>> {
    let by_address: Option<i64> = tx
        .query_row::<Option<i64>, _, _>(
            "SELECT min(id) FROM cis WHERE json_extract(attributes, '$.ip_address') = ?1 OR json_extract(attributes, '$.ip') = ?1 OR json_extract(attributes, '$.address') = ?1",
            [&h.address],
            |r| r.get(0),
        )?;
    if by_address.is_some() {
        return Ok(by_address);
    }
    let Some(name) = &h.hostname else { return Ok(None) };
    let short = name.split('.').next().unwrap_or(name);
    Ok(tx.query_row("SELECT id FROM cis WHERE name = ?1 COLLATE NOCASE OR name = ?2 COLLATE NOCASE ORDER BY id LIMIT 1", [name, short], |r| r.get(0)).optional()?)
}

/// What the scan says that the CI does not: ports opened or closed, versions changed.
fn changes_against(recorded: Option<&BTreeMap<String, String>>, ports: &[OpenPort]) -> Vec<String> {
    let Some(attrs) = recorded else { return vec!["new host".into()] };
    let was: BTreeMap<&str, &str> = attrs.iter().filter(|(k, _)| k.starts_with("tcp/") || k.starts_with("udp/")).map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let now: BTreeMap<String, String> = ports.iter().map(OpenPort::attribute).collect();
    let mut out = Vec::new();
    for (k, v) in &now {
        match was.get(k.as_str()) {
            None => out.push(format!("{k} opened ({v})")),
            Some(old) if old != v => out.push(format!("{k} changed: {old} → {v}")),
            _ => {}
        }
    }
    for k in was.keys().filter(|k| !now.contains_key(**k)) {
        out.push(format!("{k} closed"));
    }
    out
}

pub fn import_nmap(ws: &Workspace, path: &Path) -> Result<NmapReport> {
    let bytes = crate::import::read_whole(path)?;
    let file = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    propose(ws, path, &file, &bytes)
}

/// Reads a scan held in memory (`label` names it where a file's name would) into proposals.
pub(crate) fn propose(ws: &Workspace, path: &Path, file: &str, bytes: &[u8]) -> Result<NmapReport> {
    let hosts = parse(path, bytes)?;
    ws.write(|tx| {
        let mut report = NmapReport { hosts_up: hosts.len() as u64, open_ports: hosts.iter().map(|h| h.ports.len() as u64).sum(), matched: 0, proposed: 0 };
        for h in &hosts {
            let ci = matching_ci(tx, h)?;
            report.matched += u64::from(ci.is_some());
            let recorded = ci.map(|id| fetch(tx, CiId(id)).map(|c| c.attributes)).transpose()?;
            let changes = changes_against(recorded.as_ref(), &h.ports);
            let ports = serde_json::to_string(&h.ports).unwrap_or_else(|_| "[]".into());
            let changes = serde_json::to_string(&changes).unwrap_or_else(|_| "[]".into());
            tx.execute(
                "INSERT INTO discoveries (address, hostname, ci_id, ports, changes, status, file, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, 'pending', ?6, ?7, ?7)
                 ON CONFLICT (address) WHERE status = 'pending' DO UPDATE SET hostname = excluded.hostname, ci_id = excluded.ci_id, ports = excluded.ports,
                    changes = excluded.changes, file = excluded.file, updated_at = excluded.updated_at",
                params![h.address, h.hostname, ci, ports, changes, file, tx.at()],
            )?;
        }
        report.proposed = tx.query_row("SELECT count(*) FROM discoveries WHERE status = 'pending'", [], |r| r.get(0))?;
        tx.audit(Action::did("discovery.imported"), Subject::Every(RecordKind::Ci), serde_json::json!({"file": file, "hosts_up": report.hosts_up, "open_ports": report.open_ports, "matched": report.matched}))?;
        Ok(report)
    })
}

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<Discovery> {
    let ports: String = r.get(5)?;
    let changes: String = r.get(6)?;
    Ok(Discovery {
        id: r.get(0)?,
        address: r.get(1)?,
        hostname: r.get(2)?,
        ci_id: r.get(3)?,
        ci: r.get(4)?,
        open_ports: serde_json::from_str(&ports).unwrap_or_default(),
        changes: serde_json::from_str(&changes).unwrap_or_default(),
        status: r.get(7)?,
    })
}

const SELECT: &str = "SELECT d.id, d.address, d.hostname, d.ci_id, c.name, d.ports, d.changes, d.status FROM discoveries d LEFT JOIN cis c ON c.id = d.ci_id";

/// The pending proposals, by address.
pub fn list_discoveries(ws: &Workspace) -> Result<Vec<Discovery>> {
    Ok(ws.conn().prepare(&format!("{SELECT} WHERE d.status = 'pending' ORDER BY d.address, d.id"))?.query_map([], map)?.collect::<rusqlite::Result<_>>()?)
}

/// Accepts one pending proposal (or every one): a CI is created for a new host, the
/// matched CI is brought up to date (its address, host name and open ports as attributes).
pub fn accept_discoveries(ws: &Workspace, only: Option<i64>) -> Result<AcceptReport> {
    ws.write(|tx| {
        let pending: Vec<Discovery> = tx.prepare(&format!("{SELECT} WHERE d.status = 'pending' AND (?1 IS NULL OR d.id = ?1) ORDER BY d.address, d.id"))?.query_map([only], map)?.collect::<rusqlite::Result<_>>()?;
        if let (Some(id), true) = (only, pending.is_empty()) {
            return Err(CoreError::validation("id", format!("There is no pending discovery {id}.")));
        }
        let mut report = AcceptReport::default();
        for d in pending {
            let mut attributes: BTreeMap<String, String> = BTreeMap::new();
            attributes.insert("ip_address".into(), d.address.clone());
            if let Some(h) = &d.hostname {
                attributes.insert("hostname".into(), h.clone());
            }
            let ports: BTreeMap<String, String> = d.open_ports.iter().map(OpenPort::attribute).collect();
            let ci = match d.ci_id {
                Some(id) => {
                    let before = fetch(tx, CiId(id))?;
                    let mut merged: BTreeMap<String, String> = before.attributes.iter().filter(|(k, _)| !k.starts_with("tcp/") && !k.starts_with("udp/")).map(|(k, v)| (k.clone(), v.clone())).collect();
                    merged.extend(attributes);
                    merged.extend(ports);
                    let input = CiInput { name: before.name.clone(), ci_type: before.ci_type, environment: before.environment, owner_id: before.owner_id, lifecycle: before.lifecycle, attributes: merged };
                    let after = update_in(tx, CiId(id), &input)?;
                    if after.attributes != before.attributes {
                        report.updated += 1;
                    }
                    id
                }
                None => {
                    attributes.extend(ports);
                    let name = d.hostname.clone().unwrap_or_else(|| d.address.clone());
                    let input = CiInput { name, ci_type: CiType::Server, environment: Environment::Production, owner_id: None, lifecycle: Lifecycle::Operational, attributes };
                    report.created += 1;
                    create_in(tx, &input)?.id.0
                }
            };
            tx.execute("UPDATE discoveries SET status = 'accepted', ci_id = ?2, updated_at = ?3 WHERE id = ?1", params![d.id, ci, tx.at()])?;
            tx.audit(Action::did("discovery.accepted"), RecordRef::new(RecordKind::Ci, ci), serde_json::json!({"address": d.address, "hostname": d.hostname, "changes": d.changes}))?;
        }
        Ok(report)
    })
}

/// Merges a proposal into a CI the user names (the host is a CI the scan did not match:
/// renamed, readdressed): the proposal then brings that CI up to date as an accepted one.
pub fn merge_discovery(ws: &Workspace, id: i64, into: CiId) -> Result<AcceptReport> {
    ws.write(|tx| {
        fetch(tx, into)?;
        let n = tx.execute("UPDATE discoveries SET ci_id = ?2, updated_at = ?3 WHERE id = ?1 AND status = 'pending'", params![id, into.0, tx.at()])?;
        if n == 0 {
            return Err(CoreError::validation("id", format!("There is no pending discovery {id}.")));
        }
        Ok(())
    })?;
    accept_discoveries(ws, Some(id))
}

/// Leaves a proposal out (the host stays unknown to the register).
pub fn ignore_discovery(ws: &Workspace, id: i64) -> Result<()> {
    ws.write(|tx| {
        let n = tx.execute("UPDATE discoveries SET status = 'ignored', updated_at = ?2 WHERE id = ?1 AND status = 'pending'", params![id, tx.at()])?;
        if n == 0 {
            return Err(CoreError::validation("id", format!("There is no pending discovery {id}.")));
        }
        tx.audit(Action::did("discovery.ignored"), Subject::Every(RecordKind::Ci), serde_json::json!({"discovery": id}))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(name: &str) -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
    }

    /// `nmap-2-hosts.xml` (python-libnmap's test scan, Apache-2.0), counted with Python's
    /// ElementTree: 2 hosts up, 7 open ports (localhost 22, 23, 631, 3306; scanme.nmap.org
    /// 22, 80, 9929; closed and filtered ones are not open). A CI named "scanme" matches the
    /// second by its host name's first label. Nothing is created before acceptance; after
    /// it, a rescan matches both by address and finds nothing changed; a scan without port
    /// 80 says it closed.
    #[test]
    fn a_real_scan_is_proposed_matched_accepted_and_rescanned() {
        let d = tempfile::tempdir().unwrap();
        let ws = crate::testing::pinned(&d, "Consultant", crate::testing::NOW);
        create_in_ws(&ws, "scanme");
        let cis = || crate::cis::list_cis(&ws, &Default::default()).unwrap().items.len();
        let r = import_nmap(&ws, &data("nmap-2-hosts.xml")).unwrap();
        assert_eq!(r, NmapReport { hosts_up: 2, open_ports: 7, matched: 1, proposed: 2 });
        assert_eq!(cis(), 1, "nothing created before acceptance");
        let list = list_discoveries(&ws).unwrap();
        let seen: Vec<(&str, Option<&str>, usize, Option<&str>)> = list.iter().map(|x| (x.address.as_str(), x.hostname.as_deref(), x.open_ports.len(), x.ci.as_deref())).collect();
        assert_eq!(seen, [("127.0.0.1", Some("localhost"), 4, None), ("74.207.244.221", Some("scanme.nmap.org"), 3, Some("scanme"))]);
        assert_eq!(list[0].changes, ["new host"]);
        assert_eq!(list[0].open_ports[3], OpenPort { port: 3306, protocol: "tcp".into(), service: Some("mysql".into()), product: None, version: None });
        assert_eq!(accept_discoveries(&ws, None).unwrap(), AcceptReport { created: 1, updated: 1 });
        assert_eq!(cis(), 2);
        let scanme = crate::cis::list_cis(&ws, &Default::default()).unwrap().items.into_iter().find(|c| c.name == "scanme").unwrap();
        assert_eq!((scanme.attributes["ip_address"].as_str(), scanme.attributes["tcp/80"].as_str()), ("74.207.244.221", "http"));
        assert!(list_discoveries(&ws).unwrap().is_empty());
        let again = import_nmap(&ws, &data("nmap-2-hosts.xml")).unwrap();
        assert_eq!((again.matched, again.proposed), (2, 2));
        assert!(list_discoveries(&ws).unwrap().iter().all(|x| x.changes.is_empty()), "nothing changed");
        let text = std::fs::read_to_string(data("nmap-2-hosts.xml")).unwrap().replace(r#"<port protocol="tcp" portid="80"><state state="open""#, r#"<port protocol="tcp" portid="80"><state state="closed""#);
        let rescan = d.path().join("rescan.xml");
        std::fs::write(&rescan, text).unwrap();
        import_nmap(&ws, &rescan).unwrap();
        let scanme_now = list_discoveries(&ws).unwrap().into_iter().find(|x| x.address == "74.207.244.221").unwrap();
        assert_eq!(scanme_now.changes, ["tcp/80 closed"]);
        ignore_discovery(&ws, scanme_now.id).unwrap();
        assert_eq!(accept_discoveries(&ws, Some(scanme_now.id)).unwrap_err().field(), Some("id"));
        // The other host is a CI the scan could not match (its name is not its host name):
        // merged into it, it brings that CI up to date and creates nothing.
        create_in_ws(&ws, "build-box");
        let local = list_discoveries(&ws).unwrap().into_iter().find(|x| x.address == "127.0.0.1").unwrap();
        let target = crate::cis::list_cis(&ws, &Default::default()).unwrap().items.into_iter().find(|c| c.name == "build-box").unwrap().id;
        assert_eq!(merge_discovery(&ws, local.id, target).unwrap(), AcceptReport { created: 0, updated: 1 });
        assert_eq!(crate::cis::get_ci(&ws, target).unwrap().attributes["tcp/3306"], "mysql");
        assert_eq!(merge_discovery(&ws, local.id, target).unwrap_err().field(), Some("id"), "no longer pending");
    }

    /// `nmap-fullscan.xml` (python-libnmap, Apache-2.0): 256 hosts scanned, 2 up, 9 open
    /// ports, as ElementTree counts them. Files that are not nmap's, cut off, or with no host
    /// up are refused and write nothing.
    #[test]
    fn a_large_scan_counts_only_hosts_up_and_bad_scans_are_refused() {
        let d = tempfile::tempdir().unwrap();
        let ws = crate::testing::pinned(&d, "Consultant", crate::testing::NOW);
        let r = import_nmap(&ws, &data("nmap-fullscan.xml")).unwrap();
        assert_eq!((r.hosts_up, r.open_ports, r.matched, r.proposed), (2, 9, 0, 2));
        let full = std::fs::read_to_string(data("nmap-2-hosts.xml")).unwrap();
        let write = |name: &str, body: &str| {
            let p = d.path().join(name);
            std::fs::write(&p, body).unwrap();
            p
        };
        for (name, body, says) in [
            ("other.xml", "<?xml version=\"1.0\"?><scan><host/></scan>", "not nmap's <nmaprun>"),
            ("cut.xml", &full[..full.len() / 2], "not well-formed XML near byte"),
            ("unfinished.xml", &full[..full.find("<runstats>").unwrap()], "cut off"),
            ("down.xml", "<nmaprun><host><status state=\"down\"/><address addr=\"10.0.0.9\" addrtype=\"ipv4\"/></host></nmaprun>", "no host was up"),
            ("text.xml", "hello", "no XML element"),
        ] {
            let e = import_nmap(&ws, &write(name, body)).unwrap_err();
            assert!(e.to_string().contains(says), "{name}: {e}");
        }
        assert_eq!(list_discoveries(&ws).unwrap().len(), 2, "the refused files wrote nothing");
    }

    fn create_in_ws(ws: &Workspace, name: &str) {
        crate::cis::create_ci(ws, &CiInput { name: name.into(), ci_type: CiType::Server, environment: Environment::Production, owner_id: None, lifecycle: Lifecycle::Operational, attributes: Default::default() }).unwrap();
    }
}
