//! Flattened tables: one cell per line with no row delimiter, rows rebuilt from the header's
//! column types.

use std::borrow::Cow;

use super::{Grid, HeaderRows, RawCell, RawRow};
use crate::cell::{has_sub, is_amountish, may_have_space, squash, trim_ws};
use crate::lexicon::{is_cell_total_word, is_no_amount};
use crate::lines::Line;
use crate::model::Warning;

/// Type of a header column in a flattened table, for matching data cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    /// An amount, a percentage, a `-` placeholder or an empty cell.
    Num,
    /// Text, an empty cell or a `-` placeholder.
    Text,
    /// Anything (targets such as `≥100%`, `=10.92万元`).
    Any,
}

fn has_sentence_punct(t: &str) -> bool {
    t.contains([',', '，', ';', '；', '。', '、'])
        || (t.contains([':', '：']) && t.chars().count() > 16)
}

/// A header label of a flattened table (the labels of self-evaluation and
/// goal forms).
fn flat_header_label_squashed(s: &str) -> bool {
    if s.chars().count() > 24 || s.bytes().any(|c| c.is_ascii_digit()) {
        return false;
    }
    matches!(
        s,
        "一级指标"
            | "二级指标"
            | "三级指标"
            | "绩效指标"
            | "分值"
            | "得分"
            | "得分系数"
            | "指标说明"
            | "评分标准"
            | "年度指标值"
            | "全年完成值"
            | "实际完成值"
            | "指标值"
            | "指标权重"
            | "权重"
            | "计量单位"
            | "指标性质"
            | "年初预算数"
            | "年初设定目标"
            | "全年目标实际完成情况"
            | "年度总体目标"
            | "序号"
    ) || s.starts_with("偏离")
        || s.starts_with("全年预算数")
        || s.starts_with("全年执行数")
        || s.starts_with("执行率")
        || s.starts_with("项目资金")
}

fn header_ty(label: &str) -> Ty {
    let s = squash(label);
    if has_sub(&s, "指标值") || has_sub(&s, "完成值") || has_sub(&s, "实际值") {
        Ty::Any
    } else if s == "分值"
        || has_sub(&s, "得分")
        || has_sub(&s, "系数")
        || has_sub(&s, "权重")
        || has_sub(&s, "执行率")
        || has_sub(&s, "预算数")
        || has_sub(&s, "执行数")
        || has_sub(&s, "金额")
    {
        Ty::Num
    } else {
        Ty::Text
    }
}

/// What the rebuild needs to know of one flattened cell, computed once.
#[derive(Debug, Clone, Copy)]
struct FlatInfo {
    blank: bool,
    amount: bool,
    header: bool,
    key: bool,
    label_like: bool,
}

impl FlatInfo {
    fn of(raw: &str) -> FlatInfo {
        let t = trim_ws(raw);
        let blank = is_no_amount(t);
        let amount = is_amountish(t);
        // Long cells (descriptions, criteria) are neither labels nor keys:
        // 30 characters are at most 120 bytes (when no space is squashed away).
        if t.len() > 120 && !may_have_space(t.as_bytes()) {
            return FlatInfo {
                blank,
                amount,
                header: false,
                key: false,
                label_like: false,
            };
        }
        let sq = squash(t);
        FlatInfo {
            blank,
            amount,
            header: flat_header_label_squashed(&sq),
            key: flat_row_key_squashed(&sq),
            label_like: sq.chars().count() <= 30 && !has_sentence_punct(&sq),
        }
    }
}

fn cell_fits(ty: Ty, c: &FlatInfo) -> bool {
    match ty {
        Ty::Any => true,
        Ty::Num => c.blank || c.amount,
        Ty::Text => c.blank || !c.amount,
    }
}

/// Labels that open a row of a flattened form.
fn flat_row_key_squashed(s: &str) -> bool {
    is_cell_total_word(s)
        || matches!(
            s,
            "项目名称"
                | "项目编码"
                | "主管部门"
                | "预算部门"
                | "实施单位"
                | "年度总体目标"
                | "说明"
                | "评价结果"
        )
}

