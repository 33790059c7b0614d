//! Comma-separated rows (a spreadsheet saved as CSV): which lines are such rows,
//! and their cells.
//!
//! A line is a CSV row when it splits into three or more fields at commas outside
//! double quotes, holds no sentence punctuation (`。`, `，`, `；`) and no run of
//! two spaces outside quotes (prose and `pdftotext -layout` columns), and a
//! neighbouring line splits into the same number of fields. A spreadsheet's title
//! rows (`一般公共预算支出表,,,,`) lead such a block with one non-empty field:
//! they become text lines holding that field, so the title and unit are read as
//! for any other table.

use std::borrow::Cow;

use super::{RawCell, RawRow};
use crate::cell::{amount_value, code_tokens, percent_value, trim_ws};
use crate::lines::{Line, LineKind};

/// Longest line looked at as a CSV row (bytes).
const MAX_LINE: usize = 20_000;

/// A quoted cell may run over this many lines at most (a spreadsheet cell with
/// line breaks), and over this many bytes.
const MAX_SPAN: usize = 20;

const MAX_SPAN_BYTES: usize = 4_000;

/// One field: the byte range of its content in the row (inside the quotes when
/// quoted), and whether it holds doubled quotes (`""`) to unescape.
#[derive(Debug, Clone, Copy)]
struct Field {
    start: usize,
    end: usize,
    escaped: bool,
    quoted: bool,
}

impl Field {
    /// Where the cell starts in the row: its opening quote when quoted.
    fn cell_start(self) -> usize {
        self.start - usize::from(self.quoted)
    }
}

/// The fields of `text`, or `None` when it is not a CSV row candidate; `true`
/// when no unquoted field holds sentence punctuation (the strict test of
/// [`mark`]).
fn split(text: &str, out: &mut Vec<Field>) -> Option<bool> {
    out.clear();
    let mut clean = true;
    let b = text.as_bytes();
    if b.len() > MAX_LINE.max(MAX_SPAN_BYTES) || memchr::memchr_iter(b',', b).nth(1).is_none() {
        return None;
    }
    let mut i = 0;
    loop {
        // Spaces before a field are not part of it.
        while b.get(i) == Some(&b' ') {
            i += 1;
        }
        if b.get(i) == Some(&b'"') {
            let start = i + 1;
            let mut j = start;
            let mut escaped = false;
            loop {
                match b.get(j) {
                    None => return None, // unbalanced quote
                    Some(b'"') if b.get(j + 1) == Some(&b'"') => {
                        escaped = true;
                        j += 2;
                    }
                    Some(b'"') => break,
                    Some(_) => j += 1,
                }
            }
            out.push(Field {
                start,
                end: j,
                escaped,
                quoted: true,
            });
            i = j + 1;
            while b.get(i) == Some(&b' ') {
                i += 1;
            }
            match b.get(i) {
                None => break,
                Some(b',') => i += 1,
                Some(_) => return None, // text after a closing quote
            }
            if i == b.len() {
                out.push(Field {
                    start: i,
                    end: i,
                    escaped: false,
                    quoted: false,
                });
                break;
            }
        } else {
            let start = i;
            let rest = b.get(i..).unwrap_or_default();
            let end = memchr::memchr(b',', rest).map_or(b.len(), |p| i + p);
            // One pass over the field's bytes: a quote, a line break or two spaces
            // refuse the row; `。` (E3 80 82), `，` (EF BC 8C), `；` (EF BC 9B)
            // make it loose.
            let field = b.get(start..end)?;
            for (k, &x) in field.iter().enumerate() {
                match x {
                    b'"' | b'\n' => return None,
                    b' ' if field.get(k + 1) == Some(&b' ') => return None,
                    0xE3 if field.get(k + 1..k + 3) == Some(&[0x80, 0x82]) => clean = false,
                    0xEF if matches!(field.get(k + 1..k + 3), Some([0xBC, 0x8C | 0x9B])) => {
                        clean = false;
                    }
                    _ => {}
                }
            }
            out.push(Field {
                start,
                end,
                escaped: false,
                quoted: false,
            });
            if end == b.len() {
                break;
            }
            i = end + 1;
            if i == b.len() {
                // A trailing comma: one more, empty field.
                out.push(Field {
                    start: i,
                    end: i,
                    escaped: false,
                    quoted: false,
                });
                break;
            }
        }
    }
    (out.len() >= 3).then_some(clean)
}

/// The content of a field (quotes unescaped).
fn content<'a>(text: &'a str, f: Field) -> Cow<'a, str> {
    let raw = text.get(f.start..f.end).unwrap_or_default();
    if f.escaped {
        Cow::Owned(raw.replace("\"\"", "\""))
    } else {
        Cow::Borrowed(raw)
    }
}

