//! One disclosure document, from bytes to typed data.

use std::convert::Infallible;
use std::path::Path;
use std::str::FromStr;

use serde::Serialize;

use crate::error::{DisclosureError, ErrorKind};
use crate::meta::Metadata;
use crate::prose::{ProseFact, extract_facts_into};

/// A budget or final-account disclosure read into typed data.
///
/// ```
/// use cnbudget::Disclosure;
///
/// let d = Disclosure::from_bytes(cnbudget::SAMPLE.as_bytes());
/// assert_eq!(d.metadata.year, Some(2023));
/// assert!(!d.document.tables.is_empty());
/// ```
#[derive(Debug, Clone, Serialize)]
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

impl Disclosure {
    /// Reads a document from raw bytes in any supported encoding. Never fails: what cannot be
    /// read is reported in [`Disclosure::prepared`] issues and [`cnbudget_table::Document::unplaced`].
    pub fn from_bytes(bytes: &[u8]) -> Disclosure {
        Self::from_prepared(cnbudget_text::prepare(bytes))
    }

    /// Reads a document already decoded to a string.
    pub fn from_text(text: &str) -> Disclosure {
        Self::from_bytes(text.as_bytes())
    }

    /// Reads a file. A PDF (by its `.pdf` extension or its first bytes) is converted with
    /// `pdftotext -layout` (poppler-utils) when it is on the `PATH`; without it the error says
    /// which package to install. A spreadsheet or Word file (`.xlsx`, `.docx`, `.ods`, `.xls`,
    /// `.doc`: a zip or OLE2 container) is an [`ErrorKind::Format`] error that says to save it
    /// as CSV or text: its bytes are not text, and reading them as text would only give noise.
    ///
    /// ```
    /// let dir = std::env::temp_dir().join(format!("cnbudget-doc-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir).unwrap();
    /// let path = dir.join("budget.xlsx");
    /// std::fs::write(&path, b"PK\x03\x04 a zip container").unwrap();
    /// let err = cnbudget::Disclosure::from_path(&path).unwrap_err();
    /// assert_eq!(err.kind(), cnbudget::ErrorKind::Format);
    /// assert!(err.to_string().contains("CSV"));
    /// # std::fs::remove_dir_all(&dir).ok();
    /// ```
    pub fn from_path(path: impl AsRef<Path>) -> Result<Disclosure, DisclosureError> {
        let path = path.as_ref();
        let is_pdf = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
        if is_pdf {
            return Ok(Self::from_bytes(&crate::pdf::pdftotext(path)?));
        }
        let bytes = std::fs::read(path)
            .map_err(|e| DisclosureError::io(ErrorKind::Io, "cannot read", path, e))?;
        if bytes.starts_with(b"%PDF-") {
            return Ok(Self::from_bytes(&crate::pdf::pdftotext(path)?));
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
                ErrorKind::Format,
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
        let mut document = cnbudget_table::parse(&prepared.text);
        let metadata = Metadata::from_text(&prepared.text);
        if let Some(year) = metadata.year.and_then(|y| u16::try_from(y).ok()) {
            crate::repair::split_run_together_names(&mut document, year);
        }
        let mut facts = Vec::new();
        for paragraph in &document.prose {
            for (offset, line) in paragraph.text.lines().enumerate() {
                extract_facts_into(line, paragraph.first_line + offset, &mut facts);
            }
        }
        let goals = crate::indicators::goals(&document);
        Disclosure {
            prepared,
            metadata,
            document,
            facts,
            goals,
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
