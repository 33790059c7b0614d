//! The crate's one error type, [`TextError`].

use std::fmt;

/// A position in the ORIGINAL document: 1-based line and column (column counted in
/// characters of the decoded line) plus the byte offset into the original bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Position {
    /// 1-based line number (lines end at `\n`, `\r\n` or a lone `\r`).
    pub line: usize,
    /// 1-based column, counted in characters (Unicode scalar values) of the decoded line.
    pub column: usize,
    /// Byte offset into the original input bytes.
    pub byte: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// What kind of failure a [`TextError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Strict decoding met bytes that are not valid in the chosen encoding.
    MalformedInput,
    /// The named encoding is not one this crate reads.
    UnsupportedEncoding,
    /// A script converter could not be loaded or failed.
    Converter,
}

/// The error type of `cnbudget-text`, returned by the fallible pieces (strict decoding,
/// loading a converter). [`crate::prepare`] itself never fails.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TextError {
    kind: ErrorKind,
    position: Option<Position>,
    detail: String,
}

impl TextError {
    pub(crate) fn new(
        kind: ErrorKind,
        position: Option<Position>,
        detail: impl Into<String>,
    ) -> Self {
        Self {
            kind,
            position,
            detail: detail.into(),
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Where it went wrong, in the original document, if the error concerns a place.
    pub fn position(&self) -> Option<Position> {
        self.position
    }

    /// A human-readable detail (encoding name, bytes seen, converter message).
    pub fn detail(&self) -> &str {
        &self.detail
    }
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            ErrorKind::MalformedInput => "malformed input",
            ErrorKind::UnsupportedEncoding => "unsupported encoding",
            ErrorKind::Converter => "script converter failed",
        };
        match self.position {
            Some(p) => write!(
                f,
                "{what} at line {}, column {} (byte {})",
                p.line, p.column, p.byte
            )?,
            None => write!(f, "{what}")?,
        }
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        Ok(())
    }
}

impl std::error::Error for TextError {}
