use std::path::Path;

use super::allocation::{allocate, split, Part};
use crate::money::{convert, decimal, grouped, parse_cents, parse_micros};
use crate::import_file::{import, FileFormat};
use crate::links::{create_link, LinkType, NewLink};
use crate::record::{RecordKind, RecordRef};
use crate::testing::{pinned, NOW};
use crate::workspace::Workspace;

fn service(ws: &Workspace, name: &str) -> i64 {
    ws.write(|tx| crate::services::create_named(tx, name)).unwrap()
}

/// A service running on `n` CIs of its own.
fn runs_on(ws: &Workspace, service: i64, n: usize) {
    for i in 0..n {
        let ci = crate::cis::create_ci(ws, &crate::cis::CiInput {
            name: format!("host-{service}-{i}"), ci_type: crate::cis::CiType::Server, environment: crate::cis::Environment::Production,
            owner_id: None, lifecycle: crate::cis::Lifecycle::Operational, attributes: Default::default(),
        }).unwrap();
        create_link(ws, &NewLink { from: RecordRef::new(RecordKind::Service, service), link_type: LinkType::RunsOn, to: RecordRef::new(RecordKind::Ci, ci.id.0) }).unwrap();
    }
}

fn write(dir: &Path, name: &str, body: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, body).unwrap();
    p
}

#[test]
fn amounts_are_exact_and_commas_are_refused_saying_how_to_write_them() {
    assert_eq!(parse_cents("amount", "12400").unwrap(), 1_240_000);
    assert_eq!(parse_cents("amount", "-0.5").unwrap(), -50);
    assert_eq!(parse_cents("amount", "99.99").unwrap(), 9_999);
    assert!(parse_cents("amount", "12,50").unwrap_err().to_string().contains("write 12.50"));
    assert!(parse_cents("amount", "12,400.00").unwrap_err().to_string().contains("without them (12400.00)"));
    for bad in ["", "1.234", "1e3", "€5", "1.", "--1"] {
        assert_eq!(parse_cents("amount", bad).unwrap_err().field(), Some("amount"), "{bad}");
    }
    assert_eq!((decimal(-1205), decimal(7), grouped(1_240_000), grouped(-123_456_789)), ("-12.05".into(), "0.07".into(), "12,400.00".into(), "-1,234,567.89".into()));
    assert_eq!(parse_micros("share", "33.333").unwrap(), 33_333_000);
    assert_eq!(convert(10_000, 1_085_000), 10_850, "100.00 USD at 1.085 is 108.50");
    assert_eq!(convert(-333, 1_500_000), -500, "half away from zero");
}

/// The split by largest remainder, by hand: 12,400.00 over 3 and 4 of 7 CIs is 5,314.2857
/// and 7,085.7142: floors 5,314.28 and 7,085.71 leave a cent, which goes to the larger
/// remainder (0.57 > 0.43). 1,000.00 in three is 333.33 each with a cent left; the
/// remainders tie, so the first name takes it. A 50 % and a 25 % share of 100.00 leave
/// 25.00 unallocated.
#[test]
fn a_split_gives_every_cent_to_the_largest_remainders() {
    let parts = |w: &[(&str, u128)]| w.iter().map(|(n, w)| Part { name: (*n).into(), weight: *w }).collect::<Vec<_>>();
    assert_eq!(split(1_240_000, &parts(&[("Alpha", 3), ("Beta", 4), ("Gamma", 0)]), 7), (vec![531_429, 708_571, 0], 0));
    assert_eq!(split(100_000, &parts(&[("Alpha", 1), ("Beta", 1), ("Gamma", 1)]), 3), (vec![33_334, 33_333, 33_333], 0));
    assert_eq!(split(10_000, &parts(&[("Alpha", 50_000_000), ("Beta", 25_000_000)]), 100_000_000), (vec![5_000, 2_500], 2_500));
    assert_eq!(split(-100_000, &parts(&[("Alpha", 1), ("Beta", 1), ("Gamma", 1)]), 3), (vec![-33_334, -33_333, -33_333], 0), "a credit splits the same way");
    assert_eq!(split(5, &parts(&[("Alpha", 0)]), 0), (vec![0], 5), "no weight: all left over");
}

