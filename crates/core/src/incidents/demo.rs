//! The demo's incident desk: a year of incidents as a ServiceNow event log, and today's
//! major incident.

use crate::error::Result;
use crate::incidents::{self};
use crate::links::{self, LinkType, NewLink};
use crate::record::{RecordKind, RecordRef};
use crate::workspace::{Actor, Workspace};
use crate::demo::spine::{AGENTS, CALLERS};
use crate::demo::Spine;

/// Today's major incident: the portal is down, recent portal incidents are its children,
/// and the incident manager has told users and executives.
/// The year's incidents, loaded through the real import, and today's major incident.
/// The head of IT loads the ServiceNow export two hours before the demo is made.
pub(crate) fn incident_management(ws: &Workspace, spine: &Spine) -> Result<()> {
    let now = ws.now();
    let log = incident_event_log(now, DEMO_INCIDENTS);
    ws.as_of(&crate::demo::builder()?, now - chrono::Duration::hours(2), || {
        incidents::import_incidents_text(ws, incidents::IncidentSource::ServiceNow, "demo engagement: ServiceNow event log", &log, &crate::import::ImportOptions::default()).map(|_| ())
    })?;
    major_incident(ws, spine)
}

/// Logged by the desk's lead from the monitoring alert 40 minutes before the demo is made;
/// the application manager, leading it, tells customers and executives and enters what it
/// has cost so far.
fn major_incident(ws: &Workspace, spine: &Spine) -> Result<()> {
    let now = ws.now();
    let (desk, lead) = (Actor::parse("Jonas Brandt")?, Actor::parse("Daniel Okafor")?);
    let major = ws.as_of(&desk, now - chrono::Duration::minutes(40), || log_major(ws, spine))?;
    ws.as_of(&lead, now - chrono::Duration::minutes(25), || tell_and_cost(ws, major))
}

fn log_major(ws: &Workspace, spine: &Spine) -> Result<incidents::IncidentId> {
    let (services, cis, groups) = (&spine.services, &spine.cis, &spine.groups);
    let major = incidents::log_incident(ws, &incidents::IncidentInput {
        title: "Customer Shipment Portal down for all customers".into(),
        description: "Bookings and label printing fail with HTTP 502 since 08:40. Monitoring shows both portal web VMs healthy; the API tier refuses connections.".into(),
        channel: "monitoring".into(),
        category: "Customer Shipment Portal".into(),
        service_id: Some(services["Customer Shipment Portal"]),
        ci_id: Some(cis["portal-api"]),
        impact: 1,
        urgency: 1,
        assignment_group_id: Some(groups["Application Support"].0),
        major: true,
        ..Default::default()
    })?;
    let children = incidents::list_incidents(ws, &crate::list::ListRequest {
        filters: vec![
            crate::list::FilterTerm { field: "service_id".into(), value: services["Customer Shipment Portal"].to_string(), missing: false, op: None },
            crate::list::FilterTerm { field: "state".into(), value: "new".into(), missing: false, op: None },
            crate::list::FilterTerm { field: "state".into(), value: "in_progress".into(), missing: false, op: None },
        ],
        limit: Some(4),
        sort: Some(crate::list::SortTerm { field: "opened_at".into(), descending: true }),
        ..Default::default()
    })?;
    for child in children.items.iter().filter(|c| c.id != major.id) {
        links::create_link(ws, &NewLink {
            from: RecordRef { kind: RecordKind::Incident, id: child.id.0 },
            link_type: LinkType::ChildOf,
            to: RecordRef { kind: RecordKind::Incident, id: major.id.0 },
        })?;
    }
    Ok(major.id)
}

