//! Workspace settings: its display name, the display time zone and date format. Storage
//! stays UTC; these only change how times are shown.

use std::str::FromStr;

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::labelled_enum;
use crate::record::RecordKind;
use crate::validate;
use crate::workspace::Workspace;

labelled_enum!(
    DateFormat {
        Iso = "iso": "2026-03-31 14:05",
        DayMonth = "dmy": "31/03/2026 14:05",
        MonthDay = "mdy": "03/31/2026 2:05 PM",
    }
);

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
    chrono_tz::Tz::from_str(&new.display_timezone)
        .map_err(|_| CoreError::validation("display_timezone", format!("\"{}\" is not a known time zone.", new.display_timezone)))?;
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
            tx.audit("settings.updated", RecordKind::Setting, "settings", changes)?;
        }
        Ok(())
    })?;
    Ok(after)
}

/// The zone times are shown in (UTC if the stored name is no longer known).
pub fn display_zone(ws: &Workspace) -> Result<chrono_tz::Tz> {
    Ok(get_settings(ws)?.display_timezone.parse().unwrap_or(chrono_tz::UTC))
}

/// Every IANA zone name, for the settings picker.
pub fn time_zones() -> Vec<String> {
    chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name().to_string()).collect()
}
