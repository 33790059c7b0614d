#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
//! Row codes are typed when the table is read: a functional or economic code where the
//! table's classification and the digits make one.

use cnbudget_economic::EconomicCode;
use cnbudget_functional::FunctionCode;
use cnbudget_table::{Code, CodeSystem, CodeValue, SAMPLE, TableKind, Value, parse};
use proptest::prelude::*;

#[test]
fn the_sample_rows_carry_typed_codes() {
    let doc = parse(SAMPLE);
    let f = doc
        .tables_of(TableKind::GeneralBudgetByFunction)
        .next()
        .unwrap();
    let row = f.row_by_code("2101506").unwrap();
    let code = row.code.as_ref().unwrap();
    assert_eq!(code.system, CodeSystem::Function);
    assert_eq!(code.function().map(FunctionCode::value), Some(2_101_506));
    assert_eq!(
        code.function()
            .and_then(FunctionCode::parent)
            .map(FunctionCode::value),
        Some(21015)
    );
    // Every functional row of the table is a valid functional code.
    assert!(f.function_rows().all(|r| r.code.function().is_some()));
    let e = doc
        .tables_of(TableKind::GeneralBudgetBasicByEconomic)
        .next()
        .unwrap();
    let economic: Vec<u32> = e
        .economic_rows()
        .filter_map(|r| r.code.economic().map(EconomicCode::value))
        .collect();
    assert!(economic.contains(&301), "{economic:?}");
    assert!(economic.iter().all(|&v| (300..40_000).contains(&v)));
}

#[test]
fn split_code_cells_are_typed_by_level() {
    // One cell per level (类 / 款 / 项): the 类 is a code, the 款 and 项 digits are not.
    let text = "一般公共预算支出预算表\n单位：万元\n\
        科目编码\t\t\t科目名称\t合计\n\
        类\t款\t项\t\t\n\
        210\t15\t99\t其他医疗保障管理事务支出\t136.82\n";
    let doc = parse(text);
    let row = &doc.tables[0].rows[0];
    let values: Vec<Option<CodeValue>> = row
        .cells
        .iter()
        .filter_map(|c| match &c.value {
            Value::Code { code } => Some(code.value),
            _ => None,
        })
        .collect();
    assert_eq!(values.len(), 3);
    assert_eq!(
        values[0],
        Some(CodeValue::Function(FunctionCode::new(210).unwrap()))
    );
    assert_eq!(values[1..], [None, None]);
    assert_eq!(
        row.code.as_ref().unwrap().function(),
        FunctionCode::new(2_101_599)
    );
}

#[test]
fn a_second_coded_name_column_gives_the_other_code() {
    // 北京's 基本支出表 prints the government and the department economic classification
    // side by side; the department's codes extend 30215 by two digits.
    let text = "一般公共预算基本支出表\n单位：万元\n\
        政府支出经济分类科目\t部门支出经济分类科目\t合计\t人员经费\t公用经费\n\
        50202-会议费\t3021503-三类会议费\t4.56\t\t4.56\n\
        50103-住房公积金\t30113-住房公积金\t67.57\t67.57\t\n";
    let doc = parse(text);
    let t = &doc.tables[0];
    let row = t.row_by_code("50202").unwrap();
    let other = row.other_code.as_ref().unwrap();
    assert_eq!(
        (other.digits.as_str(), other.system),
        ("3021503", CodeSystem::Unit)
    );
    assert_eq!(row.name.as_deref(), Some("会议费"));
    let row = t.row_by_code("50103").unwrap();
    let other = row.other_code.as_ref().unwrap();
    assert_eq!(
        (other.digits.as_str(), other.system),
        ("30113", CodeSystem::EconomicDepartment)
    );
}

#[test]
fn a_unit_code_is_the_code_of_a_row_without_another() {
    let text = "部门整体支出绩效目标表\n单位：万元\n\
        单位编码\t单位名称\t资金总额\n\
        201056\t长沙职业教育基地综合协调办公室\t656.73\n";
    let doc = parse(text);
    let row = &doc.tables[0].rows[0];
    let code = row.code.as_ref().unwrap();
    assert_eq!(
        (code.digits.as_str(), code.system),
        ("201056", CodeSystem::Unit)
    );
    assert_eq!(row.name.as_deref(), Some("长沙职业教育基地综合协调办公室"));
}

#[test]
fn a_code_serializes_as_its_digits_and_system() {
    let c = Code::new("30201", CodeSystem::EconomicDepartment);
    let json = serde_json::to_string(&c).unwrap();
    assert_eq!(json, r#"{"digits":"30201","system":"economic_department"}"#);
    let back: Code = serde_json::from_str(&json).unwrap();
    assert_eq!(back, c);
    assert_eq!(back.economic().map(EconomicCode::value), Some(30201));
    // A functional table's code that is no functional code keeps its digits, untyped.
    let c = Code::new("1030101", CodeSystem::Function);
    assert_eq!(c.value, None);
    assert_eq!(c.digits, "1030101");
}

proptest! {
    /// The value is what the classification crates' parsers make of the digits, whatever they
    /// are.
    #[test]
    fn values_are_the_parsers(digits in "[0-9]{0,9}|[0-9 ]{0,9}|[2350０-９a]{0,8}") {
        let f = Code::new(digits.as_str(), CodeSystem::Function);
        prop_assert_eq!(f.function(), FunctionCode::parse(&digits).ok());
        prop_assert_eq!(f.economic(), None);
        for system in [CodeSystem::EconomicDepartment, CodeSystem::EconomicGovernment] {
            let e = Code::new(digits.as_str(), system);
            prop_assert_eq!(e.economic(), EconomicCode::parse(&digits).ok());
            prop_assert_eq!(e.function(), None);
        }
        for system in [CodeSystem::Project, CodeSystem::Unit, CodeSystem::Unknown] {
            prop_assert_eq!(Code::new(digits.as_str(), system).value, None);
        }
    }
}
