//! Exports: every amount as a long table (CSV, and Parquet with the `parquet` feature), an
//! OpenSpending Fiscal Data Package, and the disclosure as JSON without its prepared text.
//!
//! The long table has one row per amount cell of every table, with the document's year, phase
//! and department, the table, the row's code and name, the column and its role, the unit, the
//! amount as printed and the amount in 元:
//!
//! ```
//! use cnbudget::{Disclosure, export};
//!
//! let d = Disclosure::from_bytes(cnbudget::SAMPLE.as_bytes());
//! let records = export::amounts(&d, "sample");
//! let r = records
//!     .iter()
//!     .find(|r| r.code.as_deref() == Some("2101506") && r.table_kind == "general_budget_by_function"
//!         && r.column_role == "project")
//!     .unwrap();
//! assert_eq!(r.amount.to_string(), "317.27");
//! assert_eq!(r.unit.map(|u| u.to_string()).as_deref(), Some("万元"));
//! assert_eq!(r.amount_yuan.map(|a| a.to_string()), Some("3172700.00".to_string()));
//! assert_eq!(r.department.as_deref(), Some("重庆市荣昌区医疗保障局"));
//! let csv = export::long_csv(&records);
//! assert!(csv.starts_with("document,fiscal_year,phase,department,table_index,table_kind"));
//! ```

use std::io::{self, Write};
use std::path::Path;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use cnbudget_table::{AmountUnit, CodeSystem, ColumnRole, Value as CellValue};

use crate::Disclosure;
use crate::error::{DisclosureError, DisclosureErrorKind};

#[cfg(feature = "parquet")]
mod columnar;
#[cfg(feature = "parquet")]
pub use columnar::{AMOUNT_SCALE, ParquetWriter, write_parquet};

/// One amount of one table, in long format. The fields are in the order of the CSV columns
/// ([`CSV_HEADER`]) and of the Parquet columns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AmountRecord {
    /// Which document (a name or path given by the caller).
    pub document: String,
    /// The fiscal year of the document.
    pub fiscal_year: Option<u16>,
    /// `budget` or `final_account`.
    pub phase: Option<String>,
    /// The department or unit that publishes the document (部门 / 单位), as written.
    pub department: Option<String>,
    /// 0-based index of the table in the document.
    pub table_index: usize,
    /// The table kind (`general_budget_by_function` …).
    pub table_kind: String,
    /// The table title.
    pub table_title: String,
    /// The line of the amount (1-based).
    pub line: usize,
    /// The row's classification code (digits), if any.
    pub code: Option<String>,
    /// `function`, `economic_department`, `economic_government`, … when there is a code.
    pub code_system: Option<String>,
    /// The row's name.
    pub name: Option<String>,
    /// The column's header path, joined with `/`.
    pub column: String,
    /// The column's role (`total`, `basic`, `project` …).
    pub column_role: String,
    /// `income` or `expenditure` in two-sided summary tables.
    pub side: Option<String>,
    /// The unit the table prints amounts in (`万元` in the CSV and Parquet unit column and in
    /// JSON, as everywhere).
    pub unit: Option<AmountUnit>,
    /// The amount as printed, in `unit`.
    pub amount: Decimal,
    /// The amount in 元, exactly (none when the table states no unit).
    pub amount_yuan: Option<Decimal>,
    /// A second code the row prints in another coded column (digits), if any: the department
    /// economic classification (`3021503`) beside the government one (`50202`).
    #[serde(default)]
    pub other_code: Option<String>,
    /// The second code's system, as [`code_system`](AmountRecord::code_system).
    #[serde(default)]
    pub other_code_system: Option<String>,
}

