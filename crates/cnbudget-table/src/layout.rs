//! Space-aligned table regions, as `pdftotext -layout` prints them: column
//! inference, wrapped names, split codes, displaced values, page stitching.
//!
//! `pdftotext -layout` gives every character — CJK included — one column, and
//! pads with spaces so that text keeps roughly its horizontal position on the
//! page. Roughly: a line with many CJK characters drifts by a few columns, so
//! nothing here relies on exact positions. The reader works on one *region*:
//! the lines of one table after its title line and its issuer/unit line
//! (`编制部门：…  单位：元`), possibly over several pages.
//!
//! What [`read_layout`] does, in order:
//!
//! 1. **Header / body.** The header is the block of text lines before the first
//!    line that carries an amount, a code or a total label (`合计`). A line made
//!    only of `类 款 项` printed after the first values (some final accounts do
//!    that) is a header line too.
//! 2. **Header paths.** Header words are grouped bottom-up: a word centred over a
//!    column's word on the next header line with no blank line between is the
//!    same cell wrapped (`事业单位` over `经营收入` → `事业单位经营收入`); a word
//!    centred over several columns is their parent (`支出预算` over `合计 基本支出
//!    项目支出`, `功能分类科目编码` over `类 款 项`). Each bottom word is a column,
//!    a [`HeaderColumn`] with its path from top to bottom. A word stacked from a
//!    piece on the first header line (`支出` / `一般公共预算` / `财` / `政拨款`, printed
//!    vertically in a narrow cell) gives that piece back as the side's parent when
//!    another word of that line is a parent already (`收入`); the “三公” group words
//!    (`“三公”经费`, `公务用车购置及运行费`) cover their items and the 小计/合计 just
//!    left of them wherever they are printed; a word does not take the columns under
//!    another word of its own line.
//! 3. **Cells.** Leading digit groups are codes, kept in their own columns
//!    (`201   05   06` → 类, 款, 项; a single code goes to its level by its
//!    indentation, as in Taiwan's 款/項/目/節; digit groups standing under a code
//!    column elsewhere on the line are codes too, for two-sided tables). Amounts
//!    are right-aligned: where the numbers of a page end forms as many clusters as
//!    there are amount columns, they are those columns in order; otherwise an
//!    amount belongs to the column whose header word is the nearest to the left of
//!    where the number ends. Pages without a header are mapped by the order of
//!    where their numbers end, allowing the whole page to be shifted (labels on
//!    that page are shifted alike, but a word printed left of an amount always goes
//!    to a column left of that amount's column: a page printed narrower is not
//!    read as shifted text). Columns are thus re-inferred on every page, which is
//!    why the lines must keep their form feeds. A header is only taken as repeated
//!    at the top of its page, before the page's first value.
//! 4. **Rows.** A line with a code, a label and amounts, or a label starting with
//!    an ordinal (`一、`, `1.`, `（一）`) or a total word (`合计`) starts a row.
//!    A line holding only amounts is attached to the next row if that row leaves
//!    those columns empty, else to the previous one (final accounts print
//!    values a line above their row). A line holding only a short label
//!    continues the previous row's label (wrapped names); a label line just above
//!    a code row without a label starts that row's label (names centred on their
//!    row); a line holding only a long digit string (Taiwan's 編號) is put before
//!    the next row's label. On two-sided tables a line that only fills the
//!    previous row's empty columns joins it.
//! 5. **Furniture.** Page numbers, headers repeated after a form feed and the
//!    page headings before them are reported in [`LayoutTable::furniture`];
//!    notes (`注：…`) in [`LayoutTable::notes`].
//! 6. **Short codes.** In a lower-level code column (款, 项) of a mainland table,
//!    a code printed with fewer digits than all the others (`301   2   津贴补贴`,
//!    where the PDF itself holds `2`) gets its leading zeros back (`02`).
//! 7. **Two column groups side by side** (基本支出决算表: codes, names and amounts
//!    of 人员经费 on the left, of 公用经费 on the right, same header words twice):
//!    each physical row becomes two records, the left group's cells in a row of
//!    their own (right columns empty) and the right group's likewise; the left
//!    group's rows come first, then the right group's, then rows without any code
//!    (`人员经费合计 … 公用经费合计`) whole. A record printed around its code
//!    (`302 … 其 他 商 品 和 服 务 支` / `99` / `出`) is joined into one.
//!
//! Nothing is dropped: every non-blank line ends up in a row's
//! [`LayoutRow::lines`], in [`LayoutTable::header_lines`],
//! [`LayoutTable::furniture`], [`LayoutTable::notes`] or
//! [`LayoutTable::unplaced`] (with a reason).
//!
//! ```
//! use cnbudget_table::layout::{read_layout, LayoutLine};
//!
//! let text = "\
//! 功能分类科目编码
//!                   功能分类科目名称       合计       基本支出      项目支出
//! 类     款    项
//!
//! 201   05   06   统计管理               26,300           0       26,300
//! 208   05   05   机关事业单位基本养老保险缴费支    4,412,547   4,412,547         0
//!                 出
//!                  合计               4,438,847   4,412,547       26,300";
//! let lines: Vec<LayoutLine<'_>> = text
//!     .lines()
//!     .enumerate()
//!     .map(|(i, text)| LayoutLine { number: i + 1, text })
//!     .collect();
//! let table = read_layout(&lines);
//! let paths: Vec<String> = table.header.iter().map(|c| c.path.join("/")).collect();
//! assert_eq!(
//!     paths,
//!     ["功能分类科目编码/类", "功能分类科目编码/款", "功能分类科目编码/项",
//!      "功能分类科目名称", "合计", "基本支出", "项目支出"]
//! );
//! assert_eq!(table.rows.len(), 3);
//! let cells: Vec<&str> = table.rows[1].cells.iter().map(|c| c.text.as_str()).collect();
//! assert_eq!(cells, ["208", "05", "05", "机关事业单位基本养老保险缴费支出", "4,412,547", "4,412,547", "0"]);
//! assert_eq!(table.rows[1].lines, [6, 7]);
//! assert!(table.unplaced.is_empty());
//! ```

use serde::Serialize;
use std::borrow::Cow;

use crate::lexicon::{
    GROUP_TOTAL_WORDS, PAGE_NUMBER_DASHES, ends_with_total_word, is_dash_token, is_total_word,
    looks_like_figure, opens_layout_note, opens_with_ordinal, starts_with_total_word,
};

/// One physical line of a space-aligned region, with its 1-based line number in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LayoutLine<'a> {
    /// 1-based line number in the whole document.
    pub number: usize,
    /// The line's text, as `pdftotext -layout` printed it (a leading form feed `\f` marks a new page).
    pub text: &'a str,
}

/// What [`read_layout`] found in a region.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayoutTable {
    /// The columns, left to right.
    pub header: Vec<HeaderColumn>,
    /// The logical rows, in document order.
    pub rows: Vec<LayoutRow>,
    /// Lines (or parts of lines) that could not be placed: line number and reason.
    pub unplaced: Vec<(usize, String)>,
    /// Lines read as the table's header (including `类 款 项` lines printed below the first values).
    pub header_lines: Vec<usize>,
    /// Page furniture: page numbers, headers repeated after a page break and the page
    /// headings above them; line number and what it is.
    pub furniture: Vec<(usize, String)>,
    /// Note lines under the table (`注：…`, `备注…`) and their continuation lines.
    pub notes: Vec<usize>,
}

/// A column: its header path top-to-bottom (e.g. `["功能分类科目编码","类"]` or
/// `["支出预算","基本支出"]`) and char-column extent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeaderColumn {
    /// Header words from the top header line down to the column's own word.
    pub path: Vec<String>,
    /// First character column of the column's own header word (1-based).
    pub start: usize,
    /// Last character column of the column's own header word (1-based, inclusive).
    pub end: usize,
    /// What the column holds, as far as the header and the body tell.
    pub kind: ColumnKind,
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum ColumnKind {
    /// One level of a split code (类/款/项, 款/項/目/節) or a whole code (`功能科目代码`).
    Code,
    /// A label: item or subject name (`科目名称`, `项目`, `名稱及編號`, `指标`).
    Label,
    /// Amounts (right-aligned numbers).
    Amount,
}

/// A logical row (possibly assembled from several physical lines).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LayoutRow {
    /// The physical lines that make up the row, in document order.
    pub lines: Vec<usize>,
    /// One cell per header column (`cells.len() == header.len()`); an empty cell has empty text.
    pub cells: Vec<LayoutCell>,
}

/// One cell of a [`LayoutRow`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LayoutCell {
    /// The cell's text; pieces from several lines are joined (CJK pieces without a space).
    pub text: String,
    /// Line of the cell's first piece (the row's first line for an empty cell).
    pub line: usize,
    /// 1-based character column of the cell's first piece (0 for an empty cell).
    pub column: usize,
}

/// A [`LayoutRow`] whose cells borrow the region's text where they can: what the
/// reader builds, and what the parser reads ([`read_layout_rows`]); [`read_layout`]
/// turns it into the owned row.
#[derive(Debug, Clone)]
pub(crate) struct Row<'a> {
    /// As [`LayoutRow::lines`].
    pub lines: Vec<usize>,
    /// As [`LayoutRow::cells`].
    pub cells: Vec<Cell<'a>>,
}

/// A [`LayoutCell`] whose text borrows the region's text unless pieces were joined.
#[derive(Debug, Clone)]
pub(crate) struct Cell<'a> {
    /// As [`LayoutCell::text`].
    pub text: Cow<'a, str>,
    /// As [`LayoutCell::line`].
    pub line: usize,
    /// As [`LayoutCell::column`].
    pub column: usize,
    /// While the row is assembled: `None` for a cell not filled yet, else the char
    /// length of the last piece appended (the wrapped column's width).
    width: Option<usize>,
}

impl Cell<'_> {
    const EMPTY: Cell<'static> = Cell {
        text: Cow::Borrowed(""),
        line: 0,
        column: 0,
        width: None,
    };
}

impl Row<'_> {
    fn into_owned(self) -> LayoutRow {
        LayoutRow {
            lines: self.lines,
            cells: self
                .cells
                .into_iter()
                .map(|c| LayoutCell {
                    text: c.text.into_owned(),
                    line: c.line,
                    column: c.column,
                })
                .collect(),
        }
    }
}

/// Lines longer than this (in bytes) are not read; they go to `unplaced`.
pub const MAX_LINE_BYTES: usize = 100_000;
/// Lines with more whitespace-separated pieces than this are not read.
pub const MAX_LINE_PIECES: usize = 2_000;
/// At most this many header words are arranged into paths; more are ignored as noise.
const MAX_HEADER_TOKENS: usize = 300;
/// Header lines considered at most.
const MAX_HEADER_LINES: usize = 40;

// ---------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TokKind {
    /// A number with separators/decimals, a signed number or a dash.
    Amount,
    /// Only ASCII digits: a code or an amount, decided by position.
    Digits,
    Text,
}

#[derive(Debug, Clone)]
struct Tok<'a> {
    /// 0-based first char column.
    s: usize,
    /// 0-based char column after the last char.
    e: usize,
    /// Byte offset of the token in its line (meaningful while `text` borrows the line).
    b: usize,
    text: Cow<'a, str>,
    kind: TokKind,
}

impl Tok<'_> {
    fn center2(&self) -> i64 {
        (self.s + self.e) as i64
    }
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}' | '\u{a0}' | '\r' | '\u{c}')
}

fn is_cjk(c: char) -> bool {
    (c as u32) >= 0x2E80
}

fn classify(s: &str) -> TokKind {
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
fn is_level_word(s: &str) -> bool {
    matches!(s, "类" | "類" | "款" | "项" | "項" | "目" | "节" | "節")
}

/// Words that `pdftotext` letter-spaces across a wide cell (`合          計`).
const SPACED_WORDS: [&str; 11] = [
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
fn tokenize_into<'a>(line: &'a str, toks: &mut Vec<Tok<'a>>, form_feeds: &mut usize) -> bool {
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
fn total_then_word(prev: &str, text: &str) -> bool {
    is_total_word(prev) && text.chars().take(2).filter(|&c| is_cjk(c)).count() == 2
}

/// [`tokenize_into`] into a vector of its own; `None` when the line has too many pieces.
#[cfg(test)]
fn tokenize(line: &str) -> Option<Vec<Tok<'_>>> {
    let mut toks = Vec::new();
    tokenize_into(line, &mut toks, &mut 0).then_some(toks)
}

// ---------------------------------------------------------------------------
// Line predicates
// ---------------------------------------------------------------------------

const ROW_START_WORDS: [&str; 12] = [
    "本年",
    "年初",
    "年末",
    "上年",
    "其中",
    "使用",
    "用事业",
    "结余",
    "結餘",
    "收入总计",
    "支出总计",
    "以前年度",
];

/// Text that starts a new item: ordinal (`一、`, `（一）`, `1.`, `(1.`), total or summary words.
fn starts_item(s: &str) -> bool {
    starts_with_total_word(s)
        || ROW_START_WORDS.iter().any(|w| s.starts_with(w))
        || opens_with_ordinal(s)
}

/// A page number or page footer (`12`, `- 12 -`, `第 3 页`, `3/10`).
fn is_page_number(toks: &[Tok<'_>]) -> bool {
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
fn same_signature(a: &str, b: &str) -> bool {
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

fn flag(v: &mut [bool], i: usize) {
    if let Some(x) = v.get_mut(i) {
        *x = true;
    }
}

// ---------------------------------------------------------------------------
// Header
// ---------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Node<'a> {
    /// The word (borrowed from the region unless stacked from several lines).
    text: Cow<'a, str>,
    s: usize,
    e: usize,
    /// Index (into the header-line list) of the node's topmost token.
    top: usize,
    /// Leaf column ids under this node.
    cols: Vec<usize>,
}

impl Node<'_> {
    fn center2(&self) -> i64 {
        (self.s + self.e) as i64
    }
}

#[derive(Debug, Clone)]
struct Leaf {
    /// Node ids from the leaf upward.
    path: Vec<usize>,
    s: usize,
    e: usize,
    kind: ColumnKind,
    /// Header line (index) of the bottom of the leaf's own cell.
    bottom: usize,
    /// Turned into a parent after the fact: not a column.
    dead: bool,
    /// The first piece of a word stacked from several lines, if it was.
    head: Option<Head>,
}

/// The first piece of a stacked header word (`支出` of `支出` / `一般公共预算` / `财` /
/// `政拨款`) and where the rest of the word lies.
#[derive(Debug, Clone, Copy)]
struct Head {
    /// Byte length of the piece in the stacked word's text.
    len: usize,
    /// Char columns of the piece.
    s: usize,
    e: usize,
    /// Width (chars) of the piece under it.
    next_w: usize,
    /// Header line (index) and char columns of the rest.
    rest_top: usize,
    rest_s: usize,
    rest_e: usize,
}

impl Leaf {
    fn center2(&self) -> i64 {
        (self.s + self.e) as i64
    }
}

fn leaf_kind(text: &str) -> ColumnKind {
    if is_level_word(text) {
        return ColumnKind::Code;
    }
    // One pass over adjacent characters: every word looked for is two characters
    // (`单位名称` / `單位名稱` contain `名称` / `名稱`).
    let (mut label, mut code_word, mut code_exclusion) = (false, false, false);
    let mut prev = '\0';
    for c in text.chars() {
        match (prev, c) {
            ('名', '称' | '稱')
            | ('科', '目')
            | ('指', '标' | '標')
            | ('说', '明')
            | ('說', '明')
            | ('备', '注')
            | ('備', '註')
            | ('用', '途')
            | ('摘', '要') => label = true,
            ('编' | '代', '码') => {
                code_exclusion = true;
                code_word = true;
            }
            ('编', '号') | ('編', '號') | ('代', '號') | ('序', '号' | '號') => {
                code_word = true
            }
            _ => {}
        }
        prev = c;
    }
    if label && !code_exclusion {
        return ColumnKind::Label;
    }
    if code_word {
        return ColumnKind::Code;
    }
    if matches!(text, "项目" | "項目") {
        return ColumnKind::Label;
    }
    ColumnKind::Amount
}

struct HeaderLine<'a> {
    /// Index of the line in the region (to tell whether blank lines lie between).
    pos: usize,
    toks: &'a [Tok<'a>],
}

