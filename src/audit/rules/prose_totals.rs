//! `prose.total` and `prose.comparison`: the headline figures the 情况说明 states (收入支出总计,
//! 收入总计, 支出总计, 财政拨款收入支出总计, 一般公共预算财政拨款支出, 机关运行经费, 政府采购)
//! against the tables that print them, and the comparison words said of them (持平, 增加,
//! 减少) against the reasons given after them. (“三公”, 基本支出 and 项目支出 are checked by
//! `prose.figure`.)
//!
//! Sentences are read from the prose with line breaks and spaces removed (`pdftotext` breaks
//! lines inside sentences), each character keeping its line:
//!
//! ```text
//! 本部门2024年度财政拨款收入支出总计0.3万元。与2023年度相比，财政拨款收入支出总计持平。
//! 主要原因：……等原因减少支付。
//! ```

use std::sync::LazyLock;

use cnbudget_indicator::Unit;
use cnbudget_table::AmountUnit;
use memchr::memmem::Finder;
use rust_decimal::Decimal;

use super::title_of;
use super::verdict::Squeezed;
use crate::Disclosure;
use crate::audit::{Figure, Finding, RuleId, Severity, Sureness};
use crate::prose::{Direction, money_at};
use crate::tolerance::Tolerance;
use crate::totals::{Headline, Totals};

/// A headline figure the prose may state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Subject {
    /// 财政拨款收入支出总计
    Appropriation,
    /// 收入支出总计: the income or the expenditure total.
    IncomeExpenditure,
    /// 收入总计
    Income,
    /// 支出总计
    Expenditure,
    /// 一般公共预算财政拨款支出
    GeneralBudget,
    /// 机关运行经费
    OperatingCosts,
    /// 政府采购
    Procurement,
}

/// The phrases that name a headline figure, longest first where one contains another.
const PHRASES: &[(&str, Subject)] = &[
    ("财政拨款收入支出总计", Subject::Appropriation),
    ("财政拨款收支总计", Subject::Appropriation),
    ("收入支出总计", Subject::IncomeExpenditure),
    ("收支总计", Subject::IncomeExpenditure),
    ("收入总计", Subject::Income),
    ("支出总计", Subject::Expenditure),
    ("一般公共预算财政拨款支出", Subject::GeneralBudget),
    ("机关运行经费", Subject::OperatingCosts),
    ("政府采购", Subject::Procurement),
];

/// The word that ends most of [`PHRASES`]: those are found where it is, in one search.
const TOTAL: &str = "总计";

/// Searchers built once, for [`TOTAL`] and for each of [`PHRASES`] that does not end with it:
/// the prose of every document is searched for them, and `str::find` would set up a searcher
/// on each call.
static PHRASE_FINDERS: LazyLock<(Finder<'static>, Vec<Option<Finder<'static>>>)> =
    LazyLock::new(|| {
        let others = PHRASES
            .iter()
            .map(|(p, _)| (!p.ends_with(TOTAL)).then(|| Finder::new(p)))
            .collect();
        (Finder::new(TOTAL), others)
    });

/// Every place of each of [`PHRASES`] in `text`, as (index in `PHRASES`, start): by phrase,
/// then in text order. No phrase overlaps itself (a test keeps it so), so these are the places
/// a search for each phrase from the end of its last place finds.
fn phrase_places(text: &str) -> Vec<(usize, usize)> {
    let (total, others) = &*PHRASE_FINDERS;
    let bytes = text.as_bytes();
    let mut places: Vec<(usize, usize)> = Vec::new();
    for at in total.find_iter(bytes) {
        let end = at + TOTAL.len();
        let Some(before) = text.get(..end) else {
            continue;
        };
        for (k, (phrase, _)) in PHRASES.iter().enumerate() {
            if phrase.ends_with(TOTAL) && before.ends_with(phrase) {
                places.push((k, end - phrase.len()));
            }
        }
    }
    for (k, finder) in others.iter().enumerate() {
        if let Some(finder) = finder {
            places.extend(finder.find_iter(bytes).map(|at| (k, at)));
        }
    }
    // By phrase; the sort is stable, so each phrase's places stay in text order.
    places.sort_by_key(|&(k, _)| k);
    places
}

