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
    assert_eq!(f.unit, Some(AmountUnit::WanYuan));
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
