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

/// `value.to_string().parse()` gives `value` back, and so does parsing its serde name: what
/// a program prints and what its JSON says both read back.
fn names_round_trip<T>(all: &[T])
where
    T: std::fmt::Display + std::str::FromStr + serde::Serialize + PartialEq + std::fmt::Debug,
    T::Err: std::fmt::Debug,
{
    assert!(!all.is_empty());
    for v in all {
        let shown = v.to_string();
        assert_eq!(shown.parse::<T>().as_ref().ok(), Some(v), "{shown}");
        match serde_json::to_value(v).unwrap() {
            Value::String(s) => assert_eq!(s.parse::<T>().as_ref().ok(), Some(v), "{s}"),
            other => panic!("{v:?} serialises as {other}"),
        }
    }
}

/// Every public enum a user prints or parses has `Display` and `FromStr`, and they agree.
#[test]
fn every_named_value_prints_and_parses_back() {
    use cnbudget::{catalogue, economic, functional, indicator, meta, pdf, table, text};
    names_round_trip(text::Encoding::ALL);
    names_round_trip(text::Conversion::ALL);
    names_round_trip(text::Script::ALL);
    names_round_trip(text::names::VariantKind::ALL);
    names_round_trip(text::MojibakeKind::ALL);
    names_round_trip(text::Repair::ALL);
    names_round_trip(catalogue::Confidence::ALL);
    names_round_trip(catalogue::EvidenceKind::ALL);
    names_round_trip(catalogue::Outcome::ALL);
    names_round_trip(functional::Level::ALL);
    names_round_trip(economic::Level::ALL);
    names_round_trip(economic::Form::ALL);
    names_round_trip(economic::ExpenseKind::ALL);
    names_round_trip(economic::UnitType::ALL);
    names_round_trip(economic::UnitScope::ALL);
    names_round_trip(table::AmountUnit::ALL);
    names_round_trip(table::TableKind::ALL);
    names_round_trip(table::Layout::ALL);
    names_round_trip(table::Side::ALL);
    names_round_trip(table::ColumnRole::ALL);
    names_round_trip(table::CodeSystem::ALL);
    names_round_trip(table::NoteFlag::ALL);
    names_round_trip(table::WarningKind::ALL);
    names_round_trip(table::Slip::ALL);
    names_round_trip(table::ColumnHint::ALL);
    names_round_trip(indicator::Direction::ALL);
    names_round_trip(indicator::Grade::ALL);
    names_round_trip(indicator::TableKind::ALL);
    names_round_trip(indicator::Outcome::ALL);
    names_round_trip(indicator::Severity::ALL);
    names_round_trip(indicator::Comparator::ALL);
    names_round_trip(indicator::Level1::KNOWN);
    names_round_trip(indicator::Level2::KNOWN);
    names_round_trip(indicator::ProjectCategory::KNOWN);
    names_round_trip(&[
        Unit::Percent,
        Unit::TenThousandPersons,
        Unit::Days,
        Unit::Sets,
        Unit::Money(AmountUnit::HundredMillionYuan),
        Unit::Other("人数".into()),
    ]);
    names_round_trip(&[pdf::Orientation::Horizontal, pdf::Orientation::Vertical]);
    names_round_trip(cnbudget::prose::Direction::ALL);
    names_round_trip(meta::AccountKind::ALL);
    names_round_trip(meta::Scope::ALL);
    names_round_trip(cnbudget::audit::Severity::ALL);
    names_round_trip(cnbudget::audit::SignKind::ALL);
    names_round_trip(RuleId::ALL);
    for p in cnbudget::export::PreparedText::ALL {
        assert_eq!(
            p.to_string().parse::<cnbudget::export::PreparedText>().ok(),
            Some(*p)
        );
    }
    // Codes print as their digits and read back, as their serde form does.
    let codes = ["201", "20101", "2010101", "2101506", "221"];
    let codes: Vec<functional::FunctionCode> = codes.iter().map(|c| c.parse().unwrap()).collect();
    names_round_trip(&codes);
    let codes: Vec<economic::EconomicCode> = ["301", "30101", "30239", "501", "50201"]
        .iter()
        .map(|c| c.parse().unwrap())
        .collect();
    names_round_trip(&codes);
}

