//! The facade's error type.

use std::fmt;

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
}

/// An error of the `cnbudget` facade: what happened and where.
///
/// ```
/// use cnbudget::{Disclosure, ErrorKind};
///
/// let err = Disclosure::from_path("/nonexistent/file.txt").unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Io);
/// assert!(err.to_string().contains("/nonexistent/file.txt"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DisclosureError {
    kind: ErrorKind,
    message: String,
}

impl DisclosureError {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        DisclosureError {
            kind,
            message: message.into(),
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

impl std::error::Error for DisclosureError {}
