//! `prose.verdict`: a final account's verdict sentence (`决算数小于预算数…`, `决算数与预算数基本持平`)
//! against the budget and final figures stated just before it — in the same sentence or in the
//! sentence before, which is where the documents put them:
//!
//! ```text
//! 年初预算为 452.40 万元，支出决算为 446.11 万元，完成年初预算的 98.61%。决算数小于预算数的主要原因：…
//! ```
//!
//! Both figures and the verdict are read from the paragraph with its line breaks and spaces
//! removed (`pdftotext` breaks lines inside numbers and units: `1511.89万` / `元`), each
//! character keeping the line it came from. The stated completion percentage, when the same
//! sentence gives one, is checked too (`prose.budget_vs_final`), unless that rule already
//! reported the line.

use std::sync::LazyLock;

use cnbudget_indicator::Unit;
use memchr::memmem::Finder;
use rust_decimal::Decimal;

use crate::Disclosure;
use crate::audit::{Figure, Finding, RuleId, Severity};
use crate::prose::{Quantity, money_at};
use crate::tolerance::{Tolerance, percent_agrees};

/// What a verdict sentence says of the final figure against the budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    /// 决算数大于预算数
    Greater,
    /// 决算数小于预算数
    Less,
    /// 决算数等于预算数, 决算数与(同)预算数持平 / 一致 / 相同
    Equal,
    /// 决算数与(同)预算数基本持平 / 基本一致 / 基本相同
    RoughlyEqual,
}

impl Verdict {
    fn words(self) -> &'static str {
        match self {
            Verdict::Greater => "决算数大于预算数",
            Verdict::Less => "决算数小于预算数",
            Verdict::Equal => "决算数与预算数持平",
            Verdict::RoughlyEqual => "决算数与预算数基本持平",
        }
    }
}

/// Marks, in [`LEAD_BYTES`], a first byte that may begin a whitespace character.
const WHITE_LEAD: u8 = 8;

/// For each first byte of a UTF-8 character: the character's width in bytes (low three
/// bits), and [`WHITE_LEAD`] when a whitespace character (`char::is_whitespace`) can begin
/// with it: ASCII whitespace, 0xC2 (U+0085, U+00A0), 0xE1 (U+1680), 0xE2 (U+2000–U+205F) and
/// 0xE3 (U+3000).
// Indexing in a constant's evaluation: an index out of range fails the build, not a run.
#[allow(clippy::indexing_slicing)]
const LEAD_BYTES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0usize;
    while b < 256 {
        let width: u8 = if b < 0x80 {
            1
        } else if b < 0xE0 {
            2
        } else if b < 0xF0 {
            3
        } else {
            4
        };
        let white = matches!(b, 0x09..=0x0D | 0x20 | 0xC2 | 0xE1..=0xE3);
        table[b] = width | if white { WHITE_LEAD } else { 0 };
        b += 1;
    }
    table
};

/// A paragraph without whitespace, the source line of each of its characters kept.
pub(crate) struct Squeezed {
    pub(super) text: String,
    /// `(byte of text, line)` where a new source line's first kept character starts, ascending.
    starts: Vec<(usize, usize)>,
}

impl Squeezed {
    fn new(paragraph: &str, first_line: usize) -> Squeezed {
        let mut sq = Squeezed {
            text: String::with_capacity(paragraph.len()),
            starts: Vec::new(),
        };
        sq.push(paragraph, first_line);
        sq
    }

    /// Appends a paragraph that starts at `first_line`: each line's text between whitespace
    /// is copied whole.
    fn push(&mut self, paragraph: &str, first_line: usize) {
        self.text.reserve(paragraph.len());
        let text = paragraph;
        let bytes = text.as_bytes();
        let (mut line, mut start, mut i) = (first_line, 0, 0);
        // Character by character, by their first bytes: every whitespace character
        // (`char::is_whitespace`) is ASCII or begins with 0xC2 (U+0085, U+00A0), 0xE1
        // (U+1680), 0xE2 (U+2000–U+205F) or 0xE3 (U+3000), so the others, most of Chinese
        // text, are stepped over without being decoded. A line break ends the line's piece.
        while let Some(&b) = bytes.get(i) {
            // One table look-up per character instead of a chain of range tests.
            let class = LEAD_BYTES.get(usize::from(b)).copied().unwrap_or(1);
            let (width, candidate) = (usize::from(class & 7), class & WHITE_LEAD != 0);
            let space = candidate
                && (b < 0x80
                    || text
                        .get(i..)
                        .and_then(|r| r.chars().next())
                        .is_some_and(char::is_whitespace));
            if space {
                self.push_piece(text.get(start..i).unwrap_or(""), line);
                start = i + width;
                line += usize::from(b == b'\n');
            }
            i += width;
        }
        self.push_piece(text.get(start..).unwrap_or(""), line);
    }

