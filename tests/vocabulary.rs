//! One vocabulary across the crates: units, names and serialised forms are the same whichever
//! crate produced them.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cnbudget::Disclosure;
use cnbudget::audit::RuleId;
use cnbudget::indicator::Unit;
use cnbudget::table::AmountUnit;
use rust_decimal::Decimal;
use serde_json::Value;

fn sample() -> Disclosure {
    Disclosure::from_bytes(cnbudget::SAMPLE.as_bytes())
}

/// Every `"unit"` value of a JSON tree.
fn units(v: &Value, out: &mut Vec<Value>) {
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                if k == "unit" {
                    out.push(x.clone());
                }
                units(x, out);
            }
        }
        Value::Array(xs) => xs.iter().for_each(|x| units(x, out)),
        _ => {}
    }
}

/// 万元 is `"万元"` in a table, a goal's budget, a prose figure and an audit figure of the
/// sample (it was `"wan_yuan"` in the first and `"万元"` in the others).
#[test]
fn a_unit_of_money_is_spelled_one_way_in_every_json() {
    let d = sample();
    let v = serde_json::to_value(&d).unwrap();
    assert_eq!(v["document"]["tables"][0]["unit"], "万元");
    assert_eq!(v["goals"]["overall"][0]["budget"]["unit"], "万元");
    let fact = d.facts.iter().find(|f| f.quantity.is_money()).unwrap();
    assert_eq!(fact.quantity.unit, Unit::Money(AmountUnit::TenThousandYuan));
    let mut all = Vec::new();
    units(&v, &mut all);
    assert!(all.len() > 20, "{}", all.len());
    for u in &all {
        let s = u
            .as_str()
            .unwrap_or_else(|| panic!("unit {u} is not a string"));
        assert!(s.parse::<Unit>().is_ok(), "{s}");
    }
    assert!(all.iter().any(|u| u == "万元"));
    assert!(!all.iter().any(|u| u == "wan_yuan"));

    // An audit figure: the sample with its prose stating a wrong 基本支出.
    let text = cnbudget::SAMPLE.replace("基本支出875.15万元", "基本支出885.15万元");
    let findings = Disclosure::from_text(&text).audit();
    let f = findings
        .iter()
        .find(|f| f.rule == RuleId::ProseFigure)
        .unwrap();
    assert!(f.to_string().contains("8851500.00 元"), "{f}");
    let fv = serde_json::to_value(f).unwrap();
    let figure_units = [&fv["expected"]["unit"], &fv["actual"]["unit"]];
    assert!(figure_units.iter().any(|u| **u == "元"), "{fv}");
    assert_eq!(
        f.expected.as_ref().unwrap().unit,
        Some(Unit::Money(AmountUnit::Yuan))
    );
}

/// The long table's unit column holds the same symbol as the JSON.
#[test]
fn the_export_unit_column_is_the_json_symbol() {
    let records = cnbudget::export::amounts(&sample(), "sample");
    let r = records.first().unwrap();
    assert_eq!(r.unit, Some(AmountUnit::TenThousandYuan));
    assert_eq!(serde_json::to_value(r).unwrap()["unit"], "万元");
    let csv = cnbudget::export::long_csv(&records[..1]);
    assert!(csv.lines().nth(1).unwrap().contains(",万元,"), "{csv}");
}

