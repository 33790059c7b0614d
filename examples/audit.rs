//! Audit disclosure documents: every place where a document contradicts itself.
//!
//! ```text
//! cargo run --example audit                      # the embedded sample
//! cargo run --example audit -- FILE...           # text (any encoding) or .pdf
//! cargo run --example audit -- --json FILE...    # the disclosure and the findings as JSON
//! cargo run --example audit -- --csv FILE...     # every amount as a long CSV (amounts in 元)
//! cargo run --example audit -- --fdp DIR FILE... # an OpenSpending Fiscal Data Package in DIR
//! cargo run --example audit --features parquet -- --parquet OUT.parquet FILE...
//! ```
//!
//! Each FILE is read by `cnbudget::Disclosure::from_path`, as every example reads it.
//! `--json` prints, per document, `{"document", "disclosure", "resolved_rows", "findings"}`
//! without the prepared text and its offset map (`--full` adds them), one document per line:
//! JSON for one file, JSON Lines for several (`--pretty` indents them for reading).
//!
//! Exit status: see `USAGE`.

use std::io::{self, Write};
use std::process::ExitCode;

use cnbudget::Disclosure;
use cnbudget::audit::{Finding, Severity};
use cnbudget::export::{self, PreparedText};

mod cli;

fn report(out: &mut dyn Write, name: &str, d: &Disclosure, findings: &[Finding]) -> io::Result<()> {
    let m = &d.metadata;
    writeln!(out, "== {name}")?;
    writeln!(
        out,
        "   {} · {} · {} · {}",
        m.name.as_deref().unwrap_or("(unit not named)"),
        m.year
            .map(|y| y.to_string())
            .unwrap_or_else(|| "(year?)".into()),
        match m.kind {
            Some(cnbudget::meta::AccountKind::Budget) => "预算",
            Some(cnbudget::meta::AccountKind::FinalAccount) => "决算",
            None => "(kind?)",
        },
        match m.scope {
            Some(cnbudget::meta::Scope::Department) => "部门",
            Some(cnbudget::meta::Scope::Unit) => "单位",
            None => "(scope?)",
        }
    )?;
    let tables = &d.document.tables;
    writeln!(
        out,
        "   {} tables, {} prose figures, {} unplaced lines, encoding {:?}",
        tables.len(),
        d.facts.len(),
        d.document.unplaced.len(),
        d.prepared.encoding
    )?;
    for t in tables {
        writeln!(
            out,
            "   - {:<34} {} (lines {}–{}, {} rows{})",
            t.kind.as_str(),
            t.title.as_deref().unwrap_or("(untitled)"),
            t.first_line,
            t.last_line,
            t.rows.len(),
            t.unit.map(|u| format!(", {u}")).unwrap_or_default()
        )?;
    }
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    writeln!(
        out,
        "   findings: {} error, {} warning, {} notice",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Notice)
    )?;
    for f in findings {
        writeln!(out, "   {f}")?;
    }
    Ok(())
}

const USAGE: &str = "usage: audit [--json [--full] [--pretty] | --csv | --fdp DIR | --parquet OUT.parquet] [FILE...]
       (no FILE: the embedded sample)
  --json     the disclosure, its resolved rows and its findings as JSON, without the prepared
             text and its offset map, one line per document (JSON Lines for several files)
  --full     with --json: include the prepared text and its offset map
  --pretty   JSON indented for reading (implies --json)
  --csv      every amount of every table as one long CSV (amounts also in 元)
  --fdp DIR  the same amounts as an OpenSpending Fiscal Data Package in DIR
  --parquet OUT.parquet  the same amounts as one Parquet file (build with --features parquet)
exit status:
  0  no error-severity finding; with --csv, --fdp or --parquet (which do not audit): written
  1  errors found: some document contradicts itself (an error-severity finding)
  2  usage error, or a file that cannot be read or written
  3  some document is not a budget or final-account disclosure (rule document.not_budget);
     wins over 1";

/// Writes the long amount table of every document as one Parquet file.
#[cfg(feature = "parquet")]
fn write_parquet(path: &str, records: &[export::AmountRecord]) -> Result<(), String> {
    export::write_parquet(std::path::Path::new(path), records).map_err(|e| e.to_string())
}