    /// Appends a piece of line `line` that holds no whitespace.
    fn push_piece(&mut self, piece: &str, line: usize) {
        if piece.is_empty() {
            return;
        }
        if self.starts.last().is_none_or(|&(_, l)| l != line) {
            self.starts.push((self.text.len(), line));
        }
        self.text.push_str(piece);
    }

    /// The source line of the character at `byte` (past the end: of the last character).
    pub(super) fn line_at(&self, byte: usize) -> usize {
        let k = self.starts.partition_point(|&(at, _)| at <= byte);
        k.checked_sub(1)
            .and_then(|k| self.starts.get(k))
            .map_or(0, |&(_, line)| line)
    }
}

/// A money figure read after a marker: as printed (value and unit), in 元, and its line.
#[derive(Debug, Clone)]
struct Money {
    printed: Quantity,
    yuan: Decimal,
    line: usize,
}

/// The one figure in `sentence` that follows one of `markers` (none when there are several:
/// a sentence listing items, `…预算为A万元，…决算为B万元；…预算为C万元…`, does not say which
/// pair a verdict is about). `base` is the sentence's byte offset in `sq`.
fn only_figure(sq: &Squeezed, sentence: &str, base: usize, markers: &[&str]) -> Option<Money> {
    let mut found: Option<Money> = None;
    for m in markers {
        let mut from = 0;
        while let Some(at) = sentence.get(from..).and_then(|r| r.find(m)) {
            let start = from + at + m.len();
            from = start;
            let Some((printed, _)) = sentence.get(start..).and_then(money_at) else {
                continue;
            };
            let Some(yuan) = printed.to_yuan() else {
                continue;
            };
            if found.is_some() {
                return None;
            }
            found = Some(Money {
                printed,
                yuan,
                line: sq.line_at(base + start),
            });
        }
    }
    found
}

/// `完成(年初)预算(的)P%` in `sentence`: the percentage and its line.
fn completion(sq: &Squeezed, sentence: &str, base: usize) -> Option<(Decimal, usize)> {
    let at = sentence
        .find("完成年初预算")
        .or_else(|| sentence.find("完成预算"))?;
    let rest = sentence.get(at..)?;
    let skip = rest.find('算')? + '算'.len_utf8();
    let rest = rest.get(skip..)?;
    let rest = rest.strip_prefix('的').unwrap_or(rest);
    let end = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == '.'))
        .map_or(rest.len(), |(i, _)| i);
    if !rest.get(end..)?.starts_with(['%', '％']) {
        return None;
    }
    let value: Decimal = rest.get(..end)?.parse().ok()?;
    let offset = sentence.len() - rest.len();
    Some((value, sq.line_at(base + offset)))
}

/// The verdict at the start of `s` (just after `决算数`), if it is one.
fn verdict_after(s: &str) -> Option<Verdict> {
    if s.starts_with("大于预算数") {
        return Some(Verdict::Greater);
    }
    if s.starts_with("小于预算数") {
        return Some(Verdict::Less);
    }
    if s.starts_with("等于预算数") {
        return Some(Verdict::Equal);
    }
    let rest = ["与预算数", "同预算数", "和预算数"]
        .iter()
        .find_map(|p| s.strip_prefix(p))?;
    if ["基本持平", "基本一致", "基本相同", "基本相当"]
        .iter()
        .any(|w| rest.starts_with(w))
    {
        return Some(Verdict::RoughlyEqual);
    }
    if ["持平", "一致", "相同", "相等"]
        .iter()
        .any(|w| rest.starts_with(w))
    {
        return Some(Verdict::Equal);
    }
    None
}

const BUDGET_MARKERS: &[&str] = &["预算为", "预算数为"];
const FINAL_MARKERS: &[&str] = &["决算为", "决算数为"];

/// One verdict with the figures it is about.
#[derive(Debug, Clone)]
struct Check {
    verdict: Verdict,
    verdict_line: usize,
    budget: Money,
    final_: Money,
    completion: Option<(Decimal, usize)>,
}

/// A searcher for `决算数`, built once: every paragraph of the prose is searched for it, and
/// `str::find` would set up a searcher on each call.
static FINAL_FIGURE: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("决算数"));

