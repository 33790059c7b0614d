//! Ruling lines: the horizontal and vertical strokes a table is drawn with, whether the PDF
//! strokes them or fills thin shapes (rectangles, or the slanted-corner quadrilaterals WPS
//! writes as `m l l l h f`).

use crate::collect::RawShape;
use crate::geom::Rect;

/// Which way a ruling runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Orientation {
    /// Left to right.
    Horizontal,
    /// Top to bottom.
    Vertical,
}

cnbudget_text::named_values!(Orientation, "orientation" {
    Horizontal => "horizontal",
    Vertical => "vertical",
});

/// One straight ruling line, merged from every piece drawn along it.
///
/// For a horizontal ruling `from`/`to` are x coordinates and `at` the y; for a vertical one
/// `from`/`to` are y coordinates and `at` the x.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Ruling {
    /// Horizontal or vertical.
    pub orientation: Orientation,
    /// The coordinate across the line.
    pub at: f32,
    /// Where the line starts along its direction.
    pub from: f32,
    /// Where it ends (`from <= to`).
    pub to: f32,
    /// Thickness in points.
    pub width: f32,
}

impl Ruling {
    /// The line's box.
    pub fn bbox(&self) -> Rect {
        let h = self.width * 0.5;
        match self.orientation {
            Orientation::Horizontal => Rect::new(self.from, self.at - h, self.to, self.at + h),
            Orientation::Vertical => Rect::new(self.at - h, self.from, self.at + h, self.to),
        }
    }

    /// Length along the line.
    pub fn len(&self) -> f32 {
        self.to - self.from
    }

    /// Never true: a ruling has a length (kept for the `len` convention).
    pub fn is_empty(&self) -> bool {
        self.to <= self.from
    }
}

/// The thickest shape still read as a line when it is filled.
const MAX_FILLED_THICKNESS: f32 = 3.0;
/// Two pieces closer than this across the line are the same line.
const SAME_LINE: f32 = 1.2;
/// Two pieces on one line closer than this along it are joined.
const JOIN_GAP: f32 = 2.0;

fn invisible(color: [u8; 3]) -> bool {
    color.iter().all(|&c| c >= 235)
}

fn push(
    out: &mut Vec<Ruling>,
    orientation: Orientation,
    at: f32,
    a: f32,
    b: f32,
    width: f32,
    clip: Option<Rect>,
) {
    let (mut from, mut to) = (a.min(b), a.max(b));
    let mut at = at;
    if let Some(c) = clip {
        let (lo, hi, across_lo, across_hi) = match orientation {
            Orientation::Horizontal => (c.x0, c.x1, c.y0, c.y1),
            Orientation::Vertical => (c.y0, c.y1, c.x0, c.x1),
        };
        if at < across_lo - width - 0.5 || at > across_hi + width + 0.5 {
            return;
        }
        at = at.clamp(across_lo - width, across_hi + width);
        from = from.max(lo - 0.5);
        to = to.min(hi + 0.5);
    }
    if to - from < 0.5 || !at.is_finite() {
        return;
    }
    out.push(Ruling {
        orientation,
        at,
        from,
        to,
        width,
    });
}

/// Rulings drawn by one shape.
fn from_shape(s: &RawShape, out: &mut Vec<Ruling>) {
    if s.curved {
        return;
    }
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for &(x, y) in &s.points {
        x0 = x0.min(x);
        y0 = y0.min(y);
        x1 = x1.max(x);
        y1 = y1.max(y);
    }
    let (w, h) = (x1 - x0, y1 - y0);
    if s.filled && !invisible(s.fill) {
        if h <= MAX_FILLED_THICKNESS && w > h * 2.0 {
            push(
                out,
                Orientation::Horizontal,
                (y0 + y1) * 0.5,
                x0,
                x1,
                h.max(0.1),
                s.clip,
            );
            return;
        }
        if w <= MAX_FILLED_THICKNESS && h > w * 2.0 {
            push(
                out,
                Orientation::Vertical,
                (x0 + x1) * 0.5,
                y0,
                y1,
                w.max(0.1),
                s.clip,
            );
            return;
        }
    }
    if s.stroked && !invisible(s.stroke) {
        let n = s.points.len();
        let segments = if s.closed { n } else { n.saturating_sub(1) };
        for i in 0..segments {
            let (Some(&(ax, ay)), Some(&(bx, by))) = (s.points.get(i), s.points.get((i + 1) % n))
            else {
                continue;
            };
            let tol = (s.line_width * 0.5).max(0.6);
            if (ay - by).abs() <= tol {
                push(
                    out,
                    Orientation::Horizontal,
                    (ay + by) * 0.5,
                    ax,
                    bx,
                    s.line_width,
                    s.clip,
                );
            } else if (ax - bx).abs() <= tol {
                push(
                    out,
                    Orientation::Vertical,
                    (ax + bx) * 0.5,
                    ay,
                    by,
                    s.line_width,
                    s.clip,
                );
            }
        }
    }
}

