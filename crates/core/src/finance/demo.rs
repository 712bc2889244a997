//! The demo's finance: a year of ledger lines in the workspace's currency (staff and
//! contractors, hardware, licences, cloud, network, data centre, outsourced services), each
//! month's, the cloud bill and some licences booked straight to a service; the pools
//! allocated by rules of every method; this calendar year's budget, the contractors' over
//! its run.

use super::rules::{write_rule, AllocationMethod, RuleTerms};
use super::{pool_named, DEFAULT_POOLS};
use crate::demo::Spine;
use crate::error::Result;
use crate::workspace::Workspace;

/// The finance director's: the pools and their allocation rules set up a year before the
/// demo is made, each month's ledger booked at its close (three days after its last
/// booking), this year's budget in the second week of January.
pub(crate) fn service_finance(ws: &Workspace, spine: &Spine) -> Result<()> {
    let made = ws.now();
    let today = made.date_naive();
    let director = crate::workspace::Actor::parse("Hannah Fischer")?;
    let morning = |d: chrono::NaiveDate| crate::demo::on(d, 10, made);
    let service = |name: &str| spine.services.get(name).copied();
    let a_year_ago = today.checked_sub_months(chrono::Months::new(12)).unwrap_or(today) - chrono::Duration::days(3);
    ws.replay_as(&director, morning(a_year_ago), |tx| {
        for (pool, tower) in DEFAULT_POOLS {
            let id = pool_named(tx, pool)?;
            tx.execute("UPDATE cost_pools SET tower = ?2 WHERE id = ?1", rusqlite::params![id, tower])?;
        }
        let rule = |pool: &str, method: AllocationMethod, svc: &str, share: Option<u64>| -> Result<()> {
            let (Some(s), pool) = (service(svc), pool_named(tx, pool)?) else { return Ok(()) };
            let driver = if method == AllocationMethod::Usage { "TB stored" } else { "" };
            write_rule(tx, pool, method, s, &RuleTerms { share, driver }, |_| Ok(())).map(|_| ())
        };
        for svc in ["Customer Shipment Portal", "Warehouse Management", "Fleet Tracking", "Finance & Invoicing (ERP)", "Payroll", "Legacy EDI Gateway"] {
            rule("Hardware", AllocationMethod::CiCount, svc, None)?;
            rule("Data centre and facilities", AllocationMethod::CiCount, svc, None)?;
        }
        for svc in ["Customer Shipment Portal", "Warehouse Management", "Fleet Tracking", "Finance & Invoicing (ERP)", "Payroll", "Email & Collaboration", "Driver Mobile App", "Legacy EDI Gateway"] {
            rule("Staff", AllocationMethod::Equal, svc, None)?;
            rule("Network and telecom", AllocationMethod::Equal, svc, None)?;
        }
        for (svc, pct) in [("Warehouse Management", 40), ("Finance & Invoicing (ERP)", 35), ("Payroll", 15)] {
            rule("Contractors", AllocationMethod::Fixed, svc, Some(pct * 1_000_000))?;
        }
        for (svc, pct) in [("Customer Shipment Portal", 30), ("Warehouse Management", 30), ("Fleet Tracking", 20), ("Email & Collaboration", 20)] {
            rule("Software licences", AllocationMethod::Fixed, svc, Some(pct * 1_000_000))?;
        }
        // Cloud storage by what each service keeps there.
        for (svc, tb) in [("Customer Shipment Portal", 12), ("Warehouse Management", 8), ("Finance & Invoicing (ERP)", 20), ("Email & Collaboration", 6)] {
            rule("Cloud services", AllocationMethod::Usage, svc, Some(tb * 1_000_000))?;
        }
        Ok(())
    })?;
    // (pool, cost centre, vendor, description, cents a month, service)
    let monthly: &[(&str, &str, &str, &str, i64, Option<&str>)] = &[
        ("Staff", "IT operations", "", "Salaries, infrastructure team", 4_250_000, None),
        ("Staff", "IT service desk", "", "Salaries, service desk", 2_180_000, None),
        ("Contractors", "IT operations", "Nordwind Consulting", "Database administration", 640_000, None),
        ("Hardware", "IT operations", "Dell", "Server leasing", 183_750, None),
        ("Hardware", "IT operations", "NetApp", "Storage support", 230_000, None),
        ("Software licences", "IT operations", "VMware", "Virtualisation subscription", 412_000, None),
        ("Software licences", "Finance", "SAP", "ERP licences", 960_000, Some("Finance & Invoicing (ERP)")),
        ("Cloud services", "Digital", "Microsoft Azure", "Portal hosting", 318_045, Some("Customer Shipment Portal")),
        ("Cloud services", "IT operations", "Wasabi", "Cloud storage and backup copies", 92_000, None),
        ("Network and telecom", "IT operations", "Telekom", "MPLS and internet", 285_000, None),
        ("Data centre and facilities", "IT operations", "Hamburg DC", "Colocation", 390_000, None),
        ("Outsourced services", "IT service desk", "SupportCo", "Out-of-hours desk", 175_000, Some("IT Service Desk")),
    ];
    for m in 0..12u32 {
        let Some(day) = today.checked_sub_months(chrono::Months::new(12 - m)).and_then(|d| chrono::NaiveDate::from_ymd_opt(chrono::Datelike::year(&d), chrono::Datelike::month(&d), 28)) else { continue };
        ws.replay_as(&director, morning(day + chrono::Duration::days(3)), |tx| {
            for (i, (pool, centre, vendor, description, cents, svc)) in monthly.iter().enumerate() {
                let pool_id = pool_named(tx, pool)?;
                // A little movement month to month, the same on every run.
                let cents = cents + ((m as i64 * 7 + i as i64 * 3) % 11 - 5) * 1_000;
                let service_id = svc.and_then(service);
                tx.execute(
                    "INSERT INTO ledger_lines (source_key, booked_on, amount_cents, currency, original_cents, cost_pool_id, cost_centre, description, vendor, service_id, created_at)
                     VALUES (?1, ?2, ?3, 'EUR', ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    rusqlite::params![format!("demo:{m}:{i}"), day.format("%Y-%m-%d").to_string(), cents, pool_id, centre, description, vendor, service_id, tx.at()],
                )?;
            }
            Ok(())
        })?;
    }
    // This calendar year's budget per cost centre and pool, flat: a little above last
    // year's run for most, below it for the contractors (so the forecast overruns there).
    use chrono::Datelike;
    let year = today.year();
    for (pool, centre, annual) in [
        ("Staff", "IT operations", "520000.00"), ("Staff", "IT service desk", "265000.00"), ("Contractors", "IT operations", "60000.00"),
        ("Hardware", "IT operations", "52000.00"), ("Software licences", "IT operations", "50000.00"), ("Software licences", "Finance", "118000.00"),
        ("Cloud services", "Digital", "40000.00"), ("Network and telecom", "IT operations", "35000.00"), ("Data centre and facilities", "IT operations", "48000.00"),
        ("Outsourced services", "IT service desk", "21000.00"),
    ] {
        let january = chrono::NaiveDate::from_ymd_opt(year, 1, 10).unwrap_or(today);
        ws.as_of(&director, morning(january), || {
            super::budget::set_budget(ws, &super::budget::BudgetInput { fiscal_year: year, cost_centre: centre.into(), cost_pool: pool.into(), months: vec![annual.into()] }).map(|_| ())
        })?;
    }
    Ok(())
}
