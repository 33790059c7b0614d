//! Catalogue coverage by year: read every document in `../shared` (seeds, corpus,
//! corpus-wide: the `.txt` and `.html` files, through `cnbudget::Disclosure::from_path`), take
//! every (code, name) pair of their classification rows, resolve each against the functional
//! and economic catalogues for the document's year, and report, year by year, how many pairs
//! the catalogue matches for that year, with every miss and its reason.
//!
//! ```text
//! cargo run --release --example catalogue_coverage                        # report
//! cargo run --release --example catalogue_coverage -- --markdown          # also the name variants
//! cargo run --release --example catalogue_coverage -- --write-confirmations
//! ```
//!
//! A pair is matched for its year when its name is the catalogue's name of the code (or a name
//! variant of it) and evidence covers the year. A pair whose name is the nearest year's name
//! but whose year has no evidence yet is new evidence: `--write-confirmations` records it in
//! `crates/cnbudget-{functional,economic}/data/confirmations.csv` (code, catalogue name, year,
//! document, line, the name as written when it is a variant), and
//! `CNBUDGET_REGENERATE=1 cargo test -p cnbudget-functional -p cnbudget-economic --test codegen`
//! folds it into the tables. It also writes `crates/*/testdata/document-pairs.csv` (every
//! distinct name-checked pair with its outcome, except reader misreads), which the crates'
//! tests replay without the shared folder.
//!
//! Every miss gets a reason:
//!
//! - **reader misread**: the document's lines around the row print the catalogue name of the
//!   code (on one line or wrapped over two or three), but the table reader gave another name
//!   (joined with a neighbouring cell, cut, or moved). Not a catalogue problem; the data is
//!   not changed to match a misread.
//! - **document**: checked by hand against the document (`CHECKED`): the document prints a
//!   wrong code or its own wording.
//! - **catalogue gap**: anything else: the catalogue lacks the code or the name for that year,
//!   or evidence conflicts (the data says the code did not exist that year).
//!
//! The table decides the code system: `Table::function_rows` are 支出功能分类 rows,
//! `Table::economic_rows` are 部门 or 政府 经济分类 rows. In 项目支出 tables the name column holds
//! project names, so only their codes are checked. The year is the document's
//! (`Metadata::year`), else the year in its file name. The two Taiwan documents (042, 063)
//! use another classification (歲出政事別) and are skipped.
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
use std::process::ExitCode;

use cnbudget::Disclosure;
use cnbudget::economic::{self, EconomicCode};
use cnbudget::functional::{self, FunctionCode, VariantKind, name_key};
use cnbudget::table::{CodeRow, CodeSystem, Table, TableKind, Value};
use cnbudget_catalogue::{Catalogue, Classification, Edition, Resolution};

const USAGE: &str = "usage: catalogue_coverage [--markdown] [--write-confirmations]

Reads every .txt and .html document of the shared folder (seeds, corpus, corpus-wide),
resolves each (code, name) pair of its classification tables for the document's year and
reports the coverage by year, with every miss and its reason.

  --markdown              also list every name variant
  --write-confirmations   record the pairs documents show as evidence (data/confirmations.csv)
                          and the test fixture (testdata/document-pairs.csv) of both crates
  -h, --help              this text

The shared folder is $CNBUDGET_SHARED, or ../shared beside the workspace.";

/// A writer of standard output that stops quietly when the reader goes away (`| head`).
struct Out {
    closed: bool,
}

impl Out {
    fn line(&mut self, s: &str) {
        if self.closed {
            return;
        }
        let mut stdout = std::io::stdout().lock();
        if let Err(e) = writeln!(stdout, "{s}")
            && e.kind() == std::io::ErrorKind::BrokenPipe
        {
            self.closed = true;
        }
    }
}

