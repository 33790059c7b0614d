//! Bytes in, clean simplified-Chinese text out: the first step of reading a Chinese budget
//! disclosure (部门预算 / 部门决算 公开).
//!
//! [`prepare`] decodes a document (UTF-8, UTF-16, GBK/GB18030 or Big5, detected), repairs
//! mojibake (exact reversals, and completions of lost bytes marked as guessed), strips pinyin
//! glosses, normalises width and spaces,
//! and converts traditional script to simplified, keeping an [`OffsetMap`] so that any later
//! error can point at line:column of the ORIGINAL document.
//!
//! ```
//! let bytes = "重慶市武隆區醫療保障局\r\n衛生健康支出\u{3000}１，８３６.42萬元".as_bytes();
//! let p = cnbudget_text::prepare(bytes);
//! assert_eq!(p.text, "重庆市武隆区医疗保障局\n卫生健康支出 1,836.42万元");
//! assert_eq!(p.encoding, cnbudget_text::Encoding::Utf8);
//! assert_eq!(p.script.script, cnbudget_text::Script::Traditional);
//! // Line 2, column 7 of the prepared text is line 2, column 7 of the original.
//! let pos = p.original_position_at(2, 7).unwrap();
//! assert_eq!((pos.line, pos.column), (2, 7));
//! ```
//!
//! **Line invariant.** Preparation never adds or removes a line: line *N* of
//! [`Prepared::text`] is line *N* of the original. `\r\n` and a lone `\r` both become `\n`
//! (one line break each), form feeds `\f` are kept, and no repair, strip or conversion
//! touches a line break.
//!
//! The pieces are public too: [`decode`], [`normalize`], [`detect_script`],
//! [`to_simplified`] / [`ScriptConverter`], [`find_mojibake`] / [`repair_mojibake`],
//! [`find_pinyin_glosses`] / [`strip_pinyin_glosses`].
//!
//! Cargo features: `serde` (Serialize/Deserialize on the public data types), `opencc`
//! (a second [`ScriptConverter`], `OpenCcLibrary`, over the OpenCC C library).
#![deny(missing_docs)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod decode;
mod error;
mod mojibake;
pub mod names;
mod normalize;
mod offset;
mod pinyin;
pub mod scan;
mod script;
mod tables;
mod vocabulary;

pub use decode::{Decoded, Encoding, decode, decode_as, decode_strict};
pub use error::{Position, TextError, TextErrorKind};
pub use mojibake::{MojibakeKind, MojibakeSpan, Repair, find_mojibake, repair_mojibake};
pub use normalize::{Normalized, normalize};
pub use offset::{OffsetMap, line_count};
pub use pinyin::{find_pinyin_glosses, strip_pinyin_glosses};
#[cfg(feature = "opencc")]
pub use script::OpenCcLibrary;
pub use script::{
    OpenCcTables, Script, ScriptConverter, ScriptReport, ScriptSpan, detect_script, to_simplified,
};
pub use vocabulary::ParseNameError;

use offset::StageBuilder;

/// Seed 001 (重慶市武隆區醫療保障局 2021 年度部門決算, traditional script): its tables and
/// title, with prose rewritten for this crate, and the mojibake patterns of the original
/// (`醫?;鹦袨`, `???`). UTF-8 bytes.
pub const SAMPLE_TRADITIONAL: &[u8] = include_bytes!("../testdata/sample-001-trad.txt");

/// When to convert traditional script to simplified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Conversion {
    /// Convert the lines that [`detect_script`] puts in traditional spans (and mixed spans
    /// of a traditional document); leave simplified lines alone (so `显著` stays).
    #[default]
    Auto,
    /// Convert every line.
    Always,
    /// Never convert.
    Never,
}

crate::named_values!(Conversion, "conversion" {
    Auto => "auto",
    Always => "always",
    Never => "never",
});

/// Options for [`prepare_with`]; build with the setters.
///
/// ```
/// use cnbudget_text::{Options, Conversion};
/// let o = Options::default().strip_pinyin(false).conversion(Conversion::Never);
/// let p = cnbudget_text::prepare_with("預(yù)算".as_bytes(), &o);
/// assert_eq!(p.text, "預(yù)算");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Options {
    strip_pinyin: bool,
    repair_mojibake: bool,
    guessed_repairs: bool,
    normalize: bool,
    conversion: Conversion,
    encoding: Option<Encoding>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            strip_pinyin: true,
            repair_mojibake: true,
            guessed_repairs: true,
            normalize: true,
            conversion: Conversion::Auto,
            encoding: None,
        }
    }
}

