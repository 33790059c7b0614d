//! Classification-code cells: digits, possibly in groups (`208 05 05`).

use nom::{
    Finish, IResult, Parser,
    character::complete::{digit1, space1},
    combinator::all_consuming,
    multi::separated_list1,
};

use super::amount::column_of;
use super::fold::{fold, trim_ws};
use crate::error::{TableError, TableErrorKind};

fn code_groups(i: &str) -> IResult<&str, Vec<&str>> {
    separated_list1(space1, digit1).parse(i)
}

/// Strictly read one classification-code cell: digits, possibly split into
/// groups by spaces (`208 05 05` → `2080505`). At most 24 digits.
///
/// ```
/// use cnbudget_table::parse_code;
/// assert_eq!(parse_code(" 210 15 99").unwrap(), "2101599");
/// assert!(parse_code("21a").is_err());
/// ```
pub fn parse_code(text: &str) -> Result<String, TableError> {
    let folded = fold(text);
    let t = trim_ws(&folded);
    match all_consuming(code_groups).parse(t).finish() {
        Ok((_, groups)) => {
            let s: String = groups.concat();
            if s.len() > 24 {
                Err(TableError::new(TableErrorKind::InvalidCode, 25, text))
            } else {
                Ok(s)
            }
        }
        Err(e) => Err(TableError::new(
            TableErrorKind::InvalidCode,
            column_of(t, e.input),
            text,
        )),
    }
}

/// A code-like cell (`"302 01"`): ASCII digits in groups separated by spaces,
/// trimmed, at most 40 bytes. Without allocating: [`CodeCell::groups`] are the
/// digit groups (`["302", "01"]`), [`CodeCell::digits`] their concatenation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CodeCell<'a>(&'a str);

impl<'a> CodeCell<'a> {
    /// The digit groups, in order (never empty, none empty).
    pub(crate) fn groups(self) -> impl Iterator<Item = &'a str> {
        self.0.split(' ').filter(|g| !g.is_empty())
    }
    /// The number of digits.
    pub(crate) fn digit_count(self) -> usize {
        self.0.bytes().filter(|&b| b != b' ').count()
    }
    /// The groups joined (`"30201"`).
    pub(crate) fn digits(self) -> String {
        // Most code cells are one group: a plain copy, no split.
        if !self.0.contains(' ') {
            return self.0.to_owned();
        }
        let mut s = String::with_capacity(self.0.len());
        s.extend(self.groups());
        s
    }
}

/// The digit groups of a code-like cell (`"302 01"` → `["302", "01"]`), or `None`.
///
/// Same answer as `all_consuming(separated_list1(space1, digit1))` on the
/// trimmed cell: once every byte is a digit or a space and both ends are
/// digits (trimmed), the groups are exactly the space-separated runs.
pub(crate) fn code_tokens(t: &str) -> Option<CodeCell<'_>> {
    let t = trim_ws(t);
    if t.is_empty() || t.len() > 40 || !t.bytes().all(|b| b.is_ascii_digit() || b == b' ') {
        return None;
    }
    Some(CodeCell(t))
}

/// Codes of a lower level (款 after 类, 项 after 款) printed with fewer digits than the rest of
/// their column: some disclosures print `301   2   津贴补贴` for 款 02 (the PDF itself holds
/// `2`, right-aligned under the `01`, `08` of the rows around it). For each column `c` of a run
/// of code columns (`is_code`) whose first column holds only 3-digit 类 codes, the short codes
/// are zero-padded on the left to the column's width, where the full width is the rule (at
/// least three codes) and the short ones the exception (at most a quarter as many). Taiwan's
/// 款/項/目/節 numbers (1 or 2 digits, mixed on purpose) have no 3-digit 类 column and are left.
/// `text(row, col)` reads a cell, `set(row, col, padded)` replaces it.
pub(crate) fn pad_short_codes<'t>(
    is_code: &[bool],
    rows: usize,
    text: impl Fn(usize, usize) -> Option<&'t str>,
    mut set: impl FnMut(usize, usize, String),
) {
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let code = |c: usize| is_code.get(c).copied().unwrap_or(false);
    for c in 1..is_code.len() {
        if !code(c) || !code(c - 1) {
            continue;
        }
        let first = (0..c).rev().take_while(|&k| code(k)).last().unwrap_or(c);
        let widths_of = |col: usize| -> Vec<usize> {
            (0..rows)
                .filter_map(|r| text(r, col))
                .map(str::trim)
                .filter(|t| digits(t))
                .map(str::len)
                .collect()
        };
        let class_widths = widths_of(first);
        if class_widths.is_empty() || class_widths.iter().any(|&x| x != 3) {
            continue;
        }
        let widths = widths_of(c);
        let Some(&w) = widths.iter().max() else {
            continue;
        };
        let full = widths.iter().filter(|&&x| x == w).count();
        let short = widths.len() - full;
        if !(2..=4).contains(&w) || full < 3 || short == 0 || short * 4 > full {
            continue;
        }
        for r in 0..rows {
            if let Some(t) = text(r, c) {
                let t = t.trim();
                if digits(t) && t.len() < w {
                    set(r, c, format!("{t:0>w$}"));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The groups as the nom grammar `code_groups` reads them, which [`CodeCell`] must agree with.
    fn nom_code_tokens(t: &str) -> Option<Vec<&str>> {
        let t = trim_ws(t);
        if t.is_empty() || t.len() > 40 || !t.bytes().all(|b| b.is_ascii_digit() || b == b' ') {
            return None;
        }
        all_consuming(code_groups)
            .parse(t)
            .finish()
            .ok()
            .map(|(_, g)| g)
    }

    fn code_tokens_vec(t: &str) -> Option<Vec<&str>> {
        code_tokens(t).map(|c| c.groups().collect())
    }

    #[test]
    fn code_tokens_match_nom() {
        for t in [
            "302 01",
            " 210  15 99 ",
            "30201",
            "",
            " ",
            "2a",
            "1\t2",
            "12 ３",
        ] {
            assert_eq!(code_tokens_vec(t), nom_code_tokens(t), "{t:?}");
        }
        let c = code_tokens(" 210 15  99").map(|c| (c.digits(), c.digit_count()));
        assert_eq!(c, Some((String::from("2101599"), 7)));
    }

    proptest::proptest! {
        #[test]
        fn code_tokens_match_nom_prop(t in "[0-9 \t]{0,44}") {
            proptest::prop_assert_eq!(code_tokens_vec(&t), nom_code_tokens(&t));
        }
    }
}
