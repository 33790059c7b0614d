//! Exports: every amount as a long table (CSV), and an OpenSpending Fiscal Data Package.
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
//! assert_eq!(r.amount_yuan.map(|a| a.to_string()), Some("3172700.00".to_string()));
//! let csv = export::long_csv(&records);
//! assert!(csv.starts_with("document,table_index,table_kind"));
//! ```

use std::path::Path;

use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{Value, json};

use cnbudget_table::{CodeSystem, ColumnRole, Value as CellValue};

use crate::Disclosure;
use crate::error::{DisclosureError, ErrorKind};

/// One amount of one table, in long format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct AmountRecord {
    /// Which document (a name or path given by the caller).
    pub document: String,
    /// The fiscal year of the document.
    pub fiscal_year: Option<i32>,
    /// `budget` or `final_account`.
    pub phase: Option<String>,
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
    /// The unit the table prints amounts in.
    pub unit: Option<String>,
    /// The amount as printed, in `unit`.
    pub amount: Decimal,
    /// The amount in 元, exactly (none when the table states no unit).
    pub amount_yuan: Option<Decimal>,
}

fn serde_name<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// Every amount cell of every table, with its row and column.
pub fn amounts(d: &Disclosure, document: &str) -> Vec<AmountRecord> {
    let mut out = Vec::new();
    for (ti, table) in d.document.tables.iter().enumerate() {
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
                    fiscal_year: d.metadata.year,
                    phase: d.metadata.kind.map(|k| serde_name(&k)),
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
                    unit: table.unit.map(|u| u.as_str().to_string()),
                    amount,
                    amount_yuan: table.unit.and_then(|u| u.to_yuan(amount)),
                });
            }
        }
    }
    out
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

const HEADER: &str = "document,table_index,table_kind,table_title,line,code,code_system,name,column,column_role,side,unit,amount,amount_yuan,fiscal_year,phase";

/// The records as CSV (RFC 4180 quoting), with a header line.
pub fn long_csv(records: &[AmountRecord]) -> String {
    let mut s = String::from(HEADER);
    s.push('\n');
    for r in records {
        let fields = [
            r.document.clone(),
            r.table_index.to_string(),
            r.table_kind.clone(),
            r.table_title.clone(),
            r.line.to_string(),
            r.code.clone().unwrap_or_default(),
            r.code_system.clone().unwrap_or_default(),
            r.name.clone().unwrap_or_default(),
            r.column.clone(),
            r.column_role.clone(),
            r.side.clone().unwrap_or_default(),
            r.unit.clone().unwrap_or_default(),
            r.amount.to_string(),
            r.amount_yuan.map(|a| a.to_string()).unwrap_or_default(),
            r.fiscal_year.map(|y| y.to_string()).unwrap_or_default(),
            r.phase.clone().unwrap_or_default(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        s.push_str(&line.join(","));
        s.push('\n');
    }
    s
}

/// The `datapackage.json` descriptor of an OpenSpending Fiscal Data Package whose single
/// resource is `amounts.csv` as written by [`long_csv`]: the amount in 元 is the measure; the
/// functional and economic classifications, the table, the column role and the year are
/// dimensions.
pub fn fiscal_data_package(name: &str, title: &str) -> Value {
    let fields: Vec<Value> = HEADER
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
    let io = |e: std::io::Error| DisclosureError::io(ErrorKind::Export, "cannot write", dir, e);
    std::fs::create_dir_all(dir).map_err(io)?;
    let descriptor = serde_json::to_string_pretty(&fiscal_data_package(name, title))
        .map_err(|e| DisclosureError::new(ErrorKind::Export, e.to_string()))?;
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
            Some(16)
        );
    }
}