/// Every verdict of a paragraph whose budget and final figures are stated in the same
/// sentence (before the verdict) or in the sentence before.
fn checks(sq: &Squeezed) -> Vec<Check> {
    if FINAL_FIGURE.find(sq.text.as_bytes()).is_none() {
        return Vec::new();
    }
    // Sentences as byte ranges of the squeezed text (each ends after its `。`).
    let sentences = super::prose_totals::sentences(&sq.text);
    let mut out = Vec::new();
    for (k, &(s, e)) in sentences.iter().enumerate() {
        let Some(sentence) = sq.text.get(s..e) else {
            continue;
        };
        let Some(at) = FINAL_FIGURE.find(sentence.as_bytes()) else {
            continue;
        };
        let Some(verdict) = sentence.get(at + "决算数".len()..).and_then(verdict_after) else {
            continue;
        };
        let verdict_line = sq.line_at(s + at);
        // The figures: in this sentence before the verdict, else in the sentence before.
        let here = sentence.get(..at).unwrap_or("");
        let before = k
            .checked_sub(1)
            .and_then(|j| sentences.get(j))
            .and_then(|&(ps, pe)| Some((ps, sq.text.get(ps..pe)?)));
        let candidates = [Some((s, here)), before];
        let found = candidates.iter().flatten().find_map(|&(base, text)| {
            let budget = only_figure(sq, text, base, BUDGET_MARKERS)?;
            let final_ = only_figure(sq, text, base, FINAL_MARKERS)?;
            Some((base, text, budget, final_))
        });
        let Some((base, text, budget, final_)) = found else {
            continue;
        };
        out.push(Check {
            verdict,
            verdict_line,
            budget,
            final_,
            completion: completion(sq, text, base),
        });
    }
    out
}

/// The prose as runs of paragraphs with no table between them, each squeezed: documents
/// printed double-spaced (a blank line after every line) cut every sentence into one-line
/// paragraphs.
pub(crate) fn prose_runs(d: &Disclosure) -> Vec<Squeezed> {
    let tables = &d.document.tables;
    let mut runs = Vec::new();
    let mut run: Option<(Squeezed, usize)> = None;
    for p in &d.document.prose {
        let table_between = run.as_ref().is_some_and(|(_, last)| {
            tables
                .iter()
                .any(|t| t.first_line > *last && t.first_line < p.first_line)
        });
        if table_between {
            runs.extend(run.take().map(|(sq, _)| sq));
        }
        match &mut run {
            Some((sq, last)) => {
                sq.push(&p.text, p.first_line);
                *last = p.last_line;
            }
            None => run = Some((Squeezed::new(&p.text, p.first_line), p.last_line)),
        }
    }
    runs.extend(run.map(|(sq, _)| sq));
    runs
}

/// The rule: verdicts against their figures, and the completion percentage stated with them,
/// over the prose runs of `d` ([`prose_runs`]).
pub(crate) fn prose_verdicts(d: &Disclosure, runs: &[Squeezed], out: &mut Vec<Finding>) {
    // Budgets have no verdicts: their runs are not read.
    if !d
        .document
        .prose
        .iter()
        .any(|p| FINAL_FIGURE.find(p.text.as_bytes()).is_some())
    {
        return;
    }
    for sq in runs {
        for c in checks(sq) {
            verdict_finding(&c, out);
            completion_finding(&c, out);
        }
    }
}

fn figure(label: &str, m: &Money) -> Figure {
    Figure {
        label: label.into(),
        value: m.printed.value,
        unit: Some(m.printed.unit.clone()),
        line: Some(m.line),
    }
}

fn verdict_finding(c: &Check, out: &mut Vec<Finding>) {
    let (b, f) = (c.budget.yuan, c.final_.yuan);
    let Some(diff) = f.checked_sub(b) else {
        return;
    };
    let severity = match c.verdict {
        Verdict::Greater if diff <= Decimal::ZERO => Severity::Warning,
        Verdict::Less if diff >= Decimal::ZERO => Severity::Warning,
        Verdict::Equal if !diff.is_zero() => Severity::Warning,
        // 基本持平: more than 5 % apart is worth a look, not a contradiction.
        Verdict::RoughlyEqual if b > Decimal::ZERO && diff.abs() * Decimal::from(20) > b => {
            Severity::Notice
        }
        _ => return,
    };
    let relation = match diff.cmp(&Decimal::ZERO) {
        std::cmp::Ordering::Greater => "more than",
        std::cmp::Ordering::Less => "less than",
        std::cmp::Ordering::Equal => "equal to",
    };
    out.push(
        Finding::new(
            RuleId::ProseVerdict,
            severity,
            format!(
                "the text says {} (line {}), but the final figure stated before it, {}{}, is {relation} the budget {}{}",
                c.verdict.words(),
                c.verdict_line,
                c.final_.printed.value,
                c.final_.printed.unit,
                c.budget.printed.value,
                c.budget.printed.unit,
            ),
        )
        .with_figures(figure("年初预算", &c.budget), figure("决算", &c.final_))
        .at_lines([c.verdict_line]),
    );
}

