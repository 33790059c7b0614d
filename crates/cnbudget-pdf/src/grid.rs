//! Ruled tables: the cells a set of connected ruling lines makes, with the text inside each.

use crate::geom::Rect;
use crate::glyph::Glyph;
use crate::ruling::{Orientation, Ruling};
use crate::text::{group_lines, plain_into};

/// One cell of a [`Grid`]: a rectangle of the fine grid of row and column edges, spanning
/// several rows or columns where no line is drawn between them.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Cell {
    /// 0-based row of the top-left corner.
    pub row: usize,
    /// 0-based column of the top-left corner.
    pub col: usize,
    /// Rows covered (1 or more).
    pub row_span: usize,
    /// Columns covered (1 or more).
    pub col_span: usize,
    /// The cell's box.
    pub bbox: Rect,
    /// The text inside, line by line in reading order, lines joined with `\n` (a name wrapped
    /// over three lines is one cell with three lines).
    pub text: String,
    /// How far the first glyph stands from the cell's left edge, in points (0 when the cell is
    /// empty): tables without codes show their hierarchy by indentation.
    pub indent: f32,
    /// Indices of the cell's glyphs in [`crate::Page::glyphs`], in reading order.
    pub glyphs: Vec<usize>,
}

/// A table drawn with ruling lines.
///
/// `row_edges` and `col_edges` are the fine grid (every line position); [`Cell`]s cover one or
/// more fine rows and columns. Cells are sorted by row, then column; a spanning cell appears
/// once, at its top-left corner, so every fine position is covered by exactly one cell.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Grid {
    /// The table's box.
    pub bbox: Rect,
    /// Number of fine rows.
    pub rows: usize,
    /// Number of fine columns.
    pub cols: usize,
    /// y of each row edge, top to bottom (`rows + 1` values).
    pub row_edges: Vec<f32>,
    /// x of each column edge, left to right (`cols + 1` values).
    pub col_edges: Vec<f32>,
    /// The cells.
    pub cells: Vec<Cell>,
}

impl Grid {
    /// The cell covering fine position (`row`, `col`).
    pub fn cell_at(&self, row: usize, col: usize) -> Option<&Cell> {
        self.cells.iter().find(|c| {
            row >= c.row && row < c.row + c.row_span && col >= c.col && col < c.col + c.col_span
        })
    }

    /// The rows as text: one `Vec` per fine row with the text of the cell that starts there or
    /// an empty string; a spanning cell's text stands at its top-left position only.
    pub fn text_rows(&self) -> Vec<Vec<String>> {
        let mut out = vec![vec![String::new(); self.cols]; self.rows];
        for c in &self.cells {
            if let Some(slot) = out.get_mut(c.row).and_then(|r| r.get_mut(c.col)) {
                slot.clone_from(&c.text);
            }
        }
        out
    }
}

/// Rulings closer than this to one another's ends still meet.
const TOUCH: f32 = 2.5;
/// Edges closer than this are one edge (double lines, thick borders drawn as two fills).
const SAME_EDGE: f32 = 3.0;
/// More rulings than this on one page are not read as tables (a hostile or plotted page).
pub(crate) const MAX_RULINGS: usize = 20_000;

struct Dsu(Vec<usize>);

impl Dsu {
    fn new(n: usize) -> Dsu {
        Dsu((0..n).collect())
    }
    fn find(&mut self, mut i: usize) -> usize {
        while let Some(&p) = self.0.get(i) {
            if p == i {
                break;
            }
            let gp = self.0.get(p).copied().unwrap_or(p);
            if let Some(slot) = self.0.get_mut(i) {
                *slot = gp;
            }
            i = p;
        }
        i
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb
            && let Some(slot) = self.0.get_mut(ra.max(rb))
        {
            *slot = ra.min(rb);
        }
    }
}

