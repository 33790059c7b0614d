#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
//! Never panics, loses no line, and stays bounded on hostile input.

use cnbudget_table::{TableErrorKind, parse, parse_amount, parse_code, parse_percent};
use cnbudget_text::Position;
use proptest::prelude::*;
use rust_decimal::Decimal;

fn assert_lossless(text: &str) {
    let doc = parse(text);
    let covered = doc.covered_lines();
    for (i, line) in text.split('\n').enumerate() {
        let line = line.trim_end_matches('\r');
        if !line
            .trim_matches(|c: char| c.is_whitespace() || c == '\u{c}')
            .is_empty()
        {
            assert!(
                covered.binary_search(&(i + 1)).is_ok(),
                "line {} lost: {line:?}",
                i + 1
            );
        }
    }
}

/// Pieces of a web page written on one line (unbalanced and nested tags too).
const HTML_PIECES: [&str; 14] = [
    "<html><body>",
    "<h2>表3 一般公共预算支出表</h2>",
    "<p>单位：万元</p>",
    "<table border=\"1\">",
    "<tr><td>科目编码</td><td>科目名称</td><td>合计</td></tr>",
    "<tr><td>201</td><td>一般公共服务支出&nbsp;</td><td>1,836.42</td></tr>",
    "<tr><td rowspan=\"2\">20101</td><td colspan=\"9999\">人大事务</td>",
    "</table>",
    "<TABLE><TR><TD>1O0.00</TD></TR></TABLE>",
    "<p>说明：无。</p>",
    "<div><table><tr><td>a</td></tr></div>",
    "</body></html>",
    "<br>",
    "&amp;&#99999999;&#x110000;<",
];

/// Pieces of spreadsheets saved as CSV: title rows, quoted cells with commas, quotes and
/// line breaks, unbalanced quotes, prose with ASCII commas.
const CSV_PIECES: [&str; 16] = [
    "2024年一般公共预算支出表,,,,",
    "单位：万元,,,,",
    "科目编码,科目名称,合计,基本支出,项目支出",
    "201,一般公共服务支出,\"1,836.42\",100.00,\"1,736.42\"",
    "20101,人大事务,l00.00,1,836,42,—",
    "合计,,\"1,836.42\",,",
    "产出指标,质量指标,\"合格率",
    "(按季度统计,取平均)\",95%,\"3,000.00\"",
    "\"say \"\"hi\"\"\",a,b",
    "\"",
    ",,,,",
    "",
    "收入预算100万元,比上年增加5万元,主要是人员增加。",
    "a,b",
    "  201   05   06   统计管理    26,300    26,300",
    "注：本表为示例。,,,,",
];

const PIECES: [&str; 24] = [
    "附件3",
    "表1-1",
    "一般公共预算支出预算表",
    "部门收支总表（公开表1）",
    "单位：万元",
    "金额：",
    "万元",
    "部门：区医保局",
    "\t",
    "\t合计",
    "\t 20508",
    "208\t05\t05\t行政运行\t1,836.42\t\t(12.50)",
    "科目编码\t\t\t项目\t合计",
    "收 入\t\t支 出\t",
    "| a | b |",
    "|---|---|",
    "<table><tr><td rowspan=\"2\">x</td><td>1</td></tr></table>",
    "（备注：本表为空表。）",
    "-- PAGE_BREAK --",
    "\u{c}   2023年部门收入预算总表",
    "编制部门：某单位        单位：元",
    "201   05   06   统计管理     26,300",
    "这是一段说明文字，不是表格。",
    "",
];

/// Cells of the flattened self-evaluation forms (seed 001's shape), blank lines included.
const FLAT_PIECES: [&str; 22] = [
    "一级指标",
    "二级指标",
    "三级指标",
    "分值",
    "得分",
    "得分系数",
    "年度指标值",
    "偏离绩效目标原因及下一步改进措施",
    "项目资金(万元)",
    "全年预算数(A)",
    "项目名称",
    "说明",
    "小计",
    "产出指标",
    "≥100%",
    "10.92",
    "100%",
    "-",
    "评分标准：全部符合得满分，每出现一例不符合的扣0.5分。",
    "",
    "",
    "",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn flattened_forms_never_panic_and_lose_nothing(
        idx in proptest::collection::vec(0usize..FLAT_PIECES.len(), 0..120)
    ) {
        let mut text = String::from("2021年度项目资金绩效自评表\n\n");
        for &i in &idx {
            text.push_str(FLAT_PIECES[i]);
            text.push_str("\n\n");
        }
        assert_lossless(&text);
    }

    #[test]
    fn never_panics_and_loses_nothing(idx in proptest::collection::vec(0usize..PIECES.len(), 0..60)) {
        let text: String = idx.iter().map(|&i| PIECES[i]).collect::<Vec<_>>().join("\n");
        assert_lossless(&text);
    }

    #[test]
    fn one_line_web_pages_never_panic_and_lose_nothing(
        idx in proptest::collection::vec(0usize..HTML_PIECES.len(), 0..40),
        lines in 1usize..3,
    ) {
        let body: String = idx.iter().map(|&i| HTML_PIECES[i]).collect();
        let text = vec![body; lines].join("\n");
        assert_lossless(&text);
    }

    #[test]
    fn csv_rows_never_panic_and_lose_nothing(idx in proptest::collection::vec(0usize..CSV_PIECES.len(), 0..60)) {
        let text: String = idx.iter().map(|&i| CSV_PIECES[i]).collect::<Vec<_>>().join("\n");
        assert_lossless(&text);
    }

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,400}") {
        assert_lossless(&s);
    }

    #[test]
    fn amounts_round_trip(units in 0i64..1_000_000_000_000, scale in 0u32..4, neg in any::<bool>()) {
        let v = Decimal::new(if neg { -units } else { units }, scale);
        prop_assert_eq!(parse_amount(&v.to_string()).unwrap(), Some(v));
        // With thousands separators.
        let plain = v.abs().to_string();
        let (int, frac) = plain.split_once('.').map_or((plain.as_str(), None), |(a, b)| (a, Some(b)));
        let mut grouped = String::new();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        if let Some(f) = frac {
            grouped.push('.');
            grouped.push_str(f);
        }
        let written = if neg && !v.is_zero() { format!("({grouped})") } else { grouped };
        let expect = if neg { -v.abs() } else { v };
        prop_assert_eq!(parse_amount(&written).unwrap(), Some(expect));
    }

    #[test]
    fn cell_parsers_never_panic(s in "\\PC{0,40}") {
        let _ = parse_amount(&s);
        let _ = parse_percent(&s);
        let _ = parse_code(&s);
    }
}

