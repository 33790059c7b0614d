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
/// header labels, then every row's cells with its first source line.
pub fn raw_table(t: &Table) -> RawTable {
    let mut rows = Vec::new();
    if !t.columns.is_empty() {
        let line = t.header_lines.first().copied().unwrap_or(t.first_line);
        rows.push(RawRow::new(
            line,
            t.columns
                .iter()
                .map(|c| c.path.last().cloned().unwrap_or_default()),
        ));
    }
    for r in &t.rows {
        rows.push(RawRow::new(
            r.lines.first().copied().unwrap_or(0),
            r.cells.iter().map(|c| c.text.clone()),
        ));
    }
    RawTable {
        title: t.title.clone().unwrap_or_default(),
        number: t.number.clone(),
        unit: t.unit,
        line: t.first_line,
        rows,
    }
}

/// A performance form read from a grid (a PDF's ruled form), as the indicator crate's grid:
/// every row of the whole form but those numbering the columns (`** ** 1 2`), a cell spanning
/// rows repeated in each row it covers (the 一级 and 二级 indicator beside each of their rows),
/// a wrapped cell's lines as one text.
pub fn raw_table_of_grid(t: &Table, grid: &Grid) -> RawTable {
    RawTable {
        title: t.title.clone().unwrap_or_default(),
        number: t.number.clone(),
        unit: t.unit,
        line: t.first_line,
        rows: grid
            .covered_rows()
            .into_iter()
            .filter(|(_, cells)| !cnbudget_table::is_column_numbering(cells))
            .map(|(line, cells)| RawRow::new(line, cells))
            .collect(),
    }
}

/// Every performance goal, indicator and self-evaluation of a document, with the indicator
/// crate's findings. A form read from a grid is given whole, as the grid lays it out (once,
/// whatever number of blocks it was read as); other tables through [`raw_table`].
pub fn goals(doc: &Document) -> Goals {
    let mut seen = Vec::new();
    let mut raws: Vec<RawTable> = Vec::new();
    for t in doc.tables.iter().filter(|t| is_performance_table(t.kind)) {
        match t.grid.and_then(|g| doc.grids.get(g).map(|grid| (g, grid))) {
            Some((g, _)) if seen.contains(&g) => {}
            Some((g, grid)) => {
                seen.push(g);
                raws.push(raw_table_of_grid(t, grid));
            }
            None => raws.push(raw_table(t)),
        }
    }
    read_all(raws.iter())
}
