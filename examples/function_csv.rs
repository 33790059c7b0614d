//! The function-code rows of the 一般公共预算支出表 as CSV, in 万元 and in 元 (no FILE: a sample).
use cnbudget::Disclosure;
use cnbudget::table::{AmountUnit, ColumnRole::*, TableKind::GeneralBudgetByFunction};
mod cli;
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = cli::arguments("usage: function_csv [FILE]   (no FILE: the embedded sample)");
    let d = match args.first() {
        Some(path) => Disclosure::from_path(path)?,
        None => Disclosure::from_bytes(cnbudget::SAMPLE.as_bytes()),
    };
    let mut found = d.document.tables_of(GeneralBudgetByFunction);
    let table = found.next().ok_or("no 一般公共预算支出表")?;
    let unit = table.unit.ok_or("the table states no unit")?;
    let show =
        |a: Option<rust_decimal::Decimal>| a.map_or(String::new(), |a| a.normalize().to_string());
    Ok(cli::stdout(|out| {
        let mut csv = csv::Writer::from_writer(out);
        csv.write_record(["code", "name", "total_wan_yuan", "total_yuan"])?;
        for row in table.function_rows() {
            // 合计, or the one amount column of a table without a 基本/项目 split.
            let total = row.amount(Total).or(row.amount(Amount));
            let yuan = total.and_then(|a| unit.to_yuan(a));
            let wan = show(yuan.map(|y| y / AmountUnit::TenThousandYuan.yuan_per_unit()));
            let name = row.name.unwrap_or_default();
            csv.write_record([&row.code.digits, &name, &wan, &show(yuan)])?;
        }
        csv.flush()
    })?)
}
