use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::labelled_enum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct ServiceId(pub i64);

labelled_enum!(
    /// How much the business suffers when the service fails.
    Criticality {
        Critical = "critical": "Critical",
        High = "high": "High",
        Medium = "medium": "Medium",
        Low = "low": "Low",
    }
);

labelled_enum!(
    /// Where the service stands in the service portfolio.
    ServiceStatus {
        Pipeline = "pipeline": "Pipeline",
        Live = "live": "Live",
        Retiring = "retiring": "Retiring",
        Retired = "retired": "Retired",
    }
);

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Service {
    pub id: ServiceId,
    pub name: String,
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    /// The owner's name, "" when there is none.
    pub owner_name: String,
    pub criticality: Criticality,
    pub status: ServiceStatus,
    pub description: String,
    pub created_at: String,
    pub updated_at: String,
}

/// What a user enters to create or edit a service.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ServiceInput {
    pub name: String,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    pub criticality: Criticality,
    pub status: ServiceStatus,
    #[serde(default)]
    pub description: String,
}
