//! Ordinals before names (`一、`, `（一）`, `1.`), split off and kept.

use std::borrow::Cow;

use nom::{
    IResult, Parser,
    branch::alt,
    bytes::complete::take_while1,
    character::complete::{char, digit1, space0},
    combinator::recognize,
};

use super::fold::fold;
use crate::lexicon::is_numeral;

pub(crate) fn cn_numerals(i: &str) -> IResult<&str, &str> {
    take_while1(is_numeral).parse(i)
}

fn ordinal_body(i: &str) -> IResult<&str, &str> {
    alt((cn_numerals, digit1)).parse(i)
}

fn ordinal(i: &str) -> IResult<&str, &str> {
    recognize(alt((
        (char('('), space0, ordinal_body, space0, char(')')).map(|_| ()),
        (cn_numerals, alt((char('、'), char('.'), char(',')))).map(|_| ()),
        (digit1, alt((char('、'), char(')')))).map(|_| ()),
        // `1.` but not `1.5`
        (digit1, char('.'), nom::combinator::not(digit1)).map(|_| ()),
    )))
    .parse(i)
}

/// Split a leading ordinal (`一、` `（一）` `(一)` `1.` `1、` `(1)`) from a name.
/// Returns `(ordinal, rest)`; the ordinal is in folded (ASCII punctuation) form.
pub(crate) fn split_ordinal(name: &str) -> (Option<String>, Cow<'_, str>) {
    let first = name.trim_start().chars().next();
    let may = first.is_some_and(|c| {
        c.is_ascii_digit() || matches!(c, '(' | '（' | '０'..='９') || is_numeral(c)
    });
    if !may {
        return (None, fold(name));
    }
    let folded = fold(name);
    let t = folded.trim_start();
    match ordinal(t) {
        Ok((rest, ord)) => {
            let rest = rest.trim_start();
            if rest.is_empty() {
                return (None, folded);
            }
            (Some(ord.to_string()), Cow::Owned(rest.to_string()))
        }
        Err(_) => (None, folded),
    }
}

/// [`split_ordinal`] on text already folded by [`fold`] (folding is
/// idempotent), without allocating: `(ordinal, rest)` borrow from `name`.
pub(crate) fn split_ordinal_folded(name: &str) -> (Option<&str>, &str) {
    let first = name.trim_start().chars().next();
    let may = first.is_some_and(|c| {
        c.is_ascii_digit() || matches!(c, '(' | '（' | '０'..='９') || is_numeral(c)
    });
    if !may {
        return (None, name);
    }
    let t = name.trim_start();
    match ordinal(t) {
        Ok((rest, ord)) => {
            let rest = rest.trim_start();
            if rest.is_empty() {
                return (None, name);
            }
            (Some(ord), rest)
        }
        Err(_) => (None, name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinal_split_of_folded_text() {
        for t in [
            "一、工资福利支出",
            "(一)办公费",
            "1.培训费",
            "1.5万元",
            "一、",
            "办公费",
            "（二） 差旅费",
        ] {
            let f = fold(t);
            let (o, n) = split_ordinal(&f);
            assert_eq!(split_ordinal_folded(&f), (o.as_deref(), &*n), "{t:?}");
        }
    }

    #[test]
    fn ordinals() {
        let (o, n) = split_ordinal("一、一般公共预算拨款收入");
        assert_eq!(o.as_deref(), Some("一、"));
        assert_eq!(n, "一般公共预算拨款收入");
        let (o, n) = split_ordinal("（一）工资福利支出");
        assert_eq!(o.as_deref(), Some("(一)"));
        assert_eq!(n, "工资福利支出");
        let (o, n) = split_ordinal("1.5万元");
        assert_eq!(o, None);
        assert_eq!(n, "1.5万元");
        let (o, n) = split_ordinal("八、 社会保障和就业支出");
        assert_eq!(o.as_deref(), Some("八、"));
        assert_eq!(n, "社会保障和就业支出");
    }
}
