//! Performance forms read from PDFs' ruled grids: indicators in their columns, units given in
//! the indicator's name, forms continued on the next page, and the findings that follow.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cnbudget::Disclosure;
use cnbudget::audit::{RuleId, Severity};
use rust_decimal::Decimal;

fn pdf(prefix: &str) -> Option<Disclosure> {
    let path = cnbudget_testkit::find("corpus-wide", prefix, "pdf")?;
    Some(Disclosure::from_path(path).unwrap())
}

fn project<'d>(d: &'d Disclosure, name: &str) -> &'d cnbudget::indicator::ProjectGoal {
    d.goals
        .projects
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no project {name}"))
}

#[test]
fn xian_statistics_forms_read_by_their_columns() {
    // 西安市统计局 2026, 表14: each project form has 一级/二级/三级指标, 指标值 and
    // 分值权重(90分), with the unit in the indicator's name: `内审报告合格率(%)` | `100` | `10`.
    let Some(d) = pdf("227_") else {
        return;
    };
    let p = project(&d, "内审服务");
    assert_eq!(p.budget.as_ref().unwrap().value, Decimal::new(150, 2));
    assert_eq!(p.execution_weight, Some(Decimal::from(10)));
    let names: Vec<_> = p.indicators.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "委托中介机构费(万元)",
            "内审报告(篇)",
            "内审报告合格率(%)",
            "内审开展时间(月)",
            "提升内部管理水平",
            "管控时效"
        ]
    );
    let rate = &p.indicators[2];
    assert_eq!(rate.target.as_ref().unwrap().to_string(), "100%");
    assert_eq!(rate.weight, Some(Decimal::from(10)));
    // A qualitative target stays in its column; the figure beside it is the weight.
    let social = &p.indicators[4];
    assert_eq!(social.level2.as_ref().unwrap().to_string(), "社会效益指标");
    assert_eq!(social.target.as_ref().unwrap().to_string(), "有效提升");
    assert_eq!(social.weight, Some(Decimal::from(30)));
    let weights: Decimal = p.indicators.iter().filter_map(|i| i.weight).sum();
    assert_eq!(weights, Decimal::from(90));
}

#[test]
fn a_form_continued_on_the_next_page_keeps_its_indicators() {
    // 表15 部门整体支出绩效目标表 breaks after 采购物资合格率 (page 50); page 51 goes on with
    // 社情民意调查访问覆盖率 … 各市级部门对统计工作的满意度 in a grid of five columns.
    let Some(d) = pdf("227_") else {
        return;
    };
    let o = &d.goals.overall[0];
    assert_eq!(o.indicators.len(), 25);
    let last = o.indicators.last().unwrap();
    assert_eq!(last.name, "各市级部门对统计工作的满意度(%)");
    assert_eq!(last.target.as_ref().unwrap().to_string(), "≥90%");
    assert_eq!(last.weight, Some(Decimal::from(10)));
    let weights: Decimal = o.indicators.iter().filter_map(|i| i.weight).sum();
    assert_eq!(weights, Decimal::from(90));
    assert_eq!(o.execution_weight, Some(Decimal::from(10)));
    // Three tasks and their 金额合计 6,210.92 agree: no task finding.
    assert_eq!(o.tasks.len(), 3);
    assert_eq!(o.task_total, Some(Decimal::new(621_092, 2)));
    let findings = d.audit();
    assert!(
        !findings.iter().any(|f| f.rule == RuleId::IndicatorTaskTotal
            || f.rule == RuleId::IndicatorWeightSum
            || f.rule == RuleId::IndicatorMissingUnit
                && f.severity == Severity::Warning
                && !f.message.contains("万/年")),
        "{findings:#?}"
    );
}

#[test]
fn weights_that_miss_the_printed_total_are_the_documents() {
    // 西安市行政审批服务局 2025, 部门整体支出绩效目标表: the heading says 分值权重(90分) and the six
    // weights printed under it are 20 + 10 + 10 + 10 + 20 + 10 = 80.
    let Some(d) = pdf("226_") else {
        return;
    };
    let f: Vec<_> = d
        .audit()
        .into_iter()
        .filter(|f| f.rule == RuleId::IndicatorWeightSum && f.severity == Severity::Warning)
        .collect();
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(
        f[0].message.contains("sum to 80, expected 90"),
        "{}",
        f[0].message
    );
}

#[test]
fn a_form_listing_every_project_under_one_header() {
    // 长沙市公安局 2025 prints one wide form for all its projects: 单位编码, 单位(项目)名称, 资金总额,
    // 绩效目标, then 一级/二级/三级指标, 指标值, 指标值内容, 评(扣)分标准, 度量单位, 指标值类型, a row
    // per indicator, the project cells spanning its rows.
    let Some(d) = pdf("216_") else {
        return;
    };
    assert_eq!(d.goals.projects.len(), 14);
    let p = &d.goals.projects[0];
    assert_eq!(p.name, "大型警保卫及基础设施安全保护工作经费");
    assert_eq!(p.budget.as_ref().unwrap().value, Decimal::new(42869, 2));
    assert_eq!(p.indicators.len(), 23);
    // 指标值 100, 度量单位 %, 指标值类型 ≤.
    let first = &p.indicators[0];
    assert_eq!(first.name, "成本控制率");
    assert_eq!(first.target.as_ref().unwrap().to_string(), "≤100%");
    // The overall form has the department in the same place.
    let o = &d.goals.overall[0];
    assert_eq!(o.department.as_deref(), Some("长沙市公安局"));
    assert_eq!(o.budget.as_ref().unwrap().value, Decimal::new(6_863_212, 2));
    assert_eq!(o.indicators.len(), 24);
    assert!(
        !d.audit()
            .iter()
            .any(|f| f.rule.as_str().starts_with("indicator.") && f.severity <= Severity::Warning)
    );
}

