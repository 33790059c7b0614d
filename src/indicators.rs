//! The bridge from parsed tables to performance goals (绩效目标).
//!
//! [`cnbudget_indicator`] reads a plain grid ([`RawTable`]) so that it can be used without the
//! table parser; this module turns the parser's performance tables into such grids.
//!
//! ```
//! use cnbudget::Disclosure;
//!
//! let d = Disclosure::from_bytes(cnbudget::SAMPLE.as_bytes());
//! // 附件10 (部门整体) and 附件11 (three projects) of the sample.
//! assert_eq!(d.goals.projects.len(), 3);
//! let project = &d.goals.projects[0];
//! assert_eq!(project.name, "荣昌区离休干部医疗费");
//! ```

use cnbudget_indicator::{Goals, RawRow, RawTable, read_all};
use cnbudget_table::{Document, Grid, Table, TableKind};

/// Whether the table is one the indicator reader handles.
pub fn is_performance_table(kind: TableKind) -> bool {
    matches!(
        kind,
        TableKind::ProjectPerformance
            | TableKind::OverallPerformance
            | TableKind::PerformanceSelfEvaluation
    )
}

/// A parsed table as the indicator crate's grid: a header row rebuilt from the columns' last
/// header labels, then every row's cells with its first source line. The grid borrows the
/// table's text.
pub fn raw_table(t: &Table) -> RawTable<'_> {
    let mut rows = Vec::with_capacity(t.rows.len() + 1);
    if !t.columns.is_empty() {
        let line = t.header_lines.first().copied().unwrap_or(t.first_line);
        rows.push(RawRow::new(
            line,
            t.columns
                .iter()
                .map(|c| c.path.last().map_or("", String::as_str)),
        ));
    }
    for r in &t.rows {
        rows.push(RawRow::new(
            r.lines.first().copied().unwrap_or(0),
            r.cells.iter().map(|c| c.text.as_str()),
        ));
    }
    RawTable {
        title: t.title.clone().unwrap_or_default(),
        number: t.number.clone(),
        unit: t.unit,
        line: t.first_line,
        rows,
        aligned: false,
    }
}

/// A performance form read from a grid (a PDF's ruled form), as the indicator crate's grid:
/// every row of the whole form but those numbering the columns (`** ** 1 2`), a cell spanning
/// rows repeated in each row it covers (the 一级 and 二级 indicator beside each of their rows),
/// a wrapped cell's lines as one text.
pub fn raw_table_of_grid<'a>(t: &Table, grid: &Grid) -> RawTable<'a> {
    RawTable {
        title: t.title.clone().unwrap_or_default(),
        number: t.number.clone(),
        unit: t.unit,
        line: t.first_line,
        rows: form_rows(grid),
        aligned: true,
    }
}

/// Every performance goal, indicator and self-evaluation of a document, with the indicator
/// crate's findings. A form read from a grid is given whole, as the grid lays it out (once,
/// whatever number of blocks it was read as), with the grids that continue it on the next
/// pages (an untitled grid without a header at the top of the next page, whose rows name
/// indicator levels); other tables through [`raw_table`].
pub fn goals(doc: &Document) -> Goals {
    let mut seen = Vec::new();
    let mut raws: Vec<RawTable<'_>> = Vec::new();
    // The last form read from a grid: its place in `raws` and its last grid.
    let mut open: Option<(usize, usize)> = None;
    for t in &doc.tables {
        let grid = t.grid.and_then(|g| doc.grids.get(g).map(|grid| (g, grid)));
        if !is_performance_table(t.kind) {
            open = match (open, grid) {
                (Some((r, prev)), Some((g, grid))) if continues_form(t, doc, prev, grid) => {
                    let columns = doc.grids.get(prev).map(|p| aligned_columns(grid, p));
                    if let Some(raw) = raws.get_mut(r) {
                        raw.rows
                            .extend(form_rows(grid).into_iter().map(|row| match &columns {
                                Some(Some(to)) => realigned(row, to),
                                _ => row,
                            }));
                    }
                    seen.push(g);
                    Some((r, g))
                }
                _ => None,
            };
            continue;
        }
        match grid {
            Some((g, _)) if seen.contains(&g) => {}
            Some((g, grid)) => {
                seen.push(g);
                raws.push(raw_table_of_grid(t, grid));
                open = Some((raws.len() - 1, g));
            }
            None => {
                raws.push(raw_table(t));
                open = None;
            }
        }
    }
    read_all(raws.iter())
}

