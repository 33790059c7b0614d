//! List every performance goal (绩效目标) and indicator of a disclosure, with the findings of
//! the checks.
//!
//! ```text
//! cargo run --example indicators -- FILE [--json]
//! cargo run --example indicators -- FILE --tsv   # the grids handed to the reader, as TSV
//! cargo run --example indicators            # an embedded sample (seed tables, reproduced)
//! ```
//!
//! FILE is a disclosure as text (any encoding `cnbudget-text` decodes), read through
//! `cnbudget_text::prepare` and `cnbudget_table::parse`; its performance tables are handed
//! to `cnbudget_indicator::read_goals`. A FILE ending in `.tsv` is read as a
//! `RawTable` grid instead (the format of `crates/cnbudget-indicator/testdata/`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cnbudget_indicator::{Goals, Indicator, RawTable, read_all};

const SAMPLE: &str = concat!(
    include_str!("../crates/cnbudget-indicator/testdata/seed000.tsv"),
    include_str!("../crates/cnbudget-indicator/testdata/seed001.tsv"),
);

fn tables_of(path: Option<&str>) -> Vec<RawTable> {
    let Some(path) = path else {
        return RawTable::many_from_tsv(SAMPLE).expect("embedded sample");
    };
    let bytes = std::fs::read(path).unwrap_or_else(|e| {
        eprintln!("cannot read {path}: {e}");
        std::process::exit(2);
    });
    if path.ends_with(".tsv") {
        let text = String::from_utf8_lossy(&bytes);
        return RawTable::many_from_tsv(&text).unwrap_or_else(|e| {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        });
    }
    let text = cnbudget_text::prepare(&bytes).text;
    let doc = cnbudget_table::parse(&text);
    doc.tables
        .iter()
        .filter(|t| cnbudget::indicators::is_performance_table(t.kind))
        .map(cnbudget::indicators::raw_table)
        .collect()
}

fn show(i: &Indicator) {
    let levels = format!(
        "{}/{}",
        i.level1
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        i.level2
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default()
    );
    let target = i
        .target
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_else(|| "—".into());
    let mut extra = String::new();
    if let Some(w) = i.weight {
        extra.push_str(&format!(" 权重{w}"));
    }
    if i.core == Some(true) {
        extra.push_str(" 核心");
    }
    if let Some(e) = &i.evaluation {
        if let Some(a) = &e.actual {
            extra.push_str(&format!(" 完成{a}"));
        }
        if let Some(s) = e.score {
            extra.push_str(&format!(" 得分{s}"));
        }
    }
    println!("    {:>5}  {levels:<24} {} {target}{extra}", i.line, i.name);
}

fn print_text(g: &Goals) {
    for p in &g.projects {
        let budget = p
            .budget
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        println!(
            "项目 {} {}  预算 {budget}  指标 {}",
            p.code.as_deref().unwrap_or("-"),
            p.name,
            p.indicators.len()
        );
        p.indicators.iter().for_each(show);
    }
    for o in &g.overall {
        println!(
            "部门整体 {}  预算 {}  任务 {}  指标 {}",
            o.department.as_deref().unwrap_or("-"),
            o.budget
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            o.tasks.len(),
            o.indicators.len()
        );
        o.indicators.iter().for_each(show);
    }
    for e in &g.evaluations {
        let f = e.total_funds();
        let shown =
            |d: Option<rust_decimal::Decimal>| d.map_or_else(|| "—".into(), |d| d.to_string());
        println!(
            "自评 {}  预算 {} 执行 {} 执行率 {}%  总分 {}",
            e.name,
            shown(f.and_then(|f| f.budget)),
            shown(f.and_then(|f| f.executed)),
            shown(f.and_then(|f| f.rate)),
            shown(e.total_score)
        );
        e.indicators.iter().for_each(show);
    }
    for e in &g.overall_evaluations {
        println!(
            "部门整体自评  总分 {}  指标 {}",
            e.total_score.map_or_else(|| "—".into(), |d| d.to_string()),
            e.indicators.len()
        );
        e.indicators.iter().for_each(show);
    }
    println!("\nfindings: {}", g.findings.len());
    for f in &g.findings {
        println!("  {f}");
    }
    println!("unplaced: {}", g.unplaced.len());
    for u in &g.unplaced {
        println!("  {}:{}: {} {:?}", u.table, u.line, u.reason, u.cells);
    }
}

const USAGE: &str = "usage: indicators [--json | --tsv] [FILE]   (no FILE: an embedded sample)";

fn main() {
    let (mut json, mut tsv) = (false, false);
    let mut path: Option<String> = None;
    for a in std::env::args().skip(1) {
        match a.as_str() {
            "--json" => json = true,
            "--tsv" => tsv = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return;
            }
            flag if flag.starts_with('-') && flag.len() > 1 => {
                eprintln!("error: unknown option {flag}\n{USAGE}");
                std::process::exit(2);
            }
            _ if path.is_some() => {
                eprintln!("error: one FILE at a time\n{USAGE}");
                std::process::exit(2);
            }
            _ => path = Some(a),
        }
    }
    let tables = tables_of(path.as_deref());
    if tables.is_empty() {
        eprintln!("no performance tables found");
    }
    if tsv {
        for t in &tables {
            print!("{}", t.to_tsv());
        }
        return;
    }
    let goals = read_all(&tables);
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&goals).expect("serialise")
        );
    } else {
        print_text(&goals);
    }
}
