//! The hand-read facts of `../shared/corpus-wide/truth.jsonl` checked through
//! [`Disclosure::from_path`], on the PDFs and on their `pdftotext -layout` text.
//!
//! A fact is read back when:
//! - `meta`: the year equals the document's year and the department names the same body
//!   (one name contains the other, spaces, quotes and brackets ignored);
//! - `table`: a table of that kind has that title (one contains the other, number prefixes,
//!   spaces and quotes ignored);
//! - `row`: in a table with that title, the row with that code (its code, or the second code
//!   printed in a later name column), or, without a code, a row one of whose text cells is
//!   that name (a form's rows hold several labels), holds the amount in a column whose header
//!   path contains the fact's column words, in order; amounts are compared in 元. A fact
//!   naming `合计`/`总计` is also the table's only row of figures (a 三公 table printing one
//!   unlabelled row), and a fact whose column words start with a row label (`2026 年 / 总计 /
//!   一般公共预算` in a table with a row per year) is that row's column. In a table of one row
//!   of figures under labelled columns (a 三公 table copied one cell per line), a fact no row
//!   label names is looked up by its name among the header paths. Under a title no table
//!   has (a list in the prose under a heading), the row is a figure the prose states with
//!   that subject;
//! - `total`: some table cell or some figure stated in the prose (a quantity or the amount of a
//!   change it states) equals the amount in 元 (a fact without a unit compares the printed
//!   number).
//!
//! `CNBUDGET_TRUTH_REPORT=FILE` writes every miss, document by document, to `FILE`
//! (`docs/corpus-report.md` quotes it).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::fmt::Write as _;
use std::path::Path;
use std::str::FromStr;

use cnbudget::Disclosure;
use cnbudget::table::{AmountUnit, Table};
use rust_decimal::Decimal;
use serde_json::Value as Json;

/// Text compared without spaces, quotes, brackets, colons and table-number noise.
fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '"' | '“'
                        | '”'
                        | '\''
                        | '‘'
                        | '’'
                        | '('
                        | ')'
                        | '（'
                        | '）'
                        | ':'
                        | '：'
                        | '*'
                        | '['
                        | ']'
                        | '【'
                        | '】'
                        | '、'
                        | '-'
                        | '—'
                        | '_'
                )
        })
        .collect()
}

fn contains_either(a: &str, b: &str) -> bool {
    !a.is_empty() && !b.is_empty() && (a.contains(b) || b.contains(a))
}

fn yuan_factor(unit: &str) -> Option<Decimal> {
    match unit {
        "元" => Some(Decimal::ONE),
        "千元" => Some(Decimal::from(1_000)),
        "万元" => Some(Decimal::from(10_000)),
        "亿元" => Some(Decimal::from(100_000_000)),
        _ => None,
    }
}

fn amount_of(s: &str) -> Option<Decimal> {
    Decimal::from_str(&s.replace(',', "")).ok()
}

fn title_matches(t: &Table, title: &str) -> bool {
    let want = norm(title);
    t.title
        .as_deref()
        .is_some_and(|have| contains_either(&norm(have), &want))
}

/// The table's amount in 元 (a table without a unit is taken in the fact's unit).
fn cell_yuan(t: &Table, amount: Decimal, fact_unit: Option<Decimal>) -> Option<Decimal> {
    match (t.unit, fact_unit) {
        (Some(u), Some(_)) => u.to_yuan(amount),
        (None, Some(f)) => amount.checked_mul(f),
        // A fact without a money unit (a percentage, or a form that prints none) compares the
        // printed number.
        (_, None) => Some(amount),
    }
}

fn unit_of(t: &Table) -> Option<AmountUnit> {
    t.unit
}

