//! Rows broken over lines joined back, codes printed as their own segment completed, and
//! tables printed over several pages joined.

use crate::cell::{split_ordinal, squash};
use crate::model::{CodeSystem, ColumnRole, Document, Table, TableKind, Value, Warning};

/// Rows broken over two lines: a row whose only text is a project-code
/// fragment (`51110221R000`) followed by a row starting `000073179-…`.
pub(super) fn join_broken_rows(table: &mut Table) {
    let mut i = 0;
    while i + 1 < table.rows.len() {
        let frag = table.rows.get(i).and_then(|r| {
            r.cells
                .iter()
                .position(|c| !c.text.is_empty())
                .filter(|&p| r.cells.get(p).is_some_and(|c| is_code_fragment(&c.text)))
        });
        let next_starts = table.rows.get(i + 1).is_some_and(|r| {
            r.cells
                .iter()
                .find(|c| !c.text.is_empty())
                .is_some_and(|c| {
                    c.text.bytes().take_while(u8::is_ascii_digit).count() >= 6
                        && c.text.contains('-')
                })
        });
        if frag.is_some() && next_starts {
            let next = table.rows.remove(i + 1);
            if let Some(row) = table.rows.get_mut(i) {
                let first_line = next.lines.first().copied().unwrap_or(0);
                row.lines.extend(next.lines);
                let frag_at = frag.unwrap_or(0);
                for (k, nc) in next.cells.into_iter().enumerate() {
                    match row.cells.get_mut(k) {
                        Some(c) if k == frag_at && !nc.text.is_empty() => {
                            c.text.push_str(&nc.text);
                            c.raw.push_str(&nc.raw);
                            let (ordinal, name) = split_ordinal(&c.text);
                            let name = name.into_owned();
                            row.name = Some(name.clone());
                            c.value = Value::Name { ordinal, name };
                        }
                        Some(c) if !nc.text.is_empty() => {
                            c.text.push_str(&nc.text);
                            c.raw.push_str(&nc.raw);
                            if matches!(c.value, Value::Empty) {
                                c.value = nc.value;
                            } else if !matches!(c.value, Value::Amount { .. }) {
                                c.value = Value::Text;
                            }
                        }
                        Some(_) => {}
                        None => row.cells.push(nc),
                    }
                }
                table.warnings.push(Warning::new(
                    first_line,
                    String::from("row broken over lines joined back"),
                ));
            }
        }
        i += 1;
    }
}

fn is_code_fragment(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() == 12
        && b.iter().take(8).all(u8::is_ascii_digit)
        && b.get(8).is_some_and(u8::is_ascii_uppercase)
        && b.iter().skip(9).all(u8::is_ascii_digit)
}

/// The segment (类, 款 or 项) a code column holds, by its last header label.
fn segment_of(path: &[String]) -> Option<usize> {
    match path.last().map(|l| squash(l)).as_deref() {
        Some("类") => Some(0),
        Some("款") => Some(1),
        Some("项") => Some(2),
        _ => None,
    }
}

/// Codes printed as their own segment only: a 款 row shows `02` under the 类 `204` above it,
/// a 项 row `01` under its 款 (split 类/款/项 columns), or a single code column prints a 款 as
/// `05` between `208` and `2080505`. Each such row's code is completed from the rows above.
pub(super) fn complete_segment_codes(table: &mut Table) {
    let system = super::roles::table_code_system(table.kind);
    if !matches!(
        system,
        CodeSystem::Function | CodeSystem::EconomicDepartment | CodeSystem::EconomicGovernment
    ) && !table.columns.iter().any(|c| segment_of(&c.path).is_some())
    {
        return;
    }
    let segments: Vec<(usize, usize)> = table
        .columns
        .iter()
        .filter(|c| c.role == ColumnRole::Code)
        .filter_map(|c| segment_of(&c.path).map(|s| (c.index, s)))
        .collect();
    let (mut lei, mut kuan): (Option<String>, Option<String>) = (None, None);
    for row in &mut table.rows {
        let Some(code) = row.code.as_mut() else {
            continue;
        };
        if !code.digits.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        match code.digits.len() {
            3 => {
                lei = Some(code.digits.clone());
                kuan = None;
            }
            5 | 7 => {
                lei = code.digits.get(..3).map(str::to_string);
                kuan = code.digits.get(..5).map(str::to_string);
            }
            2 => {
                // Which segment the printed digits stand in: the deepest segment column with
                // text, or for a single code column the level below the last 类.
                let deepest = segments
                    .iter()
                    .filter(|(i, _)| row.cells.get(*i).is_some_and(|c| !c.text.is_empty()))
                    .map(|(_, s)| *s)
                    .max();
                let parent = if deepest == Some(2) {
                    kuan.clone()
                } else {
                    lei.clone()
                };
                if let Some(p) = parent {
                    let full = format!("{p}{}", code.digits);
                    if full.len() == 5 {
                        kuan = Some(full.clone());
                    }
                    code.digits = full;
                    if code.system == CodeSystem::Unit {
                        code.system = system;
                    }
                }
            }
            _ => {}
        }
    }
}

/// The title without a continuation mark (`（续）`, `续表`), squashed.
pub(super) fn base_title(t: &str) -> String {
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
