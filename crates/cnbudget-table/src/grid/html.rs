//! HTML `<table>` rows: each cell with its rowspan and colspan.

use super::{Grid, GridCell, Origin};
use crate::lines::Line;

/// Positions up to which an HTML row's rowspans and colspans reach (cells written in the row
/// are always kept). Without it, `<td colspan="1000" rowspan="1000">` spread out into a
/// million empty cells from 40 bytes (2.2 GB for a 20 KB input).
const HTML_SPAN_COLUMNS: usize = 256;

/// Appends the rows of an HTML `<table>` spanning `lines[from..=to]` to `grid`: each `<td>` or
/// `<th>` a cell with its colspan and rowspan, at the first position of its row no rowspan
/// from above holds (such positions are passed only up to [`HTML_SPAN_COLUMNS`], and a
/// colspan reaches no further than that either).
pub(crate) fn push_html(grid: &mut Grid, lines: &[Line<'_>], from: usize, to: usize) {
    // (column -> remaining rowspan)
    let mut carry: Vec<usize> = Vec::new();
    // The grid row being read, and the positions it holds so far.
    let mut cur: Option<usize> = None;
    let mut width = 0usize;
    for l in lines.iter().take(to.saturating_add(1)).skip(from) {
        let text = l.text;
        let mut pos = 0;
        // Character column of `counted_to`, counted onwards (a long line stays linear).
        let (mut counted_to, mut counted_chars) = (0usize, 0usize);
        while let Some(off) = text.get(pos..).and_then(|s| s.find('<')) {
            let at = pos + off;
            let rest = text.get(at..).unwrap_or("");
            let lower_tag: String = rest
                .chars()
                .take(4)
                .collect::<String>()
                .to_ascii_lowercase();
            if lower_tag.starts_with("<tr") {
                let r = grid.rows;
                grid.set_row_lines(r, vec![l.no]);
                cur = Some(r);
                width = 0;
            } else if lower_tag.starts_with("<td") || lower_tag.starts_with("<th") {
                let tag_end = rest.find('>').map_or(rest.len(), |e| e + 1);
                let attrs = rest.get(..tag_end).unwrap_or("");
                let (colspan, rowspan) = (span(attrs, "colspan"), span(attrs, "rowspan"));
                let content_start = at + tag_end;
                let content_end = text
                    .get(content_start..)
                    .and_then(|s| s.find("</t"))
                    .map_or(text.len(), |e| content_start + e);
                let raw = text.get(content_start..content_end).unwrap_or("");
                counted_chars += text
                    .get(counted_to..content_start)
                    .map_or(0, |p| p.chars().count());
                counted_to = content_start;
                let column = l.col0 + counted_chars + 1;
                let r = *cur.get_or_insert_with(|| {
                    let r = grid.rows;
                    grid.set_row_lines(r, vec![l.no]);
                    width = 0;
                    r
                });
                // Pass the positions held by rowspans from above.
                while width < HTML_SPAN_COLUMNS && carry.get(width).is_some_and(|&c| c > 0) {
                    if let Some(c) = carry.get_mut(width) {
                        *c -= 1;
                    }
                    width += 1;
                }
                let idx = width;
                let spread = colspan.min(HTML_SPAN_COLUMNS.saturating_sub(idx).max(1));
                grid.push(
                    GridCell::new(r, idx, raw)
                        .spanning(rowspan, spread)
                        .at(Origin::text(l.no, column)),
                );
                width += spread;
                if carry.len() < idx + spread {
                    carry.resize(idx + spread, 0);
                }
                for c in carry.iter_mut().skip(idx).take(spread) {
                    *c = rowspan - 1;
                }
                pos = content_end;
                continue;
            }
            pos = at + 1;
        }
    }
}

/// A `colspan` or `rowspan` attribute's value among a tag's `attrs`, from 1 to 1000 (1 when
/// absent or unreadable).
fn span(attrs: &str, name: &str) -> usize {
    attrs
        .find(name)
        .and_then(|p| attrs.get(p + name.len()..))
        .map(|s| s.trim_start_matches(['=', '"', '\'', ' ']))
        .map(|s| {
            s.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        })
        .and_then(|d| d.parse().ok())
        .unwrap_or(1usize)
        .clamp(1, 1000)
}