struct Header<'a> {
    nodes: Vec<Node<'a>>,
    leaves: Vec<Leaf>,
}

/// Buffers [`place_header_token`] reuses from one word to the next.
#[derive(Default)]
struct HeaderScratch {
    order: Vec<usize>,
    overlapped: Vec<usize>,
    pos_of: Vec<usize>,
    top_span: Vec<(usize, usize)>,
    ineligible_before: Vec<usize>,
}

impl Header<'_> {
    /// Leaf ids sorted left to right.
    fn order(&self) -> Vec<usize> {
        let mut ids = Vec::with_capacity(self.leaves.len());
        self.order_into(&mut ids);
        ids
    }

    /// [`Header::order`] into `ids`.
    fn order_into(&self, ids: &mut Vec<usize>) {
        ids.clear();
        ids.extend((0..self.leaves.len()).filter(|&i| self.leaves.get(i).is_some_and(|l| !l.dead)));
        ids.sort_by_key(|&i| self.leaves.get(i).map_or(0, Leaf::center2));
    }

    fn top_node(&self, leaf: usize) -> Option<usize> {
        self.leaves.get(leaf).and_then(|l| l.path.last().copied())
    }
}

/// True when the region lines between header lines `a` and `b` (exclusive) are all
/// non-blank header lines, i.e. the two words can be parts of one wrapped cell.
fn adjacent(
    lines: &[HeaderLine<'_>],
    a: usize,
    b: usize,
    blank_between: &dyn Fn(usize, usize) -> bool,
) -> bool {
    match (lines.get(a), lines.get(b)) {
        (Some(x), Some(y)) => !blank_between(x.pos.min(y.pos), x.pos.max(y.pos)),
        _ => false,
    }
}

fn build_header<'a>(
    lines: &[HeaderLine<'a>],
    blank_between: &dyn Fn(usize, usize) -> bool,
) -> Header<'a> {
    let mut h = Header {
        nodes: Vec::new(),
        leaves: Vec::new(),
    };
    let cells = stack_cells(lines, blank_between);
    // Parent nodes created per header line, for gap filling.
    let mut parents_by_line: Vec<Vec<usize>> = vec![Vec::new(); lines.len()];
    let mut scratch = HeaderScratch::default();
    // Where each cell's word lies: a word does not take the columns under another word
    // of its own line.
    let spans: Vec<(usize, usize, usize)> =
        cells.iter().map(|c| (c.top, c.tok.s, c.tok.e)).collect();
    for cell in &cells {
        place_header_token(&mut h, cell, &spans, &mut parents_by_line, &mut scratch);
    }
    split_side_heads(&mut h, &mut parents_by_line);
    for _ in 0..4 {
        if !revive_floating_parents(&mut h, &mut parents_by_line) {
            break;
        }
    }
    fill_parent_gaps(&mut h, &parents_by_line);
    h
}

/// A column word stacked from a piece on the header's first line, where another word is
/// the parent of the columns on one side (`收入` over `项目  决算数`), and pieces further
/// down (`支出` / `一般公共预算` / `财` / `政拨款`; `支出` / `合计`; `支出预算` /
/// `基本支出`): the first piece is the other side's word, the parent of the columns
/// between that line's parents, the rest is the column's own word. Only when the
/// piece stands above the words of both neighbouring columns, lies over the range, and
/// is no wider than the piece under it or centred on the range.
fn split_side_heads(h: &mut Header<'_>, parents_by_line: &mut [Vec<usize>]) {
    if !h.leaves.iter().any(|l| l.head.is_some()) {
        return;
    }
    let Some(first_parents) = parents_by_line.first().filter(|p| !p.is_empty()).cloned() else {
        return;
    };
    let order = h.order();
    // Whether the column at `p` has its own word on the first line.
    let on_first_line = |h: &Header<'_>, p: usize| {
        order
            .get(p)
            .and_then(|&c| h.leaves.get(c))
            .and_then(|l| l.path.first())
            .and_then(|&n| h.nodes.get(n))
            .is_some_and(|n| n.top == 0)
    };
    for (pos, &leaf) in order.iter().enumerate() {
        let Some(l) = h.leaves.get(leaf) else {
            continue;
        };
        let (Some(head), Some(&nid)) = (l.head, l.path.first()) else {
            continue;
        };
        if l.path.len() != 1 || h.nodes.get(nid).is_none_or(|n| n.top != 0) {
            continue;
        }
        // Both neighbours' own words start below the piece.
        if (pos > 0 && on_first_line(h, pos - 1)) || on_first_line(h, pos + 1) {
            continue;
        }
        // The columns between the nearest columns under a first-line parent.
        let covered = |p: usize| {
            order
                .get(p)
                .and_then(|&c| h.leaves.get(c))
                .is_some_and(|x| x.path.iter().any(|n| first_parents.contains(n)))
        };
        let mut a = pos;
        while a > 0 && !covered(a - 1) {
            a -= 1;
        }
        let mut b = pos;
        while b + 1 < order.len() && !covered(b + 1) {
            b += 1;
        }
        let extent = |p: usize| {
            order
                .get(p)
                .and_then(|&c| h.leaves.get(c))
                .map(|x| (x.s, x.e))
        };
        let (Some((s, _)), Some((_, e))) = (extent(a), extent(b)) else {
            continue;
        };
        let centre2 = head.s + head.e;
        if b == a || centre2 < 2 * s || centre2 > 2 * e {
            continue;
        }
        // A cell wrapped in its column fills its first line: a first piece wider than
        // the next (`附属单` / `位上` / `缴收入`) is one, unless it is centred on the
        // range (`一般公共预算支出` / `基本支出` over `合计  基本支出  项目支出`).
        let centred = centre2.abs_diff(s + e) <= 8;
        if head.e - head.s > head.next_w && !centred {
            continue;
        }
        // Every column of the range is free below the first line.
        let cols: Vec<usize> = order.get(a..=b).map(<[usize]>::to_vec).unwrap_or_default();
        let free = cols.iter().all(|&c| {
            h.leaves.get(c).is_some_and(|x| {
                x.path
                    .iter()
                    .all(|&n| h.nodes.get(n).is_some_and(|n| n.top > 0) || n == nid)
            })
        });
        if !free {
            continue;
        }
        let Some(word) = h.nodes.get_mut(nid) else {
            continue;
        };
        let (piece, rest) = match word.text.split_at_checked(head.len) {
            Some((p, r)) if !r.is_empty() => (p.to_string(), r.to_string()),
            _ => continue,
        };
        word.text = Cow::Owned(rest);
        word.s = head.rest_s;
        word.e = head.rest_e;
        word.top = head.rest_top;
        if let Some(x) = h.leaves.get_mut(leaf) {
            x.s = head.rest_s;
            x.e = head.rest_e;
            x.head = None;
        }
        let parent = h.nodes.len();
        h.nodes.push(Node {
            text: Cow::Owned(piece),
            s: head.s,
            e: head.e,
            top: 0,
            cols: cols.clone(),
        });
        for c in cols {
            if let Some(x) = h.leaves.get_mut(c) {
                x.path.push(parent);
            }
        }
        if let Some(v) = parents_by_line.first_mut() {
            v.push(parent);
        }
        return; // one per header: positions may have changed
    }
}

/// A word that became a column although it floats above the columns on both sides of
/// it, on a line where other words are parents (`本年收入  本年支出` over a summary
/// table whose right side is `项目  合计  基本支出 …`), is the parent of the columns
/// between its neighbours on that line.
fn revive_floating_parents(h: &mut Header<'_>, parents_by_line: &mut [Vec<usize>]) -> bool {
    let order = h.order();
    for (pos, &leaf) in order.iter().enumerate() {
        let Some(l) = h.leaves.get(leaf) else {
            continue;
        };
        if l.path.len() != 1 || pos == 0 {
            continue;
        }
        let Some(&nid) = l.path.first() else { continue };
        let Some(line) = h.nodes.get(nid).map(|n| n.top) else {
            continue;
        };
        let Some(parents) = parents_by_line.get(line) else {
            continue;
        };
        if parents.is_empty() {
            continue;
        }
        // The neighbours' own words start below this word's last line.
        let top_of = |p: usize| {
            order
                .get(p)
                .and_then(|&c| h.leaves.get(c))
                .and_then(|x| x.path.first())
                .and_then(|&n| h.nodes.get(n))
                .map(|n| n.top)
        };
        let lower = |p: usize| top_of(p).is_some_and(|t| t > l.bottom);
        if !(lower(pos - 1) && (pos + 1 >= order.len() || lower(pos + 1))) {
            continue;
        }
        // Columns between the nearest parents of this line on either side.
        let covered = |p: usize| {
            order
                .get(p)
                .and_then(|&c| h.leaves.get(c))
                .is_some_and(|x| x.path.iter().any(|n| parents.contains(n)))
        };
        let mut a = pos;
        while a > 0 && !covered(a - 1) {
            a -= 1;
        }
        let mut b = pos;
        while b + 1 < order.len() && !covered(b + 1) {
            b += 1;
        }
        let cols: Vec<usize> = (a..=b)
            .filter(|&p| p != pos)
            .filter_map(|p| order.get(p).copied())
            .collect();
        if cols.is_empty() {
            continue;
        }
        if let Some(x) = h.leaves.get_mut(leaf) {
            x.dead = true;
        }
        if let Some(n) = h.nodes.get_mut(nid) {
            n.cols = cols.clone();
        }
        for c in cols {
            if let Some(x) = h.leaves.get_mut(c) {
                // Insert below words from higher lines.
                let at = x
                    .path
                    .iter()
                    .position(|&m| h.nodes.get(m).is_some_and(|m| m.top < line))
                    .unwrap_or(x.path.len());
                x.path.insert(at, nid);
            }
        }
        if let Some(v) = parents_by_line.get_mut(line) {
            v.push(nid);
        }
        return true; // one at a time keeps positions valid
    }
    false
}

/// A header cell: words stacked in one cell (a wrapped header), with the header lines
/// (indices) of its top and bottom word.
struct HeaderCell<'a> {
    tok: Tok<'a>,
    top: usize,
    bottom: usize,
    /// The word is one of several code-level words on its line (`类 款 项`).
    level: bool,
    /// The first piece, when the word is stacked from several lines.
    head: Option<Head>,
}

/// First pass: joins words printed under each other in one cell (`本年收入合` over `计`,
/// `事业单位` over `经营收入`). A word is not joined to the word under it when that
/// word has unclaimed neighbours on both sides at about the same distance: it is then
/// their parent (`公务用车购置及运行费` over `小计  购置费  运行费`). Returns cells
/// ordered bottom line first.
fn stack_cells<'a>(
    lines: &[HeaderLine<'a>],
    blank_between: &dyn Fn(usize, usize) -> bool,
) -> Vec<HeaderCell<'a>> {
    // All tokens (line index, token index), capped.
    let mut all: Vec<(usize, usize)> = Vec::new();
    for (li, l) in lines.iter().enumerate() {
        for ti in 0..l.toks.len() {
            if all.len() < MAX_HEADER_TOKENS {
                all.push((li, ti));
            }
        }
    }
    let tok = |(li, ti): (usize, usize)| lines.get(li).and_then(|l| l.toks.get(ti));
    // Single characters stacked vertically (`小` over `计`) drift more than words.
    let close = |u: &Tok<'_>, l: &Tok<'_>| {
        let single = u.e - u.s == 1 && l.e - l.s == 1;
        if single {
            (u.center2() - l.center2()).abs() <= 8
        } else {
            l.s < u.e + 1 && u.s < l.e + 1 && (u.center2() - l.center2()).abs() <= 5
        }
    };
    // The token just under `u` (same cell candidates): on the nearest lower adjacent line.
    let below = |li: usize, u: &Tok<'_>| -> Option<(usize, usize)> {
        for lj in li + 1..lines.len() {
            if !adjacent(lines, li, lj, blank_between) {
                return None;
            }
            let l = lines.get(lj)?;
            if let Some(tj) = l.toks.iter().position(|x| close(u, x)) {
                return Some((lj, tj));
            }
            if l.toks.iter().any(|x| x.s < u.e + 1 && u.s < x.e + 1) {
                return None; // something else overlaps first
            }
        }
        None
    };
    // Tokens claimed by a token above them.
    let mut claimed: Vec<(usize, usize)> = Vec::new();
    for &(li, ti) in &all {
        if let Some(u) = tok((li, ti)) {
            if let Some(x) = below(li, u) {
                claimed.push(x);
            }
        }
    }
    let is_parent_of = |_li: usize, u: &Tok<'_>, (lj, tj): (usize, usize)| -> bool {
        let Some(line) = lines.get(lj) else {
            return false;
        };
        let Some(l) = line.toks.get(tj) else {
            return false;
        };
        let unclaimed = |k: usize| !claimed.iter().any(|&(a, b)| a == lj && b == k);
        let reach = 2 * (u.e - u.s) as i64 + 16;
        let left = (0..tj)
            .rev()
            .find(|&k| unclaimed(k))
            .and_then(|k| line.toks.get(k))
            .map(|x| l.center2() - x.center2());
        let right = (tj + 1..line.toks.len())
            .find(|&k| unclaimed(k))
            .and_then(|k| line.toks.get(k))
            .map(|x| x.center2() - l.center2());
        // Neighbours at about the same distance (`8.max((a + b) / 4)`: `年初结转和` over
        // `结余` between `科目名称` and `小计`, 10 and 20 columns away, is one word).
        matches!((left, right), (Some(a), Some(b)) if a <= reach && b <= reach && (a - b).abs() <= 8.max((a + b) / 4))
    };
    let mut used: Vec<(usize, usize)> = Vec::new();
    let mut cells: Vec<HeaderCell<'a>> = Vec::new();
    for &(li, ti) in &all {
        if used.contains(&(li, ti)) {
            continue;
        }
        let Some(first) = tok((li, ti)) else { continue };
        let mut cell = first.clone();
        let mut bottom = li;
        let mut cur = (li, ti);
        let mut head: Option<Head> = None;
        while let Some(u) = tok(cur) {
            let Some(next) = below(cur.0, u) else { break };
            if used.contains(&next) || is_parent_of(cur.0, u, next) {
                break;
            }
            let Some(l) = tok(next) else { break };
            // `项目` over `支出功能分类` (then `科目编码`, `类 款 项`) is the parent of the
            // code and name columns, not the start of a wrapped word; a “三公” group word
            // over one of its items (`公务用车购置及运行费` over `公务用车购置费`, whose
            // siblings `小计  公务用车运行费` are printed a line higher) is its parent.
            if matches!(u.text.as_ref(), "项目" | "項目") && l.e - l.s >= 4 {
                break;
            }
            if group_items(&u.text).is_some_and(|m| m.iter().any(|w| l.text.contains(w))) {
                break;
            }
            let h = head.get_or_insert(Head {
                len: first.text.len(),
                s: first.s,
                e: first.e,
                next_w: l.e - l.s,
                rest_top: next.0,
                rest_s: l.s,
                rest_e: l.e,
            });
            h.rest_s = h.rest_s.min(l.s);
            h.rest_e = h.rest_e.max(l.e);
            let mut text = cell.text.to_string();
            text.push_str(&l.text);
            cell.text = Cow::Owned(text);
            cell.s = cell.s.min(l.s);
            cell.e = cell.e.max(l.e);
            used.push(next);
            bottom = next.0;
            cur = next;
        }
        used.push((li, ti));
        let level = is_level_word(&cell.text)
            && lines
                .get(li)
                .is_some_and(|l| l.toks.iter().filter(|x| is_level_word(&x.text)).count() >= 2);
        cells.push(HeaderCell {
            tok: cell,
            top: li,
            bottom,
            level,
            head,
        });
    }
    cells.sort_by(|a, b| b.bottom.cmp(&a.bottom).then(a.tok.s.cmp(&b.tok.s)));
    cells
}

