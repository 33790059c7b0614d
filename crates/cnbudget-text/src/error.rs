//! The crate's one error type, [`TextError`], and the [`Position`] every crate's errors use.

use std::fmt;

/// A place in a text: 1-based line and column (the column counted in characters of the
/// line) and the byte offset. Every error of the cnbudget crates that concerns a place says
/// it with this type: [`TextError`] and `TextIssue` (in the ORIGINAL document, the byte offset
/// into the original input bytes), the catalogues' `CatalogueError` (in a catalogue file or a
/// parsed code), the table crate's `TableError` (in a cell or a document) and the indicator
/// crate's `IndicatorError` (in a TSV grid).
///
/// ```
/// use cnbudget_text::Position;
///
/// let p = Position::of("code,name\n21x,bad\n", 12);
/// assert_eq!((p.line, p.column, p.byte), (2, 3, 12));
/// assert_eq!(p.to_string(), "2:3");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Position {
    /// 1-based line number (lines end at `\n`, `\r\n` or a lone `\r`).
    pub line: usize,
    /// 1-based column, counted in characters (Unicode scalar values) of the decoded line.
    pub column: usize,
    /// Byte offset (into the original input bytes for a place in a prepared document).
    pub byte: usize,
}

impl Position {
    /// The position of byte offset `byte` of `text` (clamped to the text's length; an offset
    /// inside a character is that character's). Lines end at `\n`.
    pub fn of(text: &str, byte: usize) -> Position {
        let mut line = 1usize;
        let mut column = 1usize;
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
            line,
            column,
            byte: byte.min(text.len()),
        }
    }

    /// This position moved into a larger text in which the text it points into starts at
    /// `start`: on the first line the columns add up, on later lines only the line moves; the
    /// byte offsets add up.
    ///
    /// ```
    /// use cnbudget_text::Position;
    ///
    /// let cell_start = Position { line: 12, column: 5, byte: 300 };
    /// let in_cell = Position { line: 1, column: 4, byte: 3 };
    /// assert_eq!(in_cell.within(cell_start), Position { line: 12, column: 8, byte: 303 });
    /// ```
    #[must_use]
    pub fn within(self, start: Position) -> Position {
        let line = start.line.saturating_add(self.line.saturating_sub(1));
        let column = if self.line <= 1 {
            start.column.saturating_add(self.column.saturating_sub(1))
        } else {
            self.column
        };
        Position {
            line,
            column,
            byte: start.byte.saturating_add(self.byte),
        }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// What kind of failure a [`TextError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TextErrorKind {
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
    kind: TextErrorKind,
    position: Option<Position>,
    detail: String,
}

impl TextError {
    pub(crate) fn new(
        kind: TextErrorKind,
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
    pub fn kind(&self) -> TextErrorKind {
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
            TextErrorKind::MalformedInput => "malformed input",
            TextErrorKind::UnsupportedEncoding => "unsupported encoding",
            TextErrorKind::Converter => "script converter failed",
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
