//! The demo estate's lifecycle dates and costs, and a scan awaiting review: the EDI
//! gateway's platform leaves vendor support next quarter (the problem the radar shows
//! first), the first ESX host's warranty ends within six months, the SAN reaches end of
//! life in a year; the rest runs well inside its support. The SAN's pool fills a quarter
//! of a terabyte a day and reaches its threshold within the month; the ESX hosts' memory
//! holds steady.

use std::collections::HashMap;

use super::lifecycle::{set_ci_lifecycle, CiLifecycle};
use super::CiId;

use crate::error::Result;
use crate::workspace::{Actor, Workspace};

/// The demo's estate and a network scan of the Hamburg server LANs awaiting review: the
/// first ESX host (found by name), a build server nobody recorded, and the warehouse
/// application server (found by its address). The infrastructure manager records the
/// lifecycle dates on the morning `recorded`; a systems engineer takes the capacity
/// readings week by week and ran the scan yesterday.
pub(crate) fn estate(ws: &Workspace, cis: &HashMap<&str, i64>, recorded: chrono::DateTime<chrono::Utc>) -> Result<()> {
    let today = ws.now().date_naive();
    let (priya, lukas) = (Actor::parse("Priya Nair")?, Actor::parse("Lukas Weber")?);
    ws.as_of(&priya, recorded, || lifecycle_dates(ws, cis, today))?;
    capacity(ws, cis, &lukas)?;
    let yesterday = ws.now() - chrono::Duration::hours(20);
    let scan = r#"<?xml version="1.0"?>
<nmaprun scanner="nmap" args="nmap -sV -oX ham-servers.xml 10.20.0.0/22" version="7.94">
<host><status state="up"/><address addr="10.20.0.11" addrtype="ipv4"/><hostnames><hostname name="esx-ham-01.harbourside.example" type="PTR"/></hostnames>
<ports><port protocol="tcp" portid="443"><state state="open"/><service name="https" product="VMware ESXi SOAP API" version="8.0.2"/></port>
<port protocol="tcp" portid="902"><state state="open"/><service name="vmware-auth"/></port></ports></host>
<host><status state="up"/><address addr="10.20.0.57" addrtype="ipv4"/><hostnames><hostname name="lnx-build-07.harbourside.example" type="PTR"/></hostnames>
<ports><port protocol="tcp" portid="22"><state state="open"/><service name="ssh" product="OpenSSH" version="9.6p1"/></port>
<port protocol="tcp" portid="8080"><state state="open"/><service name="http" product="Jenkins"/></port></ports></host>
<host><status state="up"/><address addr="10.20.2.21" addrtype="ipv4"/>
<ports><port protocol="tcp" portid="22"><state state="open"/><service name="ssh" product="OpenSSH" version="8.7"/></port>
<port protocol="tcp" portid="5432"><state state="closed"/><service name="postgresql"/></port></ports></host>
<host><status state="down"/><address addr="10.20.0.90" addrtype="ipv4"/></host>
</nmaprun>"#;
    ws.as_of(&lukas, yesterday, || super::discovery::propose(ws, std::path::Path::new("ham-servers.xml"), "ham-servers.xml", scan.as_bytes()))?;
    Ok(())
}

fn capacity(ws: &Workspace, cis: &HashMap<&str, i64>, engineer: &Actor) -> Result<()> {
    use super::capacity::{create_metric, record_measurement, MeasurementInput, MetricInput};
    let now = ws.now();
    let today = now.date_naive();
    // Each reading is entered the morning it was taken (8:00 UTC), never later than now.
    let taken = |day: chrono::NaiveDate| (day.and_time(chrono::NaiveTime::MIN).and_utc() + chrono::Duration::hours(8)).min(now);
    // (CI, metric, unit, capacity, threshold, value 84 days ago, growth a week, wobble)
    let metrics = [
        ("san-ham-01", "Pool aggr1 used", "TB", 120.0, 100.0, 71.0, 1.75, [0.0, 0.4, -0.3, 0.2, 0.0, -0.2, 0.3, 0.1, -0.1, 0.2, 0.0, -0.1, 0.0]),
        ("esx-ham-01", "Memory used", "GB", 768.0, 650.0, 512.0, 0.0, [0.0, 14.0, -9.0, 6.0, -12.0, 3.0, 10.0, -4.0, 8.0, -6.0, 2.0, -3.0, 5.0]),
    ];
    let first = today - chrono::Duration::days(84);
    let mut series = Vec::new();
    for (ci, name, unit, capacity, threshold, start, weekly, wobble) in metrics {
        let Some(&id) = cis.get(ci) else { continue };
        let m = ws.as_of(engineer, taken(first), || create_metric(ws, CiId(id), &MetricInput { name: name.into(), unit: unit.into(), capacity, threshold }))?;
        series.push((m.id, start, weekly, wobble));
    }
    // Week by week, every metric read that morning.
    for week in 0..13 {
        let day = first + chrono::Duration::days(7 * week as i64);
        for (metric, start, weekly, wobble) in &series {
            let value = ((start + weekly * week as f64 + wobble[week]) * 10.0).round() / 10.0;
            ws.as_of(engineer, taken(day), || record_measurement(ws, *metric, &MeasurementInput { measured_at: day.format("%Y-%m-%d").to_string(), value }))?;
        }
    }
    Ok(())
}

/// The dates are set relative to `today`, the day the demo is made.
fn lifecycle_dates(ws: &Workspace, cis: &HashMap<&str, i64>, today: chrono::NaiveDate) -> Result<()> {
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
        let Some(&id) = cis.get(ci) else { continue };
        set_ci_lifecycle(ws, CiId(id), &CiLifecycle {
            purchased_on: day(bought),
            warranty_end: day(warranty),
            end_of_support: day(support),
            end_of_life: day(life),
            location: location.into(),
            vendor: vendor.into(),
            monthly_cost: Some(cost.into()),
            ..Default::default()
        })?;
    }
    Ok(())
}
