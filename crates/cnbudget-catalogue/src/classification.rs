//! [`Code`] and [`Classification`]: what a code type and its crate tell the generic
//! [`Catalogue`](crate::Catalogue), and the [`Tables`] the crate embeds.

use core::fmt;
use core::hash::Hash;

use crate::entry::{Entry, Years};
use crate::error::CatalogueError;

/// A classification code type: `cnbudget_functional::FunctionCode` (支出功能分类, 类/款/项) and
/// `cnbudget_economic::EconomicCode` (支出经济分类, 类/款).
///
/// The code's own rules (which digits make a code, its levels, its parent) stay with the
/// code type, as inherent methods; this trait passes them to the shared catalogue.
/// [`impl_code_traits!`](crate::impl_code_traits) implements it, with the standard traits, by
/// forwarding to the inherent methods of the same names. Codes must order like their digit
/// strings (a 类 just before its 款, each 款 just before its 项), as sorted tables and range
/// queries rely on it.
pub trait Code: Copy + Ord + Hash + fmt::Debug + fmt::Display + Send + Sync + 'static {
    /// The levels of the classification (类/款/项 or 类/款).
    type Level: Copy + Eq + fmt::Debug + Send + Sync + 'static;

    /// Parse a code as documents write it.
    fn parse(text: &str) -> Result<Self, CatalogueError<Self>>;
    /// A `u32` that orders like the code; the generated tables keep one per entry.
    fn sort_key(self) -> u32;
    /// The code's level.
    fn level(self) -> Self::Level;
    /// The level one step down, if any.
    fn child_level(level: Self::Level) -> Option<Self::Level>;
    /// The Chinese name of a level (`类`).
    fn level_name(level: Self::Level) -> &'static str;
    /// The 3-digit 类 part.
    fn lei(self) -> u32;
    /// The code one level up, or `None` for a 类.
    fn parent(self) -> Option<Self>;
    /// The 类 → … → self chain.
    fn lineage(self) -> Vec<Self>;
    /// Whether `self` is `other` or one of its ancestors.
    fn contains(self, other: Self) -> bool;
    /// The smallest and largest codes (inclusive) that `self` contains.
    fn descendant_bounds(self) -> (Self, Self);
}

/// A classification whose catalogue a [`Catalogue`](crate::Catalogue) holds, named by its
/// [`Code`] type: the embedded tables and the words of the messages, which are the
/// classification's own.
pub trait Classification: Code {
    /// `Debug` name of the error type (`FunctionError`).
    const ERROR_TYPE: &'static str;
    /// Message of [`CatalogueErrorKind::OutOfRange`](crate::CatalogueErrorKind::OutOfRange)
    /// (`not an expenditure functional code`).
    const OUT_OF_RANGE: &'static str;
    /// What `TryFrom<u32>` says after the value when it is no code
    /// (`is not a 3, 5 or 7 digit code starting with 2`).
    const NOT_A_CODE: &'static str;
    /// [`Source::describe`](crate::Source::describe) of
    /// [`Source::Reconstructed2024`](crate::Source::Reconstructed2024)
    /// (`function-2024.csv (reconstructed 2024 edition)`).
    const RECONSTRUCTED_SOURCE: &'static str;
    /// Header names (lower case) of the code column of a loaded catalogue file.
    const CODE_HEADERS: &'static [&'static str];
    /// Header names (lower case) of the name column of a loaded catalogue file.
    const NAME_HEADERS: &'static [&'static str];
    /// The level markers of a name chain (`（类）`, `(类)`, …), tried in this order.
    const CHAIN_MARKERS: &'static [(&'static str, Self::Level)];
    /// The years the embedded evidence spans.
    const COVERED: Years;

    /// The embedded, generated tables.
    fn tables() -> &'static Tables<Self>;

    /// The index range (start, end) of the embedded entries of `self`, empty if there are
    /// none. The default binary-searches every entry ([`Tables::rows_of`]); a classification
    /// with a direct index narrows the search first.
    #[inline]
    fn embedded_rows(self) -> (usize, usize) {
        let tables = Self::tables();
        tables.rows_of(self.sort_key(), (0, tables.code_keys.len()))
    }
}

/// The embedded tables of a classification, generated from its `data/*.csv` by its
/// `tests/codegen.rs` (see the `codegen` feature).
#[derive(Debug)]
pub struct Tables<C: 'static> {
    /// Every entry, sorted by (code, first year).
    pub entries: &'static [Entry<C>],
    /// The sort key of each entry's code (same index), for binary search.
    pub code_keys: &'static [u32],
    /// The name key ([`generated_key`](crate::generated_key)) of each entry (same index).
    pub keys: &'static [&'static str],
    /// (name key, index into `entries`), sorted.
    pub by_key: &'static [(&'static str, u16)],
    /// (name key of an abbreviation, code), sorted.
    pub abbreviations: &'static [(&'static str, C)],
}

impl<C> Tables<C> {
    /// The index range (start, end) of the entries whose code has the sort key `key`,
    /// binary-searched within the index range `span` (which must hold them all).
    #[inline]
    pub fn rows_of(&self, key: u32, (start, end): (usize, usize)) -> (usize, usize) {
        let keys = self.code_keys.get(start..end).unwrap_or(&[]);
        let lo = start + keys.partition_point(|k| *k < key);
        let n = self
            .code_keys
            .get(lo..)
            .unwrap_or(&[])
            .iter()
            .take_while(|k| **k == key)
            .count();
        (lo, lo + n)
    }
}
