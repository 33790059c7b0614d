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
use cnbudget_table::{Document, Table, TableKind};

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
        unit: t.unit.map(|u| u.as_str().to_string()),
        line: t.first_line,
        rows,
    }
}

/// Every performance goal, indicator and self-evaluation of a document, with the indicator
/// crate's findings.
pub fn goals(doc: &Document) -> Goals {
    let raws: Vec<RawTable> = doc
        .tables
        .iter()
        .filter(|t| is_performance_table(t.kind))
        .map(raw_table)
        .collect();
    read_all(raws.iter())
}
