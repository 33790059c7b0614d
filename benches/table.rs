//! Benchmarks: table (being written).
fn main() {}
