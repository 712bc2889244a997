//! Service requests from another tool's export (ServiceNow requested items, a Jira or GLPI
//! request list, a spreadsheet): the user maps its columns (suggested from English and
//! French header names). A request keeps its source number and is matched by it, so the
//! same file again changes nothing; an item the catalogue does not have yet is added. The
//! requests come in as the tool left them: no tasks are started for them.

use std::path::Path;

use rusqlite::OptionalExtension;

use super::catalogue::{self, CatalogueItemInput};
use super::RequestState;
use crate::error::{CoreError, Result};
use crate::import::mapping::{self, Synonyms};
use crate::enums::Choice;
use crate::import::values::{FieldValues, Tally};
use crate::import::{dates, history, import_rows, Headers, ImportOptions, ImportReport, Outcome, RowImport, Table, ValueMap};
use crate::record::{RecordKind, RecordRef};
use crate::references::References;
use crate::validate;
use crate::workspace::{Action, Tx, Workspace};

pub const FORMAT: &str = "requests";

// Compared lower-cased with everything but letters and digits removed (accents kept).
const SYNONYMS: Synonyms = &[
    ("number", &["number", "requestnumber", "ritm", "requesteditem", "key", "issuekey", "reference", "ticket", "id", "numéro", "numero", "clédeticket", "référence"]),
    ("title", &["title", "shortdescription", "summary", "subject", "titre", "résumé", "resume", "objet", "intitulé"]),
    ("description", &["description", "details", "descriptiondétaillée", "contenu"]),
    ("item", &["item", "catitem", "catalogueitem", "catalogitem", "requesttype", "customfieldrequesttype", "typededemande", "article", "élémentducatalogue", "catégorie", "categorie", "category"]),
    ("requested_for", &["requestedfor", "requester", "reporter", "caller", "openedby", "demandeur", "bénéficiaire", "beneficiaire", "rapporteur"]),
    ("opened_at", &["openedat", "opened", "created", "createdon", "syscreatedon", "submitted", "création", "creation", "datedecréation", "dateouverture", "datedouverture", "ouverture"]),
    ("state", &["state", "status", "stage", "statut", "état", "etat"]),
    ("approval", &["approval", "approvalstatus", "approbation", "validation"]),
    ("assignment_group", &["assignmentgroup", "group", "team", "groupe", "groupedattribution", "groupedetechniciens", "attribuéàgroupedetechniciens", "équipe"]),
    ("assignee", &["assignedto", "assignee", "technician", "technicien", "responsable", "attribuéà", "attribuéàtechnicien"]),
    ("closed_at", &["closedat", "closed", "resolved", "resolvedat", "closedon", "datedeclôture", "datedecloture", "datederésolution", "clôture"]),
    ("channel", &["channel", "contacttype", "source", "canal", "sourcedelademande"]),
];

/// The fields every row needs.
pub const NEEDS: &[&str] = &["number", "item", "opened_at"];

/// The fields a column of a request export can feed.
pub const FIELDS: &[&str] = &["number", "title", "description", "item", "requested_for", "opened_at", "state", "approval", "assignment_group", "assignee", "closed_at", "channel"];

pub fn suggested(headers: &Headers) -> Vec<Option<&'static str>> {
    mapping::suggested(SYNONYMS, headers)
}

/// ServiceNow's requested items: a number, a catalogue item and when it was opened, with
/// its own `cat_item` or `requested_for` column. (Jira and GLPI lists hold incidents and
/// requests alike: the user says which they are.)
pub fn looks_like_requests(headers: &Headers) -> bool {
    let f = suggested(headers);
    let own = headers.names().iter().any(|h| matches!(h.as_str(), "requested_for" | "cat_item"));
    own && [Some("number"), Some("item"), Some("opened_at")].iter().all(|w| f.contains(w))
}

