#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The examples are a public command-line surface: `--help` prints the usage on stdout and
//! exits 0; an unknown option is a usage error (exit status 2), never read as a file name; every
//! input, a `.pdf` too, is read the same way (`Disclosure::from_path`); a closed pipe ends the
//! output quietly; JSON is one document per line; the small task examples give real values.
//!
//! `cargo test` builds the examples before running tests; run on its own
//! (`cargo test --test examples_cli`) it skips the examples that are not built.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn example(name: &str) -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    // target/<profile>/deps/examples_cli-… → target/<profile>/examples/<name>
    let path = exe
        .parent()?
        .parent()?
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    if path.is_file() {
        Some(path)
    } else {
        eprintln!("skipping {name}: not built at {}", path.display());
        None
    }
}

/// Runs an example to completion; `None` when it is not built.
fn run(name: &str, args: &[&str]) -> Option<Output> {
    let bin = example(name)?;
    Some(Command::new(bin).args(args).output().unwrap())
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh folder under the system's temporary folder.
fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cnbudget-cli-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every example this test covers (`lookup` and `catalogue_coverage` have their own rules).
const MAIN: [&str; 5] = ["audit", "batch", "convert", "indicators", "tables"];
const SMALL: [&str; 6] = [
    "function_csv",
    "code_years",
    "simplify",
    "list_indicators",
    "errors_json",
    "folder_totals",
];

#[test]
fn help_and_unknown_options() {
    for name in MAIN.iter().chain(&SMALL).chain(&["lookup"]) {
        let Some(help) = run(name, &["--help"]) else {
            continue;
        };
        assert_eq!(help.status.code(), Some(0), "{name} --help");
        let out = stdout(&help);
        assert!(out.contains(&format!("usage: {name}")), "{name}: {out}");
        if *name == "lookup" {
            continue; // lookup reads any other word as a name to look up
        }
        let bad = run(name, &["--no-such-option"]).unwrap();
        assert_eq!(bad.status.code(), Some(2), "{name} --no-such-option");
        assert!(stderr(&bad).contains("--no-such-option"), "{name}");
        assert!(bad.stdout.is_empty(), "{name} printed on a usage error");
    }
}

/// `audit --help` says what each exit status means; `tables --help` names its status 3.
#[test]
fn help_explains_exit_statuses() {
    if let Some(help) = run("audit", &["--help"]) {
        let out = stdout(&help);
        assert!(out.contains("1  errors found"), "{out}");
        assert!(out.contains("2  usage error"), "{out}");
        assert!(out.contains("3  some document is not a budget"), "{out}");
        assert!(out.contains("document.not_budget"), "{out}");
    }
    if let Some(help) = run("tables", &["--help"]) {
        let out = stdout(&help);
        assert!(out.contains("3 a document is not a budget"), "{out}");
    }
}

/// An unreadable file is exit status 2 with the path named, in every example that reads one.
#[test]
fn unreadable_file_is_exit_2() {
    let missing = "/nonexistent/budget.txt";
    for name in ["audit", "convert", "indicators", "tables", "function_csv"] {
        let Some(o) = run(name, &[missing]) else {
            continue;
        };
        if name == "function_csv" {
            // A small example returns its error from main: exit status 1, message on stderr.
            assert_eq!(o.status.code(), Some(1), "{name}");
        } else {
            assert_eq!(o.status.code(), Some(2), "{name}");
        }
        assert!(stderr(&o).contains(missing), "{name}: {}", stderr(&o));
    }
}

/// A big input (the embedded sample ten times), so that the output outgrows a pipe's buffer.
fn big_input() -> PathBuf {
    let dir = temp_dir("pipe");
    let path = dir.join("big.txt");
    std::fs::write(&path, cnbudget::SAMPLE.repeat(10)).unwrap();
    path
}

/// `tables FILE | head`: the reader closes the pipe after a few bytes; the example stops
/// quietly (exit 0, no panic message), for every example that prints a document.
#[test]
fn closed_pipe_is_not_a_panic() {
    let big = big_input();
    let big = big.to_str().unwrap();
    // Each case prints more than 100 KB, beyond any pipe buffer.
    let cases: [(&str, Vec<&str>); 6] = [
        ("tables", vec![big, big, big]),
        ("tables", vec!["--json", big, big, big]),
        ("audit", vec!["--json", "--full", big, big]),
        ("audit", vec!["--csv", big, big]),
        ("convert", vec![big]),
        ("indicators", vec![big, big, big, big]),
    ];
    for (name, args) in cases {
        let Some(bin) = example(name) else { continue };
        let mut child = Command::new(bin)
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 64];
        child
            .stdout
            .as_mut()
            .unwrap()
            .read_exact(&mut first)
            .unwrap();
        drop(child.stdout.take()); // `head` has what it wanted
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        let status = child.wait().unwrap();
        assert!(!err.contains("panicked"), "{name} {args:?}: {err}");
        assert!(!err.contains("Broken pipe"), "{name} {args:?}: {err}");
        // audit's status counts findings, not the pipe: 0 or 1 for the sample.
        let ok = if name == "audit" { [0, 1] } else { [0, 0] };
        assert!(
            status.code().is_some_and(|c| ok.contains(&c)),
            "{name} {args:?}: {status}"
        );
    }
}

