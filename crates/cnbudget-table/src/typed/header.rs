//! Header rows of a grid: caption rows above them, where the body starts, header cells spread
//! over their columns, and header rows merged into column paths.

use crate::caption::scan_meta;
use crate::cell::{clean, code_tokens, is_amountish, squash, starts_numeric};
use crate::grid::RawRow;
use crate::model::Table;

use super::roles::{is_identifier_label, is_total_label};

pub(super) fn is_codeish(t: &str) -> bool {
    code_tokens(t).is_some_and(|g| g.digit_count() >= 3)
}

/// Does this row carry data (amounts, codes, a total label)?
pub(crate) fn is_data_row(row: &RawRow<'_>, have_header: bool) -> bool {
    let texts: Vec<_> = row.cells.iter().map(|c| clean(&c.raw)).collect();
    if texts.iter().any(|t| is_amountish(t)) {
        return true;
    }
    if texts.iter().take(4).any(|t| is_codeish(t)) {
        return true;
    }
    if have_header {
        if let Some(first) = texts.iter().find(|t| !t.is_empty()) {
            if is_total_label(first) && squash(first) != "小计" && row.nonempty() <= 2 {
                return true;
            }
        }
    }
    false
}

/// A leading row that is caption material (unit, issuer, a lone title).
pub(super) fn caption_row(row: &RawRow<'_>, table: &mut Table) -> bool {
    let texts = row.texts();
    let non: Vec<&String> = texts.iter().filter(|t| !t.is_empty()).collect();
    if non.is_empty() || non.len() > 3 {
        return false;
    }
    let mut hit = false;
    let mut pending_issuer = false;
    for t in &non {
        if t.chars().count() > 120 {
            return false;
        }
        let m = scan_meta(t);
        if let Some(u) = m.unit {
            table.unit = Some(u);
            hit = true;
        }
        if let Some(i) = m.issuer {
            table.issuer.get_or_insert(i);
            hit = true;
        }
        if pending_issuer {
            table.issuer.get_or_insert_with(|| (*t).clone());
            pending_issuer = false;
        }
        if (t.ends_with('：') || t.ends_with(':')) && (t.contains("单位") || t.contains("部门"))
        {
            pending_issuer = true;
            hit = true;
        }
    }
    if !hit && non.len() == 1 && row.cells.len() <= 8 {
        // A lone title or year line above the header (`（2023年度）`, `报表编号：…`).
        let t = non.first().map_or("", |s| s.as_str());
        let sq = squash(t);
        if sq.ends_with('表') || sq.contains("年度") || sq.contains("报表编号") {
            return true;
        }
    }
    hit
}

/// Positions of header cells in a row of `n` columns when the row came
/// without positions (cell-per-line layout): spread `upper` over `lower`.
pub(super) fn expand(upper: &[String], lower: &[String], n: usize, warn: &mut bool) -> Vec<String> {
    let k = upper.len();
    let mut out = vec![String::new(); n];
    if k >= n || k == 0 {
        for (o, u) in out.iter_mut().zip(upper) {
            o.clone_from(u);
        }
        return out;
    }
    if k == 1 {
        if let (Some(o), Some(u)) = (out.first_mut(), upper.first()) {
            o.clone_from(u);
        }
        return out;
    }
    let lower: Vec<String> = lower.iter().map(|l| squash(l).into_owned()).collect();
    let mut candidates: Vec<Vec<usize>> = Vec::new();
    // A) equal halves with the same labels (收入 | 支出).
    if n % k == 0 {
        let w = n / k;
        let first = lower.get(..w);
        if (1..k).all(|i| lower.get(i * w..(i + 1) * w) == first) {
            candidates.push((0..k).map(|i| i * w).collect());
        }
    }
    // B) empties each alone; runs of identifiers / measures.
    let mut b = Vec::new();
    let mut prev: Option<bool> = None;
    for (c, l) in lower.iter().enumerate() {
        if l.is_empty() {
            b.push(c);
            prev = None;
            continue;
        }
        let id = is_identifier_label(l);
        if prev != Some(id) {
            b.push(c);
        }
        prev = Some(id);
    }
    candidates.push(b);
    // C) a group starts at each run of identifiers.
    let mut cgroups = vec![0];
    let mut prev_id = true;
    for (c, l) in lower.iter().enumerate() {
        let id = !l.is_empty() && is_identifier_label(l);
        if id && !prev_id && c > 0 {
            cgroups.push(c);
        }
        if !l.is_empty() {
            prev_id = id;
        }
    }
    candidates.push(cgroups);
    let starts = candidates
        .into_iter()
        .find(|s| s.len() == k)
        .unwrap_or_else(|| {
            *warn = true;
            (0..k).collect()
        });
    for (s, u) in starts.iter().zip(upper) {
        if let Some(o) = out.get_mut(*s) {
            o.clone_from(u);
        }
    }
    out
}

