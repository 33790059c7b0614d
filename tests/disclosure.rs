//! The facade end to end on the embedded sample and on every real document in `../shared`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::PathBuf;

use cnbudget::Disclosure;
use cnbudget::audit::Severity;
use cnbudget::meta::{AccountKind, Scope};
use rust_decimal::Decimal;

fn shared() -> Option<PathBuf> {
    cnbudget_testkit::shared()
}

fn find(shared: &std::path::Path, prefix: &str) -> PathBuf {
    for sub in ["seeds", "corpus"] {
        if let Ok(rd) = std::fs::read_dir(shared.join(sub)) {
            for e in rd.flatten() {
                let name = e.file_name().to_string_lossy().to_string();
                if name.starts_with(prefix) && name.ends_with(".txt") {
                    return e.path();
                }
            }
        }
    }
    panic!("no document {prefix}");
}

#[test]
fn sample_reads_and_is_clean() {
    let d = Disclosure::from_bytes(cnbudget::SAMPLE.as_bytes());
    assert_eq!(d.metadata.name.as_deref(), Some("重庆市荣昌区医疗保障局"));
    assert_eq!(d.metadata.year, Some(2023));
    assert_eq!(d.metadata.kind, Some(AccountKind::Budget));
    // 11 attachments, the 项目支出绩效目标表 (附件11) holding three projects.
    assert!(
        d.document.tables.len() >= 11,
        "{} tables",
        d.document.tables.len()
    );
    let errors: Vec<_> = d
        .audit()
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "unexpected errors: {errors:#?}");
    // The prose states 基本支出875.15万元; the table total agrees, so no prose finding.
    let basic = d.facts.iter().find(|f| f.subject == "基本支出").unwrap();
    assert_eq!(basic.quantity.value, Decimal::new(87515, 2));
}

#[test]
fn a_changed_figure_is_found_on_both_sides() {
    // Change 2101506 医疗保障经办事务 in 附件2 from 317.27 to 318.27: its row identity and
    // its 款 sum break, and nothing else does.
    let s = cnbudget::SAMPLE;
    let at = s.find("医疗保障经办事务").unwrap();
    let changed = format!("{}{}", &s[..at], s[at..].replacen("317.27", "318.27", 1));
    let d = Disclosure::from_bytes(changed.as_bytes());
    let findings = d.audit();
    let rules: Vec<&str> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.rule.as_str())
        .collect();
    assert!(rules.contains(&"hierarchy.sum"), "{findings:#?}");
    assert!(rules.contains(&"row.total_parts"), "{findings:#?}");
    let f = findings.iter().find(|f| f.rule == "hierarchy.sum").unwrap();
    assert_eq!(f.difference, Some(Decimal::new(100, 2)));
    assert_eq!(f.expected.as_ref().unwrap().value, Decimal::new(114681, 2));
}

#[test]
fn prose_figure_that_disagrees_is_reported() {
    let changed = cnbudget::SAMPLE.replace("基本支出875.15万元", "基本支出876.15万元");
    let d = Disclosure::from_bytes(changed.as_bytes());
    let f = d
        .audit()
        .into_iter()
        .find(|f| f.rule == "prose.figure")
        .expect("prose.figure finding");
    // Compared in 元: 8 761 500 stated against 8 751 500 in the table.
    assert_eq!(f.difference, Some(Decimal::new(1_000_000, 2)));
}

