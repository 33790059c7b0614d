//! A table as a grid of cells — the meeting point of every source that knows where its cells
//! are (a PDF's ruling lines, HTML rowspan/colspan) — and the typed [`Table`] it reads as.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::caption::Caption;
use crate::cell::{clean, squash, trim_ws};
use crate::grid::{Grid, GridCell, Origin, RawCell, RawRow};
use crate::model::{ColumnRole, Layout, Note, NoteFlag, Table, TableKind, Warning};

use super::header::is_data_row;
use super::stitch::base_title;
use super::{HeaderSpec, finish_table};

impl Grid {
    /// Every position's text, with the line of the row's first cell: a cell's text (its lines
    /// joined as one text, `医疗保障经办` / `事务` → `医疗保障经办事务`) stands at its first column
    /// in every row it spans (an indicator level beside each of its rows); the further columns
    /// it spans are empty, as in an HTML table.
    ///
    /// ```
    /// use cnbudget_table::{Grid, GridCell, Origin};
    /// let mut g = Grid::new();
    /// g.push(GridCell::new(0, 0, "产出指标").spanning(2, 1).at(Origin::text(3, 1)));
    /// g.push(GridCell::new(0, 1, "培训人次").spanning(1, 2).at(Origin::text(3, 9)));
    /// g.push(GridCell::new(1, 1, "覆盖\n率").at(Origin::text(4, 9)));
    /// g.push(GridCell::new(1, 2, "100%").at(Origin::text(4, 20)));
    /// let rows = g.covered_rows();
    /// assert_eq!(rows[0].1, vec!["产出指标", "培训人次", ""]);
    /// assert_eq!(rows[1], (4, vec!["产出指标".into(), "覆盖率".into(), "100%".into()]));
    /// ```
    pub fn covered_rows(&self) -> Vec<(usize, Vec<String>)> {
        let pos = positions(self);
        (0..self.rows)
            .map(|r| {
                let cells: Vec<Option<&GridCell>> = (0..self.cols)
                    .map(|k| {
                        pos.cover
                            .get(r)
                            .and_then(|row| row.get(k))
                            .copied()
                            .flatten()
                    })
                    .collect();
                let line = (0..self.cols)
                    .filter_map(|k| {
                        pos.start
                            .get(r)
                            .and_then(|row| row.get(k))
                            .copied()
                            .flatten()
                    })
                    .map(|c| c.origin.line)
                    .find(|&l| l > 0)
                    .unwrap_or(0);
                let texts = cells
                    .iter()
                    .enumerate()
                    .map(|(k, c)| match c {
                        Some(c) if c.col == k => join_lines(&c.text).into_owned(),
                        _ => String::new(),
                    })
                    .collect();
                (line, texts)
            })
            .collect()
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x3000..=0x303F | 0xFF00..=0xFFEF)
}

/// A cell's lines as one text: joined without a gap where either side is CJK, a digit or
/// punctuation inside a figure (`21,118.5` / `1`; `机关事业单位基本养老保险缴费` / `支出`), with a
/// space between Latin words.
pub(crate) fn join_lines(text: &str) -> Cow<'_, str> {
    if !text.contains('\n') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for part in text.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
        let (Some(prev), Some(next)) = (out.chars().last(), part.chars().next()) else {
            out.push_str(part);
            continue;
        };
        let glue = |c: char| {
            is_cjk(c) || c.is_ascii_digit() || matches!(c, ',' | '.' | '%' | '-' | '(' | ')')
        };
        if !(glue(prev) || glue(next)) {
            out.push(' ');
        }
        out.push_str(part);
    }
    Cow::Owned(out)
}

/// A row that numbers the columns (`** ** 1 2 3`, `栏次 1 2 3`, `甲 乙 1 2`, `** ** **`): not a
/// header, not data.
///
/// ```
/// use cnbudget_table::is_column_numbering;
/// assert!(is_column_numbering(&["**", "**", "1", "2", "3"]));
/// assert!(is_column_numbering(&["栏次", "1", "2"]));
/// assert!(!is_column_numbering(&["201", "一般公共服务支出", "12.00"]));
/// ```
pub fn is_column_numbering<S: AsRef<str>>(texts: &[S]) -> bool {
    let owned: Vec<String> = texts.iter().map(|t| t.as_ref().to_string()).collect();
    numbering_row(&owned)
}

fn numbering_row(texts: &[String]) -> bool {
    let mut numbers = Vec::new();
    let mut marks = 0;
    for t in texts.iter().map(|t| squash(t)).filter(|t| !t.is_empty()) {
        let t = t.as_ref();
        if let Ok(n) = t.parse::<u32>() {
            if t.len() > 3 {
                return false;
            }
            numbers.push(n);
        } else if t.chars().all(|c| c == '*')
            || matches!(
                t,
                "栏次" | "行次" | "甲" | "乙" | "丙" | "丁" | "—" | "-" | "/"
            )
        {
            marks += 1;
        } else {
            return false;
        }
    }
    let increasing = numbers.windows(2).all(|w| matches!(w, [a, b] if b > a));
    increasing
        && (numbers.len() >= 2
            || (!numbers.is_empty() && marks >= 1)
            || (numbers.is_empty() && marks >= 3))
}

