//! Bytes → text: BOM, UTF-8, else GB18030/GBK or Big5 chosen by scoring the decoded text.

use std::borrow::Cow;
use std::str::FromStr;

use crate::error::{Position, TextError, TextErrorKind};
use crate::tables::COMMON_HANZI;

/// The encoding a document was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Encoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark (`EF BB BF`, not part of the text).
    Utf8Bom,
    /// UTF-16 little-endian (BOM `FF FE`, or detected from NUL bytes).
    Utf16Le,
    /// UTF-16 big-endian (BOM `FE FF`, or detected from NUL bytes).
    Utf16Be,
    /// GBK (no GB18030 four-byte sequence seen); decoded with the GB18030 decoder.
    Gbk,
    /// GB18030 (four-byte sequences seen).
    Gb18030,
    /// Big5 (WHATWG Big5, i.e. Big5-HKSCS as browsers read it).
    Big5,
}

impl Encoding {
    /// The usual name (`"UTF-8"`, `"GBK"`, `"Big5"`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (BOM)",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Gbk => "GBK",
            Encoding::Gb18030 => "GB18030",
            Encoding::Big5 => "Big5",
        }
    }

    /// Parse a name as [`Encoding::name`] writes it, a common label (`gb2312`, `cp936`,
    /// `utf-16le`, ...) or the serde name (`utf16_le`), case-insensitively. [`FromStr`]
    /// does the same.
    ///
    /// # Errors
    /// [`TextErrorKind::UnsupportedEncoding`] for any other label.
    pub fn from_label(label: &str) -> Result<Self, TextError> {
        let l = label.trim().to_ascii_lowercase();
        Ok(match l.as_str() {
            "utf-8" | "utf8" => Encoding::Utf8,
            "utf-8 (bom)" | "utf-8-bom" | "utf-8-sig" | "utf8_bom" => Encoding::Utf8Bom,
            "utf-16le" | "utf-16" | "utf16_le" => Encoding::Utf16Le,
            "utf-16be" | "utf16_be" => Encoding::Utf16Be,
            "gbk" | "gb2312" | "cp936" | "x-gbk" => Encoding::Gbk,
            "gb18030" => Encoding::Gb18030,
            "big5" | "big5-hkscs" | "cp950" => Encoding::Big5,
            _ => {
                return Err(TextError::new(
                    TextErrorKind::UnsupportedEncoding,
                    None,
                    format!("{label:?}"),
                ));
            }
        })
    }

    fn rs(self) -> &'static encoding_rs::Encoding {
        match self {
            Encoding::Utf8 | Encoding::Utf8Bom => encoding_rs::UTF_8,
            Encoding::Utf16Le => encoding_rs::UTF_16LE,
            Encoding::Utf16Be => encoding_rs::UTF_16BE,
            Encoding::Gbk | Encoding::Gb18030 => encoding_rs::GB18030,
            Encoding::Big5 => encoding_rs::BIG5,
        }
    }
}

impl std::fmt::Display for Encoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Encoding {
    type Err = TextError;

    /// As [`Encoding::from_label`].
    fn from_str(s: &str) -> Result<Encoding, TextError> {
        Encoding::from_label(s)
    }
}

impl Encoding {
    /// Every encoding, in declaration order.
    pub const ALL: &'static [Encoding] = &[
        Encoding::Utf8,
        Encoding::Utf8Bom,
        Encoding::Utf16Le,
        Encoding::Utf16Be,
        Encoding::Gbk,
        Encoding::Gb18030,
        Encoding::Big5,
    ];
}

/// A decoded document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// The text (borrowed from the input when it was valid UTF-8 without BOM).
    pub text: Cow<'a, str>,
    /// The encoding it was read in.
    pub encoding: Encoding,
    /// Length of the byte-order mark skipped at the start (0, 2 or 3).
    pub bom_len: usize,
    /// How many bytes could not be decoded (each became U+FFFD in `text`).
    pub malformed: usize,
}

