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

/// One piece of evidence of an entry to generate.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ev {
    /// First year.
    pub first: u16,
    /// Last year.
    pub last: u16,
    /// The generated kind constant: `D` (document), `X` (change), `E` (edition), `W` (record).
    pub kind: &'static str,
    /// The detail (document:line, the change and its source, the data file, the record's text).
    pub detail: String,
}

/// One entry to generate.
#[derive(Debug, Clone)]
pub struct Row<C> {
    /// The code.
    pub code: C,
    /// The name.
    pub name: String,
    /// First year with evidence.
    pub first: u16,
    /// Last year with evidence.
    pub last: u16,
    /// The generated source constant: `R` (reconstruction), `A` (amendment), `N` (rename),
    /// `G` (change).
    pub source: &'static str,
    /// The generated confidence constant (`H`, `M`, `L`).
    pub confidence: &'static str,
    /// The evidence text of the amendment, rename or change row that made the entry.
    pub note: Option<String>,
    /// The evidence, sorted by year.
    pub evidence: Vec<Ev>,
    /// The first edition with the code, and why.
    pub introduced: Option<(u16, String)>,
    /// The first edition without the code, and why.
    pub withdrawn: Option<(u16, String)>,
}

/// The entries of a classification read from its data files, checked.
#[derive(Debug)]
pub struct Generator<C> {
    /// Every entry, sorted by (code, first year).
    pub rows: Vec<Row<C>>,
    /// Every code.
    pub codes: BTreeSet<C>,
    abbreviations: Vec<(String, C)>,
}

/// An entry being assembled: (source, confidence, note, evidence).
type Building = (&'static str, &'static str, Option<String>, Vec<Ev>);

