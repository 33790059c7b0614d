//! One-pass normalisation with an offset map (rules on [`normalize`]).

use crate::offset::{OffsetMap, Stage, StageBuilder};
use crate::tables::COMPAT_IDEOGRAPHS;

/// Normalised text and the map back to the input.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Normalized {
    /// The normalised text.
    pub text: String,
    /// Maps byte offsets of `text` back to the input string.
    pub offset_map: OffsetMap,
}

/// Normalise `s` in one pass, keeping a map back to it.
///
/// Rules (each keeps the line count: nothing adds or removes a line):
///
/// | input | output |
/// |---|---|
/// | `\r\n`, lone `\r` | `\n` |
/// | U+3000, NBSP, U+2000–U+200A, U+202F, U+205F, U+1680, U+0085, U+2028, U+2029 | space |
/// | U+200B–U+200F, U+2060, U+FEFF, U+00AD, U+180E (zero-width, marks, soft hyphen) | removed |
/// | full-width digits `０-９` and letters `Ａ-Ｚ ａ-ｚ` | ASCII |
/// | full-width `（ ） ： ％ ＋ － ． ／ ＝ ＜ ＞ ［ ］ ＿ ＃ ＆ ＊ ＠`, and U+2212 minus | ASCII, **everywhere** |
/// | full-width `，` between a digit and exactly three digits (`1，836.42`) | `,` |
/// | Kangxi radicals, radical forms and CJK compatibility ideographs (`⼀⼤⽇` …) | unified ideographs |
///
/// Prose punctuation stays: `，` elsewhere, `。 、 ； “ ” ！ ？ 《 》`. `\t` and form feeds
/// (`\f`, page breaks in `pdftotext` output) are kept as they are.
///
/// Folding `（）：` everywhere is deliberate: table headings such as `单位：万元` and notes such
/// as `（备注：…）` then read the same whichever width the document used (`单位:万元`,
/// `(备注:…)`), and the rule stays idempotent and context-free.
///
///
/// ```
/// let n = cnbudget_text::normalize("合计：１，８３６.42\u{3000}万元\r\n⼀般公共预算（本级）");
/// assert_eq!(n.text, "合计:1,836.42 万元\n一般公共预算(本级)");
/// // "万元" in the output points at "万元" in the input.
/// let at = n.text.find("万元").unwrap();
/// let orig = n.offset_map.to_original_offset(at);
/// assert!(n.offset_map.original_text()[orig..].starts_with("万元"));
/// ```
pub fn normalize(s: &str) -> Normalized {
    let mut offset_map = OffsetMap::for_str(s);
    let (text, stage, _) = normalize_stage(s);
    offset_map.push(stage);
    Normalized { text, offset_map }
}

/// Lead bytes of UTF-8 sequences that may need a change (plus `\r`).
static NEEDS_CHECK: [bool; 256] = needs_check();

