//! A `hayro_interpret::Device` that records what a page draws: glyphs with their boxes and
//! the straight parts of paths, both in device space (y down, /Rotate applied), each with the
//! clip box in force when it was drawn.

use hayro_interpret::font::Glyph as HayroGlyph;
use hayro_interpret::font::GlyphRun;
use hayro_interpret::hayro_cmap::BfString;
use hayro_interpret::kurbo::{self, BezPath, PathEl, Shape};
use hayro_interpret::{
    BlendMode, ClipPath, Device, DrawMode, DrawProps, Image, ImageDrawProps, Paint, SoftMask,
};

use crate::geom::{Affine, Rect};

/// Glyph space is 1000 units per em; the em box of an ideograph runs from 120 below the
/// baseline to 880 above it, which also covers digits and Latin letters.
const DESCENT: f64 = -120.0;
const ASCENT: f64 = 880.0;

/// One glyph as drawn.
#[derive(Debug, Clone)]
pub(crate) struct RawGlyph {
    pub ch: char,
    /// The glyph's em box, as the quadrilateral's bounding box.
    pub bbox: Rect,
    /// The baseline origin.
    pub origin: (f32, f32),
    /// Direction of the baseline (unit vector).
    pub dir: (f32, f32),
    /// Em size in points.
    pub size: f32,
    pub color: [u8; 3],
    /// The clip box in force (`None`: the whole page).
    pub clip: Option<Rect>,
    pub invisible: bool,
}

/// A straight piece of a path, or a closed polygon, as drawn.
#[derive(Debug, Clone)]
pub(crate) struct RawShape {
    /// Polyline points in device space.
    pub points: Vec<(f32, f32)>,
    pub closed: bool,
    /// True when the subpath had curves (then it is no ruling).
    pub curved: bool,
    pub filled: bool,
    pub stroked: bool,
    /// Stroke width in points (0 when not stroked).
    pub line_width: f32,
    pub fill: [u8; 3],
    pub stroke: [u8; 3],
    pub clip: Option<Rect>,
}

/// How much one page may record before the rest is counted and dropped.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub glyphs: usize,
    pub path_points: usize,
}

/// Room for the glyphs and shapes of a page, handed from page to page.
#[derive(Default)]
pub(crate) struct Spare {
    pub glyphs: Vec<RawGlyph>,
    pub shapes: Vec<RawShape>,
}

#[derive(Default)]
pub(crate) struct Collector {
    pub glyphs: Vec<RawGlyph>,
    pub shapes: Vec<RawShape>,
    /// Intersections of the clip boxes pushed so far (`None` entries: no limit).
    clips: Vec<Option<Rect>>,
    points: usize,
    pub dropped_glyphs: usize,
    pub dropped_points: usize,
    pub images: usize,
    limits: Option<Limits>,
}

fn rgb(paint: &Paint<'_>) -> [u8; 3] {
    match paint {
        Paint::Color(c) => {
            let [r, g, b, _] = c.to_rgba().to_rgba8();
            [r, g, b]
        }
        // A pattern or shading paint: treat as ink.
        Paint::Pattern(_) => [0, 0, 0],
    }
}

fn affine(a: kurbo::Affine) -> Affine {
    Affine(a.as_coeffs())
}

fn to_f32(p: (f64, f64)) -> (f32, f32) {
    (p.0 as f32, p.1 as f32)
}

impl Collector {
    /// A collector within `limits` that fills `spare`'s vectors (empty, their room kept from
    /// an earlier page, so a page's glyphs and shapes are not copied over as they grow).
    pub(crate) fn new(limits: Limits, spare: &mut Spare) -> Collector {
        let (mut glyphs, mut shapes) = (
            std::mem::take(&mut spare.glyphs),
            std::mem::take(&mut spare.shapes),
        );
        glyphs.clear();
        shapes.clear();
        Collector {
            glyphs,
            shapes,
            limits: Some(limits),
            ..Collector::default()
        }
    }

    fn clip(&self) -> Option<Rect> {
        self.clips.last().copied().flatten()
    }

    fn glyph_budget_left(&self) -> bool {
        self.limits.is_none_or(|l| self.glyphs.len() < l.glyphs)
    }