#[test]
fn a_first_level_printed_on_the_next_page_leaves_the_indicators_listed() {
    // 西安市安全生产监督管理局 2019: the 一级 cell of each project form spans two pages and prints
    // its name (产出指标) on the second, so the rows of the first page have a 二级 and no 一级.
    // A 二级 that belongs under one 一级 places them: the reading is not uncertain, and a
    // notice lists the rows read without their 一级.
    let Some(d) = pdf("223_") else {
        return;
    };
    let findings = d.audit();
    assert!(
        !findings
            .iter()
            .any(|f| f.rule == RuleId::TableUncertain && f.message.contains("indicators"))
    );
    let listed: Vec<_> = findings
        .iter()
        .filter(|f| f.rule == RuleId::IndicatorNoPlace)
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(listed.len(), 2, "{listed:#?}");
    assert!(
        listed[0].starts_with("92 of 107 indicators"),
        "{}",
        listed[0]
    );
    assert!(listed[0].ends_with("and 80 more)"), "{}", listed[0]);
    let first = &d.goals.projects[0].indicators[0];
    assert_eq!(first.level1, None);
    assert_eq!(first.level2.as_ref().unwrap().to_string(), "数量指标");
}

#[test]
fn forms_without_level_columns_and_their_next_page() {
    // 重庆市商务委员会 2026: the 市级重点专项资金 form lists 指标名称 | 指标性质 | 指标值 | 计量单位 |
    // 指标权重(%) | 是否核心 with no 一级/二级 columns, and goes on over the page under a header
    // of its own, in fewer columns; the 一般性项目 form has a project column (序号, 项目名称,
    // 当年财政拨款预算金额, 当年绩效目标) spanning its rows.
    let Some(d) = pdf("205_") else {
        return;
    };
    let special = project(&d, "市商务发展专项");
    assert_eq!(
        special.budget.as_ref().unwrap().value,
        Decimal::from(46_794)
    );
    assert_eq!(special.indicators.len(), 12);
    let first = &special.indicators[0];
    assert_eq!(first.name, "重要商品储备数量");
    assert_eq!(first.target.as_ref().unwrap().to_string(), "≥7500吨");
    assert_eq!(first.core, Some(true));
    let next_page = special
        .indicators
        .iter()
        .find(|i| i.name == "新增限额以上商贸市场主体数量")
        .unwrap();
    assert_eq!(next_page.target.as_ref().unwrap().to_string(), "≥2000家");
    assert_eq!(next_page.weight, Some(Decimal::from(5)));
    let weights: Decimal = special.indicators.iter().filter_map(|i| i.weight).sum();
    assert_eq!(weights, Decimal::from(100));
    let general = project(&d, "市商务发展一般性项目");
    assert_eq!(
        general.budget.as_ref().unwrap().value,
        Decimal::new(807_145, 2)
    );
    assert_eq!(general.indicators.len(), 12);
    assert!(d.goals.unplaced.is_empty(), "{:#?}", d.goals.unplaced);
}

#[test]
fn shanghai_filled_in_forms_through_the_pdf_and_the_text() {
    // 上海市普陀区万里街道 2023 (corpus/001), 财政项目支出绩效目标填报表. From the PDF's grids every
    // indicator has its 一级 and 二级, and a target wrapped in its cell stays whole.
    let Some(pdf) = cnbudget_testkit::find("corpus", "001_", "pdf") else {
        return;
    };
    let d = Disclosure::from_path(pdf).unwrap();
    let all: Vec<_> = d
        .goals
        .projects
        .iter()
        .flat_map(|p| &p.indicators)
        .collect();
    assert_eq!(all.len(), 65);
    assert!(all.iter().all(|i| i.level1.is_some() && i.level2.is_some()));
    let visits = all.iter().find(|i| i.name == "按计划数量完成").unwrap();
    assert_eq!(visits.level2.as_ref().unwrap().to_string(), "数量指标");
    let target = visits.target.as_ref().unwrap().to_string();
    assert!(target.contains("20000份"), "{target}");
    assert!(d.goals.unplaced.is_empty(), "{:#?}", d.goals.unplaced);

    // From the `pdftotext -layout` text the levels of 30 of 63 indicators are lost; each one
    // is reported by line in an indicator.no_place notice of its table.
    let txt = cnbudget_testkit::find("corpus", "001_", "txt").unwrap();
    let d = Disclosure::from_path(txt).unwrap();
    let all: Vec<_> = d
        .goals
        .projects
        .iter()
        .flat_map(|p| &p.indicators)
        .collect();
    let unplaced = all
        .iter()
        .filter(|i| i.level1.is_none() || i.level2.is_none())
        .count();
    assert_eq!((all.len(), unplaced), (63, 30));
    let findings = d.audit();
    let listed: Vec<&cnbudget::audit::Finding> = findings
        .iter()
        .filter(|f| f.rule == RuleId::IndicatorNoPlace)
        .collect();
    assert_eq!(listed.len(), 5);
    assert!(listed.iter().all(|f| f.severity == Severity::Notice));
    let counted: usize = listed
        .iter()
        .map(|f| {
            f.message
                .split(' ')
                .next()
                .unwrap()
                .parse::<usize>()
                .unwrap()
        })
        .sum();
    assert_eq!(counted, 30);
    assert!(
        listed
            .iter()
            .any(|f| f.message.contains("19 of 41") && f.message.contains("1048"))
    );
}
