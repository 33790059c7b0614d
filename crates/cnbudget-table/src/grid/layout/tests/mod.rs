//! Unit tests of the layout reader.

mod corpus;
mod damaged;
mod props;

use proptest::prelude::*;

use super::header::leaf_kind;
use super::rows::Row;
use super::rows::starts_item;
use super::tokens::MAX_LINE_PIECES;
use super::tokens::{TokKind, classify, is_page_number, same_signature, tokenize, tokenize_into};
use super::*;
use crate::lexicon::{is_dash_token, looks_like_figure};

/// What the reader found in a region, its rows owned: the shape the tests look at.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct LayoutTable {
    pub(super) header: Vec<HeaderColumn>,
    pub(super) rows: Vec<LayoutRow>,
    pub(super) unplaced: Vec<(usize, String)>,
    pub(super) header_lines: Vec<usize>,
    pub(super) furniture: Vec<(usize, String)>,
    pub(super) notes: Vec<usize>,
}

/// A row with its cells' text owned.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct LayoutRow {
    pub(super) lines: Vec<usize>,
    pub(super) cells: Vec<LayoutCell>,
}

/// A cell with its text owned.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct LayoutCell {
    pub(super) text: String,
    pub(super) line: usize,
    pub(super) column: usize,
}

/// [`read_layout_rows`] with its rows owned.
pub(super) fn read_layout(lines: &[LayoutLine<'_>]) -> LayoutTable {
    let (r, rows) = read_layout_rows(lines);
    LayoutTable {
        header: r.header,
        rows: rows.into_iter().map(owned).collect(),
        unplaced: r.unplaced,
        header_lines: r.header_lines,
        furniture: r.furniture,
        notes: r.notes,
    }
}

fn owned(r: Row<'_>) -> LayoutRow {
    LayoutRow {
        lines: r.lines,
        cells: r
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

#[test]
fn the_module_example() {
    let text = "\
功能分类科目编码
                  功能分类科目名称       合计       基本支出      项目支出
类     款    项

201   05   06   统计管理               26,300           0       26,300
208   05   05   机关事业单位基本养老保险缴费支    4,412,547   4,412,547         0
                出
                 合计               4,438,847   4,412,547       26,300";
    let table = read_layout(&lines(text));
    let paths: Vec<String> = table.header.iter().map(|c| c.path.join("/")).collect();
    assert_eq!(
        paths,
        [
            "功能分类科目编码/类",
            "功能分类科目编码/款",
            "功能分类科目编码/项",
            "功能分类科目名称",
            "合计",
            "基本支出",
            "项目支出"
        ]
    );
    assert_eq!(table.rows.len(), 3);
    let cells: Vec<&str> = table.rows[1]
        .cells
        .iter()
        .map(|c| c.text.as_str())
        .collect();
    assert_eq!(
        cells,
        [
            "208",
            "05",
            "05",
            "机关事业单位基本养老保险缴费支出",
            "4,412,547",
            "4,412,547",
            "0"
        ]
    );
    assert_eq!(table.rows[1].lines, [6, 7]);
    assert!(table.unplaced.is_empty());
}

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

/// The reader's helpers written the plain way (char by char, with allocations): the fast
/// versions must agree with them on every input.
mod reference {
    use super::super::tokens::{SPACED_WORDS, is_cjk, is_level_word, is_space, total_then_word};
    use super::*;

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