#[test]
fn metadata_of_every_real_document() {
    let Some(shared) = shared() else { return };
    let expected: &[(&str, &str, u16, AccountKind, Option<Scope>)] = &[
        (
            "000_",
            "重庆市荣昌区医疗保障局",
            2023,
            AccountKind::Budget,
            Some(Scope::Department),
        ),
        (
            "001_39",
            "重庆市武隆区医疗保障局",
            2021,
            AccountKind::FinalAccount,
            Some(Scope::Department),
        ),
        (
            "002_e7",
            "乐山市市中区医疗保障局",
            2023,
            AccountKind::Budget,
            Some(Scope::Department),
        ),
        (
            "003_",
            "重庆市綦江区医疗保障事务中心",
            2022,
            AccountKind::Budget,
            Some(Scope::Department),
        ),
        (
            "004_48",
            "渭南市医疗保障经办机构",
            2023,
            AccountKind::Budget,
            Some(Scope::Unit),
        ),
        (
            "001_sh",
            "上海市普陀区人民政府万里街道办事处",
            2023,
            AccountKind::Budget,
            Some(Scope::Department),
        ),
        (
            "002_sh",
            "上海市普陀区人民政府万里街道办事处",
            2024,
            AccountKind::Budget,
            Some(Scope::Department),
        ),
        (
            "004_sh",
            "上海市普陀区社会福利院",
            2024,
            AccountKind::Budget,
            Some(Scope::Unit),
        ),
        (
            "006_",
            "上海市财政局",
            2025,
            AccountKind::Budget,
            Some(Scope::Unit),
        ),
        (
            "009_",
            "上海市普陀区商务委员会",
            2025,
            AccountKind::Budget,
            Some(Scope::Department),
        ),
        (
            "014_",
            "上海市普陀区财政局",
            2024,
            AccountKind::FinalAccount,
            Some(Scope::Department),
        ),
        (
            "015_",
            "上海市普陀区规划和自然资源局",
            2024,
            AccountKind::FinalAccount,
            Some(Scope::Department),
        ),
        (
            "019_",
            "江苏省人大常委会办公厅",
            2017,
            AccountKind::Budget,
            Some(Scope::Department),
        ),
        (
            "038_",
            "江苏省高级人民法院",
            2017,
            AccountKind::Budget,
            Some(Scope::Department),
        ),
        (
            "045_",
            "泸州市中医医院",
            2023,
            AccountKind::FinalAccount,
            Some(Scope::Unit),
        ),
        (
            "052_",
            "天水市幼儿园",
            2017,
            AccountKind::FinalAccount,
            Some(Scope::Department),
        ),
    ];
    for (prefix, name, year, kind, scope) in expected {
        let path = find(&shared, prefix);
        let d = Disclosure::from_path(&path).unwrap();
        let m = &d.metadata;
        assert_eq!(m.name.as_deref(), Some(*name), "{prefix}");
        assert_eq!(m.year, Some(*year), "{prefix}");
        assert_eq!(m.kind, Some(*kind), "{prefix}");
        assert_eq!(m.scope, *scope, "{prefix}");
    }
}

#[test]
fn every_real_document_reads_audits_and_serialises() {
    let Some(shared) = shared() else { return };
    let mut n = 0;
    for sub in ["seeds", "corpus"] {
        for e in std::fs::read_dir(shared.join(sub)).unwrap().flatten() {
            let path = e.path();
            if path.extension().is_none_or(|x| x != "txt") {
                continue;
            }
            let d = Disclosure::from_path(&path).unwrap();
            let findings = d.audit();
            let json = serde_json::to_string(&d).unwrap();
            assert!(json.len() > 100);
            for f in &findings {
                assert!(!f.message.is_empty());
            }
            n += 1;
        }
    }
    assert!(n >= 20, "read {n} documents");
}

#[test]
fn seed002_commodity_row_contradicts_itself() {
    // 表3-1 of seed 002 prints 302 商品和服务支出 as 38.01 in 合计 and 38.02 in 公用经费.
    let Some(shared) = shared() else { return };
    let d = Disclosure::from_path(find(&shared, "002_e7")).unwrap();
    let findings = d.audit();
    let f = findings
        .iter()
        .find(|f| f.rule == "row.total_parts" && f.message.contains("302"))
        .unwrap_or_else(|| panic!("{findings:#?}"));
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.expected.as_ref().unwrap().value, Decimal::new(3801, 2));
    assert_eq!(f.actual.as_ref().unwrap().value, Decimal::new(3802, 2));
    // Its 目录 lists 财政拨款支出预算表（部门经济分类科目）, which the document does not contain.
    assert!(
        findings
            .iter()
            .any(|f| f.rule == "completeness.contents" && f.message.contains("部门经济分类"))
    );
}