/// The documents' own words read as the values they name; anything else is an error that
/// quotes it (or, for the open lists of indicator levels, an `Other`).
#[test]
fn documents_words_parse_and_others_are_errors() {
    use cnbudget::{economic, functional, indicator, meta, table};
    assert_eq!("款".parse(), Ok(functional::Level::Kuan));
    assert_eq!("kuan".parse(), Ok(functional::Level::Kuan));
    assert_eq!("机关".parse(), Ok(economic::UnitType::Agency));
    assert_eq!(" 决算 ".parse(), Ok(meta::AccountKind::FinalAccount));
    assert_eq!("支出".parse(), Ok(table::Side::Expenditure));
    assert_eq!("正向指标".parse(), Ok(indicator::Direction::Positive));
    assert_eq!("优秀".parse(), Ok(indicator::Grade::Excellent));
    assert_eq!("不低于".parse(), Ok(indicator::Comparator::Ge));
    assert_eq!("效益 指标".parse(), Ok(indicator::Level1::Benefit));
    assert_eq!(
        "自定义指标".parse(),
        Ok(indicator::Level1::Other("自定义指标".into()))
    );
    let err = "income_statement".parse::<table::TableKind>().unwrap_err();
    assert_eq!((err.what(), err.text()), ("table kind", "income_statement"));
    assert_eq!(err.to_string(), "unknown table kind: `income_statement`");
    assert!("Total".parse::<table::ColumnRole>().is_err());
    assert!("fatal".parse::<cnbudget::audit::Severity>().is_err());
    assert!("windows-1252".parse::<cnbudget::text::Encoding>().is_err());
}

/// The embedded sample and a real seed, corpus text and corpus PDF, read.
fn real_documents() -> Vec<(String, Disclosure)> {
    let mut out = vec![("sample".to_string(), sample())];
    for (sub, prefix, ext) in [
        ("seeds", "000_", "txt"),
        ("corpus", "001_", "txt"),
        ("corpus", "001_", "pdf"),
    ] {
        if let Some(p) = cnbudget_testkit::find(sub, prefix, ext) {
            out.push((p.display().to_string(), Disclosure::from_path(&p).unwrap()));
        }
    }
    out
}

/// What the examples print as JSON reads back into the same types, with the same values: the
/// disclosure with and without its prepared text (`audit --json --full` and `audit --json`),
/// its findings, resolved rows, headline totals and long-table records (`errors_json`,
/// `batch`), its goals (`indicators --json`) and tables (`tables --json`).
#[test]
fn json_output_reads_back_into_the_same_types() {
    use cnbudget::export::{self, AmountRecord, PreparedText};
    fn back<T: serde::Serialize + serde::de::DeserializeOwned>(v: &T) -> T {
        serde_json::from_str(&serde_json::to_string(v).unwrap()).unwrap()
    }
    let docs = real_documents();
    if cnbudget_testkit::shared().is_some() {
        assert_eq!(docs.len(), 4);
    }
    for (name, d) in &docs {
        let full = export::disclosure_json(d, PreparedText::Include).unwrap();
        let read: Disclosure = serde_json::from_str(&full.to_string()).unwrap();
        assert!(
            read == *d,
            "{name}: the full JSON reads back to another disclosure"
        );

        // Without the prepared text and its map: everything else reads back.
        let short = export::disclosure_json(d, PreparedText::Omit).unwrap();
        let read: Disclosure = serde_json::from_str(&short.to_string()).unwrap();
        assert!(read.prepared.text.is_empty(), "{name}");
        assert_eq!(read.document, d.document, "{name}");
        assert_eq!(read.metadata, d.metadata, "{name}");
        assert_eq!(read.facts, d.facts, "{name}");
        assert_eq!(read.goals, d.goals, "{name}");
        assert_eq!(read.pdf, d.pdf, "{name}");
        assert_eq!(read.prepared.issues, d.prepared.issues, "{name}");
        assert_eq!(
            export::disclosure_json(&read, PreparedText::Omit).unwrap(),
            short
        );

        let findings = d.audit();
        assert_eq!(back(&findings), findings, "{name}");
        let rows = d.resolved_rows();
        assert_eq!(back(&rows), rows, "{name}");
        let totals = d.totals();
        assert_eq!(back(&totals), totals, "{name}");
        let records: Vec<AmountRecord> = export::amounts(d, name);
        assert!(!records.is_empty(), "{name}");
        assert_eq!(back(&records), records, "{name}");
        assert_eq!(back(&d.goals), d.goals, "{name}");
        assert_eq!(back(&d.document), d.document, "{name}");

        let mut found = Vec::new();
        variant_names(&full, "", &mut found);
        variant_names(
            &serde_json::to_value(&findings).unwrap(),
            "findings",
            &mut found,
        );
        assert!(found.is_empty(), "{name}: {found:#?}");
    }
}

