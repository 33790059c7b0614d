//! The crate's one error type.

use std::fmt;

/// What went wrong, without the position (see [`IndicatorError::kind`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The text to parse was empty (or only white space).
    Empty,
    /// A number was malformed or too large for a `Decimal`.
    Number,
    /// A comparator (≥, ≤, =, >, <, 大于等于 …) was expected but not found.
    Comparator,
    /// A unit of measurement was not recognised where one was required.
    Unit,
    /// A TSV grid was malformed (unknown `#` directive, bad line number …).
    Tsv,
}

impl ErrorKind {
    fn describe(self) -> &'static str {
        match self {
            ErrorKind::Empty => "empty text",
            ErrorKind::Number => "malformed number",
            ErrorKind::Comparator => "no comparator",
            ErrorKind::Unit => "unrecognised unit",
            ErrorKind::Tsv => "malformed TSV grid",
        }
    }
}

/// The error of every fallible operation in `cnbudget-indicator`.
///
/// Carries a line and a column (in characters, 1-based) when they are known.
///
/// ```
/// use cnbudget_indicator::{Comparator, ErrorKind};
/// let err = "约".parse::<Comparator>().unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Comparator);
/// assert!(err.to_string().contains("约"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct IndicatorError {
    kind: ErrorKind,
    line: Option<usize>,
    column: Option<usize>,
    detail: String,
}

impl IndicatorError {
    /// A new error of `kind` with a human-readable `detail` (quoting the offending text).
    pub fn new(kind: ErrorKind, detail: impl Into<String>) -> Self {
        IndicatorError {
            kind,
            line: None,
            column: None,
            detail: detail.into(),
        }
    }

    /// The same error, positioned at `line` (1-based) and `column` (1-based, in characters).
    #[must_use]
    pub fn at(mut self, line: usize, column: Option<usize>) -> Self {
        self.line = Some(line);
        self.column = column;
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The 1-based line, when known.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// The 1-based column in characters, when known.
    pub fn column(&self) -> Option<usize> {
        self.column
    }

    /// The detail text (usually quotes the input).
    pub fn detail(&self) -> &str {
        &self.detail
    }
}

impl fmt::Display for IndicatorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{l}:{c}: ")?,
            (Some(l), None) => write!(f, "line {l}: ")?,
            _ => {}
        }
        write!(f, "{}", self.kind.describe())?;
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        Ok(())
    }
}

impl std::error::Error for IndicatorError {}
