//! Slips in printed figures (a letter for a digit, a comma for the decimal point, points or
//! spaces for thousands commas), repaired only where the repair is unambiguous.

use rust_decimal::Decimal;

use super::amount::{signed_whole, to_decimal};
use super::code::{CodeCell, code_tokens};
use super::fold::{fold, trim_ws};

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

cnbudget_text::named_values!(Slip, "slip" {
    LetterForDigit => "letter_for_digit" | "letter for digit",
    DecimalComma => "decimal_comma" | "comma for decimal point",
    PointGrouping => "point_grouping" | "points for thousands commas",
    SpaceGrouping => "space_grouping" | "spaces for thousands commas",
});

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
/// [`parse_amount`](crate::parse_amount) reads; the table parser calls it only for cells of amount columns
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
/// Digits may be split into groups by spaces as in [`parse_code`](crate::parse_code); a letter is repaired
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
