//! The demo estate's lifecycle dates and costs: the EDI gateway's platform leaves vendor
//! support next quarter (the problem the radar shows first), the first ESX host's warranty
//! ends within six months, the SAN reaches end of life in a year; the rest runs well inside
//! its support.

use super::lifecycle::{set_ci_lifecycle, CiLifecycle};
use super::CiId;
use crate::demo::Spine;
use crate::error::Result;
use crate::workspace::Workspace;

pub(crate) fn lifecycle_dates(ws: &Workspace, spine: &Spine) -> Result<()> {
    let today = ws.now().date_naive();
    let day = |days: i64| Some((today + chrono::Duration::days(days)).format("%Y-%m-%d").to_string());
    // (CI, purchased, warranty end, end of support, end of life, location, vendor, cost a month)
    let estate = [
        ("edi-gateway", -3650, -1825, 75, 440, "Hamburg data centre, rack B4", "Seeburger", "1840.00"),
        ("esx-ham-01", -1700, 120, 900, 1600, "Hamburg data centre, rack A1", "Dell", "612.50"),
        ("esx-ham-02", -900, 560, 1500, 2200, "Hamburg data centre, rack A1", "Dell", "612.50"),
        ("esx-ham-03", -900, 560, 1500, 2200, "Hamburg data centre, rack A2", "Dell", "612.50"),
        ("san-ham-01", -2200, -400, 200, 365, "Hamburg data centre, rack A3", "NetApp", "2300.00"),
        ("fw-ham-edge", -800, 300, 1200, 1900, "Hamburg data centre, edge", "Fortinet", "410.00"),
        ("vm-erp-app-01", -1100, -1100, 650, 1000, "Hamburg data centre (virtual)", "SUSE", "95.00"),
    ];
    for (ci, bought, warranty, support, life, location, vendor, cost) in estate {
        let Some(&id) = spine.cis.get(ci) else { continue };
        set_ci_lifecycle(ws, CiId(id), &CiLifecycle {
            purchased_on: day(bought),
            warranty_end: day(warranty),
            end_of_support: day(support),
            end_of_life: day(life),
            location: location.into(),
            vendor: vendor.into(),
            monthly_cost: Some(cost.into()),
        })?;
    }
    Ok(())
}
