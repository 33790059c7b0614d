#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
//! Tables read from the five seed documents (skipped when the shared folder is absent).

use std::path::PathBuf;

use cnbudget_table::{Document, Table, parse};

fn shared() -> Option<PathBuf> {
    cnbudget_testkit::shared()
}

fn seed(prefix: &str) -> Option<String> {
    let dir = shared()?.join("seeds");
    let entry = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix))?;
    let bytes = std::fs::read(entry.path()).ok()?;
    if std::env::var_os("RAW").is_some() {
        return Some(String::from_utf8_lossy(&bytes).into_owned());
    }
    Some(cnbudget_text::prepare(&bytes).text)
}

fn dump(doc: &Document) {
    if std::env::var_os("DUMP").is_none() {
        return;
    }
    for t in &doc.tables {
        eprintln!(
            "== {}-{} {:?} kind={} layout={:?} num={:?} unit={:?} issuer={:?} empty={} rows={}",
            t.first_line,
            t.last_line,
            t.title,
            t.kind,
            t.layout,
            t.number,
            t.unit,
            t.issuer,
            t.empty,
            t.rows.len()
        );
        for c in &t.columns {
            eprintln!("   col {} {:?} {:?} {:?}", c.index, c.path, c.role, c.side);
        }
        for r in t.rows.iter().take(60) {
            let cells: Vec<String> = r.cells.iter().map(|c| c.text.clone()).collect();
            eprintln!(
                "   {:?} code={:?} name={:?} tot={} {:?}",
                r.lines,
                r.code.as_ref().map(|c| (&c.digits, c.system)),
                r.name,
                r.total,
                cells
            );
        }
        for n in &t.notes {
            eprintln!("   note {} {:?} {:?}", n.line, n.flags, n.text);
        }
        for w in &t.warnings {
            eprintln!("   warn {} {}", w.line, w.message);
        }
    }
    for c in &doc.contents {
        eprintln!(
            "contents {} {:?} {:?} {} {}",
            c.line, c.ordinal, c.number, c.title, c.kind
        );
    }
    for u in &doc.unplaced {
        eprintln!("unplaced {} {} {}", u.line, u.reason, u.text);
    }
}

fn kinds(doc: &Document) -> Vec<&'static str> {
    doc.tables.iter().map(|t| t.kind.as_str()).collect()
}

#[allow(dead_code)]
fn by_number<'a>(doc: &'a Document, n: &str) -> &'a Table {
    doc.tables
        .iter()
        .find(|t| t.number.as_deref() == Some(n))
        .unwrap_or_else(|| panic!("no table numbered {n}"))
}

#[test]
fn dump_all() {
    for p in ["000", "001", "002", "003", "004"] {
        if std::env::var("DUMP").ok().as_deref() != Some(p) {
            continue;
        }
        let Some(text) = seed(p) else { return };
        let doc = parse(&text);
        dump(&doc);
        eprintln!("{:?}", kinds(&doc));
    }
}

use cnbudget_table::{AmountUnit, CodeSystem, ColumnRole, Layout, TableKind};
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn assert_lossless(text: &str, doc: &Document) {
    let covered = doc.covered_lines();
    for (i, line) in text.lines().enumerate() {
        if !line.trim().is_empty() {
            assert!(
                covered.binary_search(&(i + 1)).is_ok(),
                "line {} not placed: {line:?}",
                i + 1
            );
        }
    }
}

const KINDS_000: [&str; 13] = [
    "fiscal_appropriation_summary",
    "general_budget_by_function",
    "general_budget_basic_by_economic",
    "three_public",
    "government_fund",
    "income_expenditure_summary",
    "income_summary",
    "expenditure_summary",
    "procurement",
    "overall_performance",
    "project_performance",
    "project_performance",
    "project_performance",
];

