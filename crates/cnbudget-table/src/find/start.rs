//! Where a table starts: its number or title line, the caption lines after it, and the layout
//! of the material that follows.

use crate::caption::{
    TitleInfo, bare_unit, number_digits, paren_unit, scan_meta, short_kv, table_number_line,
    title_info, year_line,
};
use crate::cell::{strip_heading, trim_line};
use crate::lexicon;
use crate::lines::{Line, LineKind};
use crate::model::{AmountUnit, Layout, Note, NoteFlag, TableKind};

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
    s.len() <= 2000 && (s.contains("  ") || s.contains('\u{3000}'))
}

pub(super) struct Start {
    pub(super) title: Option<TitleInfo>,
    pub(super) title_line: Option<usize>,
    pub(super) number: Option<String>,
    pub(super) issuer: Option<String>,
    pub(super) unit: Option<AmountUnit>,
    pub(super) notes: Vec<Note>,
    pub(super) layout: Layout,
    /// Index (into lines) of the first line of table material.
    pub(super) material: usize,
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
    fn spaced_rows() {
        assert!(is_spaced("  201   05   06   统计管理     26,300"));
        assert!(!is_spaced("201 05 统计管理"));
    }
}