#[test]
fn a_slipped_figure_is_read_and_reported() {
    // Seed 002, 表3-1 line 303 (30113 住房公积金 28.57) with the decimal point printed as a
    // comma: the figure is read as 28.57, so the table's sums stay whole, and the audit says
    // which cell was repaired.
    let Some(shared) = shared() else { return };
    let text = std::fs::read_to_string(find(&shared, "002_e7")).unwrap();
    let mut lines: Vec<&str> = text.split('\n').collect();
    let slipped = lines[302].replacen("28.57\t28.57", "28,57\t28.57", 1);
    assert_ne!(slipped, lines[302]);
    lines[302] = &slipped;
    let d = Disclosure::from_text(&lines.join("\n"));
    let findings = d.audit();
    let cell: Vec<_> = findings.iter().filter(|f| f.rule == "table.cell").collect();
    assert_eq!(cell.len(), 1, "{cell:#?}");
    assert_eq!(cell[0].severity, Severity::Warning);
    assert_eq!(cell[0].lines, vec![303]);
    assert!(cell[0].message.contains("`28,57` read as 28.57"));
    // The same errors as the untouched document (docs/audit-seeds.md): none about 301/30113.
    let errors: Vec<_> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.rule.as_str())
        .collect();
    assert_eq!(errors, vec!["row.total_parts"]);
}

#[test]
fn prose_class_amount_is_held_to_the_function_table() {
    let changed = cnbudget::SAMPLE.replace("卫生健康支出1669.67万元", "卫生健康支出1669.77万元");
    let d = Disclosure::from_bytes(changed.as_bytes());
    let f = d
        .audit()
        .into_iter()
        .find(|f| f.rule == "prose.figure")
        .expect("prose.figure finding");
    assert!(f.message.contains("210 卫生健康支出"), "{}", f.message);
    assert_eq!(f.difference, Some(Decimal::new(100_000, 2)));
}

#[test]
fn stated_percentage_is_recomputed() {
    // Seed 001's own wording pattern: 1,333.05万元, 较上年增加131.32万元, 增长10.9% holds;
    // 增长12.9% would not.
    let ok = "收入情况。2021年度收入合计1,333.05万元，较上年决算数增加131.32万元，增长10.9%。\n";
    let bad = "收入情况。2021年度收入合计1,333.05万元，较上年决算数增加131.32万元，增长12.9%。\n";
    let rules = |t: &str| -> Vec<&'static str> {
        Disclosure::from_bytes(t.as_bytes())
            .audit()
            .iter()
            .map(|f| f.rule.as_str())
            .collect()
    };
    assert!(!rules(ok).contains(&"prose.change"));
    assert!(rules(bad).contains(&"prose.change"));
}

#[test]
fn absurd_figures_do_not_panic_the_audit() {
    // Regressions (review): a prose figure with 28 decimals overflowed a Decimal scale, and an
    // absurd stated percentage overflowed a subtraction.
    let scale = cnbudget::SAMPLE.replace(
        "基本支出875.15万元",
        "基本支出0.0000000000000000000000000001万元",
    );
    let _ = Disclosure::from_bytes(scale.as_bytes()).audit();
    let pct = "收入合计79228162514264337593543950万元，比2022年增加79228162514264337593543949万元，增长-79228162514264337593543950335%。\n";
    let _ = Disclosure::from_bytes(pct.as_bytes()).audit();
    let huge = cnbudget::SAMPLE.replace("1,836.42", "99999999999999999999999999999");
    let _ = Disclosure::from_bytes(huge.as_bytes()).audit();
}

#[test]
fn seeds_have_exactly_the_errors_docs_audit_seeds_explains() {
    // Every error-severity finding on the seeds is a true inconsistency in the source,
    // explained in docs/audit-seeds.md. A new one is either a new bug or a new explanation.
    let Some(shared) = shared() else { return };
    let expected: &[(&str, &[(&str, usize)])] = &[
        ("000_", &[]),
        (
            "001_39",
            &[
                ("indicator.total_score", 557),
                ("indicator.execution_rate", 1329),
                ("indicator.total_score", 1540),
            ],
        ),
        ("002_e7", &[("row.total_parts", 305)]),
        ("003_", &[]),
        ("004_48", &[]),
    ];
    for (prefix, errors) in expected {
        let d = Disclosure::from_path(find(&shared, prefix)).unwrap();
        let mut got: Vec<(&str, usize)> = d
            .audit()
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| (f.rule.as_str(), f.lines.first().copied().unwrap_or(0)))
            .collect();
        got.sort_unstable();
        let mut want = errors.to_vec();
        want.sort_unstable();
        assert_eq!(got, want, "seed {prefix}");
    }
}

