//! Grids: where every source of tables meets the typed layer.
//!
//! Each text source reads its region of the document into a [`Grid`]: tab-separated and
//! markdown rows ([`tsv`], [`pipe`]), comma-separated rows ([`csv`]), HTML tables with their
//! spans ([`html`]), cells one per line ([`cell_per_line`]), flattened cells with rows rebuilt
//! ([`flattened`]) and `pdftotext -layout` columns ([`layout`]). A PDF reader builds its
//! ruled grids the same way. [`crate::table_from_grid`] turns any grid into a typed
//! [`Table`](crate::Table).

pub(crate) mod cell_per_line;
pub(crate) mod csv;
pub(crate) mod flattened;
pub(crate) mod html;
pub(crate) mod layout;
pub(crate) mod pipe;
pub(crate) mod stacked;
pub(crate) mod tsv;

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::cell::{clean, squash, trim_ws};

/// A table as a grid of cells, the way its source found it: every source of tables (HTML,
/// CSV, tab-separated and markdown text, cells one per line, flattened cells, the
/// `pdftotext -layout` reader, a PDF's ruled grids) produces grids, and
/// [`crate::table_from_grid`] reads any grid into a typed [`Table`](crate::Table).
///
/// Cells are kept sorted by (row, column). A cell spanning several rows or columns appears
/// once, at its top-left position. Positions no cell covers are empty.
///
/// ```
/// use cnbudget_table::{Grid, GridCell, Origin};
///
/// let mut grid = Grid::new();
/// grid.push(GridCell::new(0, 0, "科目名称").at(Origin::text(3, 1)));
/// grid.push(GridCell::new(0, 1, "2024年预算数").spanning(1, 2).at(Origin::text(3, 9)));
/// grid.push(GridCell::new(1, 1, "基本支出").at(Origin::text(4, 9)));
/// grid.push(GridCell::new(1, 2, "项目支出").at(Origin::text(4, 15)));
/// assert_eq!((grid.rows, grid.cols), (2, 3));
/// assert_eq!(grid.covering(0, 2).map(|c| c.text.as_str()), Some("2024年预算数"));
/// assert!(grid.cell(0, 2).is_none()); // spanned: the cell is at (0, 1)
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Grid {
    /// Number of rows.
    pub rows: usize,
    /// Number of columns.
    pub cols: usize,
    /// The cells, sorted by (row, column); a spanning cell appears once, at its top-left
    /// position.
    pub cells: Vec<GridCell>,
    /// Which rows are the header, when the source knows.
    pub header: HeaderRows,
    /// What the source saw each column hold, left to right (empty when it does not say). A
    /// column whose header names no role takes the role its hint gives.
    pub hints: Vec<ColumnHint>,
    /// The document lines each row was read from, top to bottom. A row with no entry (the
    /// list may be shorter than `rows`, or empty) is read from the lines of its cells.
    pub row_lines: Vec<Vec<usize>>,
}

/// One cell of a [`Grid`].
///
/// ```
/// use cnbudget_table::{GridCell, Origin};
///
/// let c = GridCell::new(2, 0, "合计").spanning(1, 3).at(Origin::pdf(4, [72.0, 510.5, 230.0, 524.0]));
/// assert_eq!((c.row, c.col, c.row_span, c.col_span), (2, 0, 1, 3));
/// assert_eq!(c.origin.page, Some(4));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GridCell {
    /// Row of the cell's top-left position (0-based).
    pub row: usize,
    /// Column of the cell's top-left position (0-based).
    pub col: usize,
    /// Rows the cell spans (at least 1).
    pub row_span: usize,
    /// Columns the cell spans (at least 1).
    pub col_span: usize,
    /// The cell's text as its source read it: its lines joined with `'\n'`, top to bottom
    /// (the `pdftotext -layout` reader joins the pieces of a wrapped cell itself, CJK pieces
    /// without a space). Markup is kept (an HTML cell's inner HTML); the typed layer cleans
    /// it.
    pub text: String,
    /// Where the cell came from.
    pub origin: Origin,
    /// How far the text stands in from the cell's left edge, in points (0 where the source
    /// does not say): tables without codes show their hierarchy by indentation.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub indent: f32,
}