fn place_header_token<'a>(
    h: &mut Header<'a>,
    cell: &HeaderCell<'a>,
    spans: &[(usize, usize, usize)],
    parents_by_line: &mut [Vec<usize>],
    scratch: &mut HeaderScratch,
) {
    let t = &cell.tok;
    let (li, bottom) = (cell.top, cell.bottom);
    let HeaderScratch {
        order,
        overlapped,
        pos_of,
        top_span,
        ineligible_before,
    } = scratch;
    h.order_into(order);
    let order: &[usize] = order;
    let tc = t.center2();
    // Only columns whose top word lies below this line can be covered by the token.
    let eligible = |pos: usize| -> bool {
        order
            .get(pos)
            .and_then(|&leaf| h.top_node(leaf))
            .and_then(|n| h.nodes.get(n))
            .is_some_and(|n| n.top > bottom)
    };
    // Columns whose leaf word or top-node word overlaps the token (slack 1).
    let overlaps = |s: usize, e: usize| s < t.e + 1 && t.s < e + 1;
    overlapped.clear(); // positions in `order`
    for (pos, &leaf) in order.iter().enumerate() {
        let Some(l) = h.leaves.get(leaf) else {
            continue;
        };
        let top = h.top_node(leaf).and_then(|n| h.nodes.get(n));
        if eligible(pos) && (overlaps(l.s, l.e) || top.is_some_and(|n| overlaps(n.s, n.e))) {
            overlapped.push(pos);
        }
    }
    // Best single top node: centred within 2.5 columns and overlapping.
    let mut single: Option<(usize, i64)> = None;
    for &pos in overlapped.iter() {
        let Some(&leaf) = order.get(pos) else {
            continue;
        };
        let Some(nid) = h.top_node(leaf) else {
            continue;
        };
        let Some(n) = h.nodes.get(nid) else { continue };
        let d = (n.center2() - tc).abs();
        if d <= 5 && single.is_none_or(|(_, bd)| d < bd) {
            single = Some((nid, d));
        }
    }
    // Seed for ranges: the overlapped columns, or else the two eligible columns the
    // token sits between (a word centred over a gap, like `收入` over `项目  决算数`).
    let mut tolerance = 8i64;
    let seed: Option<(usize, usize)> = match (overlapped.first(), overlapped.last()) {
        (Some(&f), Some(&l)) => Some((f, l)),
        _ => {
            let mut found = None;
            for pos in 0..order.len().saturating_sub(1) {
                let c = |p: usize| {
                    order
                        .get(p)
                        .and_then(|&i| h.leaves.get(i))
                        .map_or(0, Leaf::center2)
                };
                if eligible(pos)
                    && eligible(pos + 1)
                    && c(pos) < tc
                    && tc < c(pos + 1)
                    && tc - c(pos) <= 24
                    && c(pos + 1) - tc <= 24
                {
                    let span = order
                        .get(pos + 1)
                        .and_then(|&i| h.leaves.get(i))
                        .map_or(0, |l| l.e)
                        .saturating_sub(
                            order
                                .get(pos)
                                .and_then(|&i| h.leaves.get(i))
                                .map_or(0, |l| l.s),
                        );
                    tolerance = tolerance.max(2 * span as i64 / 3);
                    found = Some((pos, pos + 1));
                }
            }
            found
        }
    };
    // Best range of >= 2 columns containing the seed, centred on the token,
    // that keeps existing nodes and code-level groups whole.
    let mut best_range: Option<(usize, usize, i64)> = None;
    if let Some((first, last)) = seed {
        let n = order.len();
        let code_group = code_group_span(h, order);
        // Position span of each column's top node, for a cheap nesting test.
        pos_of.clear();
        pos_of.resize(h.leaves.len(), 0);
        for (p, &l) in order.iter().enumerate() {
            if let Some(x) = pos_of.get_mut(l) {
                *x = p;
            }
        }
        top_span.clear();
        top_span.extend(order.iter().enumerate().map(|(p, &leaf)| {
            h.top_node(leaf)
                .and_then(|n| h.nodes.get(n))
                .map_or((p, p), |n| {
                    let ps = n.cols.iter().filter_map(|&c| pos_of.get(c).copied());
                    let lo = ps.clone().min().unwrap_or(p);
                    (lo, ps.max().unwrap_or(p))
                })
        }));
        let top_span: &[(usize, usize)] = top_span;
        // Ineligible columns before each position: `a..=b` is all eligible when the
        // count does not change over it.
        ineligible_before.clear();
        ineligible_before.push(0);
        let mut count = 0usize;
        for p in 0..n {
            count += usize::from(!eligible(p));
            ineligible_before.push(count);
        }
        let all_eligible = |a: usize, b: usize| {
            ineligible_before.get(a).is_some()
                && ineligible_before.get(a) == ineligible_before.get(b + 1)
        };
        let laminar = |a: usize, b: usize| -> bool {
            if let Some((ga, gb)) = code_group {
                if a <= gb && ga <= b && !(a <= ga && gb <= b) {
                    return false;
                }
            }
            (a..=b).all(|p| top_span.get(p).is_some_and(|&(lo, hi)| lo >= a && hi <= b))
        };
        for a in first.saturating_sub(12)..=first {
            for b in last..n.min(last + 13) {
                if !all_eligible(a, b) {
                    break; // so is every wider range
                }
                if b == a {
                    continue;
                }
                let (Some(la), Some(lb)) = (
                    order.get(a).and_then(|&i| h.leaves.get(i)),
                    order.get(b).and_then(|&i| h.leaves.get(i)),
                ) else {
                    continue;
                };
                let d = ((la.center2() + lb.center2()) / 2 - tc).abs();
                if d > tolerance {
                    continue;
                }
                // A word over exactly the columns of one existing word is rarely its
                // parent; prefer a range that groups several.
                let same_as_node = top_span.get(a) == Some(&(a, b));
                if !laminar(a, b) || cuts_amount_run(h, order, a, b) || same_as_node {
                    continue;
                }
                // Nor one reaching under another word of its line (`合计` beside
                // `因公出国(境)费`, each over its own `预算数  决算数`).
                let under_sibling = |p: usize| {
                    order
                        .get(p)
                        .and_then(|&i| h.leaves.get(i))
                        .is_some_and(|l| {
                            !overlaps(l.s, l.e)
                                && spans.iter().any(|&(top, s, e)| {
                                    top == li && (s, e) != (t.s, t.e) && l.s < e && s < l.e
                                })
                        })
                };
                if under_sibling(a) || under_sibling(b) {
                    continue;
                }
                // The narrowest range the word is centred on (a wide range can be
                // centred by accident), unless a range one column wider is centred
                // better by more than two columns (`本年支出` over `合计  基本支出
                // 项目支出`, 3 columns off the first two, half a column off all three).
                let score = |a: usize, b: usize, d: i64| 4 * (b - a) as i64 + d;
                let better = match best_range {
                    None => true,
                    Some((ba, bb, bd)) => {
                        score(a, b, d) < score(ba, bb, bd)
                            || (score(a, b, d) == score(ba, bb, bd) && b - a < bb - ba)
                    }
                };
                if better {
                    best_range = Some((a, b, d));
                }
            }
        }
    }
    // `项目` at the top left covers the code and name columns under it.
    if best_range.is_none()
        && single.is_none()
        && overlapped.is_empty()
        && matches!(t.text.as_ref(), "项目" | "項目")
    {
        let kind = |p: usize| order.get(p).and_then(|&i| h.leaves.get(i)).map(|l| l.kind);
        let nearest = (0..order.len())
            .filter(|&p| eligible(p) && kind(p) != Some(ColumnKind::Amount))
            .min_by_key(|&p| {
                (order
                    .get(p)
                    .and_then(|&i| h.leaves.get(i))
                    .map_or(0, Leaf::center2)
                    - tc)
                    .abs()
            });
        if let Some(p) = nearest {
            let ok = |q: usize| eligible(q) && kind(q).is_some_and(|k| k != ColumnKind::Amount);
            let mut a = p;
            while a > 0 && ok(a - 1) {
                a -= 1;
            }
            let mut b = p;
            while ok(b + 1) {
                b += 1;
            }
            let code_group = code_group_span(h, order);
            if range_is_laminar(h, order, a, b, code_group) {
                overlapped.clear();
                overlapped.extend(a..=b);
            }
        }
    }
    let range_cols = |a: usize, b: usize| -> Vec<usize> {
        order.get(a..=b).map(<[usize]>::to_vec).unwrap_or_default()
    };
    let node_cols = |nid: usize| h.nodes.get(nid).map(|n| n.cols.clone()).unwrap_or_default();

    enum Action {
        Parent(Vec<usize>),
        NewLeaf,
    }
    let action = match (group_members(h, order, &t.text, bottom), single, best_range) {
        // The “三公” groups: the word covers its items wherever it is printed.
        (Some((a, b)), _, _) => Action::Parent(range_cols(a, b)),
        (None, Some((nid, sd)), Some((a, b, rd))) => {
            // A word over one column's word but not stacked onto it (`合计`, blank lines
            // above `预算数  决算数`, its two columns) is the parent of the range it is
            // centred on, not of that one column.
            let lone = node_cols(nid).len() == 1;
            if (rd <= sd + 2 || lone) && b - a + 1 > node_cols(nid).len() {
                Action::Parent(range_cols(a, b))
            } else {
                Action::Parent(node_cols(nid))
            }
        }
        (None, Some((nid, _)), None) => Action::Parent(node_cols(nid)),
        (None, None, Some((a, b, _))) => Action::Parent(range_cols(a, b)),
        (None, None, None) => {
            if overlapped.is_empty() {
                Action::NewLeaf
            } else {
                let code_group = code_group_span(h, order);
                let (a, b) = laminar_closure(h, order, overlapped, code_group);
                Action::Parent(range_cols(a, b))
            }
        }
    };
    match action {
        Action::Parent(cols) if !cols.is_empty() => {
            let nid = h.nodes.len();
            h.nodes.push(Node {
                text: t.text.clone(),
                s: t.s,
                e: t.e,
                top: li,
                cols: Vec::new(),
            });
            for &c in &cols {
                if let Some(l) = h.leaves.get_mut(c) {
                    l.path.push(nid);
                }
            }
            if let Some(n) = h.nodes.get_mut(nid) {
                n.cols = cols;
            }
            if let Some(v) = parents_by_line.get_mut(li) {
                v.push(nid);
            }
        }
        _ => {
            let nid = h.nodes.len();
            let lid = h.leaves.len();
            h.nodes.push(Node {
                text: t.text.clone(),
                s: t.s,
                e: t.e,
                top: li,
                cols: vec![lid],
            });
            let kind = match leaf_kind(&t.text) {
                ColumnKind::Code if is_level_word(&t.text) && !cell.level => ColumnKind::Label,
                k => k,
            };
            h.leaves.push(Leaf {
                path: vec![nid],
                s: t.s,
                e: t.e,
                kind,
                bottom,
                dead: false,
                head: cell.head,
            });
        }
    }
}

/// The items of a “三公” group word: words that name the columns it stands over.
fn group_items(text: &str) -> Option<&'static [&'static str]> {
    if text.contains("三公") {
        Some(&["因公出国", "公务用车", "公务接待"])
    } else if text.contains("购置及运行") {
        Some(&["购置费", "运行"])
    } else {
        None
    }
}

/// The columns a “三公” group word stands over, whatever its position: `“三公”经费`
/// over 因公出国(境)费, 公务用车… and 公务接待费, `公务用车购置及运行(维护)费` over
/// 购置费 and 运行(维护)费; with the 小计/合计 column just left of them (the group's
/// total; `合计` further left, beside 会议费 and 培训费, is the table's). `pdftotext`
/// prints these words off-centre often enough (019, 015) that centring cannot tell.
/// Positions (in `order`) of the first and last column, when every column of the range
/// lies below the word (`bottom`: its lowest header line) and the range keeps existing
/// groups whole.
fn group_members(
    h: &Header<'_>,
    order: &[usize],
    text: &str,
    bottom: usize,
) -> Option<(usize, usize)> {
    let members = group_items(text)?;
    let words = |p: usize| {
        order
            .get(p)
            .and_then(|&l| h.leaves.get(l))
            .into_iter()
            .flat_map(|l| l.path.iter().filter_map(|&n| h.nodes.get(n)))
    };
    let is_member = |p: usize| words(p).any(|n| members.iter().any(|m| n.text.contains(m)));
    let a = (0..order.len()).find(|&p| is_member(p))?;
    let b = (0..order.len()).rev().find(|&p| is_member(p))?;
    let top = |p: usize| order.get(p).and_then(|&l| h.top_node(l));
    let word = |n: usize| h.nodes.get(n);
    // The total column just left of the items, with the columns under its word.
    let mut a = a;
    if let Some(n) = a.checked_sub(1).and_then(top) {
        if word(n).is_some_and(|w| GROUP_TOTAL_WORDS.contains(&w.text.as_ref())) {
            a = (0..a).find(|&p| top(p) == Some(n)).unwrap_or(a - 1);
        }
    }
    let below = (a..=b).all(|p| top(p).and_then(word).is_some_and(|n| n.top > bottom));
    (below && range_is_laminar(h, order, a, b, code_group_span(h, order))).then_some((a, b))
}

