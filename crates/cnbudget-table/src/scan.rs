//! Finding tables in a document: line classification, captions (number,
//! title, issuer, unit), region extents per layout, prose and unplaced lines.

use std::borrow::Cow;
use std::cell::OnceCell;

use crate::Options;
use crate::build::{RawCell, RawRow, build_table, contents_from_table};
use crate::classify::{TitleInfo, clean, is_note, squash, strip_heading, title_info};
use crate::grammar::{bare_unit, scan_meta, split_ordinal, table_number_line, trim_line, trim_ws};
use crate::lexicon;
use crate::model::{
    AmountUnit, ContentsEntry, Document, Layout, Note, NoteFlag, Paragraph, Table, TableKind,
};

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
    /// A comma-separated row (see [`crate::csv`]).
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
    fn title(&self) -> Option<&TitleInfo> {
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
        let t = crate::grammar::trim_ws(text);
        if t.is_empty() {
            return LineKind::Blank;
        }
        if t.starts_with('|') && t.len() > 1 && t[1..].contains('|') {
            return LineKind::Pipe;
        }
        return LineKind::Text;
    }
    if tabs == 1 && b.first() == Some(&b'\t') {
        if crate::grammar::trim_ws(text).is_empty() {
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
    crate::csv::mark(&mut out);
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

fn memchr_count(b: &[u8], needle: u8) -> usize {
    memchr::memchr_iter(needle, b).count()
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

/// A page-break marker line.
fn is_page_marker(t: &str) -> bool {
    let s = trim_line(t);
    s.len() < 40 && (s.contains("PAGE_BREAK") || s.contains("PAGE BREAK"))
}

/// A space-aligned (`pdftotext -layout`) row: two or more gaps of 2+ spaces.
fn is_spaced(t: &str) -> bool {
    let s = trim_line(t);
    if s.len() > 2000 {
        return false;
    }
    let mut gaps = 0;
    let mut run = 0;
    for c in s.chars() {
        if c == ' ' || c == '\u{3000}' {
            run += 1;
        } else {
            if run >= 2 {
                gaps += 1;
            }
            run = 0;
        }
    }
    gaps >= 2
}

/// At least one gap of two or more spaces inside the line.
fn is_spaced_loose(t: &str) -> bool {
    let s = trim_line(t);
    s.len() <= 2000 && (s.contains("  ") || s.contains('\u{3000}'))
}

struct Start {
    title: Option<TitleInfo>,
    title_line: Option<usize>,
    number: Option<String>,
    issuer: Option<String>,
    unit: Option<AmountUnit>,
    notes: Vec<Note>,
    layout: Layout,
    /// Index (into lines) of the first line of table material.
    material: usize,
}

const LOOKAHEAD: usize = 40;

fn short_kv(t: &str) -> bool {
    let n = t.chars().count();
    n <= 50 && (t.contains('：') || t.contains(':')) && !t.ends_with('。')
}

fn year_line(t: &str) -> bool {
    if !t.contains('年') {
        return false;
    }
    let s = squash(t);
    let s = s.trim_matches(['(', ')']);
    s.chars().count() <= 12
        && s.contains('年')
        && s.chars().filter(char::is_ascii_digit).count() >= 4
}

/// Flattened material: the next three non-blank lines are short label-like cells.
fn flattened_plausible(lines: &[Line<'_>], from: usize) -> bool {
    let mut seen = 0;
    let mut blanks_between = 0;
    for l in lines.iter().skip(from).take(LOOKAHEAD) {
        match l.kind {
            LineKind::Blank => {
                blanks_between += 1;
                continue;
            }
            LineKind::Text => {}
            _ => return false,
        }
        let t = trim_line(l.text);
        let limit = if seen == 0 { 14 } else { 40 };
        if t.chars().count() > limit
            || t.contains(':')
            || t.contains('：')
            || t.starts_with('#')
            || title_info(t).is_some()
            || section_heading(t)
        {
            return false;
        }
        seen += 1;
        if seen == 3 {
            return blanks_between >= 2;
        }
    }
    false
}

/// A section heading that opens prose (`一、…情况说明`), not a table row.
fn prose_heading(t: &str) -> bool {
    let t = trim_line(t);
    // The cheap suffix test first (all the conditions are pure).
    (t.ends_with("说明") || t.ends_with("情况") || t.ends_with("概况") || t.ends_with("解释"))
        && (section_heading(t) || t.chars().count() <= 16)
        && !is_spaced_loose(t)
}

/// `一、…`, `（一）…`, `第一部分` — a section heading of the prose.
fn section_heading(t: &str) -> bool {
    let s = strip_heading(t);
    let mut it = s.chars();
    let first = it.next();
    match first {
        Some('第') => s.contains("部分"),
        Some(c) if lexicon::is_section_numeral(c) => {
            s.chars().find(|&c| !lexicon::is_section_numeral(c)) == Some('、')
        }
        _ => false,
    }
}

/// Is `lines[i]` the start of a table (its number or title line)?
///
/// `first_title` is `title_info(lines[i].text)`, already computed by the caller.
fn try_start(lines: &[Line<'_>], i: usize, first_title: Option<TitleInfo>) -> Option<Start> {
    let first = lines.get(i)?;
    if matches!(
        first.kind,
        LineKind::Tabbed | LineKind::Pipe | LineKind::Csv | LineKind::Blank | LineKind::EmptyCell
    ) {
        return None;
    }
    let mut st = Start {
        title: None,
        title_line: None,
        number: None,
        issuer: None,
        unit: None,
        notes: Vec::new(),
        layout: Layout::Tsv,
        material: i,
    };
    if let Some(n) = table_number_line(first.text) {
        st.number = Some(n);
    } else if let Some(t) = first_title {
        st.number = t.number.clone();
        st.title = Some(t);
        st.title_line = Some(first.no);
    } else {
        return None;
    }
    let mut unit_pending = false;
    // Title lines seen after the first: a caption has two or three (`附件3` / a heading / the
    // title); a run of many is a list (or hostile input) and is not looked through 40 lines
    // deep from every one of its lines.
    let mut more_titles = 0usize;
    for (j, l) in lines.iter().enumerate().skip(i + 1).take(LOOKAHEAD) {
        match l.kind {
            LineKind::Blank | LineKind::EmptyCell | LineKind::CsvBlank => continue,
            LineKind::Tabbed => {
                st.layout = Layout::Tsv;
                st.material = j;
                return Some(st);
            }
            LineKind::Pipe => {
                st.layout = Layout::Markdown;
                st.material = j;
                return Some(st);
            }
            LineKind::Csv => {
                st.layout = Layout::Csv;
                st.material = j;
                return Some(st);
            }
            _ => {}
        }
        let t = l.text;
        if t.len() > 400 {
            return None;
        }
        if t.contains("<table") {
            st.layout = Layout::Html;
            st.material = j;
            return Some(st);
        }
        if let Some(n) = table_number_line(t) {
            if st.title.is_some()
                && st
                    .number
                    .as_deref()
                    .is_some_and(|have| number_digits(have) != number_digits(&n))
            {
                return None;
            }
            st.number.get_or_insert(n);
            continue;
        }
        if let Some(ti) = l.title().cloned() {
            more_titles += 1;
            if more_titles > 6 {
                return None;
            }
            match &st.title {
                None => {
                    if ti.number.is_some() {
                        st.number
                            .get_or_insert(ti.number.clone().unwrap_or_default());
                    }
                    st.title = Some(ti);
                    st.title_line = Some(l.no);
                }
                Some(prev) => {
                    let same = prev.kind == ti.kind
                        || prev.kind == TableKind::Other
                        || ti.kind == TableKind::Other;
                    if !same {
                        return None;
                    }
                    // The later line is the table's own caption; the earlier a heading.
                    st.notes.push(Note {
                        line: st.title_line.unwrap_or(l.no),
                        text: prev.title.clone(),
                        flags: vec![NoteFlag::Caption],
                    });
                    if let Some(n) = &ti.number {
                        st.number.get_or_insert(n.clone());
                    }
                    let kind = if ti.kind == TableKind::Other {
                        prev.kind
                    } else {
                        ti.kind
                    };
                    st.title = Some(TitleInfo { kind, ..ti });
                    st.title_line = Some(l.no);
                }
            }
            continue;
        }
        let cleaned = strip_heading(t);
        // A title broken before its last character(s): `…支出预算` / `表`.
        if let Some(ti) = st.title.as_mut() {
            let c = trim_line(&cleaned);
            if c.ends_with('表') && c.chars().count() <= 3 && !ti.title.ends_with('表') {
                ti.title.push_str(c);
                continue;
            }
        }
        let m = scan_meta(&cleaned);
        if m.issuer.is_some() || m.unit.is_some() || m.unit_pending {
            if let Some(u) = m.unit {
                st.unit = Some(u);
            }
            if let Some(is) = m.issuer {
                st.issuer.get_or_insert(is);
            }
            unit_pending = m.unit_pending;
            continue;
        }
        if unit_pending {
            if let Some(u) = bare_unit(&cleaned) {
                st.unit = Some(u);
                unit_pending = false;
                continue;
            }
        }
        if let Some(u) = paren_unit(&cleaned) {
            st.unit = Some(u);
            continue;
        }
        if l.kind == LineKind::Single {
            st.layout = Layout::CellPerLine;
            st.material = j;
            return Some(st);
        }
        st.title.as_ref()?;
        if year_line(&cleaned) || short_kv(&cleaned) {
            st.notes.push(Note {
                line: l.no,
                text: cleaned.into_owned(),
                flags: vec![NoteFlag::Caption],
            });
            continue;
        }
        let captioned = st.unit.is_some() || st.issuer.is_some();
        let header_like = captioned
            && trim_line(t).chars().count() <= 40
            && !t.contains('。')
            && lines
                .iter()
                .skip(j + 1)
                .take(8)
                .any(|nl| nl.kind == LineKind::Text && is_spaced_loose(nl.text));
        if is_spaced(t) || (is_spaced_loose(t) && captioned) || header_like {
            st.layout = Layout::SpaceAligned;
            st.material = j;
            return Some(st);
        }
        if flattened_plausible(lines, j) {
            st.layout = Layout::Flattened;
            st.material = j;
            return Some(st);
        }
        return None;
    }
    None
}

/// The digits of a table number (`公开表3-1` → `3-1`), for comparing forms.
fn number_digits(n: &str) -> String {
    n.chars()
        .filter(|c| c.is_ascii_digit() || *c == '-')
        .collect()
}

/// `（单位：万元）` written as a bare parenthesised unit, or `单位:元` handled by scan_meta.
fn paren_unit(t: &str) -> Option<AmountUnit> {
    if !t.contains("单位") {
        return None;
    }
    let s = squash(t);
    let s = s.trim_matches(['(', ')']);
    let s = s
        .strip_prefix("单位")
        .or_else(|| s.strip_prefix("金额单位"))?;
    bare_unit(s.trim_start_matches(':'))
}

/// The next non-blank line index at or after `from`, within `limit` lines.
fn next_nonblank(lines: &[Line<'_>], from: usize, limit: usize) -> Option<usize> {
    (from..lines.len().min(from.saturating_add(limit))).find(|&k| {
        lines
            .get(k)
            .is_some_and(|l| !matches!(l.kind, LineKind::Blank))
    })
}

pub(crate) fn note_flags(t: &str) -> Vec<NoteFlag> {
    let mut f = Vec::new();
    if lexicon::ROUNDING_WORDS.iter().any(|w| t.contains(w)) {
        f.push(NoteFlag::Rounding);
    }
    if lexicon::EMPTY_TABLE_WORDS.iter().any(|w| t.contains(w)) {
        f.push(NoteFlag::EmptyTable);
    }
    f
}

/// The first `n` characters of `s` (borrowed).
fn truncate(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((at, _)) => s.get(..at).unwrap_or(s),
        None => s,
    }
}

pub(crate) fn tab_cells<'a>(l: &Line<'a>) -> RawRow<'a> {
    let mut cells = Vec::with_capacity(memchr_count(l.text.as_bytes(), b'\t') + 1);
    let mut col = 1 + l.col0;
    // One pass: split at tabs and count each part's characters (non-continuation bytes).
    let text = l.text;
    let mut start = 0usize;
    let mut chars = 0usize;
    for (i, &x) in text.as_bytes().iter().enumerate() {
        if x == b'\t' {
            cells.push(RawCell {
                raw: Cow::Borrowed(text.get(start..i).unwrap_or_default()),
                line: l.no,
                column: col,
            });
            col += chars + 1;
            chars = 0;
            start = i + 1;
        } else if x & 0xC0 != 0x80 {
            chars += 1;
        }
    }
    cells.push(RawCell {
        raw: Cow::Borrowed(text.get(start..).unwrap_or_default()),
        line: l.no,
        column: col,
    });
    RawRow {
        lines: vec![l.no],
        cells,
    }
}

fn pipe_cells<'a>(l: &Line<'a>) -> Option<RawRow<'a>> {
    let t = trim_line(l.text);
    let inner = t.strip_prefix('|').unwrap_or(t);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    if inner.chars().all(|c| matches!(c, '-' | ':' | '|' | ' ')) {
        return None; // separator row
    }
    let lead = l.text.len() - l.text.trim_start().len();
    let mut col = 1 + l.col0 + l.text.get(..lead).map_or(0, |p| p.chars().count()) + 1;
    let mut cells = Vec::new();
    for part in inner.split('|') {
        cells.push(RawCell {
            raw: Cow::Borrowed(part),
            line: l.no,
            column: col,
        });
        col += part.chars().count() + 1;
    }
    Some(RawRow {
        lines: vec![l.no],
        cells,
    })
}

struct Region<'a> {
    rows: Vec<RawRow<'a>>,
    notes: Vec<Note>,
    last: usize,
    /// Index just after the region.
    end: usize,
    spaced: Vec<usize>,
}

