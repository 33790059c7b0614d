//! Space-aligned table regions, as `pdftotext -layout` prints them: column
//! inference, wrapped names, split codes, displaced values, page stitching.
//!
//! `pdftotext -layout` gives every character — CJK included — one column, and
//! pads with spaces so that text keeps roughly its horizontal position on the
//! page. Roughly: a line with many CJK characters drifts by a few columns, so
//! nothing here relies on exact positions. The reader works on one *region*:
//! the lines of one table after its title line and its issuer/unit line
//! (`编制部门：…  单位：元`), possibly over several pages.
//!
//! What [`read_layout_rows`] does, in order:
//!
//! 1. **Header / body.** The header is the block of text lines before the first
//!    line that carries an amount, a code or a total label (`合计`). A line made
//!    only of `类 款 项` printed after the first values (some final accounts do
//!    that) is a header line too.
//! 2. **Header paths.** Header words are grouped bottom-up: a word centred over a
//!    column's word on the next header line with no blank line between is the
//!    same cell wrapped (`事业单位` over `经营收入` → `事业单位经营收入`); a word
//!    centred over several columns is their parent (`支出预算` over `合计 基本支出
//!    项目支出`, `功能分类科目编码` over `类 款 项`). Each bottom word is a column,
//!    a [`HeaderColumn`] with its path from top to bottom. A word stacked from a
//!    piece on the first header line (`支出` / `一般公共预算` / `财` / `政拨款`, printed
//!    vertically in a narrow cell) gives that piece back as the side's parent when
//!    another word of that line is a parent already (`收入`); the “三公” group words
//!    (`“三公”经费`, `公务用车购置及运行费`) cover their items and the 小计/合计 just
//!    left of them wherever they are printed; a word does not take the columns under
//!    another word of its own line.
//! 3. **Cells.** Leading digit groups are codes, kept in their own columns
//!    (`201   05   06` → 类, 款, 项; a single code goes to its level by its
//!    indentation, as in Taiwan's 款/項/目/節; digit groups standing under a code
//!    column elsewhere on the line are codes too, for two-sided tables). Amounts
//!    are right-aligned: where the numbers of a page end forms as many clusters as
//!    there are amount columns, they are those columns in order; otherwise an
//!    amount belongs to the column whose header word is the nearest to the left of
//!    where the number ends. Pages without a header are mapped by the order of
//!    where their numbers end, allowing the whole page to be shifted (labels on
//!    that page are shifted alike, but a word printed left of an amount always goes
//!    to a column left of that amount's column: a page printed narrower is not
//!    read as shifted text). Columns are thus re-inferred on every page, which is
//!    why the lines must keep their form feeds. A header is only taken as repeated
//!    at the top of its page, before the page's first value.
//! 4. **Rows.** A line with a code, a label and amounts, or a label starting with
//!    an ordinal (`一、`, `1.`, `（一）`) or a total word (`合计`) starts a row.
//!    A line holding only amounts is attached to the next row if that row leaves
//!    those columns empty, else to the previous one (final accounts print
//!    values a line above their row). A line holding only a short label
//!    continues the previous row's label (wrapped names); a label line just above
//!    a code row without a label starts that row's label (names centred on their
//!    row); a line holding only a long digit string (Taiwan's 編號) is put before
//!    the next row's label. On two-sided tables a line that only fills the
//!    previous row's empty columns joins it.
//! 5. **Furniture.** Page numbers, headers repeated after a form feed and the
//!    page headings before them are reported in [`Reading::furniture`];
//!    notes (`注：…`) in [`Reading::notes`].
//! 6. **Short codes.** In a lower-level code column (款, 项) of a mainland table,
//!    a code printed with fewer digits than all the others (`301   2   津贴补贴`,
//!    where the PDF itself holds `2`) gets its leading zeros back (`02`).
//! 7. **Two column groups side by side** (基本支出决算表: codes, names and amounts
//!    of 人员经费 on the left, of 公用经费 on the right, same header words twice):
//!    each physical row becomes two records, the left group's cells in a row of
//!    their own (right columns empty) and the right group's likewise; the left
//!    group's rows come first, then the right group's, then rows without any code
//!    (`人员经费合计 … 公用经费合计`) whole. A record printed around its code
//!    (`302 … 其 他 商 品 和 服 务 支` / `99` / `出`) is joined into one.
//!
//! Nothing is dropped: every non-blank line ends up in a row's
//! [`Row::lines`], in [`Reading::header_lines`], [`Reading::furniture`],
//! [`Reading::notes`] or [`Reading::unplaced`] (with a reason).
//!
//! For example, from
//!
//! ```text
//! 功能分类科目编码
//!                   功能分类科目名称       合计       基本支出      项目支出
//! 类     款    项
//!
//! 201   05   06   统计管理               26,300           0       26,300
//! 208   05   05   机关事业单位基本养老保险缴费支    4,412,547   4,412,547         0
//!                 出
//!                  合计               4,438,847   4,412,547       26,300
//! ```
//!
//! the columns are `功能分类科目编码/类`, `…/款`, `…/项`, `功能分类科目名称`, `合计`,
//! `基本支出`, `项目支出`, and the second of the three rows, from lines 6 and 7, is `208`,
//! `05`, `05`, `机关事业单位基本养老保险缴费支出`, `4,412,547`, `4,412,547`, `0` (the unit
//! test `the_module_example` reads it).

