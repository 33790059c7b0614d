//! Finding tables in a document: where each table starts and what its caption says, the lines
//! of its region read into rows for its layout, prose paragraphs, the list of contents and the
//! lines left unplaced.

mod contents;
mod region;
mod spaced;
mod start;

use crate::caption::{TitleInfo, table_number_line};
use crate::cell::{squash, trim_line, unmarkup};
use crate::grid;
use crate::lines::{Line, LineKind, split_lines};
use crate::model::AmountUnit;
use crate::model::{ContentsEntry, Document, Layout, Paragraph, TableKind, Warning};
use crate::typed::{fill, fill_rows, finish_notes, table_for};

use contents::Toc;
pub(crate) use contents::contents_from_table;
use region::read_region;
use start::{Start, try_start, untitled_start};

/// Options for [`crate::parse_with`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// Unit to assume for tables that do not state one.
    pub default_unit: Option<AmountUnit>,
}

impl Options {
    /// Options with a default unit for tables that state none.
    #[must_use]
    pub fn with_default_unit(mut self, unit: AmountUnit) -> Self {
        self.default_unit = Some(unit);
        self
    }
}

/// Parse a whole document.
pub(crate) fn parse_document(text: &str, opts: &Options) -> Document {
    let mut lines = split_lines(text);
    grid::csv::mark(&mut lines);
    let lines = lines;
    let mut doc = Document {
        line_count: lines.last().map_or(0, |l| l.no),
        ..Document::default()
    };
    let mut prose = Prose::default();
    // The start of the table that ended the last region (its index and start): found while
    // reading that region, not sought again.
    let mut next: Option<(usize, Start)> = None;
    let mut i = 0;
    while let Some(l) = lines.get(i) {
        if matches!(l.kind, LineKind::Blank | LineKind::EmptyCell) {
            prose.end_paragraph(&mut doc);
            i += 1;
            continue;
        }
        let found = match next.take() {
            Some((at, st)) if at == i => Some((st, false)),
            _ => None,
        };
        // Computed once: reused by `try_start` and, for prose, the contents check.
        let line_title: Option<TitleInfo> = match (found.is_some(), l.kind) {
            (false, LineKind::Text | LineKind::Single) => l.title().cloned(),
            _ => None,
        };
        if let Some((st, untitled)) = found.or_else(|| table_start(&lines, i, line_title.as_ref()))
        {
            prose.end_paragraph(&mut doc);
            prose.toc.flush(&mut doc.contents);
            prose.toc.in_block = false;
            let contents = untitled
                && prose
                    .last
                    .is_some_and(|p| p.contains('录') && squash(p) == "目录");
            let (end, start_at_end) = read_table(&lines, l.no, st, contents, opts, &mut doc);
            next = start_at_end.map(|st| (end, st));
            prose.last = None;
            i = end.max(i + 1);
            continue;
        }
        prose.line(l.no, l.text, line_title, &mut doc);
        i += 1;
    }
    prose.end_paragraph(&mut doc);
    prose.toc.flush(&mut doc.contents);
    doc
}

