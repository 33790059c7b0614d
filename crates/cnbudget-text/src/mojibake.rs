//! Mojibake: spans of mis-decoded text, found and (where the reversal is lossless) repaired.

use std::borrow::Cow;

use crate::decode::is_common_hanzi;
use crate::script::ScriptCounter;
use crate::tables::{BIGRAM_FREQ, CHAR_FREQ};

/// What kind of mis-decoding a span shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum MojibakeKind {
    /// U+FFFD replacement characters (bytes lost before or during decoding).
    ReplacementCharacter,
    /// `?` standing for characters a converter could not represent (`???????一、`, `醫?;`).
    QuestionMarks,
    /// GBK bytes decoded one byte out of step (`鸢踩` for `金安全`).
    MisalignedGbk,
    /// UTF-8 bytes decoded as GBK (`鍖栧`, `锟斤拷`).
    Utf8AsGbk,
    /// UTF-8 bytes decoded as Windows-1252 / Latin-1 (`å¹´` for `年`).
    Utf8AsCp1252,
}

crate::named_values!(MojibakeKind, "mojibake kind" {
    ReplacementCharacter => "replacement_character" | "replacement characters",
    QuestionMarks => "question_marks" | "question marks",
    MisalignedGbk => "misaligned_gbk" | "misaligned GBK",
    Utf8AsGbk => "utf8_as_gbk" | "UTF-8 read as GBK",
    Utf8AsCp1252 => "utf8_as_cp1252" | "UTF-8 read as cp1252",
});

impl MojibakeKind {
    /// A short English name.
    pub fn name(self) -> &'static str {
        match self {
            MojibakeKind::ReplacementCharacter => "replacement characters",
            MojibakeKind::QuestionMarks => "question marks",
            MojibakeKind::MisalignedGbk => "misaligned GBK",
            MojibakeKind::Utf8AsGbk => "UTF-8 read as GBK",
            MojibakeKind::Utf8AsCp1252 => "UTF-8 read as cp1252",
        }
    }
}

/// Whether and how a span was repaired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Repair {
    /// The reversal is exact: re-encoding the repair gives back the original span.
    Lossless,
    /// Repaired, but some bytes had been lost and were guessed (by the neighbouring
    /// characters' bigram counts, else by single-character frequency).
    Guessed,
    /// Reported only; the information is gone or the reversal is ambiguous.
    NotRepaired,
    /// Removed (pinyin glosses).
    Stripped,
}

crate::named_values!(Repair, "repair" {
    Lossless => "lossless",
    Guessed => "guessed",
    NotRepaired => "not_repaired" | "not repaired",
    Stripped => "stripped",
});

impl Repair {
    /// `"lossless"`, `"guessed"`, `"not repaired"` or `"stripped"`.
    pub fn name(self) -> &'static str {
        match self {
            Repair::Lossless => "lossless",
            Repair::Guessed => "guessed",
            Repair::NotRepaired => "not repaired",
            Repair::Stripped => "stripped",
        }
    }
}

/// One span of mojibake in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct MojibakeSpan {
    /// Byte offset of the span in the scanned text.
    pub start: usize,
    /// Byte offset just past the span.
    pub end: usize,
    /// What it looks like.
    pub kind: MojibakeKind,
    /// The span as found.
    pub original: String,
    /// The repaired text, when a repair was made.
    pub repaired: Option<String>,
    /// How sure the repair is.
    pub repair: Repair,
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
        || matches!(c, '\u{3001}'..='\u{3011}' | '\u{FF01}'..='\u{FF5E}')
}

/// Find mojibake spans in `s` and the repair proposed for each (nothing is changed).
///
/// Detectors, in order of precedence (a span found by an earlier one hides overlapping later
/// ones):
///
/// 1. [`MojibakeKind::MisalignedGbk`]: a single `?` after a Han character, an optional `;`
///    (the `；` the misaligned reading produced, GBK `A3 BB`), then Han or private-use
///    characters whose GBK bytes, read again one byte later, are common hanzi. Inner characters
///    are recovered exactly; the characters whose lead or trail byte was lost are guessed
///    (see *Guesses* below), so the repair is [`Repair::Guessed`].
/// 2. [`MojibakeKind::Utf8AsCp1252`]: runs of Windows-1252 characters that are UTF-8 lead and
///    continuation bytes (not inside a Latin word). Complete sequences are [`Repair::Lossless`];
///    sequences missing bytes that cp1252 readers drop (0x81, 0x8D, 0x8F, 0x90, 0x9D, soft hyphen
///    0xAD) or whose 0xA0 became a space are completed with the best candidate (see
///    *Guesses*) and marked [`Repair::Guessed`]. Only texts containing a character
///    U+00C0–U+00FF (where every such span starts) are searched, `〠` included.
/// 3. [`MojibakeKind::Utf8AsGbk`]: `锟斤拷` (not repairable), and stretches of a Han run
///    containing a rare character whose GBK bytes are UTF-8 for common hanzi, ending on a
///    boundary of both encodings ([`Repair::Lossless`]).
/// 4. [`MojibakeKind::ReplacementCharacter`] (U+FFFD runs) and
///    [`MojibakeKind::QuestionMarks`] (`?` runs next to CJK, at a line start, or three or more
///    after a space): reported, [`Repair::NotRepaired`].
///
/// **Guesses.** A character whose bytes were partly lost has several candidates. Each is
/// scored first by how often it follows the character before it and precedes the character
/// after it in the development documents (`data/char-bigrams.tsv`, counted in simplified
/// script, plus the short hand-written `data/char-bigrams-extra.tsv`), then by its own
/// frequency (`data/char-freq.tsv`) and script fit. So `書表å稱` becomes 書表名稱 (表名, 名稱),
/// not 書表十稱 (十 is the more frequent character on its own).
///
/// ```
/// use cnbudget_text::{find_mojibake, MojibakeKind};
/// let spans = find_mojibake("???????一、單位基本情況");
/// assert_eq!(spans[0].kind, MojibakeKind::QuestionMarks);
/// assert_eq!(spans[0].original, "???????");
/// ```
pub fn find_mojibake(s: &str) -> Vec<MojibakeSpan> {
    find_mojibake_and_script(s).0
}

/// [`find_mojibake`], and the [`Survey`] of the same text from the same pass over its
/// characters (which includes [`crate::detect_script`]'s counts).
pub(crate) fn find_mojibake_and_script(s: &str) -> (Vec<MojibakeSpan>, Survey) {
    let mut spans = Vec::new();
    let mut sv = survey(s);
    // Every detector but UTF-8-as-GBK needs a character the survey would have seen: `?`
    // (misaligned GBK, question marks), U+FFFD, or U+00C0–U+00FF (cp1252).
    let question = memchr::memchr(b'?', s.as_bytes()).is_some();
    // Specific detectors first: at equal starts the stable sort keeps them ahead.
    if question {
        find_misaligned_gbk(s, &mut spans);
    }
    if sv.has_c3 {
        find_cp1252(s, &mut spans);
    }
    find_utf8_as_gbk(s, &mut spans, sv.saw_kun, &mut sv.runs);
    if question || sv.has_fffd {
        find_simple(s, &mut spans, question, sv.has_fffd);
    }
    if spans.is_empty() {
        return (spans, sv);
    }
    spans.sort_by_key(|sp| sp.start);
    // Drop overlaps (keep the first, longest-first at equal starts).
    let mut out: Vec<MojibakeSpan> = Vec::with_capacity(spans.len());
    for sp in spans {
        if out.last().is_none_or(|l| sp.start >= l.end) {
            out.push(sp);
        }
    }
    (out, sv)
}

