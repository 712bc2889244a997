//! Saved views of the desk's lists: the filters, words and order someone chose for a
//! queue, kept in the workspace under a name so the whole team finds "P1/P2 due today"
//! again. A view is checked against its list when it is saved: one the list would refuse
//! is never stored.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::labelled_enum;
use crate::list::{FilterTerm, ListRequest, SortTerm};
use crate::settings::Stored;
use crate::validate;
use crate::workspace::{Action, Subject, Workspace};

labelled_enum!(
    /// The lists views are kept for.
    ViewList {
        Incidents = "incidents": "Incidents",
        Requests = "requests": "Service requests",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SavedView {
    pub list: ViewList,
    pub name: String,
    /// The queue (tab) the view starts from ("open", "breaching", …).
    pub queue: String,
    /// The filters chosen on top of the queue's own.
    pub filters: Vec<FilterTerm>,
    /// How each filter reads in the window ("Group: Network"), in the same order.
    pub labels: Vec<String>,
    pub text: Option<String>,
    pub sort: Option<SortTerm>,
}

const VIEWS: Stored<Vec<SavedView>> = Stored::new("saved_views", "The saved list views");

/// The views of one list, by name.
pub fn saved_views(ws: &Workspace, list: ViewList) -> Result<Vec<SavedView>> {
    let mut views: Vec<SavedView> = VIEWS.get(ws.conn())?.into_iter().filter(|v| v.list == list).collect();
    views.sort_by_key(|v| v.name.to_lowercase());
    Ok(views)
}

/// Saves a view (replacing the one of that name on the same list) and returns the list's views.
pub fn save_view(ws: &Workspace, view: &SavedView) -> Result<Vec<SavedView>> {
    let name = validate::name("name", &view.name, 80)?;
    if view.queue.trim().is_empty() || view.queue.len() > 40 {
        return Err(CoreError::validation("queue", "A view starts from one of the list's queues."));
    }
    if view.labels.len() != view.filters.len() || view.labels.iter().any(|l| l.trim().is_empty() || l.len() > 200) {
        return Err(CoreError::validation("labels", "Each filter of a view needs the words it is shown with."));
    }
    // Asked of the list once: filters, words or an order it cannot serve are refused here,
    // in its words, not when someone opens the view.
    let probe = ListRequest { filters: view.filters.clone(), text: view.text.clone(), sort: view.sort.clone(), limit: Some(1), skip_count: true, ..Default::default() };
    match view.list {
        ViewList::Incidents => crate::incidents::list_incidents(ws, &probe).map(|_| ())?,
        ViewList::Requests => crate::requests::list_requests(ws, &probe).map(|_| ())?,
    }
    let view = SavedView { name: name.clone(), ..view.clone() };
    ws.write(|tx| {
        let mut all = VIEWS.get(tx)?;
        let replaced = all.iter().any(|v| v.list == view.list && v.name.eq_ignore_ascii_case(&name));
        all.retain(|v| !(v.list == view.list && v.name.eq_ignore_ascii_case(&name)));
        all.push(view.clone());
        VIEWS.put(tx, &all)?;
        let action = if replaced { "view.replaced" } else { "view.saved" };
        tx.audit(Action::did(action), Subject::Setting("saved_views"), serde_json::to_value(&view).unwrap_or_default())
    })?;
    saved_views(ws, view.list)
}

/// Deletes the named view of a list and returns the views left.
pub fn delete_view(ws: &Workspace, list: ViewList, name: &str) -> Result<Vec<SavedView>> {
    ws.write(|tx| {
        let mut all = VIEWS.get(tx)?;
        let before = all.len();
        all.retain(|v| !(v.list == list && v.name.eq_ignore_ascii_case(name.trim())));
        if all.len() == before {
            return Err(CoreError::NotFound { kind: "View", id: name.trim().to_string() });
        }
        VIEWS.put(tx, &all)?;
        tx.audit(Action::did("view.deleted"), Subject::Setting("saved_views"), serde_json::json!({"list": list, "name": name.trim()}))
    })?;
    saved_views(ws, list)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(name: &str, filters: Vec<FilterTerm>) -> SavedView {
        let labels = filters.iter().map(|f| format!("{}: {}", f.field, f.value)).collect();
        SavedView { list: ViewList::Incidents, name: name.into(), queue: "open".into(), filters, labels, text: Some("category:Network".into()), sort: None }
    }
    fn term(field: &str, value: &str) -> FilterTerm {
        FilterTerm { field: field.into(), value: value.into(), missing: false, op: None }
    }

    #[test]
    fn a_view_is_kept_by_name_per_list_and_checked_before_it_is_kept() {
        let (_d, ws) = crate::testing::ws("Desk Lead");
        let p12 = view("P1/P2 due today", vec![term("priority", "1"), term("priority", "2"), term("due", "today")]);
        assert_eq!(save_view(&ws, &p12).unwrap(), [p12.clone()]);
        // Same name, other case: replaced, not doubled.
        let again = SavedView { name: "p1/p2 due TODAY".into(), ..p12.clone() };
        assert_eq!(save_view(&ws, &again).unwrap(), [again.clone()]);
        assert!(saved_views(&ws, ViewList::Requests).unwrap().is_empty(), "views belong to their list");
        // What the list would refuse is refused now, naming what is wrong.
        assert_eq!(save_view(&ws, &view("Bad", vec![term("due", "soon")])).unwrap_err().field(), Some("due"));
        assert_eq!(save_view(&ws, &view("Bad", vec![term("colour", "red")])).unwrap_err().field(), Some("filter"));
        assert_eq!(save_view(&ws, &view("  ", vec![])).unwrap_err().field(), Some("name"));
        assert_eq!(save_view(&ws, &SavedView { labels: vec![], ..p12.clone() }).unwrap_err().field(), Some("labels"));
        assert!(delete_view(&ws, ViewList::Incidents, "P1/P2 DUE TODAY").unwrap().is_empty());
        assert_eq!(delete_view(&ws, ViewList::Incidents, "P1/P2 due today").unwrap_err().kind(), "not_found");
        let actions: Vec<String> = ws.conn().prepare("SELECT action FROM audit_log WHERE action LIKE 'view.%' ORDER BY id").unwrap().query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
        assert_eq!(actions, ["view.saved", "view.replaced", "view.deleted"]);
    }
}
