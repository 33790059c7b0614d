#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
//! Slips in printed figures (OCR letters for digits, a comma for the decimal point, points
//! for thousands commas): real seed tables with one cell changed, read with the real value
//! and a warning at the cell, or left as text with a warning when no repair is safe.
//! Skipped when the shared folder is absent.

use std::str::FromStr;

use cnbudget_table::{
    ColumnRole, Document, Slip, Table, Value, WarningKind, parse, parse_amount, repair_amount,
    repair_code,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

mod common;
use common::seed;

/// The text with line `no` (1-based) changed by `f`; panics when the line does not hold
/// `from` (the seed changed).
fn edit_line(text: &str, no: usize, from: &str, to: &str) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let line = &mut lines[no - 1];
    assert!(line.contains(from), "line {no} is {line:?}");
    *line = line.replacen(from, to, 1);
    lines.join("\n")
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn table_with_line(doc: &Document, line: usize) -> &Table {
    doc.tables
        .iter()
        .find(|t| t.rows.iter().any(|r| r.lines.contains(&line)))
        .unwrap()
}

#[test]
fn decimal_comma_and_letter_in_seed_002() {
    let Some(text) = seed("002") else { return };
    // 表3-1, line 303: `301	13	30113	住房公积金	28.57	28.57`.
    let text = edit_line(&text, 303, "28.57\t28.57", "28,57\t2O.57");
    let doc = parse(&text);
    let t = table_with_line(&doc, 303);
    assert_eq!(t.amount("30113", ColumnRole::Total), Some(d("28.57")));
    assert_eq!(t.amount("30113", ColumnRole::Personnel), Some(d("20.57")));
    let w: Vec<_> = t.warnings.iter().filter(|w| w.line == 303).collect();
    assert_eq!(w.len(), 2, "{w:?}");
    assert!(w.iter().all(|w| w.kind == WarningKind::CellRepaired));
    // Columns 1-based in characters: `301\t13\t30113\t住房公积金\t` is 19 characters.
    assert_eq!(w[0].column, Some(20));
    assert!(
        w[0].message.contains("`28,57` read as 28.57"),
        "{}",
        w[0].message
    );
    assert_eq!(w[1].column, Some(26));
    // The raw text is kept.
    let row = t.row_by_code("30113").unwrap();
    assert!(row.cells.iter().any(|c| c.raw == "2O.57"));
}

#[test]
fn letter_in_split_code_of_seed_002() {
    let Some(text) = seed("002") else { return };
    // Line 205: `210	15	99	320001	其他医疗保障管理事务支出	136.82 …`, 款 printed `l5`.
    let text = edit_line(&text, 205, "210\t15\t99", "210\tl5\t99");
    let doc = parse(&text);
    let t = table_with_line(&doc, 205);
    assert_eq!(t.amount("2101599", ColumnRole::Total), Some(d("136.82")));
    let w = t.warnings.iter().find(|w| w.line == 205).unwrap();
    assert_eq!((w.kind, w.column), (WarningKind::CellRepaired, Some(5)));
}

#[test]
fn ambiguous_points_left_unread_in_seed_004() {
    let Some(text) = seed("004") else { return };
    // 表5 (元), line 270: `8	2101506	医疗保障经办事务	6432973 …`. `6.432.973` could be
    // 6,432,973 or 6,432.973: not repaired, flagged, and the cell is not an amount.
    let text = edit_line(
        &text,
        270,
        "医疗保障经办事务\t6432973",
        "医疗保障经办事务\t6.432.973",
    );
    let doc = parse(&text);
    let t = table_with_line(&doc, 270);
    assert_eq!(t.amount("2101506", ColumnRole::Total), None);
    let row = t.row_by_code("2101506").unwrap();
    assert!(
        row.cells
            .iter()
            .any(|c| c.raw == "6.432.973" && c.value == Value::Text)
    );
    let w = t.warnings.iter().find(|w| w.line == 270).unwrap();
    assert_eq!(w.kind, WarningKind::CellUnread);
    // The other amounts of the row are still read.
    assert_eq!(
        t.amount("2101506", ColumnRole::Personnel),
        Some(d("5571234"))
    );
}

#[test]
fn letter_in_cell_per_line_seed_000() {
    let Some(text) = seed("000") else { return };
    // 附件2, line 330: the 项目支出 of 2101506 医疗保障经办事务, printed `\t317.27`.
    let text = edit_line(&text, 330, "\t317.27", "\t3l7.27");
    let doc = parse(&text);
    let t = table_with_line(&doc, 330);
    assert_eq!(t.amount("2101506", ColumnRole::Project), Some(d("317.27")));
    assert!(
        t.warnings
            .iter()
            .any(|w| w.line == 330 && w.kind == WarningKind::CellRepaired)
    );
}

#[test]
fn unchanged_seeds_have_no_cell_warnings() {
    for s in ["000", "001", "002", "003", "004"] {
        let Some(text) = seed(s) else { return };
        let doc = parse(&text);
        for t in &doc.tables {
            for w in &t.warnings {
                assert_eq!(w.kind, WarningKind::Reading, "seed {s}: {w:?}");
            }
        }
    }
}

#[test]
fn misgrouped_commas_are_not_amounts() {
    assert!(parse_amount("1,836,42").is_err());
    assert!(parse_amount("1234,567").is_err());
    assert!(parse_amount("1,8364").is_err());
    assert_eq!(parse_amount("12,345,678.9").unwrap(), Some(d("12345678.9")));
    assert_eq!(parse_amount("1234567").unwrap(), Some(d("1234567")));
}

#[test]
fn repairs_keep_signs() {
    assert_eq!(
        repair_amount("(1,836,42)"),
        Some((d("-1836.42"), vec![Slip::DecimalComma]))
    );
    assert_eq!(
        repair_amount("-1O.5"),
        Some((d("-10.5"), vec![Slip::LetterForDigit]))
    );
    assert_eq!(
        repair_amount("l,2O3,45"),
        Some((d("1203.45"), vec![Slip::LetterForDigit, Slip::DecimalComma]))
    );
    assert_eq!(repair_code("2l01506").as_deref(), Some("2101506"));
}

/// A figure as printed: thousands commas (or none) and up to two decimals.
fn printed() -> impl Strategy<Value = (Decimal, String)> {
    (0u64..10_000_000_000, 0u32..3, any::<bool>()).prop_map(|(m, scale, commas)| {
        let v = Decimal::from_i128_with_scale(i128::from(m), scale);
        let s = v.to_string();
        let (int, frac) = s
            .split_once('.')
            .map_or((s.as_str(), None), |(i, f)| (i, Some(f)));
        let mut out = String::new();
        for (i, c) in int.chars().enumerate() {
            if commas && i > 0 && (int.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        if let Some(f) = frac {
            out.push('.');
            out.push_str(f);
        }
        (v, out)
    })
}

proptest! {
    #[test]
    fn repair_never_panics(s in "\\PC{0,40}") {
        let _ = repair_amount(&s);
        let _ = repair_code(&s);
    }

    #[test]
    fn printed_figures_parse_and_need_no_repair((v, s) in printed()) {
        prop_assert_eq!(parse_amount(&s).unwrap(), Some(v));
    }

    #[test]
    fn letters_for_zeros_and_ones_are_repaired((v, s) in printed(), which in 0usize..4) {
        let letter = ['O', 'o', 'l', 'I'][which];
        let digit = if which < 2 { '0' } else { '1' };
        prop_assume!(s.contains(digit) && s.chars().any(|c| c.is_ascii_digit() && c != digit));
        let slipped = s.replacen(digit, &letter.to_string(), 1);
        prop_assert!(parse_amount(&slipped).is_err());
        let (got, slips) = repair_amount(&slipped).unwrap();
        prop_assert_eq!(got, v);
        prop_assert_eq!(slips, vec![Slip::LetterForDigit]);
    }

    #[test]
    fn a_comma_for_the_decimal_point_is_repaired((v, s) in printed()) {
        prop_assume!(s.contains('.'));
        let slipped = s.replace('.', ",");
        let (got, slips) = repair_amount(&slipped).unwrap();
        prop_assert_eq!(got, v);
        prop_assert_eq!(slips, vec![Slip::DecimalComma]);
    }
}
