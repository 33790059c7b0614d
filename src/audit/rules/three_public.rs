//! `three_public.sum`: the “三公” total is its items, the vehicle total its two parts.

use cnbudget_table::{ColumnRole, Table, TableKind};

use super::{At, Part, Sink, amount_at, check_sum, line_of, row_label};
use crate::audit::RuleId;

/// `three_public.sum`.
pub(crate) fn three_public(table: &Table, out: &mut Sink) {
    if table.kind != TableKind::ThreePublic {
        return;
    }
    // A final account prints each item twice, 预算数 and 决算数, and some tables print the
    // whole set once per year under a heading of its own (上年 / 当年 / 增减变化情况): each
    // block is checked on its own.
    let by_top = blocks_by_top_label(table);
    let mut blocks: Vec<Block<'_>> = table.columns.iter().map(|c| block_of(c, by_top)).collect();
    blocks.sort_unstable();
    blocks.dedup();
    for b in blocks {
        three_public_of(table, b, by_top, out);
    }
}

/// True when the 公务接待费 column is printed under more than one top heading: the table
/// repeats the items once per heading.
fn blocks_by_top_label(table: &Table) -> bool {
    let mut tops = table
        .columns
        .iter()
        .filter(|c| c.role == ColumnRole::Reception && c.path.len() > 1)
        .filter_map(|c| c.path.first());
    let Some(first) = tops.next() else {
        return false;
    };
    tops.any(|t| t != first)
}

/// The block a column belongs to: its measure and, where the table repeats its items under
/// several top headings, its top heading.
type Block<'t> = (Measure, Option<&'t str>);

fn block_of(c: &cnbudget_table::Column, by_top: bool) -> Block<'_> {
    let top = if by_top {
        c.path.first().map(String::as_str)
    } else {
        None
    };
    (measure_of(c), top)
}

/// Which figure of an item a column holds, from its last header label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Measure {
    /// One figure per item.
    Only,
    /// 预算数
    Budget,
    /// 决算数
    Final,
}

fn measure_of(c: &cnbudget_table::Column) -> Measure {
    match c.path.last() {
        Some(l) if l.contains("决算") => Measure::Final,
        Some(l) if l.contains("预算") && c.path.len() > 1 => Measure::Budget,
        _ => Measure::Only,
    }
}

/// `three_public.sum` for the columns of one block.
fn three_public_of(table: &Table, b: Block<'_>, by_top: bool, out: &mut Sink) {
    let in_block = |c: &cnbudget_table::Column| block_of(c, by_top) == b;
    let col = |role: ColumnRole| {
        table
            .columns
            .iter()
            .find(|c| c.role == role && in_block(c))
            .map(|c| c.index)
    };
    let which = match b {
        (Measure::Only, None) => String::new(),
        (Measure::Budget, None) => " (预算数)".to_string(),
        (Measure::Final, None) => " (决算数)".to_string(),
        (Measure::Only, Some(top)) => format!(" ({top})"),
        (Measure::Budget, Some(top)) => format!(" ({top} 预算数)"),
        (Measure::Final, Some(top)) => format!(" ({top} 决算数)"),
    };
    let (Some(total), Some(reception)) = (col(ColumnRole::Total), col(ColumnRole::Reception))
    else {
        return;
    };
    let overseas = col(ColumnRole::OverseasTravel);
    let vehicles = col(ColumnRole::Vehicles);
    let purchase = col(ColumnRole::VehiclePurchase);
    let operation = col(ColumnRole::VehicleOperation);
    let meeting: Vec<usize> = table
        .columns
        .iter()
        .filter(|c| matches!(c.role, ColumnRole::Meetings | ColumnRole::Training) && in_block(c))
        .map(|c| c.index)
        .collect();
    for (index, row) in table.rows.iter().enumerate() {
        let mut parts: Vec<usize> = Vec::new();
        parts.extend(overseas);
        match vehicles {
            Some(v) => parts.push(v),
            None => {
                parts.extend(purchase);
                parts.extend(operation);
            }
        }
        parts.push(reception);
        // Jiangsu prints 会议费 and 培训费 in the same table, inside its 合计.
        parts.extend(meeting.iter().copied());
        let cells: Vec<Part> = parts
            .iter()
            .map(|&c| (amount_at(row, c), line_of(row, c)))
            .collect();
        check_sum(
            out,
            RuleId::ThreePublicSum,
            table,
            At {
                row: index,
                column: None,
            },
            (amount_at(row, total), line_of(row, total)),
            &cells,
            |e, a| {
                let label = row_label(row);
                (
                    format!(
                        "{label}{which}: “三公”经费合计 is {e}, but 因公出国(境) + 公务用车购置及运行 + 公务接待 is {a}"
                    ),
                    format!("{label} / 合计"),
                    "因公出国(境) + 公务用车 + 公务接待".to_string(),
                )
            },
        );
        if let (Some(v), Some(p), Some(o)) = (vehicles, purchase, operation) {
            let cells = vec![
                (amount_at(row, p), line_of(row, p)),
                (amount_at(row, o), line_of(row, o)),
            ];
            check_sum(
                out,
                RuleId::ThreePublicSum,
                table,
                At {
                    row: index,
                    column: None,
                },
                (amount_at(row, v), line_of(row, v)),
                &cells,
                |e, a| {
                    let label = row_label(row);
                    (
                        format!(
                            "{label}{which}: 公务用车购置及运行费 is {e}, but 购置 + 运行 is {a}"
                        ),
                        format!("{label} / 公务用车购置及运行费"),
                        "购置 + 运行".to_string(),
                    )
                },
            );
        }
    }
}
