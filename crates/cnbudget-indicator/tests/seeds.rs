//! Real values from every seed's performance tables (fixtures in `testdata/`, reproduced row by
//! row from the seeds; prose cells replaced), plus a fidelity check against the seeds themselves
//! when the shared folder is present.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cnbudget_indicator::*;
use rust_decimal::Decimal;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn fixture(name: &str) -> Vec<RawTable<'static>> {
    let path = format!("{}/testdata/{name}", env!("CARGO_MANIFEST_DIR"));
    RawTable::many_from_tsv(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn goals(name: &str) -> Goals {
    read_all(&fixture(name))
}

fn find<'a>(inds: &'a [Indicator], name: &str) -> &'a Indicator {
    inds.iter()
        .find(|i| i.name == name)
        .unwrap_or_else(|| panic!("no indicator {name}"))
}

fn target(i: &Indicator) -> String {
    i.target
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default()
}

#[test]
fn seed000_overall_goal_has_eight_indicators_summing_to_100() {
    let tables = fixture("seed000.tsv");
    assert_eq!(classify(&tables[0]), TableKind::OverallGoals);
    let g = read_goals(&tables[0]);
    let o = &g.overall[0];
    assert_eq!(o.department.as_deref(), Some("134-重庆市荣昌区医疗保障局"));
    let budget = o.budget.as_ref().unwrap();
    assert_eq!(budget.value, d("1739.15"));
    assert_eq!(budget.yuan(), Some(d("17391500")));
    assert_eq!(o.indicators.len(), 8);
    let i = find(&o.indicators, "基本医疗参保人数");
    assert_eq!(i.level1, Some(Level1::Output));
    assert_eq!(i.level2, Some(Level2::Quantity));
    assert_eq!(target(i), "≥71万人");
    assert_eq!(i.weight, Some(d("20")));
    assert_eq!(i.core, Some(true));
    let q = i.target.as_ref().unwrap().quantity().unwrap();
    assert_eq!(q.to_base(), Some((Some(Unit::Persons), d("710000"))));
    // 服务对象满意度 is a 三级 name here, though it spells like a 二级.
    let s = find(&o.indicators, "服务对象满意度");
    assert_eq!(s.level2, Some(Level2::ServiceSatisfaction));
    assert_eq!(target(s), "≥90%");
    assert_eq!(target(find(&o.indicators, "预算执行率")), "=100%");
    assert_eq!(target(find(&o.indicators, "药品备案采购率")), "≤5%");
    assert_eq!(
        target(find(&o.indicators, "区内门诊和住院医疗救助人次数")),
        "≥116000人次"
    );
    assert!(g.findings.is_empty(), "{:?}", g.findings);
    assert!(g.unplaced.is_empty(), "{:?}", g.unplaced);
}

#[test]
fn seed000_three_projects_with_budget_split_and_execution_weight() {
    let g = goals("seed000.tsv");
    assert_eq!(g.projects.len(), 3);
    let p = &g.projects[0];
    assert_eq!(p.code.as_deref(), Some("50015322T000000091332"));
    assert_eq!(p.name, "荣昌区离休干部医疗费");
    assert_eq!(p.department.as_deref(), Some("重庆市荣昌区医疗保障局"));
    assert_eq!(
        p.implementing_unit.as_deref(),
        Some("134002-重庆市荣昌区医疗保障事务中心")
    );
    assert_eq!(p.category, Some(ProjectCategory::KeySpecial));
    assert_eq!(p.execution_weight, Some(d("10")));
    assert_eq!(p.budget.as_ref().unwrap().value, d("130.00"));
    let split: Vec<(String, Decimal)> = p
        .funding
        .iter()
        .map(|f| (f.source.clone(), f.amount.value))
        .collect();
    assert_eq!(
        split,
        vec![("本级".into(), d("95.00")), ("上级".into(), d("35.00"))]
    );
    assert_eq!(p.basis.as_deref(), Some("荣委办发[2015]142号文件"));
    assert_eq!(p.indicators.len(), 5);
    assert_eq!(
        target(find(&p.indicators, "离休干部医疗报销人次")),
        "≥200人次"
    );
    // Weights 90 + 预算执行率权重 10: no finding.
    let sums: Vec<Decimal> = g
        .projects
        .iter()
        .map(|p| p.indicators.iter().filter_map(|i| i.weight).sum())
        .collect();
    assert_eq!(sums, vec![d("90"), d("90"), d("90")]);
    assert_eq!(g.projects[1].budget.as_ref().unwrap().value, d("350.00"));
    assert_eq!(g.projects[2].category, Some(ProjectCategory::General));
    assert_eq!(
        target(find(&g.projects[2].indicators, "系统故障修复处理时间")),
        "≤24小时"
    );
    assert!(g.findings.is_empty(), "{:?}", g.findings);
}

