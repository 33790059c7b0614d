//! Targets (指标值): comparator, value and unit; qualitative grades; free text.
//!
//! The grammar (after width/LaTeX normalisation and removal of white space):
//!
//! ```text
//! target      = "定性" grades | grades | quantity | text
//! quantity    = comparator? number unit? suffix?        (to the end of the cell)
//! comparator  = "≥" | ">=" | "大于等于" | "不低于" | "不少于" | "≤" | "<=" | "小于等于"
//!             | "不高于" | "不超过" | "=" | "等于" | ">" | "大于" | "<" | "小于" | …
//! number      = digit+ ("," digit{3})* ("." digit+)?
//! unit        = "(" name ")" | name
//! suffix      = "以上" | "及以上" | "以下" | "及以下" | "以内"
//! ```
//!
//! Anything else is kept as text, with the first comparator and quantity found inside it.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use nom::combinator::opt;
use nom::{IResult, Parser};
use rust_decimal::Decimal;

use crate::error::{IndicatorError, IndicatorErrorKind};
use crate::normalize::{resqueezed, squeeze, squeezed, tidy};
use crate::unit::Unit;

/// A comparator (指标性质): ≥ ≤ = > <.
///
/// ```
/// use cnbudget_indicator::Comparator;
/// for s in ["≥", ">=", "大于等于", "不低于", "不少于", "$\\geq$"] {
///     assert_eq!(s.parse::<Comparator>().unwrap(), Comparator::Ge);
/// }
/// assert_eq!("＝".parse::<Comparator>().unwrap(), Comparator::Eq);
/// assert_eq!("不超过".parse::<Comparator>().unwrap(), Comparator::Le);
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Comparator {
    /// ≥ (大于等于, 不低于, 不少于).
    Ge,
    /// ≤ (小于等于, 不高于, 不超过).
    Le,
    /// = (等于).
    Eq,
    /// > (大于, 高于).
    Gt,
    /// < (小于, 低于).
    Lt,
}

impl Comparator {
    /// Every comparator, in declaration order.
    pub const ALL: &'static [Comparator] = &[
        Comparator::Ge,
        Comparator::Le,
        Comparator::Eq,
        Comparator::Gt,
        Comparator::Lt,
    ];

    /// The mathematical symbol documents print (`≥`, `≤`, `=`, `>`, `<`).
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::Ge => "≥",
            Comparator::Le => "≤",
            Comparator::Eq => "=",
            Comparator::Gt => ">",
            Comparator::Lt => "<",
        }
    }

    /// Whether `actual` satisfies `actual <self> target`.
    pub fn holds(self, actual: Decimal, target: Decimal) -> bool {
        match self {
            Comparator::Ge => actual >= target,
            Comparator::Le => actual <= target,
            Comparator::Eq => actual == target,
            Comparator::Gt => actual > target,
            Comparator::Lt => actual < target,
        }
    }
}

impl fmt::Display for Comparator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

impl Comparator {
    /// [`Comparator::from_str`] without building an error: the comparator `s` is, if any.
    pub(crate) fn recognise(s: &str) -> Option<Comparator> {
        Self::named(&squeezed(s))
    }

    /// [`Comparator::recognise`] for a cell already squeezed.
    pub(crate) fn recognise_squeezed(sq: &str) -> Option<Comparator> {
        Self::named(&resqueezed(sq))
    }

    /// The comparator `sq` is, `sq` squeezed and in normal form.
    pub(crate) fn named(sq: &str) -> Option<Comparator> {
        // The whole text must be one of the words of `comparator`: at most 15 bytes
        // (`大于或等于`), starting with one of their first characters.
        if sq.len() > 15
            || !sq.starts_with([
                '≥', '≤', '>', '<', '=', '大', '高', '不', '至', '小', '低', '超', '多', '少', '等',
            ])
        {
            return None;
        }
        match comparator(sq) {
            Ok(("", c)) => Some(c),
            _ => None,
        }
    }
}

impl FromStr for Comparator {
    type Err = IndicatorError;

