//! From a grid of raw cells to a typed [`Table`]: header rows merged into
//! column paths, column roles, typed cells, joined codes, typed rows.

mod header;
mod roles;
mod rows;
mod stitch;

use crate::cell::{clean, squash, trim_ws};
use crate::grid::RawRow;
use crate::grid::flattened::rebuild_flattened;
use crate::model::{ColumnRole, Layout, Note, NoteFlag, Table, Value, Warning};

use header::{RepeatedHeader, caption_row, expand, is_data_row, merge_header, mode_len};
use roles::{numeric_kind, set_columns, table_code_system};
use rows::{note_row, pad_ragged, type_row};
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
    let systems = set_columns(table, paths, role_hints);
    let default_system = table_code_system(table.kind);
    let mut any_amount = false;
    let repeats = RepeatedHeader::new(header);
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
        if let Some(note) = note_row(&r) {
            table.notes.push(note);
            continue;
        }
        if repeats.is_repeat(&r) {
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
        if ragged {
            pad_ragged(&mut cells_raw, n);
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