/// 千元 and 亿元 are units of money like 元 and 万元, in every crate.
#[test]
fn every_unit_of_money_converts_to_yuan() {
    for (text, yuan) in [
        ("元", 1),
        ("千元", 1_000),
        ("万元", 10_000),
        ("亿元", 100_000_000),
    ] {
        let unit: AmountUnit = text.parse().unwrap();
        assert_eq!(unit.to_string(), text);
        assert_eq!(unit.to_yuan(Decimal::ONE), Some(Decimal::from(yuan)));
        let general: Unit = text.parse().unwrap();
        assert_eq!(general, Unit::Money(unit));
        assert_eq!(
            general.to_base(Decimal::TWO).unwrap().1,
            Decimal::from(2 * yuan)
        );
        let json = serde_json::to_string(&unit).unwrap();
        assert_eq!(json, format!("\"{text}\""));
        assert_eq!(serde_json::from_str::<AmountUnit>(&json).unwrap(), unit);
        assert_eq!(serde_json::from_str::<Unit>(&json).unwrap(), general);
    }
    let facts = cnbudget::prose::extract_facts("基本支出12.5千元，项目支出0.3亿元。", 1);
    let yuan: Vec<_> = facts.iter().map(|f| f.quantity.to_yuan()).collect();
    assert_eq!(
        yuan,
        [Some(Decimal::from(12_500)), Some(Decimal::from(30_000_000))]
    );
    let table = cnbudget::table::parse(
        "一般公共预算支出表\n单位：亿元\n科目编码\t科目名称\t合计\n201\t一般公共服务支出\t1.50\n",
    );
    assert_eq!(table.tables[0].unit, Some(AmountUnit::HundredMillionYuan));
    assert!("万人".parse::<AmountUnit>().is_err());
}

/// A key or a string value that looks like a Rust variant name (`Output`, `Jiguan`,
/// `TenThousandYuan`): ASCII letters only, starting upper case, with a lower-case letter.
fn looks_like_a_variant_name(s: &str) -> bool {
    s.len() > 1
        && s.starts_with(|c: char| c.is_ascii_uppercase())
        && s.chars().all(|c| c.is_ascii_alphanumeric())
        && s.chars().any(|c| c.is_ascii_lowercase())
}

/// Every key and string value of `v` that looks like a variant name, with its path.
fn variant_names(v: &Value, path: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                if looks_like_a_variant_name(k) {
                    out.push(format!("{path}.{k} (key)"));
                }
                variant_names(x, &format!("{path}.{k}"), out);
            }
        }
        Value::Array(xs) => {
            for (i, x) in xs.iter().enumerate() {
                variant_names(x, &format!("{path}[{i}]"), out);
            }
        }
        Value::String(s) if looks_like_a_variant_name(s) => out.push(format!("{path} = {s}")),
        _ => {}
    }
}

/// The JSON an example prints for a disclosure (`audit --json --full`: the disclosure with its
/// prepared text, its resolved rows and its findings) spells every enum value in snake_case:
/// no `"Output"`, `"Jiguan"` or `{"Exact": 2024}` beside `"error"`.
#[test]
fn every_enum_value_in_the_json_is_snake_case() {
    let d = sample();
    let v = serde_json::json!({
        "disclosure": cnbudget::export::disclosure_json(&d, cnbudget::export::PreparedText::Include).unwrap(),
        "resolved_rows": d.resolved_rows(),
        "findings": d.audit(),
        "totals": d.totals(),
    });
    assert_eq!(
        v["disclosure"]["goals"]["overall"][0]["indicators"][0]["level1"],
        "output"
    );
    assert_eq!(v["disclosure"]["prepared"]["encoding"], "utf8");
    let mut found = Vec::new();
    variant_names(&v, "", &mut found);
    assert!(found.is_empty(), "{found:#?}");

    // The catalogue's answers: editions, outcomes, sources, resolutions.
    let cat = cnbudget::functional::Catalogue::embedded();
    let code = cnbudget::functional::FunctionCode::new(221).unwrap();
    let r = serde_json::to_value(cat.resolve(code, "住房保障", 2024)).unwrap();
    let lookup = serde_json::to_value(cat.get(code, 2040).unwrap()).unwrap();
    assert!(lookup["edition"]["nearest"].is_object(), "{lookup}");
    let mut found = Vec::new();
    variant_names(&serde_json::json!([r, lookup]), "", &mut found);
    assert!(found.is_empty(), "{found:#?}");
}
