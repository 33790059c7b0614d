//! The glyphs of every page of every shared PDF against `pdftotext` (poppler), the reference
//! text extraction. Per page and per CJK character or digit, pdftotext's count lies between
//! the glyphs we read and those plus the ones we find hidden: pdftotext ignores clipping (it
//! prints the hidden part of a long cell's text that Excel or WPS write on every page) and
//! keeps a glyph cut by the page edge that we leave out when its centre is off the page.
//!
//! Runs only where `pdftotext` is installed (poppler-utils); CI installs it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

fn counted(c: char) -> bool {
    c.is_ascii_digit() || matches!(c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF)
}

fn multiset(s: &str) -> BTreeMap<char, i64> {
    let mut m = BTreeMap::new();
    for c in s.chars().filter(|&c| counted(c)) {
        *m.entry(c).or_insert(0) += 1;
    }
    m
}

/// Per page, `pdftotext -layout`'s text; `None` when the tool is missing.
fn pdftotext(path: &Path) -> Option<Vec<String>> {
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        path.display()
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    // pdftotext ends the last page with a form feed.
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    Some(pages)
}

/// (pages compared, pages that differ with a description of each difference).
fn compare(path: &Path) -> Option<(usize, Vec<String>)> {
    let reference = pdftotext(path)?;
    let doc = cnbudget_pdf::Document::from_bytes(&std::fs::read(path).unwrap()).unwrap();
    assert!(
        doc.failed_pages.is_empty(),
        "{}: pages failed {:?}",
        path.display(),
        doc.failed_pages
    );
    assert_eq!(
        doc.pages().len(),
        reference.len(),
        "{}: page count",
        path.display()
    );
    let mut diffs = Vec::new();
    for (p, r) in doc.pages().iter().zip(&reference) {
        let seen: String = p.glyphs().iter().map(|g| g.ch).collect();
        let hidden: String = p.hidden_glyphs().iter().map(|g| g.ch).collect();
        let (a, h, b) = (multiset(&seen), multiset(&hidden), multiset(r));
        let mut d = Vec::new();
        for c in a
            .keys()
            .chain(b.keys())
            .collect::<std::collections::BTreeSet<_>>()
        {
            let x = a.get(c).copied().unwrap_or(0);
            let y = b.get(c).copied().unwrap_or(0);
            let z = h.get(c).copied().unwrap_or(0);
            if y < x || y > x + z {
                d.push(format!("{c}:{x}+{z}/{y}"));
            }
        }
        if !d.is_empty() {
            diffs.push(format!(
                "{} p{}: read+hidden/pdftotext {}",
                path.file_name().unwrap().to_string_lossy(),
                p.number,
                d.join(" ")
            ));
        }
    }
    Some((doc.pages().len(), diffs))
}

#[test]
fn every_page_has_pdftotexts_characters_and_digits() {
    let mut files = cnbudget_testkit::files("corpus", &["pdf"]);
    files.extend(cnbudget_testkit::files("corpus-wide", &["pdf"]));
    if files.is_empty() {
        return;
    }
    if Command::new("pdftotext").arg("-v").output().is_err() {
        eprintln!("NOTICE: pdftotext not installed; the cross-check is skipped");
        return;
    }
    let (mut pages, mut bad) = (0, Vec::new());
    for f in &files {
        let (n, d) = compare(f).unwrap();
        pages += n;
        bad.extend(d);
    }
    assert!(pages > 1000, "{pages} pages");
    assert!(
        bad.is_empty(),
        "{} of {pages} pages differ:\n{}",
        bad.len(),
        bad.join("\n")
    );
}
