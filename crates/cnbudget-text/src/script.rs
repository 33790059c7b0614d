//! Traditional vs simplified script: detection and conversion (traditional → simplified).

use std::borrow::Cow;

use crate::offset::{Stage, StageBuilder};
use crate::tables::{COMMON_HANZI, TS_CHARS, TS_PHRASES};

/// A converter from traditional to simplified script.
///
/// Two implementations: [`OpenCcTables`] (the default, pure Rust, OpenCC's `t2s` dictionaries
/// compiled in) and, with the `opencc` cargo feature, `OpenCcLibrary` (the OpenCC C library
/// through opencc-rust, config `t2s.json`). On OpenCC 1.1.6's data both give identical output.
pub trait ScriptConverter {
    /// A short name for reports (`"opencc-tables"`, `"libopencc"`).
    fn name(&self) -> &str;

    /// Convert `s` to simplified script; borrowed when nothing changed.
    fn convert<'a>(&self, s: &'a str) -> Cow<'a, str>;
}

/// The default converter: OpenCC's `t2s` conversion (maximum forward matching on
/// `TSPhrases`, then `TSCharacters`, first candidate) over tables generated from OpenCC's
/// dictionary files (Apache-2.0), with no C dependency.
///
/// ```
/// use cnbudget_text::{OpenCcTables, ScriptConverter};
/// assert_eq!(OpenCcTables.convert("績效指標 乾隆 乾燥"), "绩效指标 乾隆 干燥");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OpenCcTables;

impl ScriptConverter for OpenCcTables {
    fn name(&self) -> &str {
        "opencc-tables"
    }

    fn convert<'a>(&self, s: &'a str) -> Cow<'a, str> {
        convert_tables(s, None).0
    }
}

/// Convert traditional to simplified with the default backend ([`OpenCcTables`]).
///
/// ```
/// let s = cnbudget_text::to_simplified("重慶市武隆區醫療保障局關于2021年度部門決算");
/// assert_eq!(s, "重庆市武隆区医疗保障局关于2021年度部门决算");
/// ```
pub fn to_simplified(s: &str) -> Cow<'_, str> {
    convert_tables(s, None).0
}

/// Build a membership bitmap over the Basic Multilingual Plane at compile time.
// Indexing in a const fn: an out-of-range index is a compile-time error, never a panic.
#[allow(clippy::indexing_slicing)]
const fn bmp_bitmap(keys: &[(char, char)], only_changing: bool, use_values: bool) -> [u64; 1024] {
    let mut b = [0u64; 1024];
    let mut i = 0;
    while i < keys.len() {
        let (k, v) = keys[i];
        let c = if use_values { v as u32 } else { k as u32 };
        if c < 0x10000 && (!only_changing || k as u32 != v as u32) {
            b[(c >> 6) as usize] |= 1u64 << (c & 63);
        }
        i += 1;
    }
    b
}

#[allow(clippy::indexing_slicing)]
const fn phrase_start_bitmap(phrases: &[(&str, &str)]) -> [u64; 1024] {
    let mut b = [0u64; 1024];
    let mut i = 0;
    while i < phrases.len() {
        let k = phrases[i].0.as_bytes();
        // Decode the first (3-byte BMP, or 4-byte) UTF-8 character by hand.
        if k.len() >= 3 && k[0] >= 0xE0 && k[0] < 0xF0 {
            let c =
                ((k[0] as u32 & 0x0F) << 12) | ((k[1] as u32 & 0x3F) << 6) | (k[2] as u32 & 0x3F);
            b[(c >> 6) as usize] |= 1u64 << (c & 63);
        }
        i += 1;
    }
    b
}

#[allow(clippy::indexing_slicing)]
const fn and_not(a: [u64; 1024], b: [u64; 1024]) -> [u64; 1024] {
    let mut r = a;
    let mut i = 0;
    while i < 1024 {
        r[i] &= !b[i];
        i += 1;
    }
    r
}

#[allow(clippy::indexing_slicing)]
const fn common_bitmap(flag: u8) -> [u64; 1024] {
    let mut b = [0u64; 1024];
    let mut i = 0;
    while i < COMMON_HANZI.len() {
        let (c, f) = COMMON_HANZI[i];
        let c = c as u32;
        if c < 0x10000 && f & flag != 0 {
            b[(c >> 6) as usize] |= 1u64 << (c & 63);
        }
        i += 1;
    }
    b
}

/// GB2312 level-1 hanzi (the simplified-script repertoire).
static GB_L1: [u64; 1024] = common_bitmap(1);
/// Big5 frequent hanzi (the traditional-script repertoire).
static BIG5_COMMON: [u64; 1024] = common_bitmap(2);
/// Either.
static COMMON: [u64; 1024] = common_bitmap(3);

