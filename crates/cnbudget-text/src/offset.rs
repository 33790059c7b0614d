//! Offset maps: from a byte offset in prepared text back to the original document.
//!
//! Every stage that changes text (mojibake repair, pinyin stripping, normalisation, script
//! conversion) records an [`OffsetMap`] stage: a sorted list of *edits* (an output byte range
//! that replaced a source byte range). Between edits text was copied, so an offset maps by a
//! constant shift. Same-length replacements (most traditional → simplified conversions: three
//! UTF-8 bytes for three) need no edit at all, which keeps maps small.

use crate::decode::Encoding;
use crate::error::Position;
use crate::tables::GB18030_SHORT;

/// One replaced range: `out_len` bytes at `out` in the stage's output came from `src_len`
/// bytes at `src` in the stage's input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub(crate) struct Edit {
    pub(crate) out: usize,
    pub(crate) src: usize,
    pub(crate) out_len: usize,
    pub(crate) src_len: usize,
}

/// The edits of one text-changing stage, sorted by output offset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub(crate) struct Stage {
    edits: Vec<Edit>,
}

impl Stage {
    /// Map an output byte offset of this stage to its input byte offset.
    ///
    /// An offset inside a replaced range maps to the start of the source range; an offset
    /// at or after its end maps past the source range.
    pub(crate) fn map(&self, pos: usize) -> usize {
        let idx = self.edits.partition_point(|e| e.out <= pos);
        match idx.checked_sub(1).and_then(|i| self.edits.get(i)) {
            None => pos,
            Some(e) => {
                let out_end = e.out + e.out_len;
                if pos < out_end {
                    e.src
                } else {
                    e.src + e.src_len + (pos - out_end)
                }
            }
        }
    }

    pub(crate) fn is_identity(&self) -> bool {
        self.edits.is_empty()
    }

    pub(crate) fn edits(&self) -> &[Edit] {
        &self.edits
    }
}

/// Records a stage while its output is being written.
#[derive(Debug, Default)]
pub(crate) struct StageBuilder {
    edits: Vec<Edit>,
}

impl StageBuilder {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Record that `out_len` output bytes at `out` replaced `src_len` input bytes at `src`.
    /// Equal lengths need no record (offsets stay consistent at character boundaries).
    pub(crate) fn replace(&mut self, out: usize, out_len: usize, src: usize, src_len: usize) {
        if out_len == src_len {
            return;
        }
        // Merge with the previous edit when adjacent in both texts.
        if let Some(last) = self.edits.last_mut() {
            if last.out + last.out_len == out && last.src + last.src_len == src && out_len == 0 {
                last.src_len += src_len;
                return;
            }
        }
        self.edits.push(Edit {
            out,
            src,
            out_len,
            src_len,
        });
    }

    pub(crate) fn finish(self) -> Stage {
        Stage { edits: self.edits }
    }
}

/// Line starts of `text`: lines end at `\n`, `\r\n` or a lone `\r` (the same rule
/// [`crate::normalize`] uses when it turns all three into `\n`).
pub(crate) fn line_starts(text: &str) -> Vec<usize> {
    line_starts_bytes(text.as_bytes(), 0)
}

/// [`line_starts`] over bytes from `from` (the first line starts at `from`).
fn line_starts_bytes(bytes: &[u8], from: usize) -> Vec<usize> {
    let mut starts = Vec::with_capacity(bytes.len() / 64 + 1);
    starts.push(from);
    let mut i = from;
    while let Some(k) = crate::scan::find2(bytes, i, b'\n', b'\r') {
        i = k;
        if bytes.get(i) == Some(&b'\r') && bytes.get(i + 1) == Some(&b'\n') {
            i += 1;
        }
        starts.push(i + 1);
        i += 1;
    }
    starts
}

/// Number of lines of `text`: lines end at `\n`, `\r\n` or a lone `\r` (an empty text has
/// one line). [`crate::Prepared::text`] has exactly as many lines as its original.
pub fn line_count(text: &str) -> usize {
    line_starts(text).len()
}

/// Where the decoded original came from: its text, its lines, and the byte offset of each
/// line in the original input bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
struct Source {
    text: String,
    line_starts: Vec<usize>,
    line_bytes: Vec<usize>,
    encoding: Encoding,
    bom_len: usize,
}

