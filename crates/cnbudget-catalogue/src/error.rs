//! [`CatalogueError`], the one error type of a classification crate.

use core::convert::Infallible;
use core::fmt;
use core::marker::PhantomData;

use cnbudget_text::Position;

use crate::Classification;

/// What went wrong. Returned by [`CatalogueError::kind`].
///
/// The classification crates name it for their code type (`cnbudget_functional::FunctionErrorKind`,
/// `cnbudget_economic::EconomicErrorKind`); the type parameter only picks the words of
/// [`CatalogueErrorKind::OutOfRange`]'s message.
#[derive(Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CatalogueErrorKind<C> {
    /// The text holds no code at all.
    Empty,
    /// A character that is neither a digit nor a separator.
    InvalidCharacter,
    /// The code does not have as many digits as a code of the classification has (3, 5 or 7
    /// for a functional code, 3 or 5 for an economic one).
    BadLength,
    /// The digit groups are not one of the forms documents use (`210 15 06`, `21015 06`,
    /// `302 01`, …).
    BadGrouping,
    /// The digits do not form a code of the classification (a functional code starts with
    /// `2`, an economic one with `3` or `5`).
    OutOfRange,
    /// A name chain (`…（类）…（款）…（项）`) is malformed or names something not in the catalogue.
    Chain,
    /// A catalogue file (CSV) is malformed: bad quoting, missing column, bad year.
    Csv,
    /// Reading a catalogue file failed.
    Io,
    /// Never constructed: ties the type to its classification.
    #[doc(hidden)]
    __Classification(PhantomData<fn() -> C>, Infallible),
}

// By hand: derived impls would ask `C: Copy`, which the phantom type does not need.
impl<C> Clone for CatalogueErrorKind<C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<C> Copy for CatalogueErrorKind<C> {}

/// The error type of a classification crate: a code that does not parse, a name chain that
/// names nothing in the catalogue, or a catalogue file that cannot be loaded.
///
/// Each classification crate names it for its code type: `cnbudget_functional::FunctionError`
/// is `CatalogueError<FunctionCode>`, `cnbudget_economic::EconomicError` is
/// `CatalogueError<EconomicCode>`. Its `Debug` output uses that name.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CatalogueError<C> {
    kind: CatalogueErrorKind<C>,
    position: Option<Position>,
    source_label: Option<String>,
    detail: String,
}

impl<C> CatalogueError<C> {
    /// An error without a position (for the classification crates' code parsers).
    #[doc(hidden)]
    pub fn new(kind: CatalogueErrorKind<C>, detail: impl Into<String>) -> CatalogueError<C> {
        CatalogueError {
            kind,
            position: None,
            source_label: None,
            detail: detail.into(),
        }
    }

    /// An error at byte offset `byte` of `text` (for the classification crates' code parsers).
    #[doc(hidden)]
    pub fn at(
        kind: CatalogueErrorKind<C>,
        text: &str,
        byte: usize,
        detail: impl Into<String>,
    ) -> CatalogueError<C> {
        CatalogueError {
            kind,
            position: Some(Position::of(text, byte)),
            source_label: None,
            detail: detail.into(),
        }
    }

    pub(crate) fn with_position(mut self, position: Position) -> CatalogueError<C> {
        self.position = Some(position);
        self
    }

    pub(crate) fn with_label(mut self, label: &str) -> CatalogueError<C> {
        self.source_label = Some(label.to_owned());
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> CatalogueErrorKind<C> {
        self.kind
    }

    /// Where, if the error concerns a position in parsed text.
    pub fn position(&self) -> Option<Position> {
        self.position
    }

    /// The label (usually the path) of the catalogue file the error is in, if any.
    pub fn source_label(&self) -> Option<&str> {
        self.source_label.as_deref()
    }

    /// A human-readable detail.
    pub fn detail(&self) -> &str {
        &self.detail
    }
}

impl<C: Classification> fmt::Display for CatalogueErrorKind<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CatalogueErrorKind::Empty => "empty code",
            CatalogueErrorKind::InvalidCharacter => "invalid character",
            CatalogueErrorKind::BadLength => "bad code length",
            CatalogueErrorKind::BadGrouping => "bad digit grouping",
            CatalogueErrorKind::OutOfRange => C::OUT_OF_RANGE,
            CatalogueErrorKind::Chain => "bad name chain",
            CatalogueErrorKind::Csv => "bad catalogue file",
            CatalogueErrorKind::Io => "cannot read catalogue file",
            CatalogueErrorKind::__Classification(_, never) => match *never {},
        })
    }
}

impl<C: Classification> fmt::Display for CatalogueError<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(label) = &self.source_label {
            write!(f, "{label}:")?;
        }
        if let Some(p) = &self.position {
            write!(f, "{p}: ")?;
        } else if self.source_label.is_some() {
            f.write_str(" ")?;
        }
        write!(f, "{}: {}", self.kind, self.detail)
    }
}

impl<C: Classification> fmt::Debug for CatalogueError<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct(C::ERROR_TYPE)
            .field("kind", &self.kind)
            .field("position", &self.position)
            .field("source_label", &self.source_label)
            .field("detail", &self.detail)
            .finish()
    }
}

impl<C: Classification> std::error::Error for CatalogueError<C> {}

impl<C> From<std::io::Error> for CatalogueError<C> {
    fn from(e: std::io::Error) -> CatalogueError<C> {
        CatalogueError::new(CatalogueErrorKind::Io, e.to_string())
    }
}