/// How a pair relates to the catalogue of its year.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Verdict {
    /// The name is the code's name (or a variant of it) in that year, with evidence.
    Matched,
    /// The name is one of the code's names, but no evidence covers the year yet: new
    /// evidence for `--write-confirmations`.
    NewEvidence,
    /// Neither.
    Miss,
}

/// What the tool needs of one resolution, for either classification.
struct Judged {
    outcome: String,
    verdict: Verdict,
    /// The catalogue name the pair is evidence for, and the variant kinds it was written
    /// with (empty when written exactly, or differing only in script or punctuation).
    evidence: Option<(String, Vec<&'static str>)>,
    /// The code's name for the year (or the nearest year's), for the misread check.
    expected: Option<String>,
    /// What a reader needs to judge the outcome.
    note: String,
}

/// Variant kinds that still confirm the catalogue name exactly: script and punctuation.
fn confirming(kinds: &[VariantKind]) -> Vec<&'static str> {
    kinds
        .iter()
        .filter(|k| !matches!(k, VariantKind::Script | VariantKind::Punctuation))
        .map(|k| k.describe())
        .collect()
}

/// How a name was written when it is a variant of the catalogue name (empty when it is the
/// name, in script or punctuation aside).
fn variant(written: &str, kinds: &[&str]) -> String {
    if kinds.is_empty() {
        String::new()
    } else {
        format!("written {written} ({})", kinds.join(", "))
    }
}