/// A cheap first look: two commas and no run of two spaces, or a quote and a
/// comma.
fn maybe_row(t: &str) -> bool {
    let b = t.as_bytes();
    let Some(first) = memchr::memchr(b',', b) else {
        return false;
    };
    if memchr::memchr(b'"', b).is_some() {
        // A row whose quoted cell runs on may show one comma on its first line.
        return true;
    }
    memchr::memchr(b',', b.get(first + 1..).unwrap_or_default()).is_some()
        && !memchr::memchr_iter(b' ', b).any(|p| b.get(p + 1) == Some(&b' '))
}

/// Does `t` hold an odd number of `"`?
fn open_quote(t: &str) -> bool {
    memchr::memchr_iter(b'"', t.as_bytes()).count() % 2 == 1
}

/// The row starting at `lines[i]`: its text (lines joined while a quoted cell
/// is open) and the number of lines it spans, when it is one.
fn logical<'a>(lines: &[Line<'a>], i: usize) -> Option<(Cow<'a, str>, usize)> {
    let first = lines.get(i)?;
    if !open_quote(first.text) {
        return Some((Cow::Borrowed(first.text), 1));
    }
    // The open quote must start a field: the line then reads as fields up to it.
    let q = first.text.rfind('"')?;
    let before = first.text.get(..q)?.trim_end_matches(' ');
    if !(before.is_empty() || before.ends_with(',')) {
        return None;
    }
    let mut text = String::from(first.text);
    for (n, l) in lines.iter().enumerate().skip(i + 1).take(MAX_SPAN) {
        if text.len() + l.text.len() > MAX_SPAN_BYTES {
            return None;
        }
        text.push('\n');
        text.push_str(l.text);
        if open_quote(l.text) {
            return Some((Cow::Owned(text), n - i + 1));
        }
    }
    None
}

/// A candidate row: where it starts, how many lines it spans, whether it passed
/// the strict test, and its fields' non-empty count and first non-empty field.
struct Cand {
    span: usize,
    fields: usize,
    strict: bool,
    nonempty: usize,
    first: Option<(usize, usize)>,
}

