//! An inventory of the client's own: an asset spreadsheet (Snipe-IT, GLPI, a sheet kept by
//! hand) or a cloud resource list (the portal's "all resources" export), CSV or workbook,
//! through the import dialog's mapping step. Each row is a CI, matched by name and
//! environment; the columns the user maps feed the register's fields, the lifecycle dates,
//! place, vendor and cost, and the cloud resource's provider, account, region and type;
//! every other column is kept as an attribute, so nothing in the file is lost.
//!
//! A file that names the same CI twice has its later rows rejected (saying which row came
//! first): a re-import must land on the same CIs. A cloud resource (a provider given) is a
//! cloud service unless its row says otherwise.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::money::typed_cents;
use crate::cis::{CiType, Environment, InventoryCi};
use crate::error::{CoreError, Result};
use crate::import::dates::{self, Detected};
use crate::import::mapping::{self, Synonyms};
use crate::import::{file_error, history, row_in_savepoint, Headers, ImportOptions, ImportReport, Table};
use crate::record::{RecordKind, RecordRef};
use crate::references::References;
use crate::workspace::{Action, Workspace};

pub const FORMAT: &str = "inventory";

/// The fields a column can feed, with the words inventories use (English and French).
const SYNONYMS: Synonyms = &[
    ("name", &["name", "ciname", "hostname", "host", "assetname", "devicename", "computername", "resourcename", "nom", "nomdelhôte", "nomdumateriel", "nomdumatériel"]),
    ("ci_type", &["type", "citype", "class", "ciclass", "category", "assettype", "devicetype", "kind", "catégorie", "categorie", "classe", "typedactif", "typedematériel", "typedemateriel"]),
    ("environment", &["environment", "env", "usedfor", "stage", "environnement"]),
    ("lifecycle", &["lifecycle", "status", "state", "installstatus", "operationalstatus", "assetstatus", "statut", "état", "etat"]),
    ("owner", &["owner", "ownedby", "managedby", "assignedto", "responsible", "propriétaire", "proprietaire", "responsable"]),
    ("ip_address", &["ipaddress", "ip", "ipv4", "address", "primaryip", "adresseip"]),
    ("fqdn", &["fqdn", "dnsname", "domainname"]),
    ("product", &["product", "software", "operatingsystem", "os", "osname", "platform", "systèmedexploitation", "systemedexploitation"]),
    ("version", &["version", "osversion", "productversion", "softwareversion"]),
    ("serial_number", &["serialnumber", "serial", "serialno", "assettag", "numérodesérie", "numerodeserie"]),
    ("location", &["location", "site", "datacenter", "datacentre", "room", "rack", "lieu", "emplacement", "localisation"]),
    ("vendor", &["vendor", "manufacturer", "make", "brand", "supplier", "fabricant", "fournisseur", "constructeur"]),
    ("purchased_on", &["purchasedon", "purchasedate", "purchased", "acquired", "acquisitiondate", "dateachat", "datedachat"]),
    ("warranty_end", &["warrantyend", "warrantyexpiration", "warrantyexpires", "warrantyenddate", "endofwarranty", "findegarantie"]),
    ("end_of_support", &["endofsupport", "supportend", "eos", "supportexpires", "findesupport"]),
    ("end_of_life", &["endoflife", "eol", "eoldate", "asseteoldate", "retirementdate", "findevie"]),
    ("monthly_cost", &["monthlycost", "costpermonth", "costamonth", "monthlyprice", "mrc", "coûtmensuel", "coutmensuel"]),
    ("provider", &["provider", "cloudprovider", "cloud", "fournisseurcloud"]),
    ("account", &["account", "accountid", "subscription", "subscriptionid", "subscriptionname", "project", "projectid", "tenant", "compte", "abonnement"]),
    ("region", &["region", "resourcelocation", "zone", "availabilityzone", "région"]),
    ("resource_type", &["resourcetype", "servicetype", "resourcekind", "sku"]),
];

pub const FIELDS: &[&str] = &[
    "name", "ci_type", "environment", "lifecycle", "owner", "ip_address", "fqdn", "product", "version", "serial_number", "location", "vendor", "purchased_on", "warranty_end",
    "end_of_support", "end_of_life", "monthly_cost", "provider", "account", "region", "resource_type",
];

/// The fields kept as attributes of the CI, under these names.
const AS_ATTRIBUTES: &[(&str, &str)] = &[
    ("ip_address", "ip_address"),
    ("fqdn", "fqdn"),
    ("product", "product"),
    ("version", "version"),
    ("serial_number", "serial_number"),
    ("provider", "provider"),
    ("account", "account"),
    ("region", "region"),
    ("resource_type", "resource_type"),
];

