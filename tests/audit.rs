//! The audit on real documents: the publishers' own inconsistencies are errors, our misreads
//! are not (the tables they come from are read with uncertainty, and say why).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cnbudget::Disclosure;
use cnbudget::audit::{Finding, Reading, RuleId, Severity, SignKind, readings};
use rust_decimal::Decimal;

fn corpus_wide(prefix: &str) -> Option<Disclosure> {
    let path = cnbudget_testkit::find("corpus-wide", prefix, "txt")?;
    Some(Disclosure::from_path(path).unwrap())
}

fn errors(d: &Disclosure) -> Vec<Finding> {
    d.audit()
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .collect()
}

/// The reading of the first table whose title contains `title` and that starts after `after`.
fn reading_of<'d>(d: &'d Disclosure, all: &'d [Reading], title: &str, after: usize) -> &'d Reading {
    let (i, _) = d
        .document
        .tables
        .iter()
        .enumerate()
        .find(|(_, t)| {
            t.first_line > after && t.title.as_deref().is_some_and(|x| x.contains(title))
        })
        .unwrap_or_else(|| panic!("no table {title} after line {after}"));
    &all[i]
}

fn has_sign(r: &Reading, kind: SignKind, detail: &str) -> bool {
    r.signs
        .iter()
        .any(|s| s.kind == kind && s.detail.contains(detail))
}

#[test]
fn corpus_wide_219_police_omission_is_an_error_in_both_tables() {
    // 福州市公安局巡特警支队 prints 款 20402 公安 at 7,927.40 (项目支出 1,370.70) in both the
    // 支出预算总表 and the 一般公共预算拨款支出预算表, but its 项 rows 2040201 + 2040299 add up to
    // 319.24 less; no other 2040xxx row exists.
    let Some(d) = corpus_wide("219_") else { return };
    let errs = errors(&d);
    assert_eq!(errs.len(), 4, "{errs:#?}");
    for f in &errs {
        assert_eq!(f.rule, RuleId::HierarchySum);
        assert!(f.message.starts_with("20402 公安"), "{f}");
        assert_eq!(f.difference, Some(Decimal::new(-31924, 2)), "{f}");
        assert_eq!(f.lowered_from, None);
    }
    let first_lines: Vec<usize> = errs.iter().map(|f| f.lines[0]).collect();
    assert_eq!(first_lines, [187, 187, 254, 254]);
}

#[test]
fn corpus_wide_228_figures_in_names_and_shifted_codes_make_a_reading_uncertain() {
    // In the text of 烟台市统计局's 收入总体情况表 continued on its second page, the name column
    // reaches into the amounts (`卫生健康支出 102.63`) and the 项 codes land under 款: its
    // sums fail because of the reading, so they are notices.
    let Some(d) = corpus_wide("228_") else { return };
    let all = readings(&d);
    let r = reading_of(&d, &all, "收入总体情况表", 245);
    assert!(!r.sure);
    assert!(
        has_sign(r, SignKind::FigureInName, "`卫生健康支出 102.63`"),
        "{r:#?}"
    );
    // On its first page the 项 codes land under 款: `20101 行政运行` is 2010501 行政运行.
    let r = reading_of(&d, &all, "收入总体情况表", 193);
    assert!(!r.sure);
    assert!(
        has_sign(r, SignKind::CodeLevelShift, "`20101 行政运行`"),
        "{r:#?}"
    );
    let errs = errors(&d);
    assert!(
        errs.iter().all(|f| f.rule != RuleId::HierarchySum),
        "{errs:#?}"
    );
}

#[test]
fn corpus_wide_documents_have_no_error_but_the_publishers() {
    // Every corpus-wide document of the twelve provinces, read from its text layer: the only
    // errors are the publishers' own (215, 219, 228: the tests above). The checks that fail on
    // misread tables are notices, each such table with a `table.uncertain` warning.
    let publishers = [("215_", 1), ("219_", 4), ("228_", 1)];
    let mut documents = 0;
    for path in cnbudget_testkit::files("corpus-wide", &["txt", "html"]) {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let d = Disclosure::from_path(&path).unwrap();
        let errs: Vec<String> = errors(&d).iter().map(Finding::to_string).collect();
        let expected = publishers
            .iter()
            .find(|(p, _)| name.starts_with(p))
            .map_or(0, |(_, n)| *n);
        assert_eq!(errs.len(), expected, "{name}: {errs:#?}");
        // Every lowered finding is explained by a table.uncertain warning.
        let findings = d.audit();
        if findings.iter().any(Finding::is_uncertain) {
            assert!(
                findings
                    .iter()
                    .any(|f| f.rule == RuleId::TableUncertain && f.severity == Severity::Warning),
                "{name}"
            );
        }
        documents += 1;
    }
    if cnbudget_testkit::shared().is_some() {
        assert_eq!(documents, 34);
    }
}