/// The contract's allocation on a month's ledger, every figure worked by hand above and
/// below: Hardware 12,400.00 by CI count (Alpha 3, Beta 4, Gamma none of 7 CIs), Staff
/// 1,000.00 equally among three, Licences 100.00 by fixed shares of 50 % and 25 %, Cloud
/// 250.50 booked straight to Portal, Telecom 99.99 with no rule; a February line is outside
/// the period. Alpha 5,314.29 + 333.34 + 50.00 = 5,697.63; Beta 7,085.71 + 333.33 + 25.00 =
/// 7,444.04; Gamma 333.33; Portal 250.50 direct; unallocated 25.00 + 99.99 = 124.99; the
/// ledger 13,850.49 = 5,697.63 + 7,444.04 + 333.33 + 250.50 + 124.99.
#[test]
fn the_allocation_matches_the_hand_worked_figures() {
    let d = tempfile::tempdir().unwrap();
    let ws = pinned(&d, "Fiona Finance", NOW);
    let (alpha, beta) = (service(&ws, "Alpha"), service(&ws, "Beta"));
    service(&ws, "Gamma");
    service(&ws, "Portal");
    runs_on(&ws, alpha, 3);
    runs_on(&ws, beta, 4);
    let ledger = write(d.path(), "ledger.csv", "date,amount,cost_pool,cost_centre,description,vendor,service\n\
2026-01-05,12400.00,Hardware,IT,Servers,Dell,\n\
2026-01-06,1000.00,Staff,IT,Salaries,,\n\
2026-01-07,100,Licences,IT,Tools,Acme <b>,\n\
2026-01-08,250.50,Cloud,Digital,Hosting,Azure,Portal\n\
2026-01-09,99.99,Telecom,IT,Lines,Telekom,\n\
2026-02-01,500.00,Staff,IT,Salaries,,\n\
2026-01-10,\"1,000.00\",Staff,IT,Bonus,,\n\
2026-01-11,10.00,Staff,IT,Ghost,,Nowhere\n");
    let r = import(&ws, &ledger, FileFormat::Ledger, &Default::default()).unwrap().report;
    assert_eq!((r.created, r.rejected), (6, 2), "{r:?}");
    assert_eq!(r.errors.iter().map(|e| e.column.as_deref().unwrap_or("")).collect::<Vec<_>>(), ["amount", "service"]);
    let again = import(&ws, &ledger, FileFormat::Ledger, &Default::default()).unwrap().report;
    assert_eq!((again.created, again.unchanged, again.rejected), (0, 6, 2));
    let rules = write(d.path(), "rules.csv", "cost_pool,method,service,share\n\
Hardware,ci_count,Alpha,\nHardware,ci_count,Beta,\nHardware,ci_count,Gamma,\n\
Staff,equal,Alpha,\nStaff,equal,Beta,\nStaff,equal,Gamma,\n\
Licences,fixed,Alpha,50\nLicences,fixed,Beta,25\n\
Licences,fixed,Gamma,30\nLicences,equal,Portal,\nTelecom,fixed,Nobody,10\n");
    let r = import(&ws, &rules, FileFormat::AllocationRules, &Default::default()).unwrap().report;
    assert_eq!((r.created, r.rejected), (8, 3), "{r:?}");
    assert!(r.errors[0].message.contains("105 %"), "{:?}", r.errors[0]);
    assert!(r.errors[1].message.contains("one pool, one method"), "{:?}", r.errors[1]);
    assert!(r.errors[2].message.contains("no service \"Nobody\""), "{:?}", r.errors[2]);
    let a = allocate(&ws, "2026-01-01", "2026-01-31").unwrap();
    assert_eq!((a.currency.as_str(), a.ledger_total.as_str(), a.unallocated.as_str()), ("EUR", "13850.49", "124.99"));
    let seen: Vec<(&str, &str, &str, &str)> = a.services.iter().map(|s| (s.service.as_str(), s.direct.as_str(), s.allocated.as_str(), s.total.as_str())).collect();
    assert_eq!(seen, [
        ("Alpha", "0.00", "5697.63", "5697.63"),
        ("Beta", "0.00", "7444.04", "7444.04"),
        ("Gamma", "0.00", "333.33", "333.33"),
        ("Portal", "250.50", "0.00", "250.50"),
    ]);
    let texts: Vec<&str> = a.explanation.iter().map(|e| e.text.as_str()).collect();
    assert!(texts.contains(&"Hardware 12,400.00 × 3 of 7 CIs = 5,314.29"), "{texts:?}");
    assert!(texts.contains(&"Staff 1,000.00 ÷ 3 services = 333.34"));
    assert!(texts.contains(&"Licences 100.00 × 50 % = 50.00"));
    assert!(texts.contains(&"Telecom 99.99 has no rule: unallocated"));
    assert_eq!(allocate(&ws, "2026-02-01", "2026-01-01").unwrap_err().field(), Some("to"));
    // Undoing the rules' import leaves the ledger to its pools: all unallocated but Portal's.
    let runs = crate::import::history::list_imports(&ws).unwrap();
    crate::import::history::undo_import(&ws, runs[0].id).unwrap();
    assert_eq!(allocate(&ws, "2026-01-01", "2026-01-31").unwrap().unallocated, "13599.99");
}