#[test]
fn completion_rate_contradicting_the_stated_gap_is_reported() {
    // Corpus 052's sentence shape: 支出总计1741.75万元 … 完成年初预算100%, 决算数大于预算数55.93万元:
    // 1741.75 over a budget of 1685.82 is 103.32 %, not 100 %.
    let text = "2017年度,本单位一般公共预算财政拨款支出总计1741.75万元,与上年相比减少53.7万元,降低2.99%;完成年初预算100%,决算数大于预算数55.93万元。\n";
    let d = Disclosure::from_bytes(text.as_bytes());
    let f = d
        .audit()
        .into_iter()
        .find(|f| f.rule == "prose.budget_vs_final")
        .expect("finding");
    assert_eq!(f.actual.as_ref().unwrap().value, Decimal::new(10332, 2));
    // A consistent sentence is not reported.
    let ok = "本单位支出总计1741.75万元,完成年初预算103.3%,决算数大于预算数55.93万元。\n";
    assert!(
        !Disclosure::from_bytes(ok.as_bytes())
            .audit()
            .iter()
            .any(|f| f.rule == "prose.budget_vs_final")
    );
}

#[test]
fn fiscal_summary_is_held_to_its_funds_and_the_function_table() {
    // In 附件1 (财政拨款收支总表) change 卫生健康支出's 一般公共预算 column 1,669.67 → 1,669.77.
    let s = cnbudget::SAMPLE;
    let from = "\t卫生健康支出\n\t1,669.67\n\t1,669.67";
    let at = s.find(from).unwrap();
    let changed = format!(
        "{}\t卫生健康支出\n\t1,669.67\n\t1,669.77{}",
        &s[..at],
        &s[at + from.len()..]
    );
    let findings = Disclosure::from_bytes(changed.as_bytes()).audit();
    let rules: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
    assert!(rules.contains(&"summary.funds"), "{rules:?}");
    assert!(rules.contains(&"cross.summary_function"), "{rules:?}");
    let f = findings
        .iter()
        .find(|f| f.rule == "cross.summary_function")
        .unwrap();
    assert_eq!(f.difference, Some(Decimal::new(-100_000, 2)));
}

#[test]
fn corpus015_general_budget_basic_spending_disagrees_with_its_table() {
    // Corpus 015 (filed by its source as a defective sample) states 一般公共预算财政拨款基本支出
    // 5377.64万元 — the all-funds figure — while its 一般公共预算财政拨款支出决算表 totals 5364.75.
    let Some(shared) = shared() else { return };
    let d = Disclosure::from_path(find(&shared, "015_")).unwrap();
    let f = d
        .audit()
        .into_iter()
        .find(|f| f.rule == "prose.figure")
        .expect("prose.figure finding");
    assert_eq!(
        f.expected.as_ref().unwrap().value,
        Decimal::new(5_364_750_000, 2)
    );
    assert_eq!(
        f.actual.as_ref().unwrap().value,
        Decimal::new(5_377_640_000, 2)
    );
}

#[test]
fn consistent_corpus_documents_yield_no_errors() {
    // The Shanghai and Jiangsu corpus documents add up; a false error here is a reading bug
    // (the layout fixes of docs/corpus-report.md brought them from 31 to 0). Two figures are
    // printed differently in two tables of the documents themselves (checked in the text),
    // reported since the 财政拨款收入支出决算总表's vertical header is read: 014 社会保障和就业支出
    // 326.71 (line 271) against 208 = 326.72 (line 318), 015 卫生健康支出 236.63 (line 357)
    // against 210 = 236.64 (line 423). 014's text states 财政拨款收入支出总计0.3万元 (line 548)
    // where its 财政拨款收入支出决算总表 prints 2,961.68 (line 303).
    let Some(shared) = shared() else { return };
    let in_the_documents: [(&str, &str, [usize; 2]); 3] = [
        ("014_", "cross.summary_function", [271, 318]),
        ("014_", "prose.total", [303, 548]),
        ("015_", "cross.summary_function", [357, 423]),
    ];
    for prefix in [
        "001_sh", "002_sh", "004_sh", "006_", "009_", "014_", "015_", "019_", "026_", "027_",
        "038_", "042_", "052_",
    ] {
        let d = Disclosure::from_path(find(&shared, prefix)).unwrap();
        let findings = d.audit();
        let known = |f: &cnbudget::audit::Finding| {
            in_the_documents
                .iter()
                .any(|(p, rule, lines)| *p == prefix && f.rule == *rule && f.lines == lines)
        };
        let errors: Vec<String> = findings
            .iter()
            .filter(|f| f.severity == Severity::Error && !known(f))
            .map(|f| f.to_string())
            .collect();
        assert!(errors.is_empty(), "{prefix}: {errors:#?}");
        for (p, rule, lines) in &in_the_documents {
            if *p == prefix {
                assert!(
                    findings.iter().any(|f| f.rule == *rule && f.lines == lines),
                    "{prefix}: {rule} {lines:?} not reported"
                );
            }
        }
    }
}

