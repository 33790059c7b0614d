//! Audit disclosure documents: every place where a document contradicts itself.
//!
//! ```text
//! cargo run --example audit                      # the embedded sample
//! cargo run --example audit -- FILE...           # text (any encoding) or .pdf (needs pdftotext)
//! cargo run --example audit -- --json FILE       # the disclosure and the findings as JSON
//! cargo run --example audit -- --csv FILE        # every amount as a long CSV (amounts in 元)
//! cargo run --example audit -- --fdp DIR FILE    # an OpenSpending Fiscal Data Package in DIR
//! ```
//!
//! Exit status: 0 when no error-severity finding, 1 when some, 2 on a usage or read error.

use std::process::ExitCode;

use cnbudget::Disclosure;
use cnbudget::audit::{Finding, Severity};

fn report(name: &str, d: &Disclosure, findings: &[Finding]) {
    let m = &d.metadata;
    println!("== {name}");
    println!(
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
    );
    let tables = &d.document.tables;
    println!(
        "   {} tables, {} prose figures, {} unplaced lines, encoding {:?}",
        tables.len(),
        d.facts.len(),
        d.document.unplaced.len(),
        d.prepared.encoding
    );
    for t in tables {
        println!(
            "   - {:<34} {} (lines {}–{}, {} rows{})",
            t.kind.as_str(),
            t.title.as_deref().unwrap_or("(untitled)"),
            t.first_line,
            t.last_line,
            t.rows.len(),
            t.unit.map(|u| format!(", {u}")).unwrap_or_default()
        );
    }
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    println!(
        "   findings: {} error, {} warning, {} notice",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Notice)
    );
    for f in findings {
        println!("   {f}");
    }
}

const USAGE: &str =
    "usage: audit [--json | --csv | --fdp DIR] [FILE...]   (no FILE: the embedded sample)";

fn main() -> ExitCode {
    let mut json = false;
    let mut csv = false;
    let mut fdp: Option<String> = None;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--json" => json = true,
            "--csv" => csv = true,
            "--fdp" => match args.next() {
                Some(dir) => fdp = Some(dir),
                None => {
                    eprintln!("audit: --fdp needs a directory\n{USAGE}");
                    return ExitCode::from(2);
                }
            },
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            flag if flag.starts_with('-') && flag.len() > 1 => {
                eprintln!("audit: unknown option {flag}\n{USAGE}");
                return ExitCode::from(2);
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
                return ExitCode::from(2);
            }
        }
    }
    if csv || fdp.is_some() {
        let mut records = Vec::new();
        for (name, d) in &docs {
            records.extend(cnbudget::export::amounts(d, name));
        }
        if csv {
            print!("{}", cnbudget::export::long_csv(&records));
        }
        if let Some(dir) = fdp {
            let title = docs
                .first()
                .and_then(|(_, d)| d.metadata.name.clone())
                .unwrap_or_else(|| "cnbudget export".into());
            if let Err(e) = cnbudget::export::write_fiscal_data_package(
                std::path::Path::new(&dir),
                "cnbudget-export",
                &title,
                &records,
            ) {
                eprintln!("audit: {e}");
                return ExitCode::from(2);
            }
            eprintln!(
                "audit: wrote {dir}/datapackage.json and {dir}/amounts.csv ({} amounts)",
                records.len()
            );
        }
        return ExitCode::SUCCESS;
    }
    let mut any_error = false;
    for (name, d) in &docs {
        let findings = d.audit();
        any_error |= findings.iter().any(|f| f.severity == Severity::Error);
        if json {
            let value = serde_json::json!({
                "document": name,
                "disclosure": d,
                "resolved_rows": d.resolved_rows(),
                "findings": findings,
            });
            match serde_json::to_string_pretty(&value) {
                Ok(s) => println!("{s}"),
                Err(e) => {
                    eprintln!("audit: cannot write JSON: {e}");
                    return ExitCode::from(2);
                }
            }
        } else {
            report(name, d, &findings);
        }
    }
    if any_error {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
