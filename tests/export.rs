#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
//! The long amount table (CSV, and Parquet with the `parquet` feature) and the JSON export:
//! complete, consistent, and read back with the values the documents print.

use cnbudget::Disclosure;
use cnbudget::export::{self, CSV_HEADER, PreparedText};
use cnbudget::table::{TableKind, Value};
#[cfg(feature = "parquet")]
use cnbudget::{export::AmountRecord, table::AmountUnit};
use rust_decimal::Decimal;

fn sample() -> Disclosure {
    Disclosure::from_bytes(cnbudget::SAMPLE.as_bytes())
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// Every amount cell of every money table is one record, and nothing else is.
#[test]
fn long_table_has_every_amount_of_every_money_table() {
    let d = sample();
    let records = export::amounts(&d, "sample");
    let cells: usize = d
        .document
        .tables
        .iter()
        .filter(|t| !cnbudget::indicators::is_performance_table(t.kind))
        .flat_map(|t| &t.rows)
        .flat_map(|r| &r.cells)
        .filter(|c| matches!(c.value, Value::Amount { .. }))
        .count();
    assert_eq!(records.len(), cells);
    assert_eq!(records.len(), 249);
    // Every record carries the document's year, phase and department.
    for r in &records {
        assert_eq!(r.fiscal_year, Some(2023));
        assert_eq!(r.phase.as_deref(), Some("budget"));
        assert_eq!(r.department.as_deref(), Some("重庆市荣昌区医疗保障局"));
    }
    // The 附件1 summary: 本年支出 1,836.42 万元 on the expenditure side, by its own name.
    let r = records
        .iter()
        .find(|r| {
            r.table_kind == "fiscal_appropriation_summary"
                && r.name.as_deref() == Some("本年支出")
                && r.column_role == "total"
        })
        .unwrap();
    assert_eq!(r.side.as_deref(), Some("expenditure"));
    assert_eq!(r.amount, dec("1836.42"));
    assert_eq!(r.amount_yuan, Some(dec("18364200")));
}

/// Regression: the performance tables' weights and scores were exported as money in the
/// table's unit (a 权重 of 20 in a 万元 table came out as 200 000 元).
#[test]
fn indicator_weights_are_not_money() {
    let d = sample();
    let performance = d
        .document
        .tables
        .iter()
        .filter(|t| cnbudget::indicators::is_performance_table(t.kind))
        .count();
    assert_eq!(performance, 4, "附件10 and the three tables of 附件11");
    let records = export::amounts(&d, "sample");
    for kind in [
        TableKind::ProjectPerformance,
        TableKind::OverallPerformance,
        TableKind::PerformanceSelfEvaluation,
    ] {
        assert!(records.iter().all(|r| r.table_kind != kind.as_str()));
    }
    // The 部门整体 budget is still there, typed, in the goals.
    assert_eq!(
        d.goals.overall[0].budget.as_ref().unwrap().to_string(),
        "1739.15万元"
    );
}

/// The amount in 元 is the printed amount times the unit, exactly, for every record.
#[test]
fn amount_in_yuan_follows_the_unit() {
    let records = export::amounts(&sample(), "sample");
    for r in &records {
        let expected = r.unit.map(|u| r.amount * u.yuan_per_unit());
        assert_eq!(r.amount_yuan, expected, "line {}", r.line);
    }
}

/// The CSV reads back, with a csv reader, into the same fields as the records.
#[test]
fn long_csv_reads_back_field_for_field() {
    let records = export::amounts(&sample(), "a \"quoted\", name");
    let text = export::long_csv(&records);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader
            .headers()
            .unwrap()
            .iter()
            .collect::<Vec<_>>()
            .join(","),
        CSV_HEADER
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), records.len());
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    for (row, r) in rows.iter().zip(&records) {
        let expected = [
            r.document.clone(),
            r.fiscal_year.map(|y| y.to_string()).unwrap_or_default(),
            opt(&r.phase),
            opt(&r.department),
            r.table_index.to_string(),
            r.table_kind.clone(),
            r.table_title.clone(),
            r.line.to_string(),
            opt(&r.code),
            opt(&r.code_system),
            opt(&r.name),
            r.column.clone(),
            r.column_role.clone(),
            opt(&r.side),
            r.unit.map(|u| u.to_string()).unwrap_or_default(),
            r.amount.to_string(),
            r.amount_yuan.map(|a| a.to_string()).unwrap_or_default(),
            opt(&r.other_code),
            opt(&r.other_code_system),
        ];
        assert_eq!(row.iter().collect::<Vec<_>>(), expected);
    }
    // The record fields serialise in the CSV's column order.
    let json = serde_json::to_value(&records[0]).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut header: Vec<&str> = CSV_HEADER.split(',').collect();
    header.sort_unstable();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, header);
}

