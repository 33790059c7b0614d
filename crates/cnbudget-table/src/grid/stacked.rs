//! A table copied from a web page one cell per line, every header label first and then every
//! value (`“三公”经费合计` / `因公出国(境)费` / … / `328.7` / `10` / …), with or without the
//! cell separators a page's text keeps (`合计 |`, `||`).
//!
//! The labels name the leaf columns in order, except where a group label is followed later by
//! its sub-labels, announced by a subtotal (`公务用车购置及运行费` … `小计 | 公务用车购置费 |
//! 公务用车运行费`): the group's place is taken by its sub-labels. The values fill the leaf
//! columns left to right: a table of one row.

use super::{Grid, GridCell, HeaderRows, Origin};
use crate::cell::{amount_value, trim_line};
use crate::lexicon;
use crate::lines::{Line, LineKind};

/// Lines looked through at most.
const MAX_LINES: usize = 60;

/// A cell found on a line: its text, line number and whether it is a figure.
struct Piece {
    text: String,
    line: usize,
    figure: bool,
}

/// The text of a line without the cell separators a page's text keeps (`合计 |`, `||`);
/// empty for a separator line.
fn cell_text(l: &Line<'_>) -> String {
    let t = trim_line(l.text);
    t.trim_end_matches(|c: char| c == '|' || c.is_whitespace())
        .trim_start_matches(|c: char| c == '|' || c.is_whitespace())
        .to_string()
}

fn is_figure(t: &str) -> bool {
    amount_value(t).is_some() || lexicon::is_dash_token(t)
}