    /// A comparator as documents write it (`≥`, `大于等于`, `不低于`, `$\\geq$` …) or its
    /// serde name (`ge`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let serde_named = || match s.trim() {
            "ge" => Some(Comparator::Ge),
            "le" => Some(Comparator::Le),
            "eq" => Some(Comparator::Eq),
            "gt" => Some(Comparator::Gt),
            "lt" => Some(Comparator::Lt),
            _ => None,
        };
        Comparator::recognise(s)
            .or_else(serde_named)
            .ok_or_else(|| IndicatorError::new(IndicatorErrorKind::Comparator, format!("`{s}`")))
    }
}

/// Every spelling of a comparator, in the order they are tried: the first that starts the text
/// wins, so a spelling comes before those that are its prefixes (`>=` before `>`, `大于等于`
/// before `大于`, `=>` before `=`).
const COMPARATOR_WORDS: &[(&str, Comparator)] = &[
    ("≥", Comparator::Ge),
    (">=", Comparator::Ge),
    ("=>", Comparator::Ge),
    ("大于等于", Comparator::Ge),
    ("大于或等于", Comparator::Ge),
    ("高于或等于", Comparator::Ge),
    ("高于等于", Comparator::Ge),
    ("不低于", Comparator::Ge),
    ("不少于", Comparator::Ge),
    ("不小于", Comparator::Ge),
    ("至少", Comparator::Ge),
    ("≤", Comparator::Le),
    ("<=", Comparator::Le),
    ("=<", Comparator::Le),
    ("小于等于", Comparator::Le),
    ("小于或等于", Comparator::Le),
    ("低于或等于", Comparator::Le),
    ("低于等于", Comparator::Le),
    ("不高于", Comparator::Le),
    ("不超过", Comparator::Le),
    ("不大于", Comparator::Le),
    ("不多于", Comparator::Le),
    ("至多", Comparator::Le),
    (">", Comparator::Gt),
    ("大于", Comparator::Gt),
    ("高于", Comparator::Gt),
    ("超过", Comparator::Gt),
    ("多于", Comparator::Gt),
    ("<", Comparator::Lt),
    ("小于", Comparator::Lt),
    ("低于", Comparator::Lt),
    ("少于", Comparator::Lt),
    ("==", Comparator::Eq),
    ("=", Comparator::Eq),
    ("等于", Comparator::Eq),
];

/// The comparator that starts `i`. A lookup in [`COMPARATOR_WORDS`] rather than an `alt` of
/// tags: it runs on every cell that may hold a target, and most of them start with none.
fn comparator(i: &str) -> IResult<&str, Comparator> {
    let starts_one = i.starts_with([
        '≥', '≤', '>', '<', '=', '大', '高', '不', '至', '小', '低', '超', '多', '少', '等',
    ]);
    starts_one
        .then(|| {
            COMPARATOR_WORDS
                .iter()
                .find_map(|(w, c)| i.strip_prefix(w).map(|rest| (rest, *c)))
        })
        .flatten()
        .ok_or(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Tag,
        )))
}

/// A figure: digits, then groups of `,` and three digits, then `.` and digits (`1,234.5`).
/// Scanned by hand rather than with `many0`, which allocates for each figure read.
fn number(i: &str) -> IResult<&str, &str> {
    let b = i.as_bytes();
    let digits_at = |k: usize| {
        b.get(k..)
            .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count())
    };
    let mut end = digits_at(0);
    if end == 0 {
        return Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Digit,
        )));
    }
    while b.get(end) == Some(&b',') && digits_at(end + 1) >= 3 {
        end += 4;
    }
    if b.get(end) == Some(&b'.') {
        let fraction = digits_at(end + 1);
        if fraction > 0 {
            end += 1 + fraction;
        }
    }
    // Every byte read is ASCII: `end` is a character boundary.
    match (i.get(end..), i.get(..end)) {
        (Some(rest), Some(num)) => Ok((rest, num)),
        _ => Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Digit,
        ))),
    }
}

