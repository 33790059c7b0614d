//! Rows of a space-aligned region assembled from body lines: wrapped names, values printed a
//! line above or below their row, code lines printed above a name.

use std::borrow::Cow;

use super::body::Role;
use super::header::ColumnKind;
use super::tokens::is_cjk;
use crate::lexicon::{ends_with_total_word, opens_with_ordinal, starts_with_total_word};

/// A logical row (possibly assembled from several physical lines), its cells borrowing
/// the region's text where they can.
#[derive(Debug, Clone)]
pub(crate) struct Row<'a> {
    /// The physical lines that make up the row, in document order.
    pub lines: Vec<usize>,
    /// One cell per header column; an empty cell has empty text.
    pub cells: Vec<Cell<'a>>,
}

/// One cell of a [`Row`].
#[derive(Debug, Clone)]
pub(crate) struct Cell<'a> {
    /// The cell's text; pieces from several lines are joined (CJK pieces without a space).
    pub text: Cow<'a, str>,
    /// Line of the cell's first piece (the row's first line for an empty cell).
    pub line: usize,
    /// 1-based character column of the cell's first piece (0 for an empty cell).
    pub column: usize,
    /// While the row is assembled: `None` for a cell not filled yet, else the char
    /// length of the last piece appended (the wrapped column's width).
    pub(super) width: Option<usize>,
}

impl Cell<'_> {
    pub(super) const EMPTY: Cell<'static> = Cell {
        text: Cow::Borrowed(""),
        line: 0,
        column: 0,
        width: None,
    };
}

#[derive(Debug, Clone)]
struct RowBuild<'a> {
    lines: Vec<usize>,
    /// One per column; a cell not filled yet has no `width`.
    cells: Vec<Cell<'a>>,
    has_code: bool,
}

/// A cell of a body line: (column, text, 1-based char column, role).
pub(super) type LineCell<'a> = (usize, Cow<'a, str>, usize, Role);

/// The cells of one body line (a slice of the region's line cells).
pub(super) struct LineCells<'s, 'a> {
    pub(super) number: usize,
    pub(super) cells: &'s [LineCell<'a>],
}

impl LineCells<'_, '_> {
    fn has(&self, role: Role) -> bool {
        self.cells.iter().any(|c| c.3 == role)
    }
}

pub(super) fn join_text(a: &str, b: &str) -> String {
    let cjk = a.chars().last().is_some_and(is_cjk) && b.chars().next().is_some_and(is_cjk);
    let mut s = String::with_capacity(a.len() + b.len() + 1);
    s.push_str(a);
    if !cjk && !a.is_empty() && !b.is_empty() {
        s.push(' ');
    }
    s.push_str(b);
    s
}

impl<'a> RowBuild<'a> {
    fn new(ncols: usize) -> Self {
        RowBuild {
            // Most rows are read from one or two lines.
            lines: Vec::with_capacity(2),
            cells: vec![Cell::EMPTY; ncols],
            has_code: false,
        }
    }

    fn add_line(&mut self, number: usize) {
        // Lines mostly come in order: a number above all others is pushed as is.
        if self.lines.last().is_none_or(|&l| l < number) {
            self.lines.push(number);
        } else if !self.lines.contains(&number) {
            self.lines.push(number);
            self.lines.sort_unstable();
        }
    }

    fn is_free(&self, col: usize) -> bool {
        self.cells.get(col).is_some_and(|c| c.width.is_none())
    }

    /// The filled cell of column `col`.
    fn filled(&self, col: usize) -> Option<&Cell<'a>> {
        self.cells.get(col).filter(|c| c.width.is_some())
    }

    // A `&Cow`, not a `&str`: a borrowed piece is kept as a borrow, not copied.
    #[allow(clippy::ptr_arg)]
    fn set_or_append(&mut self, col: usize, text: &Cow<'a, str>, line: usize, column: usize) {
        let n = text.chars().count();
        if let Some(c) = self.cells.get_mut(col) {
            if c.width.is_some() {
                c.text = Cow::Owned(join_text(&c.text, text));
            } else {
                c.text = text.clone();
                c.line = line;
                c.column = column;
            }
            c.width = Some(n);
        }
    }

    // A `&Cow`, not a `&str`: a borrowed piece is kept as a borrow, not copied.
    #[allow(clippy::ptr_arg)]
    fn prefix(&mut self, col: usize, text: &Cow<'a, str>, line: usize, column: usize) {
        if let Some(c) = self.cells.get_mut(col) {
            if c.width.is_some() {
                let mut t = String::with_capacity(text.len() + 1 + c.text.len());
                t.push_str(text);
                t.push(' ');
                t.push_str(&c.text);
                c.text = Cow::Owned(t);
            } else {
                c.text = text.clone();
                c.width = Some(text.chars().count());
            }
            c.line = line;
            c.column = column;
        }
    }

    fn finish(mut self) -> Row<'a> {
        // An empty cell's line is the row's first line.
        let first = self.lines.first().copied().unwrap_or(0);
        for c in self.cells.iter_mut().filter(|c| c.width.is_none()) {
            c.line = first;
        }
        Row {
            lines: self.lines,
            cells: self.cells,
        }
    }
}

