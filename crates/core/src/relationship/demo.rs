//! The demo's post-resolution surveys: a year of answers for the services users meet most,
//! the portal's satisfaction dipping in the months of its outages and recovering since.

use rusqlite::params;

use crate::demo::Spine;
use crate::error::Result;
use crate::record::RecordKind;
use crate::workspace::{Action, Subject, Workspace};

pub(crate) fn satisfaction_surveys(ws: &Workspace, spine: &Spine) -> Result<()> {
    let today = ws.now().date_naive();
    let services: Vec<(&str, i64)> = ["Customer Shipment Portal", "IT Service Desk", "Email & Collaboration", "Warehouse Management"]
        .iter()
        .filter_map(|n| spine.services.get(n).map(|id| (*n, *id)))
        .collect();
    let comments = ["Quick and friendly.", "Took two days to hear back.", "Fixed on the first call.", "The portal was down during our cut-off.", "", ""];
    ws.write(|tx| {
        let mut k: u64 = 0;
        for (s, (name, id)) in services.iter().enumerate() {
            for day in (0..360).step_by(3) {
                k += 1;
                let date = today - chrono::Duration::days(day);
                // The portal's answers are worse four to six months ago (its outages).
                let dip = *name == "Customer Shipment Portal" && (120..=180).contains(&day);
                let r = (k * 7919 + s as u64 * 31) % 100;
                let csat = if dip { 1 + (r % 4) as i64 } else { [5, 5, 4, 4, 4, 3, 5, 2, 4, 5][(r % 10) as usize] };
                let nps = if dip { (r % 8) as i64 } else { [10, 9, 9, 8, 7, 10, 6, 9, 3, 10][(r % 10) as usize] };
                tx.execute(
                    "INSERT INTO survey_responses (source_key, service_id, answered_at, answered_on, csat, nps, comment, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![format!("demo:{k}"), id, format!("{}T10:00:00Z", date.format("%Y-%m-%d")), date.format("%Y-%m-%d").to_string(), csat, if k % 3 == 0 { None } else { Some(nps) }, comments[(r % 6) as usize], tx.at()],
                )?;
            }
        }
        // One entry for the year of answers, as an import writes one.
        tx.audit(Action::did("survey.recorded"), Subject::Every(RecordKind::SurveyResponse), serde_json::json!({"responses": k, "services": services.len()}))
    })
}