/// Foreign currencies need a rate; a fiscal year asked for refuses lines outside it.
#[test]
fn foreign_lines_need_a_rate_and_the_fiscal_year_holds() {
    let d = tempfile::tempdir().unwrap();
    let ws = pinned(&d, "Fiona Finance", NOW);
    super::set_finance_settings(&ws, &super::FinanceSettings { currency: "eur".into(), fiscal_year_start: 4 }).unwrap();
    let f = write(d.path(), "ledger.csv", "date,amount,cost_pool,currency\n2026-04-01,100.00,Cloud,USD\n2026-03-31,10.00,Cloud,EUR\n2026-05-01,5.00,Cloud,\n");
    // The window asks for the fiscal year, empty to start with and not needed.
    let p = crate::import_file::preview(&f, None).unwrap();
    assert_eq!((p.format, p.name_optional, p.suggested_name.as_str()), (Some(FileFormat::Ledger), true, ""));
    assert!(p.names.as_deref().unwrap().starts_with("Fiscal year"));
    let opts = crate::import::ImportOptions { name: Some("2026".into()), ..Default::default() };
    let r = import(&ws, &f, FileFormat::Ledger, &opts).unwrap().report;
    assert_eq!((r.created, r.rejected), (1, 2), "{r:?}");
    assert!(r.errors.iter().any(|e| e.message.contains("no rate to EUR")));
    assert!(r.errors.iter().any(|e| e.message.contains("outside the fiscal year 2026")));
    super::set_exchange_rate(&ws, &super::ExchangeRate { currency: "usd".into(), rate: "0.92".into() }).unwrap();
    let r = import(&ws, &f, FileFormat::Ledger, &opts).unwrap().report;
    assert_eq!((r.created, r.unchanged, r.rejected), (1, 1, 1));
    assert_eq!(allocate(&ws, "2026-04-01", "2027-03-31").unwrap().ledger_total, "97.00", "92.00 + 5.00");
    assert_eq!(super::set_finance_settings(&ws, &super::FinanceSettings { currency: "USD".into(), fiscal_year_start: 4 }).unwrap_err().field(), Some("currency"));
    assert_eq!(super::set_exchange_rate(&ws, &super::ExchangeRate { currency: "EUR".into(), rate: "1".into() }).unwrap_err().field(), Some("currency"));
}

