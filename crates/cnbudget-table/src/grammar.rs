//! Cell-level grammars written with nom 8 (`complete` parsers only): amounts,
//! percentages, classification codes, ordinals, table numbers and the
//! unit / issuer lines. Every parser works on text folded by [`fold`], which
//! turns the full-width forms the documents use (`１２，３４５．６７`, `（`, `：`,
//! U+3000) into ASCII, so raw un-normalised text is read too.

use std::borrow::Cow;
use std::str::FromStr;

use nom::{
    Finish, IResult, Parser,
    branch::alt,
    bytes::complete::{tag, take_while1},
    character::complete::{char, digit1, space0, space1},
    combinator::{all_consuming, opt, recognize},
    multi::{many0, separated_list1},
    sequence::{delimited, preceded, terminated},
};
use rust_decimal::Decimal;

use crate::error::{ErrorKind, TableError};
use crate::lexicon::{is_no_amount, is_numeral};
use crate::model::AmountUnit;

/// Fold full-width digits and punctuation to ASCII and odd spaces to `' '`.
/// Borrowed when there is nothing to change (the common case).
pub(crate) fn fold(s: &str) -> Cow<'_, str> {
    if !may_fold(s.as_bytes()) || !bytes_need_fold(s.as_bytes()) {
        return Cow::Borrowed(s);
    }
    // Folding never lengthens the text (3- and 2-byte characters become
    // 1-byte ASCII): one allocation.
    let mut out = String::with_capacity(s.len());
    out.extend(s.chars().map(fold_char));
    Cow::Owned(out)
}

/// Byte pre-check for [`fold`]: false when no character of `b` can fold (no
/// lead byte of U+00A0, U+2002–U+2212, U+3000 or the full-width forms).
fn may_fold(b: &[u8]) -> bool {
    b.iter().any(|&x| matches!(x, 0xC2 | 0xE2 | 0xE3 | 0xEF))
}

/// Byte pre-check for Unicode whitespace: false when `b` has no ASCII
/// whitespace and no lead byte of a non-ASCII whitespace character
/// (U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000).
/// `s.trim()` (Unicode whitespace), with a byte-level fast path: only lead
/// bytes of the few non-ASCII whitespace characters (U+0085, U+00A0, U+1680,
/// U+2000–U+205F, U+3000) send the edge to the general `trim`.
pub(crate) fn trim_ws(s: &str) -> &str {
    let b = s.as_bytes();
    let mut start = 0;
    while b
        .get(start)
        .is_some_and(|&x| matches!(x, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C))
    {
        start += 1;
    }
    let mut end = b.len();
    while end > start
        && b.get(end - 1)
            .is_some_and(|&x| matches!(x, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C))
    {
        end -= 1;
    }
    let Some(r) = s.get(start..end) else {
        return s.trim();
    };
    let rb = r.as_bytes();
    let lead_ws = |x: u8| matches!(x, 0xC2 | 0xE1 | 0xE2 | 0xE3);
    if rb.first().is_some_and(|&x| lead_ws(x)) {
        return r.trim();
    }
    if rb.last().is_some_and(|&x| x >= 0x80) {
        // The lead byte of the last character.
        let lead = rb
            .iter()
            .rev()
            .take(4)
            .find(|&&x| !(0x80..0xC0).contains(&x));
        if lead.is_none_or(|&x| lead_ws(x)) {
            return r.trim();
        }
    }
    r
}

/// [`trim_ws`] for whole lines: the long runs of spaces that start and end
/// space-aligned (`pdftotext -layout`) lines are skipped eight bytes at a time
/// first. Same result as `s.trim()`.
pub(crate) fn trim_line(s: &str) -> &str {
    const SPACES: u64 = u64::from_le_bytes([b' '; 8]);
    let is_run = |w: Option<&[u8]>| {
        w.and_then(|w| <[u8; 8]>::try_from(w).ok())
            .is_some_and(|w| u64::from_le_bytes(w) == SPACES)
    };
    let b = s.as_bytes();
    if b.first() != Some(&b' ') && b.last() != Some(&b' ') {
        return trim_ws(s);
    }
    let mut start = 0;
    while is_run(b.get(start..start + 8)) {
        start += 8;
    }
    let mut end = b.len();
    while end >= start + 8 && is_run(b.get(end - 8..end)) {
        end -= 8;
    }
    // Only ASCII spaces were cut: `start..end` is on character boundaries.
    trim_ws(s.get(start..end).unwrap_or(s))
}