#[allow(clippy::indexing_slicing)]
const fn han_bmp_bitmap() -> [u64; 1024] {
    let mut b = [0u64; 1024];
    let mut c = 0x3400u32;
    while c <= 0x9FFF {
        if c <= 0x4DBF || c >= 0x4E00 {
            b[(c >> 6) as usize] |= 1u64 << (c & 63);
        }
        c += 1;
    }
    b
}

/// BMP ideographs (U+3400–U+4DBF, U+4E00–U+9FFF) that are not common hanzi.
static RARE_HAN: [u64; 1024] = and_not(han_bmp_bitmap(), COMMON);

/// Whether a BMP character is a common hanzi (GB2312 level 1 or Big5 frequent).
pub(crate) fn is_common_bmp(c: char) -> bool {
    bit(&COMMON, c)
}

/// Characters that start a `TSPhrases` key.
static PHRASE_START: [u64; 1024] = phrase_start_bitmap(TS_PHRASES);
/// Keys of `TSCharacters` (BMP).
static CHAR_KEY: [u64; 1024] = bmp_bitmap(TS_CHARS, false, false);
/// Traditional-only characters: keys whose first candidate differs, less those GB2312
/// level 1 holds (乾, 於 … are written in simplified text too).
static TRAD: [u64; 1024] = and_not(bmp_bitmap(TS_CHARS, true, false), GB_L1);
/// Simplified-only characters: first candidates of changing keys that are neither
/// traditional-only nor in Big5's frequent set (二, 里, 干 … are traditional too).
static SIMP: [u64; 1024] = and_not(and_not(bmp_bitmap(TS_CHARS, true, true), TRAD), BIG5_COMMON);

/// Traditional-only or simplified-only: one test rejects the common characters.
static SCRIPT_SPECIFIC: [u64; 1024] = or(TRAD, SIMP);

/// Characters that may change: phrase starts or `TSCharacters` keys.
static ANY: [u64; 1024] = or(PHRASE_START, CHAR_KEY);

/// First code point of [`CLASS`].
const CLASS_FROM: u32 = 0x3000;
/// End (exclusive) of [`CLASS`]: the unified ideographs end at U+9FFF; the table runs on to
/// a power-of-two length (U+A000–U+AFFF are not ideographs) so a masked index needs no
/// bounds check.
const CLASS_TO: u32 = 0xB000;
/// Mask of an index into [`CLASS`].
const CLASS_MASK: u32 = CLASS_TO - CLASS_FROM - 1;
/// [`class`] bit: traditional-only ([`TRAD`]).
pub(crate) const CLS_TRAD: u8 = 1;
/// [`class`] bit: simplified-only ([`SIMP`]).
pub(crate) const CLS_SIMP: u8 = 2;
/// [`class`] bit: a rare ideograph ([`RARE_HAN`]).
pub(crate) const CLS_RARE: u8 = 4;
/// [`class`] bit: may change in conversion ([`ANY`]).
pub(crate) const CLS_ANY: u8 = 8;
/// [`class`] of a code point that is not a BMP ideograph (U+3400–U+4DBF, U+4E00–U+9FFF):
/// every bit set, which no ideograph has (traditional-only and simplified-only exclude
/// each other).
pub(crate) const CLS_NOT_HAN: u8 = 0x0F;

#[allow(clippy::indexing_slicing)]
const fn has(m: &[u64; 1024], c: u32) -> bool {
    m[(c >> 6) as usize] & (1u64 << (c & 63)) != 0
}

#[allow(clippy::indexing_slicing)]
const fn class_table() -> [u8; (CLASS_TO - CLASS_FROM) as usize] {
    let han = han_bmp_bitmap();
    let mut t = [0u8; (CLASS_TO - CLASS_FROM) as usize];
    let mut c = CLASS_FROM;
    while c < CLASS_TO {
        let mut v = 0u8;
        if !has(&han, c) {
            v = CLS_NOT_HAN;
        } else {
            if has(&TRAD, c) {
                v |= CLS_TRAD;
            } else if has(&SIMP, c) {
                v |= CLS_SIMP;
            }
            if has(&RARE_HAN, c) {
                v |= CLS_RARE;
            }
            if has(&ANY, c) {
                v |= CLS_ANY;
            }
        }
        t[(c - CLASS_FROM) as usize] = v;
        c += 1;
    }
    t
}

/// The four bitmaps the per-character loops test, for U+3000–U+AFFF, as one byte per code
/// point (32 KB instead of four 8 KB bitmaps: one lookup, no bit arithmetic).
static CLASS: [u8; (CLASS_TO - CLASS_FROM) as usize] = class_table();

