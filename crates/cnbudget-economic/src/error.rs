//! [`EconomicError`], the one error type of this crate.

use core::fmt;

/// What went wrong. Returned by [`EconomicError::kind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The text holds no code at all.
    Empty,
    /// A character that is neither a digit nor a separator.
    InvalidCharacter,
    /// The code does not have 3, 5 or 7 digits.
    BadLength,
    /// The digit groups are not one of the forms documents use (`30201`, `302 01`).
    BadGrouping,
    /// The digits do not form an expenditure economic code (it must start with `3` or `5`).
    OutOfRange,
    /// A name chain (`…（类）…（款）`) is malformed or names something not in the catalogue.
    Chain,
    /// A catalogue file (CSV) is malformed: bad quoting, missing column, bad year.
    Csv,
    /// Reading a catalogue file failed.
    Io,
}

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

/// The error type of `cnbudget-economic`: a code that does not parse, a name chain that
/// names nothing in the catalogue, or a catalogue file that cannot be loaded.
///
/// ```
/// use cnbudget_economic::{ErrorKind, EconomicCode};
/// let err = EconomicCode::parse("210x").unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::InvalidCharacter);
/// assert_eq!(err.position().map(|p| p.column), Some(4));
/// assert_eq!(err.to_string(), "1:4: invalid character: a code holds only digits and separators");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EconomicError {
    kind: ErrorKind,
    position: Option<Position>,
    source_label: Option<String>,
    detail: String,
}

impl EconomicError {
    pub(crate) fn new(kind: ErrorKind, detail: impl Into<String>) -> EconomicError {
        EconomicError {
            kind,
            position: None,
            source_label: None,
            detail: detail.into(),
        }
    }

    pub(crate) fn at(
        kind: ErrorKind,
        text: &str,
        byte: usize,
        detail: impl Into<String>,
    ) -> EconomicError {
        EconomicError {
            kind,
            position: Some(Position::of(text, byte)),
            source_label: None,
            detail: detail.into(),
        }
    }

    pub(crate) fn with_position(mut self, position: Position) -> EconomicError {
        self.position = Some(position);
        self
    }

    pub(crate) fn with_label(mut self, label: &str) -> EconomicError {
        self.source_label = Some(label.to_owned());
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
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

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ErrorKind::Empty => "empty code",
            ErrorKind::InvalidCharacter => "invalid character",
            ErrorKind::BadLength => "bad code length",
            ErrorKind::BadGrouping => "bad digit grouping",
            ErrorKind::OutOfRange => "not an expenditure economic code",
            ErrorKind::Chain => "bad name chain",
            ErrorKind::Csv => "bad catalogue file",
            ErrorKind::Io => "cannot read catalogue file",
        })
    }
}

impl fmt::Display for EconomicError {
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

impl std::error::Error for EconomicError {}

impl From<std::io::Error> for EconomicError {
    fn from(e: std::io::Error) -> EconomicError {
        EconomicError::new(ErrorKind::Io, e.to_string())
    }
}
