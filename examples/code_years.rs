//! A function code (支出功能分类科目) with every name it has had, by years, and its children.
//! `cargo run --example code_years -- CODE [YEAR]` (default: 2101506 in 2024)
use cnbudget::functional::{Catalogue, FunctionCode};
mod cli;
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = cli::arguments("usage: code_years [CODE [YEAR]]   (default: 2101506 2024)");
    let code: FunctionCode = args.first().map_or("2101506", |c| c.as_str()).parse()?;
    let year: u16 = args.get(1).map_or(Ok(2024), |y| y.parse())?;
    let (cat, entries) = (Catalogue::embedded(), Catalogue::embedded_entries());
    Ok(cli::stdout(|out| {
        for e in entries.iter().filter(|e| e.code == code) {
            writeln!(out, "{code} {} {} ({})", e.name, e.years, e.provenance)?;
        }
        let Some(found) = cat.get(code, year) else {
            return writeln!(out, "{code}: not in the {year} catalogue");
        };
        writeln!(out, "in {year}: {} [{:?}]", found.name(), found.edition)?;
        for c in cat.children(code, year) {
            writeln!(out, "  {} {} {}", c.code(), c.name(), c.entry.years)?;
        }
        Ok(())
    })?)
}