/// The JSON export leaves out the prepared text and its offset map unless asked.
#[test]
fn disclosure_json_without_and_with_the_prepared_text() {
    let d = sample();
    let lean = export::disclosure_json(&d, PreparedText::Omit).unwrap();
    let full = export::disclosure_json(&d, PreparedText::Include).unwrap();
    let size = |v: &serde_json::Value| serde_json::to_string(v).unwrap().len();
    assert!(lean["prepared"].get("text").is_none());
    assert!(lean["prepared"].get("offset_map").is_none());
    assert_eq!(full["prepared"]["text"], d.prepared.text.as_str());
    assert!(size(&full) > size(&lean) + d.prepared.text.len());
    // Everything else is the same.
    let mut stripped = full.clone();
    let prepared = stripped["prepared"].as_object_mut().unwrap();
    prepared.remove("text");
    prepared.remove("offset_map");
    assert_eq!(stripped, lean);
    assert_eq!(lean["metadata"]["name"], "重庆市荣昌区医疗保障局");
}

#[cfg(feature = "parquet")]
fn find<'a>(
    records: &'a [AmountRecord],
    document: &str,
    code: &str,
    role: &str,
) -> &'a AmountRecord {
    records
        .iter()
        .find(|r| {
            r.document == document
                && r.code.as_deref() == Some(code)
                && r.table_kind == "general_budget_by_function"
                && r.column_role == role
        })
        .unwrap_or_else(|| panic!("{document}: no {code} {role}"))
}

