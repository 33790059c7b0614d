//! Benchmarks: indicator (being written).
fn main() {}
