//! Look up a budget classification code or name.
//!
//! ```text
//! cargo run --example lookup -- 2101506             # functional code: name, level, path, years, provenance
//! cargo run --example lookup -- "210 15 06"          # split 类/款/项 columns as documents write them
//! cargo run --example lookup -- 医疗保障经办事务       # find by name (or by a fragment of a name)
//! cargo run --example lookup -- --year 2018 210      # another edition
//! cargo run --example lookup -- 30239                # economic code, with its 政府 mapping
//! cargo run --example lookup -- --json 30101         # JSON output
//! cargo run --example lookup -- "卫生健康支出（类）医疗保障管理事务（款）行政运行（项）"
//! cargo run --example lookup -- --load official.csv 2101506   # overlay an official catalogue file
//! ```
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

/// `println!` that ignores a closed stdout (`| head`) instead of panicking.
macro_rules! say {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($t)*);
    }};
}

use std::process::ExitCode;

use cnbudget::economic::{self, EconomicCode, UnitType};
use cnbudget::functional::{self, FunctionCode};
use serde_json::{Value, json};

const DEFAULT_YEAR: u16 = 2024;

fn edition_note(e: functional::Edition) -> String {
    match e {
        functional::Edition::Exact(_) => String::new(),
        e => format!(
            "  (no entry for {}: answered from the {} edition)",
            e.requested(),
            e.year()
        ),
    }
}

fn econ_edition_note(e: economic::Edition) -> String {
    match e {
        economic::Edition::Exact(_) => String::new(),
        e => format!(
            "  (no entry for {}: answered from the {} edition)",
            e.requested(),
            e.year()
        ),
    }
}

fn show_function(
    cat: &functional::Catalogue,
    code: FunctionCode,
    year: u16,
    json_out: bool,
) -> Option<Value> {
    let Some(hit) = cat.get(code, year) else {
        say!("{code}: not in the functional catalogue");
        return None;
    };
    let path = cat.path(code, year);
    let others: Vec<&functional::Entry> = functional::Catalogue::embedded_entries()
        .iter()
        .chain(cat.loaded_entries())
        .filter(|e| e.code == code && !std::ptr::eq(*e, hit.entry))
        .collect();
    if json_out {
        return Some(json!({
            "classification": "functional",
            "year": year,
            "lookup": hit,
            "level": code.level().chinese(),
            "path": path,
            "other_names": others,
        }));
    }
    say!(
        "code        {code}  (支出功能分类, {})",
        code.level().chinese()
    );
    say!("name        {}{}", hit.name(), edition_note(hit.edition));
    let names: Vec<String> = path
        .iter()
        .map(|l| format!("{} {}", l.code(), l.name()))
        .collect();
    say!("path        {}", names.join(" > "));
    say!("years       {}", hit.entry.years);
    say!("provenance  {}", hit.entry.provenance);
    for e in others {
        say!(
            "also named  {} in {} ({})",
            e.name,
            e.years,
            e.provenance.source
        );
    }
    None
}

fn show_economic(
    cat: &economic::Catalogue,
    code: EconomicCode,
    year: u16,
    json_out: bool,
) -> Option<Value> {
    let Some(hit) = cat.get(code, year) else {
        say!("{code}: not in the economic catalogue");
        return None;
    };
    let path = cat.path(code, year);
    let maps: Vec<(UnitType, Option<&economic::Mapping>)> = [UnitType::Jiguan, UnitType::Shiye]
        .into_iter()
        .map(|u| (u, cat.government_for(code, u)))
        .collect();
    if json_out {
        return Some(json!({
            "classification": "economic",
            "form": code.form().chinese(),
            "year": year,
            "lookup": hit,
            "level": code.level().chinese(),
            "path": path,
            "expense_kind": code.expense_kind(),
            "government_mapping": maps.iter().filter_map(|(_, m)| *m).collect::<Vec<_>>(),
            "maps_from": cat.departments_for(code),
        }));
    }
    say!(
        "code        {code}  ({}预算支出经济分类, {})",
        code.form().chinese(),
        code.level().chinese()
    );
    say!(
        "name        {}{}",
        hit.name(),
        econ_edition_note(hit.edition)
    );
    let names: Vec<String> = path
        .iter()
        .map(|l| format!("{} {}", l.code(), l.name()))
        .collect();
    say!("path        {}", names.join(" > "));
    say!("years       {}", hit.entry.years);
    say!("provenance  {}", hit.entry.provenance);
    if let Some(kind) = code.expense_kind() {
        say!("split       {kind}");
    }
    for (unit, m) in maps {
        if let Some(m) = m {
            let name = cat.name(m.government, year).unwrap_or("?");
            say!(
                "政府 ({unit})  {} {name}  (mapping for {}, confidence {})",
                m.government,
                m.scope,
                m.confidence
            );
        }
    }
    for m in cat.departments_for(code) {
        let name = cat.name(m.department, year).unwrap_or("?");
        say!("from 部门    {} {name} ({})", m.department, m.scope);
    }
    None
}