/// Two documents in one Parquet file, read back with the arrow reader: every field of every
/// row equals the record, amounts exact as `DECIMAL(38, 6)`.
#[cfg(feature = "parquet")]
#[test]
fn parquet_round_trip_of_two_documents() {
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Decimal128Type, Int32Type, Int64Type};
    use arrow_array::{Array, RecordBatch};
    use arrow_schema::DataType;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    let Some(shanghai) = cnbudget_testkit::find("corpus", "001_", "txt") else {
        return;
    };
    let mut records = export::amounts(&sample(), "sample");
    records.extend(export::amounts(
        &Disclosure::from_path(&shanghai).unwrap(),
        "001",
    ));
    // Real values: the sample's 2101506 项目支出 317.27 万元; corpus 001's 2010506 统计管理
    // 26,300 元.
    let chongqing = find(&records, "sample", "2101506", "project");
    assert_eq!(chongqing.amount_yuan, Some(dec("3172700")));
    let putuo = find(&records, "001", "2010506", "total");
    assert_eq!(putuo.amount, dec("26300"));
    assert_eq!(putuo.unit, Some(AmountUnit::Yuan));

    let dir = std::env::temp_dir().join(format!("cnbudget-parquet-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("amounts.parquet");
    // Written one document at a time, as `batch` does.
    let split = records.iter().position(|r| r.document == "001").unwrap();
    let file = std::fs::File::create(&path).unwrap();
    let mut w = export::ParquetWriter::new(file).unwrap();
    w.write(&records[..split]).unwrap();
    w.write(&records[split..]).unwrap();
    w.finish().unwrap();

    let reader = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&path).unwrap())
        .unwrap()
        .build()
        .unwrap();
    let batches: Vec<RecordBatch> = reader.map(|b| b.unwrap()).collect();
    let schema = batches[0].schema();
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    assert_eq!(names.join(","), CSV_HEADER);
    assert_eq!(
        schema.field_with_name("amount_yuan").unwrap().data_type(),
        &DataType::Decimal128(38, 6)
    );
    let mut rows = 0;
    for b in &batches {
        let text = |name: &str, i: usize| {
            let c = b.column_by_name(name).unwrap().as_string::<i32>();
            (!c.is_null(i)).then(|| c.value(i).to_string())
        };
        let int64 = |name: &str, i: usize| {
            b.column_by_name(name)
                .unwrap()
                .as_primitive::<Int64Type>()
                .value(i)
        };
        let decimal = |name: &str, i: usize| {
            let c = b
                .column_by_name(name)
                .unwrap()
                .as_primitive::<Decimal128Type>();
            (!c.is_null(i)).then(|| Decimal::from_i128_with_scale(c.value(i), 6).normalize())
        };
        let years = b
            .column_by_name("fiscal_year")
            .unwrap()
            .as_primitive::<Int32Type>();
        for i in 0..b.num_rows() {
            let r = &records[rows];
            assert_eq!(text("document", i).as_deref(), Some(r.document.as_str()));
            assert_eq!(
                (!years.is_null(i)).then(|| years.value(i)),
                r.fiscal_year.map(i32::from)
            );
            assert_eq!(text("phase", i), r.phase);
            assert_eq!(text("department", i), r.department);
            assert_eq!(int64("table_index", i), r.table_index as i64);
            assert_eq!(
                text("table_kind", i).as_deref(),
                Some(r.table_kind.as_str())
            );
            assert_eq!(
                text("table_title", i).as_deref(),
                Some(r.table_title.as_str())
            );
            assert_eq!(int64("line", i), r.line as i64);
            assert_eq!(text("code", i), r.code);
            assert_eq!(text("code_system", i), r.code_system);
            assert_eq!(text("name", i), r.name);
            assert_eq!(text("column", i).as_deref(), Some(r.column.as_str()));
            assert_eq!(
                text("column_role", i).as_deref(),
                Some(r.column_role.as_str())
            );
            assert_eq!(text("side", i), r.side);
            assert_eq!(text("unit", i), r.unit.map(|u| u.to_string()));
            assert_eq!(decimal("amount", i), Some(r.amount.normalize()));
            assert_eq!(
                decimal("amount_yuan", i),
                r.amount_yuan.map(|a| a.normalize())
            );
            if r.code.as_deref() == Some("2010506") && r.document == "001" {
                assert_eq!(
                    text("department", i).as_deref(),
                    Some("上海市普陀区人民政府万里街道办事处")
                );
            }
            rows += 1;
        }
    }
    assert_eq!(rows, records.len());
    assert_eq!(rows, 249 + 638);
    std::fs::remove_dir_all(&dir).ok();
}

/// A row printing a second coded column keeps both codes in the long table: 首都绿化委员会办公室's
/// 2026 基本支出表 prints 50202 会议费 (政府预算经济分类) beside 3021503 (its department's
/// extension of 30215 会议费), 4.56 万元.
#[test]
fn the_second_code_of_a_row_is_exported() {
    let Some(path) = cnbudget_testkit::find("corpus-wide", "201_", "pdf") else {
        return;
    };
    let d = Disclosure::from_path(path).unwrap();
    let records = export::amounts(&d, "201");
    let r = records
        .iter()
        .find(|r| r.line == 232 && r.code.as_deref() == Some("50202"))
        .unwrap();
    assert_eq!(r.other_code.as_deref(), Some("3021503"));
    assert_eq!(r.amount, Decimal::new(456, 2));
    let csv = export::long_csv(std::slice::from_ref(r));
    assert!(
        csv.lines().nth(1).unwrap().ends_with(",3021503,unit"),
        "{csv}"
    );
}
