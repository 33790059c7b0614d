//! Body lines of a space-aligned region: the role of each token (code, amount, label) and the
//! amount column each figure belongs to, page by page.

use std::collections::BTreeMap;

use super::header::{ColumnKind, HeaderColumn};
use super::rows::{LineCell, push_cell};
use super::tokens::{Tok, TokKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Code,
    Amount,
    Text,
    /// A long digit string alone on its line (Taiwan's 編號 above a name).
    CodeLine,
}

pub(super) struct BodyTok<'t, 'a> {
    pub(super) tok: &'t Tok<'a>,
    pub(super) role: Role,
    /// Amount column (index into the amount columns) once placed.
    pub(super) slot: Option<usize>,
}

pub(super) struct BodyLine<'s, 't, 'a> {
    pub(super) number: usize,
    pub(super) page: usize,
    /// The line's tokens (a slice of the region's body tokens).
    pub(super) toks: &'s mut [BodyTok<'t, 'a>],
}

/// Gives tokens of a body line their role (code, amount, label).
pub(super) fn roles<'t, 'a>(toks: &'t [Tok<'a>], out: &mut Vec<BodyTok<'t, 'a>>) {
    let lead = toks
        .iter()
        .take_while(|t| t.kind == TokKind::Digits)
        .count();
    let next_kind = toks.get(lead).map(|t| t.kind);
    let first_len = toks.first().map_or(0, |t| t.e - t.s);
    let split_code =
        lead >= 2 && first_len >= 3 && toks.iter().skip(1).take(lead - 1).all(|t| t.e - t.s == 2);
    let codes = if lead > 0 && (next_kind == Some(TokKind::Text) || split_code) {
        lead
    } else {
        0
    };
    let code_line = toks.len() == 1 && lead == 1 && first_len >= 5;
    out.extend(toks.iter().enumerate().map(|(i, tok)| {
        let role = if code_line {
            Role::CodeLine
        } else if i < codes {
            Role::Code
        } else {
            match tok.kind {
                TokKind::Amount | TokKind::Digits => Role::Amount,
                TokKind::Text => Role::Text,
            }
        };
        BodyTok {
            tok,
            role,
            slot: None,
        }
    }));
}

/// Where an amount's right edge is expected, per amount column, and a mapping for one page.
pub(super) struct AmountMap {
    /// Leaf indices (into the final column order) of amount columns, left to right.
    pub(super) cols: Vec<usize>,
    /// Header centre (×2) per amount column on the header page.
    pub(super) centers2: Vec<i64>,
    /// Learned right edges.
    pub(super) learned: Vec<Option<f64>>,
}

impl AmountMap {
    /// Rule used where the header is on the page: the column whose header word is
    /// the nearest to the left of where the number ends.
    pub(super) fn by_header(&self, centers2: &[i64], r: usize) -> usize {
        let r2 = 2 * r as i64 + 2;
        let mut best = 0usize;
        for (k, &c) in centers2.iter().enumerate() {
            if c <= r2 {
                best = k;
            }
        }
        best
    }

    fn expected(&self) -> Vec<f64> {
        let offs: Vec<f64> = self
            .learned
            .iter()
            .zip(&self.centers2)
            .filter_map(|(l, &c)| l.map(|r| r - c as f64 / 2.0))
            .collect();
        let off = if offs.is_empty() {
            6.0
        } else {
            offs.iter().sum::<f64>() / offs.len() as f64
        };
        self.learned
            .iter()
            .zip(&self.centers2)
            .map(|(l, &c)| l.unwrap_or(c as f64 / 2.0 + off))
            .collect()
    }