#[test]
fn seed002_table6_broken_rows_and_latex_debris() {
    let tables = fixture("seed002.tsv");
    let g = read_goals(&tables[0]);
    let p = g
        .projects
        .iter()
        .find(|p| p.name == "建国初期老干部医疗补助")
        .unwrap();
    assert_eq!(p.code.as_deref(), Some("51110222T000000270928"));
    assert_eq!(p.budget.as_ref().unwrap().value, d("80.00"));
    // Printed `$\geq$` in a cell wrapped over three lines.
    let i = find(&p.indicators, "建国初期退休干部住院人数");
    assert_eq!(target(i), "≥185人");
    assert_eq!(i.weight, Some(d("5")));
    assert_eq!(i.direction, Some(Direction::Positive));
    assert_eq!(i.level1, Some(Level1::Output));
    assert_eq!(i.level2, Some(Level2::Quantity));
    let q = find(&p.indicators, "建国初期退休干部医疗照顾管理健全性");
    assert_eq!(
        q.target,
        Some(Target::Qualitative(Qualitative {
            grades: ["优", "良", "中", "低", "差"].map(String::from).to_vec()
        }))
    );
    // `$\leq$` in 公车改革补贴.
    let car = g
        .projects
        .iter()
        .find(|p| p.name == "公车改革补贴")
        .unwrap();
    let i = car
        .indicators
        .iter()
        .find(|i| i.name.starts_with("预算编制准确率"))
        .unwrap();
    assert_eq!(target(i), "≤5%");
    assert_eq!(i.direction, Some(Direction::Negative));
    // A code broken over two rows: `51110221R000` / `000074941-单位缴费【行政工伤保险】`.
    let split = g
        .projects
        .iter()
        .find(|p| p.name == "单位缴费【行政工伤保险】")
        .unwrap();
    assert_eq!(split.code.as_deref(), Some("51110221R000000074941"));
    assert_eq!(split.budget.as_ref().unwrap().value, d("0.65"));
    // The unit row above the projects.
    assert_eq!(
        p.implementing_unit.as_deref(),
        Some("320001-乐山市市中区医疗保障局")
    );
    assert_eq!(g.projects.len(), 24);
    // Sichuan tables leave 10 points for budget execution: a notice, not a warning.
    let notices = g
        .findings
        .iter()
        .filter(|f| {
            f.severity == Severity::Notice && matches!(f.kind, FindingKind::WeightSum { .. })
        })
        .count();
    assert!(notices >= 15, "{notices}");
    // The rows whose cells the document scattered are reported, not dropped.
    assert!(g.unplaced.iter().any(|u| u.line == 436), "{:?}", g.unplaced);
}

