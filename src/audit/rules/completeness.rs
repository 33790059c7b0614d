//! `completeness.contents`: every table the 目录 lists is in the document.

use cnbudget_table::{Document, TableKind};

use crate::audit::{Finding, RuleId, Severity};

/// A title's characters without digits, spaces and the year mark, for comparing a listed title
/// with a printed one.
fn title_key(title: &str) -> Vec<char> {
    title
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_ascii_digit() && *c != '年' && *c != '度')
        .collect()
}

/// True when `listed`'s characters occur in `printed` in order (`部门收入总表` in
/// `2025年部门收入总体情况表`).
fn matches_title(listed: &[char], printed: &[char]) -> bool {
    let mut rest = printed.iter();
    listed.iter().all(|c| rest.any(|p| p == c))
}

/// `completeness.contents`: every table the 目录 lists is present. A table of the listed kind
/// counts, and so does a table whose kind the reader did not tell (`其他`) but whose title has
/// the listed title's characters in order (`部门收入总表` / `2025年部门收入总体情况表`). When the
/// document prints no table at all, one notice says the listed tables are elsewhere.
pub(crate) fn completeness(doc: &Document, out: &mut Vec<Finding>) {
    use std::collections::HashMap;
    let listed: Vec<&cnbudget_table::ContentsEntry> = doc
        .contents
        .iter()
        .filter(|e| e.kind != TableKind::Other)
        .collect();
    if listed.is_empty() {
        return;
    }
    if doc.tables.iter().all(|t| t.rows.is_empty()) {
        let lines: Vec<usize> = listed.iter().map(|e| e.line).collect();
        out.push(
            Finding::new(
                RuleId::CompletenessContents,
                Severity::Notice,
                format!(
                    "the contents list {} tables and the document prints none of them: they are published elsewhere (another attachment), or could not be read",
                    listed.len()
                ),
            )
            .at_lines(lines),
        );
        return;
    }
    let untold: Vec<Vec<char>> = doc
        .tables
        .iter()
        .filter(|t| t.kind == TableKind::Other)
        .filter_map(|t| t.title.as_deref().map(title_key))
        .collect();
    let mut used = vec![false; untold.len()];
    let mut wanted: HashMap<TableKind, Vec<&cnbudget_table::ContentsEntry>> = HashMap::new();
    for entry in listed {
        let key = title_key(&entry.title);
        let by_title = untold
            .iter()
            .zip(used.iter_mut())
            .find(|(t, u)| !**u && matches_title(&key, t));
        if let Some((_, u)) = by_title {
            *u = true;
            continue;
        }
        wanted.entry(entry.kind).or_default().push(entry);
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
