//! The document's lines: split at line breaks (and a web page written on one line split into
//! its blocks), each with the kind of table material it can be.

use std::cell::OnceCell;

use crate::caption::{TitleInfo, title_info};
use crate::cell::{trim_line, trim_ws};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineKind {
    /// Nothing but whitespace and no tab.
    Blank,
    /// A tab-indented empty cell (`\t`, `\t  `).
    EmptyCell,
    /// A tab-indented single cell (`\t科目编码`).
    Single,
    /// Cells separated by tabs.
    Tabbed,
    /// A markdown pipe-table line.
    Pipe,
    /// A comma-separated row (marked by the CSV reader after the split).
    Csv,
    /// A further line of a comma-separated row whose quoted cell holds line breaks.
    CsvMore,
    /// A comma-separated row with no content (`,,,,`) among a spreadsheet's title rows.
    CsvBlank,
    /// Anything else.
    Text,
}

pub(crate) struct Line<'a> {
    pub no: usize,
    /// The line without `\r` and form feeds.
    pub text: &'a str,
    pub kind: LineKind,
    /// The line began with a form feed (page break).
    pub form_feed: bool,
    /// Characters of the real line before `text` (not 0 only for the blocks of a web
    /// page written on one line, see [`html_segments`]).
    pub col0: usize,
    /// `title_info(text)`, computed on first use (the scanner asks for it
    /// more than once per line).
    title: OnceCell<Option<TitleInfo>>,
}

impl Line<'_> {
    /// What the line says as a table title (memoised [`title_info`]).
    pub(crate) fn title(&self) -> Option<&TitleInfo> {
        self.title.get_or_init(|| title_info(self.text)).as_ref()
    }
}

fn classify_line(text: &str) -> LineKind {
    let b = text.as_bytes();
    // Only "no tab", "one leading tab" and "other" matter: at most two searches.
    let tabs = match memchr::memchr(b'\t', b) {
        None => 0,
        Some(0) => 1 + usize::from(memchr::memchr(b'\t', b.get(1..).unwrap_or(&[])).is_some()),
        Some(_) => 2,
    };
    if tabs == 0 {
        // Space-aligned lines start with long runs of spaces: skipped eight at a time.
        let t = trim_line(text);
        if t.is_empty() {
            return LineKind::Blank;
        }
        // `| a | b |`, or a page's text that drops the leading bar: `项 目 | 本年预算数 |`.
        if t.starts_with('|') && t.len() > 1 && t[1..].contains('|') {
            return LineKind::Pipe;
        }
        if let Some(inner) = t.strip_suffix('|') {
            if inner.contains('|')
                && !inner.trim_start().starts_with('|')
                && inner.chars().any(|c| c != '|' && !c.is_whitespace())
            {
                return LineKind::Pipe;
            }
        }
        return LineKind::Text;
    }
    if tabs == 1 && b.first() == Some(&b'\t') {
        if trim_ws(text).is_empty() {
            return LineKind::EmptyCell;
        }
        return LineKind::Single;
    }
    LineKind::Tabbed
}

pub(crate) fn split_lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::with_capacity(text.len() / 40 + 1);
    let mut segments = Vec::new();
    for (i, raw) in LineSplit::new(text).enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let form_feed = raw.starts_with('\u{c}');
        let t = raw.trim_start_matches('\u{c}');
        if html_segments(t, &mut segments) {
            // A web page written on one line: one `Line` per block, each knowing
            // where it starts in the real line.
            let lead = raw.len() - t.len();
            let mut chars = 0;
            let mut pos = 0;
            for (n, &(s, e)) in segments.iter().enumerate() {
                chars += t.get(pos..s).map_or(0, |p| p.chars().count());
                pos = s;
                let seg = t.get(s..e).unwrap_or_default();
                out.push(Line {
                    no: i + 1,
                    text: seg,
                    kind: classify_line(seg),
                    form_feed: form_feed && n == 0,
                    col0: lead + chars,
                    title: OnceCell::new(),
                });
            }
            continue;
        }
        out.push(Line {
            no: i + 1,
            text: t,
            kind: classify_line(t),
            form_feed,
            col0: 0,
            title: OnceCell::new(),
        });
    }
    // A trailing newline does not make an extra line.
    if text.ends_with('\n') {
        out.pop();
    }
    out
}

