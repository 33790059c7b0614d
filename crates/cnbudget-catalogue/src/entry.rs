//! Catalogue entries and their provenance.

use core::convert::Infallible;
use core::fmt;
use core::marker::PhantomData;
use std::borrow::Cow;

use crate::Classification;

/// The years (inclusive) in which an entry's name is valid for its code.
///
/// Rows of the 2024 reconstruction carry the whole span the embedded data covers
/// ([`crate::Catalogue::covered_years`]) unless the rename table limits them: the data cannot
/// tell when a code first appeared. Rows from the rename table carry the years real
/// documents show (see [`Provenance::evidence`]).
///
/// ```
/// use cnbudget_catalogue::Years;
/// let y = Years::new(2018, 2026);
/// assert!(y.contains(2024));
/// assert_eq!((y.clamp(2040), y.distance(2015)), (2026, 3));
/// assert_eq!(y.to_string(), "2018–2026");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Years {
    /// First year (inclusive).
    pub first: u16,
    /// Last year (inclusive).
    pub last: u16,
}

impl Years {
    /// Every year (`0..=u16::MAX`): what a loaded catalogue without a year column claims.
    pub const ALL: Years = Years {
        first: 0,
        last: u16::MAX,
    };

    /// `first..=last`.
    pub const fn new(first: u16, last: u16) -> Years {
        Years { first, last }
    }

    /// Whether `year` is within the range.
    pub const fn contains(self, year: u16) -> bool {
        self.first <= year && year <= self.last
    }

    /// The year in the range nearest to `year`.
    pub const fn clamp(self, year: u16) -> u16 {
        if year < self.first {
            self.first
        } else if year > self.last {
            self.last
        } else {
            year
        }
    }

    /// How many years `year` lies outside the range (0 if inside).
    pub const fn distance(self, year: u16) -> u16 {
        if year < self.first {
            self.first - year
        } else {
            year.saturating_sub(self.last)
        }
    }
}

impl fmt::Display for Years {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.first, self.last) {
            (0, u16::MAX) => f.write_str("all years"),
            (a, u16::MAX) => write!(f, "{a}–"),
            (a, b) if a == b => write!(f, "{a}"),
            (a, b) => write!(f, "{a}–{b}"),
        }
    }
}

/// How sure the data is about an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Confidence {
    /// Unsure: the code or the name may be wrong.
    Low,
    /// The code or name may differ slightly, or changed around 2022–2025.
    Medium,
    /// Believed exact (still a reconstruction unless [`Provenance::confirmed`] is set).
    High,
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        })
    }
}

/// Where an entry of the classification whose code type is `C` comes from.
///
/// The classification crates name it for their code type (`cnbudget_functional::Source`,
/// `cnbudget_economic::Source`); the type parameter only picks the data file that
/// [`Source::describe`] names for [`Source::Reconstructed2024`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(bound = "")
)]
#[non_exhaustive]
pub enum Source<C> {
    /// The classification's 2024 data file(s) (for example `data/function-2024.csv`): the 2024
    /// edition, reconstructed row by row (no official Ministry of Finance file could be
    /// obtained).
    Reconstructed2024,
    /// `data/renames.csv`: an earlier name of a code, with the years real documents show.
    Renames,
    /// `data/amendments.csv`: a row added or corrected because a real document proves it.
    Amendment,
    /// A catalogue loaded at run time ([`crate::Catalogue::load_csv_str`]); `label` is the
    /// path or label given when loading.
    Loaded {
        /// The path or label given when loading.
        label: Cow<'static, str>,
    },
    /// Never constructed: ties the type to its classification.
    #[doc(hidden)]
    #[cfg_attr(feature = "serde", serde(skip))]
    __Classification(PhantomData<fn() -> C>, Infallible),
}

impl<C: Classification> Source<C> {
    /// A short description: the data file, or `loaded from <label>`.
    pub fn describe(&self) -> Cow<'static, str> {
        match self {
            Source::Reconstructed2024 => Cow::Borrowed(C::RECONSTRUCTED_SOURCE),
            Source::Renames => Cow::Borrowed("renames.csv (earlier name seen in documents)"),
            Source::Amendment => Cow::Borrowed("amendments.csv (proven by a document)"),
            Source::Loaded { label } => Cow::Owned(format!("loaded from {label}")),
            Source::__Classification(_, never) => match *never {},
        }
    }
}

impl<C: Classification> fmt::Display for Source<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

/// A real document in the project's corpus that shows this code with this name in a table row.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Confirmation {
    /// The document, relative to the shared folder (e.g. `seeds/002_e75bfe8e2417c16e.txt`).
    pub document: Cow<'static, str>,
    /// 1-based line of the table row in that document.
    pub line: u32,
}

impl fmt::Display for Confirmation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.document, self.line)
    }
}

/// Where an entry comes from and how sure we are: data, not documentation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(bound = "")
)]
pub struct Provenance<C> {
    /// The data file (or loaded catalogue) the entry comes from.
    pub source: Source<C>,
    /// How sure the source is.
    pub confidence: Confidence,
    /// Evidence for the entry, for rename and amendment rows (document and what it shows).
    pub evidence: Option<Cow<'static, str>>,
    /// A real document that shows this code with this name, if any. Computed by
    /// `cargo run --example catalogue_coverage -- --write-confirmations`, not typed by hand.
    pub confirmed: Option<Confirmation>,
}

impl<C> Provenance<C> {
    /// Whether the entry can be trusted as certain: loaded from an official file, or
    /// confirmed by a real document. Everything else is a reconstruction.
    pub fn is_certain(&self) -> bool {
        matches!(self.source, Source::Loaded { .. }) || self.confirmed.is_some()
    }
}

impl<C: Classification> fmt::Display for Provenance<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, confidence {}", self.source, self.confidence)?;
        match &self.confirmed {
            Some(c) => write!(f, ", confirmed by {c}")?,
            None => f.write_str(", not confirmed by a document")?,
        }
        if let Some(e) = &self.evidence {
            write!(f, "; evidence: {e}")?;
        }
        Ok(())
    }
}

/// One row of the catalogue: a code, its name for some years, and its provenance.
///
/// A code whose name changed has one entry per name (see [`Years`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Entry<C> {
    /// The code.
    pub code: C,
    /// The name for [`Entry::years`].
    pub name: Cow<'static, str>,
    /// The years this name is valid for this code.
    pub years: Years,
    /// Where the entry comes from.
    pub provenance: Provenance<C>,
}

impl<C: Classification> Entry<C> {
    /// The code's level (类/款/项, as the classification has them).
    pub fn level(&self) -> C::Level {
        self.code.level()
    }
}

/// Make an embedded entry in a `static` table (used by the generated tables).
#[doc(hidden)]
#[allow(clippy::too_many_arguments)]
pub const fn entry<C>(
    code: C,
    name: &'static str,
    first: u16,
    last: u16,
    source: Source<C>,
    confidence: Confidence,
    evidence: Option<&'static str>,
    confirmed: Option<(&'static str, u32)>,
) -> Entry<C> {
    Entry {
        code,
        name: Cow::Borrowed(name),
        years: Years::new(first, last),
        provenance: Provenance {
            source,
            confidence,
            evidence: match evidence {
                Some(s) => Some(Cow::Borrowed(s)),
                None => None,
            },
            confirmed: match confirmed {
                Some((d, line)) => Some(Confirmation {
                    document: Cow::Borrowed(d),
                    line,
                }),
                None => None,
            },
        },
    }
}