/// The cells of a grid by position: the cell starting at each position, and the cell covering
/// it.
struct Layout2<'g> {
    start: Vec<Vec<Option<&'g GridCell>>>,
    cover: Vec<Vec<Option<&'g GridCell>>>,
}

fn positions(grid: &Grid) -> Layout2<'_> {
    let mut start = vec![vec![None; grid.cols]; grid.rows];
    let mut cover = vec![vec![None; grid.cols]; grid.rows];
    for c in &grid.cells {
        if let Some(slot) = start.get_mut(c.row).and_then(|r| r.get_mut(c.col)) {
            *slot = Some(c);
        }
        for r in c.row..(c.row + c.row_span).min(grid.rows) {
            for k in c.col..(c.col + c.col_span).min(grid.cols) {
                if let Some(slot) = cover.get_mut(r).and_then(|row| row.get_mut(k)) {
                    *slot = Some(c);
                }
            }
        }
    }
    Layout2 { start, cover }
}

/// The text of row `r` as the typed layer sees it: each position holds the text of the cell
/// starting there; a position covered by a cell from a body row above repeats that cell's text
/// when it is a label (a unit or an indicator level spanning rows) — a cell that starts in a
/// header row is the header's, not the body's; a position covered from the left is empty.
fn row_texts(pos: &Layout2<'_>, r: usize, cols: usize, header: &[usize]) -> Vec<(String, Origin)> {
    let mut out = Vec::with_capacity(cols);
    for k in 0..cols {
        let start = pos
            .start
            .get(r)
            .and_then(|row| row.get(k))
            .copied()
            .flatten();
        let cover = pos
            .cover
            .get(r)
            .and_then(|row| row.get(k))
            .copied()
            .flatten();
        let cell = match (start, cover) {
            (Some(c), _) => Some((c, true)),
            (None, Some(c)) if c.col == k && c.row < r && !header.contains(&c.row) => {
                Some((c, false))
            }
            _ => None,
        };
        match cell {
            Some((c, own)) => {
                let text = join_lines(&c.text).into_owned();
                let label = !own && !text.chars().any(|ch| ch.is_ascii_digit());
                if own || label {
                    out.push((text, c.origin));
                } else {
                    out.push((String::new(), c.origin));
                }
            }
            None => {
                let origin = cover.map_or_else(Origin::default, |c| c.origin);
                out.push((String::new(), origin));
            }
        }
    }
    out
}

fn raw_row(texts: Vec<(String, Origin)>) -> RawRow<'static> {
    let line = texts
        .iter()
        .find(|(t, _)| !t.is_empty())
        .or(texts.first())
        .map_or(0, |(_, o)| o.line);
    RawRow {
        lines: vec![line],
        cells: texts
            .into_iter()
            .map(|(t, o)| RawCell {
                raw: Cow::Owned(t),
                line: if o.line == 0 { line } else { o.line },
                column: o.column.max(1),
            })
            .collect(),
    }
}

/// Kinds whose grids are forms: blocks with their own header rows one under the other
/// (a 绩效目标表's budget block, task block and indicator block).
fn form_kind(kind: TableKind) -> bool {
    matches!(
        kind,
        TableKind::ProjectPerformance
            | TableKind::OverallPerformance
            | TableKind::PerformanceSelfEvaluation
            | TableKind::Other
    )
}

/// A row of labels that heads the rows below it: at least three cells of its own, each a short
/// label without figures (`部门预算支出 | 预算金额（万元） | 收入来源`, `一级指标 | 二级指标 | 三级指标`).
fn heading_row(pos: &Layout2<'_>, r: usize) -> bool {
    let own: Vec<String> = pos
        .start
        .get(r)
        .into_iter()
        .flatten()
        .flatten()
        .map(|c| squash(&join_lines(&c.text)).into_owned())
        .filter(|t| !t.is_empty())
        .collect();
    own.len() >= 3
        && !numbering_row(&own)
        && own.iter().all(|t| {
            t.chars().count() <= 24
                && !t.chars().any(|c| c.is_ascii_digit())
                && !super::roles::is_total_label(t)
        })
}

