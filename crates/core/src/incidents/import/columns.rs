//! Where each field sits in a file of each source.

use std::path::Path;


use crate::error::Result;
use crate::import::Headers;
use super::IncidentSource;

/// Where each field sits in a particular file.
#[derive(Default)]
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
    pub(super) fn for_source(t: &Headers, path: &Path, source: IncidentSource) -> Result<Self> {
        Ok(match source {
            IncidentSource::ServiceNow => Columns {
                number: Some(t.require(path, &["number"])?),
                state: Some(t.require(path, &["incident_state", "state"])?),
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
                number: Some(t.require(path, &["issue key", "key"])?),
                title: Some(t.require(path, &["summary"])?),
                state: Some(t.require(path, &["status"])?),
                description: t.column(&["description"]),
                priority: t.column(&["priority"]),
                impact: t.column(&["custom field (impact)"]),
                urgency: t.column(&["custom field (urgency)"]),
                channel: t.column(&["custom field (request channel)", "custom field (channel)", "custom field (source)"]),
                category: t.column(&["custom field (request type)", "issue type"]),
                subcategory: t.column(&["custom field (category)", "component/s"]),
                caller: t.column(&["reporter", "custom field (customer)"]),
                service: t.column(&["custom field (affected services)", "custom field (service)"]),
                ci: t.column(&["custom field (configuration item)", "custom field (affected hardware)"]),
                group: t.column(&["custom field (assignment group)", "custom field (team)", "custom field (support group)"]),
                assignee: t.column(&["assignee"]),
                opened_at: Some(t.require(path, &["created"])?),
                resolved_at: t.column(&["resolved"]),
                updated_at: t.column(&["updated"]),
                resolution_code: t.column(&["resolution"]),
                ..Default::default()
            },
            // GLPI's ticket list exported as CSV (`;` between fields), headed in the language of
            // the user who exported it: English and French here, as GLPI's own strings read.
            IncidentSource::Glpi => Columns {
                number: Some(t.require(path, &["id"])?),
                title: Some(t.require(path, &["title", "titre"])?),
                state: Some(t.require(path, &["status", "statut"])?),
                opened_at: Some(t.require(path, &["opening date", "date d'ouverture", "date d\u{2019}ouverture"])?),
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
                number: Some(t.require(path, &["number"])?),
                title: Some(t.require(path, &["title"])?),
                state: Some(t.require(path, &["state"])?),
                opened_at: Some(t.require(path, &["opened_at"])?),
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
        })
    }

    /// Which Steward field each used column feeds, for the import preview.
    pub(super) fn used(&self) -> Vec<(usize, &'static str)> {
        [
            (self.number, "number"), (self.title, "title"), (self.description, "description"), (self.state, "state"),
            (self.source_state, "state label"), (self.on_hold_reason, "on-hold reason"), (self.priority, "priority"),
            (self.impact, "impact"), (self.urgency, "urgency"), (self.channel, "channel"), (self.category, "category"),
            (self.subcategory, "subcategory"), (self.symptom, "title when there is none (symptom)"), (self.caller, "caller"), (self.service, "service"),
            (self.ci, "configuration item"), (self.group, "assignment group"), (self.assignee, "assignee"), (self.opened_at, "opened"),
            (self.created_at, "opened (when no opened_at)"), (self.first_response_at, "first response"), (self.resolved_at, "resolved"),
            (self.closed_at, "closed"), (self.updated_at, "event time"), (self.updated_by, "event by"), (self.created_by, "opened by"),
            (self.resolution_code, "resolution code"), (self.resolution_notes, "resolution notes"),
            (self.reassignment_count, "reassignment count"), (self.reopen_count, "reopen count"), (self.major, "major incident"),
        ]
        .into_iter()
        .filter_map(|(i, f)| i.map(|i| (i, f)))
        .collect()
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