fn judge<C: Classification>(cat: &Catalogue<C>, code: C, name: &str, year: u16) -> Judged {
    let r = cat.resolve(code, name, year);
    let outcome = format!("{:?}", r.outcome());
    let expected = r.lookup().map(|l| l.entry.name.to_string());
    let known = r.lookup().is_some_and(|l| l.edition.is_known());
    let unknown_year = r
        .lookup()
        .is_some_and(|l| matches!(l.edition, Edition::Nearest { .. }));
    let year_note = |l: &cnbudget_catalogue::Lookup<'_, C>| {
        if l.edition.is_known() {
            String::new()
        } else {
            format!(" [{}]", l.answer())
        }
    };
    let (verdict, evidence, note) = match &r {
        Resolution::Exact(l) => (
            if known {
                Verdict::Matched
            } else {
                Verdict::NewEvidence
            },
            Some((l.entry.name.to_string(), Vec::new())),
            year_note(l),
        ),
        Resolution::NameVariant { lookup, kinds } => {
            let k: Vec<&str> = kinds.iter().map(|k| k.describe()).collect();
            (
                if known {
                    Verdict::Matched
                } else {
                    Verdict::NewEvidence
                },
                Some((lookup.entry.name.to_string(), confirming(kinds))),
                format!(
                    "variant ({}) of {}{}",
                    k.join(", "),
                    lookup.entry.name,
                    year_note(lookup)
                ),
            )
        }
        Resolution::Qualified { lookup, ancestor } => (
            if known {
                Verdict::Matched
            } else {
                Verdict::NewEvidence
            },
            Some((
                lookup.entry.name.to_string(),
                vec!["qualified by an ancestor's name"],
            )),
            format!(
                "{} qualified by the name of {} {}{}",
                lookup.entry.name,
                ancestor.code,
                ancestor.name,
                year_note(lookup)
            ),
        ),
        Resolution::Renamed {
            lookup,
            matched,
            kinds,
        } => {
            let note = format!(
                "name of {} ({}); {year}: {}",
                matched.years,
                matched.name,
                lookup.answer()
            );
            if unknown_year {
                // Another name of the code, in a year without evidence: evidence for it.
                (
                    Verdict::NewEvidence,
                    Some((matched.name.to_string(), confirming(kinds))),
                    note,
                )
            } else {
                (Verdict::Miss, None, note)
            }
        }
        Resolution::Mismatch { lookup, belongs_to } => (
            Verdict::Miss,
            None,
            format!(
                "catalogue: {}{}; name belongs to {}",
                lookup.entry.name,
                year_note(lookup),
                belongs_to
                    .iter()
                    .map(|e| e.code.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        Resolution::UnknownName { lookup } => (
            Verdict::Miss,
            None,
            format!("catalogue: {}{}", lookup.entry.name, year_note(lookup)),
        ),
        Resolution::NotInEdition { lookup, .. } => (Verdict::Miss, None, lookup.answer()),
        _ => (Verdict::Miss, None, "code not in the catalogue".to_owned()),
    };
    Judged {
        outcome,
        verdict,
        evidence,
        expected,
        note,
    }
}

/// Why a miss is not the catalogue's, when a reader has checked it against the document.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cause {
    /// The document itself prints a wrong code (checked against the same table of other
    /// documents) or its own wording: the audit must see it, so it stays a miss.
    Document,
}

/// Misses checked by hand: (document, first line, last line, cause, what the text shows).
/// The tool says when one of them no longer occurs (the reader or the data changed), so the
/// list cannot go stale silently.
const CHECKED: &[(&str, usize, usize, Cause, &str)] = &[
    (
        "corpus/004_sh-putuo-social-welfare-home-unit-budget-2024.pdf",
        297,
        323,
        Cause::Document,
        "the table numbers the 302 款 in sequence, not with the national codes",
    ),
    (
        "corpus-wide/228_shandong-yantai-statistics-bureau-dept-budget-2026.pdf",
        601,
        601,
        Cause::Document,
        "Yantai's tables write 303 对个人和家庭补助 (without 的) beside 509 对个人和家庭的补助; every other document, of 2017 to 2026, writes 303 对个人和家庭的补助",
    ),
    (
        "corpus-wide/228_shandong-yantai-statistics-bureau-dept-budget-2026.pdf",
        762,
        762,
        Cause::Document,
        "Yantai's tables write 303 对个人和家庭补助 (without 的) beside 509 对个人和家庭的补助; every other document, of 2017 to 2026, writes 303 对个人和家庭的补助",
    ),
    (
        "corpus-wide/229_shandong-yantai-civil-affairs-bureau-dept-budget-2026.pdf",
        712,
        712,
        Cause::Document,
        "Yantai's tables write 303 对个人和家庭补助 (without 的) beside 509 对个人和家庭的补助; every other document, of 2017 to 2026, writes 303 对个人和家庭的补助",
    ),
    (
        "corpus-wide/229_shandong-yantai-civil-affairs-bureau-dept-budget-2026.pdf",
        917,
        917,
        Cause::Document,
        "Yantai's tables write 303 对个人和家庭补助 (without 的) beside 509 对个人和家庭的补助; every other document, of 2017 to 2026, writes 303 对个人和家庭的补助",
    ),
    (
        "corpus-wide/203_beijing-statistics-bureau-dept-budget-tables-2026.pdf",
        1112,
        1112,
        Cause::Document,
        "the table writes 50601 资本性支出, without the （一） of the 50601 name (the 2024 evidence and the 503/506 classes name it 资本性支出（一）); 资本性支出 alone is the name of 310",
    ),
];

fn checked_cause(label: &str, line: usize) -> Option<(usize, Cause, &'static str)> {
    CHECKED
        .iter()
        .enumerate()
        .find(|(_, (doc, lo, hi, _, _))| *doc == label && (*lo..=*hi).contains(&line))
        .map(|(i, (_, _, _, cause, what))| (i, *cause, *what))
}

/// Whether the document prints `expected` near `line` (1-based) while the reader gave
/// something else (`read`): wrapped over the line of the code and the lines around it that
/// hold no other code, or on the line of the code. Returns the lines that print it. When
/// the line of the code prints `read` itself (adjacent words without digits) and `expected`
/// is not wrapped around it, the reader read what is printed: no misread.
fn printed_near(lines: &[&str], line: usize, read: &str, expected: &str) -> Option<Vec<usize>> {
    let key = name_key(expected);
    if key.is_empty() {
        return None;
    }
    let is_code = |t: &str| (2..=7).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit());
    let window: Vec<(usize, Vec<&str>)> = (line.saturating_sub(2)..=line + 2)
        .filter(|&n| n >= 1)
        .filter_map(|n| {
            let text = lines.get(n - 1)?;
            let tokens: Vec<&str> = text.split_whitespace().collect();
            (n == line || !tokens.iter().any(|t| is_code(t))).then_some((n, tokens))
        })
        .collect();
    // Wrapped over two or three lines: one word from each.
    for (i, (n1, t1)) in window.iter().enumerate() {
        for (j, (n2, t2)) in window.iter().enumerate().skip(i + 1) {
            for a in t1 {
                for b in t2 {
                    let two = format!("{a}{b}");
                    if name_key(&two) == key {
                        return Some(vec![*n1, *n2]);
                    }
                    if !key.starts_with(&name_key(&two)) {
                        continue;
                    }
                    for (n3, t3) in window.iter().skip(j + 1) {
                        for c in t3 {
                            if name_key(&format!("{two}{c}")) == key {
                                return Some(vec![*n1, *n2, *n3]);
                            }
                        }
                    }
                }
            }
        }
    }
    // Runs of adjacent words without digits on the line of the code.
    let words: Vec<&str> = window
        .iter()
        .find(|(n, _)| *n == line)
        .map(|(_, t)| t.clone())
        .unwrap_or_default();
    let read: String = read.split_whitespace().collect();
    let mut runs: Vec<String> = Vec::new();
    for run in words.split(|t| t.bytes().any(|b| b.is_ascii_digit())) {
        for i in 0..run.len() {
            let mut s = String::new();
            for t in &run[i..] {
                s.push_str(t);
                runs.push(s.clone());
            }
        }
    }
    if runs.contains(&read) {
        return None;
    }
    runs.iter().any(|r| name_key(r) == key).then(|| vec![line])
}