fn meets(h: &Ruling, v: &Ruling) -> bool {
    v.at >= h.from - TOUCH && v.at <= h.to + TOUCH && h.at >= v.from - TOUCH && h.at <= v.to + TOUCH
}

/// Cluster sorted positions: runs closer than `tol` become their weighted mean.
fn cluster(mut xs: Vec<(f32, f32)>, tol: f32) -> Vec<f32> {
    xs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f32, f32, f32)> = Vec::new(); // (last, Σ x·w, Σ w)
    for (x, w) in xs {
        match out.last_mut() {
            Some((last, s, n)) if x - *last <= tol => {
                *last = x;
                *s += x * w;
                *n += w;
            }
            _ => out.push((x, x * w, w)),
        }
    }
    out.into_iter().map(|(_, s, n)| s / n).collect()
}

/// Rulings of one direction, and whether they are sorted by position across (`at`), as the
/// page's rulings are: then the ones near a position are found by binary search.
struct Across<'r> {
    lines: &'r [&'r Ruling],
    sorted: bool,
}

impl<'r> Across<'r> {
    fn new(lines: &'r [&'r Ruling]) -> Across<'r> {
        Across {
            lines,
            sorted: lines.is_sorted_by(|a, b| a.at <= b.at),
        }
    }

    /// The rulings that may lie within `TOUCH` of `at` (a superset: the caller tests each).
    fn near(&self, at: f32) -> &'r [&'r Ruling] {
        if !self.sorted {
            return self.lines;
        }
        // One point of margin, so rounding in the bounds cannot leave out a ruling the exact
        // test keeps.
        let from = self.lines.partition_point(|r| r.at < at - TOUCH - 1.0);
        let to = self.lines.partition_point(|r| r.at <= at + TOUCH + 1.0);
        self.lines.get(from..to.max(from)).unwrap_or_default()
    }
}

/// How much of `[a, b]` the rulings at `at` (within `TOUCH`) cover, 0 to 1. `pieces` is
/// scratch space.
fn coverage(lines: &Across<'_>, at: f32, a: f32, b: f32, pieces: &mut Vec<(f32, f32)>) -> f32 {
    let len = b - a;
    if len <= 0.0 {
        return 1.0;
    }
    pieces.clear();
    pieces.extend(
        lines
            .near(at)
            .iter()
            .filter(|r| (r.at - at).abs() <= TOUCH)
            .filter_map(|r| {
                let (f, t) = (r.from.max(a), r.to.min(b));
                (t > f).then_some((f, t))
            }),
    );
    pieces.sort_by(|x, y| x.0.total_cmp(&y.0));
    let (mut covered, mut end) = (0.0f32, a);
    for &(f, t) in pieces.iter() {
        let f = f.max(end);
        if t > f {
            covered += t - f;
            end = t;
        }
    }
    covered / len
}

/// The edges of one direction: every ruling position, plus the table's outer edge on a side
/// where the crossing lines run on past the last ruling (tables drawn without side borders).
fn edges(own: &[&Ruling], crossing: &[&Ruling]) -> Vec<f32> {
    let mut e = cluster(own.iter().map(|r| (r.at, r.len())).collect(), SAME_EDGE);
    let (Some(&first), Some(&last)) = (e.first(), e.last()) else {
        return e;
    };
    let long: Vec<&&Ruling> = crossing.iter().filter(|r| r.len() > 20.0).collect();
    if long.len() >= 2 {
        let mut froms: Vec<f32> = long.iter().map(|r| r.from).collect();
        let mut tos: Vec<f32> = long.iter().map(|r| r.to).collect();
        froms.sort_by(f32::total_cmp);
        tos.sort_by(f32::total_cmp);
        let (Some(&from), Some(&to)) = (froms.get(froms.len() / 2), tos.get(tos.len() / 2)) else {
            return e;
        };
        if from < first - 8.0 {
            e.insert(0, from);
        }
        if to > last + 8.0 {
            e.push(to);
        }
    }
    e
}

