//! Benchmarks: text (being written).
fn main() {}