/// For random ledgers and rules (every method, shares under and at 100 %, credits), the
/// services' totals and what is unallocated add up to the ledger's total exactly.
#[test]
fn totals_always_reconcile_to_the_cent() {
    let names = ["S0", "S1", "S2", "S3", "S4", "S5"];
    let mut rng = crate::rng::Rng::new(20261207);
    for case in 0..25 {
        let pools = ["P0", "P1", "P2", "P3", "P4"];
        let mut ledger = String::from("date,amount,cost_pool,service\n");
        for _ in 0..(5 + rng.below(40)) {
            let cents = rng.below(5_000_000) as i64 - 500_000;
            let svc = if rng.below(5) == 0 { names[rng.below(6) as usize] } else { "" };
            ledger.push_str(&format!("2026-0{}-1{},{},{},{svc}\n", 1 + rng.below(9), rng.below(10), decimal(cents), pools[rng.below(5) as usize]));
        }
        let mut rules = String::from("cost_pool,method,service,share\n");
        for (p, pool) in pools.iter().enumerate() {
            let method = ["fixed", "equal", "ci_count", "none"][(p + case) % 4];
            if method == "none" {
                continue;
            }
            let mut left = 100u64;
            for n in names.iter().take(1 + rng.below(6) as usize) {
                let share = if method == "fixed" {
                    if left <= 1 {
                        continue;
                    }
                    let s = rng.below(left.min(60) - 1) + 1;
                    left -= s + 1;
                    format!("{s}.{}", rng.below(1000))
                } else {
                    String::new()
                };
                rules.push_str(&format!("{pool},{method},{n},{share}\n"));
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let ws = pinned(&dir, "Fiona Finance", NOW);
        for (i, n) in names.iter().enumerate() {
            let id = service(&ws, n);
            runs_on(&ws, id, (i + case) % 4);
        }
        import(&ws, &write(dir.path(), "l.csv", &ledger), FileFormat::Ledger, &Default::default()).unwrap();
        import(&ws, &write(dir.path(), "r.csv", &rules), FileFormat::AllocationRules, &Default::default()).unwrap();
        let a = allocate(&ws, "2026-01-01", "2026-12-31").unwrap();
        let cents = |s: &str| parse_cents("x", s).unwrap();
        let sum: i64 = a.services.iter().map(|s| cents(&s.total)).sum::<i64>() + cents(&a.unallocated);
        assert_eq!(sum, cents(&a.ledger_total), "case {case}: {ledger}\n{rules}\n{a:?}");
        assert!(a.services.iter().all(|s| cents(&s.direct) + cents(&s.allocated) == cents(&s.total)));
    }
}

fn consumer(ws: &Workspace, name: &str, users: Option<i64>, services: &[i64]) -> i64 {
    use crate::relationship::stakeholders::{create_stakeholder, ServiceRelation, StakeholderInput, StakeholderKind, StakeholderService};
    create_stakeholder(ws, &StakeholderInput {
        kind: StakeholderKind::BusinessUnit, name: name.into(), person_id: None, vendor_id: None, role: String::new(), influence: 3, interest: 3, owner_id: None, users, notes: String::new(),
        services: services.iter().map(|&service_id| StakeholderService { service_id, service: String::new(), relation: ServiceRelation::Consumes }).collect(), agreement_ids: vec![],
    }).unwrap().stakeholder.id.0
}

/// Showback worked by hand: ERP 1,000.00 to Ops (2 users) and Sales (1 user): 666.666… and
/// 333.333…, the cent left to the larger remainder, Ops 666.67 and Sales 333.33. Mail
/// 100.00 to Sales and Legal (no user count): equally, 50.00 each. Print 10.00: no one
/// consumes it. Ops per user 666.67 / 2 = 333.335 → 333.34; Sales 383.33 / 1.
#[test]
fn showback_shares_each_service_by_users_to_the_cent() {
    let d = tempfile::tempdir().unwrap();
    let ws = pinned(&d, "Fiona Finance", NOW);
    let (erp, mail, print) = (service(&ws, "ERP"), service(&ws, "Mail"), service(&ws, "Print"));
    let ops = consumer(&ws, "Ops", Some(2), &[erp]);
    let sales = consumer(&ws, "Sales", Some(1), &[erp, mail]);
    consumer(&ws, "Legal", None, &[mail]);
    let _ = print;
    let ledger = write(d.path(), "ledger.csv", "date,amount,cost_pool,cost_centre,description,vendor,service\n\
2026-01-05,1000.00,Software licences,IT,ERP,,ERP\n\
2026-01-06,100.00,Cloud services,IT,Mail,,Mail\n\
2026-01-07,10.00,Hardware,IT,Printers,,Print\n\
2026-01-08,5.00,Staff,IT,Coffee,,\n");
    import(&ws, &ledger, FileFormat::Ledger, &Default::default()).unwrap();
    let s = super::showback::showback(&ws, "2026-01-01", "2026-01-31").unwrap();
    let lines: Vec<(&str, Vec<(&str, &str, &str)>, &str, Option<&str>)> = s
        .consumers
        .iter()
        .map(|c| (c.consumer.as_str(), c.services.iter().map(|l| (l.service.as_str(), l.basis.as_str(), l.charged.as_str())).collect(), c.total.as_str(), c.per_user.as_deref()))
        .collect();
    assert_eq!(lines, [
        ("Legal", vec![("Mail", "1 of 2 consumers", "50.00")], "50.00", None),
        ("Ops", vec![("ERP", "2 of 3 users", "666.67")], "666.67", Some("333.34")),
        ("Sales", vec![("ERP", "1 of 3 users", "333.33"), ("Mail", "1 of 2 consumers", "50.00")], "383.33", Some("383.33")),
    ]);
    assert_eq!(s.unconsumed.iter().map(|u| (u.service.as_str(), u.cost.as_str())).collect::<Vec<_>>(), [("Print", "10.00")]);
    assert_eq!((s.services_total.as_str(), s.unallocated.as_str()), ("1110.00", "5.00"), "the staff pool has no rule");
    // Every cent of the services is on a statement or shown as no one's.
    let cents = |t: &str| parse_cents("x", t).unwrap();
    let shown: i64 = s.consumers.iter().map(|c| cents(&c.total)).sum::<i64>() + s.unconsumed.iter().map(|u| cents(&u.cost)).sum::<i64>();
    assert_eq!(shown, cents(&s.services_total));

    // The statement as a workbook: text cells, the total and the per-user line.
    let out = d.path().join("ops.xlsx");
    let r = super::showback::export_statement(&ws, "2026-01-01", "2026-01-31", ops, &out).unwrap();
    assert_eq!(r.rows, 3, "the service, the total, per user");
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    use calamine::Reader;
    let sheet = book.worksheet_range("Statement").unwrap();
    let rows: Vec<Vec<String>> = sheet.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    assert_eq!(rows[1], ["ERP", "1000.00", "2 of 3 users", "666.67"]);
    assert_eq!(rows[2][3], "666.67");
    assert_eq!(rows[3], ["Per user", "", "2 users", "333.34"]);
    let _ = sales;
    assert!(super::showback::export_statement(&ws, "2026-01-01", "2026-01-31", 9999, &d.path().join("x.xlsx")).is_err());
}

/// A usage driver and a tower, by hand: Cloud 1,000.00 by TB stored, Alpha 1 and Beta 2 of
/// 3: 333.333… and 666.666…, the cent to the larger remainder (Beta): 333.33 and 666.67.
/// Hardware 300.00 and Facilities 30.00, both in the Infrastructure tower, one rule for the
/// tower: equally, 150.00 and 15.00 each. Backup 50.00 by usage no service used: unallocated.
#[test]
fn usage_drivers_and_tower_rules_split_to_the_cent() {
    let d = tempfile::tempdir().unwrap();
    let ws = pinned(&d, "Fiona Finance", NOW);
    service(&ws, "Alpha");
    service(&ws, "Beta");
    super::save_cost_pool(&ws, None, "Facilities", "Infrastructure").unwrap();
    super::save_cost_pool(&ws, None, "Hardware", "Infrastructure").unwrap();
    let ledger = write(d.path(), "ledger.csv", "date,amount,cost_pool,cost_centre,description,vendor,service\n\
2026-01-05,1000.00,Cloud,IT,Storage,,\n2026-01-06,300.00,Hardware,IT,Servers,,\n2026-01-07,30.00,Facilities,IT,Power,,\n2026-01-08,50.00,Backup,IT,Tapes,,\n");
    import(&ws, &ledger, FileFormat::Ledger, &Default::default()).unwrap();
    let rules = write(d.path(), "rules.csv", "cost_pool,tower,method,service,share,driver\n\
Cloud,,usage,Alpha,1,TB stored\nCloud,,usage,Beta,2,TB stored\n,Infrastructure,equal,Alpha,,\n,Infrastructure,equal,Beta,,\n\
Backup,,usage,Alpha,0,GB\nBackup,,usage,Beta,0,GB\n,Nowhere,equal,Alpha,,\nCloud,,usage,Gamma,5,TB stored\nCloud,,usage,Alpha,,TB stored\n");
    let r = import(&ws, &rules, FileFormat::AllocationRules, &Default::default()).unwrap().report;
    assert_eq!((r.created, r.rejected), (6, 3), "{r:?}");
    assert_eq!(r.errors.iter().map(|e| e.column.as_deref().unwrap_or("")).collect::<Vec<_>>(), ["tower", "service", "share"]);
    assert_eq!(super::rules::allocation_rules(&ws).unwrap().len(), 8, "the tower's rule is each of its pools'");
    let again = import(&ws, &rules, FileFormat::AllocationRules, &Default::default()).unwrap().report;
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 6));
    let a = allocate(&ws, "2026-01-01", "2026-01-31").unwrap();
    let totals: Vec<(&str, &str)> = a.services.iter().map(|s| (s.service.as_str(), s.total.as_str())).collect();
    assert_eq!(totals, [("Alpha", "498.33"), ("Beta", "831.67")], "333.33 + 150.00 + 15.00; 666.67 + 150.00 + 15.00");
    assert_eq!(a.unallocated, "50.00");
    let texts: Vec<&str> = a.explanation.iter().map(|e| e.text.as_str()).collect();
    assert!(texts.contains(&"Cloud 1,000.00 × 1 of 3 TB stored = 333.33"), "{texts:?}");
    assert!(texts.contains(&"Backup 50.00: no service used any of it = 50.00 unallocated"), "{texts:?}");
    // The window's way: a rule for the tower, then its removal from every pool of it.
    let alpha = a.services[0].service_id;
    let scope = super::rules::RuleScope::Tower("infrastructure".into());
    super::rules::set_rule(&ws, &scope, alpha, None, None, "").unwrap();
    assert_eq!(super::rules::allocation_rules(&ws).unwrap().len(), 6);
    assert_eq!(super::rules::set_rule(&ws, &super::rules::RuleScope::Tower("Nowhere".into()), alpha, Some(super::rules::AllocationMethod::Equal), None, "").unwrap_err().field(), Some("tower"));
}

