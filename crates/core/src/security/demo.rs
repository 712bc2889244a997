//! The demo's information security: controls, security incidents, vulnerabilities.

use std::collections::HashMap;

use crate::error::Result;
use crate::links::{self, LinkType, NewLink};
use crate::record::{RecordKind, RecordRef};
use crate::workspace::Workspace;
use crate::demo::Spine;

// name, type, implementation, NIST CSF 2.0 subcategories it meets
const CONTROLS: &[(&str, &str, &str, &str)] = &[
    ("Information security policy approved by the board", "preventive", "implemented", "GV.PO-01 GV.PO-02"),
    ("Roles and responsibilities for security in job descriptions", "preventive", "implemented", "GV.RR-02"),
    ("Security steering committee meets quarterly", "preventive", "implemented", "GV.OV-01 GV.RR-01"),
    ("Risk appetite statement for IT", "preventive", "partial", "GV.RM-02 GV.RM-03"),
    ("Risk register reviewed by owners on cadence", "detective", "implemented", "GV.RM-06 ID.RA-06"),
    ("Stakeholder and legal requirements register", "preventive", "partial", "GV.OC-02 GV.OC-03"),
    ("Critical services and dependencies documented", "preventive", "implemented", "GV.OC-04 GV.OC-05 ID.AM-05"),
    ("Supplier security assessment before contract", "preventive", "partial", "GV.SC-06 GV.SC-07"),
    ("Security clauses in supplier contracts", "preventive", "partial", "GV.SC-05"),
    ("Supplier inventory with criticality", "preventive", "implemented", "GV.SC-04"),
    ("Supplier offboarding checklist", "corrective", "planned", "GV.SC-10"),
    ("Hardware asset inventory from the CMDB", "preventive", "implemented", "ID.AM-01"),
    ("Software inventory and licence tracking", "preventive", "implemented", "ID.AM-02"),
    ("Network diagrams and data flows maintained", "preventive", "partial", "ID.AM-03"),
    ("Inventory of cloud and SaaS services", "preventive", "partial", "ID.AM-04"),
    ("Data classification scheme", "preventive", "partial", "ID.AM-07"),
    ("Asset lifecycle with secure disposal", "preventive", "implemented", "ID.AM-08"),
    ("Vulnerability scanning of servers weekly", "detective", "implemented", "ID.RA-01 DE.CM-09"),
    ("Threat intelligence feed reviewed", "detective", "partial", "ID.RA-02 ID.RA-03"),
    ("Annual IT risk assessment workshop", "preventive", "implemented", "ID.RA-04 ID.RA-05"),
    ("Vulnerability disclosure and triage process", "corrective", "partial", "ID.RA-08"),
    ("Software integrity checks for deployments", "preventive", "planned", "ID.RA-09"),
    ("Post-incident reviews feed improvements", "corrective", "implemented", "ID.IM-03 ID.IM-04"),
    ("Penetration test of the customer portal yearly", "detective", "implemented", "ID.IM-02 ID.RA-01"),
    ("Central identity provider for all staff", "preventive", "implemented", "PR.AA-01 PR.AA-02"),
    ("Multi-factor authentication for remote access", "preventive", "implemented", "PR.AA-03"),
    ("Multi-factor authentication for administrators", "preventive", "partial", "PR.AA-03"),
    ("Privileged access management vault", "preventive", "planned", "PR.AA-05"),
    ("Joiner-mover-leaver process with HR", "preventive", "implemented", "PR.AA-01 PR.AA-05"),
    ("Quarterly access reviews of the ERP", "detective", "implemented", "PR.AA-05"),
    ("Badge access to data centre rooms", "preventive", "implemented", "PR.AA-06"),
    ("Security awareness training yearly", "preventive", "implemented", "PR.AT-01"),
    ("Phishing simulation quarterly", "detective", "partial", "PR.AT-01"),
    ("Role-based training for administrators", "preventive", "planned", "PR.AT-02"),
    ("Full-disk encryption on laptops", "preventive", "implemented", "PR.DS-01"),
    ("TLS for all external services", "preventive", "implemented", "PR.DS-02"),
    ("Database encryption at rest", "preventive", "partial", "PR.DS-01"),
    ("Data loss prevention on email", "detective", "planned", "PR.DS-02 PR.DS-10"),
    ("Daily backups of servers", "corrective", "implemented", "PR.DS-11"),
    ("Offline immutable backups", "corrective", "partial", "PR.DS-11"),
    ("Restore tests quarterly", "detective", "partial", "PR.DS-11 RC.RP-03"),
    ("Standard secure server builds", "preventive", "implemented", "PR.PS-01"),
    ("Monthly patching of servers", "preventive", "implemented", "PR.PS-02"),
    ("Monthly patching of network devices", "preventive", "partial", "PR.PS-02"),
    ("Hardware refresh before end of support", "preventive", "partial", "PR.PS-03"),
    ("Central log collection", "detective", "implemented", "PR.PS-04 DE.CM-01"),
    ("Application allow-listing on kiosks", "preventive", "planned", "PR.PS-05"),
    ("Secure development guidelines", "preventive", "partial", "PR.PS-06"),
    ("Code review before release", "preventive", "implemented", "PR.PS-06"),
    ("Network segmentation of depots", "preventive", "partial", "PR.IR-01"),
    ("Firewall rule review twice a year", "detective", "implemented", "PR.IR-01"),
    ("Redundant power and cooling", "preventive", "implemented", "PR.IR-02 PR.IR-03"),
    ("Capacity monitoring of storage and compute", "detective", "implemented", "PR.IR-04"),
    ("Endpoint detection and response on laptops", "detective", "implemented", "DE.CM-09 DE.AE-02"),
    ("Network intrusion detection at the perimeter", "detective", "partial", "DE.CM-01"),
    ("Physical CCTV in the data centre", "detective", "implemented", "DE.CM-02"),
    ("User activity monitoring for privileged accounts", "detective", "planned", "DE.CM-03"),
    ("Monitoring of supplier remote sessions", "detective", "planned", "DE.CM-06"),
    ("Security event correlation in the SIEM", "detective", "partial", "DE.AE-03 DE.AE-06"),
    ("Impact assessment of security events", "detective", "partial", "DE.AE-04"),
    ("Threat intelligence enrichment of alerts", "detective", "planned", "DE.AE-07"),
    ("Incident declaration criteria", "detective", "implemented", "DE.AE-08 RS.MA-03"),
    ("Security incident response plan", "corrective", "implemented", "RS.MA-01"),
    ("Incident triage by the service desk", "corrective", "implemented", "RS.MA-02"),
    ("Incident escalation matrix", "corrective", "implemented", "RS.MA-04"),
    ("Incident recovery criteria", "corrective", "partial", "RS.MA-05"),
    ("Forensic readiness for key systems", "corrective", "planned", "RS.AN-03 RS.AN-06"),
    ("Evidence preservation procedure", "corrective", "planned", "RS.AN-07"),
    ("Incident severity estimation", "corrective", "implemented", "RS.AN-08"),
    ("Regulator and customer notification procedure", "corrective", "partial", "RS.CO-02 RS.CO-03"),
    ("Containment playbooks for ransomware", "corrective", "partial", "RS.MI-01"),
    ("Malware eradication procedure", "corrective", "partial", "RS.MI-02"),
    ("Disaster recovery plan for the portal", "corrective", "partial", "RC.RP-01 RC.RP-02"),
    ("Recovery verification checklist", "corrective", "partial", "RC.RP-04 RC.RP-05"),
    ("Declaring the end of recovery", "corrective", "planned", "RC.RP-06"),
    ("Public communication templates for outages", "corrective", "partial", "RC.CO-03 RC.CO-04"),
    ("Cyber insurance policy", "corrective", "implemented", "GV.RM-04"),
    ("Security metrics reported to management", "detective", "partial", "GV.OV-02 GV.OV-03"),
    ("Cybersecurity roles resourced in the budget", "preventive", "partial", "GV.RR-03"),
    ("Security clauses in employment contracts", "preventive", "implemented", "GV.RR-04"),
];