/// Length of the header run starting at `i`: at least three header labels,
/// empty cells allowed after the first.
fn flat_header_run(flat: &[RawCell<'_>], info: &[FlatInfo], i: usize) -> usize {
    let mut n = 0;
    let mut labels = 0;
    for (c, f) in flat.iter().zip(info).skip(i) {
        if n > 0 && trim_ws(&c.raw).is_empty() {
            n += 1;
        } else if f.header {
            n += 1;
            labels += 1;
        } else {
            break;
        }
    }
    // Trailing empty cells belong to the data.
    while n > 0
        && flat
            .get(i + n - 1)
            .is_some_and(|c| trim_ws(&c.raw).is_empty())
    {
        n -= 1;
    }
    if labels >= 3 { n } else { 0 }
}

/// Does the anchor (the header types from the first numeric column on) end
/// at cell `i`?
fn anchor_at(info: &[FlatInfo], anchor: &[Ty], i: usize) -> bool {
    let Some(start) = (i + 1).checked_sub(anchor.len()) else {
        return false;
    };
    info.get(start..=i)
        .is_some_and(|cells| anchor.iter().zip(cells).all(|(ty, c)| cell_fits(*ty, c)))
}

/// Rows of cells with no row delimiter, split at row-opening labels.
fn split_at_keys<'a>(cells: &[RawCell<'a>], info: &[FlatInfo], out: &mut Vec<RawRow<'a>>) {
    let mut cur: Vec<RawCell<'a>> = Vec::new();
    for (c, f) in cells.iter().zip(info) {
        if f.key && cur.iter().any(|x| !trim_ws(&x.raw).is_empty()) {
            push_row(out, std::mem::take(&mut cur), 0);
        }
        cur.push(c.clone());
    }
    push_row(out, cur, 0);
}

fn push_row<'a>(out: &mut Vec<RawRow<'a>>, cur: Vec<RawCell<'a>>, pad: usize) {
    // Leading and trailing empty cells of an unaligned row carry nothing.
    let first = cur.iter().position(|c| !trim_ws(&c.raw).is_empty());
    let Some(first) = first else { return };
    let line = cur.get(first).map_or(0, |c| c.line);
    let mut cells = vec![
        RawCell {
            raw: Cow::Borrowed(""),
            line,
            column: 1,
        };
        pad
    ];
    cells.extend(cur.into_iter().skip(if pad == 0 { first } else { 0 }));
    out.push(RawRow {
        lines: cells
            .iter()
            .filter(|c| !trim_ws(&c.raw).is_empty())
            .map(|c| c.line)
            .collect(),
        cells,
    });
}

