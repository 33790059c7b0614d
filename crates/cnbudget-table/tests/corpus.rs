#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
//! Tables in the real PDF-derived documents of `shared/corpus` (skipped when absent).

use std::path::PathBuf;

use cnbudget_table::{Document, parse};

fn corpus() -> Option<PathBuf> {
    Some(cnbudget_testkit::shared()?.join("corpus"))
}

fn load(prefix: &str) -> Option<(String, Document)> {
    let dir = corpus()?;
    let e = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(Result::ok)
        .find(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.starts_with(prefix) && n.ends_with(".txt")
        })?;
    let bytes = std::fs::read(e.path()).ok()?;
    let text = cnbudget_text::prepare(&bytes).text;
    let doc = parse(&text);
    Some((text, doc))
}

#[test]
fn every_corpus_document_parses() {
    let Some(dir) = corpus() else { return };
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    for n in names {
        let (text, doc) = load(&n).unwrap();
        let code_rows: usize = doc.tables.iter().map(|t| t.code_rows().count()).sum();
        eprintln!(
            "{n}: {} tables, {code_rows} code rows, {} unplaced; kinds {:?}",
            doc.tables.len(),
            doc.unplaced.len(),
            doc.kinds().map(|k| k.as_str()).collect::<Vec<_>>()
        );
        if std::env::var_os("DUMP").is_some_and(|d| n.starts_with(d.to_str().unwrap_or("-"))) {
            for t in &doc.tables {
                eprintln!(
                    "== {}-{} {:?} {} {:?} unit={:?} rows={}",
                    t.first_line,
                    t.last_line,
                    t.title,
                    t.kind,
                    t.layout,
                    t.unit,
                    t.rows.len()
                );
                for c in &t.columns {
                    eprintln!("   col {:?} {:?}", c.path, c.role);
                }
                for r in t.rows.iter().take(40) {
                    let cells: Vec<&str> = r.cells.iter().map(|c| c.text.as_str()).collect();
                    eprintln!(
                        "   {:?} {:?} {:?}",
                        r.lines,
                        r.code.as_ref().map(|c| &c.digits),
                        cells
                    );
                }
            }
            for u in doc.unplaced.iter().take(30) {
                eprintln!("unplaced {} {} {}", u.line, u.reason, u.text);
            }
        }
        let covered = doc.covered_lines();
        for (i, line) in text.lines().enumerate() {
            if !line.trim().is_empty() {
                assert!(
                    covered.binary_search(&(i + 1)).is_ok(),
                    "{n}: line {} lost",
                    i + 1
                );
            }
        }
    }
}

use cnbudget_table::{AmountUnit, ColumnRole, Layout, TableKind};
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

const SH_BUDGET_9: [&str; 9] = [
    "income_expenditure_summary",
    "income_summary",
    "expenditure_summary",
    "fiscal_appropriation_summary",
    "general_budget_by_function",
    "government_fund",
    "state_capital",
    "general_budget_basic_by_economic",
    "three_public",
];

#[test]
fn shanghai_budget_sets_have_nine_tables() {
    for p in ["001", "002", "004", "006", "009"] {
        let Some((_, doc)) = load(p) else { return };
        let kinds: Vec<&str> = doc.kinds().map(|k| k.as_str()).take(9).collect();
        assert_eq!(kinds, SH_BUDGET_9, "{p}");
        assert!(
            doc.tables
                .iter()
                .take(9)
                .all(|t| t.layout == Layout::SpaceAligned)
        );
    }
}

