//! A region's lines before they become rows: tokenized with their pages, page furniture
//! (page numbers, repeated headers and the headings above them), the header lines, and the
//! body lines with the role of each token.

use std::collections::BTreeMap;

use super::body::{BodyLine, BodyTok, roles};
use super::header::{ColumnKind, Header, HeaderColumn, HeaderLine, HeaderWord, Leaf, build_header};
use super::tokens::{
    Tok, TokKind, flag, is_level_word, is_page_number, is_space, same_signature, tokenize_into,
};
use super::{LayoutLine, MAX_LINE_BYTES};
use crate::lexicon::{
    is_dash_token, opens_layout_note, opens_with_ordinal, starts_with_total_word,
};

/// Header lines considered at most.
const MAX_HEADER_LINES: usize = 40;

enum Slot {
    Blank,
    Skip,
    /// Range of the line's tokens in the region's token vector.
    Toks(usize, usize),
}

/// The region's lines tokenized. The tokens of all lines live in one vector; a line's slot
/// holds its range.
pub(super) struct Tokens<'l, 'a> {
    lines: &'l [LayoutLine<'a>],
    slots: Vec<Slot>,
    pages: Vec<usize>,
    toks: Vec<Tok<'a>>,
    /// Indices of the lines with tokens.
    pub(super) nonblank: Vec<usize>,
}

impl<'l, 'a> Tokens<'l, 'a> {
    /// Tokenizes every line and counts pages (form feeds); lines too long or with too many
    /// pieces go to `unplaced`.
    pub(super) fn read(lines: &'l [LayoutLine<'a>], unplaced: &mut Vec<(usize, String)>) -> Self {
        let mut slots: Vec<Slot> = Vec::with_capacity(lines.len());
        let mut pages: Vec<usize> = Vec::with_capacity(lines.len());
        let mut toks: Vec<Tok<'a>> = Vec::with_capacity(lines.len() * 8);
        let mut page = 0usize;
        let count_form_feeds = |t: &str| t.bytes().filter(|&b| b == 0x0c).count();
        for l in lines {
            if l.text.len() > MAX_LINE_BYTES {
                page += count_form_feeds(l.text);
                pages.push(page);
                unplaced.push((
                    l.number,
                    "line too long to read as a table line".to_string(),
                ));
                slots.push(Slot::Skip);
                continue;
            }
            let from = toks.len();
            let mut form_feeds = 0usize;
            let read = tokenize_into(l.text, &mut toks, &mut form_feeds);
            if !read {
                form_feeds = count_form_feeds(l.text);
            }
            page += form_feeds;
            pages.push(page);
            if read {
                // No token: only spaces (the tokenizer's spaces are `is_space`).
                if toks.len() == from {
                    slots.push(Slot::Blank);
                } else {
                    slots.push(Slot::Toks(from, toks.len()));
                }
            } else {
                unplaced.push((l.number, "too many pieces on one line".to_string()));
                slots.push(Slot::Skip);
            }
        }
        let nonblank: Vec<usize> = (0..slots.len())
            .filter(|&i| matches!(slots.get(i), Some(Slot::Toks(..))))
            .collect();
        Tokens {
            lines,
            slots,
            pages,
            toks,
            nonblank,
        }
    }

    /// The number of lines.
    pub(super) fn len(&self) -> usize {
        self.slots.len()
    }

    /// The tokens of line `i`, when it has any.
    pub(super) fn at(&self, i: usize) -> Option<&[Tok<'a>]> {
        match self.slots.get(i) {
            Some(&Slot::Toks(a, b)) => self.toks.get(a..b),
            _ => None,
        }
    }

    /// The page of line `i` (0 before the first form feed).
    pub(super) fn page(&self, i: usize) -> usize {
        self.pages.get(i).copied().unwrap_or(0)
    }

    /// The document line number of line `i`.
    pub(super) fn number(&self, i: usize) -> usize {
        self.lines.get(i).map_or(0, |l| l.number)
    }

    /// The text of line `i`.
    fn text(&self, i: usize) -> &'a str {
        self.lines.get(i).map_or("", |l| l.text)
    }

    /// The total number of tokens.
    pub(super) fn count(&self) -> usize {
        self.toks.len()
    }
}