/// Read the lines of a table region, from `material` on, for one layout.
fn read_region<'a>(lines: &'a [Line<'a>], material: usize, layout: Layout) -> Region<'a> {
    let mut reg = Region {
        rows: Vec::new(),
        notes: Vec::new(),
        last: lines.get(material).map_or(0, |l| l.no),
        end: material,
        spaced: Vec::new(),
    };
    let mut block: Vec<RawCell<'a>> = Vec::new();
    let mut block_lines: Vec<usize> = Vec::new();
    let mut k = material;
    let mut in_html = false;
    let mut html_start = material;
    let mut in_note = false;
    // A space-aligned key–value form (财政项目支出绩效目标填报表): its goal text is long
    // lines printed in two columns, still part of the form.
    let mut form = false;
    // Flattened layout: blank lines since the last cell (one separates two
    // cells; each further one marks an empty cell).
    let mut blank_run = 0usize;
    while let Some(l) = lines.get(k) {
        // Stops common to every layout: the start of the next table.
        let starts_next =
            !in_html && k > material && matches!(l.kind, LineKind::Text | LineKind::Single) && {
                let ti = l.title().cloned();
                (ti.is_some() || table_number_line(l.text).is_some())
                    && try_start(lines, k, ti).is_some()
            };
        if starts_next {
            break;
        }
        let mut consumed = true;
        match (layout, l.kind) {
            (_, LineKind::Blank) => {
                in_note = false;
                blank_run += 1;
                if layout == Layout::SpaceAligned {
                    reg.spaced.push(k);
                }
                if layout == Layout::CellPerLine && !block.is_empty() {
                    reg.rows.push(RawRow {
                        lines: std::mem::take(&mut block_lines),
                        cells: std::mem::take(&mut block),
                    });
                }
                k += 1;
                continue;
            }
            (Layout::Html, _) => {
                if l.text.contains("<table") {
                    in_html = true;
                    html_start = k;
                }
                if l.text.contains("</table>") {
                    in_html = false;
                    reg.rows
                        .extend(crate::build::html_rows(lines, html_start, k));
                } else if !in_html {
                    consumed = false;
                }
            }
            (Layout::CellPerLine, LineKind::Single | LineKind::EmptyCell) => {
                let cell_text = l.text.strip_prefix('\t').unwrap_or(l.text);
                block.push(RawCell {
                    raw: Cow::Borrowed(cell_text),
                    line: l.no,
                    column: 2,
                });
                block_lines.push(l.no);
            }
            (Layout::Tsv | Layout::Markdown, LineKind::Tabbed) => reg.rows.push(tab_cells(l)),
            (Layout::Csv, LineKind::Csv) => reg.rows.push(crate::csv::cells(lines, k)),
            (Layout::Csv, LineKind::CsvMore | LineKind::CsvBlank) => {}
            (Layout::Tsv, LineKind::Single | LineKind::EmptyCell) => reg.rows.push(tab_cells(l)),
            (Layout::Tsv | Layout::Markdown, LineKind::Pipe) => {
                if let Some(r) = pipe_cells(l) {
                    reg.rows.push(r);
                } else {
                    reg.notes.push(Note {
                        line: l.no,
                        text: truncate(trim_line(l.text), 200).to_string(),
                        flags: vec![NoteFlag::Interlude],
                    });
                }
            }
            (Layout::Flattened, LineKind::Text) => {
                let t = trim_line(l.text);
                let stop = section_heading(t)
                    || (t.contains("说明") && split_ordinal(t).0.is_some())
                    || t.starts_with('#');
                if stop {
                    consumed = false;
                } else {
                    // Empty cells marked by extra blank lines (at most 16 in a
                    // row), only between cells of the region.
                    let empties = if reg.rows.is_empty() {
                        0
                    } else {
                        blank_run.saturating_sub(1).min(16)
                    };
                    let mut cells = Vec::with_capacity(empties + 1);
                    for e in 0..empties {
                        cells.push(RawCell {
                            raw: Cow::Borrowed(""),
                            line: l.no.saturating_sub(blank_run - e),
                            column: 1,
                        });
                    }
                    cells.push(RawCell {
                        raw: Cow::Borrowed(l.text),
                        line: l.no,
                        column: 1,
                    });
                    reg.rows.push(RawRow {
                        lines: vec![l.no],
                        cells,
                    });
                }
            }
            (Layout::SpaceAligned, LineKind::Text)
                if (form
                    && !is_note(l.text)
                    && !section_heading(trim_line(l.text))
                    && !prose_heading(l.text))
                    || is_spaced_loose(l.text)
                    || trim_line(l.text).chars().count() <= 30
                        && !is_note(l.text)
                        && !prose_heading(l.text)
                        && !next_nonblank(lines, k + 1, 3)
                            .and_then(|n| lines.get(n))
                            .is_some_and(|nl| prose_heading(nl.text)) =>
            {
                if reg.spaced.is_empty() && squash(l.text).starts_with("项目名称") {
                    form = true;
                }
                reg.spaced.push(k);
            }
            (Layout::CellPerLine, LineKind::Text) if !block.is_empty() && !is_note(l.text) => {
                // A cell that runs over several lines.
                if let Some(last) = block.last_mut() {
                    if trim_line(&last.raw).is_empty() {
                        last.raw = Cow::Borrowed(l.text);
                        last.line = l.no;
                        last.column = 1;
                    } else {
                        let mut s = last.raw.clone().into_owned();
                        s.push('\n');
                        s.push_str(l.text);
                        last.raw = Cow::Owned(s);
                    }
                }
                block_lines.push(l.no);
            }
            (_, LineKind::EmptyCell) => {}
            _ => consumed = false,
        }
        if !consumed {
            // Text inside a region: notes, page markers, short interludes.
            let t = trim_line(l.text);
            if is_page_marker(t) {
                reg.notes.push(Note {
                    line: l.no,
                    text: t.to_string(),
                    flags: vec![NoteFlag::PageBreak],
                });
            } else if is_note(t) {
                in_note = true;
                let c = clean(t);
                reg.notes.push(Note {
                    line: l.no,
                    flags: note_flags(&c),
                    text: truncate(&c, 500).to_string(),
                });
            } else if in_note && t.chars().count() <= 60 && split_ordinal(t).0.is_some() {
                let c = clean(t);
                reg.notes.push(Note {
                    line: l.no,
                    flags: note_flags(&c),
                    text: c.into_owned(),
                });
            } else if t.chars().count() <= 24
                && title_info(t).is_none()
                && next_nonblank(lines, k + 1, 4).is_some_and(|n| {
                    lines.get(n).is_some_and(|nl| {
                        matches!(
                            (layout, nl.kind),
                            (Layout::Tsv, LineKind::Tabbed)
                                | (Layout::CellPerLine, LineKind::Single)
                                | (Layout::Markdown, LineKind::Pipe)
                                | (Layout::Csv, LineKind::Csv)
                        )
                    })
                })
            {
                reg.notes.push(Note {
                    line: l.no,
                    text: clean(t).into_owned(),
                    flags: vec![NoteFlag::Interlude],
                });
            } else {
                break;
            }
        }
        if l.form_feed {
            // A page starting inside the table: the break is noted.
            reg.notes.push(Note {
                line: l.no,
                text: String::from("\u{c}"),
                flags: vec![NoteFlag::PageBreak],
            });
        }
        blank_run = 0;
        reg.last = l.no;
        k += 1;
    }
    if !block.is_empty() {
        reg.rows.push(RawRow {
            lines: block_lines,
            cells: block,
        });
    }
    if in_html {
        // Unterminated <table>: read what there is.
        reg.rows.extend(crate::build::html_rows(
            lines,
            html_start,
            k.saturating_sub(1),
        ));
    }
    reg.end = k;
    reg
}

/// Parse a whole document.
pub(crate) fn parse_document(text: &str, opts: &Options) -> Document {
    let lines = split_lines(text);
    let mut doc = Document {
        line_count: lines.last().map_or(0, |l| l.no),
        ..Document::default()
    };
    let mut para: Option<Paragraph> = None;
    let flush = |para: &mut Option<Paragraph>, doc: &mut Document| {
        if let Some(p) = para.take() {
            doc.prose.push(p);
        }
    };
    let mut last_prose: Option<&str> = None;
    let mut toc = Toc::default();
    let mut i = 0;
    while let Some(l) = lines.get(i) {
        if matches!(l.kind, LineKind::Blank | LineKind::EmptyCell) {
            flush(&mut para, &mut doc);
            i += 1;
            continue;
        }
        let line_title: Option<TitleInfo>;
        let start = match l.kind {
            LineKind::Text | LineKind::Single => {
                // Computed once: reused by `try_start` and, for prose, the contents check.
                line_title = l.title().cloned();
                if line_title.is_some() || table_number_line(l.text).is_some() {
                    try_start(&lines, i, line_title.clone())
                } else {
                    None
                }
            }
            _ => {
                line_title = None;
                None
            }
        };
        let (start, untitled) = match start {
            Some(s) => (Some(s), false),
            None => match l.kind {
                LineKind::Tabbed => (Some(untitled_start(i, Layout::Tsv)), true),
                LineKind::Pipe => (Some(untitled_start(i, Layout::Markdown)), true),
                LineKind::Csv => (Some(untitled_start(i, Layout::Csv)), true),
                LineKind::Text if l.text.contains("<table") => {
                    (Some(untitled_start(i, Layout::Html)), true)
                }
                _ => (None, false),
            },
        };
        if let Some(st) = start {
            flush(&mut para, &mut doc);
            toc.flush(&mut doc.contents);
            toc.in_block = false;
            let reg = read_region(&lines, st.material, st.layout);
            let first_line = l.no;
            let mut table = Table::new(
                st.title.as_ref().map_or(TableKind::Other, |t| t.kind),
                st.layout,
                first_line,
            );
            table.title = st.title.as_ref().map(|t| t.title.clone());
            if untitled && last_prose.is_some_and(|p| p.contains('录') && squash(p) == "目录") {
                table.title = Some(String::from("目录"));
            }
            table.number = st.number;
            table.issuer = st.issuer;
            table.unit = st.unit.or(opts.default_unit);
            table.notes = st.notes;
            table.last_line = reg.last.max(first_line);
            let mut notes = reg.notes;
            if st.layout == Layout::SpaceAligned {
                crate::build::space_aligned(&mut table, &lines, &reg.spaced, &mut doc.unplaced);
            } else {
                build_table(&mut table, reg.rows, opts);
            }
            table.notes.append(&mut notes);
            table.notes.sort_by_key(|n| n.line);
            if table
                .notes
                .iter()
                .any(|n| n.flags.contains(&NoteFlag::EmptyTable))
            {
                table.empty = true;
            }
            if table.title.as_deref() == Some("目录") {
                doc.contents.extend(contents_from_table(&table));
            }
            doc.tables.push(table);
            last_prose = None;
            i = reg.end.max(i + 1);
            continue;
        }
        // Prose. A title-like line that did not start a table is a contents entry when it
        // is in a 目录 block or in a list of at least two numbered titles; a sentence that
        // names a table is not.
        let candidate = line_title.filter(|ti| {
            ti.ordinal.is_some() || ti.number.is_some() || ti.kind != TableKind::Other
        });
        let sq_len = || trim_line(l.text).chars().count();
        match candidate {
            Some(ti) => {
                let numbered = ti.ordinal.is_some() || ti.number.is_some();
                let entry = ContentsEntry {
                    line: l.no,
                    ordinal: ti.ordinal,
                    number: ti.number,
                    title: ti.title,
                    kind: ti.kind,
                    empty: None,
                };
                if toc.in_block {
                    doc.contents.push(entry);
                } else if numbered && sq_len() <= 60 {
                    toc.pending.push(entry);
                } else {
                    toc.flush(&mut doc.contents);
                }
            }
            None => {
                toc.flush(&mut doc.contents);
                if trim_line(l.text).len() <= 40 && matches!(&*squash(l.text), "目录" | "目次")
                {
                    toc.in_block = true;
                } else if toc.in_block && (sq_len() > 40 || l.text.contains('。')) {
                    toc.in_block = false;
                }
            }
        }
        let t = l.text;
        last_prose = Some(t);
        let t = crate::classify::unmarkup(t);
        let t: &str = &t;
        match &mut para {
            Some(p) => {
                // Blocks of one real line stay on one line of the paragraph.
                let sep = if p.last_line == l.no { ' ' } else { '\n' };
                p.last_line = l.no;
                p.text.reserve(t.len() + 1);
                p.text.push(sep);
                p.text.push_str(t);
            }
            None => {
                para = Some(Paragraph {
                    first_line: l.no,
                    last_line: l.no,
                    text: t.to_string(),
                })
            }
        }
        i += 1;
    }
    flush(&mut para, &mut doc);
    toc.flush(&mut doc.contents);
    doc
}

/// Contents entries being collected from prose lines.
#[derive(Default)]
struct Toc {
    /// After a `目录` line, until a sentence or a table.
    in_block: bool,
    /// Numbered title lines outside a 目录 block, kept when at least two follow each other.
    pending: Vec<ContentsEntry>,
}

impl Toc {
    fn flush(&mut self, out: &mut Vec<ContentsEntry>) {
        if self.pending.len() >= 2 {
            out.append(&mut self.pending);
        } else {
            self.pending.clear();
        }
    }
}

fn untitled_start(i: usize, layout: Layout) -> Start {
    Start {
        title: None,
        title_line: None,
        number: None,
        issuer: None,
        unit: None,
        notes: Vec::new(),
        layout,
        material: i,
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
        assert!(is_spaced("  201   05   06   统计管理     26,300"));
    }
}
