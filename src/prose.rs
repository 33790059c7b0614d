//! Figures stated in the prose of a disclosure (情况说明).
//!
//! Disclosures restate their tables in sentences: `收入预算：2023年年初预算数1836.42万元`,
//! `"三公"经费预算8.6万元，比2022年减少0.3万元`, `共有车辆1辆`. [`extract_facts`] finds each
//! figure, the subject it is about, and the comparison with another year when the sentence
//! gives one, so the audit can hold the prose to the tables.
//!
//! ```
//! use cnbudget::prose::{extract_facts, Direction};
//! use rust_decimal::Decimal;
//!
//! let facts = extract_facts("2023年“三公”经费预算8.6万元，比2022年减少0.3万元。", 32);
//! let fact = &facts[0];
//! assert_eq!(fact.subject, "“三公”经费预算");
//! assert_eq!(fact.quantity.value, Decimal::new(86, 1));
//! assert_eq!(fact.quantity.unit.to_string(), "万元");
//! let change = &fact.changes[0];
//! assert_eq!(change.direction, Direction::Decrease);
//! assert_eq!(change.amount.as_ref().unwrap().value, Decimal::new(3, 1));
//! assert_eq!(fact.line, 32);
//! ```

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use cnbudget_indicator::{AmountUnit, Unit};

use cnbudget_text::scan::find_ascii_digit;

use crate::meta::{find_str, has_str};

/// A number with the unit written after it (`万元`, `元`, `亿元`, `辆`, `人`, `%` …).
///
/// The unit is the indicator crate's [`Unit`], whose units of money are the table crate's
/// [`AmountUnit`]: a prose figure, a table's amounts and an indicator's target name 万元 with
/// one type and spell it `万元` in JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quantity {
    /// The number as written, exactly.
    pub value: Decimal,
    /// The unit as written (after normalisation): `万元` is
    /// `Unit::Money(AmountUnit::TenThousandYuan)`, `辆` is `Unit::Other("辆")`.
    pub unit: Unit,
}

impl Quantity {
    /// The amount in 元 when the unit is a unit of money (元, 千元, 万元, 亿元), exactly.
    ///
    /// ```
    /// # use cnbudget::prose::{AmountUnit, Quantity, Unit};
    /// # use rust_decimal::Decimal;
    /// let q = Quantity { value: Decimal::new(183642, 2), unit: Unit::Money(AmountUnit::TenThousandYuan) };
    /// assert_eq!(q.to_yuan(), Some(Decimal::new(18364200, 0)));
    /// ```
    pub fn to_yuan(&self) -> Option<Decimal> {
        self.unit.money()?.to_yuan(self.value)
    }

    /// Whether the unit is money.
    pub fn is_money(&self) -> bool {
        self.unit.is_money()
    }
}

/// The unit a prose token's unit word names (the words of `UNITS`).
fn unit_of(word: &str) -> Unit {
    Unit::parse_lenient(word).unwrap_or_else(|_| Unit::Other(word.to_string()))
}

/// [`unit_of`] for a token's unit (one of [`UNITS`], as [`number_and_unit`] writes it): read
/// once per unit word, then cloned, since every figure of every line has one.
fn token_unit(word: &str) -> Unit {
    static READ: std::sync::OnceLock<Vec<(&'static str, Unit)>> = std::sync::OnceLock::new();
    let read = READ.get_or_init(|| UNITS.iter().map(|&u| (u, unit_of(u))).collect());
    read.iter()
        .find(|(u, _)| *u == word)
        .map_or_else(|| unit_of(word), |(_, unit)| unit.clone())
}

/// Which way a stated comparison goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// 增加, 增长, 上升, 多.
    Increase,
    /// 减少, 下降, 降低, 少.
    Decrease,
    /// 持平, 无增减, 保持不变.
    Flat,
}

cnbudget_text::named_values!(Direction, "direction" {
    Increase => "increase" | "增加",
    Decrease => "decrease" | "减少",
    Flat => "flat" | "持平",
});

/// A comparison stated with a figure: `比2022年减少0.3万元`, `增长13.6%`, `与2022年持平`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Change {
    /// The direction word of the sentence.
    pub direction: Direction,
    /// What it is compared with, as written (`2022年`, `上年决算数`, `年初预算数`), if given.
    pub against: Option<String>,
    /// The stated difference, if given.
    pub amount: Option<Quantity>,
    /// The stated percentage change, if given.
    pub percent: Option<Decimal>,
}