fn to_decimal(num: &str) -> Option<Decimal> {
    // Most figures have no thousands separator: read them without a copy.
    if !num.contains(',') {
        return Decimal::from_str(num).ok();
    }
    let plain: String = num.chars().filter(|c| *c != ',').collect();
    Decimal::from_str(&plain).ok()
}

/// A numeric target: comparator (absent means "equal", as in `30万元`), value and unit.
///
/// ```
/// use cnbudget_indicator::{Comparator, Quantity, Unit};
/// let q: Quantity = "≥37.3万人".parse().unwrap();
/// assert_eq!(q.comparator, Some(Comparator::Ge));
/// assert_eq!(q.value.to_string(), "37.3");
/// assert_eq!(q.unit, Some(Unit::TenThousandPersons));
/// assert_eq!(q.to_string(), "≥37.3万人");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Quantity {
    /// The comparator as written; `None` when the cell gives a bare value (read as `=`).
    pub comparator: Option<Comparator>,
    /// The value, exact.
    pub value: Decimal,
    /// The unit, when written.
    pub unit: Option<Unit>,
}

impl Quantity {
    /// The comparator in force: the written one, or `=` when none was written.
    pub fn effective_comparator(&self) -> Comparator {
        self.comparator.unwrap_or(Comparator::Eq)
    }

    /// The value in the base unit of its kind (37.3 万人 → 373 000 人); `None` on overflow.
    pub fn to_base(&self) -> Option<(Option<Unit>, Decimal)> {
        match &self.unit {
            Some(u) => u.to_base(self.value).map(|(u, v)| (Some(u), v)),
            None => Some((None, self.value)),
        }
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(c) = self.comparator {
            f.write_str(c.symbol())?;
        }
        write!(f, "{}", self.value)?;
        if let Some(u) = &self.unit {
            f.write_str(u.symbol())?;
        }
        Ok(())
    }
}

impl FromStr for Quantity {
    type Err = IndicatorError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let sq = squeeze(s);
        if sq.is_empty() {
            return Err(IndicatorError::new(IndicatorErrorKind::Empty, ""));
        }
        quantity_full(&sq)
            .ok_or_else(|| IndicatorError::new(IndicatorErrorKind::Number, format!("`{s}`")))
    }
}

const SUFFIXES: &[(&str, Comparator)] = &[
    ("及以上", Comparator::Ge),
    ("以上", Comparator::Ge),
    ("及以下", Comparator::Le),
    ("以下", Comparator::Le),
    ("以内", Comparator::Le),
];

fn valid_other_unit(u: &str) -> bool {
    let n = u.chars().count();
    (1..=5).contains(&n)
        && !u.contains("以上")
        && !u.contains("以下")
        && !u.contains("以内")
        && !u.contains("定性")
        && u.chars().all(|c| {
            !c.is_ascii_digit()
                && !c.is_whitespace()
                && !c.is_control()
                && !matches!(
                    c,
                    '=' | '<'
                        | '>'
                        | '≥'
                        | '≤'
                        | '%'
                        | '‰'
                        | '.'
                        | ','
                        | ';'
                        | ':'
                        | '('
                        | ')'
                        | '['
                        | ']'
                        | '{'
                        | '}'
                        | '+'
                        | '-'
                        | '*'
                        | '$'
                        | '\\'
                        | '"'
                        | '\''
                        | '，'
                        | '。'
                        | '；'
                        | '：'
                        | '、'
                )
        })
        && comparator(u).is_err()
}

fn unit_text(u: &str) -> Option<Option<Unit>> {
    let inner = u
        .strip_prefix('(')
        .and_then(|x| x.strip_suffix(')'))
        .filter(|x| !x.contains('(') && !x.contains(')'))
        .unwrap_or(u);
    if inner.is_empty() {
        return if u.is_empty() { Some(None) } else { None };
    }
    if let Some(k) = Unit::known(inner) {
        return Some(Some(k));
    }
    valid_other_unit(inner).then(|| Some(Unit::Other(inner.to_string())))
}