impl Options {
    /// Strip pinyin glosses such as `(yù)` after a Han character (default: on).
    #[must_use]
    pub fn strip_pinyin(mut self, on: bool) -> Self {
        self.strip_pinyin = on;
        self
    }

    /// Apply the repairs [`find_mojibake`] proposes (default: on). Spans are reported either way.
    #[must_use]
    pub fn repair_mojibake(mut self, on: bool) -> Self {
        self.repair_mojibake = on;
        self
    }

    /// Also apply repairs that had to guess lost bytes ([`Repair::Guessed`]; default: on).
    /// Off: only [`Repair::Lossless`] repairs are applied; guessed ones are still reported.
    #[must_use]
    pub fn guessed_repairs(mut self, on: bool) -> Self {
        self.guessed_repairs = on;
        self
    }

    /// Normalise width, spaces, line ends and radicals (default: on). See [`normalize`].
    /// When off, line ends stay as they were (`\r\n`, `\r`); lines still correspond.
    #[must_use]
    pub fn normalize(mut self, on: bool) -> Self {
        self.normalize = on;
        self
    }

    /// When to convert to simplified script (default: [`Conversion::Auto`]).
    #[must_use]
    pub fn conversion(mut self, c: Conversion) -> Self {
        self.conversion = c;
        self
    }

    /// Force an encoding instead of detecting it (default: detect).
    #[must_use]
    pub fn encoding(mut self, e: Option<Encoding>) -> Self {
        self.encoding = e;
        self
    }
}

/// What a [`TextIssue`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum IssueKind {
    /// Bytes the decoder could not read (each became U+FFFD).
    DecodeError,
    /// Mis-decoded text found in the document.
    Mojibake(MojibakeKind),
    /// A pinyin gloss like `(yù)` left by a bad converter.
    PinyinGloss,
}

/// Something found while preparing a document, at a place in the ORIGINAL.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TextIssue {
    /// What it is.
    pub kind: IssueKind,
    /// Where it starts in the original document.
    pub position: Position,
    /// The text as found (after decoding).
    pub original: String,
    /// What replaced it in the prepared text, if anything did.
    pub replacement: Option<String>,
    /// How it was handled.
    pub repair: Repair,
}

impl std::fmt::Display for TextIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.kind {
            IssueKind::DecodeError => "undecodable bytes",
            IssueKind::Mojibake(k) => k.name(),
            IssueKind::PinyinGloss => "pinyin gloss",
        };
        write!(f, "{}: {kind} {:?}", self.position, self.original)?;
        match &self.replacement {
            Some(r) => write!(f, " -> {r:?} ({})", self.repair.name()),
            None => write!(f, " ({})", self.repair.name()),
        }
    }
}

/// A prepared document: clean simplified text plus what was done to get it.
///
/// With the `serde` feature, a JSON form without `text` and `offset_map` (the document again,
/// and a map many times its size, which exports leave out) reads back with an empty text
/// and the map of an empty document.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Prepared {
    /// The prepared text: line N is line N of the original.
    #[cfg_attr(feature = "serde", serde(default))]
    pub text: String,
    /// The encoding the bytes were read in.
    pub encoding: Encoding,
    /// Script detected before conversion, and how many characters conversion changed.
    pub script: ScriptReport,
    /// Maps byte offsets of `text` back to the original.
    #[cfg_attr(feature = "serde", serde(default))]
    pub offset_map: OffsetMap,
    /// Everything found on the way (undecodable bytes, mojibake, pinyin glosses), in order.
    pub issues: Vec<TextIssue>,
}

impl Prepared {
    /// Line, column and byte offset in the original of byte `byte` of [`Prepared::text`].
    pub fn original_position(&self, byte: usize) -> Position {
        self.offset_map.original_position(byte)
    }

    /// Byte offset in the original input of byte `byte` of [`Prepared::text`].
    pub fn original_byte(&self, byte: usize) -> usize {
        self.offset_map.original_position(byte).byte
    }