/// The shared corpus PDF of 上海市普陀区人民政府万里街道办事处's 2023 budget, when it can be
/// read here (the shared folder is present and the PDF reader works).
fn corpus_pdf() -> Option<PathBuf> {
    let pdf = cnbudget_testkit::find("corpus", "001_", "pdf")?;
    match cnbudget::Disclosure::from_path(&pdf) {
        Ok(_) => Some(pdf),
        Err(e) if e.kind() == cnbudget::DisclosureErrorKind::Pdf => {
            eprintln!("skipping the PDF examples: {e}");
            None
        }
        Err(e) => panic!("{}: {e}", pdf.display()),
    }
}

/// Every example reads a `.pdf` as `audit` does: real tables, text, goals, not `%PDF-` bytes.
#[test]
fn pdf_through_every_example() {
    let Some(pdf) = corpus_pdf() else { return };
    let p = pdf.to_str().unwrap();
    let unit = "上海市普陀区人民政府万里街道办事处";
    let check = |name: &str, args: &[&str], expect: &[&str]| {
        let Some(o) = run(name, args) else { return };
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        let out = stdout(&o);
        assert!(!out.contains("%PDF-"), "{name} printed the PDF's bytes");
        for e in expect {
            assert!(out.contains(e), "{name} {args:?} lacks {e:?}");
        }
    };
    check(
        "convert",
        &[p],
        &["上海市普陀区2023年区级部门预算", "统计管理"],
    );
    // 201 05 06 统计管理: 26,300 元 in the 一般公共预算支出表; each table with its page.
    check(
        "tables",
        &[p],
        &[
            "[income_expenditure_summary]  2023年部门财务收支预算总表  lines 189-213  page 10",
            "统计管理 | 26300",
        ],
    );
    check(
        "indicators",
        &[p],
        &["项目 - 新建万里街道社区公共服务中心", "规划建筑面积"],
    );
    check("indicators", &["--tsv", p], &["#title\t", "规划建筑面积"]);
    check("audit", &[p], &[&format!("{unit} · 2023 · 预算 · 部门")]);
    check("function_csv", &[p], &["2010506,统计管理,2.63,26300\n"]);
    check("list_indicators", &[p], &["新建万里街道社区公共服务中心\t"]);
    check("errors_json", &[p], &[]);
    let dir = temp_dir("pdf");
    std::fs::copy(&pdf, dir.join("001.pdf")).unwrap();
    let d = dir.to_str().unwrap();
    check("batch", &[d], &["\"year\":2023", unit]);
    check(
        "folder_totals",
        &[d],
        &[&format!(",2023,{unit},164978640\n")],
    );
    if let Some(o) = run("tables", &["--json", p]) {
        let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
        assert_eq!(v["document"], p);
        assert_eq!(v["tables"][0]["kind"], "income_expenditure_summary");
    }
}

