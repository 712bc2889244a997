//! The demo's risk register.

use std::collections::HashMap;

use crate::error::Result;
use crate::workspace::Workspace;
use crate::demo::Spine;

// title, category, owner, inherent (l, i), current (l, i), target (l, i), treatment
type DemoRisk = (&'static str, &'static str, &'static str, (i64, i64), (i64, i64), (i64, i64), &'static str);
const RISKS: &[DemoRisk] = &[
    ("Ransomware encrypts file servers and backups", "Information security", "Nora Schmidt", (4, 5), (3, 5), (2, 4), "mitigate"),
    ("Phishing leads to a compromised mailbox", "Information security", "Nora Schmidt", (5, 3), (4, 3), (3, 2), "mitigate"),
    ("Customer portal suffers a credential-stuffing attack", "Information security", "Daniel Okafor", (4, 4), (3, 4), (2, 3), "mitigate"),
    ("Unpatched VPN concentrator is exploited", "Information security", "Sofia Rossi", (4, 5), (2, 5), (1, 4), "mitigate"),
    ("Privileged accounts are shared between admins", "Information security", "Nora Schmidt", (4, 4), (3, 4), (2, 2), "mitigate"),
    ("Leavers keep access to the ERP", "Information security", "Emma Larsen", (4, 3), (3, 3), (1, 3), "mitigate"),
    ("Laptop with customer data is lost or stolen", "Information security", "Jonas Brandt", (4, 3), (2, 2), (2, 2), "mitigate"),
    ("Public S3-style bucket exposes shipment documents", "Information security", "Daniel Okafor", (3, 4), (2, 4), (1, 4), "mitigate"),
    ("Insider exports the customer list", "Information security", "Nora Schmidt", (2, 4), (2, 4), (2, 3), "mitigate"),
    ("Logging gaps delay detection of an intrusion", "Information security", "Nora Schmidt", (4, 3), (3, 3), (2, 3), "mitigate"),
    ("Third-party library with a critical vulnerability in the portal", "Information security", "Daniel Okafor", (4, 4), (3, 3), (2, 3), "mitigate"),
    ("Weak passwords on depot handheld scanners", "Information security", "Chen Wei", (4, 2), (3, 2), (2, 2), "mitigate"),
    ("Email spoofing of the finance director", "Information security", "Hannah Fischer", (4, 4), (2, 4), (2, 3), "mitigate"),
    ("Hamburg data centre loses power for more than a day", "Operational resilience", "Priya Nair", (2, 5), (2, 4), (1, 4), "mitigate"),
    ("Warehouse management outage during peak season", "Operational resilience", "Chen Wei", (3, 5), (3, 4), (2, 3), "mitigate"),
    ("Backups cannot be restored within the agreed time", "Operational resilience", "Priya Nair", (3, 5), (3, 4), (2, 3), "mitigate"),
    ("Single WAN link to the Milan depot fails", "Operational resilience", "Sofia Rossi", (3, 3), (3, 3), (2, 2), "mitigate"),
    ("Storage array reaches capacity unnoticed", "Operational resilience", "Lukas Weber", (3, 3), (2, 3), (1, 3), "mitigate"),
    ("Certificate expiry takes the portal down", "Operational resilience", "Daniel Okafor", (4, 3), (2, 3), (1, 3), "mitigate"),
    ("Failed change to the ERP during month-end close", "Operational resilience", "Emma Larsen", (3, 4), (2, 4), (2, 3), "mitigate"),
    ("Database corruption on the portal database", "Operational resilience", "Felix Wagner", (2, 4), (2, 3), (1, 3), "mitigate"),
    ("Disaster recovery plan has never been tested end to end", "Operational resilience", "Priya Nair", (3, 5), (3, 5), (2, 4), "mitigate"),
    ("Monitoring misses slow degradation of tracking feeds", "Operational resilience", "Chen Wei", (4, 2), (3, 2), (2, 2), "mitigate"),
    ("Printer fleet failure stops label printing in a depot", "Operational resilience", "Jonas Brandt", (3, 3), (2, 3), (2, 2), "accept"),
    ("Cloud hosting provider has a regional outage", "Third party", "Priya Nair", (2, 5), (2, 5), (2, 3), "mitigate"),
    ("TrackPoint telematics platform is unavailable", "Third party", "Chen Wei", (3, 4), (3, 3), (2, 3), "transfer"),
    ("ERPSys ends support for the current ERP release", "Third party", "Emma Larsen", (3, 4), (3, 4), (1, 4), "mitigate"),
    ("Telecom carrier misses repair times for depot lines", "Third party", "Sofia Rossi", (3, 3), (3, 3), (3, 2), "transfer"),
    ("Key supplier goes out of business", "Third party", "Hannah Fischer", (2, 4), (2, 4), (2, 3), "mitigate"),
    ("Subcontracted developers leave no documentation", "Third party", "Daniel Okafor", (3, 3), (2, 3), (2, 2), "mitigate"),
    ("Vendor remote access is not monitored", "Third party", "Nora Schmidt", (4, 4), (3, 4), (2, 3), "mitigate"),
    ("Personal data breach reported late to the authority", "Compliance", "Nora Schmidt", (3, 4), (2, 4), (1, 4), "mitigate"),
    ("Customs data retention requirements not met", "Compliance", "Hannah Fischer", (3, 3), (2, 3), (1, 3), "mitigate"),
    ("Software licences under-counted in an audit", "Compliance", "Maria Keller", (3, 3), (3, 3), (2, 2), "mitigate"),
    ("Segregation of duties conflicts in the ERP", "Compliance", "Hannah Fischer", (4, 3), (3, 3), (2, 2), "mitigate"),
    ("Driver working-time data incomplete for inspections", "Compliance", "Chen Wei", (3, 3), (2, 3), (2, 2), "mitigate"),
    ("Contracts lack security clauses for processors", "Compliance", "Nora Schmidt", (3, 3), (3, 3), (1, 3), "mitigate"),
    ("Only one person can administer the ERP", "People", "Maria Keller", (4, 4), (4, 3), (2, 3), "mitigate"),
    ("Application Support understaffed during holidays", "People", "Daniel Okafor", (4, 3), (3, 3), (2, 2), "mitigate"),
    ("Network engineer retires without a successor", "People", "Maria Keller", (3, 3), (3, 3), (2, 2), "mitigate"),
    ("Staff click through security awareness training", "People", "Nora Schmidt", (4, 2), (4, 2), (3, 2), "mitigate"),
    ("Service desk knowledge is in people's heads", "People", "Jonas Brandt", (4, 2), (3, 2), (2, 2), "mitigate"),
    ("Legacy EDI gateway runs on an unsupported OS", "Technology", "Daniel Okafor", (4, 4), (4, 3), (4, 3), "accept"),
    ("Warehouse handhelds reach end of life", "Technology", "Chen Wei", (3, 3), (3, 3), (2, 2), "mitigate"),
    ("Technical debt slows portal releases", "Technology", "Daniel Okafor", (4, 2), (4, 2), (3, 2), "accept"),
    ("Configuration drift between portal web servers", "Technology", "Lukas Weber", (3, 3), (2, 3), (1, 2), "mitigate"),
    ("Shadow IT spreadsheets drive invoicing", "Technology", "Hannah Fischer", (4, 3), (3, 3), (2, 2), "mitigate"),
    ("Mobile app pilot leaks location data", "Technology", "Daniel Okafor", (2, 4), (2, 4), (1, 3), "avoid"),
    ("Cloud costs exceed the budget", "Financial", "Hannah Fischer", (4, 2), (3, 2), (2, 2), "mitigate"),
    ("SLA penalties from the largest customer", "Financial", "Maria Keller", (3, 3), (2, 3), (2, 2), "mitigate"),
    ("Currency swings raise software subscription costs", "Financial", "Hannah Fischer", (3, 2), (3, 2), (3, 2), "accept"),
    ("Cyber insurance does not cover ransomware payments", "Financial", "Hannah Fischer", (3, 4), (3, 4), (3, 3), "transfer"),
    ("Fleet tracking fails during a cold-chain delivery", "Operational resilience", "Chen Wei", (3, 4), (2, 4), (2, 3), "mitigate"),
    ("DNS provider outage makes every site unreachable", "Third party", "Sofia Rossi", (2, 5), (2, 4), (1, 4), "mitigate"),
    ("Firewall rule base has unused any-any rules", "Information security", "Sofia Rossi", (4, 4), (3, 4), (1, 3), "mitigate"),
    ("Multi-factor authentication not enforced for admins", "Information security", "Nora Schmidt", (5, 5), (2, 4), (1, 4), "mitigate"),
    ("Test data copied from production without masking", "Compliance", "Felix Wagner", (4, 3), (3, 3), (1, 3), "mitigate"),
    ("Depot Wi-Fi shares a network with payment terminals", "Information security", "Sofia Rossi", (3, 4), (2, 4), (1, 3), "mitigate"),
    ("Incident response roles unclear out of hours", "Operational resilience", "Jonas Brandt", (4, 3), (3, 3), (2, 2), "mitigate"),
    ("Portal accessibility fails legal requirements", "Compliance", "Daniel Okafor", (3, 2), (3, 2), (1, 2), "mitigate"),
];

