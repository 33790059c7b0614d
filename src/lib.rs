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
//! # Where the types are
//!
//! The workspace crates are re-exported as modules of this crate, with their own pages:
//!
//! | module | crate | what a user reaches there |
//! |---|---|---|
//! | [`text`] | `cnbudget-text` | bytes → clean simplified text: [`text::prepare`], [`text::Prepared`] (the text, its encoding, script, issues and offset map) |
//! | [`table`] | `cnbudget-table` | [`table::Document`] (tables, prose, unplaced lines), [`table::Table`] with its [`table::TableKind`], columns ([`table::ColumnRole`]), typed rows and views ([`table::Table::function_rows`], [`table::Table::summary_rows`]), [`table::AmountUnit`] |
//! | [`functional`] | `cnbudget-functional` | 支出功能分类科目: [`functional::FunctionCode`], [`functional::Catalogue`] |
//! | [`economic`] | `cnbudget-economic` | 支出经济分类科目: [`economic::EconomicCode`], [`economic::Catalogue`] (with the 部门 → 政府 mapping) |
//! | [`catalogue`] | `cnbudget-catalogue` | the engine both catalogues share: [`catalogue::Catalogue`] and its lookups ([`catalogue::Lookup`], [`catalogue::Resolution`], [`catalogue::Entry`] with its provenance) |
//! | [`indicator`] | `cnbudget-indicator` | performance targets: [`indicator::Goals`] (projects, 部门整体, self-evaluations, findings), [`indicator::Indicator`], [`indicator::Target`] |
//!
//! [`functional::Catalogue`] is a type alias of [`catalogue::Catalogue`]`<FunctionCode>`: its
//! methods (`embedded`, `get`, `name`, `path`, `children`, `search`, `resolve`,
//! `load_csv_path` …) are documented on [`catalogue::Catalogue`]. [`economic::Catalogue`]
//! dereferences to [`catalogue::Catalogue`]`<EconomicCode>` and adds the mapping.
//!
//! ```
//! use cnbudget::functional::{Catalogue, FunctionCode};
//!
//! let cat: &cnbudget::catalogue::Catalogue<FunctionCode> = Catalogue::embedded();
//! let code = FunctionCode::new(21015).unwrap();
//! let children: Vec<&str> = cat.children(code, 2024).map(|l| l.name()).collect();
//! assert_eq!(children[0], "行政运行");
//! ```
//!
//! The facade's own modules: [`audit`] (the rules and their findings), [`export`] (the long
//! amount table as CSV, or Parquet with the `parquet` feature; JSON without the prepared
//! text; an OpenSpending Fiscal Data Package), [`meta`], [`prose`], [`indicators`],
//! [`resolved`], [`tolerance`].
//!
//! # Features
//!
//! - `opencc`: a second traditional → simplified backend, libopencc through `opencc-rust`.
//! - `parquet`: `export::ParquetWriter` and `export::write_parquet`, through the `parquet`
//!   and `arrow` crates of arrow-rs (off by default: they add about fifty crates to a build).
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

#[doc(inline)]
pub use cnbudget_catalogue as catalogue;
#[doc(inline)]
pub use cnbudget_economic as economic;
#[doc(inline)]
pub use cnbudget_functional as functional;
#[doc(inline)]
pub use cnbudget_indicator as indicator;
#[doc(inline)]
pub use cnbudget_pdf as pdf;
#[doc(inline)]
pub use cnbudget_table as table;
#[doc(inline)]
pub use cnbudget_text as text;

pub mod audit;
mod disclosure;
mod error;
pub mod export;
pub mod indicators;
pub mod meta;
mod pdf_text;
pub mod prose;
mod repair;
pub mod resolved;
pub mod tolerance;
pub mod totals;

pub use disclosure::{Disclosure, PageLines, PdfPages};
pub use error::{DisclosureError, DisclosureErrorKind};

/// An embedded sample disclosure: the tables of a real 2023 部门预算 (重庆市荣昌区医疗保障局,
/// 附件1–11, reproduced as published) with a 情况说明 written for this crate that states the
/// same figures. Used by the examples when run without a file.
pub const SAMPLE: &str = include_str!("../testdata/sample-disclosure.txt");

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// The examples of the READMEs of the crates that do not run them themselves.
#[cfg(doctest)]
#[doc = include_str!("../crates/cnbudget-table/README.md")]
#[doc = include_str!("../crates/cnbudget-text/README.md")]
pub struct CrateReadmeDoctests;