#[test]
fn strict_errors_say_where() {
    let e = parse_amount("1,2x3").unwrap_err();
    assert_eq!(e.kind(), TableErrorKind::InvalidAmount);
    assert_eq!(
        e.position(),
        Position {
            line: 1,
            column: 4,
            byte: 3
        }
    );
    let e = e.at(Position {
        line: 12,
        column: 5,
        byte: 200,
    });
    assert_eq!(
        e.position(),
        Position {
            line: 12,
            column: 8,
            byte: 203
        }
    );
    assert_eq!(e.to_string(), "12:8: not an amount: \"1,2x3\"");
    // Columns count characters, byte offsets count bytes.
    let e = parse_amount("１２ｘ").unwrap_err();
    assert_eq!(
        e.position(),
        Position {
            line: 1,
            column: 3,
            byte: 6
        }
    );
    assert_eq!(
        parse_code("21a").unwrap_err().kind(),
        TableErrorKind::InvalidCode
    );
    assert_eq!(
        parse_percent("12").unwrap_err().kind(),
        TableErrorKind::InvalidPercent
    );
}

#[test]
fn hostile_one_10mb_line() {
    let mut s = String::from("附件1\n一般公共预算支出预算表\n单位：万元\n");
    s.push_str(&"科目编码合计一般公共预算".repeat(10 * 1024 * 1024 / 36));
    s.push('\n');
    assert_lossless(&s);
    let line = "1,836.42 ".repeat(1_200_000);
    assert_lossless(&line);
}

#[test]
fn hostile_100k_columns() {
    let mut s = String::from("表1\n部门收支总表\n单位：元\n");
    let header: Vec<String> = (0..100_000).map(|i| format!("列{i}")).collect();
    s.push_str(&header.join("\t"));
    s.push('\n');
    let row: Vec<String> = (0..100_000).map(|i| i.to_string()).collect();
    s.push_str(&row.join("\t"));
    s.push('\n');
    let doc = parse(&s);
    assert_eq!(doc.tables.len(), 1);
    assert_eq!(doc.tables[0].columns.len(), 100_000);
    assert_eq!(doc.tables[0].rows.len(), 1);
}

#[test]
fn hostile_100k_empty_lines() {
    let mut s = String::from("附件2\n一般公共预算支出预算表\n");
    s.push_str(&"\n".repeat(100_000));
    s.push_str("\t\n".repeat(50_000).as_str());
    s.push_str("部门收支总表\n");
    s.push_str(&"\n".repeat(100_000));
    assert_lossless(&s);
}

#[test]
fn markdown_and_html_tables() {
    let md = "表3\n一般公共预算支出预算表\n单位：万元\n| 科目编码 | 科目名称 | 合计 |\n|---|---|---|\n| 2101506 | 医疗保障经办事务 | 317.27 |\n";
    let doc = parse(md);
    let t = &doc.tables[0];
    assert_eq!(t.layout, cnbudget_table::Layout::Markdown);
    assert_eq!(
        t.amount("2101506", cnbudget_table::ColumnRole::Total),
        Some(Decimal::new(31727, 2))
    );
    let html = "表3\n一般公共预算支出预算表\n单位：万元\n<table><tr><td rowspan=\"2\">科目编码</td><td rowspan=\"2\">科目名称</td><td colspan=\"2\">2023年预算数</td></tr>\n<tr><td>基本支出</td><td>项目支出</td></tr>\n<tr><td>2101506</td><td>医疗保障经办事务</td><td></td><td>317.27</td></tr></table>\n";
    let doc = parse(html);
    let t = &doc.tables[0];
    assert_eq!(t.layout, cnbudget_table::Layout::Html);
    assert_eq!(t.columns[3].path, ["2023年预算数", "项目支出"]);
    assert_eq!(
        t.amount("2101506", cnbudget_table::ColumnRole::Project),
        Some(Decimal::new(31727, 2))
    );
}

#[test]
fn page_breaks_and_repeated_headers() {
    let s = "表3\n一般公共预算支出预算表\n单位：万元\n科目编码\t科目名称\t合计\n2101501\t行政运行\t1.00\n-- PAGE_BREAK --\n\u{c}科目编码\t科目名称\t合计\n2101506\t医疗保障经办事务\t2.00\n";
    let doc = parse(s);
    assert_eq!(doc.tables.len(), 1);
    let t = &doc.tables[0];
    assert_eq!(t.code_rows().count(), 2);
    assert!(
        t.notes
            .iter()
            .any(|n| n.flags.contains(&cnbudget_table::NoteFlag::RepeatedHeader))
    );
    assert!(
        t.notes
            .iter()
            .any(|n| n.flags.contains(&cnbudget_table::NoteFlag::PageBreak))
    );
}
