//! Amounts and percentages: the strict grammar (nom 8, `complete` parsers) and the fast paths
//! that give the same answers without building errors.

use std::borrow::Cow;
use std::str::FromStr;

use nom::{
    Finish, IResult, Parser,
    branch::alt,
    character::complete::{char, digit1, space0},
    combinator::{all_consuming, opt},
    sequence::{delimited, preceded, terminated},
};
use rust_decimal::Decimal;

use super::fold::{fold, trim_ws};
use crate::error::{TableError, TableErrorKind};
use crate::lexicon::is_no_amount;

/// Can this text begin a number (`1`, `-`, `(`, `+`, full-width forms)?
#[inline]
pub(crate) fn starts_numeric(text: &str) -> bool {
    // Fast path: an ASCII first byte that is not whitespace decides alone.
    if let Some(&b) = text.as_bytes().first() {
        if b.is_ascii() && !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C) {
            return b.is_ascii_digit() || matches!(b, b'-' | b'(' | b'+');
        }
        // A CJK ideograph (U+4000–U+9FFF, lead bytes E4–E9: a label) is neither a space nor
        // a number's start.
        if (0xE4..=0xE9).contains(&b) {
            return false;
        }
    }
    let t = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    t.chars().next().is_some_and(|c| {
        c.is_ascii_digit()
            || matches!(
                c,
                '-' | '(' | '+' | '（' | '－' | '＋' | '\u{2212}' | '０'..='９'
            )
    })
}

/// `digits(,ddd)*(.digits)?`: thousands groups of exactly three digits after
/// a first group of one to three (`1,836.42`, `12,345,678`); `1,836,42` and
/// `1234,567` are not amounts (see [`repair_amount`](crate::repair_amount)).
fn unsigned(i: &str) -> IResult<&str, &str> {
    fn fail(at: &str) -> IResult<&str, &str> {
        Err(nom::Err::Error(nom::error::Error::new(
            at,
            nom::error::ErrorKind::Verify,
        )))
    }
    let (mut rest, first) = digit1(i)?;
    if rest.starts_with(',') && first.len() > 3 {
        return fail(rest);
    }
    while let Some(after) = rest.strip_prefix(',') {
        let (r, group) = digit1(after)?;
        if group.len() != 3 {
            // Where the group should have ended or gone on.
            return fail(after.get(3.min(group.len())..).unwrap_or(r));
        }
        rest = r;
    }
    let (rest, _) = opt((char('.'), digit1)).parse(rest)?;
    Ok((rest, i.get(..i.len() - rest.len()).unwrap_or(i)))
}

fn signed(i: &str) -> IResult<&str, (bool, &str)> {
    alt((
        delimited((char('('), space0), unsigned, (space0, char(')'))).map(|s| (true, s)),
        preceded((char('-'), space0), unsigned).map(|s| (true, s)),
        preceded(opt(char('+')), unsigned).map(|s| (false, s)),
    ))
    .parse(i)
}

/// `digits(,digits)*(.digits)?` with at most 18 digits, without the general parser (the
/// common case: every amount of a table). `None` sends the text to `Decimal::from_str`.
fn small_decimal(digits: &str) -> Option<Decimal> {
    let (mut mantissa, mut scale, mut count, mut fraction) = (0u64, 0u32, 0u32, false);
    for &b in digits.as_bytes() {
        match b {
            b'0'..=b'9' => {
                count += 1;
                if count > 18 {
                    return None;
                }
                mantissa = mantissa * 10 + u64::from(b - b'0');
                scale += u32::from(fraction);
            }
            b',' if !fraction => {}
            b'.' if !fraction => fraction = true,
            _ => return None,
        }
    }
    if count == 0 {
        return None;
    }
    Some(Decimal::from_i128_with_scale(i128::from(mantissa), scale))
}

pub(super) fn to_decimal(neg: bool, digits: &str, src: &str) -> Result<Decimal, TableError> {
    if let Some(d) = small_decimal(digits) {
        return Ok(if neg { -d } else { d });
    }
    let plain: Cow<'_, str> = if digits.contains(',') {
        Cow::Owned(digits.replace(',', ""))
    } else {
        Cow::Borrowed(digits)
    };
    let d =
        Decimal::from_str(&plain).map_err(|_| TableError::new(TableErrorKind::Overflow, 1, src))?;
    Ok(if neg { -d } else { d })
}

pub(super) fn column_of(src: &str, rest: &str) -> usize {
    let consumed = src.len().saturating_sub(rest.len());
    src.get(..consumed).map_or(0, |p| p.chars().count()) + 1
}