/// A grid's cells before text: rectangles in fine coordinates.
struct Frame {
    row_edges: Vec<f32>,
    col_edges: Vec<f32>,
    /// (row, col, row_span, col_span)
    cells: Vec<(usize, usize, usize, usize)>,
}

/// A group of fine cells: first row, first column, last row, last column, and how many.
type Bounds = (usize, usize, usize, usize, usize);

fn frame(hs: &[&Ruling], vs: &[&Ruling]) -> Option<Frame> {
    let ys = edges(hs, vs);
    let xs = edges(vs, hs);
    if ys.len() < 2 || xs.len() < 2 {
        return None;
    }
    let (r, c) = (ys.len() - 1, xs.len() - 1);
    if r * c > 200_000 {
        return None;
    }
    // Fine cells (i, j) and (i, j + 1) are one cell unless a line runs between them, and so
    // are (i, j) and (i + 1, j).
    let (across_h, across_v) = (Across::new(hs), Across::new(vs));
    let mut pieces = Vec::new();
    let mut dsu = Dsu::new(r * c);
    for i in 0..r {
        for j in 0..c {
            let (Some(&x0), Some(&x1), Some(&y0), Some(&y1)) =
                (xs.get(j), xs.get(j + 1), ys.get(i), ys.get(i + 1))
            else {
                continue;
            };
            if j + 1 < c && coverage(&across_v, x1, y0, y1, &mut pieces) < 0.5 {
                dsu.union(i * c + j, i * c + j + 1);
            }
            if i + 1 < r && coverage(&across_h, y1, x0, x1, &mut pieces) < 0.5 {
                dsu.union(i * c + j, (i + 1) * c + j);
            }
        }
    }
    // Each group's bounding rectangle and number of fine cells, at the index of its root;
    // groups that are not rectangles fall back to their fine cells, which then stand alone.
    let mut bounds: Vec<Option<Bounds>> = vec![None; r * c];
    for i in 0..r {
        for j in 0..c {
            let g = dsu.find(i * c + j);
            let Some(slot) = bounds.get_mut(g) else {
                continue;
            };
            let e = slot.get_or_insert((i, j, i, j, 0));
            e.0 = e.0.min(i);
            e.1 = e.1.min(j);
            e.2 = e.2.max(i);
            e.3 = e.3.max(j);
            e.4 += 1;
        }
    }
    let mut cells = Vec::new();
    for (g, (r0, c0, r1, c1, n)) in bounds
        .into_iter()
        .enumerate()
        .filter_map(|(g, b)| b.map(|b| (g, b)))
    {
        if n == (r1 - r0 + 1) * (c1 - c0 + 1) {
            cells.push((r0, c0, r1 - r0 + 1, c1 - c0 + 1));
        } else {
            for i in r0..=r1 {
                for j in c0..=c1 {
                    if dsu.find(i * c + j) == g {
                        cells.push((i, j, 1, 1));
                    }
                }
            }
        }
    }
    cells.sort_unstable();
    Some(Frame {
        row_edges: ys,
        col_edges: xs,
        cells,
    })
}

/// Index of the interval of sorted `edges` holding `x`.
fn slot(edges: &[f32], x: f32) -> Option<usize> {
    let (first, last) = (*edges.first()?, *edges.last()?);
    if x < first || x > last {
        return None;
    }
    let p = edges.partition_point(|&e| e <= x);
    Some(p.saturating_sub(1).min(edges.len().saturating_sub(2)))
}