/// Mark the CSV rows of a document (see the module docs). Runs after
/// `classify_line`, on the lines it called text.
///
/// A block is a run of candidate rows one after the other (one or two blank
/// lines between rows do not end it); it is taken when at least two of its rows
/// pass the strict test (no `。`, `，`, `；` outside quotes) and either a cell of
/// one of them is a figure, a percentage or a code, or two strict rows have the
/// same number of fields; so that prose written with ASCII commas is not, while a
/// performance table whose unquoted cells hold sentences, or an empty table, is.
pub(crate) fn mark(lines: &mut [Line<'_>]) {
    let mut fields = Vec::new();
    // Most documents have no line a CSV row could be: nothing to do.
    let Some(first_cand) = lines
        .iter()
        .position(|l| l.kind == LineKind::Text && maybe_row(l.text))
    else {
        return;
    };
    let mut cands: Vec<Option<Cand>> = Vec::with_capacity(lines.len());
    cands.resize_with(first_cand, || None);
    let mut i = first_cand;
    while i < lines.len() {
        let cand = lines
            .get(i)
            .filter(|l| l.kind == LineKind::Text && maybe_row(l.text))
            .and_then(|_| logical(lines, i))
            .and_then(|(text, span)| {
                let strict = split(&text, &mut fields)? && span == 1;
                let mut ne = fields
                    .iter()
                    .filter(|f| !trim_ws(text.get(f.start..f.end).unwrap_or("")).is_empty());
                let first = ne.next().map(|f| (f.start, f.end));
                let nonempty = usize::from(first.is_some()) + ne.count();
                Some(Cand {
                    span,
                    fields: fields.len(),
                    strict,
                    nonempty,
                    first,
                })
            });
        let span = cand.as_ref().map_or(1, |c| c.span);
        cands.push(cand);
        for _ in 1..span {
            cands.push(None);
        }
        i += span;
    }
    // Blocks: candidates one after the other (a spanning row's lines count as its own).
    let mut i = 0;
    while i < cands.len() {
        if cands.get(i).and_then(Option::as_ref).is_none() {
            i += 1;
            continue;
        }
        let mut rows = Vec::new();
        let mut j = i;
        loop {
            match cands.get(j) {
                Some(Some(c)) => {
                    rows.push(j);
                    j += c.span;
                }
                // One or two blank lines inside a block do not end it.
                _ => {
                    let blanks = lines
                        .iter()
                        .skip(j)
                        .take(3)
                        .take_while(|l| l.kind == LineKind::Blank)
                        .count();
                    if (1..=2).contains(&blanks)
                        && cands.get(j + blanks).is_some_and(Option::is_some)
                    {
                        j += blanks;
                    } else {
                        break;
                    }
                }
            }
        }
        let row = |r: &usize| cands.get(*r).and_then(Option::as_ref);
        let strict = rows.iter().filter_map(row).filter(|c| c.strict).count();
        // Looked at only for blocks that pass the first test (few).
        let mut numeric = || {
            rows.iter().any(|&r| {
                logical(lines, r).is_some_and(|(text, _)| {
                    split(&text, &mut fields).is_some()
                        && fields.iter().any(|f| {
                            let t = content(&text, *f);
                            let t = trim_ws(&t);
                            !t.is_empty()
                                && (amount_value(t).is_some()
                                    || percent_value(t).is_some()
                                    || code_tokens(t).is_some())
                        })
                })
            })
        };
        // Without a figure (an empty table, a list of names), two strict rows with the
        // same number of fields, as a spreadsheet writes them.
        let even = || {
            let strict_rows: Vec<usize> = rows
                .iter()
                .filter_map(row)
                .filter(|c| c.strict)
                .map(|c| c.fields)
                .collect();
            strict_rows
                .iter()
                .any(|n| strict_rows.iter().filter(|m| *m == n).count() >= 2)
        };
        if rows.len() >= 2 && strict >= 2 && (even() || numeric()) {
            let mut leading = true;
            for &r in &rows {
                let Some(Some(c)) = cands.get(r) else {
                    continue;
                };
                if leading && c.nonempty <= 1 && c.span == 1 {
                    // A title or caption row: the line is its one field. An empty row
                    // there is passed over like a blank line when a table starts, and
                    // read as text when none does, so that nothing is lost.
                    if let Some(l) = lines.get_mut(r) {
                        match c.first {
                            Some((s, e)) => {
                                l.text = l.text.get(s..e).unwrap_or(l.text);
                                l.kind = LineKind::Text;
                            }
                            None => l.kind = LineKind::CsvBlank,
                        }
                    }
                    continue;
                }
                leading = false;
                for (n, l) in lines.iter_mut().skip(r).take(c.span).enumerate() {
                    l.kind = if n == 0 {
                        LineKind::Csv
                    } else {
                        LineKind::CsvMore
                    };
                }
            }
        }
        i = j.max(i + 1);
    }
}

/// The cells of the CSV row starting at `lines[k]` (with the lines it runs
/// over, marked [`LineKind::CsvMore`]).
pub(crate) fn cells<'a>(lines: &[Line<'a>], k: usize) -> RawRow<'a> {
    let Some(l) = lines.get(k) else {
        return RawRow {
            lines: Vec::new(),
            cells: Vec::new(),
        };
    };
    let more = lines
        .iter()
        .skip(k + 1)
        .take_while(|m| m.kind == LineKind::CsvMore)
        .count();
    let mut row_lines = Vec::with_capacity(more + 1);
    row_lines.extend(lines.iter().skip(k).take(more + 1).map(|m| m.no));
    let mut fields = Vec::new();
    let mut cells = Vec::new();
    if more == 0 {
        let text = l.text;
        if split(text, &mut fields).is_some() {
            cells.reserve(fields.len());
            let (mut pos, mut chars) = (0usize, 0usize);
            for f in &fields {
                chars += text
                    .get(pos..f.cell_start())
                    .map_or(0, |p| p.chars().count());
                pos = f.cell_start();
                cells.push(RawCell {
                    raw: content(text, *f),
                    line: l.no,
                    column: l.col0 + chars + 1,
                });
            }
        }
    } else {
        let mut text = String::from(l.text);
        for m in lines.iter().skip(k + 1).take(more) {
            text.push('\n');
            text.push_str(m.text);
        }
        if split(&text, &mut fields).is_some() {
            for f in &fields {
                let before = text.get(..f.cell_start()).unwrap_or_default();
                let nl = memchr::memrchr(b'\n', before.as_bytes());
                let line_idx = memchr::memchr_iter(b'\n', before.as_bytes()).count();
                let col = before
                    .get(nl.map_or(0, |p| p + 1)..)
                    .map_or(0, |p| p.chars().count());
                cells.push(RawCell {
                    raw: Cow::Owned(content(&text, *f).into_owned()),
                    line: row_lines.get(line_idx).copied().unwrap_or(l.no),
                    column: col + 1,
                });
            }
        }
    }
    if cells.is_empty() {
        cells.push(RawCell {
            raw: Cow::Borrowed(l.text),
            line: l.no,
            column: 1,
        });
    }
    RawRow {
        lines: row_lines,
        cells,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(t: &str) -> Option<Vec<String>> {
        let mut v = Vec::new();
        if !split(t, &mut v)? {
            return None;
        }
        Some(v.iter().map(|f| content(t, *f).into_owned()).collect())
    }

    #[test]
    fn splits_quoted_fields() {
        assert_eq!(
            fields(r#"201,一般公共服务支出,"1,836.42",100.00,"say ""hi""""#).unwrap(),
            [
                "201",
                "一般公共服务支出",
                "1,836.42",
                "100.00",
                r#"say "hi""#
            ]
        );
        assert_eq!(fields("a,,").unwrap(), ["a", "", ""]);
    }

    #[test]
    fn rejects_prose_and_layout_lines() {
        assert!(fields("收入1,836.42万元，支出2,000万元,其他3万元").is_none());
        assert!(fields("  201   05   06   统计管理    26,300    26,300").is_none());
        assert!(fields("a,b").is_none());
        assert!(fields(r#"a,"b,c"#).is_none());
        assert!(fields(r#"a,"b"x,c"#).is_none());
    }
}