/// Strictly read one amount cell.
///
/// `1,836.42`, `-12.50` and `(12.50)` (negative), `0`; blank, `-`, `—` and `/`
/// mean "no amount" (`Ok(None)`). Full-width digits and punctuation are accepted.
///
/// ```
/// use cnbudget_table::parse_amount;
/// use rust_decimal::Decimal;
/// assert_eq!(parse_amount("1,836.42").unwrap(), Some(Decimal::new(183642, 2)));
/// assert_eq!(parse_amount("(12.50)").unwrap(), Some(Decimal::new(-1250, 2)));
/// assert_eq!(parse_amount("—").unwrap(), None);
/// assert!(parse_amount("万元").is_err());
/// ```
pub fn parse_amount(text: &str) -> Result<Option<Decimal>, TableError> {
    if is_no_amount(text) {
        return Ok(None);
    }
    if !starts_numeric(text) {
        let lead = text.chars().take_while(|c| c.is_whitespace()).count();
        return Err(TableError::new(
            TableErrorKind::InvalidAmount,
            lead + 1,
            text,
        ));
    }
    let folded = fold(text);
    let lead = folded.len() - folded.trim_start().len();
    let t = trim_ws(&folded);
    match all_consuming(signed).parse(t).finish() {
        Ok((_, (neg, digits))) => to_decimal(neg, digits, text).map(Some),
        Err(e) => {
            let col = column_of(t, e.input) + lead;
            Err(TableError::new(TableErrorKind::InvalidAmount, col, text))
        }
    }
}

/// The amount in `text`, or `None` when it is not an amount (no error built).
pub(crate) fn amount_value(text: &str) -> Option<Decimal> {
    if !starts_numeric(text) {
        return None;
    }
    let t = trim_ws(text);
    if t.is_ascii() {
        let (neg, digits) = signed_whole(t)?;
        return to_decimal(neg, digits, "").ok();
    }
    let folded = fold(t);
    let (neg, digits) = signed_whole(trim_ws(&folded))?;
    to_decimal(neg, digits, "").ok()
}

/// `all_consuming(signed)` without nom, on bytes: `(U)`, `-U`, `+U` or `U`
/// (spaces and tabs allowed inside the parentheses and after `-`), where `U`
/// is `digits(,digits)*(.digits)?`. Returns the sign and `U`.
pub(super) fn signed_whole(t: &str) -> Option<(bool, &str)> {
    let b = t.as_bytes();
    let is_space = |x: u8| x == b' ' || x == b'\t';
    let (neg, from, to) = match b.first()? {
        b'(' => {
            if b.last() != Some(&b')') || b.len() < 2 {
                return None;
            }
            let mut from = 1;
            while b.get(from).is_some_and(|&x| is_space(x)) {
                from += 1;
            }
            let mut to = b.len() - 1;
            while to > from && b.get(to - 1).is_some_and(|&x| is_space(x)) {
                to -= 1;
            }
            (true, from, to)
        }
        b'-' => {
            let mut from = 1;
            while b.get(from).is_some_and(|&x| is_space(x)) {
                from += 1;
            }
            (true, from, b.len())
        }
        b'+' => (false, 1, b.len()),
        _ => (false, 0, b.len()),
    };
    let u = t.get(from..to)?;
    unsigned_whole(u.as_bytes()).then_some((neg, u))
}