#[test]
fn split_decimals_make_the_204_function_table_uncertain() {
    // 气象局 prints every amount of 表五 as `12,672` on one line and `.73` on the next.
    let Some(d) = corpus_wide("204_") else { return };
    let all = readings(&d);
    let r = reading_of(&d, &all, "一般公共预算支出情况表", 0);
    assert!(!r.sure);
    assert!(has_sign(r, SignKind::SplitFigure, "`.39`"), "{r:#?}");
    // Its 合计 row reads 基本支出 12672 against 人员经费 + 公用经费 0: a notice.
    let f = d
        .audit()
        .into_iter()
        .find(|f| f.rule == RuleId::RowTotalParts && f.message.starts_with("合计:"))
        .unwrap();
    assert_eq!(
        (f.severity, f.lowered_from),
        (Severity::Notice, Some(Severity::Error))
    );
}

#[test]
fn a_wrapped_name_that_pushed_a_code_into_the_amounts_is_a_sign() {
    // 广州市统计局 本年支出总体情况表: `机关事业单位职业年金缴费支` / `出` wrapped around the code
    // line, and 2080505 read as the 合计 of the first half.
    let Some(d) = corpus_wide("210_") else { return };
    let all = readings(&d);
    let r = reading_of(&d, &all, "本年支出总体情况表", 0);
    assert!(has_sign(r, SignKind::CodeAsAmount, "`2080505`"), "{r:#?}");
    assert!(
        has_sign(
            r,
            SignKind::NameFragment,
            "`机关事业单位职业年金缴费支` / `出`"
        ),
        "{r:#?}"
    );
    assert!(r.signs.iter().any(|s| s.lines.contains(&252)));
}

#[test]
fn a_column_number_row_in_the_header_is_a_sign() {
    // 湖州 prints `** ** 1 2 3 4 5` under the headings of 表05.
    let Some(d) = corpus_wide("215_") else { return };
    let all = readings(&d);
    let r = reading_of(&d, &all, "一般公共预算支出表", 0);
    assert!(!r.sure);
    assert!(
        r.signs.iter().any(|s| s.kind == SignKind::ColumnNumberRow),
        "{r:#?}"
    );
    assert!(
        has_sign(r, SignKind::HeaderConflict, "基本支出人员经费"),
        "{r:#?}"
    );
}

#[test]
fn failures_that_cancel_between_columns_are_a_column_shift() {
    // 中共重庆市委宣传部 表五: on its second page 资源勘探工业信息等支出 371.13 (项目支出) is read
    // under 公用经费, so 合计's 公用经费 fails by +371.13 and 项目支出 by −371.13.
    let Some(d) = corpus_wide("207_") else { return };
    let all = readings(&d);
    let r = reading_of(&d, &all, "一般公共预算支出情况表", 0);
    assert!(
        has_sign(
            r,
            SignKind::ColumnShift,
            "公用经费 +371.13, 项目支出 -371.13"
        ),
        "{r:#?}"
    );
    // 人员经费 + 公用经费 = 12,899.61 against the printed 小计 12,899.62 is within the table's
    // rounding note, and is not reported at all.
    assert!(!d.audit().iter().any(|f| f.message.contains("12899.62")));
}

#[test]
fn a_difference_printed_in_the_same_row_is_a_sign() {
    // In the text of 湖州市退役军人事务局's 一般公共预算支出表 the headings run together
    // (`基本支出人员经费`) and a row's sum misses an amount the same row prints under another
    // heading.
    let Some(d) = corpus_wide("214_") else { return };
    let all = readings(&d);
    let r = reading_of(&d, &all, "一般公共预算支出表", 0);
    assert!(!r.sure);
    assert!(has_sign(r, SignKind::ResidualInRow, "`116.93`"), "{r:#?}");
}

