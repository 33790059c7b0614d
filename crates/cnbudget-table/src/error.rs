//! The crate's one error type, [`TableError`].

use std::fmt;

/// What went wrong while reading a single cell strictly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The text is not an amount (`1,836.42`, `-12.50`, `(12.50)`, `-`, empty).
    InvalidAmount,
    /// The text is not a percentage (`12.5%`).
    InvalidPercent,
    /// The text is not a classification code (`2080505`, `208 05 05`).
    InvalidCode,
    /// The number has more digits than a [`rust_decimal::Decimal`] can hold.
    Overflow,
}

impl ErrorKind {
    fn describe(self) -> &'static str {
        match self {
            ErrorKind::InvalidAmount => "not an amount",
            ErrorKind::InvalidPercent => "not a percentage",
            ErrorKind::InvalidCode => "not a classification code",
            ErrorKind::Overflow => "number too large",
        }
    }
}

/// An error from one of the strict cell parsers ([`crate::parse_amount`],
/// [`crate::parse_percent`], [`crate::parse_code`]).
///
/// Carries the kind, the 1-based line and column (in characters) where the
/// problem was found, and the offending text.
///
/// ```
/// use cnbudget_table::{parse_amount, ErrorKind};
/// let err = parse_amount("12.3元x").unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::InvalidAmount);
/// assert_eq!(err.column(), 5);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TableError {
    kind: ErrorKind,
    line: usize,
    column: usize,
    text: String,
}

impl TableError {
    pub(crate) fn new(kind: ErrorKind, line: usize, column: usize, text: &str) -> Self {
        // Keep the message bounded even for hostile input.
        let text: String = text.chars().take(80).collect();
        TableError {
            kind,
            line,
            column,
            text,
        }
    }

    /// The kind of error.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// 1-based line of the problem (1 for single-cell parsers unless
    /// [`TableError::at_line`] moved it).
    pub fn line(&self) -> usize {
        self.line
    }

    /// 1-based column, in characters, of the first character that could not be read.
    pub fn column(&self) -> usize {
        self.column
    }

    /// The text that was being read (at most 80 characters).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The same error placed at a line and column of a larger document: the
    /// cell started at `column` of `line`.
    #[must_use]
    pub fn at_line(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column.saturating_add(self.column.saturating_sub(1));
        self
    }
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {:?}",
            self.line,
            self.column,
            self.kind.describe(),
            self.text
        )
    }
}

impl std::error::Error for TableError {}