/// A whole cell as a quantity, or `None`.
fn quantity_full(s: &str) -> Option<Quantity> {
    let (rest, cmp) = opt(comparator).parse(s).ok()?;
    let (rest, num) = number(rest).ok()?;
    let value = to_decimal(num)?;
    let (rest, suffix) = SUFFIXES
        .iter()
        .find_map(|(sfx, c)| rest.strip_suffix(sfx).map(|r| (r, Some(*c))))
        .unwrap_or((rest, None));
    let unit = unit_text(rest)?;
    Some(Quantity {
        comparator: cmp.or(suffix),
        value,
        unit,
    })
}

/// The longest known unit at the start of `rest` (also in parentheses), and what follows it.
fn known_unit_prefix(rest: &str) -> Option<Unit> {
    let mut best: Option<(usize, Unit)> = None;
    for (i, _) in rest
        .char_indices()
        .skip(1)
        .chain(std::iter::once((rest.len(), ' ')))
    {
        let Some(head) = rest.get(..i) else { continue };
        let inner = head
            .strip_prefix('(')
            .and_then(|x| x.strip_suffix(')'))
            .unwrap_or(head);
        if let Some(u) = Unit::known(inner) {
            best = Some((i, u));
        }
        if i > 16 {
            break;
        }
    }
    best.map(|(_, u)| u)
}

/// What a free-text target still says in figures.
fn scan_text(s: &str) -> (Option<Comparator>, Option<Quantity>, Option<String>) {
    let mut first_cmp: Option<(usize, Comparator)> = None;
    for (i, ch) in s.char_indices() {
        if !matches!(
            ch,
            '≥' | '≤'
                | '='
                | '>'
                | '<'
                | '大'
                | '小'
                | '不'
                | '高'
                | '低'
                | '至'
                | '超'
                | '多'
                | '少'
                | '等'
        ) {
            continue;
        }
        let Some(tail) = s.get(i..) else { continue };
        if let Ok((rest, c)) = comparator(tail) {
            if first_cmp.is_none() {
                first_cmp = Some((i, c));
            }
            if let Ok((rest2, num)) = number(rest) {
                if let Some(v) = to_decimal(num) {
                    let q = Quantity {
                        comparator: Some(c),
                        value: v,
                        unit: known_unit_prefix(rest2),
                    };
                    return (Some(c), Some(q), qualifier(s, i));
                }
            }
        }
    }
    if let Some((i, c)) = first_cmp {
        return (Some(c), None, qualifier(s, i));
    }
    let mut prev: Option<char> = None;
    for (i, ch) in s.char_indices() {
        let boundary = !prev.is_some_and(|p| p.is_ascii_digit() || p == '.' || p == ',');
        prev = Some(ch);
        if !(ch.is_ascii_digit() && boundary) {
            continue;
        }
        let Some(tail) = s.get(i..) else { continue };
        if let Ok((rest, num)) = number(tail) {
            if let (Some(v), Some(u)) = (to_decimal(num), known_unit_prefix(rest)) {
                let q = Quantity {
                    comparator: None,
                    value: v,
                    unit: Some(u),
                };
                return (None, Some(q), qualifier(s, i));
            }
        }
    }
    (None, None, None)
}

fn qualifier(s: &str, i: usize) -> Option<String> {
    s.get(..i).filter(|q| !q.is_empty()).map(str::to_string)
}

/// A qualitative target (定性): the grades offered, best first (`优良中低差`, `好/坏`, `达成/未达成`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Qualitative {
    /// The grades, best first; empty when the cell says only `定性`.
    pub grades: Vec<String>,
}

const GRADE_CHARS: &str = "优良中低差好坏较一般";

impl Qualitative {
    fn from_grades(text: &str) -> Qualitative {
        let grades: Vec<String> = if text.contains(['/', '、', '|']) {
            text.split(['/', '、', '|'])
                .filter(|g| !g.is_empty())
                .map(str::to_string)
                .collect()
        } else if text.chars().all(|c| GRADE_CHARS.contains(c)) {
            text.chars().map(String::from).collect()
        } else if text.is_empty() {
            Vec::new()
        } else {
            vec![text.to_string()]
        };
        Qualitative { grades }
    }