/// Page numbers: a lone small number next to a page break or at the region's end. Flags them
/// in `furniture` and lists them in `out`.
pub(super) fn mark_page_numbers(
    t: &Tokens<'_, '_>,
    furniture: &mut [bool],
    out: &mut Vec<(usize, String)>,
) {
    for (k, &i) in t.nonblank.iter().enumerate() {
        let Some(toks) = t.at(i) else { continue };
        if !is_page_number(toks) {
            continue;
        }
        let prev_page = k
            .checked_sub(1)
            .and_then(|p| t.nonblank.get(p))
            .map(|&p| t.page(p));
        let next_page = t.nonblank.get(k + 1).map(|&n| t.page(n));
        let at_break =
            next_page.is_none_or(|p| p != t.page(i)) || prev_page.is_some_and(|p| p != t.page(i));
        if at_break
            && (toks.len() == 1
                || toks
                    .iter()
                    .all(|x| x.kind != TokKind::Amount || is_dash_token(&x.text)))
        {
            flag(furniture, i);
            out.push((t.number(i), "page number".to_string()));
        }
    }
}

/// Where the header is: its lines before the body, the late `类 款 项` lines below the first
/// values, and where the body starts.
pub(super) struct HeaderLines {
    /// Header lines above the body.
    pub(super) idx: Vec<usize>,
    /// Every header line, late ones included, in order.
    pub(super) all: Vec<usize>,
    /// Late header lines (only code-level words, printed below the first values).
    pub(super) late: Vec<bool>,
    /// The first body line.
    pub(super) body_from: usize,
    /// The page of the first header line.
    pub(super) page: usize,
}

impl HeaderLines {
    /// Is line `i` a late header line?
    pub(super) fn is_late(&self, i: usize) -> bool {
        self.late.get(i).copied().unwrap_or(false)
    }

    /// The header built from the header lines `idx` (the region's own, or a page's repeated
    /// ones); two words are one wrapped cell only when no other line lies between them.
    pub(super) fn build<'t>(&self, t: &'t Tokens<'_, '_>, idx: &[usize]) -> Header<'t> {
        let blank_between = |a: usize, b: usize| -> bool {
            (a + 1..b).any(|i| !self.all.contains(&i)) // a blank or a non-header line lies between
        };
        let hl: Vec<HeaderLine<'_>> = idx
            .iter()
            .filter_map(|&i| t.at(i).map(|toks| HeaderLine { pos: i, toks }))
            .collect();
        build_header(&hl, &blank_between)
    }
}

