//! The words and marks of budget tables, in one place: Chinese numerals, the ordinals they
//! make, total and note words, dashes, and the tests of what looks like a figure.
//!
//! The cell grammar, the document scanner, the `pdftotext -layout` reader and the
//! performance-target reader of `cnbudget-indicator` all ask these questions. Where they
//! answer differently on purpose, the variant is a separate item here with the reason beside
//! it, so that a change to one reader's vocabulary is a visible choice.
//!
//! ```
//! use cnbudget_table::lexicon;
//!
//! assert!(lexicon::is_numeral('十'));
//! assert!(lexicon::is_total_word("合计"));
//! assert!(lexicon::is_no_amount(" — "));
//! assert!(lexicon::looks_like_figure("(1,836.42)"));
//! assert_eq!(lexicon::plain_number("1,836.42").map(|d| d.to_string()).as_deref(), Some("1836.42"));
//! ```

use std::str::FromStr;

use rust_decimal::Decimal;

/// Chinese numerals written in ordinals and counts (`一、`, `（十二）`, `第三部分`):
/// 一 … 十, 百, 零 and 〇.
pub const NUMERALS: [char; 13] = [
    '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '百', '零', '〇',
];

/// The financial (大写) numerals 壹 … 拾, in their simplified forms.
pub const FINANCIAL_NUMERALS: [char; 10] =
    ['壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖', '拾'];

/// Is `c` one of [`NUMERALS`]?
///
/// ```
/// assert!(cnbudget_table::lexicon::is_numeral('〇'));
/// assert!(!cnbudget_table::lexicon::is_numeral('壹'));
/// ```
pub fn is_numeral(c: char) -> bool {
    NUMERALS.contains(&c)
}

/// Is `c` one of 一 … 十, the numerals a section heading of the prose is numbered with
/// (`一、部门基本情况`)? 百, 零 and 〇 are left out: a line opening `零、` or `百、` is not
/// read as a section heading.
///
/// ```
/// assert!(cnbudget_table::lexicon::is_section_numeral('十'));
/// assert!(!cnbudget_table::lexicon::is_section_numeral('零'));
/// ```
pub fn is_section_numeral(c: char) -> bool {
    NUMERALS.get(..10).is_some_and(|n| n.contains(&c))
}

/// Is `c` one of [`NUMERALS`] or [`FINANCIAL_NUMERALS`]? The `pdftotext -layout` reader
/// takes `壹、` as the start of an item as well as `一、`; the cell grammar, which splits
/// an ordinal off a name, does not split the financial forms.
///
/// ```
/// assert!(cnbudget_table::lexicon::is_numeral_or_financial('叁'));
/// ```
pub fn is_numeral_or_financial(c: char) -> bool {
    is_numeral(c) || FINANCIAL_NUMERALS.contains(&c)
}

/// Does `s` open with an ordinal, as the `pdftotext -layout` reader tells a new item: `一、`,
/// `一是`, `（一）`, `(1)`, `(1.`, `1.`, `1、`, `1．`, `1，`.
///
/// Looser than the cell grammar's ordinal (which is split off a name and kept): a line
/// that opens this way starts a row of its own instead of continuing a wrapped name.
///
/// ```
/// use cnbudget_table::lexicon::opens_with_ordinal;
/// assert!(opens_with_ordinal("一、一般公共服务支出"));
/// assert!(opens_with_ordinal("（一）基本工资"));
/// assert!(opens_with_ordinal("1. 一般公共预算"));
/// assert!(!opens_with_ordinal("缴费支出"));
/// ```
pub fn opens_with_ordinal(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if is_numeral_or_financial(first) {
        return matches!(
            s.chars().find(|&c| !is_numeral_or_financial(c)),
            Some('、' | '是')
        );
    }
    if first == '（' || first == '(' {
        for (n, c) in chars.enumerate() {
            if c == '）' || c == ')' {
                return n > 0;
            }
            if n >= 4 || !(is_numeral_or_financial(c) || c.is_ascii_digit() || c == '.') {
                return false;
            }
        }
        return false;
    }
    if first.is_ascii_digit() {
        return matches!(
            s.chars().find(|c| !c.is_ascii_digit()),
            Some('.' | '、' | '．' | '，')
        );
    }
    false
}

