//! Tab-separated rows (and a lone tab-indented cell).

use std::borrow::Cow;

use super::{RawCell, RawRow};
use crate::lines::Line;

fn memchr_count(b: &[u8], needle: u8) -> usize {
    memchr::memchr_iter(needle, b).count()
}

pub(crate) fn tab_cells<'a>(l: &Line<'a>) -> RawRow<'a> {
    let mut cells = Vec::with_capacity(memchr_count(l.text.as_bytes(), b'\t') + 1);
    let mut col = 1 + l.col0;
    // One pass: split at tabs and count each part's characters (non-continuation bytes).
    let text = l.text;
    let mut start = 0usize;
    let mut chars = 0usize;
    for (i, &x) in text.as_bytes().iter().enumerate() {
        if x == b'\t' {
            cells.push(RawCell {
                raw: Cow::Borrowed(text.get(start..i).unwrap_or_default()),
                line: l.no,
                column: col,
            });
            col += chars + 1;
            chars = 0;
            start = i + 1;
        } else if x & 0xC0 != 0x80 {
            chars += 1;
        }
    }
    cells.push(RawCell {
        raw: Cow::Borrowed(text.get(start..).unwrap_or_default()),
        line: l.no,
        column: col,
    });
    RawRow {
        lines: vec![l.no],
        cells,
    }
}
