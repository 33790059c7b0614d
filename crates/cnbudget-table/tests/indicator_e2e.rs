#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
//! End to end: tables parsed here, handed to `cnbudget-indicator` as plain grids the way the
//! facade does (`cnbudget::indicators::raw_table`), must give the figures the documents print.
//! Skipped when the shared folder is absent.

use std::path::PathBuf;

use cnbudget_indicator::{Goals, RawRow, RawTable, read_all};
use cnbudget_table::{Document, Table, TableKind, parse};
use rust_decimal::Decimal;

fn shared() -> Option<PathBuf> {
    cnbudget_testkit::shared()
}

fn document(folder: &str, prefix: &str) -> Option<String> {
    let dir = shared()?.join(folder);
    let entry = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(Result::ok)
        .find(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.starts_with(prefix) && n.ends_with(".txt")
        })?;
    let bytes = std::fs::read(entry.path()).ok()?;
    Some(cnbudget_text::prepare(&bytes).text)
}

/// The facade's conversion (`src/indicators.rs`), repeated here so this crate's tests do not
/// depend on the facade.
fn raw_table(t: &Table) -> RawTable<'_> {
    let mut rows = Vec::new();
    if !t.columns.is_empty() {
        let line = t.header_lines.first().copied().unwrap_or(t.first_line);
        rows.push(RawRow::new(
            line,
            t.columns
                .iter()
                .map(|c| c.path.last().cloned().unwrap_or_default()),
        ));
    }
    for r in &t.rows {
        rows.push(RawRow::new(
            r.lines.first().copied().unwrap_or(0),
            r.cells.iter().map(|c| c.text.clone()),
        ));
    }
    RawTable {
        title: t.title.clone().unwrap_or_default(),
        number: t.number.clone(),
        unit: t.unit,
        line: t.first_line,
        rows,
        aligned: false,
    }
}

fn goals(doc: &Document) -> Goals {
    let raws: Vec<RawTable<'_>> = doc
        .tables
        .iter()
        .filter(|t| {
            matches!(
                t.kind,
                TableKind::ProjectPerformance
                    | TableKind::OverallPerformance
                    | TableKind::PerformanceSelfEvaluation
            )
        })
        .map(raw_table)
        .collect();
    read_all(raws.iter())
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn seed_001_self_evaluations_read_end_to_end() {
    let Some(text) = document("seeds", "001") else {
        return;
    };
    let g = goals(&parse(&text));
    assert_eq!(g.evaluations.len(), 5);
    let e = &g.evaluations[0];
    assert_eq!(e.name, "网络租赁和运行维护费");
    let f = e.total_funds().unwrap();
    assert_eq!(
        (f.budget, f.executed, f.rate, f.points, f.score),
        (
            Some(d("10.92")),
            Some(d("10.92")),
            Some(d("100")),
            Some(d("10")),
            Some(d("10"))
        )
    );
    assert_eq!(e.indicators.len(), 8);
    assert_eq!(e.indicators[0].name, "服务对象覆盖率");
    let hall = &g.evaluations[2];
    assert_eq!(hall.name, "医保大厅运行经费");
    assert!(
        hall.indicators
            .iter()
            .any(|i| i.name == "服务对象人数"
                && i.target.as_ref().unwrap().to_string() == "≥37.3万人")
    );

    let o = &g.overall_evaluations[0];
    assert_eq!(o.total_score, Some(d("97.5")));
    assert_eq!(o.indicators.len(), 26);
    let sum: Decimal = o
        .indicators
        .iter()
        .filter_map(|i| i.evaluation.as_ref()?.score)
        .sum();
    assert_eq!(sum, d("97.5"));
    let points: Decimal = o.indicators.iter().filter_map(|i| i.weight).sum();
    assert_eq!(points, d("100"));
    assert!(g.unplaced.is_empty(), "{:?}", g.unplaced);
}

#[test]
fn corpus_001_goal_forms_give_names_and_budgets() {
    let Some(text) = document("corpus", "001_") else {
        return;
    };
    let doc = parse(&text);
    let forms: Vec<&Table> = doc
        .tables
        .iter()
        .filter(|t| t.title.as_deref() == Some("财政项目支出绩效目标填报表"))
        .collect();
    assert_eq!(forms.len(), 5);
    // The key–value rows are rows, not a merged header.
    let first = &forms[0].rows[0];
    let cells: Vec<&str> = first.cells.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        cells,
        [
            "项目名称",
            "新建万里街道社区公共服务中心",
            "项目性质",
            "阶段性项目",
            "项目类别",
            "特定目标类"
        ]
    );
    assert_eq!(forms[0].unit, Some(cnbudget_table::AmountUnit::Yuan));

    let g = goals(&doc);
    let got: Vec<(String, Option<Decimal>)> = g
        .projects
        .iter()
        .map(|p| (p.name.clone(), p.budget.as_ref().and_then(|b| b.yuan())))
        .collect();
    assert_eq!(
        got,
        [
            (
                "新建万里街道社区公共服务中心".to_string(),
                Some(d("4100000.00"))
            ),
            ("就业援助基地补贴".to_string(), Some(d("6351000.00"))),
            ("社区环境整治和建设经费".to_string(), Some(d("4563800.00"))),
            ("各类工作经费".to_string(), Some(d("7595500.00"))),
            ("公共服务设施运行经费".to_string(), Some(d("10903043.00"))),
        ]
    );
    assert_eq!(
        g.projects[0].department.as_deref(),
        Some("上海市普陀区人民政府万里街道办事处")
    );
    // The goal text in two interleaved columns no longer ends the form: every form keeps
    // its indicator rows.
    let counts: Vec<usize> = g.projects.iter().map(|p| p.indicators.len()).collect();
    assert!(counts.iter().all(|&n| n >= 4), "{counts:?}");
    let target = |p: usize, name: &str| -> String {
        let i = g.projects[p]
            .indicators
            .iter()
            .find(|i| i.name == name)
            .unwrap_or_else(|| panic!("no indicator {name}"));
        i.target.as_ref().unwrap().to_string()
    };
    assert_eq!(target(0, "规划建筑面积"), "≥13459.00平方米");
    assert_eq!(target(1, "补贴对象满意度"), "≥80.00%");
    assert_eq!(target(2, "整治行动、病媒消杀"), "≥12.00次");
}
