//! Regenerates `src/generated/mod.rs` from `data/*.csv` and fails if the committed file differs.
//!
//! Run `CNBUDGET_REGENERATE=1 cargo test -p cnbudget-economic --test codegen` to write it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::PathBuf;

use cnbudget_economic::{EconomicCode, generated_key};

const FIRST: u16 = 2018;
const LAST: u16 = 2026;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(name: &str) -> Vec<csv::StringRecord> {
    let path = dir().join("data").join(name);
    let mut rdr =
        csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    rdr.records().map(|r| r.unwrap()).collect()
}

#[derive(Clone)]
struct Row {
    code: EconomicCode,
    name: String,
    first: u16,
    last: u16,
    source: &'static str,
    confidence: &'static str,
    evidence: Option<String>,
}

fn confidence(s: &str) -> &'static str {
    match s {
        "high" => "H",
        "medium" => "M",
        "low" => "L",
        other => panic!("bad confidence {other:?}"),
    }
}

fn code(s: &str) -> EconomicCode {
    let c = EconomicCode::parse(s).unwrap_or_else(|e| panic!("bad code {s:?}: {e}"));
    assert_eq!(c.to_string(), s, "codes in data files are written plainly");
    c
}

fn lit(s: &str) -> String {
    format!("{s:?}")
}