    /// Maps clusters of right edges on a page without a header to amount columns,
    /// keeping their order and allowing one shift for the whole page.
    pub(super) fn by_clusters(&self, clusters: &[f64]) -> (Vec<Option<usize>>, f64) {
        let e = self.expected();
        let (k, j) = (clusters.len(), e.len());
        if k == 0 || j == 0 {
            return (vec![None; k], 0.0);
        }
        if k == j {
            let shift = clusters.iter().zip(&e).map(|(c, x)| c - x).sum::<f64>() / k as f64;
            return ((0..k).map(Some).collect(), shift);
        }
        // Candidate shifts: whole columns that put some cluster on some column, nearest first.
        let mut shifts: Vec<i64> = vec![0];
        if k * j <= 4096 {
            for &c in clusters {
                for &x in &e {
                    shifts.push((c - x).round() as i64);
                }
            }
        }
        shifts.sort_unstable_by_key(|s| (s.abs(), *s));
        shifts.dedup();
        shifts.truncate(24);
        let shifts = shifts.into_iter().map(|s| s as f64);
        // Columns never seen with numbers are only guessed: matching them costs more.
        let extra: Vec<f64> = self
            .learned
            .iter()
            .map(|l| if l.is_some() { 0.0 } else { 3.0 })
            .collect();
        let mut best: Option<(f64, Vec<Option<usize>>, f64)> = None;
        let mut buffers = AlignBuffers::default();
        for s in shifts {
            let cost = align(clusters, &e, &extra, s, &mut buffers) + s.abs() * 0.4;
            if best.as_ref().is_none_or(|(bc, _, _)| cost < *bc) {
                best = Some((cost, buffers.assign.clone(), s));
            }
        }
        best.map(|(_, a, s)| (a, s))
            .unwrap_or_else(|| (vec![None; k], 0.0))
    }
}

/// The tables of [`align`], kept from one shift to the next.
#[derive(Default)]
struct AlignBuffers {
    dp: Vec<f64>,
    from: Vec<u8>,
    /// The alignment found: the column of each cluster, if any.
    assign: Vec<Option<usize>>,
}

/// Order-preserving alignment of clusters to expected edges (shifted by `s`);
/// a cluster may stay unassigned at a fixed cost. Returns the cost; the alignment is
/// left in `buffers.assign`.
fn align(clusters: &[f64], e: &[f64], extra: &[f64], s: f64, buffers: &mut AlignBuffers) -> f64 {
    const SKIP: f64 = 40.0;
    let (k, j) = (clusters.len(), e.len());
    // dp[a][b]: best cost for first a clusters using first b columns.
    let w = j + 1;
    let AlignBuffers { dp, from, assign } = buffers;
    dp.clear();
    dp.resize((k + 1) * w, f64::INFINITY);
    from.clear();
    from.resize((k + 1) * w, 0u8);
    let at = |a: usize, b: usize| a * w + b;
    for b in 0..=j {
        if let Some(x) = dp.get_mut(at(0, b)) {
            *x = 0.0;
        }
    }
    for a in 1..=k {
        let c = clusters.get(a - 1).copied().unwrap_or(0.0);
        for b in 0..=j {
            let mut best = f64::INFINITY;
            let mut how = 0u8;
            // skip column b
            if b > 0 {
                let v = dp.get(at(a, b - 1)).copied().unwrap_or(f64::INFINITY);
                if v < best {
                    best = v;
                    how = 1;
                }
            }
            // skip cluster a
            let v = dp.get(at(a - 1, b)).copied().unwrap_or(f64::INFINITY) + SKIP;
            if v < best {
                best = v;
                how = 2;
            }
            // match cluster a to column b
            if b > 0 {
                let x = e.get(b - 1).copied().unwrap_or(0.0);
                let v = dp.get(at(a - 1, b - 1)).copied().unwrap_or(f64::INFINITY)
                    + (c - x - s).abs()
                    + extra.get(b - 1).copied().unwrap_or(0.0);
                if v < best {
                    best = v;
                    how = 3;
                }
            }
            if let Some(x) = dp.get_mut(at(a, b)) {
                *x = best;
            }
            if let Some(x) = from.get_mut(at(a, b)) {
                *x = how;
            }
        }
    }
    assign.clear();
    assign.resize(k, None);
    let (mut a, mut b) = (k, j);
    let mut guard = 0usize;
    while a > 0 && guard <= (k + j + 2) {
        guard += 1;
        match from.get(at(a, b)).copied().unwrap_or(2) {
            1 => b -= 1,
            3 => {
                if let Some(x) = assign.get_mut(a - 1) {
                    *x = Some(b - 1);
                }
                a -= 1;
                b -= 1;
            }
            _ => a -= 1,
        }
    }
    dp.get(at(k, j)).copied().unwrap_or(f64::INFINITY)
}

