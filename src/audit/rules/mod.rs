//! The audit rules, one module per family. Each rule takes what it needs (a table, the
//! document, the disclosure) and pushes findings; this module holds what several families share:
//! labels, printed amounts with their precision, and the rounding-aware sum check.
//!
//! Tables are read through the table crate's model and views ([`Table::column_index`],
//! [`Table::row_by_code`], [`cnbudget_table::Document::tables_of`], [`ColumnRole::is_amount`],
//! [`Table::three_public`]); cells are read one by one where a rule needs what the views do not
//! carry: a figure's printed precision (its tolerance) and the line it stands on (the finding's
//! lines).

pub(crate) mod anachronism;
pub(crate) mod catalogue;
pub(crate) mod cells;
pub(crate) mod completeness;
pub(crate) mod cross_table;
pub(crate) mod document;
pub(crate) mod final_balance;
pub(crate) mod hierarchy;
pub(crate) mod identities;
pub(crate) mod indicators;
pub(crate) mod metadata;
pub(crate) mod prose_figures;
pub(crate) mod prose_totals;
pub(crate) mod summary;
pub(crate) mod three_public;
pub(crate) mod verdict;

use rust_decimal::Decimal;

use cnbudget_indicator::Unit;
use cnbudget_table::{Cell, CodeSystem, Row, Table, TableKind};

use super::{Figure, Finding, RuleId, Severity};
use crate::tolerance::{Tolerance, printed_scale};

/// A printed amount and its scale (decimals), when the cell holds one.
type Printed = Option<(Decimal, u32)>;

/// An addend of a sum: the printed amount and its line.
type Part = (Printed, Option<usize>);

/// Kinds whose rows are amounts by classification code, where sums and row identities hold.
pub(crate) fn is_amount_table(kind: TableKind) -> bool {
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

/// The unit of a table's figures, for a [`Figure`]: `None` when the table states none.
fn unit_of(table: &Table) -> Option<Unit> {
    table.unit.map(Unit::Money)
}

/// The unit of a table's figures as a message writes it (empty when the table states none).
fn unit_word(table: &Table) -> &'static str {
    table.unit.map_or("", |u| u.as_str())
}

