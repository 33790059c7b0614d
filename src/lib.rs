//! `cnbudget`: Chinese government budget and final-account disclosures as exact, typed data.
//!
//! This facade re-exports the workspace crates.
#![deny(missing_docs)]

pub use cnbudget_economic as economic;
pub use cnbudget_functional as functional;
pub use cnbudget_indicator as indicator;
pub use cnbudget_table as table;
pub use cnbudget_text as text;

pub mod prose;