/// Replace every repaired span of `s`; returns the new text and all spans (repaired or not).
///
/// ```
/// let (fixed, spans) = cnbudget_text::repair_mojibake("中華民國 103 å¹´度");
/// assert_eq!(fixed, "中華民國 103 年度");
/// assert_eq!(spans[0].repair, cnbudget_text::Repair::Lossless);
/// ```
pub fn repair_mojibake(s: &str) -> (Cow<'_, str>, Vec<MojibakeSpan>) {
    let spans = find_mojibake(s);
    if spans.iter().all(|sp| sp.repaired.is_none()) {
        return (Cow::Borrowed(s), spans);
    }
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for sp in &spans {
        if let Some(r) = &sp.repaired {
            out.push_str(s.get(last..sp.start).unwrap_or_default());
            out.push_str(r);
            last = sp.end;
        }
    }
    out.push_str(s.get(last..).unwrap_or_default());
    (Cow::Owned(out), spans)
}

/// Byte offset of the next `c` at or after `from`: a word-at-a-time scan for its first byte
/// (`?`, or EF for U+FFFD, rarer than the last byte `str::find` looks for), then a check.
fn find_char_from(s: &str, from: usize, c: char) -> Option<usize> {
    let mut buf = [0u8; 4];
    let pat = c.encode_utf8(&mut buf).as_bytes();
    let first = *pat.first()?;
    let bytes = s.as_bytes();
    let mut at = from;
    loop {
        let k = crate::scan::find2(bytes, at, first, first)?;
        if bytes.get(k..k + pat.len()) == Some(pat) {
            return Some(k);
        }
        at = k + 1;
    }
}

/// U+FFFD runs and `?` runs next to CJK.
#[inline(never)]
fn find_simple(s: &str, spans: &mut Vec<MojibakeSpan>, question: bool, fffd: bool) {
    for (c, present) in [('?', question), ('\u{FFFD}', fffd)] {
        if !present {
            continue;
        }
        let mut from = 0;
        while let Some(i) = find_char_from(s, from, c) {
            let rest = s.get(i..).unwrap_or_default();
            let end = i + (rest.len() - rest.trim_start_matches(c).len());
            let run_len = (end - i) / c.len_utf8();
            let before = s.get(..i).and_then(|t| t.chars().next_back());
            let after = s.get(end..).and_then(|t| t.chars().next());
            let report = if c == '\u{FFFD}' {
                true
            } else {
                let cjk_b = before.is_some_and(is_cjk);
                let cjk_a = after.is_some_and(is_cjk);
                let edge_b = before.is_none_or(|d| d.is_whitespace());
                let edge_a = after.is_none_or(|d| d.is_whitespace() || d == ';');
                // A line does not start with a question mark; three or more after a
                // space or CJK stand for lost characters.
                let line_start = before.is_none_or(|d| d == '\n' || d == '\r');
                (cjk_b && (cjk_a || edge_a))
                    || (cjk_a && (edge_b || cjk_b))
                    || (run_len >= 3 && (cjk_a || cjk_b || edge_b))
                    || line_start
            };
            if report {
                spans.push(MojibakeSpan {
                    start: i,
                    end,
                    kind: if c == '?' {
                        MojibakeKind::QuestionMarks
                    } else {
                        MojibakeKind::ReplacementCharacter
                    },
                    original: s.get(i..end).unwrap_or_default().to_owned(),
                    repaired: None,
                    repair: Repair::NotRepaired,
                });
            }
            from = end.max(i + 1);
        }
    }
}

fn freq(c: char) -> u32 {
    CHAR_FREQ
        .binary_search_by(|(k, _)| k.cmp(&c))
        .ok()
        .and_then(|i| CHAR_FREQ.get(i))
        .map_or(0, |&(_, n)| n)
}

/// Evidence for guessed character `c` from its neighbours: bigram counts with the previous
/// and the next character. Zero when neither pair was seen (the guess then falls back to
/// single-character frequency).
fn context_score(c: char, prev: Option<char>, next: Option<char>) -> u32 {
    let c = crate::script::simplify_char(c);
    prev.map_or(0, |p| bigram_simplified(p, c))
        .saturating_add(next.map_or(0, |n| bigram_simplified(c, n)))
}

const N_BIGRAMS: usize = BIGRAM_FREQ.len();

/// The pairs of `BIGRAM_FREQ` as one number each (first character in the high half), in the
/// same (sorted, unique) order: the guesses search numbers, not tuples.
static BIGRAM_KEYS: [u64; N_BIGRAMS] = bigram_keys();

#[allow(clippy::indexing_slicing)]
const fn bigram_keys() -> [u64; N_BIGRAMS] {
    let mut out = [0u64; N_BIGRAMS];
    let mut i = 0;
    while i < N_BIGRAMS {
        let (a, b, _) = BIGRAM_FREQ[i];
        out[i] = ((a as u64) << 32) | b as u64;
        i += 1;
    }
    out
}

/// How often `a` is followed by `b` in the development documents (both in simplified
/// script, so one table serves traditional text too).
fn bigram_simplified(a: char, b: char) -> u32 {
    let key = (u64::from(u32::from(a)) << 32) | u64::from(u32::from(b));
    let i = BIGRAM_KEYS.partition_point(|&k| k < key);
    match (BIGRAM_KEYS.get(i), BIGRAM_FREQ.get(i)) {
        (Some(&k), Some(&(_, _, n))) if k == key => n,
        _ => 0,
    }
}

/// The best of `cands` (character, single-character score): bigram evidence first, then the
/// single-character score, then the lower code point (deterministic).
fn pick(cands: &[(char, u32)], prev: Option<char>, next: Option<char>) -> Option<char> {
    // Neighbours that are not ideographs never form a counted pair.
    let prev = prev
        .filter(|&c| is_han(c))
        .map(crate::script::simplify_char);
    let next = next
        .filter(|&c| is_han(c))
        .map(crate::script::simplify_char);
    cands
        .iter()
        .max_by_key(|&&(c, score)| (context_score(c, prev, next), score, std::cmp::Reverse(c)))
        .map(|&(c, _)| c)
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0x20000..=0x3134F)
}

/// Plausibility of a recovered character: frequency in the development documents, then
/// membership of the common sets.
fn plausibility(c: char) -> u32 {
    freq(c).saturating_mul(4)
        + if is_common_hanzi(c) { 2 } else { 0 }
        + u32::from(matches!(c as u32, 0x4E00..=0x9FFF))
}

/// Context for choosing among guessed characters.
#[derive(Clone, Copy, Default)]
struct Context {
    /// The line is in traditional script: simplified-only candidates lose.
    traditional: bool,
    /// Digits on both sides: a dash (page range `1－26`) wins over other punctuation.
    between_digits: bool,
}

fn guess_score(c: char, ctx: Context) -> u32 {
    let mut s = plausibility(c);
    if ctx.traditional && crate::script::is_simplified_only(c) {
        s /= 8;
    }
    if ctx.between_digits && matches!(c, '－' | '～' | '—' | '–') {
        s = s.saturating_add(1_000_000);
    }
    s
}

/// GBK bytes of `s`, or `None` when a character has no GBK encoding.
fn gbk_bytes(s: &str) -> Option<Vec<u8>> {
    let (b, _, unmappable) = encoding_rs::GBK.encode(s);
    (!unmappable).then(|| b.into_owned())
}

