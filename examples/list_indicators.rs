//! Every performance indicator (绩效指标) of a disclosure, one per line, tab-separated:
//! project, 一级, 二级, 三级 indicator, target.
//! `cargo run --example list_indicators -- [FILE]` (no FILE: the embedded sample)
use cnbudget::Disclosure;
mod cli;
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = cli::arguments("usage: list_indicators [FILE]   (no FILE: the embedded sample)");
    let d = match args.first() {
        Some(path) => Disclosure::from_path(path)?,
        None => Disclosure::from_bytes(cnbudget::SAMPLE.as_bytes()),
    };
    let show = |v: Option<String>| v.unwrap_or_else(|| "-".into());
    Ok(cli::stdout(|out| {
        for project in &d.goals.projects {
            for i in &project.indicators {
                let level1 = show(i.level1.as_ref().map(ToString::to_string));
                let level2 = show(i.level2.as_ref().map(ToString::to_string));
                let target = show(i.target.as_ref().map(ToString::to_string));
                writeln!(
                    out,
                    "{}\t{level1}\t{level2}\t{}\t{target}",
                    project.name, i.name
                )?;
            }
        }
        Ok(())
    })?)
}
