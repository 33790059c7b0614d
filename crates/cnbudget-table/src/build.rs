//! From a grid of raw cells to a typed [`Table`]: header rows merged into
//! column paths, column roles, typed cells, joined codes, typed rows.

use std::borrow::Cow;

use crate::Options;
use crate::classify::{
    clean, code_system_with_role, has_sub, is_identifier_label, is_total_label, refine_kind,
    role_of_path, side_of_path, squash, table_code_system,
};
use crate::grammar::{
    amount_value, code_slip_text, code_tokens, fold, percent_value, repair_amount, scan_meta,
    slip_digit, split_ordinal, split_ordinal_folded, starts_numeric, trim_ws,
};
use crate::lexicon::{is_cell_total_word, is_no_amount};
use crate::model::{
    Cell, Code, CodeSystem, Column, ColumnRole, ContentsEntry, Layout, Note, NoteFlag, Row, Table,
    TableKind, Unplaced, Value, Warning, WarningKind,
};
use crate::scan::Line;

/// A cell as found in the text.
#[derive(Debug, Clone)]
pub(crate) struct RawCell<'a> {
    pub raw: Cow<'a, str>,
    pub line: usize,
    pub column: usize,
}

/// A row of raw cells.
#[derive(Debug, Clone)]
pub(crate) struct RawRow<'a> {
    pub lines: Vec<usize>,
    pub cells: Vec<RawCell<'a>>,
}

impl RawRow<'_> {
    fn texts(&self) -> Vec<String> {
        self.cells
            .iter()
            .map(|c| clean(&c.raw).into_owned())
            .collect()
    }
    fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| trim_ws(&c.raw).is_empty())
    }
    fn nonempty(&self) -> usize {
        self.cells
            .iter()
            .filter(|c| !trim_ws(&c.raw).is_empty())
            .count()
    }
}

fn is_amountish(t: &str) -> bool {
    let t = trim_ws(t);
    starts_numeric(t)
        && !t.is_empty()
        && !is_no_amount(t)
        && t.len() <= 40
        && (amount_value(t).is_some() || percent_value(t).is_some())
}

fn is_codeish(t: &str) -> bool {
    code_tokens(t).is_some_and(|g| g.digit_count() >= 3)
}

