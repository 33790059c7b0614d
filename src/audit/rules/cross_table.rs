//! `cross.*`: the same figure printed in two tables.

use rust_decimal::Decimal;

use cnbudget_indicator::Unit;
use cnbudget_table::{AmountUnit, CodeSystem, ColumnRole, Document, Row, Side, Table, TableKind};

use super::summary::{side_columns, side_entry};
use super::{amount_at, in_yuan, line_of, row_label, title_of, unit_word};
use crate::audit::{Figure, Finding, RuleId, Severity, Sureness};
use crate::totals::Totals;

/// `cross.basic_total` and `cross.function_totals`.
///
/// The 基本支出 total of the function table is the one [`Totals`] reads (by its column, or by
/// the table's own arithmetic when the heading was misread); the 基本支出 table's total is its
/// 合计 row's 合计, confirmed when it is the sum of two other figures of the row (人员经费 +
/// 公用经费). A figure the arithmetic confirms counts as read with confidence.
pub(crate) fn cross_tables(
    doc: &Document,
    totals: &Totals,
    final_account: bool,
    sure: &Sureness<'_>,
    out: &mut Vec<Finding>,
) {
    // 基本支出 column of the function table = total of the basic-by-economic table.
    let function = totals
        .general_budget_basic
        .as_ref()
        .and_then(|h| Some((doc.tables.get(h.table)?, h)));
    let basic = doc
        .tables_of(TableKind::GeneralBudgetBasicByEconomic)
        .next();
    if let (Some((f, fh)), Some(b)) = (function, basic)
        && let Some(bt) = crate::totals::table_total(b)
    {
        compare_across(
            out,
            sure,
            RuleId::CrossBasicTotal,
            (f, fh.amount, fh.amount.scale(), Some(fh.line), &|| {
                "基本支出 total of the function table".to_string()
            }),
            (b, bt.amount, bt.scale, Some(bt.line), &|| {
                "total of the 基本支出 table".to_string()
            }),
            [fh.sure, bt.confirmed],
        );
    }
    // The same 类 in the two all-funds tables (收入总表, 支出总表). Not in final accounts,
    // where a year's income and spending by code legitimately differ (结转 and 结余).
    if final_account {
        return;
    }
    let income = doc.tables_of(TableKind::IncomeSummary).next();
    let expenditure = doc.tables_of(TableKind::ExpenditureSummary).next();
    if let (Some(a), Some(b)) = (income, expenditure) {
        let (Some(ac), Some(bc)) = (
            a.column_index(ColumnRole::Total),
            b.column_index(ColumnRole::Total),
        ) else {
            return;
        };
        for row in &a.rows {
            let Some(code) = row
                .code
                .as_ref()
                .filter(|c| c.system == CodeSystem::Function)
            else {
                continue;
            };
            let Some(other) = b.row_by_code(&code.digits) else {
                continue;
            };
            if let (Some((av, as_)), Some((bv, bs))) = (amount_at(row, ac), amount_at(other, bc)) {
                compare_across(
                    out,
                    sure,
                    RuleId::CrossFunctionTotals,
                    (a, av, as_, line_of(row, ac), &|| {
                        format!("{} in 收入总表", row_label(row))
                    }),
                    (b, bv, bs, line_of(other, bc), &|| {
                        format!("{} in 支出总表", row_label(other))
                    }),
                    [false, false],
                );
            }
        }
    }
}

/// A figure compared across tables: table, value, printed scale, line, and its label (built
/// only for a finding).
type Across<'t, 'l> = (
    &'t Table,
    Decimal,
    u32,
    Option<usize>,
    &'l dyn Fn() -> String,
);

