//! From a grid of raw cells to a typed [`Table`]: header rows merged into
//! column paths, column roles, typed cells, joined codes, typed rows.

mod header;
mod roles;
mod rows;
mod stitch;

use std::borrow::Cow;

use crate::caption::{is_note, note_flags};
use crate::cell::{clean, is_amountish, squash, starts_numeric, trim_ws};
use crate::grid::flattened::rebuild_flattened;
use crate::grid::{RawCell, RawRow};
use crate::model::{
    CodeSystem, Column, ColumnRole, Layout, Note, NoteFlag, Side, Table, Value, Warning,
};

use header::{caption_row, expand, is_codeish, is_data_row, merge_header, mode_len};
use roles::{
    code_system_with_role, numeric_kind, refine_kind, role_of_path, side_of_path, table_code_system,
};
use rows::type_row;
use stitch::join_broken_rows;

/// Fill `table` (caption already set) from its raw rows.
pub(crate) fn build_table(table: &mut Table, raw: Vec<RawRow<'_>>) {
    let ragged = matches!(table.layout, Layout::CellPerLine);
    let flattened = matches!(table.layout, Layout::Flattened);
    let mut rows: Vec<RawRow<'_>> = raw.into_iter().filter(|r| !r.is_blank()).collect();
    let mut form = false;
    if flattened {
        let (rebuilt, headed) = rebuild_flattened(table, rows);
        rows = rebuilt;
        form = !headed;
    }
    // Caption rows above the header.
    let mut start = 0;
    while let Some(r) = rows.get(start).filter(|_| !form) {
        if start >= 4 || !caption_row(r, table) {
            break;
        }
        for c in &r.cells {
            if !trim_ws(&c.raw).is_empty() {
                table.notes.push(Note {
                    line: c.line,
                    text: clean(&c.raw).into_owned(),
                    flags: vec![NoteFlag::Caption],
                });
            }
        }
        start += 1;
    }
    let rows = rows.split_off(start.min(rows.len()));
    // Header rows: before the first data row.
    let first_data = if form {
        0
    } else {
        rows.iter()
            .enumerate()
            .position(|(i, r)| is_data_row(r, i > 0))
            .unwrap_or(rows.len())
    };
    let header_count = if form {
        0
    } else if first_data <= 4 {
        first_data
    } else {
        usize::from(!rows.is_empty())
    };
    // The body is moved on (its rows' lines and owned cell texts go into the table).
    let mut rows = rows;
    let body = rows.split_off(header_count.min(rows.len()));
    let header_raw: &[RawRow<'_>] = &rows;
    let n = if ragged {
        let widest_header = header_raw.iter().map(|r| r.cells.len()).max().unwrap_or(0);
        mode_len(&body).unwrap_or(0).max(widest_header)
    } else {
        header_raw
            .iter()
            .chain(body.iter())
            .map(|r| {
                // Ignore trailing empty cells when sizing.
                r.cells
                    .iter()
                    .rposition(|c| !trim_ws(&c.raw).is_empty())
                    .map_or(0, |p| p + 1)
            })
            .max()
            .unwrap_or(0)
    };
    let mut header: Vec<Vec<String>> = header_raw
        .iter()
        .map(|r| {
            r.cells
                .iter()
                .map(|c| squash(&clean(&c.raw)).into_owned())
                .collect()
        })
        .collect();
    if ragged {
        let mut warn = false;
        for r in (0..header.len()).rev() {
            let lower = header.get(r + 1).cloned();
            if let Some(row) = header.get_mut(r) {
                if row.len() < n {
                    *row = match &lower {
                        Some(low) => expand(row, low, n, &mut warn),
                        None => {
                            let mut v = row.clone();
                            v.resize(n, String::new());
                            v
                        }
                    };
                }
            }
        }
        if warn {
            table.warnings.push(Warning::new(
                header_raw
                    .first()
                    .and_then(|r| r.lines.first())
                    .copied()
                    .unwrap_or(0),
                String::from("header cells spread over columns by guess"),
            ));
        }
    }
    let paths = merge_header(&header, n);
    let header_lines: Vec<usize> = header_raw
        .iter()
        .flat_map(|r| r.lines.iter().copied())
        .collect();
    finish_table(
        table,
        HeaderSpec {
            paths,
            lines: header_lines,
            rows: &header,
            hints: &[],
        },
        body,
        ragged,
        n,
    );
}

/// A table's header as read: merged column paths, the lines they came
/// from, the squashed header rows (to spot repeats) and role hints.
pub(crate) struct HeaderSpec<'h> {
    pub paths: Vec<Vec<String>>,
    pub lines: Vec<usize>,
    pub rows: &'h [Vec<String>],
    pub hints: &'h [ColumnRole],
}