impl<C: Classification> Generator<C> {
    /// Read the crate's data under `dir`: the reconstructed edition `base` (columns code, name,
    /// level, parent, confidence; `level_column` gives the level column's word for a code),
    /// evidence for `edition`, then `amendments.csv`, `renames.csv`, `changes.csv`,
    /// `confirmations.csv` and `abbreviations.csv`.
    ///
    /// Each (code, name) is one entry; its years span its evidence. Panics on inconsistent
    /// data: duplicate base codes, two names of a code with overlapping years, evidence in a
    /// year where a recorded change says the code did not exist (documents outrank the change
    /// list: fix the list), a parent missing from the tree, a confirmation or abbreviation of
    /// an unknown pair.
    pub fn new(
        dir: &Path,
        base: &[&str],
        edition: u16,
        level_column: impl Fn(C) -> &'static str,
    ) -> Generator<C> {
        let mut building: BTreeMap<(C, String), Building> = BTreeMap::new();
        let mut base_codes: BTreeSet<C> = BTreeSet::new();
        for file in base {
            for r in read(dir, file) {
                let c: C = code(&r[0]);
                assert_eq!(&r[2], level_column(c), "{c}: level column");
                let parent = c.parent().map(|p| p.to_string()).unwrap_or_default();
                assert_eq!(&r[3], parent, "{c}: parent column");
                assert!(!r[1].trim().is_empty() && r[1].trim() == &r[1], "{c}: name");
                assert!(base_codes.insert(c), "{c}: duplicate");
                let conf = confidence(&r[4]);
                let ev = Ev {
                    first: edition,
                    last: edition,
                    kind: "E",
                    detail: format!(
                        "{file} (the reconstructed {edition} edition), confidence {}",
                        &r[4]
                    ),
                };
                building.insert((c, r[1].to_owned()), ("R", conf, None, vec![ev]));
            }
        }
        // Amendments and renames: names with the years their evidence shows.
        for (file, source) in [("amendments.csv", "A"), ("renames.csv", "N")] {
            for r in read(dir, file) {
                let c: C = code(&r[0]);
                let (first, last): (u16, u16) = (r[2].parse().unwrap(), r[3].parse().unwrap());
                assert!(first <= last, "{c}: {file}: years");
                let ev = Ev {
                    first,
                    last,
                    kind: "W",
                    detail: format!("{file}: {}", &r[5]),
                };
                let b = building.entry((c, r[1].to_owned())).or_insert_with(|| {
                    (source, confidence(&r[4]), Some(r[5].to_owned()), Vec::new())
                });
                b.3.push(ev);
            }
        }
        // Recorded structural changes: names at the edition boundary, and the editions where
        // a code starts or stops existing.
        let mut introduced: BTreeMap<C, (u16, String)> = BTreeMap::new();
        let mut withdrawn: BTreeMap<C, (u16, String)> = BTreeMap::new();
        for r in read(dir, "changes.csv") {
            let c: C = code(&r[0]);
            let year: u16 = r[1].parse().unwrap();
            let (kind, old, old_from, new) = (&r[2], &r[3], &r[4], &r[5]);
            let conf = confidence(&r[6]);
            let source = &r[7];
            let mut add = |name: &str, first: u16, last: u16, what: String| {
                assert!(first <= last, "{c}: changes.csv: years");
                let b = building
                    .entry((c, name.to_owned()))
                    .or_insert_with(|| ("G", conf, Some(what.clone()), Vec::new()));
                b.3.push(Ev {
                    first,
                    last,
                    kind: "X",
                    detail: what,
                });
            };
            match kind {
                "new" => {
                    assert!(
                        old.is_empty() && old_from.is_empty(),
                        "{c}: new with an old name"
                    );
                    let what = format!("new in the {year} edition: {source}");
                    if !new.is_empty() {
                        add(new, year, year, what.clone());
                    }
                    assert!(
                        introduced.insert(c, (year, what)).is_none(),
                        "{c}: introduced twice"
                    );
                }
                "renamed" => {
                    let from: u16 = old_from.parse().unwrap();
                    let what = format!("renamed {old} → {new} in the {year} edition: {source}");
                    add(old, from, year - 1, what.clone());
                    add(new, year, year, what);
                }
                "removed" => {
                    assert!(new.is_empty(), "{c}: removed with a new name");
                    let what = format!("dropped from the {year} edition: {source}");
                    if !old.is_empty() {
                        let from: u16 = old_from.parse().unwrap();
                        add(old, from, year - 1, what.clone());
                    }
                    assert!(
                        withdrawn.insert(c, (year, what)).is_none(),
                        "{c}: withdrawn twice"
                    );
                }
                other => panic!("{c}: changes.csv: bad change {other:?}"),
            }
        }
        // Documents: (code, catalogue name, year) → first document and line.
        for r in read(dir, "confirmations.csv") {
            let c: C = code(&r[0]);
            let year: u16 = r[2].parse().unwrap();
            let b = building.get_mut(&(c, r[1].to_owned())).unwrap_or_else(|| {
                panic!(
                    "confirmations.csv: {c} {} is not a name of the data: run the coverage tool with --write-confirmations",
                    &r[1]
                )
            });
            // A name written as a variant (trailing 支出, a cut name …) is evidence for the
            // year, but does not confirm the exact name.
            let variant = r.get(5).unwrap_or("");
            b.3.push(Ev {
                first: year,
                last: year,
                kind: "D",
                detail: if variant.is_empty() {
                    format!("{}:{}", &r[3], &r[4])
                } else {
                    format!("{}:{}, {variant}", &r[3], &r[4])
                },
            });
        }
        // The tree is closed, except under codes that only documents show: a document may
        // print a 项 without its 款's row.
        let codes: BTreeSet<C> = building.keys().map(|(c, _)| *c).collect();
        for ((c, _), (source, ..)) in &building {
            if let Some(p) = c.parent() {
                assert!(
                    codes.contains(&p) || *source == "A",
                    "{c}: parent {p} missing"
                );
            }
        }
        // A code does not exist before its parent does, nor after it.
        let bound = |c: C, map: &BTreeMap<C, (u16, String)>, latest: bool| {
            c.lineage()
                .into_iter()
                .filter_map(|a| {
                    let (year, why) = map.get(&a)?;
                    Some(if a == c {
                        (*year, why.clone())
                    } else {
                        (*year, format!("under {a}, {why}"))
                    })
                })
                .reduce(|x, y| if (y.0 > x.0) == latest { y } else { x })
        };
        let mut rows: Vec<Row<C>> = Vec::new();
        for ((c, name), (source, conf, note, mut evidence)) in building {
            evidence.sort();
            evidence.dedup();
            let first = evidence.iter().map(|e| e.first).min().unwrap();
            let last = evidence.iter().map(|e| e.last).max().unwrap();
            let intro = bound(c, &introduced, true);
            let gone = bound(c, &withdrawn, false);
            if let Some((y, why)) = &intro {
                assert!(
                    first >= *y,
                    "{c} {name}: evidence in {first}, but changes.csv says the code is not in editions before {y} ({why}); documents outrank the list: fix changes.csv"
                );
            }
            if let Some((y, why)) = &gone {
                assert!(
                    last < *y,
                    "{c} {name}: evidence in {last}, but changes.csv says the code is not in editions from {y} ({why}); documents outrank the list: fix changes.csv"
                );
            }
            rows.push(Row {
                code: c,
                name,
                first,
                last,
                source,
                confidence: conf,
                note,
                evidence,
                introduced: intro,
                withdrawn: gone,
            });
        }
        rows.sort_by_key(|r| (r.code, r.first));
        for w in rows.windows(2) {
            if w[0].code == w[1].code {
                assert!(
                    w[0].last < w[1].first,
                    "{}: {} ({}–{}) and {} ({}–{}) overlap: documents disagree, record the change year in changes.csv",
                    w[0].code,
                    w[0].name,
                    w[0].first,
                    w[0].last,
                    w[1].name,
                    w[1].first,
                    w[1].last
                );
            }
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
            abbreviations,
        }
    }