/// Reads a grid as typed [`Table`]s — one, or for a form several (one per block that has its
/// own header rows, all with the grid's caption).
///
/// Caption rows inside the grid (a title or unit spanning every column) and rows that number
/// the columns (`** 1 2 3`, `栏次`) are kept out of the header; header paths come from the cells
/// that span over each column (and, where a header repeats a label and value pair side by side,
/// `部门预算支出 | 预算金额 | 收入来源 | 预算金额`, each value column is prefixed with its pair's
/// label); every other row is a body row typed by the column roles (codes joined from 类/款/项
/// columns or read from the name cell, amounts, names).
///
/// ```
/// use cnbudget_table::{Caption, ColumnRole, Grid, GridCell, Layout, Origin, tables_from_grid};
/// use rust_decimal::Decimal;
/// let mut grid = Grid::new();
/// for (r, c, rs, cs, text, line) in [
///     (0, 0, 2, 1, "科目编码", 3), (0, 1, 2, 1, "科目名称", 3), (0, 2, 1, 2, "本年预算", 3),
///     (1, 2, 1, 1, "基本支出", 4), (1, 3, 1, 1, "项目支出", 4),
///     (2, 0, 1, 1, "2101501", 5), (2, 1, 1, 1, "行政运行", 5), (2, 2, 1, 1, "665.54", 5),
///     (3, 0, 1, 1, "2101506", 6), (3, 1, 1, 1, "医疗保障经办\n事务", 6), (3, 3, 1, 1, "317.27", 6),
/// ] {
///     grid.push(GridCell::new(r, c, text).spanning(rs, cs).at(Origin::text(line, 1)));
/// }
/// let caption = Caption::read([(1, "一般公共预算支出表"), (2, "单位：万元")]);
/// let t = &tables_from_grid(&grid, &caption, Layout::Pdf)[0];
/// assert_eq!(t.columns[2].path, vec!["本年预算", "基本支出"]);
/// assert_eq!(t.amount("2101501", ColumnRole::Basic), Some(Decimal::new(66554, 2)));
/// assert_eq!(t.row_by_code("2101506").unwrap().name.as_deref(), Some("医疗保障经办事务"));
/// ```
pub fn tables_from_grid(grid: &Grid, caption: &Caption, layout: Layout) -> Vec<Table> {
    let first_cell_line = grid
        .cells
        .iter()
        .map(|c| c.origin.line)
        .filter(|&l| l > 0)
        .min()
        .unwrap_or(0);
    let first_line = caption
        .lines
        .first()
        .copied()
        .unwrap_or(first_cell_line)
        .max(1);
    let mut proto = super::table_for(caption, layout, first_line);
    let kind = proto.kind;
    let mended;
    let grid = match reattach_spilled_lines(grid) {
        Some(g) => {
            mended = g;
            &mended
        }
        None => grid,
    };
    let pos = positions(grid);
    let n = grid.cols;
    let mut order: Vec<usize> = (0..grid.rows)
        .filter(|&r| {
            grid.cells
                .iter()
                .any(|c| c.row == r && !c.text.trim().is_empty())
                || (0..n).any(|k| {
                    pos.cover
                        .get(r)
                        .and_then(|row| row.get(k))
                        .copied()
                        .flatten()
                        .is_some_and(|c| !c.text.trim().is_empty())
                })
        })
        .collect();
    caption_rows(&pos, &mut order, n, &mut proto);
    let fields = form_fields(&pos, &mut order, kind);
    // The first header: the rows before the first data row, extended over the rows its cells
    // span.
    let plain = |r: usize| row_texts(&pos, r, n, &[]);
    let mut header_end = 0;
    while let Some(&r) = order.get(header_end) {
        let texts = plain(r);
        let names: Vec<String> = texts.iter().map(|(s, _)| s.clone()).collect();
        if header_end >= 6 || numbering_row(&names) || is_data_row(&raw_row(texts), header_end > 0)
        {
            break;
        }
        header_end += 1;
    }
    // A header cell spanning down (`科目编码` over the 类/款/项 row) takes the label rows it
    // covers; a section label spanning the body (`预算整体情况` beside six rows) does not.
    while header_end > 0 {
        let reach = order
            .iter()
            .take(header_end)
            .flat_map(|r| pos.start.get(*r).into_iter().flatten().flatten())
            .map(|c| c.row + c.row_span)
            .max()
            .unwrap_or(0);
        let next = order.get(header_end).copied();
        if next.is_some_and(|r| r < reach && !is_data_row(&raw_row(plain(r)), true)) {
            header_end += 1;
        } else {
            break;
        }
    }
    // Sections: the first header and its rows, then, in a form, each later run of label rows
    // heading data rows.
    let mut sections: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
    let (head, body) = order.split_at(header_end.min(order.len()));
    let mut cur = (head.to_vec(), Vec::new());
    let mut i = 0;
    while let Some(&r) = body.get(i) {
        // A row a body cell above still spans into (an indicator level beside its rows) is
        // inside the current block.
        let inside = (0..n).any(|k| {
            pos.cover
                .get(r)
                .and_then(|row| row.get(k))
                .copied()
                .flatten()
                .is_some_and(|c| c.row < r && cur.1.contains(&c.row))
        });
        if form_kind(kind) && !inside && heading_row(&pos, r) {
            // A run of label rows (up to three) directly above the rows they head.
            let mut run = vec![r];
            while run.len() < 3 {
                match body.get(i + run.len()) {
                    Some(&next) if heading_row(&pos, next) => run.push(next),
                    _ => break,
                }
            }
            let heads_data = body.get(i + run.len()).is_some();
            let repeats = run.len() == cur.0.len()
                && run.iter().zip(&cur.0).all(|(a, b)| {
                    plain(*a)
                        .iter()
                        .map(|(s, _)| squash(s).into_owned())
                        .eq(plain(*b).iter().map(|(s, _)| squash(s).into_owned()))
                });
            if heads_data && !repeats {
                let done = std::mem::replace(&mut cur, (run.clone(), Vec::new()));
                if !done.1.is_empty() || !done.0.is_empty() {
                    sections.push(done);
                }
                i += run.len();
                continue;
            }
        }
        cur.1.push(r);
        i += 1;
    }
    sections.push(cur);
    if !fields.is_empty() {
        sections.insert(0, (Vec::new(), fields));
    }
    let mut out = Vec::new();
    for (header, body) in sections {
        if body.is_empty() && !out.is_empty() {
            continue;
        }
        let mut table = proto.clone();
        if !out.is_empty() {
            // A later block starts at its own first line.
            table.first_line = usize::MAX;
        }
        read_section(&pos, &header, &body, n, &mut table);
        out.push(table);
    }
    out
}

