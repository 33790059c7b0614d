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
/// Returns them and, apart, the glyphs inside the page that a clip hides.
pub(crate) fn clean(
    raw: Vec<RawGlyph>,
    width: f32,
    height: f32,
    dropped: &mut Dropped,
) -> (Vec<RawGlyph>, Vec<RawGlyph>) {
    let mut hidden = Vec::new();
    let page = Rect::new(0.0, 0.0, width, height);
    let mut out: Vec<RawGlyph> = Vec::with_capacity(raw.len());
    // Cells of 2 × 2 points keyed by character: a duplicate lies in the same or a neighbouring
    // cell. Each cell holds the last glyph kept in it; `older[i]` links glyph `i` of `out` to
    // the one kept in its cell before it.
    let mut seen: HashMap<(char, i32, i32), usize, BuildHasherDefault<CellHasher>> =
        HashMap::with_capacity_and_hasher(raw.len(), BuildHasherDefault::default());
    let mut older: Vec<usize> = Vec::with_capacity(raw.len());
    for g in raw {
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
            (g.origin.0 / 2.0).floor() as i32,
            (g.origin.1 / 2.0).floor() as i32,
        );
        let mut dup = false;
        'near: for dx in -1..=1 {
            for dy in -1..=1 {
                let mut at = seen.get(&(g.ch, kx + dx, ky + dy)).copied();
                while let Some(i) = at {
                    let Some(o) = out.get(i) else { break };
                    if (o.origin.0 - g.origin.0).abs() <= tol
                        && (o.origin.1 - g.origin.1).abs() <= tol
                    {
                        dup = true;
                        break 'near;
                    }
                    at = older.get(i).copied().filter(|&p| p != NONE);
                }
            }
        }
        if dup {
            dropped.duplicates += 1;
            continue;
        }
        let previous = seen.insert((g.ch, kx, ky), out.len());
        older.push(previous.unwrap_or(NONE));
        out.push(g);
    }
    (out, hidden)
}

/// End of a chain in [`clean`]'s cells.
const NONE: usize = usize::MAX;

/// Hashes the small integer keys of [`clean`]'s cells with one multiply per word (the
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

    fn write_i32(&mut self, word: i32) {
        self.add(u64::from(word as u32));
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
