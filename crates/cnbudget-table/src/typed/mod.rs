//! The typed layer: any [`Grid`] into a typed [`Table`] — header rows merged into column
//! paths, column roles, the table's kind refined, typed cells, joined codes, typed rows.

mod header;
mod roles;
mod rows;
mod ruled;
mod stitch;

pub use ruled::{PlacedGrid, is_column_numbering, parse_with_grids, tables_from_grid};
pub(crate) use stitch::continued_tables;

use crate::caption::Caption;
use crate::cell::{clean, squash, trim_ws};
use crate::grid::layout::RegionRows;
use crate::grid::{ColumnHint, Grid, HeaderRows, RawRow, given_paths, header_lines};
use crate::model::{ColumnRole, Layout, Note, NoteFlag, Table, Value, Warning};

use header::{RepeatedHeader, caption_row, expand, is_data_row, merge_header, mode_len};
use roles::{numeric_kind, set_columns, table_code_system};
use rows::{note_row, pad_ragged, type_row};
use stitch::{complete_segment_codes, join_broken_rows};

/// Reads a grid into a typed table: header rows into column paths (a spanning header cell
/// over each of its columns), the roles of the columns, the table's kind refined by its
/// header, typed cells (amounts as `Decimal`, percentages, codes joined from split 类/款/项
/// cells, names with their ordinals), rows. `caption` gives the title, kind, number, issuer
/// and unit (from the lines above the grid: [`Caption::read`]); `layout` says where the grid
/// came from.
///
/// Every source of tables goes through this one function: the parser's text layouts and a
/// PDF's ruled grids alike.
///
/// ```
/// use cnbudget_table::{Caption, ColumnRole, Grid, GridCell, Layout, TableKind, table_from_grid};
/// use rust_decimal::Decimal;
///
/// let caption = Caption::read([(1, "一般公共预算支出表"), (2, "单位：万元")]);
/// let mut grid = Grid::new();
/// let rows = [
///     ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
///     ["2101599", "其他医疗保障管理事务支出", "136.82", "136.82", ""],
/// ];
/// for (r, row) in rows.iter().enumerate() {
///     for (c, text) in row.iter().enumerate() {
///         grid.push(GridCell::new(r, c, *text));
///     }
/// }
/// let t = table_from_grid(&grid, &caption, Layout::Pdf);
/// assert_eq!(t.kind, TableKind::GeneralBudgetByFunction);
/// assert_eq!(t.amount("2101599", ColumnRole::Basic), Some(Decimal::new(13682, 2)));
/// ```
pub fn table_from_grid(grid: &Grid, caption: &Caption, layout: Layout) -> Table {
    let first_line = caption
        .lines
        .first()
        .copied()
        .or_else(|| grid.row_lines.iter().flatten().copied().min())
        .or_else(|| {
            grid.cells
                .iter()
                .map(|c| c.origin.line)
                .filter(|&l| l > 0)
                .min()
        })
        .unwrap_or(0);
    let mut table = table_for(caption, layout, first_line);
    fill(&mut table, grid.clone());
    let last = caption
        .lines
        .iter()
        .chain(grid.row_lines.iter().flatten())
        .copied()
        .chain(grid.cells.iter().map(|c| c.origin.line))
        .max()
        .unwrap_or(0);
    table.last_line = last.max(first_line);
    finish_notes(&mut table);
    table
}

/// An empty table with `caption`'s title, kind, number, issuer, unit and notes.
pub(crate) fn table_for(caption: &Caption, layout: Layout, first_line: usize) -> Table {
    let mut table = Table::new(caption.kind, layout, first_line);
    table.title.clone_from(&caption.title);
    table.number.clone_from(&caption.number);
    table.issuer.clone_from(&caption.issuer);
    table.unit = caption.unit;
    table.notes.clone_from(&caption.notes);
    table
}

/// The table's notes in line order; a note saying the table is empty marks it empty.
pub(crate) fn finish_notes(table: &mut Table) {
    table.notes.sort_by_key(|n| n.line);
    if table
        .notes
        .iter()
        .any(|n| n.flags.contains(&NoteFlag::EmptyTable))
    {
        table.empty = true;
    }
}

/// Fills `table` (caption already set) from `grid`, as its header rows say.
pub(crate) fn fill(table: &mut Table, mut grid: Grid) {
    // Sources push their cells in order: the (stable, allocating) sort only when they are not.
    if !grid.cells.is_sorted_by_key(|c| (c.row, c.col)) {
        grid.cells.sort_by_key(|c| (c.row, c.col));
    }
    let hints = role_hints(&grid.hints);
    match grid.header {
        HeaderRows::Given(k) => read_given(table, grid, k, &hints),
        HeaderRows::Absent => read_absent(table, grid.into_rows(), &hints),
        _ => read_found(table, grid.into_rows(), &hints),
    }
}