    /// Whether `grade` is the best grade offered (or, with no grades, any non-empty text).
    pub fn is_top(&self, grade: &str) -> bool {
        self.grades
            .first()
            .map_or(!grade.is_empty(), |g| g == grade)
    }
}

impl fmt::Display for Qualitative {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("定性")?;
        let single = self
            .grades
            .iter()
            .all(|g| g.chars().count() == 1 && GRADE_CHARS.contains(g.as_str()));
        if single {
            for g in &self.grades {
                f.write_str(g)?;
            }
        } else {
            f.write_str(&self.grades.join("/"))?;
        }
        Ok(())
    }
}

/// A free-text target (`大于等于序时进度`, `5月底前大于等于60%`, `只减不增`), kept as written with
/// whatever could be read out of it.
///
/// ```
/// use cnbudget_indicator::{Comparator, Target};
/// let Target::Text(t) = "5月底前大于等于60%".parse::<Target>().unwrap() else { panic!() };
/// assert_eq!(t.qualifier.as_deref(), Some("5月底前"));
/// assert_eq!(t.quantity.unwrap().to_string(), "≥60%");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct TextTarget {
    /// The text as written (width-normalised, stray white space removed).
    pub text: String,
    /// The first comparator found in the text (`大于等于序时进度` → ≥).
    pub comparator: Option<Comparator>,
    /// The first comparator + number (+ unit) found, or a number with a known unit.
    pub quantity: Option<Quantity>,
    /// The words before what was found (`5月底前` — often a deadline, or the subject).
    pub qualifier: Option<String>,
}

/// A target (指标值) in any of the forms documents use.
///
/// ```
/// use cnbudget_indicator::{Comparator, Target, Unit};
/// let t: Target = "≥37.3萬人".parse().unwrap();
/// assert_eq!(t.to_string(), "≥37.3万人");
/// let split = Target::from_parts("≥", "71", "万人").unwrap();
/// assert_eq!(split.to_string(), "≥71万人");
/// assert_eq!(Target::from_parts("定性", "优良中低差", "").unwrap().to_string(), "定性优良中低差");
/// let bare: Target = "30万元".parse().unwrap();
/// assert_eq!(bare.quantity().unwrap().effective_comparator(), Comparator::Eq);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// A number with comparator and unit.
    Quantity(Quantity),
    /// A qualitative target (定性).
    Qualitative(Qualitative),
    /// Free text.
    Text(TextTarget),
}

impl Target {
    /// Parse a combined cell (`≥37.3万人`, `=100%`, `≤2小时`, `30万元`, `≥13459.00(平方米)`,
    /// `定性优良中低差`, `大于等于序时进度`). Errors only on empty text; unreadable text is kept
    /// as [`Target::Text`]. Never panics.
    pub fn parse(s: &str) -> Result<Target, IndicatorError> {
        Target::parse_with(s, squeezed(s))
    }

    /// [`Target::parse`] of a cell already squeezed (or of squeezed cells joined): it is not
    /// scanned again unless it holds what a second squeeze may rewrite ([`resqueezed`]).
    pub(crate) fn parse_squeezed(sq: &str) -> Result<Target, IndicatorError> {
        Target::parse_with(sq, resqueezed(sq))
    }

    /// [`Target::parse`] of `s`, whose squeezed form is `sq`.
    fn parse_with(s: &str, sq: Cow<'_, str>) -> Result<Target, IndicatorError> {
        if sq.is_empty() {
            return Err(IndicatorError::new(
                IndicatorErrorKind::Empty,
                "empty target",
            ));
        }
        if let Some(rest) = sq.strip_prefix("定性") {
            return Ok(Target::Qualitative(Qualitative::from_grades(rest)));
        }
        if sq.chars().count() >= 2
            && sq
                .chars()
                .all(|c| matches!(c, '优' | '良' | '中' | '低' | '差'))
        {
            return Ok(Target::Qualitative(Qualitative::from_grades(&sq)));
        }
        if let Some(q) = quantity_full(&sq) {
            return Ok(Target::Quantity(q));
        }
        let (comparator, quantity, qualifier) = scan_text(&sq);
        Ok(Target::Text(TextTarget {
            text: tidy(s),
            comparator,
            quantity,
            qualifier,
        }))
    }

