//! The lines of one table region, read for its layout into raw rows, notes and the lines of a
//! space-aligned region.

use crate::caption::{is_note, note_flags, table_number_line, title_info};
use crate::cell::{clean, split_ordinal, squash_starts_with, trim_line};
use crate::grid::cell_per_line::CellBlock;
use crate::grid::{Grid, RawRow, csv, flattened, html, pipe, tsv};
use crate::lines::{Line, LineKind};
use crate::model::{Layout, Note, NoteFlag};

use super::start::{
    Start, is_spaced_loose, next_nonblank, prose_heading, section_heading, try_start,
};

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
    /// An HTML region's grid.
    pub(super) grid: Grid,
    /// The rows of a region of any other layout (a flattened region's cells are in `flat`),
    /// handed to the typed layer as they are.
    pub(super) rows: Vec<RawRow<'a>>,
    /// A flattened region's cells, one per line, with the empty cells the blank lines mark.
    pub(super) flat: Vec<RawRow<'a>>,
    pub(super) notes: Vec<Note>,
    pub(super) last: usize,
    /// Index just after the region.
    pub(super) end: usize,
    /// The start of the table at `end`, when that table is what ended the region.
    pub(super) next: Option<Start>,
    pub(super) spaced: Vec<usize>,
}

/// The lines of a region being read.
struct RegionReader<'a> {
    lines: &'a [Line<'a>],
    layout: Layout,
    reg: Region<'a>,
    /// The row of a cell-per-line region being read.
    block: CellBlock<'a>,
    /// Inside `<table>`, which started at this line.
    in_html: bool,
    html_start: usize,
    /// After a note line: short numbered lines continue the note.
    in_note: bool,
    /// A space-aligned key–value form (财政项目支出绩效目标填报表): its goal text is long
    /// lines printed in two columns, still part of the form.
    form: bool,
    /// Flattened layout: blank lines since the last cell (one separates two cells; each
    /// further one marks an empty cell).
    blank_run: usize,
}

/// Read the lines of a table region, from `material` on, for one layout.
pub(super) fn read_region<'a>(
    lines: &'a [Line<'a>],
    material: usize,
    layout: Layout,
) -> Region<'a> {
    let mut r = RegionReader {
        lines,
        layout,
        reg: Region {
            grid: Grid::new(),
            rows: Vec::new(),
            flat: Vec::new(),
            notes: Vec::new(),
            last: lines.get(material).map_or(0, |l| l.no),
            end: material,
            next: None,
            // A space-aligned region's line indices: room for a page's lines at once.
            spaced: if layout == Layout::SpaceAligned {
                Vec::with_capacity(lines.len().saturating_sub(material).min(64))
            } else {
                Vec::new()
            },
        },
        block: CellBlock::default(),
        in_html: false,
        html_start: material,
        in_note: false,
        form: false,
        blank_run: 0,
    };
    let mut k = material;
    while let Some(l) = lines.get(k) {
        // Stops common to every layout: the start of the next table.
        if !r.in_html && k > material {
            if let Some(next) = starts_table(lines, k) {
                r.reg.next = Some(next);
                break;
            }
        }
        if l.kind == LineKind::Blank {
            r.blank(k);
            k += 1;
            continue;
        }
        if !r.material(k, l) && !r.other(k, l) {
            break;
        }
        if l.form_feed {
            // A page starting inside the table: the break is noted.
            r.reg.notes.push(Note {
                line: l.no,
                text: String::from("\u{c}"),
                flags: vec![NoteFlag::PageBreak],
            });
        }
        r.blank_run = 0;
        r.reg.last = l.no;
        k += 1;
    }
    r.finish(k)
}

