//! One page: interpreted, cleaned, turned upright, its rulings, grids and lines found.

use hayro_interpret::util::TransformExt;
use hayro_interpret::{Context, InterpreterCache, InterpreterSettings, interpret_page};
use hayro_syntax::page::{Page as HayroPage, Rotation};

use crate::collect::{Collector, Limits, RawGlyph, RawShape, Spare};
use crate::geom::{Affine, Rect, Turn};
use crate::glyph::{self, Dropped, Glyph};
use crate::grid::{self, Grid};
use crate::ruling::{self, Ruling};
use crate::text::{self, TextLine};

/// One page as geometry.
///
/// Coordinates are points with the origin at the top-left corner of the page as shown: the
/// page's /Rotate is applied, and a page whose text runs sideways (a landscape table printed on
/// a portrait page) is turned so the text reads left to right; [`Page::turned`] says by how
/// much.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Page {
    /// 1-based page number.
    pub number: u32,
    /// Width in points, as shown.
    pub width: f32,
    /// Height in points, as shown.
    pub height: f32,
    /// The page's /Rotate (0, 90, 180 or 270).
    pub rotate: u16,
    /// The further quarter turns (clockwise degrees) applied because most of the page's text ran
    /// sideways.
    pub turned: u16,
    glyphs: Vec<Glyph>,
    hidden: Vec<Glyph>,
    rulings: Vec<Ruling>,
    grids: Vec<Grid>,
    lines: Vec<TextLine>,
    /// (line, column) of each glyph in `lines`.
    positions: Vec<(u32, u32)>,
    /// What the clean-up dropped.
    pub dropped: Dropped,
    /// Images drawn (a page of images without glyphs is a scan).
    pub images: usize,
}

impl Page {
    /// The visible glyphs, in drawing order.
    pub fn glyphs(&self) -> &[Glyph] {
        &self.glyphs
    }

    /// Glyphs drawn on the page but hidden: by the clip in force (a long cell's text that Excel
    /// or WPS writes on every page and clips to the cell) or by the page edge (centre outside).
    /// Not read; kept for inspection.
    pub fn hidden_glyphs(&self) -> &[Glyph] {
        &self.hidden
    }

    /// The ruling lines (horizontal first, each sorted by position).
    pub fn rulings(&self) -> &[Ruling] {
        &self.rulings
    }

    /// The ruled tables, top to bottom.
    pub fn grids(&self) -> &[Grid] {
        &self.grids
    }

    /// Every line of text in reading order (inside grids too), laid out by x position.
    pub fn lines(&self) -> &[TextLine] {
        &self.lines
    }

    /// The (0-based line, 0-based character column) of glyph `index` in [`Page::lines`].
    pub fn glyph_position(&self, index: usize) -> Option<(usize, usize)> {
        self.positions
            .get(index)
            .map(|&(l, c)| (l as usize, c as usize))
    }

    /// True when the page shows no text but draws something (a scan or text drawn as curves):
    /// it needs OCR to be read.
    pub fn is_text_less(&self) -> bool {
        self.glyphs.is_empty() && (self.images > 0 || !self.rulings.is_empty())
    }

    /// The page's text: [`Page::lines`] joined with `\n`.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for (i, l) in self.lines.iter().enumerate() {
            if i > 0 {
                s.push('\n');
            }
            s.push_str(&l.text);
        }
        s
    }
}

fn rotation_degrees(r: Rotation) -> u16 {
    match r {
        Rotation::None => 0,
        Rotation::Horizontal => 90,
        Rotation::Flipped => 180,
        Rotation::FlippedHorizontal => 270,
    }
}

/// The quarter turn that makes most glyphs read left to right.
fn dominant_turn(glyphs: &[RawGlyph]) -> Turn {
    let mut n = [0usize; 4]; // right, down, left, up
    for g in glyphs.iter().filter(|g| !g.invisible) {
        let (dx, dy) = g.dir;
        let k = if dx.abs() >= dy.abs() {
            if dx >= 0.0 { 0 } else { 2 }
        } else if dy >= 0.0 {
            1
        } else {
            3
        };
        if let Some(c) = n.get_mut(k) {
            *c += 1;
        }
    }
    let total: usize = n.iter().sum();
    let (best, count) = n
        .iter()
        .enumerate()
        .max_by_key(|(_, c)| **c)
        .map_or((0, 0), |(k, c)| (k, *c));
    if total == 0 || count * 5 < total * 3 {
        return Turn::None;
    }
    match best {
        // Baselines pointing down: the text was turned clockwise; turn the page back.
        1 => Turn::Ccw,
        2 => Turn::Half,
        3 => Turn::Cw,
        _ => Turn::None,
    }
}