/// Rows at the top holding one cell across most of the width (a title or unit line drawn
/// inside the frame): read into the caption and taken out of `order`.
fn caption_rows(pos: &Layout2<'_>, order: &mut Vec<usize>, n: usize, table: &mut Table) {
    while let Some(&r) = order.first() {
        let texts = row_texts(pos, r, n, &[]);
        let wide = pos
            .start
            .get(r)
            .map(|row| {
                row.iter()
                    .flatten()
                    .filter(|c| !c.text.trim().is_empty())
                    .collect::<Vec<_>>()
            })
            .is_some_and(|cells| {
                cells.len() == 1 && cells.first().is_some_and(|c| c.col_span * 2 > n.max(2))
            });
        if !wide || is_data_row(&raw_row(texts.clone()), true) {
            break;
        }
        let text: String = texts
            .iter()
            .map(|(s, _)| s.as_str())
            .collect::<Vec<_>>()
            .concat();
        let line = texts
            .iter()
            .find(|(s, _)| !s.is_empty())
            .map_or(0, |(_, o)| o.line);
        let inner = Caption::read([(line, text.as_str())]);
        if caption_is_empty(&inner) {
            break;
        }
        if table.title.is_none() {
            table.title.clone_from(&inner.title);
            if inner.title.is_some() {
                table.kind = inner.kind;
            }
        }
        if table.unit.is_none() {
            table.unit = inner.unit;
        }
        if table.issuer.is_none() {
            table.issuer.clone_from(&inner.issuer);
        }
        table.notes.push(Note {
            line,
            text: clean(&text).into_owned(),
            flags: vec![NoteFlag::Caption],
        });
        order.remove(0);
    }
}

/// Label and value rows at the top of a form (`部门名称 | 广州市生态环境局`, `项目名称 | …`) above
/// its first heading row: taken out of `order` to be read as a block of their own, without a
/// header.
fn form_fields(pos: &Layout2<'_>, order: &mut Vec<usize>, kind: TableKind) -> Vec<usize> {
    if !form_kind(kind) {
        return Vec::new();
    }
    let own = |r: usize| {
        pos.start
            .get(r)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|c| !c.text.trim().is_empty())
            .count()
    };
    let fields = order.iter().take_while(|&&r| own(r) <= 2).count();
    if fields == 0 || fields > 3 || !order.get(fields).is_some_and(|&r| heading_row(pos, r)) {
        return Vec::new();
    }
    order.drain(..fields).collect()
}