/// Decode `bytes`, detecting the encoding. Never fails: undecodable bytes become U+FFFD and
/// are counted in [`Decoded::malformed`] ([`crate::prepare`] reports where).
///
/// ```
/// use cnbudget_text::{decode, Encoding};
/// let (gbk, _, _) = encoding_rs::GBK.encode("一般公共预算财政拨款收入");
/// let d = decode(&gbk);
/// assert_eq!(d.encoding, Encoding::Gbk);
/// assert_eq!(d.text, "一般公共预算财政拨款收入");
/// ```
pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    if let Some((enc, bom_len)) = bom(bytes) {
        return decode_as_inner(bytes, enc, bom_len);
    }
    // simdutf8 validates UTF-8 about ten times faster than encoding_rs (and encoding_rs
    // several times faster than `std::str::from_utf8`) on CJK text; same answer, borrowed.
    if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        return Decoded {
            text: Cow::Borrowed(s),
            encoding: Encoding::Utf8,
            bom_len: 0,
            malformed: 0,
        };
    }
    // Candidates: GB18030, Big5, lossy UTF-8, and UTF-16 when NUL bytes sit on one side
    // only. Score each decoded text.
    let utf16 = sniff_utf16(bytes);
    let mut best: Option<(i64, Decoded<'_>)> = None;
    for enc in [Encoding::Gb18030, Encoding::Big5, Encoding::Utf8]
        .into_iter()
        .chain(utf16)
    {
        // Lossy UTF-8 is scored from its valid pieces and decoded only if it wins (on
        // GBK or random bytes it never does, and its text is up to three times the input).
        // Each candidate after the first is given up as soon as it cannot score more than
        // the best so far (random bytes: most of Big5 and UTF-8 is never looked at).
        let beat = best.as_ref().map(|(b, _)| *b);
        if enc == Encoding::Utf8 {
            if let Some(s) = utf8_lossy_score(bytes, beat) {
                if beat.is_none_or(|b| s > b) {
                    best = Some((s, decode_as_inner(bytes, enc, 0)));
                }
            }
            continue;
        }
        // UTF-16 text is mostly ASCII in two bytes each: no limit from high bytes.
        let limit = if matches!(enc, Encoding::Utf16Le | Encoding::Utf16Be) {
            None
        } else {
            beat
        };
        let Some((text, malformed, s)) = decode_scored(bytes, enc.rs(), Some(limit)) else {
            continue;
        };
        if beat.is_none_or(|b| s > b) {
            let text = Cow::Owned(text);
            best = Some((
                s,
                Decoded {
                    text,
                    encoding: enc,
                    bom_len: 0,
                    malformed,
                },
            ));
        }
    }
    match best {
        Some((_, mut d)) => {
            if d.encoding == Encoding::Gb18030 && !has_four_byte_gb18030(bytes) {
                d.encoding = Encoding::Gbk;
            }
            d
        }
        None => decode_as_inner(bytes, Encoding::Utf8, 0),
    }
}

/// Decode `bytes` as `encoding` (a BOM matching it is skipped). Never fails.
pub fn decode_as(bytes: &[u8], encoding: Encoding) -> Decoded<'_> {
    let bom_len = match bom(bytes) {
        Some((e, n)) if same_family(e, encoding) => n,
        _ => 0,
    };
    decode_as_inner(bytes, encoding, bom_len)
}

/// Like [`decode`], but fails on the first undecodable byte.
///
/// # Errors
/// [`TextErrorKind::MalformedInput`] with the line and column (in the decoded text) of the first
/// replacement character.
///
/// ```
/// let err = cnbudget_text::decode_strict(b"ok\n\xff\xfe\xfd\xfc\x80x").unwrap_err();
/// assert_eq!(err.kind(), cnbudget_text::TextErrorKind::MalformedInput);
/// assert_eq!(err.position().map(|p| p.line), Some(2));
/// ```
pub fn decode_strict(bytes: &[u8]) -> Result<Decoded<'_>, TextError> {
    let d = decode(bytes);
    if d.malformed == 0 {
        return Ok(d);
    }
    let at = d.text.find('\u{FFFD}').unwrap_or(0);
    let map = crate::offset::OffsetMap::new(d.text.to_string(), bytes, d.encoding, d.bom_len);
    let pos: Position = map.position_in_original(at);
    Err(TextError::new(
        TextErrorKind::MalformedInput,
        Some(pos),
        format!(
            "{} undecodable byte sequence(s) as {}",
            d.malformed, d.encoding
        ),
    ))
}

fn same_family(a: Encoding, b: Encoding) -> bool {
    matches!(
        (a, b),
        (Encoding::Utf8Bom, Encoding::Utf8 | Encoding::Utf8Bom)
            | (Encoding::Utf16Le, Encoding::Utf16Le)
            | (Encoding::Utf16Be, Encoding::Utf16Be)
    )
}