fn main() -> ExitCode {
    let mut year = DEFAULT_YEAR;
    let mut json_out = false;
    let mut words: Vec<String> = Vec::new();
    let mut fcat = functional::Catalogue::new();
    let mut ecat = economic::Catalogue::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--year" => match args.next().and_then(|y| y.parse().ok()) {
                Some(y) => year = y,
                None => {
                    eprintln!("--year needs a year, e.g. --year 2018");
                    return ExitCode::FAILURE;
                }
            },
            "--json" => json_out = true,
            "--load" | "--load-economic" => {
                let Some(path) = args.next() else {
                    eprintln!("{a} needs a CSV path");
                    return ExitCode::FAILURE;
                };
                let loaded = if a == "--load" {
                    fcat.load_csv_path(&path, None).map_err(|e| e.to_string())
                } else {
                    ecat.load_csv_path(&path, None).map_err(|e| e.to_string())
                };
                match loaded {
                    Ok(n) => eprintln!("loaded {n} rows from {path}"),
                    Err(e) => {
                        eprintln!("{e}");
                        return ExitCode::FAILURE;
                    }
                }
            }
            "-h" | "--help" => {
                say!(
                    "usage: lookup [--year YEAR] [--json] [--load functional.csv] [--load-economic economic.csv] CODE|NAME|CHAIN"
                );
                return ExitCode::SUCCESS;
            }
            _ => words.push(a),
        }
    }
    let query = words.join(" ");
    if query.trim().is_empty() {
        eprintln!(
            "give a code (2101506, \"210 15 06\", 30239) or a name (医疗保障经办事务); --help for more"
        );
        return ExitCode::FAILURE;
    }
    let mut out: Vec<Value> = Vec::new();
    let mut found = false;
    if let Ok(code) = FunctionCode::parse(&query) {
        found = true;
        out.extend(show_function(&fcat, code, year, json_out));
    } else if let Ok(code) = EconomicCode::parse(&query) {
        found = true;
        out.extend(show_economic(&ecat, code, year, json_out));
    } else if query.contains("类)") || query.contains("类）") {
        match fcat.parse(&query, year) {
            Ok(code) => {
                found = true;
                out.extend(show_function(&fcat, code, year, json_out));
            }
            Err(fe) => match ecat.parse(&query, year) {
                Ok(code) => {
                    found = true;
                    out.extend(show_economic(&ecat, code, year, json_out));
                }
                Err(_) => {
                    eprintln!("{fe}");
                    return ExitCode::FAILURE;
                }
            },
        }
    } else {
        // A name: exact (variants allowed) first, then a fragment.
        let mut fhits: Vec<FunctionCode> =
            fcat.search(&query, year).iter().map(|l| l.code()).collect();
        let mut ehits: Vec<EconomicCode> =
            ecat.search(&query, year).iter().map(|l| l.code()).collect();
        if fhits.is_empty() && ehits.is_empty() {
            fhits = fcat
                .search_fragment(&query, year)
                .iter()
                .map(|l| l.code())
                .collect();
            ehits = ecat
                .search_fragment(&query, year)
                .iter()
                .map(|l| l.code())
                .collect();
        }
        fhits.dedup();
        ehits.dedup();
        let many = fhits.len() + ehits.len() > 1;
        if many && !json_out {
            say!(
                "{} matches for {query:?} in {year}:\n",
                fhits.len() + ehits.len()
            );
        }
        for code in fhits {
            found = true;
            out.extend(show_function(&fcat, code, year, json_out));
            if many && !json_out {
                say!("");
            }
        }
        for code in ehits {
            found = true;
            out.extend(show_economic(&ecat, code, year, json_out));
            if many && !json_out {
                say!("");
            }
        }
    }
    if json_out {
        say!(
            "{}",
            serde_json::to_string_pretty(&Value::Array(out)).unwrap()
        );
    }
    if found {
        ExitCode::SUCCESS
    } else {
        eprintln!("nothing found for {query:?}");
        ExitCode::FAILURE
    }
}
