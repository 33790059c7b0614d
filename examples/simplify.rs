//! Traditional-script text to simplified, as cnbudget prepares every document (OpenCC's t2s
//! rules, full-width digits and punctuation normalised, mojibake repaired where it is safe).
//! `cargo run --example simplify -- TEXT...` (no TEXT: a sentence of ours)
mod cli;
fn main() -> std::io::Result<()> {
    let args = cli::arguments("usage: simplify [TEXT...]   (no TEXT: an example sentence)");
    let text = match args.is_empty() {
        true => "本年度結餘資金１，２３４．５０萬元，績效指標全部完成。".to_string(),
        false => args.join(" "),
    };
    let prepared = cnbudget::text::prepare(text.as_bytes());
    cli::stdout(|out| {
        writeln!(out, "{}", prepared.text)?;
        for issue in &prepared.issues {
            writeln!(out, "  {issue}")?;
        }
        Ok(())
    })
}
