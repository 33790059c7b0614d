//! `hierarchy.sum` and `hierarchy.total`: the classification hierarchy of a table adds up.

use cnbudget_table::{CodeSystem, Row, Table};

use super::{
    At, Part, Sink, amount_at, check_sum, column_label, is_amount_table, is_classification,
    line_of, row_label,
};
use crate::audit::RuleId;

/// `hierarchy.sum` (类 = Σ 款, 款 = Σ 项) and `hierarchy.total` (合计 = Σ top-level rows).
pub(crate) fn hierarchy(table: &Table, out: &mut Sink) {
    if !is_amount_table(table.kind) {
        return;
    }
    let coded: Vec<(usize, &str, CodeSystem)> = table
        .rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let c = r.code.as_ref()?;
            is_classification(c.system).then_some((i, c.digits.as_str(), c.system))
        })
        .collect();
    if coded.is_empty() {
        return;
    }
    let amount_cols: Vec<usize> = table
        .columns
        .iter()
        .filter(|c| c.role.is_amount() && c.side.is_none())
        .map(|c| c.index)
        .collect();
    // The coded rows sorted by digits (then row): a code's repeats and the codes it prefixes
    // are each one run.
    let mut by_digits: Vec<(&str, usize, CodeSystem)> =
        coded.iter().map(|&(i, d, s)| (d, i, s)).collect();
    by_digits.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    let mut children: Vec<usize> = Vec::new();
    let mut parts: Vec<Part> = Vec::new();
    // Parent → children by prefix, one level down (类 3 → 款 5 → 项 7).
    for &(pi, pdigits, psystem) in &coded {
        let child_len = pdigits.len() + 2;
        if child_len > 7 {
            continue;
        }
        // From the first code ≥ pdigits on: pdigits itself, then every code it prefixes.
        let from = by_digits.partition_point(|(d, _, _)| *d < pdigits);
        let run = by_digits.get(from..).unwrap_or_default();
        // A parent code printed twice is ambiguous (project tables repeat codes): skip.
        if run.iter().take_while(|(d, _, _)| *d == pdigits).count() > 1 {
            continue;
        }
        // The children are the codes one level down, and the codes two levels down whose
        // own parent is not printed (`3010201` under `301` when `30102` has no row).
        children.clear();
        // (A 7-digit economic sub-item may be typed as a function code by its shape alone:
        // the prefix decides.)
        let descendants = run.iter().take_while(|(d, _, _)| d.starts_with(pdigits));
        for &(d, i, s) in descendants {
            let direct = d.len() == child_len && s == psystem;
            let orphan = d.len() == child_len + 2
                && d.get(..child_len).is_some_and(|mid| {
                    by_digits.binary_search_by(|(x, _, _)| x.cmp(&mid)).is_err()
                });
            if direct || orphan {
                children.push(i);
            }
        }
        if children.is_empty() {
            continue;
        }
        // In row order, as the figures' lines are reported.
        children.sort_unstable();
        let Some(parent) = table.rows.get(pi) else {
            continue;
        };
        for &col in &amount_cols {
            parts.clear();
            parts.extend(
                children
                    .iter()
                    .filter_map(|&ci| table.rows.get(ci))
                    .map(|r| (amount_at(r, col), line_of(r, col))),
            );
            let level = if child_len == 5 { "款" } else { "项" };
            check_sum(
                out,
                RuleId::HierarchySum,
                table,
                At {
                    row: pi,
                    column: Some(col),
                },
                (amount_at(parent, col), line_of(parent, col)),
                &parts,
                |e, a| {
                    let parent_label = row_label(parent);
                    let col_label = column_label(table, col);
                    (
                        format!(
                            "{parent_label}: {col_label} is {e}, but its {level} rows add up to {a}"
                        ),
                        format!("{parent_label} / {col_label}"),
                        format!("Σ {level} of {pdigits}"),
                    )
                },
            );
        }
    }
    // The 合计 row against the top-level codes.
    let Some((total_index, total_row)) = table
        .rows
        .iter()
        .enumerate()
        .find(|(_, r)| r.total && r.code.is_none())
    else {
        return;
    };
    let Some(top_len) = coded.iter().map(|(_, d, _)| d.len()).min() else {
        return;
    };
    let top: Vec<&Row> = coded
        .iter()
        .filter(|(_, d, _)| d.len() == top_len)
        .filter_map(|(i, _, _)| table.rows.get(*i))
        .collect();
    for &col in &amount_cols {
        let parts: Vec<Part> = top
            .iter()
            .map(|r| (amount_at(r, col), line_of(r, col)))
            .collect();
        check_sum(
            out,
            RuleId::HierarchyTotal,
            table,
            At {
                row: total_index,
                column: Some(col),
            },
            (amount_at(total_row, col), line_of(total_row, col)),
            &parts,
            |e, a| {
                let col_label = column_label(table, col);
                (
                    format!("合计 {col_label} is {e}, but the top-level rows add up to {a}"),
                    format!("合计 / {col_label}"),
                    "Σ top-level rows".to_string(),
                )
            },
        );
    }
}