/// Words that may stand between a phrase and its figure (`政府采购预算总额3,084.19万元`,
/// `机关运行经费财政拨款预算84.97万元`), by subject; a figure after anything else is not the
/// phrase's (`一般公共预算财政拨款支出年初预算为…` states the budget, not the final figure).
fn filler(subject: Subject) -> &'static [&'static str] {
    match subject {
        Subject::Procurement => &[
            "预算总额",
            "支出总额",
            "预算金额",
            "合同金额",
            "总额",
            "预算",
            "金额",
            "共计",
            "合计",
            "为",
            "是",
            "：",
            ":",
        ],
        Subject::OperatingCosts => &[
            "财政拨款预算",
            "财政拨款支出",
            "预算",
            "支出",
            "共计",
            "合计",
            "为",
            "是",
            "：",
            ":",
        ],
        _ => &["共计", "合计", "为", "是", "：", ":"],
    }
}

/// The table figure a subject names.
fn headlines(totals: &Totals, subject: Subject) -> Vec<&Headline> {
    fn one(h: &Option<Headline>) -> Vec<&Headline> {
        h.iter().collect()
    }
    match subject {
        Subject::Appropriation => one(&totals.appropriation_total),
        Subject::IncomeExpenditure => totals
            .income_total
            .iter()
            .chain(totals.expenditure_total.iter())
            .collect(),
        Subject::Income => one(&totals.income_total),
        Subject::Expenditure => one(&totals.expenditure_total),
        Subject::GeneralBudget => one(&totals.general_budget_expenditure),
        Subject::OperatingCosts => one(&totals.operating_costs),
        Subject::Procurement => one(&totals.procurement),
    }
}

/// One phrase found in a sentence: its subject, and where it ends (bytes of the squeezed run).
#[derive(Debug, Clone, Copy)]
struct Mention {
    subject: Subject,
    phrase: &'static str,
    start: usize,
    end: usize,
}

/// The phrases of `sentence` (at byte `base` of its run), a shorter one inside a longer one
/// left out.
fn mentions(sentence: &str, base: usize) -> Vec<Mention> {
    let mut found: Vec<Mention> = Vec::new();
    for (k, start) in phrase_places(sentence) {
        let Some(&(phrase, subject)) = PHRASES.get(k) else {
            continue;
        };
        let end = start + phrase.len();
        let inside = found
            .iter()
            .any(|m| m.start <= base + start && base + end <= m.end);
        if !inside {
            found.push(Mention {
                subject,
                phrase,
                start: base + start,
                end: base + end,
            });
        }
    }
    found.sort_by_key(|m| m.start);
    found
}

/// The sentences of a squeezed run as byte ranges, each ending after its `。`.
pub(super) fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    // The bytes of `。` are found only where the character is (UTF-8 is self-synchronising).
    for i in memchr::memmem::find_iter(text.as_bytes(), "。") {
        out.push((start, i + '。'.len_utf8()));
        start = i + '。'.len_utf8();
    }
    if start < text.len() {
        out.push((start, text.len()));
    }
    out
}

/// Words before a phrase that make its figure a part or another scope's total.
const PART_WORDS: &[&str] = &[
    "其中",
    "一般公共预算",
    "政府性基金",
    "国有资本经营",
    "财政拨款",
    "财政专户",
];

/// A searcher for each of [`PART_WORDS`], built once: `str::contains` would set one up for
/// each word of each mention.
static PART_FINDERS: LazyLock<Vec<Finder<'static>>> =
    LazyLock::new(|| PART_WORDS.iter().map(Finder::new).collect());

/// The byte offset of the last `，`, `；` or `,` of `s`. Found by their last bytes, without
/// decoding the characters before them: in UTF-8, a byte 0x8C or 0x9B after 0xEF 0xBC is the
/// end of `，` or `；`.
fn last_clause_mark(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut end = bytes.len();
    while let Some(i) = memchr::memrchr3(b',', 0x8C, 0x9B, bytes.get(..end)?) {
        if bytes.get(i) == Some(&b',') {
            return Some(i);
        }
        if let Some(start) = i.checked_sub(2)
            && bytes.get(start..i) == Some(&[0xEF, 0xBC][..])
        {
            return Some(start);
        }
        end = i;
    }
    None
}

/// The years written in `s` (`2024年`).
fn years(s: &str) -> Vec<u16> {
    crate::meta::years_in(s)
        .into_iter()
        .map(|(y, _)| y)
        .collect()
}

