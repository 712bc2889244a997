//! A small deterministic random number generator for generated data (the demo engagement,
//! the benchmark): the same seed gives the same records on every machine.

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
