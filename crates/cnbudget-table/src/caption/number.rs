//! Table numbers: `附件3`, `表1-1`, `公开表 3-1`, `表一`, `公开01表`.

use nom::{
    IResult, Parser,
    branch::alt,
    bytes::complete::tag,
    character::complete::{char, digit1, space0},
    combinator::{opt, recognize},
    multi::many0,
};

use crate::cell::{cn_numerals, fold, trim_ws};

fn number_body(i: &str) -> IResult<&str, &str> {
    alt((
        recognize((
            digit1,
            many0((alt((char('-'), char('—'), char('_'))), digit1)),
        )),
        cn_numerals,
    ))
    .parse(i)
}

fn table_number_p(i: &str) -> IResult<&str, &str> {
    recognize(alt((
        (tag("附件"), space0, opt(number_body)).map(|_| ()),
        (opt(tag("公开")), char('表'), space0, number_body).map(|_| ()),
        (tag("公开"), digit1, char('表')).map(|_| ()),
    )))
    .parse(i)
}

/// Does `b` hold `表` or `附件`? One pass over the candidate lead bytes (`表` is
/// E8 A1 A8, `附` E9 99 84).
fn has_number_word(b: &[u8]) -> bool {
    const BIAO: &[u8] = "表".as_bytes();
    const FUJIAN: &[u8] = "附件".as_bytes();
    memchr::memchr2_iter(0xE8, 0xE9, b).any(|i| {
        b.get(i..)
            .is_some_and(|w| w.starts_with(BIAO) || w.starts_with(FUJIAN))
    })
}

/// A whole line that is only a table number (`附件3`, `表1-1`, `公开表 3-1`,
/// `表一`, `公开01表`, `附件 2`). Returns the number as written, folded.
pub(crate) fn table_number_line(line: &str) -> Option<String> {
    if line.len() > 64 || !has_number_word(line.as_bytes()) {
        return None;
    }
    let folded = fold(line);
    let t = folded
        .trim()
        .trim_matches(|c| c == '#' || c == '*' || c == ' ');
    if t.is_empty() || t.chars().count() > 16 {
        return None;
    }
    let (rest, n) = table_number_p(t).ok()?;
    let rest = rest.trim_matches(|c: char| c == ' ' || c == ':');
    if rest.is_empty() {
        Some(n.split_whitespace().collect())
    } else {
        None
    }
}

/// A table number in a parenthesised title suffix: `…（公开表 3-1）`, `(公开表1)`.
pub(crate) fn number_in_title(title: &str) -> Option<String> {
    let folded = fold(title);
    let pos = folded.rfind('(')?;
    let inner = folded.get(pos + 1..)?.trim_end_matches(')').trim();
    let (rest, n) = table_number_p(inner).ok()?;
    if trim_ws(rest).is_empty() && !n.starts_with("附件") {
        Some(n.split_whitespace().collect())
    } else {
        None
    }
}

/// The digits of a table number (`公开表3-1` → `3-1`), for comparing forms.
pub(crate) fn number_digits(n: &str) -> String {
    n.chars()
        .filter(|c| c.is_ascii_digit() || *c == '-')
        .collect()
}