/// Does this row carry data (amounts, codes, a total label)?
fn is_data_row(row: &RawRow<'_>, have_header: bool) -> bool {
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
fn caption_row(row: &RawRow<'_>, table: &mut Table) -> bool {
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
fn expand(upper: &[String], lower: &[String], n: usize, warn: &mut bool) -> Vec<String> {
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

fn mode_len(rows: &[RawRow<'_>]) -> Option<usize> {
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

/// Fold the next code token into the row's code: a token repeating the code
/// so far (`301` `13` `30113`) replaces it, any other is appended. A left
/// fold, run token by token on one `String`.
fn fold_code_push(acc: &mut String, t: &str) {
    if !acc.is_empty() && t.starts_with(acc.as_str()) {
        if t.len() > acc.len() {
            acc.clear();
            acc.push_str(t);
        }
    } else {
        acc.push_str(t);
    }
}

#[cfg(test)]
fn fold_code(tokens: &[String]) -> String {
    let mut acc = String::new();
    for t in tokens {
        fold_code_push(&mut acc, t);
    }
    acc
}

fn valid_len(system: CodeSystem, len: usize) -> bool {
    match system {
        CodeSystem::Function => matches!(len, 3 | 5 | 7),
        CodeSystem::EconomicDepartment | CodeSystem::EconomicGovernment => matches!(len, 3 | 5),
        _ => true,
    }
}

/// Fill `table` (caption already set) from its raw rows.
pub(crate) fn build_table(table: &mut Table, raw: Vec<RawRow<'_>>, _opts: &Options) {
    let ragged = matches!(table.layout, Layout::CellPerLine);
    let flattened = matches!(table.layout, Layout::Flattened);
    let mut rows: Vec<RawRow<'_>> = raw.into_iter().filter(|r| !r.is_blank()).collect();
    let mut form = false;
    if flattened {
        let (rebuilt, headed) = rebuild_flattened(table, rows);
        rows = rebuilt;
        form = !headed;
    }
    // Caption rows above the header.
    let mut start = 0;
    while let Some(r) = rows.get(start).filter(|_| !form) {
        if start >= 4 || !caption_row(r, table) {
            break;
        }
        for c in &r.cells {
            if !trim_ws(&c.raw).is_empty() {
                table.notes.push(Note {
                    line: c.line,
                    text: clean(&c.raw).into_owned(),
                    flags: vec![NoteFlag::Caption],
                });
            }
        }
        start += 1;
    }
    let rows = rows.split_off(start.min(rows.len()));
    // Header rows: before the first data row.
    let first_data = if form {
        0
    } else {
        rows.iter()
            .enumerate()
            .position(|(i, r)| is_data_row(r, i > 0))
            .unwrap_or(rows.len())
    };
    let header_count = if form {
        0
    } else if first_data <= 4 {
        first_data
    } else {
        usize::from(!rows.is_empty())
    };
    // The body is moved on (its rows' lines and owned cell texts go into the table).
    let mut rows = rows;
    let body = rows.split_off(header_count.min(rows.len()));
    let header_raw: &[RawRow<'_>] = &rows;
    let n = if ragged {
        let widest_header = header_raw.iter().map(|r| r.cells.len()).max().unwrap_or(0);
        mode_len(&body).unwrap_or(0).max(widest_header)
    } else {
        header_raw
            .iter()
            .chain(body.iter())
            .map(|r| {
                // Ignore trailing empty cells when sizing.
                r.cells
                    .iter()
                    .rposition(|c| !trim_ws(&c.raw).is_empty())
                    .map_or(0, |p| p + 1)
            })
            .max()
            .unwrap_or(0)
    };
    let mut header: Vec<Vec<String>> = header_raw
        .iter()
        .map(|r| {
            r.cells
                .iter()
                .map(|c| squash(&clean(&c.raw)).into_owned())
                .collect()
        })
        .collect();
    if ragged {
        let mut warn = false;
        for r in (0..header.len()).rev() {
            let lower = header.get(r + 1).cloned();
            if let Some(row) = header.get_mut(r) {
                if row.len() < n {
                    *row = match &lower {
                        Some(low) => expand(row, low, n, &mut warn),
                        None => {
                            let mut v = row.clone();
                            v.resize(n, String::new());
                            v
                        }
                    };
                }
            }
        }
        if warn {
            table.warnings.push(Warning::new(
                header_raw
                    .first()
                    .and_then(|r| r.lines.first())
                    .copied()
                    .unwrap_or(0),
                String::from("header cells spread over columns by guess"),
            ));
        }
    }
    let paths = merge_header(&header, n);
    let header_lines: Vec<usize> = header_raw
        .iter()
        .flat_map(|r| r.lines.iter().copied())
        .collect();
    finish_table(
        table,
        HeaderSpec {
            paths,
            lines: header_lines,
            rows: &header,
            hints: &[],
        },
        body,
        ragged,
        n,
    );
}

/// A table's header as read: merged column paths, the lines they came
/// from, the squashed header rows (to spot repeats) and role hints.
pub(crate) struct HeaderSpec<'h> {
    pub paths: Vec<Vec<String>>,
    pub lines: Vec<usize>,
    pub rows: &'h [Vec<String>],
    pub hints: &'h [ColumnRole],
}

/// Columns from header paths, then typed rows.
pub(crate) fn finish_table(
    table: &mut Table,
    spec: HeaderSpec<'_>,
    body: Vec<RawRow<'_>>,
    ragged: bool,
    n: usize,
) {
    let HeaderSpec {
        paths,
        lines: header_lines,
        rows: header,
        hints: role_hints,
    } = spec;

    table.header_lines = header_lines;
    let labels: Vec<String> = paths.iter().flatten().cloned().collect();
    let title_sq = table.title.as_deref().map(squash).unwrap_or_default();
    table.kind = refine_kind(table.kind, &title_sq, &labels);
    // The role each path implies, computed once (the code system needs it too).
    let path_roles: Vec<ColumnRole> = paths.iter().map(|p| role_of_path(p)).collect();
    // Two sides (收入 | 支出) when a column of each side's group holds more than one level of
    // header or names the items; a final account's `本年收入` / `本年支出` beside the balances
    // are single amount columns, not sides.
    let side_has_items = |side: crate::model::Side| {
        paths
            .iter()
            .zip(&path_roles)
            .any(|(p, r)| side_of_path(p) == Some(side) && (p.len() > 1 || *r == ColumnRole::Name))
    };
    let summary = side_has_items(crate::model::Side::Income)
        && side_has_items(crate::model::Side::Expenditure);
    let kind = table.kind;
    let systems: Vec<CodeSystem> = paths
        .iter()
        .zip(&path_roles)
        .map(|(p, r)| code_system_with_role(p, *r, kind))
        .collect();
    table.columns = paths
        .into_iter()
        .zip(path_roles)
        .enumerate()
        .map(|(index, (path, base))| Column {
            index,
            role: match (base, role_hints.get(index)) {
                (ColumnRole::Other, Some(h)) => *h,
                (r, _) => r,
            },
            side: if summary { side_of_path(&path) } else { None },
            path,
        })
        .collect();
    let header_sq: &[Vec<String>] = header;
    let default_system = table_code_system(table.kind);
    let mut any_amount = false;
    // First non-empty label of each header row, to spot repeated headers cheaply.
    let header_first: Vec<&str> = header_sq
        .iter()
        .filter_map(|h| h.iter().find(|s| !s.is_empty()).map(String::as_str))
        .collect();
    // Rows wider than the table (warned about after the rows, as before).
    let bad: Vec<usize> = if ragged {
        body.iter()
            .filter(|r| r.cells.len() > n)
            .filter_map(|r| r.lines.first().copied())
            .take(20)
            .collect()
    } else {
        Vec::new()
    };
    table.rows.reserve(body.len());
    let mut cell_warnings = Vec::new();
    for r in body {
        if r.nonempty() == 1 {
            if let Some(c) = r.cells.iter().find(|c| !trim_ws(&c.raw).is_empty()) {
                if crate::classify::is_note(&c.raw) {
                    let t = clean(&c.raw).into_owned();
                    table.notes.push(Note {
                        line: c.line,
                        flags: crate::scan::note_flags(&t),
                        text: t,
                    });
                    continue;
                }
            }
        }
        let first_text = r
            .cells
            .iter()
            .map(|c| clean(&c.raw))
            .find(|t| !t.is_empty());
        let maybe_repeat = first_text.is_some_and(|t| {
            !starts_numeric(&t) && {
                let sq = squash(&t);
                header_first.iter().any(|h| **h == *sq)
            }
        });
        let texts: Vec<String> = if maybe_repeat {
            r.cells
                .iter()
                .map(|c| squash(&clean(&c.raw)).into_owned())
                .collect()
        } else {
            Vec::new()
        };
        if maybe_repeat
            && header_sq.iter().any(|h| {
                let a: Vec<&String> = h.iter().filter(|s| !s.is_empty()).collect();
                let b: Vec<&String> = texts.iter().filter(|s| !s.is_empty()).collect();
                !a.is_empty() && a == b
            })
        {
            table.notes.push(Note {
                line: r.lines.first().copied().unwrap_or(0),
                text: String::from("repeated header"),
                flags: vec![NoteFlag::RepeatedHeader],
            });
            continue;
        }
        let RawRow {
            lines,
            cells: mut cells_raw,
        } = r;
        if ragged && cells_raw.len() < n && n > 0 {
            // A label spanning the code and name columns (`合计`): pad after it.
            let first_is_label = cells_raw
                .first()
                .is_some_and(|c| !is_amountish(&c.raw) && !is_codeish(&c.raw));
            let pad = n - cells_raw.len();
            let at = usize::from(first_is_label);
            let filler = cells_raw.first().map_or(
                RawCell {
                    raw: Cow::Borrowed(""),
                    line: 0,
                    column: 1,
                },
                |c| RawCell {
                    raw: Cow::Borrowed(""),
                    line: c.line,
                    column: c.column,
                },
            );
            let at = at.min(cells_raw.len());
            cells_raw.splice(at..at, std::iter::repeat_n(filler, pad));
        }
        let row = type_row(
            table,
            cells_raw,
            lines,
            &systems,
            default_system,
            &mut cell_warnings,
        );
        if row
            .cells
            .iter()
            .any(|c| matches!(c.value, Value::Amount { .. }))
        {
            any_amount = true;
        }
        table.rows.push(row);
    }
    table.warnings.append(&mut cell_warnings);
    for line in bad {
        table.warnings.push(Warning::new(
            line,
            format!("row wider than the table's {n} columns"),
        ));
    }
    join_broken_rows(table);
    if !any_amount && numeric_kind(table.kind) {
        table.empty = true;
    }
}

/// Tables whose amount columns hold amounts (not the performance forms, whose
/// "amount" columns often hold targets and prose).
fn numeric_kind(kind: TableKind) -> bool {
    !matches!(
        kind,
        TableKind::Other
            | TableKind::ProjectPerformance
            | TableKind::OverallPerformance
            | TableKind::PerformanceSelfEvaluation
    )
}

/// A cell that can only be a figure gone wrong: a digit, and otherwise only
/// separators, signs and the letters OCR takes for digits (`1O0.00`,
/// `1,836,42`, `12.5.3`). Words (`无`, `详见说明`, `100万`) are not.
fn figure_like(text: &str) -> bool {
    // `(20` is a wrapped name (`（20 万以下）`), not a negative figure.
    text.bytes().any(|b| b.is_ascii_digit())
        && text.bytes().filter(|&b| b == b'(').count()
            == text.bytes().filter(|&b| b == b')').count()
        && text.chars().all(|c| {
            c.is_ascii_digit()
                || slip_digit(c).is_some()
                || matches!(
                    c,
                    ',' | '.' | '-' | '(' | ')' | '+' | ' ' | '，' | '．' | '０'..='９'
                )
        })
}

/// A figure-like cell of an amount column that is not an amount, a no-amount
/// mark or a percentage: an amount with a repaired slip, or text; flagged
/// either way.
fn amount_slip(text: &str, rc: &RawCell<'_>, warnings: &mut Vec<Warning>) -> Value {
    if let Some((amount, slips)) = repair_amount(text) {
        let how: Vec<&str> = slips.iter().map(|s| s.describe()).collect();
        warnings.push(Warning::cell(
            WarningKind::CellRepaired,
            rc.line,
            rc.column,
            format!(
                "`{text}` read as {amount} ({}); check the source",
                how.join(", ")
            ),
        ));
        return Value::Amount { amount };
    }
    warnings.push(Warning::cell(
        WarningKind::CellUnread,
        rc.line,
        rc.column,
        format!("`{text}` in an amount column is not a figure; left out of sums"),
    ));
    Value::Text
}

fn type_row(
    table: &Table,
    cells_raw: Vec<RawCell<'_>>,
    lines: Vec<usize>,
    systems: &[CodeSystem],
    default_system: CodeSystem,
    warnings: &mut Vec<Warning>,
) -> Row {
    let mut cells = Vec::with_capacity(cells_raw.len());
    // The row's code so far (the fold of its code tokens; empty: none yet).
    let mut tokens = String::new();
    let mut code_system_seen: Option<CodeSystem> = None;
    let mut name: Option<String> = None;
    let mut ordinal: Option<String> = None;
    let mut level: Option<u8> = None;
    let mut past_codes = false;
    for (i, rc) in cells_raw.into_iter().enumerate() {
        let text = clean(&rc.raw).into_owned();
        let col = table.columns.get(i);
        let role = col.map_or(ColumnRole::Other, |c| c.role);
        let system = systems.get(i).copied().unwrap_or(default_system);
        let value = if text.is_empty() {
            Value::Empty
        } else {
            match role {
                ColumnRole::UnitCode => match code_tokens(&text) {
                    Some(g) => Value::Code {
                        code: Code {
                            digits: g.digits(),
                            system: CodeSystem::Unit,
                        },
                    },
                    None => Value::Text,
                },
                ColumnRole::Ordinal | ColumnRole::Remark => Value::Text,
                _ => {
                    let code_here = role == ColumnRole::Code
                        || (!past_codes
                            && default_system != CodeSystem::Unknown
                            && matches!(role, ColumnRole::Other | ColumnRole::Name));
                    let groups = if code_here { code_tokens(&text) } else { None };
                    if let Some(g) = groups.filter(|g| {
                        role == ColumnRole::Code || !tokens.is_empty() || g.digit_count() >= 3
                    }) {
                        let digits = g.digits();
                        if !past_codes {
                            if level.is_none() && table.layout == Layout::CellPerLine {
                                let lead = rc.raw.len() - rc.raw.trim_start().len();
                                level = u8::try_from(lead).ok();
                            }
                            for t in g.groups() {
                                fold_code_push(&mut tokens, t);
                            }
                            code_system_seen.get_or_insert(system);
                        }
                        Value::Code {
                            code: Code { digits, system },
                        }
                    } else if role == ColumnRole::Code {
                        match code_slip_text(&text) {
                            Some(mapped) => {
                                let g = code_tokens(&mapped);
                                let digits = g.map(|g| g.digits()).unwrap_or_default();
                                if !past_codes {
                                    for t in g.into_iter().flat_map(|g| g.groups()) {
                                        fold_code_push(&mut tokens, t);
                                    }
                                    code_system_seen.get_or_insert(system);
                                }
                                warnings.push(Warning::cell(
                                    WarningKind::CellRepaired,
                                    rc.line,
                                    rc.column,
                                    format!(
                                        "code `{text}` read as {digits} (letter for digit); check the source"
                                    ),
                                ));
                                Value::Code {
                                    code: Code { digits, system },
                                }
                            }
                            None => Value::Text,
                        }
                    } else if let Some(a) = amount_value(&text) {
                        Value::Amount { amount: a }
                    } else if is_no_amount(&text) {
                        Value::Empty
                    } else if let Some(p) = percent_value(&text) {
                        Value::Percent { percent: p }
                    } else if role.is_amount() && numeric_kind(table.kind) && figure_like(&text) {
                        amount_slip(&text, &rc, warnings)
                    } else if name.is_none()
                        && (role == ColumnRole::Name
                            || role == ColumnRole::Other
                            || role == ColumnRole::Total)
                        && !text.is_ascii()
                    {
                        name_value(&text, &mut tokens, &mut name, &mut ordinal, &mut past_codes)
                    } else if role == ColumnRole::Name {
                        let (o, n) = split_ordinal(&text);
                        Value::Name {
                            ordinal: o,
                            name: trim_ws(&n).to_string(),
                        }
                    } else {
                        Value::Text
                    }
                }
            }
        };
        if matches!(value, Value::Amount { .. } | Value::Percent { .. }) {
            past_codes = true;
        }
        cells.push(Cell {
            raw: rc.raw.into_owned(),
            text,
            line: rc.line,
            column: rc.column,
            value,
        });
    }
    let code = if tokens.is_empty() {
        None
    } else {
        let digits = tokens;
        let mut system = code_system_seen.unwrap_or(default_system);
        if !valid_len(system, digits.len()) {
            system = CodeSystem::Unit;
        }
        Some(Code { digits, system })
    };
    let total = name.as_deref().is_some_and(is_total_label)
        || (code.is_none()
            && cells
                .iter()
                .find(|c| !c.text.is_empty())
                .is_some_and(|c| is_total_label(&c.text)));
    Row {
        lines,
        cells,
        code,
        ordinal,
        name,
        level: if table.layout == Layout::CellPerLine {
            level.or(Some(0))
        } else {
            None
        },
        total,
    }
}

/// A name cell: split the ordinal and a leading code (`30201 办公费`).
fn name_value(
    text: &str,
    tokens: &mut String,
    name: &mut Option<String>,
    ordinal: &mut Option<String>,
    past_codes: &mut bool,
) -> Value {
    let folded = fold(text);
    let mut rest: &str = trim_ws(&folded);
    // `30201 办公费`: digits then a space then the name.
    let digits_end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    if (3..=9).contains(&digits_end)
        && rest.get(digits_end..).is_some_and(|r| r.starts_with(' '))
        && !tokens.is_empty()
    {
        if let Some(d) = rest.get(..digits_end) {
            fold_code_push(tokens, d);
        }
        rest = rest.get(digits_end..).unwrap_or("").trim_start();
    }
    // `rest` is folded already: no second fold.
    let (o, n) = split_ordinal_folded(rest);
    let n = trim_ws(n);
    *name = Some(n.to_string());
    let o = o.map(str::to_string);
    ordinal.clone_from(&o);
    *past_codes = true;
    Value::Name {
        ordinal: o,
        name: n.to_string(),
    }
}

/// Rows broken over two lines: a row whose only text is a project-code
/// fragment (`51110221R000`) followed by a row starting `000073179-…`.
fn join_broken_rows(table: &mut Table) {
    let mut i = 0;
    while i + 1 < table.rows.len() {
        let frag = table.rows.get(i).and_then(|r| {
            r.cells
                .iter()
                .position(|c| !c.text.is_empty())
                .filter(|&p| r.cells.get(p).is_some_and(|c| is_code_fragment(&c.text)))
        });
        let next_starts = table.rows.get(i + 1).is_some_and(|r| {
            r.cells
                .iter()
                .find(|c| !c.text.is_empty())
                .is_some_and(|c| {
                    c.text.bytes().take_while(u8::is_ascii_digit).count() >= 6
                        && c.text.contains('-')
                })
        });
        if frag.is_some() && next_starts {
            let next = table.rows.remove(i + 1);
            if let Some(row) = table.rows.get_mut(i) {
                let first_line = next.lines.first().copied().unwrap_or(0);
                row.lines.extend(next.lines);
                let frag_at = frag.unwrap_or(0);
                for (k, nc) in next.cells.into_iter().enumerate() {
                    match row.cells.get_mut(k) {
                        Some(c) if k == frag_at && !nc.text.is_empty() => {
                            c.text.push_str(&nc.text);
                            c.raw.push_str(&nc.raw);
                            let (ordinal, name) = split_ordinal(&c.text);
                            let name = name.into_owned();
                            row.name = Some(name.clone());
                            c.value = Value::Name { ordinal, name };
                        }
                        Some(c) if !nc.text.is_empty() => {
                            c.text.push_str(&nc.text);
                            c.raw.push_str(&nc.raw);
                            if matches!(c.value, Value::Empty) {
                                c.value = nc.value;
                            } else if !matches!(c.value, Value::Amount { .. }) {
                                c.value = Value::Text;
                            }
                        }
                        Some(_) => {}
                        None => row.cells.push(nc),
                    }
                }
                table.warnings.push(Warning::new(
                    first_line,
                    String::from("row broken over lines joined back"),
                ));
            }
        }
        i += 1;
    }
}

fn is_code_fragment(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() == 12
        && b.iter().take(8).all(u8::is_ascii_digit)
        && b.get(8).is_some_and(u8::is_ascii_uppercase)
        && b.iter().skip(9).all(u8::is_ascii_digit)
}

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
        if t.len() > 120 && !crate::grammar::may_have_space(t.as_bytes()) {
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
/// Returns the rows and whether the first row is the table's header.
fn rebuild_flattened<'a>(table: &mut Table, cells: Vec<RawRow<'a>>) -> (Vec<RawRow<'a>>, bool) {
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
    table.warnings.push(Warning::new(
        out
            .first()
            .and_then(|r| r.lines.first())
            .copied()
            .unwrap_or(table.first_line),
        if widths.is_empty() {
            String::from("flattened form without a header row: rows split at row labels")
        } else {
            format!(
                "flattened table: rows rebuilt from {:?}-column header(s) and cell types (rowspans assumed on the left); uncertain",
                widths
            )
        },
    ));
    (out, headed)
}

/// Positions up to which an HTML row's rowspans and colspans are spread out with empty cells
/// (cells written in the row are always kept). Without it, `<td colspan="1000"
/// rowspan="1000">` made a million empty cells from 40 bytes (2.2 GB for a 20 KB input).
const HTML_SPAN_COLUMNS: usize = 256;

/// Rows of an HTML `<table>` spanning `lines[from..=to]`, with rowspan and
/// colspan spread out (spanned positions are empty cells) up to [`HTML_SPAN_COLUMNS`].
pub(crate) fn html_rows<'a>(lines: &'a [Line<'a>], from: usize, to: usize) -> Vec<RawRow<'a>> {
    let mut rows: Vec<RawRow<'a>> = Vec::new();
    // (column -> remaining rowspan)
    let mut carry: Vec<usize> = Vec::new();
    let mut cur: Option<RawRow<'a>> = None;
    for l in lines.iter().take(to.saturating_add(1)).skip(from) {
        let text = l.text;
        let mut pos = 0;
        // Character column of `counted_to`, counted onwards (a long line stays linear).
        let (mut counted_to, mut counted_chars) = (0usize, 0usize);
        while let Some(off) = text.get(pos..).and_then(|s| s.find('<')) {
            let at = pos + off;
            let rest = text.get(at..).unwrap_or("");
            let lower_tag: String = rest
                .chars()
                .take(4)
                .collect::<String>()
                .to_ascii_lowercase();
            if lower_tag.starts_with("<tr") {
                if let Some(r) = cur.take() {
                    rows.push(r);
                }
                cur = Some(RawRow {
                    lines: vec![l.no],
                    cells: Vec::new(),
                });
            } else if lower_tag.starts_with("<td") || lower_tag.starts_with("<th") {
                let tag_end = rest.find('>').map_or(rest.len(), |e| e + 1);
                let attrs = rest.get(..tag_end).unwrap_or("");
                let attr = |name: &str| -> usize {
                    attrs
                        .find(name)
                        .and_then(|p| attrs.get(p + name.len()..))
                        .map(|s| s.trim_start_matches(['=', '"', '\'', ' ']))
                        .map(|s| {
                            s.chars()
                                .take_while(char::is_ascii_digit)
                                .collect::<String>()
                        })
                        .and_then(|d| d.parse().ok())
                        .unwrap_or(1usize)
                        .clamp(1, 1000)
                };
                let colspan = attr("colspan");
                let rowspan = attr("rowspan");
                let content_start = at + tag_end;
                let content_end = text
                    .get(content_start..)
                    .and_then(|s| s.find("</t"))
                    .map_or(text.len(), |e| content_start + e);
                let raw = text.get(content_start..content_end).unwrap_or("");
                counted_chars += text
                    .get(counted_to..content_start)
                    .map_or(0, |p| p.chars().count());
                counted_to = content_start;
                let column = l.col0 + counted_chars + 1;
                let row = cur.get_or_insert_with(|| RawRow {
                    lines: vec![l.no],
                    cells: Vec::new(),
                });
                // Skip positions held by rowspans from above.
                while row.cells.len() < HTML_SPAN_COLUMNS
                    && carry.get(row.cells.len()).is_some_and(|&c| c > 0)
                {
                    let idx = row.cells.len();
                    if let Some(c) = carry.get_mut(idx) {
                        *c -= 1;
                    }
                    row.cells.push(RawCell {
                        raw: Cow::Borrowed(""),
                        line: l.no,
                        column,
                    });
                }
                let idx = row.cells.len();
                row.cells.push(RawCell {
                    raw: Cow::Borrowed(raw),
                    line: l.no,
                    column,
                });
                let spread = colspan.min(HTML_SPAN_COLUMNS.saturating_sub(idx).max(1));
                for _ in 1..spread {
                    row.cells.push(RawCell {
                        raw: Cow::Borrowed(""),
                        line: l.no,
                        column,
                    });
                }
                let colspan = spread;
                if carry.len() < idx + colspan {
                    carry.resize(idx + colspan, 0);
                }
                for c in carry.iter_mut().skip(idx).take(colspan) {
                    *c = rowspan - 1;
                }
                pos = content_end;
                continue;
            }
            pos = at + 1;
        }
    }
    if let Some(r) = cur.take() {
        rows.push(r);
    }
    rows
}

/// Space-aligned regions (`pdftotext -layout`).
pub(crate) fn space_aligned(
    table: &mut Table,
    lines: &[Line<'_>],
    region: &[usize],
    unplaced: &mut Vec<Unplaced>,
) {
    crate::spaced::read(table, lines, region, unplaced);
}

/// Contents entries from a 目录 table (`表1 | 部门综合预算收支总表 | 否 | …`).
pub(crate) fn contents_from_table(table: &Table) -> Vec<ContentsEntry> {
    let mut out = Vec::new();
    for r in &table.rows {
        let texts: Vec<&str> = r.cells.iter().map(|c| c.text.as_str()).collect();
        let number = texts
            .iter()
            .find_map(|t| crate::grammar::table_number_line(t));
        let Some(title) = texts.iter().find(|t| {
            t.chars().count() >= 4
                && !t.is_ascii()
                && crate::grammar::table_number_line(t).is_none()
        }) else {
            continue;
        };
        let empty = texts.iter().find_map(|t| match *t {
            "是" => Some(true),
            "否" => Some(false),
            _ => None,
        });
        out.push(ContentsEntry {
            line: r.lines.first().copied().unwrap_or(0),
            ordinal: None,
            number,
            title: (*title).to_string(),
            kind: crate::classify::kind_from_title(&squash(title)),
            empty,
        });
    }
    out
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

    #[test]
    fn codes_fold() {
        assert_eq!(fold_code(&v(&["301", "13", "30113"])), "30113");
        assert_eq!(fold_code(&v(&["302", "01", "30201"])), "30201");
        assert_eq!(fold_code(&v(&["210", "15", "99"])), "2101599");
    }
}
