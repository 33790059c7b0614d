//! Properties of `read_layout` on arbitrary regions: it never panics, every row has one
//! cell per column, and every non-blank line is accounted for.

use super::{LayoutTable, read_layout};
use crate::grid::layout::LayoutLine;
use proptest::prelude::*;

/// Pieces that real regions are made of, so that random lines look like table lines.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(" ".to_string()),
        Just("     ".to_string()),
        Just("\u{c}".to_string()),
        Just("\u{3000}".to_string()),
        Just("类".to_string()),
        Just("款".to_string()),
        Just("项".to_string()),
        Just("合计".to_string()),
        Just("合          計".to_string()),
        Just("一、".to_string()),
        Just("注：".to_string()),
        Just("201".to_string()),
        Just("05".to_string()),
        Just("2010107".to_string()),
        Just("3607010100".to_string()),
        Just("-".to_string()),
        Just("(12.50)".to_string()),
        "[0-9]{1,3}(,[0-9]{3}){0,3}(\\.[0-9]{2})?",
        "[一般公共服务支出统计管理基本支出项目科目名称]{1,12}",
        "[a-z0-9,.%()（）、：]{1,6}",
        any::<char>().prop_map(|c| c.to_string()),
    ]
}

fn line() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..24).prop_map(|v| v.concat())
}

fn accounted(lines: &[LayoutLine<'_>], t: &LayoutTable) -> Result<(), String> {
    for l in lines {
        if l.text
            .chars()
            .all(|c| c.is_whitespace() || c == '\u{c}' || c == '\u{a0}')
        {
            continue;
        }
        let n = l.number;
        let found = t.rows.iter().any(|r| r.lines.contains(&n))
            || t.unplaced.iter().any(|u| u.0 == n)
            || t.header_lines.contains(&n)
            || t.furniture.iter().any(|f| f.0 == n)
            || t.notes.contains(&n);
        if !found {
            return Err(format!("line {n} {:?} is nowhere", l.text));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics_and_loses_no_line(texts in prop::collection::vec(line(), 0..40)) {
        let lines: Vec<LayoutLine<'_>> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| LayoutLine { number: i + 1, text: t })
            .collect();
        let t = read_layout(&lines);
        for r in &t.rows {
            prop_assert_eq!(r.cells.len(), t.header.len());
            prop_assert!(!r.lines.is_empty());
        }
        if let Err(e) = accounted(&lines, &t) {
            return Err(TestCaseError::fail(e));
        }
    }

    #[test]
    fn rows_of_a_regular_table_survive_any_spacing(
        gaps in prop::collection::vec(2usize..12, 3),
        values in prop::collection::vec(0u64..10_000_000, 12),
    ) {
        // A header and four coded rows; the space between columns varies from table
        // to table: every value stays in its row and column.
        let mut text = String::from(
            "功能分类科目编码\n                 科目名称        合计      基本支出      项目支出\n类   款   项\n",
        );
        for (i, chunk) in values.chunks(3).enumerate() {
            text.push_str(&format!(
                "201   0{i}   0{i}   统计管理{}{:>12}{}{:>12}{}{:>12}\n",
                " ".repeat(gaps[0]), chunk[0], " ".repeat(gaps[1]), chunk[1], " ".repeat(gaps[2]), chunk[2]
            ));
        }
        let lines: Vec<LayoutLine<'_>> = text
            .lines()
            .enumerate()
            .map(|(i, t)| LayoutLine { number: i + 1, text: t })
            .collect();
        let t = read_layout(&lines);
        prop_assert_eq!(t.header.len(), 7);
        prop_assert_eq!(t.rows.len(), 4);
        for (r, chunk) in t.rows.iter().zip(values.chunks(3)) {
            let got: Vec<String> = r.cells.iter().skip(4).map(|c| c.text.clone()).collect();
            let want: Vec<String> = chunk.iter().map(u64::to_string).collect();
            prop_assert_eq!(got, want);
            prop_assert_eq!(&r.cells[3].text, "统计管理");
        }
        prop_assert!(t.unplaced.is_empty());
    }
}

#[test]
fn hostile_regions_are_bounded() {
    // One 10 MB line, 100 000 columns, 100 000 empty lines: no panic, bounded time.
    let big = "1 ".repeat(5_000_000);
    let t = read_layout(&[LayoutLine {
        number: 1,
        text: &big,
    }]);
    assert_eq!(t.unplaced.len(), 1);
    let wide = "12,345  ".repeat(12_000);
    let t = read_layout(&[
        LayoutLine {
            number: 1,
            text: "科目名称   合计",
        },
        LayoutLine {
            number: 2,
            text: &wide,
        },
    ]);
    assert!(t.rows.len() + t.unplaced.len() >= 1);
    let empty: Vec<LayoutLine<'_>> = (0..100_000)
        .map(|i| LayoutLine {
            number: i + 1,
            text: "",
        })
        .collect();
    let t = read_layout(&empty);
    assert!(t.rows.is_empty() && t.unplaced.is_empty());
    let header_soup: Vec<String> = (0..5_000)
        .map(|i| format!("{}头{}", " ".repeat(i % 97), i))
        .collect();
    let lines: Vec<LayoutLine<'_>> = header_soup
        .iter()
        .enumerate()
        .map(|(i, t)| LayoutLine {
            number: i + 1,
            text: t,
        })
        .collect();
    let _ = read_layout(&lines);
}
