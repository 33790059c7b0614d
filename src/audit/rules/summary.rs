//! `summary.balance` and `summary.funds`: the identities of the two-sided summary tables
//! (收入 | 支出), and the reading of one side of their rows, shared with the cross-table rules.

use rust_decimal::Decimal;

use cnbudget_table::{ColumnRole, Row, Side, Table, Value};

use super::{At, Part, Sink, amount_at, check_sum, line_of, title_of, unit_of};
use crate::audit::{Figure, Finding, RuleId, Severity};
use crate::tolerance::Tolerance;

/// One side of a two-sided summary row: its name cell and first amount.
pub(super) struct SideEntry<'a> {
    /// The name without white space.
    pub(super) name: std::borrow::Cow<'a, str>,
    pub(super) ordinal: Option<&'a str>,
    pub(super) amount: Option<(Decimal, u32)>,
    pub(super) line: Option<usize>,
    /// The index of its row in the table.
    pub(super) row: usize,
}

/// The columns of one side of a two-sided summary: its name column and amount column.
#[derive(Clone, Copy)]
pub(super) struct SideColumns {
    name: usize,
    amount: usize,
}

pub(super) fn side_columns(table: &Table, side: Side) -> Option<SideColumns> {
    let name = table
        .columns
        .iter()
        .find(|c| c.side == Some(side) && !c.role.is_amount())?
        .index;
    // The side's 合计 column where it has one, else its first amount column (the same for
    // every row, so sums down the side compare like with like).
    let amount = table
        .columns
        .iter()
        .find(|c| c.side == Some(side) && c.role == ColumnRole::Total)
        .or_else(|| {
            table
                .columns
                .iter()
                .find(|c| c.side == Some(side) && c.role.is_amount())
        })?
        .index;
    Some(SideColumns { name, amount })
}

pub(super) fn side_entry(index: usize, row: &Row, cols: SideColumns) -> Option<SideEntry<'_>> {
    let cell = row.cell(cols.name)?;
    let (ordinal, name) = match &cell.value {
        Value::Name { ordinal, name } => (ordinal.as_deref(), name.as_str()),
        _ => (None, cell.text.as_str()),
    };
    let name = if name.chars().any(char::is_whitespace) {
        name.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .into()
    } else {
        name.into()
    };
    Some(SideEntry {
        name,
        ordinal,
        amount: amount_at(row, cols.amount),
        line: line_of(row, cols.amount).or(Some(cell.line)),
        row: index,
    })
}

fn is_top_ordinal(ordinal: Option<&str>) -> bool {
    ordinal.is_some_and(|o| {
        let t = o.trim_end_matches(['、', '.', '．', ' ']);
        !t.is_empty() && t.chars().all(crate::prose::is_numeral)
    })
}

