//! The ledger of actual costs: lines from a finance system's export (CSV or workbook)
//! through the import dialog's mapping step; Steward's own columns are the contract's
//! (date, amount, cost_pool, cost_centre, description, vendor, service, and an optional
//! currency). A line naming a service is its direct cost. Amounts are exact: a comma
//! separator is refused with how to write the amount; a line in another currency needs
//! the rate the user entered; a line dated outside the fiscal year asked for is refused.
//! Each line is known by what it says and its place among identical lines of its file, so
//! the same file again changes nothing.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{params, OptionalExtension};
use sha2::{Digest, Sha256};

use super::{pool_named, rate_of, FinanceSettings, SETTINGS};
use crate::money;
use crate::error::{CoreError, Result};
use crate::import::mapping::{self, Synonyms};
use crate::import::{import_rows, Headers, ImportOptions, ImportReport, Outcome, RowImport, Table};
use crate::record::{RecordKind, RecordRef};
use crate::workspace::{Action, Workspace};

pub const FORMAT: &str = "ledger";

const SYNONYMS: Synonyms = &[
    ("date", &["date", "postingdate", "bookingdate", "bookedon", "transactiondate", "invoicedate", "period", "datum", "dateecriture", "datedecriture"]),
    ("amount", &["amount", "value", "cost", "net", "netamount", "amountlocal", "debit", "montant", "betrag"]),
    ("cost_pool", &["costpool", "pool", "costtype", "costcategory", "category", "account", "glaccount", "accountname", "nature"]),
    ("cost_centre", &["costcentre", "costcenter", "centre", "center", "department", "cc", "centredecout", "centredecoût", "kostenstelle"]),
    ("description", &["description", "text", "memo", "narrative", "details", "libelle", "libellé"]),
    ("vendor", &["vendor", "supplier", "payee", "fournisseur", "lieferant"]),
    ("service", &["service", "servicename", "itservice"]),
    ("currency", &["currency", "currencycode", "ccy", "devise", "währung", "wahrung"]),
];

pub const FIELDS: &[&str] = &["date", "amount", "cost_pool", "cost_centre", "description", "vendor", "service", "currency"];

pub fn suggested(headers: &Headers) -> Vec<Option<&'static str>> {
    mapping::suggested(SYNONYMS, headers)
}

pub fn looks_like_ledger(headers: &Headers) -> bool {
    let f = suggested(headers);
    ["date", "amount", "cost_pool"].iter().all(|x| f.contains(&Some(x)))
}

/// The fiscal year a day is in, named by the year it starts in.
pub fn fiscal_year_of(s: &FinanceSettings, day: chrono::NaiveDate) -> i32 {
    use chrono::Datelike;
    if day.month() >= u32::from(s.fiscal_year_start) { day.year() } else { day.year() - 1 }
}

/// Imports ledger lines; `opts.name`, when given, is the fiscal year ("2026": the year it
/// starts in) the lines must fall in.
pub fn import_ledger(ws: &Workspace, path: &Path, opts: &ImportOptions) -> Result<ImportReport> {
    let t = Table::read_with(path, &opts.progress)?;
    let mapping = mapping::resolve(SYNONYMS, &t.headers, opts.mapping.as_deref(), &[
        ("date", "Choose the column with each line's date."),
        ("amount", "Choose the column with each line's amount."),
        ("cost_pool", "Choose the column with each line's cost pool (its kind of cost)."),
    ])?;
    let column = |name: &str| mapping.iter().position(|m| m.as_deref() == Some(name));
    let year: Option<i32> = match opts.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        None => None,
        Some(y) => Some(y.trim_start_matches("FY").trim().parse().map_err(|_| CoreError::validation("name", format!("\"{y}\" is not a fiscal year (the year it starts in, such as 2026).")))?),
    };
    let file = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    let settings = SETTINGS.get(ws.conn())?;
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut services: HashMap<String, i64> = HashMap::new();
    import_rows(ws, RowImport { kind: "ledger", format: FORMAT, action: "ledger.imported", file, table: &t }, |tx, _, rec| {
        let get = |name: &str| column(name).and_then(|i| rec.get(i)).unwrap_or("").trim().to_string();
        let day = crate::import::dates::instant("date", &get("date"), opts.date_order, opts.tz)?.with_timezone(&opts.tz).date_naive();
        if let Some(y) = year {
            if fiscal_year_of(&settings, day) != y {
                return Err(CoreError::validation("date", format!("{day} is outside the fiscal year {y}.")));
            }
        }
        let original = money::parse_cents("amount", &get("amount"))?;
        let currency = match get("currency").as_str() {
            "" => settings.currency.clone(),
            c => super::currency_code("currency", c)?,
        };
        let amount = if currency == settings.currency {
            original
        } else {
            let rate = rate_of(tx, &currency)?.ok_or_else(|| CoreError::validation("currency", format!("The line is in {currency} and no rate to {} is entered: add the rate, then import again.", settings.currency)))?;
            money::convert(original, rate)
        };
        let pool = pool_named(tx, &get("cost_pool"))?;
        let service = match get("service").as_str() {
            "" => None,
            s => Some(match services.get(&s.to_lowercase()) {
                Some(id) => *id,
                None => {
                    let id: i64 = tx.prepare_cached("SELECT id FROM services WHERE name = ?1")?.query_row([s], |r| r.get(0)).optional()?
                        .ok_or_else(|| CoreError::validation("service", format!("There is no service \"{s}\": add it to the catalogue, or leave the line to its pool.")))?;
                    services.insert(s.to_lowercase(), id);
                    id
                }
            }),
        };
        let (centre, description, vendor) = (crate::validate::line("cost_centre", &get("cost_centre"), 120)?, crate::validate::line("description", &get("description"), 500)?, crate::validate::line("vendor", &get("vendor"), 200)?);
        let said = format!("{day}\u{1f}{original}\u{1f}{currency}\u{1f}{}\u{1f}{centre}\u{1f}{description}\u{1f}{vendor}\u{1f}{}", get("cost_pool").to_lowercase(), get("service").to_lowercase());
        let n = seen.entry(said.clone()).or_insert(0);
        *n += 1;
        let key = format!("{:x}", Sha256::digest(format!("{said}\u{1f}{n}").as_bytes()));
        let known: Option<i64> = tx.prepare_cached("SELECT id FROM ledger_lines WHERE source_key = ?1")?.query_row([&key], |r| r.get(0)).optional()?;
        if known.is_some() {
            return Ok(Outcome::Unchanged);
        }
        tx.prepare_cached(
            "INSERT INTO ledger_lines (source_key, booked_on, amount_cents, currency, original_cents, cost_pool_id, cost_centre, description, vendor, service_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![key, day.format("%Y-%m-%d").to_string(), amount, currency, original, pool, centre, description, vendor, service, tx.at()])?;
        tx.audit(Action::created("ledger_line.recorded"), RecordRef::new(RecordKind::LedgerLine, tx.last_insert_rowid()), serde_json::Value::Null)?;
        Ok(Outcome::Created)
    }, |_, _| Ok(serde_json::Value::Null))
}