/// Maps byte offsets of a prepared (or normalised) text back to the original document:
/// to the decoded original text, to line:column, and to the byte offset in the original
/// input bytes.
///
/// ```
/// let p = cnbudget_text::prepare("合計\u{3000}１，８３６.42\r\n第二行".as_bytes());
/// assert_eq!(p.text, "合计 1,836.42\n第二行");
/// let at = p.text.find("第二行").unwrap();
/// let pos = p.offset_map.original_position(at);
/// assert_eq!((pos.line, pos.column), (2, 1));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct OffsetMap {
    /// Stages in the order they were applied; mapping back walks them in reverse.
    stages: Vec<Stage>,
    source: Source,
}

impl Default for OffsetMap {
    /// The map of an empty document (UTF-8, no stage): every offset maps to line 1, column 1.
    fn default() -> OffsetMap {
        OffsetMap::new(String::new(), b"", Encoding::Utf8, 0)
    }
}

impl OffsetMap {
    /// A map with no stage yet over a decoded original.
    pub(crate) fn new(original: String, raw: &[u8], encoding: Encoding, bom_len: usize) -> Self {
        Self::with_exactness(original, raw, encoding, bom_len, false)
    }

    /// [`Self::new`]; `exact` says the caller knows that `original` is byte for byte the
    /// input after its BOM (a borrowed decode), which spares the comparison.
    pub(crate) fn with_exactness(
        original: String,
        raw: &[u8],
        encoding: Encoding,
        bom_len: usize,
        exact: bool,
    ) -> Self {
        let line_starts = line_starts(&original);
        Self::with_line_starts(original, line_starts, raw, encoding, bom_len, exact)
    }

    /// [`Self::with_exactness`] with the line starts of `original` already found (by the
    /// same rule as [`line_starts`]).
    pub(crate) fn with_line_starts(
        original: String,
        line_starts: Vec<usize>,
        raw: &[u8],
        encoding: Encoding,
        bom_len: usize,
        exact: bool,
    ) -> Self {
        // UTF-8 read without loss: the raw lines are the text's lines after the BOM.
        let line_bytes = if exact || raw.get(bom_len..) == Some(original.as_bytes()) {
            line_starts.iter().map(|&k| k + bom_len).collect()
        } else {
            raw_line_starts(raw, encoding, bom_len)
        };
        Self {
            stages: Vec::new(),
            source: Source {
                text: original,
                line_starts,
                line_bytes,
                encoding,
                bom_len,
            },
        }
    }

    /// An identity map over a UTF-8 string (used by [`crate::normalize`]).
    pub(crate) fn for_str(original: &str) -> Self {
        Self::new(original.to_owned(), original.as_bytes(), Encoding::Utf8, 0)
    }

    pub(crate) fn push(&mut self, stage: Stage) {
        if !stage.is_identity() {
            self.stages.push(stage);
        }
    }

    /// The decoded original text (before repair, normalisation and conversion).
    pub fn original_text(&self) -> &str {
        &self.source.text
    }

    /// Whether the prepared text is byte-for-byte aligned with the decoded original
    /// (no stage changed any length).
    pub fn is_identity(&self) -> bool {
        self.stages.is_empty()
    }

    /// Byte offset in the decoded original text ([`Self::original_text`]) of byte `pos` of
    /// the mapped text. Offsets inside a replaced range map to the start of what it replaced;
    /// offsets past the end are clamped.
    pub fn to_original_offset(&self, pos: usize) -> usize {
        let mut p = pos;
        for stage in self.stages.iter().rev() {
            p = stage.map(p);
        }
        let p = p.min(self.source.text.len());
        // Step back to a character boundary.
        let mut q = p;
        while q > 0 && !self.source.text.is_char_boundary(q) {
            q -= 1;
        }
        q
    }

    /// Line, column and original byte offset of byte `pos` of the mapped text.
    pub fn original_position(&self, pos: usize) -> Position {
        self.position_in_original(self.to_original_offset(pos))
    }

    /// Line, column and original byte offset of a byte offset in the decoded original text.
    pub fn position_in_original(&self, offset: usize) -> Position {
        let src = &self.source;
        let offset = offset.min(src.text.len());
        let line_idx = src
            .line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let line_start = src.line_starts.get(line_idx).copied().unwrap_or(0);
        let prefix = src.text.get(line_start..offset).unwrap_or("");
        let column = prefix.chars().count() + 1;
        let byte = match src.encoding {
            Encoding::Utf8 | Encoding::Utf8Bom => src.bom_len + offset,
            enc => {
                let base = src.line_bytes.get(line_idx).copied().unwrap_or(src.bom_len);
                base + encoded_len(prefix, enc)
            }
        };
        Position {
            line: line_idx + 1,
            column,
            byte,
        }
    }