/// `audit --json`: one line per document, the prepared text and offset map only with `--full`.
#[test]
fn audit_json_without_prepared_text_and_as_json_lines() {
    let Some(o) = run("audit", &["--json"]) else {
        return;
    };
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "one document, one line");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["disclosure"]["metadata"]["year"], 2023);
    let prepared = v["disclosure"]["prepared"].as_object().unwrap();
    assert!(!prepared.contains_key("text") && !prepared.contains_key("offset_map"));
    assert!(prepared.contains_key("encoding") && prepared.contains_key("issues"));
    // The sample's 2101506 医疗保障经办事务 row is in the tables.
    let tables = v["disclosure"]["document"]["tables"].as_array().unwrap();
    assert!(out.contains("医疗保障经办事务"));
    assert!(!tables.is_empty());

    let full = run("audit", &["--json", "--full"]).unwrap();
    let f: Value = serde_json::from_str(&stdout(&full)).unwrap();
    let text = f["disclosure"]["prepared"]["text"].as_str().unwrap();
    assert!(text.contains("重庆市荣昌区医疗保障局"));
    assert!(f["disclosure"]["prepared"].get("offset_map").is_some());
    assert!(full.stdout.len() > o.stdout.len() + text.len());

    let pretty = run("audit", &["--pretty"]).unwrap();
    assert!(stdout(&pretty).lines().count() > 100);
    let p: Value = serde_json::from_str(&stdout(&pretty)).unwrap();
    assert_eq!(p, v);
}

/// Several files: JSON Lines (one document a line) from `audit`, `tables` and `indicators`.
#[test]
fn several_files_are_json_lines() {
    let dir = temp_dir("jsonl");
    let a = dir.join("a.txt");
    let b = dir.join("b.txt");
    std::fs::write(&a, cnbudget::SAMPLE).unwrap();
    std::fs::write(&b, cnbudget::text::SAMPLE_TRADITIONAL).unwrap();
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    for (name, years) in [
        ("audit", Some([2023, 2021])),
        ("tables", None),
        ("indicators", None),
    ] {
        let Some(o) = run(name, &["--json", a, b]) else {
            continue;
        };
        assert!(matches!(o.status.code(), Some(0 | 1)), "{name}");
        let lines: Vec<Value> = stdout(&o)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2, "{name}");
        assert_eq!(lines[0]["document"], a, "{name}");
        assert_eq!(lines[1]["document"], b, "{name}");
        if let Some(years) = years {
            for (line, year) in lines.iter().zip(years) {
                assert_eq!(line["disclosure"]["metadata"]["year"], year);
            }
        }
        if name == "indicators" {
            // The sample's 附件11 has three projects; seed 001 is a final account with
            // self-evaluations.
            assert_eq!(lines[0]["projects"].as_array().unwrap().len(), 3);
            assert!(!lines[1]["evaluations"].as_array().unwrap().is_empty());
        }
    }
}

/// Exit status 3 exactly when the audit says `document.not_budget`: a text that is not a
/// budget (a recipe of ours) gets it once the rule exists; a real budget never does.
#[test]
fn not_budget_is_exit_3() {
    let dir = temp_dir("notbudget");
    let recipe = dir.join("recipe.txt");
    std::fs::write(
        &recipe,
        "番茄炒蛋\n\n材料：番茄两个，鸡蛋三个，盐少许。\n先炒蛋，再炒番茄，最后一起翻炒。\n",
    )
    .unwrap();
    let r = recipe.to_str().unwrap();
    let Some(json) = run("audit", &["--json", r]) else {
        return;
    };
    let v: Value = serde_json::from_str(&stdout(&json)).unwrap();
    let flagged = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "document.not_budget");
    let expected = if flagged { Some(3) } else { Some(0) };
    for name in ["audit", "tables"] {
        let Some(o) = run(name, &[r]) else { continue };
        assert_eq!(o.status.code(), expected, "{name} on a recipe");
    }
    // The embedded sample is a budget: never 3.
    for name in ["audit", "tables"] {
        let Some(o) = run(name, &[]) else { continue };
        assert_ne!(o.status.code(), Some(3), "{name} on the sample");
    }
}