mod body;
mod form;
mod header;
mod region;
mod rows;
mod sides;
#[cfg(test)]
mod tests;
mod tokens;

use std::borrow::Cow;

use crate::cell::squash;
use crate::grid::{ColumnHint, MAX_GIVEN_COLUMNS, RawCell, RawRow};

use body::{Columns, HeaderPages, assign_codes, line_cells, map_amounts, synthesize_columns};
use region::{
    Tokens, body_lines, body_tokens, columns_of, find_header_lines, mark_page_numbers,
    mark_repeated_headers,
};
use rows::{LineCell, LineCells, assemble_rows};
use sides::{pad_short_codes, split_sides};

pub(crate) use form::{Form, read_form};
pub(crate) use header::{ColumnKind, HeaderColumn};
pub(crate) use rows::Row;

/// One physical line of a space-aligned region, with its 1-based line number in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LayoutLine<'a> {
    /// 1-based line number in the whole document.
    pub number: usize,
    /// The line's text, as `pdftotext -layout` printed it (a leading form feed `\f` marks a new page).
    pub text: &'a str,
}

/// What [`read_layout_rows`] found in a region besides its rows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Reading {
    /// The columns, left to right.
    pub header: Vec<HeaderColumn>,
    /// Lines (or parts of lines) that could not be placed: line number and reason.
    pub unplaced: Vec<(usize, String)>,
    /// Lines read as the table's header (including `类 款 项` lines printed below the first values).
    pub header_lines: Vec<usize>,
    /// Page furniture: page numbers, headers repeated after a page break and the page
    /// headings above them; line number and what it is.
    pub furniture: Vec<(usize, String)>,
    /// Note lines under the table (`注：…`, `备注…`) and their continuation lines.
    pub notes: Vec<usize>,
}

/// Lines longer than this (in bytes) are not read; they go to `unplaced`.
pub(crate) const MAX_LINE_BYTES: usize = 100_000;

