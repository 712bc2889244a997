use super::*;
use crate::directory::{create_group, GroupInput};

fn ws() -> (tempfile::TempDir, Workspace) {
    crate::testing::ws("Desk Agent")
}

fn laptop(ws: &Workspace, needs_approval: bool) -> CatalogueItem {
    let it = create_group(ws, &GroupInput { name: "IT Logistics".into(), ..Default::default() }).unwrap();
    create_catalogue_item(ws, &CatalogueItemInput {
        name: "New laptop".into(),
        category: "Hardware".into(),
        fulfilment_group_id: Some(it.id.0),
        needs_approval,
        active: true,
        tasks: vec![
            TaskTemplate { title: "Order the laptop".into(), group_id: None, group: None },
            TaskTemplate { title: "Image and enrol".into(), group_id: None, group: None },
        ],
        ..Default::default()
    })
    .unwrap()
}

#[test]
fn a_request_needing_approval_waits_then_is_fulfilled_by_its_tasks() {
    let (_d, ws) = ws();
    let item = laptop(&ws, true);
    assert_eq!(item.tasks.len(), 2);
    let r = raise_request(&ws, &RequestInput { item_id: item.id, ..Default::default() }).unwrap();
    assert_eq!((r.request.number.as_str(), r.request.title.as_str(), r.request.state), ("REQ0000001", "New laptop", RequestState::AwaitingApproval));
    assert_eq!(r.request.assignment_group.as_deref(), Some("IT Logistics"), "the item's fulfilment group");
    assert_eq!(r.tasks.iter().map(|t| (t.title.as_str(), t.state, t.group.as_deref())).collect::<Vec<_>>(),
        [("Order the laptop", TaskState::Open, Some("IT Logistics")), ("Image and enrol", TaskState::Open, Some("IT Logistics"))]);
    assert_eq!(r.next_states, [RequestState::InFulfilment, RequestState::Rejected, RequestState::Cancelled]);

    // Nothing happens before approval, and it cannot be fulfilled around it.
    assert_eq!(update_task(&ws, r.tasks[0].id, &TaskUpdate { state: TaskState::Done, assignee_id: None }).unwrap_err().kind(), "conflict");
    let e = transition_request(&ws, r.request.id, &RequestTransition { to: RequestState::Fulfilled, note: String::new() }).unwrap_err();
    assert!(e.to_string().contains("approved first"), "{e}");

    let approved = transition_request(&ws, r.request.id, &RequestTransition { to: RequestState::InFulfilment, note: "Budget ok".into() }).unwrap();
    assert_eq!((approved.request.approval_by.as_deref(), approved.request.approval_note.as_str()), (Some("Desk Agent"), "Budget ok"));
    assert!(approved.request.approved_at.is_some());
    let e = transition_request(&ws, r.request.id, &RequestTransition { to: RequestState::Fulfilled, note: String::new() }).unwrap_err();
    assert!(e.to_string().contains("2 unfinished tasks"), "{e}");

    // A task moves as its state allows, and says which moves it has.
    let started = update_task(&ws, r.tasks[0].id, &TaskUpdate { state: TaskState::InProgress, assignee_id: None }).unwrap();
    assert_eq!(started.tasks[0].next_states, [TaskState::Done, TaskState::Skipped]);
    assert_eq!(started.tasks[1].next_states, [TaskState::InProgress, TaskState::Done, TaskState::Skipped]);
    let e = update_task(&ws, r.tasks[0].id, &TaskUpdate { state: TaskState::Open, assignee_id: None }).unwrap_err();
    assert_eq!(e.kind(), "conflict");
    assert_eq!(e.to_string(), "The task \"Order the laptop\" is in progress; it cannot become open.");
    update_task(&ws, r.tasks[0].id, &TaskUpdate { state: TaskState::Done, assignee_id: None }).unwrap();
    let done = update_task(&ws, r.tasks[1].id, &TaskUpdate { state: TaskState::Skipped, assignee_id: None }).unwrap();
    assert_eq!((done.request.state, done.request.tasks_finished, done.request.tasks_total), (RequestState::Fulfilled, 2, 2));
    assert!(done.request.fulfilled_at.is_some());
    let closed = transition_request(&ws, r.request.id, &RequestTransition { to: RequestState::Closed, note: String::new() }).unwrap();
    assert!(closed.next_states.is_empty());
    assert_eq!(update_task(&ws, r.tasks[0].id, &TaskUpdate { state: TaskState::Open, assignee_id: None }).unwrap_err().kind(), "conflict");

    let trail = crate::workspace::audit_trail(&ws, &ListRequest {
        filters: vec![list::FilterTerm { field: "record_kind".into(), value: "request".into(), missing: false, op: None }],
        ..Default::default()
    })
    .unwrap();
    let actions: Vec<&str> = trail.items.iter().rev().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["request.raised", "request.approved", "request.task_updated", "request.task_updated", "request.task_updated", "request.state_changed", "request.state_changed"]);
}