/// Eighty controls mapped to NIST CSF 2.0 (built in), with owners, test cadences, tests on
/// record (some with findings, one failed) and the risks they mitigate.
pub(crate) fn security_controls(ws: &Workspace, _: &Spine) -> Result<()> {
    use crate::security::controls::{create_control, record_test, ControlInput, ControlTestInput, ControlType, Effectiveness, Implementation, TestResult};
    use crate::security::frameworks::{add_nist_csf, requirements, set_applicability, set_control_requirements};
    // The security officer enters the framework and the control register in the engagement's
    // first week, then each test's result the day after the test (last year's, from the
    // auditor's report, once the register is in).
    let made = ws.now();
    let officer = crate::workspace::Actor::parse("Nora Schmidt")?;
    let set_up = crate::demo::on(crate::demo::set_up_day(made) + chrono::Duration::days(5), 9, made);
    let today = made.date_naive();
    let (tests, by_name) = ws.as_of(&officer, set_up, || {
        let csf = add_nist_csf(ws)?;
        let reqs: HashMap<String, i64> = requirements(ws, csf)?.into_iter().map(|r| (r.reference, r.id)).collect();
        let owners: Vec<i64> = ["Nora Schmidt", "Priya Nair", "Sofia Rossi", "Lukas Weber", "Daniel Okafor", "Jonas Brandt"]
            .iter()
            .filter_map(|n| ws.conn().query_row("SELECT id FROM people WHERE name = ?1", [n], |r| r.get(0)).ok())
            .collect();
        let mut by_name = HashMap::new();
        let mut tests = Vec::new();
        for (n, (name, kind, implementation, refs)) in CONTROLS.iter().enumerate() {
            let implementation = Implementation::parse(implementation).unwrap_or(Implementation::Planned);
            let effectiveness = match (implementation, n % 9) {
                (Implementation::Implemented, 4) => Some(Effectiveness::PartiallyEffective),
                (Implementation::Implemented, _) => Some(Effectiveness::Effective),
                (Implementation::Partial, _) => Some(Effectiveness::PartiallyEffective),
                _ => None,
            };
            let c = create_control(ws, &ControlInput {
                name: name.to_string(),
                description: format!("{name}. Operated by the owner's team; evidence kept with each test."),
                owner_id: owners.get(n % owners.len().max(1)).copied(),
                control_type: ControlType::parse(kind).unwrap_or(ControlType::Preventive),
                implementation,
                effectiveness,
                test_every_days: Some([90, 180, 365][n % 3]),
            })?;
            let ids: Vec<i64> = refs.split(' ').filter_map(|r| reqs.get(r).copied()).collect();
            set_control_requirements(ws, c.control.id, &ids)?;
            if implementation == Implementation::Implemented {
                let days = [30, 75, 200, 400][n % 4];
                let result = match n % 11 {
                    3 => TestResult::PassedWithFindings,
                    7 if n > 40 => TestResult::Failed,
                    _ => TestResult::Passed,
                };
                tests.push((c.control.id, today - chrono::Duration::days(days), result));
            }
            by_name.insert(*name, c.control.id);
        }
        if let Some(id) = reqs.get("GV.SC-10") {
            set_applicability(ws, *id, true, "")?;
        }
        if let Some(id) = reqs.get("PR.PS-05") {
            set_applicability(ws, *id, false, "No kiosks or shared terminals are in scope of this engagement.")?;
        }
        Ok((tests, by_name))
    })?;
    for (control, tested_on, result) in tests {
        let recorded = (tested_on.and_time(chrono::NaiveTime::MIN).and_utc() + chrono::Duration::hours(33)).max(set_up + chrono::Duration::hours(1));
        ws.as_of(&officer, recorded, || {
            record_test(ws, control, &ControlTestInput {
                tested_on: tested_on.format("%Y-%m-%d").to_string(),
                tester: "Ines Auditor (external)".into(),
                result,
                notes: if result == TestResult::Passed { "Sample of 25 checked; no exceptions.".into() } else { "Exceptions found; see the findings log.".into() },
            })
            .map(|_| ())
        })?;
    }
    // Risks and the controls that mitigate them.
    let risk = |title: &str| ws.conn().query_row("SELECT id FROM risks WHERE title = ?1", [title], |r| r.get::<_, i64>(0)).ok();
    let pairs = [
        ("Ransomware encrypts file servers and backups", "Offline immutable backups"),
        ("Ransomware encrypts file servers and backups", "Endpoint detection and response on laptops"),
        ("Ransomware encrypts file servers and backups", "Containment playbooks for ransomware"),
        ("Phishing leads to a compromised mailbox", "Phishing simulation quarterly"),
        ("Phishing leads to a compromised mailbox", "Multi-factor authentication for remote access"),
        ("Multi-factor authentication not enforced for admins", "Multi-factor authentication for administrators"),
        ("Privileged accounts are shared between admins", "Privileged access management vault"),
        ("Leavers keep access to the ERP", "Joiner-mover-leaver process with HR"),
        ("Leavers keep access to the ERP", "Quarterly access reviews of the ERP"),
        ("Backups cannot be restored within the agreed time", "Restore tests quarterly"),
        ("Unpatched VPN concentrator is exploited", "Monthly patching of network devices"),
        ("Vendor remote access is not monitored", "Monitoring of supplier remote sessions"),
    ];
    // Linked once the risk workshops were over (`risks::demo`).
    ws.as_of(&officer, made - chrono::Duration::days(300), || {
        for (r, c) in pairs {
            if let (Some(r), Some(c)) = (risk(r), by_name.get(c)) {
                links::create_link(ws, &NewLink { from: RecordRef { kind: RecordKind::Risk, id: r }, link_type: LinkType::MitigatedBy, to: RecordRef { kind: RecordKind::Control, id: c.0 } })?;
            }
        }
        Ok(())
    })?;
    vulnerabilities(ws, &officer, &risk)?;
    security_incidents(ws, &by_name)
}

