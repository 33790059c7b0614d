//! `row.total_parts`: the identities between a row's columns (合计 = 基本支出 + 项目支出, …).

use cnbudget_table::{ColumnRole, Table, TableKind};

use super::{
    At, Part, Sink, amount_at, check_sum, column_label, is_amount_table, line_of, row_label,
};
use crate::audit::RuleId;

/// `row.total_parts`: 合计 = 基本 + 项目 (+ other expenditure columns); 合计 = 人员 + 公用;
/// 基本 = 人员 + 公用; income totals = Σ sources.
pub(crate) fn row_identities(table: &Table, out: &mut Sink) {
    if !is_amount_table(table.kind) {
        return;
    }
    let col = |role: ColumnRole| {
        table
            .columns
            .iter()
            .find(|c| c.role == role && c.side.is_none())
            .map(|c| c.index)
    };
    let Some(total) = col(ColumnRole::Total) else {
        return;
    };
    // Amount columns the identities do not know (单位预留机动经费 …): the 合计 may include them,
    // so identities on 合计 are not checked when such a column holds amounts.
    let unexplained = table.columns.iter().any(|c| {
        c.side.is_none()
            && matches!(c.role, ColumnRole::Amount | ColumnRole::Other)
            && table
                .rows
                .iter()
                .any(|r| r.cell(c.index).and_then(|x| x.amount()).is_some())
    });
    let basic = col(ColumnRole::Basic);
    let project = col(ColumnRole::Project);
    let personnel = col(ColumnRole::Personnel);
    let public = col(ColumnRole::Public);
    let mut identities: Vec<(Option<usize>, Vec<usize>, &str)> = Vec::new();
    let extra_expenditure: Vec<usize> = [
        ColumnRole::PaidToSuperior,
        ColumnRole::OperatingExpenditure,
        ColumnRole::SubsidyToAffiliates,
    ]
    .iter()
    .filter_map(|r| col(*r))
    .collect();
    if unexplained {
        // only the identities that do not involve 合计 below
    } else if let (Some(b), Some(p)) = (basic, project) {
        let mut parts = vec![b, p];
        parts.extend(&extra_expenditure);
        identities.push((Some(total), parts, "基本支出 + 项目支出"));
    } else if let (Some(pe), Some(pu)) = (personnel, public) {
        let mut parts = vec![pe, pu];
        parts.extend(project);
        identities.push((Some(total), parts, "人员经费 + 公用经费"));
    }
    if let (Some(b), Some(pe), Some(pu)) = (basic, personnel, public) {
        identities.push((Some(b), vec![pe, pu], "人员经费 + 公用经费"));
    }
    if table.kind == TableKind::IncomeSummary && !unexplained {
        // 财政拨款收入 is itself 一般公共预算 + 政府性基金 + 国有资本经营 where both are printed.
        let fiscal = col(ColumnRole::FiscalAppropriation);
        let appropriations: Vec<usize> = [
            ColumnRole::GeneralBudget,
            ColumnRole::GovernmentFund,
            ColumnRole::StateCapital,
        ]
        .iter()
        .filter_map(|r| col(*r))
        .collect();
        let others: Vec<usize> = [
            ColumnRole::CarryOver,
            ColumnRole::NonFiscalBalance,
            ColumnRole::FiscalSpecialAccount,
            ColumnRole::BusinessIncome,
            ColumnRole::OperatingIncome,
            ColumnRole::SuperiorSubsidy,
            ColumnRole::AffiliatePayment,
            ColumnRole::OtherIncome,
        ]
        .iter()
        .filter_map(|r| col(*r))
        .collect();
        let mut sources = match fiscal {
            Some(f) => {
                if !appropriations.is_empty() {
                    identities.push((
                        Some(f),
                        appropriations.clone(),
                        "一般公共预算 + 政府性基金 + 国有资本经营",
                    ));
                }
                vec![f]
            }
            None => appropriations,
        };
        sources.extend(others);
        if !sources.is_empty() {
            identities.push((Some(total), sources, "Σ income sources"));
        }
    }
    if let (Some(cur), Some(carry)) = (
        col(ColumnRole::CurrentAppropriation),
        col(ColumnRole::CarryOver),
    ) && table.kind != TableKind::IncomeSummary
    {
        identities.push((Some(total), vec![cur, carry], "当年拨款 + 上年结转"));
    }
    // One buffer for the parts of every row's identities.
    let mut cells: Vec<Part> = Vec::new();
    for (index, row) in table.rows.iter().enumerate() {
        for (whole, parts, what) in &identities {
            let Some(whole) = *whole else { continue };
            cells.clear();
            cells.extend(parts.iter().map(|&c| (amount_at(row, c), line_of(row, c))));
            let failed = check_sum(
                out,
                RuleId::RowTotalParts,
                table,
                At {
                    row: index,
                    column: None,
                },
                (amount_at(row, whole), line_of(row, whole)),
                &cells,
                |e, a| {
                    let label = row_label(row);
                    let whole_label = column_label(table, whole);
                    (
                        format!("{label}: {whole_label} is {e}, but {what} is {a}"),
                        format!("{label} / {whole_label}"),
                        what.to_string(),
                    )
                },
            );
            if let Some(residual) = failed {
                let unused = |c: usize| c != whole && !parts.contains(&c);
                let in_row = row.cells.iter().enumerate().any(|(c, cell)| {
                    unused(c)
                        && cell
                            .amount()
                            .is_some_and(|a| !a.is_zero() && a == residual.abs())
                });
                if let Some(check) = out.checks.last_mut() {
                    check.residual_in_row = in_row;
                }
            }
        }
    }
}
