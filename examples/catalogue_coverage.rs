//! Catalogue coverage: extract every (code, name) pair from the table rows of the real
//! documents in `../shared/seeds` and `../shared/corpus`, resolve each against the functional
//! and economic catalogues for the document's year, and report counts by outcome and every
//! pair that does not resolve as exact or a name variant.
//!
//! ```text
//! cargo run --example catalogue_coverage                         # report
//! cargo run --example catalogue_coverage -- --markdown           # exceptions as a Markdown table
//! cargo run --example catalogue_coverage -- --write-confirmations
//! ```
//!
//! `--write-confirmations` writes `crates/cnbudget-{functional,economic}/data/confirmations.csv`
//! (the pairs real documents confirm) and `crates/cnbudget-{functional,economic}/testdata/document-pairs.csv`
//! (every distinct pair with its outcome, replayed by the crates' tests); then regenerate the tables with
//! `CNBUDGET_REGENERATE=1 cargo test -p cnbudget-functional -p cnbudget-economic --test codegen`.
//!
//! The shared folder is `$CNBUDGET_SHARED`, or `../shared` beside the workspace.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

/// `println!` that ignores a closed stdout (`| head`) instead of panicking.
macro_rules! say {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($t)*);
    }};
}

fn say_raw(s: &str) {
    use std::io::Write as _;
    let _ = std::io::stdout().write_all(s.as_bytes());
}

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use cnbudget::economic::{self, EconomicCode};
use cnbudget::functional::{self, FunctionCode, VariantKind};

/// A simple line-based extractor of (code, name) pairs from `pdftotext -layout` text.
///
/// It stands in for the table parser (`cnbudget-table`); swap this module for it when that
/// lands. It recognises, at the start of a line (after an optional 1–2 digit row number):
/// `2101506 name`, `210 15 06 name`, `210\t15\t06 name`, `21015 06 name`, an optional
/// 6+ digit unit code between the code and the name (`208 05 05 320001 name`), and a line
/// holding only a code followed by a line holding only the name (one cell per line).
mod extract {
    /// One (code, name) pair found in a document.
    #[derive(Debug, Clone)]
    pub struct Pair {
        /// 1-based line of the code.
        pub line: u32,
        /// The code's digits (`2101506`), groups joined.
        pub digits: String,
        /// The code as written (`210 15 06`).
        pub code_text: String,
        /// Readings of the name as written, most likely first: the code line's cell, then
        /// with the lone name cell of the line below, above, or both appended (pdftotext
        /// wraps long names over several lines, top-aligned or centred). The
        /// coverage tool keeps the reading that resolves best (exact, then a variant, then a
        /// truncation), so a wrapped name is read whole.
        pub readings: Vec<String>,
    }

    fn is_cjk(c: char) -> bool {
        ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
    }

    fn all_digits(t: &str) -> bool {
        !t.is_empty() && t.chars().all(|c| c.is_ascii_digit())
    }

    /// The code at the start of `tokens`: (digits, tokens used).
    fn code_at(tokens: &[&str]) -> Option<(String, usize)> {
        let first = *tokens.first()?;
        if !all_digits(first) || !matches!(first.as_bytes()[0], b'2' | b'3' | b'5') {
            return None;
        }
        match first.len() {
            7 => Some((first.to_owned(), 1)),
            5 => match tokens.get(1) {
                Some(t) if t.len() == 2 && all_digits(t) && first.starts_with('2') => {
                    Some((format!("{first}{t}"), 2))
                }
                _ => Some((first.to_owned(), 1)),
            },
            3 => {
                let mut digits = first.to_owned();
                let mut used = 1;
                for t in tokens.iter().skip(1).take(2) {
                    if t.len() == 2 && all_digits(t) {
                        digits.push_str(t);
                        used += 1;
                    } else {
                        break;
                    }
                }
                Some((digits, used))
            }
            _ => None,
        }
    }

