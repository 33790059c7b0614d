//! The facade's error type.

use std::fmt;
use std::sync::Arc;

/// What went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A file could not be read or written.
    Io,
    /// A PDF could not be converted to text (`pdftotext` missing or failing).
    Pdf,
    /// An export could not be written.
    Export,
    /// A file that is not text and that this crate does not convert (a spreadsheet or a
    /// Word file: a zip or OLE2 container).
    Format,
}

/// An error of the `cnbudget` facade: what happened and where.
///
/// ```
/// use cnbudget::{Disclosure, ErrorKind};
///
/// let err = Disclosure::from_path("/nonexistent/file.txt").unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Io);
/// assert!(err.to_string().contains("/nonexistent/file.txt"));
/// // The underlying I/O error is kept.
/// assert!(std::error::Error::source(&err).is_some());
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DisclosureError {
    kind: ErrorKind,
    message: String,
    source: Option<Arc<std::io::Error>>,
}

impl PartialEq for DisclosureError {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind && self.message == other.message
    }
}

impl Eq for DisclosureError {}

impl DisclosureError {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        DisclosureError {
            kind,
            message: message.into(),
            source: None,
        }
    }

    /// An I/O error on `path`, keeping the underlying error as the source.
    pub(crate) fn io(
        kind: ErrorKind,
        what: &str,
        path: &std::path::Path,
        err: std::io::Error,
    ) -> Self {
        DisclosureError {
            kind,
            message: format!("{what} {}: {err}", path.display()),
            source: Some(Arc::new(err)),
        }
    }

    /// What kind of error this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
}

impl fmt::Display for DisclosureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DisclosureError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl From<std::io::Error> for DisclosureError {
    fn from(err: std::io::Error) -> Self {
        DisclosureError {
            kind: ErrorKind::Io,
            message: err.to_string(),
            source: Some(Arc::new(err)),
        }
    }
}