/// The long CSV of `audit --csv` over two documents: one header, every amount of both, the
/// amount in 元 consistent with the unit.
#[test]
fn audit_csv_of_two_documents() {
    let Some(second) = cnbudget_testkit::find("corpus", "002_", "txt") else {
        return;
    };
    let dir = temp_dir("csv");
    let a = dir.join("a.txt");
    std::fs::write(&a, cnbudget::SAMPLE).unwrap();
    let (a, b) = (a.to_str().unwrap(), second.to_str().unwrap());
    let Some(o) = run("audit", &["--csv", a, b]) else {
        return;
    };
    assert_eq!(o.status.code(), Some(0));
    let mut reader = csv::Reader::from_reader(o.stdout.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header.join(","), cnbudget::export::CSV_HEADER);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let expected = cnbudget::export::amounts(&cnbudget::Disclosure::from_path(a).unwrap(), a).len()
        + cnbudget::export::amounts(&cnbudget::Disclosure::from_path(b).unwrap(), b).len();
    assert_eq!(rows.len(), expected);
    let field = |r: &csv::StringRecord, name: &str| {
        let i = header.iter().position(|h| h == name).unwrap();
        r.get(i).unwrap().to_string()
    };
    let project = rows
        .iter()
        .find(|r| {
            field(r, "document") == a
                && field(r, "code") == "2101506"
                && field(r, "table_kind") == "general_budget_by_function"
                && field(r, "column_role") == "project"
        })
        .unwrap();
    assert_eq!(field(project, "amount"), "317.27");
    assert_eq!(field(project, "unit"), "万元");
    assert_eq!(field(project, "amount_yuan"), "3172700.00");
    assert_eq!(field(project, "fiscal_year"), "2023");
    assert_eq!(field(project, "department"), "重庆市荣昌区医疗保障局");
    // Corpus 002, 上海市普陀区万里街道 2024 budget, in 元: 2010507 专项普查活动 257,700.
    let putuo = rows
        .iter()
        .find(|r| {
            field(r, "document") == b
                && field(r, "code") == "2010507"
                && field(r, "table_kind") == "general_budget_by_function"
                && field(r, "column_role") == "total"
        })
        .unwrap();
    assert_eq!(field(putuo, "fiscal_year"), "2024");
    assert_eq!(field(putuo, "phase"), "budget");
    assert_eq!(
        field(putuo, "department"),
        "上海市普陀区人民政府万里街道办事处"
    );
    assert_eq!(field(putuo, "unit"), "元");
    assert_eq!(field(putuo, "amount"), "257700");
    assert_eq!(field(putuo, "amount_yuan"), "257700");
}

/// `batch --csv`: one CSV for a folder, rows in path order; `--parquet` without the feature
/// is a clear usage error, with it a file DuckDB and friends read.
#[test]
fn batch_writes_one_amount_file_for_a_folder() {
    let Some(second) = cnbudget_testkit::find("corpus", "002_", "txt") else {
        return;
    };
    let dir = temp_dir("batch");
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join("a.txt"), cnbudget::SAMPLE).unwrap();
    std::fs::copy(&second, docs.join("b.txt")).unwrap();
    let csv_path = dir.join("amounts.csv");
    let pq = dir.join("amounts.parquet");
    let (d, c, q) = (
        docs.to_str().unwrap(),
        csv_path.to_str().unwrap(),
        pq.to_str().unwrap(),
    );
    let Some(o) = run("batch", &[d, "--csv", c]) else {
        return;
    };
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let lines: Vec<Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["year"], 2023);
    assert_eq!(lines[1]["year"], 2024);
    let text = std::fs::read_to_string(&csv_path).unwrap();
    assert_eq!(text.lines().next(), Some(cnbudget::export::CSV_HEADER));
    let lines: Vec<&str> = text.lines().collect();
    let first_b = lines.iter().position(|l| l.contains("b.txt")).unwrap();
    let last_a = lines.iter().rposition(|l| l.contains("a.txt")).unwrap();
    assert!(last_a < first_b, "rows in path order");
    assert!(text.contains(",2101506,function,医疗保障经办事务,"));

    let o = run("batch", &[d, "--parquet", q]).unwrap();
    if cfg!(feature = "parquet") {
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let bytes = std::fs::read(&pq).unwrap();
        assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
    } else {
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("--features parquet"), "{}", stderr(&o));
    }
}