/// Flattened tables: one cell per line, no row delimiter; an extra blank
/// line marks an empty cell (inserted by the scanner). Header runs (three or
/// more header labels) set the width and the column types; data rows end
/// where the cells match the header's types from its first numeric column
/// on (the *anchor*), and open with the short label cells before it, left
/// cells omitted by row spans padded empty. Cells before the first header
/// (the key–value block of a form) and cells no anchor takes are rows split
/// at row-opening labels (项目名称, 主管部门, 说明 …).
///
/// Returns the rows, whether the first row is the table's header, and a warning that the rows
/// are rebuilt (about the first row's line; `first_line` when there is none).
fn rebuild_flattened<'a>(
    cells: Vec<RawRow<'a>>,
    first_line: usize,
) -> (Vec<RawRow<'a>>, bool, Warning) {
    let flat: Vec<RawCell<'a>> = cells.into_iter().flat_map(|r| r.cells).collect();
    let info: Vec<FlatInfo> = flat.iter().map(|c| FlatInfo::of(&c.raw)).collect();
    let keys = |from: usize, to: usize, out: &mut Vec<RawRow<'a>>| {
        split_at_keys(
            flat.get(from..to).unwrap_or_default(),
            info.get(from..to).unwrap_or_default(),
            out,
        );
    };
    let mut out: Vec<RawRow<'a>> = Vec::new();
    let headed = flat_header_run(&flat, &info, 0) > 0;
    let mut anchor: Vec<Ty> = Vec::new();
    let mut width = 0usize;
    let mut widths: Vec<usize> = Vec::new();
    // Cells since the end of the last row.
    let mut from = 0usize;
    let mut i = 0usize;
    while i < flat.len() {
        let run = flat_header_run(&flat, &info, i);
        if run > 0 {
            keys(from, i, &mut out);
            let head = flat.get(i..i + run).unwrap_or_default();
            let tys: Vec<Ty> = head.iter().map(|c| header_ty(&c.raw)).collect();
            anchor = tys
                .iter()
                .position(|t| *t == Ty::Num)
                .and_then(|p| tys.get(p..))
                .map(<[Ty]>::to_vec)
                .unwrap_or_default();
            width = run;
            widths.push(run);
            push_row(&mut out, head.to_vec(), 0);
            i += run;
            from = i;
            continue;
        }
        if anchor.is_empty() || i + 1 < from + anchor.len() || !anchor_at(&info, &anchor, i) {
            i += 1;
            continue;
        }
        // A placeholder or empty end extended by a real figure (`小计 - - 97.5`).
        let mut end = i;
        while info.get(end).is_some_and(|c| c.blank)
            && info.get(end + 1).is_some_and(|c| c.amount)
            && anchor.last() == Some(&Ty::Num)
            && anchor_at(&info, &anchor, end + 1)
        {
            end += 1;
        }
        let a_start = end + 1 - anchor.len();
        let mut start = a_start;
        let room = width - anchor.len();
        while start > from && a_start - start < room {
            let Some(c) = info.get(start - 1) else { break };
            if !c.label_like {
                break;
            }
            start -= 1;
            if c.key {
                break;
            }
        }
        keys(from, start, &mut out);
        let row: Vec<RawCell<'a>> = flat.get(start..=end).unwrap_or_default().to_vec();
        let pad = width.saturating_sub(row.len());
        push_row(&mut out, row, pad);
        i = end + 1;
        from = i;
    }
    keys(from, flat.len(), &mut out);
    let warning = Warning::new(
        out.first()
            .and_then(|r| r.lines.first())
            .copied()
            .unwrap_or(first_line),
        if widths.is_empty() {
            String::from("flattened form without a header row: rows split at row labels")
        } else {
            format!(
                "flattened table: rows rebuilt from {:?}-column header(s) and cell types (rowspans assumed on the left); uncertain",
                widths
            )
        },
    );
    (out, headed, warning)
}

/// A line of a flattened region as a row of its one cell, after the empty cells the blank
/// lines before it mark (`blank_run` blank lines: one separates two cells, each further one
/// is an empty cell, at most 16; none before the region's first cell).
pub(crate) fn cell_row<'a>(l: &Line<'a>, blank_run: usize, first: bool) -> RawRow<'a> {
    let empties = if first {
        0
    } else {
        blank_run.saturating_sub(1).min(16)
    };
    let mut cells = Vec::with_capacity(empties + 1);
    for e in 0..empties {
        cells.push(RawCell {
            raw: Cow::Borrowed(""),
            line: l.no.saturating_sub(blank_run - e),
            column: 1,
        });
    }
    cells.push(RawCell {
        raw: Cow::Borrowed(l.text),
        line: l.no,
        column: 1,
    });
    RawRow {
        lines: vec![l.no],
        cells,
    }
}

/// The grid of a flattened region (its cells one per line, as [`cell_row`] read them): rows
/// rebuilt from the header's column types; the header found by the typed layer when the
/// first rebuilt row is one, else none (a form of label/value rows). With the warning that
/// the rows are rebuilt.
pub(crate) fn grid(cells: Vec<RawRow<'_>>, first_line: usize) -> (Grid, Warning) {
    let (rows, headed, warning) = rebuild_flattened(cells, first_line);
    let header = if headed {
        HeaderRows::Find
    } else {
        HeaderRows::Absent
    };
    (Grid::from_raw_rows(rows, header), warning)
}
