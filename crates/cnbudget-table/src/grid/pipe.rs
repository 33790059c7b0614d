//! Markdown pipe-table rows.

use std::borrow::Cow;

use super::{RawCell, RawRow};
use crate::cell::trim_line;
use crate::lines::Line;

pub(crate) fn pipe_cells<'a>(l: &Line<'a>) -> Option<RawRow<'a>> {
    let t = trim_line(l.text);
    let inner = t.strip_prefix('|').unwrap_or(t);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    if inner.chars().all(|c| matches!(c, '-' | ':' | '|' | ' ')) {
        return None; // separator row
    }
    let lead = l.text.len() - l.text.trim_start().len();
    let mut col = 1 + l.col0 + l.text.get(..lead).map_or(0, |p| p.chars().count()) + 1;
    let mut cells = Vec::new();
    for part in inner.split('|') {
        cells.push(RawCell {
            raw: Cow::Borrowed(part),
            line: l.no,
            column: col,
        });
        col += part.chars().count() + 1;
    }
    Some(RawRow {
        lines: vec![l.no],
        cells,
    })
}