fn is_zero(x: &f32) -> bool {
    *x == 0.0
}

/// Where a cell came from: its line and column in the document text and, for a PDF, its page
/// and box.
///
/// ```
/// use cnbudget_table::Origin;
///
/// let o = Origin::text(12, 5);
/// assert_eq!((o.line, o.column, o.page), (12, 5, None));
/// let o = Origin::pdf(3, [56.0, 700.0, 120.5, 712.0]).line(88, 1);
/// assert_eq!((o.page, o.line), (Some(3), 88));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Origin {
    /// Line in the document text (1-based; 0 when unknown).
    pub line: usize,
    /// Column in that line, in characters (1-based; 0 when the cell has no text of its own,
    /// as an empty cell).
    pub column: usize,
    /// The PDF page (1-based), for a grid read from a PDF.
    pub page: Option<u32>,
    /// The cell's box on its PDF page, `[x0, y0, x1, y1]` in PDF units.
    pub bbox: Option<[f32; 4]>,
}

/// Which rows of a [`Grid`] are its header.
///
/// ```
/// use cnbudget_table::{Caption, Grid, GridCell, HeaderRows, Layout, table_from_grid};
///
/// // `2024年预算数` over `基本支出  项目支出`, a ruled grid's header.
/// let mut g = Grid::new();
/// g.push(GridCell::new(0, 0, "科目名称").spanning(2, 1));
/// g.push(GridCell::new(0, 1, "2024年预算数").spanning(1, 2));
/// g.push(GridCell::new(1, 1, "基本支出"));
/// g.push(GridCell::new(1, 2, "项目支出"));
/// g.push(GridCell::new(2, 0, "行政运行"));
/// g.push(GridCell::new(2, 1, "875.15"));
/// let given = table_from_grid(&g.clone().with_header(HeaderRows::Given(2)), &Caption::new(), Layout::Pdf);
/// assert_eq!(given.columns[2].path, ["2024年预算数", "项目支出"]);
/// // Found, the header ends at the first row with a figure; the spanned position takes the
/// // label on its left, since the row below names its column.
/// let found = table_from_grid(&g, &Caption::new(), Layout::Pdf);
/// assert_eq!(found.columns[2].path, ["2024年预算数", "项目支出"]);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum HeaderRows {
    /// The source does not know: the typed layer takes caption rows at the top (a title,
    /// a unit or issuer line), then header rows down to the first row with a figure, a code
    /// or a total label, and drops headers repeated in the body. A header position with no
    /// text of its own (an empty cell, or one a spanning cell covers) continues the label on
    /// its left when a lower header row names its column, else the label above it. The
    /// table's columns end at the last one with text in some row.
    #[default]
    Find,
    /// The first `n` rows are the header, and the body repeats none of it. Each column's
    /// header path is the text of the cells covering it, top to bottom (a cell spanning
    /// several rows counts once); the grid's `cols` are the table's columns.
    Given(usize),
    /// No header: every row is a body row (a form of label and value rows); the table's
    /// columns end at the last one with text in some row.
    Absent,
}

/// What a source saw a column hold, before any header word is read: the `pdftotext -layout`
/// reader's code and figure columns (digits at the left, figures aligned right), a PDF's
/// ruled columns.
///
/// ```
/// use cnbudget_table::{Caption, ColumnHint, ColumnRole, Grid, GridCell, HeaderRows, Layout, table_from_grid};
///
/// let mut g = Grid::new()
///     .with_header(HeaderRows::Given(1))
///     .with_hints(vec![ColumnHint::Code, ColumnHint::Label, ColumnHint::Amount]);
/// for (c, text) in ["目", "名稱及編號", "本年度預算數"].into_iter().enumerate() {
///     g.push(GridCell::new(0, c, text));
/// }
/// let t = table_from_grid(&g, &Caption::new(), Layout::Pdf);
/// let roles: Vec<ColumnRole> = t.columns.iter().map(|c| c.role).collect();
/// assert_eq!(roles, [ColumnRole::Code, ColumnRole::Other, ColumnRole::Amount]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ColumnHint {
    /// Classification codes, or one level of them (类, 款, 项).
    Code,
    /// Names or other labels.
    Label,
    /// Amounts.
    Amount,
}

