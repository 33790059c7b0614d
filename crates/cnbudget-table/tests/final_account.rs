#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
//! A final account's fund table prints the balances beside the year's flows:
//! 年初结转和结余 | 本年收入 | 本年支出 (合计 / 基本支出 / 项目支出) | 年末结转和结余.
//! `本年收入` and `本年支出` there are columns, not the two sides of a summary table.

use cnbudget_table::{ColumnRole, TableKind, parse};

const FUND_TABLE: &str = "附件7 政府性基金预算财政拨款收入支出决算表\n\
单位：万元\n\
功能分类科目编码\t科目名称\t年初结转和结余\t本年收入\t本年支出\t\t\t年末结转和结余\n\
\t\t\t\t合计\t基本支出\t项目支出\t\n\
2120803\t城市基础设施配套费安排的支出\t1.00\t10.00\t8.00\t\t8.00\t3.00\n";

#[test]
fn balances_and_flows_are_roles_not_sides() {
    let doc = parse(FUND_TABLE);
    let t = doc.tables_of(TableKind::GovernmentFund).next().unwrap();
    let roles: Vec<ColumnRole> = t.columns.iter().map(|c| c.role).collect();
    assert_eq!(
        roles,
        [
            ColumnRole::Code,
            ColumnRole::Name,
            ColumnRole::OpeningBalance,
            ColumnRole::CurrentIncome,
            ColumnRole::Total,
            ColumnRole::Basic,
            ColumnRole::Project,
            ColumnRole::ClosingBalance,
        ]
    );
    assert!(t.columns.iter().all(|c| c.side.is_none()));
    let row = t.row_by_code("2120803").unwrap();
    let closing = t.column_index(ColumnRole::ClosingBalance).unwrap();
    assert_eq!(
        row.cell(closing).unwrap().amount().unwrap().to_string(),
        "3.00"
    );
}

#[test]
fn a_summary_under_the_same_words_keeps_its_sides() {
    // Shanghai's 财务收支预算总表 heads its two sides 本年收入 and 本年支出, each with 项目.
    let text = "2025年部门财务收支预算总表\n单位：元\n\
本年收入\t\t本年支出\t\n\
项目\t预算数\t项目\t预算数\n\
一般公共预算资金\t1,000.00\t一般公共服务支出\t1,000.00\n";
    let doc = parse(text);
    let t = &doc.tables[0];
    assert_eq!(t.kind, TableKind::IncomeExpenditureSummary);
    assert!(
        t.columns.iter().all(|c| c.side.is_some()),
        "{:?}",
        t.columns
    );
}
