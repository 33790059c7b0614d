//! Tokens of a space-aligned line: runs of non-space characters with their character columns.

use std::borrow::Cow;

use crate::lexicon::{PAGE_NUMBER_DASHES, is_total_word, looks_like_figure};

/// Lines with more whitespace-separated pieces than this are not read.
pub(crate) const MAX_LINE_PIECES: usize = 2_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TokKind {
    /// A number with separators/decimals, a signed number or a dash.
    Amount,
    /// Only ASCII digits: a code or an amount, decided by position.
    Digits,
    Text,
}

#[derive(Debug, Clone)]
pub(super) struct Tok<'a> {
    /// 0-based first char column.
    pub(super) s: usize,
    /// 0-based char column after the last char.
    pub(super) e: usize,
    /// Byte offset of the token in its line (meaningful while `text` borrows the line).
    pub(super) b: usize,
    pub(super) text: Cow<'a, str>,
    pub(super) kind: TokKind,
}

impl Tok<'_> {
    pub(super) fn center2(&self) -> i64 {
        (self.s + self.e) as i64
    }
}

pub(super) fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}' | '\u{a0}' | '\r' | '\u{c}')
}

pub(super) fn is_cjk(c: char) -> bool {
    (c as u32) >= 0x2E80
}

pub(super) fn classify(s: &str) -> TokKind {
    // Amounts and dashes start with a digit, a sign, a bracket or a dash: the lead bytes
    // of `－（` (EF) and `−—–─` (E2) among the non-ASCII ones. Anything else is text.
    match s.as_bytes().first() {
        Some(b'0'..=b'9' | b'-' | b'+' | b'(' | 0xE2 | 0xEF) => {}
        _ => return TokKind::Text,
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        TokKind::Digits
    } else if looks_like_figure(s) {
        TokKind::Amount
    } else {
        TokKind::Text
    }
}

/// Single-character words of code-level headers (类/款/项, 款/項/目/節).
pub(super) fn is_level_word(s: &str) -> bool {
    matches!(s, "类" | "類" | "款" | "项" | "項" | "目" | "节" | "節")
}

/// Words that `pdftotext` letter-spaces across a wide cell (`合          計`).
pub(super) const SPACED_WORDS: [&str; 11] = [
    "合计", "合計", "总计", "總計", "小计", "小計", "科目", "项目", "項目", "名称", "名稱",
];

/// Two single characters that `pdftotext` letter-spaced out of one of [`SPACED_WORDS`].
fn is_spaced_pair(a: &str, b: &str) -> bool {
    // Every spaced word is two three-byte characters.
    a.len() == 3
        && b.len() == 3
        && SPACED_WORDS.iter().any(|w| {
            w.as_bytes().get(..3) == Some(a.as_bytes())
                && w.as_bytes().get(3..) == Some(b.as_bytes())
        })
}

/// Whether the byte at `b` starts one of the tokenizer's spaces (ASCII space, tab, CR,
/// form feed, U+3000, U+00A0); its length in bytes.
#[inline]
fn space_at(bytes: &[u8], b: usize) -> Option<usize> {
    match bytes.get(b)? {
        b' ' | b'\t' | b'\r' | 0x0c => Some(1),
        0xE3 if bytes.get(b + 1) == Some(&0x80) && bytes.get(b + 2) == Some(&0x80) => Some(3),
        0xC2 if bytes.get(b + 1) == Some(&0xA0) => Some(2),
        _ => None,
    }
}

