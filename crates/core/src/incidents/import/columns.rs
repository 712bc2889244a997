//! Where each field sits in a file of each source: found by the source's own header names
//! (English, and French where the tool exports in French), or as the user mapped them.

use std::path::Path;

use crate::error::Result;
use crate::import::Headers;
use super::IncidentSource;

/// The fields a column of an incident file can feed, as the mapping step names them.
pub const COLUMN_FIELDS: &[&str] = &[
    "number", "title", "description", "state", "source_state", "on_hold_reason", "priority", "impact", "urgency", "channel",
    "category", "subcategory", "symptom", "caller", "service", "ci", "assignment_group", "assignee", "opened_at", "created_at",
    "first_response_at", "resolved_at", "closed_at", "updated_at", "updated_by", "created_by", "resolution_code",
    "resolution_notes", "reassignment_count", "reopen_count", "major",
];

/// The fields every row of `source` needs, each with the source's own header for it (a
/// ServiceNow event log may leave its title to its category and its opening to the record's
/// creation).
fn required(source: IncidentSource) -> &'static [(&'static str, &'static str)] {
    match source {
        IncidentSource::ServiceNow => &[("number", "number"), ("state", "incident_state")],
        IncidentSource::Jira => &[("number", "issue key"), ("title", "summary"), ("state", "status"), ("opened_at", "created")],
        IncidentSource::Glpi => &[("number", "id"), ("title", "title"), ("state", "status"), ("opened_at", "opening date")],
        IncidentSource::StewardCsv => &[("number", "number"), ("title", "title"), ("state", "state"), ("opened_at", "opened_at")],
    }
}

/// The fields the mapping step must give a column to, for `source`.
pub fn required_fields(source: IncidentSource) -> Vec<&'static str> {
    required(source).iter().map(|(f, _)| *f).collect()
}

/// Where each field sits in a particular file.
#[derive(Default, Clone)]
pub(super) struct Columns {
    pub(super) number: Option<usize>,
    pub(super) title: Option<usize>,
    pub(super) description: Option<usize>,
    pub(super) state: Option<usize>,
    pub(super) source_state: Option<usize>,
    pub(super) on_hold_reason: Option<usize>,
    pub(super) priority: Option<usize>,
    pub(super) impact: Option<usize>,
    pub(super) urgency: Option<usize>,
    pub(super) channel: Option<usize>,
    pub(super) category: Option<usize>,
    pub(super) subcategory: Option<usize>,
    pub(super) symptom: Option<usize>,
    pub(super) caller: Option<usize>,
    pub(super) service: Option<usize>,
    pub(super) ci: Option<usize>,
    pub(super) group: Option<usize>,
    pub(super) assignee: Option<usize>,
    pub(super) opened_at: Option<usize>,
    pub(super) created_at: Option<usize>,
    pub(super) first_response_at: Option<usize>,
    pub(super) resolved_at: Option<usize>,
    pub(super) closed_at: Option<usize>,
    pub(super) updated_at: Option<usize>,
    pub(super) updated_by: Option<usize>,
    pub(super) created_by: Option<usize>,
    pub(super) resolution_code: Option<usize>,
    pub(super) resolution_notes: Option<usize>,
    pub(super) reassignment_count: Option<usize>,
    pub(super) reopen_count: Option<usize>,
    pub(super) major: Option<usize>,
}

impl Columns {
    /// The columns `source` reads, found by its header names; refused when one every row
    /// needs is missing, named as the source names it.
    pub(super) fn for_source(t: &Headers, path: &Path, source: IncidentSource) -> Result<Self> {
        let mut cols = Self::suggested(t, source);
        for (field, header) in required(source) {
            if cols.slot(field).is_some_and(|s| s.is_none()) {
                t.require(path, &[header])?;
            }
        }
        Ok(cols)
    }

