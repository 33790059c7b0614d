//! Space-aligned (`pdftotext -layout`) regions: the layout reader's grid handed to the typed
//! layer with the page furniture, notes and unread pieces it found beside; key–value forms
//! read line by line.

use std::borrow::Cow;

use crate::caption::note_flags;
use crate::cell::{clean, squash_starts_with};
use crate::grid::layout::{Form, LayoutLine, read_form, read_layout_rows, region_rows};
use crate::lines::Line;
use crate::model::{Note, NoteFlag, Table, Unplaced, Warning};
use crate::typed::{fill, fill_region};

/// Read a space-aligned region (`region`: indices into `lines`) into `table`.
pub(crate) fn read(
    table: &mut Table,
    lines: &[Line<'_>],
    region: &[usize],
    unplaced: &mut Vec<Unplaced>,
) {
    // The scanner strips form feeds from its lines; `read_layout` needs them back to
    // know where a page starts (columns are re-inferred per page, repeated headers
    // are furniture), so lines that began a page get their `\f` again.
    // Sized at once: a filtered iterator gives no size to collect by.
    let mut texts: Vec<(usize, Cow<'_, str>)> = Vec::with_capacity(region.len());
    texts.extend(region.iter().filter_map(|&k| lines.get(k)).map(|l| {
        let text = if l.form_feed {
            Cow::Owned(format!("\u{c}{}", l.text))
        } else {
            Cow::Borrowed(l.text)
        };
        (l.no, text)
    }));
    let input: Vec<LayoutLine<'_>> = texts
        .iter()
        .map(|(number, text)| LayoutLine {
            number: *number,
            text: text.as_ref(),
        })
        .collect();
    let text_of = |no: usize| -> &str { lines.get(no.wrapping_sub(1)).map_or("", |l| l.text) };
    if input
        .iter()
        .find(|l| !l.text.trim_start_matches('\u{c}').trim().is_empty())
        .is_some_and(|l| squash_starts_with(l.text, "项目名称"))
    {
        let plain: Vec<LayoutLine<'_>> = input
            .iter()
            .map(|l| LayoutLine {
                number: l.number,
                text: l.text.trim_start_matches('\u{c}'),
            })
            .collect();
        form(table, &plain);
        return;
    }
    // The rows' cells borrow the region's lines (joined pieces excepted).
    let (mut lt, rows) = read_layout_rows(&input);
    fill_region(table, region_rows(&mut lt, rows));
    for (line, text) in lt.furniture {
        table.notes.push(Note {
            line,
            text,
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
        table
            .warnings
            .push(Warning::new(*line, format!("not read: {reason}")));
        unplaced.push(Unplaced {
            line: *line,
            text: first_chars(text_of(*line), 200).to_string(),
            reason: reason.clone(),
        });
    }
}

/// A key–value form (财政项目支出绩效目标填报表): its rows, its unit and its unit notes.
fn form(table: &mut Table, input: &[LayoutLine<'_>]) {
    let Form { grid, notes, unit } = read_form(input);
    if let Some(u) = unit {
        table.unit.get_or_insert(u);
    }
    table.notes.extend(notes);
    fill(table, grid);
    table.warnings.push(Warning::new(
        table.first_line,
        String::from("key–value form: one row per line, cells split at spaces (no column grid)"),
    ));
}

/// The first `n` characters of `s` (borrowed: copied once, not a character at a time).
fn first_chars(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((at, _)) => s.get(..at).unwrap_or(s),
        None => s,
    }
}