/// Tokens of a line: runs of non-space characters with their char columns (form feeds
/// take no column), single-space runs inside labels joined (`1. 一般公共预算`,
/// `因 公 出 国`), and letter-spaced totals joined (`合    计`), appended to `toks`.
/// `false` (and nothing appended) when the line has more than [`MAX_LINE_PIECES`] pieces.
/// Form feeds seen are added to `form_feeds` (all of them unless it returns `false`).
///
/// One byte pass: runs of ASCII spaces are skipped eight bytes at a time, a column is
/// counted per character (continuation bytes take none); a token borrows the line
/// unless a join dropped or replaced the space between its pieces.
pub(super) fn tokenize_into<'a>(
    line: &'a str,
    toks: &mut Vec<Tok<'a>>,
    form_feeds: &mut usize,
) -> bool {
    const SPACES: u64 = u64::from_le_bytes([b' '; 8]);
    let base = toks.len();
    let bytes = line.as_bytes();
    let mut pieces = 0usize;
    let mut last_piece_len = 0usize;
    let mut col = 0usize;
    let mut b = 0usize;
    loop {
        // ASCII spaces before the next piece, eight bytes at a time: the lowest byte
        // that is not a space ends the run.
        while let Some(Ok(w)) = bytes.get(b..b + 8).map(<[u8; 8]>::try_from) {
            let diff = u64::from_le_bytes(w) ^ SPACES;
            let run = (diff.trailing_zeros() / 8) as usize;
            b += run;
            col += run;
            if run < 8 {
                break;
            }
        }
        let Some(&x) = bytes.get(b) else { break };
        if let Some(width) = space_at(bytes, b) {
            b += width;
            if x == 0x0c {
                *form_feeds += 1;
            } else {
                col += 1;
            }
            continue;
        }
        // One piece: up to the next space.
        let (bs, s) = (b, col);
        while let Some(&x) = bytes.get(b) {
            if x < 0x80 {
                if matches!(x, b' ' | b'\t' | b'\r' | 0x0c) {
                    break;
                }
                b += 1;
            } else {
                if (x == 0xE3 || x == 0xC2) && space_at(bytes, b).is_some() {
                    break;
                }
                b += match x {
                    0xC0..=0xDF => 2,
                    0xE0..=0xEF => 3,
                    _ => 4,
                };
            }
            col += 1;
        }
        pieces += 1;
        if pieces > MAX_LINE_PIECES {
            toks.truncate(base);
            return false;
        }
        push_piece(line, toks, base, (s, col), (bs, b), &mut last_piece_len);
    }
    // Letter-spaced words: two single CJK characters that make a known word.
    let mut i = base;
    while i + 1 < toks.len() {
        let merge = match (toks.get(i), toks.get(i + 1)) {
            // A token one column wide is one character (a joined token is at least three).
            (Some(a), Some(b)) => {
                a.e - a.s == 1
                    && b.e - b.s == 1
                    && !(is_level_word(&a.text) && is_level_word(&b.text))
                    && is_spaced_pair(&a.text, &b.text)
            }
            _ => false,
        };
        if merge {
            let b = toks.remove(i + 1);
            if let Some(a) = toks.get_mut(i) {
                a.text.to_mut().push_str(&b.text);
                a.e = b.e;
            }
        }
        i += 1;
    }
    true
}

/// Appends one piece (char columns `s..e`, bytes `bs..be` of `line`) to the tokens of its
/// line (`toks[base..]`), joining it to the previous token across a single space when
/// both are label text and one of them is short.
fn push_piece<'a>(
    line: &'a str,
    toks: &mut Vec<Tok<'a>>,
    base: usize,
    (s, e): (usize, usize),
    (bs, be): (usize, usize),
    last_piece_len: &mut usize,
) {
    let text = line.get(bs..be).unwrap_or("");
    let kind = classify(text);
    let plen = e - s;
    if toks.len() > base {
        if let Some(prev) = toks.last_mut() {
            let gap = s.saturating_sub(prev.e);
            if gap == 1
                && kind == TokKind::Text
                && prev.kind == TokKind::Text
                && !(is_level_word(text) && is_level_word(prev.text.as_ref()))
                && (plen <= 2 || *last_piece_len <= 2)
                && !total_then_word(prev.text.as_ref(), text)
            {
                let cjk_join = prev.text.chars().next_back().is_some_and(is_cjk)
                    && text.chars().next().is_some_and(is_cjk);
                match &mut prev.text {
                    // Joined across one ASCII space: still a slice of the line.
                    Cow::Borrowed(p)
                        if !cjk_join && line.get(prev.b + p.len()..bs) == Some(" ") =>
                    {
                        *p = line.get(prev.b..be).unwrap_or("");
                    }
                    t => {
                        let t = t.to_mut();
                        if !cjk_join {
                            t.push(' ');
                        }
                        t.push_str(text);
                    }
                }
                prev.e = e;
                *last_piece_len = plen;
                return;
            }
        }
    }
    *last_piece_len = plen;
    toks.push(Tok {
        s,
        e,
        b: bs,
        text: Cow::Borrowed(text),
        kind,
    });
}

