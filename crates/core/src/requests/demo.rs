//! The demo's request catalogue and a quarter of service requests.

use std::collections::HashMap;

use crate::error::Result;
use crate::workspace::Workspace;
use crate::demo::spine::{AGENTS, CALLERS};
use crate::demo::Spine;

// name, category, service, fulfilment group, needs approval, description, tasks
const CATALOGUE: &[(&str, &str, &str, &str, bool, &str, &[&str])] = &[
    ("New laptop", "Hardware", "IT Service Desk", "Service Desk", true, "A standard business laptop with docking station, imaged and enrolled.",
        &["Approve cost centre", "Order from stock or supplier", "Image, encrypt and enrol", "Hand over and collect the old device"]),
    ("Software installation", "Software", "IT Service Desk", "Service Desk", false, "Install licensed software from the approved list.",
        &["Check the licence", "Install remotely"]),
    ("Access to a shared mailbox", "Access", "Email & Collaboration", "Service Desk", true, "Read or send-as access to a team mailbox; the mailbox owner approves.",
        &["Grant the access", "Confirm with the requester"]),
    ("ERP role change", "Access", "Finance & Invoicing (ERP)", "Application Support", true, "Add or remove an ERP role; segregation of duties is checked.",
        &["Check segregation of duties", "Change the role", "Confirm with the requester"]),
    ("New starter onboarding", "Onboarding", "IT Service Desk", "Service Desk", false, "Accounts, laptop, phone and badge for a new colleague.",
        &["Create accounts", "Prepare the laptop", "Order the mobile phone", "Book the induction"]),
    ("VPN token", "Access", "IT Service Desk", "Network Team", false, "A VPN profile and token for remote work.",
        &["Issue the token", "Send setup instructions"]),
];

/// One step of a request's life in the demo, replayed at its time.
enum Step {
    Raise { item: usize, by: usize },
    Decide { approve: bool },
    Task { index: usize },
    Close,
}