#[test]
fn seed_000_cell_per_line() {
    let Some(text) = seed("000") else { return };
    let doc = parse(&text);
    dump(&doc);
    assert_eq!(kinds(&doc), KINDS_000);
    assert!(doc.tables.iter().all(|t| t.layout == Layout::CellPerLine));
    let t2 = by_number(&doc, "附件2");
    assert_eq!(t2.kind, TableKind::GeneralBudgetByFunction);
    assert_eq!(t2.unit, Some(AmountUnit::TenThousandYuan));
    assert!(t2.has_rounding_note());
    assert_eq!(t2.columns[4].path, ["2023年预算数", "项目支出"]);
    assert_eq!(t2.amount("2101506", ColumnRole::Project), Some(d("317.27")));
    assert_eq!(t2.amount("2101506", ColumnRole::Basic), None);
    let row = t2.row_by_code("2101506").unwrap();
    assert_eq!(row.name.as_deref(), Some("医疗保障经办事务"));
    assert_eq!(row.level, Some(2), "indentation shows the 项 level");
    assert_eq!(t2.row_by_code("21015").unwrap().level, Some(1));
    assert_eq!(t2.row_by_code("210").unwrap().level, Some(0));
    let f = t2.function_rows().collect::<Vec<_>>();
    assert_eq!(f.len(), 23);
    assert!(f.iter().all(|r| r.code.system == CodeSystem::Function));
    let total = t2.rows.iter().find(|r| r.total).unwrap();
    assert_eq!(total.cells[2].amount(), Some(d("1836.42")));

    let t3 = by_number(&doc, "附件3");
    assert_eq!(t3.kind, TableKind::GeneralBudgetBasicByEconomic);
    let e = t3.economic_rows().collect::<Vec<_>>();
    let r = e.iter().find(|r| r.code.digits == "30239").unwrap();
    assert_eq!(r.name.as_deref(), Some("其他交通费用"));
    assert_eq!(r.amount(ColumnRole::Total), Some(d("27.89")));
    assert_eq!(r.amount(ColumnRole::Public), Some(d("27.89")));
    assert_eq!(r.code.system, CodeSystem::EconomicDepartment);

    let tp = by_number(&doc, "附件4").three_public().unwrap();
    assert_eq!(tp.total, Some(d("8.60")));
    assert_eq!(tp.overseas_travel, None);
    assert_eq!(tp.vehicles, Some(d("4.00")));
    assert_eq!(tp.vehicle_operation, Some(d("4.00")));
    assert_eq!(tp.reception, Some(d("4.60")));

    let t5 = by_number(&doc, "附件5");
    assert!(t5.empty, "故此表无数据");

    let t1 = by_number(&doc, "附件1");
    let s = t1.summary_rows().collect::<Vec<_>>();
    assert_eq!(s[0].income[0].name, "本年收入");
    assert_eq!(s[0].income[0].ordinal.as_deref(), Some("一、"));
    assert_eq!(s[0].income[0].amount(), Some(d("1739.15")));
    assert_eq!(s[0].expenditure[0].amount(), Some(d("1836.42")));
    let health = s
        .iter()
        .find(|r| {
            r.expenditure
                .first()
                .is_some_and(|e| e.name == "卫生健康支出")
        })
        .unwrap();
    assert_eq!(health.expenditure[0].amount(), Some(d("1669.67")));

    assert_eq!(doc.contents.len(), 11);
    assert_eq!(doc.contents[10].kind, TableKind::ProjectPerformance);
    let p = doc.tables_of(TableKind::ProjectPerformance).next().unwrap();
    assert_eq!(
        p.issuer.as_deref(),
        Some("134002-重庆市荣昌区医疗保障事务中心")
    );
    assert_lossless(&text, &doc);
}