/// Merges pieces along the same line into one ruling each, sorted by `at` then `from`.
fn merge(mut v: Vec<Ruling>) -> Vec<Ruling> {
    v.sort_by(|a, b| a.at.total_cmp(&b.at).then(a.from.total_cmp(&b.from)));
    // Group by `at` (chained within SAME_LINE), then join overlapping pieces in each group.
    let mut out: Vec<Ruling> = Vec::with_capacity(v.len());
    let mut i = 0;
    while i < v.len() {
        let mut j = i + 1;
        while j < v.len()
            && v.get(j)
                .zip(v.get(j - 1))
                .is_some_and(|(b, a)| b.at - a.at <= SAME_LINE)
        {
            j += 1;
        }
        let mut group: Vec<Ruling> = v.get(i..j).map(<[Ruling]>::to_vec).unwrap_or_default();
        group.sort_by(|a, b| a.from.total_cmp(&b.from));
        let mut cur: Option<(Ruling, f32, f32)> = None; // (line, Σ at·len, Σ len)
        for r in group {
            match &mut cur {
                Some((c, sum, n)) if r.from <= c.to + JOIN_GAP => {
                    c.to = c.to.max(r.to);
                    c.width = c.width.max(r.width);
                    *sum += r.at * r.len().max(0.1);
                    *n += r.len().max(0.1);
                }
                _ => {
                    if let Some((mut c, sum, n)) = cur.take() {
                        c.at = sum / n;
                        out.push(c);
                    }
                    cur = Some((r, r.at * r.len().max(0.1), r.len().max(0.1)));
                }
            }
        }
        if let Some((mut c, sum, n)) = cur.take() {
            c.at = sum / n;
            out.push(c);
        }
        i = j;
    }
    out.sort_by(|a, b| a.at.total_cmp(&b.at).then(a.from.total_cmp(&b.from)));
    out
}

/// The rulings of a page: every visible straight stroke and thin fill, merged.
pub(crate) fn rulings(shapes: &[RawShape], width: f32, height: f32) -> Vec<Ruling> {
    let mut raw = Vec::new();
    for s in shapes {
        from_shape(s, &mut raw);
    }
    let page = Rect::new(-5.0, -5.0, width + 5.0, height + 5.0);
    raw.retain(|r| {
        let b = r.bbox();
        page.intersect(&b).is_some()
    });
    let (h, v): (Vec<Ruling>, Vec<Ruling>) = raw
        .into_iter()
        .partition(|r| r.orientation == Orientation::Horizontal);
    let mut out = merge(h);
    out.extend(merge(v));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(points: &[(f32, f32)], closed: bool, filled: bool, stroked: bool) -> RawShape {
        RawShape {
            points: points.to_vec(),
            closed,
            curved: false,
            filled,
            stroked,
            line_width: 0.5,
            fill: [0, 0, 0],
            stroke: [0, 0, 0],
            clip: None,
        }
    }

    #[test]
    fn a_stroked_rectangle_gives_four_rulings() {
        let s = shape(
            &[(10.0, 10.0), (110.0, 10.0), (110.0, 30.0), (10.0, 30.0)],
            true,
            false,
            true,
        );
        let r = rulings(&[s], 200.0, 200.0);
        assert_eq!(r.len(), 4);
        assert_eq!(
            r.iter()
                .filter(|r| r.orientation == Orientation::Horizontal)
                .count(),
            2
        );
    }

    #[test]
    fn thin_fills_and_slanted_quads_are_lines() {
        // A filled 0.5 pt bar and a WPS quadrilateral with slanted ends.
        let bar = shape(
            &[(10.0, 50.0), (90.0, 50.0), (90.0, 50.5), (10.0, 50.5)],
            true,
            true,
            false,
        );
        let quad = shape(
            &[(40.2, 10.0), (40.7, 10.5), (40.7, 79.5), (40.2, 80.0)],
            true,
            true,
            false,
        );
        let r = rulings(&[bar, quad], 200.0, 200.0);
        assert_eq!(r.len(), 2);
        assert!(
            r.iter()
                .any(|r| r.orientation == Orientation::Vertical && (r.from - 10.0).abs() < 0.01)
        );
    }

    #[test]
    fn white_borders_and_big_fills_are_not_lines() {
        let mut white = shape(&[(10.0, 50.0), (90.0, 50.0)], false, false, true);
        white.stroke = [255, 255, 255];
        let background = shape(
            &[(0.0, 0.0), (200.0, 0.0), (200.0, 200.0), (0.0, 200.0)],
            true,
            true,
            false,
        );
        assert!(rulings(&[white, background], 200.0, 200.0).is_empty());
    }

    #[test]
    fn pieces_along_one_line_are_merged() {
        let a = shape(&[(10.0, 20.0), (50.0, 20.0)], false, false, true);
        let b = shape(&[(50.5, 20.3), (90.0, 20.3)], false, false, true);
        let r = rulings(&[a, b], 200.0, 200.0);
        assert_eq!(r.len(), 1);
        assert_eq!((r[0].from, r[0].to), (10.0, 90.0));
    }
}
