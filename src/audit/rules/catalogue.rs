//! `catalogue.*`: codes and names against the classification catalogues of the document's year.

use cnbudget_table::{Code, CodeSystem, TableKind};

use super::{is_classification, title_of};
use crate::Disclosure;
use crate::audit::{Finding, RuleId, Severity, Sureness};

/// How a (code, name) pair of a table row relates to its catalogue, in a form both catalogues share.
enum CatalogueVerdict {
    Fine,
    Renamed {
        current: String,
    },
    Mismatch {
        current: String,
        belongs_to: Vec<String>,
    },
    UnknownName {
        current: String,
        certain: bool,
    },
    UnknownCode,
}

fn function_verdict(code: &Code, name: &str, year: u16) -> Option<CatalogueVerdict> {
    // The code the table crate read from the digits (parsing them again costs as much as
    // the look-up).
    let code = code.function().or_else(|| code.digits.parse().ok())?;
    let catalogue = cnbudget_functional::Catalogue::embedded();
    Some(verdict_of(catalogue.resolve(code, name, year)))
}

fn economic_verdict(code: &Code, name: &str, year: u16) -> Option<CatalogueVerdict> {
    let code = code.economic().or_else(|| code.digits.parse().ok())?;
    let catalogue = cnbudget_economic::Catalogue::embedded();
    Some(verdict_of(catalogue.resolve(code, name, year)))
}

/// What a resolution of either catalogue means for the audit.
fn verdict_of<C: cnbudget_catalogue::Classification>(
    r: cnbudget_catalogue::Resolution<'_, C>,
) -> CatalogueVerdict {
    use cnbudget_catalogue::Resolution;
    match r {
        Resolution::Exact(_) | Resolution::NameVariant { .. } => CatalogueVerdict::Fine,
        Resolution::Renamed { lookup, .. } => CatalogueVerdict::Renamed {
            current: lookup.name().to_string(),
        },
        Resolution::Mismatch { lookup, belongs_to } => CatalogueVerdict::Mismatch {
            current: lookup.name().to_string(),
            belongs_to: belongs_to
                .iter()
                .map(|e| format!("{} {}", e.code, e.name))
                .collect(),
        },
        Resolution::UnknownName { lookup } => CatalogueVerdict::UnknownName {
            current: lookup.name().to_string(),
            certain: lookup.entry.provenance.is_certain(),
        },
        Resolution::UnknownCode { .. } => CatalogueVerdict::UnknownCode,
        _ => CatalogueVerdict::Fine,
    }
}

/// `catalogue.*`: codes and names against the catalogues of the document's year; 款 or 项
/// without their parent row in tables that show the hierarchy.
pub(crate) fn catalogue(d: &Disclosure, sure: &Sureness<'_>, out: &mut Vec<Finding>) {
    let year = d.metadata.year.unwrap_or(2024);
    // Rows with a code and a name; a (code, name) pair is checked at its first row only.
    let mut pairs: Vec<(&str, &str, usize)> = Vec::new();
    let mut first: Vec<bool> = Vec::new();
    for table in &d.document.tables {
        let title = std::cell::OnceCell::new();
        let title = || title.get_or_init(|| title_of(table)).clone();
        pairs.clear();
        pairs.extend(table.rows.iter().enumerate().filter_map(|(i, row)| {
            let (Some(code), Some(name)) = (&row.code, &row.name) else {
                return None;
            };
            let name = super::trim(name);
            (!name.is_empty()).then_some((code.digits.as_str(), name, i))
        }));
        pairs.sort_unstable();
        first.clear();
        first.resize(table.rows.len(), false);
        let mut previous: Option<(&str, &str)> = None;
        for &(digits, name, i) in &pairs {
            if previous != Some((digits, name)) {
                if let Some(f) = first.get_mut(i) {
                    *f = true;
                }
                previous = Some((digits, name));
            }
        }
        for (i, row) in table.rows.iter().enumerate() {
            let (Some(code), Some(name)) = (&row.code, &row.name) else {
                continue;
            };
            let name = super::trim(name);
            if !first.get(i).copied().unwrap_or(false) {
                continue;
            }
            let verdict = match code.system {
                CodeSystem::Function => function_verdict(code, name, year),
                CodeSystem::EconomicDepartment | CodeSystem::EconomicGovernment => {
                    economic_verdict(code, name, year)
                }
                _ => None,
            };
            let line = row.lines.first().copied();
            // Project tables name projects, not classification items: only the code is checked.
            let verdict = match verdict {
                Some(CatalogueVerdict::UnknownCode) => verdict,
                _ if table.kind == TableKind::ProjectExpenditure => None,
                v => v,
            };
            let (rule, severity, message) = match verdict {
                None | Some(CatalogueVerdict::Fine) => continue,
                Some(CatalogueVerdict::Renamed { current }) => (
                    RuleId::CatalogueOutdatedName,
                    Severity::Notice,
                    format!(
                        "{} {name}: an earlier or later edition's name; in {year} the code is named {current}",
                        code.digits
                    ),
                ),
                Some(CatalogueVerdict::Mismatch {
                    current,
                    belongs_to,
                }) => (
                    RuleId::CatalogueMismatch,
                    Severity::Warning,
                    format!(
                        "{} {name}: the catalogue names {} “{current}”, and “{name}” belongs to {}",
                        code.digits,
                        code.digits,
                        belongs_to.join(", ")
                    ),
                ),
                Some(CatalogueVerdict::UnknownName { current, certain }) => (
                    RuleId::CatalogueUnknownName,
                    Severity::Notice,
                    format!(
                        "{} {name}: the catalogue names it “{current}”{}",
                        code.digits,
                        if certain {
                            ""
                        } else {
                            " (a reconstructed entry, not certain)"
                        }
                    ),
                ),
                Some(CatalogueVerdict::UnknownCode) => (
                    RuleId::CatalogueUnknownCode,
                    Severity::Warning,
                    format!(
                        "{} {name}: the code is not in the {year} catalogue (nor any edition we hold)",
                        code.digits
                    ),
                ),
            };
            // A name read off its row (a wrapped name, a shifted column) is our misread.
            let finding = Finding::new(rule, severity, message)
                .in_table(title())
                .at_lines(line);
            out.push(if severity == Severity::Warning {
                sure.judge(finding, &[table])
            } else {
                finding
            });
        }
        // 款/项 without their parent row, in tables that print the hierarchy.
        let codes: Vec<(&str, usize)> = table
            .rows
            .iter()
            .filter_map(|r| {
                let c = r.code.as_ref().filter(|c| is_classification(c.system))?;
                Some((c.digits.as_str(), r.lines.first().copied().unwrap_or(0)))
            })
            .collect();
        let has_levels =
            codes.iter().any(|(c, _)| c.len() == 3) && codes.iter().any(|(c, _)| c.len() > 3);
        if !has_levels {
            continue;
        }
        for (digits, line) in &codes {
            if digits.len() <= 3 {
                continue;
            }
            let Some(parent) = digits.get(..digits.len() - 2) else {
                continue;
            };
            if !codes.iter().any(|(c, _)| c == &parent) {
                out.push(
                    Finding::new(
                        RuleId::CatalogueMissingParent,
                        Severity::Notice,
                        format!("{digits} is listed without its parent row {parent}"),
                    )
                    .in_table(title())
                    .at_lines([*line]),
                );
            }
        }
    }
}