/// The grids of a page, each with the glyphs inside it; `taken[i]` is set for glyph `i` when a
/// grid holds it.
pub(crate) fn grids(
    rulings: &[Ruling],
    glyphs: &[Glyph],
    page: Rect,
    taken: &mut [bool],
) -> Vec<Grid> {
    if rulings.len() > MAX_RULINGS {
        return Vec::new();
    }
    let hs: Vec<&Ruling> = rulings
        .iter()
        .filter(|r| r.orientation == Orientation::Horizontal)
        .collect();
    let vs: Vec<&Ruling> = rulings
        .iter()
        .filter(|r| r.orientation == Orientation::Vertical)
        .collect();
    let n = hs.len() + vs.len();
    let mut dsu = Dsu::new(n);
    for (i, h) in hs.iter().enumerate() {
        for (j, v) in vs.iter().enumerate() {
            if meets(h, v) {
                dsu.union(i, hs.len() + j);
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<&Ruling>, Vec<&Ruling>)> =
        Default::default();
    for (i, h) in hs.iter().enumerate() {
        groups.entry(dsu.find(i)).or_default().0.push(h);
    }
    for (j, v) in vs.iter().enumerate() {
        groups.entry(dsu.find(hs.len() + j)).or_default().1.push(v);
    }
    let mut frames: Vec<Frame> = groups
        .into_values()
        .filter(|(h, v)| !h.is_empty() && !v.is_empty() && h.len() + v.len() >= 4)
        .filter_map(|(h, v)| frame(&h, &v))
        .filter(|f| f.cells.len() >= 2)
        .collect();
    // Smaller tables first, so a table drawn inside another's cell keeps its glyphs.
    frames.sort_by(|a, b| area(a).total_cmp(&area(b)));
    let mut out = Vec::new();
    // Each cell's text is written here, then copied out at its length.
    let mut scratch = String::new();
    for f in frames {
        let bbox = Rect::new(
            f.col_edges.first().copied().unwrap_or(0.0),
            f.row_edges.first().copied().unwrap_or(0.0),
            f.col_edges.last().copied().unwrap_or(0.0),
            f.row_edges.last().copied().unwrap_or(0.0),
        );
        if page.intersect(&bbox).is_none() {
            continue;
        }
        let (r, c) = (f.row_edges.len() - 1, f.col_edges.len() - 1);
        // Fine position → cell index.
        let mut owner = vec![usize::MAX; r * c];
        for (k, &(r0, c0, rs, cs)) in f.cells.iter().enumerate() {
            for i in r0..r0 + rs {
                for j in c0..c0 + cs {
                    if let Some(o) = owner.get_mut(i * c + j) {
                        *o = k;
                    }
                }
            }
        }
        // Each free glyph to the cell holding its centre, then the glyphs of every cell in
        // drawing order, cell after cell (`starts[k]..starts[k + 1]` are cell `k`'s).
        let mut placed: Vec<(usize, usize)> = Vec::new();
        let mut starts = vec![0usize; f.cells.len() + 1];
        for (gi, g) in glyphs.iter().enumerate() {
            if taken.get(gi).copied().unwrap_or(true) {
                continue;
            }
            let (Some(i), Some(j)) = (
                slot(&f.row_edges, g.bbox.cy()),
                slot(&f.col_edges, g.bbox.cx()),
            ) else {
                continue;
            };
            if let Some(&k) = owner.get(i * c + j)
                && k < f.cells.len()
                && let Some(n) = starts.get_mut(k + 1)
            {
                *n += 1;
                placed.push((gi, k));
                if let Some(t) = taken.get_mut(gi) {
                    *t = true;
                }
            }
        }
        for k in 1..starts.len() {
            let before = starts.get(k - 1).copied().unwrap_or(0);
            if let Some(n) = starts.get_mut(k) {
                *n += before;
            }
        }
        let mut members = vec![0usize; placed.len()];
        let mut next = starts.clone();
        for &(gi, k) in &placed {
            if let Some(at) = next.get_mut(k)
                && let Some(slot) = members.get_mut(*at)
            {
                *slot = gi;
                *at += 1;
            }
        }
        let mut parts: Vec<Part> = f
            .cells
            .iter()
            .enumerate()
            .map(|(k, &(r0, c0, rs, cs))| {
                let (from, to) = (
                    starts.get(k).copied().unwrap_or(0),
                    starts.get(k + 1).copied().unwrap_or(0),
                );
                Part {
                    row: r0,
                    col: c0,
                    row_span: rs,
                    col_span: cs,
                    lines: group_lines(glyphs, members.get(from..to).unwrap_or_default()),
                }
            })
            .collect();
        let mut row_edges = f.row_edges;
        split_bands(glyphs, &mut parts, &mut row_edges);
        let col_edges = f.col_edges;
        let cells: Vec<Cell> = parts
            .into_iter()
            .map(|p| {
                let bbox = Rect::new(
                    col_edges.get(p.col).copied().unwrap_or(0.0),
                    row_edges.get(p.row).copied().unwrap_or(0.0),
                    col_edges.get(p.col + p.col_span).copied().unwrap_or(0.0),
                    row_edges.get(p.row + p.row_span).copied().unwrap_or(0.0),
                );
                scratch.clear();
                for (k, l) in p.lines.iter().enumerate() {
                    if k > 0 {
                        scratch.push('\n');
                    }
                    plain_into(&mut scratch, glyphs, l);
                }
                let text = scratch.clone();
                let indent = p
                    .lines
                    .first()
                    .and_then(|l| l.first())
                    .and_then(|&i| glyphs.get(i))
                    .map_or(0.0, |g| (g.bbox.x0 - bbox.x0).max(0.0));
                Cell {
                    row: p.row,
                    col: p.col,
                    row_span: p.row_span,
                    col_span: p.col_span,
                    bbox,
                    text,
                    indent,
                    glyphs: p.lines.into_iter().flatten().collect(),
                }
            })
            .collect();
        out.push(Grid {
            bbox,
            rows: row_edges.len().saturating_sub(1),
            cols: c,
            row_edges,
            col_edges,
            cells,
        });
    }
    // Reading order: top to bottom, then left to right.
    out.sort_by(|a, b| {
        a.bbox
            .y0
            .total_cmp(&b.bbox.y0)
            .then(a.bbox.x0.total_cmp(&b.bbox.x0))
    });
    out
}

fn area(f: &Frame) -> f32 {
    let w =
        f.col_edges.last().copied().unwrap_or(0.0) - f.col_edges.first().copied().unwrap_or(0.0);
    let h =
        f.row_edges.last().copied().unwrap_or(0.0) - f.row_edges.first().copied().unwrap_or(0.0);
    w * h
}

/// A cell while the grid is built: its place and its lines of glyph indices.
struct Part {
    row: usize,
    col: usize,
    row_span: usize,
    col_span: usize,
    lines: Vec<Vec<usize>>,
}

fn baseline(glyphs: &[Glyph], line: &[usize]) -> Option<(f32, f32)> {
    let n = line.len() as f32;
    if line.is_empty() {
        return None;
    }
    let (mut b, mut s) = (0.0, 0.0f32);
    for &i in line {
        let g = glyphs.get(i)?;
        b += g.baseline;
        s = s.max(g.size);
    }
    Some((b / n, s))
}

/// A line of figures only (digits with separators, sign, percent or brackets).
fn figures(glyphs: &[Glyph], line: &[usize]) -> bool {
    let mut digit = false;
    for &i in line {
        let Some(g) = glyphs.get(i) else { return false };
        match g.ch {
            '0'..='9' => digit = true,
            ',' | '.' | '-' | '%' | '(' | ')' | '+' | '，' | '．' => {}
            _ => return false,
        }
    }
    digit
}

/// Splits the rows of a table drawn with column lines but no row lines: where a row holds a
/// column of several lines of figures, each line of figures is a row of its own, and every
/// cell's lines go to the row whose figures they stand beside.
fn split_bands(glyphs: &[Glyph], parts: &mut Vec<Part>, row_edges: &mut Vec<f32>) {
    let rows = row_edges.len().saturating_sub(1);
    let mut new_edges: Vec<f32> = Vec::with_capacity(row_edges.len());
    // Sub-row count of each old row, to remap the cells afterwards.
    let mut splits: Vec<Vec<f32>> = Vec::with_capacity(rows);
    for i in 0..rows {
        let (Some(&top), Some(&bottom)) = (row_edges.get(i), row_edges.get(i + 1)) else {
            splits.push(Vec::new());
            continue;
        };
        // Baselines of the lines of figures, with the cell each stands in.
        let mut anchors: Vec<(f32, f32, usize)> = Vec::new();
        let mut text_lines = 0;
        for (k, p) in parts
            .iter()
            .enumerate()
            .filter(|(_, p)| p.row == i && p.row_span == 1)
        {
            if p.lines.len() >= 2 && p.lines.iter().all(|l| figures(glyphs, l)) {
                anchors.extend(
                    p.lines
                        .iter()
                        .filter_map(|l| baseline(glyphs, l))
                        .map(|(b, s)| (b, s, k)),
                );
            } else {
                text_lines = text_lines.max(p.lines.len());
            }
        }
        anchors.sort_by(|a, b| a.0.total_cmp(&b.0));
        // Clusters of baselines, each with the cells that have a line of figures there.
        let mut clusters: Vec<(f32, Vec<usize>)> = Vec::new();
        for (b, size, k) in anchors {
            match clusters.last_mut() {
                Some((last, cells)) if b - *last <= 0.5 * size => {
                    if !cells.contains(&k) {
                        cells.push(k);
                    }
                }
                _ => clusters.push((b, vec![k])),
            }
        }
        // A row of its own is a baseline where two columns print figures, and only where the
        // text beside them runs over several lines too: one column of a wrapped figure
        // (`21,118.5` / `1`) is one cell.
        let centres: Vec<f32> = if text_lines >= 2 {
            clusters
                .into_iter()
                .filter(|(_, cells)| cells.len() >= 2)
                .map(|(b, _)| b)
                .collect()
        } else {
            Vec::new()
        };
        let mut cuts = Vec::new();
        if centres.len() >= 2 {
            for w in centres.windows(2) {
                if let [a, b] = w {
                    cuts.push((a + b) * 0.5);
                }
            }
        }
        new_edges.push(top);
        new_edges.extend(cuts.iter().copied());
        if i + 1 == rows {
            new_edges.push(bottom);
        }
        splits.push(cuts);
    }
    if splits.iter().all(Vec::is_empty) {
        return;
    }
    // Old row → first new row.
    let mut start = Vec::with_capacity(rows + 1);
    let mut at = 0;
    for c in &splits {
        start.push(at);
        at += c.len() + 1;
    }
    start.push(at);
    let old = std::mem::take(parts);
    for p in old {
        let first = start.get(p.row).copied().unwrap_or(0);
        let end = start.get(p.row + p.row_span).copied().unwrap_or(first + 1);
        let cuts = splits.get(p.row).map(Vec::as_slice).unwrap_or(&[]);
        if p.row_span != 1 || cuts.is_empty() {
            parts.push(Part {
                row: first,
                row_span: end - first,
                ..p
            });
            continue;
        }
        let mut subs: Vec<Vec<Vec<usize>>> = vec![Vec::new(); cuts.len() + 1];
        for line in p.lines {
            let b = baseline(glyphs, &line).map_or(0.0, |(b, _)| b);
            let k = cuts.partition_point(|&c| c < b);
            if let Some(s) = subs.get_mut(k) {
                s.push(line);
            }
        }
        for (k, lines) in subs.into_iter().enumerate() {
            parts.push(Part {
                row: first + k,
                col: p.col,
                row_span: 1,
                col_span: p.col_span,
                lines,
            });
        }
    }
    parts.sort_by_key(|p| (p.row, p.col));
    *row_edges = new_edges;
}
