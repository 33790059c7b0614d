//! Space-aligned (`pdftotext -layout`) regions, read through [`crate::layout`].

use std::borrow::Cow;

use crate::build::{HeaderSpec, RawCell, RawRow, finish_table};
use crate::classify::{clean, squash};
use crate::layout::{ColumnKind, LayoutLine, read_layout};
use crate::model::{ColumnRole, Note, NoteFlag, Table, Unplaced, Warning};
use crate::scan::{Line, note_flags};

/// Read a space-aligned region (`region`: indices into `lines`) into `table`.
pub(crate) fn read(
    table: &mut Table,
    lines: &[Line<'_>],
    region: &[usize],
    unplaced: &mut Vec<Unplaced>,
) {
    let input: Vec<LayoutLine<'_>> = region
        .iter()
        .filter_map(|&k| lines.get(k))
        .map(|l| LayoutLine {
            number: l.no,
            text: l.text,
        })
        .collect();
    let text_of = |no: usize| -> &str { lines.get(no.wrapping_sub(1)).map_or("", |l| l.text) };
    let lt = read_layout(&input);
    let paths: Vec<Vec<String>> = lt
        .header
        .iter()
        .map(|h| {
            h.path
                .iter()
                .map(|p| squash(p))
                .filter(|p| !p.is_empty())
                .collect()
        })
        .collect();
    let hints: Vec<ColumnRole> = lt
        .header
        .iter()
        .map(|h| match h.kind {
            ColumnKind::Code => ColumnRole::Code,
            ColumnKind::Amount => ColumnRole::Amount,
            _ => ColumnRole::Other,
        })
        .collect();
    let body: Vec<RawRow<'_>> = lt
        .rows
        .iter()
        .map(|r| RawRow {
            lines: r.lines.clone(),
            cells: r
                .cells
                .iter()
                .map(|c| RawCell {
                    raw: Cow::Owned(c.text.clone()),
                    line: c.line,
                    column: c.column,
                })
                .collect(),
        })
        .collect();
    let n = paths.len();
    finish_table(
        table,
        HeaderSpec {
            paths,
            lines: lt.header_lines.clone(),
            rows: &[],
            hints: &hints,
        },
        &body,
        false,
        n,
    );
    for (line, text) in &lt.furniture {
        table.notes.push(Note {
            line: *line,
            text: text.clone(),
            flags: vec![NoteFlag::PageFurniture],
        });
    }
    for &line in &lt.notes {
        let t = clean(text_of(line)).into_owned();
        table.notes.push(Note {
            line,
            flags: note_flags(&t),
            text: t,
        });
    }
    for (line, reason) in &lt.unplaced {
        table.warnings.push(Warning {
            line: *line,
            message: format!("not read: {reason}"),
        });
        unplaced.push(Unplaced {
            line: *line,
            text: text_of(*line).chars().take(200).collect(),
            reason: reason.clone(),
        });
    }
}
