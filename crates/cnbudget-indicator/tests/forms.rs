//! Forms laid out as a ruled grid gives them: every row as wide as the header.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use cnbudget_indicator::{FindingKind, RawRow, RawTable, Severity, read_goals};
use rust_decimal::Decimal;

fn form<'a>(rows: &[&[&'a str]]) -> RawTable<'a> {
    RawTable {
        title: "项目支出绩效目标表".into(),
        rows: rows
            .iter()
            .enumerate()
            .map(|(n, r)| RawRow::new(n + 1, r.iter().copied()))
            .collect(),
        aligned: true,
        ..RawTable::default()
    }
}

const HEAD: &[&str] = &[
    "年度绩效指标",
    "一级指标",
    "二级指标",
    "三级指标",
    "指标值",
    "分值权重(90分)",
];

#[test]
fn each_cell_stays_under_its_heading() {
    let t = form(&[
        &["项目名称", "", "", "档案整理", "", ""],
        &[
            "资金金额(万元)",
            "",
            "",
            "实施期资金总额:",
            "12.00",
            "执行率分值(10分)",
        ],
        HEAD,
        &[
            "年度绩效指标",
            "产出指标",
            "数量指标",
            "整理卷数(卷)",
            "≥800",
            "40",
        ],
        &[
            "年度绩效指标",
            "产出指标",
            "质量指标",
            "归档准确率(%)",
            "100",
            "20",
        ],
        &[
            "年度绩效指标",
            "效益指标",
            "社会效益指标",
            "查阅便利程度",
            "明显提高",
            "30",
        ],
    ]);
    let g = read_goals(&t);
    let p = &g.projects[0];
    assert_eq!(p.name, "档案整理");
    assert_eq!(p.budget.as_ref().unwrap().value, Decimal::new(1200, 2));
    assert_eq!(p.execution_weight, Some(Decimal::from(10)));
    assert_eq!(p.indicators.len(), 3);
    // The unit in brackets after the name is the bare figure's unit.
    assert_eq!(
        p.indicators[0].target.as_ref().unwrap().to_string(),
        "≥800卷"
    );
    assert_eq!(p.indicators[1].target.as_ref().unwrap().to_string(), "100%");
    // The text target stays the target; the figure beside it is the weight.
    assert_eq!(p.indicators[2].name, "查阅便利程度");
    assert_eq!(
        p.indicators[2].target.as_ref().unwrap().to_string(),
        "明显提高"
    );
    assert_eq!(p.indicators[2].weight, Some(Decimal::from(30)));
    // 40 + 20 + 30 = 90 with 执行率 10: nothing to report.
    assert!(g.findings.is_empty(), "{:#?}", g.findings);
}

#[test]
fn a_bracket_holding_a_figure_is_no_unit() {
    let t = form(&[
        &["项目名称", "", "", "档案整理", "", ""],
        HEAD,
        &[
            "年度绩效指标",
            "产出指标",
            "数量指标",
            "完成批次(第2批)",
            "3",
            "90",
        ],
    ]);
    let g = read_goals(&t);
    let i = &g.projects[0].indicators[0];
    assert_eq!(i.target.as_ref().unwrap().to_string(), "3");
    assert!(
        g.findings
            .iter()
            .any(|f| matches!(f.kind, FindingKind::MissingUnit { .. }))
    );
}

#[test]
fn most_indicators_out_of_place_make_the_findings_notices() {
    // Rows whose level cells were lost: no 一级 or 二级 can be carried.
    let t = form(&[
        &["项目名称", "", "", "档案整理", "", ""],
        HEAD,
        &["", "", "", "完成得满分,否则不得分", "5", ""],
        &["", "", "", "每少一次扣1分", "3", ""],
    ]);
    let g = read_goals(&t);
    assert!(g.findings.iter().all(|f| f.severity == Severity::Notice
        || matches!(f.kind, FindingKind::UncertainReading { .. })));
    // The bare figures' missing units are among them, lowered to notices.
    assert!(g.findings.iter().any(
        |f| f.severity == Severity::Notice && matches!(f.kind, FindingKind::MissingUnit { .. })
    ));
    let u = g
        .findings
        .iter()
        .find(|f| matches!(f.kind, FindingKind::UncertainReading { .. }))
        .unwrap();
    assert_eq!(u.severity, Severity::Warning);
    assert!(u.to_string().contains("2 of 2"), "{u}");
}

#[test]
fn an_indicator_without_its_levels_is_listed_by_line() {
    // The first indicator row's level cells are empty (a cell the reader could not see); the
    // rows below name theirs. The reading is mostly sure, so a notice lists the row.
    let t = form(&[
        &["项目名称", "", "", "档案整理", "", ""],
        HEAD,
        &["", "", "", "整理卷数(卷)", "≥800", "40"],
        &[
            "年度绩效指标",
            "产出指标",
            "质量指标",
            "归档准确率(%)",
            "100",
            "20",
        ],
        &[
            "年度绩效指标",
            "效益指标",
            "社会效益指标",
            "查阅便利程度",
            "明显提高",
            "30",
        ],
    ]);
    let g = read_goals(&t);
    let no_place: Vec<_> = g
        .findings
        .iter()
        .filter(|f| matches!(f.kind, FindingKind::NoPlace { .. }))
        .collect();
    assert_eq!(no_place.len(), 1, "{:#?}", g.findings);
    assert_eq!(no_place[0].severity, Severity::Notice);
    assert!(
        no_place[0].to_string().contains("1 of 3"),
        "{}",
        no_place[0]
    );
    assert!(
        no_place[0].to_string().contains("(lines 3)"),
        "{}",
        no_place[0]
    );
}
