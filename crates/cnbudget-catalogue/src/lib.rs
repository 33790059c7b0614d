//! The engine shared by the cnbudget classification catalogues: `cnbudget-functional`
//! (支出功能分类科目, 类/款/项) and `cnbudget-economic` (支出经济分类科目, 类/款).
//!
//! Use those crates; this one holds what they have in common, once, generic over the
//! classification's code type ([`Classification`]):
//!
//! - [`Catalogue`]: the embedded tables overlaid by catalogues loaded at run time
//!   ([`Catalogue::load_csv_str`]), lookups by code and year answered from evidence
//!   ([`Edition`]: the name of that year, a code not in that year's edition, or a year without
//!   evidence), searches by name, name chains
//!   (`卫生健康支出（类）医疗保障管理事务（款）行政运行（项）`) and the relation of a
//!   (code, name) pair written in a document to the catalogue ([`Resolution`]);
//! - [`Entry`] with its [`Years`] and [`Provenance`] ([`Source`], [`Confidence`],
//!   [`Confirmation`], and the [`Evidence`] for each year), and the [`Boundary`] editions
//!   where a code starts or stops existing;
//! - [`CatalogueError`] with its [`CatalogueErrorKind`] and [`Position`] (cnbudget-text's, the
//!   position every crate's errors use), which each classification crate
//!   names for its code type (`FunctionError`, `EconomicError`);
//! - what a code type's crate needs to plug in: the [`Code`] and [`Classification`] traits,
//!   its generated [`Tables`] and, with the `codegen` feature, the generator that writes them.
//!
//! The types that do not depend on the classification are the same in both crates:
//!
//! ```
//! use cnbudget_catalogue::{Edition, Years};
//!
//! let data = Years::new(2018, 2026);
//! assert!(data.contains(2024));
//! assert_eq!(data.clamp(2040), 2026);
//! let edition = Edition::Nearest { requested: 2040, used: data.clamp(2040) };
//! assert!(edition.is_nearest());
//! assert_eq!(edition.year(), 2026);
//! ```
//!
//! # Features
//!
//! - `serde`: `Serialize` for every public data type, `Deserialize` for the owned ones.
//! - `codegen`: the table generator (module `codegen`) that the classification crates'
//!   `tests/codegen.rs` run; not needed at run time.
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
mod classification;
mod code;
#[cfg(feature = "codegen")]
pub mod codegen;
mod csv;
mod entry;
mod error;

pub use catalogue::{Catalogue, Edition, Lookup, Outcome, Resolution, generated_key};
pub use classification::{Classification, Code, Tables};
pub use cnbudget_text::Position;
#[doc(hidden)]
pub use code::{Groups, digit_groups};
#[doc(hidden)]
pub use entry::entry;
pub use entry::{
    Boundary, Confidence, Confirmation, Entry, Evidence, EvidenceKind, Provenance, Source, Years,
};
pub use error::{CatalogueError, CatalogueErrorKind};

/// The README's examples, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
