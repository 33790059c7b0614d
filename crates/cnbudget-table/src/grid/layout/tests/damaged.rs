//! The layout reader on damaged copies of the committed fixtures (`testdata/layout/`): lines
//! dropped, cut short or shifted; nothing is lost and every row keeps one cell per column.

use proptest::prelude::*;

use super::read_layout;
use crate::grid::layout::LayoutLine;

fn fixture(name: &str) -> String {
    let path = format!("{}/testdata/layout/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The fixture's lines, each either kept, dropped, cut short or shifted right.
fn mutated(name: &str, edits: &[(u8, u8)]) -> Vec<String> {
    let text = fixture(name);
    text.lines()
        .zip(edits.iter().cycle())
        .filter_map(|(l, &(op, n))| match op % 4 {
            0 => None,
            1 => Some(l.chars().take(usize::from(n)).collect()),
            2 => Some(format!("{}{l}", " ".repeat(usize::from(n % 9)))),
            _ => Some(l.to_string()),
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn damaged_two_sided_and_paged_tables_lose_nothing(
        which in 0usize..4,
        edits in prop::collection::vec((any::<u8>(), any::<u8>()), 1..40),
    ) {
        let name = [
            "final-2024-basic-two-sided.txt",
            "final-2024-basic-two-sided-7.txt",
            "sh-2024-economic-short-code.txt",
            "js-2017-general-budget-pages.txt",
        ][which];
        let texts = mutated(name, &edits);
        let lines: Vec<LayoutLine<'_>> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| LayoutLine { number: i + 1, text: t })
            .collect();
        let t = read_layout(&lines);
        for r in &t.rows {
            prop_assert_eq!(r.cells.len(), t.header.len());
        }
        for l in &lines {
            if l.text.chars().all(|c| c.is_whitespace() || c == '\u{c}') {
                continue;
            }
            let n = l.number;
            let found = t.rows.iter().any(|r| r.lines.contains(&n))
                || t.unplaced.iter().any(|u| u.0 == n)
                || t.header_lines.contains(&n)
                || t.furniture.iter().any(|f| f.0 == n)
                || t.notes.contains(&n);
            prop_assert!(found, "line {} {:?} is nowhere", n, l.text);
        }
    }
}
