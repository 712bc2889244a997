//! `finance allocation`: what each service costs over a period, by the ledger and the
//! allocation rules, to the cent.

use clap::Subcommand;
use steward_core::finance::allocation::allocate;
use steward_core::CoreError;

use crate::common::{open_reading, printable, Outcome};
use crate::Cli;

#[derive(Subcommand)]
pub enum FinanceWhat {
    /// Allocates the ledger lines dated FROM through TO (both included) to services.
    Allocation {
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: String,
    },
}

pub fn run(cli: &Cli, what: &FinanceWhat) -> Result<Outcome, CoreError> {
    match what {
        FinanceWhat::Allocation { from, to } => {
            let a = allocate(&open_reading(cli)?, from, to)?;
            let doc = serde_json::json!({
                "currency": a.currency, "ledger_total": a.ledger_total, "unallocated": a.unallocated,
                "services": a.services.iter().map(|s| serde_json::json!({"service": s.service, "direct": s.direct, "allocated": s.allocated, "total": s.total})).collect::<Vec<_>>(),
            });
            let mut text = format!("{} to {}: ledger {} {}, unallocated {}", a.from, a.to, a.ledger_total, a.currency, a.unallocated);
            for s in &a.services {
                text.push_str(&format!("\n  {}  direct {}  allocated {}  total {}", printable(&s.service), s.direct, s.allocated, s.total));
            }
            Ok(Outcome::Done(doc, text))
        }
    }
}
