//! Service level management.

use steward_core::sla::{self, CaseResult, WhatIf};

use crate::error::CmdResult;

/// The what-if calculator: no workspace needed, the same engine as `sla eval`.
#[tauri::command(rename_all = "snake_case")]
pub fn sla_what_if(question: WhatIf) -> CmdResult<CaseResult> {
    Ok(sla::what_if(&question)?)
}