/// For an ideograph U+3400–U+4DBF or U+4E00–U+9FFF, its [`CLS_TRAD`], [`CLS_SIMP`],
/// [`CLS_RARE`] and [`CLS_ANY`] bits; [`CLS_NOT_HAN`] for any other code point.
#[inline]
pub(crate) fn class(cp: u32) -> u8 {
    CLASS
        .get(cp.wrapping_sub(CLASS_FROM) as usize)
        .copied()
        .unwrap_or(CLS_NOT_HAN)
}

/// [`class`] of a code point known to be U+3000–U+AFFF (a three-byte UTF-8 character with
/// lead byte E3–EA): the masked index is always in the table, so the per-character loop
/// that calls this carries no bounds check.
#[inline]
pub(crate) fn class_in_table(cp: u32) -> u8 {
    CLASS
        .get((cp.wrapping_sub(CLASS_FROM) & CLASS_MASK) as usize)
        .copied()
        .unwrap_or(CLS_NOT_HAN)
}

#[allow(clippy::indexing_slicing)]
const fn or(a: [u64; 1024], b: [u64; 1024]) -> [u64; 1024] {
    let mut r = a;
    let mut i = 0;
    while i < 1024 {
        r[i] |= b[i];
        i += 1;
    }
    r
}

#[inline]
fn bit(map: &[u64; 1024], c: char) -> bool {
    bit_u32(map, c as u32)
}

#[inline]
fn bit_u32(map: &[u64; 1024], c: u32) -> bool {
    c < 0x10000
        && map
            .get((c >> 6) as usize)
            .is_some_and(|w| w & (1u64 << (c & 63)) != 0)
}

/// Whether `c` is a traditional-only character (see [`ScriptReport::traditional`]).
pub(crate) fn is_traditional_only(c: char) -> bool {
    bit(&TRAD, c)
}

/// Whether `c` is a simplified-only character (see [`ScriptReport::simplified`]).
pub(crate) fn is_simplified_only(c: char) -> bool {
    bit(&SIMP, c)
}

/// The simplified form of one character (`TSCharacters`' first candidate), or `c` itself.
pub(crate) fn simplify_char(c: char) -> char {
    if is_char_key(c) {
        char_value(c).unwrap_or(c)
    } else {
        c
    }
}

/// Number of BMP `TSCharacters` keys below each 64-code-point block of [`CHAR_KEY`].
#[allow(clippy::indexing_slicing)]
const fn rank_table(map: &[u64; 1024]) -> [u16; 1024] {
    let mut r = [0u16; 1024];
    let mut acc = 0u32;
    let mut i = 0;
    while i < 1024 {
        r[i] = acc as u16;
        acc += map[i].count_ones();
        i += 1;
    }
    r
}

/// With [`CHAR_KEY`], the index in `TS_CHARS` of a BMP key without a search (keys are
/// sorted, BMP ones first).
static CHAR_RANK: [u16; 1024] = rank_table(&CHAR_KEY);

fn char_value(c: char) -> Option<char> {
    let cp = c as u32;
    if cp < 0x10000 {
        let block = (cp >> 6) as usize;
        let w = CHAR_KEY.get(block).copied().unwrap_or(0);
        let b = 1u64 << (cp & 63);
        if w & b == 0 {
            return None;
        }
        let idx = usize::from(CHAR_RANK.get(block).copied().unwrap_or(0))
            + (w & (b - 1)).count_ones() as usize;
        if let Some(&(k, v)) = TS_CHARS.get(idx) {
            if k == c {
                return Some(v);
            }
        }
    }
    TS_CHARS
        .binary_search_by(|(k, _)| k.cmp(&c))
        .ok()
        .and_then(|i| TS_CHARS.get(i))
        .map(|&(_, v)| v)
}

fn is_char_key(c: char) -> bool {
    if (c as u32) < 0x10000 {
        bit(&CHAR_KEY, c)
    } else {
        char_value(c).is_some()
    }
}

/// The first character of every `TSPhrases` key (0 for an empty key), in table order:
/// keys are sorted by their UTF-8 bytes, so by first character too.
#[allow(clippy::indexing_slicing)]
const fn phrase_firsts<const N: usize>(phrases: &[(&str, &str)]) -> [u32; N] {
    let mut out = [0u32; N];
    let mut i = 0;
    while i < N && i < phrases.len() {
        let k = phrases[i].0.as_bytes();
        out[i] = if k.is_empty() {
            0
        } else if k[0] < 0x80 {
            k[0] as u32
        } else if k[0] < 0xE0 && k.len() >= 2 {
            ((k[0] as u32 & 0x1F) << 6) | (k[1] as u32 & 0x3F)
        } else if k[0] < 0xF0 && k.len() >= 3 {
            ((k[0] as u32 & 0x0F) << 12) | ((k[1] as u32 & 0x3F) << 6) | (k[2] as u32 & 0x3F)
        } else if k.len() >= 4 {
            ((k[0] as u32 & 0x07) << 18)
                | ((k[1] as u32 & 0x3F) << 12)
                | ((k[2] as u32 & 0x3F) << 6)
                | (k[3] as u32 & 0x3F)
        } else {
            0
        };
        i += 1;
    }
    out
}

