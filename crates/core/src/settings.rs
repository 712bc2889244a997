//! Workspace settings: its display name, the display time zone and date format. Storage
//! stays UTC; these only change how times are shown.


use rusqlite::{params, Connection, OptionalExtension};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result, WorkspaceError};
use crate::labelled_enum;
use crate::validate;
use crate::workspace::{Action, Subject, Tx, Workspace};

/// A setting kept as JSON under one key of the `settings` table, read and written only
/// through [`get`](Stored::get) and [`put`](Stored::put): a value never set reads as the
/// default; a stored value that no longer parses is an error naming the setting (silently
/// falling back to the default would rate and schedule by rules nobody chose).
pub(crate) struct Stored<T> {
    pub key: &'static str,
    /// What a user calls it ("the risk matrix").
    pub what: &'static str,
    _value: std::marker::PhantomData<fn() -> T>,
}

impl<T: Serialize + DeserializeOwned + Default> Stored<T> {
    pub(crate) const fn new(key: &'static str, what: &'static str) -> Self {
        Stored { key, what, _value: std::marker::PhantomData }
    }

    pub(crate) fn get(&self, conn: &Connection) -> Result<T> {
        match self.raw(conn)? {
            None => Ok(T::default()),
            Some(text) => serde_json::from_str(&text).map_err(|e| {
                CoreError::Workspace(WorkspaceError::Corrupt {
                    path: conn.path().unwrap_or_default().into(),
                    detail: format!("{} stored in it cannot be read: {e}", self.what),
                })
            }),
        }
    }

    /// The stored text as it is, damaged or not (what an audit entry shows as "before").
    pub(crate) fn raw(&self, conn: &Connection) -> Result<Option<String>> {
        Ok(conn.query_row("SELECT value FROM settings WHERE key = ?1", [self.key], |r| r.get(0)).optional()?)
    }

    /// What was stored, as JSON for an audit entry: the value, or its damaged text.
    pub(crate) fn before(&self, conn: &Connection) -> Result<serde_json::Value> {
        Ok(match self.raw(conn)? {
            None => serde_json::to_value(T::default()).unwrap_or_default(),
            Some(text) => serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
        })
    }

    pub(crate) fn put(&self, tx: &Tx<'_>, value: &T) -> Result<()> {
        let text = serde_json::to_string(value).map_err(|e| CoreError::Conflict(format!("{} cannot be stored: {e}", self.what)))?;
        tx.execute("INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value", params![self.key, text])?;
        Ok(())
    }
}

labelled_enum!(
    DateFormat {
        Iso = "iso": "2026-03-31 14:05",
        DayMonth = "dmy": "31/03/2026 14:05",
        MonthDay = "mdy": "03/31/2026 2:05 PM",
    }
);

impl DateFormat {
    /// The chrono pattern of a date and time in this format.
    pub fn date_time(self) -> &'static str {
        match self {
            DateFormat::Iso => "%Y-%m-%d %H:%M",
            DateFormat::DayMonth => "%d/%m/%Y %H:%M",
            DateFormat::MonthDay => "%m/%d/%Y %-I:%M %p",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Settings {
    pub workspace_name: String,
    /// IANA zone, e.g. "Europe/Berlin".
    pub display_timezone: String,
    pub date_format: DateFormat,
}

fn get(ws: &Workspace, key: &str) -> Result<Option<String>> {
    Ok(ws.conn().query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?)
}

/// The workspace's settings; defaults for any not yet set (name from the file name).
pub fn get_settings(ws: &Workspace) -> Result<Settings> {
    let default_name = ws.path().file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "Workspace".into());
    Ok(Settings {
        workspace_name: get(ws, "workspace_name")?.unwrap_or(default_name),
        display_timezone: get(ws, "display_timezone")?.unwrap_or_else(|| "UTC".into()),
        date_format: get(ws, "date_format")?.and_then(|s| DateFormat::parse(&s)).unwrap_or(DateFormat::Iso),
    })
}

pub fn update_settings(ws: &Workspace, new: &Settings) -> Result<Settings> {
    let name = validate::name("workspace_name", &new.workspace_name, 120)?;
    crate::time::parse_zone("display_timezone", &new.display_timezone)?;
    let before = get_settings(ws)?;
    let after = Settings { workspace_name: name, display_timezone: new.display_timezone.clone(), date_format: new.date_format };
    ws.write(|tx| {
        for (key, value) in [
            ("workspace_name", after.workspace_name.as_str()),
            ("display_timezone", after.display_timezone.as_str()),
            ("date_format", after.date_format.as_str()),
        ] {
            tx.execute("INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value", params![key, value])?;
        }
        let changes = validate::diff(&serde_json::to_value(&before).unwrap_or_default(), &serde_json::to_value(&after).unwrap_or_default());
        if changes.as_object().is_some_and(|c| !c.is_empty()) {
            tx.audit(Action::did("settings.updated"), Subject::Setting("settings"), changes)?;
        }
        Ok(())
    })?;
    Ok(after)
}

/// The zone times are shown in (UTC if the stored name is no longer known).
pub fn display_zone(ws: &Workspace) -> Result<chrono_tz::Tz> {
    Ok(get_settings(ws)?.display_timezone.parse().unwrap_or(chrono_tz::UTC))
}

/// The computer's own zone, when the system names one this build knows.
pub fn os_zone() -> Option<chrono_tz::Tz> {
    iana_time_zone::get_timezone().ok()?.parse().ok()
}

/// A new workspace shows times in the computer's zone (UTC when the system names none).
pub(crate) fn start_in_os_zone(ws: &Workspace) -> Result<()> {
    start_in(ws, os_zone())
}

/// The zone alone is stored: the other settings keep their defaults (the workspace's name
/// follows its file, which is still being built under another name).
fn start_in(ws: &Workspace, zone: Option<chrono_tz::Tz>) -> Result<()> {
    let Some(zone) = zone else { return Ok(()) };
    let before = get_settings(ws)?.display_timezone;
    ws.write(|tx| {
        tx.execute("INSERT INTO settings (key, value) VALUES ('display_timezone', ?1) ON CONFLICT(key) DO UPDATE SET value = excluded.value", [zone.name()])?;
        tx.audit(Action::did("settings.updated"), Subject::Setting("settings"), serde_json::json!({"display_timezone": {"from": before, "to": zone.name()}}))
    })
}

/// Today as the people in the room read it: the day in the workspace's display zone.
pub fn today(ws: &Workspace) -> Result<chrono::NaiveDate> {
    Ok(ws.now().with_timezone(&display_zone(ws)?).date_naive())
}

/// Every IANA zone name, for the settings picker.
pub fn time_zones() -> Vec<String> {
    chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name().to_string()).collect()
}

