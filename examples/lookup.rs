//! Look up a budget classification code or name, for a year.
//!
//! ```text
//! cargo run --example lookup -- 2101506             # functional code: its name for 2024, path, evidence by year
//! cargo run --example lookup -- "210 15 06"          # split 类/款/项 columns as documents write them
//! cargo run --example lookup -- 医疗保障经办事务       # find by name (or by a fragment of a name)
//! cargo run --example lookup -- --year 2017 20828    # another year: the name of that year, or why there is none
//! cargo run --example lookup -- 30239                # economic code, with its 政府 mapping
//! cargo run --example lookup -- --json 30101         # JSON output
//! cargo run --example lookup -- "卫生健康支出（类）医疗保障管理事务（款）行政运行（项）"
//! cargo run --example lookup -- --load official.csv 2101506   # overlay an official catalogue file
//! ```
//!
//! For the year asked for, the answer is the name of that year when evidence covers it, `not
//! in the Y edition` when evidence says the code did not exist then, and `unknown for Y` when
//! there is no evidence either way (the nearest year's name is shown for reference, never as
//! the answer). Exit status: 0 found, 1 nothing found or a file that cannot be loaded, 2 a
//! usage error (an unknown option, a missing or bad argument).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::Write as _;
use std::process::ExitCode;

use cnbudget::economic::{self, EconomicCode, UnitType};
use cnbudget::functional::{self, FunctionCode};
use cnbudget_catalogue::{Catalogue, Classification, Edition, Entry, Lookup};
use serde_json::{Value, json};

const DEFAULT_YEAR: u16 = 2024;

const USAGE: &str = "usage: lookup [--year YEAR] [--json] [--load functional.csv] [--load-economic economic.csv] CODE|NAME|CHAIN

Looks up a 支出功能分类 or 支出经济分类 code (2101506, \"210 15 06\", 30239), a name or a fragment
of one (医疗保障经办事务), or a name chain (卫生健康支出（类）医疗保障管理事务（款）), for YEAR
(default 2024): the name of that year with its evidence, \"not in the YEAR edition\" when
evidence says the code did not exist then, \"unknown for YEAR\" without evidence.

  --year YEAR             the year to answer for
  --json                  JSON output
  --load FILE             overlay an official functional catalogue (CSV: code,name[,year])
  --load-economic FILE    overlay an official economic catalogue
  -h, --help              this text

Exit status: 0 found, 1 nothing found (or a file that cannot be loaded), 2 usage error.";

/// A writer of standard output that stops quietly when the reader goes away
/// (`lookup … | head -1`) instead of panicking on the broken pipe.
struct Out {
    closed: bool,
}

impl Out {
    fn line(&mut self, s: &str) {
        if self.closed {
            return;
        }
        let mut stdout = std::io::stdout().lock();
        if let Err(e) = writeln!(stdout, "{s}")
            && e.kind() == std::io::ErrorKind::BrokenPipe
        {
            self.closed = true;
        }
    }
}

/// `named`, `not_in_edition` or `unknown`: what the catalogue knows of the code in the year.
fn status(edition: Edition) -> &'static str {
    if edition.is_known() {
        "named"
    } else if edition.is_absent() {
        "not_in_edition"
    } else {
        "unknown"
    }
}