#[test]
fn seed002_table7_overall_combined_values() {
    let tables = fixture("seed002.tsv");
    assert_eq!(classify(&tables[1]), TableKind::OverallGoals);
    let g = read_goals(&tables[1]);
    let o = &g.overall[0];
    assert_eq!(o.department.as_deref(), Some("医疗保障"));
    assert_eq!(o.budget.as_ref().unwrap().value, d("515.19"));
    assert_eq!(o.tasks.len(), 5);
    assert_eq!(o.tasks[0].name, "医保支付方式改革");
    assert_eq!(o.indicators.len(), 18);
    assert_eq!(target(find(&o.indicators, "保障运转部门数量")), "=3个");
    let i = find(&o.indicators, "建国初期退休干部医疗补助人数");
    assert_eq!(target(i), "≥185人");
    assert_eq!(i.level2, Some(Level2::Quantity));
    let q = find(&o.indicators, "医疗补助管理机制健全性");
    assert_eq!(target(q), "定性优良中低差");
    assert_eq!(q.level2, Some(Level2::SustainableImpact));
    let c = find(&o.indicators, "基本支出成本");
    assert_eq!(target(c), "≤345.19万元");
    assert_eq!(c.level1, Some(Level1::Cost));
    assert_eq!(c.level2, Some(Level2::EconomicCost));
    assert_eq!(
        find(&o.indicators, "资金结余率").level2,
        Some(Level2::EconomicBenefit)
    );
    assert!(g.findings.is_empty(), "{:?}", g.findings);
    assert!(g.unplaced.is_empty(), "{:?}", g.unplaced);
}

#[test]
fn seed003_overall_and_project() {
    let tables = fixture("seed003.tsv");
    let g = read_goals(&tables[0]);
    let o = &g.overall[0];
    assert_eq!(o.indicators.len(), 23);
    let i = find(&o.indicators, "城乡居民医疗保险参保人数");
    assert_eq!(target(i), "≥63万人");
    assert_eq!(i.weight, Some(d("4")));
    assert_eq!(target(find(&o.indicators, "生育保险参保人数")), "≥7.5万人");
    assert_eq!(
        find(&o.indicators, "特殊疾病就医卡办理")
            .target
            .as_ref()
            .unwrap()
            .unit(),
        Some(&Unit::Other("人数".into()))
    );
    // Non-standard levels are kept as written.
    let cost = find(&o.indicators, "财政拨款投入");
    assert_eq!(cost.level1, Some(Level1::Other("运行成本".into())));
    assert_eq!(cost.level2, Some(Level2::Other("预算管理".into())));
    let sat = find(&o.indicators, "社会公众满意度");
    assert_eq!(sat.level1, Some(Level1::Other("服务对象满意度".into())));
    assert_eq!(target(sat), "≥97.5%");
    let sum: Decimal = o.indicators.iter().filter_map(|i| i.weight).sum();
    assert_eq!(sum, d("100"));
    assert_eq!(o.budget.as_ref().unwrap().value, d("552.80"));
    assert!(
        !g.findings
            .iter()
            .any(|f| matches!(f.kind, FindingKind::WeightSum { .. }))
    );

    let g = read_goals(&tables[1]);
    let p = &g.projects[0];
    assert_eq!(p.code.as_deref(), Some("50011022T000000087978"));
    assert_eq!(p.category, Some(ProjectCategory::Recurring));
    assert_eq!(p.budget.as_ref().unwrap().value, d("15.60"));
    assert_eq!(p.indicators.len(), 7);
    assert_eq!(target(find(&p.indicators, "享受人数")), "=2人");
    assert_eq!(
        find(&p.indicators, "完成全面征收任务").level2,
        Some(Level2::EconomicBenefit)
    );
    // 15 + 20 + 20 + 25 + 5 + 3 + 2 = 90, with no 预算执行率权重 printed: a notice.
    let f = g
        .findings
        .iter()
        .find(|f| matches!(f.kind, FindingKind::WeightSum { .. }))
        .unwrap();
    assert_eq!(
        f.kind,
        FindingKind::WeightSum {
            goal: p.name.clone(),
            expected: d("100"),
            actual: d("90")
        }
    );
    assert_eq!((f.severity, f.line), (Severity::Notice, 289));
}

