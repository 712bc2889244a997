//! Timing and the report shape of `cargo xtask bench --json`.

use std::time::Instant;

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    pub name: String,
    pub value: f64,
    pub unit: &'static str,
    pub baseline: Option<String>,
    pub baseline_value: Option<f64>,
    pub ratio: Option<f64>,
    pub target: String,
}

impl Figure {
    pub fn new(name: &str, value: f64, unit: &'static str, target: &str) -> Self {
        Figure { name: name.into(), value: round(value), unit, baseline: None, baseline_value: None, ratio: None, target: target.into() }
    }

    pub fn against(mut self, baseline: &str, value: f64) -> Self {
        self.baseline = Some(baseline.into());
        self.baseline_value = Some(round(value));
        // Ratios keep six decimals: a keyset page against an OFFSET scan is often below 0.001.
        self.ratio = (value > 0.0).then(|| (self.value / value * 1e6).round() / 1e6);
        self
    }
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

pub fn ms<T>(f: impl FnOnce() -> T) -> (f64, T) {
    let t = Instant::now();
    let out = f();
    (t.elapsed().as_secs_f64() * 1000.0, out)
}

/// The p-th percentile (0..=100) of samples, nearest-rank.
pub fn percentile(samples: &mut [f64], p: f64) -> f64 {
    samples.sort_by(|a, b| a.total_cmp(b));
    if samples.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * samples.len() as f64).ceil() as usize;
    samples[rank.clamp(1, samples.len()) - 1]
}

#[cfg(test)]
mod tests {
    #[test]
    fn percentile_is_nearest_rank() {
        let mut xs: Vec<f64> = (1..=20).map(f64::from).collect();
        assert_eq!(super::percentile(&mut xs, 95.0), 19.0);
        assert_eq!(super::percentile(&mut xs, 50.0), 10.0);
    }
}
