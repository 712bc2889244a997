//! People, support groups and vendors (their CSV import is the import dialog's).

use steward_core::directory::{self, Group, GroupId, GroupInput, Person, PersonId, PersonInput, Vendor, VendorId, VendorInput};
use steward_core::list::{ListRequest, Page};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub fn list_people(state: State<'_, AppState>, request: ListRequest) -> CmdResult<Page<Person>> {
    state.with(|ws| directory::list_people(ws, &request))
}

#[tauri::command(rename_all = "snake_case")]
pub fn create_person(state: State<'_, AppState>, input: PersonInput) -> CmdResult<Person> {
    state.with(|ws| directory::create_person(ws, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_person(state: State<'_, AppState>, id: PersonId, input: PersonInput) -> CmdResult<Person> {
    state.with(|ws| directory::update_person(ws, id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn delete_person(state: State<'_, AppState>, id: PersonId) -> CmdResult<()> {
    state.with(|ws| directory::delete_person(ws, id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn list_groups(state: State<'_, AppState>, request: ListRequest) -> CmdResult<Page<Group>> {
    state.with(|ws| directory::list_groups(ws, &request))
}

#[tauri::command(rename_all = "snake_case")]
pub fn create_group(state: State<'_, AppState>, input: GroupInput) -> CmdResult<Group> {
    state.with(|ws| directory::create_group(ws, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_group(state: State<'_, AppState>, id: GroupId, input: GroupInput) -> CmdResult<Group> {
    state.with(|ws| directory::update_group(ws, id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn delete_group(state: State<'_, AppState>, id: GroupId) -> CmdResult<()> {
    state.with(|ws| directory::delete_group(ws, id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn list_vendors(state: State<'_, AppState>, request: ListRequest) -> CmdResult<Page<Vendor>> {
    state.with(|ws| directory::list_vendors(ws, &request))
}

#[tauri::command(rename_all = "snake_case")]
pub fn create_vendor(state: State<'_, AppState>, input: VendorInput) -> CmdResult<Vendor> {
    state.with(|ws| directory::create_vendor(ws, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_vendor(state: State<'_, AppState>, id: VendorId, input: VendorInput) -> CmdResult<Vendor> {
    state.with(|ws| directory::update_vendor(ws, id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn delete_vendor(state: State<'_, AppState>, id: VendorId) -> CmdResult<()> {
    state.with(|ws| directory::delete_vendor(ws, id))
}

/// The types these commands carry, declared in TypeScript for `ui/src/lib/bindings.ts`.
#[cfg(test)]
pub(crate) fn types(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![
        steward_core::directory::PersonId::decl(cfg),
        steward_core::directory::GroupId::decl(cfg),
        steward_core::directory::VendorId::decl(cfg),
        steward_core::directory::Person::decl(cfg),
        steward_core::directory::PersonInput::decl(cfg),
        steward_core::directory::Group::decl(cfg),
        steward_core::directory::GroupInput::decl(cfg),
        steward_core::directory::Vendor::decl(cfg),
        steward_core::directory::VendorInput::decl(cfg),
        steward_core::directory::DirectoryKind::decl(cfg),
        steward_core::directory::Me::decl(cfg),
    ]
}