/// Why a fact was not read back; `None` when it was.
fn check(d: &Disclosure, fact: &Json) -> Option<String> {
    let ty = fact["type"].as_str().unwrap();
    let s = |k: &str| fact[k].as_str().unwrap_or("");
    match ty {
        "meta" => {
            let year = u16::try_from(fact["year"].as_u64().unwrap()).unwrap();
            let dept = norm(s("department"));
            let have = d.metadata.name.as_deref().map(norm).unwrap_or_default();
            let dept_core = dept.trim_end_matches("汇总").to_string();
            let ok_year = d.metadata.year == Some(year);
            let ok_name = contains_either(&have, &dept_core);
            if ok_year && ok_name {
                None
            } else {
                Some(format!(
                    "meta: want {year} {}, read {:?} {:?}",
                    s("department"),
                    d.metadata.year,
                    d.metadata.name
                ))
            }
        }
        "table" => {
            let kind = s("kind");
            let title = s("title");
            let same_title: Vec<&Table> = d
                .document
                .tables
                .iter()
                .filter(|t| title_matches(t, title))
                .collect();
            if same_title.iter().any(|t| t.kind.as_str() == kind) {
                None
            } else if same_title.is_empty() {
                Some(format!("table: no table titled {title}"))
            } else {
                let kinds: Vec<&str> = same_title.iter().map(|t| t.kind.as_str()).collect();
                Some(format!("table: {title} read as {kinds:?}, want {kind}"))
            }
        }
        "row" => {
            let title = s("table");
            let code = fact["code"].as_str();
            let name = norm(s("name"));
            // Path levels are written ` / ` apart (`⑦=⑥/③` inside a label is not a level).
            let column: Vec<String> = s("column").split(" / ").map(norm).collect();
            // A value that is not a number (`200个`) is compared as text.
            let text_value = norm(s("amount"));
            let amount = amount_of(s("amount"));
            let unit = yuan_factor(s("unit"));
            let want = amount.map(|a| unit.and_then(|f| a.checked_mul(f)).unwrap_or(a));
            let tables: Vec<&Table> = d
                .document
                .tables
                .iter()
                .filter(|t| title_matches(t, title))
                .collect();
            if tables.is_empty() {
                // A list in the prose under a heading (`一般公共服务支出-审计事务-审计业务
                // 20,758,502.00元`): a stated figure with that subject.
                let stated = d.facts.iter().any(|f| {
                    norm(&f.subject) == name
                        && want.is_some_and(|w| f.quantity.to_yuan() == Some(w))
                });
                if stated {
                    return None;
                }
                return Some(format!("row: no table titled {title}"));
            }
            let mut seen = Vec::new();
            let total_name = matches!(name.as_str(), "合计" | "总计");
            for t in &tables {
                let figure_rows = t
                    .rows
                    .iter()
                    .filter(|r| r.cells.iter().any(|c| c.amount().is_some()))
                    .count();
                // A row label standing first in the fact's column words.
                let labelled = |r: &&cnbudget::table::Row| {
                    column.first().is_some_and(|first| {
                        r.cells.iter().any(|c| {
                            c.amount().is_none() && !c.text.is_empty() && norm(&c.text) == *first
                        })
                    })
                };
                let rows = t.rows.iter().filter(|r| match code {
                    Some(c) => [&r.code, &r.other_code]
                        .into_iter()
                        .flatten()
                        .any(|rc| rc.digits == c),
                    None => {
                        r.name
                            .as_deref()
                            .is_some_and(|n| contains_either(&norm(n), &name))
                            || r.cells.iter().any(|c| {
                                c.amount().is_none() && contains_either(&norm(&c.text), &name)
                            })
                            || (total_name
                                && (r.total
                                    || (figure_rows == 1
                                        && r.cells.iter().any(|c| c.amount().is_some()))
                                    || labelled(r)))
                    }
                });
                let mut rows: Vec<&cnbudget::table::Row> = rows.collect();
                // A table of one row of figures under labelled columns (a 三公 table copied one
                // cell per line): the fact's name is a column's header path.
                let by_header = rows.is_empty() && figure_rows == 1;
                if by_header {
                    rows.extend(
                        t.rows
                            .iter()
                            .filter(|r| r.cells.iter().any(|c| c.amount().is_some())),
                    );
                }
                let name_path: Vec<String> = s("name").split(" / ").map(norm).collect();
                for r in rows {
                    // Column words after a row label standing first.
                    let column: Vec<String> = if by_header {
                        name_path.clone()
                    } else if labelled(&r) && column.len() > 1 {
                        column.get(1..).unwrap_or(&[]).to_vec()
                    } else {
                        column.clone()
                    };
                    for col in &t.columns {
                        let path = norm(&col.path.join(""));
                        let mut at = 0;
                        let in_order = column.iter().all(|w| match path.get(at..) {
                            Some(rest) => match rest.find(w.as_str()) {
                                Some(p) => {
                                    at += p + w.len();
                                    true
                                }
                                None => false,
                            },
                            None => false,
                        });
                        let Some(cell) = r.cells.get(col.index) else {
                            continue;
                        };
                        if !in_order {
                            continue;
                        }
                        match (want, cell.amount()) {
                            (Some(want), Some(v)) => {
                                if cell_yuan(t, v, unit) == Some(want) {
                                    return None;
                                }
                                seen.push(format!("{}={v}", col.path.join("/")));
                            }
                            (None, _) if norm(&cell.text) == text_value => return None,
                            (None, _) if !cell.text.is_empty() => {
                                seen.push(format!("{}={}", col.path.join("/"), cell.text));
                            }
                            _ => {}
                        }
                    }
                    if seen.is_empty() {
                        seen.push(format!(
                            "row found (line {}), no column {:?}",
                            r.lines.first().unwrap_or(&0),
                            s("column")
                        ));
                    }
                }
            }
            if seen.is_empty() {
                Some(format!(
                    "row: {} {} not found in {title}",
                    code.unwrap_or("-"),
                    s("name")
                ))
            } else {
                Some(format!(
                    "row: {} {} {} {}: read {}",
                    code.unwrap_or("-"),
                    s("name"),
                    s("column"),
                    s("amount"),
                    seen.join(", ")
                ))
            }
        }
        "total" => {
            let amount = amount_of(s("amount")).unwrap();
            let unit = yuan_factor(s("unit"));
            let want = unit.and_then(|f| amount.checked_mul(f)).unwrap_or(amount);
            let in_tables = d.document.tables.iter().any(|t| {
                t.rows.iter().any(|r| {
                    r.cells.iter().filter_map(|c| c.amount()).any(|v| {
                        if unit.is_none() {
                            v == amount
                        } else {
                            unit_of(t).map_or_else(
                                || unit.and_then(|f| v.checked_mul(f)) == Some(want),
                                |u| u.to_yuan(v) == Some(want),
                            )
                        }
                    })
                })
            });
            let same = |q: &cnbudget::prose::Quantity| {
                if unit.is_none() {
                    q.value == amount
                } else {
                    q.to_yuan() == Some(want)
                }
            };
            let in_prose = d.facts.iter().any(|f| {
                same(&f.quantity) || f.changes.iter().filter_map(|c| c.amount.as_ref()).any(same)
            });
            if in_tables || in_prose {
                None
            } else {
                Some(format!("total: {} {} not found", s("what"), s("amount")))
            }
        }
        other => Some(format!("unknown fact type {other}")),
    }
}