cnbudget_text::named_values!(ColumnHint, "column hint" {
    Code => "code",
    Label => "label",
    Amount => "amount",
});

/// A gap in a row wider than this many positions is closed when the grid is read: the cell
/// after it takes the next position. No text source leaves one (HTML spans fill at most
/// 256); a grid built by hand with a cell far to the right does not make the typed layer
/// build millions of empty cells.
const MAX_GAP: usize = 1024;

/// Columns a [`HeaderRows::Given`] header is read over, at most.
pub(crate) const MAX_GIVEN_COLUMNS: usize = 10_000;

impl Grid {
    /// An empty grid whose header the typed layer finds ([`HeaderRows::Find`]).
    pub fn new() -> Grid {
        Grid::default()
    }

    /// The grid with `header` as its header rows.
    ///
    /// ```
    /// use cnbudget_table::{Grid, HeaderRows};
    /// assert_eq!(Grid::new().with_header(HeaderRows::Given(2)).header, HeaderRows::Given(2));
    /// ```
    #[must_use]
    pub fn with_header(mut self, header: HeaderRows) -> Grid {
        self.header = header;
        self
    }

    /// The grid with `hints` for its columns, left to right.
    #[must_use]
    pub fn with_hints(mut self, hints: Vec<ColumnHint>) -> Grid {
        self.hints = hints;
        self
    }

    /// Adds a cell, keeping the cells sorted by (row, column); `rows` and `cols` grow to hold
    /// it (`cols` up to its last spanned column). A span of 0 is taken as 1.
    pub fn push(&mut self, mut cell: GridCell) {
        cell.row_span = cell.row_span.max(1);
        cell.col_span = cell.col_span.max(1);
        self.rows = self.rows.max(cell.row.saturating_add(1));
        self.cols = self.cols.max(cell.col.saturating_add(cell.col_span));
        let key = (cell.row, cell.col);
        if self.cells.last().is_none_or(|c| (c.row, c.col) <= key) {
            self.cells.push(cell);
        } else {
            let at = self.cells.partition_point(|c| (c.row, c.col) <= key);
            self.cells.insert(at, cell);
        }
    }

    /// Sets the document lines row `row` was read from (`rows` grows to hold it).
    pub fn set_row_lines(&mut self, row: usize, lines: Vec<usize>) {
        if self.row_lines.len() <= row {
            self.row_lines.resize(row + 1, Vec::new());
        }
        if let Some(slot) = self.row_lines.get_mut(row) {
            *slot = lines;
        }
        self.rows = self.rows.max(row.saturating_add(1));
    }

    /// The cell whose top-left position is (`row`, `col`).
    pub fn cell(&self, row: usize, col: usize) -> Option<&GridCell> {
        let at = self.cells.partition_point(|c| (c.row, c.col) < (row, col));
        self.cells.get(at).filter(|c| (c.row, c.col) == (row, col))
    }

    /// The cell covering position (`row`, `col`), its own or a spanning one's.
    pub fn covering(&self, row: usize, col: usize) -> Option<&GridCell> {
        self.cells.iter().find(|c| c.covers(row, col))
    }

    /// The grid of `rows` read by a text source: each row's cells at positions 0, 1, 2 …
    pub(crate) fn from_raw_rows(rows: Vec<RawRow<'_>>, header: HeaderRows) -> Grid {
        let mut g = Grid::new().with_header(header);
        for r in rows {
            g.push_raw(r);
        }
        g
    }

    /// Appends a row read by a text source, its cells at positions 0, 1, 2 …
    pub(crate) fn push_raw(&mut self, row: RawRow<'_>) {
        let r = self.rows;
        self.set_row_lines(r, row.lines);
        self.cells.reserve(row.cells.len());
        for (col, c) in row.cells.into_iter().enumerate() {
            self.push(GridCell::new(r, col, c.raw).at(Origin::text(c.line, c.column)));
        }
    }