    /// Positions of many byte offsets of the decoded original, sorted ascending, in one pass
    /// (so a 10 MB line with many issues costs linear time, not quadratic).
    pub(crate) fn positions_in_original_sorted(&self, offsets: &[usize]) -> Vec<Position> {
        let src = &self.source;
        let mut out = Vec::with_capacity(offsets.len());
        // Cursor: line index, offset reached, its column and encoded byte count in the line.
        let mut cur: Option<(usize, usize, usize, usize)> = None;
        let utf8 = matches!(src.encoding, Encoding::Utf8 | Encoding::Utf8Bom);
        for &off in offsets {
            let off = off.min(src.text.len());
            // Offsets ascend: the line is the cursor's unless the offset has passed the
            // next line start (a binary search only then).
            let line_idx = match cur {
                Some((l, o, _, _))
                    if o <= off && src.line_starts.get(l + 1).is_none_or(|&next| off < next) =>
                {
                    l
                }
                _ => src
                    .line_starts
                    .partition_point(|&s| s <= off)
                    .saturating_sub(1),
            };
            let line_start = src.line_starts.get(line_idx).copied().unwrap_or(0);
            let (from, mut col, mut enc) = match cur {
                Some((l, o, c, e)) if l == line_idx && o <= off => (o, c, e),
                _ => (line_start, 0, 0),
            };
            let piece = src.text.get(from..off).unwrap_or("");
            if utf8 {
                col += piece.chars().count();
            } else {
                let (chars, bytes) = chars_and_encoded_len(piece, src.encoding);
                col += chars;
                enc += bytes;
            }
            cur = Some((line_idx, off, col, enc));
            let byte = if utf8 {
                src.bom_len + off
            } else {
                src.line_bytes.get(line_idx).copied().unwrap_or(src.bom_len) + enc
            };
            out.push(Position {
                line: line_idx + 1,
                column: col + 1,
                byte,
            });
        }
        out
    }

    /// Byte offset in the decoded original of the start of 1-based `line` (clamped).
    pub(crate) fn original_line_start(&self, line: usize) -> usize {
        let idx = line.saturating_sub(1);
        self.source
            .line_starts
            .get(idx)
            .copied()
            .unwrap_or(self.source.text.len())
    }

    /// Number of lines of the original.
    pub fn original_line_count(&self) -> usize {
        self.source.line_starts.len()
    }
}

/// Bytes `prefix` occupies in `enc` (exact for text that decoded without errors; a
/// replacement character counts as one byte).
fn encoded_len(prefix: &str, enc: Encoding) -> usize {
    match enc {
        Encoding::Utf8 | Encoding::Utf8Bom => prefix.len(),
        Encoding::Utf16Le | Encoding::Utf16Be => prefix.encode_utf16().count() * 2,
        Encoding::Gbk | Encoding::Gb18030 | Encoding::Big5 => {
            let big5 = matches!(enc, Encoding::Big5);
            let mut n = 0;
            // ASCII runs are counted by bytes; each other character by table.
            for c in prefix.chars() {
                n += if c.is_ascii() || c == '\u{FFFD}' {
                    1
                } else if big5 {
                    2
                } else {
                    gb18030_char_len(c)
                };
            }
            n
        }
    }
}

/// Characters of `piece` and [`encoded_len`] of it, in one pass.
fn chars_and_encoded_len(piece: &str, enc: Encoding) -> (usize, usize) {
    match enc {
        Encoding::Gbk | Encoding::Gb18030 | Encoding::Big5 => {
            let big5 = matches!(enc, Encoding::Big5);
            let (mut chars, mut n) = (0, 0);
            for c in piece.chars() {
                chars += 1;
                n += if c.is_ascii() || c == '\u{FFFD}' {
                    1
                } else if big5 {
                    2
                } else {
                    gb18030_char_len(c)
                };
            }
            (chars, n)
        }
        _ => (piece.chars().count(), encoded_len(piece, enc)),
    }
}