/// Columns from header paths, then typed rows.
pub(crate) fn finish_table(
    table: &mut Table,
    spec: HeaderSpec<'_>,
    body: Vec<RawRow<'_>>,
    ragged: bool,
    n: usize,
) {
    let HeaderSpec {
        paths,
        lines: header_lines,
        rows: header,
        hints: role_hints,
    } = spec;

    table.header_lines = header_lines;
    let labels: Vec<String> = paths.iter().flatten().cloned().collect();
    let title_sq = table.title.as_deref().map(squash).unwrap_or_default();
    table.kind = refine_kind(table.kind, &title_sq, &labels);
    // The role each path implies, computed once (the code system needs it too).
    let path_roles: Vec<ColumnRole> = paths.iter().map(|p| role_of_path(p)).collect();
    // Two sides (收入 | 支出) when a column of each side's group holds more than one level of
    // header or names the items; a final account's `本年收入` / `本年支出` beside the balances
    // are single amount columns, not sides.
    let side_has_items = |side: Side| {
        paths
            .iter()
            .zip(&path_roles)
            .any(|(p, r)| side_of_path(p) == Some(side) && (p.len() > 1 || *r == ColumnRole::Name))
    };
    let summary = side_has_items(Side::Income) && side_has_items(Side::Expenditure);
    let kind = table.kind;
    let systems: Vec<CodeSystem> = paths
        .iter()
        .zip(&path_roles)
        .map(|(p, r)| code_system_with_role(p, *r, kind))
        .collect();
    table.columns = paths
        .into_iter()
        .zip(path_roles)
        .enumerate()
        .map(|(index, (path, base))| Column {
            index,
            role: match (base, role_hints.get(index)) {
                (ColumnRole::Other, Some(h)) => *h,
                (r, _) => r,
            },
            side: if summary { side_of_path(&path) } else { None },
            path,
        })
        .collect();
    let header_sq: &[Vec<String>] = header;
    let default_system = table_code_system(table.kind);
    let mut any_amount = false;
    // First non-empty label of each header row, to spot repeated headers cheaply.
    let header_first: Vec<&str> = header_sq
        .iter()
        .filter_map(|h| h.iter().find(|s| !s.is_empty()).map(String::as_str))
        .collect();
    // Rows wider than the table (warned about after the rows, as before).
    let bad: Vec<usize> = if ragged {
        body.iter()
            .filter(|r| r.cells.len() > n)
            .filter_map(|r| r.lines.first().copied())
            .take(20)
            .collect()
    } else {
        Vec::new()
    };
    table.rows.reserve(body.len());
    let mut cell_warnings = Vec::new();
    for r in body {
        if r.nonempty() == 1 {
            if let Some(c) = r.cells.iter().find(|c| !trim_ws(&c.raw).is_empty()) {
                if is_note(&c.raw) {
                    let t = clean(&c.raw).into_owned();
                    table.notes.push(Note {
                        line: c.line,
                        flags: note_flags(&t),
                        text: t,
                    });
                    continue;
                }
            }
        }
        let first_text = r
            .cells
            .iter()
            .map(|c| clean(&c.raw))
            .find(|t| !t.is_empty());
        let maybe_repeat = first_text.is_some_and(|t| {
            !starts_numeric(&t) && {
                let sq = squash(&t);
                header_first.iter().any(|h| **h == *sq)
            }
        });
        let texts: Vec<String> = if maybe_repeat {
            r.cells
                .iter()
                .map(|c| squash(&clean(&c.raw)).into_owned())
                .collect()
        } else {
            Vec::new()
        };
        if maybe_repeat
            && header_sq.iter().any(|h| {
                let a: Vec<&String> = h.iter().filter(|s| !s.is_empty()).collect();
                let b: Vec<&String> = texts.iter().filter(|s| !s.is_empty()).collect();
                !a.is_empty() && a == b
            })
        {
            table.notes.push(Note {
                line: r.lines.first().copied().unwrap_or(0),
                text: String::from("repeated header"),
                flags: vec![NoteFlag::RepeatedHeader],
            });
            continue;
        }
        let RawRow {
            lines,
            cells: mut cells_raw,
        } = r;
        if ragged && cells_raw.len() < n && n > 0 {
            // A label spanning the code and name columns (`合计`): pad after it.
            let first_is_label = cells_raw
                .first()
                .is_some_and(|c| !is_amountish(&c.raw) && !is_codeish(&c.raw));
            let pad = n - cells_raw.len();
            let at = usize::from(first_is_label);
            let filler = cells_raw.first().map_or(
                RawCell {
                    raw: Cow::Borrowed(""),
                    line: 0,
                    column: 1,
                },
                |c| RawCell {
                    raw: Cow::Borrowed(""),
                    line: c.line,
                    column: c.column,
                },
            );
            let at = at.min(cells_raw.len());
            cells_raw.splice(at..at, std::iter::repeat_n(filler, pad));
        }
        let row = type_row(
            table,
            cells_raw,
            lines,
            &systems,
            default_system,
            &mut cell_warnings,
        );
        if row
            .cells
            .iter()
            .any(|c| matches!(c.value, Value::Amount { .. }))
        {
            any_amount = true;
        }
        table.rows.push(row);
    }
    table.warnings.append(&mut cell_warnings);
    for line in bad {
        table.warnings.push(Warning::new(
            line,
            format!("row wider than the table's {n} columns"),
        ));
    }
    join_broken_rows(table);
    if !any_amount && numeric_kind(table.kind) {
        table.empty = true;
    }
}
