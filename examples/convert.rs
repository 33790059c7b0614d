//! Prepare a Chinese budget document: decode, repair, normalise, convert to simplified.
//!
//! ```text
//! cargo run --example convert -- FILE            # prepared text to stdout, summary to stderr
//! cargo run --example convert -- --issues FILE   # also list every issue (line:column)
//! cargo run --example convert                    # the embedded traditional sample (seed 001)
//! ```
//!
//! FILE is read by `cnbudget::Disclosure::from_path`, as every example reads it: text in any
//! encoding, or a `.pdf`; the text printed is the disclosure's prepared text, the text every
//! table and finding refers to by line.
//!
//! Exit status: 0; 2 on a usage error or an unreadable file.
use std::process::ExitCode;

use cnbudget::Disclosure;
use cnbudget::text::{self, IssueKind, Repair};

mod cli;

const USAGE: &str = "usage: convert [--issues] [FILE]  (no FILE: the embedded sample)
exit status: 0 text printed; 2 usage error or unreadable file";

fn main() -> ExitCode {
    let mut show_issues = false;
    let mut path = None;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--issues" => show_issues = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            flag if flag.starts_with('-') && flag.len() > 1 => {
                eprintln!("convert: unknown option {flag}\n{USAGE}");
                return ExitCode::from(cli::EXIT_USAGE);
            }
            _ if path.is_some() => {
                eprintln!("convert: one FILE at a time\n{USAGE}");
                return ExitCode::from(cli::EXIT_USAGE);
            }
            _ => path = Some(arg),
        }
    }
    let (name, d) = match &path {
        Some(p) => match Disclosure::from_path(p) {
            Ok(d) => (p.clone(), d),
            Err(e) => {
                eprintln!("convert: {e}");
                return ExitCode::from(cli::EXIT_USAGE);
            }
        },
        None => (
            "embedded sample (seed 001, traditional)".to_owned(),
            Disclosure::from_bytes(text::SAMPLE_TRADITIONAL),
        ),
    };
    let p = &d.prepared;

    if let Err(e) = cli::stdout(|out| out.write_all(p.text.as_bytes())) {
        eprintln!("convert: cannot write: {e}");
        return ExitCode::from(cli::EXIT_USAGE);
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