pub(crate) fn title_of(table: &Table) -> String {
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

/// `s.trim()`, answered without decoding a character when `s` neither starts nor ends with a
/// byte of a whitespace character (most names and figures): the first byte of every
/// whitespace character is ASCII or 0xC2, 0xE1, 0xE2, 0xE3, its last byte ASCII or one of
/// 0x80–0x8A, 0x85, 0x9F, 0xA0, 0xA8, 0xA9, 0xAF.
pub(crate) fn trim(s: &str) -> &str {
    let bytes = s.as_bytes();
    let may_start = |b: u8| matches!(b, b'\t'..=b' ' | 0xC2 | 0xE1..=0xE3);
    let may_end =
        |b: u8| matches!(b, b'\t'..=b' ' | 0x80..=0x8A | 0x9F | 0xA0 | 0xA8 | 0xA9 | 0xAF);
    match (bytes.first(), bytes.last()) {
        (Some(&first), Some(&last)) if !may_start(first) && !may_end(last) => s,
        _ => s.trim(),
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

/// What the table rules leave behind: their findings, and every sum they checked, for the
/// assessment of the table's reading ([`crate::audit::reading`]).
#[derive(Debug, Default)]
pub(crate) struct Sink {
    pub(crate) findings: Vec<Finding>,
    pub(crate) checks: Vec<SumCheck>,
}

/// One sum a rule checked: where its whole stands and how far the parts are from it.
#[derive(Debug, Clone)]
pub(crate) struct SumCheck {
    pub(crate) rule: RuleId,
    /// The first line of the whole's row (the parent, the 合计 row, the row of an identity).
    pub(crate) line: usize,
    /// The column of the whole, when the parts are rows of the same column.
    pub(crate) column: Option<usize>,
    /// The printed whole (`None` when its cell is blank: the check reports nothing then).
    pub(crate) whole: Option<Decimal>,
    /// Σ parts − whole, with a blank whole read as 0.
    pub(crate) residual: Decimal,
    /// The rounding tolerance of the sum.
    pub(crate) tolerance: Decimal,
    /// True when the rule reported the sum (a printed whole beyond the tolerance).
    pub(crate) failed: bool,
    /// True when the residual of a failed row identity is exactly a figure of the same row that
    /// the identity does not use: a column read under the wrong heading.
    pub(crate) residual_in_row: bool,
}

/// Where a sum stands: the row of its whole and, when its parts are rows, the whole's column.
#[derive(Debug, Clone, Copy)]
struct At {
    row: usize,
    column: Option<usize>,
}

/// Compares `expected` (a printed figure) with the sum of `parts`; pushes an error when the
/// difference is beyond the rounding tolerance, and records the check in `sink` either way.
/// Returns the check's residual (Σ parts − whole, a blank whole read as 0) when the sum failed.
///
/// The texts are built only for a failing sum: `describe(expected, actual)` returns the message,
/// the expected figure's label and the actual figure's label.
fn check_sum(
    sink: &mut Sink,
    rule: RuleId,
    table: &Table,
    at: At,
    expected: Part,
    parts: &[Part],
    describe: impl FnOnce(Decimal, Decimal) -> (String, String, String),
) -> Option<Decimal> {
    let mut sum = Decimal::ZERO;
    for (v, _) in parts.iter().filter_map(|(a, _)| *a) {
        sum = sum.checked_add(v)?;
    }
    // Each printed addend may be off by half a unit of its own last place.
    let tol = sum_tolerance(
        parts.iter().filter_map(|(a, _)| a.map(|(_, s)| s)),
        table.has_rounding_note(),
    );
    let whole = expected.0.map(|(v, _)| v);
    let residual = sum.checked_sub(whole.unwrap_or(Decimal::ZERO))?;
    // A blank total is not read as 0: it says nothing (and is mostly a cell the layout lost).
    // An exact sum needs no tolerance.
    let failed = whole.is_some() && !residual.is_zero() && !tol.accepts(residual);
    if !residual.is_zero() || whole.is_some() {
        sink.checks.push(SumCheck {
            rule,
            line: table
                .rows
                .get(at.row)
                .and_then(|r| r.lines.first().copied())
                .unwrap_or(0),
            column: at.column,
            whole,
            residual,
            tolerance: tol.limit(),
            failed,
            residual_in_row: false,
        });
    }
    let total = whole.filter(|_| failed)?;
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
    sink.findings.push(finding);
    Some(residual)
}

/// [`Tolerance::for_scales`] of `scales`: when every addend is printed with the same number
/// of decimals (most sums), one multiplication ([`Tolerance::for_sum`]) instead of one decimal
/// addition per addend, with the same value and scale (a test holds them equal).
fn sum_tolerance(scales: impl Iterator<Item = u32> + Clone, rounding_noted: bool) -> Tolerance {
    let mut all = scales.clone();
    if let Some(first) = all.next() {
        let mut count = 1usize;
        if all.all(|s| {
            count += 1;
            s == first
        }) && count <= 1_000_000
        {
            // `for_sum` counts at most a million addends.
            return Tolerance::for_sum(count, first, rounding_noted);
        }
    }
    Tolerance::for_scales(scales, rounding_noted)
}

/// An amount converted to 元 with its printed scale converted to a tolerance in 元.
fn in_yuan(table: &Table, amount: Decimal, scale: u32) -> Option<(Decimal, Decimal)> {
    let unit = table.unit?;
    let yuan = unit.to_yuan(amount)?;
    let half = Tolerance::half_unit(scale).checked_mul(unit.yuan_per_unit())?;
    Some((yuan, half))
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// [`sum_tolerance`] is [`Tolerance::for_scales`], scale of the limit included.
        #[test]
        fn sum_tolerance_is_for_scales(
            scales in proptest::collection::vec(0u32..30, 0..40),
            mixed in proptest::bool::ANY,
            noted in proptest::bool::ANY,
        ) {
            let scales: Vec<u32> = if mixed {
                scales
            } else {
                scales.iter().map(|_| scales.first().copied().unwrap_or(2)).collect()
            };
            let fast = sum_tolerance(scales.iter().copied(), noted).limit();
            let slow = Tolerance::for_scales(scales.iter().copied(), noted).limit();
            proptest::prop_assert_eq!(fast, slow);
            proptest::prop_assert_eq!(fast.scale(), slow.scale());
        }

        /// [`trim`] is `str::trim`, whatever the characters at either end.
        #[test]
        fn trim_is_str_trim(
            s in "[ \t\u{b}\u{c}\r\n\u{1c}\u{85}\u{a0}\u{1680}\u{2000}-\u{200d}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{3002}\u{e000}\u{1f600}a1行政运行]{0,12}"
        ) {
            proptest::prop_assert_eq!(trim(&s), s.trim());
        }
    }
}