#[test]
fn flat_comparisons_in_the_next_clause_attach_to_their_figure() {
    // Seed 000 line 32 states three 三公 items, each followed by a clause comparing it with
    // 2022 as unchanged.
    let Some(shared) = shared() else { return };
    let d = Disclosure::from_path(find(&shared, "000_")).unwrap();
    let flat: Vec<(&str, String, Option<&str>)> = d
        .facts
        .iter()
        .filter(|f| f.line == 32)
        .filter_map(|f| {
            let c = f
                .changes
                .iter()
                .find(|c| c.direction == cnbudget::prose::Direction::Flat)?;
            Some((
                f.subject.as_str(),
                f.quantity.value.to_string(),
                c.against.as_deref(),
            ))
        })
        .collect();
    assert_eq!(
        flat,
        [
            ("因公出国(境)费用", "0".to_string(), Some("2022年")),
            ("公务用车运行维护费", "4".to_string(), Some("2022年")),
            ("公务用车购置费", "0".to_string(), Some("2022年")),
        ]
    );
}

#[test]
fn final_account_balances_hold_row_by_row() {
    // A final account's fund table (figures made up for this test): 2120803 holds
    // 1.00 + 10.00 − 8.00 = 3.00; 2120804 prints 2.50 where 0.50 + 4.00 − 3.00 = 1.50.
    let text = "2024年度部门决算\n\n\
        附件7 政府性基金预算财政拨款收入支出决算表\n\
        单位：万元\n\
        功能分类科目编码\t科目名称\t年初结转和结余\t本年收入\t本年支出\t\t\t年末结转和结余\n\
        \t\t\t\t合计\t基本支出\t项目支出\t\n\
        2120803\t城市基础设施配套费安排的支出\t1.00\t10.00\t8.00\t\t8.00\t3.00\n\
        2120804\t土地开发支出\t0.50\t4.00\t3.00\t\t3.00\t2.50\n";
    let d = Disclosure::from_text(text);
    let t = d
        .document
        .tables_of(cnbudget::table::TableKind::GovernmentFund)
        .next()
        .expect("fund table");
    let roles: Vec<_> = t.columns.iter().map(|c| c.role).collect();
    use cnbudget::table::ColumnRole as R;
    assert!(
        roles.contains(&R::OpeningBalance) && roles.contains(&R::ClosingBalance),
        "{roles:?}"
    );
    let found: Vec<(String, Option<String>)> = d
        .audit()
        .into_iter()
        .filter(|f| f.rule == "final.balance")
        .map(|f| (f.message, f.difference.map(|x| x.to_string())))
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].0.starts_with("2120804"), "{found:?}");
    assert_eq!(found[0].1.as_deref(), Some("-1.00"));
}

#[test]
fn corpus015_names_run_together_are_split_by_the_catalogue() {
    // 015 prints long names centred on their code rows; the reader joins `卫生健康支出` with the
    // first half of the next row's `行政事业单位医疗`. The facade splits them back.
    let Some(shared) = shared() else { return };
    let d = Disclosure::from_path(find(&shared, "015_")).unwrap();
    let names: Vec<(String, String)> = d
        .document
        .tables
        .iter()
        .flat_map(|t| &t.rows)
        .filter_map(|r| Some((r.code.as_ref()?.digits.clone(), r.name.clone()?)))
        .filter(|(c, _)| ["210", "21011", "212", "21201"].contains(&c.as_str()))
        .collect();
    assert!(
        names.contains(&("210".into(), "卫生健康支出".into())),
        "{names:?}"
    );
    assert!(
        names.contains(&("21011".into(), "行政事业单位医疗".into())),
        "{names:?}"
    );
    assert!(
        names.contains(&("212".into(), "城乡社区支出".into())),
        "{names:?}"
    );
    assert!(
        names.contains(&("21201".into(), "城乡社区管理事务".into())),
        "{names:?}"
    );
    let repaired = d
        .document
        .tables
        .iter()
        .flat_map(|t| &t.warnings)
        .filter(|w| w.message.starts_with("names run together"))
        .count();
    assert_eq!(repaired, 2);
    assert!(!d.audit().iter().any(|f| f.rule.family() == "catalogue"));
}