/// `summary.balance`: 收入总计 = 支出总计; each side's 合计 = Σ its numbered items.
pub(crate) fn summary_balance(table: &Table, out: &mut Sink) {
    if !table.kind.is_summary() {
        return;
    }
    let unit = unit_of(table);
    let mut totals: Vec<Option<SideEntry<'_>>> = Vec::new();
    for side in [Side::Income, Side::Expenditure] {
        let entries: Vec<SideEntry<'_>> = match side_columns(table, side) {
            Some(cols) => table
                .rows
                .iter()
                .enumerate()
                .filter_map(|(i, r)| side_entry(i, r, cols))
                .collect(),
            None => Vec::new(),
        };
        let grand = entries
            .iter()
            .position(|e| e.name.contains("总计"))
            .or_else(|| {
                entries
                    .iter()
                    .position(|e| e.name.contains("合计") && !e.name.contains("本年"))
            });
        // Σ numbered items (一、二、…) before the first 合计/总计 line = that line.
        let first_total = entries
            .iter()
            .position(|e| e.name.contains("合计") || e.name.contains("总计"));
        if let Some(ft) = first_total {
            let items: Vec<Part> = entries
                .iter()
                .take(ft)
                .filter(|e| is_top_ordinal(e.ordinal))
                .map(|e| (e.amount, e.line))
                .collect();
            if let Some(t) = entries.get(ft) {
                if !items.is_empty() {
                    let side_name = if side == Side::Income {
                        "收入"
                    } else {
                        "支出"
                    };
                    check_sum(
                        out,
                        RuleId::SummaryBalance,
                        table,
                        At {
                            row: t.row,
                            column: None,
                        },
                        (t.amount, t.line),
                        &items,
                        |e, a| {
                            let tname = &t.name;
                            (
                                format!(
                                    "{side_name}: {tname} is {e}, but the numbered items add up to {a}"
                                ),
                                tname.to_string(),
                                format!("Σ numbered {side_name} items"),
                            )
                        },
                    );
                }
            }
        }
        // 总计 = 本年…合计 + the rows between them (结转, 结余 …; not `其中` breakdowns, nor
        // the numbered lines under an unnumbered one: `年初财政拨款结转和结余` then
        // `一、一般公共预算财政拨款` … is one carry-over by fund).
        if let (Some(ft), Some(g)) = (first_total, grand) {
            if g > ft {
                let mut parts: Vec<Part> = Vec::new();
                if let Some(t) = entries.get(ft) {
                    parts.push((t.amount, t.line));
                }
                let mut under_unnumbered = false;
                for e in entries.iter().take(g).skip(ft + 1) {
                    if e.name.starts_with("其中") || e.name.is_empty() {
                        continue;
                    }
                    let numbered = is_top_ordinal(e.ordinal);
                    if numbered && under_unnumbered {
                        continue;
                    }
                    under_unnumbered = !numbered;
                    parts.push((e.amount, e.line));
                }
                if let Some(t) = entries.get(g) {
                    let side_name = if side == Side::Income {
                        "收入"
                    } else {
                        "支出"
                    };
                    check_sum(
                        out,
                        RuleId::SummaryBalance,
                        table,
                        At {
                            row: t.row,
                            column: None,
                        },
                        (t.amount, t.line),
                        &parts,
                        |e, a| {
                            let tname = &t.name;
                            (
                                format!(
                                    "{side_name}: {tname} is {e}, but the year's total and the carry-over lines add up to {a}"
                                ),
                                tname.to_string(),
                                format!("本年合计 + 结转结余 ({side_name})"),
                            )
                        },
                    );
                }
            }
        }
        totals.push(grand.and_then(|g| entries.into_iter().nth(g)));
    }
    if let [Some(income), Some(expenditure)] = totals.as_slice() {
        let (Some((iv, is)), Some((ev, es))) = (income.amount, expenditure.amount) else {
            return;
        };
        let tol = Tolerance::for_pair(is.max(es), table.has_rounding_note());
        let Some(diff) = ev.checked_sub(iv) else {
            return;
        };
        if !tol.accepts(diff) {
            out.findings.push(
                Finding::new(
                    RuleId::SummaryBalance,
                    Severity::Error,
                    format!(
                        "{} ({iv}) does not equal {} ({ev})",
                        income.name, expenditure.name
                    ),
                )
                .in_table(title_of(table))
                .with_figures(
                    Figure {
                        label: income.name.to_string(),
                        value: iv,
                        unit: unit.clone(),
                        line: income.line,
                    },
                    Figure {
                        label: expenditure.name.to_string(),
                        value: ev,
                        unit: unit.clone(),
                        line: expenditure.line,
                    },
                ),
            );
        }
    }
}

/// `summary.funds`: in the two-sided summaries, an expenditure line's 合计 = 一般公共预算 +
/// 政府性基金 + 国有资本经营 (+ 财政专户 …) where the table prints the fund columns.
pub(crate) fn summary_funds(table: &Table, out: &mut Sink) {
    if !table.kind.is_summary() {
        return;
    }
    let on_side = |role: ColumnRole| {
        table
            .columns
            .iter()
            .find(|c| c.side == Some(Side::Expenditure) && c.role == role)
            .map(|c| c.index)
    };
    let Some(total) = on_side(ColumnRole::Total) else {
        return;
    };
    let funds: Vec<usize> = [
        ColumnRole::GeneralBudget,
        ColumnRole::GovernmentFund,
        ColumnRole::StateCapital,
        ColumnRole::FiscalSpecialAccount,
        ColumnRole::BusinessIncome,
        ColumnRole::OtherIncome,
    ]
    .iter()
    .filter_map(|r| on_side(*r))
    .collect();
    if funds.is_empty() {
        return;
    }
    // Only when every amount column of the side is a known fund (else 合计 may include others).
    let known = table
        .columns
        .iter()
        .filter(|c| c.side == Some(Side::Expenditure) && c.role.is_amount())
        .all(|c| c.index == total || funds.contains(&c.index));
    if !known {
        return;
    }
    let Some(cols) = side_columns(table, Side::Expenditure) else {
        return;
    };
    for (index, row) in table.rows.iter().enumerate() {
        let Some(entry) = side_entry(index, row, cols) else {
            continue;
        };
        let parts: Vec<Part> = funds
            .iter()
            .map(|&c| (amount_at(row, c), line_of(row, c)))
            .collect();
        check_sum(
            out,
            RuleId::SummaryFunds,
            table,
            At {
                row: index,
                column: None,
            },
            (amount_at(row, total), line_of(row, total)),
            &parts,
            |e, a| {
                let name = &entry.name;
                (
                    format!("{name}: 合计 is {e}, but the fund columns add up to {a}"),
                    format!("{name} / 合计"),
                    "Σ fund columns".to_string(),
                )
            },
        );
    }
}
