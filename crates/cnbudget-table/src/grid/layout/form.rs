//! Key–value forms printed space-aligned (财政项目支出绩效目标填报表: 项目名称 …, 主管部门 …,
//! 项目资金总额 …): no column grid to infer, so every line is a row of its cells, split at runs
//! of spaces (at single spaces too where the line has no sentence punctuation, as in
//! `4,100,000.00 年度资金申请总额`).

use super::LayoutLine;
use crate::cell::squash;
use crate::grid::{Grid, GridCell, HeaderRows, Origin};
use crate::model::{AmountUnit, Note, NoteFlag};

/// A form read: its grid of rows (no header), the unit lines and cells kept as notes, and the
/// unit of its amounts (the first `(元)` / `(万元)` seen).
pub(crate) struct Form {
    pub(crate) grid: Grid,
    pub(crate) notes: Vec<Note>,
    pub(crate) unit: Option<AmountUnit>,
}

/// Reads the lines of a form.
pub(crate) fn read_form(input: &[LayoutLine<'_>]) -> Form {
    let mut form = Form {
        grid: Grid::new().with_header(HeaderRows::Absent),
        notes: Vec::new(),
        unit: None,
    };
    for l in input {
        // `(元)` under `项目资金`: the unit of the form's amounts.
        let sq = squash(l.text);
        let unit = if sq.contains("(万元)") {
            Some(AmountUnit::TenThousandYuan)
        } else if sq.contains("(元)") {
            Some(AmountUnit::Yuan)
        } else {
            None
        };
        if let Some(u) = unit {
            form.unit.get_or_insert(u);
            if sq == "(元)" || sq == "(万元)" {
                form.notes.push(Note {
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
                form.notes.push(Note {
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
        let r = form.grid.rows;
        form.grid.set_row_lines(r, vec![l.number]);
        for (col, (column, text)) in cells.into_iter().enumerate() {
            form.grid
                .push(GridCell::new(r, col, text).at(Origin::text(l.number, column)));
        }
    }
    form
}

/// Cells of one form line: (1-based character column, text).
pub(crate) fn form_cells(text: &str) -> Vec<(usize, &str)> {
    let prose = text.contains(['，', '、', '。', '；']);
    let mut out = Vec::new();
    let mut start: Option<(usize, usize)> = None; // (byte, char column)
    let mut spaces = 0usize;
    let mut col = 0usize;
    for (b, ch) in text.char_indices() {
        col += 1;
        if ch.is_whitespace() {
            spaces += 1;
            continue;
        }
        let split = spaces >= 2 || (spaces == 1 && !prose);
        if let Some((sb, sc)) = start {
            if split {
                let cell = text.get(sb..b).unwrap_or("").trim_end();
                out.push((sc, cell));
                start = Some((b, col));
            }
        } else {
            start = Some((b, col));
        }
        spaces = 0;
    }
    if let Some((sb, sc)) = start {
        out.push((sc, text.get(sb..).unwrap_or("").trim_end()));
    }
    out
}