#[test]
fn seed_001_flattened_traditional() {
    let Some(text) = seed("001") else { return };
    let doc = parse(&text);
    dump(&doc);
    assert_eq!(kinds(&doc), ["performance_self_evaluation"; 6]);
    let t = &doc.tables[0];
    assert_eq!(t.layout, Layout::Flattened);
    assert_eq!(
        t.title.as_deref(),
        Some("医保局2021年度部门整体支出绩效自评表")
    );
    assert_eq!(t.columns.len(), 7);
    assert_eq!(t.columns[6].path, ["得分"]);
    assert!(!t.warnings.is_empty(), "rebuilt rows are flagged uncertain");
    let first = &t.rows[0];
    let texts: Vec<&str> = first.cells.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        &texts[..4],
        ["投入", "预算配置(5分)", "财政供养人员控制率", "2"]
    );
    // A row whose first two cells were spanned from above is right-aligned.
    let r = t
        .rows
        .iter()
        .find(|r| r.name.as_deref() == Some("“三公经费”变动率"))
        .unwrap();
    assert!(r.cells[0].is_empty() && r.cells[1].is_empty());
    assert_eq!(r.cells[3].amount(), Some(d("2")));
    // 二级 and 三级 both spanned (工作创新's second line), and 一级 alone (职责履行).
    let r = t
        .rows
        .iter()
        .find(|r| r.lines.first() == Some(&443))
        .unwrap();
    assert_eq!(cell_texts(r), ["", "", "", "3"]);
    let r = t
        .rows
        .iter()
        .find(|r| r.lines.first() == Some(&413))
        .unwrap();
    assert_eq!(cell_texts(r), ["", "职责履行", "医疗保障工作推进", "10"]);
    // The evaluation points listed under an indicator are a row of their own,
    // never the start of the next indicator.
    let r = t
        .rows
        .iter()
        .find(|r| r.lines.first() == Some(&235))
        .unwrap();
    assert_eq!(cell_texts(r), ["过程", "预算执行(12分)", "预算完成率", "2"]);
    assert_eq!(r.cells[6].amount(), Some(d("1.5")));
    // 小计 with two empty cells (extra blank lines) and the printed total.
    let r = t
        .rows
        .iter()
        .find(|r| r.lines.first() == Some(&541))
        .unwrap();
    let all: Vec<&str> = r.cells.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(all, ["", "小计", "", "", "-", "-", "97.5"]);
    let scores: Decimal = t
        .rows
        .iter()
        .filter(|r| r.lines.first().is_some_and(|&l| l < 541))
        .filter_map(|r| r.cells.get(6).and_then(|c| c.amount()))
        .sum();
    assert_eq!(scores, d("97.5"));

    // A project form: key–value rows, the funds block, the indicator rows.
    let p = &doc.tables[1];
    assert_eq!(p.title.as_deref(), Some("2021年度项目资金绩效自评表"));
    let row = |p: &Table, line: usize| -> Vec<String> {
        p.rows
            .iter()
            .find(|r| r.lines.first() == Some(&line))
            .unwrap_or_else(|| panic!("no row at line {line}"))
            .cells
            .iter()
            .map(|c| c.text.clone())
            .collect()
    };
    assert_eq!(
        row(p, 557),
        ["项目名称", "网络租赁和运行维护费", "总分", "100", "等级"]
    );
    assert_eq!(row(p, 567), ["主管部门", "重庆市武隆区医疗保障局"]);
    assert_eq!(row(p, 571), ["实施单位", "重庆市武隆区医疗保障局"]);
    assert_eq!(
        row(p, 575),
        [
            "项目资金(万元)",
            "",
            "年初预算数",
            "全年预算数(A)",
            "全年执行数(B)",
            "执行率(B/A,%)",
            "分值",
            "得分"
        ]
    );
    assert_eq!(
        row(p, 590),
        [
            "",
            "年度资金总额",
            "10.92",
            "10.92",
            "10.92",
            "100%",
            "10",
            "10"
        ]
    );
    assert_eq!(row(p, 628)[6..], ["-", "-"]);
    assert_eq!(row(p, 648).len(), 10);
    assert_eq!(
        row(p, 668),
        [
            "",
            "产出指标",
            "数量指标",
            "服务对象覆盖率",
            "≥100%",
            "=100%",
            "15",
            "100%",
            "15",
            ""
        ]
    );
    // 一级 and 二级 spanned from above.
    assert_eq!(row(p, 779)[..4], ["", "", "", "服务对象满意度"]);
    assert_lossless(&text, &doc);
}

fn cell_texts(r: &cnbudget_table::Row) -> Vec<&str> {
    r.cells.iter().take(4).map(|c| c.text.as_str()).collect()
}

