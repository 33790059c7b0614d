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
//! let to = cat.government_for(code, UnitType::Agency).expect("30239 maps");
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
//! `economic-government-2024.csv` and `economic-mapping-2024.csv` (reconstructions of the
//! 2024 edition, each row with a [`Confidence`]), `changes.csv` (the 2018 economic
//! classification reform: the 政府预算支出经济分类 5xx and the 部门 款 30240, with their
//! source), `renames.csv` and `amendments.csv` (names and codes real documents print that the
//! reconstruction lacks, such as the pre-2018 names of the 2017 budgets),
//! `abbreviations.csv`, and `confirmations.csv` ((code, name, year) seen in table rows of the
//! project's real documents, computed by
//! `cargo run --example catalogue_coverage -- --write-confirmations`). Every [`Entry`]
//! carries its [`Provenance`] with the [`Evidence`] for each year;
//! [`Provenance::is_certain`] is true only for entries confirmed by a document or loaded from
//! a file. Load an official catalogue with
//! [`load_csv_path`](cnbudget_catalogue::Catalogue::load_csv_path) when you have one: it
//! overlays the embedded data and wins.
//!
//! Regenerate the tables after editing `data/`:
//! `CNBUDGET_REGENERATE=1 cargo test -p cnbudget-economic --test codegen`.
//!
//! # Years
//!
//! Lookups take a year, and answer only from evidence: an entry's [`Entry::years`] run from
//! the first to the last year with evidence for that name. For a year outside them,
//! [`Lookup::edition`] says whether the code did not exist then ([`Edition::Absent`]: the
//! 政府预算 5xx before the 2018 reform) or whether nothing is known ([`Edition::Nearest`]).
//!
//! ```
//! use cnbudget_economic::{Catalogue, EconomicCode};
//!
//! let cat = Catalogue::embedded();
//! let wages = cat.get(EconomicCode::new(50101).unwrap(), 2017).unwrap();
//! assert!(wages.edition.is_absent());
//! // 310 was 其他资本性支出 in the 2017 budgets, 资本性支出 from the 2019 ones on.
//! let capital = EconomicCode::new(310).unwrap();
//! assert_eq!(cat.name(capital, 2017), Some("其他资本性支出"));
//! assert_eq!(cat.name(capital, 2019), Some("资本性支出"));
//! assert!(cat.get(capital, 2018).unwrap().answer().starts_with("unknown for 2018"));
//! ```
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
//! [`Lookup`], [`Resolution`], [`Source`], [`Provenance`], [`EconomicError`] and [`EconomicErrorKind`]
//! are the engine's types for [`EconomicCode`]; [`Edition`], [`Outcome`], [`Years`],
//! [`Confidence`], [`Confirmation`], [`Evidence`], [`EvidenceKind`], [`Boundary`] and
//! [`Position`] are the engine's own, the same types as `cnbudget-functional`'s.
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
    Boundary, Confidence, Confirmation, Edition, Evidence, EvidenceKind, Outcome, Position, Years,
    generated_key,
};
pub use cnbudget_text::names::{VariantKind, name_key, name_key_simplified, variant_kinds};
pub use code::{EconomicCode, EconomicError, EconomicErrorKind, ExpenseKind, Form, Level};
pub use mapping::{Mapping, UnitScope, UnitType};

/// The README's examples, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