fn serde_name<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// Every amount of money in the document's tables, with its row and column, in document order.
///
/// A cell is an amount when the table reader typed it as one ([`cnbudget_table::Value::Amount`]);
/// percentages, codes, names and text are not amounts. In a two-sided summary table (收支总表)
/// the name is the item on the amount's own side.
///
/// The performance-target tables (绩效目标表, 绩效自评表: [`crate::indicators::is_performance_table`])
/// are left out: their figures are weights, scores, targets and rates, which the table's
/// 金额单位 does not apply to (a weight of 20 in a 万元 table is not 200 000 元). Their money
/// figures (项目资金, 预算数, 执行数) are in [`Disclosure::goals`], each with its unit.
pub fn amounts(d: &Disclosure, document: &str) -> Vec<AmountRecord> {
    let fiscal_year = d.metadata.year;
    let phase = d.metadata.kind.map(|k| serde_name(&k));
    let department = d.metadata.name.clone();
    let mut out = Vec::new();
    for (ti, table) in d.document.tables.iter().enumerate() {
        if crate::indicators::is_performance_table(table.kind) {
            continue;
        }
        for row in &table.rows {
            for (ci, cell) in row.cells.iter().enumerate() {
                let Some(amount) = cell.amount() else {
                    continue;
                };
                let column = table.columns.get(ci);
                let role = column.map(|c| c.role).unwrap_or(ColumnRole::Other);
                // In a two-sided summary table the item is the name on the same side.
                let side_name = column.and_then(|c| c.side).and_then(|side| {
                    let name_col = table.columns.iter().find(|c| {
                        c.side == Some(side)
                            && matches!(c.role, ColumnRole::Name | ColumnRole::Other)
                    })?;
                    let cell = row.cell(name_col.index)?;
                    Some(match &cell.value {
                        CellValue::Name { name, .. } => name.clone(),
                        _ => cell.text.clone(),
                    })
                });
                out.push(AmountRecord {
                    document: document.to_string(),
                    fiscal_year,
                    phase: phase.clone(),
                    department: department.clone(),
                    table_index: ti,
                    table_kind: table.kind.as_str().to_string(),
                    table_title: table.title.clone().unwrap_or_default(),
                    line: cell.line,
                    code: row.code.as_ref().map(|c| c.digits.clone()),
                    code_system: row.code.as_ref().map(|c| serde_name(&c.system)),
                    name: side_name.or_else(|| row.name.clone()),
                    column: column.map(|c| c.path.join("/")).unwrap_or_default(),
                    column_role: serde_name(&role),
                    side: column.and_then(|c| c.side).map(|s| serde_name(&s)),
                    unit: table.unit,
                    amount,
                    amount_yuan: table.unit.and_then(|u| u.to_yuan(amount)),
                    other_code: row.other_code.as_ref().map(|c| c.digits.clone()),
                    other_code_system: row.other_code.as_ref().map(|c| serde_name(&c.system)),
                });
            }
        }
    }
    out
}

fn csv_field(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\"")).into()
    } else {
        s.into()
    }
}

/// The header line of the long CSV (without its line break): the [`AmountRecord`] fields in
/// order.
pub const CSV_HEADER: &str = "document,fiscal_year,phase,department,table_index,table_kind,table_title,line,code,code_system,name,column,column_role,side,unit,amount,amount_yuan,other_code,other_code_system";

/// Writes the records as CSV rows (RFC 4180 quoting, `\n` line ends), without the header, so
/// that the rows of many documents can be streamed under one [`CSV_HEADER`].
pub fn write_csv_rows<W: Write>(mut w: W, records: &[AmountRecord]) -> io::Result<()> {
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    for r in records {
        let fields = [
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
            r.unit.map(|u| u.as_str().to_string()).unwrap_or_default(),
            r.amount.to_string(),
            r.amount_yuan.map(|a| a.to_string()).unwrap_or_default(),
            opt(&r.other_code),
            opt(&r.other_code_system),
        ];
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                w.write_all(b",")?;
            }
            w.write_all(csv_field(f).as_bytes())?;
        }
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// The records as CSV (RFC 4180 quoting), with a header line.
pub fn long_csv(records: &[AmountRecord]) -> String {
    let mut out = Vec::with_capacity(CSV_HEADER.len() + 1 + records.len() * 160);
    out.extend_from_slice(CSV_HEADER.as_bytes());
    out.push(b'\n');
    // Writing into a Vec cannot fail, and every field is a valid str.
    let _ = write_csv_rows(&mut out, records);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// How much of the prepared text a JSON export of a disclosure carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum PreparedText {
    /// Without `prepared.text` and `prepared.offset_map` (the document again, and a map
    /// back into the original that is many times its size); the encoding, the script report
    /// and the text issues stay.
    #[default]
    Omit,
    /// Everything, the prepared text and its offset map included.
    Include,
}

cnbudget_text::named_values!(PreparedText, "prepared text option" {
    Omit => "omit",
    Include => "include",
});

/// The disclosure as a JSON value: its serde form, with or without the prepared text and its
/// offset map.
///
/// ```
/// use cnbudget::{Disclosure, export::{self, PreparedText}};
///
/// let d = Disclosure::from_bytes(cnbudget::SAMPLE.as_bytes());
/// let v = export::disclosure_json(&d, PreparedText::Omit).unwrap();
/// assert_eq!(v["metadata"]["year"], 2023);
/// assert!(v["prepared"].get("text").is_none());
/// assert!(v["prepared"].get("encoding").is_some());
/// let full = export::disclosure_json(&d, PreparedText::Include).unwrap();
/// assert_eq!(full["prepared"]["text"].as_str(), Some(d.prepared.text.as_str()));
/// ```
pub fn disclosure_json(d: &Disclosure, text: PreparedText) -> Result<Value, DisclosureError> {
    let mut value = serde_json::to_value(d).map_err(|e| {
        DisclosureError::new(
            DisclosureErrorKind::Export,
            format!("cannot write the disclosure as JSON: {e}"),
        )
    })?;
    if text == PreparedText::Omit
        && let Some(prepared) = value.get_mut("prepared").and_then(Value::as_object_mut)
    {
        prepared.remove("text");
        prepared.remove("offset_map");
    }
    Ok(value)
}