const ROW_START_WORDS: [&str; 12] = [
    "本年",
    "年初",
    "年末",
    "上年",
    "其中",
    "使用",
    "用事业",
    "结余",
    "結餘",
    "收入总计",
    "支出总计",
    "以前年度",
];

/// Text that starts a new item: ordinal (`一、`, `（一）`, `1.`, `(1.`), total or summary words.
pub(super) fn starts_item(s: &str) -> bool {
    starts_with_total_word(s)
        || ROW_START_WORDS.iter().any(|w| s.starts_with(w))
        || opens_with_ordinal(s)
}

/// Adds a piece to column `col` of the line whose cells are `cells[from..]`.
pub(super) fn push_cell<'a>(
    cells: &mut Vec<LineCell<'a>>,
    from: usize,
    col: usize,
    text: Cow<'a, str>,
    col1: usize,
    role: Role,
) {
    let line = cells.get_mut(from..).unwrap_or_default();
    if let Some(c) = line.iter_mut().find(|c| c.0 == col) {
        c.1 = Cow::Owned(join_text(&c.1, &text));
    } else {
        cells.push((col, text, col1, role));
    }
}

/// Does every cell of `lc` fall in a column `row` has not filled yet?
fn fits<'a>(row: &RowBuild<'a>, lc: &LineCells<'_, 'a>) -> bool {
    lc.cells.iter().all(|c| row.is_free(c.0))
}

/// Adds the cells of `lc` to `row`.
fn apply<'a>(row: &mut RowBuild<'a>, lc: &LineCells<'_, 'a>) {
    for (col, text, column, role) in lc.cells {
        row.set_or_append(*col, text, lc.number, *column);
        if *role == Role::Code {
            row.has_code = true;
        }
    }
    row.add_line(lc.number);
}

/// Rows assembled from body lines, one line at a time.
struct Assembler<'l, 's, 'a> {
    lines: &'l [LineCells<'s, 'a>],
    ncols: usize,
    kinds: &'l [ColumnKind],
    unplaced: &'l mut Vec<(usize, String)>,
    /// At most one row per line.
    rows: Vec<RowBuild<'a>>,
    /// Value-only lines waiting for the next row: index into `lines`.
    pending_values: Vec<usize>,
    /// Digit-only code lines waiting for the next row's label.
    pending_prefix: Vec<usize>,
    /// Index (into `lines`) of the previous body line that went into a row (not pending).
    last_in_row: Option<usize>,
}

impl<'a> Assembler<'_, '_, 'a> {
    /// Is the previous row the last thing above line `k` (only pending values between)?
    fn prev_adjacent(&self, k: usize) -> bool {
        let Some(last) = self.last_in_row else {
            return false;
        };
        if self.rows.is_empty() {
            return false;
        }
        (last + 1..k).all(|j| self.pending_values.contains(&j))
    }

    /// A label-only line continuing the previous row's label (a wrapped name): it starts no
    /// item, ends with no total word, and each piece fits the width of the label above it.
    fn continues_label(&self, lc: &LineCells<'_, 'a>, k: usize) -> bool {
        let texts = lc.cells.iter().filter(|c| c.3 == Role::Text);
        // Values waiting above this line that the previous row cannot take
        // belong to a row starting here.
        let values_need_row = self.rows.last().is_some_and(|row| {
            self.pending_values
                .iter()
                .any(|&v| self.lines.get(v).is_some_and(|vl| !fits(row, vl)))
        });
        self.prev_adjacent(k)
            && !values_need_row
            && self.rows.last().is_some_and(|row| {
                texts.clone().all(|(col, text, _, _)| {
                    !starts_item(text)
                        && !ends_with_total_word(text)
                        && match row.filled(*col) {
                            None => true,
                            Some(c) => {
                                text.chars().count() <= c.width.unwrap_or(0) + 1
                                    && !c.text.ends_with(['）', ')', '。'])
                                    && c.text.chars().last().is_some_and(is_cjk)
                            }
                        }
                })
            })
    }

    /// An anchor line merging into the previous row: it fills only that row's empty columns
    /// (a two-sided summary table whose sides are printed on adjacent lines), or the
    /// previous row is codes (and values) only and this line brings its labels (two-sided
    /// tables print codes and names on separate lines).
    fn merges(&self, lc: &LineCells<'_, 'a>, k: usize) -> bool {
        let (has_code, has_text) = (lc.has(Role::Code), lc.has(Role::Text));
        let adjacent = has_text && self.prev_adjacent(k) && self.pending_values.is_empty();
        let merge_labels = adjacent
            && self.rows.last().is_some_and(|row| {
                fits(row, lc)
                    && row.has_code
                    && lc
                        .cells
                        .iter()
                        .any(|c| self.kinds.get(c.0) == Some(&ColumnKind::Label))
            });
        merge_labels
            || !has_code
                && adjacent
                && self.rows.last().is_some_and(|row| {
                    !row.has_code
                        && fits(row, lc)
                        && row.cells.iter().enumerate().any(|(c, x)| {
                            x.width.is_some()
                                && self
                                    .lines
                                    .get(self.last_in_row.unwrap_or(0))
                                    .is_some_and(|p| {
                                        p.cells.iter().any(|pc| pc.0 == c && pc.3 == Role::Text)
                                    })
                        })
                })
    }

