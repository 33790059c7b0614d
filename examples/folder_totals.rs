//! A folder's .txt/.html/.pdf disclosures as one CSV: document, year, department, 支出总计 in 元.
use cnbudget::Disclosure;
mod cli;
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let usage = "usage: folder_totals DIR";
    let dir = std::fs::read_dir(cli::arguments(usage).pop().ok_or(usage)?)?;
    let mut paths: Vec<_> = dir.filter_map(|e| Some(e.ok()?.path())).collect();
    paths.retain(|p| {
        p.extension()
            .is_some_and(|e| e == "txt" || e == "html" || e == "pdf")
    });
    paths.sort();
    Ok(cli::stdout(|out| {
        let mut csv = csv::Writer::from_writer(out);
        csv.write_record(["document", "year", "department", "total_expenditure_yuan"])?;
        for path in &paths {
            let d = Disclosure::from_path(path).map_err(std::io::Error::other)?;
            // The document's 支出总计, from the table the totals() docs say wins.
            let total = d.totals().expenditure_total;
            let yuan = total.and_then(|t| t.to_yuan()).map(|y| y.normalize());
            let (name, year) = (path.display().to_string(), d.metadata.year);
            csv.serialize((name, year, d.metadata.name, yuan))?;
        }
        csv.flush()
    })?)
}