/// One figure stated in prose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProseFact {
    /// 1-based line number in the document.
    pub line: usize,
    /// 1-based character column of the number in that line.
    pub column: usize,
    /// What the figure is about, as written, without years and filler (`收入预算`, `基本支出`).
    pub subject: String,
    /// The figure.
    pub quantity: Quantity,
    /// The comparisons stated with it (`较上年…增加…`, `较年初预算…增加…`), in order.
    pub changes: Vec<Change>,
    /// The other year's figure it is compared with, when the sentence states it
    /// (`与2022年预算1.39万元持平`).
    pub compared_with: Option<Quantity>,
    /// The clause the figure was read from (at most its first 300 characters: a line without
    /// punctuation is one clause).
    pub clause: String,
}

#[derive(Debug, Clone)]
/// A number and its unit; `start` and `end` are byte offsets in the line.
struct Token {
    start: usize,
    end: usize,
    value: Decimal,
    unit: &'static str,
}

const UNITS: &[&str] = &[
    "万元",
    "亿元",
    "千元",
    "元",
    "%",
    "％",
    "辆",
    "人次",
    "人",
    "个",
    "台(套)",
    "台（套）",
    "台",
    "套",
    "家",
    "项",
    "批次",
];

/// Whether `c` is the first character of one of [`UNITS`].
fn starts_a_unit(c: char) -> bool {
    matches!(
        c,
        '万' | '亿'
            | '千'
            | '元'
            | '%'
            | '％'
            | '辆'
            | '人'
            | '个'
            | '台'
            | '套'
            | '家'
            | '项'
            | '批'
    )
}

/// A Chinese numeral of an ordinal (一 … 十).
pub(crate) fn is_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

fn is_clause_break(c: char) -> bool {
    matches!(c, '，' | '。' | '；' | ';' | '！' | '？' | '\t')
}

/// A clause break: Chinese punctuation, or an ASCII comma that is not a thousands separator
/// (documents converted from traditional script often use `,` between clauses). `c` is the
/// character at byte `at` of `text`.
fn is_break(text: &str, at: usize, c: char) -> bool {
    if c == ',' {
        let b = text.as_bytes();
        let digit_before = at > 0 && b.get(at - 1).is_some_and(u8::is_ascii_digit);
        let digit_after = b.get(at + 1).is_some_and(u8::is_ascii_digit);
        !(digit_before && digit_after)
    } else {
        is_clause_break(c)
    }
}

/// The first `n` characters of `s`.
fn first_chars(s: &str, n: usize) -> &str {
    s.char_indices()
        .nth(n)
        .map_or(s, |(i, _)| s.get(..i).unwrap_or(s))
}

/// The byte offset just after the last clause break in `from..end` (`from` when none): looking
/// back no further than `from` keeps walking a long line figure by figure linear.
fn clause_start_between(text: &str, from: usize, end: usize) -> usize {
    text.get(from..end)
        .unwrap_or("")
        .char_indices()
        .rev()
        .find(|&(i, c)| is_break(text, from + i, c))
        .map_or(from, |(i, c)| from + i + c.len_utf8())
}

/// The byte offset of the first clause break at or after byte `from` (the end when none).
fn clause_end_after(text: &str, from: usize) -> usize {
    text.get(from..)
        .unwrap_or("")
        .char_indices()
        .find(|&(i, c)| is_break(text, from + i, c))
        .map_or(text.len(), |(i, _)| from + i)
}

/// The words of a change, by direction. Longer words come before the words they end with
/// (`增加了` before `了`-less forms is not needed: `ends_with` only sees the word that ends
/// the text).
const DIRECTION_WORDS: &[(&str, Direction)] = &[
    ("增加了", Direction::Increase),
    ("增长了", Direction::Increase),
    ("上升了", Direction::Increase),
    ("提高了", Direction::Increase),
    ("减少了", Direction::Decrease),
    ("下降了", Direction::Decrease),
    ("降低了", Direction::Decrease),
    ("压减了", Direction::Decrease),
    ("增加", Direction::Increase),
    ("增长", Direction::Increase),
    ("上升", Direction::Increase),
    ("提高", Direction::Increase),
    ("增", Direction::Increase),
    ("多", Direction::Increase),
    ("减少", Direction::Decrease),
    ("下降", Direction::Decrease),
    ("降低", Direction::Decrease),
    ("调减", Direction::Decrease),
    ("减", Direction::Decrease),
    ("少", Direction::Decrease),
    ("持平", Direction::Flat),
    ("无增减", Direction::Flat),
    ("保持不变", Direction::Flat),
    ("无变化", Direction::Flat),
    ("没有变化", Direction::Flat),
    ("一致", Direction::Flat),
    ("相同", Direction::Flat),
];