const N_PHRASES: usize = TS_PHRASES.len();
/// First characters of the `TSPhrases` keys: a phrase lookup searches numbers, not strings.
static PHRASE_FIRST: [u32; N_PHRASES] = phrase_firsts::<N_PHRASES>(TS_PHRASES);

/// Longest `TSPhrases` key that `rest` starts with.
fn longest_phrase(rest: &str, first: char) -> Option<(&'static str, &'static str)> {
    let mut buf = [0u8; 4];
    let first_s: &str = first.encode_utf8(&mut buf);
    let lo = PHRASE_FIRST.partition_point(|&k| k < first as u32);
    let mut best: Option<(&'static str, &'static str)> = None;
    for &(k, v) in TS_PHRASES.get(lo..).unwrap_or_default() {
        if !k.starts_with(first_s) {
            break;
        }
        if rest.starts_with(k) && best.is_none_or(|(b, _)| k.len() > b.len()) {
            best = Some((k, v));
        }
    }
    best
}

/// A replacement found by [`convert_tables`].
enum Value {
    Phrase(&'static str),
    Char(char),
}

/// The conversion itself; also returns how many characters changed and, when asked, the
/// offset-map stage.
pub(crate) fn convert_tables<'a>(
    s: &'a str,
    mut map: Option<&mut StageBuilder>,
) -> (Cow<'a, str>, usize) {
    let bytes = s.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0usize;
    let mut changed = 0usize;
    let mut i = 0usize;
    while let Some(&b) = bytes.get(i) {
        // Skip ASCII runs (layout text is full of spaces).
        if b < 0x80 {
            i = crate::scan::find_non_ascii(bytes, i + 1).unwrap_or(bytes.len());
            continue;
        }
        // Three-byte characters (all of CJK's BMP) decoded by hand in a tight loop; most
        // are in neither table and are skipped after one table lookup.
        let mut hit = None;
        if (0xE0..0xF0).contains(&b) {
            // Three bytes at a time (`chunks_exact`: one counter, no slice bookkeeping).
            let mut taken = 0usize;
            for chunk in bytes.get(i..).unwrap_or_default().chunks_exact(3) {
                let &[b0 @ 0xE0..=0xEF, b1, b2] = chunk else {
                    break;
                };
                let cp = ((u32::from(b0) & 0x0F) << 12)
                    | ((u32::from(b1) & 0x3F) << 6)
                    | (u32::from(b2) & 0x3F);
                let cls = class(cp);
                let may_change = if cls == CLS_NOT_HAN {
                    bit_u32(&ANY, cp)
                } else {
                    cls & CLS_ANY != 0
                };
                if may_change {
                    hit = char::from_u32(cp);
                    break;
                }
                taken += 3;
            }
            i += taken;
            if hit.is_none() && taken > 0 {
                continue;
            }
        }
        // The character the loop stopped at (decoded already), or any other.
        let Some(c) = hit.or_else(|| s.get(i..).and_then(|t| t.chars().next())) else {
            i += 1;
            continue;
        };
        let clen = c.len_utf8();
        let phrase = (clen == 3 && bit(&PHRASE_START, c))
            .then(|| s.get(i..).and_then(|rest| longest_phrase(rest, c)))
            .flatten();
        let (key_len, value): (usize, Option<Value>) = match phrase {
            Some((k, v)) => (k.len(), (k != v).then_some(Value::Phrase(v))),
            None if is_char_key(c) => match char_value(c) {
                Some(v) if v != c => (clen, Some(Value::Char(v))),
                _ => (clen, None),
            },
            None => (clen, None),
        };
        if let Some(v) = value {
            let o = out.get_or_insert_with(|| String::with_capacity(s.len()));
            o.push_str(s.get(copied..i).unwrap_or_default());
            let at = o.len();
            match v {
                Value::Phrase(p) => {
                    o.push_str(p);
                    changed += p
                        .chars()
                        .zip(s.get(i..i + key_len).unwrap_or_default().chars())
                        .filter(|(a, b)| a != b)
                        .count();
                }
                Value::Char(d) => {
                    o.push(d);
                    changed += 1;
                }
            }
            // Equal lengths (most characters: three bytes for three) need no edit.
            if o.len() - at != key_len {
                if let Some(m) = map.as_deref_mut() {
                    m.replace(at, o.len() - at, i, key_len);
                }
            }
            copied = i + key_len;
        }
        i += key_len;
    }
    match out {
        None => (Cow::Borrowed(s), 0),
        Some(mut o) => {
            o.push_str(s.get(copied..).unwrap_or_default());
            (Cow::Owned(o), changed)
        }
    }
}