fn completion_finding(c: &Check, out: &mut Vec<Finding>) {
    let Some((percent, line)) = c.completion else {
        return;
    };
    if out
        .iter()
        .any(|f| f.rule == RuleId::ProseBudgetVsFinal && f.lines.contains(&line))
    {
        return;
    }
    let (b, f) = (c.budget.yuan, c.final_.yuan);
    if b <= Decimal::ZERO {
        return;
    }
    let Some(computed) = f
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|v| v.checked_div(b))
    else {
        return;
    };
    // The percentage is rounded to its printed places; each figure by half a unit of its own.
    let spread = Tolerance::half_unit(c.final_.printed.value.scale())
        .saturating_add(Tolerance::half_unit(c.budget.printed.value.scale()));
    if percent_agrees(computed, percent, spread, c.budget.printed.value) {
        return;
    }
    // Printed by cutting the digits off instead of rounding (95.4571 → 95.45): a convention,
    // not a contradiction.
    let truncated = computed.trunc_with_scale(percent.scale()) == percent;
    let (severity, how) = if truncated {
        (
            Severity::Notice,
            "; the text cut the digits off instead of rounding",
        )
    } else {
        (Severity::Warning, "")
    };
    out.push(
        Finding::new(
            RuleId::ProseBudgetVsFinal,
            severity,
            format!(
                "the text states 完成年初预算{percent}%, but {}{} against a budget of {}{} is {}%{how}",
                c.final_.printed.value,
                c.final_.printed.unit,
                c.budget.printed.value,
                c.budget.printed.unit,
                computed.round_dp(4)
            ),
        )
        .with_figures(
            Figure {
                label: "stated completion".into(),
                value: percent,
                unit: Some(Unit::Percent),
                line: Some(line),
            },
            Figure {
                label: "决算 / 预算".into(),
                value: computed.round_dp(2),
                unit: Some(Unit::Percent),
                line: Some(c.final_.line),
            },
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character's first byte gives its width, and every whitespace character's first
    /// byte is marked as one that may begin whitespace.
    #[test]
    fn lead_bytes_give_width_and_whitespace() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let lead = c.encode_utf8(&mut buf).as_bytes()[0];
            let class = LEAD_BYTES[usize::from(lead)];
            assert_eq!(usize::from(class & 7), c.len_utf8(), "{c:?}");
            if c.is_whitespace() {
                assert_ne!(class & WHITE_LEAD, 0, "{c:?}");
            }
        }
    }

    proptest::proptest! {
        /// The squeezed text and its line starts are those of splitting each line at every
        /// whitespace character, whatever the characters (Unicode whitespace of every width,
        /// Chinese, ASCII).
        #[test]
        fn squeezing_drops_exactly_the_whitespace(
            paragraphs in proptest::collection::vec(
                "[ \t\u{b}\u{c}\r\n\u{85}\u{a0}\u{1680}\u{2000}-\u{200d}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{3002}a1预算决算\u{e000}\u{1f600}]{0,40}",
                1..4,
            )
        ) {
            let mut sq = Squeezed::new("", 3);
            let mut text = String::new();
            let mut starts: Vec<(usize, usize)> = Vec::new();
            let mut first = 3;
            for p in &paragraphs {
                sq.push(p, first);
                for (line, l) in (first..).zip(p.split('\n')) {
                    for piece in l.split(char::is_whitespace).filter(|p| !p.is_empty()) {
                        if starts.last().is_none_or(|&(_, x)| x != line) {
                            starts.push((text.len(), line));
                        }
                        text.push_str(piece);
                    }
                }
                first += p.split('\n').count();
            }
            proptest::prop_assert_eq!(&sq.text, &text);
            proptest::prop_assert_eq!(&sq.starts, &starts);
        }
    }

    fn one(text: &str) -> Check {
        let v = checks(&Squeezed::new(text, 10));
        assert_eq!(v.len(), 1, "{v:?}");
        v.into_iter().next().unwrap()
    }

    #[test]
    fn figures_in_the_sentence_before_across_line_breaks() {
        // Written for this test in the documents' form: the unit broken over two lines.
        let c = one("某项支出年初预算为 120.50 万元，支出决算为118.25万
元。 决算数小于预算数的原因是……");
        assert_eq!(c.verdict, Verdict::Less);
        assert_eq!(c.budget.printed.value, Decimal::new(12050, 2));
        assert_eq!(c.final_.yuan, Decimal::from(1_182_500));
        assert_eq!((c.budget.line, c.final_.line, c.verdict_line), (10, 10, 11));
        assert!(c.completion.is_none());
    }

    #[test]
    fn verdict_forms() {
        for (words, v) in [
            ("决算数大于预算数", Verdict::Greater),
            ("决算数等于预算数", Verdict::Equal),
            ("决算数同预算数持平", Verdict::Equal),
            ("决算数与预算数一致", Verdict::Equal),
            ("决算数与预算数基本持平", Verdict::RoughlyEqual),
        ] {
            let c = one(&format!(
                "年初预算为1.00万元，支出决算为1.00万元，完成年初预算的100%。{words}。"
            ));
            assert_eq!(c.verdict, v, "{words}");
            assert_eq!(c.completion.map(|p| p.0), Some(Decimal::ONE_HUNDRED));
        }
        // A verdict without figures nearby, or a table header, is no check.
        let none = |t: &str| checks(&Squeezed::new(t, 1)).is_empty();
        assert!(none("决算数小于预算数的主要原因：略。"));
        assert!(none("决算数   预算数   决算数   预算数"));
        // Several items in one sentence: which pair the verdict is about is not said.
        assert!(none(
            "甲费预算为1.00万元，决算为0.50万元；乙费预算为2.00万元，决算为2.00万元。决算数小于预算数。"
        ));
    }

    #[test]
    fn contradictions_are_reported() {
        let mut out = Vec::new();
        for c in checks(&Squeezed::new(
            "年初预算为 50.00 万元，支出决算为 52.00 万元，完成年初预算的 104.00%。决算数小于预算数。
             年初预算为 10.00 万元，支出决算为 9.00 万元，完成年初预算的 95.00%。决算数同预算数持平。",
            1,
        )) {
            verdict_finding(&c, &mut out);
            completion_finding(&c, &mut out);
        }
        let rules: Vec<_> = out
            .iter()
            .map(|f| (f.rule, f.severity, f.lines.clone()))
            .collect();
        assert_eq!(
            rules,
            [
                (RuleId::ProseVerdict, Severity::Warning, vec![1]),
                (RuleId::ProseVerdict, Severity::Warning, vec![2]),
                (RuleId::ProseBudgetVsFinal, Severity::Warning, vec![2]),
            ]
        );
        assert_eq!(out[0].difference, Some(Decimal::new(200, 2)));
    }

    #[test]
    fn money_units() {
        let read =
            |s: &str| money_at(s).map(|(q, n)| (q.value, q.unit.to_string(), q.to_yuan(), n));
        assert_eq!(
            read("1,560.05元，"),
            Some((
                Decimal::new(156005, 2),
                "元".to_string(),
                Some(Decimal::new(156005, 2)),
                11
            ))
        );
        assert_eq!(
            read("3亿元").and_then(|m| m.2),
            Some(Decimal::from(300_000_000))
        );
        assert_eq!(read("万元"), None);
        assert_eq!(read("12.5%"), None);
    }
}