/// Two incidents the security officer classified, with the controls that failed.
fn security_incidents(ws: &Workspace, controls: &HashMap<&str, crate::security::controls::ControlId>) -> Result<()> {
    use crate::security::incidents::{classify_in, SecurityClass};
    // The security officer flags them, two hours after each was opened.
    let officer = crate::workspace::Actor::parse("Nora Schmidt")?;
    let cases = [
        ("%password%", SecurityClass { confidentiality: true, integrity: false, availability: false }, "Multi-factor authentication for remote access"),
        ("%VPN%", SecurityClass { confidentiality: false, integrity: false, availability: true }, "Monthly patching of network devices"),
    ];
    for (like, class, failed) in cases {
        let found: Option<(i64, String)> = ws.conn().query_row("SELECT id, opened_at FROM incidents WHERE title LIKE ?1 ORDER BY opened_at DESC LIMIT 1", [like], |r| Ok((r.get(0)?, r.get(1)?))).ok();
        let Some((id, opened)) = found else { continue };
        let at = crate::time::parse(&opened).map_or(ws.now(), |t| (t + chrono::Duration::hours(2)).min(ws.now()));
        ws.as_of(&officer, at, || {
            ws.write(|tx| classify_in(tx, crate::incidents::IncidentId(id), Some(class)))?;
            if let Some(c) = controls.get(failed) {
                links::create_link(ws, &NewLink { from: RecordRef { kind: RecordKind::Incident, id }, link_type: LinkType::FailedControl, to: RecordRef { kind: RecordKind::Control, id: c.0 } })?;
            }
            Ok(())
        })?;
    }
    Ok(())
}