/// A register a consultant would find: about sixty risks over security, resilience, third
/// parties, compliance, people, technology and money, rated before and after controls and
/// with a target. Some are being treated with actions, a few are accepted (one acceptance
/// has run out), and some reviews are overdue.
pub(crate) fn risk_register(ws: &Workspace, spine: &Spine) -> Result<()> {
    use crate::risks::{create_risk, save_action, update_risk, Rating, RiskActionInput, RiskInput, RiskStatus, Treatment};
    let people: HashMap<String, i64> = ws
        .conn()
        .prepare("SELECT name, id FROM people")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let made = ws.now();
    let today = made.date_naive();
    let day = |days: i64| (today + chrono::Duration::days(days)).format("%Y-%m-%d").to_string();
    let r = |(likelihood, impact): (i64, i64)| Some(Rating { likelihood, impact });
    // The head of IT entered the register from the client's spreadsheet (its review dates
    // older than the entry), category by category after each workshop, a week apart from
    // the engagement's third week; each owner set out their treatment plan the next morning.
    let head = crate::workspace::Actor::parse("Maria Keller")?;
    let set_up = crate::demo::set_up_day(made);
    let mut categories: Vec<&str> = Vec::new();
    for (n, (title, category, owner, inherent, current, target, treatment)) in RISKS.iter().enumerate() {
        if !categories.contains(category) {
            categories.push(category);
        }
        let workshop = crate::demo::on(set_up + chrono::Duration::days(14 + 7 * categories.len() as i64), 15, made);
        let treatment = Treatment::parse(treatment);
        let accepted = treatment == Some(Treatment::Accept);
        let status = if accepted { RiskStatus::Accepted } else if current != target { RiskStatus::Treating } else { RiskStatus::Assessed };
        let input = RiskInput {
            title: title.to_string(),
            description: format!("{title}. Identified in the {} risk workshop with the IT leadership team.", category.to_lowercase()),
            category: category.to_string(),
            owner_id: people.get(*owner).copied(),
            causes: "See the workshop notes; contributing factors were rated by the owner.".into(),
            consequences: "Service disruption, cost and reputational damage as rated.".into(),
            inherent: r(*inherent),
            current: r(*current),
            target: r(*target),
            treatment,
            status: Some(status),
            accepted_by: accepted.then(|| "Maria Keller".to_string()),
            acceptance_reason: if accepted { "Accepted by the head of IT within appetite until the replacement project delivers.".into() } else { String::new() },
            // One acceptance has run out and shows as expired.
            accepted_until: accepted.then(|| if n % 2 == 0 { day(-20) } else { day(200) }),
            // Rated at the workshop, which is its review until the owner's next one.
            last_review: Some(workshop.date_naive().to_string()),
        };
        let d = ws.as_of(&head, workshop, || create_risk(ws, &input))?;
        let owner_actor = crate::workspace::Actor::parse(owner)?;
        if status == RiskStatus::Treating {
            ws.as_of(&owner_actor, workshop + chrono::Duration::hours(18), || {
                save_action(ws, d.risk.id, None, &RiskActionInput {
                    title: format!("Treatment plan for: {}", title.to_lowercase()),
                    owner_id: people.get(*owner).copied(),
                    due_on: Some(day(30 + (n as i64 * 17) % 150)),
                    status: None,
                })
                .map(|_| ())
            })?;
        }
        // Every seventh risk has not been reviewed since the workshop, over a year ago, so its
        // review is overdue; the others' owners reviewed them in the last weeks.
        if n % 7 != 3 {
            let reviewed = today - chrono::Duration::days((n as i64 * 11) % 80);
            let at = (reviewed.and_time(chrono::NaiveTime::MIN).and_utc() + chrono::Duration::hours(10)).min(made - chrono::Duration::hours(1));
            ws.as_of(&owner_actor, at, || update_risk(ws, d.risk.id, &RiskInput { last_review: Some(reviewed.to_string()), ..input.clone() }).map(|_| ()))?;
        }
    }
    // The EDI gateway's platform leaves vendor support next quarter: the radar raised it.
    if let Some(&edi) = spine.cis.get("edi-gateway") {
        let infrastructure = crate::workspace::Actor::parse("Priya Nair")?;
        ws.as_of(&infrastructure, made - chrono::Duration::days(2), || crate::risks::end_of_life::raise_for_end_of_life(ws, crate::cis::CiId(edi), crate::cis::lifecycle::EolKind::EndOfSupport).map(|_| ()))?;
    }
    // Half a year of weekly snapshots: the treatment programme moved risks down a level.
    let now = crate::risks::risk_trend(ws)?.pop().map(|p| p.counts).unwrap_or_default();
    if now.len() == 5 {
        for week in (1..=26i64).rev() {
            let back = |n: i64| (n * week + 13) / 26;
            let counts = [now[0], now[1].saturating_sub(back(6) as u64), now[2].saturating_sub(back(8) as u64), now[3] + back(10) as u64, now[4] + back(4) as u64];
            crate::risks::record_counts(ws, &day(-7 * week), &counts)?;
        }
    }
    Ok(())
}
