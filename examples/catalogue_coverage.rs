//! Catalogue coverage: read every table of the real documents in `../shared/seeds` and
//! `../shared/corpus` with the table parser (`cnbudget-table`), take every (code, name) pair
//! of their classification rows, resolve each against the functional and economic catalogues
//! for the document's year, and report counts by outcome and every pair that does not
//! resolve as exact or a name variant, with its document and line.
//!
//! ```text
//! cargo run --example catalogue_coverage                         # report
//! cargo run --example catalogue_coverage -- --markdown           # also the name variants
//! cargo run --example catalogue_coverage -- --write-confirmations
//! ```
//!
//! Each document is decoded and converted to simplified script by `cnbudget_text::prepare`
//! (line N stays line N), then read by `cnbudget_table::parse`. The table decides the code
//! system: `Table::function_rows` are 支出功能分类 rows, `Table::economic_rows` are 部门 or
//! 政府 经济分类 rows. In 项目支出 tables (`TableKind::ProjectExpenditure`) the name column
//! holds project names, so only their codes are checked (known or not), not their names.
//!
//! The year is the first `20xx 年` in the first lines of the document (its title), else the
//! year in its file name. The two Taiwan documents (042, 063) use another classification
//! (歲出政事別) and are skipped.
//!
//! `--write-confirmations` writes `crates/cnbudget-{functional,economic}/data/confirmations.csv`
//! (the pairs real documents confirm, with document and line) and
//! `crates/cnbudget-{functional,economic}/testdata/document-pairs.csv` (every distinct
//! name-checked pair with its outcome, except names the parser is known to misread; replayed
//! by the crates' tests); then regenerate the tables with
//! `CNBUDGET_REGENERATE=1 cargo test -p cnbudget-functional -p cnbudget-economic --test codegen`.
//!
//! The shared folder is `$CNBUDGET_SHARED`, or `../shared` beside the workspace.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use cnbudget::economic::{self, EconomicCode};
use cnbudget::functional::{self, FunctionCode};
use cnbudget::table::{CodeRow, CodeSystem, Table, TableKind, Value};

/// `println!` that ignores a closed stdout (`| head`) instead of panicking.
macro_rules! say {
    ($($t:tt)*) => {{
        let _ = writeln!(std::io::stdout(), $($t)*);
    }};
}

/// How one pair resolved, in terms common to both catalogues.
struct Resolved {
    /// `Exact`, `NameVariant`, … (the crate's `Outcome`, as text).
    outcome: String,
    /// Exact or a name variant.
    ok: bool,
    /// The catalogue name this pair confirms (exact, or differing only in script or
    /// punctuation).
    confirms: Option<String>,
    /// What a reader needs to judge the outcome.
    note: String,
}

/// Variant kinds (as their descriptions, so both crates' kinds fit) that still confirm the
/// catalogue name: only script and punctuation differences.
fn confirming(kinds: &[&str]) -> bool {
    let ok = [
        functional::VariantKind::Script.describe(),
        functional::VariantKind::Punctuation.describe(),
    ];
    kinds.iter().all(|k| ok.contains(k))
}