    /// A name cell: CJK text without digits, at least two CJK characters; single spaces
    /// inside it (`其 他 商 品`) are removed.
    fn name_cell(t: &str) -> Option<String> {
        let t: String = t
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '"')
            .collect();
        let cjk = t.chars().filter(|c| is_cjk(*c)).count();
        (cjk >= 2 && !t.chars().any(|c| c.is_ascii_digit())).then_some(t)
    }

    /// A line's cells (split on tabs and runs of 2+ spaces) with their character columns.
    fn cells(line: &str) -> Vec<(usize, String)> {
        let mut out: Vec<(usize, String)> = Vec::new();
        let mut cur = String::new();
        let mut start = 0;
        let mut spaces = 0;
        for (col, ch) in line.chars().enumerate() {
            if ch == '\t' || ch == '\u{c}' || (ch == ' ' && spaces >= 1) || ch == '\u{3000}' {
                if !cur.trim().is_empty() {
                    out.push((start, cur.trim().to_owned()));
                }
                cur.clear();
                spaces += 1;
                continue;
            }
            if ch == ' ' {
                spaces += 1;
                cur.push(ch);
                continue;
            }
            if cur.trim().is_empty() {
                cur.clear();
                start = col;
            }
            spaces = 0;
            cur.push(ch);
        }
        if !cur.trim().is_empty() {
            out.push((start, cur.trim().to_owned()));
        }
        out
    }

    /// The line holds exactly one cell, a name, starting near `col`.
    fn lone_name_at(line: &str, col: Option<usize>) -> Option<String> {
        match cells(line).as_slice() {
            [(c, text)] if col.is_none_or(|col| c.abs_diff(col) <= 1) => {
                let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
                (t.chars().all(is_cjk) && !t.is_empty()).then_some(t)
            }
            _ => None,
        }
    }

    /// Every pair in `text`, in line order.
    pub fn pairs(text: &str) -> Vec<Pair> {
        let lines: Vec<&str> = text.lines().collect();
        let mut out = Vec::new();
        let mut consumed = vec![false; lines.len() + 1];
        for (i, line) in lines.iter().enumerate() {
            if consumed[i] {
                continue;
            }
            let cells = cells(line);
            // Tokens with the index of their cell.
            let tokens: Vec<(usize, &str)> = cells
                .iter()
                .enumerate()
                .flat_map(|(ci, (_, t))| {
                    t.split(' ').filter(|x| !x.is_empty()).map(move |x| (ci, x))
                })
                .collect();
            let words: Vec<&str> = tokens.iter().map(|(_, t)| *t).collect();
            let start = match words.first() {
                Some(t) if t.len() <= 2 && all_digits(t) => 1,
                _ => 0,
            };
            let Some((mut digits, used)) = code_at(words.get(start..).unwrap_or(&[])) else {
                continue;
            };
            let code_text_parts: Vec<&str> = words[start..start + used].to_vec();
            let mut code_text = code_text_parts.join(" ");
            let mut k = start + used;
            if words
                .get(k)
                .is_some_and(|t| (t.len() >= 6 && all_digits(t)) || *t == digits)
            {
                k += 1; // a unit code column, or the code repeated whole (`302 39  30239 name`)
            }
            // The name: the rest of the cell holding the next token.
            let mut name: Option<String> = None;
            let mut name_col: Option<usize> = None;
            if let Some((ci, _)) = tokens.get(k) {
                let rest: Vec<&str> = tokens[k..]
                    .iter()
                    .filter(|(c, _)| c == ci)
                    .map(|(_, t)| *t)
                    .collect();
                name = name_cell(&rest.join(" "));
                name_col = cells.get(*ci).map(|(c, _)| *c);
                if name.is_none()
                    && !rest.iter().all(|t| {
                        t.chars()
                            .all(|c| c.is_ascii_digit() || c == ',' || c == '.' || c == '-')
                    })
                {
                    continue; // something else follows the code: not a classification row
                }
            }
            let next = |from: usize| (from..lines.len()).find(|j| !lines[*j].trim().is_empty());
            // 款 part on the next line (`302` / `40  税金及附加费用`).
            let one_cell_after_code = tokens
                .get(k)
                .is_none_or(|(ci, _)| tokens[k..].iter().all(|(c, _)| c == ci));
            if digits.len() == 3
                && one_cell_after_code
                && (name.is_some() || words.len() == start + used)
            {
                if let Some(j) = next(i + 1).filter(|j| *j == i + 1) {
                    let nw: Vec<&str> = lines[j].split_whitespace().collect();
                    if nw.first().is_some_and(|t| t.len() == 2 && all_digits(t)) {
                        let tail = nw[1..].join(" ");
                        if nw.len() == 1 || name_cell(&tail).is_some() {
                            digits.push_str(nw[0]);
                            code_text = format!("{code_text} {}", nw[0]);
                            consumed[j] = true;
                            if name.is_none() {
                                name = name_cell(&tail);
                            } else if let Some(more) =
                                lines.get(j + 1).and_then(|l| lone_name_at(l, None))
                            {
                                // `其 他 … 支` / `99` / `出`
                                name = name.map(|n| n + &more);
                                consumed[j + 1] = true;
                            }
                        }
                    }
                }
            }
            // Cells wrapped over the lines above and below: offer every reading.
            let above = (i > 0 && !consumed[i - 1])
                .then(|| lone_name_at(lines[i - 1], name_col))
                .flatten();
            let below = (!consumed[i + 1])
                .then(|| lines.get(i + 1).and_then(|l| lone_name_at(l, name_col)))
                .flatten();
            if name.is_none() && words.len() == start + used && above.is_none() {
                // One cell per line: the name is on the next non-blank line.
                name = next(i + 1)
                    .and_then(|j| lone_name_at(lines[j], None))
                    .and_then(|n| name_cell(&n));
            }
            let base = name.clone().unwrap_or_default();
            let mut readings: Vec<String> = Vec::new();
            for candidate in [
                Some(base.clone()),
                below.as_ref().map(|b| format!("{base}{b}")),
                above.as_ref().map(|a| format!("{a}{base}")),
                above
                    .as_ref()
                    .zip(below.as_ref())
                    .map(|(a, b)| format!("{a}{base}{b}")),
            ]
            .into_iter()
            .flatten()
            {
                if let Some(c) = name_cell(&candidate) {
                    if !readings.contains(&c) {
                        readings.push(c);
                    }
                }
            }
            // A second (code, name) on the same row: `30239 其他交通费用 50201 办公经费`.
            let mut second = None;
            if let Some(pos) = words
                .iter()
                .skip(k + 1)
                .position(|t| t.len() == 5 && all_digits(t) && t.starts_with('5'))
            {
                let j = k + 1 + pos;
                if let Some(n) = words.get(j + 1).and_then(|t| name_cell(t)) {
                    second = Some(Pair {
                        line: u32::try_from(i + 1).unwrap_or(u32::MAX),
                        digits: words[j].to_owned(),
                        code_text: words[j].to_owned(),
                        readings: vec![n],
                    });
                }
            }
            if !readings.is_empty() {
                out.extend(second);
                out.push(Pair {
                    line: u32::try_from(i + 1).unwrap_or(u32::MAX),
                    digits,
                    code_text,
                    readings,
                });
            }
        }
        out
    }

    /// The year of a document: from its file name (`…-2024.txt`), else the first
    /// `20xx 年(度)部门/单位 预算/决算` in its text.
    pub fn year(file_name: &str, text: &str) -> Option<u16> {
        let stem = file_name.trim_end_matches(".txt");
        for part in stem.split(['-', '_']) {
            if part.len() == 4 && part.starts_with("20") && part.bytes().all(|b| b.is_ascii_digit())
            {
                return part.parse().ok();
            }
        }
        let simplified = cnbudget::text::to_simplified(text);
        let chars: Vec<char> = simplified.chars().collect();
        for w in 0..chars.len().saturating_sub(8) {
            let four: String = chars[w..w + 4].iter().collect();
            if four.starts_with("20") && four.chars().all(|c| c.is_ascii_digit()) {
                let after: String = chars[w + 4..(w + 12).min(chars.len())]
                    .iter()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                let after = after.trim_start_matches('年').trim_start_matches('度');
                if after.starts_with("部门预算")
                    || after.starts_with("单位预算")
                    || after.starts_with("部门决算")
                    || after.starts_with("单位决算")
                {
                    return four.parse().ok();
                }
            }
        }
        None
    }
}