/// Column paths from the cells covering each column in the header rows, top to bottom; where a
/// header pairs labels and values side by side (`部门预算支出 | 预算金额 | 收入来源 | 预算金额`),
/// each value column is prefixed with its pair's label.
fn header_paths(pos: &Layout2<'_>, header: &[usize], n: usize) -> Vec<Vec<String>> {
    let mut paths: Vec<Vec<String>> = vec![Vec::new(); n];
    for r in header {
        for (k, path) in paths.iter_mut().enumerate() {
            let Some(c) = pos
                .cover
                .get(*r)
                .and_then(|row| row.get(k))
                .copied()
                .flatten()
            else {
                continue;
            };
            let label = squash(&clean(&join_lines(&c.text))).into_owned();
            if !label.is_empty() && path.last() != Some(&label) {
                path.push(label);
            }
        }
    }
    // Side by side pairs: a value label that two different cells of the last header row print.
    let Some(&last_row) = header.last() else {
        return paths;
    };
    let cells: Vec<Option<&GridCell>> = (0..n)
        .map(|k| {
            pos.cover
                .get(last_row)
                .and_then(|row| row.get(k))
                .copied()
                .flatten()
        })
        .collect();
    let label_of = |c: &GridCell| squash(&clean(&join_lines(&c.text))).into_owned();
    for k in 1..n {
        let Some(Some(cell)) = cells.get(k) else {
            continue;
        };
        let label = label_of(cell);
        if label.is_empty() || cell.col != k {
            continue;
        }
        let twins = cells
            .iter()
            .flatten()
            .filter(|c| c.col != cell.col && label_of(c) == label)
            .count();
        let Some(Some(left)) = cells.get(k - 1) else {
            continue;
        };
        let pair = label_of(left);
        // A value column (an amount) beside a label column.
        let value = super::roles::role_of_label(&label).is_some_and(ColumnRole::is_amount);
        let label_left = !super::roles::role_of_label(&pair).is_some_and(ColumnRole::is_amount);
        if twins == 0 || pair.is_empty() || pair == label || !value || !label_left {
            continue;
        }
        // Pairs differ by their label (`部门预算支出` | `收入来源`); a block repeated whole
        // (`类 款 名称 决算数` twice) is no pair.
        let same_left = (1..n).any(|j| {
            j != k
                && cells
                    .get(j)
                    .copied()
                    .flatten()
                    .is_some_and(|c| c.col == j && label_of(c) == label)
                && cells
                    .get(j - 1)
                    .copied()
                    .flatten()
                    .is_some_and(|c| label_of(c) == pair)
        });
        if same_left {
            continue;
        }
        if let Some(p) = paths.get_mut(k).filter(|p| !p.contains(&pair)) {
            let at = p.len().saturating_sub(1);
            p.insert(at, pair);
        }
    }
    paths
}

/// The width of one block when the header repeats itself side by side, every column's path the
/// same (`类 款 科目名称 决算数 | 类 款 科目名称 决算数`); the whole width otherwise.
fn block_width(paths: &[Vec<String>]) -> usize {
    let n = paths.len();
    let last = |k: usize| paths.get(k).and_then(|p| p.last()).map(String::as_str);
    for w in 2..=n / 2 {
        if n % w != 0 {
            continue;
        }
        // The whole path repeats (`经济分类/科目编码/类` twice); sides that differ above the
        // repeated labels (`本年收入/项目` | `本年支出/项目`) are a summary's two sides.
        let repeats = (w..n).all(|k| last(k).is_some() && paths.get(k) == paths.get(k % w));
        // A block names its items: one of its columns is a name or code column.
        let named = (0..w).any(|k| {
            paths.get(k).is_some_and(|p| {
                matches!(
                    super::roles::role_of_path(p),
                    ColumnRole::Name | ColumnRole::Code
                )
            })
        });
        if repeats && named {
            return w;
        }
    }
    n
}