pub(crate) fn may_have_space(b: &[u8]) -> bool {
    b.iter()
        .any(|&x| x.is_ascii_whitespace() || matches!(x, 0x0B | 0xC2 | 0xE1 | 0xE2 | 0xE3))
}

/// `s.chars().any(needs_fold)` on the UTF-8 bytes: U+FF01–FF20, U+FF3B–FF40,
/// U+FF5B–FF5E, U+3000, U+00A0, U+2002–200A, U+2212.
fn bytes_need_fold(b: &[u8]) -> bool {
    b.windows(3).any(|w| match *w {
        [0xEF, 0xBC, x] => matches!(x, 0x81..=0xA0 | 0xBB..=0xBF),
        [0xEF, 0xBD, x] => matches!(x, 0x80 | 0x9B..=0x9E),
        [0xE3, 0x80, 0x80] | [0xE2, 0x88, 0x92] => true,
        [0xE2, 0x80, x] => matches!(x, 0x82..=0x8A),
        [0xC2, 0xA0, _] => true,
        _ => false,
    }) || b.ends_with(&[0xC2, 0xA0])
}

/// Does `s` hold whitespace or a character [`fold`] changes? Exact, on the
/// UTF-8 bytes, in one pass (the test for [`crate::classify::squash`]).
pub(crate) fn needs_squash(b: &[u8]) -> bool {
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    for (i, &x) in b.iter().enumerate() {
        let hit = match x {
            0x09..=0x0D | b' ' => true,
            0xC2 => matches!(at(i + 1), 0x85 | 0xA0),
            0xE1 => at(i + 1) == 0x9A && at(i + 2) == 0x80,
            0xE2 => matches!(
                (at(i + 1), at(i + 2)),
                (0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF) | (0x81, 0x9F) | (0x88, 0x92)
            ),
            0xE3 => at(i + 1) == 0x80 && at(i + 2) == 0x80,
            0xEF => matches!(
                (at(i + 1), at(i + 2)),
                (0xBC, 0x81..=0xA0 | 0xBB..=0xBF) | (0xBD, 0x80 | 0x9B..=0x9E)
            ),
            _ => false,
        };
        if hit {
            return true;
        }
    }
    false
}

#[cfg(test)]
fn needs_fold(c: char) -> bool {
    fold_char(c) != c
}

pub(crate) fn fold_char(c: char) -> char {
    match c {
        '０'..='９' | '！'..='／' | '：'..='＠' | '［'..='｀' | '｛'..='～' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        '\u{3000}' | '\u{a0}' | '\u{2002}'..='\u{200a}' => ' ',
        '\u{2212}' => '-',
        _ => c,
    }
}

/// Can this text begin a number (`1`, `-`, `(`, `+`, full-width forms)?
pub(crate) fn starts_numeric(text: &str) -> bool {
    // Fast path: an ASCII first byte that is not whitespace decides alone.
    if let Some(&b) = text.as_bytes().first() {
        if b.is_ascii() && !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C) {
            return b.is_ascii_digit() || matches!(b, b'-' | b'(' | b'+');
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
/// `1234,567` are not amounts (see [`repair_amount`]).
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

fn to_decimal(neg: bool, digits: &str, src: &str) -> Result<Decimal, TableError> {
    if let Some(d) = small_decimal(digits) {
        return Ok(if neg { -d } else { d });
    }
    let plain: Cow<'_, str> = if digits.contains(',') {
        Cow::Owned(digits.replace(',', ""))
    } else {
        Cow::Borrowed(digits)
    };
    let d =
        Decimal::from_str(&plain).map_err(|_| TableError::new(ErrorKind::Overflow, 1, 1, src))?;
    Ok(if neg { -d } else { d })
}

fn column_of(src: &str, rest: &str) -> usize {
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
        return Err(TableError::new(ErrorKind::InvalidAmount, 1, lead + 1, text));
    }
    let folded = fold(text);
    let lead = folded.len() - folded.trim_start().len();
    let t = trim_ws(&folded);
    match all_consuming(signed).parse(t).finish() {
        Ok((_, (neg, digits))) => to_decimal(neg, digits, text).map(Some),
        Err(e) => {
            let col = column_of(t, e.input) + lead;
            Err(TableError::new(ErrorKind::InvalidAmount, 1, col, text))
        }
    }
}