// Indexing in a const fn: an out-of-range index is a compile-time error, never a panic.
#[allow(clippy::indexing_slicing)]
const fn needs_check() -> [bool; 256] {
    let mut t = [false; 256];
    t[b'\r' as usize] = true;
    t[0xC2] = true; // U+0080–U+00BF: NEL, NBSP, soft hyphen
    t[0xE1] = true; // U+1000–U+1FFF: U+1680, U+180E
    t[0xE2] = true; // U+2000–U+2FFF: spaces, zero-width, minus, radicals
    t[0xE3] = true; // U+3000–U+3FFF: ideographic space
    t[0xEF] = true; // U+F000–U+FFFF: compatibility ideographs, full-width forms, BOM
    t[0xF0] = true; // U+2F800–U+2FA1F: compatibility supplement
    t
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Act {
    Keep,
    To(char),
    Remove,
}

fn act(c: char) -> Act {
    match c {
        '\u{00A0}'
        | '\u{0085}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{2028}'
        | '\u{2029}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}' => Act::To(' '),
        '\u{00AD}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' => Act::Remove,
        '\u{2212}' => Act::To('-'),
        '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => fold_ff(c),
        '（' | '）' | '：' | '％' | '＋' | '－' | '．' | '／' | '＝' | '＜' | '＞' | '［'
        | '］' | '＿' | '＃' | '＆' | '＊' | '＠' => fold_ff(c),
        '\u{2E80}'..='\u{2FDF}' | '\u{F900}'..='\u{FAFF}' | '\u{2F800}'..='\u{2FA1F}' => {
            match COMPAT_IDEOGRAPHS.binary_search_by(|(k, _)| k.cmp(&c)) {
                Ok(i) => COMPAT_IDEOGRAPHS
                    .get(i)
                    .map_or(Act::Keep, |&(_, to)| Act::To(to)),
                Err(_) => Act::Keep,
            }
        }
        _ => Act::Keep,
    }
}

/// Full-width form U+FF01–U+FF5E → ASCII U+0021–U+007E.
fn fold_ff(c: char) -> Act {
    char::from_u32(c as u32 - 0xFEE0).map_or(Act::Keep, Act::To)
}

/// The normalised form of the next significant character at or after `i` (removed
/// characters skipped), and the index after it.
fn next_norm(s: &str, mut i: usize) -> Option<(char, usize)> {
    loop {
        let c = s.get(i..)?.chars().next()?;
        i += c.len_utf8();
        match act(c) {
            Act::Remove => continue,
            Act::To(d) => return Some((d, i)),
            Act::Keep => return Some((if c == '\r' { '\n' } else { c }, i)),
        }
    }
}

/// Whether a `，` ending at byte `i` is followed by exactly three digits (after normalisation).
fn three_digits_follow(s: &str, i: usize) -> bool {
    let mut j = i;
    for _ in 0..3 {
        match next_norm(s, j) {
            Some((c, k)) if c.is_ascii_digit() => j = k,
            _ => return false,
        }
    }
    !matches!(next_norm(s, j), Some((c, _)) if c.is_ascii_digit())
}

/// Whether normalisation must look at the character starting at byte `i` of `bytes`: `\r`,
/// and every character whose lead byte may start a change (U+3000 for lead E3).
#[inline]
pub(crate) fn needs_visit(bytes: &[u8], i: usize) -> bool {
    match bytes.get(i) {
        Some(0xE3) => bytes.get(i + 1..i + 3) == Some(&[0x80, 0x80][..]),
        Some(&b) => NEEDS_CHECK.get(usize::from(b)).copied().unwrap_or(true),
        None => false,
    }
}

/// The output of a normalisation pass being written (allocated at the first change).
struct Writer<'a> {
    s: &'a str,
    out: Option<String>,
    map: StageBuilder,
    /// Bytes of `s` before this index are already handled.
    copied: usize,
    /// An ideograph was changed (radicals and compatibility ideographs).
    ideographs: bool,
}

impl<'a> Writer<'a> {
    fn new(s: &'a str) -> Self {
        Self {
            s,
            out: None,
            map: StageBuilder::new(),
            copied: 0,
            ideographs: false,
        }
    }

    /// Normalise the character at byte `i` (one [`needs_visit`] accepts); returns its length.
    fn visit(&mut self, i: usize) -> Option<usize> {
        let (s, bytes) = (self.s, self.s.as_bytes());
        let c = s.get(i..).and_then(|t| t.chars().next())?;
        let clen = c.len_utf8();
        let replacement: Option<Option<char>> = if c == '\r' {
            if bytes.get(i + 1) == Some(&b'\n') {
                Some(None) // drop the CR of CRLF
            } else {
                Some(Some('\n'))
            }
        } else if c == '，' {
            let prev_digit = if self.copied < i {
                i.checked_sub(1)
                    .and_then(|j| bytes.get(j))
                    .is_some_and(u8::is_ascii_digit)
            } else {
                self.out
                    .as_deref()
                    .and_then(|o| o.as_bytes().last())
                    .is_some_and(u8::is_ascii_digit)
            };
            if prev_digit && three_digits_follow(s, i + clen) {
                Some(Some(','))
            } else {
                None
            }
        } else {
            match act(c) {
                Act::Keep => None,
                Act::To(d) => {
                    self.ideographs |=
                        (c as u32) >= 0x2E80 && !matches!(c, '\u{3000}' | '\u{FF01}'..='\u{FF5E}');
                    Some(Some(d))
                }
                Act::Remove => Some(None),
            }
        };
        if let Some(rep) = replacement {
            let out = self
                .out
                .get_or_insert_with(|| String::with_capacity(s.len()));
            out.push_str(s.get(self.copied..i).unwrap_or_default());
            let at = out.len();
            let mut n = 0;
            if let Some(d) = rep {
                out.push(d);
                n = d.len_utf8();
            }
            self.map.replace(at, n, i, clen);
            self.copied = i + clen;
        }
        Some(clen)
    }

    /// The text (`None`: unchanged), the stage, and whether an ideograph changed.
    fn finish(self) -> (Option<String>, Stage, bool) {
        let out = self.out.map(|mut o| {
            o.push_str(self.s.get(self.copied..).unwrap_or_default());
            o
        });
        (out, self.map.finish(), self.ideographs)
    }
}

