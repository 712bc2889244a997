//! Deterministic data: the same seed gives the same workspace on every machine.

use steward_core::cis::{CiInput, CiType, Environment, Lifecycle};
pub use steward_core::rng::Rng;

const TYPES: &[(u32, CiType)] = &[
    (35, CiType::VirtualMachine), (20, CiType::Container), (15, CiType::Application), (10, CiType::Server),
    (8, CiType::Database), (6, CiType::Endpoint), (3, CiType::NetworkDevice), (2, CiType::Storage), (1, CiType::CloudService),
];
const ENVS: &[(u32, Environment)] = &[
    (50, Environment::Production), (20, Environment::Test), (15, Environment::Development), (10, Environment::Staging), (5, Environment::DisasterRecovery),
];
const LIFECYCLES: &[(u32, Lifecycle)] = &[(80, Lifecycle::Operational), (8, Lifecycle::Maintenance), (6, Lifecycle::Planned), (3, Lifecycle::InBuild), (3, Lifecycle::Retired)];
const OS: &[&str] = &["Debian 12", "RHEL 9", "Ubuntu 22.04", "Windows Server 2022", "Alpine 3.19"];

fn prefix(t: CiType) -> &'static str {
    match t {
        CiType::Application => "app",
        CiType::Database => "db",
        CiType::Server => "srv",
        CiType::VirtualMachine => "vm",
        CiType::Container => "ctr",
        CiType::NetworkDevice => "net",
        CiType::Storage => "sto",
        CiType::CloudService => "cld",
        CiType::Endpoint => "ept",
        CiType::Other => "oth",
    }
}

/// The i-th CI (0-based). Names are unique because they carry `i`.
pub fn ci(rng: &mut Rng, i: u64) -> CiInput {
    let ci_type = rng.weighted(TYPES);
    let mut attributes = std::collections::BTreeMap::new();
    attributes.insert("ip".to_string(), format!("10.{}.{}.{}", rng.below(256), rng.below(256), rng.below(254) + 1));
    attributes.insert("os".to_string(), OS[rng.below(OS.len() as u64) as usize].to_string());
    CiInput {
        // Scrambled so name order is not insertion order, as in real inventories.
        name: format!("{}-{:05}-{:07}", prefix(ci_type), rng.below(100_000), i),
        ci_type,
        environment: rng.weighted(ENVS),
        owner_id: None,
        lifecycle: rng.weighted(LIFECYCLES),
        attributes,
    }
}