/// Types one section (its header rows and body rows) into `table`.
fn read_section(pos: &Layout2<'_>, header: &[usize], body: &[usize], n: usize, table: &mut Table) {
    let mut paths = header_paths(pos, header, n);
    // Blocks side by side under one repeated header (a 基本支出 table printing 301/303 on the
    // left and 302/310 on the right): read as one block, the right block's rows after the
    // left's.
    let width = block_width(&paths);
    paths.truncate(width);
    let header_sq: Vec<Vec<String>> = header
        .iter()
        .map(|r| {
            row_texts(pos, *r, n, &[])
                .iter()
                .take(width)
                .map(|(s, _)| squash(&clean(s)).into_owned())
                .collect()
        })
        .collect();
    let header_lines: Vec<usize> = header
        .iter()
        .filter_map(|r| {
            row_texts(pos, *r, n, &[])
                .into_iter()
                .find(|(s, _)| !s.is_empty())
                .map(|(_, o)| o.line)
        })
        .collect();
    let mut rows: Vec<(usize, Vec<(String, Origin)>)> = Vec::with_capacity(body.len());
    for &r in body {
        let texts = row_texts(pos, r, n, header);
        let names: Vec<String> = texts.iter().map(|(s, _)| s.clone()).collect();
        if numbering_row(&names) {
            let line = texts
                .iter()
                .find(|(s, _)| !s.is_empty())
                .map_or(0, |(_, o)| o.line);
            table.notes.push(Note {
                line,
                text: names
                    .iter()
                    .filter(|s| !s.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" "),
                flags: vec![NoteFlag::Interlude],
            });
        } else if texts.iter().any(|(s, _)| !trim_ws(s).is_empty()) {
            rows.push((r, texts));
        }
    }
    let lines = header_lines
        .iter()
        .copied()
        .chain(rows.iter().flat_map(|(_, t)| t.iter().map(|(_, o)| o.line)))
        .filter(|&l| l > 0);
    let (lo, hi) = lines.fold((usize::MAX, 0), |(lo, hi), l| (lo.min(l), hi.max(l)));
    if hi > 0 {
        table.first_line = table.first_line.min(lo).max(1);
        table.last_line = hi.max(table.first_line);
    } else if table.first_line == usize::MAX {
        table.first_line = 1;
    }
    let indents: Vec<Option<f32>> = rows
        .iter()
        .map(|(r, _)| {
            pos.start
                .get(*r)
                .and_then(|row| {
                    row.iter()
                        .flatten()
                        .find(|c| !c.text.trim().is_empty() && c.text.chars().any(is_cjk))
                })
                .map(|c| c.indent)
        })
        .collect();
    // Lower-level codes printed short (`301 | 2` for 30102), as in the text layout.
    let is_code: Vec<bool> = paths
        .iter()
        .map(|p| super::roles::role_of_path(p) == ColumnRole::Code)
        .collect();
    let mut padded = Vec::new();
    crate::cell::pad_short_codes(
        &is_code,
        rows.len(),
        |r, c| rows.get(r)?.1.get(c).map(|(t, _)| t.as_str()),
        |r, c, t| padded.push((r, c, t)),
    );
    for (r, c, t) in padded {
        if let Some(cell) = rows.get_mut(r).and_then(|(_, row)| row.get_mut(c)) {
            cell.0 = t;
        }
    }
    let (raw, indents) = if width < n {
        let mut blocks: Vec<Vec<RawRow<'static>>> = vec![Vec::new(); n.div_ceil(width)];
        let mut block_indents: Vec<Vec<Option<f32>>> = vec![Vec::new(); blocks.len()];
        for ((_, texts), ind) in rows.into_iter().zip(indents) {
            for (b, chunk) in texts.chunks(width).enumerate() {
                if !chunk.iter().any(|(s, _)| !trim_ws(s).is_empty()) {
                    continue;
                }
                if let (Some(block), Some(bi)) = (blocks.get_mut(b), block_indents.get_mut(b)) {
                    block.push(raw_row(chunk.to_vec()));
                    bi.push(ind);
                }
            }
        }
        (blocks.concat(), block_indents.concat())
    } else {
        (rows.into_iter().map(|(_, t)| raw_row(t)).collect(), indents)
    };
    let n_all = n;
    let n = width;
    finish_table(
        table,
        HeaderSpec {
            paths,
            lines: header_lines,
            rows: &header_sq,
            hints: &[],
        },
        raw,
        false,
        n,
    );
    set_levels(table, &indents);
    if width < n_all {
        // Each block printed its own total (`人员经费合计` under 301/303, `公用经费合计` under
        // 302/310): a part's total, not the table's.
        let totals = table.rows.iter().filter(|r| r.total).count();
        if totals > 1 {
            for r in &mut table.rows {
                if r.total
                    && !r
                        .name
                        .as_deref()
                        .is_some_and(|n| matches!(squash(n).as_ref(), "合计" | "总计"))
                {
                    r.total = false;
                }
            }
        }
    }
    if table.columns.iter().all(|c| c.path.is_empty()) {
        table.warnings.push(Warning::new(
            table.first_line,
            "grid without a header row: columns have no labels",
        ));
    }
}