/// The small task examples, each under 30 lines, with real values.
#[test]
fn small_examples_give_real_values() {
    for name in SMALL {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(format!("{name}.rs"));
        let lines = std::fs::read_to_string(&path).unwrap().lines().count();
        assert!(lines < 30, "{name}.rs has {lines} lines");
    }
    let expect = |name: &str, args: &[&str], want: &[&str]| {
        let Some(o) = run(name, args) else { return };
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        let out = stdout(&o);
        for w in want {
            assert!(out.contains(w), "{name} {args:?} lacks {w:?}:\n{out}");
        }
    };
    // The sample's 一般公共预算支出表: 2101506 医疗保障经办事务, 合计 … 万元.
    expect(
        "function_csv",
        &[],
        &[
            "code,name,total_wan_yuan,total_yuan\n",
            "205,教育支出,4.01,40100\n",
        ],
    );
    expect(
        "code_years",
        &["210", "2024"],
        &[
            "210 医疗卫生与计划生育支出 2017–2018",
            "210 卫生健康支出 2019–2026",
            "  21015 医疗保障管理事务",
        ],
    );
    expect(
        "simplify",
        &["結餘與指標", "１，８３６．４２萬元"],
        &["结余与指标 1,836.42万元\n"],
    );
    expect(
        "list_indicators",
        &[],
        &["荣昌区离休干部医疗费\t产出指标\t数量指标\t离休干部医疗报销人次\t≥200人次\n"],
    );
    // The sample has no error; seed 001 has the three explained in docs/audit-seeds.md.
    if let Some(o) = run("errors_json", &[]) {
        assert!(o.status.success() && o.stdout.is_empty(), "{}", stdout(&o));
    }
    if let Some(seed) = cnbudget_testkit::find("seeds", "001_", "txt") {
        let s = seed.to_str().unwrap();
        if let Some(o) = run("errors_json", &[s]) {
            let lines: Vec<Value> = stdout(&o)
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
            let got: Vec<(String, u64)> = lines
                .iter()
                .map(|l| {
                    assert_eq!(l["document"], s);
                    assert_eq!(l["finding"]["severity"], "error");
                    let f = &l["finding"];
                    (
                        f["rule"].as_str().unwrap().to_string(),
                        f["lines"][0].as_u64().unwrap(),
                    )
                })
                .collect();
            assert_eq!(
                got,
                [
                    ("indicator.total_score".to_string(), 557),
                    ("indicator.execution_rate".to_string(), 1329),
                    ("indicator.total_score".to_string(), 1540),
                ]
            );
        }
    }
    let dir = temp_dir("totals");
    std::fs::write(dir.join("sample.txt"), cnbudget::SAMPLE).unwrap();
    std::fs::write(dir.join("notes.md"), "not read").unwrap();
    let d = dir.to_str().unwrap();
    // The sample's 部门收支总表 prints 合计 1,836.42 万元 on its 支出 side.
    expect(
        "folder_totals",
        &[d],
        &[
            "document,year,department,total_expenditure_yuan\n",
            "sample.txt,2023,重庆市荣昌区医疗保障局,18364200\n",
        ],
    );
}