#[cfg(test)]
mod corpus {
    use super::*;

    fn shared() -> Option<std::path::PathBuf> {
        cnbudget_testkit::shared()
    }

    /// The verdicts of the two final accounts are read with their figures (014 single-spaced,
    /// 015 double-spaced), and all agree with them.
    #[test]
    fn final_accounts_verdicts_are_checked() {
        let Some(dir) = shared() else { return };
        for (file, expected) in [
            ("014_sh-putuo-finance-bureau-final-2024.txt", 10),
            ("015_sh-putuo-planning-resources-final-2024.txt", 13),
        ] {
            let d = Disclosure::from_path(dir.join("corpus").join(file)).unwrap();
            let mut sq = Squeezed::new("", 1);
            for p in &d.document.prose {
                sq.push(&p.text, p.first_line);
            }
            let all = checks(&sq);
            assert_eq!(all.len(), expected, "{file}");
            let mut out = Vec::new();
            prose_verdicts(&d, &prose_runs(&d), &mut out);
            let got: Vec<_> = out
                .iter()
                .map(|f| (f.rule, f.severity, f.lines.clone()))
                .collect();
            if file.starts_with("015") {
                // 9746.50 / 10210.34 = 95.457…% printed as 95.45%: cut, not rounded.
                assert_eq!(
                    got,
                    [(RuleId::ProseBudgetVsFinal, Severity::Notice, vec![649])],
                    "{file}"
                );
            } else {
                assert!(got.is_empty(), "{file}: {out:?}");
            }
        }
    }
}
