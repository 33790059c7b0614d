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
//! What [`read_layout`] does, in order:
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
//!    page headings before them are reported in [`LayoutTable::furniture`];
//!    notes (`注：…`) in [`LayoutTable::notes`].
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
//! [`LayoutRow::lines`], in [`LayoutTable::header_lines`],
//! [`LayoutTable::furniture`], [`LayoutTable::notes`] or
//! [`LayoutTable::unplaced`] (with a reason).
//!
//! ```
//! use cnbudget_table::layout::{read_layout, LayoutLine};
//!
//! let text = "\
//! 功能分类科目编码
//!                   功能分类科目名称       合计       基本支出      项目支出
//! 类     款    项
//!
//! 201   05   06   统计管理               26,300           0       26,300
//! 208   05   05   机关事业单位基本养老保险缴费支    4,412,547   4,412,547         0
//!                 出
//!                  合计               4,438,847   4,412,547       26,300";
//! let lines: Vec<LayoutLine<'_>> = text
//!     .lines()
//!     .enumerate()
//!     .map(|(i, text)| LayoutLine { number: i + 1, text })
//!     .collect();
//! let table = read_layout(&lines);
//! let paths: Vec<String> = table.header.iter().map(|c| c.path.join("/")).collect();
//! assert_eq!(
//!     paths,
//!     ["功能分类科目编码/类", "功能分类科目编码/款", "功能分类科目编码/项",
//!      "功能分类科目名称", "合计", "基本支出", "项目支出"]
//! );
//! assert_eq!(table.rows.len(), 3);
//! let cells: Vec<&str> = table.rows[1].cells.iter().map(|c| c.text.as_str()).collect();
//! assert_eq!(cells, ["208", "05", "05", "机关事业单位基本养老保险缴费支出", "4,412,547", "4,412,547", "0"]);
//! assert_eq!(table.rows[1].lines, [6, 7]);
//! assert!(table.unplaced.is_empty());
//! ```

mod body;
mod form;
mod header;
mod rows;
mod sides;
#[cfg(test)]
mod tests;
mod tokens;

use serde::Serialize;

use body::{AmountMap, BodyLine, BodyTok, Role, clusters, roles, synthesize_columns};
use header::{Header, HeaderLine, Leaf, build_header};
use rows::{LineCell, LineCells, assemble_rows, push_cell};
use sides::{pad_short_codes, split_sides};
use tokens::{
    Tok, TokKind, flag, is_level_word, is_page_number, is_space, same_signature, tokenize_into,
};

use crate::lexicon::{
    is_dash_token, opens_layout_note, opens_with_ordinal, starts_with_total_word,
};

pub(crate) use form::form_cells;
pub use header::{ColumnKind, HeaderColumn};
pub(crate) use rows::Row;
pub use rows::{LayoutCell, LayoutRow};
pub use tokens::MAX_LINE_PIECES;

/// One physical line of a space-aligned region, with its 1-based line number in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LayoutLine<'a> {
    /// 1-based line number in the whole document.
    pub number: usize,
    /// The line's text, as `pdftotext -layout` printed it (a leading form feed `\f` marks a new page).
    pub text: &'a str,
}

/// What [`read_layout`] found in a region.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayoutTable {
    /// The columns, left to right.
    pub header: Vec<HeaderColumn>,
    /// The logical rows, in document order.
    pub rows: Vec<LayoutRow>,
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
pub const MAX_LINE_BYTES: usize = 100_000;

/// Header lines considered at most.
const MAX_HEADER_LINES: usize = 40;

enum Slot {
    Blank,
    Skip,
    /// Range of the line's tokens in the region's token vector.
    Toks(usize, usize),
}