/// Whether `c` is the last character of one of [`direction_word`]'s words.
fn ends_a_direction_word(c: char) -> bool {
    matches!(
        c,
        '了' | '低'
            | '减'
            | '加'
            | '化'
            | '升'
            | '变'
            | '同'
            | '增'
            | '多'
            | '少'
            | '平'
            | '致'
            | '长'
            | '降'
            | '高'
    )
}

/// The direction word `s` ends with, and the word.
fn direction_word(s: &str) -> Option<(Direction, &'static str)> {
    // Most texts end with a character no word ends with: one test rejects them before the
    // comparisons (`direction_words_end_with_a_listed_character` keeps the list complete).
    if !s.chars().next_back().is_some_and(ends_a_direction_word) {
        return None;
    }
    let (word, direction) = DIRECTION_WORDS.iter().find(|(w, _)| s.ends_with(w))?;
    // `至少3辆`, `最多`, `不少于`: a bound, not a change.
    if word.chars().count() == 1 {
        let before = s.chars().rev().nth(1);
        if before.is_some_and(|c| "至最不".contains(c)) {
            return None;
        }
    }
    Some((*direction, word))
}

/// [`tokens_into`] a new vector.
#[cfg(test)]
fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    tokens_into(text, &mut out);
    out
}

/// Scans `text` for numbers followed by a unit, into `out` (cleared first, so that one buffer
/// serves every line). Numbers are ASCII, so the scan is over bytes; offsets are byte offsets.
fn tokens_into(text: &str, out: &mut Vec<Token>) {
    out.clear();
    let bytes = text.as_bytes();
    let mut number = String::new();
    let mut i = 0;
    while i < bytes.len() {
        // The next digit that does not continue a number.
        let Some(at) = find_ascii_digit(bytes, i) else {
            break;
        };
        i = at;
        if i > 0 && bytes.get(i - 1).is_some_and(u8::is_ascii_digit) {
            i += 1;
            continue;
        }
        // A negative sign directly before the number.
        let mut start = i;
        if i > 0 && bytes.get(i - 1) == Some(&b'-') {
            start = i - 1;
        }
        match number_and_unit(text, i, start < i, &mut number) {
            Ok((value, unit, end)) => {
                out.push(Token {
                    start,
                    end,
                    value,
                    unit,
                });
                i = end;
            }
            Err(number_end) => i = number_end.max(i + 1),
        }
    }
}

/// The number at byte `at` of `text` (digits and `.`, a `,` only between digits; negated when
/// `negative`) and the unit after it, spaces allowed between (seed 002 writes `515.19 万元`):
/// the value, the unit as normalised and the end of the unit. `Err` holds the end of the number
/// when no unit follows it or it does not parse. `number` is scratch space.
fn number_and_unit(
    text: &str,
    at: usize,
    negative: bool,
    number: &mut String,
) -> Result<(Decimal, &'static str, usize), usize> {
    let bytes = text.as_bytes();
    let mut j = at;
    let mut separators = false;
    while let Some(&d) = bytes.get(j) {
        if d.is_ascii_digit() || d == b'.' {
        } else if d == b',' && bytes.get(j + 1).is_some_and(u8::is_ascii_digit) {
            // thousands separator: skipped when the number is read
            separators = true;
        } else {
            break;
        }
        j += 1;
    }
    let number_end = j;
    let mut k = j;
    while bytes.get(k) == Some(&b' ') {
        k += 1;
    }
    let rest = text.get(k..).unwrap_or("");
    // Most numbers (years, dates, codes) are followed by no unit: one test of the next
    // character rejects them before the comparisons.
    let unit = rest
        .chars()
        .next()
        .filter(|&c| starts_a_unit(c))
        .and_then(|_| UNITS.iter().find(|u| rest.starts_with(**u)));
    let Some(unit) = unit else {
        return Err(number_end);
    };
    // The number as written (with its sign), copied only to drop thousands separators.
    let written = text
        .get(if negative { at - 1 } else { at }..number_end)
        .unwrap_or("");
    let digits = if separators {
        number.clear();
        number.extend(written.chars().filter(|&c| c != ','));
        number.as_str()
    } else {
        written
    };
    match (Some(unit), digits.trim_end_matches('.').parse::<Decimal>()) {
        (Some(written), Ok(value)) => {
            // A year (`2023年`) is not a figure; units above exclude 年.
            let unit = match *written {
                "％" => "%",
                "台（套）" => "台(套)",
                u => u,
            };
            Ok((value, unit, k + written.len()))
        }
        _ => Err(number_end),
    }
}