/// Compares a figure printed in two tables; an error when both tables are read with
/// confidence (or the figure from an uncertain table is `confirmed` by its table's own
/// arithmetic), else a notice.
fn compare_across(
    out: &mut Vec<Finding>,
    sure: &Sureness<'_>,
    rule: RuleId,
    left: Across<'_, '_>,
    right: Across<'_, '_>,
    confirmed: [bool; 2],
) {
    let (lt, lv, ls, ll, llabel) = left;
    let (rt, rv, rs, rl, rlabel) = right;
    let (Some((ly, lh)), Some((ry, rh))) = (in_yuan(lt, lv, ls), in_yuan(rt, rv, rs)) else {
        return;
    };
    let mut limit = lh.max(rh);
    if lt.has_rounding_note() || rt.has_rounding_note() {
        limit = limit.saturating_mul(Decimal::TWO);
    }
    let Some(diff) = ry.checked_sub(ly) else {
        return;
    };
    if diff.abs() <= limit {
        return;
    }
    let (llabel, rlabel) = (llabel(), rlabel());
    let finding = Finding::new(
        rule,
        Severity::Error,
        format!(
            "{llabel} ({lv} {}) differs from {rlabel} ({rv} {})",
            unit_word(lt),
            unit_word(rt)
        ),
    )
    .in_table(format!("{} / {}", title_of(lt), title_of(rt)))
    .with_figures(
        Figure {
            label: llabel,
            value: ly,
            unit: Some(Unit::Money(AmountUnit::Yuan)),
            line: ll,
        },
        Figure {
            label: rlabel,
            value: ry,
            unit: Some(Unit::Money(AmountUnit::Yuan)),
            line: rl,
        },
    );
    let uncertain: Vec<&Table> = [(lt, confirmed[0]), (rt, confirmed[1])]
        .into_iter()
        .filter(|(_, c)| !c)
        .map(|(t, _)| t)
        .collect();
    out.push(sure.judge(finding, &uncertain));
}

fn name_key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')' | '（' | '）'))
        .map(|c| if c == '与' { '和' } else { c })
        .collect::<String>()
        .trim_end_matches("(类)")
        .to_string()
}

/// `cross.summary_function`: the 一般公共预算 column of the 财政拨款收支总表, item by item (类),
/// against the 类 totals of the 一般公共预算 function table.
pub(crate) fn summary_against_function(
    doc: &Document,
    sure: &Sureness<'_>,
    out: &mut Vec<Finding>,
) {
    let Some(function) = doc.tables_of(TableKind::GeneralBudgetByFunction).next() else {
        return;
    };
    let Some(ftotal) = function.column_index(ColumnRole::Total) else {
        return;
    };
    let classes: Vec<(String, &Row)> = function
        .rows
        .iter()
        .filter(|r| {
            r.code
                .as_ref()
                .is_some_and(|c| c.system == CodeSystem::Function && c.digits.len() == 3)
        })
        .filter_map(|r| Some((name_key(r.name.as_deref()?), r)))
        .collect();
    for summary in doc.tables_of(TableKind::FiscalAppropriationSummary) {
        let Some(gb) = summary
            .columns
            .iter()
            .find(|c| c.side == Some(Side::Expenditure) && c.role == ColumnRole::GeneralBudget)
            .map(|c| c.index)
        else {
            continue;
        };
        let Some(cols) = side_columns(summary, Side::Expenditure) else {
            continue;
        };
        for (index, row) in summary.rows.iter().enumerate() {
            let Some(entry) = side_entry(index, row, cols) else {
                continue;
            };
            let key = name_key(&entry.name);
            let Some((_, class)) = classes.iter().find(|(k, _)| *k == key) else {
                continue;
            };
            let (Some((sv, ss)), Some((fv, fs))) = (amount_at(row, gb), amount_at(class, ftotal))
            else {
                continue;
            };
            compare_across(
                out,
                sure,
                RuleId::CrossSummaryFunction,
                (summary, sv, ss, line_of(row, gb), &|| {
                    format!("{} in the 财政拨款收支总表 (一般公共预算)", entry.name)
                }),
                (function, fv, fs, line_of(class, ftotal), &|| {
                    format!("{} in the function table", row_label(class))
                }),
                [false, false],
            );
        }
    }
}
