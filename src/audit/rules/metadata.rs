//! `meta.year`, `meta.placeholder` and `meta.as_of_year`: the document's year and template
//! leftovers.

use std::sync::LazyLock;

use memchr::memmem::Finder;

use super::verdict::Squeezed;
use crate::Disclosure;
use crate::audit::{Finding, RuleId, Severity};
use crate::meta::years_in;

/// `meta.year` and `meta.placeholder`; `runs` are the prose runs of `d`
/// ([`super::verdict::prose_runs`]).
pub(crate) fn metadata(d: &Disclosure, runs: &[Squeezed], out: &mut Vec<Finding>) {
    if let Some(year) = d.metadata.year {
        prose_years(d, runs, year, out);
        for table in &d.document.tables {
            let Some(title) = &table.title else { continue };
            for (y, _) in years_in(title) {
                if y != year {
                    out.push(
                        Finding::new(
                            RuleId::MetaYear,
                            Severity::Warning,
                            format!(
                                "the title “{title}” names {y}, but the document is for {year}"
                            ),
                        )
                        .in_table(title.clone())
                        .at_lines([table.first_line]),
                    );
                }
            }
        }
    }
    // Only lines with an `X` can hold a placeholder: find those, counting lines on the way.
    let text = d.prepared.text.as_str();
    let bytes = text.as_bytes();
    let mut line_no = 0usize;
    let mut counted_to = 0usize;
    let mut from = 0usize;
    while let Some(hit) = bytes
        .get(from..)
        .and_then(|rest| memchr::memchr2(b'X', b'x', rest))
    {
        let at = from + hit;
        let start =
            memchr::memrchr(b'\n', bytes.get(..at).unwrap_or_default()).map_or(0, |p| p + 1);
        let end = bytes
            .get(at..)
            .and_then(|rest| memchr::memchr(b'\n', rest))
            .map_or(bytes.len(), |p| at + p);
        line_no +=
            memchr::memchr_iter(b'\n', bytes.get(counted_to..start).unwrap_or_default()).count();
        counted_to = start;
        from = end + 1;
        let Some(line) = text.get(start..end) else {
            break;
        };
        let line = line.strip_suffix('\r').unwrap_or(line);
        let i = line_no;
        // Only ASCII `x` matters (no other character upper-cases to an ASCII `X`), so the
        // ASCII upper-casing, which copies the line once without decoding it, is enough.
        let upper = line.to_ascii_uppercase();
        let found = ["XXXX", "XX局", "XX单位", "XX部门"]
            .iter()
            .filter_map(|p| upper.find(p))
            .min();
        if let Some(pos) = found {
            out.push(
                Finding::new(
                    RuleId::MetaPlaceholder,
                    Severity::Warning,
                    format!(
                        "a template placeholder is left in: “{}”",
                        excerpt(line, pos)
                    ),
                )
                .at_lines([i + 1]),
            );
        }
    }
}

/// The text around byte `pos` of `line`: at most 20 characters either side, trimmed, with
/// `…` where the line goes on (a placeholder in a 6 KB line is quoted, not the line).
fn excerpt(line: &str, pos: usize) -> String {
    let before: Vec<(usize, char)> = line.get(..pos).unwrap_or("").char_indices().collect();
    let from = before
        .len()
        .checked_sub(20)
        .and_then(|i| before.get(i))
        .map_or(0, |&(b, _)| b);
    let to = line
        .get(pos..)
        .unwrap_or("")
        .char_indices()
        .nth(24)
        .map_or(line.len(), |(b, _)| pos + b);
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    out.push_str(line.get(from..to).unwrap_or(line).trim());
    if to < line.len() {
        out.push('…');
    }
    out
}

/// The month written after a year at the start of `tail` (`2025年12月31日` → 12).
fn month_after_year(tail: &str) -> Option<u32> {
    let after = tail.get(tail.find('年')? + '年'.len_utf8()..)?;
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    after
        .get(digits.len()..)?
        .starts_with('月')
        .then(|| digits.parse().ok())
        .flatten()
}

