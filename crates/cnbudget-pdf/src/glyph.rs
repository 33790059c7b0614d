//! Glyphs as the page shows them: what the interpreter drew, less what cannot be seen.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::collect::RawGlyph;
use crate::geom::Rect;

/// One character drawn on a page.
///
/// ```
/// # fn main() -> Result<(), cnbudget_pdf::PdfError> {
/// let doc = cnbudget_pdf::Document::from_bytes(cnbudget_pdf::SAMPLE_PDF)?;
/// let g = &doc.pages()[0].glyphs()[0];
/// assert!(g.size > 5.0 && g.bbox.width() > 0.0);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Glyph {
    /// The character (U+FFFD when the font gives no way to know it).
    pub ch: char,
    /// The em box: from the origin to the advance along the baseline, from the descent to the
    /// ascent across it, in page coordinates.
    pub bbox: Rect,
    /// The baseline y (for upright text) or x (for text turned a quarter).
    pub baseline: f32,
    /// Em size in points.
    pub size: f32,
    /// Fill colour (RGB).
    pub color: [u8; 3],
    /// True when the glyph reads left to right on the page as shown; false for text written
    /// sideways or upside down in an otherwise upright page (a rotated header label).
    pub upright: bool,
    /// True when drawn in render mode 3 (invisible text, as OCR layers are written).
    pub invisible: bool,
}

/// What the clean-up dropped from a page, by reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Dropped {
    /// Glyphs outside the page, or cut by its edge with their centre outside.
    pub outside_page: usize,
    /// Glyphs whose centre lies outside the clip in force when they were drawn (WPS and Excel
    /// write a long cell's whole text on every page it spans and clip it).
    pub clipped: usize,
    /// Glyphs drawn a second time at almost the same place (fake bold, double drawing).
    pub duplicates: usize,
    /// Spaces and control characters (word breaks come from the gaps between glyphs).
    pub blanks: usize,
    /// Glyphs or path points beyond the per-page limits of [`crate::Options`].
    pub over_limit: usize,
}

/// Keeps the glyphs a reader sees: inside the page and its clip, drawn once, not blank.
/// Returns them and, apart, the glyphs inside the page that a clip hides; `raw` is left
/// empty (its room kept for the next page).
pub(crate) fn clean(
    raw: &mut Vec<RawGlyph>,
    width: f32,
    height: f32,
    dropped: &mut Dropped,
) -> (Vec<RawGlyph>, Vec<RawGlyph>) {
    let mut hidden = Vec::new();
    let page = Rect::new(0.0, 0.0, width, height);
    let mut out: Vec<RawGlyph> = Vec::with_capacity(raw.len());
    // A duplicate lies in the same cell of 2 × 2 points as the glyph or in a neighbouring one,
    // and within `tol` of it. Kept glyphs are found through blocks of 3 × 3 cells keyed by
    // character: the 3 × 3 cells around a glyph lie in at most 2 × 2 blocks (mostly in one).
    // Each block holds the last glyph kept in it; `kept[i]` holds glyph `i` of `out`'s cell
    // and the glyph kept in its block before it.
    let mut blocks: HashMap<(char, i64, i64), usize, BuildHasherDefault<CellHasher>> =
        HashMap::with_capacity_and_hasher(raw.len(), BuildHasherDefault::default());
    let mut kept: Vec<(i64, i64, usize)> = Vec::with_capacity(raw.len());
    for g in raw.drain(..) {
        if g.ch.is_whitespace() || g.ch.is_control() || g.ch == '\u{feff}' {
            dropped.blanks += 1;
            continue;
        }
        if page.intersect(&g.bbox).is_none() {
            dropped.outside_page += 1;
            continue;
        }
        // A glyph cut by the page edge is read only when most of it shows.
        let (cx, cy) = (g.bbox.cx(), g.bbox.cy());
        if !page.contains(cx, cy) {
            dropped.outside_page += 1;
            hidden.push(g);
            continue;
        }
        if let Some(clip) = g.clip {
            let grown = Rect::new(clip.x0 - 0.5, clip.y0 - 0.5, clip.x1 + 0.5, clip.y1 + 0.5);
            if !grown.contains(cx, cy) {
                dropped.clipped += 1;
                hidden.push(g);
                continue;
            }
        }
        let tol = (g.size * 0.2).max(0.5);
        let (kx, ky) = (
            i64::from((g.origin.0 / 2.0).floor() as i32),
            i64::from((g.origin.1 / 2.0).floor() as i32),
        );
        let mut dup = false;
        'near: for bx in (kx - 1).div_euclid(3)..=(kx + 1).div_euclid(3) {
            for by in (ky - 1).div_euclid(3)..=(ky + 1).div_euclid(3) {
                let mut at = blocks.get(&(g.ch, bx, by)).copied();
                while let Some(i) = at {
                    let (Some(o), Some(&(ox, oy, before))) = (out.get(i), kept.get(i)) else {
                        break;
                    };
                    if (ox - kx).abs() <= 1
                        && (oy - ky).abs() <= 1
                        && (o.origin.0 - g.origin.0).abs() <= tol
                        && (o.origin.1 - g.origin.1).abs() <= tol
                    {
                        dup = true;
                        break 'near;
                    }
                    at = (before != NONE).then_some(before);
                }
            }
        }
        if dup {
            dropped.duplicates += 1;
            continue;
        }
        let block = (g.ch, kx.div_euclid(3), ky.div_euclid(3));
        let before = blocks.insert(block, out.len());
        kept.push((kx, ky, before.unwrap_or(NONE)));
        out.push(g);
    }
    (out, hidden)
}