#[cfg(test)]
mod tests {
    use crate::error::ErrorKind;
    use crate::workspace::Workspace;

    fn damage(ws: &Workspace, key: &str) {
        ws.conn().execute("INSERT INTO settings (key, value) VALUES (?1, '{\"cells\": [[1, 2') ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key]).unwrap();
    }

    #[test]
    fn a_damaged_stored_setting_is_an_error_never_the_default() {
        let d = tempfile::tempdir().unwrap();
        let ws = crate::testing::pinned(&d, "Auditor", crate::testing::NOW);
        // Never set: the defaults.
        assert_eq!(crate::risks::matrix::get_matrix(&ws).unwrap(), Default::default());
        assert_eq!(crate::incidents::auto_close_days(&ws).unwrap(), crate::incidents::DEFAULT_AUTO_CLOSE_DAYS);

        // A damaged risk matrix: reading it, and rating a risk by it, say so in words.
        damage(&ws, "risk_matrix");
        let e = crate::risks::matrix::get_matrix(&ws).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Corrupt);
        assert!(e.to_string().contains("is damaged (The risk matrix stored in it cannot be read"), "{e}");
        let rated = crate::risks::RiskInput { title: "Ransomware".into(), current: Some(crate::risks::Rating { likelihood: 2, impact: 3 }), ..Default::default() };
        assert_eq!(crate::risks::create_risk(&ws, &rated).unwrap_err().kind(), ErrorKind::Corrupt, "no level from a default matrix");

        // The same for every stored setting; those without a register to re-rate can be set
        // again over the damage, and the audit entry keeps the damaged text.
        damage(&ws, "priority_matrix");
        assert_eq!(crate::incidents::matrix::get_matrix(&ws).unwrap_err().kind(), ErrorKind::Corrupt);
        damage(&ws, "auto_close_days");
        assert_eq!(crate::incidents::auto_close_days(&ws).unwrap_err().kind(), ErrorKind::Corrupt);
        damage(&ws, "vulnerability_due_days");
        assert_eq!(crate::security::vulnerabilities::get_due_days(&ws).unwrap_err().kind(), ErrorKind::Corrupt);
        damage(&ws, "change_risk_questionnaire");
        assert_eq!(crate::changes::assessment::get_questionnaire(&ws).unwrap_err().kind(), ErrorKind::Corrupt);
        assert_eq!(crate::incidents::set_auto_close_days(&ws, 10).unwrap(), 10);
        assert_eq!(crate::incidents::auto_close_days(&ws).unwrap(), 10);
        let m = crate::incidents::matrix::PriorityMatrix::default();
        crate::incidents::matrix::set_matrix(&ws, &m).unwrap();
        assert_eq!(crate::incidents::matrix::get_matrix(&ws).unwrap(), m);
        let trail = crate::workspace::audit_trail(&ws, &Default::default()).unwrap();
        let entry = trail.items.iter().find(|e| e.action == "settings.auto_close_days").unwrap();
        assert!(entry.detail.to_string().contains("[[1, 2"), "{}", entry.detail);
    }

    #[test]
    fn a_new_workspace_shows_times_in_the_computer_s_zone() {
        let d = tempfile::tempdir().unwrap();
        let clock = crate::time::Clock::at(crate::testing::NOW).unwrap();
        let ws = Workspace::create_whole(&d.path().join("w.steward"), crate::workspace::Actor::parse("Zoe Zone").unwrap(), clock, None, |_| Ok(())).unwrap();
        // Whatever zone this machine is in, the new workspace has it (UTC when none).
        let expected = super::os_zone().map(|z| z.name().to_string()).unwrap_or_else(|| "UTC".into());
        assert_eq!(super::get_settings(&ws).unwrap().display_timezone, expected);
        assert_eq!(super::get_settings(&ws).unwrap().workspace_name, "w", "its name from its file, not the file it was built in");
        // A computer in Berlin makes a workspace in Berlin; one that names no zone, in UTC.
        let (_d, berlin) = crate::testing::ws("Zoe Zone");
        assert_eq!(super::get_settings(&berlin).unwrap().display_timezone, "UTC");
        super::start_in(&berlin, Some(chrono_tz::Europe::Berlin)).unwrap();
        assert_eq!(super::get_settings(&berlin).unwrap().display_timezone, "Europe/Berlin");
        // The name still follows the file: nothing else was stored.
        let named: Option<String> = berlin.conn().query_row("SELECT value FROM settings WHERE key = 'workspace_name'", [], |r| r.get(0)).ok();
        assert_eq!(named, None);
        let (_d, nowhere) = crate::testing::ws("Zoe Zone");
        super::start_in(&nowhere, None).unwrap();
        assert_eq!(super::get_settings(&nowhere).unwrap().display_timezone, "UTC");
    }
}
