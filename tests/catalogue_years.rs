//! Catalogue years through the whole pipeline: rows of real documents resolve with the names
//! of their own year, and a code used before its edition is reported with the evidence.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::PathBuf;

use cnbudget::Disclosure;
use cnbudget::audit::Severity;
use cnbudget::resolved::ResolvedRow;

fn shared() -> Option<PathBuf> {
    cnbudget_testkit::shared()
}

fn row<'a>(rows: &'a [ResolvedRow], code: &str, line: usize) -> &'a ResolvedRow {
    rows.iter()
        .find(|r| r.code == code && r.line == line)
        .unwrap_or_else(|| panic!("no row {code} at line {line}"))
}

/// corpus/019 (江苏省人大常委会办公厅, 2017 部门预算) lines 375 and 378: the 2017 names of 20805
/// and 2080504, neither of which the 2024 edition has.
#[test]
fn a_2017_jiangsu_row_resolves_with_its_year_names() {
    let Some(dir) = shared() else { return };
    let d =
        Disclosure::from_path(dir.join("corpus/019_js-npc-office-dept-budget-2017.txt")).unwrap();
    assert_eq!(d.metadata.year, Some(2017));
    let rows = d.resolved_rows();
    let kuan = row(&rows, "20805", 375);
    assert_eq!(kuan.name.as_deref(), Some("行政事业单位离退休"));
    assert_eq!(kuan.outcome, Some(cnbudget::catalogue::Outcome::Exact));
    assert_eq!(kuan.catalogue_name.as_deref(), Some("行政事业单位离退休"));
    let item = row(&rows, "2080504", 378);
    assert_eq!(item.outcome, Some(cnbudget::catalogue::Outcome::Exact));
    assert_eq!(
        item.catalogue_path,
        [
            "社会保障和就业支出",
            "行政事业单位离退休",
            "未归口管理的行政单位离退休"
        ]
    );
    assert!(
        !d.audit().iter().any(|f| f.rule == "catalogue.anachronism"),
        "a 2017 budget with 2017 codes and names"
    );
}

/// corpus-wide/223 (西安市安全生产监督管理局, 2019 部门预算 tables): 224 of the 2019 edition and
/// 2089901, the 2019–2020 code of 其他社会保障和就业支出 (the 2024 edition has 2089999).
#[test]
fn a_2019_xian_row_resolves_with_its_year_names() {
    let Some(dir) = shared() else { return };
    let d = Disclosure::from_path(
        dir.join("corpus-wide/223_shaanxi-xian-work-safety-bureau-dept-budget-tables-2019.txt"),
    )
    .unwrap();
    assert_eq!(d.metadata.year, Some(2019));
    let rows = d.resolved_rows();
    let other = row(&rows, "2089901", 243);
    assert_eq!(other.outcome, Some(cnbudget::catalogue::Outcome::Exact));
    assert_eq!(
        other.catalogue_name.as_deref(),
        Some("其他社会保障和就业支出")
    );
    let health = rows
        .iter()
        .find(|r| r.code == "210" && r.name.as_deref() == Some("卫生健康支出"))
        .unwrap();
    assert_eq!(health.outcome, Some(cnbudget::catalogue::Outcome::Exact));
    let disaster = rows
        .iter()
        .find(|r| r.code == "224" && r.name.as_deref() == Some("灾害防治及应急管理支出"))
        .unwrap();
    assert_eq!(disaster.outcome, Some(cnbudget::catalogue::Outcome::Exact));
    assert_eq!(
        disaster.catalogue_name.as_deref(),
        Some("灾害防治及应急管理支出")
    );
    assert!(!d.audit().iter().any(|f| f.rule == "catalogue.anachronism"));
}

/// A budget table written for this test: a 2017 document that uses 20828, a 款 of the 2019
/// edition, and 210 with its 2019 name.
const BUDGET_2017: &str = "测试局2017年部门预算\n\n一般公共预算支出预算表\n单位：万元\n\
科目编码      科目名称                 合计       基本支出\n\
208           社会保障和就业支出        12.00       12.00\n\
20828         退役军人管理事务          12.00       12.00\n\
210           卫生健康支出               3.00        3.00\n";

#[test]
fn a_2017_document_using_20828_gets_an_anachronism_warning() {
    let d = Disclosure::from_text(BUDGET_2017);
    assert_eq!(d.metadata.year, Some(2017));
    let found: Vec<_> = d
        .audit()
        .into_iter()
        .filter(|f| f.rule == "catalogue.anachronism")
        .collect();
    let veterans = found
        .iter()
        .find(|f| f.message.starts_with("20828 退役军人管理事务"))
        .unwrap_or_else(|| panic!("{found:?}"));
    assert_eq!(veterans.severity, Severity::Warning);
    assert_eq!(veterans.lines, [7]);
    assert_eq!(
        veterans.message,
        "20828 退役军人管理事务: the code is not in the 2017 edition (new in the 2019 edition: \
         known-change list (issue 16): a 款 of the 2019 edition, after the 2018 institutional \
         reform that set up 退役军人事务部)"
    );
    // 210 had another name until the 2019 edition: a name before the edition that gave it.
    let health = found
        .iter()
        .find(|f| f.message.starts_with("210 卫生健康支出"))
        .unwrap_or_else(|| panic!("{found:?}"));
    assert!(
        health
            .message
            .contains("“卫生健康支出” is the name from 2019 on")
            && health
                .message
                .contains("in 2017 the code is named “医疗卫生与计划生育支出”"),
        "{}",
        health.message
    );
    assert_eq!(found.len(), 2, "{found:?}");
    // The same table dated 2019 is in order.
    let d = Disclosure::from_text(&BUDGET_2017.replace("2017", "2019"));
    assert!(!d.audit().iter().any(|f| f.rule == "catalogue.anachronism"));
}

