//! Glyphs into lines and words, in reading order.

use crate::geom::Rect;
use crate::glyph::Glyph;

/// A run of glyphs on one line with no wide gap inside.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Word {
    /// The word's box.
    pub bbox: Rect,
    /// Its text (single spaces where the glyphs leave a word gap).
    pub text: String,
    /// 0-based character column where the word starts in its line's [`TextLine::text`].
    pub column: usize,
}

/// One line of text in reading order, as `pdftotext -layout` would print it: words placed at
/// columns proportional to their x position, so unruled tables keep their alignment.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct TextLine {
    /// The line's box.
    pub bbox: Rect,
    /// The line, words placed at their columns.
    pub text: String,
    /// The words, left to right.
    pub words: Vec<Word>,
}

pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0xFF00..=0xFF60 | 0x20000..=0x3134F)
}

/// How wide a gap between two glyphs is, as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Gap {
    None,
    Space,
    Column,
}

fn gap(prev: &Glyph, next: &Glyph) -> Gap {
    let size = prev.size.min(next.size).max(1.0);
    let g = next.bbox.x0 - prev.bbox.x1;
    let cjk = is_cjk(prev.ch) && is_cjk(next.ch);
    if cjk {
        if g > 1.2 * size {
            Gap::Column
        } else {
            Gap::None
        }
    } else if g > 1.0 * size {
        Gap::Column
    } else if g > 0.25 * size {
        Gap::Space
    } else {
        Gap::None
    }
}

/// An upright glyph while lines are grouped: baseline, left edge, size, top, index.
type Upright = (f32, f32, f32, f32, usize);

/// Groups glyph indices into lines: upright glyphs by baseline, top to bottom and left to
/// right; glyphs written sideways form lines of their own, in drawing order.
///
/// A line is a run of the upright glyphs sorted by baseline (then x): each glyph joins the line
/// of the one before it when its baseline is within 0.35 em of the line's first baseline.
pub(crate) fn group_lines(glyphs: &[Glyph], idx: &[usize]) -> Vec<Vec<usize>> {
    if idx.is_empty() {
        return Vec::new();
    }
    let mut upright: Vec<Upright> = Vec::with_capacity(idx.len());
    let mut sideways = false;
    for &i in idx {
        if let Some(g) = glyphs.get(i) {
            if g.upright {
                upright.push((g.baseline, g.bbox.x0, g.size, g.bbox.y0, i));
            } else {
                sideways = true;
            }
        }
    }
    upright.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut tops: Vec<f32> = Vec::new();
    let mut rest = upright.as_mut_slice();
    while let Some(&(b, _, first_size, _, _)) = rest.first() {
        // The line's size is the largest so far; each glyph is compared with it.
        let mut s = first_size;
        let mut n = 1;
        for &(base, _, size, _, _) in rest.iter().skip(1) {
            if (base - b).abs() > 0.35 * s.min(size) {
                break;
            }
            s = s.max(size);
            n += 1;
        }
        let (line, after) = rest.split_at_mut(n.min(rest.len()));
        line.sort_by(|a, b| a.1.total_cmp(&b.1));
        tops.push(line.iter().map(|g| g.3).fold(f32::MAX, f32::min));
        out.push(line.iter().map(|g| g.4).collect());
        rest = after;
    }
    if sideways {
        // Sideways glyphs: runs in drawing order that stay close together.
        let mut run: Vec<(usize, &Glyph)> = Vec::new();
        let flush =
            |run: &mut Vec<(usize, &Glyph)>, out: &mut Vec<Vec<usize>>, tops: &mut Vec<f32>| {
                if !run.is_empty() {
                    tops.push(run.iter().map(|(_, g)| g.bbox.y0).fold(f32::MAX, f32::min));
                    out.push(run.drain(..).map(|(i, _)| i).collect());
                }
            };
        for (i, g) in idx.iter().filter_map(|&i| glyphs.get(i).map(|g| (i, g))) {
            if g.upright {
                continue;
            }
            if let Some((_, p)) = run.last() {
                let near = (p.bbox.cx() - g.bbox.cx()).abs() + (p.bbox.cy() - g.bbox.cy()).abs()
                    < 2.5 * p.size.max(g.size);
                if !near {
                    flush(&mut run, &mut out, &mut tops);
                }
            }
            run.push((i, g));
        }
        flush(&mut run, &mut out, &mut tops);
    }
    // Lines top to bottom (a stable sort by their top edge); usually they already are.
    if tops.is_sorted_by(|a, b| a.total_cmp(b).is_le()) {
        return out;
    }
    let mut order: Vec<usize> = (0..out.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (tops.get(a), tops.get(b));
        x.zip(y)
            .map_or(std::cmp::Ordering::Equal, |(x, y)| x.total_cmp(y))
    });
    let mut slots: Vec<Option<Vec<usize>>> = out.into_iter().map(Some).collect();
    order
        .iter()
        .filter_map(|&k| slots.get_mut(k).and_then(Option::take))
        .collect()
}