#[test]
fn carry_over_by_fund_is_not_added_twice_to_the_summary_total() {
    // 财政局 2024 决算, 财政拨款收入支出决算总表 (a committed excerpt): 总计 2,961.68 =
    // 本年收入合计 2,940.05 + 年初财政拨款结转和结余 21.63, whose breakdown by fund
    // (一、一般公共预算财政拨款 21.63, 二、…, 三、…) follows it. Its header is printed
    // vertically; once both sides were read, the breakdown was added a second time.
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/crates/cnbudget-table/testdata/layout/final-2024-appropriation-summary.txt"
    ))
    .unwrap();
    let d = Disclosure::from_text(&text);
    let t = d.document.tables.first().unwrap();
    assert!(
        t.columns.iter().any(|c| c.side.is_some()),
        "{:?}",
        t.columns
    );
    let balance: Vec<String> = d
        .audit()
        .into_iter()
        .filter(|f| f.rule == "summary.balance")
        .map(|f| f.message)
        .collect();
    assert!(balance.is_empty(), "{balance:?}");
}

#[test]
fn a_saved_web_page_reads_like_any_other_document() {
    // Written for this test: a department's page with the heading in <h1>, a paragraph with
    // an entity between figure and unit, and a table.
    let page = "<html><body>\n<h1>某某局2024年部门预算</h1>\n\
        <p>一、收入预算：2024年年初预算数1,836.42&nbsp;万元。</p>\n\
        <h2>表3 一般公共预算支出表</h2>\n<p>单位：万元</p>\n<table>\n\
        <tr><td>科目编码</td><td>科目名称</td><td>合计</td><td>基本支出</td><td>项目支出</td></tr>\n\
        <tr><td>201</td><td>一般公共服务支出</td><td>1,836.42</td><td>100.00</td><td>1,736.42</td></tr>\n\
        <tr><td>20101</td><td>人大事务</td><td>1,836.42</td><td>100.00</td><td>1,736.42</td></tr>\n\
        </table>\n</body></html>\n";
    let d = Disclosure::from_text(page);
    assert_eq!(d.metadata.name.as_deref(), Some("某某局"));
    assert_eq!(d.metadata.year, Some(2024));
    assert_eq!(d.metadata.kind, Some(AccountKind::Budget));
    assert_eq!(d.metadata.scope, Some(Scope::Department));
    let fact = d
        .facts
        .iter()
        .find(|f| f.quantity.value == Decimal::new(183642, 2))
        .unwrap_or_else(|| panic!("{:#?}", d.facts));
    assert_eq!(fact.line, 3);
    assert_eq!(d.document.tables.len(), 1);
    assert!(d.audit().iter().all(|f| f.severity != Severity::Error));
}

/// Pseudo-random bytes (xorshift), the same on every run.
fn random_bytes(n: usize, mut x: u64) -> Vec<u8> {
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 32) as u8
        })
        .collect()
}

