//! Catalogue entries and their provenance.

use core::convert::Infallible;
use core::fmt;
use core::marker::PhantomData;
use std::borrow::Cow;

use crate::Classification;

/// A span of years, inclusive.
///
/// An [`Entry`]'s years are the years its evidence covers ([`Provenance::evidence`]): from the
/// first to the last year with evidence for that name of that code. A year between two years
/// with evidence for the same name is taken to have that name (a name that changed does not
/// come back); a year outside the span has no evidence, and a lookup for it says so
/// ([`crate::Edition`]).
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

/// How sure the data row of an entry is about its code and name.
///
/// It is about the data, not about a year: a row of the reconstructed 2024 edition with
/// confidence `High` is believed exact *for 2024*; which other years have that name is what
/// the entry's [`Evidence`] says ([`Entry::years`]). For a row of `renames.csv`,
/// `amendments.csv` or `changes.csv` it is how sure the recorded evidence is. A catalogue
/// loaded at run time is `High`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Confidence {
    /// Unsure: the code or the name may be wrong.
    Low,
    /// The code or name may differ slightly, or changed around 2022–2025.
    Medium,
    /// Believed exact (still a reconstruction unless a document confirms it:
    /// [`Provenance::is_certain`]).
    High,
}

cnbudget_text::named_values!(Confidence, "confidence" {
    Low => "low",
    Medium => "medium",
    High => "high",
});

/// Where an entry of the classification whose code type is `C` comes from.
///
/// The classification crates name it for their code type (`cnbudget_functional::Source`,
/// `cnbudget_economic::Source`); the type parameter only picks the data file that
/// [`Source::describe`] names for [`Source::Reconstructed2024`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(bound = "", rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum Source<C> {
    /// The classification's 2024 data file(s) (for example `data/function-2024.csv`): the 2024
    /// edition, reconstructed row by row (no official Ministry of Finance file could be
    /// obtained).
    Reconstructed2024,
    /// `data/renames.csv`: an earlier name of a code, with the years its evidence shows.
    Renames,
    /// `data/amendments.csv`: a row added because a real document proves it.
    Amendment,
    /// `data/changes.csv`: a name known from a recorded structural change (a classification
    /// reform, an edition that renamed or added the code).
    Change,
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
            Source::Renames => Cow::Borrowed("renames.csv (an earlier name, with its evidence)"),
            Source::Amendment => Cow::Borrowed("amendments.csv (proven by a document)"),
            Source::Change => Cow::Borrowed("changes.csv (a recorded structural change)"),
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

/// What kind of evidence an [`Evidence`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum EvidenceKind {
    /// A table row of a real document of that year in the project's shared folder (seeds,
    /// corpus, corpus-wide) shows the code with the name. The detail is the document and line
    /// (`corpus/019_js-npc-office-dept-budget-2017.txt:378`), followed by `, written …` when
    /// the document writes a variant of the name (a trailing 支出 left out, a cut name).
    /// Computed by the coverage tool, not typed by hand.
    Document,
    /// A recorded structural change (`data/changes.csv`): a classification reform, or an
    /// edition that renamed or added the code. The detail says which change and its source.
    Change,
    /// The reconstructed 2024 edition (`data/*-2024.csv`), with the row's [`Confidence`].
    Edition,
    /// A row of `data/renames.csv` or `data/amendments.csv`; the detail is its evidence text
    /// (the documents, or the data notes, that show the name in those years).
    Record,
    /// A catalogue loaded at run time; the detail is its label.
    Loaded,
}

cnbudget_text::named_values!(EvidenceKind, "evidence kind",
    /// A short English word for the kind (`document`, `change`, …).
    fn describe {
    Document => "document",
    Change => "change",
    Edition => "edition",
    Record => "record",
    Loaded => "loaded",
});

/// One piece of evidence that a code had a name in some years.
///
/// ```
/// use cnbudget_catalogue::{Evidence, EvidenceKind, Years};
/// let e = Evidence::new(2017, 2017, EvidenceKind::Document, "corpus/019_js-npc-office-dept-budget-2017.txt:343");
/// assert!(e.years.contains(2017));
/// assert_eq!(e.to_string(), "2017: document corpus/019_js-npc-office-dept-budget-2017.txt:343");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Evidence {
    /// The years it speaks for.
    pub years: Years,
    /// What kind of evidence it is.
    pub kind: EvidenceKind,
    /// Where it is: a document and line, a change and its source, a data file.
    pub detail: Cow<'static, str>,
}

impl Evidence {
    /// Evidence for `first..=last` (used by the generated tables).
    pub const fn new(first: u16, last: u16, kind: EvidenceKind, detail: &'static str) -> Evidence {
        Evidence {
            years: Years::new(first, last),
            kind,
            detail: Cow::Borrowed(detail),
        }
    }

    /// The document and line of [`EvidenceKind::Document`] evidence.
    pub fn document(&self) -> Option<Confirmation> {
        if self.kind != EvidenceKind::Document {
            return None;
        }
        let at = self
            .detail
            .split_once(", ")
            .map_or(&*self.detail, |(at, _)| at);
        let (document, line) = at.rsplit_once(':')?;
        Some(Confirmation {
            document: Cow::Owned(document.to_owned()),
            line: line.parse().ok()?,
        })
    }
}

impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} {}", self.years, self.kind, self.detail)
    }
}