/// Clusters sorted right edges (gap > 2 starts a new cluster); returns representatives.
pub(super) fn clusters(mut rs: Vec<usize>) -> Vec<(usize, usize, f64)> {
    rs.sort_unstable();
    let mut out: Vec<(usize, usize, f64)> = Vec::new();
    // A cluster is a run of the sorted edges: `rs[start..i]`.
    let mut start = 0;
    for (i, pair) in rs.windows(2).enumerate() {
        if let [last, r] = *pair {
            if r > last + 2 {
                push_cluster(&mut out, rs.get(start..=i).unwrap_or_default());
                start = i + 1;
            }
        }
    }
    push_cluster(&mut out, rs.get(start..).unwrap_or_default());
    out
}

fn push_cluster(out: &mut Vec<(usize, usize, f64)>, cur: &[usize]) {
    if let (Some(&lo), Some(&hi)) = (cur.first(), cur.last()) {
        let mid = cur.get(cur.len() / 2).copied().unwrap_or(lo) as f64;
        out.push((lo, hi, mid));
    }
}

pub(super) fn synthesize_columns(
    body: &[BodyLine<'_, '_, '_>],
    columns: &mut Vec<HeaderColumn>,
    kinds: &mut Vec<ColumnKind>,
    centers2: &mut Vec<i64>,
) {
    let max_codes = body
        .iter()
        .map(|b| b.toks.iter().filter(|t| t.role == Role::Code).count())
        .max()
        .unwrap_or(0)
        .min(8);
    for i in 0..max_codes {
        columns.push(HeaderColumn {
            path: Vec::new(),
            start: 0,
            end: 0,
            kind: ColumnKind::Code,
            words: Vec::new(),
        });
        kinds.push(ColumnKind::Code);
        centers2.push(i as i64);
    }
    let label_s = body
        .iter()
        .flat_map(|b| {
            b.toks
                .iter()
                .filter(|t| matches!(t.role, Role::Text | Role::CodeLine))
                .map(|t| t.tok.s)
        })
        .min();
    if let Some(s) = label_s {
        columns.push(HeaderColumn {
            path: Vec::new(),
            start: s + 1,
            end: s + 1,
            kind: ColumnKind::Label,
            words: Vec::new(),
        });
        kinds.push(ColumnKind::Label);
        centers2.push(2 * s as i64);
    }
    let rs: Vec<usize> = body
        .iter()
        .flat_map(|b| {
            b.toks
                .iter()
                .filter(|t| t.role == Role::Amount)
                .map(|t| t.tok.e)
        })
        .collect();
    for (lo, hi, _) in clusters(rs).into_iter().take(64) {
        columns.push(HeaderColumn {
            path: Vec::new(),
            start: lo.saturating_sub(6) + 1,
            end: hi,
            kind: ColumnKind::Amount,
            words: Vec::new(),
        });
        kinds.push(ColumnKind::Amount);
        // A centre a little left of the right edge, as a header word would be.
        centers2.push(2 * lo as i64 - 6);
    }
}

/// The columns as the body lines are placed in them: their kinds and header centres (×2).
pub(super) struct Columns<'c> {
    pub(super) kinds: &'c [ColumnKind],
    pub(super) centers2: &'c [i64],
}

impl Columns<'_> {
    fn len(&self) -> usize {
        self.kinds.len()
    }

    fn of_kind(&self, kind: ColumnKind) -> Vec<usize> {
        (0..self.len())
            .filter(|&c| self.kinds.get(c) == Some(&kind))
            .collect()
    }

    fn center2(&self, c: usize) -> i64 {
        self.centers2.get(c).copied().unwrap_or(0)
    }
}

/// The code columns and how codes go into them.
pub(super) struct Codes {
    /// The code columns, left to right.
    cols: Vec<usize>,
    /// Code columns in more than one run (one per side): codes go by position.
    by_position: bool,
    /// Clusters of label offsets from a single code (ascending; the largest offset is the
    /// first level).
    offsets: Vec<(usize, usize, f64)>,
}

impl Codes {
    /// The code level a single code takes from the offset of its label.
    fn level_of_offset(&self, off: usize) -> usize {
        let n = self.offsets.len();
        let idx = self
            .offsets
            .iter()
            .position(|&(lo, hi, _)| off >= lo && off <= hi)
            .unwrap_or(n.saturating_sub(1));
        n.saturating_sub(1).saturating_sub(idx)
    }
}