fn gbk_pair(a: u8, b: u8) -> Option<char> {
    if a < 0x81 {
        return None;
    }
    // Decoded into a stack buffer (no `String` per pair: the guesses try hundreds).
    let mut out = [0u8; 16];
    let mut dec = encoding_rs::GBK.new_decoder_without_bom_handling();
    let (res, read, written) = dec.decode_to_utf8_without_replacement(&[a, b], &mut out, true);
    if res != encoding_rs::DecoderResult::InputEmpty || read != 2 {
        return None;
    }
    let t = std::str::from_utf8(out.get(..written)?).ok()?;
    let mut it = t.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// The most plausible GBK character with a lost lead byte and trail `trail`, between
/// `prev` and `next`.
fn guess_lead(trail: u8, prev: Option<char>, next: Option<char>) -> Option<char> {
    let cands: Vec<(char, u32)> = (0x81u8..=0xFE)
        .filter_map(|a| gbk_pair(a, trail))
        .filter(|&c| is_han(c))
        .map(|c| (c, plausibility(c)))
        .collect();
    pick(&cands, prev, next)
}

/// The most plausible GBK character with lead `lead` and a lost trail byte, between `prev`
/// and `next`.
fn guess_trail(lead: u8, prev: Option<char>, next: Option<char>) -> Option<char> {
    let cands: Vec<(char, u32)> = (0x40u8..=0xFE)
        .filter_map(|b| gbk_pair(lead, b))
        .filter(|&c| is_han(c))
        .map(|c| (c, plausibility(c)))
        .collect();
    pick(&cands, prev, next)
}

/// GBK text decoded one byte out of step, after a `?` (seed 001: `醫?;\u{E2AE}鸢踩?` for
/// 医保基金安全, `醫?;\u{E2AE}鹦袨榈木唧w` for 医保基金行为的具体).
///
/// The `?` stands for a lost byte; a `;` after it is the full-width `；` (GBK `A3 BB`) the
/// misaligned reading produced; the run of Han and private-use characters after it is
/// re-encoded as GBK, and the bytes are decoded again one byte later. The first byte (the
/// trail of a character whose lead was lost) and a dangling last lead byte get characters
/// guessed from their neighbours; an ASCII character after the run can be the last trail byte (`w`
/// in `唧w`).
#[inline(never)]
fn find_misaligned_gbk(s: &str, spans: &mut Vec<MojibakeSpan>) {
    let is_run_char = |c: char| is_han(c) || matches!(c as u32, 0xE000..=0xF8FF);
    let mut search = 0;
    while let Some(rel) = s.get(search..).and_then(|t| t.find('?')) {
        let q = search + rel;
        search = q + 1;
        let before = s.get(..q).and_then(|t| t.chars().next_back());
        if !before.is_some_and(is_han) {
            continue;
        }
        let mut i = q + 1;
        let mut bytes: Vec<u8> = Vec::new();
        match s.get(i..).and_then(|t| t.chars().next()) {
            Some(';') | Some('；') => {
                bytes.extend([0xA3, 0xBB]);
                i += s
                    .get(i..)
                    .and_then(|t| t.chars().next())
                    .map_or(1, char::len_utf8);
            }
            Some('?') => continue,
            _ => {}
        }
        let run: &str = {
            let rest = s.get(i..).unwrap_or_default();
            let n = rest
                .char_indices()
                .find(|&(_, c)| !is_run_char(c))
                .map_or(rest.len(), |(k, _)| k);
            rest.get(..n).unwrap_or_default()
        };
        if run.chars().count() < 2 {
            continue;
        }
        let Some(run_bytes) = gbk_bytes(run) else {
            continue;
        };
        bytes.extend(run_bytes);
        let mut end = i + run.len();
        let first = bytes.first().copied().unwrap_or(0);
        let mut body: Vec<u8> = bytes.get(1..).unwrap_or_default().to_vec();
        let mut lost_trail = None;
        if body.len() % 2 == 1 {
            let next = s.get(end..).and_then(|t| t.chars().next());
            match next {
                Some(c) if ('\u{40}'..='\u{7E}').contains(&c) && c != '?' => {
                    body.push(c as u8);
                    end += 1;
                }
                _ => {
                    lost_trail = body.pop();
                    if next == Some('?') {
                        end += 1;
                    }
                }
            }
        }
        let mut out = String::new();
        let mut ok = true;
        let mut common = 0usize;
        for pair in body.chunks(2) {
            match pair {
                [a, b] => match gbk_pair(*a, *b) {
                    Some(c) if is_han(c) => {
                        common += usize::from(is_common_hanzi(c));
                        out.push(c);
                    }
                    _ => ok = false,
                },
                _ => ok = false,
            }
        }
        let n = body.len() / 2;
        if !ok || n == 0 || common * 5 < n * 4 {
            continue;
        }
        if let Some(c) = guess_lead(first, before, out.chars().next()) {
            out.insert(0, c);
        }
        let after = s.get(end..).and_then(|t| t.chars().next());
        if let Some(c) = lost_trail.and_then(|b| guess_trail(b, out.chars().next_back(), after)) {
            out.push(c);
        }
        spans.push(MojibakeSpan {
            start: q,
            end,
            kind: MojibakeKind::MisalignedGbk,
            original: s.get(q..end).unwrap_or_default().to_owned(),
            repaired: Some(out),
            // The `?` always hides a lost byte.
            repair: Repair::Guessed,
        });
        search = end;
    }
}

/// A peekable character cursor over `s` that can jump ahead to a byte.
struct Cursor<'a> {
    s: &'a str,
    head: Option<(usize, char)>,
}

impl<'a> Cursor<'a> {
    fn at(s: &'a str, pos: usize) -> Self {
        let head = s
            .get(pos..)
            .and_then(|t| t.chars().next())
            .map(|c| (pos, c));
        Self { s, head }
    }

    fn peek(&self) -> Option<&(usize, char)> {
        self.head.as_ref()
    }

    fn next(&mut self) -> Option<(usize, char)> {
        let h = self.head?;
        *self = Self::at(self.s, h.0 + h.1.len_utf8());
        Some(h)
    }

    /// Move to the next occurrence of byte `b` (a lead byte) at or after the cursor.
    fn skip_to_byte(&mut self, b: u8) {
        let Some((pos, _)) = self.head else { return };
        let next = crate::scan::find2(self.s.as_bytes(), pos, b, b);
        *self = Self::at(self.s, next.unwrap_or(self.s.len()));
    }
}

/// Windows-1252 byte of a character, if it has one (and is not ASCII).
fn cp1252_byte(c: char) -> Option<u8> {
    let b = match c {
        '\u{A0}'..='\u{FF}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '\u{2018}' => 0x91,
        '\u{2019}' => 0x92,
        '\u{201C}' => 0x93,
        '\u{201D}' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        // C1 controls survive in Latin-1 readings.
        '\u{80}'..='\u{9F}' => c as u32 as u8,
        _ => return None,
    };
    Some(b)
}

/// Whether the line around byte `at` has more traditional-only than simplified-only
/// characters; `cache` holds the last line's answer so a long line is scanned once.
fn line_is_traditional(s: &str, at: usize, cache: &mut Option<(usize, usize, bool)>) -> bool {
    if let Some((a, b, t)) = *cache {
        if (a..=b).contains(&at) {
            return t;
        }
    }
    let a = s.get(..at).and_then(|t| t.rfind('\n')).map_or(0, |k| k + 1);
    let b = s
        .get(at..)
        .and_then(|t| t.find('\n'))
        .map_or(s.len(), |k| at + k);
    let line = s.get(a..b).unwrap_or_default();
    let (mut t, mut si) = (0usize, 0usize);
    for c in line.chars() {
        if crate::script::is_traditional_only(c) {
            t += 1;
        } else if crate::script::is_simplified_only(c) {
            si += 1;
        }
    }
    *cache = Some((a, b, t > si));
    t > si
}

