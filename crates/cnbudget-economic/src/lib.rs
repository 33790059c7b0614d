//! The expenditure economic classification of China (支出经济分类科目) in both of its forms —
//! 部门预算支出经济分类 (`301`, `30101` …) and 政府预算支出经济分类 (`501`, `50101` …) — with the
//! mapping between them, the 人员经费/公用经费 split, editions by year and provenance.
//!
//! ```
//! use cnbudget_economic::{Catalogue, EconomicCode, ExpenseKind, Outcome, UnitType};
//!
//! let cat = Catalogue::embedded();
//! let code: EconomicCode = "302 39".parse()?;
//! assert_eq!(cat.name(code, 2024), Some("其他交通费用"));
//! let to = cat.government_for(code, UnitType::Jiguan).expect("30239 maps");
//! assert_eq!((to.government.value(), cat.name(to.government, 2024)), (50201, Some("办公经费")));
//! assert_eq!(EconomicCode::new(30309).unwrap().expense_kind(), Some(ExpenseKind::Personnel));
//! assert_eq!(EconomicCode::new(30201).unwrap().expense_kind(), Some(ExpenseKind::Public));
//! assert_eq!(cat.resolve(EconomicCode::new(30201).unwrap(), "办公费", 2024).outcome(), Outcome::Exact);
//! # Ok::<(), cnbudget_economic::EconomicError>(())
//! ```
//!
//! # Where the data comes from — read this before trusting a name
//!
//! No official Ministry of Finance catalogue file could be obtained. The embedded tables are
//! generated from CSV files committed in `data/`: `economic-department-2024.csv`,
//! `economic-government-2024.csv` and `economic-mapping-2024.csv` (reconstructions, each row
//! with a [`Confidence`]), `renames.csv`, `amendments.csv`, `abbreviations.csv`, and
//! `confirmations.csv` ((code, name) pairs seen in table rows of the project's real
//! documents, computed by `cargo run --example catalogue_coverage -- --write-confirmations`).
//! Every [`Entry`] carries its [`Provenance`]; [`Provenance::is_certain`] is true only for
//! entries confirmed by a document or loaded from a file. Load an official catalogue with
//! [`load_csv_path`](cnbudget_catalogue::Catalogue::load_csv_path) when you have one: it
//! overlays the embedded data and wins.
//!
//! Regenerate the tables after editing `data/`:
//! `CNBUDGET_REGENERATE=1 cargo test -p cnbudget-economic --test codegen`.
//!
//! # Years
//!
//! The embedded data describes the classification after the 2018 reform
//! ([`Catalogue::covered_years`] is 2018–2026). A year outside it, or a code without an entry
//! in that year, is answered from the nearest edition and the returned [`Lookup::edition`]
//! says so ([`Edition::Nearest`]).
//!
//! # Errors
//!
//! The crate has one error type, [`EconomicError`] (named apart from the functional crate's
//! `FunctionError`), with [`EconomicError::kind`] and line:column positions.
//!
//! # The catalogue engine
//!
//! The logic this crate shares with `cnbudget-functional` (lookups by year, name resolution,
//! name chains, catalogue files, provenance, the error type) lives once in
//! `cnbudget-catalogue`, generic over the code type. This crate holds what is its own: the
//! [`EconomicCode`] rules, the two [`Form`]s, the 人员经费/公用经费 split, the 部门 → 政府
//! [`Mapping`] and the generated tables. [`Catalogue`] wraps the engine's catalogue for
//! [`EconomicCode`] (so it can add the mapping) and dereferences to it; [`Entry`],
//! [`Lookup`], [`Resolution`], [`Source`], [`Provenance`], [`EconomicError`] and [`ErrorKind`]
//! are the engine's types for [`EconomicCode`]; [`Edition`], [`Outcome`], [`Years`],
//! [`Confidence`], [`Confirmation`] and [`Position`] are the engine's own, the same types as
//! `cnbudget-functional`'s.
//!
//! # Features
//!
//! - `serde`: `Serialize` for every public data type, `Deserialize` for the owned ones.
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

mod catalogue;
mod code;
#[rustfmt::skip]
mod generated;
mod mapping;

pub use catalogue::{Catalogue, Entry, Lookup, Provenance, Resolution, Source};
pub use cnbudget_catalogue::{
    Confidence, Confirmation, Edition, Outcome, Position, Years, generated_key,
};
pub use cnbudget_text::names::{VariantKind, name_key, name_key_simplified, variant_kinds};
pub use code::{EconomicCode, EconomicError, ErrorKind, ExpenseKind, Form, Level};
pub use mapping::{Mapping, UnitScope, UnitType};

/// The README's examples, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