fn map_rect(a: &Affine, r: &Rect) -> Rect {
    let (x0, y0) = a.apply(f64::from(r.x0), f64::from(r.y0));
    let (x1, y1) = a.apply(f64::from(r.x1), f64::from(r.y1));
    Rect::new(x0 as f32, y0 as f32, x1 as f32, y1 as f32)
}

fn turn_all(a: &Affine, glyphs: &mut [RawGlyph], shapes: &mut [RawShape]) {
    for g in glyphs {
        g.bbox = map_rect(a, &g.bbox);
        g.clip = g.clip.map(|c| map_rect(a, &c));
        let o = a.apply(f64::from(g.origin.0), f64::from(g.origin.1));
        g.origin = (o.0 as f32, o.1 as f32);
        let [m0, m1, m2, m3, _, _] = a.0;
        let (dx, dy) = (f64::from(g.dir.0), f64::from(g.dir.1));
        g.dir = ((m0 * dx + m2 * dy) as f32, (m1 * dx + m3 * dy) as f32);
    }
    for s in shapes {
        for p in &mut s.points {
            let q = a.apply(f64::from(p.0), f64::from(p.1));
            *p = (q.0 as f32, q.1 as f32);
        }
        s.clip = s.clip.map(|c| map_rect(a, &c));
    }
}

/// The typical em size of a page's glyphs (the median), for laying text out in columns.
fn median_size(glyphs: &[Glyph]) -> f32 {
    let mut v: Vec<f32> = glyphs
        .iter()
        .filter(|g| g.upright)
        .map(|g| g.size)
        .collect();
    if v.is_empty() {
        return 10.0;
    }
    let mid = v.len() / 2;
    let (_, median, _) = v.select_nth_unstable_by(mid, f32::total_cmp);
    *median
}

pub(crate) fn read<'a>(
    page: &HayroPage<'a>,
    number: u32,
    cache: &InterpreterCache<'a>,
    limits: Limits,
    spare: &mut Spare,
) -> Page {
    let (w, h) = page.render_dimensions();
    let mut collector = Collector::new(limits, spare);
    let mut ctx = Context::new(
        page.initial_transform(true).to_kurbo(),
        hayro_interpret::kurbo::Rect::new(0.0, 0.0, f64::from(w), f64::from(h)),
        cache,
        page.xref(),
        InterpreterSettings::default(),
    );
    interpret_page(page, &mut ctx, &mut collector);
    let mut dropped = Dropped {
        over_limit: collector.dropped_glyphs + collector.dropped_points,
        ..Dropped::default()
    };
    let images = collector.images;
    let mut drawn = std::mem::take(&mut collector.glyphs);
    let (mut raw, mut hidden) = glyph::clean(&mut drawn, w, h, &mut dropped);
    spare.glyphs = drawn;
    let mut shapes = std::mem::take(&mut collector.shapes);
    let turn = dominant_turn(&raw);
    let (a, width, height) = turn.affine(w, h);
    if turn != Turn::None {
        turn_all(&a, &mut raw, &mut shapes);
        turn_all(&a, &mut hidden, &mut []);
    }
    let glyphs: Vec<Glyph> = raw.iter().map(glyph::finish).collect();
    let hidden: Vec<Glyph> = hidden.iter().map(glyph::finish).collect();
    let rulings = ruling::rulings(&shapes, width, height);
    shapes.clear();
    spare.shapes = shapes;
    let mut taken = vec![false; glyphs.len()];
    let grids = grid::grids(
        &rulings,
        &glyphs,
        Rect::new(0.0, 0.0, width, height),
        &mut taken,
    );
    let all: Vec<usize> = (0..glyphs.len()).collect();
    let line_groups = text::group_lines(&glyphs, &all);
    let mut positions = vec![(0u32, 0u32); glyphs.len()];
    let cw = median_size(&glyphs) * 0.5;
    let lines = text::layout(&glyphs, &line_groups, cw, &mut positions);
    Page {
        number,
        width,
        height,
        rotate: rotation_degrees(page.rotation()),
        turned: turn.degrees(),
        glyphs,
        hidden,
        rulings,
        grids,
        lines,
        positions,
        dropped,
        images,
    }
}