/// A range mixing label and amount columns must not stop inside a run of amount
/// columns: `项目` over `类 款 项 名称` never takes the first amount column with it.
fn cuts_amount_run(h: &Header<'_>, order: &[usize], a: usize, b: usize) -> bool {
    let kind = |pos: usize| {
        order
            .get(pos)
            .and_then(|&l| h.leaves.get(l))
            .map(|l| l.kind)
    };
    let mixed = (a..=b).any(|p| kind(p) == Some(ColumnKind::Amount))
        && (a..=b).any(|p| kind(p) != Some(ColumnKind::Amount));
    mixed && kind(b) == Some(ColumnKind::Amount) && kind(b + 1) == Some(ColumnKind::Amount)
}

/// Positions (in `order`) of the contiguous run of code-level columns, if any.
fn code_group_span(h: &Header<'_>, order: &[usize]) -> Option<(usize, usize)> {
    let mut span: Option<(usize, usize)> = None;
    for (pos, &leaf) in order.iter().enumerate() {
        let is_level = h
            .leaves
            .get(leaf)
            .and_then(|l| l.path.first())
            .and_then(|&n| h.nodes.get(n))
            .is_some_and(|n| is_level_word(&n.text))
            && h.leaves
                .get(leaf)
                .is_some_and(|l| l.kind == ColumnKind::Code);
        if is_level {
            span = Some(match span {
                None => (pos, pos),
                Some((a, _)) => (a, pos),
            });
        }
    }
    span
}

fn range_is_laminar(
    h: &Header<'_>,
    order: &[usize],
    a: usize,
    b: usize,
    code_group: Option<(usize, usize)>,
) -> bool {
    if let Some((ga, gb)) = code_group {
        let intersects = a <= gb && ga <= b;
        let contains = a <= ga && gb <= b;
        if intersects && !contains {
            return false;
        }
    }
    let inside: Vec<usize> = order.get(a..=b).map(<[usize]>::to_vec).unwrap_or_default();
    for &leaf in &inside {
        if let Some(n) = h.top_node(leaf).and_then(|n| h.nodes.get(n)) {
            if n.cols.iter().any(|c| !inside.contains(c)) {
                return false;
            }
        }
    }
    true
}

fn laminar_closure(
    h: &Header<'_>,
    order: &[usize],
    positions: &[usize],
    code_group: Option<(usize, usize)>,
) -> (usize, usize) {
    let mut a = positions.first().copied().unwrap_or(0);
    let mut b = positions.last().copied().unwrap_or(0);
    for _ in 0..8 {
        let (oa, ob) = (a, b);
        if let Some((ga, gb)) = code_group {
            if a <= gb && ga <= b {
                a = a.min(ga);
                b = b.max(gb);
            }
        }
        let (mut na, mut nb) = (a, b);
        for &leaf in order.get(a..=b).unwrap_or(&[]) {
            if let Some(n) = h.top_node(leaf).and_then(|n| h.nodes.get(n)) {
                for c in &n.cols {
                    if let Some(p) = order.iter().position(|x| x == c) {
                        na = na.min(p);
                        nb = nb.max(p);
                    }
                }
            }
        }
        (a, b) = (na, nb);
        if (oa, ob) == (a, b) {
            break;
        }
    }
    (a, b)
}

/// On a header line with several parents (`项目 … 收入预算`), columns lying between
/// two parents' ranges go to the right one if they are of its kind, else to the left one;
/// label columns left of the first parent go to it when it covers labels, and amount
/// columns right of the last parent go to it when it covers amounts.
fn fill_parent_gaps(h: &mut Header<'_>, parents_by_line: &[Vec<usize>]) {
    let order = h.order();
    let pos_of = |c: usize| order.iter().position(|&x| x == c);
    let kind_at = |h: &Header<'_>, pos: usize| {
        order
            .get(pos)
            .and_then(|&c| h.leaves.get(c))
            .map(|l| l.kind)
    };
    for parents in parents_by_line {
        if parents.len() < 2 {
            continue;
        }
        let mut spans: Vec<(usize, usize, usize)> = parents
            .iter()
            .filter_map(|&nid| {
                let n = h.nodes.get(nid)?;
                let ps: Vec<usize> = n.cols.iter().filter_map(|&c| pos_of(c)).collect();
                Some((*ps.iter().min()?, *ps.iter().max()?, nid))
            })
            .collect();
        spans.sort();
        let mut assign: Vec<(usize, usize)> = Vec::new(); // (position, node)
        for w in spans.windows(2) {
            let (Some(&(_, pb, left)), Some(&(qa, _, right))) = (w.first(), w.get(1)) else {
                continue;
            };
            let right_kind = kind_at(h, qa);
            let left_kind = kind_at(h, pb);
            for pos in pb + 1..qa {
                let k = kind_at(h, pos);
                // A label after the left side's amounts starts the right side.
                let starts_right =
                    left_kind == Some(ColumnKind::Amount) && k != Some(ColumnKind::Amount);
                let target = if k == right_kind || starts_right {
                    right
                } else {
                    left
                };
                assign.push((pos, target));
            }
        }
        if let Some(&(fa, _, first)) = spans.first() {
            if kind_at(h, fa) != Some(ColumnKind::Amount)
                && (0..fa).all(|p| kind_at(h, p) != Some(ColumnKind::Amount))
            {
                assign.extend((0..fa).map(|p| (p, first)));
            }
        }
        if let Some(&(_, lb, last)) = spans.last() {
            let n = order.len();
            if kind_at(h, lb) == Some(ColumnKind::Amount)
                && (lb + 1..n).all(|p| kind_at(h, p) == Some(ColumnKind::Amount))
            {
                assign.extend((lb + 1..n).map(|p| (p, last)));
            }
        }
        for (pos, target) in assign {
            let Some(&c) = order.get(pos) else { continue };
            let target_top = h.nodes.get(target).map_or(0, |n| n.top);
            let Some(l) = h.leaves.get(c) else { continue };
            // Not when the column already has a word at this level or above it.
            let blocked = l
                .path
                .iter()
                .any(|&n| h.nodes.get(n).is_some_and(|n| n.top <= target_top));
            if blocked {
                continue;
            }
            // Nor an amount column whose words start above those of the parent's own
            // columns: it stands beside the parent (`年初结转和` / `结余` beside `本年支出` over
            // `小计  基本支出  项目支出`), not under it.
            let top_of = |leaf: &Leaf| {
                leaf.path
                    .last()
                    .and_then(|&n| h.nodes.get(n))
                    .map_or(usize::MAX, |n| n.top)
            };
            let children_top = h.nodes.get(target).and_then(|n| {
                n.cols
                    .iter()
                    .filter_map(|&c| h.leaves.get(c))
                    .map(|x| {
                        // The word just under the parent in the child's path.
                        x.path
                            .iter()
                            .filter_map(|&m| h.nodes.get(m))
                            .filter(|m| m.top > target_top)
                            .map(|m| m.top)
                            .min()
                            .unwrap_or(usize::MAX)
                    })
                    .min()
            });
            if l.kind == ColumnKind::Amount && children_top.is_some_and(|t| top_of(l) < t) {
                continue;
            }
            if let Some(l) = h.leaves.get_mut(c) {
                l.path.push(target);
            }
            if let Some(n) = h.nodes.get_mut(target) {
                n.cols.push(c);
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Body
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Code,
    Amount,
    Text,
    /// A long digit string alone on its line (Taiwan's 編號 above a name).
    CodeLine,
}

struct BodyTok<'t, 'a> {
    tok: &'t Tok<'a>,
    role: Role,
    /// Amount column (index into the amount columns) once placed.
    slot: Option<usize>,
}

struct BodyLine<'s, 't, 'a> {
    number: usize,
    page: usize,
    /// The line's tokens (a slice of the region's body tokens).
    toks: &'s mut [BodyTok<'t, 'a>],
}

/// Gives tokens of a body line their role (code, amount, label).
fn roles<'t, 'a>(toks: &'t [Tok<'a>], out: &mut Vec<BodyTok<'t, 'a>>) {
    let lead = toks
        .iter()
        .take_while(|t| t.kind == TokKind::Digits)
        .count();
    let next_kind = toks.get(lead).map(|t| t.kind);
    let first_len = toks.first().map_or(0, |t| t.e - t.s);
    let split_code =
        lead >= 2 && first_len >= 3 && toks.iter().skip(1).take(lead - 1).all(|t| t.e - t.s == 2);
    let codes = if lead > 0 && (next_kind == Some(TokKind::Text) || split_code) {
        lead
    } else {
        0
    };
    let code_line = toks.len() == 1 && lead == 1 && first_len >= 5;
    out.extend(toks.iter().enumerate().map(|(i, tok)| {
        let role = if code_line {
            Role::CodeLine
        } else if i < codes {
            Role::Code
        } else {
            match tok.kind {
                TokKind::Amount | TokKind::Digits => Role::Amount,
                TokKind::Text => Role::Text,
            }
        };
        BodyTok {
            tok,
            role,
            slot: None,
        }
    }));
}

/// Where an amount's right edge is expected, per amount column, and a mapping for one page.
struct AmountMap {
    /// Leaf indices (into the final column order) of amount columns, left to right.
    cols: Vec<usize>,
    /// Header centre (×2) per amount column on the header page.
    centers2: Vec<i64>,
    /// Learned right edges.
    learned: Vec<Option<f64>>,
}

impl AmountMap {
    /// Rule used where the header is on the page: the column whose header word is
    /// the nearest to the left of where the number ends.
    fn by_header(&self, centers2: &[i64], r: usize) -> usize {
        let r2 = 2 * r as i64 + 2;
        let mut best = 0usize;
        for (k, &c) in centers2.iter().enumerate() {
            if c <= r2 {
                best = k;
            }
        }
        best
    }

    fn expected(&self) -> Vec<f64> {
        let offs: Vec<f64> = self
            .learned
            .iter()
            .zip(&self.centers2)
            .filter_map(|(l, &c)| l.map(|r| r - c as f64 / 2.0))
            .collect();
        let off = if offs.is_empty() {
            6.0
        } else {
            offs.iter().sum::<f64>() / offs.len() as f64
        };
        self.learned
            .iter()
            .zip(&self.centers2)
            .map(|(l, &c)| l.unwrap_or(c as f64 / 2.0 + off))
            .collect()
    }

    /// Maps clusters of right edges on a page without a header to amount columns,
    /// keeping their order and allowing one shift for the whole page.
    fn by_clusters(&self, clusters: &[f64]) -> (Vec<Option<usize>>, f64) {
        let e = self.expected();
        let (k, j) = (clusters.len(), e.len());
        if k == 0 || j == 0 {
            return (vec![None; k], 0.0);
        }
        if k == j {
            let shift = clusters.iter().zip(&e).map(|(c, x)| c - x).sum::<f64>() / k as f64;
            return ((0..k).map(Some).collect(), shift);
        }
        // Candidate shifts: whole columns that put some cluster on some column, nearest first.
        let mut shifts: Vec<i64> = vec![0];
        if k * j <= 4096 {
            for &c in clusters {
                for &x in &e {
                    shifts.push((c - x).round() as i64);
                }
            }
        }
        shifts.sort_unstable_by_key(|s| (s.abs(), *s));
        shifts.dedup();
        shifts.truncate(24);
        let shifts = shifts.into_iter().map(|s| s as f64);
        // Columns never seen with numbers are only guessed: matching them costs more.
        let extra: Vec<f64> = self
            .learned
            .iter()
            .map(|l| if l.is_some() { 0.0 } else { 3.0 })
            .collect();
        let mut best: Option<(f64, Vec<Option<usize>>, f64)> = None;
        let mut buffers = AlignBuffers::default();
        for s in shifts {
            let cost = align(clusters, &e, &extra, s, &mut buffers) + s.abs() * 0.4;
            if best.as_ref().is_none_or(|(bc, _, _)| cost < *bc) {
                best = Some((cost, buffers.assign.clone(), s));
            }
        }
        best.map(|(_, a, s)| (a, s))
            .unwrap_or_else(|| (vec![None; k], 0.0))
    }
}

/// The tables of [`align`], kept from one shift to the next.
#[derive(Default)]
struct AlignBuffers {
    dp: Vec<f64>,
    from: Vec<u8>,
    /// The alignment found: the column of each cluster, if any.
    assign: Vec<Option<usize>>,
}

/// Order-preserving alignment of clusters to expected edges (shifted by `s`);
/// a cluster may stay unassigned at a fixed cost. Returns the cost; the alignment is
/// left in `buffers.assign`.
fn align(clusters: &[f64], e: &[f64], extra: &[f64], s: f64, buffers: &mut AlignBuffers) -> f64 {
    const SKIP: f64 = 40.0;
    let (k, j) = (clusters.len(), e.len());
    // dp[a][b]: best cost for first a clusters using first b columns.
    let w = j + 1;
    let AlignBuffers { dp, from, assign } = buffers;
    dp.clear();
    dp.resize((k + 1) * w, f64::INFINITY);
    from.clear();
    from.resize((k + 1) * w, 0u8);
    let at = |a: usize, b: usize| a * w + b;
    for b in 0..=j {
        if let Some(x) = dp.get_mut(at(0, b)) {
            *x = 0.0;
        }
    }
    for a in 1..=k {
        let c = clusters.get(a - 1).copied().unwrap_or(0.0);
        for b in 0..=j {
            let mut best = f64::INFINITY;
            let mut how = 0u8;
            // skip column b
            if b > 0 {
                let v = dp.get(at(a, b - 1)).copied().unwrap_or(f64::INFINITY);
                if v < best {
                    best = v;
                    how = 1;
                }
            }
            // skip cluster a
            let v = dp.get(at(a - 1, b)).copied().unwrap_or(f64::INFINITY) + SKIP;
            if v < best {
                best = v;
                how = 2;
            }
            // match cluster a to column b
            if b > 0 {
                let x = e.get(b - 1).copied().unwrap_or(0.0);
                let v = dp.get(at(a - 1, b - 1)).copied().unwrap_or(f64::INFINITY)
                    + (c - x - s).abs()
                    + extra.get(b - 1).copied().unwrap_or(0.0);
                if v < best {
                    best = v;
                    how = 3;
                }
            }
            if let Some(x) = dp.get_mut(at(a, b)) {
                *x = best;
            }
            if let Some(x) = from.get_mut(at(a, b)) {
                *x = how;
            }
        }
    }
    assign.clear();
    assign.resize(k, None);
    let (mut a, mut b) = (k, j);
    let mut guard = 0usize;
    while a > 0 && guard <= (k + j + 2) {
        guard += 1;
        match from.get(at(a, b)).copied().unwrap_or(2) {
            1 => b -= 1,
            3 => {
                if let Some(x) = assign.get_mut(a - 1) {
                    *x = Some(b - 1);
                }
                a -= 1;
                b -= 1;
            }
            _ => a -= 1,
        }
    }
    dp.get(at(k, j)).copied().unwrap_or(f64::INFINITY)
}