    /// The columns `source`'s header names suggest, whether or not all it needs is there
    /// (the mapping step starts from them).
    pub(super) fn suggested(t: &Headers, source: IncidentSource) -> Self {
        match source {
            IncidentSource::ServiceNow => Columns {
                number: t.column(&["number"]),
                state: t.column(&["incident_state", "state"]),
                title: t.column(&["short_description"]),
                description: t.column(&["description"]),
                priority: t.column(&["priority"]),
                impact: t.column(&["impact"]),
                urgency: t.column(&["urgency"]),
                channel: t.column(&["contact_type"]),
                category: t.column(&["category"]),
                subcategory: t.column(&["subcategory"]),
                symptom: t.column(&["u_symptom"]),
                caller: t.column(&["caller_id", "caller"]),
                service: t.column(&["business_service", "u_business_service", "service"]),
                ci: t.column(&["cmdb_ci"]),
                group: t.column(&["assignment_group"]),
                assignee: t.column(&["assigned_to"]),
                opened_at: t.column(&["opened_at"]),
                created_at: t.column(&["sys_created_at"]),
                resolved_at: t.column(&["resolved_at"]),
                closed_at: t.column(&["closed_at"]),
                updated_at: t.column(&["sys_updated_at"]),
                updated_by: t.column(&["sys_updated_by"]),
                created_by: t.column(&["opened_by", "sys_created_by"]),
                resolution_code: t.column(&["close_code", "closed_code"]),
                resolution_notes: t.column(&["close_notes"]),
                reassignment_count: t.column(&["reassignment_count"]),
                reopen_count: t.column(&["reopen_count"]),
                major: t.column(&["major_incident"]),
                ..Default::default()
            },
            IncidentSource::Jira => Columns {
                number: t.column(&["issue key", "key", "clé de ticket", "clé"]),
                title: t.column(&["summary", "résumé"]),
                state: t.column(&["status", "statut", "état"]),
                description: t.column(&["description"]),
                priority: t.column(&["priority", "priorité"]),
                impact: t.column(&["custom field (impact)"]),
                urgency: t.column(&["custom field (urgency)"]),
                channel: t.column(&["custom field (request channel)", "custom field (channel)", "custom field (source)"]),
                category: t.column(&["custom field (request type)", "issue type", "champ personnalisé (type de demande)", "type de ticket"]),
                subcategory: t.column(&["custom field (category)", "component/s", "composant/s", "composants"]),
                caller: t.column(&["reporter", "custom field (customer)", "rapporteur"]),
                service: t.column(&["custom field (affected services)", "custom field (service)"]),
                ci: t.column(&["custom field (configuration item)", "custom field (affected hardware)"]),
                group: t.column(&["custom field (assignment group)", "custom field (team)", "custom field (support group)"]),
                assignee: t.column(&["assignee", "responsable"]),
                opened_at: t.column(&["created", "création", "créé"]),
                resolved_at: t.column(&["resolved", "résolue", "résolu"]),
                updated_at: t.column(&["updated", "mise à jour", "mis à jour"]),
                resolution_code: t.column(&["resolution", "résolution"]),
                ..Default::default()
            },
            // GLPI's ticket list exported as CSV (`;` between fields), headed in the language of
            // the user who exported it: English and French here, as GLPI's own strings read.
            IncidentSource::Glpi => Columns {
                number: t.column(&["id"]),
                title: t.column(&["title", "titre"]),
                state: t.column(&["status", "statut"]),
                opened_at: t.column(&["opening date", "date d'ouverture", "date d\u{2019}ouverture"]),
                description: t.column(&["description"]),
                priority: t.column(&["priority", "priorité"]),
                impact: t.column(&["impact"]),
                urgency: t.column(&["urgency", "urgence"]),
                channel: t.column(&["request source", "source de la demande"]),
                category: t.column(&["category", "catégorie"]),
                caller: t.column(&["requester - requester", "demandeur - demandeur", "requester", "demandeur"]),
                group: t.column(&["assigned to - technician group", "attribué à - groupe de techniciens", "assigned to - group", "attribué à - groupe"]),
                assignee: t.column(&["assigned to - technician", "attribué à - technicien"]),
                updated_at: t.column(&["last update", "dernière modification"]),
                resolved_at: t.column(&["resolution date", "date de résolution"]),
                closed_at: t.column(&["closing date", "date de clôture"]),
                ..Default::default()
            },
            IncidentSource::StewardCsv => Columns {
                number: t.column(&["number"]),
                title: t.column(&["title"]),
                state: t.column(&["state"]),
                opened_at: t.column(&["opened_at"]),
                description: t.column(&["description"]),
                source_state: t.column(&["source_state"]),
                on_hold_reason: t.column(&["on_hold_reason"]),
                priority: t.column(&["priority"]),
                impact: t.column(&["impact"]),
                urgency: t.column(&["urgency"]),
                channel: t.column(&["channel"]),
                category: t.column(&["category"]),
                subcategory: t.column(&["subcategory"]),
                caller: t.column(&["caller"]),
                service: t.column(&["service"]),
                ci: t.column(&["ci"]),
                group: t.column(&["assignment_group"]),
                assignee: t.column(&["assignee"]),
                first_response_at: t.column(&["first_response_at"]),
                resolved_at: t.column(&["resolved_at"]),
                closed_at: t.column(&["closed_at"]),
                resolution_code: t.column(&["resolution_code"]),
                resolution_notes: t.column(&["resolution_notes"]),
                reassignment_count: t.column(&["reassignment_count"]),
                reopen_count: t.column(&["reopen_count"]),
                major: t.column(&["major"]),
                ..Default::default()
            },
        }
    }

