//! `document.not_budget`: input in which no budget table and no budget heading is found.

use cnbudget_table::TableKind;

use crate::Disclosure;
use crate::audit::{Finding, RuleId, Severity};

/// Words a budget or final account names itself with, in either script (`三公` for the pages
/// that publish only the “三公” figures).
const BUDGET_WORDS: &[&str] = &["预算", "决算", "預算", "決算", "三公"];

/// True when a line of Chinese text names a budget: a line holding one of [`BUDGET_WORDS`]
/// with more than four ideographs for each Latin letter (a README that explains, in English, what a 部门预算
/// is does not count).
fn names_a_budget(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut seen_to = 0;
    for w in BUDGET_WORDS {
        for at in memchr::memmem::find_iter(bytes, w.as_bytes()) {
            if at < seen_to {
                continue;
            }
            let start =
                memchr::memrchr(b'\n', bytes.get(..at).unwrap_or_default()).map_or(0, |p| p + 1);
            let end = memchr::memchr(b'\n', bytes.get(at..).unwrap_or_default())
                .map_or(bytes.len(), |p| at + p);
            seen_to = end;
            // A web page's markup is not text: its tags are Latin letters.
            let line = cnbudget_table::strip_markup(text.get(start..end).unwrap_or(""));
            let ideographs = line
                .chars()
                .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
                .count();
            let letters = line.chars().filter(char::is_ascii_alphabetic).count();
            if ideographs > letters * 4 {
                return true;
            }
        }
        seen_to = 0;
    }
    false
}

/// `document.not_budget`: no titled table of a budget kind was read and no line of Chinese
/// text names a budget (预算 / 决算), or the reader marked the input as needing OCR
/// ([`Disclosure::needs_ocr`]): whatever the audit says of such input says nothing of a budget.
pub(crate) fn not_budget(d: &Disclosure, out: &mut Vec<Finding>) {
    if d.needs_ocr {
        out.push(Finding::new(
            RuleId::DocumentNotBudget,
            Severity::Warning,
            "the input has no text layer (a scanned or image-only PDF): it needs OCR before it can be read as a budget; nothing was checked",
        ));
        return;
    }
    // A titled table of a budget kind (a README's example output is an untitled grid).
    let budget_table = d
        .document
        .tables
        .iter()
        .any(|t| t.kind != TableKind::Other && !t.rows.is_empty() && t.title.is_some());
    if budget_table {
        return;
    }
    if names_a_budget(&d.prepared.text) {
        return;
    }
    let what = if d.prepared.text.trim().is_empty() {
        "the input is empty"
    } else {
        "no budget or final-account table and no heading naming a budget (预算, 决算) were found"
    };
    out.push(Finding::new(
        RuleId::DocumentNotBudget,
        Severity::Warning,
        format!("{what}: this does not look like a budget disclosure, and nothing was checked"),
    ));
}