/// Searchers for `截`, `截至` and `截止`, built once: the whole prose is searched for them (the
/// last UTF-8 byte of `截` is common in Chinese text, which makes `str::find` slow).
static AS_OF_FINDERS: LazyLock<(Finder<'static>, Finder<'static>, Finder<'static>)> =
    LazyLock::new(|| (Finder::new("截"), Finder::new("截至"), Finder::new("截止")));

/// `meta.as_of_year`: `截至…年…月…日` names a year the document may speak of: for a budget of
/// year Y, Y − 1 (the state before the year: `截至2025年12月31日，本部门共有车辆…`) or Y; for a
/// final account of Y, Y at the year's end (`截至2024年12月31日`), or Y or Y + 1 for a date
/// within a year (the date of writing).
///
/// The prose is read with line breaks and spaces removed (`截至 2025 年 12 月 31 日`): `runs`
/// are the prose runs of `d` ([`super::verdict::prose_runs`]).
pub(crate) fn as_of_dates(d: &Disclosure, runs: &[Squeezed], out: &mut Vec<Finding>) {
    let Some(year) = d.metadata.year else { return };
    let final_account = d.metadata.kind == Some(crate::meta::AccountKind::FinalAccount);
    // Both markers start with 截: runs without it are skipped.
    if !d
        .document
        .prose
        .iter()
        .any(|p| AS_OF_FINDERS.0.find(p.text.as_bytes()).is_some())
    {
        return;
    }
    for sq in runs {
        let text = sq.text.as_str();
        for (marker, finder) in [("截至", &AS_OF_FINDERS.1), ("截止", &AS_OF_FINDERS.2)] {
            for pos in finder.find_iter(text.as_bytes()) {
                let at = pos + marker.len();
                // The year must come first: `截至目前`, `截止日期` name none.
                if !text.as_bytes().get(at).is_some_and(u8::is_ascii_digit) {
                    continue;
                }
                let tail: String = text.get(at..).unwrap_or("").chars().take(12).collect();
                let Some((y, 1)) = years_in(&tail).into_iter().next() else {
                    continue;
                };
                let year_end = month_after_year(&tail) == Some(12)
                    || tail.contains("年底")
                    || tail.contains("年末");
                let ok = match (final_account, year_end) {
                    (true, true) => y == year,
                    (true, false) => y == year || y == year.saturating_add(1),
                    (false, _) => y == year || y == year.saturating_sub(1),
                };
                if ok {
                    continue;
                }
                let shown: String = tail
                    .chars()
                    .take_while(|c| *c != '，' && *c != ',')
                    .collect();
                out.push(
                    Finding::new(
                        RuleId::MetaAsOfYear,
                        Severity::Warning,
                        format!(
                            "“{marker}{shown}” names {y}, but the document is the {} of {year}",
                            if final_account {
                                "final account"
                            } else {
                                "budget"
                            }
                        ),
                    )
                    .at_lines([sq.line_at(at)]),
                );
            }
        }
    }
}

/// A prose line that is a heading: a section title (`第一部分 …`, `一、…`, `（一）…`) or the
/// document's title among its first lines, short and without sentence punctuation inside.
fn is_heading(line: &str, line_no: usize) -> bool {
    let t = line.trim().trim_start_matches('#').trim();
    let n = t.chars().count();
    if n == 0 || n > 40 {
        return false;
    }
    let body = t.trim_end_matches(['。', '：', ':']);
    if body.contains(['，', '。', '；', ',', ';']) {
        return false;
    }
    let mut chars = t.chars();
    let (first, second) = (chars.next(), chars.next());
    let third = chars.next();
    let numeral = |c: Option<char>| c.is_some_and(crate::prose::is_numeral);
    let numbered = (t.starts_with('第') && t.contains("部分"))
        || (matches!(first, Some('（' | '('))
            && numeral(second)
            && matches!(third, Some('）' | ')')))
        || (numeral(first) && (second == Some('、') || (numeral(second) && third == Some('、'))));
    let title = line_no <= 10 && (t.contains("预算") || t.contains("决算"));
    numbered || title
}

/// Words that make a year other than the document's belong in a heading (`与上年对比`,
/// `2025年预算执行情况`).
const OTHER_YEAR_WORDS: &[&str] = &[
    "比", "较", "相比", "对比", "上年", "执行", "增减", "变动", "结转",
];

/// The words before a year that compare with it (`与2023年相比`, `比2025年`, `较…`, `同期`).
const COMPARISON_MARKERS: [&str; 4] = ["与", "比", "较", "同"];

/// Each place of `text` where one of [`COMPARISON_MARKERS`] is followed at once by ASCII
/// digits and `年`, as (marker, byte after the marker), by marker (in their order) then by
/// place. A year read at the start of the text after a marker needs both (the squeezed text
/// has no spaces), so one search for `年`, less common than the four markers together, finds
/// every place a search for each marker would keep (a test holds them equal).
fn comparison_places(text: &str) -> Vec<(&'static str, usize)> {
    let bytes = text.as_bytes();
    let mut places: Vec<(usize, usize)> = Vec::new();
    for nian in YEAR_FINDER.find_iter(bytes) {
        let before = bytes.get(..nian).unwrap_or_default();
        let digits = before
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits == 0 {
            continue;
        }
        let at = nian - digits;
        let ahead = bytes.get(..at).unwrap_or_default();
        if let Some(k) = COMPARISON_MARKERS
            .iter()
            .position(|m| ahead.ends_with(m.as_bytes()))
        {
            places.push((k, at));
        }
    }
    places.sort_unstable();
    places
        .into_iter()
        .filter_map(|(k, at)| Some((*COMPARISON_MARKERS.get(k)?, at)))
        .collect()
}

/// A searcher for `年`, built once: every line of the prose is looked at for it (its last
/// UTF-8 byte is common in Chinese text, which makes `str::contains` slow).
static YEAR_FINDER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("年"));

