//! Integration tests of `cnbudget-text` (one test binary; modules under `tests/text/`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod backends;
mod codegen;
mod props;
mod real;