#[test]
fn an_income_table_with_its_carry_over_by_fund_sums_as_printed() {
    // 首都绿化委员会办公室 预算02表: 合计 5,133.737491 is 本年收入 5,131.706333 (all of it
    // 一般公共预算资金) and 上年结转结余 2.031158 (all of it 一般公共预算资金 too); the carry-over's
    // share by fund is a part of the carry-over, not a second 一般公共预算 income.
    let Some(d) = corpus_wide("201_") else { return };
    let all = readings(&d);
    let r = reading_of(&d, &all, "收入总表", 0);
    assert!(r.sure, "{r:#?}");
    assert!(
        !d.audit()
            .iter()
            .any(|f| f.rule == RuleId::RowTotalParts && f.message.contains("5133.737491")),
    );
}

#[test]
fn code_segments_read_as_amounts_and_mistyped_codes_are_signs() {
    // 烟台市统计局 基本支出预算情况表: the 政府预算 款 segment `01` of `501 01` is read as the
    // 合计; 西安市人社局 reads `3010201` (a sub-item of 301) as a unit code.
    if let Some(d) = corpus_wide("228_") {
        let all = readings(&d);
        let r = reading_of(&d, &all, "基本支出预算情况表", 600);
        assert!(has_sign(r, SignKind::CodeAsAmount, "`01`"), "{r:#?}");
    }
    if let Some(d) = corpus_wide("224_") {
        let all = readings(&d);
        let r = reading_of(&d, &all, "基本支出明细表(按支出经济分类科目)", 0);
        assert!(has_sign(r, SignKind::MistypedCode, "`3010201`"), "{r:#?}");
    }
}

#[test]
fn a_table_split_at_page_breaks_is_summed_as_one() {
    // 大鹏管理局 表8 runs over three pages; 302 商品和服务支出 (1,932.41) is on the first, most of
    // its 款 on the next two. The reader joins the pages into one table, and 302 adds up.
    let Some(d) = corpus_wide("209_") else { return };
    assert!(
        !d.audit()
            .iter()
            .any(|f| f.rule == RuleId::HierarchySum && f.message.starts_with("302")),
    );
    let joined: Vec<&cnbudget::table::Table> = d
        .document
        .tables
        .iter()
        .filter(|t| t.number.as_deref() == Some("表8"))
        .collect();
    assert_eq!(joined.len(), 1);
    assert!(joined[0].row_by_code("302").is_some() && joined[0].row_by_code("30299").is_some());
}

#[test]
fn a_sure_table_keeps_its_errors() {
    // Written for this test: a tab-separated function table whose 款 row exceeds its 项 rows.
    let text = "2026年一般公共预算支出表\n单位：万元\n\
        科目编码\t科目名称\t合计\t基本支出\t项目支出\n\
        \t合计\t30.00\t20.00\t10.00\n\
        201\t一般公共服务支出\t30.00\t20.00\t10.00\n\
        20101\t人大事务\t30.00\t20.00\t10.00\n\
        2010101\t行政运行\t20.00\t20.00\t\n\
        2010102\t一般行政管理事务\t9.00\t\t9.00\n";
    let d = Disclosure::from_text(text);
    assert!(readings(&d).iter().all(|r| r.sure));
    let errs = errors(&d);
    let got: Vec<(RuleId, Option<Decimal>)> = errs.iter().map(|f| (f.rule, f.difference)).collect();
    assert_eq!(
        got,
        [
            (RuleId::HierarchySum, Some(Decimal::new(-100, 2))),
            (RuleId::HierarchySum, Some(Decimal::new(-100, 2))),
        ]
    );
}

#[test]
fn corpus_wide_228_basic_total_differs_by_a_cent_between_tables() {
    // 烟台市统计局: 公开表5 (一般公共预算支出情况表) prints 基本支出 小计 1,704.11 on its 合计
    // row, 公开表6 (一般公共预算基本支出情况表) totals 1,704.12. The 公开表5 heading is misread
    // (`人员支出` and `日常公用支出` both under 基本支出), but its own arithmetic confirms the
    // figure: 2,123.11 − 419.00 = 1,704.11 ≈ 1,573.37 + 130.75.
    let Some(d) = corpus_wide("228_") else { return };
    let errs = errors(&d);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    let f = &errs[0];
    assert_eq!(f.rule, RuleId::CrossBasicTotal);
    assert_eq!(f.lines, [429, 505]);
    assert_eq!(f.difference, Some(Decimal::from(100)), "in 元");
    let t = d.totals();
    let basic = t.general_budget_basic.unwrap();
    assert_eq!(
        (basic.amount, basic.line, basic.sure),
        (Decimal::new(170411, 2), 429, true)
    );
}