/// Bytes that cp1252 readers drop (undefined in cp1252, or the invisible soft hyphen).
const DROPPED: [u8; 6] = [0x81, 0x8D, 0x8F, 0x90, 0x9D, 0xAD];

fn utf8_len(lead: u8) -> usize {
    match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => 0,
    }
}

fn decode_one(bytes: &[u8]) -> Option<char> {
    std::str::from_utf8(bytes).ok().and_then(|t| {
        let mut it = t.chars();
        match (it.next(), it.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        }
    })
}

fn is_cjk_out(c: char) -> bool {
    is_han(c) || matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFFEF | 0xF900..=0xFAFF)
}

/// Up to four bytes of a UTF-8 sequence being completed.
#[derive(Clone, Copy)]
struct Seq {
    buf: [u8; 4],
    len: usize,
}

impl Seq {
    fn new(bytes: &[u8]) -> Option<Self> {
        let mut buf = [0u8; 4];
        buf.get_mut(..bytes.len())?.copy_from_slice(bytes);
        Some(Self {
            buf,
            len: bytes.len(),
        })
    }

    fn bytes(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or_default()
    }

    /// Append `b`; false when full.
    fn push(&mut self, b: u8) -> bool {
        match self.buf.get_mut(self.len) {
            Some(slot) => {
                *slot = b;
                self.len += 1;
                true
            }
            None => false,
        }
    }

    /// A copy with `b` inserted at `pos` (`None` when full).
    fn inserted(&self, pos: usize, b: u8) -> Option<Self> {
        let mut v = Self::new(self.bytes().get(..pos)?)?;
        if !v.push(b) {
            return None;
        }
        for &x in self.bytes().get(pos..)? {
            if !v.push(x) {
                return None;
            }
        }
        Some(v)
    }
}

/// Candidate characters for a guessed position, with their single-character scores.
type Candidates = Vec<(char, u32)>;

/// Best completion of a UTF-8 sequence with `have` bytes of `need`: lost bytes from
/// [`DROPPED`] inserted at any position, optionally a following space read as 0xA0.
/// Returns the character and whether the space was consumed.
///
/// Also returns every candidate read with the same use of the space, with its
/// single-character score, so that the caller can choose again by context.
fn complete_utf8(
    have: &[u8],
    need: usize,
    space_next: bool,
    ctx: Context,
) -> Option<(char, bool, Candidates)> {
    let mut best: Option<(u32, char, bool)> = None;
    // At most 2 × 216 candidates (two lost bytes of a four-byte sequence): sized once.
    let mut all: Vec<(char, u32, bool)> = Vec::with_capacity(64);
    let mut consider = |bytes: &[u8], used_space: bool| {
        if let Some(c) = decode_one(bytes).filter(|&c| is_cjk_out(c)) {
            let score = guess_score(c, ctx);
            all.push((c, score, used_space));
            if best
                .is_none_or(|(s, b, _)| (score, std::cmp::Reverse(c)) > (s, std::cmp::Reverse(b)))
            {
                best = Some((score, c, used_space));
            }
        }
    };
    let missing = need.saturating_sub(have.len());
    // A UTF-8 sequence has at most four bytes: candidates live on the stack.
    let base = Seq::new(have)?;
    let mut variants = [(base, false), (base, true)];
    // (A five-byte variant could not decode to one character: left out.)
    let mut n_variants = 1;
    if let Some(v) = variants.get_mut(1) {
        if space_next && v.0.push(0xA0) {
            n_variants = 2;
        }
    }
    let mut cands: Vec<Seq> = Vec::with_capacity(256);
    let mut next: Vec<Seq> = Vec::with_capacity(256);
    for &(base, used_space) in variants.iter().take(n_variants) {
        let miss = need.saturating_sub(base.len);
        if miss == 0 {
            consider(base.bytes(), used_space);
            continue;
        }
        if miss > 2 || missing > 2 {
            continue;
        }
        // Insert `miss` dropped bytes at every position after the lead.
        cands.clear();
        cands.push(base);
        for _ in 0..miss {
            next.clear();
            for c in &cands {
                for pos in 1..=c.len {
                    for &d in &DROPPED {
                        if let Some(v) = c.inserted(pos, d) {
                            next.push(v);
                        }
                    }
                }
            }
            std::mem::swap(&mut cands, &mut next);
        }
        for c in &cands {
            consider(c.bytes(), used_space);
        }
    }
    let (_, c, sp) = best?;
    let mut alts: Vec<(char, u32)> = all
        .into_iter()
        .filter(|&(_, _, u)| u == sp)
        .map(|(d, score, _)| (d, score))
        .collect();
    alts.sort_unstable();
    alts.dedup();
    Some((c, sp, alts))
}

