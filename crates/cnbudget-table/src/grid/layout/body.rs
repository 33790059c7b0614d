//! Body lines of a space-aligned region: the role of each token (code, amount, label) and the
//! amount column each figure belongs to, page by page.

use super::header::{ColumnKind, HeaderColumn};
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
    let mut cur: Vec<usize> = Vec::new();
    for r in rs {
        if let Some(&last) = cur.last() {
            if r > last + 2 {
                push_cluster(&mut out, &cur);
                cur.clear();
            }
        }
        cur.push(r);
    }
    push_cluster(&mut out, &cur);
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
        });
        kinds.push(ColumnKind::Amount);
        // A centre a little left of the right edge, as a header word would be.
        centers2.push(2 * lo as i64 - 6);
    }
}