/// Appends the text of one line of glyphs to `s`, words joined by single spaces (for cells).
pub(crate) fn plain_into(s: &mut String, glyphs: &[Glyph], line: &[usize]) {
    let mut prev: Option<&Glyph> = None;
    for &i in line {
        let Some(g) = glyphs.get(i) else { continue };
        if let Some(p) = prev
            && g.upright
            && p.upright
            && gap(p, g) >= Gap::Space
        {
            s.push(' ');
        }
        s.push(g.ch);
        prev = Some(g);
    }
}

/// Lays out lines as text: each word at the column its x position gives (`cw` points per
/// column), at least one space after a word gap and two after a column gap. Returns the
/// lines and, for each glyph index, its (line, 0-based character column).
pub(crate) fn layout(
    glyphs: &[Glyph],
    lines: &[Vec<usize>],
    cw: f32,
    pos: &mut [(u32, u32)],
) -> Vec<TextLine> {
    let cw = cw.max(0.5);
    let mut out = Vec::with_capacity(lines.len());
    // One line's text, and its words as (first byte, column, end byte, box) in that text: a
    // word's text is the line's from its first character to its last (the single spaces of
    // word gaps inside it included). Both are reused from line to line.
    let mut text = String::new();
    let mut spans: Vec<(usize, usize, usize, Rect)> = Vec::new();
    for (ln, line) in lines.iter().enumerate() {
        text.clear();
        spans.clear();
        let mut chars = 0usize;
        let mut prev: Option<&Glyph> = None;
        let mut bbox: Option<Rect> = None;
        for &i in line {
            let Some(g) = glyphs.get(i) else { continue };
            let kind = match prev {
                None => Gap::Column,
                Some(p) if !(p.upright && g.upright) => Gap::None,
                Some(p) => gap(p, g),
            };
            if kind == Gap::Column {
                let want = (g.bbox.x0 / cw).round().max(0.0) as usize;
                let min = if chars == 0 { 0 } else { chars + 2 };
                let target = want.max(min);
                while chars < target {
                    text.push(' ');
                    chars += 1;
                }
                spans.push((text.len(), chars, text.len(), g.bbox));
            } else if kind == Gap::Space {
                text.push(' ');
                chars += 1;
            }
            if let Some(p) = pos.get_mut(i) {
                *p = (ln as u32, chars as u32);
            }
            text.push(g.ch);
            chars += 1;
            if let Some(w) = spans.last_mut() {
                w.2 = text.len();
                w.3 = w.3.union(&g.bbox);
            }
            bbox = Some(bbox.map_or(g.bbox, |b| b.union(&g.bbox)));
            prev = Some(g);
        }
        let words = spans
            .iter()
            .map(|&(from, column, to, bbox)| Word {
                bbox,
                text: text.get(from..to).unwrap_or_default().to_owned(),
                column,
            })
            .collect();
        out.push(TextLine {
            bbox: bbox.unwrap_or_default(),
            text: text.clone(),
            words,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    // Plain versions of the grouping and the layout: the reference the fast ones must agree
    // with.

    /// Glyphs with their indices.
    type Placed<'g> = Vec<(usize, &'g Glyph)>;

    /// Groups glyph indices into lines: upright glyphs by baseline, top to bottom and left to
    /// right; glyphs written sideways form lines of their own, in drawing order.
    fn reference_group_lines(glyphs: &[Glyph], idx: &[usize]) -> Vec<Vec<usize>> {
        let mut upright: Vec<(usize, &Glyph)> = idx
            .iter()
            .filter_map(|&i| glyphs.get(i).map(|g| (i, g)))
            .filter(|(_, g)| g.upright)
            .collect();
        upright.sort_by(|(_, a), (_, b)| {
            a.baseline
                .total_cmp(&b.baseline)
                .then(a.bbox.x0.total_cmp(&b.bbox.x0))
        });
        // (baseline, size, glyphs)
        let mut lines: Vec<(f32, f32, Placed<'_>)> = Vec::new();
        for (i, g) in upright {
            match lines.last_mut() {
                Some((b, s, v)) if (g.baseline - *b).abs() <= 0.35 * s.min(g.size) => {
                    v.push((i, g));
                    *s = s.max(g.size);
                }
                _ => lines.push((g.baseline, g.size, vec![(i, g)])),
            }
        }
        let mut out: Vec<(f32, Vec<usize>)> = lines
            .into_iter()
            .map(|(_, _, mut v)| {
                v.sort_by(|(_, a), (_, b)| a.bbox.x0.total_cmp(&b.bbox.x0));
                let top = v.iter().map(|(_, g)| g.bbox.y0).fold(f32::MAX, f32::min);
                (top, v.into_iter().map(|(i, _)| i).collect())
            })
            .collect();
        // Sideways glyphs: runs in drawing order that stay close together.
        let mut run: Vec<(usize, &Glyph)> = Vec::new();
        let flush = |run: &mut Vec<(usize, &Glyph)>, out: &mut Vec<(f32, Vec<usize>)>| {
            if !run.is_empty() {
                let top = run.iter().map(|(_, g)| g.bbox.y0).fold(f32::MAX, f32::min);
                out.push((top, run.drain(..).map(|(i, _)| i).collect()));
            }
        };
        for (i, g) in idx.iter().filter_map(|&i| glyphs.get(i).map(|g| (i, g))) {
            if g.upright {
                continue;
            }
            if let Some((_, p)) = run.last() {
                let near = (p.bbox.cx() - g.bbox.cx()).abs() + (p.bbox.cy() - g.bbox.cy()).abs()
                    < 2.5 * p.size.max(g.size);
                if !near {
                    flush(&mut run, &mut out);
                }
            }
            run.push((i, g));
        }
        flush(&mut run, &mut out);
        out.sort_by(|a, b| a.0.total_cmp(&b.0));
        out.into_iter().map(|(_, v)| v).collect()
    }

    /// The text of one line of glyphs, words joined by single spaces (for cells).
    fn reference_plain(glyphs: &[Glyph], line: &[usize]) -> String {
        let mut s = String::new();
        let mut prev: Option<&Glyph> = None;
        for &i in line {
            let Some(g) = glyphs.get(i) else { continue };
            if let Some(p) = prev
                && g.upright
                && p.upright
                && gap(p, g) >= Gap::Space
            {
                s.push(' ');
            }
            s.push(g.ch);
            prev = Some(g);
        }
        s
    }

    /// Lays out lines as text: each word at the column its x position gives (`cw` points per
    /// column), at least one space after a word gap and two after a column gap. Returns the
    /// lines and, for each glyph index, its (line, 0-based character column).
    fn reference_layout(
        glyphs: &[Glyph],
        lines: &[Vec<usize>],
        cw: f32,
        pos: &mut [(u32, u32)],
    ) -> Vec<TextLine> {
        let cw = cw.max(0.5);
        let mut out = Vec::with_capacity(lines.len());
        for (ln, line) in lines.iter().enumerate() {
            let mut text = String::new();
            let mut chars = 0usize;
            let mut words: Vec<Word> = Vec::new();
            let mut prev: Option<&Glyph> = None;
            let mut bbox: Option<Rect> = None;
            for &i in line {
                let Some(g) = glyphs.get(i) else { continue };
                let kind = match prev {
                    None => Gap::Column,
                    Some(p) if !(p.upright && g.upright) => Gap::None,
                    Some(p) => gap(p, g),
                };
                if kind == Gap::Column {
                    let want = (g.bbox.x0 / cw).round().max(0.0) as usize;
                    let min = if chars == 0 { 0 } else { chars + 2 };
                    let target = want.max(min);
                    while chars < target {
                        text.push(' ');
                        chars += 1;
                    }
                    words.push(Word {
                        bbox: g.bbox,
                        text: String::new(),
                        column: chars,
                    });
                } else if kind == Gap::Space {
                    text.push(' ');
                    chars += 1;
                    if let Some(w) = words.last_mut() {
                        w.text.push(' ');
                    }
                }
                if let Some(p) = pos.get_mut(i) {
                    *p = (ln as u32, chars as u32);
                }
                text.push(g.ch);
                chars += 1;
                if let Some(w) = words.last_mut() {
                    w.text.push(g.ch);
                    w.bbox = w.bbox.union(&g.bbox);
                }
                bbox = Some(bbox.map_or(g.bbox, |b| b.union(&g.bbox)));
                prev = Some(g);
            }
            out.push(TextLine {
                bbox: bbox.unwrap_or_default(),
                text,
                words,
            });
        }
        out
    }

    fn glyph(ch: char, x: f32, baseline: f32, size: f32, upright: bool) -> Glyph {
        Glyph {
            ch,
            bbox: Rect::new(x, baseline - 0.88 * size, x + size, baseline + 0.12 * size),
            baseline,
            size,
            color: [0, 0, 0],
            upright,
            invisible: false,
        }
    }

    /// Glyphs on a few nearby baselines and x positions (so lines touch, ties in x and in
    /// baseline occur, and gaps of every kind appear), some sideways.
    fn glyphs() -> impl Strategy<Value = Vec<Glyph>> {
        prop::collection::vec(
            (
                prop::sample::select(vec!['一', '二', '1', '2', 'a', '.', '（']),
                0u8..40,
                0u8..12,
                prop::sample::select(vec![6.0f32, 9.0, 10.5, 12.0]),
                prop::bool::weighted(0.9),
            )
                .prop_map(|(ch, x, y, size, upright)| {
                    glyph(ch, f32::from(x) * 3.5, f32::from(y) * 2.5, size, upright)
                }),
            0..60,
        )
    }

    proptest! {
        #[test]
        fn grouping_and_layout_agree_with_the_reference(
            gs in glyphs(),
            take in prop::collection::vec(any::<bool>(), 60),
        ) {
            let idx: Vec<usize> = (0..gs.len()).filter(|&i| take[i]).collect();
            let lines = group_lines(&gs, &idx);
            prop_assert_eq!(&lines, &reference_group_lines(&gs, &idx));
            let mut pos = vec![(0u32, 0u32); gs.len()];
            let mut ref_pos = pos.clone();
            prop_assert_eq!(
                layout(&gs, &lines, 4.5, &mut pos),
                reference_layout(&gs, &lines, 4.5, &mut ref_pos)
            );
            prop_assert_eq!(pos, ref_pos);
            for line in &lines {
                let mut s = String::new();
                plain_into(&mut s, &gs, line);
                prop_assert_eq!(s, reference_plain(&gs, line));
            }
        }
    }
}
