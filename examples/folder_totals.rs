//! A folder's .txt/.html/.pdf disclosures as one CSV: document, year, department, 支出总计 in 元.
use cnbudget::{Disclosure, table::TableKind::IncomeExpenditureSummary};
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
            // The last 总计 or 合计 on the 支出 side of the first 收支总表.
            let table = d.document.tables_of(IncomeExpenditureSummary).next();
            let rows = table.map(|t| t.summary_rows()).unwrap_or_default();
            let mut items = rows.iter().flat_map(|r| &r.expenditure);
            let item = items.rfind(|i| i.name.ends_with("总计") || i.name.ends_with("合计"));
            let yuan = item.and_then(|i| table?.unit?.to_yuan(i.amount()?));
            let (name, year) = (path.display().to_string(), d.metadata.year);
            csv.serialize((name, year, d.metadata.name, yuan.map(|y| y.normalize())))?;
        }
        csv.flush()
    })?)
}
