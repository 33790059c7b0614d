//! `cross.*`: the same figure printed in two tables.

use rust_decimal::Decimal;

use cnbudget_table::{CodeSystem, ColumnRole, Document, Row, Side, Table, TableKind};

use super::summary::{side_columns, side_entry};
use super::{amount_at, in_yuan, line_of, row_label, title_of, total_row, unit_of};
use crate::audit::{Figure, Finding, RuleId, Severity, Sureness};

/// `cross.basic_total` and `cross.function_totals`.
pub(crate) fn cross_tables(
    doc: &Document,
    final_account: bool,
    sure: &Sureness<'_>,
    out: &mut Vec<Finding>,
) {
    // 基本支出 column of the function table = total of the basic-by-economic table.
    let function = doc.tables_of(TableKind::GeneralBudgetByFunction).next();
    let basic = doc
        .tables_of(TableKind::GeneralBudgetBasicByEconomic)
        .next();
    if let (Some(f), Some(b)) = (function, basic) {
        let f_val = f
            .column_index(ColumnRole::Basic)
            .and_then(|c| total_row(f).and_then(|r| amount_at(r, c).map(|a| (a, line_of(r, c)))));
        let b_val = b
            .column_index(ColumnRole::Total)
            .and_then(|c| total_row(b).and_then(|r| amount_at(r, c).map(|a| (a, line_of(r, c)))));
        if let (Some(((fv, fs), fl)), Some(((bv, bs), bl))) = (f_val, b_val) {
            compare_across(
                out,
                sure,
                RuleId::CrossBasicTotal,
                (f, fv, fs, fl, &|| {
                    "基本支出 total of the function table".to_string()
                }),
                (b, bv, bs, bl, &|| "total of the 基本支出 table".to_string()),
            );
        }
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
/// confidence, else a warning.
fn compare_across(
    out: &mut Vec<Finding>,
    sure: &Sureness<'_>,
    rule: RuleId,
    left: Across<'_, '_>,
    right: Across<'_, '_>,
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
            unit_of(lt),
            unit_of(rt)
        ),
    )
    .in_table(format!("{} / {}", title_of(lt), title_of(rt)))
    .with_figures(
        Figure {
            label: llabel,
            value: ly,
            unit: "元".into(),
            line: ll,
        },
        Figure {
            label: rlabel,
            value: ry,
            unit: "元".into(),
            line: rl,
        },
    );
    out.push(sure.judge(finding, &[lt, rt]));
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
            );
        }
    }
}