/// Also says whether an ideograph was changed (radicals and compatibility ideographs), the
/// only change that can alter script detection.
pub(crate) fn normalize_stage(s: &str) -> (String, Stage, bool) {
    let (t, stage, ideographs) = normalize_scan(s);
    (t.unwrap_or_else(|| s.to_owned()), stage, ideographs)
}

/// [`normalize_stage`] without a copy when nothing changes (`None`).
pub(crate) fn normalize_scan(s: &str) -> (Option<String>, Stage, bool) {
    let bytes = s.as_bytes();
    let mut w = Writer::new(s);
    let mut i = 0usize;
    // Jump from one byte that may start a change to the next.
    // Jump over ASCII (but `\r`) eight bytes at a time, then over whole characters whose
    // lead byte cannot start a change; U+3001–U+3FFF (、。《》 …, lead E3) never change.
    while let Some(&lead) = bytes.get(i) {
        if lead < 0x80 && lead != b'\r' {
            match crate::scan::find_non_ascii_or2(bytes, i + 1, b'\r', b'\r') {
                Some(k) => i = k,
                None => break,
            }
            continue;
        }
        if (0xE4..=0xE9).contains(&lead) {
            // Ideographs U+4000–U+9FFF never change: skip the whole run of them.
            i += 3;
            while bytes.get(i).is_some_and(|b| (0xE4..=0xE9).contains(b)) {
                i += 3;
            }
            continue;
        }
        if !needs_visit(bytes, i) {
            i += match lead {
                0xE0..=0xEF => 3,
                0xF0..=0xF7 => 4,
                0xC0..=0xDF => 2,
                _ => 1,
            };
            continue;
        }
        i += w.visit(i).unwrap_or(1);
    }
    w.finish()
}

/// [`normalize_scan`] visiting only `places`: every byte offset of `s` that
/// [`needs_visit`] accepts, in order (as the mojibake survey collects them).
pub(crate) fn normalize_places(s: &str, places: &[usize]) -> (Option<String>, Stage, bool) {
    let mut w = Writer::new(s);
    for &i in places {
        // A place inside an earlier replaced character cannot occur (places are character
        // starts); skipped all the same.
        if i >= w.copied {
            w.visit(i);
        }
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Visiting only the places a scan would stop at gives the same text and stage.
        #[test]
        fn places_agree_with_scan(s in "[a1 ,\r\n\u{3000}\u{a0}\u{200b}\u{feff}０９，．（）：－⼀⽇\u{f900}、。预算𠀀é\u{2212}\u{ad}]{0,60}") {
            let bytes = s.as_bytes();
            let places: Vec<usize> = (0..bytes.len())
                .filter(|&i| s.is_char_boundary(i) && needs_visit(bytes, i))
                .collect();
            let (a, sa, ia) = normalize_scan(&s);
            let (b, sb, ib) = normalize_places(&s, &places);
            proptest::prop_assert_eq!(a, b);
            proptest::prop_assert_eq!(sa, sb);
            proptest::prop_assert_eq!(ia, ib);
        }
    }

    #[test]
    fn comma_between_digits_only() {
        assert_eq!(normalize("1，836.42").text, "1,836.42");
        assert_eq!(normalize("1，2").text, "1，2");
        assert_eq!(normalize("一，二").text, "一，二");
        assert_eq!(normalize("１，８３６，０００").text, "1,836,000");
        assert_eq!(normalize("1，\u{200B}836").text, "1,836");
    }

    #[test]
    fn table_parser_headings_fold() {
        assert_eq!(normalize("单位：万元").text, "单位:万元");
        assert_eq!(normalize("（备注：含上年结转）").text, "(备注:含上年结转)");
        assert_eq!(
            normalize("增长１２．５％，主要原因").text,
            "增长12.5%，主要原因"
        );
        assert_eq!(normalize("合计\u{3000}\u{a0}－3").text, "合计  -3");
    }

    #[test]
    fn lines_kept() {
        assert_eq!(normalize("a\r\nb\rc\n\u{c}d").text, "a\nb\nc\n\u{c}d");
    }

    #[test]
    fn kangxi() {
        assert_eq!(
            normalize("⼀⼆⼈⼊⼋⼏⼒⼗⼚⼝⼟⼤⼥⼦⼯⼲⼴⼼⽀⽂⽅⽇⽉⽊⽔⽕⽣⽤⽥⽬⽰⽹⾏⾦⾼")
                .text,
            "一二人入八几力十厂口土大女子工干广心支文方日月木水火生用田目示网行金高"
        );
    }
}