/// Which script a text (or a span of it) is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Script {
    /// Simplified characters (简体): at most 20 % of the script-specific characters are traditional.
    Simplified,
    /// Traditional characters (繁體): at least 80 % of the script-specific characters are traditional.
    Traditional,
    /// Both, in between.
    Mixed,
    /// No script-specific character at all (ASCII, digits, characters common to both).
    Undetermined,
}

crate::named_values!(Script, "script",
    /// `"simplified"`, `"traditional"`, `"mixed"` or `"undetermined"`.
    fn name {
    Simplified => "simplified" | "简体",
    Traditional => "traditional" | "繁体" | "繁體",
    Mixed => "mixed",
    Undetermined => "undetermined",
});

impl Script {
    fn from_counts(traditional: usize, simplified: usize) -> Script {
        let total = traditional + simplified;
        if total == 0 {
            Script::Undetermined
        } else if traditional * 5 >= total * 4 {
            Script::Traditional
        } else if traditional * 5 <= total {
            Script::Simplified
        } else {
            Script::Mixed
        }
    }
}

/// A run of consecutive lines in one script (lines without any script-specific character
/// join the run they sit in).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ScriptSpan {
    /// First line (1-based) of the span.
    pub first_line: usize,
    /// Last line (1-based, inclusive).
    pub last_line: usize,
    /// The span's script.
    pub script: Script,
    /// Traditional-only characters in the span.
    pub traditional: usize,
    /// Simplified-only characters in the span.
    pub simplified: usize,
}

/// Script detected in a text, per document and per span of lines.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ScriptReport {
    /// The document's script.
    pub script: Script,
    /// Traditional-only characters (keys of OpenCC's `TSCharacters` that change and are
    /// not GB2312 level-1 characters).
    pub traditional: usize,
    /// Simplified-only characters (their simplified forms that are not Big5 frequent
    /// characters).
    pub simplified: usize,
    /// Runs of lines by script.
    pub spans: Vec<ScriptSpan>,
    /// Characters changed by conversion to simplified (0 until converted).
    pub converted: usize,
}

impl ScriptReport {
    /// Share of traditional among script-specific characters, in per mille (0–1000), or
    /// `None` when there are none.
    pub fn traditional_permille(&self) -> Option<u32> {
        let total = self.traditional + self.simplified;
        (total > 0).then(|| u32::try_from(self.traditional * 1000 / total).unwrap_or(1000))
    }
}

/// Detect the script of `s`, per document and per span of lines.
///
/// ```
/// use cnbudget_text::{detect_script, Script};
/// let r = detect_script("部門決算\n部门决算");
/// assert_eq!(r.spans.len(), 2);
/// assert_eq!(r.spans[0].script, Script::Traditional);
/// assert_eq!(r.spans[1].script, Script::Simplified);
/// assert_eq!(r.script, Script::Mixed);
/// ```
pub fn detect_script(s: &str) -> ScriptReport {
    detect_script_lines(s).0
}

/// [`detect_script`], also returning the byte offset of every line start (the pass finds
/// them anyway; conversion reuses them).
pub(crate) fn detect_script_lines(s: &str) -> (ScriptReport, Vec<usize>) {
    let mut starts = Vec::with_capacity(s.len() / 64 + 1);
    starts.push(0);
    let mut counter = ScriptCounter::default();
    // One pass over the bytes: only line ends and three-byte characters from U+3000 on
    // (lead bytes E3–EF) matter; four-byte characters are outside both bitmaps.
    let bytes = s.as_bytes();
    let (mut t, mut si) = (0usize, 0usize);
    let mut i = 0usize;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 && b != b'\n' && b != b'\r' {
            // An ASCII run: jump to its end.
            i = crate::scan::find_non_ascii_or2(bytes, i + 1, b'\n', b'\r').unwrap_or(bytes.len());
            continue;
        }
        if b < 0xE3 {
            if b == b'\n' || b == b'\r' {
                if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                counter.end_line(t, si);
                (t, si) = (0, 0);
                starts.push(i + 1);
            }
            i += 1;
            continue;
        }
        if b < 0xF0 {
            // A run of three-byte characters (CJK text): a tight loop, one bitmap test each.
            let start = i;
            while let Some(&[b0, b1, b2]) = bytes
                .get(i..i + 3)
                .and_then(|w| <&[u8; 3]>::try_from(w).ok())
            {
                if !(0xE3..0xF0).contains(&b0) {
                    break;
                }
                let cp = ((u32::from(b0) & 0x0F) << 12)
                    | ((u32::from(b1) & 0x3F) << 6)
                    | (u32::from(b2) & 0x3F);
                if bit_u32(&SCRIPT_SPECIFIC, cp) && cp >= 0x3400 {
                    if bit_u32(&TRAD, cp) {
                        t += 1;
                    } else if bit_u32(&SIMP, cp) {
                        si += 1;
                    }
                }
                i += 3;
            }
            if i == start {
                // Unreachable for a str (a lead byte is followed by its continuation
                // bytes); guarantees progress all the same.
                i += 1;
            }
        } else {
            i += 4;
        }
    }
    counter.end_line(t, si);
    (counter.finish(), starts)
}