/// Whether the untitled grid read as `t` continues the performance form whose last grid is
/// `prev` on the page before: a ruled form broken by a page gives a grid without a title or
/// header row at the top of the next page, often with fewer columns (the spanning
/// `年度绩效指标` column is not repeated), whose rows name indicator levels (`…指标`), and
/// which starts no form of its own.
fn continues_form(t: &Table, doc: &Document, prev: usize, grid: &Grid) -> bool {
    let first_page = |g: &Grid| g.cells.iter().filter_map(|c| c.origin.page).min();
    let last_page = |g: &Grid| g.cells.iter().filter_map(|c| c.origin.page).max();
    let follows = match (doc.grids.get(prev).and_then(last_page), first_page(grid)) {
        (Some(a), Some(b)) => b == a + 1,
        _ => false,
    };
    let names_levels = grid.cells.iter().any(|c| {
        let text: String = c.text.split_whitespace().collect();
        text.ends_with("指标") && text.chars().count() <= 10
    });
    // A grid that also gives a performance table of its own (a form that starts below the
    // continued one) is read as that form.
    let own_form = doc
        .tables
        .iter()
        .any(|o| o.grid.is_some() && o.grid == t.grid && is_performance_table(o.kind));
    t.title.is_none() && t.kind == TableKind::Other && follows && names_levels && !own_form
}

fn form_rows<'a>(grid: &Grid) -> Vec<RawRow<'a>> {
    grid.covered_rows()
        .into_iter()
        .filter(|(_, cells)| !cnbudget_table::is_column_numbering(cells))
        .map(|(line, cells)| RawRow::new(line, cells))
        .collect()
}

/// Each column's left and right edge on its page, from the cells that start and end in it.
fn column_edges(grid: &Grid) -> Vec<Option<(f32, f32)>> {
    let mut edges: Vec<(f32, f32)> = vec![(f32::INFINITY, f32::NEG_INFINITY); grid.cols];
    for c in &grid.cells {
        let Some([x0, _, x1, _]) = c.origin.bbox else {
            continue;
        };
        if let Some(e) = edges.get_mut(c.col) {
            e.0 = e.0.min(x0);
        }
        if let Some(e) = edges.get_mut((c.col + c.col_span).saturating_sub(1)) {
            e.1 = e.1.max(x1);
        }
    }
    edges
        .into_iter()
        .map(|(a, b)| (a < b).then_some((a, b)))
        .collect()
}

/// For each column of `cont`, the column of `form` under which its middle lies, when both
/// grids are placed on their pages and the widths differ (a form's page break often drops
/// or merges columns); `None` when they cannot be matched.
fn aligned_columns(cont: &Grid, form: &Grid) -> Option<Vec<usize>> {
    if cont.cols == form.cols {
        return None;
    }
    let form_edges = column_edges(form);
    column_edges(cont)
        .into_iter()
        .map(|e| {
            let (a, b) = e?;
            let mid = (a + b) / 2.0;
            form_edges
                .iter()
                .position(|f| f.is_some_and(|(x0, x1)| x0 <= mid && mid < x1))
        })
        .collect()
}

/// A continuation row laid out under the form's columns: each cell moved to the column
/// `to` gives, texts that land in one column joined.
fn realigned<'a>(row: RawRow<'_>, to: &[usize]) -> RawRow<'a> {
    let width = to.iter().max().map_or(0, |m| m + 1);
    let mut cells = vec![String::new(); width];
    for (k, text) in row.cells.into_iter().enumerate() {
        if let Some(cell) = to.get(k).and_then(|&c| cells.get_mut(c)) {
            if !cell.is_empty() && !text.is_empty() {
                cell.push(' ');
            }
            cell.push_str(&text);
        }
    }
    RawRow::new(row.line, cells)
}
