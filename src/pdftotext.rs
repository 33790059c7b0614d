//! Reading a `.pdf` through `pdftotext -layout` (poppler-utils), when it is installed.
//!
//! PDF parsing is not ours: this only runs the tool users already have.

use std::path::Path;
use std::process::Command;

use crate::error::{DisclosureError, ErrorKind};

/// Converts a PDF to UTF-8 text with `pdftotext -layout -enc UTF-8 FILE -`.
pub(crate) fn pdftotext(path: &Path) -> Result<Vec<u8>, DisclosureError> {
    let output = Command::new("pdftotext")
        .arg("-layout")
        .arg("-enc")
        .arg("UTF-8")
        .arg(path)
        .arg("-")
        .output()
        .map_err(|e| {
            DisclosureError::new(
                ErrorKind::Pdf,
                format!(
                    "cannot run pdftotext to read {} ({e}); install poppler-utils \
                     (Debian/Ubuntu: apt-get install poppler-utils) or convert the PDF to text yourself",
                    path.display()
                ),
            )
        })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(DisclosureError::new(
            ErrorKind::Pdf,
            format!(
                "pdftotext failed on {} ({}): {}",
                path.display(),
                output.status,
                stderr.trim()
            ),
        ));
    }
    Ok(output.stdout)
}
