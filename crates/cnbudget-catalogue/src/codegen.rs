//! The table generator of the classification crates (feature `codegen`): each crate's
//! `tests/codegen.rs` reads its `data/*.csv` with a [`Generator`], writes the shared tables
//! with [`Generator::write_tables`], adds what is its own (functional's 款/类 range index,
//! economic's mapping), and hands the text to [`check_or_write`], which fails if the committed
//! `src/generated/mod.rs` differs (or writes it under `CNBUDGET_REGENERATE=1`).
//!
//! This is build tooling run by tests: it panics with a message on bad data.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::{Classification, generated_key};

/// The records of `data/<name>` under the crate directory `dir` (header row skipped).
pub fn read(dir: &Path, name: &str) -> Vec<csv::StringRecord> {
    let path = dir.join("data").join(name);
    let mut rdr =
        csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    rdr.records().map(|r| r.unwrap()).collect()
}

/// The generated constant of a confidence column value (`high` → `H`).
pub fn confidence(s: &str) -> &'static str {
    match s {
        "high" => "H",
        "medium" => "M",
        "low" => "L",
        other => panic!("bad confidence {other:?}"),
    }
}

/// A code of a data file, which must be written plainly (`2101506`, not `210 15 06`).
pub fn code<C: Classification>(s: &str) -> C {
    let c = C::parse(s).unwrap_or_else(|e| panic!("bad code {s:?}: {e}"));
    assert_eq!(c.to_string(), s, "codes in data files are written plainly");
    c
}

/// A Rust string literal.
pub fn lit(s: &str) -> String {
    format!("{s:?}")
}

/// One entry to generate.
#[derive(Debug, Clone)]
pub struct Row<C> {
    /// The code.
    pub code: C,
    /// The name.
    pub name: String,
    /// First year.
    pub first: u16,
    /// Last year.
    pub last: u16,
    /// The generated source constant: `R` (reconstruction), `A` (amendment), `N` (rename).
    pub source: &'static str,
    /// The generated confidence constant (`H`, `M`, `L`).
    pub confidence: &'static str,
    /// Evidence for an amendment or rename.
    pub evidence: Option<String>,
}

/// The entries of a classification read from its data files, checked.
#[derive(Debug)]
pub struct Generator<C> {
    /// Every entry, sorted by (code, first year).
    pub rows: Vec<Row<C>>,
    /// Every code.
    pub codes: BTreeSet<C>,
    first: u16,
    last: u16,
    confirmed: BTreeMap<(C, String), (String, u32)>,
    abbreviations: Vec<(String, C)>,
}

impl<C: Classification> Generator<C> {
    /// Read the crate's data under `dir`: the 2024 reconstruction `base` (columns code, name,
    /// level, parent, confidence; `level_column` gives the level column's word for a code),
    /// valid for `first..=last`, then `amendments.csv`, `renames.csv`, `confirmations.csv`
    /// and `abbreviations.csv`. Panics on inconsistent data: duplicate codes, overlapping
    /// years, a parent missing from the tree, an abbreviation of an unknown code.
    pub fn new(
        dir: &Path,
        base: &[&str],
        first: u16,
        last: u16,
        level_column: impl Fn(C) -> &'static str,
    ) -> Generator<C> {
        // Base: the 2024 reconstruction.
        let mut rows_by_code: BTreeMap<C, Row<C>> = BTreeMap::new();
        for r in base.iter().flat_map(|name| read(dir, name)) {
            let c: C = code(&r[0]);
            assert_eq!(&r[2], level_column(c), "{c}: level column");
            let parent = c.parent().map(|p| p.to_string()).unwrap_or_default();
            assert_eq!(&r[3], parent, "{c}: parent column");
            assert!(!r[1].trim().is_empty() && r[1].trim() == &r[1], "{c}: name");
            let row = Row {
                code: c,
                name: r[1].to_owned(),
                first,
                last,
                source: "R",
                confidence: confidence(&r[4]),
                evidence: None,
            };
            assert!(rows_by_code.insert(c, row).is_none(), "{c}: duplicate");
        }
        // Amendments replace or add rows.
        for r in read(dir, "amendments.csv") {
            let c: C = code(&r[0]);
            let row = Row {
                code: c,
                name: r[1].to_owned(),
                first: r[2].parse().unwrap(),
                last: r[3].parse().unwrap(),
                source: "A",
                confidence: confidence(&r[4]),
                evidence: Some(r[5].to_owned()),
            };
            rows_by_code.insert(c, row);
        }
        // Renames: earlier names; the current row starts after the last of them.
        let mut rows: Vec<Row<C>> = Vec::new();
        let mut renamed: BTreeMap<C, u16> = BTreeMap::new();
        for r in read(dir, "renames.csv") {
            let c: C = code(&r[0]);
            assert!(
                rows_by_code.contains_key(&c),
                "{c}: rename of a code not in the catalogue"
            );
            let row = Row {
                code: c,
                name: r[1].to_owned(),
                first: r[2].parse().unwrap(),
                last: r[3].parse().unwrap(),
                source: "N",
                confidence: confidence(&r[4]),
                evidence: Some(r[5].to_owned()),
            };
            assert!(row.first <= row.last);
            let e = renamed.entry(c).or_insert(0);
            *e = (*e).max(row.last);
            rows.push(row);
        }
        for (c, mut row) in rows_by_code {
            if let Some(last) = renamed.get(&c) {
                row.first = row.first.max(last + 1);
            }
            rows.push(row);
        }
        rows.sort_by_key(|r| (r.code, r.first));
        // Tree closed; years of one code do not overlap.
        let codes: BTreeSet<C> = rows.iter().map(|r| r.code).collect();
        for w in rows.windows(2) {
            if w[0].code == w[1].code {
                assert!(w[0].last < w[1].first, "{}: overlapping years", w[0].code);
            }
        }
        for c in &codes {
            if let Some(p) = c.parent() {
                assert!(codes.contains(&p), "{c}: parent {p} missing");
            }
        }
        // Confirmations, keyed by (code, name).
        let mut confirmed: BTreeMap<(C, String), (String, u32)> = BTreeMap::new();
        for r in read(dir, "confirmations.csv") {
            let c: C = code(&r[0]);
            confirmed
                .entry((c, r[1].to_owned()))
                .or_insert_with(|| (r[2].to_owned(), r[3].parse().unwrap()));
        }
        let mut abbreviations: Vec<(String, C)> = Vec::new();
        for r in read(dir, "abbreviations.csv") {
            let c: C = code(&r[0]);
            assert!(codes.contains(&c), "{c}: abbreviation of an unknown code");
            abbreviations.push((generated_key(&r[1]), c));
        }
        abbreviations.sort();
        Generator {
            rows,
            codes,
            first,
            last,
            confirmed,
            abbreviations,
        }
    }

