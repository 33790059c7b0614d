//! `cnbudget`: Chinese government budget and final-account disclosures (部门预算 / 部门决算)
//! as exact, checked, typed data.
//!
//! One call reads a document — bytes in any encoding, simplified or traditional script — into
//! a [`Disclosure`]: prepared text, every table with its kind and typed rows, the figures the
//! prose states, and metadata. [`Disclosure::audit`] lists every place where the document
//! contradicts itself.
//!
//! ```
//! use cnbudget::{Disclosure, audit::Severity};
//!
//! let d = Disclosure::from_bytes(cnbudget::SAMPLE.as_bytes());
//! assert_eq!(d.metadata.year, Some(2023));
//! for finding in d.audit() {
//!     if finding.severity == Severity::Error {
//!         println!("{finding}");
//!     }
//! }
//! ```
//!
//! The workspace crates are re-exported: [`text`] (bytes → clean text), [`functional`] and
//! [`economic`] (the classification catalogues), [`table`] (the table parser) and
//! [`indicator`] (performance targets).
#![deny(missing_docs)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub use cnbudget_economic as economic;
pub use cnbudget_functional as functional;
pub use cnbudget_indicator as indicator;
pub use cnbudget_table as table;
pub use cnbudget_text as text;

pub mod audit;
mod disclosure;
mod error;
pub mod export;
pub mod indicators;
pub mod meta;
mod pdf;
pub mod prose;
mod repair;
pub mod resolved;
pub mod tolerance;
pub mod totals;

pub use disclosure::Disclosure;
pub use error::{DisclosureError, ErrorKind};

/// An embedded sample disclosure: the tables of a real 2023 部门预算 (重庆市荣昌区医疗保障局,
/// 附件1–11, reproduced as published) with a 情况说明 written for this crate that states the
/// same figures. Used by the examples when run without a file.
pub const SAMPLE: &str = include_str!("../testdata/sample-disclosure.txt");

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
