//! After the rows: short sub-level codes padded, and two column groups side by side split into
//! one record per group.

use std::borrow::Cow;

use super::header::{ColumnKind, HeaderColumn};
use super::rows::{Cell, Row, join_text};
use super::tokens::same_signature;

/// Short lower-level codes padded to their column's width
/// ([`crate::cell::pad_short_codes`]).
pub(super) fn pad_short_codes(header: &[HeaderColumn], rows: &mut [Row<'_>]) {
    let is_code: Vec<bool> = header.iter().map(|h| h.kind == ColumnKind::Code).collect();
    let mut padded: Vec<(usize, usize, String)> = Vec::new();
    crate::cell::pad_short_codes(
        &is_code,
        rows.len(),
        |r, c| rows.get(r)?.cells.get(c).map(|x| x.text.as_ref()),
        |r, c, t| padded.push((r, c, t)),
    );
    for (r, c, t) in padded {
        if let Some(x) = rows.get_mut(r).and_then(|row| row.cells.get_mut(c)) {
            x.text = Cow::Owned(t);
        }
    }
}

/// Width of one group when the header is two identical column groups side by side,
/// each with its own code columns (基本支出决算表: 人员经费 codes/names/amounts on the
/// left, 公用经费 on the right): `Some(k)` with `header.len() == 2 * k`.
fn side_width(header: &[HeaderColumn]) -> Option<usize> {
    let n = header.len();
    if n < 4 || n % 2 != 0 {
        return None;
    }
    let k = n / 2;
    let (left, right) = header.split_at(k);
    let same = left.iter().zip(right).all(|(a, b)| {
        a.kind == b.kind
            && match (a.path.last(), b.path.last()) {
                (Some(x), Some(y)) => same_signature(x, y),
                (x, y) => x.is_none() && y.is_none(),
            }
    });
    let coded = left.first().is_some_and(|c| c.kind == ColumnKind::Code)
        && left.iter().any(|c| c.kind == ColumnKind::Amount);
    (same && coded).then_some(k)
}

/// Splits the rows of a table made of two identical column groups side by side (see
/// [`side_width`]) into one row per group: a row of the left group keeps its cells in
/// the left columns and has the right ones empty, and the other way round. The left
/// group's rows come first, then the right group's; rows with no code on either side
/// (the `人员经费合计 … 公用经费合计` line) stay whole, at the end. Within a group, a row
/// that only continues a code (`302 … 其 他 商 品 和 服 务 支` / `99` / `出`, a name printed
/// around its code) is joined to the row above it.
pub(super) fn split_sides<'a>(header: &[HeaderColumn], rows: &mut Vec<Row<'a>>) {
    let Some(k) = side_width(header) else {
        return;
    };
    let kinds: Vec<ColumnKind> = header.iter().map(|h| h.kind).collect();
    let has_text = |cells: &[Cell<'_>]| cells.iter().any(|c| !c.text.trim().is_empty());
    let has_code = |cells: &[Cell<'_>], kinds: &[ColumnKind]| {
        cells
            .iter()
            .zip(kinds)
            .any(|(c, k)| *k == ColumnKind::Code && !c.text.trim().is_empty())
    };
    let (kl, kr) = kinds.split_at(k);
    let mut sides: [Vec<Row<'a>>; 2] = [Vec::new(), Vec::new()];
    let mut whole: Vec<Row<'a>> = Vec::new();
    for row in std::mem::take(rows) {
        let (l, r) = row.cells.split_at(k.min(row.cells.len()));
        if !has_code(l, kl) && !has_code(r, kr) {
            whole.push(row);
            continue;
        }
        let first = row.lines.first().copied().unwrap_or(0);
        let blank = || Cell {
            line: first,
            ..Cell::EMPTY
        };
        for (side, (own, kinds_own)) in [(l, kl), (r, kr)].into_iter().enumerate() {
            if !has_text(own) {
                continue;
            }
            let mut cells: Vec<Cell<'a>> = Vec::with_capacity(row.cells.len());
            if side == 1 {
                cells.extend((0..k).map(|_| blank()));
            }
            cells.extend(own.iter().cloned());
            if side == 0 {
                cells.extend((0..row.cells.len().saturating_sub(k)).map(|_| blank()));
            }
            let new = Row {
                lines: row.lines.clone(),
                cells,
            };
            let Some(list) = sides.get_mut(side) else {
                continue;
            };
            if let Some(prev) = list.last_mut() {
                if continues_code(prev, &new, side * k, kinds_own) {
                    join_rows(prev, new, side * k, kinds_own);
                    continue;
                }
            }
            list.push(new);
        }
    }
    let [left, right] = sides;
    *rows = left;
    rows.extend(right);
    rows.extend(whole);
}

/// `next` (one group's cells at `base..base + kinds.len()`) has no first-level code but a
/// lower-level code that `prev` lacks, and no amount where `prev` has one: the two are
/// one record printed around its code.
fn continues_code(prev: &Row<'_>, next: &Row<'_>, base: usize, kinds: &[ColumnKind]) -> bool {
    fn cell<'r>(r: &'r Row<'_>, i: usize) -> &'r str {
        r.cells.get(i).map_or("", |c| c.text.trim())
    }
    let cell = |r, i| cell(r, base + i);
    let first_code_empty = cell(next, 0).is_empty() && !cell(prev, 0).is_empty();
    let mut fills_code = false;
    for (i, kind) in kinds.iter().enumerate() {
        let (p, n) = (cell(prev, i), cell(next, i));
        match kind {
            ColumnKind::Code if i > 0 && !n.is_empty() => {
                if !p.is_empty() {
                    return false;
                }
                fills_code = true;
            }
            ColumnKind::Amount if !n.is_empty() && !p.is_empty() => return false,
            _ => {}
        }
    }
    first_code_empty && fills_code
}

/// Joins `next` into `prev` (see [`continues_code`]).
fn join_rows<'a>(prev: &mut Row<'a>, next: Row<'a>, base: usize, kinds: &[ColumnKind]) {
    for (i, c) in next.cells.into_iter().enumerate() {
        if i < base || i >= base + kinds.len() || c.text.trim().is_empty() {
            continue;
        }
        if let Some(p) = prev.cells.get_mut(i) {
            if p.text.trim().is_empty() {
                *p = c;
            } else {
                p.text = Cow::Owned(join_text(&p.text, &c.text));
            }
        }
    }
    for l in next.lines {
        if !prev.lines.contains(&l) {
            prev.lines.push(l);
        }
    }
    prev.lines.sort_unstable();
}