/// A likely slip in a printed figure, repaired by [`repair_amount`] or [`repair_code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Slip {
    /// A letter where a digit belongs (OCR or typing): `O`, `o` and `〇` for 0; `l`, `I` and
    /// `|` for 1.
    LetterForDigit,
    /// A comma where the decimal point belongs: `1,836,42` for 1,836.42.
    DecimalComma,
    /// Points where the thousands commas belong: `1.836.42` for 1,836.42.
    PointGrouping,
    /// Spaces where the thousands commas belong: `1 836.42`.
    SpaceGrouping,
}

impl Slip {
    /// A few words for messages (`"letter for digit"`).
    ///
    /// ```
    /// assert_eq!(cnbudget_table::Slip::DecimalComma.describe(), "comma for decimal point");
    /// ```
    pub fn describe(self) -> &'static str {
        match self {
            Slip::LetterForDigit => "letter for digit",
            Slip::DecimalComma => "comma for decimal point",
            Slip::PointGrouping => "points for thousands commas",
            Slip::SpaceGrouping => "spaces for thousands commas",
        }
    }
}

/// Longest cell [`repair_amount`] and [`repair_code`] look at (bytes).
const REPAIR_MAX: usize = 64;

/// Letters OCR takes for digits, mapped; `None` for any other character that cannot be
/// part of a figure. Returns the mapped text, the number of real digits and of letters.
fn map_slip_letters(t: &str, extra: &[char]) -> Option<(String, usize, usize)> {
    let (mut out, mut real, mut letters) = (String::with_capacity(t.len()), 0, 0);
    for c in t.chars() {
        if c.is_ascii_digit() {
            real += 1;
            out.push(c);
        } else if let Some(d) = slip_digit(c) {
            letters += 1;
            out.push(d);
        } else if extra.contains(&c) {
            out.push(c);
        } else {
            return None;
        }
    }
    Some((out, real, letters))
}

/// The digit a letter stands for when OCR or typing put it in a figure: `O`, `o`, `〇`
/// for 0; `l`, `I`, `|` for 1.
pub(crate) fn slip_digit(c: char) -> Option<char> {
    match c {
        'O' | 'o' | '〇' => Some('0'),
        'l' | 'I' | '|' => Some('1'),
        _ => None,
    }
}

/// `d{1,3}(SEP ddd)+` followed by `.d+` or nothing (nothing when `sep` is the point):
/// the groups of a figure written with `sep` for the thousands separator.
fn grouped(s: &str, sep: char) -> bool {
    let (int, frac) = match s.split_once('.').filter(|_| sep != '.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    if frac.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    let mut groups = int.split(sep);
    let first_ok = groups
        .next()
        .is_some_and(|g| (1..=3).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()));
    let mut n = 0;
    let rest_ok = groups.all(|g| {
        n += 1;
        g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit())
    });
    first_ok && rest_ok && n > 0
}