/// A money figure at the very start of `s` (`446.11万元`, `1,560.05 元`): the quantity and
/// the bytes read.
pub(crate) fn money_at(s: &str) -> Option<(Quantity, usize)> {
    if !s.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let (value, unit, end) = number_and_unit(s, 0, false, &mut String::new()).ok()?;
    let q = Quantity {
        value,
        unit: token_unit(unit),
    };
    q.is_money().then_some((q, end))
}

/// `s` without years (`2023年`, `2023 年`, `2021年度`): a run of exactly four ASCII digits
/// from a character, optional spaces, then 年 (and 度).
fn strip_years(s: &str) -> std::borrow::Cow<'_, str> {
    let b = s.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut i = 0;
    // Stepping by bytes is stepping by characters here: only ASCII digits start a year, and
    // no byte of a multi-byte character is one. Only a digit can start a year: jump from one
    // to the next.
    while let Some(digit) = find_ascii_digit(b, i) {
        i = digit;
        let run = b
            .get(i..)
            .unwrap_or_default()
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if run == 4 {
            let mut j = i + 4;
            while b.get(j) == Some(&b' ') {
                j += 1;
            }
            let after = s.get(j..).unwrap_or("");
            if let Some(r) = after.strip_prefix('年') {
                j += '年'.len_utf8();
                if r.starts_with('度') {
                    j += '度'.len_utf8();
                }
                out.push_str(s.get(copied..i).unwrap_or(""));
                copied = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    if copied == 0 {
        return s.into();
    }
    out.push_str(s.get(copied..).unwrap_or(""));
    out.into()
}

/// Strips years, ordinals and filler from the text before a figure to give its subject.
fn clean_subject(raw: &str) -> String {
    let mut s: &str = raw.trim();
    // Leading connectors and ordinals.
    loop {
        let before = s;
        // Every prefix below starts with one of these characters: most subjects start with
        // none and skip the eleven comparisons.
        let may_have_prefix = s
            .chars()
            .next()
            .is_some_and(|c| matches!(c, '其' | '此' | '主' | '包' | '、' | '：' | ':' | ' '));
        for prefix in [
            "其中：",
            "其中:",
            "其中",
            "此外",
            "主要是",
            "主要用于",
            "包括",
            "、",
            "：",
            ":",
            " ",
        ] {
            if !may_have_prefix {
                break;
            }
            if let Some(rest) = s.strip_prefix(prefix) {
                s = rest.trim_start();
            }
        }
        s = strip_ordinal(s);
        if s == before {
            break;
        }
    }
    // Years: `2023年`, `2023 年`, `2021年度`.
    let without_years = strip_years(s);
    let mut s: &str = without_years.trim();
    for suffix in ["为", "是", "共计", "合计为", "达"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.trim_end();
        }
    }
    // `收入预算：年初预算数` → `收入预算`.
    if let Some((head, tail)) = split_at_colon(s) {
        if !head.trim().is_empty()
            && (has_str(tail, "预算数") || has_str(tail, "决算数") || tail.trim().is_empty())
        {
            s = head.trim();
        } else if !tail.trim().is_empty() {
            s = tail.trim();
        }
    }
    s.trim_matches(|c: char| c == '，' || c == '、' || c.is_whitespace())
        .to_string()
}

/// `s.split_once('：').or_else(|| s.split_once(':'))` in one pass over the bytes.
fn split_at_colon(s: &str) -> Option<(&str, &str)> {
    let b = s.as_bytes();
    let mut ascii: Option<usize> = None;
    let mut from = 0;
    // `：` is EF BC 9A: look for its last byte and for `:` together.
    while let Some(k) = b
        .get(from..)
        .and_then(|rest| memchr::memchr2(b':', 0x9A, rest))
    {
        let at = from + k;
        if b.get(at) == Some(&b':') {
            ascii = ascii.or(Some(at));
        } else if let Some(start) = at.checked_sub(2)
            && b.get(start..=at) == Some("：".as_bytes())
        {
            return Some((s.get(..start)?, s.get(at + 1..)?));
        }
        from = at + 1;
    }
    let at = ascii?;
    Some((s.get(..at)?, s.get(at + 1..)?))
}

/// Strips a leading ordinal (`一、`, `（一）`, `(1)`, `1.`, `2、`).
fn strip_ordinal(s: &str) -> &str {
    let t = s.trim_start();
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(rest) = t.strip_prefix(open)
            && let Some(pos) = rest.find(close)
        {
            let inner = rest.get(..pos).unwrap_or("");
            if !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit() || is_numeral(c)) {
                return rest
                    .get(pos + close.len_utf8()..)
                    .unwrap_or("")
                    .trim_start();
            }
        }
    }
    let head_len: usize = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || is_numeral(*c))
        .map(char::len_utf8)
        .sum();
    if head_len > 0 {
        let rest = t.get(head_len..).unwrap_or("");
        for sep in ["、", ".", "．"] {
            if let Some(r) = rest.strip_prefix(sep) {
                // `1.5万元` is a number, not an ordinal.
                if !(sep == "." && r.starts_with(|c: char| c.is_ascii_digit())) {
                    return r.trim_start();
                }
            }
        }
    }
    t
}

