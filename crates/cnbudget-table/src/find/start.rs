//! Where a table starts: its number or title line, the caption lines after it, and the layout
//! of the material that follows.

use crate::caption::{CaptionReader, Read, TitleInfo, title_info};
use crate::cell::{strip_heading, trim_line};
use crate::lexicon;
use crate::lines::{Line, LineKind};
use crate::model::Layout;

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
pub(super) fn is_spaced_loose(t: &str) -> bool {
    let s = trim_line(t);
    let b = s.as_bytes();
    // Byte searches: a space followed by a space, or U+3000 (E3 80 80).
    s.len() <= 2000
        && (memchr::memchr_iter(b' ', b).any(|i| b.get(i + 1) == Some(&b' '))
            || memchr::memchr_iter(0xE3, b).any(|i| b.get(i + 1..i + 3) == Some(&[0x80, 0x80][..])))
}

/// A table's start: its caption, and the layout and first line of its material.
pub(super) struct Start {
    pub(super) caption: CaptionReader,
    pub(super) layout: Layout,
    /// Index (into lines) of the first line of table material.
    pub(super) material: usize,
}

impl Start {
    /// The start with its material found at line `material`, laid out as `layout`.
    fn at(self, material: usize, layout: Layout) -> Start {
        Start {
            layout,
            material,
            ..self
        }
    }
}

const LOOKAHEAD: usize = 40;

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
pub(super) fn prose_heading(t: &str) -> bool {
    let t = trim_line(t);
    // The cheap suffix test first (all the conditions are pure).
    (t.ends_with("说明") || t.ends_with("情况") || t.ends_with("概况") || t.ends_with("解释"))
        && (section_heading(t) || t.chars().count() <= 16)
        && !is_spaced_loose(t)
}

/// `一、…`, `（一）…`, `第一部分` — a section heading of the prose.
pub(super) fn section_heading(t: &str) -> bool {
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
pub(super) fn try_start(
    lines: &[Line<'_>],
    i: usize,
    first_title: Option<TitleInfo>,
) -> Option<Start> {
    let first = lines.get(i)?;
    if matches!(
        first.kind,
        LineKind::Tabbed | LineKind::Pipe | LineKind::Csv | LineKind::Blank | LineKind::EmptyCell
    ) {
        return None;
    }
    let st = Start {
        caption: CaptionReader::start(first.no, first.text, first_title)?,
        layout: Layout::Tsv,
        material: i,
    };
    material_after(lines, i, st)
}

/// The caption lines after a table's first line (`lines[i]`), up to its material: where the
/// material starts and how it is laid out, or `None` when what follows is no table.
fn material_after(lines: &[Line<'_>], i: usize, mut st: Start) -> Option<Start> {
    for (j, l) in lines.iter().enumerate().skip(i + 1).take(LOOKAHEAD) {
        let marked = match l.kind {
            LineKind::Blank | LineKind::EmptyCell | LineKind::CsvBlank => continue,
            LineKind::Tabbed => Some(Layout::Tsv),
            LineKind::Pipe => Some(Layout::Markdown),
            LineKind::Csv => Some(Layout::Csv),
            _ => None,
        };
        if let Some(layout) = marked {
            return Some(st.at(j, layout));
        }
        let t = l.text;
        if t.len() > 400 {
            return None;
        }
        if t.contains("<table") {
            return Some(st.at(j, Layout::Html));
        }
        let cleaned = match st.caption.line(l.no, t, || l.title()) {
            Read::Taken => continue,
            Read::Conflict => return None,
            Read::Other(cleaned) => cleaned,
        };
        if l.kind == LineKind::Single {
            return Some(st.at(j, Layout::CellPerLine));
        }
        st.caption.title.as_ref()?;
        if st.caption.note(l.no, cleaned) {
            continue;
        }
        let captioned = st.caption.unit.is_some() || st.caption.issuer.is_some();
        let header_like = captioned
            && trim_line(t).chars().count() <= 40
            && !t.contains('。')
            && lines
                .iter()
                .skip(j + 1)
                .take(8)
                .any(|nl| nl.kind == LineKind::Text && is_spaced_loose(nl.text));
        if is_spaced(t) || (is_spaced_loose(t) && captioned) || header_like {
            return Some(st.at(j, Layout::SpaceAligned));
        }
        if crate::grid::stacked::plausible(lines, j) {
            return Some(st.at(j, Layout::Stacked));
        }
        if flattened_plausible(lines, j) {
            return Some(st.at(j, Layout::Flattened));
        }
        return None;
    }
    None
}

/// The next non-blank line index at or after `from`, within `limit` lines.
pub(super) fn next_nonblank(lines: &[Line<'_>], from: usize, limit: usize) -> Option<usize> {
    (from..lines.len().min(from.saturating_add(limit))).find(|&k| {
        lines
            .get(k)
            .is_some_and(|l| !matches!(l.kind, LineKind::Blank))
    })
}

pub(super) fn untitled_start(i: usize, layout: Layout) -> Start {
    Start {
        caption: CaptionReader::default(),
        layout,
        material: i,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaced_rows() {
        assert!(is_spaced("  201   05   06   统计管理     26,300"));
        assert!(!is_spaced("201 05 统计管理"));
    }
}