#[test]
fn corpus_wide_215_fiscal_summary_lines_exceed_its_total() {
    // 湖州市卫生健康委员会 表04 财政拨款收支预算总表 prints 支出总计 38191.21, but its 类 lines
    // (科学技术 1140.61, 社会保障和就业 11871.20, 卫生健康 23268.50, 城乡社区 12600.00,
    // 住房保障 738.45, 其他支出 15000.00) add up to 64618.76.
    let Some(d) = corpus_wide("215_") else { return };
    let errs = errors(&d);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    let f = &errs[0];
    assert_eq!(f.rule, RuleId::SummaryClasses);
    assert_eq!(
        f.expected.as_ref().unwrap().value,
        Decimal::new(3_819_121, 2)
    );
    assert_eq!(f.actual.as_ref().unwrap().value, Decimal::new(6_461_876, 2));
    assert_eq!(f.lines, [785, 799, 809, 835, 841, 844, 853]);
}

#[test]
fn a_class_name_wrapped_over_lines_stops_the_class_sum() {
    // Corpus 001 prints `四、文化旅游体育与传媒` / `支出` around its figure: the 类 lines cannot
    // all be read whole, so they are not summed (no false summary.classes error).
    let Some(path) = cnbudget_testkit::find("corpus", "001_sh", "txt") else {
        return;
    };
    let d = Disclosure::from_path(path).unwrap();
    assert!(!d.audit().iter().any(|f| f.rule == RuleId::SummaryClasses));
    // Written for this test: the same summary with one 类 line short of its total.
    let text = "财政拨款收支总表\n单位：元\n\
        项目\t预算数\t项目\t预算数\n\
        一、一般公共预算资金\t1,000\t一、一般公共服务支出\t600\n\
        \t\t二、卫生健康支出\t300\n\
        收入总计\t1,000\t支出总计\t1,000\n";
    let f = Disclosure::from_text(text)
        .audit()
        .into_iter()
        .find(|f| f.rule == RuleId::SummaryClasses)
        .expect("summary.classes");
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.difference, Some(Decimal::from(-100)));
}

#[test]
fn corpus014_states_its_appropriation_total_as_0_3_and_calls_a_decrease_flat() {
    // 上海市普陀区财政局 2024 决算, line 548: 财政拨款收入支出总计0.3万元, where the
    // 财政拨款收入支出决算总表 prints 总计 2,961.68 (line 303). The next sentence says the total
    // is 持平 with 2023 (line 549) and gives as its reason that payments were reduced (减少支付,
    // line 551).
    let Some(path) = cnbudget_testkit::find("corpus", "014_", "txt") else {
        return;
    };
    let d = Disclosure::from_path(path).unwrap();
    let findings = d.audit();
    let total = findings
        .iter()
        .find(|f| f.rule == RuleId::ProseTotal)
        .expect("prose.total");
    assert_eq!(total.severity, Severity::Error);
    assert_eq!(total.lines, [303, 548]);
    assert_eq!(
        total.expected.as_ref().unwrap().value,
        Decimal::new(2_961_680_000, 2)
    );
    assert_eq!(
        total.actual.as_ref().unwrap().value,
        Decimal::new(30_000, 1)
    );
    let flat = findings
        .iter()
        .find(|f| f.rule == RuleId::ProseComparison)
        .expect("prose.comparison");
    assert_eq!(flat.severity, Severity::Warning);
    assert_eq!(flat.lines, [549, 551]);
    assert!(
        flat.message.contains("持平") && flat.message.contains("减少"),
        "{flat}"
    );
}