/// Extracts the figures stated in one line of prose. `line` is its 1-based line number.
pub fn extract_facts(text: &str, line: usize) -> Vec<ProseFact> {
    let mut facts = Vec::new();
    extract_facts_into(text, line, &mut Vec::new(), &mut facts);
    facts
}

/// [`extract_facts`] for every line of each paragraph (its text and the line number of its
/// first line), appending to `out`. One token buffer serves all the lines.
pub(crate) fn extract_paragraph_facts<'a>(
    paragraphs: impl IntoIterator<Item = (&'a str, usize)>,
    out: &mut Vec<ProseFact>,
) {
    let mut toks = Vec::new();
    for (text, first_line) in paragraphs {
        for (offset, line) in text.lines().enumerate() {
            extract_facts_into(line, first_line + offset, &mut toks, out);
        }
    }
}

/// [`extract_facts`], appending to `out` (the facts of earlier lines are left alone), with
/// `toks` as the line's token buffer.
fn extract_facts_into(text: &str, line: usize, toks: &mut Vec<Token>, out: &mut Vec<ProseFact>) {
    tokens_into(text, toks);
    let toks: &[Token] = toks;
    if toks.is_empty() {
        return;
    }
    // Offsets below are byte offsets; columns are counted in characters when reported.
    let slice = |from: usize, to: usize| text.get(from..to.max(from)).unwrap_or("");
    // This line's facts are `facts[first..]`; earlier lines' facts are never looked at.
    let first = out.len();
    let mut previous_end = 0;
    // Character column of the last figure, counted onwards (a long line stays linear).
    let (mut counted_to, mut chars_before) = (0usize, 0usize);
    // The first clause break at or after `break_from` (`clause_end_after`), kept while the
    // figures move towards it.
    let (mut break_from, mut next_break) = (usize::MAX, 0usize);
    for tok in toks {
        // The subject of a second figure in a clause starts after the first figure: the break
        // before this figure is looked for from there only.
        let from = previous_end.min(tok.start);
        let clause_start = clause_start_between(text, from, tok.start);
        previous_end = tok.end;
        let before = slice(clause_start, tok.start);
        let before_trim = before.trim_end();
        let quantity = Quantity {
            value: tok.value,
            unit: token_unit(tok.unit),
        };
        // Is this figure the amount of a change (`减少0.3万元`, `增长13.6%`)?
        if let Some((direction, word)) = direction_word(before_trim) {
            let head = before_trim
                .get(..before_trim.len() - word.len())
                .unwrap_or("");
            let own_subject = head
                .find(['比', '较', '与'])
                .map(|p| clean_subject(head.get(..p).unwrap_or("")))
                .unwrap_or_else(|| clean_subject(head));
            let target = if own_subject.is_empty() {
                out.get_mut(first..).and_then(|f| f.last_mut())
            } else {
                out.get_mut(first..)
                    .unwrap_or_default()
                    .iter_mut()
                    .rev()
                    .find(|f| {
                        has_str(&f.subject, &own_subject) || has_str(&own_subject, &f.subject)
                    })
            };
            if let Some(fact) = target {
                attach_change(fact, direction, head, quantity);
            }
            continue;
        }
        if tok.unit == "%" {
            // Shares (`占67%`) and rates are not facts about amounts.
            continue;
        }
        let subject = clean_subject(before_trim);
        // `…1.39万元与2022年预算1.39万元持平`: the second figure is what the first is compared with.
        if subject.starts_with(['与', '比', '较', '同']) {
            if let Some(fact) = out.get_mut(first..).and_then(|f| f.last_mut()) {
                // The eight characters after the figure.
                let eight = slice(tok.end, text.len())
                    .char_indices()
                    .nth(8)
                    .map_or(text.len(), |(i, _)| tok.end + i);
                let after = slice(tok.end, eight);
                let has_flat = fact.changes.iter().any(|c| c.direction == Direction::Flat);
                if has_str(after, "持平") && !has_flat {
                    fact.changes.push(Change {
                        direction: Direction::Flat,
                        against: against_text(before_trim),
                        amount: Some(Quantity {
                            value: Decimal::ZERO,
                            unit: token_unit(tok.unit),
                        }),
                        percent: None,
                    });
                    fact.compared_with = Some(quantity);
                    continue;
                }
                fact.compared_with = Some(quantity);
            }
            continue;
        }
        if !(break_from <= tok.end && tok.end <= next_break) {
            break_from = tok.end;
            next_break = clause_end_after(text, tok.end);
        }
        let clause_end = next_break;
        let clause = slice(clause_start, clause_end);
        let mut fact = ProseFact {
            line,
            column: {
                chars_before += slice(counted_to, tok.start).chars().count();
                counted_to = counted_to.max(tok.start);
                chars_before + 1
            },
            subject,
            quantity,
            changes: Vec::new(),
            compared_with: None,
            clause: first_chars(clause.trim(), 300).to_string(),
        };
        // `与2022年持平`, `比上年持平`: a flat comparison right after the figure, in its clause
        // or, when the figure ends its clause, as the whole next clause (`4万元，与2022年持平`).
        let mut after = slice(tok.end, clause_end);
        if after.trim().is_empty() {
            let next_start = text
                .get(clause_end..)
                .and_then(|r| r.chars().next())
                .map_or(clause_end, |c| clause_end + c.len_utf8());
            let next_end = clause_end_after(text, next_start);
            let next = slice(next_start, next_end);
            // Tokens are in text order: the first one at or after the clause's start decides.
            let first_after = toks.partition_point(|t| t.start < next_start);
            let no_figure = toks.get(first_after).is_none_or(|t| t.start >= next_end);
            if no_figure && next.trim_start().starts_with(['与', '比', '较', '同']) {
                after = next;
            }
        }
        let after_trim = after.trim();
        // Not "right after" when the rest of the clause is longer than a sentence (a line
        // without punctuation would make this quadratic).
        let near = after_trim.len() <= 900;
        if near
            && (direction_word(after_trim).map(|(d, _)| d) == Some(Direction::Flat)
                || has_str(after_trim, "持平"))
        {
            let against = against_text(after_trim);
            fact.changes.push(Change {
                direction: Direction::Flat,
                against,
                amount: None,
                percent: None,
            });
        }
        out.push(fact);
    }
}