    /// A label printed above its code row (names centred vertically on the row): the
    /// label-only row just above takes this code line.
    fn label_above(&self, lc: &LineCells<'_, 'a>, k: usize) -> bool {
        lc.has(Role::Code)
            && self.prev_adjacent(k)
            && self.pending_values.is_empty()
            && self.rows.last().is_some_and(|row| {
                !row.has_code
                    && row.cells.iter().enumerate().all(|(c, x)| {
                        x.width.is_none()
                            || (self.kinds.get(c) == Some(&ColumnKind::Label)
                                && !starts_item(&x.text))
                    })
            })
    }

    /// Values that no row below takes go to the row above, or to `unplaced`.
    fn flush_value(&mut self, v: usize) {
        let Some(vl) = self.lines.get(v) else { return };
        match self.rows.last_mut() {
            Some(row) if fits(row, vl) => apply(row, vl),
            _ => self.unplaced.push((
                vl.number,
                "values that fit neither the row above nor the row below".to_string(),
            )),
        }
    }

    /// A row starting at `lc`, with the code lines and values waiting above it.
    fn start_row(&mut self, lc: &LineCells<'_, 'a>) {
        let mut row = RowBuild::new(self.ncols);
        apply(&mut row, lc);
        // Code lines printed above the label (Taiwan 編號).
        for p in self.pending_prefix.drain(..) {
            if let Some(pl) = self.lines.get(p) {
                for (col, text, column, _) in pl.cells {
                    row.prefix(*col, text, pl.number, *column);
                }
                row.add_line(pl.number);
            }
        }
        // Values printed above the row.
        for v in std::mem::take(&mut self.pending_values) {
            let Some(vl) = self.lines.get(v) else {
                continue;
            };
            if fits(&row, vl) {
                apply(&mut row, vl);
            } else {
                self.flush_value(v);
            }
        }
        self.rows.push(row);
    }

    /// Takes body line `k`.
    fn line(&mut self, k: usize, lc: &LineCells<'_, 'a>) {
        let has_code = lc.has(Role::Code);
        let has_amount = lc.has(Role::Amount);
        let has_text = lc.has(Role::Text);
        if lc.has(Role::CodeLine) && !has_code && !has_amount && !has_text {
            self.pending_prefix.push(k);
            return;
        }
        if has_amount && !has_code && !has_text {
            self.pending_values.push(k);
            // Do not wait long: values more than 3 lines above any row go to the previous row.
            while self.pending_values.len() > 3 {
                let v = self.pending_values.remove(0);
                self.flush_value(v);
            }
            return;
        }
        // A label-only line: continuation of the previous row's label, or a row of its own.
        if has_text && !has_code && !has_amount && self.continues_label(lc, k) {
            if let Some(row) = self.rows.last_mut() {
                for (col, text, column, _) in lc.cells {
                    row.set_or_append(*col, text, lc.number, *column);
                }
                row.add_line(lc.number);
            }
        } else if self.merges(lc, k) || self.label_above(lc, k) {
            if let Some(row) = self.rows.last_mut() {
                apply(row, lc);
            }
        } else {
            self.start_row(lc);
        }
        self.last_in_row = Some(k);
    }

    /// The rows, once every line is taken: values still waiting go to the last row (or make
    /// the only row of a table of values alone), code lines still waiting are unplaced.
    fn finish(mut self) -> Vec<Row<'a>> {
        for v in std::mem::take(&mut self.pending_values) {
            if self.rows.is_empty() {
                // A table whose only row is values (a 三公 table has no label column).
                if let Some(vl) = self.lines.get(v) {
                    let mut row = RowBuild::new(self.ncols);
                    apply(&mut row, vl);
                    self.rows.push(row);
                }
                continue;
            }
            self.flush_value(v);
        }
        for &p in &self.pending_prefix {
            if let Some(pl) = self.lines.get(p) {
                self.unplaced
                    .push((pl.number, "code line with no row below it".to_string()));
            }
        }
        self.rows.into_iter().map(RowBuild::finish).collect()
    }
}

/// The rows of a region from its body lines: wrapped names joined, values printed above or
/// below their row attached to it, code lines put before the next row's label.
pub(super) fn assemble_rows<'a>(
    lines: &[LineCells<'_, 'a>],
    ncols: usize,
    kinds: &[ColumnKind],
    unplaced: &mut Vec<(usize, String)>,
) -> Vec<Row<'a>> {
    let mut a = Assembler {
        lines,
        ncols,
        kinds,
        unplaced,
        rows: Vec::with_capacity(lines.len()),
        pending_values: Vec::new(),
        pending_prefix: Vec::new(),
        last_in_row: None,
    };
    for (k, lc) in lines.iter().enumerate() {
        a.line(k, lc);
    }
    a.finish()
}