/// Clusters sorted right edges (gap > 2 starts a new cluster); returns representatives.
fn clusters(mut rs: Vec<usize>) -> Vec<(usize, usize, f64)> {
    rs.sort_unstable();
    let mut out: Vec<(usize, usize, f64)> = Vec::new();
    let mut cur: Vec<usize> = Vec::new();
    for r in rs {
        if let Some(&last) = cur.last() {
            if r > last + 2 {
                push_cluster(&mut out, &cur);
                cur.clear();
            }
        }
        cur.push(r);
    }
    push_cluster(&mut out, &cur);
    out
}

fn push_cluster(out: &mut Vec<(usize, usize, f64)>, cur: &[usize]) {
    if let (Some(&lo), Some(&hi)) = (cur.first(), cur.last()) {
        let mid = cur.get(cur.len() / 2).copied().unwrap_or(lo) as f64;
        out.push((lo, hi, mid));
    }
}

// ---------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct RowBuild<'a> {
    lines: Vec<usize>,
    /// One per column; a cell not filled yet has no `width`.
    cells: Vec<Cell<'a>>,
    has_code: bool,
}

/// A cell of a body line: (column, text, 1-based char column, role).
type LineCell<'a> = (usize, Cow<'a, str>, usize, Role);

/// The cells of one body line (a slice of the region's line cells).
struct LineCells<'s, 'a> {
    number: usize,
    cells: &'s [LineCell<'a>],
}

impl LineCells<'_, '_> {
    fn has(&self, role: Role) -> bool {
        self.cells.iter().any(|c| c.3 == role)
    }
}

fn join_text(a: &str, b: &str) -> String {
    let cjk = a.chars().last().is_some_and(is_cjk) && b.chars().next().is_some_and(is_cjk);
    let mut s = String::with_capacity(a.len() + b.len() + 1);
    s.push_str(a);
    if !cjk && !a.is_empty() && !b.is_empty() {
        s.push(' ');
    }
    s.push_str(b);
    s
}

impl<'a> RowBuild<'a> {
    fn new(ncols: usize) -> Self {
        RowBuild {
            lines: Vec::new(),
            cells: vec![Cell::EMPTY; ncols],
            has_code: false,
        }
    }

    fn add_line(&mut self, number: usize) {
        // Lines mostly come in order: a number above all others is pushed as is.
        if self.lines.last().is_none_or(|&l| l < number) {
            self.lines.push(number);
        } else if !self.lines.contains(&number) {
            self.lines.push(number);
            self.lines.sort_unstable();
        }
    }

    fn is_free(&self, col: usize) -> bool {
        self.cells.get(col).is_some_and(|c| c.width.is_none())
    }

    /// The filled cell of column `col`.
    fn filled(&self, col: usize) -> Option<&Cell<'a>> {
        self.cells.get(col).filter(|c| c.width.is_some())
    }

    // A `&Cow`, not a `&str`: a borrowed piece is kept as a borrow, not copied.
    #[allow(clippy::ptr_arg)]
    fn set_or_append(&mut self, col: usize, text: &Cow<'a, str>, line: usize, column: usize) {
        let n = text.chars().count();
        if let Some(c) = self.cells.get_mut(col) {
            if c.width.is_some() {
                c.text = Cow::Owned(join_text(&c.text, text));
            } else {
                c.text = text.clone();
                c.line = line;
                c.column = column;
            }
            c.width = Some(n);
        }
    }

    // A `&Cow`, not a `&str`: a borrowed piece is kept as a borrow, not copied.
    #[allow(clippy::ptr_arg)]
    fn prefix(&mut self, col: usize, text: &Cow<'a, str>, line: usize, column: usize) {
        if let Some(c) = self.cells.get_mut(col) {
            if c.width.is_some() {
                let mut t = String::with_capacity(text.len() + 1 + c.text.len());
                t.push_str(text);
                t.push(' ');
                t.push_str(&c.text);
                c.text = Cow::Owned(t);
            } else {
                c.text = text.clone();
                c.width = Some(text.chars().count());
            }
            c.line = line;
            c.column = column;
        }
    }

    fn finish(mut self) -> Row<'a> {
        // An empty cell's line is the row's first line.
        let first = self.lines.first().copied().unwrap_or(0);
        for c in self.cells.iter_mut().filter(|c| c.width.is_none()) {
            c.line = first;
        }
        Row {
            lines: self.lines,
            cells: self.cells,
        }
    }
}

// ---------------------------------------------------------------------------
// read_layout
// ---------------------------------------------------------------------------

enum Slot {
    Blank,
    Skip,
    /// Range of the line's tokens in the region's token vector.
    Toks(usize, usize),
}

