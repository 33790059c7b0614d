//! `Disclosure::totals()` on real documents: each headline figure with its table and line.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cnbudget::Disclosure;
use cnbudget::totals::Headline;
use rust_decimal::Decimal;

fn doc(sub: &str, prefix: &str) -> Option<Disclosure> {
    let path = cnbudget_testkit::find(sub, prefix, "txt")?;
    Some(Disclosure::from_path(path).unwrap())
}

fn value(h: &Option<Headline>) -> (String, usize, bool) {
    let h = h.as_ref().expect("figure");
    (h.amount.to_string(), h.line, h.sure)
}

#[test]
fn the_sample_has_every_table_figure() {
    let d = Disclosure::from_bytes(cnbudget::SAMPLE.as_bytes());
    let t = d.totals();
    assert_eq!(value(&t.income_total).0, "1836.42");
    assert_eq!(value(&t.general_budget_expenditure).0, "1836.42");
    assert_eq!(value(&t.general_budget_project).0, "961.27");
    assert_eq!(value(&t.vehicle_operation).0, "4.00");
    assert_eq!(value(&t.reception).0, "4.60");
    assert_eq!(value(&t.procurement).0, "3.00");
    // Serialises with the table index and unit.
    let json = serde_json::to_value(&t).unwrap();
    assert_eq!(json["three_public"]["unit"], "万元");
}

#[test]
fn jiangsu_the_general_budget_table_wins_over_the_appropriation_table() {
    // 019 prints a 财政拨款支出预算表 (table 4) and an 一般公共预算支出预算表 (table 8): the
    // 一般公共预算 one gives 一般公共预算支出 13,649.07 (its only amount column, 金额).
    let Some(d) = doc("corpus", "019_") else {
        return;
    };
    let t = d.totals();
    let gb = t.general_budget_expenditure.as_ref().unwrap();
    assert_eq!((gb.amount, gb.line), (Decimal::new(1_364_907, 2), 551));
    assert_eq!(gb.title.as_deref(), Some("一般公共预算支出预算表"));
    // Its 三公 table prints 会议费 and 培训费 beside the items, inside its 合计 2,542.60: the
    // “三公” total is the 小计 under “三公”经费, 833.60 (222.50 + 183.60 + 427.50).
    assert_eq!(value(&t.three_public), ("833.60".into(), 782, true));
    assert_eq!(value(&t.procurement).0, "2247.85");
}

#[test]
fn a_three_public_table_listing_its_items_as_rows() {
    // 广州市统计局 表8 lists 行政经费 839.21, “三公”经费 19.86, 因公出国(境) 5.00, 公务用车购置及运行维护
    // 6.70 (购置 0.00, 运行维护 6.70) and 公务接待 8.16 as rows.
    let Some(d) = doc("corpus-wide", "210_") else {
        return;
    };
    let t = d.totals();
    assert_eq!(value(&t.three_public), ("19.86".into(), 453, true));
    assert_eq!(value(&t.overseas_travel).0, "5.00");
    assert_eq!(value(&t.vehicles).0, "6.70");
    assert_eq!(value(&t.vehicle_purchase).0, "0.00");
    assert_eq!(value(&t.reception), ("8.16".into(), 458, true));
    // The text's 19.86 is not held to 行政经费 839.21.
    assert!(
        !d.audit()
            .iter()
            .any(|f| f.rule == cnbudget::audit::RuleId::ProseFigure && f.message.contains("839.21"))
    );
}

#[test]
fn a_misread_basic_heading_is_found_by_arithmetic() {
    // 首都绿化委员会办公室 预算05表: `基本支出` / `小计 人员经费 公用经费` is read as one heading
    // `基本支出人员经费`; 基本支出 is still 950.088291 = 5,133.737491 − 4,183.649200 =
    // 865.117476 + 84.970815.
    let Some(d) = doc("corpus-wide", "201_") else {
        return;
    };
    let t = d.totals();
    assert_eq!(
        value(&t.general_budget_basic),
        ("950.088291".into(), 141, true)
    );
    assert_eq!(value(&t.general_budget_project).0, "4183.649200");
    assert_eq!(value(&t.procurement), ("3084.190000".into(), 225, true));
}

#[test]
fn shanghai_operating_costs_and_a_final_accounts_three_public() {
    if let Some(d) = doc("corpus", "001_sh") {
        let t = d.totals();
        assert_eq!(value(&t.operating_costs), ("786.09".into(), 792, true));
        assert_eq!(value(&t.three_public).0, "22.91");
        assert_eq!(value(&t.income_total).0, "164978640");
    }
    // Corpus 015, a final account: the 决算数 of its 三公 table (0.39, all 公务接待).
    if let Some(d) = doc("corpus", "015_") {
        let t = d.totals();
        assert_eq!(value(&t.three_public).0, "0.39");
        assert_eq!(value(&t.reception).0, "0.39");
        assert_eq!(value(&t.general_budget_basic).0, "5364.75");
        assert_eq!(value(&t.basic_expenditure).0, "5377.64");
    }
}

#[test]
fn figures_of_an_uncertain_table_say_so() {
    // 气象局 表五 is read with figures broken at their decimal points: its 合计 is `12,672`
    // without `.73`.
    let Some(d) = doc("corpus-wide", "204_") else {
        return;
    };
    let gb = d.totals().general_budget_expenditure.unwrap();
    assert_eq!(gb.amount, Decimal::from(12_672));
    assert!(!gb.sure);
}

#[test]
fn no_figure_when_no_table_prints_it() {
    // 202 is the 情况说明 without its tables.
    let Some(d) = doc("corpus-wide", "202_") else {
        return;
    };
    assert_eq!(d.totals(), cnbudget::totals::Totals::default());
}

#[test]
fn a_three_public_table_printing_each_year_gives_the_current_year() {
    // 西安市统计局 表13, read from the PDF: the items under 上年, 当年 and 增减变化情况, with
    // 会议费 and 培训费 inside each 合计. The 当年 “三公” 小计 is 81,000.00 元: 公务接待费
    // 15,000.00 and 公务用车运行维护费 66,000.00 (8.10, 1.50 and 6.60 万元, as the text states).
    let Some(path) = cnbudget_testkit::find("corpus-wide", "227_", "pdf") else {
        return;
    };
    let d = Disclosure::from_path(path).unwrap();
    let table = d
        .document
        .tables
        .iter()
        .find(|t| t.title.as_deref().is_some_and(|x| x.contains("三公")))
        .unwrap();
    let tp = table.three_public().unwrap();
    let s = |v: Option<Decimal>| v.map(|v| v.to_string());
    assert_eq!(s(tp.total).as_deref(), Some("81000.00"));
    assert_eq!(s(tp.reception).as_deref(), Some("15000.00"));
    assert_eq!(s(tp.vehicle_operation).as_deref(), Some("66000.00"));
}