fn against_text(s: &str) -> Option<String> {
    for marker in ["比", "较", "与", "同"] {
        if let Some(pos) = find_str(s, marker) {
            let rest = &s[pos + marker.len()..];
            // Where the first of these words starts (the least of their first occurrences).
            const ENDS: [&str; 8] = [
                "增加",
                "增长",
                "减少",
                "下降",
                "降低",
                "持平",
                "上升",
                "无增减",
            ];
            let end = rest
                .char_indices()
                .find(|&(i, c)| {
                    matches!(c, '增' | '减' | '下' | '降' | '持' | '上' | '无')
                        && rest
                            .get(i..)
                            .is_some_and(|r| ENDS.iter().any(|w| r.starts_with(w)))
                })
                .map_or(rest.len(), |(i, _)| i);
            let t = rest[..end].trim();
            if !t.is_empty() {
                return Some(t.to_string());
            }
        }
    }
    None
}

fn attach_change(fact: &mut ProseFact, direction: Direction, head: &str, quantity: Quantity) {
    let against = against_text(head);
    let is_percent = quantity.unit == Unit::Percent;
    // `增长10.9%` right after `增加131.32万元` completes the same comparison.
    if against.is_none()
        && let Some(last) = fact.changes.last_mut()
    {
        let slot_free = if is_percent {
            last.percent.is_none()
        } else {
            last.amount.is_none()
        };
        if slot_free && (last.direction == direction || last.direction == Direction::Flat) {
            last.direction = direction;
            if is_percent {
                last.percent = Some(quantity.value);
            } else {
                last.amount = Some(quantity);
            }
            return;
        }
    }
    let (amount, percent) = if is_percent {
        (None, Some(quantity.value))
    } else {
        (Some(quantity), None)
    };
    fact.changes.push(Change {
        direction,
        against,
        amount,
        percent,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn direction_words_end_with_a_listed_character() {
        for (w, _) in DIRECTION_WORDS {
            let last = w.chars().next_back().unwrap();
            assert!(ends_a_direction_word(last), "{w}");
        }
        assert_eq!(
            direction_word("比上年减少"),
            Some((Direction::Decrease, "减少"))
        );
        assert_eq!(direction_word("比上年预算数"), None);
    }

    #[test]
    fn units_start_with_a_listed_character() {
        for u in UNITS {
            assert!(starts_a_unit(u.chars().next().unwrap()), "{u}");
        }
        assert!(tokens("共有车辆3辆，2023年").iter().all(|t| t.unit == "辆"));
    }

    #[test]
    fn colon_split_prefers_the_wide_colon() {
        assert_eq!(split_at_colon("a:b：c"), Some(("a:b", "c")));
        assert_eq!(split_at_colon("收入:预算"), Some(("收入", "预算")));
        assert_eq!(split_at_colon("收入预算"), None);
        // 0x9A as the last byte of another character is not a colon.
        assert_eq!(split_at_colon("业"), None);
    }

    proptest::proptest! {
        #[test]
        fn colon_split_agrees_with_split_once(s in "[a:：业年 ]{0,20}") {
            proptest::prop_assert_eq!(split_at_colon(&s), s.split_once('：').or_else(|| s.split_once(':')));
        }
    }

    #[test]
    fn seed000_income_sentence() {
        // Figures from seed 000 (重庆市荣昌区医疗保障局 2023), in the shape the document writes them.
        let facts = extract_facts(
            "（一）收入预算：2023年年初预算数1836.42万元，其中：一般公共预算拨款1739.15万元，上年结转一般公共预算拨款97.27万元，政府性基金预算拨款0万元；收入较去年增加260.64万元。",
            22,
        );
        let subjects: Vec<&str> = facts.iter().map(|f| f.subject.as_str()).collect();
        assert_eq!(
            subjects,
            [
                "收入预算",
                "一般公共预算拨款",
                "上年结转一般公共预算拨款",
                "政府性基金预算拨款"
            ]
        );
        assert_eq!(facts[0].quantity.value, d("1836.42"));
        assert_eq!(facts[1].quantity.value, d("1739.15"));
        assert_eq!(facts[0].quantity.to_yuan(), Some(d("18364200")));
        // `收入较去年增加260.64万元` is a change of 收入预算, not of the 政府性基金 figure before it.
        assert_eq!(facts[0].changes.len(), 1);
        assert_eq!(
            facts[0].changes[0].amount.as_ref().unwrap().value,
            d("260.64")
        );
        assert!(facts[3].changes.is_empty());
    }

    #[test]
    fn change_with_amount_and_percent() {
        let facts = extract_facts(
            "2021年度收入合计1,333.05万元，较上年决算数增加131.32万元，增长10.9%，主要原因是调入4人。",
            7,
        );
        let money: Vec<&ProseFact> = facts.iter().filter(|f| f.quantity.is_money()).collect();
        assert_eq!(money.len(), 1);
        // `调入4人` is a count, kept with its unit.
        assert_eq!(facts.last().unwrap().quantity.unit, Unit::Persons);
        let f = money[0];
        assert_eq!(f.subject, "收入合计");
        assert_eq!(f.quantity.value, d("1333.05"));
        assert_eq!(f.changes.len(), 1);
        let c = &f.changes[0];
        assert_eq!(c.direction, Direction::Increase);
        assert_eq!(c.against.as_deref(), Some("上年决算数"));
        assert_eq!(c.amount.as_ref().unwrap().value, d("131.32"));
        assert_eq!(c.percent, Some(d("10.9")));
    }

    #[test]
    fn flat_comparison_and_spaces() {
        let facts = extract_facts("公务接待费 1.39 万元与 2022 年预算 1.39 万元持平。", 3);
        assert_eq!(facts[0].subject, "公务接待费");
        assert_eq!(facts[0].quantity.value, d("1.39"));
        assert_eq!(facts.len(), 1);
        assert_eq!(
            facts[0].changes.first().map(|c| c.direction),
            Some(Direction::Flat)
        );
        assert_eq!(
            facts[0].compared_with.as_ref().map(|q| q.value),
            Some(d("1.39"))
        );
    }

    #[test]
    fn more_comparison_words() {
        // Sentences written for this test, in the documents' usual forms.
        let cases = [
            (
                "培训费12.00万元，比上年减少了3.00万元。",
                Direction::Decrease,
            ),
            (
                "会议费5.50万元，较上年增加了0.50万元。",
                Direction::Increase,
            ),
            (
                "公务接待费2.00万元，较上年压减0.40万元。",
                Direction::Decrease,
            ),
            ("差旅费1.20万元，与上年预算数一致。", Direction::Flat),
            ("邮电费0.80万元，与上年相同。", Direction::Flat),
            ("水费0.30万元，与上年相比没有变化。", Direction::Flat),
        ];
        for (text, direction) in cases {
            let facts = extract_facts(text, 1);
            let got = facts
                .first()
                .and_then(|f| f.changes.first())
                .map(|c| c.direction);
            assert_eq!(got, Some(direction), "{text}: {facts:?}");
        }
        // `不少于` is a bound, not a change.
        let facts = extract_facts("服务人次不少于300人次。", 1);
        assert!(facts.iter().all(|f| f.changes.is_empty()), "{facts:?}");
    }

    #[test]
    fn long_lines_keep_every_figure_with_a_bounded_clause() {
        // One line, no punctuation, 50 000 figures: every one is read, with its column, and the
        // clause kept for each is cut at 300 characters (the line is one clause).
        let line = "费用1万元".repeat(50_000);
        let facts = extract_facts(&line, 1);
        assert_eq!(facts.len(), 50_000);
        assert_eq!(facts.last().map(|f| f.column), Some(5 * 49_999 + 3));
        assert!(facts.iter().all(|f| f.clause.chars().count() <= 300));
        let with_breaks = "费用1万元，".repeat(50_000);
        assert_eq!(extract_facts(&with_breaks, 1).len(), 50_000);
    }

    #[test]
    fn vehicles_are_counts() {
        let facts = extract_facts(
            "截至2021年12月31日，本部门共有车辆2辆，其中机要通信用车1辆。",
            9,
        );
        assert_eq!(facts[0].subject, "本部门共有车辆");
        assert_eq!(facts[0].quantity.unit, Unit::Other("辆".into()));
        assert_eq!(facts[0].quantity.value, d("2"));
        assert!(!facts[0].quantity.is_money());
    }

    #[test]
    fn ascii_commas_separate_clauses() {
        // Seed 001 and corpus 052 write `,` between clauses once converted.
        let facts = extract_facts(
            "2021年度收入合计1,333.05万元,较上年决算数增加131.32万元,增长10.9%,其中:财政拨款收入1,333.05万元。",
            7,
        );
        let money: Vec<&ProseFact> = facts.iter().filter(|f| f.quantity.is_money()).collect();
        assert_eq!(money.len(), 2);
        assert_eq!(money[0].subject, "收入合计");
        assert_eq!(money[0].changes[0].percent, Some(d("10.9")));
        assert_eq!(money[1].subject, "财政拨款收入");
        assert_eq!(money[1].quantity.value, d("1333.05"));
    }

    #[test]
    fn bounds_are_not_changes() {
        // Regression (review): `至少` ended in the one-character direction word 少.
        let facts = extract_facts("本年度至少3辆公务用车需要更新。", 4);
        assert_eq!(facts.len(), 1);
        assert_eq!(facts[0].quantity.unit, Unit::Other("辆".into()));
        assert!(facts[0].changes.is_empty());
    }

    #[test]
    fn no_panic_on_odd_text() {
        for s in [
            "",
            "万元",
            "1.万元",
            "..1万元",
            "-",
            "比增加",
            "1,,2万元",
            "９９万元",
        ] {
            let _ = extract_facts(s, 1);
        }
    }
}