/// Reads one space-aligned table region (header + body, possibly over several pages).
///
/// `lines` are the table's lines after its title line and its issuer/unit line, up to
/// (not including) the next title or prose. Never panics; lines longer than
/// [`MAX_LINE_BYTES`] or with more than [`MAX_LINE_PIECES`] pieces go to `unplaced`.
pub fn read_layout(lines: &[LayoutLine<'_>]) -> LayoutTable {
    let (mut table, rows) = read_layout_rows(lines);
    table.rows = rows.into_iter().map(Row::into_owned).collect();
    table
}

/// [`read_layout`] with the rows apart, their cells borrowing `lines` where they can
/// (`LayoutTable::rows` is left empty).
pub(crate) fn read_layout_rows<'a>(lines: &[LayoutLine<'a>]) -> (LayoutTable, Vec<Row<'a>>) {
    let mut out = LayoutTable {
        header: Vec::new(),
        rows: Vec::new(),
        unplaced: Vec::new(),
        header_lines: Vec::new(),
        furniture: Vec::new(),
        notes: Vec::new(),
    };
    // 1. Tokenize; pages. The tokens of all lines live in one vector; a line's slot
    // holds its range.
    let mut slots: Vec<Slot> = Vec::with_capacity(lines.len());
    let mut pages: Vec<usize> = Vec::with_capacity(lines.len());
    let mut all_toks: Vec<Tok<'_>> = Vec::with_capacity(lines.len() * 8);
    let mut page = 0usize;
    let count_form_feeds = |t: &str| t.bytes().filter(|&b| b == 0x0c).count();
    for l in lines {
        if l.text.len() > MAX_LINE_BYTES {
            page += count_form_feeds(l.text);
            pages.push(page);
            out.unplaced.push((
                l.number,
                "line too long to read as a table line".to_string(),
            ));
            slots.push(Slot::Skip);
            continue;
        }
        let from = all_toks.len();
        let mut form_feeds = 0usize;
        let read = tokenize_into(l.text, &mut all_toks, &mut form_feeds);
        if !read {
            form_feeds = count_form_feeds(l.text);
        }
        page += form_feeds;
        pages.push(page);
        if read {
            // No token: only spaces (the tokenizer's spaces are `is_space`).
            if all_toks.len() == from {
                slots.push(Slot::Blank);
            } else {
                slots.push(Slot::Toks(from, all_toks.len()));
            }
        } else {
            out.unplaced
                .push((l.number, "too many pieces on one line".to_string()));
            slots.push(Slot::Skip);
        }
    }
    let number = |i: usize| lines.get(i).map_or(0, |l| l.number);
    let page_of = |i: usize| pages.get(i).copied().unwrap_or(0);
    let toks_at = |i: usize| -> Option<&[Tok<'_>]> {
        match slots.get(i) {
            Some(&Slot::Toks(a, b)) => all_toks.get(a..b),
            _ => None,
        }
    };
    let nonblank: Vec<usize> = (0..slots.len())
        .filter(|&i| matches!(slots.get(i), Some(Slot::Toks(..))))
        .collect();

    // 2. Page numbers: a lone small number next to a page break or at the region's end.
    let mut furniture = vec![false; slots.len()];
    for (k, &i) in nonblank.iter().enumerate() {
        let Some(t) = toks_at(i) else { continue };
        if !is_page_number(t) {
            continue;
        }
        let prev_page = k
            .checked_sub(1)
            .and_then(|p| nonblank.get(p))
            .map(|&p| page_of(p));
        let next_page = nonblank.get(k + 1).map(|&n| page_of(n));
        let at_break =
            next_page.is_none_or(|p| p != page_of(i)) || prev_page.is_some_and(|p| p != page_of(i));
        if at_break
            && (t.len() == 1
                || t.iter()
                    .all(|x| x.kind != TokKind::Amount || is_dash_token(&x.text)))
        {
            flag(&mut furniture, i);
            out.furniture.push((number(i), "page number".to_string()));
        }
    }

    // 3. Header: text lines before the first line with an amount, a code or a total word.
    let is_body_start = |t: &[Tok<'_>]| -> bool {
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
    };
    let mut header_idx: Vec<usize> = Vec::new();
    let mut body_from = slots.len();
    for &i in &nonblank {
        if furniture.get(i).copied().unwrap_or(false) {
            continue;
        }
        let Some(t) = toks_at(i) else { continue };
        if is_body_start(t) || header_idx.len() >= MAX_HEADER_LINES {
            body_from = i;
            break;
        }
        header_idx.push(i);
    }
    // A name printed half above its code row (`社会保障和就` / `208 …` / `业支出`) is
    // not header: the line above the first row goes back to the body when the line
    // below the row continues it at the same indentation.
    if let (Some(&last), Some(t_body)) = (header_idx.last(), toks_at(body_from)) {
        let first_row_unnamed = t_body.first().is_some_and(|x| x.kind == TokKind::Digits)
            && !t_body.iter().any(|x| x.kind == TokKind::Text);
        let after = nonblank.iter().find(|&&i| i > body_from).copied();
        let aligned = match (toks_at(last), after.and_then(&toks_at)) {
            (Some([h]), Some([n])) => {
                h.kind == TokKind::Text && n.kind == TokKind::Text && h.s.abs_diff(n.s) <= 1
            }
            _ => false,
        };
        if first_row_unnamed && aligned && last + 1 == body_from {
            header_idx.pop();
            body_from = last;
        }
    }
    // Late header lines: only code-level words (`类 款 项`), below the first values.
    let mut late_header = vec![false; slots.len()];
    for &i in nonblank.iter().filter(|&&i| i >= body_from) {
        if let Some(t) = toks_at(i) {
            if t.len() >= 2 && t.iter().all(|x| is_level_word(&x.text)) {
                flag(&mut late_header, i);
            } else if t.first().is_some_and(|x| x.kind == TokKind::Digits)
                && t.get(1).is_some_and(|x| x.kind != TokKind::Amount)
            {
                break; // the first coded row: later `类 款 项` lines are repeated headers
            }
        }
    }
    let header_page = header_idx.first().map(|&i| page_of(i)).unwrap_or(0);
    let mut all_header: Vec<usize> = header_idx.clone();
    all_header.extend((0..slots.len()).filter(|&i| late_header.get(i).copied().unwrap_or(false)));
    all_header.sort_unstable();

    let blank_between = |a: usize, b: usize| -> bool {
        (a + 1..b).any(|i| !all_header.contains(&i)) // a blank or a non-header line lies between
    };
    let build_from = |idx: &[usize]| -> Header<'_> {
        let hl: Vec<HeaderLine<'_>> = idx
            .iter()
            .filter_map(|&i| toks_at(i).map(|t| HeaderLine { pos: i, toks: t }))
            .collect();
        build_header(&hl, &blank_between)
    };
    let header = build_from(&all_header);
    for &i in &all_header {
        out.header_lines.push(number(i));
    }

    // Final column order and kinds.
    let order = header.order();
    let mut kinds: Vec<ColumnKind> = order
        .iter()
        .filter_map(|&l| header.leaves.get(l).map(|x| x.kind))
        .collect();
    let mut centers2: Vec<i64> = order
        .iter()
        .filter_map(|&l| header.leaves.get(l).map(Leaf::center2))
        .collect();
    let mut columns: Vec<HeaderColumn> = order
        .iter()
        .filter_map(|&l| header.leaves.get(l))
        .map(|leaf| HeaderColumn {
            path: leaf
                .path
                .iter()
                .rev()
                .filter_map(|&n| header.nodes.get(n).map(|n| n.text.to_string()))
                .collect(),
            start: leaf.s + 1,
            end: leaf.e,
            kind: leaf.kind,
        })
        .collect();

    // 4. Repeated headers and page headings on later pages.
    // Header lines, compared without their spaces (a line of spaces compares with nothing).
    let sigs: Vec<&str> = header_idx
        .iter()
        .filter_map(|&i| lines.get(i).map(|l| l.text))
        .filter(|t| !t.chars().all(is_space))
        .collect();
    let mut repeated_by_page: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    // A header is repeated at the top of a page: once a page has shown a value, a line
    // that looks like a header line (a wrapped `款` of a name) is not one.
    let mut page_has_values: Option<usize> = None;
    for &i in nonblank.iter().filter(|&&i| i >= body_from) {
        if furniture.get(i).copied().unwrap_or(false)
            || late_header.get(i).copied().unwrap_or(false)
        {
            continue;
        }
        let text = lines.get(i).map_or("", |l| l.text);
        // An amount, or two numbers (a lone `114` is a page heading's year).
        let values = toks_at(i).is_some_and(|t| {
            t.iter().any(|x| x.kind == TokKind::Amount)
                || t.iter().filter(|x| x.kind == TokKind::Digits).count() >= 2
        });
        if page_has_values == Some(page_of(i)) {
            continue;
        }
        if values {
            page_has_values = Some(page_of(i));
            continue;
        }
        if page_of(i) != header_page && sigs.iter().any(|s| same_signature(text, s)) {
            flag(&mut furniture, i);
            out.furniture
                .push((number(i), "repeated header".to_string()));
            repeated_by_page.entry(page_of(i)).or_default().push(i);
        }
    }
    for (&p, rep) in &repeated_by_page {
        let Some(&first_rep) = rep.first() else {
            continue;
        };
        for &i in nonblank
            .iter()
            .filter(|&&i| i >= body_from && i < first_rep && page_of(i) == p)
        {
            if furniture.get(i).copied().unwrap_or(false) {
                continue;
            }
            let heading = toks_at(i).is_some_and(|t| t.iter().all(|x| x.kind == TokKind::Text));
            if heading {
                flag(&mut furniture, i);
                out.furniture.push((
                    number(i),
                    "page heading above a repeated header".to_string(),
                ));
            }
        }
    }

    // 5. Body lines with roles; notes. The body's tokens live in one vector, each
    // line's in a slice of it.
    let mut body_toks: Vec<BodyTok<'_, '_>> = Vec::with_capacity(all_toks.len());
    let mut body_spans: Vec<(usize, usize, usize)> = Vec::new(); // (number, page, tokens)
    let mut in_note = false;
    for &i in nonblank.iter().filter(|&&i| i >= body_from) {
        if furniture.get(i).copied().unwrap_or(false)
            || late_header.get(i).copied().unwrap_or(false)
        {
            continue;
        }
        let Some(t) = toks_at(i) else { continue };
        let first = t.first().map(|x| x.text.as_ref()).unwrap_or("");
        let textual = t.iter().all(|x| x.kind == TokKind::Text);
        if opens_layout_note(first) || (in_note && textual) {
            in_note = true;
            out.notes.push(number(i));
            continue;
        }
        in_note = false;
        let from = body_toks.len();
        roles(t, &mut body_toks);
        body_spans.push((number(i), page_of(i), body_toks.len() - from));
    }
    let body_toks_len = body_toks.len();
    let mut body: Vec<BodyLine<'_, '_, '_>> = Vec::with_capacity(body_spans.len());
    let mut rest: &mut [BodyTok<'_, '_>] = &mut body_toks;
    for &(number, page, n) in &body_spans {
        let n = n.min(rest.len());
        let (toks, tail) = std::mem::take(&mut rest).split_at_mut(n);
        rest = tail;
        body.push(BodyLine { number, page, toks });
    }

    // Synthetic columns when the region has no header.
    if columns.is_empty() {
        synthesize_columns(&body, &mut columns, &mut kinds, &mut centers2);
    }
    let ncols = columns.len();

    // 6. Code levels: single codes by their indentation relative to the label.
    let code_cols: Vec<usize> = (0..ncols)
        .filter(|&c| kinds.get(c) == Some(&ColumnKind::Code))
        .collect();
    // Code columns in more than one run (one per side): codes go by position.
    let code_by_position = code_cols
        .windows(2)
        .any(|w| matches!(w, [a, b] if b - a > 1));
    // Digit groups standing under a code column are codes wherever they are on the
    // line (two-sided tables print `301  01 … 302` with codes on both sides). On
    // two-sided tables a lone 3-, 5- or 7-digit group clearly nearer a code column than
    // any amount column is a code too, even a few columns off (the right side's codes
    // drift left where the left side has ended: `   30299` / `  31007      0.00`).
    for b in body.iter_mut() {
        for t in b.toks.iter_mut() {
            let lone_code = t.role == Role::CodeLine && code_by_position;
            if !lone_code && (t.role != Role::Amount || t.tok.kind != TokKind::Digits) {
                continue;
            }
            let c2 = t.tok.center2();
            let dist = |c: usize| (centers2.get(c).copied().unwrap_or(i64::MIN / 4) - c2).abs();
            let code_d = code_cols.iter().map(|&c| dist(c)).min();
            let amount_d = (0..ncols)
                .filter(|&c| kinds.get(c) == Some(&ColumnKind::Amount))
                .map(dist)
                .min();
            let code_len = matches!(t.tok.text.chars().count(), 3 | 5 | 7);
            let near = |d: i64| {
                (d <= 6 && amount_d.is_none_or(|a| d < a))
                    || (code_by_position
                        && code_len
                        && d <= 32
                        && amount_d.is_none_or(|a| 2 * d < a))
            };
            if code_d.is_some_and(near) {
                t.role = Role::Code;
            }
        }
    }
    let mut offsets: Vec<usize> = Vec::new();
    for bl in &body {
        let mut codes = bl.toks.iter().filter(|t| t.role == Role::Code);
        let (first_code, more_codes) = (codes.next(), codes.next().is_some());
        if !more_codes {
            if let (Some(c), Some(txt)) =
                (first_code, bl.toks.iter().find(|t| t.role == Role::Text))
            {
                offsets.push(txt.tok.s.saturating_sub(c.tok.s));
            }
        }
    }
    let offset_clusters = clusters(offsets); // ascending offsets; largest offset = first level
    let level_of_offset = |off: usize| -> usize {
        let n = offset_clusters.len();
        let idx = offset_clusters
            .iter()
            .position(|&(lo, hi, _)| off >= lo && off <= hi)
            .unwrap_or(n.saturating_sub(1));
        n.saturating_sub(1).saturating_sub(idx)
    };

    // 7. Amount columns and per-page mapping.
    let amount_cols: Vec<usize> = (0..ncols)
        .filter(|&c| kinds.get(c) == Some(&ColumnKind::Amount))
        .collect();
    let mut amap = AmountMap {
        cols: amount_cols.clone(),
        centers2: amount_cols
            .iter()
            .map(|&c| centers2.get(c).copied().unwrap_or(0))
            .collect(),
        learned: vec![None; amount_cols.len()],
    };
    let mut page_list: Vec<usize> = body.iter().map(|b| b.page).collect();
    page_list.dedup();
    // Pages with a repeated header of the same shape use its own positions (built
    // only for pages whose numbers do not already fall into one cluster per column).
    let page_centers = |p: usize| -> Option<Vec<i64>> {
        let rep = repeated_by_page.get(&p)?;
        let hdr = build_from(rep);
        if hdr.leaves.iter().filter(|l| !l.dead).count() != ncols {
            return None;
        }
        let ord = hdr.order();
        let kinds_p: Vec<ColumnKind> = ord
            .iter()
            .filter_map(|&l| hdr.leaves.get(l).map(|x| x.kind))
            .collect();
        if kinds_p != kinds {
            return None;
        }
        Some(
            ord.iter()
                .filter_map(|&l| hdr.leaves.get(l).map(Leaf::center2))
                .enumerate()
                .filter(|(k, _)| kinds.get(*k) == Some(&ColumnKind::Amount))
                .map(|(_, c)| c)
                .collect(),
        )
    };
    let mut used: Vec<usize> = Vec::new();
    let mut sums: Vec<(f64, usize)> = vec![(0.0, 0); amount_cols.len()];
    // Horizontal shift of pages read without a header, to place their labels.
    let mut page_shift: std::collections::BTreeMap<usize, f64> = Default::default();
    // Body lines come in page order, so a page's lines are one run of them.
    let mut page_start = 0usize;
    for &p in &page_list {
        let first = (page_start..body.len())
            .find(|&k| body.get(k).is_some_and(|b| b.page == p))
            .unwrap_or(body.len());
        let end = (first..body.len())
            .find(|&k| body.get(k).is_none_or(|b| b.page != p))
            .unwrap_or(body.len());
        page_start = end;
        let idxs = first..end;
        let page_rs: Vec<usize> = idxs
            .clone()
            .filter_map(|k| body.get(k))
            .flat_map(|b| {
                b.toks
                    .iter()
                    .filter(|t| t.role == Role::Amount)
                    .map(|t| t.tok.e)
            })
            .collect();
        // As many clusters of right edges as amount columns: they are the columns, in order.
        let page_clusters = clusters(page_rs);
        let one_per_column = page_clusters.len() == amap.cols.len();
        let own = if one_per_column {
            None
        } else if p == header_page && !header_idx.is_empty() {
            Some(amap.centers2.clone())
        } else {
            page_centers(p)
        };
        let by_cluster = if own.is_none() {
            let cl = page_clusters;
            let reps: Vec<f64> = cl.iter().map(|c| c.2).collect();
            let (assign, shift) = amap.by_clusters(&reps);
            page_shift.insert(p, shift);
            Some((cl, assign))
        } else {
            None
        };
        for k in idxs {
            let Some(b) = body.get_mut(k) else { continue };
            used.clear();
            for t in b.toks.iter_mut() {
                if t.role != Role::Amount {
                    continue;
                }
                let r = t.tok.e;
                let col = match (&own, &by_cluster) {
                    (Some(c2), _) => Some(amap.by_header(c2, r)),
                    (None, Some((cl, assign))) => cl
                        .iter()
                        .position(|&(lo, hi, _)| r >= lo && r <= hi)
                        .and_then(|ci| assign.get(ci).copied().flatten()),
                    _ => None,
                };
                let col = col.map(|mut c| {
                    while used.contains(&c) && c + 1 < amap.cols.len() {
                        c += 1;
                    }
                    c
                });
                if let Some(c) = col {
                    if !used.contains(&c) {
                        used.push(c);
                        t.slot = Some(c);
                        if let Some(s) = sums.get_mut(c) {
                            s.0 += r as f64;
                            s.1 += 1;
                        }
                    }
                }
            }
        }
        // Learn right edges from this page for the next ones.
        for (c, s) in sums.iter_mut().enumerate() {
            if s.1 > 0 {
                if let Some(l) = amap.learned.get_mut(c) {
                    *l = Some(s.0 / s.1 as f64);
                }
            }
            *s = (0.0, 0);
        }
    }

    // 8. Cells per body line.
    let label_cols: Vec<usize> = (0..ncols)
        .filter(|&c| kinds.get(c) != Some(&ColumnKind::Code))
        .collect();
    // `below`: only columns left of this one (a word printed left of an amount on
    // its line belongs to a column left of that amount's column).
    let nearest_label = |center2: i64, below: usize| -> Option<usize> {
        let mut best: Option<(usize, i64)> = None;
        for &c in label_cols.iter().filter(|&&c| c < below) {
            let cc = centers2.get(c).copied().unwrap_or(0);
            let mut d = (cc - center2).abs();
            if kinds.get(c) == Some(&ColumnKind::Label) {
                d /= 4;
            }
            if best.is_none_or(|(_, bd)| d < bd) {
                best = Some((c, d));
            }
        }
        best.map(|b| b.0)
    };
    // The cells of all body lines in one vector: (line number, number of cells) per line.
    let mut cells: Vec<LineCell<'_>> = Vec::with_capacity(body_toks_len);
    let mut cell_spans: Vec<(usize, usize)> = Vec::with_capacity(body.len());
    let mut amount_at: Vec<(usize, usize)> = Vec::new();
    for b in body.iter() {
        let from = cells.len();
        let mut codes = b.toks.iter().filter(|t| t.role == Role::Code);
        let (first_code, more_codes) = (codes.next(), codes.next().is_some());
        let first_level = if first_code.is_some() && !more_codes {
            let txt = b.toks.iter().find(|t| t.role == Role::Text);
            match (first_code, txt) {
                (Some(c), Some(t)) => level_of_offset(t.tok.s.saturating_sub(c.tok.s)),
                _ => 0,
            }
        } else {
            0
        };
        let mut code_i = 0usize;
        // Column of each placed amount, to keep words left of it in columns left of it.
        amount_at.clear();
        amount_at.extend(
            b.toks
                .iter()
                .filter(|t| t.role == Role::Amount)
                .filter_map(|t| t.slot.and_then(|s| amap.cols.get(s)).map(|&c| (t.tok.s, c))),
        );
        for t in b.toks.iter() {
            let col1 = t.tok.s + 1;
            let below = amount_at
                .iter()
                .filter(|(s, _)| *s > t.tok.s)
                .map(|&(_, c)| c)
                .min()
                .unwrap_or(usize::MAX);
            match t.role {
                Role::Code => {
                    let target = if code_cols.is_empty() {
                        nearest_label(t.tok.center2(), usize::MAX)
                    } else if code_by_position {
                        code_cols.iter().copied().min_by_key(|&c| {
                            (centers2.get(c).copied().unwrap_or(0) - t.tok.center2()).abs()
                        })
                    } else {
                        let lvl = (first_level + code_i).min(code_cols.len() - 1);
                        code_cols.get(lvl).copied()
                    };
                    code_i += 1;
                    if let Some(c) = target {
                        push_cell(&mut cells, from, c, t.tok.text.clone(), col1, Role::Code);
                    }
                }
                Role::Amount => match t.slot.and_then(|s| amap.cols.get(s)).copied() {
                    Some(c) => {
                        push_cell(&mut cells, from, c, t.tok.text.clone(), col1, Role::Amount)
                    }
                    None => out.unplaced.push((
                        b.number,
                        format!("amount `{}` at column {col1} fits no column", t.tok.text),
                    )),
                },
                Role::Text | Role::CodeLine => {
                    let shift2 = page_shift
                        .get(&b.page)
                        .map_or(0, |s| (2.0 * s).round() as i64);
                    let placed = nearest_label(t.tok.center2() - shift2, below)
                        .or_else(|| nearest_label(t.tok.center2() - shift2, usize::MAX));
                    if let Some(c) = placed {
                        push_cell(&mut cells, from, c, t.tok.text.clone(), col1, t.role);
                    } else {
                        out.unplaced
                            .push((b.number, format!("text `{}` fits no column", t.tok.text)));
                    }
                }
            }
        }
        cell_spans.push((b.number, cells.len() - from));
    }
    let mut line_cells: Vec<LineCells<'_, '_>> = Vec::with_capacity(cell_spans.len());
    let mut rest: &[LineCell<'_>] = &cells;
    for &(number, n) in &cell_spans {
        let (line, tail) = rest.split_at(n.min(rest.len()));
        rest = tail;
        line_cells.push(LineCells {
            number,
            cells: line,
        });
    }

    // 9. Rows.
    let mut rows = assemble_rows(&line_cells, ncols, &kinds, &mut out);
    out.header = columns;
    // 10. Sub-level codes printed without their leading zero.
    pad_short_codes(&out.header, &mut rows);
    // 11. Two column groups side by side: one record per group.
    split_sides(&out.header, &mut rows);
    (out, rows)
}

