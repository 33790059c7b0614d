//! The facade's error type.

use std::fmt;
use std::sync::Arc;

use cnbudget_economic::EconomicError;
use cnbudget_functional::FunctionError;
use cnbudget_indicator::IndicatorError;
use cnbudget_pdf::PdfError;
use cnbudget_table::TableError;
use cnbudget_text::{ParseNameError, Position, TextError};

/// What went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DisclosureErrorKind {
    /// A file could not be read or written.
    Io,
    /// A PDF could not be read (not a PDF, encrypted, no readable page tree): the source is
    /// the [`PdfError`].
    Pdf,
    /// An export could not be written.
    Export,
    /// A file that is not text and that this crate does not convert (a spreadsheet or a
    /// Word file: a zip or OLE2 container).
    Format,
    /// Text could not be decoded or converted: the source is the [`TextError`].
    Text,
    /// A cell could not be read strictly: the source is the [`TableError`].
    Table,
    /// A performance target or grid could not be read: the source is the
    /// [`IndicatorError`].
    Indicator,
    /// A classification code, name chain or catalogue file could not be read: the source is
    /// the [`FunctionError`] or [`EconomicError`].
    Catalogue,
    /// A name that names none of a type's values: the source is the [`ParseNameError`].
    Name,
}

/// The error of a workspace crate that a [`DisclosureError`] wraps.
#[derive(Debug, Clone)]
enum Source {
    Io(Arc<std::io::Error>),
    Text(TextError),
    Table(TableError),
    Indicator(IndicatorError),
    Pdf(PdfError),
    Function(FunctionError),
    Economic(EconomicError),
    Name(ParseNameError),
}

impl Source {
    fn error(&self) -> &(dyn std::error::Error + 'static) {
        match self {
            Source::Io(e) => e.as_ref(),
            Source::Text(e) => e,
            Source::Table(e) => e,
            Source::Indicator(e) => e,
            Source::Pdf(e) => e,
            Source::Function(e) => e,
            Source::Economic(e) => e,
            Source::Name(e) => e,
        }
    }
}

/// An error of the `cnbudget` facade: what happened and where.
///
/// It wraps the error of the workspace crate that failed (`From` each of them, so `?` works
/// in a function that returns a `DisclosureError`) and gives it back as
/// [`source`](std::error::Error::source); [`DisclosureError::position`] is the source's
/// position when it has one.
///
/// ```
/// use cnbudget::{Disclosure, DisclosureErrorKind};
///
/// let err = Disclosure::from_path("/nonexistent/file.txt").unwrap_err();
/// assert_eq!(err.kind(), DisclosureErrorKind::Io);
/// assert!(err.to_string().contains("/nonexistent/file.txt"));
/// // The underlying I/O error is kept.
/// assert!(std::error::Error::source(&err).is_some());
/// ```
///
/// The crates' errors convert, keeping their position:
///
/// ```
/// use cnbudget::{DisclosureError, DisclosureErrorKind};
/// use cnbudget::functional::FunctionCode;
///
/// fn code(text: &str) -> Result<FunctionCode, DisclosureError> {
///     Ok(text.parse::<FunctionCode>()?)
/// }
/// let err = code("210x").unwrap_err();
/// assert_eq!(err.kind(), DisclosureErrorKind::Catalogue);
/// assert_eq!(err.position().map(|p| p.column), Some(4));
/// let source = std::error::Error::source(&err).unwrap();
/// assert!(source.downcast_ref::<cnbudget::functional::FunctionError>().is_some());
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DisclosureError {
    kind: DisclosureErrorKind,
    message: String,
    // Boxed: the crates' errors are large, and a `Result` should stay small.
    source: Option<Box<Source>>,
}

impl PartialEq for DisclosureError {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind && self.message == other.message
    }
}

impl Eq for DisclosureError {}

impl DisclosureError {
    pub(crate) fn new(kind: DisclosureErrorKind, message: impl Into<String>) -> Self {
        DisclosureError {
            kind,
            message: message.into(),
            source: None,
        }
    }

    /// An I/O error on `path`, keeping the underlying error as the source.
    pub(crate) fn io(
        kind: DisclosureErrorKind,
        what: &str,
        path: &std::path::Path,
        err: std::io::Error,
    ) -> Self {
        DisclosureError {
            kind,
            message: format!("{what} {}: {err}", path.display()),
            source: Some(Box::new(Source::Io(Arc::new(err)))),
        }
    }

    /// The same error, its message prefixed with `context` (`path: …`).
    pub(crate) fn context(mut self, context: impl fmt::Display) -> Self {
        self.message = format!("{context}: {}", self.message);
        self
    }

    /// What kind of error this is.
    pub fn kind(&self) -> DisclosureErrorKind {
        self.kind
    }

    /// Where the problem is, when the wrapped error says (a code's character, a cell's
    /// character, a line of a catalogue file or a TSV grid, a byte of undecodable text).
    pub fn position(&self) -> Option<Position> {
        match self.source.as_deref()? {
            Source::Text(e) => e.position(),
            Source::Table(e) => Some(e.position()),
            Source::Indicator(e) => e.position(),
            Source::Function(e) => e.position(),
            Source::Economic(e) => e.position(),
            Source::Io(_) | Source::Pdf(_) | Source::Name(_) => None,
        }
    }

    fn wrap(kind: DisclosureErrorKind, source: Source) -> Self {
        DisclosureError {
            kind,
            message: source.error().to_string(),
            source: Some(Box::new(source)),
        }
    }
}

impl fmt::Display for DisclosureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DisclosureError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(Source::error)
    }
}

impl From<std::io::Error> for DisclosureError {
    fn from(err: std::io::Error) -> Self {
        DisclosureError::wrap(DisclosureErrorKind::Io, Source::Io(Arc::new(err)))
    }
}

impl From<TextError> for DisclosureError {
    fn from(err: TextError) -> Self {
        DisclosureError::wrap(DisclosureErrorKind::Text, Source::Text(err))
    }
}

impl From<TableError> for DisclosureError {
    fn from(err: TableError) -> Self {
        DisclosureError::wrap(DisclosureErrorKind::Table, Source::Table(err))
    }
}

impl From<IndicatorError> for DisclosureError {
    fn from(err: IndicatorError) -> Self {
        DisclosureError::wrap(DisclosureErrorKind::Indicator, Source::Indicator(err))
    }
}

impl From<PdfError> for DisclosureError {
    fn from(err: PdfError) -> Self {
        DisclosureError::wrap(DisclosureErrorKind::Pdf, Source::Pdf(err))
    }
}

impl From<FunctionError> for DisclosureError {
    fn from(err: FunctionError) -> Self {
        DisclosureError::wrap(DisclosureErrorKind::Catalogue, Source::Function(err))
    }
}

impl From<EconomicError> for DisclosureError {
    fn from(err: EconomicError) -> Self {
        DisclosureError::wrap(DisclosureErrorKind::Catalogue, Source::Economic(err))
    }
}

impl From<ParseNameError> for DisclosureError {
    fn from(err: ParseNameError) -> Self {
        DisclosureError::wrap(DisclosureErrorKind::Name, Source::Name(err))
    }
}