/// Script-specific characters of one character, as (traditional, simplified) increments.
#[inline]
pub(crate) fn script_class(cp: u32) -> (usize, usize) {
    if cp >= 0x3400 && bit_u32(&SCRIPT_SPECIFIC, cp) {
        if bit_u32(&TRAD, cp) {
            return (1, 0);
        } else if bit_u32(&SIMP, cp) {
            return (0, 1);
        }
    }
    (0, 0)
}

/// Builds a [`ScriptReport`] line by line (shared by [`detect_script`] and the mojibake
/// scan, which counts the original text on its way); keeps each line's counts so that a few
/// lines can be counted again after a repair.
#[derive(Debug, Default)]
pub(crate) struct ScriptCounter {
    /// (traditional-only, simplified-only) characters of each line.
    lines: Vec<(usize, usize)>,
}

impl ScriptCounter {
    /// A counter with room for `lines` lines.
    pub(crate) fn with_capacity(lines: usize) -> Self {
        Self {
            lines: Vec::with_capacity(lines),
        }
    }

    /// Close the next line, which held `t` traditional-only and `si` simplified-only characters.
    pub(crate) fn end_line(&mut self, t: usize, si: usize) {
        self.lines.push((t, si));
    }

    /// Count 1-based line `line` again from its text (no line break in it).
    pub(crate) fn recount_line(&mut self, line: usize, text: &str) {
        if let Some(slot) = line.checked_sub(1).and_then(|k| self.lines.get_mut(k)) {
            *slot = count_script(text);
        }
    }

    pub(crate) fn finish(self) -> ScriptReport {
        let mut spans: Vec<ScriptSpan> = Vec::new();
        let (mut t_all, mut s_all) = (0usize, 0usize);
        for (k, (t, si)) in self.lines.into_iter().enumerate() {
            let line_no = k + 1;
            t_all += t;
            s_all += si;
            let script = Script::from_counts(t, si);
            match spans.last_mut() {
                Some(sp) if script == Script::Undetermined || sp.script == script => {
                    sp.last_line = line_no;
                    sp.traditional += t;
                    sp.simplified += si;
                }
                Some(sp) if sp.script == Script::Undetermined => {
                    sp.last_line = line_no;
                    sp.traditional += t;
                    sp.simplified += si;
                    sp.script = script;
                }
                _ => spans.push(ScriptSpan {
                    first_line: line_no,
                    last_line: line_no,
                    script,
                    traditional: t,
                    simplified: si,
                }),
            }
        }
        ScriptReport {
            script: Script::from_counts(t_all, s_all),
            traditional: t_all,
            simplified: s_all,
            spans,
            converted: 0,
        }
    }
}

/// Traditional-only and simplified-only characters in `s` (line breaks are not looked at).
fn count_script(s: &str) -> (usize, usize) {
    s.chars()
        .filter(|c| c.len_utf8() == 3)
        .map(|c| script_class(c as u32))
        .fold((0, 0), |(a, b), (x, y)| (a + x, b + y))
}

