//! Print every table of a disclosure document.
//!
//! ```text
//! cargo run --example tables -- FILE... [--json [--pretty]]
//! cargo run --example tables            # the embedded sample
//! ```
//!
//! Each FILE is read by `cnbudget::Disclosure::from_path`, as every example reads it: text in
//! any encoding, or a `.pdf` (each table then says the pages it stands on). `--json` prints each document's tables, prose, contents and
//! unplaced lines with a `"document"` key naming the file, one document per line: JSON for one
//! file, JSON Lines for several (`--pretty` indents them for reading).
//!
//! Exit status: 0; 2 on a usage error or an unreadable file; 3 when a document is not a
//! budget or final-account disclosure (audit rule `document.not_budget`).

use std::io::{self, Write};
use std::process::ExitCode;

use cnbudget::{Disclosure, PdfPages};
use cnbudget_table::{Document, Table, Value};

mod cli;

const USAGE: &str = "usage: tables [--json [--pretty]] [FILE...]   (no FILE: the embedded sample)
  --json     each document's tables as JSON, one line per document (JSON Lines for several)
  --pretty   JSON indented for reading (implies --json)
exit status: 0 tables printed; 2 usage error or unreadable file; 3 a document is not a budget
or final-account disclosure (audit rule document.not_budget)";

fn main() -> ExitCode {
    let (mut json, mut pretty) = (false, false);
    let mut files = Vec::new();
    for a in std::env::args().skip(1) {
        match a.as_str() {
            "--json" => json = true,
            "--pretty" => pretty = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            flag if flag.starts_with('-') && flag.len() > 1 => {
                eprintln!("tables: unknown option {flag}\n{USAGE}");
                return ExitCode::from(cli::EXIT_USAGE);
            }
            _ => files.push(a),
        }
    }
    let mut docs = Vec::new();
    if files.is_empty() {
        eprintln!("(no FILE given: reading the embedded sample)");
        docs.push((
            "embedded sample".to_string(),
            Disclosure::from_text(cnbudget_table::SAMPLE),
        ));
    }
    for f in files {
        match Disclosure::from_path(&f) {
            Ok(d) => docs.push((f, d)),
            Err(e) => {
                eprintln!("tables: {e}");
                return ExitCode::from(cli::EXIT_USAGE);
            }
        }
    }
    let written = cli::stdout(|out| {
        for (name, d) in &docs {
            if json || pretty {
                let mut value = serde_json::to_value(&d.document)?;
                if let Some(object) = value.as_object_mut() {
                    object.insert("document".into(), name.clone().into());
                }
                cli::write_json(out, &value, pretty)?;
            } else {
                if docs.len() > 1 {
                    writeln!(out, "== {name}")?;
                }
                print_document(out, &d.document, d.pdf.as_ref())?;
            }
        }
        Ok(())
    });
    if let Err(e) = written {
        eprintln!("tables: cannot write: {e}");
        return ExitCode::from(cli::EXIT_USAGE);
    }
    let mut status = ExitCode::SUCCESS;
    for (name, d) in &docs {
        if cli::not_budget(&d.audit()) {
            eprintln!("tables: {name} is not a budget or final-account disclosure");
            status = ExitCode::from(cli::EXIT_NOT_BUDGET);
        }
    }
    status
}

fn print_document(out: &mut dyn Write, doc: &Document, pdf: Option<&PdfPages>) -> io::Result<()> {
    for (i, t) in doc.tables.iter().enumerate() {
        print_table(out, i + 1, t, pdf)?;
    }
    writeln!(
        out,
        "{} tables, {} prose paragraphs, {} contents entries, {} unplaced lines",
        doc.tables.len(),
        doc.prose.len(),
        doc.contents.len(),
        doc.unplaced.len()
    )?;
    for u in &doc.unplaced {
        writeln!(out, "  unplaced line {}: {} ({})", u.line, u.text, u.reason)?;
    }
    Ok(())
}

/// The PDF pages a table stands on: `page 12` or `pages 40-47`.
fn pages(pdf: Option<&PdfPages>, t: &Table) -> String {
    let Some(pdf) = pdf else {
        return String::new();
    };
    match (
        pdf.page_of_line(t.first_line),
        pdf.page_of_line(t.last_line),
    ) {
        (Some(a), Some(b)) if a == b => format!("  page {a}"),
        (Some(a), Some(b)) => format!("  pages {a}-{b}"),
        _ => String::new(),
    }
}

fn print_table(out: &mut dyn Write, i: usize, t: &Table, pdf: Option<&PdfPages>) -> io::Result<()> {
    writeln!(
        out,
        "#{i} [{}] {} {}  lines {}-{}{}",
        t.kind,
        t.number.as_deref().unwrap_or(""),
        t.title.as_deref().unwrap_or("(untitled)"),
        t.first_line,
        t.last_line,
        pages(pdf, t)
    )?;
    writeln!(
        out,
        "   unit: {}   issuer: {}   layout: {:?}{}",
        t.unit.map_or("-", |u| u.as_str()),
        t.issuer.as_deref().unwrap_or("-"),
        t.layout,
        if t.empty { "   (empty)" } else { "" }
    )?;
    let cols: Vec<String> = t
        .columns
        .iter()
        .map(|c| format!("{}:{:?}", c.path.join("/"), c.role))
        .collect();
    writeln!(out, "   columns: {}", cols.join(" | "))?;
    for r in &t.rows {
        let cells: Vec<String> = r
            .cells
            .iter()
            .map(|c| match &c.value {
                Value::Amount { amount } => amount.to_string(),
                Value::Code { code } => code.digits.clone(),
                Value::Name { name, .. } => name.clone(),
                _ => c.text.chars().take(24).collect(),
            })
            .collect();
        // The row's code, when no single cell shows it (split 类/款/项 cells joined).
        let code = r
            .code
            .as_ref()
            .filter(|c| !r.cells.iter().any(|cell| cell.code() == Some(c)))
            .map_or(String::new(), |c| format!("   [code {}]", c.digits));
        writeln!(
            out,
            "   {:>5}: {}{code}",
            r.lines.first().copied().unwrap_or(0),
            cells.join(" | ")
        )?;
    }
    for n in &t.notes {
        writeln!(out, "   note {}: {} {:?}", n.line, n.text, n.flags)?;
    }
    for w in &t.warnings {
        match w.column {
            Some(c) => writeln!(out, "   warning {}:{c}: {}", w.line, w.message)?,
            None => writeln!(out, "   warning {}: {}", w.line, w.message)?,
        }
    }
    Ok(())
}