fn bom(bytes: &[u8]) -> Option<(Encoding, usize)> {
    match bytes {
        [0xEF, 0xBB, 0xBF, ..] => Some((Encoding::Utf8Bom, 3)),
        [0xFF, 0xFE, ..] => Some((Encoding::Utf16Le, 2)),
        [0xFE, 0xFF, ..] => Some((Encoding::Utf16Be, 2)),
        _ => None,
    }
}

fn decode_as_inner(bytes: &[u8], enc: Encoding, bom_len: usize) -> Decoded<'_> {
    let body = bytes.get(bom_len..).unwrap_or_default();
    let mut malformed = 0usize;
    let text: Cow<'_, str> = match enc {
        Encoding::Utf8 | Encoding::Utf8Bom => match simdutf8::basic::from_utf8(body) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => {
                let s = String::from_utf8_lossy(body).into_owned();
                malformed =
                    count_replacements(&s).saturating_sub(count_replacements_valid_utf8(body));
                Cow::Owned(s)
            }
        },
        _ => {
            let (t, bad) = decode_counting(body, enc.rs());
            malformed = bad;
            Cow::Owned(t)
        }
    };
    Decoded {
        text,
        encoding: enc,
        bom_len,
        malformed,
    }
}

/// U+FFFD in UTF-8.
const REPLACEMENT: &[u8] = "\u{FFFD}".as_bytes();

fn count_replacements(s: &str) -> usize {
    count_replacements_valid_utf8(s.as_bytes())
}

/// Decode `body` as `enc` (no BOM handling) with a U+FFFD for each malformed sequence, as
/// `decode_without_bom_handling` does, counting them on the way (counting afterwards cost a
/// search per replacement character: a tenth of preparing random bytes).
fn decode_counting(body: &[u8], enc: &'static encoding_rs::Encoding) -> (String, usize) {
    decode_scored(body, enc, None).map_or_else(|| (String::new(), 0), |(t, m, _)| (t, m))
}

/// Points the input can still add per byte ≥ 0x80 left: a character that scores (+2 or +1)
/// is decoded from a sequence with a lead byte ≥ 0x80 of its own (GB18030, Big5), or from
/// two or more such bytes (UTF-8); the four Big5 pairs that decode to two characters give
/// Latin letters with combining marks, which score −1 each.
const MAX_POINTS_PER_HIGH_BYTE: i64 = 2;
/// Points that bytes a decoder holds back (at most three) can still add.
const PENDING_SLACK: i64 = 16;

/// Bytes 0x80 and above: every non-ASCII character of GB18030, Big5 or UTF-8 takes one.
fn count_high(bytes: &[u8]) -> i64 {
    let n = bytes.iter().filter(|&&b| b >= 0x80).count();
    i64::try_from(n).unwrap_or(i64::MAX / 8)
}

/// [`decode_counting`]; with `scoring = Some(beat)` also the score of the text, and
/// `None` as soon as the text cannot score more than `beat` (`Some(None)`: no such limit).
/// The limit is safe: what is left of the input can add at most
/// [`MAX_POINTS_PER_HIGH_BYTE`] per byte ≥ 0x80, and replacement characters only subtract.
fn decode_scored(
    body: &[u8],
    enc: &'static encoding_rs::Encoding,
    scoring: Option<Option<i64>>,
) -> Option<(String, usize, i64)> {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(
        decoder
            .max_utf8_buffer_length(body.len())
            .unwrap_or(body.len()),
    );
    let mut src = body;
    let mut malformed = 0usize;
    let mut score = 0i64;
    let beat = scoring.flatten();
    let mut high_left = if beat.is_some() { count_high(body) } else { 0 };
    loop {
        let before = out.len();
        let (res, read) = decoder.decode_to_string_without_replacement(src, &mut out, true);
        if scoring.is_some() {
            score += score_chars(out.get(before..).unwrap_or_default());
        }
        if beat.is_some() {
            high_left -= count_high(src.get(..read).unwrap_or_default());
        }
        src = src.get(read..).unwrap_or_default();
        match res {
            encoding_rs::DecoderResult::InputEmpty => break,
            encoding_rs::DecoderResult::Malformed(_, _) => {
                out.push('\u{FFFD}');
                malformed += 1;
                score -= 10;
            }
            encoding_rs::DecoderResult::OutputFull => {
                // Only when the capacity computation overflowed: grow and go on.
                let more = decoder
                    .max_utf8_buffer_length_without_replacement(src.len())
                    .unwrap_or(src.len())
                    .max(16);
                out.reserve(more);
            }
        }
        if let Some(b) = beat {
            if score + MAX_POINTS_PER_HIGH_BYTE * high_left.max(0) + PENDING_SLACK <= b {
                return None;
            }
        }
    }
    Some((out, malformed, score))
}

