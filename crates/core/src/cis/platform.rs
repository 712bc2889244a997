//! Platform views: the estate counted by environment, location, vendor or type, with what
//! it costs a month (exact: summed in cents) and how many CIs have no cost recorded.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::money::decimal;
use crate::error::Result;
use crate::labelled_enum;
use crate::workspace::Workspace;

labelled_enum!(
    PlatformDimension {
        Environment = "environment": "Environment",
        Location = "location": "Location",
        Vendor = "vendor": "Vendor",
        CiType = "ci_type": "Type",
        Provider = "provider": "Cloud provider",
        Region = "region": "Cloud region",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PlatformRow {
    /// The environment's, type's (stored value) or location's or vendor's name; "" when none
    /// is recorded.
    pub key: String,
    pub cis: u64,
    /// The monthly costs recorded, summed, as a two-place decimal.
    pub monthly_cost: String,
    /// CIs in the row with no cost recorded (the sum leaves them out).
    pub without_cost: u64,
}

/// The estate by one dimension, the largest group first.
pub fn platform_view(ws: &Workspace, by: PlatformDimension) -> Result<Vec<PlatformRow>> {
    let column = match by {
        PlatformDimension::Environment => "environment",
        PlatformDimension::Location => "location",
        PlatformDimension::Vendor => "vendor",
        PlatformDimension::CiType => "ci_type",
        // Cloud resources carry these as attributes (the inventory import puts them there).
        PlatformDimension::Provider => "coalesce(json_extract(attributes, '$.provider'), '')",
        PlatformDimension::Region => "coalesce(json_extract(attributes, '$.region'), '')",
    };
    let sql = format!(
        "SELECT {column}, count(*), coalesce(sum(monthly_cost_cents), 0), count(*) - count(monthly_cost_cents) FROM cis GROUP BY {column} ORDER BY count(*) DESC, {column}"
    );
    Ok(ws
        .conn()
        .prepare(&sql)?
        .query_map([], |r| Ok(PlatformRow { key: r.get(0)?, cis: r.get(1)?, monthly_cost: decimal(r.get(2)?), without_cost: r.get(3)? }))?
        .collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The demo estate by vendor: the three Dell hosts cost 3 × 612.50 = 1837.50 a month;
    /// CIs without a vendor form one row whose costs are not recorded.
    #[test]
    fn the_estate_is_counted_and_costed_by_vendor() {
        let d = tempfile::tempdir().unwrap();
        let ws = crate::testing::pinned(&d, "Ivy Manager", crate::testing::NOW);
        crate::demo::load_demo(&ws).unwrap();
        let rows = platform_view(&ws, PlatformDimension::Vendor).unwrap();
        let dell = rows.iter().find(|r| r.key == "Dell").unwrap();
        assert_eq!((dell.cis, dell.monthly_cost.as_str(), dell.without_cost), (3, "1837.50", 0));
        let none = rows.iter().find(|r| r.key.is_empty()).unwrap();
        assert_eq!((none.monthly_cost.as_str(), none.without_cost), ("0.00", none.cis));
        let total: u64 = platform_view(&ws, PlatformDimension::Environment).unwrap().iter().map(|r| r.cis).sum();
        assert_eq!(total, crate::cis::list_cis(&ws, &Default::default()).unwrap().total.unwrap());
    }
}