/// Requests over the last 90 days, replayed through the real use cases in time order, each
/// step by the person who would take it: raised by the requester, approved by the head of
/// IT, tasks done by the fulfilment group, closed three days after fulfilment. Some stall
/// (waiting for stock or for the requester), so the queues have a backlog.
pub(crate) fn service_requests(ws: &Workspace, spine: &Spine) -> Result<()> {
    let (groups, services) = (&spine.groups, &spine.services);
    use crate::requests::{self, CatalogueItemInput, RequestId, RequestInput, RequestState, RequestTransition, TaskState, TaskTemplate, TaskUpdate};
    use crate::workspace::Actor;
    use chrono::{Duration, Timelike};
    // The desk lead wrote the catalogue in the engagement's first week.
    let made = ws.now();
    let written = crate::demo::on(crate::demo::set_up_day(made) + Duration::days(5), 11, made);
    let desk_lead = Actor::parse("Jonas Brandt")?;
    let mut items = Vec::new();
    for (name, category, service, group, approval, description, tasks) in CATALOGUE {
        items.push(ws.as_of(&desk_lead, written, || requests::create_catalogue_item(ws, &CatalogueItemInput {
            name: (*name).into(),
            description: (*description).into(),
            category: (*category).into(),
            service_id: services.get(service).copied(),
            fulfilment_group_id: groups.get(group).map(|g| g.0),
            needs_approval: *approval,
            active: true,
            tasks: tasks.iter().map(|t| TaskTemplate { title: (*t).into(), group_id: None, group: None }).collect(),
        }))?);
    }
    let callers: Vec<(i64, &str)> = CALLERS
        .iter()
        .filter_map(|c| ws.conn().query_row("SELECT id FROM people WHERE name = ?1", [c], |r| r.get(0)).ok().map(|id| (id, *c)))
        .collect();
    let now = ws.now();
    let mut rng = crate::rng::Rng::new(20_240_902);
    let mut plan: Vec<(chrono::DateTime<chrono::Utc>, usize, Step)> = Vec::new();
    for n in 0..DEMO_REQUESTS {
        let item = rng.weighted(&[(30, 1usize), (25, 0), (15, 2), (10, 3), (12, 4), (8, 5)]);
        let day = now - Duration::days(rng.below(90) as i64);
        let mut t = day.with_hour(7 + rng.below(10) as u32).and_then(|d| d.with_minute(rng.below(60) as u32)).and_then(|d| d.with_second(0)).unwrap_or(day);
        if t > now {
            t = now - Duration::minutes(5 + rng.below(600) as i64);
        }
        plan.push((t, n, Step::Raise { item, by: rng.below(callers.len().max(1) as u64) as usize }));
        if CATALOGUE[item].4 {
            t += Duration::minutes(60 + rng.below(60 * 60) as i64);
            let approve = rng.below(12) != 0;
            plan.push((t, n, Step::Decide { approve }));
            if !approve {
                continue;
            }
        }
        let stalls_at = (rng.below(100) < 8).then(|| rng.below(CATALOGUE[item].6.len() as u64) as usize);
        for index in 0..CATALOGUE[item].6.len() {
            if stalls_at == Some(index) {
                break;
            }
            t += Duration::minutes(30 + rng.below(30 * 60) as i64);
            plan.push((t, n, Step::Task { index }));
        }
        if stalls_at.is_none() {
            plan.push((t + Duration::days(3), n, Step::Close));
        }
    }
    plan.retain(|(t, _, _)| *t <= now);
    plan.sort_by_key(|(t, n, _)| (*t, *n));

    let approver = Actor::parse("Maria Keller")?;
    let agents: HashMap<&str, Vec<Actor>> = AGENTS
        .iter()
        .map(|(g, people)| Ok((*g, people.iter().map(|p| Actor::parse(p)).collect::<Result<Vec<_>>>()?)))
        .collect::<Result<_>>()?;
    let mut raised: HashMap<usize, (RequestId, Vec<crate::requests::RequestTaskId>, &Actor)> = HashMap::new();
    for (t, n, step) in plan {
        match step {
            Step::Raise { item, by } => {
                let (requested_for, name) = callers.get(by).copied().unwrap_or((0, "Service Desk"));
                let requester = Actor::parse(name)?;
                let d = ws.replay_as(&requester, t, |tx| {
                    requests::raise_in(tx, &RequestInput {
                        item_id: items[item].id,
                        requested_for_id: (requested_for > 0).then_some(requested_for),
                        channel: "portal".into(),
                        ..Default::default()
                    })
                })?;
                let group = CATALOGUE[item].3;
                let team = agents.get(group).or_else(|| agents.get("Service Desk")).map(Vec::as_slice).unwrap_or_default();
                let agent = team.get(n % team.len().max(1)).unwrap_or(&approver);
                raised.insert(n, (d.request.id, d.tasks.iter().map(|t| t.id).collect(), agent));
            }
            Step::Decide { approve } => {
                let (id, _, _) = &raised[&n];
                let (to, note) = if approve {
                    (RequestState::InFulfilment, "Approved; cost centre confirmed.")
                } else {
                    (RequestState::Rejected, "Not covered by the cost centre budget; please reapply next quarter.")
                };
                ws.replay_as(&approver, t, |tx| requests::transition_in(tx, *id, &RequestTransition { to, note: note.into() }))?;
            }
            Step::Task { index } => {
                let (_, tasks, agent) = &raised[&n];
                ws.replay_as(agent, t, |tx| requests::update_task_in(tx, tasks[index], &TaskUpdate { state: TaskState::Done, assignee_id: None }))?;
            }
            Step::Close => {
                let (id, _, agent) = &raised[&n];
                ws.replay_as(agent, t, |tx| requests::transition_in(tx, *id, &RequestTransition { to: RequestState::Closed, note: String::new() }))?;
            }
        }
    }
    Ok(())
}

/// How many service requests the demo engagement carries.
pub const DEMO_REQUESTS: usize = 400;
