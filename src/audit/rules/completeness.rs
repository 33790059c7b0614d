//! `completeness.contents`: every table the 目录 lists is in the document.

use cnbudget_table::{Document, TableKind};

use crate::audit::{Finding, RuleId, Severity};

/// `completeness.contents`: every table the 目录 lists is present.
pub(crate) fn completeness(doc: &Document, out: &mut Vec<Finding>) {
    use std::collections::HashMap;
    let mut wanted: HashMap<TableKind, Vec<&cnbudget_table::ContentsEntry>> = HashMap::new();
    for entry in &doc.contents {
        if entry.kind != TableKind::Other {
            wanted.entry(entry.kind).or_default().push(entry);
        }
    }
    let mut kinds: Vec<_> = wanted.into_iter().collect();
    kinds.sort_by_key(|(_, e)| e.first().map(|x| x.line));
    for (kind, entries) in kinds {
        let found = doc.tables_of(kind).count();
        if found >= entries.len() {
            continue;
        }
        for entry in entries.iter().skip(found) {
            out.push(
                Finding::new(
                    RuleId::CompletenessContents,
                    Severity::Warning,
                    format!(
                        "the contents list “{}” ({kind}) but the document has {found} such table(s)",
                        entry.title
                    ),
                )
                .at_lines([entry.line]),
            );
        }
    }
}
