#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
//! Tables saved as CSV (a spreadsheet's export): the tab-separated seeds written as
//! Excel writes CSV read to the same rows and figures; quoted cells with commas and
//! line breaks. Tests over the seeds skip when the shared folder is absent.

use std::str::FromStr;

use cnbudget_table::{ColumnRole, Document, Layout, TableKind, parse};
use rust_decimal::Decimal;

mod common;
use common::seed;

/// Every tab-separated line as Excel writes CSV: fields with a comma or a quote quoted,
/// quotes doubled.
fn as_csv(text: &str) -> String {
    text.split('\n')
        .map(|l| {
            if !l.contains('\t') {
                return l.to_string();
            }
            l.split('\t')
                .map(|f| {
                    if f.contains([',', '"']) {
                        format!("\"{}\"", f.replace('"', "\"\""))
                    } else {
                        f.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The figures of the financial tables (three columns or more): kind, and per row the
/// code, the name and the amounts.
fn figures(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    for t in &doc.tables {
        if t.columns.len() < 3
            || matches!(
                t.kind,
                TableKind::Other
                    | TableKind::ProjectPerformance
                    | TableKind::OverallPerformance
                    | TableKind::PerformanceSelfEvaluation
            )
        {
            continue;
        }
        out.push(format!("{} {:?} {:?}", t.kind, t.title, t.unit));
        for r in &t.rows {
            let amounts: Vec<String> = r
                .cells
                .iter()
                .filter_map(|c| c.amount())
                .map(|a| a.to_string())
                .collect();
            out.push(format!(
                "{:?} {:?} {amounts:?}",
                r.code.as_ref().map(|c| c.digits.as_str()),
                r.name
            ));
        }
    }
    out
}

#[test]
fn tab_separated_seeds_read_the_same_as_csv() {
    for s in ["002", "003", "004"] {
        let Some(text) = seed(s) else { return };
        let tsv = parse(&text);
        let csv = parse(&as_csv(&text));
        let (a, b) = (figures(&tsv), figures(&csv));
        assert!(a.len() > 50, "seed {s}: {} lines", a.len());
        assert_eq!(a, b, "seed {s}");
        assert!(
            csv.tables.iter().any(|t| t.layout == Layout::Csv),
            "seed {s}"
        );
    }
}

#[test]
fn seed_004_as_csv_keeps_its_figures() {
    let Some(text) = seed("004") else { return };
    let doc = parse(&as_csv(&text));
    // 表5 in 元: 2101506 医疗保障经办事务 = 6,432,973.
    let t = doc
        .tables
        .iter()
        .find(|t| t.kind == TableKind::GeneralBudgetByFunction && t.layout == Layout::Csv)
        .unwrap();
    assert_eq!(
        t.amount("2101506", ColumnRole::Total),
        Some(Decimal::from(6_432_973))
    );
    let c = t
        .row_by_code("2101506")
        .unwrap()
        .cells
        .iter()
        .find(|c| c.amount() == Some(Decimal::from(6_432_973)))
        .unwrap();
    // `8,2101506,医疗保障经办事务,` is 19 characters.
    assert_eq!((c.line, c.column), (270, 20));
}

/// Written for this test, shaped as a spreadsheet exports a 项目支出绩效目标表: title and
/// unit rows with trailing commas, a quoted figure with a thousands comma, a quoted cell
/// with a line break and a comma inside, a sentence in an unquoted cell.
const SHEET: &str = "2024年项目支出绩效目标表,,,,
单位：元,,,,
一级指标,二级指标,三级指标,指标值,预算金额
产出指标,数量指标,培训人次,100,\"12,500.00\"
产出指标,质量指标,\"合格率
(按季度统计,取平均)\",95%,\"3,000.00\"
效益指标,社会效益指标,服务对象满意度达到九成以上。,90%,0
";

#[test]
fn spreadsheet_cells_with_commas_and_line_breaks() {
    let doc = parse(SHEET);
    assert_eq!(doc.tables.len(), 1, "{:#?}", doc.tables);
    let t = &doc.tables[0];
    assert_eq!(t.layout, Layout::Csv);
    assert_eq!(t.title.as_deref(), Some("2024年项目支出绩效目标表"));
    assert_eq!(t.kind, TableKind::ProjectPerformance);
    assert_eq!(t.columns.len(), 5);
    assert_eq!(t.rows.len(), 3);
    let r = &t.rows[1];
    assert_eq!(r.lines, vec![5, 6]);
    assert_eq!(r.cells[2].raw, "合格率\n(按季度统计,取平均)");
    // The cell starts at its opening quote, after `产出指标,质量指标,`.
    assert_eq!((r.cells[2].line, r.cells[2].column), (5, 11));
    // The cells after the break stand on line 6.
    assert_eq!(r.cells[3].line, 6);
    assert_eq!(
        t.rows[0].cells[4].amount(),
        Some(Decimal::from_str("12500.00").unwrap())
    );
    assert_eq!(t.rows[2].cells[2].raw, "服务对象满意度达到九成以上。");
    assert!(doc.unplaced.is_empty());
    assert!(doc.prose.is_empty(), "{:?}", doc.prose);
}

#[test]
fn prose_with_ascii_commas_is_not_a_table() {
    // Two sentences written with ASCII commas, as some documents are.
    let text = "收入预算100万元,比上年增加5万元,主要是人员增加。\n支出预算100万元,其中基本支出80万元,项目支出20万元。\n";
    let doc = parse(text);
    assert!(doc.tables.is_empty());
    assert_eq!(doc.prose.len(), 1);
}