/// A lower-level code column (款 after 类, 项 after 款) whose codes all have the same
/// width gets that width back in a cell printed with fewer digits: some disclosures
/// print `301   2   津贴补贴` for 款 02 (the PDF itself holds `2`, right-aligned under
/// the `01`, `08` of the rows around it). The digit is kept and zero-padded on the
/// left, as a number printed without its leading zero.
fn pad_short_codes(header: &[HeaderColumn], rows: &mut [Row<'_>]) {
    let kinds: Vec<ColumnKind> = header.iter().map(|h| h.kind).collect();
    for c in 1..kinds.len() {
        if kinds.get(c) != Some(&ColumnKind::Code) || kinds.get(c - 1) != Some(&ColumnKind::Code) {
            continue;
        }
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        // Mainland codes only: the run's first column holds 3-digit 类 codes (Taiwan's
        // 款/項/目/節 numbers are 1 or 2 digits and mixed on purpose).
        let first = (0..c)
            .rev()
            .take_while(|&k| kinds.get(k) == Some(&ColumnKind::Code))
            .last()
            .unwrap_or(c);
        let class_widths: Vec<usize> = rows
            .iter()
            .filter_map(|r| r.cells.get(first))
            .map(|x| x.text.trim())
            .filter(|t| digits(t))
            .map(str::len)
            .collect();
        if class_widths.is_empty() || class_widths.iter().any(|&x| x != 3) {
            continue;
        }
        let widths: Vec<usize> = rows
            .iter()
            .filter_map(|r| r.cells.get(c))
            .map(|x| x.text.trim())
            .filter(|t| digits(t))
            .map(str::len)
            .collect();
        let Some(&w) = widths.iter().max() else {
            continue;
        };
        let full = widths.iter().filter(|&&x| x == w).count();
        let short = widths.len() - full;
        // Only where the full width is the rule and the short codes are exceptions.
        if !(2..=4).contains(&w) || full < 3 || short == 0 || short * 4 > full {
            continue;
        }
        for r in rows.iter_mut() {
            if let Some(x) = r.cells.get_mut(c) {
                let t = x.text.trim();
                if digits(t) && t.len() < w {
                    x.text = Cow::Owned(format!("{t:0>w$}"));
                }
            }
        }
    }
}

/// Width of one group when the header is two identical column groups side by side,
/// each with its own code columns (基本支出决算表: 人员经费 codes/names/amounts on the
/// left, 公用经费 on the right): `Some(k)` with `header.len() == 2 * k`.
fn side_width(header: &[HeaderColumn]) -> Option<usize> {
    let n = header.len();
    if n < 4 || n % 2 != 0 {
        return None;
    }
    let k = n / 2;
    let (left, right) = header.split_at(k);
    let same = left.iter().zip(right).all(|(a, b)| {
        a.kind == b.kind
            && match (a.path.last(), b.path.last()) {
                (Some(x), Some(y)) => same_signature(x, y),
                (x, y) => x.is_none() && y.is_none(),
            }
    });
    let coded = left.first().is_some_and(|c| c.kind == ColumnKind::Code)
        && left.iter().any(|c| c.kind == ColumnKind::Amount);
    (same && coded).then_some(k)
}

/// Splits the rows of a table made of two identical column groups side by side (see
/// [`side_width`]) into one row per group: a row of the left group keeps its cells in
/// the left columns and has the right ones empty, and the other way round. The left
/// group's rows come first, then the right group's; rows with no code on either side
/// (the `人员经费合计 … 公用经费合计` line) stay whole, at the end. Within a group, a row
/// that only continues a code (`302 … 其 他 商 品 和 服 务 支` / `99` / `出`, a name printed
/// around its code) is joined to the row above it.
fn split_sides<'a>(header: &[HeaderColumn], rows: &mut Vec<Row<'a>>) {
    let Some(k) = side_width(header) else {
        return;
    };
    let kinds: Vec<ColumnKind> = header.iter().map(|h| h.kind).collect();
    let has_text = |cells: &[Cell<'_>]| cells.iter().any(|c| !c.text.trim().is_empty());
    let has_code = |cells: &[Cell<'_>], kinds: &[ColumnKind]| {
        cells
            .iter()
            .zip(kinds)
            .any(|(c, k)| *k == ColumnKind::Code && !c.text.trim().is_empty())
    };
    let (kl, kr) = kinds.split_at(k);
    let mut sides: [Vec<Row<'a>>; 2] = [Vec::new(), Vec::new()];
    let mut whole: Vec<Row<'a>> = Vec::new();
    for row in std::mem::take(rows) {
        let (l, r) = row.cells.split_at(k.min(row.cells.len()));
        if !has_code(l, kl) && !has_code(r, kr) {
            whole.push(row);
            continue;
        }
        let first = row.lines.first().copied().unwrap_or(0);
        let blank = || Cell {
            line: first,
            ..Cell::EMPTY
        };
        for (side, (own, kinds_own)) in [(l, kl), (r, kr)].into_iter().enumerate() {
            if !has_text(own) {
                continue;
            }
            let mut cells: Vec<Cell<'a>> = Vec::with_capacity(row.cells.len());
            if side == 1 {
                cells.extend((0..k).map(|_| blank()));
            }
            cells.extend(own.iter().cloned());
            if side == 0 {
                cells.extend((0..row.cells.len().saturating_sub(k)).map(|_| blank()));
            }
            let new = Row {
                lines: row.lines.clone(),
                cells,
            };
            let Some(list) = sides.get_mut(side) else {
                continue;
            };
            if let Some(prev) = list.last_mut() {
                if continues_code(prev, &new, side * k, kinds_own) {
                    join_rows(prev, new, side * k, kinds_own);
                    continue;
                }
            }
            list.push(new);
        }
    }
    let [left, right] = sides;
    *rows = left;
    rows.extend(right);
    rows.extend(whole);
}

/// `next` (one group's cells at `base..base + kinds.len()`) has no first-level code but a
/// lower-level code that `prev` lacks, and no amount where `prev` has one: the two are
/// one record printed around its code.
fn continues_code(prev: &Row<'_>, next: &Row<'_>, base: usize, kinds: &[ColumnKind]) -> bool {
    fn cell<'r>(r: &'r Row<'_>, i: usize) -> &'r str {
        r.cells.get(i).map_or("", |c| c.text.trim())
    }
    let cell = |r, i| cell(r, base + i);
    let first_code_empty = cell(next, 0).is_empty() && !cell(prev, 0).is_empty();
    let mut fills_code = false;
    for (i, kind) in kinds.iter().enumerate() {
        let (p, n) = (cell(prev, i), cell(next, i));
        match kind {
            ColumnKind::Code if i > 0 && !n.is_empty() => {
                if !p.is_empty() {
                    return false;
                }
                fills_code = true;
            }
            ColumnKind::Amount if !n.is_empty() && !p.is_empty() => return false,
            _ => {}
        }
    }
    first_code_empty && fills_code
}

/// Joins `next` into `prev` (see [`continues_code`]).
fn join_rows<'a>(prev: &mut Row<'a>, next: Row<'a>, base: usize, kinds: &[ColumnKind]) {
    for (i, c) in next.cells.into_iter().enumerate() {
        if i < base || i >= base + kinds.len() || c.text.trim().is_empty() {
            continue;
        }
        if let Some(p) = prev.cells.get_mut(i) {
            if p.text.trim().is_empty() {
                *p = c;
            } else {
                p.text = Cow::Owned(join_text(&p.text, &c.text));
            }
        }
    }
    for l in next.lines {
        if !prev.lines.contains(&l) {
            prev.lines.push(l);
        }
    }
    prev.lines.sort_unstable();
}

/// Adds a piece to column `col` of the line whose cells are `cells[from..]`.
fn push_cell<'a>(
    cells: &mut Vec<LineCell<'a>>,
    from: usize,
    col: usize,
    text: Cow<'a, str>,
    col1: usize,
    role: Role,
) {
    let line = cells.get_mut(from..).unwrap_or_default();
    if let Some(c) = line.iter_mut().find(|c| c.0 == col) {
        c.1 = Cow::Owned(join_text(&c.1, &text));
    } else {
        cells.push((col, text, col1, role));
    }
}

fn synthesize_columns(
    body: &[BodyLine<'_, '_, '_>],
    columns: &mut Vec<HeaderColumn>,
    kinds: &mut Vec<ColumnKind>,
    centers2: &mut Vec<i64>,
) {
    let max_codes = body
        .iter()
        .map(|b| b.toks.iter().filter(|t| t.role == Role::Code).count())
        .max()
        .unwrap_or(0)
        .min(8);
    for i in 0..max_codes {
        columns.push(HeaderColumn {
            path: Vec::new(),
            start: 0,
            end: 0,
            kind: ColumnKind::Code,
        });
        kinds.push(ColumnKind::Code);
        centers2.push(i as i64);
    }
    let label_s = body
        .iter()
        .flat_map(|b| {
            b.toks
                .iter()
                .filter(|t| matches!(t.role, Role::Text | Role::CodeLine))
                .map(|t| t.tok.s)
        })
        .min();
    if let Some(s) = label_s {
        columns.push(HeaderColumn {
            path: Vec::new(),
            start: s + 1,
            end: s + 1,
            kind: ColumnKind::Label,
        });
        kinds.push(ColumnKind::Label);
        centers2.push(2 * s as i64);
    }
    let rs: Vec<usize> = body
        .iter()
        .flat_map(|b| {
            b.toks
                .iter()
                .filter(|t| t.role == Role::Amount)
                .map(|t| t.tok.e)
        })
        .collect();
    for (lo, hi, _) in clusters(rs).into_iter().take(64) {
        columns.push(HeaderColumn {
            path: Vec::new(),
            start: lo.saturating_sub(6) + 1,
            end: hi,
            kind: ColumnKind::Amount,
        });
        kinds.push(ColumnKind::Amount);
        // A centre a little left of the right edge, as a header word would be.
        centers2.push(2 * lo as i64 - 6);
    }
}

fn assemble_rows<'a>(
    lines: &[LineCells<'_, 'a>],
    ncols: usize,
    kinds_of: &[ColumnKind],
    out: &mut LayoutTable,
) -> Vec<Row<'a>> {
    // At most one row per line.
    let mut rows: Vec<RowBuild<'a>> = Vec::with_capacity(lines.len());
    // Value-only lines waiting for the next row: index into `lines`.
    let mut pending_values: Vec<usize> = Vec::new();
    // Digit-only code lines waiting for the next row's label.
    let mut pending_prefix: Vec<usize> = Vec::new();
    // Index (into `lines`) of the previous body line that went into a row (not pending).
    let mut last_in_row: Option<usize> = None;

    let fits =
        |row: &RowBuild<'a>, lc: &LineCells<'_, 'a>| lc.cells.iter().all(|c| row.is_free(c.0));
    let apply = |row: &mut RowBuild<'a>, lc: &LineCells<'_, 'a>| {
        for (col, text, column, role) in lc.cells {
            row.set_or_append(*col, text, lc.number, *column);
            if *role == Role::Code {
                row.has_code = true;
            }
        }
        row.add_line(lc.number);
    };

    for (k, lc) in lines.iter().enumerate() {
        let has_code = lc.has(Role::Code);
        let has_amount = lc.has(Role::Amount);
        let has_text = lc.has(Role::Text);
        let code_line = lc.has(Role::CodeLine);
        // Is the previous row the last thing above this line (only pending values between)?
        let prev_adjacent = |rows: &Vec<RowBuild<'a>>| -> bool {
            let Some(last) = last_in_row else {
                return false;
            };
            if rows.is_empty() {
                return false;
            }
            (last + 1..k).all(|j| pending_values.contains(&j))
        };

        if code_line && !has_code && !has_amount && !has_text {
            pending_prefix.push(k);
            continue;
        }
        if has_amount && !has_code && !has_text {
            pending_values.push(k);
            // Do not wait long: values more than 3 lines above any row go to the previous row.
            while pending_values.len() > 3 {
                let v = pending_values.remove(0);
                flush_value(&mut rows, lines, v, out, &fits, &apply);
            }
            continue;
        }
        if has_text && !has_code && !has_amount {
            // A label-only line: continuation of the previous row's label, or a row of its own.
            let texts = lc.cells.iter().filter(|c| c.3 == Role::Text);
            // Values waiting above this line that the previous row cannot take
            // belong to a row starting here.
            let values_need_row = rows.last().is_some_and(|row| {
                pending_values
                    .iter()
                    .any(|&v| lines.get(v).is_some_and(|vl| !fits(row, vl)))
            });
            let continues = prev_adjacent(&rows)
                && !values_need_row
                && rows.last().is_some_and(|row| {
                    texts.clone().all(|(col, text, _, _)| {
                        !starts_item(text)
                            && !ends_with_total_word(text)
                            && match row.filled(*col) {
                                None => true,
                                Some(c) => {
                                    text.chars().count() <= c.width.unwrap_or(0) + 1
                                        && !c.text.ends_with(['）', ')', '。'])
                                        && c.text.chars().last().is_some_and(is_cjk)
                                }
                            }
                    })
                });
            if continues {
                if let Some(row) = rows.last_mut() {
                    for (col, text, column, _) in lc.cells {
                        row.set_or_append(*col, text, lc.number, *column);
                    }
                    row.add_line(lc.number);
                }
                last_in_row = Some(k);
                continue;
            }
        }
        // An anchor line: merge into the previous row if it fills only that row's empty
        // columns (a two-sided summary table whose sides are printed on adjacent lines).
        // Or: the previous row is codes (and values) only, and this line brings its
        // labels (two-sided tables print codes and names on separate lines).
        let merge_labels = has_text
            && prev_adjacent(&rows)
            && pending_values.is_empty()
            && rows.last().is_some_and(|row| {
                fits(row, lc)
                    && row.has_code
                    && lc
                        .cells
                        .iter()
                        .any(|c| kinds_of.get(c.0) == Some(&ColumnKind::Label))
            });
        let merge = merge_labels
            || !has_code
                && has_text
                && prev_adjacent(&rows)
                && pending_values.is_empty()
                && rows.last().is_some_and(|row| {
                    !row.has_code
                        && fits(row, lc)
                        && row.cells.iter().enumerate().any(|(c, x)| {
                            x.width.is_some()
                                && lines.get(last_in_row.unwrap_or(0)).is_some_and(|p| {
                                    p.cells.iter().any(|pc| pc.0 == c && pc.3 == Role::Text)
                                })
                        })
                });
        if merge {
            if let Some(row) = rows.last_mut() {
                apply(row, lc);
            }
            last_in_row = Some(k);
            continue;
        }
        // A label printed above its code row (names centred vertically on the row):
        // the label-only row just above takes this line.
        let label_above = has_code
            && prev_adjacent(&rows)
            && pending_values.is_empty()
            && rows.last().is_some_and(|row| {
                !row.has_code
                    && row.cells.iter().enumerate().all(|(c, x)| {
                        x.width.is_none()
                            || (kinds_of.get(c) == Some(&ColumnKind::Label)
                                && !starts_item(&x.text))
                    })
            });
        if label_above {
            if let Some(row) = rows.last_mut() {
                apply(row, lc);
            }
            last_in_row = Some(k);
            continue;
        }
        let mut row = RowBuild::new(ncols);
        apply(&mut row, lc);
        // Code lines printed above the label (Taiwan 編號).
        for p in pending_prefix.drain(..) {
            if let Some(pl) = lines.get(p) {
                for (col, text, column, _) in pl.cells {
                    row.prefix(*col, text, pl.number, *column);
                }
                row.add_line(pl.number);
            }
        }
        // Values printed above the row.
        for v in std::mem::take(&mut pending_values) {
            let Some(vl) = lines.get(v) else { continue };
            if fits(&row, vl) {
                apply(&mut row, vl);
            } else {
                flush_value(&mut rows, lines, v, out, &fits, &apply);
            }
        }
        rows.push(row);
        last_in_row = Some(k);
    }
    for v in std::mem::take(&mut pending_values) {
        if rows.is_empty() {
            // A table whose only row is values (a 三公 table has no label column).
            if let Some(vl) = lines.get(v) {
                let mut row = RowBuild::new(ncols);
                apply(&mut row, vl);
                rows.push(row);
            }
            continue;
        }
        flush_value(&mut rows, lines, v, out, &fits, &apply);
    }
    for p in pending_prefix {
        if let Some(pl) = lines.get(p) {
            out.unplaced
                .push((pl.number, "code line with no row below it".to_string()));
        }
    }
    rows.into_iter().map(RowBuild::finish).collect()
}

