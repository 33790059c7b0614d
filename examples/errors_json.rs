//! Only the error-severity findings of the audit, one JSON object per line (JSON Lines).
//! `cargo run --example errors_json -- [FILE...]` (no FILE: the embedded sample)
use cnbudget::{Disclosure, audit::Severity};
mod cli;
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut files = cli::arguments("usage: errors_json [FILE...]   (no FILE: the embedded sample)");
    let mut docs = Vec::new();
    if files.is_empty() {
        files.push("embedded sample".into());
        docs.push(Disclosure::from_bytes(cnbudget::SAMPLE.as_bytes()));
    } else {
        for f in &files {
            docs.push(Disclosure::from_path(f)?);
        }
    }
    Ok(cli::stdout(|out| {
        for (file, d) in files.iter().zip(&docs) {
            for f in d.audit().iter().filter(|f| f.severity == Severity::Error) {
                let line = serde_json::json!({ "document": file, "finding": f });
                writeln!(out, "{line}")?;
            }
        }
        Ok(())
    })?)
}
