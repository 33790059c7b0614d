//! A PDF read by its geometry ([`cnbudget_pdf`]): its text in reading order, and its ruled
//! tables as grids of cells placed in that text.

use cnbudget_pdf::{Document as PdfDocument, Page};
use cnbudget_table::{Grid, GridCell, Origin, PlacedGrid};

/// A PDF as text plus grids: the text every reader sees (prose, captions, unruled tables), and
/// each ruled table as a grid whose cells point at their lines in that text.
pub(crate) struct PdfText {
    /// The pages' lines laid out by x position, pages separated by a form feed at the start of
    /// each page's first line (as `pdftotext -layout` writes them).
    pub text: String,
    /// For each page, the 1-based line of the text where each of its lines stands.
    page_lines: Vec<Vec<usize>>,
    /// For each page, the first line of the text it covers and how many lines.
    pub pages: Vec<(u32, usize, usize)>,
}

/// The typical em size of a page (the median glyph size).
fn median_size(page: &Page) -> f32 {
    let mut v: Vec<f32> = page.glyphs().iter().map(|g| g.size).collect();
    if v.is_empty() {
        return 10.0;
    }
    let mid = v.len() / 2;
    let (_, median, _) = v.select_nth_unstable_by(mid, f32::total_cmp);
    *median
}

/// Lays the pages out as text, with a blank line where the page leaves a vertical gap (so
/// paragraphs and tables stand apart as they do in `pdftotext -layout`).
pub(crate) fn layout_text(doc: &PdfDocument) -> PdfText {
    let mut text = String::new();
    let mut line_no = 0usize;
    let mut page_lines = Vec::with_capacity(doc.pages().len());
    let mut pages = Vec::with_capacity(doc.pages().len());
    for (i, page) in doc.pages().iter().enumerate() {
        let size = median_size(page);
        let mut map = Vec::with_capacity(page.lines().len());
        let first = line_no + 1;
        let mut prev_bottom: Option<f32> = None;
        let mut first_on_page = true;
        let start_line = |text: &mut String, line_no: &mut usize, first_on_page: &mut bool| {
            if *line_no > 0 {
                text.push('\n');
            }
            *line_no += 1;
            if *first_on_page && i > 0 {
                text.push('\u{c}');
            }
            *first_on_page = false;
        };
        for l in page.lines() {
            if let Some(b) = prev_bottom
                && l.bbox.y0 - b > 0.6 * size
            {
                start_line(&mut text, &mut line_no, &mut first_on_page);
            }
            start_line(&mut text, &mut line_no, &mut first_on_page);
            text.push_str(&l.text);
            map.push(line_no);
            prev_bottom = Some(l.bbox.y1);
        }
        if page.lines().is_empty() {
            start_line(&mut text, &mut line_no, &mut first_on_page);
        }
        pages.push((page.number, first, line_no + 1 - first));
        page_lines.push(map);
    }
    text.push('\n');
    PdfText {
        text,
        page_lines,
        pages,
    }
}

impl PdfText {
    /// The 1-based text line and 1-based column of a glyph of page `p` (0-based index).
    fn position(&self, doc: &PdfDocument, p: usize, glyph: usize) -> Option<(usize, usize)> {
        let page = doc.pages().get(p)?;
        let (line, col) = page.glyph_position(glyph)?;
        let global = *self.page_lines.get(p)?.get(line)?;
        // The form feed opening a page takes the first column of its first line.
        let shift = usize::from(p > 0 && line == 0);
        Some((global, col + 1 + shift))
    }

    /// Every ruled table of the document as a grid placed in the text, each cell's text taken
    /// from `prepared` (the text after decoding, width folding and script conversion) where
    /// the line kept its length, else from the glyphs.
    pub(crate) fn grids(&self, doc: &PdfDocument, prepared: &str) -> Vec<PlacedGrid> {
        let mut lines = Lines::new(prepared, &self.text);
        let mut out = Vec::new();
        // The cell being read: its glyphs' spans, and its text from the prepared lines.
        let mut spans: Vec<(usize, usize, usize)> = Vec::new();
        let mut text = String::new();
        for (p, page) in doc.pages().iter().enumerate() {
            for g in page.grids() {
                let mut cells = Vec::with_capacity(g.cells.len());
                let (mut first, mut last) = (usize::MAX, 0usize);
                for c in &g.cells {
                    let bbox = [c.bbox.x0, c.bbox.y0, c.bbox.x1, c.bbox.y1];
                    // The cell's glyphs line by line: (text line, first column, last column).
                    spans.clear();
                    for &gi in &c.glyphs {
                        let Some((line, col)) = self.position(doc, p, gi) else {
                            continue;
                        };
                        match spans.last_mut() {
                            Some((l, a, b)) if *l == line => {
                                *a = (*a).min(col);
                                *b = (*b).max(col);
                            }
                            _ => spans.push((line, col, col)),
                        }
                    }
                    // Each line's characters from the prepared text, trimmed, lines joined
                    // with `\n`; the glyphs' own text when a line changed length.
                    text.clear();
                    let mut kept = true;
                    for (k, &(line, a, b)) in spans.iter().enumerate() {
                        let Some(piece) = lines.slice(line, a, b) else {
                            kept = false;
                            break;
                        };
                        if k > 0 {
                            text.push('\n');
                        }
                        text.push_str(piece);
                    }
                    let text = if kept { text.clone() } else { c.text.clone() };
                    let mut origin = Origin::pdf(page.number, bbox);
                    if let Some(&(line, col, _)) = spans.first() {
                        first = first.min(line);
                        last = last.max(spans.last().map_or(line, |s| s.0));
                        origin = origin.line(line, col);
                    }
                    cells.push(
                        GridCell::new(c.row, c.col, text)
                            .spanning(c.row_span, c.col_span)
                            .at(origin)
                            .indented(c.indent),
                    );
                }
                if last == 0 {
                    continue;
                }
                let mut grid = Grid::new();
                for cell in cells {
                    grid.push(cell);
                }
                // Trailing rows or columns without cells still belong to the grid.
                grid.rows = grid.rows.max(g.rows);
                grid.cols = grid.cols.max(g.cols);
                out.push(PlacedGrid::new(grid, first, last).on_page(page.number));
            }
        }
        out
    }
}