#[test]
fn a_part_of_a_total_is_not_held_to_the_total() {
    // 重庆市规划和自然资源局 and 中共重庆市委宣传部 state 政府采购预算总额 (held to 表九) and then
    // `其中一般公共预算拨款政府采购 …` (a part of it): only the first is compared, and agrees.
    for prefix in ["206_", "207_"] {
        let Some(d) = corpus_wide(prefix) else { return };
        assert!(
            !d.audit().iter().any(|f| f.rule == RuleId::ProseTotal),
            "{prefix}"
        );
        assert!(d.totals().procurement.is_some());
    }
}

#[test]
fn prose_totals_written_for_this_test() {
    // A summary, a procurement table and sentences about them, written for this test.
    let text = "收支预算总表\n单位：万元\n\
        收入\t\t支出\t\n\
        项目\t预算数\t项目\t预算数\n\
        一、一般公共预算拨款收入\t120.00\t一、一般公共服务支出\t120.00\n\
        收入总计\t120.00\t支出总计\t120.00\n\
        \n\
        二、收支预算总体情况。本部门2026年收入总计120.00万元，支出总计12.00万元。\n\
        与2025年相比，收入总计增加。主要原因是新增项目减少支出。\n";
    let d = Disclosure::from_text(text);
    assert_eq!(
        d.totals().income_total.unwrap().amount,
        Decimal::new(12000, 2)
    );
    let findings = d.audit();
    let totals: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.rule == RuleId::ProseTotal)
        .collect();
    assert_eq!(totals.len(), 1, "{findings:#?}");
    assert!(
        totals[0].message.contains("支出总计 12.00万元"),
        "{}",
        totals[0]
    );
    // 增加 with reasons that speak of both directions (新增, 减少) is not a contradiction.
    assert!(!findings.iter().any(|f| f.rule == RuleId::ProseComparison));
    let flat = text.replace(
        "收入总计增加。主要原因是新增项目减少支出",
        "收入总计持平。主要原因是项目支出减少",
    );
    let findings = Disclosure::from_text(&flat).audit();
    assert!(findings.iter().any(|f| f.rule == RuleId::ProseComparison));
}

/// The `meta.*` findings of a text, as (rule, line).
fn year_findings(text: &str) -> Vec<(RuleId, usize)> {
    Disclosure::from_text(text)
        .audit()
        .into_iter()
        .filter(|f| matches!(f.rule, RuleId::MetaYear | RuleId::MetaAsOfYear))
        .map(|f| (f.rule, f.lines[0]))
        .collect()
}

#[test]
fn years_of_a_final_account() {
    // Written for this test: a 2024 final account.
    let text = "某某局2024年度部门决算\n\
        一、2024年度收入支出决算总体情况说明\n\
        本部门2024年度收入总计100.00万元，与2023年度相比，增加10.00万元。\n\
        二、2022年度部门决算情况说明\n\
        支出总计100.00万元，与2022年度相比，减少5.00万元。\n\
        截至2024年12月31日，本部门共有车辆2辆。\n\
        截至2023年12月31日，本部门共有房屋1处。\n\
        截至2025年3月，上述资产均在使用。\n";
    assert_eq!(
        year_findings(text),
        [
            (RuleId::MetaYear, 4),
            (RuleId::MetaYear, 5),
            (RuleId::MetaAsOfYear, 7),
        ]
    );
}

#[test]
fn years_of_a_budget() {
    // Written for this test: a 2026 budget; a budget names the year before (截至2025年底, 比2025
    // 年), may compare with the last final account (比2024年决算数), and sees its figures
    // through spaces and line breaks (`截至 2025 年 12 月 31 日`).
    let text = "某某局2026年部门预算\n\
        （一）2026年收支预算情况\n\
        收入预算100.00万元，比2025年预算增加10.00万元，比2024年决算数增加12.00万元。\n\
        （二）2024年部门预算执行情况\n\
        截至 2025 年 12 月\n 31 日，本部门共有车辆2辆。\n\
        截至2024年12月31日，本部门共有房屋1处。\n\
        支出比2024年增加3.00万元。\n";
    assert_eq!(
        year_findings(text),
        [
            (RuleId::MetaYear, 4),
            (RuleId::MetaAsOfYear, 7),
            (RuleId::MetaYear, 8),
        ]
    );
}