/// The CMDB's run costs for January, by hand: "db" 100.00 a month serves Alpha, Beta and
/// Gamma (33.34 to Alpha, the first by name, 33.33 each to the others); "web" 50.00 serves
/// Alpha alone; "spare" 30.00 serves no one. Alpha 83.34, Beta 33.33, Gamma 33.33,
/// unassigned 30.00, total 180.00.
#[test]
fn the_cis_run_costs_flow_to_the_services_that_run_on_them() {
    let d = tempfile::tempdir().unwrap();
    let ws = pinned(&d, "Fiona Finance", NOW);
    let ids: Vec<i64> = ["Gamma", "Alpha", "Beta"].iter().map(|n| service(&ws, n)).collect();
    let ci = |name: &str, cost: &str| {
        let c = crate::cis::create_ci(&ws, &crate::cis::CiInput {
            name: name.into(), ci_type: crate::cis::CiType::Server, environment: crate::cis::Environment::Production, owner_id: None, lifecycle: crate::cis::Lifecycle::Operational, attributes: Default::default(),
        }).unwrap().id;
        crate::cis::lifecycle::set_ci_lifecycle(&ws, c, &crate::cis::lifecycle::CiLifecycle { monthly_cost: Some(cost.into()), ..Default::default() }).unwrap();
        c.0
    };
    let (db, web) = (ci("db", "100"), ci("web", "50.00"));
    ci("spare", "30");
    let on = |service: i64, ci: i64| create_link(&ws, &NewLink { from: RecordRef::new(RecordKind::Service, service), link_type: LinkType::RunsOn, to: RecordRef::new(RecordKind::Ci, ci) }).unwrap();
    for s in &ids {
        on(*s, db);
    }
    on(ids[1], web);
    let r = super::run_costs::run_costs(&ws, "2026-01-01", "2026-01-31").unwrap();
    assert_eq!(r.services.iter().map(|s| (s.service.as_str(), s.cis, s.amount.as_str())).collect::<Vec<_>>(), [("Alpha", 2, "83.34"), ("Beta", 1, "33.33"), ("Gamma", 1, "33.33")]);
    assert_eq!((r.unassigned.as_str(), r.total.as_str()), ("30.00", "180.00"));
    // Beside the ledger: Beta's 10.00 direct line and its 33.33 from the CIs.
    let ledger = write(d.path(), "ledger.csv", "date,amount,cost_pool,cost_centre,description,vendor,service\n2026-01-05,10.00,Cloud,IT,Hosting,,Beta\n");
    import(&ws, &ledger, FileFormat::Ledger, &Default::default()).unwrap();
    let r = super::run_costs::run_costs(&ws, "2026-01-01", "2026-01-31").unwrap();
    assert_eq!(r.with_ledger.iter().map(|s| (s.service.as_str(), s.ledger.as_str(), s.cis.as_str(), s.total.as_str())).collect::<Vec<_>>(), [
        ("Alpha", "0.00", "83.34", "83.34"), ("Beta", "10.00", "33.33", "43.33"), ("Gamma", "0.00", "33.33", "33.33"),
    ]);
    assert!(r.explanation.contains(&"db (production) 100.00 a month = 100.00 over the period ÷ 3 services".to_string()), "{:?}", r.explanation);
    assert!(r.explanation.iter().any(|e| e.starts_with("spare (production)") && e.ends_with("no service runs on it")));
    assert_eq!(super::run_costs::run_costs(&ws, "2026-02-01", "2026-01-01").unwrap_err().field(), Some("to"));
}
