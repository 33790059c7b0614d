//! Space-aligned (`pdftotext -layout`) regions: the layout reader's columns and rows handed to
//! the typed layer, and key–value forms read line by line.

use std::borrow::Cow;

use crate::caption::note_flags;
use crate::cell::{clean, squash};
use crate::grid::layout::{ColumnKind, LayoutLine, form_cells, read_layout_rows};
use crate::grid::{RawCell, RawRow};
use crate::lines::Line;
use crate::model::{AmountUnit, ColumnRole, Note, NoteFlag, Table, Unplaced, Warning};
use crate::typed::{HeaderSpec, finish_table};

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
    let texts: Vec<(usize, Cow<'_, str>)> = region
        .iter()
        .filter_map(|&k| lines.get(k))
        .map(|l| {
            let text = if l.form_feed {
                Cow::Owned(format!("\u{c}{}", l.text))
            } else {
                Cow::Borrowed(l.text)
            };
            (l.no, text)
        })
        .collect();
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
        .is_some_and(|l| squash(l.text.trim_start_matches('\u{c}')).starts_with("项目名称"))
    {
        let plain: Vec<LayoutLine<'_>> = input
            .iter()
            .map(|l| LayoutLine {
                number: l.number,
                text: l.text.trim_start_matches('\u{c}'),
            })
            .collect();
        read_form(table, &plain);
        return;
    }
    // The rows' cells borrow the region's lines (joined pieces excepted).
    let (lt, rows) = read_layout_rows(&input);
    let hints: Vec<ColumnRole> = lt
        .header
        .iter()
        .map(|h| match h.kind {
            ColumnKind::Code => ColumnRole::Code,
            ColumnKind::Amount => ColumnRole::Amount,
            _ => ColumnRole::Other,
        })
        .collect();
    // Header words squashed; a word already squashed is moved, not copied.
    let paths: Vec<Vec<String>> = lt
        .header
        .into_iter()
        .map(|h| {
            h.path
                .into_iter()
                .map(|p| {
                    match squash(&p) {
                        Cow::Owned(s) => Some(s),
                        Cow::Borrowed(_) => None,
                    }
                    .unwrap_or(p)
                })
                .filter(|p| !p.is_empty())
                .collect()
        })
        .collect();
    let body: Vec<RawRow<'_>> = rows
        .into_iter()
        .map(|r| RawRow {
            lines: r.lines,
            cells: r
                .cells
                .into_iter()
                .map(|c| RawCell {
                    raw: c.text,
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
            lines: lt.header_lines,
            rows: &[],
            hints: &hints,
        },
        body,
        false,
        n,
    );
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
            text: text_of(*line).chars().take(200).collect(),
            reason: reason.clone(),
        });
    }
}

/// A key–value form (财政项目支出绩效目标填报表: 项目名称 …, 主管部门 …, 项目资金总额 …):
/// no column grid to infer, so every line is a row of its cells, split at runs of spaces
/// (at single spaces too where the line has no sentence punctuation, as in
/// `4,100,000.00 年度资金申请总额`).
fn read_form(table: &mut Table, input: &[LayoutLine<'_>]) {
    let mut body: Vec<RawRow<'_>> = Vec::new();
    for l in input {
        // `(元)` under `项目资金`: the unit of the form's amounts.
        let sq = squash(l.text);
        let unit = if sq.contains("(万元)") {
            Some(AmountUnit::WanYuan)
        } else if sq.contains("(元)") {
            Some(AmountUnit::Yuan)
        } else {
            None
        };
        if let Some(u) = unit {
            table.unit.get_or_insert(u);
            if sq == "(元)" || sq == "(万元)" {
                table.notes.push(Note {
                    line: l.number,
                    text: sq.into_owned(),
                    flags: vec![NoteFlag::Caption],
                });
                continue;
            }
        }
        let mut cells = form_cells(l.text);
        // A `(元)` cell beside other cells (`(元)  上年结转资金  0.00`): the unit, kept as a note.
        cells.retain(|(_, t)| {
            let unit_cell = matches!(*t, "(元)" | "(万元)" | "（元）" | "（万元）");
            if unit_cell {
                table.notes.push(Note {
                    line: l.number,
                    text: squash(t).into_owned(),
                    flags: vec![NoteFlag::Caption],
                });
            }
            !unit_cell
        });
        if cells.is_empty() {
            continue;
        }
        body.push(RawRow {
            lines: vec![l.number],
            cells: cells
                .into_iter()
                .map(|(column, text)| RawCell {
                    raw: Cow::Borrowed(text),
                    line: l.number,
                    column,
                })
                .collect(),
        });
    }
    let n = body.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    finish_table(
        table,
        HeaderSpec {
            paths: vec![Vec::new(); n],
            lines: Vec::new(),
            rows: &[],
            hints: &[],
        },
        body,
        false,
        n,
    );
    table.warnings.push(Warning::new(
        table.first_line,
        String::from("key–value form: one row per line, cells split at spaces (no column grid)"),
    ));
}