/// UTF-8 read as Windows-1252 (corpus 063: `å–®ä½é 算` for 單位預算). Bytes 0x81, 0x8D,
/// 0x8F, 0x90, 0x9D (undefined in cp1252) and 0xAD (soft hyphen) are often dropped and 0xA0
/// becomes a plain space; such characters are completed by context and frequency and marked
/// guessed.
///
/// Called only for texts holding a character U+00C0–U+00FF (UTF-8 lead C3), where every span
/// below starts; in a text without one, `〠` (if any) is taken as written.
#[inline(never)]
fn find_cp1252(s: &str, spans: &mut Vec<MojibakeSpan>) {
    // E3 80 A0: 、 (E3 80 81) with its lost last byte read again as a space.
    for (i, m) in s.match_indices('〠') {
        spans.push(MojibakeSpan {
            start: i,
            end: i + m.len(),
            kind: MojibakeKind::Utf8AsCp1252,
            original: m.to_owned(),
            repaired: Some("、".to_owned()),
            repair: Repair::Guessed,
        });
    }
    let mut line_cache = None;
    let mut it = Cursor::at(s, 0);
    loop {
        // Every lead byte C2–F4 read as cp1252 is U+00C2–U+00F4, UTF-8 `C3 xx`: jump there.
        it.skip_to_byte(0xC3);
        let Some((i, c)) = it.next() else { break };
        let Some(lead) = cp1252_byte(c).filter(|&b| utf8_len(b) > 0) else {
            continue;
        };
        // Not inside a Latin word (`café`, pinyin `xué`).
        let prev = s.get(..i).and_then(|t| t.chars().next_back());
        if prev.is_some_and(|p| {
            p.is_ascii_alphabetic()
                || ('\u{C0}'..='\u{24F}').contains(&p) && cp1252_byte(p).is_none()
        }) {
            continue;
        }
        // A run of sequences.
        let start = i;
        let mut end = i + c.len_utf8();
        let mut out = String::with_capacity(32);
        let mut ok_end = start;
        let mut guessed = false;
        let mut cur: Option<(u8, usize)> = Some((lead, utf8_len(lead)));
        let mut bytes = Vec::with_capacity(8);
        bytes.push(lead);
        // Guessed characters that may be chosen again by context: (index in `out`,
        // candidates).
        let mut pending: Vec<(usize, Vec<(char, u32)>)> = Vec::new();
        loop {
            // Gather continuation bytes; a space followed by another continuation byte can
            // only have been 0xA0.
            let need_now = cur.map_or(0, |x| x.1);
            while let Some(&(j, d)) = it.peek() {
                if bytes.len() >= need_now {
                    break;
                }
                match cp1252_byte(d) {
                    Some(b) if (0x80..=0xBF).contains(&b) => {
                        bytes.push(b);
                        end = j + d.len_utf8();
                        it.next();
                    }
                    None if d == ' ' => {
                        let after = s.get(j + 1..).and_then(|t| t.chars().next());
                        if after
                            .and_then(cp1252_byte)
                            .is_some_and(|b| (0x80..=0xBF).contains(&b))
                        {
                            bytes.push(0xA0);
                            end = j + 1;
                            it.next();
                        } else {
                            break;
                        }
                    }
                    _ => break,
                }
            }
            let need = cur.map_or(0, |x| x.1);
            // A lead byte alone must not start a Latin word.
            if bytes.len() == 1 && it.peek().is_some_and(|&(_, d)| d.is_ascii_alphabetic()) {
                break;
            }
            let space_next = it.peek().is_some_and(|&(_, d)| d == ' ');
            let ch = if bytes.len() == need {
                decode_one(&bytes)
                    .filter(|&c| is_cjk_out(c))
                    .map(|c| (c, false, Vec::new()))
            } else {
                guessed = true;
                let prev = s.get(..start).and_then(|t| t.chars().next_back());
                let next = it.peek().map(|&(_, d)| d);
                let ctx = Context {
                    traditional: line_is_traditional(s, start, &mut line_cache),
                    between_digits: prev.is_some_and(|c| c.is_ascii_digit())
                        && next.is_some_and(|c| c.is_ascii_digit()),
                };
                complete_utf8(&bytes, need, space_next, ctx)
            };
            let Some((ch, used_space, alts)) = ch else {
                break;
            };
            if alts.len() > 1 {
                pending.push((out.chars().count(), alts));
            }
            if used_space {
                if let Some((j, d)) = it.next() {
                    end = j + d.len_utf8();
                }
                if bytes.len() + 1 < need {
                    guessed = true;
                } else if bytes.len() + 1 == need {
                    // The space was certainly 0xA0 only if nothing else could be lost.
                    guessed = true;
                }
            }
            out.push(ch);
            ok_end = end;
            // Next sequence?
            match it.peek().and_then(|&(_, d)| cp1252_byte(d)) {
                Some(b) if utf8_len(b) > 0 => {
                    if let Some((j, d)) = it.next() {
                        end = j + d.len_utf8();
                    }
                    // `end` now includes the new lead; it is rolled back if it fails.
                    cur = Some((b, utf8_len(b)));
                    bytes.clear();
                    bytes.push(b);
                }
                _ => {
                    cur = None;
                    break;
                }
            }
        }
        if cur.is_some() {
            // The last sequence could not be completed: leave it out of the span.
            end = ok_end;
        }
        if out.is_empty() || end <= start {
            continue;
        }
        if !pending.is_empty() {
            out = rechoose_by_context(s, start, end, &out, &pending);
        }
        spans.push(MojibakeSpan {
            start,
            end,
            kind: MojibakeKind::Utf8AsCp1252,
            original: s.get(start..end).unwrap_or_default().to_owned(),
            repaired: Some(out),
            repair: if guessed {
                Repair::Guessed
            } else {
                Repair::Lossless
            },
        });
    }
}

/// Choose the guessed characters of a repaired span again, now that both neighbours of each
/// are known (the character before the span, the repaired characters, the character after).
fn rechoose_by_context(
    s: &str,
    start: usize,
    end: usize,
    out: &str,
    pending: &[(usize, Vec<(char, u32)>)],
) -> String {
    let mut chars: Vec<char> = out.chars().collect();
    let before = s.get(..start).and_then(|t| t.chars().next_back());
    let after = s.get(end..).and_then(|t| t.chars().next());
    for (k, cands) in pending {
        let prev = match k.checked_sub(1) {
            Some(j) => chars.get(j).copied(),
            None => before,
        };
        let next = match chars.get(k + 1) {
            Some(&c) => Some(c),
            None if *k + 1 == chars.len() => after,
            None => None,
        };
        if let (Some(c), Some(slot)) = (pick(cands, prev, next), chars.get_mut(*k)) {
            *slot = c;
        }
    }
    chars.into_iter().collect()
}

/// UTF-8 read as GBK: `锟斤拷` (the UTF-8 bytes of U+FFFD twice, information lost) and runs
/// of rare characters whose GBK bytes are valid UTF-8 for common hanzi (`鍙戝睍` for 发展).
/// `run_spans` are the stretches [`survey`] found; `锟斤拷` is searched only when it saw 锟.
#[inline(never)]
fn find_utf8_as_gbk(
    s: &str,
    spans: &mut Vec<MojibakeSpan>,
    saw_kun: bool,
    run_spans: &mut Vec<MojibakeSpan>,
) {
    // `锟斤拷` spans go first (overlap resolution keeps the earlier-pushed span at equal
    // starts).
    if saw_kun {
        for (i, m) in s.match_indices("锟斤拷") {
            spans.push(MojibakeSpan {
                start: i,
                end: i + m.len(),
                kind: MojibakeKind::Utf8AsGbk,
                original: m.to_owned(),
                repaired: None,
                repair: Repair::NotRepaired,
            });
        }
    }
    spans.append(run_spans);
}

/// What one pass over a decoded document learns for every later stage of
/// [`crate::prepare`]: the line starts, the script counts per line, the UTF-8-as-GBK
/// stretches, and which other detectors and stages can have anything to do.
#[derive(Debug, Default)]
pub(crate) struct Survey {
    /// Byte offset of every line start (the rule of [`crate::line_count`]).
    pub(crate) line_starts: Vec<usize>,
    /// Script-specific characters per line.
    pub(crate) script: ScriptCounter,
    /// Every place normalisation must look at (see [`crate::normalize`]), in order.
    pub(crate) norm: Vec<usize>,
    /// UTF-8-as-GBK stretches found in runs of Han characters.
    runs: Vec<MojibakeSpan>,
    /// The text holds `锟`.
    saw_kun: bool,
    /// The text holds U+FFFD.
    has_fffd: bool,
    /// The text holds a character U+00C0–U+00FF (where every cp1252 span starts).
    has_c3: bool,
    /// The text holds a tone-marked vowel (a pinyin gloss needs one).
    pub(crate) maybe_pinyin: bool,
}

/// Counters of the survey's ideograph loop, three in one word: traditional-only,
/// simplified-only and rare ideographs, [`FIELD`] bits each, indexed by [`crate::script::class`]
/// (one addition per character).
const SPREAD: [u64; 16] = spread();
/// Bits per counter in [`SPREAD`]; the loop stops to unpack before one could overflow.
const FIELD: u32 = 21;
/// Characters the ideograph loop takes before unpacking its counters (below 2^[`FIELD`]).
const LOOP_CHARS: usize = 1 << 20;

#[allow(clippy::indexing_slicing)]
const fn spread() -> [u64; 16] {
    let mut t = [0u64; 16];
    let mut c = 0;
    while c < 16 {
        let cls = c as u8;
        if cls != crate::script::CLS_NOT_HAN {
            t[c] = (cls & crate::script::CLS_TRAD) as u64
                | ((((cls & crate::script::CLS_SIMP) >> 1) as u64) << FIELD)
                | ((((cls & crate::script::CLS_RARE) >> 2) as u64) << (2 * FIELD));
        }
        c += 1;
    }
    t
}

/// A run of Han characters ended at `end`: search it for UTF-8-as-GBK stretches if it holds
/// two rare ones, and note whether it holds 锟 (a rare character: only runs with one can).
#[inline]
fn end_run(s: &str, run: &mut Option<(usize, usize)>, end: usize, sv: &mut Survey) {
    if let Some((start, rare)) = run.take() {
        if rare > 0 {
            rare_run(s, start, end, rare, sv);
        }
    }
}

