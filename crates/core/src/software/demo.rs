//! The demo's application portfolio: the shipment portal's web front end, the warehouse
//! system's core and the EDI gateway, each with the components its SBOM lists; the portal
//! and the warehouse share a logging library (one component, two applications), and the
//! EDI gateway still carries an old XML parser under a copyleft licence.

use serde_json::json;

use super::{create_in, ApplicationInput, ApplicationLifecycle};
use crate::demo::Spine;
use crate::error::Result;
use crate::services::Criticality;
use crate::workspace::Workspace;

pub(crate) fn software_management(ws: &Workspace, spine: &Spine) -> Result<()> {
    let person = |name: &str| spine.people.get(name).copied();
    let apps = [
        ("portal-web", "The customer shipment portal's web front end.", ApplicationLifecycle::Run, Criticality::High, "Priya Nair"),
        ("wms-core", "The warehouse management system's core services.", ApplicationLifecycle::Run, Criticality::Critical, "Maria Keller"),
        ("edi-gateway", "The legacy EDI gateway to carriers; to be replaced.", ApplicationLifecycle::Retire, Criticality::Medium, "Jonas Brandt"),
    ];
    ws.write(|tx| {
        for (name, description, lifecycle, criticality, owner) in apps {
            create_in(tx, &ApplicationInput { name: name.into(), description: description.into(), lifecycle, criticality, business_owner_id: None, technical_owner_id: person(owner) })?;
        }
        Ok(())
    })?;
    let lib = |group: &str, name: &str, version: &str, licence: &str, ecosystem: &str| {
        json!({"bom-ref": format!("{name}@{version}"), "type": "library", "group": group, "name": name, "version": version,
               "purl": format!("pkg:{ecosystem}/{}{name}@{version}", if group.is_empty() { String::new() } else { format!("{group}/") }),
               "licenses": [{"license": {"id": licence}}]})
    };
    let bom = |app: &str, components: Vec<serde_json::Value>, deps: Vec<(&str, Vec<&str>)>| {
        json!({"bomFormat": "CycloneDX", "specVersion": "1.5", "metadata": {"component": {"bom-ref": app, "type": "application", "name": app}},
               "components": components,
               "dependencies": deps.into_iter().map(|(r, on)| json!({"ref": r, "dependsOn": on})).collect::<Vec<_>>()})
    };
    super::sbom::import_cyclonedx_value(ws, &bom("portal-web", vec![
        lib("", "react", "18.2.0", "MIT", "npm"),
        lib("", "react-dom", "18.2.0", "MIT", "npm"),
        lib("", "axios", "1.6.2", "MIT", "npm"),
        lib("org.apache.logging.log4j", "log4j-core", "2.17.1", "Apache-2.0", "maven"),
    ], vec![("portal-web", vec!["react@18.2.0", "axios@1.6.2"]), ("react-dom@18.2.0", vec!["react@18.2.0"])]), "portal-web")?;
    super::sbom::import_cyclonedx_value(ws, &bom("wms-core", vec![
        lib("org.springframework", "spring-core", "6.1.2", "Apache-2.0", "maven"),
        lib("org.postgresql", "postgresql", "42.7.1", "BSD-2-Clause", "maven"),
        lib("org.apache.logging.log4j", "log4j-core", "2.17.1", "Apache-2.0", "maven"),
    ], vec![("spring-core@6.1.2", vec!["log4j-core@2.17.1"])]), "wms-core")?;
    super::sbom::import_cyclonedx_value(ws, &bom("edi-gateway", vec![
        lib("xerces", "xercesImpl", "2.9.1", "Apache-2.0", "maven"),
        lib("", "libxml-ruby", "2.9.0", "LGPL-2.1-only", "gem"),
        lib("commons-collections", "commons-collections", "3.2.1", "Apache-2.0", "maven"),
    ], vec![]), "edi-gateway")?;
    Ok(())
}
