//! The lines of one table region, read for its layout into raw rows, notes and the lines of a
//! space-aligned region.

use std::borrow::Cow;

use crate::caption::{is_note, note_flags, table_number_line, title_info};
use crate::cell::{clean, split_ordinal, squash, trim_line};
use crate::grid::{RawCell, RawRow, csv, html, pipe, tsv};
use crate::lines::{Line, LineKind};
use crate::model::{Layout, Note, NoteFlag};

use super::start::{is_spaced_loose, next_nonblank, prose_heading, section_heading, try_start};

/// A page-break marker line.
fn is_page_marker(t: &str) -> bool {
    let s = trim_line(t);
    s.len() < 40 && (s.contains("PAGE_BREAK") || s.contains("PAGE BREAK"))
}

/// The first `n` characters of `s` (borrowed).
fn truncate(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((at, _)) => s.get(..at).unwrap_or(s),
        None => s,
    }
}

pub(super) struct Region<'a> {
    pub(super) rows: Vec<RawRow<'a>>,
    pub(super) notes: Vec<Note>,
    pub(super) last: usize,
    /// Index just after the region.
    pub(super) end: usize,
    pub(super) spaced: Vec<usize>,
}

/// Read the lines of a table region, from `material` on, for one layout.
pub(super) fn read_region<'a>(
    lines: &'a [Line<'a>],
    material: usize,
    layout: Layout,
) -> Region<'a> {
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
                    reg.rows.extend(html::html_rows(lines, html_start, k));
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
            (Layout::Tsv | Layout::Markdown, LineKind::Tabbed) => reg.rows.push(tsv::tab_cells(l)),
            (Layout::Csv, LineKind::Csv) => reg.rows.push(csv::cells(lines, k)),
            (Layout::Csv, LineKind::CsvMore | LineKind::CsvBlank) => {}
            (Layout::Tsv, LineKind::Single | LineKind::EmptyCell) => {
                reg.rows.push(tsv::tab_cells(l))
            }
            (Layout::Tsv | Layout::Markdown, LineKind::Pipe) => {
                if let Some(r) = pipe::pipe_cells(l) {
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
        reg.rows
            .extend(html::html_rows(lines, html_start, k.saturating_sub(1)));
    }
    reg.end = k;
    reg
}