/// Convert only the lines that belong to traditional spans (or every line when `all`);
/// returns the text, the stage, and the number of characters changed. A text with nothing
/// to convert is returned as it is, without a copy.
pub(crate) fn convert_lines(
    s: String,
    starts: Option<&[usize]>,
    report: &ScriptReport,
    converter: Option<&dyn ScriptConverter>,
    all: bool,
) -> (String, Stage, usize) {
    let converts = |sp: &ScriptSpan| {
        sp.script == Script::Traditional
            || (sp.script == Script::Mixed && report.script == Script::Traditional)
    };
    // Runs of lines to convert (1-based, inclusive), adjacent spans merged.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    if all {
        runs.push((1, usize::MAX));
    } else {
        for sp in report.spans.iter().filter(|sp| converts(sp)) {
            match runs.last_mut() {
                Some(r) if r.1 + 1 == sp.first_line => r.1 = sp.last_line,
                _ => runs.push((sp.first_line, sp.last_line)),
            }
        }
    }
    if runs.is_empty() {
        return (s, Stage::default(), 0);
    }
    // The whole text in one run (a traditional document): converted in place of a copy.
    let lines = report.spans.last().map_or(1, |sp| sp.last_line);
    if converter.is_none()
        && runs.len() == 1
        && runs.first().is_some_and(|r| r.0 == 1 && r.1 >= lines)
    {
        let mut map = StageBuilder::new();
        let (c, k) = convert_tables(&s, Some(&mut map));
        let out = match c {
            Cow::Borrowed(_) => None,
            Cow::Owned(o) => Some(o),
        };
        return (out.unwrap_or(s), map.finish(), k);
    }
    // Line starts: given, or found now that some line is to be converted.
    let computed;
    let starts: &[usize] = match starts {
        Some(st) => st,
        None => {
            computed = crate::offset::line_starts(&s);
            &computed
        }
    };
    let line_start = |n: usize| -> usize {
        n.checked_sub(1)
            .and_then(|k| starts.get(k))
            .copied()
            .unwrap_or(s.len())
    };
    let mut out = String::with_capacity(s.len());
    let mut map = StageBuilder::new();
    let mut changed = 0;
    let mut copied = 0usize;
    for (first, last) in runs {
        let (a, b) = (line_start(first), line_start(last.saturating_add(1)));
        if a >= b {
            continue;
        }
        out.push_str(s.get(copied..a).unwrap_or_default());
        copied = b;
        match converter {
            None => {
                // TSPhrases keys hold no line break: converting the run at once is
                // converting it line by line.
                let chunk = s.get(a..b).unwrap_or_default();
                let mut sub = StageBuilder::new();
                let (c, k) = convert_tables(chunk, Some(&mut sub));
                for e in sub.finish().edits() {
                    map.replace(out.len() + e.out, e.out_len, a + e.src, e.src_len);
                }
                out.push_str(&c);
                changed += k;
            }
            Some(conv) => {
                // Other converters see one line at a time, as documented.
                let run_starts = starts
                    .iter()
                    .copied()
                    .filter(|&x| x >= a && x < b)
                    .chain([b]);
                let mut prev = None;
                for x in run_starts {
                    if let Some(p) = prev {
                        let line = s.get(p..x).unwrap_or_default();
                        let c = conv.convert(line);
                        changed += align(&mut map, out.len(), p, line, &c);
                        out.push_str(&c);
                    }
                    prev = Some(x);
                }
            }
        }
    }
    out.push_str(s.get(copied..).unwrap_or_default());
    (out, map.finish(), changed)
}

/// Record edits for a converted line produced by an arbitrary converter: char by char when
/// the character counts agree, else one edit for the whole line. Returns characters changed.
fn align(map: &mut StageBuilder, out_base: usize, src_base: usize, src: &str, out: &str) -> usize {
    if src.chars().count() == out.chars().count() {
        let (mut o, mut sidx, mut changed) = (0usize, 0usize, 0usize);
        for (a, b) in src.chars().zip(out.chars()) {
            if a != b {
                changed += 1;
                map.replace(out_base + o, b.len_utf8(), src_base + sidx, a.len_utf8());
            }
            o += b.len_utf8();
            sidx += a.len_utf8();
        }
        changed
    } else {
        map.replace(out_base, out.len(), src_base, src.len());
        out.chars().count()
    }
}

/// The OpenCC C library (libopencc ≥ 1.1, through opencc-rust 1.1.19) with config `t2s.json`.
#[cfg(feature = "opencc")]
pub struct OpenCcLibrary {
    inner: opencc_rust::OpenCC,
}

#[cfg(feature = "opencc")]
impl std::fmt::Debug for OpenCcLibrary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OpenCcLibrary(t2s.json)")
    }
}

#[cfg(feature = "opencc")]
impl OpenCcLibrary {
    /// Load libopencc's `t2s.json` (plain OpenCC t2s; not `tw2sp`, which would turn
    /// 指標 into 指针).
    ///
    /// # Errors
    /// [`crate::TextErrorKind::Converter`] when libopencc cannot open the configuration.
    pub fn t2s() -> Result<Self, crate::TextError> {
        Self::with_config("t2s.json")
    }

    /// Load another OpenCC configuration by file name or path.
    ///
    /// # Errors
    /// [`crate::TextErrorKind::Converter`] when libopencc cannot open it.
    pub fn with_config(config: &str) -> Result<Self, crate::TextError> {
        opencc_rust::OpenCC::new(config)
            .map(|inner| Self { inner })
            .map_err(|e| {
                crate::TextError::new(
                    crate::TextErrorKind::Converter,
                    None,
                    format!("{config}: {e}"),
                )
            })
    }
}

#[cfg(feature = "opencc")]
impl ScriptConverter for OpenCcLibrary {
    fn name(&self) -> &str {
        "libopencc"
    }