/// Hostile inputs (session 3, docs/performance.md "Hostile input"): each is read and audited
/// without a panic, keeps its lines, and reports what it found at places inside the input.
/// (Timings are in docs/performance.md, never asserted; the pathological sizes that were
/// quadratic have their own regression tests in the crates.)
#[test]
fn hostile_inputs_are_read_and_audited() {
    let sample = cnbudget::SAMPLE;
    let mut inputs: Vec<(&str, Vec<u8>)> = vec![
        ("random bytes", random_bytes(100_000, 0x9E37_79B9_7F4A_7C15)),
        (
            "one long line",
            sample.replace('\n', " ").repeat(4).into_bytes(),
        ),
        ("empty lines", b"\n".repeat(20_000)),
        ("1, repeated", b"1,".repeat(50_000)),
        ("table numbers", "表1\n".repeat(5_000).into_bytes()),
        ("nested parentheses", "（".repeat(20_000).into_bytes()),
    ];
    // Huge and non-numeric amounts in the cells and the prose.
    let huge = sample
        .replace("\t1836.42\n", "\t99999999999999999999999999999999.99\n")
        .replace("\t875.15\n", "\t1e400\n")
        .replace("1836.42万元", "99999999999999999999999999999999.99万元")
        .replace("875.15万元", "1e400万元");
    inputs.push(("huge numbers", huge.into_bytes()));
    // GBK with undecodable bytes sprinkled in; Big5.
    let (gbk, _, _) = encoding_rs::GBK.encode(sample);
    let mut broken = Vec::new();
    for (i, b) in gbk.iter().enumerate() {
        broken.push(*b);
        if i % 97 == 0 {
            broken.extend([0xFF, 0x80]);
        }
    }
    inputs.push(("GBK with invalid bytes", broken));
    let trad = std::str::from_utf8(cnbudget::text::SAMPLE_TRADITIONAL).unwrap();
    let (big5, _, _) = encoding_rs::BIG5.encode(trad);
    inputs.push(("Big5", big5.into_owned()));
    // A table of 10,000 rows.
    let mut rows = String::from("2023年一般公共预算支出表\n单位：万元\n科目编码\t科目名称\t合计\n");
    for i in 0..10_000 {
        rows.push_str(&format!("2101101\t行政单位医疗\t{}.{:02}\n", i, i % 100));
    }
    inputs.push(("10,000 rows", rows.into_bytes()));
    for (what, bytes) in &inputs {
        let d = Disclosure::from_bytes(bytes);
        let findings = d.audit();
        let p = &d.prepared;
        assert_eq!(
            cnbudget::text::line_count(&p.text),
            p.offset_map.original_line_count(),
            "{what}"
        );
        for issue in &p.issues {
            assert!(issue.position.byte < bytes.len(), "{what}: {issue}");
        }
        assert!(findings.iter().all(|f| !f.message.is_empty()), "{what}");
    }
    let d = Disclosure::from_bytes(&inputs[1].1);
    assert_eq!(d.metadata.year, Some(2023));
    let rows = &Disclosure::from_bytes(&inputs.last().unwrap().1)
        .document
        .tables[0]
        .rows;
    assert_eq!(rows.len(), 10_000);
}

/// Byte offsets of issues in GB18030 input are exact after characters of every length:
/// ASCII, GB2312, GBK-only, the euro sign, and four-byte characters (in and beyond the BMP).
#[test]
fn gb18030_issue_bytes_are_exact_after_rare_characters() {
    let prefix = "ab一般公共预算财政拨款收入丂丄€\u{9FB4}\u{20087}\u{3400}ä";
    let text = format!("{prefix}锟斤拷\n第二行{prefix}锟斤拷");
    let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
    let p = cnbudget::text::prepare(&bytes);
    let (want, _, _) = encoding_rs::GB18030.encode(prefix);
    let before_second = format!("{prefix}锟斤拷\n第二行{prefix}");
    let (second, _, _) = encoding_rs::GB18030.encode(&before_second);
    let at: Vec<usize> = p
        .issues
        .iter()
        .filter(|i| i.original == "锟斤拷")
        .map(|i| i.position.byte)
        .collect();
    assert_eq!(at, vec![want.len(), second.len()], "{:?}", p.issues);
}