#[test]
fn seed004_tables_13_to_15_free_text_targets() {
    let tables = fixture("seed004.tsv");
    let t13 = read_goals(&tables[0]);
    let p = &t13.projects[0];
    assert_eq!(p.name, "医保服务能力大提升");
    assert_eq!(p.category, Some(ProjectCategory::Dedicated));
    assert_eq!(p.budget.as_ref().unwrap().value, d("30"));
    assert_eq!(target(&p.indicators[0]), "≥5次");
    let cost = find(&p.indicators, "指标1:各项宣传监管培训工作");
    assert_eq!(target(cost), "30万元");
    assert_eq!(
        cost.target
            .as_ref()
            .unwrap()
            .quantity()
            .unwrap()
            .effective_comparator(),
        Comparator::Eq
    );
    // Two template lines `指标1:` left empty: notices.
    assert_eq!(
        t13.findings
            .iter()
            .filter(|f| matches!(f.kind, FindingKind::EmptyIndicator { .. }))
            .count(),
        2
    );

    let t14 = read_goals(&tables[1]);
    let o = &t14.overall[0];
    assert_eq!(o.tasks.len(), 4);
    assert_eq!(o.task_total, Some(d("718.01")));
    let Some(Target::Text(t)) = &find(&o.indicators, "预算执行进度率").target else {
        panic!()
    };
    assert_eq!(t.text, "大于等于序时进度");
    assert_eq!(t.comparator, Some(Comparator::Ge));
    let Some(Target::Text(t)) = &find(&o.indicators, "专项资金预算下达及时率").target
    else {
        panic!()
    };
    assert_eq!(t.qualifier.as_deref(), Some("5月底前"));
    assert_eq!(t.quantity.as_ref().unwrap().to_string(), "≥60%");
    assert_eq!(target(find(&o.indicators, "三公经费控制")), "只减不增");
    assert_eq!(
        target(find(&o.indicators, "指标2:政府采购成本")),
        "政府采购限价"
    );
    // The document lost its 效益指标 cell: the 社会效益指标 rows sit under 产出指标.
    assert!(t14.findings.iter().any(|f| matches!(
        &f.kind,
        FindingKind::LevelMismatch {
            level2: Level2::SocialBenefit,
            ..
        }
    ) && f.line == 441));
    assert!(
        !t14.findings
            .iter()
            .any(|f| matches!(f.kind, FindingKind::TaskTotal { .. }))
    );

    let t15 = read_goals(&tables[2]);
    assert_eq!(
        t15.projects[0].implementing_unit.as_deref(),
        Some("渭南市医疗保障经办中心")
    );
    assert_eq!(target(&t15.projects[0].indicators[0]), "≥5次");
}

#[test]
fn seed001_project_self_evaluations() {
    let tables = fixture("seed001.tsv");
    assert_eq!(classify(&tables[1]), TableKind::ProjectEvaluation);
    let g = read_all(&tables[1..]);
    assert_eq!(g.evaluations.len(), 4);
    let e = &g.evaluations[0];
    assert_eq!(e.name, "网络租赁和运行维护费");
    let f = e.total_funds().unwrap();
    assert_eq!(
        (f.budget, f.executed, f.rate),
        (Some(d("10.92")), Some(d("10.92")), Some(d("100")))
    );
    assert_eq!((f.points, f.score), (Some(d("10")), Some(d("10"))));
    let i = find(&e.indicators, "服务对象覆盖率");
    assert_eq!(target(i), "≥100%");
    let ev = i.evaluation.as_ref().unwrap();
    assert_eq!(ev.actual.as_ref().unwrap().to_string(), "=100%");
    assert_eq!(
        (i.weight, ev.coefficient, ev.score),
        (Some(d("15")), Some(d("1")), Some(d("15")))
    );
    assert_eq!(
        assess(i.target.as_ref().unwrap(), ev.actual.as_ref().unwrap()).outcome,
        Outcome::Met
    );
    // The document's own figures: indicator 分值 sum to 100 on top of the 10 for execution.
    assert!(g.findings.iter().any(|f| f.kind
        == FindingKind::TotalScore {
            goal: e.name.clone(),
            expected: d("110"),
            reported: d("100")
        }));

    let hall = &g.evaluations[2];
    let n = find(&hall.indicators, "服务对象人数");
    assert_eq!(target(n), "≥37.3万人");
    assert_eq!(
        n.target
            .as_ref()
            .unwrap()
            .quantity()
            .unwrap()
            .to_base()
            .unwrap()
            .1,
        d("373000")
    );
    assert!(
        !g.findings
            .iter()
            .any(|f| f.table == "2021年度项目资金绩效自评表" && f.line == hall.line)
    );

    // 55 % executed earns 5 of 10 points (5.5 printed as 5): accepted.
    let c = &g.evaluations[3];
    let f = c.total_funds().unwrap();
    assert_eq!((f.rate, f.score), (Some(d("55")), Some(d("5"))));
    assert!(!g.findings.iter().any(|f| matches!(
        f.kind,
        FindingKind::ExecutionScore { .. } | FindingKind::ExecutionRate { .. }
    )));
    let w = find(&c.indicators, "经办人员工作作风");
    assert_eq!(
        assess(
            w.target.as_ref().unwrap(),
            w.evaluation.as_ref().unwrap().actual.as_ref().unwrap()
        )
        .outcome,
        Outcome::Met
    );
    assert!(g.unplaced.is_empty(), "{:?}", g.unplaced);
    // Everything serialises and comes back.
    let json = serde_json::to_string(&g).unwrap();
    assert_eq!(serde_json::from_str::<Goals>(&json).unwrap(), g);
}