/// The lines every code shows: its answer for the year, path, years, evidence, source and
/// its other names.
fn describe<C: Classification>(out: &mut Out, cat: &Catalogue<C>, hit: &Lookup<'_, C>, year: u16) {
    out.line(&format!("in {year:<8} {}", hit.answer()));
    let path: Vec<String> = cat
        .path(hit.code(), year)
        .map(|l| match l.edition {
            e if e.is_known() => format!("{} {}", l.code(), l.name()),
            e if e.is_absent() => format!("{} (not in {year})", l.code()),
            _ => format!(
                "{} (unknown for {year}; {} in {})",
                l.code(),
                l.name(),
                l.edition.year()
            ),
        })
        .collect();
    out.line(&format!("path        {}", path.join(" > ")));
    let entry = hit.entry;
    out.line(&format!("name        {}", entry.name));
    out.line(&format!("years       {}", entry.describe_years()));
    for (i, e) in entry.provenance.evidence.iter().enumerate() {
        let label = if i == 0 { "evidence" } else { "" };
        out.line(&format!("{label:<12}{e}"));
    }
    if let Some(b) = &entry.introduced {
        out.line(&format!("introduced  {b}"));
    }
    if let Some(b) = &entry.withdrawn {
        out.line(&format!("withdrawn   {b}"));
    }
    out.line(&format!("data        {}", entry.provenance));
    for e in others(cat, entry) {
        out.line(&format!(
            "also named  {} ({}; {})",
            e.name,
            e.describe_years(),
            e.provenance.source
        ));
    }
}

/// The code's other entries (other names, or loaded rows).
fn others<'a, C: Classification>(cat: &'a Catalogue<C>, entry: &'a Entry<C>) -> Vec<&'a Entry<C>> {
    Catalogue::<C>::embedded_entries()
        .iter()
        .chain(cat.loaded_entries())
        .filter(|e| e.code == entry.code && !std::ptr::eq(*e, entry))
        .collect()
}

/// The JSON fields every code shows.
fn json_of<C: Classification + serde::Serialize>(
    cat: &Catalogue<C>,
    hit: &Lookup<'_, C>,
    year: u16,
) -> Value {
    json!({
        "code": hit.code().to_string(),
        "year": year,
        "status": status(hit.edition),
        "answer": hit.answer(),
        "name": hit.edition.is_known().then(|| hit.name()),
        "years": hit.entry.describe_years(),
        "entry": hit.entry,
        "edition": hit.edition,
        "path": cat.path(hit.code(), year).map(|l| json!({
            "code": l.code().to_string(),
            "status": status(l.edition),
            "answer": l.answer(),
        })).collect::<Vec<_>>(),
        "other_names": others(cat, hit.entry),
    })
}

fn show_function(
    out: &mut Out,
    cat: &functional::Catalogue,
    code: FunctionCode,
    year: u16,
    json_out: bool,
) -> Option<Value> {
    let Some(hit) = cat.get(code, year) else {
        out.line(&format!(
            "{code}: not in the functional catalogue, for any year"
        ));
        return None;
    };
    if json_out {
        let mut v = json_of(cat, &hit, year);
        v["classification"] = json!("functional");
        v["level"] = json!(code.level());
        return Some(v);
    }
    out.line(&format!(
        "code        {code}  (支出功能分类, {})",
        code.level().chinese()
    ));
    describe(out, cat, &hit, year);
    None
}

fn show_economic(
    out: &mut Out,
    cat: &economic::Catalogue,
    code: EconomicCode,
    year: u16,
    json_out: bool,
) -> Option<Value> {
    let Some(hit) = cat.get(code, year) else {
        out.line(&format!(
            "{code}: not in the economic catalogue, for any year"
        ));
        return None;
    };
    let maps: Vec<&economic::Mapping> = [UnitType::Agency, UnitType::PublicInstitution]
        .into_iter()
        .filter_map(|u| cat.government_for(code, u))
        .collect();
    if json_out {
        let mut v = json_of(cat, &hit, year);
        v["classification"] = json!("economic");
        v["form"] = json!(code.form());
        v["level"] = json!(code.level());
        v["expense_kind"] = json!(code.expense_kind());
        v["government_mapping"] = json!(maps);
        v["maps_from"] = json!(cat.departments_for(code).collect::<Vec<_>>());
        return Some(v);
    }
    out.line(&format!(
        "code        {code}  ({}预算支出经济分类, {})",
        code.form().chinese(),
        code.level().chinese()
    ));
    describe(out, cat, &hit, year);
    if let Some(kind) = code.expense_kind() {
        out.line(&format!("split       {kind}"));
    }
    let answer = |c: EconomicCode| {
        cat.get(c, year)
            .map_or_else(|| "?".to_owned(), |l| l.answer())
    };
    for m in maps {
        out.line(&format!(
            "政府        {} {}  (the 2024 mapping for {}, confidence {})",
            m.government,
            answer(m.government),
            m.scope,
            m.confidence
        ));
    }
    for m in cat.departments_for(code) {
        out.line(&format!(
            "from 部门    {} {} ({})",
            m.department,
            answer(m.department),
            m.scope
        ));
    }
    None
}