#[test]
fn wanli_2023_values() {
    let Some((_, doc)) = load("001") else { return };
    let f = doc
        .tables_of(TableKind::GeneralBudgetByFunction)
        .next()
        .unwrap();
    assert_eq!(f.unit, Some(AmountUnit::Yuan));
    assert_eq!(
        f.issuer.as_deref(),
        Some("上海市普陀区人民政府万里街道办事处")
    );
    let r = f.row_by_code("2010506").unwrap();
    assert_eq!(r.name.as_deref(), Some("统计管理"));
    assert_eq!(f.amount("2010506", ColumnRole::Total), Some(d("26300")));
    let total = f.rows.iter().find(|r| r.total).unwrap();
    let col = f.column_index(ColumnRole::Total).unwrap();
    assert_eq!(total.cells[col].amount(), Some(d("164978640")));
    let tp = doc.tables_of(TableKind::ThreePublic).next().unwrap();
    assert_eq!(tp.unit, Some(AmountUnit::TenThousandYuan));
    let v = tp.three_public().unwrap();
    assert_eq!(v.total, Some(d("22.91")));
    assert_eq!(v.reception, Some(d("1.35")));
    assert_eq!(v.vehicle_operation, Some(d("21.56")));
    assert!(
        doc.tables_of(TableKind::GovernmentFund)
            .next()
            .unwrap()
            .empty
    );
    assert_eq!(doc.tables_of(TableKind::ProjectPerformance).count(), 5);
}

#[test]
fn finance_bureau_2024_final_totals() {
    let Some((_, doc)) = load("014") else { return };
    let kinds: Vec<&str> = doc.kinds().map(|k| k.as_str()).collect();
    assert_eq!(kinds.len(), 9, "{kinds:?}");
    let t = doc
        .tables_of(TableKind::IncomeExpenditureSummary)
        .next()
        .unwrap();
    assert_eq!(t.unit, Some(AmountUnit::TenThousandYuan));
    let rows = t.summary_rows().collect::<Vec<_>>();
    let year = rows
        .iter()
        .find(|r| r.income.first().is_some_and(|i| i.name == "本年收入合计"))
        .unwrap();
    assert_eq!(year.income[0].amount(), Some(d("2946.25")));
    assert_eq!(year.expenditure[0].amount(), Some(d("2940.05")));
    let grand = rows
        .iter()
        .find(|r| r.income.first().is_some_and(|i| i.name == "总计"))
        .unwrap();
    assert_eq!(grand.income[0].amount(), Some(d("2995.39")));
    assert_eq!(grand.expenditure[0].amount(), Some(d("2995.39")));
}

#[test]
fn jiangsu_npc_2017_seven_digit_codes() {
    let Some((_, doc)) = load("019") else { return };
    let f = doc
        .tables_of(TableKind::GeneralBudgetByFunction)
        .next()
        .unwrap();
    let codes: Vec<String> = f.code_rows().map(|r| r.code.digits.clone()).collect();
    assert!(codes.contains(&"2010108".to_string()), "{codes:?}");
    assert_eq!(f.amount("2010108", ColumnRole::Amount), Some(d("428.36")));
    assert_eq!(f.amount("2210202", ColumnRole::Amount), Some(d("1018.01")));
}

#[test]
fn narrative_volume_has_no_tables() {
    let Some((_, doc)) = load("026") else { return };
    assert!(doc.tables.is_empty());
    assert!(doc.unplaced.is_empty());
}

#[test]
fn shanghai_final_and_jiangsu_sets_are_complete() {
    for p in ["014", "015"] {
        let Some((_, doc)) = load(p) else { return };
        let mut kinds: Vec<&str> = doc.kinds().map(|k| k.as_str()).collect();
        kinds.sort_unstable();
        let mut want = SH_BUDGET_9.to_vec();
        want.sort_unstable();
        assert_eq!(kinds, want, "{p}");
    }
    for p in ["019", "027", "038"] {
        let Some((_, doc)) = load(p) else { return };
        let kinds: Vec<&str> = doc.kinds().map(|k| k.as_str()).collect();
        assert_eq!(kinds.len(), 12, "{p}: {kinds:?}");
        for k in [
            "income_expenditure_summary",
            "income_summary",
            "expenditure_summary",
            "fiscal_appropriation_summary",
            "general_budget_by_function",
            "general_budget_basic_by_economic",
            "government_fund",
            "three_public",
            "procurement",
        ] {
            assert!(kinds.contains(&k), "{p}: no {k} in {kinds:?}");
        }
    }
}