/// HTML tables: spans are spread out only up to 256 columns (a 20 KB table of
/// `rowspan="1000" colspan="1000"` cells made 2.2 GB of empty cells), every written cell is
/// kept, and the columns of cells on one long line are counted onwards (the count from the
/// line start was quadratic: 0.33 s for 30,000 cells, minutes for 300,000).
#[test]
fn html_spans_are_bounded_and_long_html_lines_keep_their_cells() {
    let mut html = String::from("表1 2023年部门收支总表\n<table>\n<tr>");
    html.push_str(&r#"<td rowspan="1000" colspan="1000">1</td>"#.repeat(20));
    html.push_str("</tr>\n");
    html.push_str(&"<tr><td>2</td></tr>\n".repeat(1000));
    html.push_str("</table>\n");
    let doc = cnbudget::table::parse(&html);
    let cells: usize = doc
        .tables
        .iter()
        .flat_map(|t| &t.rows)
        .map(|r| r.cells.len())
        .sum();
    assert!(cells <= 1001 * 257, "{cells} cells");
    let written: usize = doc
        .tables
        .iter()
        .flat_map(|t| &t.rows)
        .flat_map(|r| &r.cells)
        .filter(|c| !c.raw.is_empty())
        .count();
    assert_eq!(written, 1020);

    let n = 20_000;
    let line = format!(
        "表1 2023年部门收支总表\n<table>{}</table>\n",
        "<tr><td>名称</td><td>1.00</td></tr>".repeat(n)
    );
    let doc = cnbudget::table::parse(&line);
    let rows: Vec<_> = doc.tables.iter().flat_map(|t| &t.rows).collect();
    let last = rows.last().unwrap();
    let per_row = "<tr><td>名称</td><td>1.00</td></tr>".chars().count();
    let cell = last.cells.last().unwrap();
    assert_eq!(cell.raw, "1.00");
    let before = "<tr><td>名称</td><td>".chars().count();
    assert_eq!(
        cell.column,
        "<table>".len() + (n - 1) * per_row + before + 1
    );
}

#[test]
fn a_prose_line_of_over_a_million_characters_is_read_to_its_end() {
    // Lines of prose were cut at 1,000,000 characters, losing the figures after the cut.
    let mut text = String::from("某局2024年部门预算\n");
    for _ in 0..42_000 {
        text.push_str("收入预算100.00万元，比上年增加5.00万元；");
    }
    text.push_str("支出预算777.77万元。\n");
    assert!(text.chars().count() > 1_000_000);
    let d = Disclosure::from_text(&text);
    let last = d
        .facts
        .iter()
        .find(|f| f.quantity.value == Decimal::new(77777, 2))
        .unwrap_or_else(|| panic!("{} facts, the last one missing", d.facts.len()));
    assert_eq!(last.line, 2);
}

#[test]
fn final_account_three_public_is_summed_for_budget_and_final_apart() {
    // 015's 财政拨款“三公”经费支出决算表 (a committed excerpt): every item printed twice,
    // 预算数 and 决算数; 合计 2.85 / 0.39 = 公务接待 2.85 / 0.39.
    let excerpt =
        include_str!("../crates/cnbudget-table/testdata/layout/final-2024-three-public-2.txt");
    let sums = |text: &str| -> Vec<String> {
        Disclosure::from_text(text)
            .audit()
            .into_iter()
            .filter(|f| f.rule == "three_public.sum")
            .map(|f| f.message)
            .collect()
    };
    assert!(sums(excerpt).is_empty(), "{:?}", sums(excerpt));
    // 公务接待费 决算数 printed 0.49: the final figures no longer add up; the budget ones do.
    let at = excerpt.rfind("0.39").unwrap();
    let slipped = format!("{}0.49{}", &excerpt[..at], &excerpt[at + 4..]);
    let found = sums(&slipped);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("(决算数)"), "{}", found[0]);
    assert!(found[0].contains("合计 is 0.39"), "{}", found[0]);
}

#[test]
fn a_placeholder_in_a_long_line_is_quoted_not_the_line() {
    let line = format!("{}XX局{}", "说明".repeat(2000), "预算".repeat(2000));
    let d = Disclosure::from_text(&format!("某局2024年部门预算\n{line}\n"));
    let f = d
        .audit()
        .into_iter()
        .find(|f| f.rule == "meta.placeholder")
        .expect("placeholder found");
    assert!(f.message.contains("…说明说明"), "{}", f.message);
    assert!(f.message.contains("XX局预算"), "{}", f.message);
    assert!(f.message.chars().count() < 120, "{}", f.message);
    assert_eq!(f.lines, vec![2]);
}

#[test]
fn spreadsheet_and_word_files_are_a_format_error() {
    let dir = std::env::temp_dir().join(format!("cnbudget-format-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, bytes) in [
        ("a.xlsx", b"PK\x03\x04\x14\x00\x06\x00".to_vec()),
        (
            "a.doc",
            vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
        ),
    ] {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        let err = Disclosure::from_path(&p).unwrap_err();
        assert_eq!(err.kind(), cnbudget::DisclosureErrorKind::Format, "{name}");
    }
    std::fs::remove_dir_all(&dir).ok();
}