#[cfg(not(feature = "parquet"))]
fn write_parquet(path: &str, _records: &[export::AmountRecord]) -> Result<(), String> {
    Err(format!(
        "cannot write {path}: this build has no Parquet support \
         (cargo run --features parquet --example audit -- …)"
    ))
}

fn main() -> ExitCode {
    let (mut json, mut pretty, mut full, mut csv) = (false, false, false, false);
    let mut fdp: Option<String> = None;
    let mut parquet: Option<String> = None;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--json" => json = true,
            "--pretty" => pretty = true,
            "--full" => full = true,
            "--csv" => csv = true,
            "--fdp" | "--parquet" => match args.next() {
                Some(target) if arg == "--fdp" => fdp = Some(target),
                Some(target) => parquet = Some(target),
                None => {
                    eprintln!("audit: {arg} needs a destination\n{USAGE}");
                    return ExitCode::from(cli::EXIT_USAGE);
                }
            },
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            flag if flag.starts_with('-') && flag.len() > 1 => {
                eprintln!("audit: unknown option {flag}\n{USAGE}");
                return ExitCode::from(cli::EXIT_USAGE);
            }
            _ => files.push(arg),
        }
    }
    let mut docs: Vec<(String, Disclosure)> = Vec::new();
    if files.is_empty() {
        docs.push((
            "embedded sample (重庆市荣昌区医疗保障局 2023 部门预算)".into(),
            Disclosure::from_bytes(cnbudget::SAMPLE.as_bytes()),
        ));
    }
    for f in &files {
        match Disclosure::from_path(f) {
            Ok(d) => docs.push((f.clone(), d)),
            Err(e) => {
                eprintln!("audit: {e}");
                return ExitCode::from(cli::EXIT_USAGE);
            }
        }
    }
    if csv || fdp.is_some() || parquet.is_some() {
        let mut records = Vec::new();
        for (name, d) in &docs {
            records.extend(export::amounts(d, name));
        }
        if csv {
            let written = cli::stdout(|out| {
                out.write_all(export::CSV_HEADER.as_bytes())?;
                out.write_all(b"\n")?;
                export::write_csv_rows(out, &records)
            });
            if let Err(e) = written {
                eprintln!("audit: cannot write: {e}");
                return ExitCode::from(cli::EXIT_USAGE);
            }
        }
        if let Some(dir) = fdp {
            let title = docs
                .first()
                .and_then(|(_, d)| d.metadata.name.clone())
                .unwrap_or_else(|| "cnbudget export".into());
            if let Err(e) = export::write_fiscal_data_package(
                std::path::Path::new(&dir),
                "cnbudget-export",
                &title,
                &records,
            ) {
                eprintln!("audit: {e}");
                return ExitCode::from(cli::EXIT_USAGE);
            }
            eprintln!(
                "audit: wrote {dir}/datapackage.json and {dir}/amounts.csv ({} amounts)",
                records.len()
            );
        }
        if let Some(path) = parquet {
            if let Err(e) = write_parquet(&path, &records) {
                eprintln!("audit: {e}");
                return ExitCode::from(cli::EXIT_USAGE);
            }
            eprintln!("audit: wrote {path} ({} amounts)", records.len());
        }
        return ExitCode::SUCCESS;
    }
    let text = if full {
        PreparedText::Include
    } else {
        PreparedText::Omit
    };
    let (mut any_error, mut any_not_budget) = (false, false);
    let written = cli::stdout(|out| {
        for (name, d) in &docs {
            let findings = d.audit();
            any_error |= findings.iter().any(|f| f.severity == Severity::Error);
            any_not_budget |= cli::not_budget(&findings);
            if json || pretty {
                let disclosure = export::disclosure_json(d, text).map_err(io::Error::other)?;
                let value = serde_json::json!({
                    "document": name,
                    "disclosure": disclosure,
                    "resolved_rows": d.resolved_rows(),
                    "findings": findings,
                });
                cli::write_json(out, &value, pretty)?;
            } else {
                report(out, name, d, &findings)?;
            }
        }
        Ok(())
    });
    if let Err(e) = written {
        eprintln!("audit: cannot write: {e}");
        return ExitCode::from(cli::EXIT_USAGE);
    }
    if any_not_budget {
        ExitCode::from(cli::EXIT_NOT_BUDGET)
    } else if any_error {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