/// Read a figure that does not follow the amount grammar by repairing the usual slips of
/// OCR and typing, or `None` when no repair makes it an amount. Never used for a cell
/// [`parse_amount`] reads; the table parser calls it only for cells of amount columns
/// and flags every repaired cell with a warning, since the value is a guess.
///
/// ```
/// use cnbudget_table::{Slip, repair_amount};
/// use rust_decimal::Decimal;
/// assert_eq!(repair_amount("1O0.00"), Some((Decimal::new(10000, 2), vec![Slip::LetterForDigit])));
/// assert_eq!(repair_amount("1,836,42"), Some((Decimal::new(183642, 2), vec![Slip::DecimalComma])));
/// assert_eq!(repair_amount("1.836.42"), Some((Decimal::new(183642, 2), vec![Slip::PointGrouping])));
/// assert_eq!(repair_amount("1 836.42"), Some((Decimal::new(183642, 2), vec![Slip::SpaceGrouping])));
/// assert_eq!(repair_amount("10-20"), None);
/// assert_eq!(repair_amount("lOO"), None); // no digit at all: a word, not a figure
/// ```
pub fn repair_amount(text: &str) -> Option<(Decimal, Vec<Slip>)> {
    let folded = fold(trim_ws(text));
    let t = trim_ws(&folded);
    if t.is_empty() || t.len() > REPAIR_MAX {
        return None;
    }
    let (mapped, real, letters) = map_slip_letters(t, &[',', '.', '-', '(', ')', '+', ' '])?;
    if real == 0 {
        return None;
    }
    let mut slips = Vec::new();
    if letters > 0 {
        slips.push(Slip::LetterForDigit);
    }
    let read = |s: &str| signed_whole(s).and_then(|(neg, d)| to_decimal(neg, d, s).ok());
    if letters > 0 {
        if let Some(d) = read(&mapped) {
            return Some((d, slips));
        }
    }
    // The sign and parentheses stay as they are; the slips are in the digits between.
    let body_start = mapped.find(|c: char| c.is_ascii_digit())?;
    let body_end = mapped.rfind(|c: char| c.is_ascii_digit())? + 1;
    let (head, body, tail) = (
        mapped.get(..body_start)?,
        mapped.get(body_start..body_end)?,
        mapped.get(body_end..)?,
    );
    let rebuilt = |b: String| format!("{head}{b}{tail}");
    // `1,836,42`: no point, the last comma group one or two digits long.
    if !body.contains('.') && !body.contains(' ') {
        if let Some(p) = body.rfind(',') {
            let (int, frac) = (body.get(..p)?, body.get(p + 1..)?);
            if (1..=2).contains(&frac.len()) && (!int.contains(',') || grouped(int, ',')) {
                if let Some(d) = read(&rebuilt(format!("{int}.{frac}"))) {
                    slips.push(Slip::DecimalComma);
                    return Some((d, slips));
                }
            }
        }
    }
    // `1.836.42` / `1.836`-`.`-groups: every point but the last separates thousands.
    if body.matches('.').count() >= 2 && !body.contains(',') && !body.contains(' ') {
        let p = body.rfind('.')?;
        let (int, frac) = (body.get(..p)?, body.get(p + 1..)?);
        if (1..=2).contains(&frac.len()) && grouped(int, '.') {
            if let Some(d) = read(&rebuilt(format!("{}.{frac}", int.replace('.', "")))) {
                slips.push(Slip::PointGrouping);
                return Some((d, slips));
            }
        }
    }
    // `1 836.42`: single spaces between groups of three.
    if body.contains(' ') && !body.contains(',') && grouped(body, ' ') {
        if let Some(d) = read(&rebuilt(body.replace(' ', ""))) {
            slips.push(Slip::SpaceGrouping);
            return Some((d, slips));
        }
    }
    None
}

/// Read a code cell with letters where digits belong (`2O50803`, `2l01506`), or `None`.
/// Digits may be split into groups by spaces as in [`parse_code`]; a letter is repaired
/// only beside at least as many real digits. The table parser calls it only for cells of code
/// columns, and flags every repaired cell with a warning.
///
/// ```
/// use cnbudget_table::repair_code;
/// assert_eq!(repair_code("2O50803").as_deref(), Some("2050803"));
/// assert_eq!(repair_code("208 O5 05").as_deref(), Some("2080505"));
/// assert_eq!(repair_code("2050803"), None); // nothing to repair
/// assert_eq!(repair_code("合计"), None);
/// ```
pub fn repair_code(text: &str) -> Option<String> {
    let mapped = code_slip_text(text)?;
    code_tokens(&mapped).map(CodeCell::digits)
}