/// An edition where a code's existence starts or ends, with the evidence that says so: the
/// code did not exist before [`Entry::introduced`], or no longer exists from
/// [`Entry::withdrawn`]. Displayed as its detail (`new in the 2019 edition: …`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Boundary {
    /// The edition year: the first with the code ([`Entry::introduced`]) or the first
    /// without it ([`Entry::withdrawn`]).
    pub year: u16,
    /// The change and its source (`new in the 2019 edition: …`, `dropped from the 2025
    /// edition: …`).
    pub detail: Cow<'static, str>,
}

impl fmt::Display for Boundary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.detail)
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
    /// How sure the data row is about the code and name (see [`Confidence`]); the years are
    /// the evidence's.
    pub confidence: Confidence,
    /// The evidence text of a rename, amendment or change row.
    pub note: Option<Cow<'static, str>>,
    /// The first real document (earliest year) that shows this code with this name, if any:
    /// the first [`EvidenceKind::Document`] of [`Provenance::evidence`].
    pub confirmed: Option<Confirmation>,
    /// Every piece of evidence for the name, by year: documents, recorded changes, the
    /// reconstructed edition, rename and amendment rows. The entry's [`Entry::years`] span
    /// them.
    pub evidence: Cow<'static, [Evidence]>,
}

impl<C> Provenance<C> {
    /// Whether the entry can be trusted as certain: loaded from an official file, or
    /// confirmed by a real document. Everything else is a reconstruction.
    pub fn is_certain(&self) -> bool {
        matches!(self.source, Source::Loaded { .. }) || self.confirmed.is_some()
    }

    /// The evidence that speaks for `year` itself (not inferred from the years around it).
    pub fn evidence_in(&self, year: u16) -> impl Iterator<Item = &Evidence> {
        self.evidence.iter().filter(move |e| e.years.contains(year))
    }
}

impl<C: Classification> fmt::Display for Provenance<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, confidence {}", self.source, self.confidence)?;
        match &self.confirmed {
            Some(c) => write!(f, ", confirmed by {c}")?,
            None => f.write_str(", not confirmed by a document")?,
        }
        if let Some(e) = &self.note {
            write!(f, "; note: {e}")?;
        }
        Ok(())
    }
}

/// One row of the catalogue: a code, its name for some years, and its provenance.
///
/// A code whose name changed has one entry per name. Each entry's [`Entry::years`] are the
/// years its evidence covers; a year outside every entry of a code is either one where the
/// code did not exist ([`Entry::introduced`], [`Entry::withdrawn`]) or one without evidence.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Entry<C> {
    /// The code.
    pub code: C,
    /// The name for [`Entry::years`].
    pub name: Cow<'static, str>,
    /// The years the evidence covers for this name of this code: from the first to the last
    /// year with evidence ([`Provenance::evidence`]).
    pub years: Years,
    /// Where the entry comes from.
    pub provenance: Provenance<C>,
    /// The first edition with the code, when a recorded change says so (or says so of its
    /// parent): in earlier years the code did not exist.
    pub introduced: Option<Boundary>,
    /// The first edition without the code, when a recorded change says so: from then on the
    /// code does not exist.
    pub withdrawn: Option<Boundary>,
}

impl<C: Classification> Entry<C> {
    /// The code's level (类/款/项, as the classification has them).
    pub fn level(&self) -> C::Level {
        self.code.level()
    }
}

impl<C> Entry<C> {
    /// Whether evidence says the code did not exist in `year` (before
    /// [`Entry::introduced`] or from [`Entry::withdrawn`]).
    pub fn absent_in(&self, year: u16) -> Option<&Boundary> {
        self.introduced
            .as_ref()
            .filter(|b| year < b.year)
            .or_else(|| self.withdrawn.as_ref().filter(|b| year >= b.year))
    }

    /// The years of the entry in words, saying what is not known: `2019–2026; not in
    /// editions before 2019; later years unknown`, `2024; earlier years unknown; later years
    /// unknown`.
    pub fn describe_years(&self) -> String {
        let y = self.years;
        if y == Years::ALL {
            return "all years".to_owned();
        }
        let before = match &self.introduced {
            Some(b) if b.year >= y.first => format!("not in editions before {}", b.year),
            Some(b) => format!(
                "earlier years unknown (the code is not in editions before {})",
                b.year
            ),
            None => "earlier years unknown".to_owned(),
        };
        let after = match &self.withdrawn {
            Some(w) if w.year <= y.last.saturating_add(1) => {
                format!("not in editions from {}", w.year)
            }
            Some(w) => format!(
                "later years unknown (the code is not in editions from {})",
                w.year
            ),
            None => "later years unknown".to_owned(),
        };
        format!("{y}; {before}; {after}")
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
    note: Option<&'static str>,
    confirmed: Option<(&'static str, u32)>,
    evidence: &'static [Evidence],
    introduced: Option<(u16, &'static str)>,
    withdrawn: Option<(u16, &'static str)>,
) -> Entry<C> {
    Entry {
        code,
        name: Cow::Borrowed(name),
        years: Years::new(first, last),
        provenance: Provenance {
            source,
            confidence,
            note: match note {
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
            evidence: Cow::Borrowed(evidence),
        },
        introduced: match introduced {
            Some((year, d)) => Some(Boundary {
                year,
                detail: Cow::Borrowed(d),
            }),
            None => None,
        },
        withdrawn: match withdrawn {
            Some((year, d)) => Some(Boundary {
                year,
                detail: Cow::Borrowed(d),
            }),
            None => None,
        },
    }
}