/// Does a line with tokens `t` start the body: an amount, a code, an ordinal or a total word?
fn is_body_start(t: &[Tok<'_>]) -> bool {
    t.iter().any(|x| x.kind == TokKind::Amount)
        || (t.first().is_some_and(|x| x.kind == TokKind::Digits)
            && (t.get(1).is_some_and(|x| x.kind != TokKind::Digits)
                || t.len() >= 2
                || t.first().is_some_and(|x| x.e - x.s >= 3)))
        || t.first()
            .is_some_and(|x| x.kind == TokKind::Text && opens_with_ordinal(&x.text))
        || (t.first().is_some_and(|x| {
            // `小计` alone is a header word (`“三公”经费` over `小计`).
            starts_with_total_word(&x.text) && !(t.len() == 1 && x.text.starts_with('小'))
        }) && t.iter().skip(1).all(|x| x.kind != TokKind::Text))
        || t.iter()
            .any(|x| x.kind == TokKind::Digits && x.e - x.s >= 3)
}

/// The header: text lines before the first line with an amount, a code or a total word, and
/// the code-level lines printed below the first values.
pub(super) fn find_header_lines(t: &Tokens<'_, '_>, furniture: &[bool]) -> HeaderLines {
    let mut idx: Vec<usize> = Vec::new();
    let mut body_from = t.len();
    for &i in &t.nonblank {
        if furniture.get(i).copied().unwrap_or(false) {
            continue;
        }
        let Some(toks) = t.at(i) else { continue };
        if is_body_start(toks) || idx.len() >= MAX_HEADER_LINES {
            body_from = i;
            break;
        }
        idx.push(i);
    }
    // A name printed half above its code row (`社会保障和就` / `208 …` / `业支出`) is
    // not header: the line above the first row goes back to the body when the line
    // below the row continues it at the same indentation.
    if let (Some(&last), Some(t_body)) = (idx.last(), t.at(body_from)) {
        let first_row_unnamed = t_body.first().is_some_and(|x| x.kind == TokKind::Digits)
            && !t_body.iter().any(|x| x.kind == TokKind::Text);
        let after = t.nonblank.iter().find(|&&i| i > body_from).copied();
        let aligned = match (t.at(last), after.and_then(|i| t.at(i))) {
            (Some([h]), Some([n])) => {
                h.kind == TokKind::Text && n.kind == TokKind::Text && h.s.abs_diff(n.s) <= 1
            }
            _ => false,
        };
        if first_row_unnamed && aligned && last + 1 == body_from {
            idx.pop();
            body_from = last;
        }
    }
    // Late header lines: only code-level words (`类 款 项`), below the first values.
    let mut late = vec![false; t.len()];
    for &i in t.nonblank.iter().filter(|&&i| i >= body_from) {
        if let Some(toks) = t.at(i) {
            if toks.len() >= 2 && toks.iter().all(|x| is_level_word(&x.text)) {
                flag(&mut late, i);
            } else if toks.first().is_some_and(|x| x.kind == TokKind::Digits)
                && toks.get(1).is_some_and(|x| x.kind != TokKind::Amount)
            {
                break; // the first coded row: later `类 款 项` lines are repeated headers
            }
        }
    }
    let page = idx.first().map(|&i| t.page(i)).unwrap_or(0);
    let mut all: Vec<usize> = idx.clone();
    all.extend((0..t.len()).filter(|&i| late.get(i).copied().unwrap_or(false)));
    all.sort_unstable();
    HeaderLines {
        idx,
        all,
        late,
        body_from,
        page,
    }
}

/// The columns of a header, left to right: each leaf's path, extent and kind, with the
/// leaves' kinds and centres (×2) beside them.
/// `line_of` gives the document line of a header line (a word's `top`).
pub(super) fn columns_of(
    header: &Header<'_>,
    line_of: &dyn Fn(usize) -> usize,
) -> (Vec<HeaderColumn>, Vec<ColumnKind>, Vec<i64>) {
    let order = header.order();
    // Sized at once (filtered iterators give collect no size).
    let leaves = || order.iter().filter_map(|&l| header.leaves.get(l));
    let mut kinds: Vec<ColumnKind> = Vec::with_capacity(order.len());
    kinds.extend(leaves().map(|x| x.kind));
    let mut centers2: Vec<i64> = Vec::with_capacity(order.len());
    centers2.extend(leaves().map(Leaf::center2));
    let mut columns: Vec<HeaderColumn> = Vec::with_capacity(order.len());
    columns.extend(leaves().map(|leaf| {
        let nodes = || {
            leaf.path
                .iter()
                .rev()
                .filter_map(|&n| header.nodes.get(n).map(|w| (n, w)))
        };
        let mut path = Vec::with_capacity(leaf.path.len());
        path.extend(nodes().map(|(_, w)| w.text.to_string()));
        let mut words = Vec::with_capacity(leaf.path.len());
        words.extend(nodes().map(|(n, w)| HeaderWord {
            node: n,
            line: line_of(w.top),
            column: w.s + 1,
        }));
        HeaderColumn {
            path,
            start: leaf.s + 1,
            end: leaf.e,
            kind: leaf.kind,
            words,
        }
    }));
    (columns, kinds, centers2)
}

/// Repeated headers and page headings on later pages: flagged in `furniture`, listed in
/// `out`; returns the repeated header lines of each page.
pub(super) fn mark_repeated_headers(
    t: &Tokens<'_, '_>,
    hl: &HeaderLines,
    furniture: &mut [bool],
    out: &mut Vec<(usize, String)>,
) -> BTreeMap<usize, Vec<usize>> {
    // Header lines, compared without their spaces (a line of spaces compares with nothing).
    let sigs: Vec<&str> = hl
        .idx
        .iter()
        .map(|&i| t.text(i))
        .filter(|s| !s.chars().all(is_space))
        .collect();
    let mut repeated_by_page: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    // A header is repeated at the top of a page: once a page has shown a value, a line
    // that looks like a header line (a wrapped `款` of a name) is not one.
    let mut page_has_values: Option<usize> = None;
    for &i in t.nonblank.iter().filter(|&&i| i >= hl.body_from) {
        if furniture.get(i).copied().unwrap_or(false) || hl.is_late(i) {
            continue;
        }
        let text = t.text(i);
        // An amount, or two numbers (a lone `114` is a page heading's year).
        let values = t.at(i).is_some_and(|toks| {
            toks.iter().any(|x| x.kind == TokKind::Amount)
                || toks.iter().filter(|x| x.kind == TokKind::Digits).count() >= 2
        });
        if page_has_values == Some(t.page(i)) {
            continue;
        }
        if values {
            page_has_values = Some(t.page(i));
            continue;
        }
        if t.page(i) != hl.page && sigs.iter().any(|s| same_signature(text, s)) {
            flag(furniture, i);
            out.push((t.number(i), "repeated header".to_string()));
            repeated_by_page.entry(t.page(i)).or_default().push(i);
        }
    }
    for (&p, rep) in &repeated_by_page {
        let Some(&first_rep) = rep.first() else {
            continue;
        };
        for &i in t
            .nonblank
            .iter()
            .filter(|&&i| i >= hl.body_from && i < first_rep && t.page(i) == p)
        {
            if furniture.get(i).copied().unwrap_or(false) {
                continue;
            }
            let heading = t
                .at(i)
                .is_some_and(|toks| toks.iter().all(|x| x.kind == TokKind::Text));
            if heading {
                flag(furniture, i);
                out.push((
                    t.number(i),
                    "page heading above a repeated header".to_string(),
                ));
            }
        }
    }
    repeated_by_page
}

/// Body lines with the roles of their tokens; note lines (`注：…` and the text lines after
/// them) go to `notes`. The tokens of all body lines are in one vector; each line's
/// (number, page, token count) is beside it.
pub(super) fn body_tokens<'t, 'a>(
    t: &'t Tokens<'_, 'a>,
    hl: &HeaderLines,
    furniture: &[bool],
    notes: &mut Vec<usize>,
) -> (Vec<BodyTok<'t, 'a>>, Vec<(usize, usize, usize)>) {
    let mut body_toks: Vec<BodyTok<'t, 'a>> = Vec::with_capacity(t.count());
    let mut spans: Vec<(usize, usize, usize)> = Vec::new();
    let mut in_note = false;
    for &i in t.nonblank.iter().filter(|&&i| i >= hl.body_from) {
        if furniture.get(i).copied().unwrap_or(false) || hl.is_late(i) {
            continue;
        }
        let Some(toks) = t.at(i) else { continue };
        let first = toks.first().map(|x| x.text.as_ref()).unwrap_or("");
        let textual = toks.iter().all(|x| x.kind == TokKind::Text);
        if opens_layout_note(first) || (in_note && textual) {
            in_note = true;
            notes.push(t.number(i));
            continue;
        }
        in_note = false;
        let from = body_toks.len();
        roles(toks, &mut body_toks);
        spans.push((t.number(i), t.page(i), body_toks.len() - from));
    }
    (body_toks, spans)
}

/// The body lines over their tokens (`spans` as [`body_tokens`] gives them).
pub(super) fn body_lines<'s, 't, 'a>(
    toks: &'s mut [BodyTok<'t, 'a>],
    spans: &[(usize, usize, usize)],
) -> Vec<BodyLine<'s, 't, 'a>> {
    let mut body: Vec<BodyLine<'s, 't, 'a>> = Vec::with_capacity(spans.len());
    let mut rest: &'s mut [BodyTok<'t, 'a>] = toks;
    for &(number, page, n) in spans {
        let n = n.min(rest.len());
        let (line, tail) = std::mem::take(&mut rest).split_at_mut(n);
        rest = tail;
        body.push(BodyLine {
            number,
            page,
            toks: line,
        });
    }
    body
}