/// End of a chain in [`clean`]'s blocks.
const NONE: usize = usize::MAX;

/// Hashes the small integer keys of [`clean`]'s blocks with one multiply per word (the
/// multiplicative hash of Firefox and rustc): the default SipHash costs more than the rest of
/// the clean-up together, and the keys come from the page, where flooding is no concern
/// (a page's glyphs are bounded by [`crate::Options::max_glyphs_per_page`]).
#[derive(Default)]
struct CellHasher(u64);

impl CellHasher {
    const K: u64 = 0xf135_7aea_2e62_a9c5;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(26) ^ word).wrapping_mul(Self::K);
    }
}

impl Hasher for CellHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.add(u64::from(b));
        }
    }

    fn write_u32(&mut self, word: u32) {
        self.add(u64::from(word));
    }

    fn write_i64(&mut self, word: i64) {
        self.add(word as u64);
    }

    fn finish(&self) -> u64 {
        // hashbrown takes its control bits from the top of the hash, which the last
        // multiply fills well; fold the high half in for the bucket index.
        self.0 ^ (self.0 >> 32)
    }
}

/// The public glyph of a cleaned raw glyph (after the page is turned upright).
pub(crate) fn finish(g: &RawGlyph) -> Glyph {
    let upright = g.dir.0 > 0.9 && g.dir.1.abs() < 0.3;
    Glyph {
        ch: g.ch,
        bbox: g.bbox,
        baseline: if upright || g.dir.0.abs() >= g.dir.1.abs() {
            g.origin.1
        } else {
            g.origin.0
        },
        size: g.size,
        color: g.color,
        upright,
        invisible: g.invisible,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A plain duplicate search, the reference the fast one must agree with: every earlier
    /// kept glyph of the same character in the 3 × 3 cells of 2 × 2 points around the glyph,
    /// each cell a `Vec`.
    fn reference_duplicates(raw: &[RawGlyph]) -> Vec<bool> {
        let mut out: Vec<&RawGlyph> = Vec::new();
        let mut seen: HashMap<(char, i32, i32), Vec<usize>> = HashMap::new();
        let mut dups = Vec::new();
        for g in raw {
            let tol = (g.size * 0.2).max(0.5);
            let (kx, ky) = (
                (g.origin.0 / 2.0).floor() as i32,
                (g.origin.1 / 2.0).floor() as i32,
            );
            let mut dup = false;
            for dx in -1..=1 {
                for dy in -1..=1 {
                    for &i in seen.get(&(g.ch, kx + dx, ky + dy)).into_iter().flatten() {
                        let o = out[i];
                        if (o.origin.0 - g.origin.0).abs() <= tol
                            && (o.origin.1 - g.origin.1).abs() <= tol
                        {
                            dup = true;
                        }
                    }
                }
            }
            dups.push(dup);
            if !dup {
                seen.entry((g.ch, kx, ky)).or_default().push(out.len());
                out.push(g);
            }
        }
        dups
    }

    fn raw(ch: char, x: f32, y: f32, size: f32) -> RawGlyph {
        RawGlyph {
            ch,
            bbox: Rect::new(x, y - 0.88 * size, x + size, y + 0.12 * size),
            origin: (x, y),
            dir: (1.0, 0.0),
            size,
            color: [0, 0, 0],
            clip: None,
            invisible: false,
        }
    }

    proptest! {
        /// Glyphs of two characters on a lattice of 0.4 pt around cell and block edges, with
        /// sizes whose tolerance is below and above a cell: the blocks find exactly the
        /// duplicates the cells found.
        #[test]
        fn duplicates_agree_with_the_reference(
            gs in prop::collection::vec(
                (
                    prop::sample::select(vec!['一', '1']),
                    0u16..60,
                    0u16..60,
                    prop::sample::select(vec![2.0f32, 9.0, 12.0, 24.0]),
                ),
                0..120,
            )
        ) {
            let raw: Vec<RawGlyph> = gs
                .iter()
                .map(|&(ch, x, y, size)| {
                    raw(ch, 30.0 + f32::from(x) * 0.4, 40.0 + f32::from(y) * 0.4, size)
                })
                .collect();
            let want = reference_duplicates(&raw);
            let mut dropped = Dropped::default();
            let (kept, hidden) = clean(&mut raw.clone(), 200.0, 200.0, &mut dropped);
            prop_assert!(hidden.is_empty());
            let expected: Vec<(char, (f32, f32))> = raw
                .iter()
                .zip(&want)
                .filter(|(_, d)| !**d)
                .map(|(g, _)| (g.ch, g.origin))
                .collect();
            let got: Vec<(char, (f32, f32))> = kept.iter().map(|g| (g.ch, g.origin)).collect();
            prop_assert_eq!(got, expected);
            prop_assert_eq!(dropped.duplicates, want.iter().filter(|d| **d).count());
        }
    }

    #[test]
    fn a_glyph_drawn_twice_is_kept_once() {
        let mut dropped = Dropped::default();
        let mut glyphs = vec![
            raw('预', 10.0, 20.0, 10.0),
            raw('预', 10.3, 20.2, 10.0),
            raw('预', 15.0, 20.0, 10.0),
        ];
        let (kept, _) = clean(&mut glyphs, 100.0, 100.0, &mut dropped);
        assert_eq!(kept.len(), 2);
        assert_eq!(dropped.duplicates, 1);
    }
}