#[inline(never)]
fn rare_run(s: &str, start: usize, end: usize, rare: usize, sv: &mut Survey) {
    let run = s.get(start..end).unwrap_or_default();
    sv.saw_kun |= run.contains('锟');
    // Two decoded hanzi take three GBK characters, at least two of them rare in
    // practice (鍙戝睍, 鍖栧); one rare character in a run is ordinary text.
    if rare >= 2 {
        // A stretch starts at a character whose GBK lead byte is E0–EF: begin at the
        // first one (none: nothing to find, and no character is encoded).
        if let Some(first) = run.char_indices().position(|(_, d)| has_e_lead(d)) {
            let chars: Vec<(usize, char)> = run
                .char_indices()
                .skip(first)
                .map(|(k, d)| (start + k, d))
                .collect();
            utf8_as_gbk_in_run(s, &chars, &mut sv.runs);
        }
    }
}

/// One pass over `s`: see [`Survey`].
#[inline(never)]
fn survey(s: &str) -> Survey {
    let mut sv = Survey {
        line_starts: Vec::with_capacity(s.len() / 48 + 1),
        script: ScriptCounter::with_capacity(s.len() / 48 + 1),
        // Places to normalise (`\r`, full-width forms such as `，（）：`) come every few
        // dozen bytes in a disclosure: room for a share of them saves the first regrowths.
        norm: Vec::with_capacity(s.len() / 64 + 1),
        ..Survey::default()
    };
    sv.line_starts.push(0);
    // Script-specific characters of the current line (the same pass serves script
    // detection; see `find_mojibake_and_script`).
    let (mut t, mut si) = (0usize, 0usize);
    let (mut has_fffd, mut has_c3, mut maybe_pinyin) = (false, false, false);
    // Runs of Han characters containing rare ones (counted first, collected only then).
    // ASCII never belongs to a run: jump over it eight bytes at a time.
    let bytes = s.as_bytes();
    let mut i = 0usize;
    let mut run: Option<(usize, usize)> = None; // (start, rare count)
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            end_run(s, &mut run, i, &mut sv);
            if b == b'\n' || b == b'\r' {
                if b == b'\r' {
                    sv.norm.push(i);
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                }
                sv.script.end_line(t, si);
                (t, si) = (0, 0);
                i += 1;
                sv.line_starts.push(i);
            } else {
                i = crate::scan::find_non_ascii_or2(bytes, i + 1, b'\n', b'\r')
                    .unwrap_or(bytes.len());
            }
            continue;
        }
        // Fast path: a run of three-byte ideographs U+3400–U+4DBF, U+4E00–U+9FFF (lead
        // E3–E9), a tight loop with one table lookup and one addition each.
        let run_from = i;
        let limit = bytes.len().min(i.saturating_add(3 * LOOP_CHARS));
        let mut acc = 0u64;
        // Three bytes at a time: `chunks_exact`, the masked table index (`class_in_table`)
        // and the `& 0x0F` below leave the loop without bounds checks.
        let mut taken = 0usize;
        for chunk in bytes.get(i..limit).unwrap_or_default().chunks_exact(3) {
            let &[b0 @ 0xE3..=0xE9, b1, b2] = chunk else {
                break;
            };
            let cp = ((u32::from(b0) & 0x0F) << 12)
                | ((u32::from(b1) & 0x3F) << 6)
                | (u32::from(b2) & 0x3F);
            let cls = crate::script::class_in_table(cp);
            if cls == crate::script::CLS_NOT_HAN {
                break;
            }
            acc += SPREAD.get(usize::from(cls & 0x0F)).copied().unwrap_or(0);
            taken += 3;
        }
        i += taken;
        if i > run_from {
            const MASK: u64 = (1 << FIELD) - 1;
            t += (acc & MASK) as usize;
            si += ((acc >> FIELD) & MASK) as usize;
            let rare = ((acc >> (2 * FIELD)) & MASK) as usize;
            match &mut run {
                Some((_, r)) => *r += rare,
                None => run = Some((run_from, rare)),
            }
            continue;
        }
        let Some((c, len)) = crate::scan::char_at(s, i) else {
            break;
        };
        if crate::normalize::needs_visit(bytes, i) {
            sv.norm.push(i);
        }
        match len {
            2 => {
                has_c3 |= b == 0xC3;
                maybe_pinyin |= crate::pinyin::is_toned(c);
            }
            3 => {
                let (dt, ds) = crate::script::script_class(c as u32);
                (t, si) = (t + dt, si + ds);
                has_fffd |= c == '\u{FFFD}';
                maybe_pinyin |= b == 0xE1 && crate::pinyin::is_toned(c);
            }
            _ => {}
        }
        if is_han(c) {
            let rare = usize::from(!is_common_hanzi(c));
            match &mut run {
                Some((_, r)) => *r += rare,
                None => run = Some((i, rare)),
            }
        } else {
            end_run(s, &mut run, i, &mut sv);
        }
        i += len;
    }
    end_run(s, &mut run, bytes.len(), &mut sv);
    sv.script.end_line(t, si);
    sv.has_fffd = has_fffd;
    sv.has_c3 = has_c3;
    sv.maybe_pinyin = maybe_pinyin;
    sv
}

/// Characters whose GBK encoding starts with a byte E0–EF (a UTF-8 three-byte lead), as a
/// BMP bitmap built once from encoding_rs's GBK tables.
fn has_e_lead(c: char) -> bool {
    static MAP: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    let map = MAP.get_or_init(|| {
        let mut m = vec![0u64; 1024];
        let mut set = |c: char| {
            if let Some(w) = m.get_mut((c as u32 >> 6) as usize) {
                *w |= 1u64 << (c as u32 & 63);
            }
        };
        // Every pair with lead E0–EF, decoded in one call. A character the GBK encoder
        // writes with such a lead decodes back from that pair, so the set holds all of them
        // (a superset is harmless: `utf8_as_gbk_in_run` encodes and checks). Encoding here
        // is avoided on purpose: encoding_rs's GBK encoder is slow for rare hanzi.
        let mut buf = Vec::with_capacity(16 * 190 * 2);
        for lead in 0xE0u8..=0xEF {
            for trail in (0x40u8..=0xFE).filter(|&t| t != 0x7F) {
                buf.extend([lead, trail]);
            }
        }
        let (text, _) = encoding_rs::GBK.decode_without_bom_handling(&buf);
        text.chars().for_each(&mut set);
        m
    });
    let cp = c as u32;
    map.get((cp >> 6) as usize)
        .is_some_and(|w| w & (1u64 << (cp & 63)) != 0)
}

/// GBK bytes of one Han character of a run (`None`: GBK has no such character). Every Han
/// character GBK has takes two bytes; encoded on the stack, without allocating.
fn gbk_pair_of(c: char) -> Option<[u8; 2]> {
    let mut buf = [0u8; 4];
    let mut out = [0u8; 8];
    let (res, _, written) = encoding_rs::GBK
        .new_encoder()
        .encode_from_utf8_without_replacement(c.encode_utf8(&mut buf), &mut out, true);
    match (res, out.get(..written)) {
        (encoding_rs::EncoderResult::InputEmpty, Some(&[a, b])) => Some([a, b]),
        _ => None,
    }
}

