//! Benchmarks: catalogue (being written).
fn main() {}