    /// How many entries a real document confirms.
    pub fn confirmed_count(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| self.confirmed.contains_key(&(r.code, r.name.clone())))
            .count()
    }

    /// Write the imports the tables need, `COVERED` and the static `TABLES`
    /// ([`Tables`](crate::Tables)) after the crate's header comment. The generated module
    /// must have the crate's `code as c` (a `const fn` making a code from its value) in scope
    /// under `crate::code`.
    pub fn write_tables(&self, out: &mut String) {
        let ty = code_type::<C>();
        writeln!(
            out,
            "use cnbudget_catalogue::Confidence::{{High as H, Low as L, Medium as M}};\n\
             use cnbudget_catalogue::Source::{{Amendment as A, Reconstructed2024 as R, Renames as N}};\n\
             use cnbudget_catalogue::{{entry as e, Tables, Years}};\n\
             \n\
             use crate::code::{{code as c, {ty}}};\n\
             \n\
             /// The years the embedded data covers.\n\
             pub(crate) const COVERED: Years = Years::new({}, {});\n\
             \n\
             /// The embedded tables (see [`Tables`] for each one).\n\
             pub(crate) static TABLES: Tables<{ty}> = Tables {{\n\
             \x20   entries: &[",
            self.first, self.last
        )
        .unwrap();
        for r in &self.rows {
            let ev = r
                .evidence
                .as_deref()
                .map_or("None".to_owned(), |e| format!("Some({})", lit(e)));
            let conf = match self.confirmed.get(&(r.code, r.name.clone())) {
                Some((d, l)) => format!("Some(({}, {l}))", lit(d)),
                None => "None".to_owned(),
            };
            writeln!(
                out,
                "        e(c({}), {}, {}, {}, {}, {}, {ev}, {conf}),",
                r.code,
                lit(&r.name),
                r.first,
                r.last,
                r.source,
                r.confidence
            )
            .unwrap();
        }
        out.push_str("    ],\n    code_keys: &[\n");
        for r in &self.rows {
            writeln!(out, "        {},", r.code.sort_key()).unwrap();
        }
        out.push_str("    ],\n    keys: &[\n");
        let keys: Vec<String> = self.rows.iter().map(|r| generated_key(&r.name)).collect();
        for k in &keys {
            writeln!(out, "        {},", lit(k)).unwrap();
        }
        out.push_str("    ],\n    by_key: &[\n");
        let mut by_key: Vec<(&str, usize)> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (k.as_str(), i))
            .collect();
        by_key.sort();
        for (k, i) in by_key {
            writeln!(out, "        ({}, {i}),", lit(k)).unwrap();
        }
        out.push_str("    ],\n    abbreviations: &[\n");
        for (k, c) in &self.abbreviations {
            writeln!(out, "        ({}, c({c})),", lit(k)).unwrap();
        }
        out.push_str("    ],\n};\n");
    }

    /// Write the closing count line.
    pub fn write_footer(&self, out: &mut String) {
        writeln!(
            out,
            "\n// {} entries, {} confirmed by a document.",
            self.rows.len(),
            self.confirmed_count()
        )
        .unwrap();
    }
}

/// The last path segment of the code type's name (`FunctionCode`).
fn code_type<C>() -> &'static str {
    let name = std::any::type_name::<C>();
    name.rsplit("::").next().unwrap_or(name)
}

/// Compare `text` with the committed file `src/generated/mod.rs` of the crate at `dir` and
/// panic if they differ, or write it when `CNBUDGET_REGENERATE` is set. `package` names the
/// crate in the message (`cnbudget-functional`).
pub fn check_or_write(dir: &Path, package: &str, text: &str) {
    let path: PathBuf = dir.join("src/generated/mod.rs");
    if std::env::var_os("CNBUDGET_REGENERATE").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        eprintln!("wrote {}", path.display());
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "{} is out of date with data/*.csv: run `CNBUDGET_REGENERATE=1 cargo test -p {package} --test codegen`",
        path.display()
    );
}
