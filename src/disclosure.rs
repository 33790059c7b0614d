//! One disclosure document, from bytes to typed data.

use std::convert::Infallible;
use std::path::Path;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{DisclosureError, DisclosureErrorKind};
use crate::meta::Metadata;
use crate::prose::{ProseFact, extract_paragraph_facts};

/// A budget or final-account disclosure read into typed data.
///
/// ```
/// use cnbudget::Disclosure;
///
/// let d = Disclosure::from_bytes(cnbudget::SAMPLE.as_bytes());
/// assert_eq!(d.metadata.year, Some(2023));
/// assert!(!d.document.tables.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Disclosure {
    /// The decoded, normalised, simplified text with its report (encoding, script, issues).
    pub prepared: cnbudget_text::Prepared,
    /// Who, which year, budget or final account, department or unit.
    pub metadata: Metadata,
    /// Tables, prose paragraphs, unplaced lines and the list of contents.
    pub document: cnbudget_table::Document,
    /// Figures stated in the prose.
    pub facts: Vec<ProseFact>,
    /// Performance goals (绩效目标), indicators and self-evaluations, with their findings.
    pub goals: cnbudget_indicator::Goals,
    /// For a PDF: its pages, where each stands in the text, and which need OCR.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pdf: Option<PdfPages>,
    /// True when the input had no text to read: a PDF without a text layer (scanned pages,
    /// images). The PDF reader sets it; the audit then reports `document.not_budget` saying
    /// that the input needs OCR, rather than auditing an empty document.
    ///
    /// ```
    /// use cnbudget::audit::RuleId;
    ///
    /// // What a PDF reader does with a file whose pages are images:
    /// let mut d = cnbudget::Disclosure::from_bytes(b"");
    /// d.needs_ocr = true;
    /// let findings = d.audit();
    /// assert_eq!(findings[0].rule, RuleId::DocumentNotBudget);
    /// assert!(findings[0].message.contains("needs OCR"));
    /// ```
    pub needs_ocr: bool,
}

/// How a PDF's pages map onto the text a [`Disclosure`] holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PdfPages {
    /// Each page: its number, the first line of the text it covers and how many lines.
    pub pages: Vec<PageLines>,
    /// Pages that show no text but draw something (scans): they need OCR to be read.
    pub text_less: Vec<u32>,
    /// Pages the PDF interpreter could not read.
    pub failed: Vec<u32>,
}

/// Where one page of a PDF stands in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PageLines {
    /// 1-based page number.
    pub page: u32,
    /// First line (1-based) of the text on this page.
    pub first_line: usize,
    /// Number of lines.
    pub lines: usize,
}

impl PdfPages {
    /// The page a 1-based line of the text stands on.
    ///
    /// ```
    /// # fn main() -> Result<(), cnbudget::DisclosureError> {
    /// let d = cnbudget::Disclosure::from_pdf(cnbudget::pdf::SAMPLE_PDF)?;
    /// let pages = d.pdf.as_ref().unwrap();
    /// assert_eq!(pages.page_of_line(1), Some(1));
    /// assert_eq!(pages.page_of_line(10_000), None);
    /// # Ok(())
    /// # }
    /// ```
    pub fn page_of_line(&self, line: usize) -> Option<u32> {
        self.pages
            .iter()
            .find(|p| line >= p.first_line && line < p.first_line + p.lines)
            .map(|p| p.page)
    }
}

impl Disclosure {
    /// Reads a document from raw bytes in any supported encoding, or a PDF (by its `%PDF-`
    /// header, see [`Disclosure::from_pdf`]). Never fails: what cannot be read is reported in
    /// [`Disclosure::prepared`] issues and [`cnbudget_table::Document::unplaced`]; a PDF that
    /// cannot be opened is read as text (and reads as no budget).
    pub fn from_bytes(bytes: &[u8]) -> Disclosure {
        if is_pdf(bytes)
            && let Ok(d) = Self::from_pdf(bytes)
        {
            return d;
        }
        Self::from_prepared(cnbudget_text::prepare(bytes))
    }

    /// Reads a PDF by its geometry: the text of its pages in reading order is the prepared
    /// text (prose, metadata, captions and tables without ruling lines are read from it), and
    /// each ruled table is read from its grid of cells ([`cnbudget_pdf`]), so names wrapped
    /// over lines, spanning header cells, figures split at the decimal point and pages printed
    /// sideways read as the page shows them. No external tool is needed. [`Disclosure::pdf`]
    /// maps lines to pages.
    ///
    /// # Errors
    ///
    /// [`DisclosureErrorKind::Pdf`] when the bytes are not a PDF, are encrypted, or hold no readable
    /// page tree.
    ///
    /// ```
    /// # fn main() -> Result<(), cnbudget::DisclosureError> {
    /// use cnbudget::table::{ColumnRole, TableKind};
    /// use rust_decimal::Decimal;
    /// let d = cnbudget::Disclosure::from_pdf(cnbudget::pdf::SAMPLE_PDF)?;
    /// let t = &d.document.tables[0];
    /// assert_eq!(t.kind, TableKind::GeneralBudgetByFunction);
    /// assert_eq!(t.amount("2101506", ColumnRole::Amount), Some(Decimal::new(31727, 2)));
    /// # Ok(())
    /// # }
    /// ```
    pub fn from_pdf(bytes: &[u8]) -> Result<Disclosure, DisclosureError> {
        let doc = cnbudget_pdf::Document::from_bytes(bytes)?;
        let laid = crate::pdf_text::layout_text(&doc);
        let prepared = cnbudget_text::prepare(laid.text.as_bytes());
        let grids = laid.grids(&doc, &prepared.text);
        let document = cnbudget_table::parse_with_grids(&prepared.text, grids, &Default::default());
        let pages = PdfPages {
            pages: laid
                .pages
                .iter()
                .map(|&(page, first_line, lines)| PageLines {
                    page,
                    first_line,
                    lines,
                })
                .collect(),
            text_less: doc
                .pages()
                .iter()
                .filter(|p| p.is_text_less())
                .map(|p| p.number)
                .collect(),
            failed: doc.failed_pages.clone(),
        };
        let mut d = Self::from_parts(prepared, document);
        d.needs_ocr = doc.is_text_less();
        d.pdf = Some(pages);
        Ok(d)
    }

