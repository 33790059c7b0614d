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
//! let path: Vec<&str> = cat.path(code, 2024).map(|l| l.name()).collect();
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
//!   [`Confidence`] (high / medium / low) — evidence for 2024;
//! - `changes.csv`: the recorded structural changes (codes new in the 2019 edition after the
//!   2018 institutional reform, renames of 2019, 2020 and 2021), each with its source;
//! - `renames.csv`: earlier names of codes with the years their evidence shows;
//! - `amendments.csv`: codes and names real documents print that the reconstruction lacks;
//! - `abbreviations.csv`: short names documents use for a code;
//! - `confirmations.csv`: (code, name, year) seen in table rows of the project's real
//!   documents, computed by `cargo run --example catalogue_coverage -- --write-confirmations`.
//!
//! Every [`Entry`] carries its [`Provenance`]: the source, the confidence of the data row,
//! and the [`Evidence`] for each year (a document and line, a recorded change, the
//! reconstructed edition, a rename or amendment row). [`Provenance::is_certain`] is true only
//! for entries a real document confirms or that you loaded; everything else is a
//! reconstruction and may be wrong. Load an official catalogue with
//! [`Catalogue::load_csv_path`] when you have one: it overlays the embedded data and wins.
//!
//! Regenerate the tables after editing `data/`:
//! `CNBUDGET_REGENERATE=1 cargo test -p cnbudget-functional --test codegen`
//! (without the variable the test fails if the committed tables differ from the data).
//!
//! # Years
//!
//! Lookups take a year, and answer only from evidence. An entry's [`Entry::years`] run from
//! the first to the last year with evidence for that name (a year between two is taken to
//! have the same name). For a year outside them, [`Lookup::edition`] says whether the code did
//! not exist then ([`Edition::Absent`]: a recorded change adds it later, as 20828 in the 2019
//! edition) or whether nothing is known ([`Edition::Nearest`]: the entry is the nearest
//! year's, for reference only); [`Lookup::answer`] puts it in words.
//!
//! ```
//! use cnbudget_functional::{Catalogue, Edition, FunctionCode};
//!
//! let cat = Catalogue::embedded();
//! let veterans = cat.get(FunctionCode::new(20828).unwrap(), 2017).unwrap();
//! assert!(veterans.edition.is_absent());
//! assert!(veterans.answer().starts_with("not in the 2017 edition: new in the 2019 edition"));
//! let poverty = cat.get(FunctionCode::new(21305).unwrap(), 2018).unwrap();
//! assert_eq!((poverty.name(), poverty.edition), ("扶贫", Edition::Exact(2018)));
//! let early = cat.get(FunctionCode::new(21305).unwrap(), 2016).unwrap();
//! assert_eq!(early.answer(), "unknown for 2016: no evidence for that year (named 扶贫 in 2018)");
//! ```
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
//! [`FunctionError`] and [`FunctionErrorKind`] are the engine's types for [`FunctionCode`];
//! [`Edition`], [`Outcome`], [`Years`], [`Confidence`], [`Confirmation`], [`Evidence`],
//! [`EvidenceKind`], [`Boundary`] and [`Position`] are the engine's own, the same types as
//! `cnbudget-economic`'s.
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
    Boundary, Confidence, Confirmation, Edition, Evidence, EvidenceKind, Outcome, Position, Years,
    generated_key,
};
pub use cnbudget_text::names::{VariantKind, name_key, name_key_simplified, variant_kinds};
pub use code::{FunctionCode, FunctionError, FunctionErrorKind, Level};

/// The README's examples, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