/// Words that mark a total, in simplified and traditional forms: 合计, 总计, 小计, 共计.
/// The `pdftotext -layout` reader matches raw text, which may be traditional.
pub const TOTAL_WORDS: [&str; 8] = [
    "合计", "合計", "总计", "總計", "小计", "小計", "共计", "共計",
];

/// The total words a cell of prepared (simplified) text is matched against whole: 合计, 总计,
/// 小计. 共计 is not among them: in a cell it opens a count (`共计3个项目`), not a total row.
pub const CELL_TOTAL_WORDS: [&str; 3] = ["合计", "总计", "小计"];

/// The words heading the total column of a “三公” group (`公务用车购置及运行费` over
/// `小计  购置费  运行费`): 小计 and 合计. 总计 heads a whole table's total, not a group's.
pub const GROUP_TOTAL_WORDS: [&str; 4] = ["小计", "合计", "小計", "合計"];

/// Is `s` one of [`TOTAL_WORDS`]?
///
/// ```
/// assert!(cnbudget_table::lexicon::is_total_word("總計"));
/// assert!(!cnbudget_table::lexicon::is_total_word("合计数"));
/// ```
pub fn is_total_word(s: &str) -> bool {
    TOTAL_WORDS.contains(&s)
}

/// Does `s` start with one of [`TOTAL_WORDS`]?
///
/// ```
/// assert!(cnbudget_table::lexicon::starts_with_total_word("合计（万元）"));
/// ```
pub fn starts_with_total_word(s: &str) -> bool {
    TOTAL_WORDS.iter().any(|w| s.starts_with(w))
}

/// Does `s` end with one of [`TOTAL_WORDS`]?
///
/// ```
/// assert!(cnbudget_table::lexicon::ends_with_total_word("人员经费合计"));
/// ```
pub fn ends_with_total_word(s: &str) -> bool {
    TOTAL_WORDS.iter().any(|w| s.ends_with(w))
}

/// Is `s` (squashed) one of [`CELL_TOTAL_WORDS`]?
///
/// ```
/// assert!(cnbudget_table::lexicon::is_cell_total_word("小计"));
/// assert!(!cnbudget_table::lexicon::is_cell_total_word("共计"));
/// ```
pub fn is_cell_total_word(s: &str) -> bool {
    CELL_TOTAL_WORDS.contains(&s)
}

/// How a cell or line of prepared text opens a note under a table: 备注, or 注 and 说明
/// followed by a colon (prepared text has the ASCII colon; full-width ones are read too). A
/// bare 说明 is a column header or a form's label, so it needs its colon.
pub const NOTE_OPENERS: [&str; 5] = ["备注", "注:", "注：", "说明:", "说明："];

/// How a line of a `pdftotext -layout` region opens a note: as [`NOTE_OPENERS`], and also
/// `注` followed by a gap (the colon printed apart), 附注, and the traditional forms; a line
/// that is only `注` is one as well ([`opens_layout_note`]).
pub const LAYOUT_NOTE_OPENERS: [&str; 9] = [
    "注：",
    "注:",
    "注 ",
    "备注",
    "備註",
    "说明：",
    "說明：",
    "附注",
    "附註",
];

/// Does `t` (heading marks and opening brackets already stripped) open a note
/// ([`NOTE_OPENERS`])?
///
/// ```
/// use cnbudget_table::lexicon::opens_note;
/// assert!(opens_note("注：本表数据四舍五入"));
/// assert!(opens_note("备注"));
/// assert!(!opens_note("说明"));
/// ```
pub fn opens_note(t: &str) -> bool {
    NOTE_OPENERS.iter().any(|w| t.starts_with(w))
}

/// Does the first word `s` of a `pdftotext -layout` line open a note
/// ([`LAYOUT_NOTE_OPENERS`], or `注` alone)?
///
/// ```
/// assert!(cnbudget_table::lexicon::opens_layout_note("附註：單位為千元"));
/// ```
pub fn opens_layout_note(s: &str) -> bool {
    LAYOUT_NOTE_OPENERS.iter().any(|w| s.starts_with(w)) || s == "注"
}