    /// Reads a document already decoded to a string.
    pub fn from_text(text: &str) -> Disclosure {
        Self::from_bytes(text.as_bytes())
    }

    /// Reads a file. A PDF (by its `.pdf` extension or its first bytes) is read by its
    /// geometry ([`Disclosure::from_pdf`]). A spreadsheet or Word file (`.xlsx`, `.docx`, `.ods`, `.xls`,
    /// `.doc`: a zip or OLE2 container) is an [`DisclosureErrorKind::Format`] error that says to save it
    /// as CSV or text: its bytes are not text, and reading them as text would only give noise.
    ///
    /// ```
    /// let dir = std::env::temp_dir().join(format!("cnbudget-doc-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir).unwrap();
    /// let path = dir.join("budget.xlsx");
    /// std::fs::write(&path, b"PK\x03\x04 a zip container").unwrap();
    /// let err = cnbudget::Disclosure::from_path(&path).unwrap_err();
    /// assert_eq!(err.kind(), cnbudget::DisclosureErrorKind::Format);
    /// assert!(err.to_string().contains("CSV"));
    /// # std::fs::remove_dir_all(&dir).ok();
    /// ```
    pub fn from_path(path: impl AsRef<Path>) -> Result<Disclosure, DisclosureError> {
        let path = path.as_ref();
        let named_pdf = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
        let bytes = std::fs::read(path)
            .map_err(|e| DisclosureError::io(DisclosureErrorKind::Io, "cannot read", path, e))?;
        if named_pdf || is_pdf(&bytes) {
            return Self::from_pdf(&bytes).map_err(|e| e.context(path.display()));
        }
        let container = if bytes.starts_with(b"PK\x03\x04") {
            Some("a zip container (.xlsx, .docx, .ods …)")
        } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            Some("an OLE2 container (.xls, .doc …)")
        } else {
            None
        };
        if let Some(what) = container {
            return Err(DisclosureError::new(
                DisclosureErrorKind::Format,
                format!(
                    "{} is {what}, not text: save it as CSV or text (or extract its text) and read that",
                    path.display()
                ),
            ));
        }
        Ok(Self::from_bytes(&bytes))
    }

    /// Builds the disclosure from text prepared by [`cnbudget_text`].
    ///
    /// The document is [`cnbudget_table::parse`]'s, with one repair that needs the catalogues:
    /// names run together over two adjacent coded rows (`卫生健康支出行政事业单位` / `医疗`) are
    /// split back where the catalogue of the document's year says so; each repair leaves a
    /// warning on its table.
    pub fn from_prepared(prepared: cnbudget_text::Prepared) -> Disclosure {
        let document = cnbudget_table::parse(&prepared.text);
        Self::from_parts(prepared, document)
    }

    /// The disclosure of a prepared text and the tables read from it (or from its grids).
    fn from_parts(
        prepared: cnbudget_text::Prepared,
        mut document: cnbudget_table::Document,
    ) -> Disclosure {
        let metadata = Metadata::from_text(&prepared.text);
        if let Some(year) = metadata.year {
            crate::repair::split_run_together_names(&mut document, year);
        }
        let mut facts = Vec::new();
        extract_paragraph_facts(
            document
                .prose
                .iter()
                .map(|p| (p.text.as_str(), p.first_line)),
            &mut facts,
        );
        let goals = crate::indicators::goals(&document);
        Disclosure {
            prepared,
            metadata,
            document,
            facts,
            goals,
            pdf: None,
            needs_ocr: false,
        }
    }

    /// Runs every audit rule and returns the findings, most severe first.
    pub fn audit(&self) -> Vec<crate::audit::Finding> {
        crate::audit::audit(self)
    }

    /// The headline figures the tables print (total income and expenditure, 一般公共预算支出,
    /// 基本支出, 项目支出, “三公” and its parts, 机关运行经费, 政府采购), each with its table,
    /// line and unit; see [`crate::totals`] for which table wins when several print one.
    ///
    /// ```
    /// let d = cnbudget::Disclosure::from_bytes(cnbudget::SAMPLE.as_bytes());
    /// let t = d.totals();
    /// assert_eq!(t.expenditure_total.unwrap().amount.to_string(), "1836.42");
    /// assert_eq!(t.three_public.unwrap().amount.to_string(), "8.60");
    /// ```
    pub fn totals(&self) -> crate::totals::Totals {
        crate::totals::Totals::compute(self, &crate::audit::readings(self))
    }
}

impl FromStr for Disclosure {
    type Err = Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Disclosure::from_text(s))
    }
}

/// True for bytes that start (after at most 1 KB of junk, as readers allow) with `%PDF-`.
fn is_pdf(bytes: &[u8]) -> bool {
    bytes
        .get(..bytes.len().min(1024))
        .is_some_and(|head| head.windows(5).any(|w| w == b"%PDF-"))
}