#[derive(Default)]
struct Tally {
    by_outcome: BTreeMap<String, usize>,
    total: usize,
    ok: usize,
    exceptions: Vec<String>,
    confirmations: BTreeMap<(u32, String), (String, u32)>,
    /// (code, name as written, year) → (outcome, document, line), for the test fixture.
    pairs: BTreeMap<(u32, String, u16), (String, String, u32)>,
}

impl Tally {
    fn add(&mut self, outcome: &str, ok: bool) {
        *self.by_outcome.entry(outcome.to_owned()).or_default() += 1;
        self.total += 1;
        if ok {
            self.ok += 1;
        }
    }
}

/// Variant kinds (as their descriptions, so both crates' kinds fit) that still confirm the
/// catalogue name: only script and punctuation differences.
fn confirms(kinds: &[&str]) -> bool {
    let ok = [
        VariantKind::Script.describe(),
        VariantKind::Punctuation.describe(),
    ];
    kinds.iter().all(|k| ok.contains(k))
}

fn kinds_text(kinds: &[&str]) -> String {
    kinds.join(", ")
}

trait Describe {
    fn text(&self) -> &'static str;
}
impl Describe for functional::VariantKind {
    fn text(&self) -> &'static str {
        self.describe()
    }
}
impl Describe for economic::VariantKind {
    fn text(&self) -> &'static str {
        self.describe()
    }
}
fn desc<K: Describe>(kinds: &[K]) -> Vec<&'static str> {
    kinds.iter().map(Describe::text).collect()
}

fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("CNBUDGET_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    dir.join("seeds").is_dir().then_some(dir)
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
    let mut other: Vec<String> = Vec::new();
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
    for (label, path) in &docs {
        let bytes = std::fs::read(path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let file_name = path.file_name().unwrap().to_string_lossy();
        // Taiwan budgets use another classification (歲出政事別), not 支出功能分类.
        if file_name.contains("_tw-") {
            skipped_docs.push(label.clone());
            continue;
        }
        let year = extract::year(&file_name, &text).unwrap_or(2024);
        for p in extract::pairs(&text) {
            let value: u32 = p.digits.parse().unwrap_or(0);
            let at = format!("{label}:{}", p.line);
            if let Some(code) = FunctionCode::new(value) {
                // The best reading: exact, then a variant, then a truncation, else the first.
                let name = p
                    .readings
                    .iter()
                    .min_by_key(|n| match fcat.resolve(code, n, year) {
                        functional::Resolution::Exact(_) => 0,
                        functional::Resolution::NameVariant { kinds, .. } => {
                            if kinds.contains(&functional::VariantKind::Truncated) {
                                2
                            } else {
                                1
                            }
                        }
                        _ => 3,
                    })
                    .unwrap_or(&p.readings[0]);
                let r = fcat.resolve(code, name, year);
                let outcome = format!("{:?}", r.outcome());
                f.add(&outcome, r.is_match());
                f.pairs
                    .entry((value, name.clone(), year))
                    .or_insert_with(|| (outcome.clone(), label.clone(), p.line));
                let (confirm, note) = match &r {
                    functional::Resolution::Exact(l) => {
                        (Some(l.entry.name.to_string()), String::new())
                    }
                    functional::Resolution::NameVariant { lookup, kinds } => (
                        confirms(&desc(kinds)).then(|| lookup.entry.name.to_string()),
                        format!(
                            "variant ({}) of {}",
                            kinds_text(&desc(kinds)),
                            lookup.entry.name
                        ),
                    ),
                    functional::Resolution::Renamed {
                        lookup,
                        matched,
                        kinds,
                    } => (
                        confirms(&desc(kinds)).then(|| matched.name.to_string()),
                        format!(
                            "name of {} ({}); {year} name is {}",
                            matched.years, matched.name, lookup.entry.name
                        ),
                    ),
                    functional::Resolution::Mismatch { lookup, belongs_to } => (
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
                    functional::Resolution::UnknownName { lookup } => {
                        (None, format!("catalogue: {}", lookup.entry.name))
                    }
                    _ => (None, String::new()),
                };
                if let Some(name) = confirm {
                    f.confirmations
                        .entry((value, name))
                        .or_insert_with(|| (label.clone(), p.line));
                }
                if !r.is_match() || (markdown && note.starts_with("variant")) {
                    let row = format!(
                        "| {outcome} | `{}` | {} | {note} | {at} |",
                        p.code_text, name
                    );
                    if r.is_match() {
                        other.push(row);
                    } else {
                        f.exceptions.push(row);
                    }
                }
            } else if let Some(code) = EconomicCode::new(value) {
                // The best reading: exact, then a variant, then a truncation, else the first.
                let name = p
                    .readings
                    .iter()
                    .min_by_key(|n| match ecat.resolve(code, n, year) {
                        economic::Resolution::Exact(_) => 0,
                        economic::Resolution::NameVariant { kinds, .. } => {
                            if kinds.contains(&economic::VariantKind::Truncated) {
                                2
                            } else {
                                1
                            }
                        }
                        _ => 3,
                    })
                    .unwrap_or(&p.readings[0]);
                let r = ecat.resolve(code, name, year);
                let outcome = format!("{:?}", r.outcome());
                e.add(&outcome, r.is_match());
                e.pairs
                    .entry((value, name.clone(), year))
                    .or_insert_with(|| (outcome.clone(), label.clone(), p.line));
                let (confirm, note) = match &r {
                    economic::Resolution::Exact(l) => {
                        (Some(l.entry.name.to_string()), String::new())
                    }
                    economic::Resolution::NameVariant { lookup, kinds } => (
                        confirms(&desc(kinds)).then(|| lookup.entry.name.to_string()),
                        format!(
                            "variant ({}) of {}",
                            kinds_text(&desc(kinds)),
                            lookup.entry.name
                        ),
                    ),
                    economic::Resolution::Renamed {
                        lookup,
                        matched,
                        kinds,
                    } => (
                        confirms(&desc(kinds)).then(|| matched.name.to_string()),
                        format!(
                            "name of {} ({}); {year} name is {}",
                            matched.years, matched.name, lookup.entry.name
                        ),
                    ),
                    economic::Resolution::Mismatch { lookup, belongs_to } => (
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
                    economic::Resolution::UnknownName { lookup } => {
                        (None, format!("catalogue: {}", lookup.entry.name))
                    }
                    _ => (None, String::new()),
                };
                if let Some(name) = confirm {
                    e.confirmations
                        .entry((value, name))
                        .or_insert_with(|| (label.clone(), p.line));
                }
                if !r.is_match() || (markdown && note.starts_with("variant")) {
                    let row = format!(
                        "| {outcome} | `{}` | {} | {note} | {at} |",
                        p.code_text, name
                    );
                    if r.is_match() {
                        other.push(row);
                    } else {
                        e.exceptions.push(row);
                    }
                }
            }
        }
    }
    let mut report = String::new();
    for (title, t) in [
        ("functional (支出功能分类)", &f),
        ("economic (支出经济分类)", &e),
    ] {
        let pct = if t.total == 0 {
            0.0
        } else {
            100.0 * t.ok as f64 / t.total as f64
        };
        writeln!(
            report,
            "{title}: {} code rows, {} exact or name variant ({pct:.1}%)",
            t.total, t.ok
        )
        .unwrap();
        for (k, n) in &t.by_outcome {
            writeln!(report, "  {k:<12} {n}").unwrap();
        }
    }
    writeln!(
        report,
        "documents skipped (not the mainland classification): {}",
        skipped_docs.join(", ")
    )
    .unwrap();
    say_raw(&report);
    let header = "| outcome | code | name written | note | document:line |\n|---|---|---|---|---|";
    say!("\nexceptions (not exact, not a name variant):\n{header}");
    for row in f.exceptions.iter().chain(&e.exceptions) {
        say!("{row}");
    }
    if markdown {
        say!("\nname variants:\n{header}");
        let uniq: BTreeSet<&String> = other.iter().collect();
        for row in uniq {
            say!("{row}");
        }
    }
    if write {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for (krate, t) in [("cnbudget-functional", &f), ("cnbudget-economic", &e)] {
            let mut out = String::from("code,name,document,line\n");
            for ((code, name), (doc, line)) in &t.confirmations {
                let name = if name.contains([',', '"']) {
                    format!("\"{}\"", name.replace('"', "\"\""))
                } else {
                    name.clone()
                };
                writeln!(out, "{code},{name},{doc},{line}").unwrap();
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
                let name = if name.contains([',', '"']) {
                    format!("\"{}\"", name.replace('"', "\"\""))
                } else {
                    name.clone()
                };
                writeln!(out, "{code},{name},{year},{outcome},{doc},{line}").unwrap();
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