/// An old name after its rename, with the evidence quoted; nothing where the evidence for the
/// year is unknown.
#[test]
fn an_old_name_after_its_rename_is_an_anachronism_and_unknown_years_are_not() {
    let text = "测试局2024年部门预算\n\n一般公共预算支出预算表\n单位：万元\n\
科目编码      科目名称                     合计       基本支出\n\
210           医疗卫生与计划生育支出         3.00        3.00\n";
    let d = Disclosure::from_text(text);
    let f = d
        .audit()
        .into_iter()
        .find(|f| f.rule == "catalogue.anachronism")
        .unwrap();
    assert!(
        f.message.starts_with(
            "210 医疗卫生与计划生育支出: “医疗卫生与计划生育支出” is the name until 2018 (evidence 2018: change renamed 医疗卫生与计划生育支出 → 卫生健康支出 in the 2019 edition"
        ),
        "{}",
        f.message
    );
    // 2016: no evidence for either name, so no anachronism.
    let d = Disclosure::from_text(&text.replace("2024", "2016"));
    assert!(!d.audit().iter().any(|f| f.rule == "catalogue.anachronism"));
}

/// Every document evidence of the catalogues that names a PDF points at a line of the layout
/// text its reading makes (what `convert FILE.pdf` prints) that shows the code's digits, on
/// the line or with the next one, and its year is the year in the file name.
#[test]
fn pdf_evidence_points_at_real_lines() {
    let Some(dir) = shared() else { return };
    let mut texts: std::collections::HashMap<String, String> = Default::default();
    let mut checked = 0;
    // (code, name, each document evidence with its first year).
    let mut entries: Vec<(String, String, Vec<_>)> = Vec::new();
    for e in cnbudget::functional::Catalogue::embedded_entries() {
        let docs = e.provenance.evidence.iter();
        let docs = docs.filter_map(|ev| Some((ev.document()?, ev.years.first)));
        entries.push((e.code.to_string(), e.name.to_string(), docs.collect()));
    }
    for e in cnbudget::economic::Catalogue::embedded_entries() {
        let docs = e.provenance.evidence.iter();
        let docs = docs.filter_map(|ev| Some((ev.document()?, ev.years.first)));
        entries.push((e.code.to_string(), e.name.to_string(), docs.collect()));
    }
    for (code, name, docs) in &entries {
        for (conf, first_year) in docs {
            if !conf.document.ends_with(".pdf") {
                continue;
            }
            let text = texts.entry(conf.document.to_string()).or_insert_with(|| {
                let d = Disclosure::from_path(dir.join(conf.document.as_ref())).unwrap();
                d.prepared.text.clone()
            });
            let lines: Vec<&str> = text.lines().collect();
            let at = conf.line as usize - 1;
            let digits: String = lines[at..=(at + 1).min(lines.len() - 1)]
                .concat()
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            // A 款 or 项 printed as its own segment (`01`) in 类/款/项 columns, its 类 on a line
            // a little above (`208  02`).
            let tail = &code[code.len() - 2..];
            let class = &code[..3];
            let segment = lines[at..=(at + 1).min(lines.len() - 1)]
                .iter()
                .any(|l| l.split_whitespace().any(|w| w == tail))
                && lines[at.saturating_sub(150)..=at].iter().any(|l| {
                    l.split_whitespace()
                        .any(|w| w == class || w.starts_with(class))
                });
            // corpus/002 prints `301   2` for 30102.
            let lost_zero = (0..code.len()).any(|i| {
                code.get(i..=i) == Some("0")
                    && digits.contains(&format!("{}{}", &code[..i], &code[i + 1..]))
            });
            assert!(
                digits.contains(code.as_str()) || segment || lost_zero,
                "{code} {name}: {conf}: {:?}",
                lines[at]
            );
            let named = conf.document.split(['-', '_', '.']).find(|p| {
                p.len() == 4 && p.starts_with("20") && p.bytes().all(|b| b.is_ascii_digit())
            });
            if let Some(y) = named {
                assert_eq!(y, first_year.to_string(), "{code} {name}: {conf}");
            }
            checked += 1;
        }
    }
    assert!(checked > 300, "only {checked} PDF evidence");
}