/// The lines of the prepared text beside those of the text laid out from the glyphs, with
/// what [`Lines::slice`] needs of each line computed once, when first asked for.
struct Lines<'t> {
    prepared: Vec<&'t str>,
    original: Vec<&'t str>,
    /// Per line: `None` until asked for; then the byte offset of each character of the
    /// prepared line (and its length at the end) when preparing kept the line's length in
    /// characters, or an empty vector when it did not.
    offsets: Vec<Option<Vec<usize>>>,
}

impl<'t> Lines<'t> {
    fn new(prepared: &'t str, original: &'t str) -> Lines<'t> {
        let prepared: Vec<&str> = prepared.split('\n').collect();
        let offsets = vec![None; prepared.len()];
        Lines {
            prepared,
            original: original.split('\n').collect(),
            offsets,
        }
    }

    /// Characters `a..=b` (1-based columns) of line `line` (1-based) of the prepared text,
    /// trimmed, when preparing kept the line's length (so columns still match the glyphs);
    /// `None` otherwise.
    fn slice(&mut self, line: usize, a: usize, b: usize) -> Option<&'t str> {
        let i = line.checked_sub(1)?;
        let p: &'t str = self.prepared.get(i)?;
        let o = self.original.get(i)?;
        let offsets = self.offsets.get_mut(i)?.get_or_insert_with(|| {
            if p.chars().count() == o.chars().count() {
                // A character starts at every byte that is not a UTF-8 continuation byte.
                let mut v = Vec::with_capacity(p.len() + 1);
                v.extend(
                    p.bytes()
                        .enumerate()
                        .filter(|&(_, byte)| byte & 0xC0 != 0x80)
                        .map(|(at, _)| at),
                );
                v.push(p.len());
                v
            } else {
                Vec::new()
            }
        });
        let chars = offsets.len().checked_sub(1)?;
        let from = a.checked_sub(1)?.min(chars);
        let to = (b + 1).saturating_sub(a).saturating_add(from).min(chars);
        let (from, to) = (*offsets.get(from)?, *offsets.get(to)?);
        Some(p.get(from..to)?.trim())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first version of [`Lines::slice`], kept as the reference.
    fn reference(
        prepared: &[&str],
        original: &[&str],
        line: usize,
        a: usize,
        b: usize,
    ) -> Option<String> {
        let p = prepared.get(line.checked_sub(1)?)?;
        let o = original.get(line.checked_sub(1)?)?;
        if p.chars().count() != o.chars().count() {
            return None;
        }
        let s: String = p.chars().skip(a.checked_sub(1)?).take(b + 1 - a).collect();
        Some(s.trim().to_string())
    }

    #[test]
    fn slices_agree_with_the_reference() {
        // Line 2 keeps its length (traditional → simplified), line 3 does not (a folded
        // pair), line 4 is empty; columns run past the ends.
        let original = "表1  收支總表\n  2010301  行政運行   12.50\n（一）ａ\n";
        let prepared = "表1  收支总表\n  2010301  行政运行   12.50\n(一)a b\n";
        let (p, o): (Vec<&str>, Vec<&str>) = (
            prepared.split('\n').collect(),
            original.split('\n').collect(),
        );
        let mut lines = Lines::new(prepared, original);
        for line in 0..=6 {
            for a in 0..=30 {
                for b in a..=32 {
                    assert_eq!(
                        lines.slice(line, a, b).map(str::to_string),
                        reference(&p, &o, line, a, b),
                        "line {line}, columns {a}..={b}"
                    );
                }
            }
        }
        assert_eq!(lines.slice(2, 12, 15), Some("行政运行"));
        assert_eq!(lines.slice(3, 1, 3), None);
    }
}