/// Within one run of Han characters, find stretches whose GBK bytes are UTF-8 for common
/// hanzi. A stretch must start at a character whose GBK lead byte is a UTF-8 three-byte lead
/// (E0–EF) and end where both encodings have a character boundary (lossless).
///
/// From each candidate start the longest stretch is taken whose decoded hanzi are at least
/// 80 % common (two at least); the search goes on after it, or from the next character when
/// there is none. Linear time: the characters with a GBK encoding form segments; in each,
/// every three-byte window is decoded once, and for each start the longest acceptable
/// stretch is found by binary search over suffix minima (see [`gbk_segment`]).
#[inline(never)]
fn utf8_as_gbk_in_run(s: &str, chars: &[(usize, char)], spans: &mut Vec<MojibakeSpan>) {
    let gbk: Vec<Option<[u8; 2]>> = chars.iter().map(|&(_, c)| gbk_pair_of(c)).collect();
    let mut bufs = SegmentBuffers::default();
    let mut k = 0;
    while k < gbk.len() {
        if gbk.get(k).is_some_and(Option::is_none) {
            k += 1;
            continue;
        }
        let len = gbk
            .get(k..)
            .unwrap_or_default()
            .iter()
            .position(Option::is_none)
            .unwrap_or(gbk.len() - k);
        let seg: Vec<u8> = gbk
            .get(k..k + len)
            .unwrap_or_default()
            .iter()
            .flatten()
            .flatten()
            .copied()
            .collect();
        for (first, count, text) in gbk_segment(&seg, &mut bufs) {
            let start = chars.get(k + first).map_or(0, |&(o, _)| o);
            let end = chars
                .get(k + first + count)
                .map(|&(o, _)| o)
                .or_else(|| chars.last().map(|&(o, c)| o + c.len_utf8()))
                .unwrap_or(start);
            spans.push(MojibakeSpan {
                start,
                end,
                kind: MojibakeKind::Utf8AsGbk,
                original: s.get(start..end).unwrap_or_default().to_owned(),
                repaired: Some(text),
                repair: Repair::Lossless,
            });
        }
        k += len;
    }
}

/// Work arrays of [`gbk_segment`], kept between segments.
#[derive(Default)]
struct SegmentBuffers {
    han: Vec<Option<char>>,
    reach: Vec<u32>,
    score: Vec<i64>,
    min_score: Vec<i64>,
}

