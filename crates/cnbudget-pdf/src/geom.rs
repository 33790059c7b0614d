//! Page coordinates: points (1/72 inch), origin at the top-left corner of the page as it is
//! displayed (after /Rotate and, for pages printed sideways, after turning the text upright),
//! x to the right, y downwards.

use std::fmt;

/// An axis-aligned box in page coordinates (`x0 <= x1`, `y0 <= y1`; y grows downwards).
///
/// ```
/// use cnbudget_pdf::Rect;
/// let r = Rect::new(10.0, 20.0, 30.0, 25.0);
/// assert_eq!((r.width(), r.height()), (20.0, 5.0));
/// assert!(r.contains(15.0, 22.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Rect {
    /// Left edge.
    pub x0: f32,
    /// Top edge.
    pub y0: f32,
    /// Right edge.
    pub x1: f32,
    /// Bottom edge.
    pub y1: f32,
}

impl Rect {
    /// The box with these corners, in either order.
    pub fn new(x0: f32, y0: f32, x1: f32, y1: f32) -> Rect {
        Rect {
            x0: x0.min(x1),
            y0: y0.min(y1),
            x1: x0.max(x1),
            y1: y0.max(y1),
        }
    }

    /// Width.
    pub fn width(&self) -> f32 {
        self.x1 - self.x0
    }

    /// Height.
    pub fn height(&self) -> f32 {
        self.y1 - self.y0
    }

    /// Horizontal centre.
    pub fn cx(&self) -> f32 {
        (self.x0 + self.x1) * 0.5
    }

    /// Vertical centre.
    pub fn cy(&self) -> f32 {
        (self.y0 + self.y1) * 0.5
    }

    /// True when the point lies inside or on the edge.
    pub fn contains(&self, x: f32, y: f32) -> bool {
        x >= self.x0 && x <= self.x1 && y >= self.y0 && y <= self.y1
    }

    /// The smallest box holding both.
    pub fn union(&self, other: &Rect) -> Rect {
        Rect {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
        }
    }

    /// The common part, if any.
    pub fn intersect(&self, other: &Rect) -> Option<Rect> {
        let r = Rect {
            x0: self.x0.max(other.x0),
            y0: self.y0.max(other.y0),
            x1: self.x1.min(other.x1),
            y1: self.y1.min(other.y1),
        };
        (r.x0 <= r.x1 && r.y0 <= r.y1).then_some(r)
    }

    /// True when every coordinate is a finite number.
    pub(crate) fn is_finite(&self) -> bool {
        self.x0.is_finite() && self.y0.is_finite() && self.x1.is_finite() && self.y1.is_finite()
    }
}

impl fmt::Display for Rect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "[{:.1} {:.1} {:.1} {:.1}]",
            self.x0, self.y0, self.x1, self.y1
        )
    }
}

/// An affine map `(x, y) ↦ (a·x + c·y + e, b·x + d·y + f)`, as PDF writes its matrices.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Affine(pub [f64; 6]);

impl Affine {
    pub(crate) const IDENTITY: Affine = Affine([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    pub(crate) fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    /// `self ∘ other`: apply `other` first.
    pub(crate) fn then_after(&self, other: &Affine) -> Affine {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = other.0;
        Affine([
            a * a2 + c * b2,
            b * a2 + d * b2,
            a * c2 + c * d2,
            b * c2 + d * d2,
            a * e2 + c * f2 + e,
            b * e2 + d * f2 + f,
        ])
    }
}

/// A quarter turn of the whole page, as applied to turn sideways text upright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Turn {
    None,
    /// 90° clockwise.
    Cw,
    Half,
    /// 90° counter-clockwise.
    Ccw,
}

impl Turn {
    pub(crate) fn degrees(self) -> u16 {
        match self {
            Turn::None => 0,
            Turn::Cw => 90,
            Turn::Half => 180,
            Turn::Ccw => 270,
        }
    }

    /// The map turning a page of `width` × `height` (y down) by this turn; the turned page's
    /// size comes with it.
    pub(crate) fn affine(self, width: f32, height: f32) -> (Affine, f32, f32) {
        let (w, h) = (f64::from(width), f64::from(height));
        match self {
            Turn::None => (Affine::IDENTITY, width, height),
            // (x, y) ↦ (h − y, x)
            Turn::Cw => (Affine([0.0, 1.0, -1.0, 0.0, h, 0.0]), height, width),
            // (x, y) ↦ (w − x, h − y)
            Turn::Half => (Affine([-1.0, 0.0, 0.0, -1.0, w, h]), width, height),
            // (x, y) ↦ (y, w − x)
            Turn::Ccw => (Affine([0.0, -1.0, 1.0, 0.0, 0.0, w]), height, width),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turns_map_corners_onto_the_turned_page() {
        let (a, w, h) = Turn::Cw.affine(100.0, 50.0);
        assert_eq!((w, h), (50.0, 100.0));
        // The top-left corner goes to the top-right corner.
        assert_eq!(a.apply(0.0, 0.0), (50.0, 0.0));
        assert_eq!(a.apply(100.0, 50.0), (0.0, 100.0));
        let (a, _, _) = Turn::Ccw.affine(100.0, 50.0);
        assert_eq!(a.apply(0.0, 0.0), (0.0, 100.0));
        let (a, _, _) = Turn::Half.affine(100.0, 50.0);
        assert_eq!(a.apply(0.0, 0.0), (100.0, 50.0));
    }

    #[test]
    fn composition_applies_the_inner_map_first() {
        let scale = Affine([2.0, 0.0, 0.0, 2.0, 0.0, 0.0]);
        let shift = Affine([1.0, 0.0, 0.0, 1.0, 5.0, 0.0]);
        assert_eq!(shift.then_after(&scale).apply(1.0, 1.0), (7.0, 2.0));
        assert_eq!(scale.then_after(&shift).apply(1.0, 1.0), (12.0, 2.0));
    }
}