#[test]
fn seed001_overall_self_evaluation_totals_97_5() {
    let tables = fixture("seed001.tsv");
    assert_eq!(classify(&tables[0]), TableKind::OverallEvaluation);
    let g = read_goals(&tables[0]);
    let e = &g.overall_evaluations[0];
    assert_eq!(e.total_score, Some(d("97.5")));
    assert_eq!(e.indicators.len(), 26);
    let sum: Decimal = e
        .indicators
        .iter()
        .filter_map(|i| i.evaluation.as_ref()?.score)
        .sum();
    assert_eq!(sum, d("97.5"));
    let points: Decimal = e.indicators.iter().filter_map(|i| i.weight).sum();
    assert_eq!(points, d("100"));
    assert_eq!(Grade::from_score(sum), Grade::Excellent);
    let first = &e.indicators[0];
    assert_eq!(first.level1, Some(Level1::Input));
    assert_eq!(first.level2, Some(Level2::Other("预算配置(5分)".into())));
    let r = find(&e.indicators, "预算完成率");
    assert_eq!(r.level1, Some(Level1::Process));
    assert_eq!(r.evaluation.as_ref().unwrap().score, Some(d("1.5")));
    // The second row of 工作创新 has no name cell: it inherits the name.
    assert_eq!(
        e.indicators.iter().filter(|i| i.name == "工作创新").count(),
        2
    );
    assert_eq!(
        find(&e.indicators, "参保人数").level2,
        Some(Level2::SocialBenefit)
    );
    assert!(g.findings.is_empty(), "{:?}", g.findings);
    assert!(g.unplaced.is_empty(), "{:?}", g.unplaced);
}

#[test]
fn full_marks_on_a_failed_target_and_bad_arithmetic_are_found() {
    // Seed 001's 网络租赁 row, with the actual changed to miss the target.
    let tsv = "#title\t项目资金绩效自评表\n\
        1\t项目名称\t测试项目\t总分\t95\n\
        2\t项目资金(万元)\t\t年初预算数\t全年预算数(A)\t全年执行数(B)\t执行率(B/A,%)\t分值\t得分\n\
        3\t年度资金总额\t10.92\t10.92\t9.00\t100%\t10\t10\n\
        4\t一级指标\t二级指标\t三级指标\t年度指标值\t全年完成值\t分值\t得分系数\t得分\n\
        5\t产出指标\t时效指标\t故障响应时间\t≤2小时\t=3小时\t45\t100%\t45\n\
        6\t产出指标\t数量指标\t培训人次\t≥400人次\t=400人次\t45\t80%\t40\n";
    let g = read_goals(&RawTable::from_tsv(tsv).unwrap());
    let kinds: Vec<&FindingKind> = g.findings.iter().map(|f| &f.kind).collect();
    assert!(kinds.iter().any(|k| matches!(k, FindingKind::FullMarksButNotMet { indicator, .. } if indicator == "故障响应时间")), "{kinds:?}");
    assert!(
        kinds.iter().any(
            |k| matches!(k, FindingKind::ScoreArithmetic { expected, .. } if *expected == d("36"))
        ),
        "{kinds:?}"
    );
    assert!(
        kinds
            .iter()
            .any(|k| matches!(k, FindingKind::ExecutionRate { .. })),
        "{kinds:?}"
    );
    let line = g
        .findings
        .iter()
        .find(|f| matches!(f.kind, FindingKind::ExecutionRate { .. }))
        .unwrap()
        .line;
    assert_eq!(line, 3);
}

