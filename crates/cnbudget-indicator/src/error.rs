//! The crate's one error type.

use std::fmt;

use cnbudget_text::Position;

/// What went wrong, without the position (see [`IndicatorError::kind`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
#[serde(rename_all = "snake_case")]
pub enum IndicatorErrorKind {
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

impl IndicatorErrorKind {
    fn describe(self) -> &'static str {
        match self {
            IndicatorErrorKind::Empty => "empty text",
            IndicatorErrorKind::Number => "malformed number",
            IndicatorErrorKind::Comparator => "no comparator",
            IndicatorErrorKind::Unit => "unrecognised unit",
            IndicatorErrorKind::Tsv => "malformed TSV grid",
        }
    }
}

/// The error of every fallible operation in `cnbudget-indicator`.
///
/// Carries the [`Position`] of the problem (1-based line, column in characters, byte offset)
/// when it concerns a place in a text, as a TSV grid's line does.
///
/// ```
/// use cnbudget_indicator::{Comparator, IndicatorErrorKind};
/// let err = "约".parse::<Comparator>().unwrap_err();
/// assert_eq!(err.kind(), IndicatorErrorKind::Comparator);
/// assert!(err.to_string().contains("约"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct IndicatorError {
    kind: IndicatorErrorKind,
    position: Option<Position>,
    detail: String,
}

impl IndicatorError {
    /// A new error of `kind` with a human-readable `detail` (quoting the offending text).
    pub fn new(kind: IndicatorErrorKind, detail: impl Into<String>) -> Self {
        IndicatorError {
            kind,
            position: None,
            detail: detail.into(),
        }
    }

    /// The same error, placed at `position`.
    #[must_use]
    pub fn at(mut self, position: Position) -> Self {
        self.position = Some(position);
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> IndicatorErrorKind {
        self.kind
    }

    /// Where the problem is, when it concerns a place in a text.
    pub fn position(&self) -> Option<Position> {
        self.position
    }

    /// The detail text (usually quotes the input).
    pub fn detail(&self) -> &str {
        &self.detail
    }
}

impl fmt::Display for IndicatorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = self.position {
            write!(f, "{p}: ")?;
        }
        write!(f, "{}", self.kind.describe())?;
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        Ok(())
    }
}

impl std::error::Error for IndicatorError {}