fn flush_value<'a>(
    rows: &mut [RowBuild<'a>],
    lines: &[LineCells<'_, 'a>],
    v: usize,
    out: &mut LayoutTable,
    fits: &dyn Fn(&RowBuild<'a>, &LineCells<'_, 'a>) -> bool,
    apply: &dyn Fn(&mut RowBuild<'a>, &LineCells<'_, 'a>),
) {
    let Some(vl) = lines.get(v) else { return };
    match rows.last_mut() {
        Some(row) if fits(row, vl) => apply(row, vl),
        _ => out.unplaced.push((
            vl.number,
            "values that fit neither the row above nor the row below".to_string(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn lines(text: &str) -> Vec<LayoutLine<'_>> {
        text.lines()
            .enumerate()
            .map(|(i, text)| LayoutLine {
                number: i + 1,
                text,
            })
            .collect()
    }

    #[test]
    fn amounts_and_codes_are_told_apart() {
        assert!(looks_like_figure("1,836.42"));
        assert!(looks_like_figure("-12.50"));
        assert!(looks_like_figure("(12.50)"));
        assert!(looks_like_figure("77.70%"));
        assert!(looks_like_figure("-"));
        assert!(!looks_like_figure("1."));
        assert!(!looks_like_figure("统计"));
        assert_eq!(classify("201"), TokKind::Digits);
        assert_eq!(classify("2,976,800"), TokKind::Amount);
    }

    #[test]
    fn tokenizer_counts_characters_not_bytes() {
        let t = tokenize("201   05   06   统计管理                 26,300").unwrap();
        let spans: Vec<(usize, usize)> = t.iter().map(|t| (t.s, t.e)).collect();
        assert_eq!(spans, [(0, 3), (6, 8), (11, 13), (16, 20), (37, 43)]);
        let t = tokenize("\u{c}  合          計     2,906,223").unwrap();
        assert_eq!(t[0].text, "合計");
        assert_eq!(t[0].s, 2);
        let t = tokenize("1. 一 般 公").unwrap();
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].text, "1. 一般公");
        // A total word one space before another header word stays a word of its own.
        let t = tokenize("  结余        小计 基本支出 项目支出  结余").unwrap();
        let words: Vec<&str> = t.iter().map(|t| t.text.as_ref()).collect();
        assert_eq!(words, ["结余", "小计", "基本支出", "项目支出", "结余"]);
        let t = tokenize("小 计 基本支出").unwrap();
        let words: Vec<&str> = t.iter().map(|t| t.text.as_ref()).collect();
        assert_eq!(words, ["小计", "基本支出"]);
    }

    #[test]
    fn items_start_rows() {
        assert!(starts_item("一、一般公共服务支出"));
        assert!(starts_item("（一）基本工资"));
        assert!(starts_item("1. 一般公共预算"));
        assert!(starts_item("合计"));
        assert!(!starts_item("缴费支出"));
        assert!(!starts_item("出"));
    }

    #[test]
    fn displaced_values_go_to_the_row_below() {
        let text = "\
              科目名称       合计          基本支出      项目支出
                                      1,503.52     603.14
201             一般公共服务支出     2,106.66
                                      1,503.52     603.14
201   06        财政事务           2,106.66";
        let t = read_layout(&lines(text));
        assert_eq!(t.rows.len(), 2);
        let cells: Vec<&str> = t.rows[1].cells.iter().map(|c| c.text.as_str()).collect();
        assert!(
            cells.contains(&"2,106.66") && cells.contains(&"1,503.52") && cells.contains(&"603.14"),
            "{cells:?}"
        );
        assert_eq!(t.rows[1].lines, [4, 5]);
        assert!(t.unplaced.is_empty());
    }

    /// The reader's helpers as they were before the byte-level rewrite: the fast
    /// versions must agree with them on every input.
    mod reference {
        use super::super::*;

        pub fn is_dash(s: &str) -> bool {
            let n = s.chars().count();
            (1..=4).contains(&n)
                && s.chars()
                    .all(|c| matches!(c, '-' | '－' | '—' | '–' | '−' | '─'))
        }

        pub fn is_amount(s: &str) -> bool {
            if is_dash(s) {
                return true;
            }
            let t = s
                .trim_start_matches(['-', '－', '−', '+', '(', '（'])
                .trim_end_matches([')', '）', '%', '％']);
            let mut digits = 0usize;
            let mut dots = 0usize;
            let mut last = ' ';
            for (i, c) in t.chars().enumerate() {
                match c {
                    '0'..='9' => digits += 1,
                    ',' if i > 0 && dots == 0 => {}
                    '.' if i > 0 => dots += 1,
                    _ => return false,
                }
                last = c;
            }
            digits > 0
                && dots <= 1
                && last.is_ascii_digit()
                && t.starts_with(|c: char| c.is_ascii_digit())
        }

        pub fn classify(s: &str) -> TokKind {
            if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
                TokKind::Digits
            } else if is_amount(s) {
                TokKind::Amount
            } else {
                TokKind::Text
            }
        }

        fn is_spaced_word(s: &str) -> bool {
            SPACED_WORDS.contains(&s)
        }

        /// (start column, end column, text, kind) per token.
        pub fn tokenize(line: &str) -> Option<Vec<(usize, usize, String, TokKind)>> {
            let mut toks: Vec<(usize, usize, String, TokKind)> = Vec::new();
            let mut pieces = 0usize;
            let mut last_piece_len = 0usize;
            let mut col = 0usize;
            let mut cur: Option<(usize, usize)> = None;
            let push = |toks: &mut Vec<(usize, usize, String, TokKind)>,
                        s: usize,
                        e: usize,
                        bs: usize,
                        be: usize,
                        last_piece_len: &mut usize| {
                let text = line.get(bs..be).unwrap_or("");
                let kind = classify(text);
                let plen = e - s;
                if let Some(prev) = toks.last_mut() {
                    let gap = s.saturating_sub(prev.1);
                    if gap == 1
                        && kind == TokKind::Text
                        && prev.3 == TokKind::Text
                        && !(is_level_word(text) && is_level_word(&prev.2))
                        && (plen <= 2 || *last_piece_len <= 2)
                        && !total_then_word(&prev.2, text)
                    {
                        let cjk_join = prev.2.chars().last().is_some_and(is_cjk)
                            && text.chars().next().is_some_and(is_cjk);
                        if !cjk_join {
                            prev.2.push(' ');
                        }
                        prev.2.push_str(text);
                        prev.1 = e;
                        *last_piece_len = plen;
                        return;
                    }
                }
                *last_piece_len = plen;
                toks.push((s, e, text.to_string(), kind));
            };
            let bytes = line.as_bytes();
            let mut b = 0usize;
            while let Some(&x) = bytes.get(b) {
                let (space, width, ff) = match x {
                    b' ' | b'\t' | b'\r' => (true, 1, false),
                    0x0c => (true, 1, true),
                    0xE3 if bytes.get(b + 1) == Some(&0x80) && bytes.get(b + 2) == Some(&0x80) => {
                        (true, 3, false)
                    }
                    0xC2 if bytes.get(b + 1) == Some(&0xA0) => (true, 2, false),
                    _ => (false, 0, false),
                };
                if space {
                    if let Some((s, bs)) = cur.take() {
                        pieces += 1;
                        if pieces > MAX_LINE_PIECES {
                            return None;
                        }
                        push(&mut toks, s, col, bs, b, &mut last_piece_len);
                    }
                    b += width;
                    if !ff {
                        col += 1;
                    }
                    continue;
                }
                if cur.is_none() {
                    cur = Some((col, b));
                }
                b += match x {
                    0x00..=0x7F => 1,
                    0xC0..=0xDF => 2,
                    0xE0..=0xEF => 3,
                    _ => 4,
                };
                col += 1;
            }
            if let Some((s, bs)) = cur {
                push(&mut toks, s, col, bs, line.len(), &mut last_piece_len);
            }
            let mut i = 0;
            while i + 1 < toks.len() {
                let merge = match (toks.get(i), toks.get(i + 1)) {
                    (Some(a), Some(b)) => {
                        a.2.chars().count() == 1
                            && b.2.chars().count() == 1
                            && !(is_level_word(&a.2) && is_level_word(&b.2))
                            && is_spaced_word(&format!("{}{}", a.2, b.2))
                    }
                    _ => false,
                };
                if merge {
                    let b = toks.remove(i + 1);
                    if let Some(a) = toks.get_mut(i) {
                        a.2.push_str(&b.2);
                        a.1 = b.1;
                    }
                }
                i += 1;
            }
            Some(toks)
        }

        pub fn leaf_kind(text: &str) -> ColumnKind {
            if is_level_word(text) {
                return ColumnKind::Code;
            }
            let label_words = [
                "名称",
                "名稱",
                "科目",
                "指标",
                "指標",
                "说明",
                "說明",
                "备注",
                "備註",
                "单位名称",
                "單位名稱",
                "用途",
                "摘要",
            ];
            if label_words.iter().any(|w| text.contains(w))
                && !text.contains("编码")
                && !text.contains("代码")
            {
                return ColumnKind::Label;
            }
            if ["编码", "代码", "编号", "編號", "代號", "序号", "序號"]
                .iter()
                .any(|w| text.contains(w))
            {
                return ColumnKind::Code;
            }
            if matches!(text, "项目" | "項目") {
                return ColumnKind::Label;
            }
            ColumnKind::Amount
        }

        pub fn same_signature(text: &str, sig: &str) -> bool {
            let a: String = text.chars().filter(|&c| !is_space(c)).collect();
            let b: String = sig.chars().filter(|&c| !is_space(c)).collect();
            a == b
        }

        pub fn is_page_number(texts: &[&str]) -> bool {
            if texts.len() > 3 || texts.iter().map(|t| t.len()).sum::<usize>() > 24 {
                return false;
            }
            let joined: String = texts.concat();
            let core = joined.trim_matches(|c: char| matches!(c, '-' | '－' | '—' | '–'));
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
    }

    fn tokens_as_tuples(line: &str) -> Option<Vec<(usize, usize, String, TokKind)>> {
        tokenize(line).map(|t| {
            t.into_iter()
                .map(|t| (t.s, t.e, t.text.into_owned(), t.kind))
                .collect()
        })
    }

    /// Pieces of lines as `pdftotext -layout` prints them, and the characters the fast
    /// paths look at byte by byte.
    fn fragment() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(" ".to_string()),
            Just("  ".to_string()),
            Just("         ".to_string()),
            Just("                 ".to_string()),
            Just("\t".to_string()),
            Just("\r".to_string()),
            Just("\u{c}".to_string()),
            Just("\u{3000}".to_string()),
            Just("\u{a0}".to_string()),
            Just("\u{3001}".to_string()),
            Just("\u{a9}".to_string()),
            Just("\u{c2}".to_string()),
            Just("合".to_string()),
            Just("计".to_string()),
            Just("計".to_string()),
            Just("项".to_string()),
            Just("目".to_string()),
            Just("类".to_string()),
            Just("款".to_string()),
            Just("名".to_string()),
            Just("称".to_string()),
            Just("编码".to_string()),
            Just("代码".to_string()),
            Just("序號".to_string()),
            Just("科目名称".to_string()),
            Just("单位名称".to_string()),
            Just("一、".to_string()),
            Just("第".to_string()),
            Just("页".to_string()),
            Just("共".to_string()),
            Just("1.".to_string()),
            Just("201".to_string()),
            Just("05".to_string()),
            Just("0".to_string()),
            Just("12".to_string()),
            Just("/".to_string()),
            Just("2,976,800".to_string()),
            Just("-12.50".to_string()),
            Just("(12.50)".to_string()),
            Just("77.70%".to_string()),
            Just("－".to_string()),
            Just("—".to_string()),
            Just("–".to_string()),
            Just("−".to_string()),
            Just("─".to_string()),
            Just("（".to_string()),
            Just("-".to_string()),
            Just("+".to_string()),
            Just("a".to_string()),
            Just("é".to_string()),
            Just("😀".to_string()),
            "[ 0-9,.\\-()%合计一二三a]{0,12}",
        ]
    }

    fn text_line() -> impl Strategy<Value = String> {
        prop::collection::vec(fragment(), 0..24).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(600))]

        #[test]
        fn tokenizer_agrees_with_the_reference(line in text_line()) {
            prop_assert_eq!(tokens_as_tuples(&line), reference::tokenize(&line));
            let (mut toks, mut form_feeds) = (Vec::new(), 0usize);
            if tokenize_into(&line, &mut toks, &mut form_feeds) {
                prop_assert_eq!(form_feeds, line.bytes().filter(|&b| b == 0x0c).count());
            }
        }

        #[test]
        fn fast_helpers_agree_with_the_reference(a in text_line(), b in text_line()) {
            prop_assert_eq!(classify(&a), reference::classify(&a));
            prop_assert_eq!(is_dash_token(&a), reference::is_dash(&a));
            prop_assert_eq!(leaf_kind(&a), reference::leaf_kind(&a));
            prop_assert_eq!(same_signature(&a, &b), reference::same_signature(&a, &b));
            let joined = format!("{a}{b}");
            prop_assert_eq!(
                same_signature(&joined, &format!("{a} {b}")),
                reference::same_signature(&joined, &format!("{a} {b}"))
            );
            if let Some(toks) = tokenize(&a) {
                let texts: Vec<&str> = toks.iter().map(|t| t.text.as_ref()).collect();
                prop_assert_eq!(is_page_number(&toks), reference::is_page_number(&texts));
            }
        }
    }

    #[test]
    fn fast_helpers_agree_on_known_words() {
        for w in [
            "合计",
            "科目名称",
            "单位名称",
            "功能分类科目编码",
            "项目",
            "項目",
            "代码名称",
            "经济科目代码",
            "序号",
            "備註",
            "说明",
            "摘要",
            "用途",
            "指標",
            "类",
            "2024年预算数",
        ] {
            assert_eq!(leaf_kind(w), reference::leaf_kind(w), "{w}");
        }
        for p in [
            "12",
            "- 12 -",
            "第 3 页",
            "3/10",
            "共 10 页",
            "0",
            "－5－",
            "第3頁",
            "—7—",
            "12.5",
        ] {
            let toks = tokenize(p).unwrap();
            let texts: Vec<&str> = toks.iter().map(|t| t.text.as_ref()).collect();
            assert_eq!(
                is_page_number(&toks),
                reference::is_page_number(&texts),
                "{p}"
            );
        }
        for l in [
            "\u{c}  合          計     2,906,223",
            "1. 一 般 公 共",
            "因 公 出 国 （ 境 ） 费",
            "类  款  项   项 目",
            "a b  c\u{c} d\u{3000}e\u{a0}f",
        ] {
            assert_eq!(tokens_as_tuples(l), reference::tokenize(l), "{l:?}");
        }
    }

    #[test]
    fn empty_and_hostile_regions_do_not_panic() {
        let t = read_layout(&[]);
        assert!(t.rows.is_empty() && t.header.is_empty());
        let long = "9".repeat(MAX_LINE_BYTES + 1);
        let t = read_layout(&[LayoutLine {
            number: 1,
            text: &long,
        }]);
        assert_eq!(t.unplaced.len(), 1);
        let many = "1 ".repeat(MAX_LINE_PIECES + 5);
        let t = read_layout(&[LayoutLine {
            number: 7,
            text: &many,
        }]);
        assert_eq!(t.unplaced[0].0, 7);
    }
}
