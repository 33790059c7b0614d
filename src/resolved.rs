//! Table rows with classification codes, resolved against the catalogues of the document's year.
//!
//! ```
//! use cnbudget::Disclosure;
//!
//! let d = Disclosure::from_bytes(cnbudget::SAMPLE.as_bytes());
//! let rows = d.resolved_rows();
//! let r = rows.iter().find(|r| r.code == "2101506").unwrap();
//! assert_eq!(r.outcome, Some(cnbudget::catalogue::Outcome::Exact));
//! assert_eq!(r.catalogue_path, ["卫生健康支出", "医疗保障管理事务", "医疗保障经办事务"]);
//! // 317.27 万元 in 项目支出, exactly 3 172 700 元.
//! assert!(r.amounts_yuan.iter().any(|a| a.amount_yuan.to_string() == "3172700.00"));
//! ```

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use cnbudget_catalogue::Outcome;
use cnbudget_table::{CodeSystem, ColumnRole, TableKind};

use crate::Disclosure;

/// An amount of a resolved row, in 元.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RowAmount {
    /// The column's role.
    pub role: ColumnRole,
    /// The column's header path, joined with `/`.
    pub column: String,
    /// The amount in 元, exactly.
    pub amount_yuan: Decimal,
}

/// A table row with a classification code, and what the catalogue says of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ResolvedRow {
    /// Index of the table in [`cnbudget_table::Document::tables`].
    pub table: usize,
    /// Its kind.
    pub table_kind: TableKind,
    /// The row's first line.
    pub line: usize,
    /// The code's digits.
    pub code: String,
    /// The classification the table implies.
    pub system: CodeSystem,
    /// The name as written.
    pub name: Option<String>,
    /// How the written name relates to the catalogue (`exact`, `name_variant`, `renamed`,
    /// `mismatch`, …); none for rows without a name and for names the catalogue does not
    /// hold, such as project names.
    pub outcome: Option<Outcome>,
    /// The catalogue's name of the code for the year.
    pub catalogue_name: Option<String>,
    /// The catalogue's names from 类 down to the code.
    pub catalogue_path: Vec<String>,
    /// Whether the catalogue entry is certain (confirmed by a document or loaded from an
    /// official file) rather than reconstructed.
    pub certain: bool,
    /// The row's amounts in 元 (empty when the table states no unit).
    pub amounts_yuan: Vec<RowAmount>,
}

impl Disclosure {
    /// Every row with a functional or economic code, resolved for the document's year (2024
    /// when the document names none).
    pub fn resolved_rows(&self) -> Vec<ResolvedRow> {
        let year = self.metadata.year.unwrap_or(2024);
        let mut out = Vec::new();
        for (ti, table) in self.document.tables.iter().enumerate() {
            for row in &table.rows {
                let Some(code) = &row.code else { continue };
                let name = row.name.clone();
                let written = name.as_deref().unwrap_or("").trim();
                let (outcome, catalogue_name, catalogue_path, certain) = match code.system {
                    CodeSystem::Function => {
                        use cnbudget_functional::Catalogue;
                        let Some(c) = code.function() else {
                            continue;
                        };
                        let cat = Catalogue::embedded();
                        let lookup = cat.get(c, year);
                        let outcome = (!written.is_empty()
                            && table.kind != TableKind::ProjectExpenditure)
                            .then(|| cat.resolve(c, written, year).outcome());
                        (
                            outcome,
                            lookup.map(|l| l.name().to_string()),
                            cat.path(c, year).map(|l| l.name().to_string()).collect(),
                            lookup.is_some_and(|l| l.entry.provenance.is_certain()),
                        )
                    }
                    CodeSystem::EconomicDepartment | CodeSystem::EconomicGovernment => {
                        use cnbudget_economic::Catalogue;
                        let Some(c) = code.economic() else {
                            continue;
                        };
                        let cat = Catalogue::embedded();
                        let lookup = cat.get(c, year);
                        let outcome =
                            (!written.is_empty()).then(|| cat.resolve(c, written, year).outcome());
                        (
                            outcome,
                            lookup.map(|l| l.name().to_string()),
                            cat.path(c, year).map(|l| l.name().to_string()).collect(),
                            lookup.is_some_and(|l| l.entry.provenance.is_certain()),
                        )
                    }
                    _ => continue,
                };
                let amounts_yuan = row
                    .cells
                    .iter()
                    .enumerate()
                    .filter_map(|(ci, cell)| {
                        let amount = cell.amount()?;
                        let column = table.columns.get(ci)?;
                        Some(RowAmount {
                            role: column.role,
                            column: column.path.join("/"),
                            amount_yuan: table.unit?.to_yuan(amount)?,
                        })
                    })
                    .collect();
                out.push(ResolvedRow {
                    table: ti,
                    table_kind: table.kind,
                    line: row.lines.first().copied().unwrap_or(table.first_line),
                    code: code.digits.clone(),
                    system: code.system,
                    name,
                    outcome,
                    catalogue_name,
                    catalogue_path,
                    certain,
                    amounts_yuan,
                });
            }
        }
        out
    }
}