/// A few vulnerabilities from the last scans, scored from their vectors, on the CIs they
/// affect and the risks they raise; one is overdue. Each entered by the security officer the
/// morning it was found.
fn vulnerabilities(ws: &Workspace, officer: &crate::workspace::Actor, risk: &dyn Fn(&str) -> Option<i64>) -> Result<()> {
    use crate::security::vulnerabilities::{create_vulnerability, VulnerabilityInput, VulnerabilityStatus};
    let made = ws.now();
    let today = made.date_naive();
    let day = |n: i64| (today - chrono::Duration::days(n)).format("%Y-%m-%d").to_string();
    let morning = |n: i64| crate::demo::on(today - chrono::Duration::days(n), 9, made);
    let ci = |name: &str| ws.conn().query_row("SELECT id FROM cis WHERE name = ?1", [name], |r| r.get::<_, i64>(0)).ok();
    let found = [
        ("OpenSSH signal handler race (regreSSHion) on portal web servers", Some("CVE-2024-6387"), "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", VulnerabilityStatus::InProgress, 20, "vm-portal-web-01", Some("Customer portal suffers a credential-stuffing attack")),
        ("VPN appliance path traversal allows unauthenticated file read", Some("CVE-2023-27997"), "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", VulnerabilityStatus::Open, 40, "esx-ham-01", Some("Unpatched VPN concentrator is exploited")),
        ("PostgreSQL superuser reachable from the office network", None, "CVSS:4.0/AV:A/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", VulnerabilityStatus::Open, 12, "pg-portal-01", None),
        ("Outdated jQuery with XSS in the shipment tracking page", Some("CVE-2020-11023"), "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:C/C:L/I:L/A:N", VulnerabilityStatus::Open, 75, "shipment-portal", None),
        ("SMB signing not required on the ERP application server", None, "CVSS:3.1/AV:A/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N", VulnerabilityStatus::Mitigated, 120, "vm-erp-app-01", None),
        ("TLS 1.0 still enabled on the EDI gateway", None, "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N", VulnerabilityStatus::Accepted, 200, "edi-gateway", Some("Legacy EDI gateway runs on an unsupported OS")),
    ];
    // Found by the EDI gateway's SBOM rather than a scan: its package names it.
    ws.as_of(officer, morning(30), || {
        create_vulnerability(ws, &VulnerabilityInput {
            title: "Apache Commons Collections deserialisation allows remote code execution".into(),
            description: "InvokerTransformer in Commons Collections 3.2.1 lets crafted serialised objects run code.".into(),
            cve: Some("CVE-2015-7501".into()),
            cvss_vector: Some("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H".into()),
            status: VulnerabilityStatus::Open,
            found_on: day(30),
            purl: Some("pkg:maven/commons-collections/commons-collections@3.2.1".into()),
        })
        .map(|_| ())
    })?;
    for (title, cve, vector, status, age, on, raises) in found {
        ws.as_of(officer, morning(age), || {
            let v = create_vulnerability(ws, &VulnerabilityInput {
                title: title.into(), description: format!("{title}. Found in the monthly scan."), cve: cve.map(str::to_string), cvss_vector: Some(vector.into()), status, found_on: day(age), purl: None,
            })?;
            let me = RecordRef { kind: RecordKind::Vulnerability, id: v.id.0 };
            if let Some(c) = ci(on) {
                links::create_link(ws, &NewLink { from: me, link_type: LinkType::Affects, to: RecordRef { kind: RecordKind::Ci, id: c } })?;
            }
            if let Some(r) = raises.and_then(risk) {
                links::create_link(ws, &NewLink { from: me, link_type: LinkType::Raises, to: RecordRef { kind: RecordKind::Risk, id: r } })?;
            }
            Ok(())
        })?;
    }
    Ok(())
}