    /// How many entries a real document confirms (written exactly, script and punctuation
    /// aside).
    pub fn confirmed_count(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| {
                r.evidence
                    .iter()
                    .any(|e| e.kind == "D" && !e.detail.contains(", "))
            })
            .count()
    }

    /// Write the imports the tables need, `COVERED` (the years the evidence spans) and the
    /// static `TABLES` ([`Tables`](crate::Tables)) after the crate's header comment. The
    /// generated module must have the crate's `code as c` (a `const fn` making a code from its
    /// value) in scope under `crate::code`.
    pub fn write_tables(&self, out: &mut String) {
        let ty = code_type::<C>();
        let first = self.rows.iter().map(|r| r.first).min().unwrap_or(0);
        let last = self.rows.iter().map(|r| r.last).max().unwrap_or(0);
        writeln!(
            out,
            "use cnbudget_catalogue::Confidence::{{High as H, Low as L, Medium as M}};\n\
             use cnbudget_catalogue::EvidenceKind::{{Change as X, Document as D, Edition as E, Record as W}};\n\
             use cnbudget_catalogue::Source::{{Amendment as A, Change as G, Reconstructed2024 as R, Renames as N}};\n\
             use cnbudget_catalogue::{{entry as e, Evidence, Tables, Years}};\n\
             \n\
             use crate::code::{{code as c, {ty}}};\n\
             \n\
             /// The years the evidence spans.\n\
             pub(crate) const COVERED: Years = Years::new({first}, {last});\n\
             \n\
             const fn v(first: u16, last: u16, kind: cnbudget_catalogue::EvidenceKind, detail: &'static str) -> Evidence {{\n\
             \x20   Evidence::new(first, last, kind, detail)\n\
             }}\n"
        )
        .unwrap();
        // Each distinct evidence list once, in its own static (a borrowed slice must be
        // 'static); entries with the same evidence share it.
        let mut lists: BTreeMap<&[Ev], usize> = BTreeMap::new();
        let mut list_of: Vec<usize> = Vec::new();
        for r in &self.rows {
            let n = lists.len();
            list_of.push(*lists.entry(r.evidence.as_slice()).or_insert(n));
        }
        let mut ordered: Vec<(&[Ev], usize)> = lists.into_iter().collect();
        ordered.sort_by_key(|(_, i)| *i);
        for (evidence, i) in ordered {
            writeln!(out, "static V{i}: [Evidence; {}] = [", evidence.len()).unwrap();
            for e in evidence {
                writeln!(
                    out,
                    "    v({}, {}, {}, {}),",
                    e.first,
                    e.last,
                    e.kind,
                    lit(&e.detail)
                )
                .unwrap();
            }
            out.push_str("];\n");
        }
        writeln!(
            out,
            "\n/// The embedded tables (see [`Tables`] for each one).\n\
             pub(crate) static TABLES: Tables<{ty}> = Tables {{\n\
             \x20   entries: &["
        )
        .unwrap();
        let opt = |b: &Option<(u16, String)>| match b {
            Some((y, d)) => format!("Some(({y}, {}))", lit(d)),
            None => "None".to_owned(),
        };
        for (i, r) in self.rows.iter().enumerate() {
            let note = r
                .note
                .as_deref()
                .map_or("None".to_owned(), |e| format!("Some({})", lit(e)));
            let conf = match r
                .evidence
                .iter()
                .find(|e| e.kind == "D" && !e.detail.contains(", "))
            {
                Some(e) => {
                    let (d, l) = e.detail.rsplit_once(':').unwrap();
                    format!("Some(({}, {l}))", lit(d))
                }
                None => "None".to_owned(),
            };
            writeln!(
                out,
                "        e(c({}), {}, {}, {}, {}, {}, {note}, {conf}, &V{}, {}, {}),",
                r.code,
                lit(&r.name),
                r.first,
                r.last,
                r.source,
                r.confidence,
                list_of[i],
                opt(&r.introduced),
                opt(&r.withdrawn),
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
        let docs = self
            .rows
            .iter()
            .flat_map(|r| r.evidence.iter())
            .filter(|e| e.kind == "D")
            .count();
        writeln!(
            out,
            "\n// {} entries, {} confirmed by a document ({docs} document-years).",
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
