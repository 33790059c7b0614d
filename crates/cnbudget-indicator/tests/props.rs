//! Property tests: parsers never panic, targets round-trip, readers survive any grid.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cnbudget_indicator::*;
use proptest::prelude::*;
use rust_decimal::Decimal;

const UNITS: &[&str] = &[
    "%",
    "万人",
    "人",
    "人次",
    "万人次",
    "万元",
    "元",
    "亿元",
    "小时",
    "天",
    "分钟",
    "个",
    "家",
    "次",
    "批次",
    "台(套)",
    "平方米",
    "户",
    "件",
];
const CMPS: &[&str] = &[
    "≥",
    "≤",
    "=",
    ">",
    "<",
    ">=",
    "＝",
    "大于等于",
    "不低于",
    "不少于",
    "小于等于",
    "不高于",
    "不超过",
    "等于",
    "$\\leq$",
    "$\\geq$",
];

fn decimal() -> impl Strategy<Value = Decimal> {
    (0i64..10_000_000_000, 0u32..6).prop_map(|(m, s)| Decimal::new(m, s))
}

fn noisy_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "≥",
        "≤",
        "=",
        "＞",
        "＜",
        "%",
        "％",
        "万",
        "人",
        "次",
        "元",
        "大于",
        "等于",
        "不低于",
        "定性",
        "优良中低差",
        "以上",
        "以内",
        "(",
        ")",
        "（",
        "）",
        "1",
        "２",
        "0.5",
        ",",
        "，",
        "$",
        "\\leq",
        "\\ge",
        "\\",
        "年",
        "月底前",
        " ",
        "\u{3000}",
        "指标",
        "率",
        "-",
        ".",
        "/",
        "好",
    ]);
    prop::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn parse_never_panics_and_is_idempotent(s in "\\PC{0,40}") {
        if let Ok(t) = Target::parse(&s) {
            let again = Target::parse(&t.to_string()).unwrap();
            prop_assert_eq!(again, t);
        }
    }

    #[test]
    fn parse_noisy_document_text_is_idempotent(s in noisy_text()) {
        if let Ok(t) = Target::parse(&s) {
            let shown = t.to_string();
            let again = Target::parse(&shown).unwrap();
            prop_assert_eq!(again, t, "via {}", shown);
        }
    }

    #[test]
    fn quantities_round_trip(c in prop::sample::select(CMPS.to_vec()), v in decimal(), u in prop::sample::select(UNITS.to_vec()), bare in any::<bool>()) {
        let text = if bare { format!("{v}{u}") } else { format!("{c}{v}{u}") };
        let t = Target::parse(&text).unwrap();
        let q = t.quantity().unwrap().clone();
        prop_assert_eq!(q.value, v);
        prop_assert_eq!(q.comparator.is_none(), bare);
        prop_assert_eq!(Target::parse(&t.to_string()).unwrap(), t);
    }

    #[test]
    fn split_and_combined_forms_agree(c in prop::sample::select(vec!["≥", "≤", "=", ">", "<"]), v in decimal(), u in prop::sample::select(UNITS.to_vec())) {
        let split = Target::from_parts(c, &v.to_string(), u).unwrap();
        let combined = Target::parse(&format!("{c}{v}{u}")).unwrap();
        prop_assert_eq!(split, combined);
    }

    #[test]
    fn ten_thousand_is_exact(v in decimal()) {
        prop_assert_eq!(Unit::TenThousandPersons.to_base(v), v.checked_mul(Decimal::from(10_000)).map(|x| (Unit::Persons, x)));
        let wan: Target = format!("≥{v}万人").parse().unwrap();
        let ren: Target = format!("={}人", v * Decimal::from(10_000)).parse().unwrap();
        prop_assert_eq!(assess(&wan, &ren).outcome, Outcome::Met);
    }

    #[test]
    fn assess_follows_the_comparator(t in decimal(), a in decimal()) {
        let target: Target = format!("≥{t}%").parse().unwrap();
        let actual: Target = format!("{a}%").parse().unwrap();
        let r = assess(&target, &actual);
        prop_assert_eq!(r.outcome == Outcome::Met, a >= t);
        let le: Target = format!("≤{t}%").parse().unwrap();
        prop_assert_eq!(assess(&le, &actual).outcome == Outcome::Met, a <= t);
    }

    #[test]
    fn tsv_never_panics(s in "\\PC{0,200}") {
        let _ = RawTable::many_from_tsv(&s);
    }

    #[test]
    fn reader_survives_any_grid(rows in prop::collection::vec(prop::collection::vec(prop::sample::select(vec![
        "", "一级指标", "二级指标", "三级指标", "指标值", "指标性质", "计量单位", "权重", "分值", "得分", "得分系数", "全年完成值",
        "产出指标", "数量指标", "成本指标", "效益指标", "满意度指标", "项目名称", "50015322T000000091332-测试", "51110221R000",
        "000074941-测试", "≥", "95", "%", "万人", "≥37.3万人", "100%", "10", "-", "小计", "年度主要任务", "当年预算（万元)", "130.00",
        "全年预算数(A)", "年度资金总额", "定性", "优良中低差", "指标1:", "正向指标", "是", "320001-单位",
    ]), 0..10), 0..25), title in prop::sample::select(vec!["项目支出绩效目标表", "部门整体绩效目标表", "项目资金绩效自评表", "部门整体支出绩效自评表", "其他表"])) {
        let table = RawTable {
            title: title.to_string(),
            rows: rows.into_iter().enumerate().map(|(i, cells)| RawRow::new(i + 1, cells)).collect(),
            ..RawTable::default()
        };
        let g = read_goals(&table);
        // Every finding points at a row of the table (or the table's own line 0).
        for f in &g.findings {
            prop_assert!(f.line <= table.rows.len());
            let _ = f.to_string();
        }
    }
}

#[test]
fn huge_and_hostile_inputs() {
    let long = "≥".repeat(100_000) + &"9".repeat(100_000);
    let _ = Target::parse(&long);
    let digits = "9".repeat(500) + "万人";
    assert!(matches!(Target::parse(&digits).unwrap(), Target::Text(_)));
    let grid = RawTable {
        title: "项目支出绩效目标表".into(),
        rows: vec![
            RawRow::new(1, vec!["一级指标".to_string(); 2000]),
            RawRow::new(2, vec!["≥".to_string(); 2000]),
        ],
        ..RawTable::default()
    };
    let _ = read_goals(&grid);
}
