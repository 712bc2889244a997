use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::labelled_enum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct PersonId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct GroupId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct VendorId(pub i64);

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Person {
    pub id: PersonId,
    pub name: String,
    pub email: Option<String>,
    pub phone: String,
    pub job_title: String,
    pub active: bool,
    /// Names of the support groups the person belongs to, by name.
    pub groups: Vec<String>,
    /// Their ids, in the same order.
    #[ts(type = "number[]")]
    pub group_ids: Vec<i64>,
    pub updated_at: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct PersonInput {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub job_title: String,
    pub active: bool,
    pub group_ids: Vec<GroupId>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Group {
    pub id: GroupId,
    pub name: String,
    pub email: String,
    pub description: String,
    pub member_count: i64,
    pub updated_at: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct GroupInput {
    pub name: String,
    pub email: String,
    pub description: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Vendor {
    pub id: VendorId,
    pub name: String,
    pub contact_name: String,
    pub email: String,
    pub phone: String,
    pub website: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct VendorInput {
    pub name: String,
    pub contact_name: String,
    pub email: String,
    pub phone: String,
    pub website: String,
}

labelled_enum!(
    /// Which part of the directory a CSV file fills.
    DirectoryKind {
        People = "people": "People",
        Groups = "groups": "Support groups",
        Vendors = "vendors": "Vendors",
    }
);

/// Who the user said they are, matched against the directory: "me" and "my groups".
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Me {
    pub person: Option<Person>,
    pub groups: Vec<Group>,
}
