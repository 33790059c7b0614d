//! What the examples share: standard output that stops quietly when its reader goes away,
//! JSON documents one per line or indented, and the rule that makes `audit` and `tables` exit 3.
//!
//! Each example declares `mod cli;` and uses the part it needs, so the parts one example does
//! not use are not dead code.
#![allow(dead_code)]

use std::io::{self, BufWriter, ErrorKind, Write};

use cnbudget::audit::Finding;

/// Exit status of a usage error (unknown option, missing argument) or an unreadable file.
pub const EXIT_USAGE: u8 = 2;

/// Exit status when a document is not a budget or final-account disclosure at all.
pub const EXIT_NOT_BUDGET: u8 = 3;

/// The audit rule that says a document is not a budget or final-account disclosure.
pub const NOT_BUDGET_RULE: &str = "document.not_budget";

/// Whether the findings say the document is not a budget or final-account disclosure
/// (compared by the rule's id string).
pub fn not_budget(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.rule == NOT_BUDGET_RULE)
}

/// Runs `body` with buffered standard output. A closed pipe (`tables FILE | head`) ends the
/// output quietly with `Ok`: the reader has what it wanted. Other write errors are returned.
pub fn stdout(body: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let mut out = BufWriter::new(io::stdout().lock());
    match body(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Writes one JSON document and a line break: on one line, so that the documents of several
/// files are JSON Lines, or indented for reading (`--pretty`).
pub fn write_json(
    out: &mut dyn Write,
    value: &impl serde::Serialize,
    pretty: bool,
) -> io::Result<()> {
    if pretty {
        serde_json::to_writer_pretty(&mut *out, value)?;
    } else {
        serde_json::to_writer(&mut *out, value)?;
    }
    writeln!(out)
}

/// The positional arguments. `-h`/`--help` prints `usage` and exits 0; any other option is a
/// usage error (exit status 2): the small examples take no options.
pub fn arguments(usage: &str) -> Vec<String> {
    let mut out = Vec::new();
    for a in std::env::args().skip(1) {
        if a == "-h" || a == "--help" {
            println!("{usage}");
            std::process::exit(0);
        }
        if a.starts_with('-') && a.len() > 1 {
            eprintln!("unknown option {a}\n{usage}");
            std::process::exit(i32::from(EXIT_USAGE));
        }
        out.push(a);
    }
    out
}