    fn push_glyph(
        &mut self,
        ch: char,
        t: &Affine,
        advance: f64,
        share: (f64, f64),
        common: &GlyphCommon,
    ) {
        if !self.glyph_budget_left() {
            self.dropped_glyphs += 1;
            return;
        }
        // `share` is the part of the advance this character covers (ligatures split it).
        let (from, to) = (advance * share.0, advance * share.1);
        let corners = [
            t.apply(from, DESCENT),
            t.apply(to, DESCENT),
            t.apply(from, ASCENT),
            t.apply(to, ASCENT),
        ];
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for (x, y) in corners {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
        let o = t.apply(from, 0.0);
        let e = t.apply(from + 1000.0, 0.0);
        let up = t.apply(from, 1000.0);
        let (dx, dy) = (e.0 - o.0, e.1 - o.1);
        let len = (dx * dx + dy * dy).sqrt();
        let size = ((up.0 - o.0).powi(2) + (up.1 - o.1).powi(2)).sqrt();
        if !(len.is_finite() && size.is_finite()) || len <= 1e-6 || size <= 1e-6 {
            return;
        }
        let bbox = Rect::new(x0 as f32, y0 as f32, x1 as f32, y1 as f32);
        if !bbox.is_finite() {
            return;
        }
        self.glyphs.push(RawGlyph {
            ch,
            bbox,
            origin: to_f32(o),
            dir: ((dx / len) as f32, (dy / len) as f32),
            size: size as f32,
            color: common.color,
            clip: self.clip(),
            invisible: common.invisible,
        });
    }

    /// The characters one glyph stands for (several for a ligature), each given an equal
    /// share of the glyph's advance; without a usable advance, half an em for an ASCII first
    /// character and a whole em otherwise.
    fn push_chars(
        &mut self,
        chars: impl Iterator<Item = char> + Clone,
        t: &Affine,
        advance: Option<f32>,
        common: &GlyphCommon,
    ) {
        let n = chars.clone().count().max(1) as f64;
        let adv = f64::from(
            advance
                .filter(|a| a.is_finite() && *a > 0.0)
                .unwrap_or_else(|| {
                    if chars.clone().next().is_some_and(|c| c.is_ascii()) {
                        500.0
                    } else {
                        1000.0
                    }
                }),
        );
        for (i, ch) in chars.enumerate() {
            let i = i as f64;
            self.push_glyph(ch, t, adv, (i / n, (i + 1.0) / n), common);
        }
    }

    fn push_path(&mut self, path: &BezPath, t: &Affine, paint: Painted) {
        let Painted {
            filled,
            stroked,
            line_width,
            fill,
            stroke,
        } = paint;
        let clip = self.clip();
        let new_shape = |points: Vec<(f32, f32)>| RawShape {
            points,
            closed: false,
            curved: false,
            filled,
            stroked,
            line_width,
            fill,
            stroke,
            clip,
        };
        // The subpath being drawn, and the point a closed subpath leaves the pen at (a
        // subpath starts there if the path goes on without a move).
        let mut cur: Option<RawShape> = None;
        let mut pen: Option<(f32, f32)> = None;
        for el in path.elements() {
            match *el {
                PathEl::MoveTo(p) => {
                    if let Some(s) = cur.take() {
                        self.finish_shape(s);
                    }
                    pen = None;
                    cur = Some(new_shape(vec![to_f32(t.apply(p.x, p.y))]));
                }
                PathEl::LineTo(p) | PathEl::QuadTo(_, p) | PathEl::CurveTo(_, _, p) => {
                    let s = cur.get_or_insert_with(|| new_shape(pen.take().into_iter().collect()));
                    s.curved |= !matches!(el, PathEl::LineTo(_));
                    s.points.push(to_f32(t.apply(p.x, p.y)));
                }
                PathEl::ClosePath => {
                    if let Some(mut s) = cur.take() {
                        s.closed = true;
                        // A path may go on from the start point of the closed subpath.
                        pen = s.points.first().copied();
                        self.finish_shape(s);
                    }
                }
            }
        }
        if let Some(s) = cur.take() {
            self.finish_shape(s);
        }
    }

    /// Keeps a subpath of at least two finite points within the page's point budget.
    fn finish_shape(&mut self, s: RawShape) {
        if s.points.len() < 2 {
            return;
        }
        let budget = self.limits.map_or(usize::MAX, |l| l.path_points);
        if self.points + s.points.len() > budget {
            self.dropped_points += s.points.len();
            return;
        }
        if s.points
            .iter()
            .any(|p| !p.0.is_finite() || !p.1.is_finite())
        {
            return;
        }
        self.points += s.points.len();
        self.shapes.push(s);
    }
}

/// How a path is painted.
struct Painted {
    filled: bool,
    stroked: bool,
    line_width: f32,
    fill: [u8; 3],
    stroke: [u8; 3],
}

struct GlyphCommon {
    color: [u8; 3],
    invisible: bool,
}

impl<'a> Device<'a> for Collector {
    fn draw_path(&mut self, path: &BezPath, props: DrawProps<'a>, draw_mode: &DrawMode) {
        if matches!(draw_mode, DrawMode::Invisible) {
            return;
        }
        let t = affine(props.transform);
        let color = rgb(&props.paint);
        match draw_mode {
            DrawMode::Fill(_) => self.push_path(
                path,
                &t,
                Painted {
                    filled: true,
                    stroked: false,
                    line_width: 0.0,
                    fill: color,
                    stroke: color,
                },
            ),
            // The interpreter sends a fill-and-stroke path as a fill and then a stroke, each
            // with its own paint; both arms read it the same way.
            DrawMode::Stroke(sp) | DrawMode::FillAndStroke(_, sp) => self.push_path(
                path,
                &t,
                Painted {
                    filled: matches!(draw_mode, DrawMode::FillAndStroke(..)),
                    stroked: true,
                    line_width: stroke_width(&t, sp.line_width),
                    fill: color,
                    stroke: color,
                },
            ),
            DrawMode::Invisible => {}
        }
    }