    /// Build a target from the split columns: 指标性质 (`≥`, `定性`, `定量` or empty),
    /// 指标值 and 计量单位. A unit already written in the value is not repeated.
    pub fn from_parts(nature: &str, value: &str, unit: &str) -> Result<Target, IndicatorError> {
        Target::joined(squeezed(nature), squeezed(value), squeezed(unit))
    }

    /// [`Target::from_parts`] of cells already squeezed.
    pub(crate) fn from_squeezed_parts(
        nature: &str,
        value: &str,
        unit: &str,
    ) -> Result<Target, IndicatorError> {
        Target::joined(resqueezed(nature), resqueezed(value), resqueezed(unit))
    }

    /// [`Target::from_parts`] of the squeezed columns `n`, `v` and `u`.
    fn joined(n: Cow<'_, str>, v: Cow<'_, str>, u: Cow<'_, str>) -> Result<Target, IndicatorError> {
        if n.contains("定性") {
            return Ok(Target::Qualitative(Qualitative::from_grades(&v)));
        }
        let n: &str = if n == "定量" { "" } else { &n };
        if v.is_empty() {
            return Err(IndicatorError::new(
                IndicatorErrorKind::Empty,
                "empty 指标值",
            ));
        }
        // `≥` + `≥95`: the comparator is already in the value.
        let n = if comparator(&v).is_ok() { "" } else { n };
        let u: &str =
            if !u.is_empty() && !v.ends_with(u.as_ref()) && v.chars().any(|c| c.is_ascii_digit()) {
                &u
            } else {
                ""
            };
        if n.is_empty() && u.is_empty() {
            // The value alone: parsed where it lies.
            return Target::parse_squeezed(&v);
        }
        // Squeezed parts joined are squeezed but for what `parse_squeezed` looks for.
        let mut s = String::with_capacity(n.len() + v.len() + u.len());
        s.push_str(n);
        s.push_str(&v);
        s.push_str(u);
        Target::parse_squeezed(&s)
    }

    /// The numeric part: the quantity itself, or the one read out of free text.
    pub fn quantity(&self) -> Option<&Quantity> {
        match self {
            Target::Quantity(q) => Some(q),
            Target::Text(t) => t.quantity.as_ref(),
            Target::Qualitative(_) => None,
        }
    }

    /// The unit, when there is a numeric part with one.
    pub fn unit(&self) -> Option<&Unit> {
        self.quantity().and_then(|q| q.unit.as_ref())
    }

    /// Assess `actual` against this target; see [`assess`].
    pub fn assess(&self, actual: &Target) -> Assessment {
        assess(self, actual)
    }
}

impl FromStr for Target {
    type Err = IndicatorError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Target::parse(s)
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Quantity(q) => q.fmt(f),
            Target::Qualitative(q) => q.fmt(f),
            Target::Text(t) => f.write_str(&t.text),
        }
    }
}

/// The outcome of [`assess`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The actual value satisfies the target.
    Met,
    /// The actual value does not satisfy the target.
    NotMet,
    /// The two cannot be compared (units of different kinds, qualitative against numeric …).
    NotComparable,
}

cnbudget_text::named_values!(Outcome, "assessment outcome" {
    Met => "met",
    NotMet => "not_met",
    NotComparable => "not_comparable",
});

/// The result of assessing an actual value (全年完成值) against a target.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Assessment {
    /// Met, not met, or not comparable.
    pub outcome: Outcome,
    /// actual ÷ target in base units, where both are numeric and the target is not zero.
    pub ratio: Option<Decimal>,
}