/// The table starting at `lines[i]`, if one does: a number or title line with its caption
/// and material, or material with no caption (tab-separated, markdown, CSV rows, an HTML
/// table); with whether it is untitled.
fn table_start(lines: &[Line<'_>], i: usize, title: Option<&TitleInfo>) -> Option<(Start, bool)> {
    let l = lines.get(i)?;
    let titled = match l.kind {
        LineKind::Text | LineKind::Single
            if title.is_some() || table_number_line(l.text).is_some() =>
        {
            try_start(lines, i, title.cloned())
        }
        _ => None,
    };
    if let Some(st) = titled {
        return Some((st, false));
    }
    let layout = match l.kind {
        LineKind::Tabbed => Layout::Tsv,
        LineKind::Pipe => Layout::Markdown,
        LineKind::Csv => Layout::Csv,
        // Most lines hold no `<`: the byte search ends the test at once.
        LineKind::Text
            if memchr::memchr(b'<', l.text.as_bytes()).is_some() && l.text.contains("<table") =>
        {
            Layout::Html
        }
        _ => return None,
    };
    Some((untitled_start(i, layout), true))
}

/// Reads the table whose first line is `first_line` and whose material `st` found; adds it
/// (and its contents entries, for a 目录 table) to `doc`. `contents`: an untitled table under
/// a `目录` line. Returns the index of the line after the table, and the start of the table
/// there when that is what ended this one.
fn read_table(
    lines: &[Line<'_>],
    first_line: usize,
    st: Start,
    contents: bool,
    opts: &Options,
    doc: &mut Document,
) -> (usize, Option<Start>) {
    let stacked = (st.layout == Layout::Stacked)
        .then(|| grid::stacked::read(lines, st.material))
        .flatten();
    if let Some((grid, end)) = stacked {
        let mut caption = st.caption.into_caption();
        caption.unit = caption.unit.or(opts.default_unit);
        let mut table = table_for(&caption, st.layout, first_line);
        let last = grid
            .cells
            .iter()
            .map(|c| c.origin.line)
            .max()
            .unwrap_or(first_line);
        fill(&mut table, grid);
        table.last_line = last.max(first_line);
        table.warnings.push(Warning::new(
            first_line,
            "a table copied one cell per line: header labels paired with the values in order",
        ));
        finish_notes(&mut table);
        doc.tables.push(table);
        return (end, None);
    }
    let reg = read_region(lines, st.material, st.layout);
    let mut caption = st.caption.into_caption();
    if contents {
        caption.title = Some(String::from("目录"));
    }
    caption.unit = caption.unit.or(opts.default_unit);
    let mut table = table_for(&caption, st.layout, first_line);
    table.last_line = reg.last.max(first_line);
    let mut notes = reg.notes;
    match st.layout {
        Layout::SpaceAligned => spaced::read(&mut table, lines, &reg.spaced, &mut doc.unplaced),
        Layout::Flattened => {
            let (grid, warning) = grid::flattened::grid(reg.flat, first_line);
            table.warnings.push(warning);
            fill(&mut table, grid);
        }
        Layout::Html => fill(&mut table, reg.grid),
        _ => fill_rows(&mut table, reg.rows),
    }
    table.notes.append(&mut notes);
    finish_notes(&mut table);
    if table.title.as_deref() == Some("目录") {
        doc.contents.extend(contents_from_table(&table));
    }
    doc.tables.push(table);
    (reg.end, reg.next)
}

/// Prose lines between tables: the paragraph being read, the last prose line, and the
/// contents entries being collected.
#[derive(Default)]
struct Prose<'a> {
    para: Option<Paragraph>,
    last: Option<&'a str>,
    toc: Toc,
}

impl<'a> Prose<'a> {
    /// Ends the paragraph being read.
    fn end_paragraph(&mut self, doc: &mut Document) {
        if let Some(p) = self.para.take() {
            doc.prose.push(p);
        }
    }

    /// A prose line. A title-like line that did not start a table is a contents entry when
    /// it is in a 目录 block or in a list of at least two numbered titles; a sentence that
    /// names a table is not.
    fn line(&mut self, no: usize, text: &'a str, title: Option<TitleInfo>, doc: &mut Document) {
        let toc = &mut self.toc;
        let candidate = title.filter(|ti| {
            ti.ordinal.is_some() || ti.number.is_some() || ti.kind != TableKind::Other
        });
        let sq_len = || trim_line(text).chars().count();
        match candidate {
            Some(ti) => {
                let numbered = ti.ordinal.is_some() || ti.number.is_some();
                let entry = ContentsEntry {
                    line: no,
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
                if trim_line(text).len() <= 40 && matches!(&*squash(text), "目录" | "目次") {
                    toc.in_block = true;
                } else if toc.in_block && (sq_len() > 40 || text.contains('。')) {
                    toc.in_block = false;
                }
            }
        }
        self.last = Some(text);
        let t = unmarkup(text);
        let t: &str = &t;
        match &mut self.para {
            Some(p) => {
                // Blocks of one real line stay on one line of the paragraph.
                let sep = if p.last_line == no { ' ' } else { '\n' };
                p.last_line = no;
                p.text.reserve(t.len() + 1);
                p.text.push(sep);
                p.text.push_str(t);
            }
            None => {
                self.para = Some(Paragraph {
                    first_line: no,
                    last_line: no,
                    text: t.to_string(),
                })
            }
        }
    }
}