/// Is `b` exactly `digits(,ddd)*(.digits)?`, with a first group of at most
/// three digits when there are commas (the grammar of [`unsigned`])?
fn unsigned_whole(b: &[u8]) -> bool {
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let first = digits(&mut i);
    if first == 0 {
        return false;
    }
    if b.get(i) == Some(&b',') && first > 3 {
        return false;
    }
    while b.get(i) == Some(&b',') {
        i += 1;
        if digits(&mut i) != 3 {
            return false;
        }
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// A cell that reads as an amount or a percentage (not a no-amount mark), at most 40 bytes.
pub(crate) fn is_amountish(t: &str) -> bool {
    let t = trim_ws(t);
    starts_numeric(t)
        && !t.is_empty()
        && !is_no_amount(t)
        && t.len() <= 40
        && (amount_value(t).is_some() || percent_value(t).is_some())
}

/// The percentage in `text`, or `None` (no error built).
pub(crate) fn percent_value(text: &str) -> Option<Decimal> {
    let t = text.trim_end();
    if !starts_numeric(t) || !(t.ends_with('%') || t.ends_with('％')) {
        return None;
    }
    parse_percent(t).ok()
}

/// Strictly read one percentage cell (`12.5%`, `-3%`, full-width `％`).
///
/// ```
/// use cnbudget_table::parse_percent;
/// use rust_decimal::Decimal;
/// assert_eq!(parse_percent("12.5%").unwrap(), Decimal::new(125, 1));
/// assert!(parse_percent("12.5").is_err());
/// ```
pub fn parse_percent(text: &str) -> Result<Decimal, TableError> {
    let t0 = text.trim_end();
    if !starts_numeric(text) || !(t0.ends_with('%') || t0.ends_with('％')) {
        let col = if starts_numeric(text) {
            t0.chars().count() + 1
        } else {
            1
        };
        return Err(TableError::new(TableErrorKind::InvalidPercent, col, text));
    }
    let folded = fold(text);
    let t = trim_ws(&folded);
    match all_consuming(terminated(signed, (space0, char('%'))))
        .parse(t)
        .finish()
    {
        Ok((_, (neg, digits))) => to_decimal(neg, digits, text),
        Err(e) => Err(TableError::new(
            TableErrorKind::InvalidPercent,
            column_of(t, e.input),
            text,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nom_signed(t: &str) -> Option<(bool, &str)> {
        all_consuming(signed).parse(t).finish().ok().map(|(_, r)| r)
    }

    #[test]
    fn signed_whole_matches_nom() {
        for t in [
            "",
            "0",
            "12",
            "1,836.42",
            "1,",
            "1.",
            ".5",
            "1,,2",
            "12.5.6",
            "-",
            "-12",
            "- 12",
            "-\t12",
            "+12",
            "+ 12",
            "+-1",
            "--1",
            "(12)",
            "( 12 )",
            "(12",
            "12)",
            "()",
            "( )",
            "(",
            ")",
            "(12) )",
            "((12))",
            "(-12)",
            "1 2",
            "12 ",
            " 12",
            "1,234,567.00",
            "a1",
            "1e5",
            "(\t1,2.3\t)",
        ] {
            assert_eq!(signed_whole(t), nom_signed(t), "{t:?}");
        }
    }

    fn general_decimal(digits: &str) -> Option<Decimal> {
        Decimal::from_str(&digits.replace(',', "")).ok()
    }

    #[test]
    fn small_decimal_is_from_str() {
        for d in [
            "0",
            "0.00",
            "007",
            "1,836.42",
            "6432973",
            "12.5",
            "999999999999999999",
        ] {
            let (a, b) = (small_decimal(d), general_decimal(d));
            assert_eq!(a, b, "{d}");
            // Same scale too (`0.00` stays `0.00`).
            assert_eq!(a.map(|x| x.to_string()), b.map(|x| x.to_string()), "{d}");
        }
        assert_eq!(small_decimal("1234567890123456789"), None); // 19 digits: the general parser
        assert_eq!(small_decimal(""), None);
    }

    proptest::proptest! {
        /// The fast path agrees with `Decimal::from_str`, value and scale, whenever it answers.
        #[test]
        fn small_decimal_agrees(t in "[0-9]{1,12}(,[0-9]{3}){0,3}(\\.[0-9]{1,8})?") {
            if let Some(d) = small_decimal(&t) {
                proptest::prop_assert_eq!(d.to_string(), general_decimal(&t).unwrap().to_string());
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn signed_whole_matches_nom_prop(t in "[-+() \t0-9,.a]{0,12}") {
            proptest::prop_assert_eq!(signed_whole(&t), nom_signed(&t));
        }
    }

    #[test]
    fn amounts() {
        assert_eq!(
            parse_amount("1,836.42").unwrap(),
            Some(Decimal::new(183642, 2))
        );
        assert_eq!(
            parse_amount("-12.50").unwrap(),
            Some(Decimal::new(-1250, 2))
        );
        assert_eq!(
            parse_amount("(12.50)").unwrap(),
            Some(Decimal::new(-1250, 2))
        );
        assert_eq!(
            parse_amount("（12.50）").unwrap(),
            Some(Decimal::new(-1250, 2))
        );
        assert_eq!(parse_amount("０").unwrap(), Some(Decimal::ZERO));
        assert_eq!(
            parse_amount("１，２３４．５").unwrap(),
            Some(Decimal::new(12345, 1))
        );
        assert_eq!(parse_amount("—").unwrap(), None);
        assert_eq!(parse_amount("  ").unwrap(), None);
        assert_eq!(
            parse_amount("7180130.00").unwrap(),
            Some(Decimal::new(718013000, 2))
        );
        let e = parse_amount("12x").unwrap_err();
        assert_eq!(e.kind(), TableErrorKind::InvalidAmount);
        assert_eq!((e.position().column, e.position().byte), (3, 2));
        assert_eq!(
            parse_amount("99999999999999999999999999999999999")
                .unwrap_err()
                .kind(),
            TableErrorKind::Overflow
        );
    }
}
