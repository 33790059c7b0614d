//! `catalogue.anachronism`: a classification code used in a year where the catalogue's
//! evidence says the code did not exist, or a name used in a year where the evidence gives the
//! code another name (an old name after its rename, or a name before the edition that gave
//! it). Each finding quotes the evidence. Nothing is reported where the evidence for the
//! document's year is unknown, nor for a document without a year.
//!
//! ```
//! use cnbudget::Disclosure;
//!
//! // A 2017 budget table that uses 20828, a 款 of the 2019 edition.
//! let text = "某某局2017年部门预算\n\n一般公共预算支出预算表\n单位：万元\n\
//!     科目编码    科目名称              合计     基本支出\n\
//!     208         社会保障和就业支出     10.00     10.00\n\
//!     20828       退役军人管理事务       10.00     10.00\n";
//! let d = Disclosure::from_text(text);
//! let f = d.audit().into_iter().find(|f| f.rule == "catalogue.anachronism").unwrap();
//! assert!(f.message.contains("not in the 2017 edition"), "{}", f.message);
//! assert_eq!(f.lines, [7]);
//! ```

use std::collections::BTreeMap;

use cnbudget_catalogue::{
    Catalogue, Classification, Confidence, Entry, Evidence, EvidenceKind, Resolution,
};
use cnbudget_table::{CodeSystem, Table, TableKind};

use crate::Disclosure;
use crate::audit::{Finding, RuleId, Severity};

/// `catalogue.anachronism` for every coded row of every table, one finding per (code, name)
/// of the document with every line it is on.
pub(crate) fn anachronisms(d: &Disclosure, out: &mut Vec<Finding>) {
    let Some(year) = d.metadata.year else {
        return;
    };
    // (code digits, name) → index into `found` (borrowed: most rows find nothing, and their
    // key is not kept).
    let mut index: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let mut found: Vec<Finding> = Vec::new();
    for table in &d.document.tables {
        // Project tables name projects, not classification items: only the code is checked.
        let names_items = table.kind != TableKind::ProjectExpenditure;
        for row in &table.rows {
            let Some(code) = &row.code else { continue };
            let name = if names_items {
                row.name.as_deref().map_or("", super::trim)
            } else {
                ""
            };
            let line = row.lines.first().copied();
            let key = (code.digits.as_str(), name);
            if let Some(&i) = index.get(&key) {
                if let Some(f) = found.get_mut(i) {
                    f.lines.extend(line);
                }
                continue;
            }
            let message = match code.system {
                // The code the table crate read from the digits (parsing them again costs as
                // much as the look-up).
                CodeSystem::Function => code
                    .function()
                    .or_else(|| code.digits.parse().ok())
                    .and_then(|c| {
                        message(cnbudget_functional::Catalogue::embedded(), c, name, year)
                    }),
                CodeSystem::EconomicDepartment | CodeSystem::EconomicGovernment => code
                    .economic()
                    .or_else(|| code.digits.parse().ok())
                    .and_then(|c| message(cnbudget_economic::Catalogue::embedded(), c, name, year)),
                _ => None,
            };
            let Some(message) = message else { continue };
            index.insert(key, found.len());
            found.push(
                Finding::new(RuleId::CatalogueAnachronism, Severity::Warning, message)
                    .in_table(title(table))
                    .at_lines(line),
            );
        }
    }
    for mut f in found {
        f.lines.sort_unstable();
        f.lines.dedup();
        out.push(f);
    }
}

fn title(table: &Table) -> String {
    table
        .title
        .clone()
        .or_else(|| table.number.clone())
        .unwrap_or_else(|| format!("table at line {}", table.first_line))
}

/// What the catalogue's evidence says against (`code`, `name`) in `year`, if anything.
fn message<C: Classification>(
    cat: &Catalogue<C>,
    code: C,
    name: &str,
    year: u16,
) -> Option<String> {
    match cat.resolve(code, name, year) {
        Resolution::NotInEdition { lookup, .. } => {
            let why = lookup.entry.absent_in(year)?;
            let written = if name.is_empty() {
                String::new()
            } else {
                format!(" {name}")
            };
            Some(format!(
                "{code}{written}: the code is not in the {year} edition ({why})"
            ))
        }
        Resolution::Renamed {
            lookup, matched, ..
        } if lookup.edition.is_known() => {
            let current = lookup.entry;
            // A low-confidence reconstructed name is too weak to call another name wrong.
            if current.provenance.confidence == Confidence::Low && !current.provenance.is_certain()
            {
                return None;
            }
            let now = format!(
                "in {year} the code is named “{}” ({})",
                current.name,
                quote(current, year)?
            );
            if matched.years.last < year {
                Some(format!(
                    "{code} {name}: “{}” is the name until {} ({}); {now}",
                    matched.name,
                    matched.years.last,
                    quote(matched, matched.years.last)?
                ))
            } else if matched.years.first > year {
                Some(format!(
                    "{code} {name}: “{}” is the name from {} on ({}); {now}",
                    matched.name,
                    matched.years.first,
                    quote(matched, matched.years.first)?
                ))
            } else {
                None
            }
        }
        _ => None,
    }
}

/// The evidence of `entry` to quote for `year`: a recorded change first (it says when the
/// name changed), then a document of that year, then any evidence of that year, then the
/// evidence nearest to it.
fn quote<C>(entry: &Entry<C>, year: u16) -> Option<String> {
    let evidence = &entry.provenance.evidence;
    let rank = |e: &Evidence| match e.kind {
        EvidenceKind::Change => 0,
        EvidenceKind::Document => 1,
        _ => 2,
    };
    let best = evidence
        .iter()
        .filter(|e| e.years.contains(year))
        .min_by_key(|e| rank(e))
        .or_else(|| {
            evidence
                .iter()
                .filter(|e| e.kind == EvidenceKind::Change)
                .min_by_key(|e| e.years.distance(year))
        })
        .or_else(|| evidence.iter().min_by_key(|e| e.years.distance(year)))?;
    Some(format!("evidence {best}"))
}