/// Words of a note that says figures are rounded.
pub const ROUNDING_WORDS: [&str; 2] = ["四舍五入", "尾差"];

/// Words of a note that says the table is published empty.
pub const EMPTY_TABLE_WORDS: [&str; 4] = ["为空表", "无数据", "此表无", "本表无"];

/// Dash characters printed in a cell for "no amount" or as a placeholder: hyphen-minus,
/// full-width hyphen-minus, em dash, en dash, minus sign and box-drawing horizontal.
pub const DASHES: [char; 6] = ['-', '－', '—', '–', '\u{2212}', '─'];

/// Marks that also mean "no amount" when they fill a cell: the horizontal bar and the slash.
/// The `pdftotext -layout` reader does not take them as values ([`is_dash_token`]): a slash
/// between gaps there is part of a page number (`3/10`) or of text.
pub const NO_AMOUNT_MARKS: [char; 2] = ['―', '/'];

/// The dashes around a page number (`- 12 -`, `—7—`): hyphens and dashes only; a minus sign
/// or a box-drawing line by a number is a value's.
pub const PAGE_NUMBER_DASHES: [char; 4] = ['-', '－', '—', '–'];

/// The marks between a code and its name in one cell (`50015322T000000091332-荣昌区离休干部医疗费`,
/// `320001-乐山市市中区医疗保障局`): a hyphen or an em dash.
pub const CODE_NAME_SEPARATORS: [char; 2] = ['-', '—'];

/// Is `c` one of [`DASHES`]?
///
/// ```
/// assert!(cnbudget_table::lexicon::is_dash('—'));
/// assert!(!cnbudget_table::lexicon::is_dash('/'));
/// ```
pub fn is_dash(c: char) -> bool {
    DASHES.contains(&c)
}

/// Does `t` mean "no amount": empty or whitespace, or only [`DASHES`] and
/// [`NO_AMOUNT_MARKS`] (`-`, `—`, `--`, `/`)?
///
/// ```
/// use cnbudget_table::lexicon::is_no_amount;
/// assert!(is_no_amount(""));
/// assert!(is_no_amount("--"));
/// assert!(is_no_amount(" / "));
/// assert!(!is_no_amount("0"));
/// ```
pub fn is_no_amount(t: &str) -> bool {
    let t = crate::cell::trim_ws(t);
    t.is_empty()
        || t.chars()
            .all(|c| is_dash(c) || NO_AMOUNT_MARKS.contains(&c))
}

/// Is `s` one to four [`DASHES`], a placeholder value between the gaps of a
/// `pdftotext -layout` line? Longer runs are rules drawn across the page.
///
/// ```
/// assert!(cnbudget_table::lexicon::is_dash_token("--"));
/// assert!(!cnbudget_table::lexicon::is_dash_token("/"));
/// ```
pub fn is_dash_token(s: &str) -> bool {
    // One to four dash characters; stops at the first other character.
    let mut n = 0usize;
    for c in s.chars() {
        if !is_dash(c) {
            return false;
        }
        n += 1;
        if n > 4 {
            return false;
        }
    }
    n > 0
}

/// Does the token `s` look like a figure as a table prints it: `1,836.42`, `-12.50`,
/// `(12.50)`, `77.70%`, `0`, or a dash placeholder ([`is_dash_token`])?
///
/// Loose on purpose: commas may stand anywhere after the first digit and are not checked in
/// groups of three. The `pdftotext -layout` reader places a token in a column by where it
/// stands; whether its digits are a well-formed amount is decided later, cell by cell, by
/// the strict grammar ([`crate::parse_amount`]), which flags a malformed one.
///
/// ```
/// use cnbudget_table::lexicon::looks_like_figure;
/// assert!(looks_like_figure("1,836.42"));
/// assert!(looks_like_figure("77.70%"));
/// assert!(looks_like_figure("-"));
/// assert!(!looks_like_figure("1."));
/// assert!(!looks_like_figure("统计"));
/// ```
pub fn looks_like_figure(s: &str) -> bool {
    if is_dash_token(s) {
        return true;
    }
    let t = s
        .trim_start_matches(['-', '－', '\u{2212}', '+', '(', '（'])
        .trim_end_matches([')', '）', '%', '％']);
    let mut digits = 0usize;
    let mut dots = 0usize;
    let mut last = ' ';
    for (i, c) in t.chars().enumerate() {
        match c {
            '0'..='9' => digits += 1,
            ',' if i > 0 && dots == 0 => {}
            '.' if i > 0 => dots += 1,
            _ => return false,
        }
        last = c;
    }
    digits > 0 && dots <= 1 && last.is_ascii_digit() && t.starts_with(|c: char| c.is_ascii_digit())
}