const DATES: &[&str] = &["purchased_on", "warranty_end", "end_of_support", "end_of_life"];

pub fn suggested(headers: &Headers) -> Vec<Option<&'static str>> {
    mapping::suggested(SYNONYMS, headers)
}

/// Whether a header names CIs (a name or host name column).
pub fn names_cis(headers: &Headers) -> bool {
    suggested(headers).contains(&Some("name"))
}

/// An inventory names its CIs and says at least two more things of each.
pub fn looks_like_inventory(headers: &Headers) -> bool {
    let f = suggested(headers);
    f.contains(&Some("name")) && f.iter().flatten().count() >= 3
}

/// Imports an inventory with `opts.mapping[i]` naming the field column i feeds (None: kept
/// as an attribute under its header; no mapping: the suggested one).
pub fn import_inventory(ws: &Workspace, path: &Path, opts: &ImportOptions) -> Result<ImportReport> {
    let t = Table::read_with(path, &opts.progress)?;
    let mapping = mapping::resolve(SYNONYMS, &t.headers, opts.mapping.as_deref(), &[("name", "Choose the column that names each CI (its name, host name or asset tag).")])?;
    let column = |name: &str| mapping.iter().position(|m| m.as_deref() == Some(name));
    // Day/month order from every date column, like every import reading dates.
    let order = match dates::detect(t.rows.iter().flat_map(|r| DATES.iter().filter_map(|d| column(d).and_then(|i| r.get(i))))) {
        Detected::NotNeeded => opts.date_order,
        Detected::Order(o) => Some(o),
        Detected::Ambiguous if opts.date_order.is_some() => opts.date_order,
        Detected::Ambiguous => return Err(file_error(path, "the dates could be day/month or month/day; say which in the dialog (or --date-order)")),
        Detected::Contradictory => return Err(file_error(path, "the dates mix day/month and month/day orders")),
    };
    let headers: Vec<String> = t.headers.names().to_vec();
    let file = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    let mut report = ImportReport::new(FORMAT);
    ws.write(|tx| {
        let run = history::begin(tx, "inventory", FORMAT, &file, &t.sha256)?;
        let mut refs = References::default();
        let mut seen: HashMap<(String, Environment), u64> = HashMap::new();
        t.each(|row, rec| {
            report.rows_read += 1;
            let get = |name: &str| column(name).and_then(|i| rec.get(i)).map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
            row_in_savepoint(tx, &mut report, row, || {
                let name = crate::validate::name("name", &get("name").unwrap_or_default(), 200)?;
                let environment = match get("environment") {
                    None => Environment::Production,
                    Some(v) => crate::cmdb::environment(&v).ok_or_else(|| CoreError::validation("environment", format!("\"{v}\" is not an environment Steward knows (production, DR, staging, test, development).")))?,
                };
                if let Some(first) = seen.get(&(name.to_lowercase(), environment)) {
                    return Err(CoreError::validation("name", format!("Row {first} already names {name} ({}): give each CI its own name, or map another column (an asset tag) as the name.", environment.label())));
                }
                seen.insert((name.to_lowercase(), environment), row);
                let mut attributes: BTreeMap<String, String> = BTreeMap::new();
                for (i, h) in headers.iter().enumerate() {
                    let Some(v) = rec.get(i).map(str::trim).filter(|v| !v.is_empty()) else { continue };
                    match mapping[i].as_deref() {
                        None => {
                            attributes.insert(h.clone(), v.chars().take(1000).collect());
                        }
                        Some(f) => {
                            if let Some((_, key)) = AS_ATTRIBUTES.iter().find(|(field, _)| *field == f) {
                                attributes.insert((*key).to_string(), v.chars().take(1000).collect());
                            }
                        }
                    }
                }
                let ci_type = match get("ci_type") {
                    Some(v) => {
                        let t = crate::cmdb::ci_type(&v);
                        attributes.entry("class".into()).or_insert(v);
                        Some(t)
                    }
                    None if get("provider").is_some() => Some(CiType::CloudService),
                    None => None,
                };
                let lifecycle = match get("lifecycle") {
                    Some(v) => Some(crate::cmdb::lifecycle(&v).ok_or_else(|| CoreError::validation("lifecycle", format!("\"{v}\" is not a lifecycle Steward knows (planned, in build, operational, in maintenance, retired).")))?),
                    None => None,
                };
                let owner_id = refs.resolve(tx, RecordKind::Person, get("owner").as_deref())?.map(|(id, _)| id);
                let date = |field: &str| -> Result<Option<String>> {
                    match get(field) {
                        None => Ok(None),
                        Some(v) => {
                            let t = dates::parse(&v, order, opts.tz).map_err(|why| CoreError::validation(field, why))?;
                            Ok(Some(t.with_timezone(&opts.tz).date_naive().format("%Y-%m-%d").to_string()))
                        }
                    }
                };
                let ci = InventoryCi {
                    name: &name,
                    environment,
                    ci_type,
                    lifecycle,
                    owner_id,
                    attributes: &attributes,
                    purchased_on: date("purchased_on")?,
                    warranty_end: date("warranty_end")?,
                    end_of_support: date("end_of_support")?,
                    end_of_life: date("end_of_life")?,
                    location: get("location").map(|l| crate::validate::line("location", &l, 200)).transpose()?,
                    vendor: get("vendor").map(|v| crate::validate::line("vendor", &v, 200)).transpose()?,
                    monthly_cost_cents: get("monthly_cost").map(|c| typed_cents("monthly_cost", &c)).transpose()?,
                };
                crate::cis::write_inventory(tx, run, &ci)
            })
        })?;
        let records = history::finish(tx, run, &report)?;
        tx.audit(Action::did("cis.imported"), RecordRef::new(RecordKind::Import, run.0), serde_json::json!({
            "file": file, "format": FORMAT, "sha256": t.sha256, "rows_read": report.rows_read, "created": report.created, "updated": report.updated,
            "unchanged": report.unchanged, "rejected": report.rejected, "records": records, "references_created": refs.created(),
        }))
    })?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import_file::{import, preview, FileFormat};

    #[test]
    fn the_dialog_offers_every_field_the_synonyms_know() {
        assert_eq!(FIELDS, mapping::fields(SYNONYMS).as_slice());
    }

    #[test]
    fn a_french_asset_list_is_suggested_from_its_headers() {
        let d = tempfile::tempdir().unwrap();
        let file = d.path().join("actifs.csv");
        std::fs::write(&file, "Nom;Classe;Environnement;Responsable;Adresse IP;Remarque\nsrv-paie-01;Linux Server;Production;Ana Lima;10.1.2.3;\n").unwrap();
        let (h, _) = crate::import::Table::head(&file, 0).unwrap();
        assert_eq!(suggested(&h), [Some("name"), Some("ci_type"), Some("environment"), Some("owner"), Some("ip_address"), None]);
    }

    /// Snipe-IT's sample asset import (`tests/data/README.md`): 22 assets, 10 distinct
    /// names and 22 distinct asset tags (Python's csv module), purchase dates month first.
    /// By the suggested mapping (Name as the name) 10 CIs and 12 rows refused as naming a CI
    /// again; mapped by asset tag, 22 CIs; each time the same file again changes nothing.
    #[test]
    fn an_asset_spreadsheet_is_mapped_and_imported_once() {
        let d = tempfile::tempdir().unwrap();
        let ws = crate::testing::pinned(&d, "Ivy Manager", crate::testing::NOW);
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/snipe-it-assets-sample.csv");
        let p = preview(&file, None).unwrap();
        assert_eq!((p.detected, p.problem.as_deref()), (Some(FileFormat::Inventory), None));
        let mapping: Vec<Option<String>> = p.columns.iter().map(|c| c.field.clone()).collect();
        let by_header = |h: &str| p.columns.iter().position(|c| c.column == h).unwrap();
        assert_eq!(mapping[by_header("name")].as_deref(), Some("name"));
        assert_eq!(mapping[by_header("asset tag")].as_deref(), Some("serial_number"));
        assert_eq!(mapping[by_header("manufacturer")].as_deref(), Some("vendor"));
        assert_eq!(mapping[by_header("purchase date")].as_deref(), Some("purchased_on"));
        assert_eq!(mapping[by_header("purchase cost")], None, "a purchase price is no monthly cost");
        let opts = |m: &[Option<String>]| crate::import::ImportOptions { mapping: Some(m.to_vec()), ..Default::default() };
        let r = import(&ws, &file, FileFormat::Inventory, &opts(&mapping)).unwrap().report;
        assert_eq!((r.rows_read, r.created, r.rejected), (22, 10, 12), "{r:?}");
        assert!(r.errors[0].message.contains("already names"), "{:?}", r.errors[0]);
        let again = import(&ws, &file, FileFormat::Inventory, &opts(&mapping)).unwrap().report;
        assert_eq!((again.created, again.updated, again.unchanged, again.rejected), (0, 0, 10, 12), "{again:?}");

        // By asset tag: every asset its own CI, its purchase date read month first.
        let d2 = tempfile::tempdir().unwrap();
        let ws = crate::testing::pinned(&d2, "Ivy Manager", crate::testing::NOW);
        let mut by_tag = mapping.clone();
        by_tag[by_header("name")] = None;
        by_tag[by_header("asset tag")] = Some("name".into());
        let r = import(&ws, &file, FileFormat::Inventory, &opts(&by_tag)).unwrap().report;
        assert_eq!((r.created, r.rejected), (22, 0), "{r:?}");
        let again = import(&ws, &file, FileFormat::Inventory, &opts(&by_tag)).unwrap().report;
        assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 22));
        let list = crate::cis::list_cis(&ws, &crate::list::ListRequest { text: Some("ICC-2065556".into()), ..Default::default() }).unwrap();
        let ci = &list.items[0];
        assert_eq!((ci.attributes.get("name").map(String::as_str), ci.attributes.get("purchase cost").map(String::as_str)), (Some("Backhoe"), Some("2266.13")), "unmapped columns are attributes, under their (lower-cased) headers");
        let l = crate::cis::lifecycle::get_ci_lifecycle(&ws, ci.id).unwrap();
        assert_eq!((l.purchased_on.as_deref(), l.vendor.as_str(), l.location.as_str()), (Some("2023-01-23"), "Berge Inc", "Wilkinson, Waters and Kerluke"));
    }

    /// A cloud resource list (the shape Azure's "All resources" export has) with costs: the
    /// resources are cloud services with their account, region and type; costs exact.
    #[test]
    fn cloud_resources_are_cis_with_their_account_region_and_cost() {
        let d = tempfile::tempdir().unwrap();
        let ws = crate::testing::pinned(&d, "Ivy Manager", crate::testing::NOW);
        let f = d.path().join("Azure resources.csv");
        std::fs::write(&f, "NAME,TYPE,RESOURCE GROUP,LOCATION,SUBSCRIPTION,PROVIDER,MONTHLY COST\nsql-portal-prod,SQL database,rg-portal,westeurope,Harbourside Prod,Azure,1240.50\nst <logs>,Storage account,rg-portal,westeurope,Harbourside Prod,Azure,38.2\nvm-bad,Virtual machine,rg-x,northeurope,Harbourside Prod,Azure,12.345\n").unwrap();
        let p = preview(&f, None).unwrap();
        assert_eq!(p.detected, Some(FileFormat::Inventory));
        let mut mapping: Vec<Option<String>> = p.columns.iter().map(|c| c.field.clone()).collect();
        // LOCATION is the Azure region here, not a place.
        assert_eq!(mapping[3].as_deref(), Some("location"));
        mapping[3] = Some("region".into());
        let r = import(&ws, &f, FileFormat::Inventory, &crate::import::ImportOptions { mapping: Some(mapping), ..Default::default() }).unwrap().report;
        assert_eq!((r.created, r.rejected), (2, 1), "{r:?}");
        assert_eq!(r.errors[0].column.as_deref(), Some("monthly_cost"));
        let cis = crate::cis::list_cis(&ws, &Default::default()).unwrap().items;
        let sql = cis.iter().find(|c| c.name == "sql-portal-prod").unwrap();
        assert_eq!(sql.ci_type, CiType::Database);
        assert_eq!((sql.attributes.get("region").map(String::as_str), sql.attributes.get("account").map(String::as_str), sql.attributes.get("resource group").map(String::as_str)), (Some("westeurope"), Some("Harbourside Prod"), Some("rg-portal")));
        assert_eq!(crate::cis::lifecycle::get_ci_lifecycle(&ws, sql.id).unwrap().monthly_cost.as_deref(), Some("1240.50"));
        let by_env = crate::cis::platform::platform_view(&ws, crate::cis::platform::PlatformDimension::Environment).unwrap();
        assert_eq!(by_env.iter().map(|r| (r.key.as_str(), r.monthly_cost.as_str())).collect::<Vec<_>>(), [("production", "1278.70")]);
        let by_region = crate::cis::platform::platform_view(&ws, crate::cis::platform::PlatformDimension::Region).unwrap();
        assert_eq!(by_region.iter().map(|r| (r.key.as_str(), r.cis, r.monthly_cost.as_str())).collect::<Vec<_>>(), [("westeurope", 2, "1278.70")]);
    }
}
