//! The audit rules, one module per family. Each rule takes what it needs (a table, the
//! document, the disclosure) and pushes findings; this module holds what several families share:
//! labels, printed amounts with their precision, and the rounding-aware sum check.
//!
//! Tables are read through the table crate's model and views ([`Table::column_index`],
//! [`Table::row_by_code`], [`cnbudget_table::Document::tables_of`], [`ColumnRole::is_amount`],
//! [`Table::three_public`]); cells are read one by one where a rule needs what the views do not
//! carry: a figure's printed precision (its tolerance) and the line it stands on (the finding's
//! lines).

pub(super) mod catalogue;
pub(super) mod cells;
pub(super) mod completeness;
pub(super) mod cross_table;
pub(super) mod final_balance;
pub(super) mod hierarchy;
pub(super) mod identities;
pub(super) mod indicators;
pub(super) mod metadata;
pub(super) mod prose_figures;
pub(super) mod summary;
pub(super) mod three_public;
pub(super) mod verdict;

use rust_decimal::Decimal;

use cnbudget_table::{Cell, CodeSystem, Row, Table, TableKind};

use super::{Figure, Finding, RuleId, Severity};
use crate::tolerance::{Tolerance, printed_scale};

/// A printed amount and its scale (decimals), when the cell holds one.
type Printed = Option<(Decimal, u32)>;

/// An addend of a sum: the printed amount and its line.
type Part = (Printed, Option<usize>);

/// Kinds whose rows are amounts by classification code, where sums and row identities hold.
fn is_amount_table(kind: TableKind) -> bool {
    matches!(
        kind,
        TableKind::IncomeSummary
            | TableKind::ExpenditureSummary
            | TableKind::GeneralBudgetByFunction
            | TableKind::GeneralBudgetByEconomic
            | TableKind::GeneralBudgetBasicByEconomic
            | TableKind::GeneralBudgetBasicByFunction
            | TableKind::ProjectExpenditure
            | TableKind::GovernmentFund
            | TableKind::StateCapital
    )
}

fn unit_of(table: &Table) -> String {
    table
        .unit
        .map(|u| u.as_str().to_string())
        .unwrap_or_default()
}

fn title_of(table: &Table) -> String {
    table
        .title
        .clone()
        .or_else(|| table.number.clone())
        .unwrap_or_else(|| format!("table at line {}", table.first_line))
}

fn column_label(table: &Table, index: usize) -> String {
    table
        .columns
        .get(index)
        .map(|c| c.path.join("/"))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| format!("column {}", index + 1))
}

fn row_label(row: &Row) -> String {
    match (&row.code, &row.name) {
        (Some(c), Some(n)) => format!("{} {}", c.digits, n),
        (Some(c), None) => c.digits.clone(),
        (None, Some(n)) => n.clone(),
        (None, None) => format!("row at line {}", row.lines.first().copied().unwrap_or(0)),
    }
}

/// An amount cell: its value (blank = none) and printed scale.
fn amount_at(row: &Row, col: usize) -> Option<(Decimal, u32)> {
    let cell: &Cell = row.cell(col)?;
    cell.amount().map(|a| (a, printed_scale(&cell.text)))
}

fn line_of(row: &Row, col: usize) -> Option<usize> {
    row.cell(col)
        .map(|c| c.line)
        .or_else(|| row.lines.first().copied())
}

fn is_classification(system: CodeSystem) -> bool {
    matches!(
        system,
        CodeSystem::Function | CodeSystem::EconomicDepartment | CodeSystem::EconomicGovernment
    )
}

/// Compares `expected` (a printed figure) with the sum of `parts`; pushes an error when the
/// difference is beyond the rounding tolerance.
///
/// The texts are built only for a failing sum: `describe(expected, actual)` returns the message,
/// the expected figure's label and the actual figure's label.
fn check_sum(
    out: &mut Vec<Finding>,
    rule: RuleId,
    table: &Table,
    expected: Part,
    parts: &[Part],
    describe: impl FnOnce(Decimal, Decimal) -> (String, String, String),
) {
    // A blank total is not read as 0: it says nothing (and is mostly a cell the layout lost).
    let Some((total, _)) = expected.0 else {
        return;
    };
    let mut sum = Decimal::ZERO;
    for (v, _) in parts.iter().filter_map(|(a, _)| *a) {
        let Some(s) = sum.checked_add(v) else {
            return;
        };
        sum = s;
    }
    let Some(diff) = sum.checked_sub(total) else {
        return;
    };
    // An exact sum needs no tolerance.
    if diff.is_zero() {
        return;
    }
    // Each printed addend may be off by half a unit of its own last place.
    let tol = Tolerance::for_scales(
        parts.iter().filter_map(|(a, _)| a.map(|(_, s)| s)),
        table.has_rounding_note(),
    );
    if tol.accepts(diff) {
        return;
    }
    let (message, expected_label, actual_label) = describe(total, sum);
    let unit = unit_of(table);
    let finding = Finding::new(rule, Severity::Error, message)
        .in_table(title_of(table))
        .with_figures(
            Figure {
                label: expected_label,
                value: total,
                unit: unit.clone(),
                line: expected.1,
            },
            Figure {
                label: actual_label,
                value: sum,
                unit,
                line: parts.iter().find_map(|(_, l)| *l),
            },
        )
        .at_lines(parts.iter().filter_map(|(_, l)| *l));
    out.push(finding);
}

/// An amount converted to 元 with its printed scale converted to a tolerance in 元.
fn in_yuan(table: &Table, amount: Decimal, scale: u32) -> Option<(Decimal, Decimal)> {
    let unit = table.unit?;
    let yuan = unit.to_yuan(amount)?;
    let half = Tolerance::half_unit(scale).checked_mul(unit.yuan_per_unit())?;
    Some((yuan, half))
}

fn total_row(table: &Table) -> Option<&Row> {
    table.rows.iter().find(|r| r.total && r.code.is_none())
}