    fn push_clip_path(&mut self, clip_path: &ClipPath) {
        let b = clip_path.path.bounding_box();
        let r = Rect::new(b.x0 as f32, b.y0 as f32, b.x1 as f32, b.y1 as f32);
        let r = if r.is_finite() { Some(r) } else { None };
        let merged = match (self.clip(), r) {
            (Some(a), Some(b)) => {
                Some(a.intersect(&b).unwrap_or(Rect::new(a.x0, a.y0, a.x0, a.y0)))
            }
            (a, b) => a.or(b),
        };
        self.clips.push(merged);
    }

    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}

    fn draw_glyph_run(
        &mut self,
        run: &GlyphRun<'_, 'a>,
        props: DrawProps<'a>,
        draw_mode: &DrawMode,
    ) {
        // Text filled and stroked comes twice; the stroke pass adds nothing to read.
        if matches!(draw_mode, DrawMode::Stroke(_)) {
            return;
        }
        let ctm = affine(props.transform);
        let common = GlyphCommon {
            color: rgb(&props.paint),
            invisible: matches!(draw_mode, DrawMode::Invisible),
        };
        for g in run.glyphs() {
            let t = ctm.then_after(&affine(g.transform()));
            let (text, advance) = match &**g {
                HayroGlyph::Outline(o) => (o.as_unicode(), o.advance_width()),
                HayroGlyph::Type3(t3) => (t3.as_unicode(), t3.advance_width()),
            };
            match text {
                Some(BfString::String(s)) => self.push_chars(s.chars(), &t, advance, &common),
                Some(BfString::Char(c)) => {
                    self.push_chars(std::iter::once(c), &t, advance, &common);
                }
                None => self.push_chars(
                    std::iter::once(char::REPLACEMENT_CHARACTER),
                    &t,
                    advance,
                    &common,
                ),
            }
        }
    }

    fn draw_image(&mut self, _: Image<'a, '_>, _: ImageDrawProps<'a>) {
        self.images += 1;
    }

    fn pop_clip(&mut self) {
        self.clips.pop();
    }

    fn pop_transparency_group(&mut self) {}
}

/// A stroke width in device space (the mean scale of the transform).
fn stroke_width(t: &Affine, w: f32) -> f32 {
    let [a, b, c, d, _, _] = t.0;
    let scale = ((a * d - b * c).abs()).sqrt();
    // A width of 0 is the thinnest line the device can draw.
    (f64::from(w.max(0.0)) * scale).max(0.1) as f32
}
