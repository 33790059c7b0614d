//! [`CatalogueError`], the one error type of a classification crate, and [`Position`].

use core::convert::Infallible;
use core::fmt;
use core::marker::PhantomData;

use crate::Classification;

/// What went wrong. Returned by [`CatalogueError::kind`].
///
/// The classification crates name it for their code type (`cnbudget_functional::ErrorKind`,
/// `cnbudget_economic::ErrorKind`); the type parameter only picks the words of
/// [`ErrorKind::OutOfRange`]'s message.
#[derive(Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind<C> {
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
impl<C> Clone for ErrorKind<C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<C> Copy for ErrorKind<C> {}

/// A position in the text that was parsed: byte offset, and 1-based line and column
/// (the column counts characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Position {
    /// Byte offset from the start of the text.
    pub byte: usize,
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

impl Position {
    /// The position of byte offset `byte` in `text` (clamped to the text's length).
    ///
    /// ```
    /// use cnbudget_catalogue::Position;
    /// let p = Position::of("code,name\n21x,bad\n", 12);
    /// assert_eq!((p.line, p.column), (2, 3));
    /// ```
    pub fn of(text: &str, byte: usize) -> Position {
        let mut line = 1u32;
        let mut column = 1u32;
        for (i, ch) in text.char_indices() {
            if i >= byte {
                break;
            }
            if ch == '\n' {
                line = line.saturating_add(1);
                column = 1;
            } else {
                column = column.saturating_add(1);
            }
        }
        Position {
            byte: byte.min(text.len()),
            line,
            column,
        }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// The error type of a classification crate: a code that does not parse, a name chain that
/// names nothing in the catalogue, or a catalogue file that cannot be loaded.
///
/// Each classification crate names it for its code type: `cnbudget_functional::FunctionError`
/// is `CatalogueError<FunctionCode>`, `cnbudget_economic::EconomicError` is
/// `CatalogueError<EconomicCode>`. Its `Debug` output uses that name.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CatalogueError<C> {
    kind: ErrorKind<C>,
    position: Option<Position>,
    source_label: Option<String>,
    detail: String,
}

impl<C> CatalogueError<C> {
    /// An error without a position (for the classification crates' code parsers).
    #[doc(hidden)]
    pub fn new(kind: ErrorKind<C>, detail: impl Into<String>) -> CatalogueError<C> {
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
        kind: ErrorKind<C>,
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
    pub fn kind(&self) -> ErrorKind<C> {
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

impl<C: Classification> fmt::Display for ErrorKind<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ErrorKind::Empty => "empty code",
            ErrorKind::InvalidCharacter => "invalid character",
            ErrorKind::BadLength => "bad code length",
            ErrorKind::BadGrouping => "bad digit grouping",
            ErrorKind::OutOfRange => C::OUT_OF_RANGE,
            ErrorKind::Chain => "bad name chain",
            ErrorKind::Csv => "bad catalogue file",
            ErrorKind::Io => "cannot read catalogue file",
            ErrorKind::__Classification(_, never) => match *never {},
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
        CatalogueError::new(ErrorKind::Io, e.to_string())
    }
}