/// The money figure right after a mention, past its subject's filler words.
fn figure_after(text: &str, m: &Mention) -> Option<(crate::prose::Quantity, usize)> {
    let mut at = m.end;
    loop {
        let rest = text.get(at..)?;
        if let Some((q, _)) = money_at(rest) {
            return Some((q, at));
        }
        let word = filler(m.subject).iter().find(|w| rest.starts_with(**w))?;
        at += word.len();
    }
}

/// `prose.total` and `prose.comparison`, over the prose runs of `d`
/// ([`super::verdict::prose_runs`]).
pub(crate) fn prose_totals(
    d: &Disclosure,
    runs: &[Squeezed],
    totals: &Totals,
    sure: &Sureness<'_>,
    out: &mut Vec<Finding>,
) {
    let year = d.metadata.year;
    for sq in runs {
        let text = sq.text.as_str();
        let ranges = sentences(text);
        // The phrases are searched for in the whole run, once: none holds `。`, so each
        // mention lies in one sentence, and a sentence's are those found as if searched alone.
        let all = mentions(text, 0);
        // The mentions are sorted by start and the sentences follow each other: each
        // sentence's mentions are the next ones, found by moving on from the last sentence's.
        let mut first = 0;
        for (k, &(s, e)) in ranges.iter().enumerate() {
            let Some(sentence) = text.get(s..e) else {
                continue;
            };
            let next = ranges
                .get(k + 1)
                .and_then(|&(ns, ne)| Some((ns, text.get(ns..ne)?)));
            first += all
                .get(first..)
                .unwrap_or_default()
                .iter()
                .take_while(|m| m.start < s)
                .count();
            let here = all
                .get(first..)
                .unwrap_or_default()
                .iter()
                .take_while(|m| m.start < e);
            for m in here.filter(|m| m.end <= e).copied() {
                // A clause about another year (`2023年收入总计为…`) is not the document's figure.
                let clause_start = text
                    .get(s..m.start)
                    .and_then(|b| last_clause_mark(b).map(|p| s + p))
                    .unwrap_or(s);
                let clause = text.get(clause_start..m.start).unwrap_or("");
                if let Some(y) = year
                    && years(clause).iter().any(|c| *c != y)
                {
                    continue;
                }
                // `其中一般公共预算拨款政府采购…`, `本单位财政拨款收入总计…`: a part of the
                // figure, or another scope's. (Only the words just before the phrase: a
                // heading without a full stop runs into the sentence after it.)
                let near = clause
                    .char_indices()
                    .rev()
                    .nth(11)
                    .and_then(|(i, _)| clause.get(i..))
                    .unwrap_or(clause);
                if PART_FINDERS
                    .iter()
                    .any(|f| f.find(near.as_bytes()).is_some())
                {
                    continue;
                }
                if let Some((q, at)) = figure_after(text, &m) {
                    stated_figure(d, sq, totals, sure, &m, &q, at, out);
                }
                comparison(sq, sentence, s, next, &m, out);
            }
        }
    }
}

/// `prose.total`: the figure stated after a mention against the table figure.
#[allow(clippy::too_many_arguments)]
fn stated_figure(
    d: &Disclosure,
    sq: &Squeezed,
    totals: &Totals,
    sure: &Sureness<'_>,
    m: &Mention,
    q: &crate::prose::Quantity,
    at: usize,
    out: &mut Vec<Finding>,
) {
    let Some(prose_yuan) = q.to_yuan() else {
        return;
    };
    let candidates = headlines(totals, m.subject);
    let prose_half = Tolerance::half_unit(q.value.scale())
        .checked_mul(prose_yuan.checked_div(q.value).unwrap_or(Decimal::ONE))
        .unwrap_or(Decimal::ZERO);
    let mut first: Option<(&Headline, Decimal)> = None;
    for h in &candidates {
        let (Some(unit), Some(table_yuan)) = (h.unit, h.to_yuan()) else {
            continue;
        };
        let table_half = Tolerance::half_unit(h.amount.scale())
            .checked_mul(unit.yuan_per_unit())
            .unwrap_or(Decimal::ZERO);
        let Some(diff) = prose_yuan.checked_sub(table_yuan) else {
            continue;
        };
        if diff.abs() <= table_half.max(prose_half) {
            return;
        }
        first.get_or_insert((h, table_yuan));
    }
    let Some((h, table_yuan)) = first else {
        return;
    };
    let Some(table) = d.document.tables.get(h.table) else {
        return;
    };
    let line = sq.line_at(at);
    let unit = h.unit.map_or("", |u| u.as_str());
    let finding = Finding::new(
        RuleId::ProseTotal,
        if h.sure {
            Severity::Error
        } else {
            Severity::Warning
        },
        format!(
            "the text states {} {}{}, but {} prints {} {unit}",
            m.phrase,
            q.value,
            q.unit,
            title_of(table),
            h.amount
        ),
    )
    .in_table(title_of(table))
    .with_figures(
        Figure {
            label: format!("table: {}", m.phrase),
            value: table_yuan,
            unit: Some(Unit::Money(AmountUnit::Yuan)),
            line: Some(h.line),
        },
        Figure {
            label: format!("prose: {}", m.phrase),
            value: prose_yuan,
            unit: Some(Unit::Money(AmountUnit::Yuan)),
            line: Some(line),
        },
    );
    out.push(if h.sure {
        finding
    } else {
        sure.judge(finding, &[table])
    });
}

