#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
//! The embedded sample (tables of a real 2023 部门预算, cell per line) reads fully.

use cnbudget_table::{AmountUnit, ColumnRole, Layout, NoteFlag, SAMPLE, TableKind, parse};
use rust_decimal::Decimal;

#[test]
fn sample_reads_all_eleven_attachments() {
    let doc = parse(SAMPLE);
    let kinds: Vec<&str> = doc.tables.iter().map(|t| t.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "fiscal_appropriation_summary",
            "general_budget_by_function",
            "general_budget_basic_by_economic",
            "three_public",
            "government_fund",
            "income_expenditure_summary",
            "income_summary",
            "expenditure_summary",
            "procurement",
            "overall_performance",
            "project_performance",
            "project_performance",
            "project_performance",
        ]
    );
    assert!(doc.tables.iter().all(|t| t.layout == Layout::CellPerLine));
    let f = doc
        .tables_of(TableKind::GeneralBudgetByFunction)
        .next()
        .unwrap();
    assert_eq!(f.number.as_deref(), Some("附件2"));
    assert_eq!(f.unit, Some(AmountUnit::TenThousandYuan));
    assert_eq!(
        f.amount("2101506", ColumnRole::Project),
        Some(Decimal::new(31727, 2))
    );
    assert!(
        f.notes
            .iter()
            .any(|n| n.flags.contains(&NoteFlag::Rounding))
    );
    assert!(
        doc.tables_of(TableKind::GovernmentFund)
            .next()
            .unwrap()
            .empty
    );
    assert_eq!(doc.prose.len(), 1, "only the heading line is prose");
    assert!(doc.unplaced.is_empty());
}

/// A web page as a department's site publishes a table (written for this test): the
/// title in a heading, the unit in a paragraph, entities in cells.
const PAGE: &str = r#"<html><head><meta charset="utf-8"><title>部门预算</title></head><body>
<h2>表3 一般公共预算支出表</h2>
<p>单位：万元</p>
<table border="1">
<tr><th>科目编码</th><th>科目名称</th><th>合计</th><th>基本支出</th><th>项目支出</th></tr>
<tr><td>201</td><td>一般公共服务支出&nbsp;</td><td>1,836.42</td><td>100.00</td><td>1,736.42</td></tr>
<tr><td>20101</td><td>人大事务</td><td>1,836.42</td><td>100.00</td><td>1,736.42</td></tr>
</table>
</body></html>
"#;

#[test]
fn a_web_page_table_keeps_its_title_and_unit() {
    let doc = cnbudget_table::parse(PAGE);
    assert_eq!(doc.tables.len(), 1);
    let t = &doc.tables[0];
    assert_eq!(t.layout, cnbudget_table::Layout::Html);
    assert_eq!(t.kind, cnbudget_table::TableKind::GeneralBudgetByFunction);
    assert_eq!(t.title.as_deref(), Some("一般公共预算支出表"));
    assert_eq!(t.number.as_deref(), Some("表3"));
    assert_eq!(t.unit, Some(cnbudget_table::AmountUnit::TenThousandYuan));
    let r = t.row_by_code("201").unwrap();
    assert_eq!(r.name.as_deref(), Some("一般公共服务支出"));
    assert_eq!(
        t.amount("20101", cnbudget_table::ColumnRole::Project),
        Some(rust_decimal::Decimal::new(173642, 2))
    );
}

#[test]
fn a_web_page_on_one_line_keeps_its_tables_apart() {
    // The same page minified: every tag on line 1, two tables.
    let page = concat!(
        "<html><body><h2>表1 部门收支总表</h2><p>单位：万元</p><table>",
        "<tr><td>项目</td><td>预算数</td><td>项目</td><td>预算数</td></tr>",
        "<tr><td>一般公共预算拨款收入</td><td>100.00</td><td>一般公共服务支出</td><td>100.00</td></tr></table>",
        "<h2>表3 一般公共预算支出表</h2><p>单位：万元</p><table>",
        "<tr><td>科目编码</td><td>科目名称</td><td>合计</td><td>基本支出</td><td>项目支出</td></tr>",
        "<tr><td>201</td><td>一般公共服务支出</td><td>100.00</td><td>60.00</td><td>40.00</td></tr></table>",
        "<p>说明：本页为示例。</p></body></html>\n"
    );
    let doc = cnbudget_table::parse(page);
    assert_eq!(doc.line_count, 1);
    let kinds: Vec<TableKind> = doc.tables.iter().map(|t| t.kind).collect();
    assert_eq!(
        kinds,
        [
            TableKind::IncomeExpenditureSummary,
            TableKind::GeneralBudgetByFunction
        ]
    );
    let t = &doc.tables[1];
    assert_eq!(t.number.as_deref(), Some("表3"));
    assert_eq!(t.unit, Some(AmountUnit::TenThousandYuan));
    // A cell's column is its place in the real line.
    let c = t
        .row_by_code("201")
        .unwrap()
        .cells
        .iter()
        .find(|c| c.amount() == Some(Decimal::new(6000, 2)))
        .unwrap();
    let at = page.find("60.00").unwrap();
    assert_eq!((c.line, c.column), (1, page[..at].chars().count() + 1));
    // The closing note is kept.
    assert!(t.notes.iter().any(|n| n.text.contains("本页为示例")));
}