    fn convert<'a>(&self, s: &'a str) -> Cow<'a, str> {
        // opencc-rust panics on interior NUL (CString); convert the pieces between them.
        let out = if s.contains('\0') {
            s.split('\0')
                .map(|part| self.inner.convert(part))
                .collect::<Vec<_>>()
                .join("\0")
        } else {
            self.inner.convert(s)
        };
        if out == s {
            Cow::Borrowed(s)
        } else {
            Cow::Owned(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The class table agrees with the bitmaps it was built from, on every code point, and
    /// the masked lookup with the checked one wherever it is used.
    #[test]
    fn class_table_matches_bitmaps() {
        for cp in 0u32..0x1_0000 {
            let cls = class(cp);
            if (CLASS_FROM..CLASS_TO).contains(&cp) {
                assert_eq!(class_in_table(cp), cls, "{cp:X}");
            }
            if !matches!(cp, 0x3400..=0x4DBF | 0x4E00..=0x9FFF) {
                assert_eq!(cls, CLS_NOT_HAN, "{cp:X}");
                continue;
            }
            assert_ne!(cls, CLS_NOT_HAN, "{cp:X}");
            let (t, s) = script_class(cp);
            assert_eq!(usize::from(cls & CLS_TRAD), t, "{cp:X}");
            assert_eq!(usize::from((cls & CLS_SIMP) >> 1), s, "{cp:X}");
            assert_eq!(cls & CLS_RARE != 0, bit_u32(&RARE_HAN, cp), "{cp:X}");
            assert_eq!(cls & CLS_ANY != 0, bit_u32(&ANY, cp), "{cp:X}");
        }
    }

    /// The rank lookup finds every `TSCharacters` key as the binary search does, and no other.
    #[test]
    fn char_value_by_rank_matches_search() {
        let search = |c: char| {
            TS_CHARS
                .binary_search_by(|(k, _)| k.cmp(&c))
                .ok()
                .map(|i| TS_CHARS[i].1)
        };
        for cp in (0u32..0x11_0000).filter(|cp| cp % 7 == 0 || (0x3400..0xA000).contains(cp)) {
            if let Some(c) = char::from_u32(cp) {
                assert_eq!(char_value(c), search(c), "{cp:X}");
            }
        }
        for &(k, v) in TS_CHARS {
            assert_eq!(char_value(k), Some(v));
        }
    }

    /// The numeric first characters give the same phrase ranges as comparing strings.
    #[test]
    fn phrase_firsts_match_keys() {
        for (i, (k, _)) in TS_PHRASES.iter().enumerate() {
            let first = k.chars().next().map_or(0, |c| c as u32);
            assert_eq!(PHRASE_FIRST[i], first, "{k}");
        }
        assert!(PHRASE_FIRST.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn glossary() {
        for (t, s) in [
            ("結餘", "结余"),
            ("餘額", "余额"),
            ("指標", "指标"),
            ("計劃", "计划"),
            ("乾燥", "干燥"),
            ("發展", "发展"),
            ("於", "于"),
            ("乾隆", "乾隆"),
        ] {
            assert_eq!(to_simplified(t), s, "{t}");
        }
    }

    /// The byte-level pass agrees with a plain per-character, per-line count.
    fn detect_naive(s: &str) -> Vec<(usize, usize)> {
        let starts = crate::offset::line_starts(s);
        let ends: Vec<usize> = starts.iter().skip(1).copied().chain([s.len()]).collect();
        starts
            .iter()
            .zip(ends)
            .map(|(&a, b)| {
                let line = &s[a..b];
                let t = line
                    .chars()
                    .filter(|&c| c as u32 >= 0x3400 && bit(&TRAD, c))
                    .count();
                let si = line
                    .chars()
                    .filter(|&c| c as u32 >= 0x3400 && !bit(&TRAD, c) && bit(&SIMP, c))
                    .count();
                (t, si)
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn detect_script_matches_naive_count(s in "[a\\r\\n 國国發发乾干於于里裏,。𠀀é]{0,40}") {
            let (report, starts) = detect_script_lines(&s);
            proptest::prop_assert_eq!(&starts, &crate::offset::line_starts(&s));
            let naive = detect_naive(&s);
            let (t, si) = naive.iter().fold((0, 0), |(a, b), (x, y)| (a + x, b + y));
            proptest::prop_assert_eq!((report.traditional, report.simplified), (t, si));
            let per_span: usize = report.spans.iter().map(|sp| sp.last_line - sp.first_line + 1).sum();
            proptest::prop_assert_eq!(per_span, naive.len());
        }
    }

    #[test]
    fn borrowed_when_unchanged() {
        assert!(matches!(to_simplified("部门预算 abc"), Cow::Borrowed(_)));
    }
}