/// The `datapackage.json` descriptor of an OpenSpending Fiscal Data Package whose single
/// resource is `amounts.csv` as written by [`long_csv`]: the amount in 元 is the measure; the
/// functional and economic classifications, the table, the column role, the department and the
/// year are dimensions.
pub fn fiscal_data_package(name: &str, title: &str) -> Value {
    let fields: Vec<Value> = CSV_HEADER
        .split(',')
        .map(|f| {
            let ty = match f {
                "table_index" | "line" | "fiscal_year" => "integer",
                "amount" | "amount_yuan" => "number",
                _ => "string",
            };
            json!({ "name": f, "type": ty })
        })
        .collect();
    json!({
        "name": name,
        "title": title,
        "profile": "fiscal-data-package",
        "resources": [{
            "name": "amounts",
            "path": "amounts.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": { "fields": fields }
        }],
        "model": {
            "measures": {
                "amount": { "source": "amount_yuan", "currency": "CNY", "factor": 1 }
            },
            "dimensions": {
                "classification": {
                    "dimensionType": "classification",
                    "classificationType": "functional",
                    "primaryKey": ["code"],
                    "attributes": {
                        "code": { "source": "code" },
                        "code_system": { "source": "code_system" },
                        "other_code": { "source": "other_code" },
                        "other_code_system": { "source": "other_code_system" },
                        "name": { "source": "name", "labelfor": "code" }
                    }
                },
                "table": {
                    "dimensionType": "other",
                    "primaryKey": ["table_kind"],
                    "attributes": { "table_kind": { "source": "table_kind" }, "table_title": { "source": "table_title", "labelfor": "table_kind" } }
                },
                "column": {
                    "dimensionType": "other",
                    "primaryKey": ["column_role"],
                    "attributes": { "column_role": { "source": "column_role" }, "column": { "source": "column", "labelfor": "column_role" }, "side": { "source": "side" } }
                },
                "department": {
                    "dimensionType": "entity",
                    "primaryKey": ["department"],
                    "attributes": { "department": { "source": "department" } }
                },
                "date": {
                    "dimensionType": "datetime",
                    "primaryKey": ["fiscal_year"],
                    "attributes": { "fiscal_year": { "source": "fiscal_year" } }
                },
                "phase": {
                    "dimensionType": "phase",
                    "primaryKey": ["phase"],
                    "attributes": { "phase": { "source": "phase" } }
                }
            }
        }
    })
}

/// Writes `datapackage.json` and `amounts.csv` into `dir` (created if missing).
pub fn write_fiscal_data_package(
    dir: &Path,
    name: &str,
    title: &str,
    records: &[AmountRecord],
) -> Result<(), DisclosureError> {
    let io = |e: std::io::Error| {
        DisclosureError::io(DisclosureErrorKind::Export, "cannot write", dir, e)
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    let descriptor = serde_json::to_string_pretty(&fiscal_data_package(name, title))
        .map_err(|e| DisclosureError::new(DisclosureErrorKind::Export, e.to_string()))?;
    std::fs::write(dir.join("datapackage.json"), descriptor).map_err(io)?;
    std::fs::write(dir.join("amounts.csv"), long_csv(records)).map_err(io)?;
    Ok(())
}

/// True for codes of the two classifications (the functional and economic dimensions).
pub fn is_classification_code(system: CodeSystem) -> bool {
    matches!(
        system,
        CodeSystem::Function | CodeSystem::EconomicDepartment | CodeSystem::EconomicGovernment
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quoting() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"x\""), "\"say \"\"x\"\"\"");
        assert_eq!(csv_field("plain"), "plain");
    }

    #[test]
    fn datapackage_names_the_measure_in_yuan() {
        let p = fiscal_data_package("x", "X");
        assert_eq!(p["model"]["measures"]["amount"]["source"], "amount_yuan");
        assert_eq!(
            p["resources"][0]["schema"]["fields"]
                .as_array()
                .map(|a| a.len()),
            Some(19)
        );
    }
}