/// (facts read back, facts, report of the misses).
fn score(shared: &Path, use_pdf: bool) -> (usize, usize, String) {
    let dir = shared.join("corpus-wide");
    let truth = std::fs::read_to_string(dir.join("truth.jsonl")).unwrap();
    let (mut ok, mut all) = (0, 0);
    let mut report = String::new();
    for line in truth.lines().filter(|l| !l.trim().is_empty()) {
        let doc: Json = serde_json::from_str(line).unwrap();
        let file = doc["file"].as_str().unwrap();
        let text_file = doc["text_file"].as_str();
        let path = if use_pdf {
            dir.join(file)
        } else {
            dir.join(text_file.unwrap_or(file))
        };
        let facts = doc["facts"].as_array().unwrap();
        all += facts.len();
        let d = match Disclosure::from_path(&path) {
            Ok(d) => d,
            Err(e) => {
                let _ = writeln!(report, "\n### {file}\n- cannot read: {e}");
                continue;
            }
        };
        let misses: Vec<String> = facts.iter().filter_map(|f| check(&d, f)).collect();
        ok += facts.len() - misses.len();
        if !misses.is_empty() {
            let _ = writeln!(
                report,
                "\n### {file} ({}/{})",
                facts.len() - misses.len(),
                facts.len()
            );
            for m in misses {
                let _ = writeln!(report, "- {m}");
            }
        }
    }
    (ok, all, report)
}

fn write_report(name: &str, ok: usize, all: usize, report: &str) {
    if let Some(path) = std::env::var_os("CNBUDGET_TRUTH_REPORT") {
        let path = std::path::PathBuf::from(path).join(format!("{name}.md"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, format!("# {name}: {ok}/{all}\n{report}")).unwrap();
    }
    eprintln!("{name}: {ok}/{all} facts read back{report}");
}

/// The `pdftotext -layout` text of each document (or its HTML / excerpt): the reading users
/// who bring `.txt` get. The floor is the share last measured; it may only rise.
#[test]
fn corpus_wide_facts_through_text() {
    let Some(shared) = cnbudget_testkit::shared() else {
        return;
    };
    let (ok, all, report) = score(&shared, false);
    write_report("truth-text", ok, all, &report);
    assert_eq!(all, 316);
    assert!(
        ok >= 265,
        "{ok}/{all} facts read back through the text files"
    );
}

/// The PDFs (and the HTML pages and excerpts, which have no PDF) read by their geometry. The
/// floor is the share last measured; it may only rise. The two misses left are
/// `docs/corpus-report.md`'s: a kind named by design (222) and a publisher's contradiction the
/// fact resolves by the prose (232).
#[test]
fn corpus_wide_facts_through_the_pdfs() {
    let Some(shared) = cnbudget_testkit::shared() else {
        return;
    };
    let (ok, all, report) = score(&shared, true);
    write_report("truth-pdf", ok, all, &report);
    assert_eq!(all, 316);
    assert!(ok >= 314, "{ok}/{all} facts read back through the PDFs");
}