    /// The place of `field`'s column, to set it (None: not a field of an incident file).
    fn slot(&mut self, field: &str) -> Option<&mut Option<usize>> {
        Some(match field {
            "number" => &mut self.number,
            "title" => &mut self.title,
            "description" => &mut self.description,
            "state" => &mut self.state,
            "source_state" => &mut self.source_state,
            "on_hold_reason" => &mut self.on_hold_reason,
            "priority" => &mut self.priority,
            "impact" => &mut self.impact,
            "urgency" => &mut self.urgency,
            "channel" => &mut self.channel,
            "category" => &mut self.category,
            "subcategory" => &mut self.subcategory,
            "symptom" => &mut self.symptom,
            "caller" => &mut self.caller,
            "service" => &mut self.service,
            "ci" => &mut self.ci,
            "assignment_group" => &mut self.group,
            "assignee" => &mut self.assignee,
            "opened_at" => &mut self.opened_at,
            "created_at" => &mut self.created_at,
            "first_response_at" => &mut self.first_response_at,
            "resolved_at" => &mut self.resolved_at,
            "closed_at" => &mut self.closed_at,
            "updated_at" => &mut self.updated_at,
            "updated_by" => &mut self.updated_by,
            "created_by" => &mut self.created_by,
            "resolution_code" => &mut self.resolution_code,
            "resolution_notes" => &mut self.resolution_notes,
            "reassignment_count" => &mut self.reassignment_count,
            "reopen_count" => &mut self.reopen_count,
            "major" => &mut self.major,
            _ => return None,
        })
    }

    /// The columns as the user mapped them (`mapping[i]`: the field column i feeds, None:
    /// not read), whatever the source's own header names: a field that is not an incident's,
    /// a field fed twice, or one `source` needs left unmapped is refused.
    pub(super) fn mapped(headers: &Headers, source: IncidentSource, mapping: &[Option<String>]) -> Result<Self> {
        let mut cols = Columns::default();
        crate::import::mapping::check(headers.names().len(), mapping, |f| COLUMN_FIELDS.contains(&f), &required_fields(source), |f| {
            format!("Choose the column that holds the incident's {f}: every row needs it.")
        })?;
        for (i, field) in mapping.iter().enumerate() {
            if let Some(slot) = field.as_deref().and_then(|f| cols.slot(f)) {
                *slot = Some(i);
            }
        }
        Ok(cols)
    }

    /// Which field each used column feeds, for the import preview (the mapping step's names).
    pub(super) fn used(&self) -> Vec<(usize, &'static str)> {
        let mut each = self.clone();
        COLUMN_FIELDS.iter().filter_map(|f| each.slot(f).and_then(|s| s.map(|i| (i, *f)))).collect()
    }

    pub(super) fn date_columns(&self) -> Vec<(&'static str, usize)> {
        [
            ("opened_at", self.opened_at),
            ("sys_created_at", self.created_at),
            ("first_response_at", self.first_response_at),
            ("resolved_at", self.resolved_at),
            ("closed_at", self.closed_at),
            ("updated_at", self.updated_at),
        ]
        .into_iter()
        .filter_map(|(n, i)| i.map(|i| (n, i)))
        .collect()
    }
}

/// The columns of a file this source would use, and what for (an error when a required
/// column is missing).
pub fn columns_used(headers: &Headers, path: &Path, source: IncidentSource) -> Result<Vec<(usize, &'static str)>> {
    Ok(Columns::for_source(headers, path, source)?.used())
}

/// The columns this source's header names suggest, for the mapping step (nothing refused:
/// what is missing is the user's to map).
pub fn columns_suggested(headers: &Headers, source: IncidentSource) -> Vec<(usize, &'static str)> {
    Columns::suggested(headers, source).used()
}