/// A total word followed, one space on, by another header word of two or more CJK
/// characters (`小计 基本支出 项目支出` under `本年支出`): two words, not one.
pub(super) fn total_then_word(prev: &str, text: &str) -> bool {
    is_total_word(prev) && text.chars().take(2).filter(|&c| is_cjk(c)).count() == 2
}

/// [`tokenize_into`] into a vector of its own; `None` when the line has too many pieces.
#[cfg(test)]
pub(super) fn tokenize(line: &str) -> Option<Vec<Tok<'_>>> {
    let mut toks = Vec::new();
    tokenize_into(line, &mut toks, &mut 0).then_some(toks)
}

/// A page number or page footer (`12`, `- 12 -`, `第 3 页`, `3/10`).
pub(super) fn is_page_number(toks: &[Tok<'_>]) -> bool {
    if toks.len() > 3 || toks.iter().map(|t| t.text.len()).sum::<usize>() > 24 {
        return false;
    }
    // The text must start with a digit, 第 or 共 once leading dashes are trimmed.
    if !toks
        .first()
        .and_then(|t| t.text.chars().next())
        .is_some_and(|c| {
            c.is_ascii_digit() || PAGE_NUMBER_DASHES.contains(&c) || matches!(c, '第' | '共')
        })
    {
        return false;
    }
    // At most 24 bytes of whole characters: joined on the stack.
    let mut buf = [0u8; 24];
    let mut n = 0usize;
    for t in toks {
        let Some(dst) = buf.get_mut(n..n + t.text.len()) else {
            return false;
        };
        dst.copy_from_slice(t.text.as_bytes());
        n += t.text.len();
    }
    let Ok(joined) = std::str::from_utf8(buf.get(..n).unwrap_or_default()) else {
        return false;
    };
    let core = joined.trim_matches(PAGE_NUMBER_DASHES);
    // A page number is a positive number without a leading zero (`0` is a value).
    let digits_only = |s: &str| {
        !s.is_empty()
            && s.len() <= 4
            && !s.starts_with('0')
            && s.bytes().all(|b| b.is_ascii_digit())
    };
    if digits_only(core) {
        return true;
    }
    if let Some((a, b)) = core.split_once('/') {
        return digits_only(a) && digits_only(b);
    }
    (core.starts_with('第') && (core.ends_with('页') || core.ends_with('頁')))
        || (core.starts_with('共') && core.ends_with('页'))
}

/// Whether `text` without its spaces equals `sig`, without allocating.
/// Whether `a` and `b` are the same text once their spaces ([`is_space`]) are removed,
/// without allocating. Compares bytes: the spaces are whole characters whose lead bytes
/// (E3 of U+3000, C2 of U+00A0) never occur inside another character.
pub(super) fn same_signature(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0usize, 0usize);
    loop {
        while let Some(w) = space_at(a, i) {
            i += w;
        }
        while let Some(w) = space_at(b, j) {
            j += w;
        }
        match (a.get(i), b.get(j)) {
            (None, None) => return true,
            (Some(x), Some(y)) if x == y => {
                i += 1;
                j += 1;
            }
            _ => return false,
        }
    }
}

pub(super) fn flag(v: &mut [bool], i: usize) {
    if let Some(x) = v.get_mut(i) {
        *x = true;
    }
}
