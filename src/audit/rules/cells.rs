//! `table.cell`: cells the table parser read by repairing a slip, or could not read.

use cnbudget_table::{Table, WarningKind};

use super::title_of;
use crate::audit::{Finding, RuleId, Severity};

/// Cells the table parser read by repairing a slip, or could not read in an amount column
/// (`table.cell`): every figure a check uses should be one the reader can see printed.
pub(crate) fn cell_reading(table: &Table, out: &mut Vec<Finding>) {
    for w in &table.warnings {
        let what = match w.kind {
            WarningKind::CellRepaired => "a figure was read by repairing a likely slip",
            WarningKind::CellUnread => "a figure could not be read",
            _ => continue,
        };
        let at = w.column.map_or(format!("line {}", w.line), |c| {
            format!("line {}, column {c}", w.line)
        });
        let mut f = Finding::new(
            RuleId::TableCell,
            Severity::Warning,
            format!("{}: {what} at {at}: {}", title_of(table), w.message),
        );
        f.table = Some(title_of(table));
        f.lines = vec![w.line];
        out.push(f);
    }
}