fn render() -> String {
    // Base: the 2024 reconstruction.
    let mut base: BTreeMap<EconomicCode, Row> = BTreeMap::new();
    let base_rows = read("economic-department-2024.csv")
        .into_iter()
        .chain(read("economic-government-2024.csv"));
    for r in base_rows {
        let c = code(&r[0]);
        let level = match c.level().digits() {
            3 => "lei",
            _ => "kuan",
        };
        assert_eq!(&r[2], level, "{c}: level column");
        let parent = c.parent().map(|p| p.to_string()).unwrap_or_default();
        assert_eq!(&r[3], parent, "{c}: parent column");
        assert!(!r[1].trim().is_empty() && r[1].trim() == &r[1], "{c}: name");
        let row = Row {
            code: c,
            name: r[1].to_owned(),
            first: FIRST,
            last: LAST,
            source: "R",
            confidence: confidence(&r[4]),
            evidence: None,
        };
        assert!(base.insert(c, row).is_none(), "{c}: duplicate");
    }
    // Amendments replace or add rows.
    for r in read("amendments.csv") {
        let c = code(&r[0]);
        let row = Row {
            code: c,
            name: r[1].to_owned(),
            first: r[2].parse().unwrap(),
            last: r[3].parse().unwrap(),
            source: "A",
            confidence: confidence(&r[4]),
            evidence: Some(r[5].to_owned()),
        };
        base.insert(c, row);
    }
    // Renames: earlier names; the current row starts after the last of them.
    let mut rows: Vec<Row> = Vec::new();
    let mut renamed: BTreeMap<EconomicCode, u16> = BTreeMap::new();
    for r in read("renames.csv") {
        let c = code(&r[0]);
        assert!(
            base.contains_key(&c),
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
    for (c, mut row) in base {
        if let Some(last) = renamed.get(&c) {
            row.first = row.first.max(last + 1);
        }
        rows.push(row);
    }
    rows.sort_by_key(|r| (r.code, r.first));
    // Tree closed; years of one code do not overlap.
    let codes: BTreeSet<EconomicCode> = rows.iter().map(|r| r.code).collect();
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
    let mut confirmed: BTreeMap<(EconomicCode, String), (String, u32)> = BTreeMap::new();
    for r in read("confirmations.csv") {
        let c = code(&r[0]);
        confirmed
            .entry((c, r[1].to_owned()))
            .or_insert_with(|| (r[2].to_owned(), r[3].parse().unwrap()));
    }
    let mut abbreviations: Vec<(String, EconomicCode)> = Vec::new();
    for r in read("abbreviations.csv") {
        let c = code(&r[0]);
        assert!(codes.contains(&c), "{c}: abbreviation of an unknown code");
        abbreviations.push((generated_key(&r[1]), c));
    }
    abbreviations.sort();

    let mut out = String::new();
    out.push_str(
        "// @generated by `CNBUDGET_REGENERATE=1 cargo test -p cnbudget-economic --test codegen`\n\
         // from data/economic-department-2024.csv, data/economic-government-2024.csv,\n\
         // data/economic-mapping-2024.csv, data/amendments.csv, data/renames.csv, data/abbreviations.csv\n\
         // and data/confirmations.csv. Do not edit by hand: edit the data and regenerate.\n\
         #![allow(clippy::all, dead_code)]\n\
         \n\
         use std::borrow::Cow;\n\
         \n\
         use crate::code::{code as c, EconomicCode};\n\
         use crate::entry::{Confidence, Confirmation, Entry, Provenance, Source, Years};\n\
         use crate::mapping::{Mapping, UnitScope};\n\
         \n\
         const R: Source = Source::Reconstructed2024;\n\
         const N: Source = Source::Renames;\n\
         const A: Source = Source::Amendment;\n\
         const H: Confidence = Confidence::High;\n\
         const M: Confidence = Confidence::Medium;\n\
         const L: Confidence = Confidence::Low;\n\
         \n\
         #[allow(clippy::too_many_arguments)]\n\
         const fn e(code: u32, name: &'static str, first: u16, last: u16, source: Source, confidence: Confidence, evidence: Option<&'static str>, confirmed: Option<(&'static str, u32)>) -> Entry {\n\
         \x20   Entry {\n\
         \x20       code: c(code),\n\
         \x20       name: Cow::Borrowed(name),\n\
         \x20       years: Years::new(first, last),\n\
         \x20       provenance: Provenance {\n\
         \x20           source,\n\
         \x20           confidence,\n\
         \x20           evidence: match evidence { Some(s) => Some(Cow::Borrowed(s)), None => None },\n\
         \x20           confirmed: match confirmed { Some((d, line)) => Some(Confirmation { document: Cow::Borrowed(d), line }), None => None },\n\
         \x20       },\n\
         \x20   }\n\
         }\n\n",
    );
    writeln!(out, "/// The years the embedded data covers.\npub(crate) const COVERED: Years = Years::new({FIRST}, {LAST});\n").unwrap();
    writeln!(
        out,
        "/// Every entry, sorted by (code, first year).\npub(crate) static ENTRIES: &[Entry] = &["
    )
    .unwrap();
    let mut n_confirmed = 0;
    for r in &rows {
        let ev = r
            .evidence
            .as_deref()
            .map_or("None".to_owned(), |e| format!("Some({})", lit(e)));
        let conf = match confirmed.get(&(r.code, r.name.clone())) {
            Some((d, l)) => {
                n_confirmed += 1;
                format!("Some(({}, {l}))", lit(d))
            }
            None => "None".to_owned(),
        };
        writeln!(
            out,
            "    e({}, {}, {}, {}, {}, {}, {ev}, {conf}),",
            r.code,
            lit(&r.name),
            r.first,
            r.last,
            r.source,
            r.confidence
        )
        .unwrap();
    }
    out.push_str("];\n\n");
    writeln!(out, "/// The sort key of each entry's code (same index), for binary search.\npub(crate) static CODE_KEYS: &[u32] = &[").unwrap();
    for r in &rows {
        writeln!(out, "    {},", r.code.sort_key()).unwrap();
    }
    out.push_str("];\n\n");
    writeln!(out, "/// The name key of each entry of `ENTRIES` (same index).\npub(crate) static KEYS: &[&str] = &[").unwrap();
    let keys: Vec<String> = rows.iter().map(|r| generated_key(&r.name)).collect();
    for k in &keys {
        writeln!(out, "    {},", lit(k)).unwrap();
    }
    out.push_str("];\n\n");
    let mut by_key: Vec<(&str, usize)> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    by_key.sort();
    writeln!(out, "/// (name key, index into `ENTRIES`), sorted.\npub(crate) static BY_KEY: &[(&str, u16)] = &[").unwrap();
    for (k, i) in by_key {
        writeln!(out, "    ({}, {i}),", lit(k)).unwrap();
    }
    out.push_str("];\n\n");
    writeln!(out, "/// (name key of an abbreviation, code), sorted.\npub(crate) static ABBREVIATIONS: &[(&str, EconomicCode)] = &[").unwrap();
    for (k, c) in &abbreviations {
        writeln!(out, "    ({}, c({c})),", lit(k)).unwrap();
    }
    out.push_str("];\n\n");
    // The 部门 → 政府 mapping.
    let mut mapping: Vec<(EconomicCode, u8, EconomicCode, &'static str)> = Vec::new();
    for r in read("economic-mapping-2024.csv") {
        let d = code(&r[0]);
        let g = code(&r[1]);
        assert!(
            codes.contains(&d) && d.value() < 40000,
            "{d}: mapping from an unknown department code"
        );
        assert!(
            codes.contains(&g) && g.value() >= 50000,
            "{g}: mapping to an unknown government code"
        );
        let scope = match &r[2] {
            "机关" => 0,
            "事业单位" => 1,
            "any" => 2,
            other => panic!("bad unit_type {other:?}"),
        };
        mapping.push((d, scope, g, confidence(&r[3])));
    }
    mapping.sort();
    for w in mapping.windows(2) {
        assert!(
            (w[0].0, w[0].1) != (w[1].0, w[1].1),
            "{}: duplicate mapping",
            w[0].0
        );
    }
    writeln!(out, "/// The 部门 → 政府 mapping, sorted by (department code, scope).\npub(crate) static MAPPING: &[Mapping] = &[").unwrap();
    for (d, scope, g, conf) in &mapping {
        let scope = ["Jiguan", "Shiye", "Any"][*scope as usize];
        writeln!(out, "    Mapping {{ department: c({d}), government: c({g}), scope: UnitScope::{scope}, confidence: {conf} }},").unwrap();
    }
    out.push_str("];\n");
    writeln!(
        out,
        "\n// {} entries, {} confirmed by a document.",
        rows.len(),
        n_confirmed
    )
    .unwrap();
    out
}

#[test]
fn generated_tables_match_data() {
    let text = render();
    let path = dir().join("src/generated/mod.rs");
    if std::env::var_os("CNBUDGET_REGENERATE").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &text).unwrap();
        eprintln!("wrote {}", path.display());
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "{} is out of date with data/*.csv: run `CNBUDGET_REGENERATE=1 cargo test -p cnbudget-economic --test codegen`",
        path.display()
    );
}