/// Reads one space-aligned table region (header + body, possibly over several pages): its
/// columns and furniture, and its rows, their cells borrowing `lines` where they can.
///
/// `lines` are the table's lines after its title line and its issuer/unit line, up to
/// (not including) the next title or prose. Never panics; lines longer than
/// [`MAX_LINE_BYTES`] or with more than [`MAX_LINE_PIECES`](tokens::MAX_LINE_PIECES) pieces
/// go to `unplaced`.
pub(crate) fn read_layout_rows<'a>(lines: &[LayoutLine<'a>]) -> (Reading, Vec<Row<'a>>) {
    let mut out = Reading {
        header: Vec::new(),
        unplaced: Vec::new(),
        header_lines: Vec::new(),
        furniture: Vec::new(),
        notes: Vec::new(),
    };
    // 1. Tokens and pages.
    let t = Tokens::read(lines, &mut out.unplaced);
    // 2. Page numbers.
    let mut furniture = vec![false; t.len()];
    mark_page_numbers(&t, &mut furniture, &mut out.furniture);
    // 3. Header lines and columns.
    let hl = find_header_lines(&t, &furniture);
    let header = hl.build(&t, &hl.all);
    out.header_lines.extend(hl.all.iter().map(|&i| t.number(i)));
    let line_of = |top: usize| hl.all.get(top).map_or(0, |&i| t.number(i));
    let (mut columns, mut kinds, mut centers2) = columns_of(&header, &line_of);
    // 4. Repeated headers and page headings on later pages.
    let repeated_by_page = mark_repeated_headers(&t, &hl, &mut furniture, &mut out.furniture);
    // 5. Body lines with roles; notes.
    let (mut body_toks, spans) = body_tokens(&t, &hl, &furniture, &mut out.notes);
    let mut body = body_lines(&mut body_toks, &spans);
    // Synthetic columns when the region has no header.
    if columns.is_empty() {
        synthesize_columns(&body, &mut columns, &mut kinds, &mut centers2);
    }
    let ncols = columns.len();
    let cols = Columns {
        kinds: &kinds,
        centers2: &centers2,
    };
    // 6. Code levels: single codes by their indentation relative to the label.
    let codes = assign_codes(&mut body, &cols);
    // 7. Amount columns and per-page mapping. Pages with a repeated header of the same
    // shape use its own positions (built only for pages whose numbers do not already fall
    // into one cluster per column).
    let page_centers = |p: usize| -> Option<Vec<i64>> {
        let rep = repeated_by_page.get(&p)?;
        let hdr = hl.build(&t, rep);
        if hdr.leaves.iter().filter(|l| !l.dead).count() != ncols {
            return None;
        }
        let (_, kinds_p, centers_p) = columns_of(&hdr, &|_| 0);
        if kinds_p != kinds {
            return None;
        }
        Some(
            centers_p
                .into_iter()
                .enumerate()
                .filter(|(k, _)| kinds.get(*k) == Some(&ColumnKind::Amount))
                .map(|(_, c)| c)
                .collect(),
        )
    };
    let pages = HeaderPages {
        page: (!hl.idx.is_empty()).then_some(hl.page),
        centers: &page_centers,
    };
    let (amap, page_shift) = map_amounts(&mut body, &cols, &pages);
    // 8. Cells per body line.
    let (cells, cell_spans) =
        line_cells(&body, &cols, &codes, &amap, &page_shift, &mut out.unplaced);
    let mut line_cells: Vec<LineCells<'_, '_>> = Vec::with_capacity(cell_spans.len());
    let mut rest: &[LineCell<'_>] = &cells;
    for &(number, n) in &cell_spans {
        let (line, tail) = rest.split_at(n.min(rest.len()));
        rest = tail;
        line_cells.push(LineCells {
            number,
            cells: line,
        });
    }
    // 9. Rows.
    let mut rows = assemble_rows(&line_cells, ncols, &kinds, &mut out.unplaced);
    out.header = columns;
    // 10. Sub-level codes printed without their leading zero.
    pad_short_codes(&out.header, &mut rows);
    // 11. Two column groups side by side: one record per group.
    split_sides(&out.header, &mut rows);
    (out, rows)
}

/// A region's header and rows as the typed layer reads them, the cells borrowing the
/// region's text where the rows do.
pub(crate) struct RegionRows<'a> {
    /// Each column's header path, top to bottom (squashed, empty words left out); the columns
    /// are the header's, and more when a row is wider.
    pub paths: Vec<Vec<String>>,
    /// The header lines, in order, each once (none when the header has no words).
    pub lines: Vec<usize>,
    /// What each header column holds, left to right.
    pub hints: Vec<ColumnHint>,
    /// The body rows, one cell per column.
    pub body: Vec<RawRow<'a>>,
}

/// A region's rows handed to the typed layer as they are, with the header the reader found
/// (the reader's columns and paths are the header; its column kinds are hints). This is what
/// the region would give as a [`Grid`](crate::Grid) with a
/// [`HeaderRows::Given`](crate::HeaderRows::Given) header of one row per path level (a word
/// over several adjacent columns one spanning cell), without building the grid's cells and
/// reading them back. The header's path words are moved out (`reading.header`'s paths are
/// left empty).
pub(crate) fn region_rows<'a>(reading: &mut Reading, rows: Vec<Row<'a>>) -> RegionRows<'a> {
    let header = &mut reading.header;
    let hints = header
        .iter()
        .map(|c| match c.kind {
            ColumnKind::Code => ColumnHint::Code,
            ColumnKind::Label => ColumnHint::Label,
            ColumnKind::Amount => ColumnHint::Amount,
        })
        .collect();
    let has_words = header.iter().any(|c| !c.words.is_empty());
    let cols = rows
        .iter()
        .map(|r| r.cells.len())
        .max()
        .unwrap_or(0)
        .max(header.len())
        .min(MAX_GIVEN_COLUMNS);
    let mut paths: Vec<Vec<String>> = header
        .iter_mut()
        .map(|c| {
            let words = c.words.len();
            std::mem::take(&mut c.path)
                .into_iter()
                .take(words)
                .filter_map(|text| {
                    let sq = match squash(&text) {
                        Cow::Borrowed(_) => text,
                        Cow::Owned(s) => s,
                    };
                    (!sq.is_empty()).then_some(sq)
                })
                .collect()
        })
        .collect();
    paths.resize(cols, Vec::new());
    let lines = if has_words {
        let mut l = reading.header_lines.clone();
        l.sort_unstable();
        l.dedup();
        l
    } else {
        Vec::new()
    };
    let body = rows
        .into_iter()
        .map(|row| RawRow {
            lines: row.lines,
            cells: row
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
    RegionRows {
        paths,
        lines,
        hints,
        body,
    }
}
