//! The crate's one error type, [`TableError`].

use std::fmt;

use cnbudget_text::Position;

/// What went wrong while reading a single cell strictly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TableErrorKind {
    /// The text is not an amount (`1,836.42`, `-12.50`, `(12.50)`, `-`, empty).
    InvalidAmount,
    /// The text is not a percentage (`12.5%`).
    InvalidPercent,
    /// The text is not a classification code (`2080505`, `208 05 05`).
    InvalidCode,
    /// The number has more digits than a [`rust_decimal::Decimal`] can hold.
    Overflow,
}

impl TableErrorKind {
    fn describe(self) -> &'static str {
        match self {
            TableErrorKind::InvalidAmount => "not an amount",
            TableErrorKind::InvalidPercent => "not a percentage",
            TableErrorKind::InvalidCode => "not a classification code",
            TableErrorKind::Overflow => "number too large",
        }
    }
}

/// An error from one of the strict cell parsers ([`crate::parse_amount`],
/// [`crate::parse_percent`], [`crate::parse_code`]).
///
/// Carries the kind, the [`Position`] of the first character that could not be read (1-based
/// line and column in characters, and byte offset: in the cell, or in a larger document once
/// [`TableError::at`] has placed it there), and the offending text.
///
/// ```
/// use cnbudget_table::{parse_amount, TableErrorKind};
/// use cnbudget_table::Position;
/// let err = parse_amount("12.3元x").unwrap_err();
/// assert_eq!(err.kind(), TableErrorKind::InvalidAmount);
/// assert_eq!(err.position(), Position { line: 1, column: 5, byte: 4 });
/// // The cell starts at line 12, column 5 (byte 300) of a document.
/// let err = err.at(Position { line: 12, column: 5, byte: 300 });
/// assert_eq!(err.to_string(), "12:9: not an amount: \"12.3元x\"");
/// assert_eq!(err.position().byte, 304);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TableError {
    kind: TableErrorKind,
    position: Position,
    text: String,
}

impl TableError {
    /// An error at 1-based `column` (in characters) of the one-line `text`.
    pub(crate) fn new(kind: TableErrorKind, column: usize, text: &str) -> Self {
        let byte = column
            .checked_sub(1)
            .and_then(|k| text.char_indices().nth(k))
            .map_or(text.len(), |(i, _)| i);
        // Keep the message bounded even for hostile input.
        let text: String = text.chars().take(80).collect();
        TableError {
            kind,
            position: Position {
                line: 1,
                column,
                byte,
            },
            text,
        }
    }

    /// The kind of error.
    pub fn kind(&self) -> TableErrorKind {
        self.kind
    }

    /// Where the problem is: the first character that could not be read (line 1 of the cell
    /// for the single-cell parsers, unless [`TableError::at`] placed the cell in a document).
    pub fn position(&self) -> Position {
        self.position
    }

    /// The text that was being read (at most 80 characters).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The same error placed in a larger document whose cell starts at `start`.
    #[must_use]
    pub fn at(mut self, start: Position) -> Self {
        self.position = self.position.within(start);
        self
    }
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {:?}",
            self.position,
            self.kind.describe(),
            self.text
        )
    }
}

impl std::error::Error for TableError {}
