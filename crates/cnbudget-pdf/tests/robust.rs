//! Hostile and broken PDFs: an error or a partial reading, never a panic or a hang.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cnbudget_pdf::{Document, Options, PdfErrorKind, SAMPLE_PDF};
use proptest::prelude::*;

/// A one-page PDF whose page draws `content`, with a correct cross-reference table.
fn pdf_with_content(content: &[u8]) -> Vec<u8> {
    let objs: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_vec(),
        [
            format!("<< /Length {} >>\nstream\n", content.len()).as_bytes(),
            content,
            b"\nendstream",
        ]
        .concat(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[test]
fn not_a_pdf_is_an_error() {
    for bytes in [&b""[..], b"hello", b"\x00\x01\x02", "部门预算".as_bytes()] {
        assert_eq!(
            Document::from_bytes(bytes).unwrap_err().kind(),
            PdfErrorKind::NotPdf
        );
    }
}

#[test]
fn a_broken_cross_reference_table_is_recovered_or_an_error() {
    // Point startxref at nonsense: the reader falls back to scanning the objects.
    let mut bytes = SAMPLE_PDF.to_vec();
    let at = bytes.windows(9).rposition(|w| w == b"startxref").unwrap();
    bytes.truncate(at);
    bytes.extend_from_slice(b"startxref\n999999\n%%EOF\n");
    let d = Document::from_bytes(&bytes).unwrap();
    assert_eq!(d.pages()[0].grids().len(), 1);
    // Without any page tree at all: an error.
    let err = Document::from_bytes(b"%PDF-1.7\n1 0 obj\n<< >>\nendobj\n").unwrap_err();
    assert_eq!(err.kind(), PdfErrorKind::Invalid);
}

#[test]
fn a_page_of_a_million_rulings_is_bounded() {
    // 10^6 horizontal strokes: kept up to the point limit, too many to be a table.
    let mut content = Vec::with_capacity(30_000_000);
    for i in 0..1_000_000u32 {
        let y = 10 + i % 800;
        content.extend_from_slice(format!("10 {y} m 500 {y} l S\n").as_bytes());
    }
    let bytes = pdf_with_content(&content);
    let options = Options::default().with_max_path_points_per_page(400_000);
    let d = Document::with_options(&bytes, &options).unwrap();
    let p = &d.pages()[0];
    assert!(p.grids().is_empty());
    assert!(p.dropped.over_limit >= 1_000_000 * 2 - 400_000);
}

#[test]
fn a_page_of_images_only_needs_ocr() {
    // An inline 1×1 image and no text: a scan.
    let bytes = pdf_with_content(b"q 100 0 0 100 50 50 cm BI /W 1 /H 1 /CS /G /BPC 8 ID \x80 EI Q");
    let d = Document::from_bytes(&bytes).unwrap();
    assert!(d.is_text_less());
    assert!(d.pages()[0].is_text_less());
    let sample = Document::from_bytes(SAMPLE_PDF).unwrap();
    assert!(!sample.is_text_less());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    /// Bytes of the sample overwritten, truncated or spliced never make the reader panic.
    #[test]
    fn mutated_pdfs_never_panic(
        edits in proptest::collection::vec((0usize..4000, any::<u8>()), 0..40),
        cut in 0usize..4000,
        splice in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        let mut bytes = SAMPLE_PDF.to_vec();
        for (at, b) in edits {
            let n = bytes.len();
            if n > 0 {
                bytes[at % n] = b;
            }
        }
        let at = cut % (bytes.len() + 1);
        bytes.splice(at..at, splice);
        if let Ok(d) = Document::from_bytes(&bytes) {
            for p in d.pages() {
                for g in p.grids() {
                    prop_assert!(g.cells.len() <= g.rows * g.cols);
                }
                let _ = p.text();
            }
        }
    }

    /// Random content streams (operators with random operands) never panic.
    #[test]
    fn random_content_streams_never_panic(ops in proptest::collection::vec(
        (prop::sample::select(vec!["m", "l", "c", "re", "S", "f", "f*", "B", "W n", "q", "Q", "cm",
            "BT", "ET", "Tj", "TJ", "Tf", "Td", "Tm", "rg", "RG", "w", "h", "Do", "gs"]),
         proptest::collection::vec(-1e6f64..1e6, 0..6)),
        0..200)) {
        let mut content = String::new();
        for (op, args) in ops {
            for a in args {
                content.push_str(&format!("{a} "));
            }
            content.push_str(op);
            content.push('\n');
        }
        let bytes = pdf_with_content(content.as_bytes());
        let d = Document::from_bytes(&bytes).unwrap();
        prop_assert_eq!(d.pages().len(), 1);
    }
}