/// What a tool's state (and approval) says in Steward's words: ServiceNow's requested item
/// states and stages (words or their numbers), the Jira and GLPI workflows in English and
/// French, and Steward's own.
pub fn state_of(state: &str, approval: &str) -> Option<RequestState> {
    let squash = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    let approval = squash(approval);
    if matches!(approval.as_str(), "rejected" | "refused" | "refuse" | "rejete") {
        return Some(RequestState::Rejected);
    }
    let waiting = matches!(approval.as_str(), "requested" | "pending" | "enattente" | "demandee");
    if let Some(s) = RequestState::parse(state.trim()) {
        return Some(s);
    }
    Some(match squash(state).as_str() {
        "" | "1" | "open" | "new" | "draft" | "submitted" | "todo" | "afaire" | "nouveau" | "nouvelle" | "ouvert" | "ouverte" | "requestapproved" | "approved" => {
            if waiting { RequestState::AwaitingApproval } else { RequestState::New }
        }
        "waitingforapproval" | "awaitingapproval" | "pendingapproval" | "enattentedapprobation" | "enattentedevalidation" | "avalider" => RequestState::AwaitingApproval,
        "2" | "5" | "workinprogress" | "inprogress" | "infulfilment" | "infulfillment" | "fulfillment" | "fulfilment" | "delivery" | "pending" | "onhold"
        | "encours" | "encoursdetraitement" | "entraitement" | "planifie" | "enattente" | "attribue" | "assigned" => RequestState::InFulfilment,
        "fulfilled" | "delivered" | "resolved" | "done" | "livre" | "resolu" | "resolue" | "traite" => RequestState::Fulfilled,
        "3" | "closed" | "closedcomplete" | "complete" | "completed" | "clos" | "close" | "cloture" | "ferme" | "termine" => RequestState::Closed,
        "4" | "7" | "closedincomplete" | "closedskipped" | "cancelled" | "canceled" | "requestcancelled" | "withdrawn" | "annule" | "annulee" | "abandonne" => {
            RequestState::Cancelled
        }
        "rejected" | "declined" | "refuse" | "refusee" | "rejete" => RequestState::Rejected,
        _ => return None,
    })
}

/// The state column's different values, each with its rows and what Steward reads it as
/// (as mapped, or as the header names suggest): what the mapping step asks the meaning of.
pub fn values_seen(path: &Path, mapping: Option<&[Option<String>]>) -> Result<Vec<FieldValues>> {
    let t = Table::read(path)?;
    let mapping: Vec<Option<String>> = match mapping {
        Some(m) => m.to_vec(),
        None => suggested(&t.headers).into_iter().map(|f| f.map(str::to_string)).collect(),
    };
    let Some(column) = mapping.iter().position(|m| m.as_deref() == Some("state")) else { return Ok(vec![]) };
    let mut tally = Tally::default();
    t.each(|_, rec| {
        tally.feed(rec.get(column).unwrap_or(""));
        Ok(())
    })?;
    Ok(vec![tally.finish("state", state_choices(), |v| state_of(v, "").map(|s| s.as_str().to_string()))])
}

fn state_choices() -> Vec<Choice> {
    RequestState::ALL.iter().map(|s| Choice { value: s.as_str().into(), label: s.label().into() }).collect()
}

/// Refuses a value map for anything but the state, or a meaning that is not a state.
fn check_values(values: &ValueMap) -> Result<()> {
    for (field, map) in &values.0 {
        if field != "state" {
            return Err(CoreError::validation("values", format!("The values of {field} are read as they are; only a request's state can be given a meaning.")));
        }
        if let Some((from, to)) = map.iter().find(|(_, to)| RequestState::parse(to).is_none()) {
            return Err(CoreError::validation("values", format!("\"{from}\" is said to mean \"{to}\", which is not a request state.")));
        }
    }
    Ok(())
}

/// A request as a row gives it, before it is written.
struct Row {
    number: String,
    title: String,
    description: String,
    item_id: i64,
    requested_for_id: Option<i64>,
    assignment_group_id: Option<i64>,
    assignee_id: Option<i64>,
    state: RequestState,
    opened_at: String,
    closed_at: Option<String>,
    channel: String,
}

pub fn import_requests(ws: &Workspace, path: &Path, opts: &ImportOptions) -> Result<ImportReport> {
    let values = opts.values.normalised();
    check_values(&values)?;
    let t = Table::read_with(path, &opts.progress)?;
    let mapping = mapping::resolve(SYNONYMS, &t.headers, opts.mapping.as_deref(), &[
        ("number", "Choose the column with each request's number: it is how the same request is found again."),
        ("item", "Choose the column that names what was requested (the catalogue item or request type)."),
        ("opened_at", "Choose the column with when each request was opened."),
    ])?;
    let column = |name: &str| mapping.iter().position(|m| m.as_deref() == Some(name));
    let file = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    let mut refs = References::default();
    import_rows(ws, RowImport { kind: "requests", format: FORMAT, action: "requests.imported", file, table: &t }, |tx, run, rec| {
        let get = |name: &str| column(name).and_then(|i| rec.get(i)).unwrap_or("").trim().to_string();
        let number = validate::name("number", &get("number"), 40)?;
        let item = validate::name("item", &get("item"), 200)?;
        let title = match get("title") {
            t if t.is_empty() => item.clone(),
            t => validate::name("title", &t, 300)?,
        };
        // What the user said the file's state means comes first.
        let meant = values.get("state", &get("state")).and_then(RequestState::parse);
        let state = meant.or_else(|| state_of(&get("state"), &get("approval"))).ok_or_else(|| {
            CoreError::validation("state", format!("\"{}\" is not a request state Steward knows (new, awaiting approval, in fulfilment, fulfilled, closed, rejected, cancelled).", get("state")))
        })?;
        let instant = |field: &str| -> Result<Option<String>> {
            match get(field) {
                v if v.is_empty() => Ok(None),
                v => Ok(Some(crate::time::to_text(dates::instant(field, &v, opts.date_order, opts.tz)?))),
            }
        };
        let opened_at = instant("opened_at")?.ok_or_else(|| CoreError::validation("opened_at", "When it was opened is missing."))?;
        let closed_at = if state.is_open() { None } else { instant("closed_at")? };
        // A name, the first of several when a tool lists them one per line.
        let named = |field: &str| get(field).lines().next().map(|l| l.trim().to_string()).filter(|n| !n.is_empty());
        let row = Row {
            number,
            title,
            description: validate::text("description", &get("description"), 50_000)?,
            item_id: item_named(tx, &item)?,
            requested_for_id: refs.resolve(tx, RecordKind::Person, named("requested_for").as_deref())?.map(|(id, _)| id),
            assignment_group_id: refs.resolve(tx, RecordKind::Group, named("assignment_group").as_deref())?.map(|(id, _)| id),
            assignee_id: refs.resolve(tx, RecordKind::Person, named("assignee").as_deref())?.map(|(id, _)| id),
            state,
            opened_at,
            closed_at,
            channel: validate::line("channel", &get("channel"), 100)?,
        };
        write(tx, run, &row)
    }, |_, _| Ok(serde_json::json!({})))
}