    /// Byte offset in [`Prepared::text`] of 1-based `line` and `column` (in characters), or
    /// `None` if the text has no such place. Column `len + 1` (end of line) is accepted.
    pub fn text_offset(&self, line: usize, column: usize) -> Option<usize> {
        let start = nth_line_start(&self.text, line)?;
        let rest = self.text.get(start..)?;
        let line_len = rest.find(['\n', '\r']).unwrap_or(rest.len());
        let line_text = rest.get(..line_len)?;
        let col0 = column.checked_sub(1)?;
        match line_text.char_indices().nth(col0) {
            Some((i, _)) => Some(start + i),
            None if col0 == line_text.chars().count() => Some(start + line_len),
            None => None,
        }
    }

    /// Position in the original of 1-based `line`:`column` (characters) of
    /// [`Prepared::text`]; `None` if the text has no such place. The line is always the same.
    pub fn original_position_at(&self, line: usize, column: usize) -> Option<Position> {
        let off = self.text_offset(line, column)?;
        let mut p = self.original_position(off);
        // The line invariant: a place at the end of a line stays on that line.
        if p.line != line {
            let start = self.offset_map.original_line_start(line);
            p = self.offset_map.position_in_original(start);
        }
        Some(p)
    }
}

/// Start of 1-based `line` by the crate's line rule (`\n`, `\r\n`, lone `\r`: the prepared
/// text has only `\n` unless normalisation was switched off).
fn nth_line_start(text: &str, line: usize) -> Option<usize> {
    let n = line.checked_sub(1)?;
    offset::line_starts(text).get(n).copied()
}

/// Prepare a document with the default [`Options`] and the default converter.
/// Never fails and never panics; problems are listed in [`Prepared::issues`].
///
/// ```
/// let p = cnbudget_text::prepare(cnbudget_text::SAMPLE_TRADITIONAL);
/// assert!(p.text.contains("重庆市武隆区医疗保障局关于2021年度部门决算情况说明"));
/// assert!(p.text.contains("卫生健康支出"));
/// ```
pub fn prepare(bytes: &[u8]) -> Prepared {
    prepare_with(bytes, &Options::default())
}

/// Prepare a document with `options` and the default converter ([`OpenCcTables`]).
pub fn prepare_with(bytes: &[u8], options: &Options) -> Prepared {
    run(bytes, options, None)
}

/// Prepare a document with `options` and another [`ScriptConverter`].
pub fn prepare_with_converter(
    bytes: &[u8],
    options: &Options,
    converter: &dyn ScriptConverter,
) -> Prepared {
    run(bytes, options, Some(converter))
}

