//! HTML `<table>` rows, with rowspan and colspan spread out.

use std::borrow::Cow;

use super::{RawCell, RawRow};
use crate::lines::Line;

/// Positions up to which an HTML row's rowspans and colspans are spread out with empty cells
/// (cells written in the row are always kept). Without it, `<td colspan="1000"
/// rowspan="1000">` made a million empty cells from 40 bytes (2.2 GB for a 20 KB input).
const HTML_SPAN_COLUMNS: usize = 256;

/// Rows of an HTML `<table>` spanning `lines[from..=to]`, with rowspan and
/// colspan spread out (spanned positions are empty cells) up to [`HTML_SPAN_COLUMNS`].
pub(crate) fn html_rows<'a>(lines: &'a [Line<'a>], from: usize, to: usize) -> Vec<RawRow<'a>> {
    let mut rows: Vec<RawRow<'a>> = Vec::new();
    // (column -> remaining rowspan)
    let mut carry: Vec<usize> = Vec::new();
    let mut cur: Option<RawRow<'a>> = None;
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
                if let Some(r) = cur.take() {
                    rows.push(r);
                }
                cur = Some(RawRow {
                    lines: vec![l.no],
                    cells: Vec::new(),
                });
            } else if lower_tag.starts_with("<td") || lower_tag.starts_with("<th") {
                let tag_end = rest.find('>').map_or(rest.len(), |e| e + 1);
                let attrs = rest.get(..tag_end).unwrap_or("");
                let attr = |name: &str| -> usize {
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
                };
                let colspan = attr("colspan");
                let rowspan = attr("rowspan");
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
                let row = cur.get_or_insert_with(|| RawRow {
                    lines: vec![l.no],
                    cells: Vec::new(),
                });
                // Skip positions held by rowspans from above.
                while row.cells.len() < HTML_SPAN_COLUMNS
                    && carry.get(row.cells.len()).is_some_and(|&c| c > 0)
                {
                    let idx = row.cells.len();
                    if let Some(c) = carry.get_mut(idx) {
                        *c -= 1;
                    }
                    row.cells.push(RawCell {
                        raw: Cow::Borrowed(""),
                        line: l.no,
                        column,
                    });
                }
                let idx = row.cells.len();
                row.cells.push(RawCell {
                    raw: Cow::Borrowed(raw),
                    line: l.no,
                    column,
                });
                let spread = colspan.min(HTML_SPAN_COLUMNS.saturating_sub(idx).max(1));
                for _ in 1..spread {
                    row.cells.push(RawCell {
                        raw: Cow::Borrowed(""),
                        line: l.no,
                        column,
                    });
                }
                let colspan = spread;
                if carry.len() < idx + colspan {
                    carry.resize(idx + colspan, 0);
                }
                for c in carry.iter_mut().skip(idx).take(colspan) {
                    *c = rowspan - 1;
                }
                pos = content_end;
                continue;
            }
            pos = at + 1;
        }
    }
    if let Some(r) = cur.take() {
        rows.push(r);
    }
    rows
}