/// The text of a code cell with its slip letters mapped to digits, when it has at least
/// one letter, no more letters than real digits, and nothing else but digits and spaces
/// (`l5` in a split 款 column is 15; `lO` is a word).
pub(crate) fn code_slip_text(text: &str) -> Option<String> {
    let folded = fold(trim_ws(text));
    let t = trim_ws(&folded);
    if t.len() > REPAIR_MAX {
        return None;
    }
    let (mapped, real, letters) = map_slip_letters(t, &[' '])?;
    if letters == 0 || real == 0 || letters > real {
        return None;
    }
    code_tokens(&mapped).is_some().then_some(mapped)
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
fn signed_whole(t: &str) -> Option<(bool, &str)> {
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
        return Err(TableError::new(ErrorKind::InvalidPercent, 1, col, text));
    }
    let folded = fold(text);
    let t = trim_ws(&folded);
    match all_consuming(terminated(signed, (space0, char('%'))))
        .parse(t)
        .finish()
    {
        Ok((_, (neg, digits))) => to_decimal(neg, digits, text),
        Err(e) => Err(TableError::new(
            ErrorKind::InvalidPercent,
            1,
            column_of(t, e.input),
            text,
        )),
    }
}

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
                Err(TableError::new(ErrorKind::InvalidCode, 1, 25, text))
            } else {
                Ok(s)
            }
        }
        Err(e) => Err(TableError::new(
            ErrorKind::InvalidCode,
            1,
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

fn cn_numerals(i: &str) -> IResult<&str, &str> {
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

fn unit_word(i: &str) -> IResult<&str, AmountUnit> {
    alt((
        tag("万元").map(|_| AmountUnit::WanYuan),
        tag("千元").map(|_| AmountUnit::QianYuan),
        tag("元").map(|_| AmountUnit::Yuan),
    ))
    .parse(i)
}

/// What a caption line says about its table.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Meta {
    pub issuer: Option<String>,
    pub unit: Option<AmountUnit>,
    /// `金额：` or `单位：` with nothing after it: the unit is on the next line.
    pub unit_pending: bool,
}

const ISSUER_KEYS: [&str; 7] = [
    "编制部门",
    "编制单位",
    "预算单位",
    "部门(单位)名称",
    "部门名称",
    "单位名称",
    "部门",
];

/// Read `部门：…`, `编制部门：…`, `预算单位：…`, `单位：万元`, `金额单位：元`,
/// `金额：` (unit on the next line) out of a caption line.
pub(crate) fn scan_meta(line: &str) -> Meta {
    let mut meta = Meta::default();
    if line.len() > 1200 {
        return meta;
    }
    let folded = fold(line);
    let t = trim_ws(&folded);
    if t.len() > 1200 || !t.contains(':') {
        // also the bare `万元` / `(单位:万元)` forms are handled by callers
        return meta;
    }
    let mut rest = t;
    while let Some(pos) = rest.find(':') {
        let (key_part, after) = rest.split_at(pos);
        let after = after.get(1..).unwrap_or("").trim_start();
        let key: String = key_part
            .trim()
            .trim_start_matches(['(', '（'])
            .split_whitespace()
            .last()
            .unwrap_or("")
            .to_string();
        let value_end = after.find("  ").unwrap_or(after.len());
        let mut value = after.get(..value_end).unwrap_or("").trim();
        // `部门：区医保局 金额单位：万元` — stop the value at the next key.
        for k in ["金额单位", "单位:", "金额:"] {
            if let Some(p) = value.find(k) {
                value = value.get(..p).unwrap_or("").trim();
            }
        }
        let value = value.trim_end_matches([')', '）']);
        if key.ends_with("单位") || key.ends_with("金额") {
            if let Ok((_, u)) = unit_word(value) {
                meta.unit = Some(u);
            } else if value.is_empty()
                && (key == "金额" || key.ends_with("金额单位") || key == "单位")
            {
                meta.unit_pending = true;
            } else if ISSUER_KEYS.iter().any(|k| key.ends_with(k)) && !value.is_empty() {
                meta.issuer.get_or_insert_with(|| value.to_string());
            }
        } else if ISSUER_KEYS.iter().any(|k| key.ends_with(k)) && !value.is_empty() {
            meta.issuer.get_or_insert_with(|| value.to_string());
        }
        rest = after;
    }
    meta
}

/// A line that is only a unit word (`万元`), the second half of `金额：` / `万元`.
pub(crate) fn bare_unit(line: &str) -> Option<AmountUnit> {
    let folded = fold(line);
    let t = trim_ws(&folded).trim_matches(['(', ')']);
    match all_consuming(unit_word).parse(t).finish() {
        Ok((_, u)) => Some(u),
        Err(_) => None,
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

    #[test]
    fn fold_bytes_exact() {
        for c in (0u32..0x1_0000).filter_map(char::from_u32) {
            let s = format!("a{c}b");
            assert_eq!(bytes_need_fold(s.as_bytes()), needs_fold(c), "{c:?}");
            let squashable = c.is_whitespace() || needs_fold(c);
            assert_eq!(needs_squash(s.as_bytes()), squashable, "{c:?}");
            assert_eq!(needs_squash(c.to_string().as_bytes()), squashable, "{c:?}");
            assert_eq!(
                bytes_need_fold(c.to_string().as_bytes()),
                needs_fold(c),
                "{c:?}"
            );
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

    /// The groups as the nom grammar read them before [`CodeCell`].
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

    proptest::proptest! {
        /// The fast path agrees with `Decimal::from_str`, value and scale, whenever it answers.
        #[test]
        fn small_decimal_agrees(t in "[0-9]{1,12}(,[0-9]{3}){0,3}(\\.[0-9]{1,8})?") {
            if let Some(d) = small_decimal(&t) {
                proptest::prop_assert_eq!(d.to_string(), general_decimal(&t).unwrap().to_string());
            }
        }

        #[test]
        fn trim_ws_is_trim(t in "[ \t\u{3000}\u{a0}a中]{0,40}") {
            proptest::prop_assert_eq!(trim_ws(&t), t.trim());
            proptest::prop_assert_eq!(trim_line(&t), t.trim());
        }

        #[test]
        fn code_tokens_match_nom_prop(t in "[0-9 \t]{0,44}") {
            proptest::prop_assert_eq!(code_tokens_vec(&t), nom_code_tokens(&t));
        }

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
        assert_eq!(e.kind(), ErrorKind::InvalidAmount);
        assert_eq!(e.column(), 3);
        assert_eq!(
            parse_amount("99999999999999999999999999999999999")
                .unwrap_err()
                .kind(),
            ErrorKind::Overflow
        );
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

    #[test]
    fn numbers_and_meta() {
        assert_eq!(table_number_line("附件3").as_deref(), Some("附件3"));
        assert_eq!(table_number_line("附件 2").as_deref(), Some("附件2"));
        assert_eq!(table_number_line("表1-1").as_deref(), Some("表1-1"));
        assert_eq!(
            table_number_line("## 附件3-11").as_deref(),
            Some("附件3-11")
        );
        assert_eq!(table_number_line("公开01表").as_deref(), Some("公开01表"));
        assert_eq!(table_number_line("表一").as_deref(), Some("表一"));
        assert_eq!(table_number_line("表示"), None);
        assert_eq!(
            number_in_title("部门收入总表（公开表 1-1）").as_deref(),
            Some("公开表1-1")
        );
        let m = scan_meta("部门：区医保局 金额单位：万元");
        assert_eq!(m.issuer.as_deref(), Some("区医保局"));
        assert_eq!(m.unit, Some(AmountUnit::WanYuan));
        let m = scan_meta("预算单位：渭南市医疗保险经办中心");
        assert_eq!(m.issuer.as_deref(), Some("渭南市医疗保险经办中心"));
        assert_eq!(m.unit, None);
        assert!(scan_meta("金额：").unit_pending);
        assert_eq!(bare_unit("万元"), Some(AmountUnit::WanYuan));
        assert_eq!(scan_meta("单位：元").unit, Some(AmountUnit::Yuan));
    }
}