#[test]
fn seed_002_tsv_split_codes() {
    let Some(text) = seed("002") else { return };
    let doc = parse(&text);
    dump(&doc);
    assert_eq!(
        kinds(&doc),
        [
            "other",
            "income_expenditure_summary",
            "income_summary",
            "expenditure_summary",
            "fiscal_appropriation_summary",
            "general_budget_by_function",
            "general_budget_basic_by_economic",
            "project_expenditure",
            "three_public",
            "government_fund",
            "three_public",
            "state_capital",
            "project_performance",
            "overall_performance",
            "procurement",
        ]
    );
    let t31 = doc
        .tables
        .iter()
        .find(|t| t.number.as_deref().is_some_and(|n| n.ends_with("表3-1")))
        .unwrap();
    assert_eq!(t31.kind, TableKind::GeneralBudgetBasicByEconomic);
    assert_eq!(t31.issuer.as_deref(), Some("区医保局"));
    assert_eq!(t31.amount("30113", ColumnRole::Total), Some(d("28.57")));
    assert_eq!(t31.amount("30113", ColumnRole::Personnel), Some(d("28.57")));
    // Half-split `302 01 | 30201 办公费`.
    let r = t31.row_by_code("30201").unwrap();
    assert_eq!(r.name.as_deref(), Some("办公费"));
    assert_eq!(t31.amount("30201", ColumnRole::Public), Some(d("3.00")));
    assert_eq!(
        r.code.as_ref().unwrap().system,
        CodeSystem::EconomicDepartment
    );
    assert_eq!(t31.economic_rows().count(), 29);

    let t3 = doc
        .tables
        .iter()
        .find(|t| t.number.as_deref().is_some_and(|n| n.ends_with("表3")))
        .unwrap();
    assert_eq!(t3.kind, TableKind::GeneralBudgetByFunction);
    assert_eq!(t3.amount("2101599", ColumnRole::Total), Some(d("136.82")));
    let t12 = doc.tables_of(TableKind::ExpenditureSummary).next().unwrap();
    assert_eq!(t12.amount("2101599", ColumnRole::Basic), Some(d("136.82")));
    assert_eq!(t12.columns[3].role, ColumnRole::UnitCode);
    let r = t12.row_by_code("2101599").unwrap();
    assert_eq!(
        r.cells[3].code(),
        Some(&cnbudget_table::Code::new("320001", CodeSystem::Unit))
    );

    let t1 = doc
        .tables_of(TableKind::IncomeExpenditureSummary)
        .next()
        .unwrap();
    let s = t1.summary_rows().collect::<Vec<_>>();
    assert_eq!(s[0].income[0].name, "一般公共预算拨款收入");
    assert_eq!(s[0].income[0].amount(), Some(d("515.19")));
    let health = s
        .iter()
        .flat_map(|r| &r.expenditure)
        .find(|e| e.name == "卫生健康支出")
        .unwrap();
    assert_eq!(health.ordinal.as_deref(), Some("十、"));
    assert_eq!(health.amount(), Some(d("447.76")));

    // The 绩效 table row broken over two lines is joined back.
    let perf = doc.tables_of(TableKind::ProjectPerformance).next().unwrap();
    let joined = perf.rows.iter().find(|r| r.lines == [434, 436]).unwrap();
    assert_eq!(
        joined.name.as_deref(),
        Some("51110221R000000074941-单位缴费【行政工伤保险】")
    );
    assert_eq!(
        perf.unit,
        Some(AmountUnit::TenThousandYuan),
        "金额： / 万元 split over lines"
    );
    // LaTeX debris is cleaned from cell text.
    assert!(
        perf.rows
            .iter()
            .flat_map(|r| &r.cells)
            .all(|c| !c.text.contains("$\\leq$"))
    );
    assert!(
        perf.rows
            .iter()
            .flat_map(|r| &r.cells)
            .any(|c| c.text == "≤" && c.raw == "$\\leq$")
    );

    let tp = doc
        .tables_of(TableKind::ThreePublic)
        .next()
        .unwrap()
        .three_public()
        .unwrap();
    assert_eq!(tp.total, Some(d("1.39")));
    assert_eq!(tp.reception, Some(d("1.39")));
    assert_eq!(doc.contents.iter().filter(|c| c.line < 50).count(), 15);
    assert_lossless(&text, &doc);
}

#[test]
fn seed_003_codes_out_of_order() {
    let Some(text) = seed("003") else { return };
    let doc = parse(&text);
    dump(&doc);
    assert_eq!(
        kinds(&doc),
        [
            "fiscal_appropriation_summary",
            "general_budget_by_function",
            "general_budget_basic_by_economic",
            "three_public",
            "government_fund",
            "income_summary",
            "expenditure_summary",
            "overall_performance",
            "project_performance",
        ]
    );
    let f = by_number(&doc, "附件3-2");
    assert_eq!(f.amount("2101502", ColumnRole::Project), Some(d("15.60")));
    assert_eq!(f.amount("2101502", ColumnRole::Total), Some(d("15.60")));
    assert_eq!(
        f.row_by_code("2101502").unwrap().name.as_deref(),
        Some("一般行政管理事务")
    );
    // Cells had <b> markup.
    assert_eq!(
        f.row_by_code("210").unwrap().name.as_deref(),
        Some("卫生健康支出")
    );
    assert_eq!(f.amount("210", ColumnRole::Total), Some(d("479.24")));

    let basic = doc
        .tables_of(TableKind::GeneralBudgetBasicByEconomic)
        .next()
        .unwrap();
    let rows = basic.economic_rows().collect::<Vec<_>>();
    assert_eq!(rows.len(), 26);
    assert_eq!(
        rows.iter()
            .map(|r| r.code.digits.as_str())
            .collect::<Vec<_>>()[..4],
        ["30101", "30102", "30309", "30103"]
    );
    assert_eq!(basic.amount("30216", ColumnRole::Public), Some(d("2.83")));
    let sum: Decimal = rows
        .iter()
        .filter_map(|r| r.amount(ColumnRole::Total))
        .sum();
    assert_eq!(sum, d("537.20"));
    let tp = doc
        .tables_of(TableKind::ThreePublic)
        .next()
        .unwrap()
        .three_public()
        .unwrap();
    assert_eq!(tp.total, Some(d("1.00")));
    assert_eq!(tp.reception, Some(d("1.00")));
    assert!(
        doc.tables_of(TableKind::GovernmentFund)
            .next()
            .unwrap()
            .empty
    );
    assert_lossless(&text, &doc);
}