/// `meta.year` in the prose: headings name the document's year (a year before it only where
/// the heading compares or looks back); comparisons (`与2023年相比`, `比2025年`, `较…`) name the
/// year before (a budget may compare with the last final account, two years before, `比2023年
/// 决算`).
fn prose_years(d: &Disclosure, runs: &[Squeezed], year: u16, out: &mut Vec<Finding>) {
    let final_account = d.metadata.kind == Some(crate::meta::AccountKind::FinalAccount);
    for p in &d.document.prose {
        let text = p.text.as_str();
        let bytes = text.as_bytes();
        // Only lines with a `年` can name a year: they are found by it, the line breaks
        // before them counted on the way.
        let (mut i, mut counted_to, mut line_end) = (0, 0, 0);
        for at in YEAR_FINDER.find_iter(bytes) {
            if at < line_end {
                continue;
            }
            let start =
                memchr::memrchr(b'\n', bytes.get(..at).unwrap_or_default()).map_or(0, |n| n + 1);
            line_end = bytes
                .get(at..)
                .and_then(|rest| memchr::memchr(b'\n', rest))
                .map_or(bytes.len(), |n| at + n);
            i += memchr::memchr_iter(b'\n', bytes.get(counted_to..start).unwrap_or_default())
                .count();
            counted_to = start;
            let Some(line) = text.get(start..line_end) else {
                break;
            };
            // As `str::lines` gives it: without the `\r` of a `\r\n`.
            let line = if line_end < bytes.len() {
                line.strip_suffix('\r').unwrap_or(line)
            } else {
                line
            };
            let line_no = p.first_line + i;
            if !is_heading(line, line_no) {
                continue;
            }
            let looks_back = OTHER_YEAR_WORDS.iter().any(|w| line.contains(w));
            for (y, _) in years_in(line) {
                if y == year || (y == year.saturating_sub(1) && looks_back) {
                    continue;
                }
                out.push(
                    Finding::new(
                        RuleId::MetaYear,
                        Severity::Warning,
                        format!(
                            "the heading “{}” names {y}, but the document is for {year}",
                            line.trim()
                        ),
                    )
                    .at_lines([line_no]),
                );
            }
        }
    }
    for sq in runs {
        let text = sq.text.as_str();
        for (marker, at) in comparison_places(text) {
            // The year must follow the marker at once (the squeezed text has no spaces).
            if !text.as_bytes().get(at).is_some_and(u8::is_ascii_digit) {
                continue;
            }
            // The next 12 characters, borrowed: most markers are not followed by a year.
            let rest = text.get(at..).unwrap_or("");
            let tail = rest
                .get(..rest.char_indices().nth(12).map_or(rest.len(), |(i, _)| i))
                .unwrap_or(rest);
            let Some((y, 1)) = years_in(tail).into_iter().next() else {
                continue;
            };
            // `与2023年相比`, `与2023年度相比`, `比2023年`, `较2023年…`: a comparison.
            let after_year = tail
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .trim_start_matches(['年', '度']);
            let comparison =
                marker != "与" || after_year.starts_with("相比") || after_year.starts_with("对比");
            if !comparison || (marker == "同" && !after_year.starts_with('期')) {
                continue;
            }
            let ok = y == year.saturating_sub(1)
                || (!final_account && y == year.saturating_sub(2) && after_year.contains("决算"));
            if ok {
                continue;
            }
            out.push(
                Finding::new(
                    RuleId::MetaYear,
                    Severity::Warning,
                    format!(
                        "the text compares with {y} (“{marker}{tail}”), but the document is the {} of {year}: it should compare with {}",
                        if final_account { "final account" } else { "budget" },
                        year.saturating_sub(1)
                    ),
                )
                .at_lines([sq.line_at(at)]),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The places of each marker followed by a digit, as a search for each marker finds them.
    fn places_by_marker(text: &str) -> Vec<(&'static str, usize)> {
        let mut out = Vec::new();
        for marker in COMPARISON_MARKERS {
            for (pos, _) in text.match_indices(marker) {
                let at = pos + marker.len();
                if text.as_bytes().get(at).is_some_and(u8::is_ascii_digit) {
                    out.push((marker, at));
                }
            }
        }
        out
    }

    proptest::proptest! {
        /// [`comparison_places`] keeps, in the same order, every place of a marker followed
        /// at once by a year at the start of the text after it.
        #[test]
        fn comparison_places_are_the_markers_followed_by_a_year(
            text in "[与比较同年度相决算0-9a。，]{0,40}"
        ) {
            let year_first = |&(_, at): &(&str, usize)| {
                let rest = text.get(at..).unwrap_or("");
                let tail = rest
                    .get(..rest.char_indices().nth(12).map_or(rest.len(), |(i, _)| i))
                    .unwrap_or(rest);
                matches!(crate::meta::years_in(tail).first(), Some((_, 1)))
            };
            let fast: Vec<_> = comparison_places(&text).into_iter().filter(year_first).collect();
            let slow: Vec<_> = places_by_marker(&text).into_iter().filter(year_first).collect();
            proptest::prop_assert_eq!(fast, slow);
        }
    }

    /// The places of a real comparison and of markers not followed by a year.
    #[test]
    fn comparison_places_of_a_sentence() {
        let text = "与2023年相比，比上年增加5万元，较2022年度决算，同期，同2021年，比12345";
        let places = comparison_places(text);
        let words: Vec<(&str, &str)> = places
            .iter()
            .map(|&(m, at)| (m, text.get(at..at + 4).unwrap_or("")))
            .collect();
        assert_eq!(words, [("与", "2023"), ("较", "2022"), ("同", "2021")]);
    }
}
