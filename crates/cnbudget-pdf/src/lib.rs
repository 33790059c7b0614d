//! Read a PDF as geometry — glyphs with boxes, the ruling lines of its tables, and the cells
//! they make — in pure Rust.
//!
//! Most tables in PDFs exported from Excel, WPS or Word are drawn with ruling lines. Text
//! extraction loses them; this crate keeps them: it interprets each page with
//! [`hayro_interpret`], keeps the glyphs a reader sees (inside the page and its clip, drawn
//! once), finds the ruling lines (stroked, or filled as thin shapes), and builds a [`Grid`] for
//! each connected set of lines: cells with their row and column, their spans where no line
//! separates them, and the text inside each cell line by line. Pages printed sideways are
//! turned upright; text outside grids comes as [`TextLine`]s in reading order.
//!
//! ```
//! # fn main() -> Result<(), cnbudget_pdf::PdfError> {
//! let doc = cnbudget_pdf::Document::from_bytes(cnbudget_pdf::SAMPLE_PDF)?;
//! let page = &doc.pages()[0];
//! let grid = &page.grids()[0];
//! let rows = grid.text_rows();
//! assert_eq!(rows[0][0], "功能分类科目");
//! assert_eq!(rows[2][1], "医疗保障管理事务");
//! assert!(page.lines().iter().any(|l| l.text.contains("单位：万元")));
//! # Ok(())
//! # }
//! ```
//!
//! Nothing here knows about budgets: the crate reads ruled tables from any PDF.
#![deny(missing_docs)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod collect;
mod error;
mod geom;
mod glyph;
mod grid;
mod page;
mod ruling;
mod text;

use std::panic::{AssertUnwindSafe, catch_unwind};

use hayro_interpret::InterpreterCache;
use hayro_syntax::Pdf;

pub use error::{PdfError, PdfErrorKind};
pub use geom::Rect;
pub use glyph::{Dropped, Glyph};
pub use grid::{Cell, Grid};
pub use page::Page;
pub use ruling::{Orientation, Ruling};
pub use text::{TextLine, Word};

/// The README's examples, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// A one-page PDF made for this crate's examples and tests: a small ruled table
/// (一般公共预算支出表 with 科目编码, 科目名称 and three amount columns, one header cell spanning
/// two columns) under a title and a unit line.
pub const SAMPLE_PDF: &[u8] = include_bytes!("../testdata/sample.pdf");

/// Limits that keep hostile files bounded in time and memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// Pages read at most (the rest are counted in [`Document::skipped_pages`]).
    pub max_pages: usize,
    /// Glyphs kept per page at most.
    pub max_glyphs_per_page: usize,
    /// Path points kept per page at most.
    pub max_path_points_per_page: usize,
}

impl Options {
    /// These options with at most `n` pages read.
    ///
    /// ```
    /// let o = cnbudget_pdf::Options::default().with_max_pages(3);
    /// assert_eq!(o.max_pages, 3);
    /// ```
    #[must_use]
    pub fn with_max_pages(mut self, n: usize) -> Options {
        self.max_pages = n;
        self
    }

    /// These options with at most `n` glyphs kept per page.
    #[must_use]
    pub fn with_max_glyphs_per_page(mut self, n: usize) -> Options {
        self.max_glyphs_per_page = n;
        self
    }

    /// These options with at most `n` path points kept per page.
    #[must_use]
    pub fn with_max_path_points_per_page(mut self, n: usize) -> Options {
        self.max_path_points_per_page = n;
        self
    }
}

impl Default for Options {
    fn default() -> Options {
        Options {
            max_pages: 5_000,
            max_glyphs_per_page: 200_000,
            max_path_points_per_page: 2_000_000,
        }
    }
}

/// A PDF read as geometry, page by page.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Document {
    pages: Vec<Page>,
    /// Pages beyond [`Options::max_pages`].
    pub skipped_pages: usize,
    /// Pages the interpreter could not read (their numbers): they are missing from
    /// [`Document::pages`].
    pub failed_pages: Vec<u32>,
}

impl Document {
    /// Reads every page with the default [`Options`].
    ///
    /// # Errors
    ///
    /// [`PdfErrorKind::NotPdf`] when the bytes do not start like a PDF,
    /// [`PdfErrorKind::Encrypted`] for a file that needs a password, [`PdfErrorKind::Invalid`]
    /// when no page tree can be found.
    ///
    /// ```
    /// let err = cnbudget_pdf::Document::from_bytes(b"just text").unwrap_err();
    /// assert_eq!(err.kind(), cnbudget_pdf::PdfErrorKind::NotPdf);
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> Result<Document, PdfError> {
        Document::with_options(bytes, &Options::default())
    }

    /// Reads every page within `options`' limits.
    ///
    /// # Errors
    ///
    /// As [`Document::from_bytes`].
    pub fn with_options(bytes: &[u8], options: &Options) -> Result<Document, PdfError> {
        let head = bytes.get(..bytes.len().min(1024)).unwrap_or(bytes);
        if !head.windows(5).any(|w| w == b"%PDF-") {
            return Err(PdfError::new(
                PdfErrorKind::NotPdf,
                "no %PDF- header in the first 1024 bytes",
            ));
        }
        let pdf = match catch_unwind(|| Pdf::new(bytes.to_vec())) {
            Ok(Ok(pdf)) => pdf,
            Ok(Err(hayro_syntax::LoadPdfError::Decryption(e))) => {
                return Err(PdfError::new(
                    PdfErrorKind::Encrypted,
                    format!(
                        "the file is encrypted and cannot be opened without a password ({e:?})"
                    ),
                ));
            }
            Ok(Err(_)) | Err(_) => {
                return Err(PdfError::new(
                    PdfErrorKind::Invalid,
                    "no readable page tree (broken cross-reference table or objects)",
                ));
            }
        };
        let limits = collect::Limits {
            glyphs: options.max_glyphs_per_page,
            path_points: options.max_path_points_per_page,
        };
        let cache = InterpreterCache::new();
        let mut spare = collect::Spare::default();
        let all = pdf.pages();
        let mut pages = Vec::with_capacity(all.len().min(options.max_pages));
        let mut failed_pages = Vec::new();
        for (i, p) in all.iter().enumerate().take(options.max_pages) {
            let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
            // The interpreter is third-party code: a page it cannot survive is reported as
            // failed, not allowed to take the caller down.
            match catch_unwind(AssertUnwindSafe(|| {
                page::read(p, number, &cache, limits, &mut spare)
            })) {
                Ok(page) => pages.push(page),
                Err(_) => failed_pages.push(number),
            }
        }
        Ok(Document {
            skipped_pages: all.len().saturating_sub(options.max_pages),
            pages,
            failed_pages,
        })
    }

    /// The pages read, in order.
    pub fn pages(&self) -> &[Page] {
        &self.pages
    }

    /// True when no page shows text but some page draws something: the file is a scan (or
    /// text drawn as curves) and needs OCR.
    pub fn is_text_less(&self) -> bool {
        self.pages.iter().all(|p| p.glyphs().is_empty())
            && self.pages.iter().any(Page::is_text_less)
    }
}