/// Non-ASCII BMP characters that GB18030 writes in fewer than four bytes, one bit each
/// (built at compile time from the generated ranges).
// Indexing in a const fn: an out-of-range index is a compile-time error, never a panic.
#[allow(clippy::indexing_slicing)]
const fn gb18030_short_bitmap() -> [u64; 1024] {
    let mut b = [0u64; 1024];
    let mut i = 0;
    while i < GB18030_SHORT.len() {
        let (first, last) = GB18030_SHORT[i];
        let mut c = first as usize;
        while c <= last as usize {
            b[c >> 6] |= 1u64 << (c & 63);
            c += 1;
        }
        i += 1;
    }
    b
}

static GB18030_SHORT_BITS: [u64; 1024] = gb18030_short_bitmap();

/// Bytes a non-ASCII character other than U+FFFD occupies in GB18030: 2 or 4, as
/// encoding_rs's encoder writes it (a character the encoder refuses, U+E5E5, counts 2).
///
/// A table lookup: the encoder itself searches its two-byte tables linearly for characters
/// outside GB2312, which made positions in random or rare-character input cost about
/// 200 ns per character.
fn gb18030_char_len(c: char) -> usize {
    let u = c as u32;
    let short = u < 0x10000
        && GB18030_SHORT_BITS
            .get((u >> 6) as usize)
            .is_some_and(|w| w & (1u64 << (u & 63)) != 0);
    if short { 2 } else { 4 }
}

/// Byte offset in the raw input of each line start (same line rule as [`line_starts`]).
fn raw_line_starts(raw: &[u8], enc: Encoding, bom_len: usize) -> Vec<usize> {
    let mut starts = vec![bom_len];
    match enc {
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let unit = |i: usize| -> Option<u16> {
                let a = *raw.get(i)?;
                let b = *raw.get(i + 1)?;
                Some(if matches!(enc, Encoding::Utf16Le) {
                    u16::from_le_bytes([a, b])
                } else {
                    u16::from_be_bytes([a, b])
                })
            };
            let mut i = bom_len;
            while let Some(u) = unit(i) {
                if u == 0x0A {
                    starts.push(i + 2);
                } else if u == 0x0D {
                    if unit(i + 2) == Some(0x0A) {
                        i += 2;
                    }
                    starts.push(i + 2);
                }
                i += 2;
            }
        }
        _ => return line_starts_bytes(raw, bom_len),
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_maps_shift_and_inside() {
        let mut b = StageBuilder::new();
        // "ab１c" -> "ab1c": 3 bytes at src 2 became 1 byte at out 2.
        b.replace(2, 1, 2, 3);
        let s = b.finish();
        assert_eq!(s.map(0), 0);
        assert_eq!(s.map(2), 2);
        assert_eq!(s.map(3), 5);
    }

    /// What `encoded_len` computed before the table: encode the character with encoding_rs.
    fn gb18030_len_by_encoder(c: char) -> usize {
        let mut buf = [0u8; 4];
        let mut out = [0u8; 8];
        let (_, _, written) = encoding_rs::GB18030
            .new_encoder()
            .encode_from_utf8_without_replacement(c.encode_utf8(&mut buf), &mut out, true);
        if written >= 4 { 4 } else { 2 }
    }

    #[test]
    fn gb18030_char_len_agrees_with_the_encoder() {
        // Every 7th character of the BMP (the codegen test compares all of them), the
        // special cases, and characters beyond the BMP.
        let special = [
            '\u{80}', '\u{20AC}', '\u{E5E5}', '\u{3000}', '\u{4E00}', '\u{9FA5}', '\u{9FA6}',
            '\u{E78D}', '\u{FE17}', '\u{FFFF}',
        ];
        let astral = ['\u{10000}', '\u{20087}', '\u{2A6D6}', '\u{10FFFF}'];
        let sampled = (0x80u32..0x10000).step_by(7).filter_map(char::from_u32);
        for c in sampled.chain(special).chain(astral) {
            assert_eq!(
                gb18030_char_len(c),
                gb18030_len_by_encoder(c),
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn encoded_len_counts_gbk_and_big5_bytes() {
        let s = "2023年预算\u{3000}€ä\u{20087}\u{FFFD}";
        let (gbk, _, _) = encoding_rs::GB18030.encode(s);
        // U+FFFD counts as the one undecodable byte it usually stands for.
        assert_eq!(encoded_len(s, Encoding::Gb18030), gbk.len() - 4 + 1);
        assert_eq!(encoded_len("預算ab", Encoding::Big5), 6);
    }

    #[test]
    fn line_starts_handles_cr_crlf_lf() {
        assert_eq!(line_starts("a\r\nb\rc\nd"), vec![0, 3, 5, 7]);
        assert_eq!(line_count(""), 1);
    }
}
