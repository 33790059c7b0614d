//! `final.balance`: a final account's balances carry over row by row.

use cnbudget_table::{ColumnRole, Table};

use super::{At, Part, Sink, amount_at, check_sum, line_of, row_label};
use crate::audit::RuleId;

/// `final.balance`: in a final account's table that prints the balances beside the year's
/// figures (政府性基金 / 国有资本经营 收入支出决算表, 财政拨款收入支出决算表 by code), every row
/// holds 年初结转和结余 + 本年收入 − 本年支出 = 年末结转和结余.
///
/// 本年支出 is the column whose path names it as a total (`本年支出/合计`), else 基本支出 + 项目支出
/// (+ 上缴上级, 经营支出, 对附属单位补助) when no column's header says 小计 or 合计 without
/// being that total — a header the layout reader merged (`本年支出小计基本支出`) would otherwise
/// count the 小计 as 基本支出.
pub(crate) fn final_balance(table: &Table, out: &mut Sink) {
    let Some((opening, income, closing)) = balance_columns(table) else {
        return;
    };
    let col = |role: ColumnRole| table.column_index(role);
    let spending_total = table
        .columns
        .iter()
        .find(|c| c.role == ColumnRole::Total && c.path.concat().contains("本年支出"))
        .map(|c| vec![c.index]);
    let ambiguous = table.columns.iter().any(|c| {
        let p = c.path.concat();
        c.role != ColumnRole::Total && (p.contains("小计") || p.contains("合计"))
    });
    let spending = match spending_total {
        Some(t) => t,
        None if ambiguous => return,
        None => {
            let parts: Vec<usize> = [
                ColumnRole::Basic,
                ColumnRole::Project,
                ColumnRole::PaidToSuperior,
                ColumnRole::OperatingExpenditure,
                ColumnRole::SubsidyToAffiliates,
            ]
            .iter()
            .filter_map(|r| col(*r))
            .collect();
            if parts.is_empty() {
                return;
            }
            parts
        }
    };
    for (index, row) in table.rows.iter().enumerate() {
        let mut parts: Vec<Part> = vec![
            (amount_at(row, opening), line_of(row, opening)),
            (amount_at(row, income), line_of(row, income)),
        ];
        for &c in &spending {
            let spent = amount_at(row, c).map(|(v, scale)| (-v, scale));
            parts.push((spent, line_of(row, c)));
        }
        check_sum(
            out,
            RuleId::FinalBalance,
            table,
            At {
                row: index,
                column: None,
            },
            (amount_at(row, closing), line_of(row, closing)),
            &parts,
            |e, a| {
                let label = row_label(row);
                (
                    format!(
                        "{label}: 年末结转和结余 is {e}, but 年初结转和结余 + 本年收入 − 本年支出 is {a}"
                    ),
                    format!("{label} / 年末结转和结余"),
                    "年初结转和结余 + 本年收入 − 本年支出".to_string(),
                )
            },
        );
    }
}

/// The 年初结转和结余, 本年收入 and 年末结转和结余 columns, when the table has all three: the
/// rule reads only such tables.
pub(crate) fn balance_columns(table: &Table) -> Option<(usize, usize, usize)> {
    let col = |role: ColumnRole| table.column_index(role);
    Some((
        col(ColumnRole::OpeningBalance)?,
        col(ColumnRole::CurrentIncome)?,
        col(ColumnRole::ClosingBalance)?,
    ))
}
