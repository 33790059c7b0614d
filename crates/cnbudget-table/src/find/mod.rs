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
use crate::lines::{LineKind, split_lines};
use crate::model::AmountUnit;
use crate::model::{ContentsEntry, Document, Layout, NoteFlag, Paragraph, Table, TableKind};
use crate::typed::build_table;

use contents::{Toc, contents_from_table};
use region::read_region;
use start::{try_start, untitled_start};

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
                spaced::read(&mut table, &lines, &reg.spaced, &mut doc.unplaced);
            } else {
                build_table(&mut table, reg.rows);
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
        let t = unmarkup(t);
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