/// Words of a change, by direction, as the reasons given for a change use them.
const MORE: &[&str] = &["增加", "增长", "上升", "提高", "新增", "增多", "扩大"];
const LESS: &[&str] = &[
    "减少", "下降", "降低", "压减", "缩减", "减支", "节约", "压缩",
];
const FLAT: &[&str] = &["持平", "无变化", "没有变化", "保持不变", "无增减"];

/// The direction word said of a mention: the first of them after it, before the next
/// mention's phrase or the end of the sentence.
fn direction_after(sentence: &str, from: usize) -> Option<(Direction, &'static str, usize)> {
    let rest = sentence.get(from..)?;
    let mut best: Option<(Direction, &'static str, usize)> = None;
    for &(dir, w, ref finder) in DIRECTION_FINDERS.iter() {
        if let Some(p) = finder.find(rest.as_bytes())
            && best.is_none_or(|(_, _, b)| p < b)
        {
            best = Some((dir, w, p));
        }
    }
    best.map(|(d, w, p)| (d, w, from + p))
}

/// The words of [`FLAT`], [`MORE`] and [`LESS`] in that order, each with its direction and a
/// searcher built once: every mention's sentence is searched for all of them.
static DIRECTION_FINDERS: LazyLock<Vec<(Direction, &'static str, Finder<'static>)>> =
    LazyLock::new(|| {
        [
            (FLAT, Direction::Flat),
            (MORE, Direction::Increase),
            (LESS, Direction::Decrease),
        ]
        .into_iter()
        .flat_map(|(words, dir)| words.iter().map(move |w| (dir, *w, Finder::new(w))))
        .collect()
    });

/// The reasons given after a comparison: from `原因` to the end of its sentence, in this
/// sentence or the next one.
fn reasons<'a>(
    sentence: &'a str,
    after: usize,
    next: Option<(usize, &'a str)>,
) -> Option<(&'a str, usize)> {
    if let Some(p) = sentence.get(after..).and_then(|r| r.find("原因")) {
        // The reasons of this comparison only: none other stands between them
        // (`…减少53.7万元；…决算数大于预算数…，主要原因：…` explains the second).
        let between = sentence.get(after..after + p)?;
        let other = ["；", ";", "决算数", "预算数", "大于", "小于", "完成"]
            .iter()
            .chain(MORE)
            .chain(LESS)
            .chain(FLAT)
            .any(|w| between.contains(w));
        if other {
            return None;
        }
        let at = after + p;
        return Some((sentence.get(at..)?, at));
    }
    let (ns, n) = next?;
    let p = n.find("原因")?;
    // The next sentence gives reasons only when it starts with them (`主要原因：…`).
    if p > "增减变化的主要".len() {
        return None;
    }
    Some((n.get(p..)?, ns + p))
}

/// `prose.comparison`: a comparison word against the reasons given for it.
fn comparison(
    sq: &Squeezed,
    sentence: &str,
    base: usize,
    next: Option<(usize, &str)>,
    m: &Mention,
    out: &mut Vec<Finding>,
) {
    let from = m.end.saturating_sub(base);
    // Only the words said of this mention: up to the next `，`-clause that names a figure of
    // another subject, at most the sentence.
    let Some((direction, word, at)) = direction_after(sentence, from) else {
        return;
    };
    let Some(between) = sentence.get(from..at) else {
        return;
    };
    // `…总计0.3万元，其中…增加…` : a direction word several clauses on is someone else's.
    if between.matches(['，', '；']).count() > 1 {
        return;
    }
    let Some((why, why_at)) = reasons(
        sentence,
        at + word.len(),
        next.map(|(ns, n)| (ns - base, n)),
    ) else {
        return;
    };
    let more: Vec<&str> = MORE.iter().copied().filter(|w| why.contains(w)).collect();
    let less: Vec<&str> = LESS.iter().copied().filter(|w| why.contains(w)).collect();
    let contradiction = match direction {
        Direction::Flat => match (more.first(), less.first()) {
            (Some(w), None) | (None, Some(w)) => Some(*w),
            _ => None,
        },
        Direction::Increase => less.first().filter(|_| more.is_empty()).copied(),
        Direction::Decrease => more.first().filter(|_| less.is_empty()).copied(),
    };
    let Some(reason_word) = contradiction else {
        return;
    };
    let word_line = sq.line_at(base + at);
    let reason_line = sq.line_at(base + why_at + why.find(reason_word).unwrap_or(0));
    let excerpt: String = why.chars().take(60).collect();
    out.push(
        Finding::new(
            RuleId::ProseComparison,
            Severity::Warning,
            format!(
                "the text says {}{word}, but the reason it gives speaks of a change the other way (“{reason_word}”): “{excerpt}”",
                m.phrase
            ),
        )
        .at_lines([word_line, reason_line]),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`phrase_places`] finds every place of a phrase as a search from the end of its last
    /// place does only when no phrase begins with an end of itself.
    #[test]
    fn no_phrase_overlaps_itself() {
        for (p, _) in PHRASES {
            for (i, _) in p.char_indices().skip(1) {
                let tail = p.get(i..).unwrap_or_default();
                assert!(!p.starts_with(tail), "{p}");
            }
        }
    }

    proptest::proptest! {
        /// The places of the phrases are those each phrase's own search finds.
        #[test]
        fn phrase_places_are_each_phrases_search(
            s in "[财政拨款收入支出总计一般公共预算机关运行经费采购,。a]{0,40}"
        ) {
            let mut expected = Vec::new();
            for (k, (p, _)) in PHRASES.iter().enumerate() {
                expected.extend(s.match_indices(p).map(|(at, _)| (k, at)));
            }
            proptest::prop_assert_eq!(phrase_places(&s), expected);
        }
    }

    #[test]
    fn no_phrase_holds_a_full_stop() {
        // `prose_totals` searches a whole run and takes each sentence's mentions from it.
        assert!(PHRASES.iter().all(|(p, _)| !p.contains('。')));
    }

    proptest::proptest! {
        #[test]
        fn sentences_end_after_each_full_stop(s in "[。.a收入总计年\u{3002}\u{3000}]{0,30}") {
            let mut expected = Vec::new();
            let mut start = 0;
            for (i, c) in s.char_indices() {
                if c == '。' {
                    expected.push((start, i + c.len_utf8()));
                    start = i + c.len_utf8();
                }
            }
            if start < s.len() {
                expected.push((start, s.len()));
            }
            proptest::prop_assert_eq!(sentences(&s), expected);
        }

        /// The last clause mark is the one `str::rfind` finds, among characters that share
        /// its bytes (`，` EF BC 8C, `；` EF BC 9B, `＜` EF BC 9C, `ｌ` EF BD 8C, `팛` ED 8C 9B).
        #[test]
        fn last_clause_mark_is_rfind(s in "[，；,＜ｌ팛a年\u{8c}\u{9b}\u{38c}]{0,30}") {
            proptest::prop_assert_eq!(last_clause_mark(&s), s.rfind(['，', '；', ',']));
        }
    }

    #[test]
    fn mentions_keep_the_longest_phrase() {
        let s = "本部门财政拨款收入支出总计0.3万元，收入总计12万元。";
        let found: Vec<&str> = mentions(s, 0).iter().map(|m| m.phrase).collect();
        assert_eq!(found, ["财政拨款收入支出总计", "收入总计"]);
    }

    #[test]
    fn figures_after_filler_words_only() {
        let text = "政府采购预算总额3,084.19万元";
        let m = mentions(text, 0)[0];
        assert_eq!(
            figure_after(text, &m).unwrap().0.value,
            Decimal::new(308_419, 2)
        );
        let text = "一般公共预算财政拨款支出年初预算为2993.92万元";
        let m = mentions(text, 0)[0];
        assert!(figure_after(text, &m).is_none());
    }
}