fn tell_and_cost(ws: &Workspace, major: incidents::IncidentId) -> Result<()> {
    use crate::incidents::communications::{log_communication, Audience, CommsChannel, CommunicationInput};
    let next = crate::time::to_text(ws.now() + chrono::Duration::minutes(45));
    log_communication(ws, major, &CommunicationInput {
        audience: Audience::Customers,
        channel: CommsChannel::StatusPage,
        message: "We are aware that shipment booking and label printing are unavailable. Our engineers are working on it. Next update within 45 minutes.".into(),
        next_update_at: Some(next.clone()),
    })?;
    log_communication(ws, major, &CommunicationInput {
        audience: Audience::Executives,
        channel: CommsChannel::Email,
        message: "P1: the customer portal is down since 08:40; bookings are being taken by phone in Hamburg. Bridge open, ERPSys and Nordcloud engaged.".into(),
        next_update_at: Some(next),
    })?;
    // What the outage has cost so far, as the incident manager entered it.
    use crate::incidents::costs::{add_cost_line, CostLineInput};
    for (what, hours, rate) in [("Responders on the bridge", "9", "95.00"), ("Bookings taken by phone (Hamburg desk)", "14", "48.50"), ("Nordcloud emergency support", "2.5", "180.00")] {
        add_cost_line(ws, major, &CostLineInput { what: what.into(), hours: hours.into(), rate: rate.into() })?;
    }
    Ok(())
}

/// How many incidents the demo engagement carries.
pub const DEMO_INCIDENTS: usize = 2000;

/// Recent incidents, as a ServiceNow event log the consultant was handed: (service, CI,
/// group, titles). Loaded through the real import, so they carry a true history.
const INCIDENT_THEMES: &[(&str, &str, &str, &[&str])] = &[
    ("Customer Shipment Portal", "shipment-portal", "Application Support", &[
        "Label printing fails for parcel bookings", "Booking page times out at checkout", "Customer cannot reset portal password",
        "Tracking page shows wrong ETA", "Portal slow during morning peak", "Invoice PDF download returns error 500",
    ]),
    ("Warehouse Management", "wms-core", "Application Support", &[
        "Scanners cannot sync picks in Rotterdam", "Put-away list empty after restart", "Dispatch labels print twice", "WMS login hangs for depot staff",
    ]),
    ("Fleet Tracking", "trackpoint-saas", "Application Support", &[
        "Truck positions not updating", "Temperature alerts missing for reefer trailers", "ETA feed delayed by 30 minutes",
    ]),
    ("Finance & Invoicing (ERP)", "erp-app", "Application Support", &[
        "Invoice run stopped at 60%", "Cannot post journal in period 11", "Credit note approval stuck in workflow",
    ]),
    ("Email & Collaboration", "m365-tenant", "Service Desk", &[
        "Outlook keeps asking for the password", "Shared mailbox not visible", "Teams meeting audio drops", "Cannot send a large attachment",
    ]),
    ("Payroll", "erp-app", "Application Support", &["Payslip shows the wrong tax class", "Payroll export to the bank rejected"]),
    ("IT Service Desk", "desk-phone-system", "Service Desk", &["Desk phone queue not ringing", "Laptop will not boot after update", "New starter has no accounts"]),
    ("Customer Shipment Portal", "mpls-wan", "Network Team", &["Depot VPN drops every few minutes", "Wi-Fi in the Milan depot unstable"]),
];