/// The cells from `lines[from]` on: labels, then figures; ends at the first line that is
/// neither (a heading or a sentence after the table). `None` unless there are at least three
/// labels then at least two figures, and every label is short.
fn pieces(lines: &[Line<'_>], from: usize) -> Option<(Vec<Piece>, usize)> {
    let mut out: Vec<Piece> = Vec::new();
    let mut end = from;
    for (k, l) in lines.iter().enumerate().skip(from).take(MAX_LINES) {
        if matches!(l.kind, LineKind::Blank | LineKind::EmptyCell) {
            end = k + 1;
            continue;
        }
        let t = cell_text(l);
        if t.is_empty() {
            end = k + 1;
            continue;
        }
        let figure = is_figure(&t);
        let seen_figures = out.iter().any(|p| p.figure);
        if !figure
            && (seen_figures || t.chars().count() > 20 || t.contains(['。', '，', ':', '：']))
        {
            break;
        }
        out.push(Piece {
            text: t,
            line: l.no,
            figure,
        });
        end = k + 1;
    }
    let labels = out.iter().take_while(|p| !p.figure).count();
    let figures = out.len() - labels;
    (labels >= 3 && figures >= 2).then_some((out, end))
}

/// True when the material at `lines[from]` is a stacked table (labels, then as many figures
/// as the labels name columns).
pub(crate) fn plausible(lines: &[Line<'_>], from: usize) -> bool {
    read(lines, from).is_some()
}

/// Labels with a label too short to stand alone (`公务` above `接待费`) joined to the next.
fn labels_of(pieces: &[Piece]) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    let mut pending: Option<(String, usize)> = None;
    for p in pieces.iter().take_while(|p| !p.figure) {
        let text = match pending.take() {
            Some((head, line)) => (format!("{head}{}", p.text), line),
            None => (p.text.clone(), p.line),
        };
        if text.0.chars().count() <= 2 && !lexicon::is_cell_total_word(&text.0) {
            pending = Some(text);
        } else {
            out.push(text);
        }
    }
    if let Some(p) = pending {
        out.push(p);
    }
    out
}

/// The header as (top label, its sub-labels) in column order: the labels after a subtotal
/// word (`小计`) are the sub-labels of the earlier label they share most characters with.
fn leaves(labels: &[(String, usize)]) -> Option<Vec<(usize, Vec<usize>)>> {
    let sub_from = labels
        .iter()
        .skip(1)
        .position(|(t, _)| t == "小计")
        .map(|p| p + 1);
    let Some(s) = sub_from else {
        return Some((0..labels.len()).map(|k| (k, Vec::new())).collect());
    };
    let subs: Vec<usize> = (s..labels.len()).collect();
    let common = |a: &str, b: &str| a.chars().filter(|c| b.contains(*c)).count();
    let group = (0..s).max_by_key(|&k| {
        let top = labels.get(k).map_or("", |(t, _)| t.as_str());
        subs.iter()
            .filter_map(|&j| labels.get(j))
            .map(|(t, _)| common(top, t))
            .sum::<usize>()
    })?;
    Some(
        (0..s)
            .map(|k| (k, if k == group { subs.clone() } else { Vec::new() }))
            .collect(),
    )
}

/// Reads the stacked table at `lines[from]`: its grid (header rows given) and the index of the
/// line after it. `None` when the labels do not name as many columns as there are figures.
pub(crate) fn read(lines: &[Line<'_>], from: usize) -> Option<(Grid, usize)> {
    let (pieces, end) = pieces(lines, from)?;
    let labels = labels_of(&pieces);
    let header = leaves(&labels)?;
    let width: usize = header.iter().map(|(_, s)| s.len().max(1)).sum();
    let figures: Vec<&Piece> = pieces.iter().filter(|p| p.figure).collect();
    if width != figures.len() {
        return None;
    }
    let two_rows = header.iter().any(|(_, s)| !s.is_empty());
    let mut grid = Grid::new().with_header(HeaderRows::Given(if two_rows { 2 } else { 1 }));
    let mut col = 0;
    for (top, subs) in &header {
        let Some((text, line)) = labels.get(*top) else {
            continue;
        };
        let span = subs.len().max(1);
        let rows = if subs.is_empty() && two_rows { 2 } else { 1 };
        grid.push(
            GridCell::new(0, col, text.clone())
                .spanning(rows, span)
                .at(Origin::text(*line, 1)),
        );
        for (k, s) in subs.iter().enumerate() {
            if let Some((text, line)) = labels.get(*s) {
                grid.push(GridCell::new(1, col + k, text.clone()).at(Origin::text(*line, 1)));
            }
        }
        col += span;
    }
    let row = if two_rows { 2 } else { 1 };
    for (k, f) in figures.iter().enumerate() {
        grid.push(GridCell::new(row, k, f.text.clone()).at(Origin::text(f.line, 1)));
    }
    Some((grid, end))
}

#[cfg(test)]
mod tests {
    use crate::model::{Layout, TableKind};

    /// 寿县司法局's 2022 三公 table as its web page copies it: each header cell, then each
    /// value, on a line of its own with the page's cell separators.
    const PIPED: &str = "一、2022年一般公共预算“三公”经费支出预算表\n单位:万元\n\
        “三公”经费合计 |\n因公出国(境)费 |\n公务用车购置及运行费 |\n公务 接待费 |\n||\n\
        小计 |\n公务用车购置费 |\n公务用车运行费 |\n|||\n79 |\n0 |\n75 |\n50 |\n25 |\n4 |\n\
        二、说明\n";

    #[test]
    fn labels_then_values_make_one_row() {
        let doc = crate::parse(PIPED);
        let t = doc.tables.first().expect("a table");
        assert_eq!(
            (t.kind, t.layout),
            (TableKind::ThreePublic, Layout::Stacked)
        );
        let paths: Vec<String> = t.columns.iter().map(|c| c.path.join("/")).collect();
        assert_eq!(
            paths,
            [
                "“三公”经费合计",
                "因公出国(境)费",
                "公务用车购置及运行费/小计",
                "公务用车购置及运行费/公务用车购置费",
                "公务用车购置及运行费/公务用车运行费",
                "公务接待费",
            ]
        );
        let three = t.three_public().expect("三公 figures");
        let s = |d: Option<rust_decimal::Decimal>| d.map(|d| d.to_string());
        assert_eq!(s(three.total).as_deref(), Some("79"));
        assert_eq!(s(three.vehicles).as_deref(), Some("75"));
        assert_eq!(s(three.vehicle_purchase).as_deref(), Some("50"));
        assert_eq!(s(three.vehicle_operation).as_deref(), Some("25"));
        assert_eq!(s(three.reception).as_deref(), Some("4"));
    }

    #[test]
    fn a_figure_too_many_is_no_stacked_table() {
        let text = PIPED.replace("4 |\n", "4 |\n7 |\n");
        let doc = crate::parse(&text);
        assert!(doc.tables.iter().all(|t| t.layout != Layout::Stacked));
    }

    proptest::proptest! {
        /// Any run of short labels and figures reads without panicking, and a stacked table
        /// has as many values as columns.
        #[test]
        fn never_panics(cells in proptest::collection::vec("(合计|小计|[一-龥]{1,6}|[0-9]{1,4}(\\.[0-9]{1,2})?|\\|\\|) ?\\|?", 0..30)) {
            let text = format!("“三公”经费支出预算表\n单位:万元\n{}\n", cells.join("\n"));
            let doc = crate::parse(&text);
            for t in doc.tables.iter().filter(|t| t.layout == Layout::Stacked) {
                let values: usize = t.rows.iter().map(|r| r.cells.iter().filter(|c| !c.text.is_empty()).count()).sum();
                proptest::prop_assert_eq!(values, t.columns.len());
            }
        }
    }
}