/// The UTF-8-as-GBK stretches of one segment: `bytes` are the GBK bytes of consecutive
/// characters, two each. Returns (first character, characters, decoded text) per stretch.
///
/// At byte offset `b`: `han[b]` is the hanzi the three bytes from `b` are in UTF-8, if any;
/// `reach[b]` how many such hanzi follow one another from `b`; `score[b]` the sum over them
/// of 5 × common − 4 (so a stretch from `b` to `e` is at least 80 % common exactly when
/// `score[e] ≤ score[b]`). A stretch from character `k` (byte `2k`) ends at a character
/// boundary after an even number of hanzi: at `2k + 6i` for `1 ≤ i ≤ reach[2k] / 2`.
/// `min_score[c]` is the least `score` at `2c, 2c + 6, …` while the hanzi go on, which grows
/// with `i`, so the largest acceptable `i` is found by binary search.
fn gbk_segment(bytes: &[u8], bufs: &mut SegmentBuffers) -> Vec<(usize, usize, String)> {
    let n = bytes.len() / 2;
    let len = bytes.len();
    let SegmentBuffers {
        han,
        reach,
        score,
        min_score,
    } = bufs;
    han.clear();
    han.extend((0..len).map(|b| {
        bytes
            .get(b..b + 3)
            .and_then(decode_one)
            .filter(|&h| is_han(h))
    }));
    reach.clear();
    reach.resize(len + 3, 0);
    score.clear();
    score.resize(len + 3, 0);
    for b in (0..len).rev() {
        if let Some(h) = han.get(b).copied().flatten() {
            let next_reach = reach.get(b + 3).copied().unwrap_or(0);
            let next_score = score.get(b + 3).copied().unwrap_or(0);
            let step = if is_common_hanzi(h) { 1 } else { -4 };
            if let (Some(r), Some(sc)) = (reach.get_mut(b), score.get_mut(b)) {
                *r = next_reach.saturating_add(1);
                *sc = next_score + step;
            }
        }
    }
    min_score.clear();
    min_score.resize(n + 4, 0);
    for c in (0..=n).rev() {
        let here = score.get(2 * c).copied().unwrap_or(0);
        let m = if reach.get(2 * c).is_some_and(|&r| r >= 2) {
            here.min(min_score.get(c + 3).copied().unwrap_or(0))
        } else {
            here
        };
        if let Some(slot) = min_score.get_mut(c) {
            *slot = m;
        }
    }
    let mut found = Vec::new();
    let mut k = 0;
    while k < n {
        let b0 = 2 * k;
        if !bytes.get(b0).is_some_and(|b| (0xE0..=0xEF).contains(b)) {
            k += 1;
            continue;
        }
        let limit = reach.get(b0).map_or(0, |&r| r as usize / 2);
        let x = score.get(b0).copied().unwrap_or(0);
        let ok = |i: usize| min_score.get(k + 3 * i).is_some_and(|&m| m <= x);
        // Largest i in 1..=limit with ok(i); ok holds on a prefix of that range.
        let best = if limit >= 1 && ok(1) {
            let (mut lo, mut hi) = (1, limit);
            while lo < hi {
                let mid = lo + (hi - lo).div_ceil(2);
                if ok(mid) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            Some(lo)
        } else {
            None
        };
        match best {
            Some(i) => {
                let text: String = (0..2 * i)
                    .filter_map(|j| han.get(b0 + 3 * j).copied().flatten())
                    .collect();
                found.push((k, 3 * i, text));
                k += 3 * i;
            }
            None => k += 1,
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The survey's line starts, script counts and normalisation places are those of the
        /// plain functions; its prefilter flags are exact.
        #[test]
        fn survey_agrees_with_plain_passes(s in "[a ?\r\n\t預算预国國鍙戝睍锟斤拷\u{fffd}åé（(yù)）\u{3000}、，０𠀀\u{4dc0}\u{3400}]{0,80}") {
            let sv = survey(&s);
            proptest::prop_assert_eq!(&sv.line_starts, &crate::offset::line_starts(&s));
            let (fresh, _) = crate::script::detect_script_lines(&s);
            proptest::prop_assert_eq!(sv.script.finish(), fresh);
            let bytes = s.as_bytes();
            let places: Vec<usize> = (0..bytes.len())
                .filter(|&i| s.is_char_boundary(i) && crate::normalize::needs_visit(bytes, i))
                .collect();
            proptest::prop_assert_eq!(&sv.norm, &places);
            proptest::prop_assert_eq!(sv.has_fffd, s.contains('\u{FFFD}'));
            proptest::prop_assert_eq!(sv.has_c3, s.chars().any(|c| ('\u{C0}'..='\u{FF}').contains(&c)));
            proptest::prop_assert_eq!(sv.maybe_pinyin, s.chars().any(crate::pinyin::is_toned));
        }
    }

    /// The search for UTF-8-as-GBK stretches before it was made linear (it took 43 s for a
    /// 90 KB line of mojibake of rare hanzi): the reference the new one must agree with.
    fn utf8_as_gbk_in_run_quadratic(
        s: &str,
        chars: &[(usize, char)],
        spans: &mut Vec<MojibakeSpan>,
    ) {
        let gbk: Vec<Option<Vec<u8>>> = chars
            .iter()
            .map(|&(_, c)| gbk_bytes(c.encode_utf8(&mut [0u8; 4])))
            .collect();
        let mut k = 0;
        while k < chars.len() {
            let starts_utf8 = gbk
                .get(k)
                .and_then(|b| b.as_ref())
                .and_then(|b| b.first())
                .is_some_and(|&b| (0xE0..=0xEF).contains(&b));
            if !starts_utf8 {
                k += 1;
                continue;
            }
            // Bytes from k on, with the GBK character boundaries.
            let mut bytes: Vec<u8> = Vec::new();
            let mut out = String::new();
            // (characters consumed up to, decoded text) of the longest lossless stretch.
            let mut best: Option<(usize, String)> = None;
            let mut pos = 0;
            let mut common = 0usize;
            for (m, g) in gbk.iter().enumerate().skip(k) {
                let Some(g) = g else { break };
                bytes.extend(g);
                // Decode as many whole 3-byte sequences as are available.
                while let Some(seq) = bytes.get(pos..pos + 3) {
                    match decode_one(seq) {
                        Some(h) if is_han(h) => {
                            common += usize::from(is_common_hanzi(h));
                            out.push(h);
                            pos += 3;
                        }
                        _ => break,
                    }
                }
                if bytes.get(pos..pos + 3).is_some() {
                    break; // a complete sequence failed: stop here
                }
                if pos == bytes.len() {
                    let n = out.chars().count();
                    if n >= 2 && common * 5 >= n * 4 {
                        best = Some((m + 1, out.clone()));
                    }
                }
            }
            match best {
                Some((end_idx, text)) => {
                    let start = chars.get(k).map_or(0, |&(o, _)| o);
                    let end = chars
                        .get(end_idx)
                        .map(|&(o, _)| o)
                        .or_else(|| chars.last().map(|&(o, c)| o + c.len_utf8()))
                        .unwrap_or(start);
                    spans.push(MojibakeSpan {
                        start,
                        end,
                        kind: MojibakeKind::Utf8AsGbk,
                        original: s.get(start..end).unwrap_or_default().to_owned(),
                        repaired: Some(text),
                        repair: Repair::Lossless,
                    });
                    k = end_idx;
                }
                None => k += 1,
            }
        }
    }

    /// Characters of UTF-8-as-GBK mojibake of common and rare hanzi (`发展`, `万`, `丄`),
    /// ordinary hanzi, and ones GBK lacks.
    const MOJI: &str =
        "[鍙戝睍涓囦竾涓勪竸浜屼簩預算预国國资金锟斤拷\u{4dc0}\u{3400}\u{9fa6}\u{20000}]";

    fn run_chars(s: &str) -> Vec<(usize, char)> {
        s.char_indices().collect()
    }

    proptest::proptest! {
        /// The linear search finds exactly the spans the quadratic one found.
        #[test]
        fn utf8_as_gbk_search_agrees_with_the_quadratic_one(v in proptest::collection::vec(MOJI, 0..60)) {
            let s: String = v.concat();
            let chars = run_chars(&s);
            let (mut new, mut old) = (Vec::new(), Vec::new());
            utf8_as_gbk_in_run(&s, &chars, &mut new);
            utf8_as_gbk_in_run_quadratic(&s, &chars, &mut old);
            proptest::prop_assert_eq!(new, old);
        }
    }

    #[test]
    fn utf8_as_gbk_search_agrees_on_long_stretches() {
        for (orig, reps) in [
            ("发展", 50),
            ("万", 300),
            ("丄", 300),
            ("丄万万万万万", 40),
            ("万万万万丄", 40),
        ] {
            let utf8 = orig.repeat(reps);
            let (moji, _) = encoding_rs::GBK.decode_without_bom_handling(utf8.as_bytes());
            for s in [
                moji.to_string(),
                format!("预算{moji}國"),
                format!("鍙{moji}戝"),
            ] {
                let chars = run_chars(&s);
                let (mut new, mut old) = (Vec::new(), Vec::new());
                utf8_as_gbk_in_run(&s, &chars, &mut new);
                utf8_as_gbk_in_run_quadratic(&s, &chars, &mut old);
                assert_eq!(new, old, "{orig} x {reps}");
            }
        }
    }

    /// A long line of UTF-8-as-GBK mojibake is searched in linear time (the search was
    /// quadratic: 43 s for 20,000 rare hanzi, 12.6 s for 200,000 common ones).
    #[test]
    fn long_utf8_as_gbk_lines_are_searched_in_linear_time() {
        let rare_utf8 = "丄".repeat(100_000);
        let (rare, _) = encoding_rs::GBK.decode_without_bom_handling(rare_utf8.as_bytes());
        assert!(find_mojibake(&rare).is_empty());
        let common_utf8 = "万".repeat(100_000);
        let (common, _) = encoding_rs::GBK.decode_without_bom_handling(common_utf8.as_bytes());
        let (fixed, spans) = repair_mojibake(&common);
        assert_eq!(fixed, "万".repeat(100_000));
        assert_eq!(spans.len(), 1);
    }

    /// The stack-buffer decoding of a GBK pair agrees with decoding it as a string.
    #[test]
    fn gbk_pair_matches_string_decoding() {
        for a in 0x81u8..=0xFE {
            for b in 0x30u8..=0xFF {
                let pair = [a, b];
                let (t, bad) = encoding_rs::GBK.decode_without_bom_handling(&pair);
                let mut it = t.chars();
                let want = match (bad, it.next(), it.next()) {
                    (false, Some(c), None) => Some(c),
                    _ => None,
                };
                assert_eq!(gbk_pair(a, b), want, "{a:02X} {b:02X}");
            }
        }
    }

    #[test]
    fn utf8_read_as_gbk_repaired_losslessly() {
        // "发展资金" as UTF-8 bytes read as GBK.
        let (moji, _) = encoding_rs::GBK.decode_without_bom_handling("发展".as_bytes());
        assert_eq!(moji, "鍙戝睍");
        let text = format!("财政{moji}资金");
        let (fixed, spans) = repair_mojibake(&text);
        assert_eq!(fixed, "财政发展资金");
        assert_eq!(spans[0].kind, MojibakeKind::Utf8AsGbk);
        assert_eq!(spans[0].repair, Repair::Lossless);
    }

    #[test]
    fn replacement_pair_reported() {
        let spans = find_mojibake("预算锟斤拷锟斤拷表");
        assert_eq!(spans.len(), 2);
        assert!(spans.iter().all(|s| s.repair == Repair::NotRepaired));
    }

    #[test]
    fn latin_words_are_not_cp1252_mojibake() {
        assert!(find_mojibake("café (xué) Müller").is_empty());
    }

    /// Lost bytes are guessed from the neighbours (bigrams), then from frequency alone.
    #[test]
    fn guessed_characters_follow_bigram_context() {
        // 名 (E5 90 8D) lost 0x90 and 0x8D between 表 and 稱: 名稱, not the more frequent 十.
        let (fixed, spans) = repair_mojibake("書表å稱");
        assert_eq!(fixed, "書表名稱", "{spans:?}");
        assert_eq!(spans[0].repair, Repair::Guessed);
        // 頁 (E9 A0 81): 0xA0 read as a space, 0x81 lost; 頁次, not 預次.
        let (fixed, _) = repair_mojibake("目錄 é æ¬¡");
        assert_eq!(fixed, "目錄 頁次");
        // Misaligned GBK: the last character lost its trail byte; 安 before it makes it 全.
        let (fixed, spans) = repair_mojibake("醫?;\u{E2AE}鸢踩?");
        assert_eq!(fixed, "醫保基金安全", "{spans:?}");
        assert_eq!(spans[0].repair, Repair::Guessed);
    }

    #[test]
    fn plain_chinese_is_clean() {
        assert!(find_mojibake("一般公共预算财政拨款支出1,378.14万元。鹦鹉").is_empty());
    }
}