/// Turn a crate's `Resolution` into a [`Resolved`]; the two crates have the same shape.
macro_rules! resolved {
    ($r:expr, $year:expr) => {{
        let r = $r;
        let year = $year;
        let outcome = format!("{:?}", r.outcome());
        let ok = r.is_match();
        let (confirms, note) = match &r {
            Resolution::Exact(l) => (Some(l.entry.name.to_string()), String::new()),
            Resolution::NameVariant { lookup, kinds } => {
                let k: Vec<&str> = kinds.iter().map(|k| k.describe()).collect();
                (
                    confirming(&k).then(|| lookup.entry.name.to_string()),
                    format!("variant ({}) of {}", k.join(", "), lookup.entry.name),
                )
            }
            Resolution::Renamed {
                lookup,
                matched,
                kinds,
            } => {
                let k: Vec<&str> = kinds.iter().map(|k| k.describe()).collect();
                (
                    confirming(&k).then(|| matched.name.to_string()),
                    format!(
                        "name of {} ({}); {year} name is {}",
                        matched.years, matched.name, lookup.entry.name
                    ),
                )
            }
            Resolution::Mismatch { lookup, belongs_to } => (
                None,
                format!(
                    "catalogue: {}; name belongs to {}",
                    lookup.entry.name,
                    belongs_to
                        .iter()
                        .map(|e| e.code.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
            Resolution::UnknownName { lookup } => {
                (None, format!("catalogue: {}", lookup.entry.name))
            }
            _ => (None, String::new()),
        };
        Resolved {
            outcome,
            ok,
            confirms,
            note,
        }
    }};
}

fn resolve_function(
    cat: &functional::Catalogue,
    code: FunctionCode,
    name: &str,
    year: u16,
) -> Resolved {
    use functional::Resolution;
    resolved!(cat.resolve(code, name, year), year)
}

fn resolve_economic(
    cat: &economic::Catalogue,
    code: EconomicCode,
    name: &str,
    year: u16,
) -> Resolved {
    use economic::Resolution;
    resolved!(cat.resolve(code, name, year), year)
}

/// Counts and listings for one classification.
#[derive(Default)]
struct Tally {
    /// Name-checked rows by outcome.
    by_outcome: BTreeMap<String, usize>,
    /// Name-checked rows.
    total: usize,
    /// Name-checked rows that are exact or a name variant.
    ok: usize,
    /// Rows of 项目支出 tables: code known / code unknown.
    project_known: usize,
    project_unknown: Vec<String>,
    /// Exceptions a reader traced to a table-parser misreading ([`CHECKED`]).
    parser_misread: usize,
    /// Exceptions a reader traced to a wrong code printed in the document ([`CHECKED`]).
    document_defect: usize,
    /// Markdown rows of the exceptions.
    exceptions: Vec<String>,
    /// Markdown rows of the name variants.
    variants: Vec<String>,
    /// (code, catalogue name) → (document, line): what real documents confirm.
    confirmations: BTreeMap<(u32, String), (String, usize)>,
    /// (code, name as written, year) → (outcome, document, line), for the test fixture.
    pairs: BTreeMap<(u32, String, u16), (String, String, usize)>,
}

/// Why a row is an exception, when a reader has checked it against the document.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cause {
    /// The table parser misread the row (name joined with a neighbour, code split): a
    /// report for `cnbudget-table`, not a catalogue problem.
    Parser,
    /// The document itself prints a wrong code (checked against the same table of other
    /// documents): the audit must see it, so it stays an exception.
    Document,
}

/// Exceptions checked by hand: (document, first line, last line, cause, what the text shows).
/// The tool says when one of them no longer occurs (the parser or the data changed), so the
/// list cannot go stale silently.
const CHECKED: &[(&str, usize, usize, Cause, &str)] = &[
    (
        "corpus/002_sh-putuo-wanli-street-dept-budget-2024.txt",
        662,
        662,
        Cause::Parser,
        "name joined with `项目`, the header of the next table (line 663)",
    ),
    (
        "corpus/006_sh-municipal-finance-bureau-unit-budget-2025.txt",
        128,
        128,
        Cause::Parser,
        "name joined with `项目`, the header of the next table (line 129)",
    ),
    (
        "corpus/006_sh-municipal-finance-bureau-unit-budget-2025.txt",
        164,
        164,
        Cause::Parser,
        "name joined with `项目`, the header of the next table (line 165)",
    ),
    (
        "corpus/006_sh-municipal-finance-bureau-unit-budget-2025.txt",
        272,
        272,
        Cause::Parser,
        "name joined with `项目`, the header of the next table (line 273)",
    ),
    (
        "corpus/015_sh-putuo-planning-resources-final-2024.txt",
        423,
        433,
        Cause::Parser,
        "names wrapped over two lines (`行政事业单位` / `医疗`) joined to the wrong row",
    ),
    (
        "corpus/014_sh-putuo-finance-bureau-final-2024.txt",
        442,
        462,
        Cause::Parser,
        "`302` / `99` and `310` / `07` (款 on the next line, name wrapped): read as the 类 with a cut name",
    ),
    (
        "corpus/004_sh-putuo-social-welfare-home-unit-budget-2024.txt",
        302,
        328,
        Cause::Document,
        "the table numbers the 302 款 in sequence, not with the national codes",
    ),
];

fn checked_cause(label: &str, line: usize) -> Option<(usize, Cause, &'static str)> {
    CHECKED
        .iter()
        .enumerate()
        .find(|(_, (doc, lo, hi, _, _))| *doc == label && (*lo..=*hi).contains(&line))
        .map(|(i, (_, _, _, cause, what))| (i, *cause, *what))
}

/// A row the table parser gave whose code or name cannot be a classification pair.
struct ParserException {
    at: String,
    table: String,
    code: String,
    name: String,
    why: &'static str,
}

fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("CNBUDGET_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    dir.join("seeds").is_dir().then_some(dir)
}

/// The year of a document: the first `20xx 年` in its first 40 lines (its title), else the
/// year in its file name (`…-2024.txt`).
fn year_of(file_name: &str, text: &str) -> Option<u16> {
    for line in text.lines().take(40) {
        let chars: Vec<char> = line.chars().collect();
        for w in 0..chars.len().saturating_sub(4) {
            let four: String = chars[w..w + 4].iter().collect();
            let before_ok = w == 0 || !chars[w - 1].is_ascii_digit();
            if before_ok && four.starts_with("20") && four.chars().all(|c| c.is_ascii_digit()) {
                let after = chars[w + 4..].iter().find(|c| !c.is_whitespace());
                if after == Some(&'年') {
                    return four.parse().ok();
                }
            }
        }
    }
    let stem = file_name.trim_end_matches(".txt");
    stem.split(['-', '_'])
        .find(|p| p.len() == 4 && p.starts_with("20") && p.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|p| p.parse().ok())
}

/// The line of `row` that shows its code (the row's first line when no cell holds a code,
/// e.g. a code joined from split cells on one line).
fn code_line(table: &Table, row: &CodeRow) -> usize {
    table
        .rows
        .iter()
        .find(|r| r.lines.first() == Some(&row.line) && r.code.as_ref() == Some(&row.code))
        .and_then(|r| r.cells.iter().find(|c| c.code().is_some()).map(|c| c.line))
        .unwrap_or(row.line)
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn pct(ok: usize, total: usize) -> f64 {
    if total == 0 {
        0.0
    } else {
        100.0 * ok as f64 / total as f64
    }
}

/// One (code, name) pair read from a table.
struct Pair {
    /// 1-based line showing the code.
    line: usize,
    /// 支出功能分类 (else 经济分类).
    function: bool,
    /// The code's digits as the table parser joined them.
    digits: String,
    /// The name as read.
    name: String,
    /// From a 项目支出 table: the name is a project's, only the code is checked.
    project: bool,
}

/// Every classification pair of a table: the rows of `function_rows` and `economic_rows`,
/// and the second code column of tables that show both economic codes on a row
/// (`30101 基本工资 50101 工资奖金津补贴`).
fn pairs_of(t: &Table) -> Vec<Pair> {
    let project = t.kind == TableKind::ProjectExpenditure;
    let mut out = Vec::new();
    for (function, rows) in [(true, t.function_rows()), (false, t.economic_rows())] {
        for row in rows {
            out.push(Pair {
                line: code_line(t, &row),
                function,
                digits: row.code.digits.clone(),
                name: row.name.clone().unwrap_or_default(),
                project,
            });
        }
    }
    for row in &t.rows {
        let first_name = row
            .cells
            .iter()
            .position(|c| matches!(c.value, Value::Name { .. }));
        for (i, cell) in row.cells.iter().enumerate() {
            let Some(code) = cell.code() else { continue };
            let after_name = first_name.is_some_and(|n| i > n);
            let Some(Value::Name { name, .. }) = row.cells.get(i + 1).map(|c| &c.value) else {
                continue;
            };
            let function = match code.system {
                CodeSystem::Function => true,
                CodeSystem::EconomicDepartment | CodeSystem::EconomicGovernment => false,
                _ => continue,
            };
            if after_name {
                out.push(Pair {
                    line: cell.line,
                    function,
                    digits: code.digits.clone(),
                    name: name.clone(),
                    project,
                });
            }
        }
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let markdown = args.iter().any(|a| a == "--markdown");
    let write = args.iter().any(|a| a == "--write-confirmations");
    let Some(shared) = shared_dir() else {
        eprintln!("shared folder not found (set CNBUDGET_SHARED): nothing to measure");
        return;
    };
    let fcat = functional::Catalogue::embedded();
    let ecat = economic::Catalogue::embedded();
    let (mut f, mut e) = (Tally::default(), Tally::default());
    let mut parser_exceptions: Vec<ParserException> = Vec::new();
    let mut seen_checked = vec![false; CHECKED.len()];
    // Rows whose system the table left undecided: (rows, exact or name variant by digits).
    let mut undecided = (0usize, 0usize);
    let mut docs: Vec<(String, PathBuf)> = Vec::new();
    for sub in ["seeds", "corpus"] {
        let mut v: Vec<PathBuf> = std::fs::read_dir(shared.join(sub))
            .unwrap()
            .filter_map(|d| d.ok().map(|d| d.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        v.sort();
        for p in v {
            docs.push((
                format!("{sub}/{}", p.file_name().unwrap().to_string_lossy()),
                p,
            ));
        }
    }
    let mut skipped_docs = Vec::new();
    let mut years: Vec<String> = Vec::new();
    for (label, path) in &docs {
        let file_name = path.file_name().unwrap().to_string_lossy();
        // Taiwan budgets use another classification (歲出政事別), not 支出功能分类.
        if file_name.contains("_tw-") {
            skipped_docs.push(label.clone());
            continue;
        }
        let bytes = std::fs::read(path).unwrap();
        let prepared = cnbudget::text::prepare(&bytes);
        let Some(year) = year_of(&file_name, &prepared.text) else {
            eprintln!("{label}: no year found, skipped");
            skipped_docs.push(label.clone());
            continue;
        };
        years.push(format!("{} {year}", &label[..label.find('_').unwrap_or(0)]));
        let doc = cnbudget::table::parse(&prepared.text);
        for t in &doc.tables {
            let title = t.title.clone().unwrap_or_default();
            // Code rows the table gave no system: not counted in the rates (the table
            // decides the system), but listed, and resolved by their digits for information.
            for row in t.code_rows() {
                if matches!(row.code.system, CodeSystem::Unit | CodeSystem::Project)
                    && row.code.digits.len() < 6
                {
                    // Unit and project codes have 6 or more digits: a short one is a
                    // classification code read wrongly (`301   2` for `301 02`).
                    parser_exceptions.push(ParserException {
                        at: format!("{label}:{}", code_line(t, &row)),
                        table: title.clone(),
                        code: row.code.digits.clone(),
                        name: row.name.clone().unwrap_or_default(),
                        why: "a short code read as a unit or project code",
                    });
                }
                if row.code.system == CodeSystem::Unknown {
                    let name = row.name.clone().unwrap_or_default();
                    let value: Option<u32> = row.code.digits.parse().ok();
                    let line = code_line(t, &row);
                    let (resolved, tally) = if let Some(c) = value.and_then(FunctionCode::new) {
                        (Some(resolve_function(fcat, c, &name, year)), &mut f)
                    } else {
                        let r = value
                            .and_then(EconomicCode::new)
                            .map(|c| resolve_economic(ecat, c, &name, year));
                        (r, &mut e)
                    };
                    // The document shows the pair all the same: it confirms the catalogue.
                    if let Some(c) = resolved.as_ref().and_then(|r| r.confirms.clone()) {
                        tally
                            .confirmations
                            .entry((value.unwrap_or(0), c))
                            .or_insert_with(|| (label.clone(), line));
                    }
                    let resolves = resolved.map(|r| r.ok);
                    undecided.0 += 1;
                    undecided.1 += usize::from(resolves == Some(true));
                    parser_exceptions.push(ParserException {
                        at: format!("{label}:{line}"),
                        table: title.clone(),
                        code: row.code.digits.clone(),
                        name,
                        why: match resolves {
                            Some(true) => "the table left the code system undecided (resolves by its digits)",
                            Some(false) => "the table left the code system undecided (does not resolve by its digits)",
                            None => "the table left the code system undecided (not a code by its digits)",
                        },
                    });
                }
            }
            for p in pairs_of(t) {
                let at = format!("{label}:{}", p.line);
                let value: Option<u32> = p.digits.parse().ok();
                let fcode = value.and_then(FunctionCode::new).filter(|_| p.function);
                let ecode = value.and_then(EconomicCode::new).filter(|_| !p.function);
                if fcode.is_none() && ecode.is_none() {
                    parser_exceptions.push(ParserException {
                        at,
                        table: title.clone(),
                        code: p.digits,
                        name: p.name,
                        why: "not a valid code of the system the table names",
                    });
                    continue;
                }
                let value = value.unwrap_or(0);
                let tally = if p.function { &mut f } else { &mut e };
                if p.project {
                    let known = match (fcode, ecode) {
                        (Some(c), _) => fcat.contains(c),
                        (_, Some(c)) => ecat.contains(c),
                        _ => false,
                    };
                    if known {
                        tally.project_known += 1;
                    } else {
                        tally
                            .project_unknown
                            .push(format!("`{value}` {} ({at})", p.name));
                    }
                    continue;
                }
                if p.name.is_empty() {
                    parser_exceptions.push(ParserException {
                        at,
                        table: title.clone(),
                        code: p.digits,
                        name: p.name,
                        why: "row has a code but no name",
                    });
                    continue;
                }
                let r = match (fcode, ecode) {
                    (Some(c), _) => resolve_function(fcat, c, &p.name, year),
                    (_, Some(c)) => resolve_economic(ecat, c, &p.name, year),
                    _ => continue,
                };
                *tally.by_outcome.entry(r.outcome.clone()).or_default() += 1;
                tally.total += 1;
                tally.ok += usize::from(r.ok);
                // The fixture pins the catalogue on pairs the documents really show, so it
                // leaves out names the parser misread (they are listed in the report).
                let misread =
                    !r.ok && matches!(checked_cause(label, p.line), Some((_, Cause::Parser, _)));
                if !misread {
                    tally
                        .pairs
                        .entry((value, p.name.clone(), year))
                        .or_insert_with(|| (r.outcome.clone(), label.clone(), p.line));
                }
                if let Some(c) = r.confirms {
                    tally
                        .confirmations
                        .entry((value, c))
                        .or_insert_with(|| (label.clone(), p.line));
                }
                if r.ok {
                    if r.outcome != "Exact" {
                        tally.variants.push(format!(
                            "| {} | `{value}` | {} | {} | {at} |",
                            r.outcome, p.name, r.note
                        ));
                    }
                    continue;
                }
                let checked = checked_cause(label, p.line);
                if let Some((i, _, _)) = checked {
                    seen_checked[i] = true;
                }
                let (cause, what) = match checked {
                    Some((_, Cause::Parser, what)) => {
                        tally.parser_misread += 1;
                        ("parser", what)
                    }
                    Some((_, Cause::Document, what)) => {
                        tally.document_defect += 1;
                        ("document", what)
                    }
                    None => ("unexplained", ""),
                };
                tally.exceptions.push(format!(
                    "| {} | `{value}` | {} | {} | {cause}: {what} | {at} |",
                    r.outcome, p.name, r.note
                ));
            }
        }
    }

    let mut report = String::new();
    for (title, t) in [
        ("functional (支出功能分类)", &f),
        ("economic (支出经济分类)", &e),
    ] {
        writeln!(
            report,
            "{title}: {} name-checked code rows, {} exact or name variant ({:.1}%)",
            t.total,
            t.ok,
            pct(t.ok, t.total)
        )
        .unwrap();
        for (k, n) in &t.by_outcome {
            writeln!(report, "  {k:<12} {n}").unwrap();
        }
        let read_right = t.total - t.parser_misread;
        writeln!(
            report,
            "  without the {} rows the table parser misread: {} of {} ({:.1}%)",
            t.parser_misread,
            t.ok,
            read_right,
            pct(t.ok, read_right)
        )
        .unwrap();
        let printed_right = read_right - t.document_defect;
        writeln!(
            report,
            "  and without the {} rows whose document prints a wrong code: {} of {} ({:.1}%)",
            t.document_defect,
            t.ok,
            printed_right,
            pct(t.ok, printed_right)
        )
        .unwrap();
        writeln!(
            report,
            "  project-table rows (code only): {} known, {} unknown",
            t.project_known,
            t.project_unknown.len()
        )
        .unwrap();
        for u in &t.project_unknown {
            writeln!(report, "    unknown project-table code {u}").unwrap();
        }
    }
    writeln!(
        report,
        "rows the tool could not pair (see parser exceptions): {}",
        parser_exceptions.len()
    )
    .unwrap();
    writeln!(
        report,
        "  of which the table left the code system undecided: {} ({} resolve as exact or name variant by their digits)",
        undecided.0, undecided.1
    )
    .unwrap();
    writeln!(report, "document years: {}", years.join(", ")).unwrap();
    writeln!(
        report,
        "documents skipped (not the mainland classification): {}",
        skipped_docs.join(", ")
    )
    .unwrap();
    for (i, (doc, lo, hi, _, what)) in CHECKED.iter().enumerate() {
        if !seen_checked[i] {
            writeln!(
                report,
                "note: checked exception {doc}:{lo}-{hi} ({what}) no longer occurs: update CHECKED"
            )
            .unwrap();
        }
    }
    let _ = std::io::stdout().write_all(report.as_bytes());
    say!(
        "\nexceptions (not exact, not a name variant):\n\
         | outcome | code | name read | note | cause | document:line |\n|---|---|---|---|---|---|"
    );
    for row in f.exceptions.iter().chain(&e.exceptions) {
        say!("{row}");
    }
    say!(
        "\nrows with a code that cannot be paired:\n\
         | code read | name read | why | table | document:line |\n|---|---|---|---|---|"
    );
    for p in &parser_exceptions {
        say!(
            "| `{}` | {} | {} | {} | {} |",
            p.code,
            p.name,
            p.why,
            p.table,
            p.at
        );
    }
    if markdown {
        say!(
            "\nname variants:\n\
             | outcome | code | name read | note | document:line |\n|---|---|---|---|---|"
        );
        let uniq: BTreeSet<&String> = f.variants.iter().chain(&e.variants).collect();
        for row in uniq {
            say!("{row}");
        }
    }
    if write {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for (krate, t) in [("cnbudget-functional", &f), ("cnbudget-economic", &e)] {
            let mut out = String::from("code,name,document,line\n");
            for ((code, name), (doc, line)) in &t.confirmations {
                writeln!(out, "{code},{},{doc},{line}", csv_field(name)).unwrap();
            }
            let path = root
                .join("crates")
                .join(krate)
                .join("data/confirmations.csv");
            std::fs::write(&path, out).unwrap();
            eprintln!("wrote {} ({} pairs)", path.display(), t.confirmations.len());
            // Every distinct pair with its outcome: a fixture the crate's tests replay
            // without the shared folder.
            let mut out = String::from("code,name,year,outcome,document,line\n");
            for ((code, name, year), (outcome, doc, line)) in &t.pairs {
                writeln!(
                    out,
                    "{code},{},{year},{outcome},{doc},{line}",
                    csv_field(name)
                )
                .unwrap();
            }
            let path = root
                .join("crates")
                .join(krate)
                .join("testdata/document-pairs.csv");
            std::fs::write(&path, out).unwrap();
            eprintln!("wrote {} ({} pairs)", path.display(), t.pairs.len());
        }
    }
}