#[test]
fn seed_004_yuan_and_serial_column() {
    let Some(text) = seed("004") else { return };
    let doc = parse(&text);
    dump(&doc);
    assert_eq!(
        kinds(&doc),
        [
            "meeting_training",
            "other",
            "fiscal_appropriation_summary",
            "general_budget_by_function",
            "general_budget_by_economic",
            "general_budget_basic_by_function",
            "general_budget_basic_by_economic",
            "government_fund",
            "project_expenditure",
            "project_performance",
            "overall_performance",
            "project_performance",
        ]
    );
    let t5 = by_number(&doc, "表5");
    assert_eq!(t5.unit, Some(AmountUnit::Yuan));
    assert_eq!(t5.columns[0].role, ColumnRole::Ordinal);
    assert_eq!(t5.amount("2101506", ColumnRole::Total), Some(d("6432973")));
    assert_eq!(t5.amount("2101506", ColumnRole::Project), Some(d("300000")));
    assert_eq!(AmountUnit::Yuan.to_yuan(d("6432973")), Some(d("6432973")));
    let t6 = by_number(&doc, "表6");
    let r = t6.row_by_code("30201").unwrap();
    assert_eq!(
        r.cells[3].code(),
        Some(&cnbudget_table::Code::new(
            "50201",
            CodeSystem::EconomicGovernment
        ))
    );
    assert_eq!(t6.amount("30201", ColumnRole::Total), Some(d("431568")));
    // The 目录 table feeds the contents list.
    let c: Vec<_> = doc.contents.iter().filter(|c| c.number.is_some()).collect();
    assert_eq!(c.len(), 15);
    assert_eq!(c[8].number.as_deref(), Some("表9"));
    assert_eq!(c[8].empty, Some(true));
    assert_eq!(c[8].kind, TableKind::GovernmentFund);
    let m = doc.tables_of(TableKind::MeetingTraining).next().unwrap();
    assert_eq!(m.rows.len(), 2);
    assert_eq!(m.rows[1].cells[4].amount(), Some(d("4")));
    assert_lossless(&text, &doc);
}

#[test]
fn raw_seeds_read_the_same_tables() {
    for p in ["000", "002", "003", "004"] {
        let Some(dir) = shared() else { return };
        let entry = std::fs::read_dir(dir.join("seeds"))
            .unwrap()
            .filter_map(Result::ok)
            .find(|e| e.file_name().to_string_lossy().starts_with(p))
            .unwrap();
        let raw = std::fs::read_to_string(entry.path()).unwrap();
        let prepared = seed(p).unwrap();
        let a = parse(&raw);
        let b = parse(&prepared);
        assert_eq!(kinds(&a), kinds(&b), "seed {p}");
        assert_lossless(&raw, &a);
    }
}

#[test]
fn json_round_trip() {
    let Some(text) = seed("002") else { return };
    let doc = parse(&text);
    let json = serde_json::to_string_pretty(&doc).unwrap();
    assert!(json.contains("\"kind\": \"general_budget_basic_by_economic\""));
    assert!(json.contains("\"amount\": \"28.57\""));
    let back: Document = serde_json::from_str(&json).unwrap();
    assert_eq!(back, doc);
}

#[test]
#[ignore]
fn timing() {
    for p in ["000", "001", "002", "003", "004"] {
        let Some(text) = seed(p) else { return };
        let t = std::time::Instant::now();
        for _ in 0..20 {
            std::hint::black_box(parse(&text));
        }
        eprintln!("{p}: {:?} per parse", t.elapsed() / 20);
    }
}