    /// The rows as the typed layer reads them (cells sorted by row and column): each row's
    /// cells in its positions, a position a cell spans (or a gap) an empty cell. An empty
    /// cell takes the origin of the cell whose column span covers it, else of the next cell of
    /// its row (the cell an HTML reader was placing when it passed a position a row span from
    /// above holds). A row ends with the last column of the last cell that starts in it; its
    /// lines are its entry in `row_lines`, else its cells' lines.
    pub(crate) fn into_rows(self) -> Vec<RawRow<'static>> {
        let last_cell_row = self.cells.last().map_or(0, |c| c.row + 1);
        let rows = self.rows.min(last_cell_row.max(self.row_lines.len()));
        let mut out = Vec::with_capacity(rows);
        let mut cells = self.cells.into_iter().peekable();
        let mut row_lines = self.row_lines.into_iter();
        // The previous row's width, a good guess at the next one's.
        let mut width = 0usize;
        for r in 0..rows {
            // Cells of earlier rows left over are out of order: passed over.
            while cells.next_if(|c| c.row < r).is_some() {}
            let mut raw: Vec<RawCell<'static>> = Vec::with_capacity(width);
            let given = row_lines.next();
            let mut own_lines: Vec<usize> = Vec::new();
            while let Some(c) = cells.next_if(|c| c.row == r) {
                if given.is_none() {
                    own_lines.push(c.origin.line);
                }
                push_positions(&mut raw, c);
            }
            let lines = given.unwrap_or_else(|| {
                own_lines.sort_unstable();
                own_lines.dedup();
                own_lines
            });
            width = raw.len();
            out.push(RawRow { lines, cells: raw });
        }
        out
    }
}

/// Adds cell `c` to the positions of its row: the gap before it, itself, the columns it spans.
fn push_positions(raw: &mut Vec<RawCell<'static>>, c: GridCell) {
    if c.col == raw.len() && c.col_span == 1 {
        raw.push(RawCell {
            raw: Cow::Owned(c.text),
            line: c.origin.line,
            column: c.origin.column,
        });
        return;
    }
    let empty = |o: Origin| RawCell {
        raw: Cow::Borrowed(""),
        line: o.line,
        column: o.column,
    };
    let gap = c.col.saturating_sub(raw.len()).min(MAX_GAP);
    raw.extend(std::iter::repeat_n(empty(c.origin), gap));
    let spread = c.col_span.saturating_sub(1).min(MAX_GAP);
    let origin = c.origin;
    raw.push(RawCell {
        raw: Cow::Owned(c.text),
        line: origin.line,
        column: origin.column,
    });
    raw.extend(std::iter::repeat_n(empty(origin), spread));
}

impl GridCell {
    /// A cell at (`row`, `col`) spanning one row and one column, with no origin.
    pub fn new(row: usize, col: usize, text: impl Into<String>) -> GridCell {
        GridCell {
            row,
            col,
            row_span: 1,
            col_span: 1,
            text: text.into(),
            origin: Origin::default(),
            indent: 0.0,
        }
    }

    /// The cell spanning `rows` rows and `cols` columns (0 is taken as 1).
    #[must_use]
    pub fn spanning(mut self, rows: usize, cols: usize) -> GridCell {
        self.row_span = rows.max(1);
        self.col_span = cols.max(1);
        self
    }

    /// The cell coming from `origin`.
    #[must_use]
    pub fn at(mut self, origin: Origin) -> GridCell {
        self.origin = origin;
        self
    }

    /// The cell with its text indented by `points` from its left edge.
    ///
    /// ```
    /// let c = cnbudget_table::GridCell::new(3, 0, "行政运行").indented(12.0);
    /// assert_eq!(c.indent, 12.0);
    /// ```
    #[must_use]
    pub fn indented(mut self, points: f32) -> GridCell {
        self.indent = points;
        self
    }

    /// Does the cell cover position (`row`, `col`)?
    pub fn covers(&self, row: usize, col: usize) -> bool {
        (self.row..self.row.saturating_add(self.row_span.max(1))).contains(&row)
            && (self.col..self.col.saturating_add(self.col_span.max(1))).contains(&col)
    }
}

impl Origin {
    /// Line `line`, column `column` (1-based, in characters) of the document text.
    pub fn text(line: usize, column: usize) -> Origin {
        Origin {
            line,
            column,
            page: None,
            bbox: None,
        }
    }