/// Rows without codes show their level by indentation: the distinct indents of the name cells,
/// smallest first, are levels 0, 1, 2 ….
fn set_levels(table: &mut Table, indents: &[Option<f32>]) {
    if table.rows.len() != indents.len() || table.rows.iter().any(|r| r.code.is_some()) {
        return;
    }
    let mut steps: Vec<f32> = indents.iter().flatten().copied().collect();
    steps.sort_by(f32::total_cmp);
    let mut levels: Vec<f32> = Vec::new();
    for x in steps {
        if levels.last().is_none_or(|&l| x - l > 2.0) {
            levels.push(x);
        }
    }
    if levels.len() < 2 || levels.len() > 6 {
        return;
    }
    for (row, ind) in table.rows.iter_mut().zip(indents) {
        if let Some(x) = ind {
            let lvl = levels.iter().rposition(|&l| *x >= l - 2.0).unwrap_or(0);
            row.level = u8::try_from(lvl).ok();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_join_without_gaps_inside_figures_and_names() {
        assert_eq!(join_lines("21,118.5\n1"), "21,118.51");
        assert_eq!(
            join_lines("机关事业单位基本养老保险缴费\n支出"),
            "机关事业单位基本养老保险缴费支出"
        );
        assert_eq!(join_lines("Total\nbudget"), "Total budget");
    }

    #[test]
    fn column_numbering_rows_are_recognised() {
        let row = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(numbering_row(&row(&["**", "1", "2", "3"])));
        assert!(numbering_row(&row(&["栏次", "1", "2"])));
        assert!(numbering_row(&row(&["", "1", "2", "3", "4"])));
        assert!(!numbering_row(&row(&["201", "一般公共服务支出", "12.00"])));
        assert!(!numbering_row(&row(&["1", "1"])));
        assert!(!numbering_row(&row(&["2025", "2026"])));
    }
}

/// A grid placed in a document's text: the lines its cells stand on and, for a PDF, its page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PlacedGrid {
    /// The grid.
    pub grid: Grid,
    /// First line (1-based) of the text the grid's cells stand on.
    pub first_line: usize,
    /// Last line (1-based, inclusive).
    pub last_line: usize,
    /// 1-based page number (PDFs).
    pub page: Option<u32>,
}

impl PlacedGrid {
    /// `grid`, standing on lines `first_line..=last_line` of the document text.
    pub fn new(grid: Grid, first_line: usize, last_line: usize) -> PlacedGrid {
        PlacedGrid {
            grid,
            first_line,
            last_line: last_line.max(first_line),
            page: None,
        }
    }

    /// This grid on page `page`.
    #[must_use]
    pub fn on_page(mut self, page: u32) -> PlacedGrid {
        self.page = Some(page);
        self
    }
}

/// A coded name too long for its cell spills its last line into the cell below
/// (`2080506-机关事业单位职业年金` / `缴费支出` drawn over the next row's `2080506-…`): a cell
/// whose first line has no code while its next line starts with one, under a cell that starts
/// with a code, gives that first line back to the cell above. `None` when nothing spilled.
fn reattach_spilled_lines(grid: &Grid) -> Option<Grid> {
    let coded = |t: &str| super::rows::leading_code(t.trim(), false).is_some();
    let spilled = |t: &str| {
        let mut lines = t.split('\n');
        matches!((lines.next(), lines.next()), (Some(a), Some(b)) if !coded(a) && coded(b))
    };
    if !grid.cells.iter().any(|c| spilled(&c.text)) {
        return None;
    }
    let mut g = grid.clone();
    // Top to bottom, so a cell that spilled and took back its own spill reads as coded.
    for i in 0..g.cells.len() {
        let Some(c) = g.cells.get(i) else { continue };
        if c.row == 0 || !spilled(&c.text) {
            continue;
        }
        let (row, col, span) = (c.row, c.col, c.col_span);
        let above = g.cells.iter().position(|a| {
            a.col == col && a.col_span == span && a.row + a.row_span == row && coded(&a.text)
        });
        let Some(above) = above else { continue };
        let Some((first, rest)) = c
            .text
            .split_once('\n')
            .map(|(f, r)| (f.to_string(), r.to_string()))
        else {
            continue;
        };
        if let Some(a) = g.cells.get_mut(above) {
            a.text.push('\n');
            a.text.push_str(&first);
        }
        if let Some(b) = g.cells.get_mut(i) {
            b.text = rest;
        }
    }
    Some(g)
}

/// True when a caption says nothing (no title, number, issuer or unit).
fn caption_is_empty(c: &Caption) -> bool {
    c.title.is_none() && c.number.is_none() && c.issuer.is_none() && c.unit.is_none()
}

/// A page number, a page break or a running header line between two grids: nothing that
/// separates a table from its continuation.
fn furniture(t: &str) -> bool {
    let t = trim_ws(t).trim_start_matches('\u{c}');
    if t.is_empty() {
        return true;
    }
    let sq = squash(t);
    let n = sq.chars().count();
    // `- 3 -`, `第 3 页`, `第7页，共45页`, `3/45`.
    n <= 16
        && sq.chars().any(|c| c.is_ascii_digit())
        && sq.chars().all(|c| {
            c.is_ascii_digit()
                || matches!(
                    c,
                    '-' | '—' | '第' | '页' | '共' | '/' | '·' | '.' | ',' | '，' | '、'
                )
        })
}

/// True when the grid's first row is one cell across most of its width that holds a title (a
/// form that draws its title inside its frame): the grid starts a table.
fn titled_inside(grid: &Grid) -> bool {
    let top: Vec<&GridCell> = grid
        .cells
        .iter()
        .filter(|c| c.row == 0 && !c.text.trim().is_empty())
        .collect();
    match top.as_slice() {
        [c] => {
            c.col_span * 2 > grid.cols.max(2)
                && Caption::read([(0, join_lines(&c.text).as_ref())])
                    .title
                    .is_some()
        }
        _ => false,
    }
}

/// Reads a document whose tables are given as grids (a PDF's ruled tables) and whose other
/// text — prose, captions, tables without rulings — is `text`.
///
/// Each grid takes its caption from the text lines just above it (after the previous grid);
/// a grid with no caption of its own that follows the previous grid with nothing but page
/// furniture between, or whose caption repeats the previous title and number (with or without
/// `（续）`: each page of a long table printed under its title), continues that table when it
/// has as many columns; rows repeating the header are dropped. The
/// lines of the grids and their captions are then left out of `text`, which is read by
/// [`crate::parse_with`] for prose, the list of contents and unruled tables.
///
/// ```
/// use cnbudget_table::{Grid, GridCell, Origin, PlacedGrid, parse_with_grids, TableKind};
/// let text = "一般公共预算支出表\n单位：万元\n科目编码  科目名称  合计\n2101501  行政运行  665.54\n\n说明：本表无其他内容。";
/// let mut grid = Grid::new();
/// for (r, c, text) in [(0, 0, "科目编码"), (0, 1, "科目名称"), (0, 2, "合计"),
///                      (1, 0, "2101501"), (1, 1, "行政运行"), (1, 2, "665.54")] {
///     grid.push(GridCell::new(r, c, text).at(Origin::text(3 + r, 1)));
/// }
/// let doc = parse_with_grids(text, vec![PlacedGrid::new(grid, 3, 4)], &Default::default());
/// assert_eq!(doc.tables.len(), 1);
/// assert_eq!(doc.tables[0].kind, TableKind::GeneralBudgetByFunction);
/// assert_eq!(doc.tables[0].first_line, 1);
/// assert_eq!(doc.prose.len(), 1);
/// ```
pub fn parse_with_grids(
    text: &str,
    grids: Vec<PlacedGrid>,
    options: &crate::Options,
) -> crate::model::Document {
    let lines: Vec<&str> = text.split('\n').collect();
    let line = |no: usize| lines.get(no.wrapping_sub(1)).copied().unwrap_or("");
    let mut taken = vec![false; lines.len() + 1];
    // (grid rows so far, caption, first line, last line, header texts)
    let mut built: Vec<(Grid, Caption, usize, usize)> = Vec::new();
    let mut prev_last = 0usize;
    let mut grids = grids;
    grids.sort_by_key(|g| g.first_line);
    for pg in grids {
        if pg.first_line <= prev_last || pg.first_line == 0 {
            // Overlapping placements: read the later one as its own table.
        }
        let from = prev_last + 1;
        let above: Vec<(usize, &str)> = (from..pg.first_line)
            .filter(|&no| !taken.get(no).copied().unwrap_or(true))
            .map(|no| (no, line(no)))
            .collect();
        // The caption is read from the last lines above the grid (a title block is short).
        let tail_from = above.len().saturating_sub(8);
        let caption = Caption::read(above.get(tail_from..).unwrap_or(&[]).iter().copied());
        let only_furniture = above
            .iter()
            .filter(|(no, _)| !caption.lines.contains(no))
            .all(|(_, t)| furniture(t));
        let continues = !titled_inside(&pg.grid)
            && built.last().is_some_and(|(g, prev_caption, _, _)| {
                g.cols == pg.grid.cols
                    && ((caption_is_empty(&caption) && only_furniture)
                        || (caption.title.is_some()
                            && caption.title.as_deref().map(base_title)
                                == prev_caption.title.as_deref().map(base_title)
                            && caption.number == prev_caption.number))
            });
        for no in caption
            .lines
            .iter()
            .copied()
            .chain(pg.first_line..=pg.last_line)
        {
            if let Some(t) = taken.get_mut(no) {
                *t = true;
            }
        }
        match built.last_mut() {
            Some((g, _, _, last)) if continues => {
                let offset = g.rows;
                for mut c in pg.grid.cells {
                    c.row += offset;
                    g.cells.push(c);
                }
                g.rows += pg.grid.rows;
                *last = pg.last_line;
            }
            _ => {
                let first = caption
                    .lines
                    .first()
                    .copied()
                    .unwrap_or(pg.first_line)
                    .min(pg.first_line);
                built.push((pg.grid, caption, first, pg.last_line));
            }
        }
        prev_last = prev_last.max(pg.last_line);
    }
    // The rest of the text, with the grids' and captions' lines left blank (line numbers
    // stay those of `text`).
    let rest: String = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if taken.get(i + 1).copied().unwrap_or(false) {
                if l.starts_with('\u{c}') { "\u{c}" } else { "" }
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut doc = crate::parse_with(&rest, options);
    for (grid, caption, first, last) in built {
        let tables = tables_from_grid(&grid, &caption, Layout::Pdf);
        let index = doc.grids.len();
        doc.grids.push(grid);
        let count = tables.len();
        for (k, mut t) in tables.into_iter().enumerate() {
            if t.unit.is_none() {
                t.unit = options.default_unit;
            }
            if k == 0 {
                t.first_line = first.max(1);
            }
            if k + 1 == count {
                t.last_line = last.max(t.first_line);
            }
            if t.notes
                .iter()
                .any(|n| n.flags.contains(&NoteFlag::EmptyTable))
            {
                t.empty = true;
            }
            if looks_like_contents(&t) {
                doc.contents.extend(crate::find::contents_from_table(&t));
            }
            t.grid = Some(index);
            doc.tables.push(t);
        }
    }
    doc.tables.sort_by_key(|t| t.first_line);
    doc.contents.sort_by_key(|c| c.line);
    doc
}

/// A grid listing the document's tables (`报表 | 报表名称 | 是否空表`, or titled 目录).
fn looks_like_contents(t: &Table) -> bool {
    if t.title.as_deref().is_some_and(|s| squash(s) == "目录") {
        return true;
    }
    let labels: String = t
        .columns
        .iter()
        .flat_map(|c| c.path.iter())
        .cloned()
        .collect();
    labels.contains("报表名称")
        || labels.contains("表名")
        || (labels.contains("名称") && labels.contains("空表"))
}