/// Whether the line of the code prints the code read followed by a two-digit segment whose
/// code (`501` `01` → 50101) is named `name`: the reader took the 类 for the row's code.
fn segment_after<C: Classification>(
    cat: &Catalogue<C>,
    lines: &[&str],
    line: usize,
    digits: &str,
    name: &str,
    year: u16,
) -> Option<String> {
    let tokens: Vec<&str> = lines
        .get(line.checked_sub(1)?)?
        .split_whitespace()
        .collect();
    let key = name_key(name);
    tokens.windows(2).find_map(|w| {
        let (a, b) = (w[0], w[1]);
        if a != digits || b.len() != 2 || !b.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let child = C::parse(&format!("{a}{b}")).ok()?;
        let hit = cat.get(child, year)?;
        (name_key(hit.name()) == key).then(|| format!("{a} {b} ({child} {})", hit.name()))
    })
}

fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("CNBUDGET_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    dir.join("seeds").is_dir().then_some(dir)
}

/// The year in a file name (`…-2024.txt`).
fn file_name_year(file_name: &str) -> Option<u16> {
    let stem = file_name.rsplit_once('.').map_or(file_name, |(s, _)| s);
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

fn pct(ok: usize, total: usize) -> String {
    if total == 0 {
        "–".to_owned()
    } else {
        format!("{:.1} %", 100.0 * ok as f64 / total as f64)
    }
}

/// One (code, name) pair read from a table.
struct Pair {
    /// 1-based line showing the code.
    line: usize,
    /// 支出功能分类 (else 经济分类).
    function: bool,
    /// The code's digits as the table reader joined them.
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
    let rows = [
        (true, t.function_rows().collect::<Vec<_>>()),
        (false, t.economic_rows().collect()),
    ];
    for (function, rows) in rows {
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

/// Counts of one year (or of all years).
#[derive(Default, Clone)]
struct Counts {
    documents: BTreeSet<String>,
    rows: usize,
    matched: usize,
    new_evidence: usize,
    misread: usize,
    document: usize,
    gap: usize,
}

impl Counts {
    fn add(&mut self, other: &Counts) {
        self.documents.extend(other.documents.iter().cloned());
        self.rows += other.rows;
        self.matched += other.matched;
        self.new_evidence += other.new_evidence;
        self.misread += other.misread;
        self.document += other.document;
        self.gap += other.gap;
    }

    /// Rows that are the catalogue's business: all but reader misreads and the documents'
    /// own errors.
    fn judged(&self) -> usize {
        self.rows - self.misread - self.document
    }

    fn row(&self, label: &str) -> String {
        format!(
            "| {label} | {} | {} | {} | {} | {} | {} | {} | {} |",
            self.documents.len(),
            self.rows,
            self.matched,
            self.new_evidence,
            self.misread,
            self.document,
            self.gap,
            pct(self.matched, self.judged())
        )
    }
}

/// Everything measured for one classification.
#[derive(Default)]
struct Tally {
    by_year: BTreeMap<u16, Counts>,
    by_outcome: BTreeMap<String, usize>,
    project_known: usize,
    project_unknown: Vec<String>,
    /// Markdown rows of the misses, by year.
    misses: Vec<(u16, String)>,
    /// Markdown rows of the name variants.
    variants: BTreeSet<String>,
    /// (code, catalogue name, year) → (document, line, variant kinds): the evidence.
    evidence: BTreeMap<(u32, String, u16), (String, usize, String)>,
    /// (code, name as written, year) → (outcome, document, line), for the test fixture.
    pairs: BTreeMap<(u32, String, u16), (String, String, usize)>,
}

/// A row the table reader gave whose code or name cannot be a classification pair.
struct ReaderException {
    at: String,
    table: String,
    code: String,
    name: String,
    why: &'static str,
}

fn main() -> ExitCode {
    let mut markdown = false;
    let mut write = false;
    for a in std::env::args().skip(1) {
        match a.as_str() {
            "--markdown" => markdown = true,
            "--write-confirmations" => write = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("catalogue_coverage: unknown option {other:?}\n\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let Some(shared) = shared_dir() else {
        eprintln!("shared folder not found (set CNBUDGET_SHARED): nothing to measure");
        return ExitCode::FAILURE;
    };
    let fcat: &Catalogue<FunctionCode> = functional::Catalogue::embedded();
    let ecat: &Catalogue<EconomicCode> = economic::Catalogue::embedded();
    let (mut f, mut e) = (Tally::default(), Tally::default());
    let mut exceptions: Vec<ReaderException> = Vec::new();
    let mut seen_checked = vec![false; CHECKED.len()];
    // Rows whose system the table left undecided: (rows, matched by their digits).
    let mut undecided = (0usize, 0usize);
    let mut docs: Vec<(String, PathBuf)> = Vec::new();
    for sub in ["seeds", "corpus", "corpus-wide"] {
        let all: Vec<PathBuf> = std::fs::read_dir(shared.join(sub))
            .unwrap()
            .filter_map(|d| d.ok().map(|d| d.path()))
            .collect();
        // Each document once, in the form read best: its PDF (read from its geometry) when
        // there is one, else its text (`pdftotext -layout` output, HTML, or text as given).
        let has_pdf = |p: &Path| {
            all.iter().any(|q| {
                q.with_extension("") == p.with_extension("")
                    && q.extension().is_some_and(|x| x == "pdf")
            })
        };
        let mut v: Vec<PathBuf> = all
            .iter()
            .filter(|p| match p.extension().and_then(|x| x.to_str()) {
                Some("pdf") => true,
                Some("txt" | "html") => !has_pdf(p),
                _ => false,
            })
            .cloned()
            .collect();
        v.sort();
        for p in v {
            docs.push((
                format!("{sub}/{}", p.file_name().unwrap().to_string_lossy()),
                p,
            ));
        }
    }
    let mut skipped = Vec::new();
    let mut years: Vec<String> = Vec::new();
    // Year → documents of that year.
    let mut documents_of: BTreeMap<u16, Vec<String>> = BTreeMap::new();
    for (label, path) in &docs {
        let file_name = path.file_name().unwrap().to_string_lossy();
        // Taiwan budgets use another classification (歲出政事別), not 支出功能分类.
        if file_name.contains("_tw-") {
            skipped.push(label.clone());
            continue;
        }
        let d = match Disclosure::from_path(path) {
            Ok(d) => d,
            Err(err) => {
                eprintln!("{label}: {err}");
                skipped.push(label.clone());
                continue;
            }
        };
        let short = &label[..label.find('_').unwrap_or(label.len())];
        let year = match d.metadata.year {
            Some(y) => {
                years.push(format!("{short} {y}"));
                y
            }
            None => match file_name_year(&file_name) {
                Some(y) => {
                    years.push(format!("{short} {y} (file name)"));
                    y
                }
                None => {
                    eprintln!("{label}: no year found, skipped");
                    skipped.push(label.clone());
                    continue;
                }
            },
        };
        documents_of.entry(year).or_default().push(short.to_owned());
        let lines: Vec<&str> = d.prepared.text.lines().collect();
        for t in &d.document.tables {
            let title = t.title.clone().unwrap_or_default();
            // Code rows the table gave no system: not counted (the table decides the
            // system), but listed, and resolved by their digits; the pairs they show are
            // evidence all the same.
            for row in t.code_rows() {
                if matches!(row.code.system, CodeSystem::Unit | CodeSystem::Project)
                    && row.code.digits.len() < 6
                {
                    // Unit and project codes have 6 or more digits: a short one is a
                    // classification code read wrongly (`301   2` for `301 02`).
                    exceptions.push(ReaderException {
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
                    let (judged, tally) = if let Some(c) = value.and_then(FunctionCode::new) {
                        (Some(judge(fcat, c, &name, year)), &mut f)
                    } else {
                        let j = value
                            .and_then(EconomicCode::new)
                            .map(|c| judge(ecat, c, &name, year));
                        (j, &mut e)
                    };
                    if let Some((n, kinds)) = judged.as_ref().and_then(|j| j.evidence.clone()) {
                        tally
                            .evidence
                            .entry((value.unwrap_or(0), n, year))
                            .or_insert_with(|| (label.clone(), line, variant(&name, &kinds)));
                    }
                    let ok = judged.as_ref().map(|j| j.verdict != Verdict::Miss);
                    undecided.0 += 1;
                    undecided.1 += usize::from(ok == Some(true));
                    exceptions.push(ReaderException {
                        at: format!("{label}:{line}"),
                        table: title.clone(),
                        code: row.code.digits.clone(),
                        name,
                        why: match ok {
                            Some(true) => {
                                "the table left the code system undecided (matches by its digits)"
                            }
                            Some(false) => {
                                "the table left the code system undecided (no match by its digits)"
                            }
                            None => {
                                "the table left the code system undecided (not a code by its digits)"
                            }
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
                    exceptions.push(ReaderException {
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
                    exceptions.push(ReaderException {
                        at,
                        table: title.clone(),
                        code: p.digits,
                        name: p.name,
                        why: "row has a code but no name",
                    });
                    continue;
                }
                let j = match (fcode, ecode) {
                    (Some(c), _) => judge(fcat, c, &p.name, year),
                    (_, Some(c)) => judge(ecat, c, &p.name, year),
                    _ => continue,
                };
                *tally.by_outcome.entry(j.outcome.clone()).or_default() += 1;
                let counts = tally.by_year.entry(year).or_default();
                counts.documents.insert(label.clone());
                counts.rows += 1;
                if let Some((n, kinds)) = j.evidence.clone()
                    && j.verdict != Verdict::Miss
                {
                    tally
                        .evidence
                        .entry((value, n, year))
                        .or_insert_with(|| (label.clone(), p.line, variant(&p.name, &kinds)));
                }
                match j.verdict {
                    Verdict::Matched | Verdict::NewEvidence => {
                        if j.verdict == Verdict::Matched {
                            counts.matched += 1;
                        } else {
                            counts.new_evidence += 1;
                        }
                        tally
                            .pairs
                            .entry((value, p.name.clone(), year))
                            .or_insert_with(|| (j.outcome.clone(), label.clone(), p.line));
                        if j.outcome != "Exact" {
                            tally.variants.insert(format!(
                                "| {} | `{value}` | {} | {} | {at} |",
                                j.outcome, p.name, j.note
                            ));
                        }
                        continue;
                    }
                    Verdict::Miss => {}
                }
                let checked = checked_cause(label, p.line);
                if let Some((i, _, _)) = checked {
                    seen_checked[i] = true;
                }
                let printed = j
                    .expected
                    .as_deref()
                    .filter(|n| *n != p.name)
                    .and_then(|n| printed_near(&lines, p.line, &p.name, n))
                    .map(|at_lines| {
                        let l: Vec<String> = at_lines.iter().map(|l| l.to_string()).collect();
                        format!(
                            "the document prints {} (line {})",
                            j.expected.as_deref().unwrap_or(""),
                            l.join(" + ")
                        )
                    })
                    .or_else(|| {
                        let seg = match (fcode, ecode) {
                            (Some(_), _) => {
                                segment_after(fcat, &lines, p.line, &p.digits, &p.name, year)
                            }
                            _ => segment_after(ecat, &lines, p.line, &p.digits, &p.name, year),
                        };
                        seg.map(|s| format!("the document prints {s} on line {}", p.line))
                    });
                let reason = match (checked, printed) {
                    (Some((_, Cause::Document, what)), _) => {
                        counts.document += 1;
                        format!("document: {what}")
                    }
                    (None, Some(what)) => {
                        counts.misread += 1;
                        format!("reader misread: {what}")
                    }
                    (None, None) => {
                        counts.gap += 1;
                        "catalogue gap".to_owned()
                    }
                };
                if !reason.starts_with("reader") {
                    tally
                        .pairs
                        .entry((value, p.name.clone(), year))
                        .or_insert_with(|| (j.outcome.clone(), label.clone(), p.line));
                }
                tally.misses.push((
                    year,
                    format!(
                        "| {year} | {} | `{value}` | {} | {} | {reason} | {at} |",
                        j.outcome, p.name, j.note
                    ),
                ));
            }
        }
    }

    let mut out = Out { closed: false };
    let header = "| year | documents | rows | matched | new evidence | reader misread | document | catalogue gap | coverage |\n|---|---|---|---|---|---|---|---|---|";
    let mut all_years: BTreeMap<u16, Counts> = BTreeMap::new();
    for (title, t) in [
        ("functional (支出功能分类)", &f),
        ("economic (支出经济分类)", &e),
    ] {
        out.line(&format!("\n{title}: name-checked code rows by year\n"));
        out.line(header);
        let mut total = Counts::default();
        for (year, c) in &t.by_year {
            out.line(&c.row(&year.to_string()));
            total.add(c);
            all_years.entry(*year).or_default().add(c);
        }
        out.line(&total.row("all"));
        let outcomes: Vec<String> = t
            .by_outcome
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        out.line(&format!("\noutcomes: {}", outcomes.join(", ")));
        out.line(&format!(
            "project-table rows (code only): {} known, {} unknown",
            t.project_known,
            t.project_unknown.len()
        ));
        for u in &t.project_unknown {
            out.line(&format!("  unknown project-table code {u}"));
        }
    }
    out.line("\nboth classifications by year\n");
    out.line(header);
    let mut total = Counts::default();
    for (year, c) in &all_years {
        out.line(&c.row(&year.to_string()));
        total.add(c);
    }
    out.line(&total.row("all"));
    let below: Vec<String> = all_years
        .iter()
        .filter(|(_, c)| c.matched * 100 < c.judged() * 99)
        .map(|(y, c)| format!("{y} ({})", pct(c.matched, c.judged())))
        .collect();
    out.line(&format!(
        "\ncoverage = matched / (rows − reader misreads − the documents' own errors); goal ≥ 99 % for every year: {}",
        if below.is_empty() {
            "met".to_owned()
        } else {
            format!("not met for {}", below.join(", "))
        }
    ));
    let unread: Vec<String> = documents_of
        .iter()
        .filter(|(y, _)| !all_years.contains_key(y))
        .map(|(y, docs)| format!("{y} ({})", docs.join(", ")))
        .collect();
    if !unread.is_empty() {
        out.line(&format!(
            "years with documents but no classification row read from them: {}",
            unread.join("; ")
        ));
    }
    if total.new_evidence > 0 {
        out.line(&format!(
            "{} rows match a name of their code in a year the data has no evidence for: run with --write-confirmations and regenerate",
            total.new_evidence
        ));
    }
    out.line(&format!("\ndocument years: {}", years.join(", ")));
    out.line(&format!(
        "documents skipped (not the mainland classification): {}",
        skipped.join(", ")
    ));
    for (i, (doc, lo, hi, _, what)) in CHECKED.iter().enumerate() {
        if !seen_checked[i] {
            out.line(&format!(
                "note: checked miss {doc}:{lo}-{hi} ({what}) no longer occurs: update CHECKED"
            ));
        }
    }
    out.line(
        "\nmisses (not matched for the document's year), with their reason:\n\n\
         | year | outcome | code | name read | note | reason | document:line |\n|---|---|---|---|---|---|---|",
    );
    let mut misses: Vec<&(u16, String)> = f.misses.iter().chain(&e.misses).collect();
    misses.sort_by_key(|(y, _)| *y);
    for (_, row) in misses {
        out.line(row);
    }
    out.line(&format!(
        "\nrows with a code that cannot be paired ({}; {} of them in tables that left the code system undecided, {} of those match by their digits):\n\n\
         | code read | name read | why | table | document:line |\n|---|---|---|---|---|",
        exceptions.len(),
        undecided.0,
        undecided.1
    ));
    for p in &exceptions {
        out.line(&format!(
            "| `{}` | {} | {} | {} | {} |",
            p.code, p.name, p.why, p.table, p.at
        ));
    }
    if markdown {
        out.line(
            "\nname variants:\n\n| outcome | code | name read | note | document:line |\n|---|---|---|---|---|",
        );
        for row in f.variants.iter().chain(&e.variants) {
            out.line(row);
        }
    }
    if write {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for (krate, t) in [("cnbudget-functional", &f), ("cnbudget-economic", &e)] {
            let mut text = String::from("code,name,year,document,line,variant\n");
            for ((code, name, year), (doc, line, variant)) in &t.evidence {
                writeln!(
                    text,
                    "{code},{},{year},{doc},{line},{}",
                    csv_field(name),
                    csv_field(variant)
                )
                .unwrap();
            }
            let path = root
                .join("crates")
                .join(krate)
                .join("data/confirmations.csv");
            std::fs::write(&path, text).unwrap();
            eprintln!("wrote {} ({} rows)", path.display(), t.evidence.len());
            let mut text = String::from("code,name,year,outcome,document,line\n");
            for ((code, name, year), (outcome, doc, line)) in &t.pairs {
                writeln!(
                    text,
                    "{code},{},{year},{outcome},{doc},{line}",
                    csv_field(name)
                )
                .unwrap();
            }
            let path = root
                .join("crates")
                .join(krate)
                .join("testdata/document-pairs.csv");
            std::fs::write(&path, text).unwrap();
            eprintln!("wrote {} ({} pairs)", path.display(), t.pairs.len());
        }
    }
    ExitCode::SUCCESS
}