/// Replacement characters already present as valid UTF-8 (`EF BF BD`) in a byte string.
/// (A SIMD substring search: `str::matches` looks for the last byte, BD, which is a
/// common continuation byte in text decoded from random bytes.)
fn count_replacements_valid_utf8(b: &[u8]) -> usize {
    memchr::memmem::find_iter(b, REPLACEMENT).count()
}

/// UTF-16 without BOM: NUL bytes (high bytes of ASCII) on one parity only.
fn sniff_utf16(bytes: &[u8]) -> Option<Encoding> {
    let sample = bytes.get(..bytes.len().min(64 * 1024)).unwrap_or(bytes);
    if sample.len() < 4 || sample.len() % 2 == 1 && bytes.len() == sample.len() {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, &b) in sample.iter().enumerate() {
        if b == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    if odd > 0 && even * 20 <= odd {
        Some(Encoding::Utf16Le)
    } else if even > 0 && odd * 20 <= even {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

fn has_four_byte_gb18030(bytes: &[u8]) -> bool {
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if (0x81..=0xFE).contains(&b) {
            if let Some(&t) = bytes.get(i + 1) {
                if t.is_ascii_digit() {
                    return true;
                }
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    false
}

/// Whether `c` is one of the ~6,800 common hanzi (GB2312 level 1 or Big5 frequent).
pub(crate) fn is_common_hanzi(c: char) -> bool {
    if (c as u32) < 0x10000 {
        crate::script::is_common_bmp(c)
    } else {
        COMMON_HANZI.binary_search_by(|(k, _)| k.cmp(&c)).is_ok()
    }
}

/// The score of a decoded text: higher is more plausible; common hanzi count for, rare
/// non-ASCII and replacement characters against ([`score_chars`] − 10 per undecodable
/// sequence). `decode` computes it while decoding ([`decode_scored`]); this is the plain
/// definition the tests hold it to.
#[cfg(test)]
fn score(text: &str, malformed: usize) -> i64 {
    score_chars(text) - 10 * i64::try_from(malformed).unwrap_or(i64::MAX / 20)
}

/// The score of the text `String::from_utf8_lossy(bytes)` would make (one U+FFFD per
/// invalid piece), without making it.
///
/// With `beat`, `None` as soon as the score cannot exceed it (as in [`decode_scored`]).
fn utf8_lossy_score(bytes: &[u8], beat: Option<i64>) -> Option<i64> {
    let mut s = 0i64;
    let mut high_left = if beat.is_some() { count_high(bytes) } else { 0 };
    for chunk in bytes.utf8_chunks() {
        s += score_chars(chunk.valid());
        if !chunk.invalid().is_empty() {
            s -= 10;
        }
        if let Some(b) = beat {
            high_left -= count_high(chunk.valid().as_bytes()) + count_high(chunk.invalid());
            if s + MAX_POINTS_PER_HIGH_BYTE * high_left.max(0) + PENDING_SLACK <= b {
                return None;
            }
        }
    }
    Some(s)
}

/// The characters' part of the score: +2 per common hanzi, +1 per CJK or full-width
/// punctuation, −1 per other non-ASCII character (ASCII and U+FFFD count nothing).
fn score_chars(text: &str) -> i64 {
    let mut s: i64 = 0;
    for c in text.chars() {
        if c.is_ascii() {
            continue;
        }
        if c == '\u{FFFD}' {
            continue;
        }
        if is_common_hanzi(c) {
            s += 2;
        } else if matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}') {
            s += 1;
        } else {
            s -= 1;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy as _;

    #[test]
    fn utf8_borrowed() {
        let d = decode("预算".as_bytes());
        assert!(matches!(d.text, Cow::Borrowed(_)));
        assert_eq!(d.encoding, Encoding::Utf8);
    }

    proptest::proptest! {
        /// Scoring lossy UTF-8 without decoding it gives the score of the decoded text.
        #[test]
        fn utf8_lossy_score_is_the_decoded_score(bytes in proptest::collection::vec(
            proptest::prop_oneof![proptest::num::u8::ANY, proptest::sample::select(vec![0xEFu8, 0xBF, 0xBD, 0xE4, 0xB8, 0x80])],
            0..64,
        )) {
            let d = decode_as_inner(&bytes, Encoding::Utf8, 0);
            proptest::prop_assert_eq!(utf8_lossy_score(&bytes, None), Some(score(&d.text, d.malformed)));
        }
    }

    proptest::proptest! {
        /// Decoding while counting gives encoding_rs's text, and one count per U+FFFD it
        /// inserted.
        #[test]
        fn decode_counting_matches_encoding_rs(bytes in proptest::collection::vec(
            proptest::prop_oneof![proptest::num::u8::ANY, proptest::sample::select(vec![0x81u8, 0x30, 0xA4, 0x40, 0xFE, b'\n'])],
            0..64,
        )) {
            for enc in [encoding_rs::GB18030, encoding_rs::BIG5, encoding_rs::UTF_16LE, encoding_rs::UTF_16BE] {
                let (want, had_errors) = enc.decode_without_bom_handling(&bytes);
                let (got, malformed) = decode_counting(&bytes, enc);
                proptest::prop_assert_eq!(&got, &want);
                proptest::prop_assert_eq!(malformed > 0, had_errors);
                proptest::prop_assert!(malformed <= count_replacements(&want));
            }
        }
    }

    /// The candidates scored in full, as `decode` did before it gave up on hopeless ones.
    fn decode_exhaustive(bytes: &[u8]) -> (Encoding, String, usize) {
        let mut best: Option<(i64, Decoded<'_>)> = None;
        for enc in [Encoding::Gb18030, Encoding::Big5, Encoding::Utf8]
            .into_iter()
            .chain(sniff_utf16(bytes))
        {
            let d = decode_as_inner(bytes, enc, 0);
            let s = score(&d.text, d.malformed);
            if best.as_ref().is_none_or(|(b, _)| s > *b) {
                best = Some((s, d));
            }
        }
        let d = best.unwrap().1;
        (d.encoding, d.text.into_owned(), d.malformed)
    }

    proptest::proptest! {
        /// Giving up on candidates that cannot win changes no choice.
        #[test]
        fn decode_chooses_as_exhaustive_scoring(parts in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::collection::vec(proptest::num::u8::ANY, 0..8),
                proptest::sample::select(vec!["预算", "醫療", "資金", "一般公共", "ab", "\u{3000}", "，"]).prop_flat_map(|s| {
                    proptest::sample::select(vec![
                        encoding_rs::GBK.encode(s).0.into_owned(),
                        encoding_rs::BIG5.encode(s).0.into_owned(),
                        s.as_bytes().to_vec(),
                    ])
                }),
            ],
            0..24,
        )) {
            let bytes: Vec<u8> = parts.concat();
            if bom(&bytes).is_some() || simdutf8::basic::from_utf8(&bytes).is_ok() {
                return Ok(());
            }
            let d = decode(&bytes);
            let (enc, text, malformed) = decode_exhaustive(&bytes);
            let enc_d = if d.encoding == Encoding::Gbk { Encoding::Gb18030 } else { d.encoding };
            proptest::prop_assert_eq!(enc_d, enc);
            proptest::prop_assert_eq!(d.text.as_ref(), text.as_str());
            proptest::prop_assert_eq!(d.malformed, malformed);
        }
    }

    #[test]
    fn random_bytes_choose_as_exhaustive_scoring() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let bytes: Vec<u8> = (0..200_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .collect();
        let d = decode(&bytes);
        let (enc, text, _) = decode_exhaustive(&bytes);
        let enc_d = if d.encoding == Encoding::Gbk {
            Encoding::Gb18030
        } else {
            d.encoding
        };
        assert_eq!(enc_d, enc);
        assert_eq!(d.text, text);
    }

    #[test]
    fn big5_detected() {
        let (b, _, _) = encoding_rs::BIG5.encode("重慶市武隆區醫療保障局關於部門決算");
        let d = decode(&b);
        assert_eq!(d.encoding, Encoding::Big5);
        assert_eq!(d.text, "重慶市武隆區醫療保障局關於部門決算");
    }
}
