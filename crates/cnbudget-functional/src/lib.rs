//! The expenditure functional classification of China (支出功能分类科目): 类 (3 digits),
//! 款 (5 digits) and 项 (7 digits), with editions by year and provenance on every entry.
//!
//! ```
//! use cnbudget_functional::{Catalogue, FunctionCode, Level, Outcome};
//!
//! let cat = Catalogue::embedded();
//! let code: FunctionCode = "205 08 03".parse()?;
//! assert_eq!(code.level(), Level::Xiang);
//! let hit = cat.get(code, 2024).expect("2050803 is in the catalogue");
//! assert_eq!(hit.name(), "培训支出");
//! let path: Vec<&str> = cat.path(code, 2024).iter().map(|l| l.name()).collect();
//! assert_eq!(path, ["教育支出", "进修及培训", "培训支出"]);
//!
//! // Names change between editions: 210 was 医疗卫生与计划生育支出 until 2018.
//! let health = FunctionCode::new(210).unwrap();
//! assert_eq!(cat.name(health, 2018), Some("医疗卫生与计划生育支出"));
//! assert_eq!(cat.resolve(health, "医疗卫生与计划生育支出", 2018).outcome(), Outcome::Exact);
//! assert_eq!(cat.resolve(health, "卫生健康", 2024).outcome(), Outcome::NameVariant);
//! # Ok::<(), cnbudget_functional::FunctionError>(())
//! ```
//!
//! # Where the data comes from — read this before trusting a name
//!
//! No official Ministry of Finance catalogue file could be obtained. The embedded tables are
//! generated from CSV files committed in `data/`:
//!
//! - `function-2024.csv`: the 2024 edition reconstructed row by row, each row with a
//!   [`Confidence`] (high / medium / low);
//! - `renames.csv`: earlier names of codes with the years real documents show them;
//! - `amendments.csv`: rows added or corrected because a real document proves them;
//! - `abbreviations.csv`: short names documents use for a code;
//! - `confirmations.csv`: (code, name) pairs seen in table rows of the project's real
//!   documents, computed by `cargo run --example catalogue_coverage -- --write-confirmations`.
//!
//! Every [`Entry`] carries its [`Provenance`]: the source, the confidence and, when a real
//! document shows the pair, that document and line ([`Provenance::confirmed`]).
//! [`Provenance::is_certain`] is true only for confirmed or loaded entries; everything else
//! is a reconstruction and may be wrong. Load an official catalogue with
//! [`Catalogue::load_csv_path`] when you have one: it overlays the embedded data and wins.
//!
//! Regenerate the tables after editing `data/`:
//! `CNBUDGET_REGENERATE=1 cargo test -p cnbudget-functional --test codegen`
//! (without the variable the test fails if the committed tables differ from the data).
//!
//! # Years
//!
//! Lookups take a year. Rows of the 2024 reconstruction are assumed valid for the whole span
//! the data covers ([`Catalogue::covered_years`]) unless the rename table limits them.
//! A year with no valid entry for a code is answered from the nearest edition, and the
//! returned [`Lookup::edition`] says so ([`Edition::Nearest`]).
//!
//! # Errors
//!
//! The crate has one error type, [`FunctionError`] (named apart from the economic crate's
//! `EconomicError` so both can be imported together), with [`FunctionError::kind`] and
//! line:column positions.
//!
//! # The catalogue engine
//!
//! The logic this crate shares with `cnbudget-economic` (lookups by year, name resolution,
//! name chains, catalogue files, provenance, the error type) lives once in
//! `cnbudget-catalogue`, generic over the code type. This crate holds what is its own: the
//! [`FunctionCode`] rules and [`Level`]s, the generated tables and their 款/类 range index.
//! [`Catalogue`], [`Entry`], [`Lookup`], [`Resolution`], [`Source`], [`Provenance`],
//! [`FunctionError`] and [`ErrorKind`] are the engine's types for [`FunctionCode`];
//! [`Edition`], [`Outcome`], [`Years`], [`Confidence`], [`Confirmation`] and [`Position`] are
//! the engine's own, the same types as `cnbudget-economic`'s.
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

pub use catalogue::{Catalogue, Entry, Lookup, Provenance, Resolution, Source};
pub use cnbudget_catalogue::{
    Confidence, Confirmation, Edition, Outcome, Position, Years, generated_key,
};
pub use cnbudget_text::names::{VariantKind, name_key, name_key_simplified, variant_kinds};
pub use code::{ErrorKind, FunctionCode, FunctionError, Level};

/// The README's examples, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
