use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::labelled_enum;
use crate::record::RecordRef;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct CiId(pub i64);

labelled_enum!(
    CiType {
        Application = "application": "Application",
        Database = "database": "Database",
        Server = "server": "Server",
        VirtualMachine = "virtual_machine": "Virtual machine",
        Container = "container": "Container",
        NetworkDevice = "network_device": "Network device",
        Storage = "storage": "Storage",
        CloudService = "cloud_service": "Cloud service",
        Endpoint = "endpoint": "Endpoint",
        Other = "other": "Other",
    }
);

labelled_enum!(
    Environment {
        Production = "production": "Production",
        DisasterRecovery = "dr": "Disaster recovery",
        Staging = "staging": "Staging",
        Test = "test": "Test",
        Development = "development": "Development",
    }
);

labelled_enum!(
    Lifecycle {
        Planned = "planned": "Planned",
        InBuild = "in_build": "In build",
        Operational = "operational": "Operational",
        Maintenance = "maintenance": "In maintenance",
        Retired = "retired": "Retired",
    }
);

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Ci {
    pub id: CiId,
    pub name: String,
    pub ci_type: CiType,
    pub environment: Environment,
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    pub owner_name: String,
    pub lifecycle: Lifecycle,
    /// Free-form attributes (IP address, version, serial number, ...).
    pub attributes: BTreeMap<String, String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CiInput {
    pub name: String,
    pub ci_type: CiType,
    pub environment: Environment,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    pub lifecycle: Lifecycle,
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
}

/// Everything that fails when a CI fails: records that run on it or depend on it, and
/// wholes it is part of, followed transitively.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Impact {
    pub ci: CiId,
    /// Number of affected records (CIs, applications and services), not counting the CI itself.
    pub total: u64,
    /// The first affected records, by kind then name.
    pub items: Vec<ImpactItem>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ImpactItem {
    pub record: RecordRef,
    pub name: String,
}