/// Merge positional header rows into column paths.
///
/// An empty cell continues the label on its left (a colspan) when the span
/// above it also covers both columns and a lower header row has a label in
/// this column; otherwise it continues the label above it (a rowspan).
pub(crate) fn merge_header(rows: &[Vec<String>], n: usize) -> Vec<Vec<String>> {
    let h = rows.len();
    let mut labels: Vec<Vec<Option<String>>> = vec![vec![None; n]; h];
    let mut span: Vec<Vec<usize>> = vec![vec![0; n]; h];
    let mut next_id = 1usize;
    let has_lower = |r: usize, c: usize| {
        rows.iter()
            .skip(r + 1)
            .any(|row| row.get(c).is_some_and(|s| !s.is_empty()))
    };
    for r in 0..h {
        for c in 0..n {
            let own = rows
                .get(r)
                .and_then(|row| row.get(c))
                .filter(|s| !s.is_empty())
                .cloned();
            let (label, id) = if let Some(l) = own {
                next_id += 1;
                (Some(l), next_id)
            } else {
                let left = if c > 0 {
                    labels
                        .get(r)
                        .and_then(|row| row.get(c - 1))
                        .cloned()
                        .flatten()
                } else {
                    None
                };
                let above_same = r == 0
                    || (c > 0
                        && span.get(r - 1).and_then(|s| s.get(c))
                            == span.get(r - 1).and_then(|s| s.get(c - 1)));
                if left.is_some() && above_same && has_lower(r, c) {
                    let lid = span
                        .get(r)
                        .and_then(|s| c.checked_sub(1).and_then(|cc| s.get(cc)))
                        .copied()
                        .unwrap_or(0);
                    (left, lid)
                } else if r > 0 {
                    let aid = span.get(r - 1).and_then(|s| s.get(c)).copied().unwrap_or(0);
                    (None, aid)
                } else {
                    next_id += 1;
                    (None, next_id)
                }
            };
            if let Some(slot) = labels.get_mut(r).and_then(|row| row.get_mut(c)) {
                *slot = label;
            }
            if let Some(slot) = span.get_mut(r).and_then(|row| row.get_mut(c)) {
                *slot = id;
            }
        }
    }
    (0..n)
        .map(|c| {
            let mut path: Vec<String> = Vec::new();
            for row in &labels {
                if let Some(Some(l)) = row.get(c) {
                    if path.last() != Some(l) {
                        path.push(l.clone());
                    }
                }
            }
            path
        })
        .collect()
}

pub(super) fn mode_len(rows: &[RawRow<'_>]) -> Option<usize> {
    let mut counts: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for r in rows {
        let n = r.cells.len();
        if n >= 2 {
            *counts.entry(n).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(n, c)| (c, n))
        .map(|(n, _)| n)
}

/// The header rows (squashed) a body row is compared with to spot a header repeated after a
/// page break.
pub(super) struct RepeatedHeader<'h> {
    rows: &'h [Vec<String>],
    /// First non-empty label of each header row, to spot repeated headers cheaply.
    first: Vec<&'h str>,
}

impl<'h> RepeatedHeader<'h> {
    pub(super) fn new(rows: &'h [Vec<String>]) -> Self {
        let first = rows
            .iter()
            .filter_map(|h| h.iter().find(|s| !s.is_empty()).map(String::as_str))
            .collect();
        RepeatedHeader { rows, first }
    }

    /// Does `r` repeat a header row: the same non-empty labels, in order?
    pub(super) fn is_repeat(&self, r: &RawRow<'_>) -> bool {
        // No header rows (a header the source gave): nothing to repeat.
        if self.first.is_empty() {
            return false;
        }
        let first_text = r
            .cells
            .iter()
            .map(|c| clean(&c.raw))
            .find(|t| !t.is_empty());
        let maybe_repeat = first_text.is_some_and(|t| {
            !starts_numeric(&t) && {
                let sq = squash(&t);
                self.first.iter().any(|h| **h == *sq)
            }
        });
        if !maybe_repeat {
            return false;
        }
        let texts: Vec<String> = r
            .cells
            .iter()
            .map(|c| squash(&clean(&c.raw)).into_owned())
            .collect();
        self.rows.iter().any(|h| {
            let a: Vec<&String> = h.iter().filter(|s| !s.is_empty()).collect();
            let b: Vec<&String> = texts.iter().filter(|s| !s.is_empty()).collect();
            !a.is_empty() && a == b
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn merge_three_public() {
        let rows = vec![
            v(&["2022年预算数", "", "", "", "", ""]),
            v(&[
                "合计",
                "因公出国(境)费",
                "公务用车购置及运行费",
                "",
                "",
                "公务接待费",
            ]),
            v(&["", "", "小计", "公务用车购置费", "公务用车运行费", ""]),
        ];
        let p = merge_header(&rows, 6);
        assert_eq!(p[0], v(&["2022年预算数", "合计"]));
        assert_eq!(
            p[3],
            v(&["2022年预算数", "公务用车购置及运行费", "公务用车购置费"])
        );
        assert_eq!(p[5], v(&["2022年预算数", "公务接待费"]));
    }

    #[test]
    fn expand_summary() {
        let mut w = false;
        let e = expand(
            &v(&["收入", "支出"]),
            &v(&[
                "项目",
                "预算数",
                "项目",
                "合计",
                "一般公共预算",
                "政府性基金预算",
                "国有资本经营预算",
            ]),
            7,
            &mut w,
        );
        assert_eq!(e, v(&["收入", "", "支出", "", "", "", ""]));
        let e = expand(
            &v(&["功能分类科目", "2023年预算数"]),
            &v(&["科目编码", "科目名称", "总计", "基本支出", "项目支出"]),
            5,
            &mut w,
        );
        assert_eq!(e, v(&["功能分类科目", "", "2023年预算数", "", ""]));
        assert!(!w);
    }
}