/// A web page (or part of one) written on one line, as minified HTML is: the
/// byte ranges of its blocks, cut before each `<table` and after its `</table>`,
/// and, outside tables, before each block-level opening tag (`<p`, `<h2`,
/// `<div`, `<li`, `<br`, `<title`) and after each closing one. Whitespace-only
/// pieces are dropped. False (and `out` untouched) when the line is not such a
/// page or is one block already.
fn html_segments(t: &str, out: &mut Vec<(usize, usize)>) -> bool {
    let b = t.as_bytes();
    // Most lines hold no `<` at all: the SIMD search ends at once.
    if b.len() < 40
        || !memchr::memchr_iter(b'<', b).any(|i| {
            b.get(i + 1..i + 6)
                .is_some_and(|s| s.eq_ignore_ascii_case(b"table"))
        })
    {
        return false;
    }
    let lower_at = |i: usize, tag: &[u8]| {
        b.get(i..i + tag.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(tag))
    };
    let block_open = |i: usize| {
        [
            &b"<p>"[..],
            b"<p ",
            b"<h1",
            b"<h2",
            b"<h3",
            b"<h4",
            b"<h5",
            b"<h6",
            b"<div",
            b"<li",
            b"<br",
            b"<title",
        ]
        .iter()
        .any(|tag| lower_at(i, tag))
    };
    let block_close = |i: usize| {
        [
            &b"</p>"[..],
            b"</h1>",
            b"</h2>",
            b"</h3>",
            b"</h4>",
            b"</h5>",
            b"</h6>",
            b"</div>",
            b"</li>",
            b"</title>",
        ]
        .iter()
        .find(|tag| lower_at(i, tag))
        .map(|tag| tag.len())
    };
    let mut cuts = vec![0usize];
    let mut depth = 0usize;
    for i in memchr::memchr_iter(b'<', b) {
        if lower_at(i, b"<table") {
            if depth == 0 {
                cuts.push(i);
            }
            depth += 1;
        } else if lower_at(i, b"</table>") {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                cuts.push(i + b"</table>".len());
            }
        } else if depth == 0 {
            if block_open(i) {
                cuts.push(i);
            } else if let Some(n) = block_close(i) {
                cuts.push(i + n);
            }
        }
    }
    cuts.push(b.len());
    out.clear();
    for w in cuts.windows(2) {
        let (Some(&s), Some(&e)) = (w.first(), w.get(1)) else {
            continue;
        };
        if e > s && t.get(s..e).is_some_and(|seg| !trim_ws(seg).is_empty()) {
            out.push((s, e));
        }
    }
    if out.len() < 2 {
        out.clear();
        return false;
    }
    true
}

/// `text.split('\n')` with the SIMD `memchr` searcher.
struct LineSplit<'a> {
    rest: Option<&'a str>,
}

impl<'a> LineSplit<'a> {
    fn new(text: &'a str) -> Self {
        LineSplit { rest: Some(text) }
    }
}

impl<'a> Iterator for LineSplit<'a> {
    type Item = &'a str;
    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        match memchr::memchr(b'\n', rest.as_bytes()) {
            // `\n` is ASCII: both sides are on character boundaries.
            Some(p) => {
                self.rest = rest.get(p + 1..);
                rest.get(..p)
            }
            None => self.rest.take(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_kinds() {
        assert_eq!(classify_line("\t"), LineKind::EmptyCell);
        assert_eq!(classify_line("\t 20508"), LineKind::Single);
        assert_eq!(classify_line("\t\t合计"), LineKind::Tabbed);
        assert_eq!(classify_line("| a | b |"), LineKind::Pipe);
        assert_eq!(classify_line("   "), LineKind::Blank);
    }
}