/// The demo's incident history: `count` incidents opened over the year before `now`. The
/// year tells a story the SLA trend shows: from about seven to four months ago Application
/// Support was two people short and resolutions took twice as long; then it recovered.
pub fn incident_event_log(now: chrono::DateTime<chrono::Utc>, count: usize) -> String {
    use chrono::{Duration, Timelike};
    let mut rng = crate::rng::Rng::new(20_240_301);
    let mut out = String::from("number,incident_state,short_description,description,caller_id,opened_at,sys_updated_by,sys_updated_at,contact_type,category,subcategory,business_service,cmdb_ci,impact,urgency,priority,assignment_group,assigned_to,close_code,close_notes,resolved_at,closed_at,reassignment_count,reopen_count\n");
    let fmt = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%d %H:%M:%S").to_string();
    let channels = ["Phone", "Email", "Self service", "Chat", "Phone", "Self service", "Monitoring"];
    let matrix = [[1, 2, 3], [2, 3, 4], [3, 4, 5]];
    for i in 0..count {
        let (service, ci, group, titles) = INCIDENT_THEMES[rng.below(INCIDENT_THEMES.len() as u64) as usize];
        let title = titles[rng.below(titles.len() as u64) as usize];
        let caller = CALLERS[rng.below(CALLERS.len() as u64) as usize];
        let agents = AGENTS.iter().find(|(g, _)| *g == group).map(|(_, a)| *a).unwrap_or(&["Jonas Brandt"]);
        let agent = agents[rng.below(agents.len() as u64) as usize];
        let age = rng.below(365) as i64;
        let day = now - Duration::days(age);
        let opened = day.with_hour(7 + rng.below(11) as u32).and_then(|d| d.with_minute(rng.below(60) as u32)).and_then(|d| d.with_second(0)).unwrap_or(day);
        let (impact, urgency) = (1 + rng.below(3) as usize, 1 + rng.below(3) as usize);
        let priority = matrix[impact - 1][urgency - 1];
        let level = |n: usize| ["1 - High", "2 - Medium", "3 - Low"][n - 1];
        let plevel = ["1 - Critical", "2 - High", "3 - Moderate", "4 - Low", "5 - Planning"][priority - 1];
        let channel = if ci == "trackpoint-saas" && rng.below(2) == 0 { "Monitoring" } else { channels[rng.below(channels.len() as u64) as usize] };
        let number = format!("INC{:07}", 10_000 + i);
        let description = format!("{title}. Reported by {caller} via {}.", channel.to_lowercase());
        let mut row = |state: &str, at: chrono::DateTime<chrono::Utc>, by: &str, assignee: &str, code: &str, notes: &str, resolved: &str, closed: &str, reopen: u32| {
            if at > now {
                return false;
            }
            out.push_str(&format!(
                "{number},{state},\"{title}\",\"{description}\",{caller},{},{by},{},{channel},{service},{title},{service},{ci},{},{},{plevel},{group},{assignee},{code},\"{notes}\",{resolved},{closed},0,{reopen}\n",
                fmt(opened), fmt(at), level(impact), level(urgency),
            ));
            true
        };
        if !row("New", opened, caller, "", "", "", "", "", 0) {
            continue;
        }
        // Half of what reaches the desk directly is solved while the caller is still there.
        if group == "Service Desk" && rng.below(2) == 0 {
            let t = opened + Duration::minutes(4 + rng.below(35) as i64);
            let resolved = fmt(t);
            if row("Resolved", t, agent, agent, "Solved (Permanently)", "Solved on the first call", &resolved, "", 0) {
                let closed_at = t + Duration::days(3);
                row("Closed", closed_at, "system", agent, "Solved (Permanently)", "Solved on the first call", &resolved, &fmt(closed_at), 0);
            }
            continue;
        }
        let short_staffed = group == "Application Support" && (120..210).contains(&age);
        let slow = if short_staffed { 2 } else { 1 };
        // The desk picks up urgent work faster.
        let pickup = match priority {
            1 => 2 + rng.below(25),
            2 => 5 + rng.below(45),
            _ => 5 + rng.below(80),
        };
        let mut t = opened + Duration::minutes(pickup as i64 * slow);
        if !row("In Progress", t, agent, agent, "", "", "", "", 0) {
            continue;
        }
        if rng.below(5) == 0 {
            t += Duration::minutes(30 + rng.below(300) as i64);
            if !row("Awaiting User Info", t, agent, agent, "", "", "", "", 0) {
                continue;
            }
            t += Duration::hours(4 + rng.below(30) as i64);
            if !row("In Progress", t, agent, agent, "", "", "", "", 0) {
                continue;
            }
        }
        let hours = match priority {
            1 => 1 + rng.below(3),
            2 => 2 + rng.below(20),
            3 => 8 + rng.below(60),
            _ => 24 + rng.below(140),
        };
        t += Duration::hours(hours as i64 * slow);
        let workaround = rng.below(4) == 0;
        let (code, notes) = if workaround { ("Solved (Work Around)", "Workaround given; root cause passed to problem management") } else { ("Solved (Permanently)", "Fixed and confirmed with the caller") };
        let resolved = fmt(t);
        if !row("Resolved", t, agent, agent, code, notes, &resolved, "", 0) {
            continue;
        }
        let closed_at = t + Duration::days(3);
        row("Closed", closed_at, "system", agent, code, notes, &resolved, &fmt(closed_at), 0);
    }
    out
}