/// Drop white space and fold full-width ASCII, as the reader does.
fn narrow(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap(),
            c => c,
        })
        .collect()
}

/// The fixtures reproduce the seeds: every indicator name read from them occurs in the seed
/// near the line it claims (seeds 000, 002, 003, 004; seed 001 is in traditional script).
#[test]
fn fixtures_match_the_seeds() {
    let Some(shared) = cnbudget_testkit::shared() else {
        return;
    };
    let dir = shared.join("seeds");
    for (fixture_name, prefix) in [
        ("seed000.tsv", "000_"),
        ("seed002.tsv", "002_"),
        ("seed003.tsv", "003_"),
        ("seed004.tsv", "004_"),
    ] {
        let seed = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(Result::ok)
            .find(|e| e.file_name().to_string_lossy().starts_with(prefix))
            .unwrap();
        let text = std::fs::read_to_string(seed.path()).unwrap();
        let lines: Vec<String> = text.lines().map(narrow).collect();
        let g = goals(fixture_name);
        let mut checked = 0;
        for ind in g.indicators() {
            let key: String = narrow(&ind.name).chars().take(4).collect();
            let lo = ind.line.saturating_sub(12);
            let hi = (ind.line + 12).min(lines.len());
            let window = lines[lo..hi].concat();
            assert!(
                window.contains(&key),
                "{fixture_name}:{}: {key} not in the seed",
                ind.line
            );
            checked += 1;
        }
        assert!(checked > 10, "{fixture_name}");
    }
}

#[test]
fn budget_split_and_task_total_mismatches_are_found() {
    // Seed 000's 附件11 figures with 上级 changed: 95 + 30 ≠ 130.
    let tsv = "#title\t项目支出绩效目标表\n#unit\t万元\n\
        10\t项目名称\t50015322T000000091332-荣昌区离休干部医疗费\n\
        11\t当年预算（万元)\t130.00\t本级安排（万元)\t95.00\n\
        12\t\t\t上级补助（万元)\t30.00\n";
    let g = read_goals(&RawTable::from_tsv(tsv).unwrap());
    assert_eq!(g.findings.len(), 1);
    assert_eq!(
        g.findings[0].kind,
        FindingKind::BudgetSplit {
            goal: "荣昌区离休干部医疗费".into(),
            budget: d("130.00"),
            parts: d("125.00")
        }
    );
    assert_eq!(g.findings[0].line, 10);
    assert_eq!(
        g.projects[0].budget.as_ref().unwrap().yuan(),
        Some(d("1300000"))
    );
    // Seed 004's 表14 tasks with 金额合计 changed.
    let tsv = "#title\t部门整体支出绩效目标表\n\
        420\t年度主要任务\t任务1\t工资福利支出\t630.51\t630.51\n\
        421\t\t任务2\t对个人和家庭的补助\t1.03\t1.03\n\
        424\t\t金额合计\t\t631.00\t631.00\n";
    let g = read_goals(&RawTable::from_tsv(tsv).unwrap());
    assert_eq!(g.overall[0].tasks.len(), 2);
    assert_eq!(
        g.findings[0].kind,
        FindingKind::TaskTotal {
            expected: d("631.54"),
            reported: d("631.00")
        }
    );
    assert_eq!(
        g.findings[0].to_string(),
        "部门整体支出绩效目标表:420: error: tasks sum to 631.54, 金额合计 says 631.00"
    );
}