/// The error of `result`, converted into a `DisclosureError` as `?` converts it.
fn wrapped<T, E: Into<cnbudget::DisclosureError>>(
    result: Result<T, E>,
) -> cnbudget::DisclosureError {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.into(),
    }
}

/// One error shape: every crate's error has a distinct name and kind name, says where with
/// the one `Position` of cnbudget-text, and converts into a `DisclosureError` that keeps it as
/// its source.
#[test]
fn every_crate_error_converts_and_keeps_its_place() {
    use cnbudget::DisclosureErrorKind as Kind;
    use cnbudget::text::Position;
    use std::error::Error as _;

    let text = cnbudget::text::decode_strict(b"ok\n\xff\xfe\xfd\xfc\x80x").unwrap_err();
    assert_eq!(text.kind(), cnbudget::text::TextErrorKind::MalformedInput);
    let e = wrapped(Err::<(), _>(text.clone()));
    assert_eq!((e.kind(), e.position()), (Kind::Text, text.position()));
    assert_eq!(e.position().map(|p| p.line), Some(2));
    assert!(
        e.source()
            .unwrap()
            .downcast_ref::<cnbudget::text::TextError>()
            .is_some()
    );

    let table = cnbudget::table::parse_amount("1,2x3").unwrap_err();
    assert_eq!(table.kind(), cnbudget::table::TableErrorKind::InvalidAmount);
    let e = wrapped(Err::<(), _>(table));
    assert_eq!(e.kind(), Kind::Table);
    assert_eq!(
        e.position(),
        Some(Position {
            line: 1,
            column: 4,
            byte: 3
        })
    );
    assert!(
        e.source()
            .unwrap()
            .downcast_ref::<cnbudget::table::TableError>()
            .is_some()
    );

    let e = wrapped(cnbudget::indicator::RawTable::from_tsv(
        "#title\tx\n#unit\t万人\n",
    ));
    assert_eq!(e.kind(), Kind::Indicator);
    assert_eq!(
        e.position(),
        Some(Position {
            line: 2,
            column: 7,
            byte: 15
        })
    );
    let source = e.source().unwrap();
    let ind = source
        .downcast_ref::<cnbudget::indicator::IndicatorError>()
        .unwrap();
    assert_eq!(ind.kind(), cnbudget::indicator::IndicatorErrorKind::Tsv);

    let e = wrapped("210x".parse::<cnbudget::functional::FunctionCode>());
    assert_eq!(e.kind(), Kind::Catalogue);
    assert_eq!(
        e.position(),
        Some(Position {
            line: 1,
            column: 4,
            byte: 3
        })
    );
    let source = e.source().unwrap();
    let f = source
        .downcast_ref::<cnbudget::functional::FunctionError>()
        .unwrap();
    assert_eq!(
        f.kind(),
        cnbudget::functional::FunctionErrorKind::InvalidCharacter
    );

    let e = wrapped("3o1".parse::<cnbudget::economic::EconomicCode>());
    assert_eq!(e.kind(), Kind::Catalogue);
    assert_eq!(e.position().map(|p| p.column), Some(2));
    assert!(
        e.source()
            .unwrap()
            .downcast_ref::<cnbudget::economic::EconomicError>()
            .is_some()
    );

    // A catalogue file's error says its line and column in the same type.
    let mut cat = cnbudget::functional::Catalogue::embedded().clone();
    let f = cat
        .load_csv_str(
            "code,name,year\n2101506,医疗保障经办事务,2024\n21x,坏,2024\n",
            "t.csv",
            None,
        )
        .unwrap_err();
    assert_eq!(f.position().map(|p| p.line), Some(3));
    let e = wrapped(Err::<(), _>(f.clone()));
    assert_eq!(e.position(), f.position());

    let e = wrapped(Disclosure::from_pdf(b"plain text"));
    assert_eq!((e.kind(), e.position()), (Kind::Pdf, None));
    let pdf = e
        .source()
        .unwrap()
        .downcast_ref::<cnbudget::pdf::PdfError>()
        .unwrap();
    assert_eq!(pdf.kind(), cnbudget::pdf::PdfErrorKind::NotPdf);

    let e = wrapped("income_statement".parse::<cnbudget::table::TableKind>());
    assert_eq!(e.kind(), Kind::Name);
    assert_eq!(e.to_string(), "unknown table kind: `income_statement`");

    let e = wrapped(std::fs::read("/nonexistent/cnbudget"));
    assert_eq!(e.kind(), Kind::Io);
    assert!(
        e.source()
            .unwrap()
            .downcast_ref::<std::io::Error>()
            .is_some()
    );
}
