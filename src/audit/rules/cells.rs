//! `table.cell`: cells the table parser read by repairing a slip, or could not read.

use cnbudget_table::{Table, Warning, WarningKind};

use super::title_of;
use crate::audit::{Finding, RuleId, Severity};

/// More cells of one kind than this in a table are reported as one finding: a table whose
/// figures are all broken the same way (`12,672` / `.73` over two lines) needs one warning,
/// with every line, not one per cell.
const ONE_BY_ONE: usize = 3;

/// Cells the table parser read by repairing a slip, or could not read in an amount column
/// (`table.cell`): every figure a check uses should be one the reader can see printed.
/// `warnings` are the reader's warnings of `table`, or of all the pieces of a table split at
/// page breaks (`table` is then the merged table or its first piece: the title is theirs).
pub(crate) fn cell_reading<'w>(
    table: &Table,
    warnings: impl Iterator<Item = &'w Warning> + Clone,
    out: &mut Vec<Finding>,
) {
    for (kind, what, many) in [
        (
            WarningKind::CellRepaired,
            "a figure was read by repairing a likely slip",
            "figures were read by repairing likely slips",
        ),
        (
            WarningKind::CellUnread,
            "a figure could not be read",
            "figures could not be read",
        ),
    ] {
        let cells: Vec<&Warning> = warnings.clone().filter(|w| w.kind == kind).collect();
        let at = |w: &Warning| {
            w.column.map_or(format!("line {}", w.line), |c| {
                format!("line {}, column {c}", w.line)
            })
        };
        if cells.len() > ONE_BY_ONE {
            let Some(first) = cells.first() else { continue };
            let mut f = Finding::new(
                RuleId::TableCell,
                Severity::Warning,
                format!(
                    "{}: {} {many}, the first at {}: {}",
                    title_of(table),
                    cells.len(),
                    at(first),
                    first.message
                ),
            );
            f.table = Some(title_of(table));
            f = f.at_lines(cells.iter().map(|w| w.line));
            out.push(f);
            continue;
        }
        for w in cells {
            let mut f = Finding::new(
                RuleId::TableCell,
                Severity::Warning,
                format!("{}: {what} at {}: {}", title_of(table), at(w), w.message),
            );
            f.table = Some(title_of(table));
            f.lines = vec![w.line];
            out.push(f);
        }
    }
}
