//! The crate's error type.

use std::fmt;

/// What went wrong reading a PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PdfErrorKind {
    /// The bytes are not a PDF (no `%PDF-` header).
    NotPdf,
    /// The file is encrypted with a password.
    Encrypted,
    /// The file is a PDF but no page tree could be read from it.
    Invalid,
}

/// An error reading a PDF: what went wrong, with a sentence that says why.
///
/// A PDF fails as a whole (no `%PDF-` header, a password, no page tree), and the PDF parser
/// reports no offset for it, so this error has no position; a page that cannot be read is
/// not an error but a number in `Document::failed_pages`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PdfError {
    kind: PdfErrorKind,
    message: String,
}

impl PdfError {
    pub(crate) fn new(kind: PdfErrorKind, message: impl Into<String>) -> PdfError {
        PdfError {
            kind,
            message: message.into(),
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> PdfErrorKind {
        self.kind
    }
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            PdfErrorKind::NotPdf => "not a PDF",
            PdfErrorKind::Encrypted => "encrypted PDF",
            PdfErrorKind::Invalid => "unreadable PDF",
        };
        write!(f, "{what}: {}", self.message)
    }
}

impl std::error::Error for PdfError {}