#[test]
fn rejecting_needs_a_reason_and_requests_without_approval_start_with_work() {
    let (_d, ws) = ws();
    let item = laptop(&ws, false);
    let a = raise_request(&ws, &RequestInput { item_id: item.id, title: "Laptop for the new analyst".into(), ..Default::default() }).unwrap();
    assert_eq!(a.request.state, RequestState::New);
    let started = update_task(&ws, a.tasks[0].id, &TaskUpdate { state: TaskState::InProgress, assignee_id: None }).unwrap();
    assert_eq!(started.request.state, RequestState::InFulfilment);

    let approval = update_catalogue_item(&ws, item.id, &CatalogueItemInput {
        name: item.name.clone(), needs_approval: true, active: true,
        tasks: vec![TaskTemplate { title: "Order".into(), group_id: None, group: None }], ..Default::default()
    })
    .unwrap();
    assert_eq!(approval.tasks.len(), 1);
    assert_eq!(request_detail(&ws, a.request.id).unwrap().tasks.len(), 2, "raised requests keep their tasks");
    let b = raise_request(&ws, &RequestInput { item_id: item.id, ..Default::default() }).unwrap();
    let e = transition_request(&ws, b.request.id, &RequestTransition { to: RequestState::Rejected, note: " ".into() }).unwrap_err();
    assert_eq!(e.field(), Some("note"));
    let rejected = transition_request(&ws, b.request.id, &RequestTransition { to: RequestState::Rejected, note: "Use the pool laptop".into() }).unwrap();
    assert_eq!((rejected.request.state, rejected.request.closed_at.is_some()), (RequestState::Rejected, true));

    // Lists, queues and search.
    let open = list_requests(&ws, &ListRequest {
        filters: ["new", "awaiting_approval", "in_fulfilment"].iter().map(|s| list::FilterTerm { field: "state".into(), value: s.to_string(), missing: false, op: None }).collect(),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(open.items.iter().map(|r| r.number.as_str()).collect::<Vec<_>>(), ["REQ0000001"]);
    let hits = crate::search::search(&ws, "analyst", 10).unwrap();
    assert_eq!(hits.iter().map(|h| (h.record.kind, h.title.as_str())).collect::<Vec<_>>(), [(RecordKind::Request, "REQ0000001 Laptop for the new analyst")]);

    // Bad input is refused with the field named.
    assert_eq!(raise_request(&ws, &RequestInput { item_id: CatalogueItemId(999), ..Default::default() }).unwrap_err().field(), Some("item_id"));
    assert_eq!(create_catalogue_item(&ws, &CatalogueItemInput { name: "new LAPTOP".into(), active: true, tasks: vec![TaskTemplate { title: "x".into(), group_id: None, group: None }], ..Default::default() }).unwrap_err().field(), Some("name"));
    assert_eq!(create_catalogue_item(&ws, &CatalogueItemInput { name: "Monitor".into(), active: true, ..Default::default() }).unwrap_err().field(), Some("tasks"));
}

/// Request queues filter as incident queues do: `field:value` in the filter box, the
/// deadline filter, the count the rows.
#[test]
fn the_request_filter_box_names_fields_and_the_deadline_filter_applies() {
    let (_d, ws) = ws();
    let item = laptop(&ws, true);
    let waiting = raise_request(&ws, &RequestInput { item_id: item.id, ..Default::default() }).unwrap().request;
    let working = raise_request(&ws, &RequestInput { item_id: item.id, ..Default::default() }).unwrap().request;
    transition_request(&ws, working.id, &RequestTransition { to: RequestState::InFulfilment, note: "ok".into() }).unwrap();
    ws.conn().execute("UPDATE requests SET sla_due = '2000-01-01T00:00:00Z' WHERE id = ?1", [working.id.0]).unwrap();
    let found = |text: &str, due: Option<&str>| -> Vec<RequestId> {
        let filters = due.map(|d| vec![crate::list::FilterTerm { field: "due".into(), value: d.into(), missing: false, op: None }]).unwrap_or_default();
        let page = list_requests(&ws, &ListRequest { text: Some(text.into()), filters, sort: Some(crate::list::SortTerm { field: "number".into(), descending: false }), ..Default::default() }).unwrap();
        assert_eq!(page.total, Some(page.items.len() as u64));
        page.items.iter().map(|r| r.id).collect()
    };
    assert_eq!(found("item:\"new LAPTOP\"", None), [waiting.id, working.id]);
    assert_eq!(found("state:\"awaiting approval\"", None), [waiting.id]);
    assert_eq!(found("group:\"it logistics\" laptop", Some("breached")), [working.id]);
    assert_eq!(found("item:\"New laptop\"", Some("none")), [waiting.id]);
}
