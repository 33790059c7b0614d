//! Prepare a Chinese budget document: decode, repair, normalise, convert to simplified.
//!
//! ```text
//! cargo run --example convert -- FILE            # prepared text to stdout, summary to stderr
//! cargo run --example convert -- --issues FILE   # also list every issue (line:column)
//! cargo run --example convert                    # the embedded traditional sample (seed 001)
//! ```
use std::io::Write as _;
use std::process::ExitCode;

use cnbudget::text::{self, IssueKind, Repair};

fn main() -> ExitCode {
    let mut show_issues = false;
    let mut path = None;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--issues" => show_issues = true,
            "-h" | "--help" => {
                eprintln!("usage: convert [--issues] [FILE]  (no FILE: the embedded sample)");
                return ExitCode::SUCCESS;
            }
            _ => path = Some(arg),
        }
    }
    let (name, bytes) = match &path {
        Some(p) => match std::fs::read(p) {
            Ok(b) => (p.clone(), b),
            Err(e) => {
                eprintln!("convert: cannot read {p}: {e}");
                return ExitCode::from(2);
            }
        },
        None => (
            "embedded sample (seed 001, traditional)".to_owned(),
            text::SAMPLE_TRADITIONAL.to_vec(),
        ),
    };

    let p = text::prepare(&bytes);

    let mut out = std::io::stdout().lock();
    if out
        .write_all(p.text.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        // A closed pipe (`| head`) is not an error worth a panic.
        return ExitCode::SUCCESS;
    }

    let count = |f: &dyn Fn(&text::TextIssue) -> bool| p.issues.iter().filter(|i| f(i)).count();
    let mojibake =
        |i: &text::TextIssue| matches!(i.kind, IssueKind::Mojibake(_) | IssueKind::DecodeError);
    let permille = p
        .script
        .traditional_permille()
        .map_or_else(|| "-".to_owned(), |m| format!("{}.{}%", m / 10, m % 10));
    eprintln!(
        "{name}: encoding {}, script {} ({permille} traditional), {} characters converted, \
         {} mojibake spans ({} lossless, {} guessed, {} not repaired), {} pinyin glosses stripped",
        p.encoding,
        p.script.script,
        p.script.converted,
        count(&mojibake),
        count(&|i| mojibake(i) && i.repair == Repair::Lossless),
        count(&|i| mojibake(i) && i.repair == Repair::Guessed),
        count(&|i| mojibake(i) && i.repair == Repair::NotRepaired),
        count(&|i| i.kind == IssueKind::PinyinGloss && i.repair == Repair::Stripped),
    );
    if show_issues {
        for i in &p.issues {
            eprintln!("  {i}");
        }
    }
    ExitCode::SUCCESS
}