fn main() -> ExitCode {
    let mut year = DEFAULT_YEAR;
    let mut json_out = false;
    let mut words: Vec<String> = Vec::new();
    let mut fcat = functional::Catalogue::new();
    let mut ecat = economic::Catalogue::new();
    let mut out = Out { closed: false };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--year" => match args.next().and_then(|y| y.parse().ok()) {
                Some(y) => year = y,
                None => {
                    eprintln!("lookup: --year needs a year, e.g. --year 2018\n\n{USAGE}");
                    return ExitCode::from(2);
                }
            },
            "--json" => json_out = true,
            "--load" | "--load-economic" => {
                let Some(path) = args.next() else {
                    eprintln!("lookup: {a} needs a CSV path\n\n{USAGE}");
                    return ExitCode::from(2);
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
                out.line(USAGE);
                return ExitCode::SUCCESS;
            }
            "--" => words.extend(args.by_ref()),
            other if other.starts_with('-') && other.len() > 1 => {
                eprintln!("lookup: unknown option {other:?}\n\n{USAGE}");
                return ExitCode::from(2);
            }
            _ => words.push(a),
        }
    }
    let query = words.join(" ");
    if query.trim().is_empty() {
        eprintln!(
            "lookup: give a code (2101506, \"210 15 06\", 30239) or a name (医疗保障经办事务)\n\n{USAGE}"
        );
        return ExitCode::from(2);
    }
    let mut values: Vec<Value> = Vec::new();
    let mut found = false;
    if let Ok(code) = FunctionCode::parse(&query) {
        found = fcat.contains(code);
        values.extend(show_function(&mut out, &fcat, code, year, json_out));
    } else if let Ok(code) = EconomicCode::parse(&query) {
        found = ecat.contains(code);
        values.extend(show_economic(&mut out, &ecat, code, year, json_out));
    } else if query.contains("类)") || query.contains("类）") {
        match fcat.parse(&query, year) {
            Ok(code) => {
                found = true;
                values.extend(show_function(&mut out, &fcat, code, year, json_out));
            }
            Err(fe) => match ecat.parse(&query, year) {
                Ok(code) => {
                    found = true;
                    values.extend(show_economic(&mut out, &ecat, code, year, json_out));
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
                .map(|l| l.code())
                .collect();
            ehits = ecat
                .search_fragment(&query, year)
                .map(|l| l.code())
                .collect();
        }
        fhits.dedup();
        ehits.dedup();
        let many = fhits.len() + ehits.len() > 1;
        if many && !json_out {
            out.line(&format!(
                "{} matches for {query:?} in {year}:\n",
                fhits.len() + ehits.len()
            ));
        }
        for code in fhits {
            found = true;
            values.extend(show_function(&mut out, &fcat, code, year, json_out));
            if many && !json_out {
                out.line("");
            }
        }
        for code in ehits {
            found = true;
            values.extend(show_economic(&mut out, &ecat, code, year, json_out));
            if many && !json_out {
                out.line("");
            }
        }
    }
    if json_out {
        out.line(&serde_json::to_string_pretty(&Value::Array(values)).unwrap());
    }
    if found {
        ExitCode::SUCCESS
    } else {
        eprintln!("nothing found for {query:?}");
        ExitCode::FAILURE
    }
}