/// The roles the sources' column hints give.
fn role_hints(hints: &[ColumnHint]) -> Vec<ColumnRole> {
    hints
        .iter()
        .map(|h| match h {
            ColumnHint::Code => ColumnRole::Code,
            ColumnHint::Amount => ColumnRole::Amount,
            _ => ColumnRole::Other,
        })
        .collect()
}

/// Fills `table` (caption already set) from a space-aligned region's rows and the header its
/// reader found, as [`fill`] reads the same region as a grid with a given header.
pub(crate) fn fill_region(table: &mut Table, region: RegionRows<'_>) {
    let RegionRows {
        paths,
        lines,
        hints,
        body,
    } = region;
    let hints = role_hints(&hints);
    let n = paths.len();
    finish_table(
        table,
        HeaderSpec {
            paths,
            lines,
            rows: &[],
            hints: &hints,
        },
        body,
        false,
        n,
    );
}

/// Fills `table` (caption already set) from rows a text source read, each row's cells at
/// positions 0, 1, 2 …: what [`fill`] reads from the grid of those rows, the header found.
pub(crate) fn fill_rows(table: &mut Table, rows: Vec<RawRow<'_>>) {
    read_found(table, rows, &[]);
}

/// Columns end at the last one with text in some row: trailing empty cells are separators.
fn width(rows: &[RawRow<'_>]) -> usize {
    rows.iter()
        .map(|r| {
            r.cells
                .iter()
                .rposition(|c| !trim_ws(&c.raw).is_empty())
                .map_or(0, |p| p + 1)
        })
        .max()
        .unwrap_or(0)
}

/// A grid whose first `k` rows are its header ([`HeaderRows::Given`]).
fn read_given(table: &mut Table, mut grid: Grid, k: usize, hints: &[ColumnRole]) {
    let lines = header_lines(&grid, k);
    let paths = given_paths(&mut grid, k);
    let n = paths.len();
    let mut rows = grid.into_rows();
    let body = rows.split_off(k.min(rows.len()));
    finish_table(
        table,
        HeaderSpec {
            paths,
            lines,
            rows: &[],
            hints,
        },
        body,
        false,
        n,
    );
}

/// A grid with no header ([`HeaderRows::Absent`]).
fn read_absent(table: &mut Table, raw: Vec<RawRow<'_>>, hints: &[ColumnRole]) {
    let body: Vec<RawRow<'_>> = raw.into_iter().filter(|r| !r.is_blank()).collect();
    let n = width(&body);
    let paths = merge_header(&[], n);
    finish_table(
        table,
        HeaderSpec {
            paths,
            lines: Vec::new(),
            rows: &[],
            hints,
        },
        body,
        false,
        n,
    );
}

/// Caption rows at the top of a grid (at most four: a title, a unit or issuer line): their
/// cells become caption notes. Returns how many there are.
fn caption_rows(table: &mut Table, rows: &[RawRow<'_>]) -> usize {
    let mut start = 0;
    while let Some(r) = rows.get(start) {
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
    start
}

/// A grid whose header the typed layer finds ([`HeaderRows::Find`]).
fn read_found(table: &mut Table, raw: Vec<RawRow<'_>>, hints: &[ColumnRole]) {
    let ragged = matches!(table.layout, Layout::CellPerLine);
    let mut rows: Vec<RawRow<'_>> = raw.into_iter().filter(|r| !r.is_blank()).collect();
    let start = caption_rows(table, &rows);
    let rows = rows.split_off(start.min(rows.len()));
    // Header rows: before the first data row.
    let first_data = rows
        .iter()
        .enumerate()
        .position(|(i, r)| is_data_row(r, i > 0))
        .unwrap_or(rows.len());
    let header_count = if first_data <= 4 {
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
        width(header_raw).max(width(&body))
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
    if ragged && spread_header(&mut header, n) {
        table.warnings.push(Warning::new(
            header_raw
                .first()
                .and_then(|r| r.lines.first())
                .copied()
                .unwrap_or(0),
            String::from("header cells spread over columns by guess"),
        ));
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
            hints,
        },
        body,
        ragged,
        n,
    );
}

/// Header rows written without positions (one cell per line), spread over the table's `n`
/// columns, each by the row below it. True when a spread was a guess.
fn spread_header(header: &mut [Vec<String>], n: usize) -> bool {
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
    warn
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
    complete_segment_codes(table);
    if !any_amount && numeric_kind(table.kind) {
        table.empty = true;
    }
}