/// Reads one space-aligned table region (header + body, possibly over several pages).
///
/// `lines` are the table's lines after its title line and its issuer/unit line, up to
/// (not including) the next title or prose. Never panics; lines longer than
/// [`MAX_LINE_BYTES`] or with more than [`MAX_LINE_PIECES`] pieces go to `unplaced`.
pub fn read_layout(lines: &[LayoutLine<'_>]) -> LayoutTable {
    let (mut table, rows) = read_layout_rows(lines);
    table.rows = rows.into_iter().map(Row::into_owned).collect();
    table
}

/// [`read_layout`] with the rows apart, their cells borrowing `lines` where they can
/// (`LayoutTable::rows` is left empty).
pub(crate) fn read_layout_rows<'a>(lines: &[LayoutLine<'a>]) -> (LayoutTable, Vec<Row<'a>>) {
    let mut out = LayoutTable {
        header: Vec::new(),
        rows: Vec::new(),
        unplaced: Vec::new(),
        header_lines: Vec::new(),
        furniture: Vec::new(),
        notes: Vec::new(),
    };
    // 1. Tokenize; pages. The tokens of all lines live in one vector; a line's slot
    // holds its range.
    let mut slots: Vec<Slot> = Vec::with_capacity(lines.len());
    let mut pages: Vec<usize> = Vec::with_capacity(lines.len());
    let mut all_toks: Vec<Tok<'_>> = Vec::with_capacity(lines.len() * 8);
    let mut page = 0usize;
    let count_form_feeds = |t: &str| t.bytes().filter(|&b| b == 0x0c).count();
    for l in lines {
        if l.text.len() > MAX_LINE_BYTES {
            page += count_form_feeds(l.text);
            pages.push(page);
            out.unplaced.push((
                l.number,
                "line too long to read as a table line".to_string(),
            ));
            slots.push(Slot::Skip);
            continue;
        }
        let from = all_toks.len();
        let mut form_feeds = 0usize;
        let read = tokenize_into(l.text, &mut all_toks, &mut form_feeds);
        if !read {
            form_feeds = count_form_feeds(l.text);
        }
        page += form_feeds;
        pages.push(page);
        if read {
            // No token: only spaces (the tokenizer's spaces are `is_space`).
            if all_toks.len() == from {
                slots.push(Slot::Blank);
            } else {
                slots.push(Slot::Toks(from, all_toks.len()));
            }
        } else {
            out.unplaced
                .push((l.number, "too many pieces on one line".to_string()));
            slots.push(Slot::Skip);
        }
    }
    let number = |i: usize| lines.get(i).map_or(0, |l| l.number);
    let page_of = |i: usize| pages.get(i).copied().unwrap_or(0);
    let toks_at = |i: usize| -> Option<&[Tok<'_>]> {
        match slots.get(i) {
            Some(&Slot::Toks(a, b)) => all_toks.get(a..b),
            _ => None,
        }
    };
    let nonblank: Vec<usize> = (0..slots.len())
        .filter(|&i| matches!(slots.get(i), Some(Slot::Toks(..))))
        .collect();

    // 2. Page numbers: a lone small number next to a page break or at the region's end.
    let mut furniture = vec![false; slots.len()];
    for (k, &i) in nonblank.iter().enumerate() {
        let Some(t) = toks_at(i) else { continue };
        if !is_page_number(t) {
            continue;
        }
        let prev_page = k
            .checked_sub(1)
            .and_then(|p| nonblank.get(p))
            .map(|&p| page_of(p));
        let next_page = nonblank.get(k + 1).map(|&n| page_of(n));
        let at_break =
            next_page.is_none_or(|p| p != page_of(i)) || prev_page.is_some_and(|p| p != page_of(i));
        if at_break
            && (t.len() == 1
                || t.iter()
                    .all(|x| x.kind != TokKind::Amount || is_dash_token(&x.text)))
        {
            flag(&mut furniture, i);
            out.furniture.push((number(i), "page number".to_string()));
        }
    }

    // 3. Header: text lines before the first line with an amount, a code or a total word.
    let is_body_start = |t: &[Tok<'_>]| -> bool {
        t.iter().any(|x| x.kind == TokKind::Amount)
            || (t.first().is_some_and(|x| x.kind == TokKind::Digits)
                && (t.get(1).is_some_and(|x| x.kind != TokKind::Digits)
                    || t.len() >= 2
                    || t.first().is_some_and(|x| x.e - x.s >= 3)))
            || t.first()
                .is_some_and(|x| x.kind == TokKind::Text && opens_with_ordinal(&x.text))
            || (t.first().is_some_and(|x| {
                // `小计` alone is a header word (`“三公”经费` over `小计`).
                starts_with_total_word(&x.text) && !(t.len() == 1 && x.text.starts_with('小'))
            }) && t.iter().skip(1).all(|x| x.kind != TokKind::Text))
            || t.iter()
                .any(|x| x.kind == TokKind::Digits && x.e - x.s >= 3)
    };
    let mut header_idx: Vec<usize> = Vec::new();
    let mut body_from = slots.len();
    for &i in &nonblank {
        if furniture.get(i).copied().unwrap_or(false) {
            continue;
        }
        let Some(t) = toks_at(i) else { continue };
        if is_body_start(t) || header_idx.len() >= MAX_HEADER_LINES {
            body_from = i;
            break;
        }
        header_idx.push(i);
    }
    // A name printed half above its code row (`社会保障和就` / `208 …` / `业支出`) is
    // not header: the line above the first row goes back to the body when the line
    // below the row continues it at the same indentation.
    if let (Some(&last), Some(t_body)) = (header_idx.last(), toks_at(body_from)) {
        let first_row_unnamed = t_body.first().is_some_and(|x| x.kind == TokKind::Digits)
            && !t_body.iter().any(|x| x.kind == TokKind::Text);
        let after = nonblank.iter().find(|&&i| i > body_from).copied();
        let aligned = match (toks_at(last), after.and_then(&toks_at)) {
            (Some([h]), Some([n])) => {
                h.kind == TokKind::Text && n.kind == TokKind::Text && h.s.abs_diff(n.s) <= 1
            }
            _ => false,
        };
        if first_row_unnamed && aligned && last + 1 == body_from {
            header_idx.pop();
            body_from = last;
        }
    }
    // Late header lines: only code-level words (`类 款 项`), below the first values.
    let mut late_header = vec![false; slots.len()];
    for &i in nonblank.iter().filter(|&&i| i >= body_from) {
        if let Some(t) = toks_at(i) {
            if t.len() >= 2 && t.iter().all(|x| is_level_word(&x.text)) {
                flag(&mut late_header, i);
            } else if t.first().is_some_and(|x| x.kind == TokKind::Digits)
                && t.get(1).is_some_and(|x| x.kind != TokKind::Amount)
            {
                break; // the first coded row: later `类 款 项` lines are repeated headers
            }
        }
    }
    let header_page = header_idx.first().map(|&i| page_of(i)).unwrap_or(0);
    let mut all_header: Vec<usize> = header_idx.clone();
    all_header.extend((0..slots.len()).filter(|&i| late_header.get(i).copied().unwrap_or(false)));
    all_header.sort_unstable();

    let blank_between = |a: usize, b: usize| -> bool {
        (a + 1..b).any(|i| !all_header.contains(&i)) // a blank or a non-header line lies between
    };
    let build_from = |idx: &[usize]| -> Header<'_> {
        let hl: Vec<HeaderLine<'_>> = idx
            .iter()
            .filter_map(|&i| toks_at(i).map(|t| HeaderLine { pos: i, toks: t }))
            .collect();
        build_header(&hl, &blank_between)
    };
    let header = build_from(&all_header);
    for &i in &all_header {
        out.header_lines.push(number(i));
    }

    // Final column order and kinds.
    let order = header.order();
    let mut kinds: Vec<ColumnKind> = order
        .iter()
        .filter_map(|&l| header.leaves.get(l).map(|x| x.kind))
        .collect();
    let mut centers2: Vec<i64> = order
        .iter()
        .filter_map(|&l| header.leaves.get(l).map(Leaf::center2))
        .collect();
    let mut columns: Vec<HeaderColumn> = order
        .iter()
        .filter_map(|&l| header.leaves.get(l))
        .map(|leaf| HeaderColumn {
            path: leaf
                .path
                .iter()
                .rev()
                .filter_map(|&n| header.nodes.get(n).map(|n| n.text.to_string()))
                .collect(),
            start: leaf.s + 1,
            end: leaf.e,
            kind: leaf.kind,
        })
        .collect();

    // 4. Repeated headers and page headings on later pages.
    // Header lines, compared without their spaces (a line of spaces compares with nothing).
    let sigs: Vec<&str> = header_idx
        .iter()
        .filter_map(|&i| lines.get(i).map(|l| l.text))
        .filter(|t| !t.chars().all(is_space))
        .collect();
    let mut repeated_by_page: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    // A header is repeated at the top of a page: once a page has shown a value, a line
    // that looks like a header line (a wrapped `款` of a name) is not one.
    let mut page_has_values: Option<usize> = None;
    for &i in nonblank.iter().filter(|&&i| i >= body_from) {
        if furniture.get(i).copied().unwrap_or(false)
            || late_header.get(i).copied().unwrap_or(false)
        {
            continue;
        }
        let text = lines.get(i).map_or("", |l| l.text);
        // An amount, or two numbers (a lone `114` is a page heading's year).
        let values = toks_at(i).is_some_and(|t| {
            t.iter().any(|x| x.kind == TokKind::Amount)
                || t.iter().filter(|x| x.kind == TokKind::Digits).count() >= 2
        });
        if page_has_values == Some(page_of(i)) {
            continue;
        }
        if values {
            page_has_values = Some(page_of(i));
            continue;
        }
        if page_of(i) != header_page && sigs.iter().any(|s| same_signature(text, s)) {
            flag(&mut furniture, i);
            out.furniture
                .push((number(i), "repeated header".to_string()));
            repeated_by_page.entry(page_of(i)).or_default().push(i);
        }
    }
    for (&p, rep) in &repeated_by_page {
        let Some(&first_rep) = rep.first() else {
            continue;
        };
        for &i in nonblank
            .iter()
            .filter(|&&i| i >= body_from && i < first_rep && page_of(i) == p)
        {
            if furniture.get(i).copied().unwrap_or(false) {
                continue;
            }
            let heading = toks_at(i).is_some_and(|t| t.iter().all(|x| x.kind == TokKind::Text));
            if heading {
                flag(&mut furniture, i);
                out.furniture.push((
                    number(i),
                    "page heading above a repeated header".to_string(),
                ));
            }
        }
    }

    // 5. Body lines with roles; notes. The body's tokens live in one vector, each
    // line's in a slice of it.
    let mut body_toks: Vec<BodyTok<'_, '_>> = Vec::with_capacity(all_toks.len());
    let mut body_spans: Vec<(usize, usize, usize)> = Vec::new(); // (number, page, tokens)
    let mut in_note = false;
    for &i in nonblank.iter().filter(|&&i| i >= body_from) {
        if furniture.get(i).copied().unwrap_or(false)
            || late_header.get(i).copied().unwrap_or(false)
        {
            continue;
        }
        let Some(t) = toks_at(i) else { continue };
        let first = t.first().map(|x| x.text.as_ref()).unwrap_or("");
        let textual = t.iter().all(|x| x.kind == TokKind::Text);
        if opens_layout_note(first) || (in_note && textual) {
            in_note = true;
            out.notes.push(number(i));
            continue;
        }
        in_note = false;
        let from = body_toks.len();
        roles(t, &mut body_toks);
        body_spans.push((number(i), page_of(i), body_toks.len() - from));
    }
    let body_toks_len = body_toks.len();
    let mut body: Vec<BodyLine<'_, '_, '_>> = Vec::with_capacity(body_spans.len());
    let mut rest: &mut [BodyTok<'_, '_>] = &mut body_toks;
    for &(number, page, n) in &body_spans {
        let n = n.min(rest.len());
        let (toks, tail) = std::mem::take(&mut rest).split_at_mut(n);
        rest = tail;
        body.push(BodyLine { number, page, toks });
    }

    // Synthetic columns when the region has no header.
    if columns.is_empty() {
        synthesize_columns(&body, &mut columns, &mut kinds, &mut centers2);
    }
    let ncols = columns.len();

    // 6. Code levels: single codes by their indentation relative to the label.
    let code_cols: Vec<usize> = (0..ncols)
        .filter(|&c| kinds.get(c) == Some(&ColumnKind::Code))
        .collect();
    // Code columns in more than one run (one per side): codes go by position.
    let code_by_position = code_cols
        .windows(2)
        .any(|w| matches!(w, [a, b] if b - a > 1));
    // Digit groups standing under a code column are codes wherever they are on the
    // line (two-sided tables print `301  01 … 302` with codes on both sides). On
    // two-sided tables a lone 3-, 5- or 7-digit group clearly nearer a code column than
    // any amount column is a code too, even a few columns off (the right side's codes
    // drift left where the left side has ended: `   30299` / `  31007      0.00`).
    for b in body.iter_mut() {
        for t in b.toks.iter_mut() {
            let lone_code = t.role == Role::CodeLine && code_by_position;
            if !lone_code && (t.role != Role::Amount || t.tok.kind != TokKind::Digits) {
                continue;
            }
            let c2 = t.tok.center2();
            let dist = |c: usize| (centers2.get(c).copied().unwrap_or(i64::MIN / 4) - c2).abs();
            let code_d = code_cols.iter().map(|&c| dist(c)).min();
            let amount_d = (0..ncols)
                .filter(|&c| kinds.get(c) == Some(&ColumnKind::Amount))
                .map(dist)
                .min();
            let code_len = matches!(t.tok.text.chars().count(), 3 | 5 | 7);
            let near = |d: i64| {
                (d <= 6 && amount_d.is_none_or(|a| d < a))
                    || (code_by_position
                        && code_len
                        && d <= 32
                        && amount_d.is_none_or(|a| 2 * d < a))
            };
            if code_d.is_some_and(near) {
                t.role = Role::Code;
            }
        }
    }
    let mut offsets: Vec<usize> = Vec::new();
    for bl in &body {
        let mut codes = bl.toks.iter().filter(|t| t.role == Role::Code);
        let (first_code, more_codes) = (codes.next(), codes.next().is_some());
        if !more_codes {
            if let (Some(c), Some(txt)) =
                (first_code, bl.toks.iter().find(|t| t.role == Role::Text))
            {
                offsets.push(txt.tok.s.saturating_sub(c.tok.s));
            }
        }
    }
    let offset_clusters = clusters(offsets); // ascending offsets; largest offset = first level
    let level_of_offset = |off: usize| -> usize {
        let n = offset_clusters.len();
        let idx = offset_clusters
            .iter()
            .position(|&(lo, hi, _)| off >= lo && off <= hi)
            .unwrap_or(n.saturating_sub(1));
        n.saturating_sub(1).saturating_sub(idx)
    };

    // 7. Amount columns and per-page mapping.
    let amount_cols: Vec<usize> = (0..ncols)
        .filter(|&c| kinds.get(c) == Some(&ColumnKind::Amount))
        .collect();
    let mut amap = AmountMap {
        cols: amount_cols.clone(),
        centers2: amount_cols
            .iter()
            .map(|&c| centers2.get(c).copied().unwrap_or(0))
            .collect(),
        learned: vec![None; amount_cols.len()],
    };
    let mut page_list: Vec<usize> = body.iter().map(|b| b.page).collect();
    page_list.dedup();
    // Pages with a repeated header of the same shape use its own positions (built
    // only for pages whose numbers do not already fall into one cluster per column).
    let page_centers = |p: usize| -> Option<Vec<i64>> {
        let rep = repeated_by_page.get(&p)?;
        let hdr = build_from(rep);
        if hdr.leaves.iter().filter(|l| !l.dead).count() != ncols {
            return None;
        }
        let ord = hdr.order();
        let kinds_p: Vec<ColumnKind> = ord
            .iter()
            .filter_map(|&l| hdr.leaves.get(l).map(|x| x.kind))
            .collect();
        if kinds_p != kinds {
            return None;
        }
        Some(
            ord.iter()
                .filter_map(|&l| hdr.leaves.get(l).map(Leaf::center2))
                .enumerate()
                .filter(|(k, _)| kinds.get(*k) == Some(&ColumnKind::Amount))
                .map(|(_, c)| c)
                .collect(),
        )
    };
    let mut used: Vec<usize> = Vec::new();
    let mut sums: Vec<(f64, usize)> = vec![(0.0, 0); amount_cols.len()];
    // Horizontal shift of pages read without a header, to place their labels.
    let mut page_shift: std::collections::BTreeMap<usize, f64> = Default::default();
    // Body lines come in page order, so a page's lines are one run of them.
    let mut page_start = 0usize;
    for &p in &page_list {
        let first = (page_start..body.len())
            .find(|&k| body.get(k).is_some_and(|b| b.page == p))
            .unwrap_or(body.len());
        let end = (first..body.len())
            .find(|&k| body.get(k).is_none_or(|b| b.page != p))
            .unwrap_or(body.len());
        page_start = end;
        let idxs = first..end;
        let page_rs: Vec<usize> = idxs
            .clone()
            .filter_map(|k| body.get(k))
            .flat_map(|b| {
                b.toks
                    .iter()
                    .filter(|t| t.role == Role::Amount)
                    .map(|t| t.tok.e)
            })
            .collect();
        // As many clusters of right edges as amount columns: they are the columns, in order.
        let page_clusters = clusters(page_rs);
        let one_per_column = page_clusters.len() == amap.cols.len();
        let own = if one_per_column {
            None
        } else if p == header_page && !header_idx.is_empty() {
            Some(amap.centers2.clone())
        } else {
            page_centers(p)
        };
        let by_cluster = if own.is_none() {
            let cl = page_clusters;
            let reps: Vec<f64> = cl.iter().map(|c| c.2).collect();
            let (assign, shift) = amap.by_clusters(&reps);
            page_shift.insert(p, shift);
            Some((cl, assign))
        } else {
            None
        };
        for k in idxs {
            let Some(b) = body.get_mut(k) else { continue };
            used.clear();
            for t in b.toks.iter_mut() {
                if t.role != Role::Amount {
                    continue;
                }
                let r = t.tok.e;
                let col = match (&own, &by_cluster) {
                    (Some(c2), _) => Some(amap.by_header(c2, r)),
                    (None, Some((cl, assign))) => cl
                        .iter()
                        .position(|&(lo, hi, _)| r >= lo && r <= hi)
                        .and_then(|ci| assign.get(ci).copied().flatten()),
                    _ => None,
                };
                let col = col.map(|mut c| {
                    while used.contains(&c) && c + 1 < amap.cols.len() {
                        c += 1;
                    }
                    c
                });
                if let Some(c) = col {
                    if !used.contains(&c) {
                        used.push(c);
                        t.slot = Some(c);
                        if let Some(s) = sums.get_mut(c) {
                            s.0 += r as f64;
                            s.1 += 1;
                        }
                    }
                }
            }
        }
        // Learn right edges from this page for the next ones.
        for (c, s) in sums.iter_mut().enumerate() {
            if s.1 > 0 {
                if let Some(l) = amap.learned.get_mut(c) {
                    *l = Some(s.0 / s.1 as f64);
                }
            }
            *s = (0.0, 0);
        }
    }

    // 8. Cells per body line.
    let label_cols: Vec<usize> = (0..ncols)
        .filter(|&c| kinds.get(c) != Some(&ColumnKind::Code))
        .collect();
    // `below`: only columns left of this one (a word printed left of an amount on
    // its line belongs to a column left of that amount's column).
    let nearest_label = |center2: i64, below: usize| -> Option<usize> {
        let mut best: Option<(usize, i64)> = None;
        for &c in label_cols.iter().filter(|&&c| c < below) {
            let cc = centers2.get(c).copied().unwrap_or(0);
            let mut d = (cc - center2).abs();
            if kinds.get(c) == Some(&ColumnKind::Label) {
                d /= 4;
            }
            if best.is_none_or(|(_, bd)| d < bd) {
                best = Some((c, d));
            }
        }
        best.map(|b| b.0)
    };
    // The cells of all body lines in one vector: (line number, number of cells) per line.
    let mut cells: Vec<LineCell<'_>> = Vec::with_capacity(body_toks_len);
    let mut cell_spans: Vec<(usize, usize)> = Vec::with_capacity(body.len());
    let mut amount_at: Vec<(usize, usize)> = Vec::new();
    for b in body.iter() {
        let from = cells.len();
        let mut codes = b.toks.iter().filter(|t| t.role == Role::Code);
        let (first_code, more_codes) = (codes.next(), codes.next().is_some());
        let first_level = if first_code.is_some() && !more_codes {
            let txt = b.toks.iter().find(|t| t.role == Role::Text);
            match (first_code, txt) {
                (Some(c), Some(t)) => level_of_offset(t.tok.s.saturating_sub(c.tok.s)),
                _ => 0,
            }
        } else {
            0
        };
        let mut code_i = 0usize;
        // Column of each placed amount, to keep words left of it in columns left of it.
        amount_at.clear();
        amount_at.extend(
            b.toks
                .iter()
                .filter(|t| t.role == Role::Amount)
                .filter_map(|t| t.slot.and_then(|s| amap.cols.get(s)).map(|&c| (t.tok.s, c))),
        );
        for t in b.toks.iter() {
            let col1 = t.tok.s + 1;
            let below = amount_at
                .iter()
                .filter(|(s, _)| *s > t.tok.s)
                .map(|&(_, c)| c)
                .min()
                .unwrap_or(usize::MAX);
            match t.role {
                Role::Code => {
                    let target = if code_cols.is_empty() {
                        nearest_label(t.tok.center2(), usize::MAX)
                    } else if code_by_position {
                        code_cols.iter().copied().min_by_key(|&c| {
                            (centers2.get(c).copied().unwrap_or(0) - t.tok.center2()).abs()
                        })
                    } else {
                        let lvl = (first_level + code_i).min(code_cols.len() - 1);
                        code_cols.get(lvl).copied()
                    };
                    code_i += 1;
                    if let Some(c) = target {
                        push_cell(&mut cells, from, c, t.tok.text.clone(), col1, Role::Code);
                    }
                }
                Role::Amount => match t.slot.and_then(|s| amap.cols.get(s)).copied() {
                    Some(c) => {
                        push_cell(&mut cells, from, c, t.tok.text.clone(), col1, Role::Amount)
                    }
                    None => out.unplaced.push((
                        b.number,
                        format!("amount `{}` at column {col1} fits no column", t.tok.text),
                    )),
                },
                Role::Text | Role::CodeLine => {
                    let shift2 = page_shift
                        .get(&b.page)
                        .map_or(0, |s| (2.0 * s).round() as i64);
                    let placed = nearest_label(t.tok.center2() - shift2, below)
                        .or_else(|| nearest_label(t.tok.center2() - shift2, usize::MAX));
                    if let Some(c) = placed {
                        push_cell(&mut cells, from, c, t.tok.text.clone(), col1, t.role);
                    } else {
                        out.unplaced
                            .push((b.number, format!("text `{}` fits no column", t.tok.text)));
                    }
                }
            }
        }
        cell_spans.push((b.number, cells.len() - from));
    }
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
