//! Tables printed over several pages: each page's part read as a table of its own is joined
//! back to the part before it.

use crate::build::complete_segment_codes;
use crate::classify::squash;
use crate::model::{Document, Table, TableKind};

/// The title without a continuation mark (`（续）`, `续表`), squashed.
pub(crate) fn base_title(t: &str) -> String {
    let sq = squash(t);
    sq.trim_end_matches(['）', ')'])
        .trim_end_matches('续')
        .trim_end_matches(['（', '('])
        .trim_start_matches("续表")
        .to_string()
}

/// Whether `next` continues `prev`: a budget table (not a form) with the same title (or none)
/// and number, the same kind, the same columns, and no prose between them.
fn continues(prev: &Table, next: &Table, doc: &Document) -> bool {
    let same_title = match (&prev.title, &next.title) {
        (Some(a), Some(b)) => base_title(a) == base_title(b),
        (Some(_), None) => true,
        _ => false,
    };
    let same_number = next.number.is_none() || next.number == prev.number;
    let same_columns = prev.columns.len() == next.columns.len()
        && prev
            .columns
            .iter()
            .zip(&next.columns)
            .all(|(a, b)| a.role == b.role && (b.path.is_empty() || a.path == b.path));
    let prose_between = doc
        .prose
        .iter()
        .any(|p| p.first_line > prev.last_line && p.last_line < next.first_line);
    // A performance form under the same title is the next project's form, not a continuation.
    let form = matches!(
        prev.kind,
        TableKind::ProjectPerformance
            | TableKind::OverallPerformance
            | TableKind::PerformanceSelfEvaluation
            | TableKind::Other
    );
    !form
        && same_title
        && same_number
        && prev.kind == next.kind
        && prev.layout == next.layout
        && prev.grid.is_none()
        && next.grid.is_none()
        && same_columns
        && !next.columns.is_empty()
        && !prose_between
        && next.first_line > prev.last_line
}

/// Joins every table continuing the one before it (rows, notes and warnings appended; codes
/// printed as their own segment completed across the join).
pub(crate) fn continued_tables(doc: &mut Document) {
    let mut i = 1;
    while i < doc.tables.len() {
        let joins = match (doc.tables.get(i - 1), doc.tables.get(i)) {
            (Some(prev), Some(next)) => continues(prev, next, doc),
            _ => false,
        };
        if !joins {
            i += 1;
            continue;
        }
        let next = doc.tables.remove(i);
        if let Some(prev) = doc.tables.get_mut(i - 1) {
            prev.last_line = next.last_line;
            prev.header_lines.extend(next.header_lines);
            prev.rows.extend(next.rows);
            prev.notes.extend(next.notes);
            prev.warnings.extend(next.warnings);
            prev.empty = prev.empty && next.empty;
            complete_segment_codes(prev);
        }
    }
}