/// The table starting at `lines[k]`, if one does.
fn starts_table(lines: &[Line<'_>], k: usize) -> Option<Start> {
    let l = lines.get(k)?;
    if !matches!(l.kind, LineKind::Text | LineKind::Single) {
        return None;
    }
    let ti = l.title().cloned();
    if ti.is_none() && table_number_line(l.text).is_none() {
        return None;
    }
    try_start(lines, k, ti)
}

impl<'a> RegionReader<'a> {
    /// A blank line: it ends a note, counts towards a flattened region's empty cells, is
    /// kept in a space-aligned region and ends a cell-per-line row.
    fn blank(&mut self, k: usize) {
        self.in_note = false;
        self.blank_run += 1;
        if self.layout == Layout::SpaceAligned {
            self.reg.spaced.push(k);
        }
        if self.layout == Layout::CellPerLine {
            if let Some(row) = self.block.take() {
                self.reg.rows.push(row);
            }
        }
    }

    /// A line of table material for the region's layout; false when it is none.
    fn material(&mut self, k: usize, l: &'a Line<'a>) -> bool {
        let lines = self.lines;
        match (self.layout, l.kind) {
            (Layout::Html, _) => {
                if l.text.contains("<table") {
                    self.in_html = true;
                    self.html_start = k;
                }
                if l.text.contains("</table>") {
                    self.in_html = false;
                    html::push_html(&mut self.reg.grid, lines, self.html_start, k);
                } else if !self.in_html {
                    return false;
                }
            }
            (Layout::CellPerLine, LineKind::Single | LineKind::EmptyCell) => self.block.cell(l),
            (Layout::Tsv | Layout::Markdown, LineKind::Tabbed) => {
                self.reg.rows.push(tsv::tab_cells(l))
            }
            (Layout::Csv, LineKind::Csv) => self.reg.rows.push(csv::cells(lines, k)),
            (Layout::Csv, LineKind::CsvMore | LineKind::CsvBlank) => {}
            (Layout::Tsv, LineKind::Single | LineKind::EmptyCell) => {
                self.reg.rows.push(tsv::tab_cells(l))
            }
            (Layout::Tsv | Layout::Markdown, LineKind::Pipe) => match pipe::pipe_cells(l) {
                Some(r) => self.reg.rows.push(r),
                None => self.reg.notes.push(Note {
                    line: l.no,
                    text: truncate(trim_line(l.text), 200).to_string(),
                    flags: vec![NoteFlag::Interlude],
                }),
            },
            (Layout::Flattened, LineKind::Text) => {
                let t = trim_line(l.text);
                let stop = section_heading(t)
                    || (t.contains("说明") && split_ordinal(t).0.is_some())
                    || t.starts_with('#');
                if stop {
                    return false;
                }
                let first = self.reg.flat.is_empty();
                self.reg
                    .flat
                    .push(flattened::cell_row(l, self.blank_run, first));
            }
            (Layout::SpaceAligned, LineKind::Text) if self.spaced_line(k, l) => {
                if self.reg.spaced.is_empty() && squash_starts_with(l.text, "项目名称") {
                    self.form = true;
                }
                self.reg.spaced.push(k);
            }
            (Layout::CellPerLine, LineKind::Text) if !self.block.is_empty() && !is_note(l.text) => {
                self.block.continued(l)
            }
            (_, LineKind::EmptyCell) => {}
            _ => return false,
        }
        true
    }

    /// Is text line `lines[k]` part of a space-aligned region: a line of a key–value form
    /// that is no note or heading, a line with a gap, or a short line that is no note or
    /// heading and is not followed closely by a prose heading?
    fn spaced_line(&self, k: usize, l: &Line<'_>) -> bool {
        let lines = self.lines;
        (self.form
            && !is_note(l.text)
            && !section_heading(trim_line(l.text))
            && !prose_heading(l.text))
            || is_spaced_loose(l.text)
            || trim_line(l.text).chars().count() <= 30
                && !is_note(l.text)
                && !prose_heading(l.text)
                && !next_nonblank(lines, k + 1, 3)
                    .and_then(|n| lines.get(n))
                    .is_some_and(|nl| prose_heading(nl.text))
    }

    /// Text inside a region that is not material: notes, page markers, short interludes.
    /// False when the line ends the region.
    fn other(&mut self, k: usize, l: &Line<'_>) -> bool {
        let (lines, layout) = (self.lines, self.layout);
        let t = trim_line(l.text);
        if is_page_marker(t) {
            self.reg.notes.push(Note {
                line: l.no,
                text: t.to_string(),
                flags: vec![NoteFlag::PageBreak],
            });
        } else if is_note(t) {
            self.in_note = true;
            let c = clean(t);
            self.reg.notes.push(Note {
                line: l.no,
                flags: note_flags(&c),
                text: truncate(&c, 500).to_string(),
            });
        } else if self.in_note && t.chars().count() <= 60 && split_ordinal(t).0.is_some() {
            let c = clean(t);
            self.reg.notes.push(Note {
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
            self.reg.notes.push(Note {
                line: l.no,
                text: clean(t).into_owned(),
                flags: vec![NoteFlag::Interlude],
            });
        } else {
            return false;
        }
        true
    }

    /// The region, ending before line `k`: the last cell-per-line row, and an unterminated
    /// `<table>` read as far as it goes.
    fn finish(mut self, k: usize) -> Region<'a> {
        if let Some(row) = self.block.take() {
            self.reg.rows.push(row);
        }
        if self.in_html {
            // Unterminated <table>: read what there is.
            html::push_html(
                &mut self.reg.grid,
                self.lines,
                self.html_start,
                k.saturating_sub(1),
            );
        }
        self.reg.end = k;
        self.reg
    }
}