#[test]
fn a_web_section_named_for_both_kinds_does_not_make_a_budget_a_final_account() {
    // 昆明市审计局's page title: `…2026年预算公开_部门预决算及“三公”经费_…`.
    let Some(path) = cnbudget_testkit::find("corpus-wide", "230_", "html") else {
        return;
    };
    let d = Disclosure::from_path(path).unwrap();
    assert_eq!(d.metadata.kind, Some(cnbudget::meta::AccountKind::Budget));
    // Its 截至2025年12月31日 (a budget names the year before) is not reported.
    assert!(!d.audit().iter().any(|f| f.rule == RuleId::MetaAsOfYear));
}

/// Whether the audit says the input is not a budget, and what it says.
fn not_budget(d: &Disclosure) -> Option<String> {
    d.audit()
        .into_iter()
        .find(|f| f.rule == RuleId::DocumentNotBudget)
        .map(|f| {
            assert_eq!(f.severity, Severity::Warning);
            f.message
        })
}

/// Bytes from a fixed xorshift generator (the same every run).
fn random_bytes(n: usize, mut x: u64) -> Vec<u8> {
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

#[test]
fn what_is_not_a_budget_says_so() {
    let random = Disclosure::from_bytes(&random_bytes(20_000, 0x2545_F491_4F6C_DD1D));
    assert!(
        not_budget(&random)
            .unwrap()
            .contains("does not look like a budget")
    );
    let empty = Disclosure::from_bytes(b"");
    assert!(
        not_budget(&empty)
            .unwrap()
            .starts_with("the input is empty")
    );
    let readme = Disclosure::from_text(include_str!("../README.md"));
    assert!(not_budget(&readme).is_some());
    // Written for this test: a web page about something else.
    let page = "<html><head><title>公告</title></head><body><p>本周六上午九时举行植树活动，请各单位准时参加。</p></body></html>";
    assert!(not_budget(&Disclosure::from_text(page)).is_some());
    // The reader's mark for a PDF without a text layer.
    let mut scanned = Disclosure::from_bytes(b"\x0c\x0c");
    scanned.needs_ocr = true;
    assert!(not_budget(&scanned).unwrap().contains("needs OCR"));
    // Budgets are not: the sample, and a page that only publishes its “三公” figures.
    assert!(not_budget(&Disclosure::from_bytes(cnbudget::SAMPLE.as_bytes())).is_none());
    assert!(not_budget(&Disclosure::from_text("2024年“三公”经费预算情况说明\n")).is_none());
}

#[test]
fn no_real_document_is_called_not_a_budget() {
    for sub in ["seeds", "corpus", "corpus-wide"] {
        for path in cnbudget_testkit::files(sub, &["txt", "html"]) {
            let d = Disclosure::from_path(&path).unwrap();
            assert!(not_budget(&d).is_none(), "{}", path.display());
        }
    }
}

#[test]
fn a_pdf_without_text_is_not_a_budget() {
    // A one-page PDF with no text on it, written for this test; pdftotext reads it as a form
    // feed. Skipped where pdftotext is not installed.
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
    }
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for o in offsets {
        pdf.extend(format!("{o:010} 00000 n \n").bytes());
    }
    pdf.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    let dir = std::env::temp_dir().join(format!("cnbudget-audit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("blank.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let read = Disclosure::from_path(&path);
    std::fs::remove_dir_all(&dir).ok();
    let Ok(d) = read else { return };
    assert!(not_budget(&d).unwrap().starts_with("the input is empty"));
}

#[test]
fn a_class_figure_in_a_project_paragraph_is_its_project_part() {
    // 长沙市公安局 2025 says, in the paragraph on 项目支出, that 公共安全支出 is 40,230.95 万元;
    // the 一般公共预算支出表 prints 204 公共安全支出 with 合计 68,629.12, 基本支出 28,398.17 and
    // 项目支出 40,230.95. The figure is the class's project part: no prose.figure finding.
    let Some(path) = cnbudget_testkit::find("corpus-wide", "216_", "pdf") else {
        return;
    };
    let d = Disclosure::from_path(path).unwrap();
    let fact = d
        .facts
        .iter()
        .find(|f| f.subject == "公共安全支出")
        .unwrap();
    assert_eq!(fact.quantity.value, Decimal::new(4_023_095, 2));
    assert!(
        !d.audit().iter().any(|f| f.rule == RuleId::ProseFigure),
        "{:#?}",
        d.audit()
    );
}