/// Code levels: digit groups standing under a code column become codes, and single codes
/// take their level from their indentation relative to the label.
pub(super) fn assign_codes(body: &mut [BodyLine<'_, '_, '_>], cols: &Columns<'_>) -> Codes {
    let code_cols = cols.of_kind(ColumnKind::Code);
    let amount_cols = cols.of_kind(ColumnKind::Amount);
    let by_position = code_cols
        .windows(2)
        .any(|w| matches!(w, [a, b] if b - a > 1));
    // Digit groups standing under a code column are codes wherever they are on the
    // line (two-sided tables print `301  01 … 302` with codes on both sides). On
    // two-sided tables a lone 3-, 5- or 7-digit group clearly nearer a code column than
    // any amount column is a code too, even a few columns off (the right side's codes
    // drift left where the left side has ended: `   30299` / `  31007      0.00`).
    for b in body.iter_mut() {
        for t in b.toks.iter_mut() {
            let lone_code = t.role == Role::CodeLine && by_position;
            if !lone_code && (t.role != Role::Amount || t.tok.kind != TokKind::Digits) {
                continue;
            }
            let c2 = t.tok.center2();
            let dist =
                |c: usize| (cols.centers2.get(c).copied().unwrap_or(i64::MIN / 4) - c2).abs();
            let code_d = code_cols.iter().map(|&c| dist(c)).min();
            let amount_d = amount_cols.iter().map(|&c| dist(c)).min();
            let code_len = matches!(t.tok.text.chars().count(), 3 | 5 | 7);
            let near = |d: i64| {
                (d <= 6 && amount_d.is_none_or(|a| d < a))
                    || (by_position && code_len && d <= 32 && amount_d.is_none_or(|a| 2 * d < a))
            };
            if code_d.is_some_and(near) {
                t.role = Role::Code;
            }
        }
    }
    let mut offsets: Vec<usize> = Vec::new();
    for bl in body.iter() {
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
    Codes {
        cols: code_cols,
        by_position,
        offsets: clusters(offsets),
    }
}

/// Where the header stands relative to the pages: the page it is printed on (with at least
/// one line above the body), and each later page's own repeated header's amount centres.
pub(super) struct HeaderPages<'h> {
    /// The page of the region's header, when it has header lines above the body.
    pub(super) page: Option<usize>,
    /// The amount centres (×2) of a page's repeated header of the same shape, if any.
    pub(super) centers: &'h dyn Fn(usize) -> Option<Vec<i64>>,
}

/// Amount columns and the mapping of each page's figures to them: by the header's positions
/// on the header page and on pages with a repeated header, else by the order of where the
/// figures end. Sets each amount token's slot; returns the map and the horizontal shift of
/// each page mapped without a header.
pub(super) fn map_amounts(
    body: &mut [BodyLine<'_, '_, '_>],
    cols: &Columns<'_>,
    header: &HeaderPages<'_>,
) -> (AmountMap, BTreeMap<usize, f64>) {
    let amount_cols = cols.of_kind(ColumnKind::Amount);
    let mut amap = AmountMap {
        centers2: amount_cols.iter().map(|&c| cols.center2(c)).collect(),
        learned: vec![None; amount_cols.len()],
        cols: amount_cols,
    };
    let mut page_list: Vec<usize> = body.iter().map(|b| b.page).collect();
    page_list.dedup();
    let mut sums: Vec<(f64, usize)> = vec![(0.0, 0); amap.cols.len()];
    // Horizontal shift of pages read without a header, to place their labels.
    let mut page_shift: BTreeMap<usize, f64> = BTreeMap::new();
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
        let lines = body.get_mut(first..end).unwrap_or_default();
        let page_rs: Vec<usize> = lines
            .iter()
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
        } else if header.page == Some(p) {
            Some(amap.centers2.clone())
        } else {
            (header.centers)(p)
        };
        let by_cluster = if own.is_none() {
            let reps: Vec<f64> = page_clusters.iter().map(|c| c.2).collect();
            let (assign, shift) = amap.by_clusters(&reps);
            page_shift.insert(p, shift);
            Some((page_clusters, assign))
        } else {
            None
        };
        place_page_amounts(lines, &amap, own.as_deref(), by_cluster.as_ref(), &mut sums);
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
    (amap, page_shift)
}

/// A page's clusters of right edges (first, last, representative) and the amount column each
/// is aligned to.
type PageClusters = (Vec<(usize, usize, f64)>, Vec<Option<usize>>);

/// The figures of one page's lines put in amount columns: by the header's centres `own`, or
/// by the page's clusters of right edges and their alignment to the columns. Each column takes
/// one figure per line (a second one moves right); `sums` gathers the right edges placed.
fn place_page_amounts(
    lines: &mut [BodyLine<'_, '_, '_>],
    amap: &AmountMap,
    own: Option<&[i64]>,
    by_cluster: Option<&PageClusters>,
    sums: &mut [(f64, usize)],
) {
    let mut used: Vec<usize> = Vec::new();
    for b in lines.iter_mut() {
        used.clear();
        for t in b.toks.iter_mut() {
            if t.role != Role::Amount {
                continue;
            }
            let r = t.tok.e;
            let col = match (own, by_cluster) {
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
}

/// The cells of every body line: codes in their code columns, figures in their amount
/// columns, words in the nearest label column (left of any figure printed after them on the
/// line). Pieces that fit no column go to `unplaced`. The cells of all lines are in one
/// vector; each line's (number, cell count) is beside it.
pub(super) fn line_cells<'a>(
    body: &[BodyLine<'_, '_, 'a>],
    cols: &Columns<'_>,
    codes: &Codes,
    amap: &AmountMap,
    page_shift: &BTreeMap<usize, f64>,
    unplaced: &mut Vec<(usize, String)>,
) -> (Vec<LineCell<'a>>, Vec<(usize, usize)>) {
    let label_cols: Vec<usize> = (0..cols.len())
        .filter(|&c| cols.kinds.get(c) != Some(&ColumnKind::Code))
        .collect();
    // `below`: only columns left of this one (a word printed left of an amount on
    // its line belongs to a column left of that amount's column).
    let nearest_label = |center2: i64, below: usize| -> Option<usize> {
        let mut best: Option<(usize, i64)> = None;
        for &c in label_cols.iter().filter(|&&c| c < below) {
            let mut d = (cols.center2(c) - center2).abs();
            if cols.kinds.get(c) == Some(&ColumnKind::Label) {
                d /= 4;
            }
            if best.is_none_or(|(_, bd)| d < bd) {
                best = Some((c, d));
            }
        }
        best.map(|b| b.0)
    };
    let count: usize = body.iter().map(|b| b.toks.len()).sum();
    let mut cells: Vec<LineCell<'a>> = Vec::with_capacity(count);
    let mut spans: Vec<(usize, usize)> = Vec::with_capacity(body.len());
    let mut amount_at: Vec<(usize, usize)> = Vec::new();
    for b in body.iter() {
        let from = cells.len();
        let first_level = first_code_level(b, codes);
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
                    let target = if codes.cols.is_empty() {
                        nearest_label(t.tok.center2(), usize::MAX)
                    } else if codes.by_position {
                        codes
                            .cols
                            .iter()
                            .copied()
                            .min_by_key(|&c| (cols.center2(c) - t.tok.center2()).abs())
                    } else {
                        let lvl = (first_level + code_i).min(codes.cols.len() - 1);
                        codes.cols.get(lvl).copied()
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
                    None => unplaced.push((
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
                        unplaced.push((b.number, format!("text `{}` fits no column", t.tok.text)));
                    }
                }
            }
        }
        spans.push((b.number, cells.len() - from));
    }
    (cells, spans)
}

/// The code level of a line's first code: by its label's offset when the line has one code,
/// else the first level.
fn first_code_level(b: &BodyLine<'_, '_, '_>, codes: &Codes) -> usize {
    let mut code_toks = b.toks.iter().filter(|t| t.role == Role::Code);
    let (first_code, more_codes) = (code_toks.next(), code_toks.next().is_some());
    if first_code.is_none() || more_codes {
        return 0;
    }
    match (first_code, b.toks.iter().find(|t| t.role == Role::Text)) {
        (Some(c), Some(t)) => codes.level_of_offset(t.tok.s.saturating_sub(c.tok.s)),
        _ => 0,
    }
}
