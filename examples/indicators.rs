//! List every performance goal (绩效目标) and indicator of a disclosure, with the findings of
//! the checks.
//!
//! ```text
//! cargo run --example indicators -- FILE... [--json [--pretty]]
//! cargo run --example indicators -- FILE --tsv   # the grids handed to the reader, as TSV
//! cargo run --example indicators            # an embedded sample (seed tables, reproduced)
//! ```
//!
//! Each FILE is read by `cnbudget::Disclosure::from_path`, as every example reads it (text in
//! any encoding, or a `.pdf`); its performance tables are the disclosure's goals
//! (`Disclosure::goals`). A `.tsv` file in the grid format of
//! `crates/cnbudget-indicator/testdata/` (its first line starts with `#`, as `--tsv` writes it)
//! is read as `RawTable` grids instead. `--json` prints each document's goals with a
//! `"document"` key naming the file, one document per line: JSON for one file, JSON Lines for
//! several (`--pretty` indents them for reading).
//!
//! Exit status: 0; 2 on a usage error or an unreadable file.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::{self, Write};
use std::process::ExitCode;

use cnbudget::Disclosure;
use cnbudget_indicator::{Goals, Indicator, RawTable, read_all};

mod cli;

const SAMPLE: &str = concat!(
    include_str!("../crates/cnbudget-indicator/testdata/seed000.tsv"),
    include_str!("../crates/cnbudget-indicator/testdata/seed001.tsv"),
);

/// The performance grids of a file and the goals read from them.
fn read(path: &str) -> Result<(Vec<RawTable<'static>>, Goals), String> {
    if path.to_ascii_lowercase().ends_with(".tsv") {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
        let text = String::from_utf8_lossy(&bytes);
        let grid = text
            .lines()
            .find(|l| !l.trim().is_empty())
            .is_some_and(|l| l.starts_with('#'));
        if grid {
            let tables = RawTable::many_from_tsv(&text).map_err(|e| format!("{path}: {e}"))?;
            let goals = read_all(&tables);
            return Ok((tables, goals));
        }
    }
    let d = Disclosure::from_path(path).map_err(|e| e.to_string())?;
    let tables = d
        .document
        .tables
        .iter()
        .filter(|t| cnbudget::indicators::is_performance_table(t.kind))
        // The grids borrow the document, which ends here: they are given back owned.
        .map(|t| cnbudget::indicators::raw_table(t).into_owned())
        .collect();
    Ok((tables, d.goals))
}

fn show(out: &mut dyn Write, i: &Indicator) -> io::Result<()> {
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
    writeln!(
        out,
        "    {:>5}  {levels:<24} {} {target}{extra}",
        i.line, i.name
    )
}

fn print_text(out: &mut dyn Write, g: &Goals) -> io::Result<()> {
    for p in &g.projects {
        let budget = p
            .budget
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        writeln!(
            out,
            "项目 {} {}  预算 {budget}  指标 {}",
            p.code.as_deref().unwrap_or("-"),
            p.name,
            p.indicators.len()
        )?;
        p.indicators.iter().try_for_each(|i| show(out, i))?;
    }
    for o in &g.overall {
        writeln!(
            out,
            "部门整体 {}  预算 {}  任务 {}  指标 {}",
            o.department.as_deref().unwrap_or("-"),
            o.budget
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            o.tasks.len(),
            o.indicators.len()
        )?;
        o.indicators.iter().try_for_each(|i| show(out, i))?;
    }
    for e in &g.evaluations {
        let f = e.total_funds();
        let shown =
            |d: Option<rust_decimal::Decimal>| d.map_or_else(|| "—".into(), |d| d.to_string());
        writeln!(
            out,
            "自评 {}  预算 {} 执行 {} 执行率 {}%  总分 {}",
            e.name,
            shown(f.and_then(|f| f.budget)),
            shown(f.and_then(|f| f.executed)),
            shown(f.and_then(|f| f.rate)),
            shown(e.total_score)
        )?;
        e.indicators.iter().try_for_each(|i| show(out, i))?;
    }
    for e in &g.overall_evaluations {
        writeln!(
            out,
            "部门整体自评  总分 {}  指标 {}",
            e.total_score.map_or_else(|| "—".into(), |d| d.to_string()),
            e.indicators.len()
        )?;
        e.indicators.iter().try_for_each(|i| show(out, i))?;
    }
    writeln!(out, "\nfindings: {}", g.findings.len())?;
    for f in &g.findings {
        writeln!(out, "  {f}")?;
    }
    writeln!(out, "unplaced: {}", g.unplaced.len())?;
    for u in &g.unplaced {
        writeln!(out, "  {}:{}: {} {:?}", u.table, u.line, u.reason, u.cells)?;
    }
    Ok(())
}

const USAGE: &str =
    "usage: indicators [--json [--pretty] | --tsv] [FILE...]   (no FILE: an embedded sample)
  --json     each document's goals, indicators and findings as JSON, one line per document
  --pretty   JSON indented for reading (implies --json)
  --tsv      the performance grids handed to the indicator reader, as TSV
exit status: 0 goals printed; 2 usage error or unreadable file";

fn main() -> ExitCode {
    let (mut json, mut pretty, mut tsv) = (false, false, false);
    let mut paths: Vec<String> = Vec::new();
    for a in std::env::args().skip(1) {
        match a.as_str() {
            "--json" => json = true,
            "--pretty" => pretty = true,
            "--tsv" => tsv = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            flag if flag.starts_with('-') && flag.len() > 1 => {
                eprintln!("indicators: unknown option {flag}\n{USAGE}");
                return ExitCode::from(cli::EXIT_USAGE);
            }
            _ => paths.push(a),
        }
    }
    let mut docs = Vec::new();
    if paths.is_empty() {
        let tables = RawTable::many_from_tsv(SAMPLE).expect("embedded sample");
        let goals = read_all(&tables);
        docs.push(("embedded sample".to_string(), tables, goals));
    }
    for path in paths {
        match read(&path) {
            Ok((tables, goals)) => docs.push((path, tables, goals)),
            Err(e) => {
                eprintln!("indicators: {e}");
                return ExitCode::from(cli::EXIT_USAGE);
            }
        }
    }
    let written = cli::stdout(|out| {
        for (name, tables, goals) in &docs {
            if tables.is_empty() {
                eprintln!("{name}: no performance tables found");
            }
            if tsv {
                for t in tables {
                    out.write_all(t.to_tsv().as_bytes())?;
                }
            } else if json || pretty {
                let mut value = serde_json::to_value(goals)?;
                if let Some(object) = value.as_object_mut() {
                    object.insert("document".into(), name.clone().into());
                }
                cli::write_json(out, &value, pretty)?;
            } else {
                if docs.len() > 1 {
                    writeln!(out, "== {name}")?;
                }
                print_text(out, goals)?;
            }
        }
        Ok(())
    });
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("indicators: cannot write: {e}");
            ExitCode::from(cli::EXIT_USAGE)
        }
    }
}
