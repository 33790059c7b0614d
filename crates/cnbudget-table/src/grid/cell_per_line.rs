//! Cells one per tab-indented line (`\t科目编码`), a blank line between rows; a cell may run
//! over several lines.

use std::borrow::Cow;

use super::{RawCell, RawRow};
use crate::cell::trim_line;
use crate::lines::Line;

/// The row being read: its cells and the lines they came from.
#[derive(Default)]
pub(crate) struct CellBlock<'a> {
    cells: Vec<RawCell<'a>>,
    lines: Vec<usize>,
}

impl<'a> CellBlock<'a> {
    /// A tab-indented cell line (`\t…`, or `\t` alone for an empty cell).
    pub(crate) fn cell(&mut self, l: &Line<'a>) {
        let cell_text = l.text.strip_prefix('\t').unwrap_or(l.text);
        self.cells.push(RawCell {
            raw: Cow::Borrowed(cell_text),
            line: l.no,
            column: 2,
        });
        self.lines.push(l.no);
    }

    /// A line continuing the last cell (a cell that runs over several lines); it replaces an
    /// empty cell.
    pub(crate) fn continued(&mut self, l: &Line<'a>) {
        if let Some(last) = self.cells.last_mut() {
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
        self.lines.push(l.no);
    }

    /// True before the row's first cell.
    pub(crate) fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// The row read so far, if it has a cell; the block starts over.
    pub(crate) fn take(&mut self) -> Option<RawRow<'a>> {
        if self.cells.is_empty() {
            return None;
        }
        Some(RawRow {
            lines: std::mem::take(&mut self.lines),
            cells: std::mem::take(&mut self.cells),
        })
    }
}