/// Assess `actual` against `target`.
///
/// Numbers are compared in base units (37.3 万人 = 373 000 人); a unit missing on one side is
/// taken to be the other side's. The comparator written in the actual cell (`=100%`) is ignored.
///
/// ```
/// use cnbudget_indicator::{assess, Outcome, Target};
/// let t: Target = "≥37.3万人".parse().unwrap();
/// let a: Target = "373500人".parse().unwrap();
/// assert_eq!(assess(&t, &a).outcome, Outcome::Met);
/// let late: Target = "=3天".parse().unwrap();
/// assert_eq!(assess(&"≤2小时".parse().unwrap(), &late).outcome, Outcome::NotMet);
/// assert_eq!(assess(&t, &"=100%".parse().unwrap()).outcome, Outcome::NotComparable);
/// ```
pub fn assess(target: &Target, actual: &Target) -> Assessment {
    let not_comparable = Assessment {
        outcome: Outcome::NotComparable,
        ratio: None,
    };
    match (target.quantity(), actual.quantity()) {
        (Some(t), Some(a)) => {
            let (t_unit, a_unit) = match (&t.unit, &a.unit) {
                (Some(tu), Some(au)) => (tu.clone(), au.clone()),
                (Some(u), None) | (None, Some(u)) => (u.clone(), u.clone()),
                (None, None) => (Unit::Other(String::new()), Unit::Other(String::new())),
            };
            if !t_unit.same_kind(&a_unit) {
                return not_comparable;
            }
            let (Some((_, tv)), Some((_, av))) = (t_unit.to_base(t.value), a_unit.to_base(a.value))
            else {
                return not_comparable;
            };
            let ratio = if tv.is_zero() {
                None
            } else {
                av.checked_div(tv)
            };
            let outcome = if t.effective_comparator().holds(av, tv) {
                Outcome::Met
            } else {
                Outcome::NotMet
            };
            Assessment { outcome, ratio }
        }
        (None, None) => {
            let actual_text = squeeze(&actual.to_string());
            match target {
                Target::Qualitative(q) => {
                    let grade = actual_text.strip_prefix("定性").unwrap_or(&actual_text);
                    if q.is_top(grade) {
                        Assessment {
                            outcome: Outcome::Met,
                            ratio: None,
                        }
                    } else if q.grades.iter().any(|g| g == grade) {
                        Assessment {
                            outcome: Outcome::NotMet,
                            ratio: None,
                        }
                    } else {
                        not_comparable
                    }
                }
                Target::Text(t) if squeeze(&t.text) == actual_text => Assessment {
                    outcome: Outcome::Met,
                    ratio: None,
                },
                _ => not_comparable,
            }
        }
        _ => not_comparable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nom::branch::alt;
    use nom::bytes::complete::{tag, take_while_m_n};
    use nom::character::complete::{char, digit1};
    use nom::combinator::{recognize, value};
    use nom::multi::many0;

    // The nom grammar `comparator` and `number` implement by hand, as the reference they are
    // checked against.
    fn comparator_nom(i: &str) -> IResult<&str, Comparator> {
        alt((
            value(
                Comparator::Ge,
                alt((
                    tag("≥"),
                    tag(">="),
                    tag("=>"),
                    tag("大于等于"),
                    tag("大于或等于"),
                    tag("高于或等于"),
                    tag("高于等于"),
                    tag("不低于"),
                    tag("不少于"),
                    tag("不小于"),
                    tag("至少"),
                )),
            ),
            value(
                Comparator::Le,
                alt((
                    tag("≤"),
                    tag("<="),
                    tag("=<"),
                    tag("小于等于"),
                    tag("小于或等于"),
                    tag("低于或等于"),
                    tag("低于等于"),
                    tag("不高于"),
                    tag("不超过"),
                    tag("不大于"),
                    tag("不多于"),
                    tag("至多"),
                )),
            ),
            value(
                Comparator::Gt,
                alt((tag(">"), tag("大于"), tag("高于"), tag("超过"), tag("多于"))),
            ),
            value(
                Comparator::Lt,
                alt((tag("<"), tag("小于"), tag("低于"), tag("少于"))),
            ),
            value(Comparator::Eq, alt((tag("=="), tag("="), tag("等于")))),
        ))
        .parse(i)
    }

    fn number_nom(i: &str) -> IResult<&str, &str> {
        recognize((
            digit1,
            many0((
                char(','),
                take_while_m_n(3, 3, |c: char| c.is_ascii_digit()),
            )),
            opt((char('.'), digit1)),
        ))
        .parse(i)
    }

    proptest::proptest! {
        #[test]
        fn squeezed_cells_read_as_raw_ones(
            n in "[ ≥≤<$定性量＞]{0,3}",
            v in "[ 0-9.,%≥<>$\\\\a-c万人优良中年]{0,10}",
            u in "[ %万元人次<$]{0,3}",
        ) {
            let (sn, sv, su) = (squeeze(&n), squeeze(&v), squeeze(&u));
            proptest::prop_assert_eq!(
                Target::from_squeezed_parts(&sn, &sv, &su).ok(),
                Target::from_parts(&sn, &sv, &su).ok()
            );
            proptest::prop_assert_eq!(Target::parse_squeezed(&sv).ok(), Target::parse(&sv).ok());
        }

        #[test]
        fn comparator_and_number_agree_with_the_nom_grammar(
            s in "[≥≤<>=大于等或高低不少小至多超过 0-9,.a%]{0,10}"
        ) {
            proptest::prop_assert_eq!(comparator(&s).ok(), comparator_nom(&s).ok());
            proptest::prop_assert_eq!(number(&s).ok(), number_nom(&s).ok());
        }
    }

    #[test]
    fn every_comparator_word_reads_as_in_the_nom_grammar() {
        for (w, c) in COMPARATOR_WORDS {
            for tail in ["", "95%", "等于5"] {
                let s = format!("{w}{tail}");
                assert_eq!(comparator(&s).ok(), comparator_nom(&s).ok(), "{s}");
                assert!(comparator(&s).is_ok(), "{s} {c:?}");
            }
        }
        assert_eq!(number("1,234,56.7x").ok(), number_nom("1,234,56.7x").ok());
        assert_eq!(number("12.x").ok(), Some((".x", "12")));
    }

    fn q(s: &str) -> Quantity {
        match Target::parse(s).unwrap() {
            Target::Quantity(q) => q,
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn document_spellings() {
        assert_eq!(q("≥13459.00(平方米)").to_string(), "≥13459.00平方米");
        assert_eq!(q("=100.00(%)").to_string(), "=100.00%");
        assert_eq!(q("＝100").comparator, Some(Comparator::Eq));
        assert_eq!(q("$\\leq$ 5").comparator, Some(Comparator::Le));
        assert_eq!(q("1,739.15").value, Decimal::new(173915, 2));
        assert_eq!(q("95%以上").comparator, Some(Comparator::Ge));
        assert_eq!(q("≥5000人数").unit, Some(Unit::Other("人数".into())));
        assert_eq!(q("≥400人 次").unit, Some(Unit::PersonTimes));
        let Target::Text(t) = Target::parse("补贴对象生活改善度不低于 80%").unwrap()
        else {
            panic!()
        };
        assert_eq!(t.quantity.unwrap().to_string(), "≥80%");
        let Target::Text(t) = Target::parse("可控性100%").unwrap() else {
            panic!()
        };
        assert_eq!(t.quantity.unwrap().to_string(), "100%");
        assert_eq!(t.qualifier.as_deref(), Some("可控性"));
        let Target::Text(t) = Target::parse("大于等于序时进度").unwrap() else {
            panic!()
        };
        assert_eq!((t.comparator, t.quantity), (Some(Comparator::Ge), None));
        let Target::Text(t) = Target::parse("只减不增").unwrap() else {
            panic!()
        };
        assert_eq!((t.comparator, t.quantity), (None, None));
        assert!(Target::parse("  ").is_err());
        assert_eq!(
            Target::from_parts("≥", "≥95", "%").unwrap().to_string(),
            "≥95%"
        );
        assert_eq!(
            Target::from_parts("定量", "100", "%").unwrap().to_string(),
            "100%"
        );
        assert_eq!(
            Target::from_parts("$\\geq$", "185", "人")
                .unwrap()
                .to_string(),
            "≥185人"
        );
    }
}