    /// Page `page` (1-based) of a PDF, box `bbox` (`[x0, y0, x1, y1]`).
    pub fn pdf(page: u32, bbox: [f32; 4]) -> Origin {
        Origin {
            line: 0,
            column: 0,
            page: Some(page),
            bbox: Some(bbox),
        }
    }

    /// The origin at line `line`, column `column` of the document text as well.
    #[must_use]
    pub fn line(mut self, line: usize, column: usize) -> Origin {
        self.line = line;
        self.column = column;
        self
    }
}

/// The header paths of a grid whose first `k` rows are its header
/// ([`HeaderRows::Given`]): for each column, the text of the cells covering it, top to bottom,
/// squashed; a cell spanning several rows counts once, an empty one not at all. The header
/// cells' text is taken (moved into the last path that uses it).
pub(crate) fn given_paths(grid: &mut Grid, k: usize) -> Vec<Vec<String>> {
    let cols = grid.cols.min(MAX_GIVEN_COLUMNS);
    let header = grid.cells.partition_point(|c| c.row < k);
    let cells = grid.cells.get_mut(..header).unwrap_or_default();
    // The index of the cell covering each header position (the first one that does).
    let mut cover: Vec<Option<usize>> = vec![None; k.saturating_mul(cols)];
    for (i, c) in cells.iter().enumerate() {
        for r in c.row..c.row.saturating_add(c.row_span).min(k) {
            for col in c.col..c.col.saturating_add(c.col_span).min(cols) {
                if let Some(slot) = cover.get_mut(r * cols + col) {
                    slot.get_or_insert(i);
                }
            }
        }
    }
    // Each column's cells, top to bottom, each once; how many paths use each cell.
    let mut uses = vec![0usize; cells.len()];
    let column_cells: Vec<Vec<usize>> = (0..cols)
        .map(|col| {
            let mut v: Vec<usize> = Vec::new();
            for r in 0..k {
                if let Some(i) = cover.get(r * cols + col).copied().flatten() {
                    if v.last() != Some(&i) {
                        v.push(i);
                        if let Some(u) = uses.get_mut(i) {
                            *u += 1;
                        }
                    }
                }
            }
            v
        })
        .collect();
    column_cells
        .into_iter()
        .map(|ids| {
            let mut path = Vec::with_capacity(ids.len());
            for i in ids {
                let (Some(c), Some(u)) = (cells.get_mut(i), uses.get_mut(i)) else {
                    continue;
                };
                *u -= 1;
                let text = if *u == 0 {
                    std::mem::take(&mut c.text)
                } else {
                    c.text.clone()
                };
                let sq = match squash(&text) {
                    Cow::Borrowed(_) => text,
                    Cow::Owned(s) => s,
                };
                if !sq.is_empty() {
                    path.push(sq);
                }
            }
            path
        })
        .collect()
}

/// The document lines of the first `k` rows of a grid, in order, each once.
pub(crate) fn header_lines(grid: &Grid, k: usize) -> Vec<usize> {
    let mut lines: Vec<usize> = Vec::new();
    for r in 0..k {
        match grid.row_lines.get(r) {
            Some(l) => lines.extend(l),
            None => lines.extend(
                grid.cells
                    .iter()
                    .filter(|c| c.row == r)
                    .map(|c| c.origin.line),
            ),
        }
    }
    lines.sort_unstable();
    lines.dedup();
    lines
}

/// A cell as found in the text.
#[derive(Debug, Clone)]
pub(crate) struct RawCell<'a> {
    pub raw: Cow<'a, str>,
    pub line: usize,
    pub column: usize,
}

/// A row of raw cells.
#[derive(Debug, Clone)]
pub(crate) struct RawRow<'a> {
    pub lines: Vec<usize>,
    pub cells: Vec<RawCell<'a>>,
}

impl RawRow<'_> {
    pub(crate) fn texts(&self) -> Vec<String> {
        self.cells
            .iter()
            .map(|c| clean(&c.raw).into_owned())
            .collect()
    }
    pub(crate) fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| trim_ws(&c.raw).is_empty())
    }
    pub(crate) fn nonempty(&self) -> usize {
        self.cells
            .iter()
            .filter(|c| !trim_ws(&c.raw).is_empty())
            .count()
    }
}