/// A number written with ASCII digits, points, commas and hyphens only, read leniently:
/// commas are dropped wherever they stand (`1,2345.6`). The performance-target forms print
/// weights, scores and small sums this way, often typed by hand; a strict grammar there
/// would lose a score to a misplaced comma, and the forms' arithmetic checks catch a wrong
/// reading. `None` when `sq` holds anything else or is not a number (`-`, `1.2.3`).
///
/// ```
/// use cnbudget_table::lexicon::plain_number;
/// assert_eq!(plain_number("97.5").map(|d| d.to_string()).as_deref(), Some("97.5"));
/// assert_eq!(plain_number("1,2345.6").map(|d| d.to_string()).as_deref(), Some("12345.6"));
/// assert_eq!(plain_number("-"), None);
/// assert_eq!(plain_number("≥95"), None);
/// ```
pub fn plain_number(sq: &str) -> Option<Decimal> {
    if sq.is_empty()
        || !sq
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',' || c == '-')
    {
        return None;
    }
    if sq.contains(',') {
        Decimal::from_str(&sq.replace(',', "")).ok()
    } else {
        Decimal::from_str(sq).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_numerals_are_the_first_ten() {
        let got: String = NUMERALS
            .iter()
            .copied()
            .filter(|&c| is_section_numeral(c))
            .collect();
        assert_eq!(got, "一二三四五六七八九十");
    }

    #[test]
    fn ordinals_start_items() {
        assert!(opens_with_ordinal("一、一般公共服务支出"));
        assert!(opens_with_ordinal("壹、收入"));
        assert!(opens_with_ordinal("一是加强管理"));
        assert!(opens_with_ordinal("（一）基本工资"));
        assert!(opens_with_ordinal("(1.5)"));
        assert!(opens_with_ordinal("1. 一般公共预算"));
        assert!(!opens_with_ordinal("()"));
        assert!(!opens_with_ordinal("缴费支出"));
        assert!(!opens_with_ordinal("出"));
        assert!(!opens_with_ordinal("2010301"));
    }

    #[test]
    fn dashes_and_no_amount_marks() {
        assert!(is_dash_token("—"));
        assert!(is_dash_token("----"));
        assert!(!is_dash_token("-----"));
        assert!(!is_dash_token("/"));
        assert!(!is_dash_token("―"));
        assert!(is_no_amount("―"));
        assert!(is_no_amount("\u{2212}"));
        assert!(!is_no_amount("-1"));
    }

    #[test]
    fn figures_look_like_figures() {
        for t in [
            "1,836.42", "-12.50", "(12.50)", "77.70%", "0", "－5", "（3）",
        ] {
            assert!(looks_like_figure(t), "{t}");
        }
        for t in ["1.", ".5", "1.2.3", "a1", "12x", "", ",1"] {
            assert!(!looks_like_figure(t), "{t}");
        }
    }

    #[test]
    fn notes_open_with_their_words() {
        assert!(opens_note("说明:见附表"));
        assert!(!opens_note("附注：无"));
        assert!(opens_layout_note("附注：无"));
        assert!(opens_layout_note("注"));
        assert!(opens_layout_note("注 本表"));
        assert!(!opens_layout_note("说明:见附表"));
    }

    proptest::proptest! {
        /// `plain_number` reads what `Decimal` reads once commas are dropped, and nothing
        /// with another character.
        #[test]
        fn plain_number_is_decimal_without_commas(s in "[0-9.,\\-a ]{0,12}") {
            let want = if s.is_empty() || s.contains(['a', ' ']) {
                None
            } else {
                Decimal::from_str(&s.replace(',', "")).ok()
            };
            proptest::prop_assert_eq!(plain_number(&s), want);
        }
    }
}
