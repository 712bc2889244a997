//! Deterministic data: the same seed gives the same workspace on every machine.

use steward_core::cis::{CiInput, CiType, Environment, Lifecycle};

/// xorshift64*: small, fast, reproducible; no dependency for a generator.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// Picks from `(weight, value)` pairs.
    pub fn weighted<T: Copy>(&mut self, table: &[(u32, T)]) -> T {
        let total: u32 = table.iter().map(|(w, _)| w).sum();
        let mut x = self.below(total as u64) as u32;
        for (w, v) in table {
            if x < *w {
                return *v;
            }
            x -= w;
        }
        table[table.len() - 1].1
    }
}

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
