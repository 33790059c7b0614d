//! Print every table of a disclosure document.
//!
//! ```text
//! cargo run --example tables -- FILE [--json]
//! cargo run --example tables            # the embedded sample
//! ```
//!
//! The file is read by `cnbudget::Disclosure::from_path`: text in any encoding (normalised,
//! traditional → simplified) and parsed by `cnbudget_table::parse`, or a PDF read by its
//! geometry.

use std::process::ExitCode;

use cnbudget_table::{Document, Table, Value};

fn main() -> ExitCode {
    let mut json = false;
    let mut file: Option<String> = None;
    for a in std::env::args().skip(1) {
        match a.as_str() {
            "--json" => json = true,
            "-h" | "--help" => {
                println!("usage: tables [--json] [FILE]   (no FILE: the embedded sample)");
                return ExitCode::SUCCESS;
            }
            flag if flag.starts_with('-') && flag.len() > 1 => {
                eprintln!("error: unknown option {flag} (try --help)");
                return ExitCode::from(2);
            }
            _ if file.is_some() => {
                eprintln!("error: one FILE at a time (try --help)");
                return ExitCode::from(2);
            }
            _ => file = Some(a),
        }
    }
    let doc = match file {
        Some(path) => match cnbudget::Disclosure::from_path(&path) {
            Ok(d) => d.document,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        },
        None => {
            eprintln!("(no FILE given: reading the embedded sample)");
            cnbudget_table::parse(cnbudget_table::SAMPLE)
        }
    };
    if json {
        match serde_json::to_string_pretty(&doc) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        print_document(&doc);
    }
    ExitCode::SUCCESS
}

fn print_document(doc: &Document) {
    for (i, t) in doc.tables.iter().enumerate() {
        print_table(i + 1, t);
    }
    println!(
        "{} tables, {} prose paragraphs, {} contents entries, {} unplaced lines",
        doc.tables.len(),
        doc.prose.len(),
        doc.contents.len(),
        doc.unplaced.len()
    );
    for u in &doc.unplaced {
        println!("  unplaced line {}: {} ({})", u.line, u.text, u.reason);
    }
}

fn print_table(i: usize, t: &Table) {
    println!(
        "#{i} [{}] {} {}  lines {}-{}",
        t.kind,
        t.number.as_deref().unwrap_or(""),
        t.title.as_deref().unwrap_or("(untitled)"),
        t.first_line,
        t.last_line
    );
    println!(
        "   unit: {}   issuer: {}   layout: {:?}{}",
        t.unit.map_or("-", |u| u.as_str()),
        t.issuer.as_deref().unwrap_or("-"),
        t.layout,
        if t.empty { "   (empty)" } else { "" }
    );
    let cols: Vec<String> = t
        .columns
        .iter()
        .map(|c| format!("{}:{:?}", c.path.join("/"), c.role))
        .collect();
    println!("   columns: {}", cols.join(" | "));
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
        println!(
            "   {:>5}: {}{code}",
            r.lines.first().copied().unwrap_or(0),
            cells.join(" | ")
        );
    }
    for n in &t.notes {
        println!("   note {}: {} {:?}", n.line, n.text, n.flags);
    }
    for w in &t.warnings {
        match w.column {
            Some(c) => println!("   warning {}:{c}: {}", w.line, w.message),
            None => println!("   warning {}: {}", w.line, w.message),
        }
    }
}