fn run(bytes: &[u8], options: &Options, converter: Option<&dyn ScriptConverter>) -> Prepared {
    let decoded = match options.encoding {
        Some(e) => decode_as(bytes, e),
        None => decode(bytes),
    };
    let encoding = decoded.encoding;
    let from_decoder = decoded.malformed > 0;
    // The decoded original lives in the map; `text` is `None` while no stage has changed it
    // (no copy of the document is made for stages that find nothing to do).
    // A borrowed decode is the input's own bytes (after any BOM).
    let exact = matches!(decoded.text, std::borrow::Cow::Borrowed(_));
    let original = decoded.text.into_owned();
    // 1. Mojibake (and undecodable bytes), on the decoded text. The same pass (the survey)
    // finds the line starts, counts script-specific characters per line (that report stays
    // valid for the prepared text unless a later change touches an ideograph), and notes
    // where normalisation must look and whether pinyin glosses are possible.
    let (spans, survey) = mojibake::find_mojibake_and_script(&original);
    let mojibake::Survey {
        line_starts,
        script: mut script_counts,
        norm: norm_places,
        maybe_pinyin,
        ..
    } = survey;
    let mut map = OffsetMap::with_line_starts(
        original,
        line_starts,
        bytes,
        encoding,
        decoded.bom_len,
        exact,
    );
    let mut text: Option<String> = None;
    let mut issues = Vec::new();
    let cur = map.original_text();
    // Lines whose counts a repair may have changed (1-based; the line invariant keeps the
    // numbers), and whether a change elsewhere means counting everything again.
    let mut recount_lines: Vec<usize> = Vec::new();
    let mut recount_all = false;
    if !spans.is_empty() {
        let starts: Vec<usize> = spans.iter().map(|sp| sp.start).collect();
        let mut positions = map.positions_in_original_sorted(&starts).into_iter();
        let mut stage = StageBuilder::new();
        let mut repaired = String::new();
        let mut last = 0;
        for sp in spans {
            let kind = if sp.kind == MojibakeKind::ReplacementCharacter && from_decoder {
                IssueKind::DecodeError
            } else {
                IssueKind::Mojibake(sp.kind)
            };
            let apply = options.repair_mojibake
                && sp.repaired.is_some()
                && (sp.repair == Repair::Lossless || options.guessed_repairs);
            if apply {
                if let Some(r) = &sp.repaired {
                    if repaired.capacity() == 0 {
                        repaired.reserve(cur.len());
                    }
                    repaired.push_str(cur.get(last..sp.start).unwrap_or_default());
                    let at = repaired.len();
                    repaired.push_str(r);
                    stage.replace(at, r.len(), sp.start, sp.end - sp.start);
                    last = sp.end;
                }
            }
            let position = positions.next().unwrap_or_default();
            if apply && recount_lines.last() != Some(&position.line) {
                recount_lines.push(position.line);
            }
            issues.push(TextIssue {
                kind,
                position,
                original: sp.original,
                replacement: if apply { sp.repaired } else { None },
                repair: if apply {
                    sp.repair
                } else {
                    Repair::NotRepaired
                },
            });
        }
        if last > 0 {
            repaired.push_str(cur.get(last..).unwrap_or_default());
            text = Some(repaired);
            map.push(stage.finish());
        }
    }

    // 2. Pinyin glosses: only a text with a tone-marked vowel can hold one (the survey
    // looked for one in the original; a repaired text is searched in full).
    let cur = text.as_deref().unwrap_or(map.original_text());
    let glosses = if text.is_some() || maybe_pinyin {
        find_pinyin_glosses(cur)
    } else {
        Vec::new()
    };
    if !glosses.is_empty() {
        let starts: Vec<usize> = glosses
            .iter()
            .map(|r| map.to_original_offset(r.start))
            .collect();
        let mut positions = map.positions_in_original_sorted(&starts).into_iter();
        let mut stage = StageBuilder::new();
        let mut out = String::with_capacity(cur.len());
        let mut last = 0;
        for r in &glosses {
            issues.push(TextIssue {
                kind: IssueKind::PinyinGloss,
                position: positions.next().unwrap_or_default(),
                original: cur.get(r.clone()).unwrap_or_default().to_owned(),
                replacement: None,
                repair: if options.strip_pinyin {
                    Repair::Stripped
                } else {
                    Repair::NotRepaired
                },
            });
            if options.strip_pinyin {
                out.push_str(cur.get(last..r.start).unwrap_or_default());
                stage.replace(out.len(), 0, r.start, r.end - r.start);
                last = r.end;
            }
        }
        if options.strip_pinyin {
            out.push_str(cur.get(last..).unwrap_or_default());
            text = Some(out);
            map.push(stage.finish());
        }
    }

    // 3. Normalisation.
    if options.normalize {
        // The original unchanged so far: visit only the places the survey noted.
        let (t, stage, ideographs_changed) = match text.as_deref() {
            None => normalize::normalize_places(map.original_text(), &norm_places),
            Some(cur) => normalize::normalize_scan(cur),
        };
        recount_all |= ideographs_changed;
        if t.is_some() {
            text = t;
        }
        map.push(stage);
    }
    let text = text.unwrap_or_else(|| map.original_text().to_owned());

    // 4. Script. Pinyin stripping and the other normalisations (spaces, width, line ends)
    // change no script-specific character and no line count, so the counts taken during the
    // mojibake pass still hold; otherwise count again.
    let (mut script, line_starts) = if recount_all {
        let (r, starts) = script::detect_script_lines(&text);
        (r, Some(starts))
    } else if recount_lines.is_empty() {
        (script_counts.finish(), None)
    } else {
        let starts = offset::line_starts(&text);
        for &line in &recount_lines {
            let a = line.checked_sub(1).and_then(|k| starts.get(k)).copied();
            let b = starts.get(line).copied().unwrap_or(text.len());
            if let Some(l) = a.and_then(|a| text.get(a..b)) {
                script_counts.recount_line(line, l.trim_end_matches(['\n', '\r']));
            }
        }
        (script_counts.finish(), Some(starts))
    };
    let text = if options.conversion == Conversion::Never {
        text
    } else {
        let all = options.conversion == Conversion::Always;
        let (t, stage, changed) =
            script::convert_lines(text, line_starts.as_deref(), &script, converter, all);
        map.push(stage);
        script.converted = changed;
        t
    };

    issues.sort_by_key(|i| i.position.byte);
    Prepared {
        text,
        encoding,
        script,
        offset_map: map,
        issues,
    }
}