/// The catalogue item named so (ignoring case), added to the catalogue when it is new.
fn item_named(tx: &Tx<'_>, name: &str) -> Result<i64> {
    if let Some(id) = tx.prepare_cached("SELECT id FROM catalogue_items WHERE name = ?1 COLLATE NOCASE")?.query_row([name], |r| r.get(0)).optional()? {
        return Ok(id);
    }
    // One task, as every item has, until someone describes how it is fulfilled here.
    let input = CatalogueItemInput {
        name: name.to_string(),
        description: "Added by an import: say how it is fulfilled (its tasks, its group, whether it needs approval).".into(),
        category: "Imported".into(),
        active: true,
        tasks: vec![super::TaskTemplate { title: "Fulfil the request".into(), group_id: None, group: None }],
        ..Default::default()
    };
    Ok(catalogue::create_in(tx, &input)?.id.0)
}

/// Creates the request, or brings the one with its number up to date.
fn write(tx: &Tx<'_>, run: history::ImportId, r: &Row) -> Result<Outcome> {
    // A closed request was fulfilled when it was closed, as far as the file tells.
    let fulfilled_at = match r.state {
        RequestState::Fulfilled | RequestState::Closed => r.closed_at.clone(),
        _ => None,
    };
    let values: [&dyn rusqlite::ToSql; 12] =
        [&r.number, &r.item_id, &r.title, &r.description, &r.requested_for_id, &r.channel, &r.assignment_group_id, &r.assignee_id, &r.state, &r.opened_at, &fulfilled_at, &r.closed_at];
    let (actor, at) = (tx.actor().as_str(), tx.at());
    let known: Option<i64> = tx.prepare_cached("SELECT id FROM requests WHERE number = ?1")?.query_row([&r.number], |row| row.get(0)).optional()?;
    let Some(id) = known else {
        tx.prepare_cached(
            "INSERT INTO requests (number, item_id, title, description, requested_for_id, channel, assignment_group_id, assignee_id, state, opened_at, fulfilled_at, closed_at, created_by, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?
        .execute(rusqlite::params_from_iter(values.iter().copied().chain([&actor as &dyn rusqlite::ToSql, &at])))?;
        let id = tx.last_insert_rowid();
        tx.audit(Action::created("request.imported"), RecordRef::new(RecordKind::Request, id), serde_json::json!({"number": r.number}))?;
        tx.changed(RecordRef::new(RecordKind::Request, id));
        return Ok(Outcome::Created);
    };
    history::changing(tx, run, RecordRef::new(RecordKind::Request, id), || {
        let changed = tx
            .prepare_cached(
                "UPDATE requests SET number = ?1, item_id = ?2, title = ?3, description = ?4, requested_for_id = ?5, channel = ?6, assignment_group_id = ?7, assignee_id = ?8,
                    state = ?9, opened_at = ?10, fulfilled_at = ?11, closed_at = ?12, updated_at = ?13
                  WHERE id = ?14 AND (item_id, title, description, requested_for_id, channel, assignment_group_id, assignee_id, state, opened_at, fulfilled_at, closed_at)
                    IS NOT (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(rusqlite::params_from_iter(values.iter().copied().chain([&at as &dyn rusqlite::ToSql, &id])))?
            > 0;
        if changed {
            tx.audit(Action::did("request.updated"), RecordRef::new(RecordKind::Request, id), serde_json::json!({"number": r.number, "by_import": run.0}))?;
            tx.changed(RecordRef::new(RecordKind::Request, id));
        }
        Ok((changed, if changed { Outcome::Updated } else { Outcome::Unchanged }))
    })
}
