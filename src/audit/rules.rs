//! The audit rules. Each takes what it needs and pushes findings.

use rust_decimal::Decimal;

use cnbudget_table::{
    Cell, CodeSystem, ColumnRole, Document, Row, Side, Table, TableKind, Value, WarningKind,
};

use super::{Figure, Finding, Severity};
use crate::Disclosure;
use crate::meta::years_in;
use crate::prose::Direction;
use crate::tolerance::{Tolerance, percent_agrees, printed_scale};

/// A printed amount and its scale (decimals), when the cell holds one.
type Printed = Option<(Decimal, u32)>;

/// An addend of a sum: the printed amount and its line.
type Part = (Printed, Option<usize>);

/// Kinds whose rows are amounts by classification code, where sums and row identities hold.
fn is_amount_table(kind: TableKind) -> bool {
    matches!(
        kind,
        TableKind::IncomeSummary
            | TableKind::ExpenditureSummary
            | TableKind::GeneralBudgetByFunction
            | TableKind::GeneralBudgetByEconomic
            | TableKind::GeneralBudgetBasicByEconomic
            | TableKind::GeneralBudgetBasicByFunction
            | TableKind::ProjectExpenditure
            | TableKind::GovernmentFund
            | TableKind::StateCapital
    )
}

/// Roles whose cells hold amounts.
fn is_amount_role(role: ColumnRole) -> bool {
    !matches!(
        role,
        ColumnRole::Code
            | ColumnRole::Name
            | ColumnRole::Ordinal
            | ColumnRole::UnitCode
            | ColumnRole::Remark
            | ColumnRole::Other
    )
}

fn unit_of(table: &Table) -> String {
    table
        .unit
        .map(|u| u.as_str().to_string())
        .unwrap_or_default()
}

fn title_of(table: &Table) -> String {
    table
        .title
        .clone()
        .or_else(|| table.number.clone())
        .unwrap_or_else(|| format!("table at line {}", table.first_line))
}

fn column_label(table: &Table, index: usize) -> String {
    table
        .columns
        .get(index)
        .map(|c| c.path.join("/"))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| format!("column {}", index + 1))
}

fn row_label(row: &Row) -> String {
    match (&row.code, &row.name) {
        (Some(c), Some(n)) => format!("{} {}", c.digits, n),
        (Some(c), None) => c.digits.clone(),
        (None, Some(n)) => n.clone(),
        (None, None) => format!("row at line {}", row.lines.first().copied().unwrap_or(0)),
    }
}

/// An amount cell: its value (blank = none) and printed scale.
fn amount_at(row: &Row, col: usize) -> Option<(Decimal, u32)> {
    let cell: &Cell = row.cell(col)?;
    cell.amount().map(|a| (a, printed_scale(&cell.text)))
}

fn line_of(row: &Row, col: usize) -> Option<usize> {
    row.cell(col)
        .map(|c| c.line)
        .or_else(|| row.lines.first().copied())
}

fn is_classification(system: CodeSystem) -> bool {
    matches!(
        system,
        CodeSystem::Function | CodeSystem::EconomicDepartment | CodeSystem::EconomicGovernment
    )
}

/// Compares `expected` (a printed figure) with the sum of `parts`; pushes an error when the
/// difference is beyond the rounding tolerance.
///
/// The texts are built only for a failing sum: `describe(expected, actual)` returns the message,
/// the expected figure's label and the actual figure's label.
fn check_sum(
    out: &mut Vec<Finding>,
    rule: &'static str,
    table: &Table,
    expected: Part,
    parts: &[Part],
    describe: impl FnOnce(Decimal, Decimal) -> (String, String, String),
) {
    // A blank total is not read as 0: it says nothing (and is mostly a cell the layout lost).
    let Some((total, _)) = expected.0 else {
        return;
    };
    let mut sum = Decimal::ZERO;
    for (v, _) in parts.iter().filter_map(|(a, _)| *a) {
        let Some(s) = sum.checked_add(v) else {
            return;
        };
        sum = s;
    }
    let Some(diff) = sum.checked_sub(total) else {
        return;
    };
    // An exact sum needs no tolerance.
    if diff.is_zero() {
        return;
    }
    // Each printed addend may be off by half a unit of its own last place.
    let tol = Tolerance::for_scales(
        parts.iter().filter_map(|(a, _)| a.map(|(_, s)| s)),
        table.has_rounding_note(),
    );
    if tol.accepts(diff) {
        return;
    }
    let (message, expected_label, actual_label) = describe(total, sum);
    let unit = unit_of(table);
    let finding = Finding::new(rule, Severity::Error, message)
        .in_table(title_of(table))
        .with_figures(
            Figure {
                label: expected_label,
                value: total,
                unit: unit.clone(),
                line: expected.1,
            },
            Figure {
                label: actual_label,
                value: sum,
                unit,
                line: parts.iter().find_map(|(_, l)| *l),
            },
        )
        .at_lines(parts.iter().filter_map(|(_, l)| *l));
    out.push(finding);
}

/// `hierarchy.sum` and `hierarchy.total`.
/// Cells the table parser read by repairing a slip, or could not read in an amount column
/// (`table.cell`): every figure a check uses should be one the reader can see printed.
pub(super) fn cell_reading(table: &Table, out: &mut Vec<Finding>) {
    for w in &table.warnings {
        let what = match w.kind {
            WarningKind::CellRepaired => "a figure was read by repairing a likely slip",
            WarningKind::CellUnread => "a figure could not be read",
            _ => continue,
        };
        let at = w.column.map_or(format!("line {}", w.line), |c| {
            format!("line {}, column {c}", w.line)
        });
        let mut f = Finding::new(
            "table.cell",
            Severity::Warning,
            format!("{}: {what} at {at}: {}", title_of(table), w.message),
        );
        f.table = Some(title_of(table));
        f.lines = vec![w.line];
        out.push(f);
    }
}

pub(super) fn hierarchy(table: &Table, out: &mut Vec<Finding>) {
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
        .filter(|c| is_amount_role(c.role) && c.side.is_none())
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
        children.clear();
        children.extend(
            run.iter()
                .take_while(|(d, _, _)| d.starts_with(pdigits))
                .filter(|(d, _, s)| *s == psystem && d.len() == child_len)
                .map(|(_, i, _)| *i),
        );
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
                "hierarchy.sum",
                table,
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
    let Some(total_row) = table.rows.iter().find(|r| r.total && r.code.is_none()) else {
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
            "hierarchy.total",
            table,
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

/// `row.total_parts`: 合计 = 基本 + 项目 (+ other expenditure columns); 合计 = 人员 + 公用;
/// 基本 = 人员 + 公用; income totals = Σ sources.
pub(super) fn row_identities(table: &Table, out: &mut Vec<Finding>) {
    if !is_amount_table(table.kind) {
        return;
    }
    let col = |role: ColumnRole| {
        table
            .columns
            .iter()
            .find(|c| c.role == role && c.side.is_none())
            .map(|c| c.index)
    };
    let Some(total) = col(ColumnRole::Total) else {
        return;
    };
    // Amount columns the identities do not know (单位预留机动经费 …): the 合计 may include them,
    // so identities on 合计 are not checked when such a column holds amounts.
    let unexplained = table.columns.iter().any(|c| {
        c.side.is_none()
            && matches!(c.role, ColumnRole::Amount | ColumnRole::Other)
            && table
                .rows
                .iter()
                .any(|r| r.cell(c.index).and_then(|x| x.amount()).is_some())
    });
    let basic = col(ColumnRole::Basic);
    let project = col(ColumnRole::Project);
    let personnel = col(ColumnRole::Personnel);
    let public = col(ColumnRole::Public);
    let mut identities: Vec<(Option<usize>, Vec<usize>, &str)> = Vec::new();
    let extra_expenditure: Vec<usize> = [
        ColumnRole::PaidToSuperior,
        ColumnRole::OperatingExpenditure,
        ColumnRole::SubsidyToAffiliates,
    ]
    .iter()
    .filter_map(|r| col(*r))
    .collect();
    if unexplained {
        // only the identities that do not involve 合计 below
    } else if let (Some(b), Some(p)) = (basic, project) {
        let mut parts = vec![b, p];
        parts.extend(&extra_expenditure);
        identities.push((Some(total), parts, "基本支出 + 项目支出"));
    } else if let (Some(pe), Some(pu)) = (personnel, public) {
        let mut parts = vec![pe, pu];
        parts.extend(project);
        identities.push((Some(total), parts, "人员经费 + 公用经费"));
    }
    if let (Some(b), Some(pe), Some(pu)) = (basic, personnel, public) {
        identities.push((Some(b), vec![pe, pu], "人员经费 + 公用经费"));
    }
    if table.kind == TableKind::IncomeSummary && !unexplained {
        // 财政拨款收入 is itself 一般公共预算 + 政府性基金 + 国有资本经营 where both are printed.
        let fiscal = col(ColumnRole::FiscalAppropriation);
        let appropriations: Vec<usize> = [
            ColumnRole::GeneralBudget,
            ColumnRole::GovernmentFund,
            ColumnRole::StateCapital,
        ]
        .iter()
        .filter_map(|r| col(*r))
        .collect();
        let others: Vec<usize> = [
            ColumnRole::CarryOver,
            ColumnRole::FiscalSpecialAccount,
            ColumnRole::BusinessIncome,
            ColumnRole::OperatingIncome,
            ColumnRole::SuperiorSubsidy,
            ColumnRole::AffiliatePayment,
            ColumnRole::OtherIncome,
        ]
        .iter()
        .filter_map(|r| col(*r))
        .collect();
        let mut sources = match fiscal {
            Some(f) => {
                if !appropriations.is_empty() {
                    identities.push((
                        Some(f),
                        appropriations.clone(),
                        "一般公共预算 + 政府性基金 + 国有资本经营",
                    ));
                }
                vec![f]
            }
            None => appropriations,
        };
        sources.extend(others);
        if !sources.is_empty() {
            identities.push((Some(total), sources, "Σ income sources"));
        }
    }
    if let (Some(cur), Some(carry)) = (
        col(ColumnRole::CurrentAppropriation),
        col(ColumnRole::CarryOver),
    ) {
        if table.kind != TableKind::IncomeSummary {
            identities.push((Some(total), vec![cur, carry], "当年拨款 + 上年结转"));
        }
    }
    for row in &table.rows {
        for (whole, parts, what) in &identities {
            let Some(whole) = *whole else { continue };
            let cells: Vec<Part> = parts
                .iter()
                .map(|&c| (amount_at(row, c), line_of(row, c)))
                .collect();
            check_sum(
                out,
                "row.total_parts",
                table,
                (amount_at(row, whole), line_of(row, whole)),
                &cells,
                |e, a| {
                    let label = row_label(row);
                    let whole_label = column_label(table, whole);
                    (
                        format!("{label}: {whole_label} is {e}, but {what} is {a}"),
                        format!("{label} / {whole_label}"),
                        what.to_string(),
                    )
                },
            );
        }
    }
}

/// `final.balance`: in a final account's table that prints the balances beside the year's
/// figures (政府性基金 / 国有资本经营 收入支出决算表, 财政拨款收入支出决算表 by code), every row
/// holds 年初结转和结余 + 本年收入 − 本年支出 = 年末结转和结余.
///
/// 本年支出 is the column whose path names it as a total (`本年支出/合计`), else 基本支出 + 项目支出
/// (+ 上缴上级, 经营支出, 对附属单位补助) when no column's header says 小计 or 合计 without
/// being that total — a header the layout reader merged (`本年支出小计基本支出`) would otherwise
/// count the 小计 as 基本支出.
pub(super) fn final_balance(table: &Table, out: &mut Vec<Finding>) {
    let col = |role: ColumnRole| table.column_index(role);
    let (Some(opening), Some(income), Some(closing)) = (
        col(ColumnRole::OpeningBalance),
        col(ColumnRole::CurrentIncome),
        col(ColumnRole::ClosingBalance),
    ) else {
        return;
    };
    let spending_total = table
        .columns
        .iter()
        .find(|c| c.role == ColumnRole::Total && c.path.concat().contains("本年支出"))
        .map(|c| vec![c.index]);
    let ambiguous = table.columns.iter().any(|c| {
        let p = c.path.concat();
        c.role != ColumnRole::Total && (p.contains("小计") || p.contains("合计"))
    });
    let spending = match spending_total {
        Some(t) => t,
        None if ambiguous => return,
        None => {
            let parts: Vec<usize> = [
                ColumnRole::Basic,
                ColumnRole::Project,
                ColumnRole::PaidToSuperior,
                ColumnRole::OperatingExpenditure,
                ColumnRole::SubsidyToAffiliates,
            ]
            .iter()
            .filter_map(|r| col(*r))
            .collect();
            if parts.is_empty() {
                return;
            }
            parts
        }
    };
    for row in &table.rows {
        let mut parts: Vec<Part> = vec![
            (amount_at(row, opening), line_of(row, opening)),
            (amount_at(row, income), line_of(row, income)),
        ];
        for &c in &spending {
            let spent = amount_at(row, c).map(|(v, scale)| (-v, scale));
            parts.push((spent, line_of(row, c)));
        }
        check_sum(
            out,
            "final.balance",
            table,
            (amount_at(row, closing), line_of(row, closing)),
            &parts,
            |e, a| {
                let label = row_label(row);
                (
                    format!(
                        "{label}: 年末结转和结余 is {e}, but 年初结转和结余 + 本年收入 − 本年支出 is {a}"
                    ),
                    format!("{label} / 年末结转和结余"),
                    "年初结转和结余 + 本年收入 − 本年支出".to_string(),
                )
            },
        );
    }
}

/// `three_public.sum`.
pub(super) fn three_public(table: &Table, out: &mut Vec<Finding>) {
    if table.kind != TableKind::ThreePublic {
        return;
    }
    // A final account prints each item twice, 预算数 and 决算数: each is checked on its own.
    let mut measures: Vec<Measure> = table.columns.iter().map(measure_of).collect();
    measures.sort_unstable();
    measures.dedup();
    for m in measures {
        three_public_of(table, m, out);
    }
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

/// `three_public.sum` for the columns of one measure.
fn three_public_of(table: &Table, m: Measure, out: &mut Vec<Finding>) {
    let col = |role: ColumnRole| {
        table
            .columns
            .iter()
            .find(|c| c.role == role && measure_of(c) == m)
            .map(|c| c.index)
    };
    let which = match m {
        Measure::Only => "",
        Measure::Budget => " (预算数)",
        Measure::Final => " (决算数)",
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
        .filter(|c| {
            let p = c.path.concat();
            (p.contains("会议费") || p.contains("培训费")) && measure_of(c) == m
        })
        .map(|c| c.index)
        .collect();
    for row in &table.rows {
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
            "three_public.sum",
            table,
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
                "three_public.sum",
                table,
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

/// The text around byte `pos` of `line`: at most 20 characters either side, trimmed, with
/// `…` where the line goes on (a placeholder in a 6 KB line is quoted, not the line).
fn excerpt(line: &str, pos: usize) -> String {
    let before: Vec<(usize, char)> = line.get(..pos).unwrap_or("").char_indices().collect();
    let from = before
        .len()
        .checked_sub(20)
        .and_then(|i| before.get(i))
        .map_or(0, |&(b, _)| b);
    let to = line
        .get(pos..)
        .unwrap_or("")
        .char_indices()
        .nth(24)
        .map_or(line.len(), |(b, _)| pos + b);
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    out.push_str(line.get(from..to).unwrap_or(line).trim());
    if to < line.len() {
        out.push('…');
    }
    out
}

/// One side of a two-sided summary row: its name cell and first amount.
struct SideEntry<'a> {
    /// The name without white space.
    name: std::borrow::Cow<'a, str>,
    ordinal: Option<&'a str>,
    amount: Option<(Decimal, u32)>,
    line: Option<usize>,
}

/// The columns of one side of a two-sided summary: its name column and amount column.
#[derive(Clone, Copy)]
struct SideColumns {
    name: usize,
    amount: usize,
}

fn side_columns(table: &Table, side: Side) -> Option<SideColumns> {
    let name = table
        .columns
        .iter()
        .find(|c| c.side == Some(side) && !is_amount_role(c.role))?
        .index;
    // The side's 合计 column where it has one, else its first amount column (the same for
    // every row, so sums down the side compare like with like).
    let amount = table
        .columns
        .iter()
        .find(|c| c.side == Some(side) && c.role == ColumnRole::Total)
        .or_else(|| {
            table
                .columns
                .iter()
                .find(|c| c.side == Some(side) && is_amount_role(c.role))
        })?
        .index;
    Some(SideColumns { name, amount })
}

fn side_entry(row: &Row, cols: SideColumns) -> Option<SideEntry<'_>> {
    let cell = row.cell(cols.name)?;
    let (ordinal, name) = match &cell.value {
        Value::Name { ordinal, name } => (ordinal.as_deref(), name.as_str()),
        _ => (None, cell.text.as_str()),
    };
    let name = if name.chars().any(char::is_whitespace) {
        name.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .into()
    } else {
        name.into()
    };
    Some(SideEntry {
        name,
        ordinal,
        amount: amount_at(row, cols.amount),
        line: line_of(row, cols.amount).or(Some(cell.line)),
    })
}

fn is_top_ordinal(ordinal: Option<&str>) -> bool {
    ordinal.is_some_and(|o| {
        let t = o.trim_end_matches(['、', '.', '．', ' ']);
        !t.is_empty() && t.chars().all(crate::prose::is_numeral)
    })
}

/// `summary.balance`: 收入总计 = 支出总计; each side's 合计 = Σ its numbered items.
pub(super) fn summary_balance(table: &Table, out: &mut Vec<Finding>) {
    if !table.kind.is_summary() {
        return;
    }
    let unit = unit_of(table);
    let mut totals: Vec<Option<SideEntry<'_>>> = Vec::new();
    for side in [Side::Income, Side::Expenditure] {
        let entries: Vec<SideEntry<'_>> = match side_columns(table, side) {
            Some(cols) => table
                .rows
                .iter()
                .filter_map(|r| side_entry(r, cols))
                .collect(),
            None => Vec::new(),
        };
        let grand = entries
            .iter()
            .position(|e| e.name.contains("总计"))
            .or_else(|| {
                entries
                    .iter()
                    .position(|e| e.name.contains("合计") && !e.name.contains("本年"))
            });
        // Σ numbered items (一、二、…) before the first 合计/总计 line = that line.
        let first_total = entries
            .iter()
            .position(|e| e.name.contains("合计") || e.name.contains("总计"));
        if let Some(ft) = first_total {
            let items: Vec<Part> = entries
                .iter()
                .take(ft)
                .filter(|e| is_top_ordinal(e.ordinal))
                .map(|e| (e.amount, e.line))
                .collect();
            if let Some(t) = entries.get(ft) {
                if !items.is_empty() {
                    let side_name = if side == Side::Income {
                        "收入"
                    } else {
                        "支出"
                    };
                    check_sum(
                        out,
                        "summary.balance",
                        table,
                        (t.amount, t.line),
                        &items,
                        |e, a| {
                            let tname = &t.name;
                            (
                                format!(
                                    "{side_name}: {tname} is {e}, but the numbered items add up to {a}"
                                ),
                                tname.to_string(),
                                format!("Σ numbered {side_name} items"),
                            )
                        },
                    );
                }
            }
        }
        // 总计 = 本年…合计 + the rows between them (结转, 结余 …; not `其中` breakdowns, nor
        // the numbered lines under an unnumbered one: `年初财政拨款结转和结余` then
        // `一、一般公共预算财政拨款` … is one carry-over by fund).
        if let (Some(ft), Some(g)) = (first_total, grand) {
            if g > ft {
                let mut parts: Vec<Part> = Vec::new();
                if let Some(t) = entries.get(ft) {
                    parts.push((t.amount, t.line));
                }
                let mut under_unnumbered = false;
                for e in entries.iter().take(g).skip(ft + 1) {
                    if e.name.starts_with("其中") || e.name.is_empty() {
                        continue;
                    }
                    let numbered = is_top_ordinal(e.ordinal);
                    if numbered && under_unnumbered {
                        continue;
                    }
                    under_unnumbered = !numbered;
                    parts.push((e.amount, e.line));
                }
                if let Some(t) = entries.get(g) {
                    let side_name = if side == Side::Income {
                        "收入"
                    } else {
                        "支出"
                    };
                    check_sum(
                        out,
                        "summary.balance",
                        table,
                        (t.amount, t.line),
                        &parts,
                        |e, a| {
                            let tname = &t.name;
                            (
                                format!(
                                    "{side_name}: {tname} is {e}, but the year's total and the carry-over lines add up to {a}"
                                ),
                                tname.to_string(),
                                format!("本年合计 + 结转结余 ({side_name})"),
                            )
                        },
                    );
                }
            }
        }
        totals.push(grand.and_then(|g| entries.into_iter().nth(g)));
    }
    if let [Some(income), Some(expenditure)] = totals.as_slice() {
        let (Some((iv, is)), Some((ev, es))) = (income.amount, expenditure.amount) else {
            return;
        };
        let tol = Tolerance::for_pair(is.max(es), table.has_rounding_note());
        let Some(diff) = ev.checked_sub(iv) else {
            return;
        };
        if !tol.accepts(diff) {
            out.push(
                Finding::new(
                    "summary.balance",
                    Severity::Error,
                    format!(
                        "{} ({iv}) does not equal {} ({ev})",
                        income.name, expenditure.name
                    ),
                )
                .in_table(title_of(table))
                .with_figures(
                    Figure {
                        label: income.name.to_string(),
                        value: iv,
                        unit: unit.clone(),
                        line: income.line,
                    },
                    Figure {
                        label: expenditure.name.to_string(),
                        value: ev,
                        unit: unit.clone(),
                        line: expenditure.line,
                    },
                ),
            );
        }
    }
}

/// An amount converted to 元 with its printed scale converted to a tolerance in 元.
fn in_yuan(table: &Table, amount: Decimal, scale: u32) -> Option<(Decimal, Decimal)> {
    let unit = table.unit?;
    let yuan = unit.to_yuan(amount)?;
    let half = Tolerance::half_unit(scale).checked_mul(unit.yuan_per_unit())?;
    Some((yuan, half))
}

fn total_row(table: &Table) -> Option<&Row> {
    table.rows.iter().find(|r| r.total && r.code.is_none())
}

/// `cross.basic_total` and `cross.function_totals`.
pub(super) fn cross_tables(doc: &Document, final_account: bool, out: &mut Vec<Finding>) {
    // 基本支出 column of the function table = total of the basic-by-economic table.
    let function = doc.tables_of(TableKind::GeneralBudgetByFunction).next();
    let basic = doc
        .tables_of(TableKind::GeneralBudgetBasicByEconomic)
        .next();
    if let (Some(f), Some(b)) = (function, basic) {
        let f_val = f
            .column_index(ColumnRole::Basic)
            .and_then(|c| total_row(f).and_then(|r| amount_at(r, c).map(|a| (a, line_of(r, c)))));
        let b_val = b
            .column_index(ColumnRole::Total)
            .and_then(|c| total_row(b).and_then(|r| amount_at(r, c).map(|a| (a, line_of(r, c)))));
        if let (Some(((fv, fs), fl)), Some(((bv, bs), bl))) = (f_val, b_val) {
            compare_across(
                out,
                "cross.basic_total",
                (f, fv, fs, fl, &|| {
                    "基本支出 total of the function table".to_string()
                }),
                (b, bv, bs, bl, &|| "total of the 基本支出 table".to_string()),
            );
        }
    }
    // The same 类 in the two all-funds tables (收入总表, 支出总表). Not in final accounts,
    // where a year's income and spending by code legitimately differ (结转 and 结余).
    if final_account {
        return;
    }
    let income = doc.tables_of(TableKind::IncomeSummary).next();
    let expenditure = doc.tables_of(TableKind::ExpenditureSummary).next();
    if let (Some(a), Some(b)) = (income, expenditure) {
        let (Some(ac), Some(bc)) = (
            a.column_index(ColumnRole::Total),
            b.column_index(ColumnRole::Total),
        ) else {
            return;
        };
        for row in &a.rows {
            let Some(code) = row
                .code
                .as_ref()
                .filter(|c| c.system == CodeSystem::Function)
            else {
                continue;
            };
            let Some(other) = b.row_by_code(&code.digits) else {
                continue;
            };
            if let (Some((av, as_)), Some((bv, bs))) = (amount_at(row, ac), amount_at(other, bc)) {
                compare_across(
                    out,
                    "cross.function_totals",
                    (a, av, as_, line_of(row, ac), &|| {
                        format!("{} in 收入总表", row_label(row))
                    }),
                    (b, bv, bs, line_of(other, bc), &|| {
                        format!("{} in 支出总表", row_label(other))
                    }),
                );
            }
        }
    }
}

/// A figure compared across tables: table, value, printed scale, line, and its label (built
/// only for a finding).
type Across<'t, 'l> = (
    &'t Table,
    Decimal,
    u32,
    Option<usize>,
    &'l dyn Fn() -> String,
);

fn compare_across(
    out: &mut Vec<Finding>,
    rule: &'static str,
    left: Across<'_, '_>,
    right: Across<'_, '_>,
) {
    let (lt, lv, ls, ll, llabel) = left;
    let (rt, rv, rs, rl, rlabel) = right;
    let (Some((ly, lh)), Some((ry, rh))) = (in_yuan(lt, lv, ls), in_yuan(rt, rv, rs)) else {
        return;
    };
    let mut limit = lh.max(rh);
    if lt.has_rounding_note() || rt.has_rounding_note() {
        limit = limit.saturating_mul(Decimal::TWO);
    }
    let Some(diff) = ry.checked_sub(ly) else {
        return;
    };
    if diff.abs() <= limit {
        return;
    }
    let (llabel, rlabel) = (llabel(), rlabel());
    out.push(
        Finding::new(
            rule,
            Severity::Error,
            format!(
                "{llabel} ({lv} {}) differs from {rlabel} ({rv} {})",
                unit_of(lt),
                unit_of(rt)
            ),
        )
        .in_table(format!("{} / {}", title_of(lt), title_of(rt)))
        .with_figures(
            Figure {
                label: llabel,
                value: ly,
                unit: "元".into(),
                line: ll,
            },
            Figure {
                label: rlabel,
                value: ry,
                unit: "元".into(),
                line: rl,
            },
        ),
    );
}

/// What a candidate table figure is, spelled out only when a finding names it.
enum CandidateLabel<'a> {
    /// A fixed label.
    Fixed(&'static str),
    /// The 合计 of a 类 row.
    ClassTotal(&'a Row),
}

impl CandidateLabel<'_> {
    fn text(&self) -> String {
        match self {
            CandidateLabel::Fixed(s) => (*s).to_string(),
            CandidateLabel::ClassTotal(row) => format!("{} 合计", row_label(row)),
        }
    }
}

/// A table figure a prose subject may name: table, value, printed scale, line, label.
type Candidate<'a> = (&'a Table, Decimal, u32, Option<usize>, CandidateLabel<'a>);

/// The tables a prose subject may name, looked up once per document.
struct SubjectTables<'a> {
    /// The first non-empty “三公” table.
    three: Option<&'a Table>,
    /// The first 一般公共预算 function table.
    function: Option<ScopeTable<'a>>,
    /// The first all-funds 支出总表.
    summary: Option<ScopeTable<'a>>,
}

/// A table whose 基本支出 / 项目支出 totals and 类 totals prose names.
struct ScopeTable<'a> {
    table: &'a Table,
    total_row: Option<&'a Row>,
    /// Its 类 rows (functional code of 3 digits) whose trimmed name has at least four
    /// characters, in row order, with that name.
    classes: Vec<(&'a str, &'a Row)>,
}

impl<'a> ScopeTable<'a> {
    fn first_of(doc: &'a Document, kind: TableKind) -> Option<ScopeTable<'a>> {
        let table = doc.tables_of(kind).next()?;
        let classes = table
            .rows
            .iter()
            .filter(|r| {
                r.code.as_ref().is_some_and(|code| {
                    code.system == CodeSystem::Function && code.digits.len() == 3
                })
            })
            .filter_map(|r| {
                let n = r.name.as_deref()?.trim();
                (n.chars().count() >= 4).then_some((n, r))
            })
            .collect();
        Some(ScopeTable {
            table,
            total_row: total_row(table),
            classes,
        })
    }
}

impl<'a> SubjectTables<'a> {
    fn new(doc: &'a Document) -> SubjectTables<'a> {
        SubjectTables {
            three: doc
                .tables_of(TableKind::ThreePublic)
                .find(|t| !t.rows.is_empty()),
            function: ScopeTable::first_of(doc, TableKind::GeneralBudgetByFunction),
            summary: ScopeTable::first_of(doc, TableKind::ExpenditureSummary),
        }
    }
}

/// The table figures a prose subject may name. `基本支出`, `项目支出` and 类 names are looked
/// up in the 一般公共预算 function table and in the all-funds 支出总表, because prose uses the
/// bare words for either scope; the figure agrees if it agrees with one of them.
fn figures_for_subject<'a>(tables: &SubjectTables<'a>, subject: &str) -> Vec<Candidate<'a>> {
    let three = tables.three;
    let pick_first_row = |role: ColumnRole, what: &'static str| -> Vec<Candidate<'a>> {
        let found = three.and_then(|t| {
            let c = t.column_index(role)?;
            let row = t.rows.iter().find(|r| amount_at(r, c).is_some())?;
            let (v, s) = amount_at(row, c)?;
            Some((t, v, s, line_of(row, c), CandidateLabel::Fixed(what)))
        });
        found.into_iter().collect()
    };
    let s: std::borrow::Cow<'_, str> = if subject.contains(['“', '”', '"']) {
        subject.replace(['“', '”', '"'], "").into()
    } else {
        subject.into()
    };
    let s = s.as_ref();
    if s.contains("三公") && !s.contains("会议") {
        return pick_first_row(ColumnRole::Total, "“三公”经费合计");
    }
    if s.ends_with("公务接待费") {
        return pick_first_row(ColumnRole::Reception, "公务接待费");
    }
    if s.ends_with("公务用车购置费") {
        return pick_first_row(ColumnRole::VehiclePurchase, "公务用车购置费");
    }
    if s.ends_with("公务用车运行维护费") || s.ends_with("公务用车运行费") {
        return pick_first_row(ColumnRole::VehicleOperation, "公务用车运行费");
    }
    if s.ends_with("因公出国（境）费用")
        || s.ends_with("因公出国(境)费用")
        || s.ends_with("因公出国(境)费")
    {
        return pick_first_row(ColumnRole::OverseasTravel, "因公出国(境)费");
    }
    let mut out = Vec::new();
    // `一般公共预算财政拨款基本支出` names the 一般公共预算 table only.
    let general_only = s.contains("一般公共预算") || s.contains("财政拨款");
    let scopes = if general_only {
        [tables.function.as_ref(), None]
    } else {
        [tables.function.as_ref(), tables.summary.as_ref()]
    };
    for scope in scopes.into_iter().flatten() {
        let table = scope.table;
        let role = if s == "基本支出" || s.ends_with("财政拨款基本支出") {
            Some((ColumnRole::Basic, "基本支出 total"))
        } else if s == "项目支出" {
            Some((ColumnRole::Project, "项目支出 total"))
        } else {
            None
        };
        if let Some((role, what)) = role {
            if let Some(total) = scope.total_row {
                if let Some(c) = table.column_index(role) {
                    if let Some((v, sc)) = amount_at(total, c) {
                        out.push((table, v, sc, line_of(total, c), CandidateLabel::Fixed(what)));
                    }
                }
            }
            continue;
        }
        // A 类 named in prose (`卫生健康支出1669.67万元`): its 合计.
        let Some(c) = table.column_index(ColumnRole::Total) else {
            continue;
        };
        let class = scope.classes.iter().find_map(|&(n, r)| {
            (s == n
                || s.strip_suffix(n)
                    .is_some_and(|r| r.ends_with('，') || r.ends_with('、')))
            .then_some(r)
        });
        if let Some(class) = class {
            if let Some((v, sc)) = amount_at(class, c) {
                out.push((
                    table,
                    v,
                    sc,
                    line_of(class, c),
                    CandidateLabel::ClassTotal(class),
                ));
            }
        }
    }
    out
}

/// `prose.figure`: prose figures against the table figures they name.
pub(super) fn prose_against_tables(d: &Disclosure, out: &mut Vec<Finding>) {
    let tables = SubjectTables::new(&d.document);
    for fact in &d.facts {
        if !fact.quantity.is_money() {
            continue;
        }
        let Some(prose_yuan) = fact.quantity.to_yuan() else {
            continue;
        };
        let candidates = figures_for_subject(&tables, &fact.subject);
        let prose_scale = fact.quantity.value.scale();
        let prose_half = Tolerance::half_unit(prose_scale)
            .checked_mul(
                prose_yuan
                    .checked_div(fact.quantity.value)
                    .unwrap_or(Decimal::ONE),
            )
            .unwrap_or(Decimal::ZERO);
        // Agrees with any candidate: fine. Otherwise report against the first one.
        let mut first: Option<(&Candidate<'_>, Decimal)> = None;
        let mut agrees = false;
        for cand in &candidates {
            let (table, value, scale, _, _) = cand;
            let Some((table_yuan, table_half)) = in_yuan(table, *value, *scale) else {
                continue;
            };
            let limit = table_half.max(prose_half);
            let Some(diff) = prose_yuan.checked_sub(table_yuan) else {
                continue;
            };
            if diff.abs() <= limit {
                agrees = true;
                break;
            }
            if first.is_none() {
                first = Some((cand, table_yuan));
            }
        }
        if agrees {
            continue;
        }
        let Some(((table, value, _, line, what), table_yuan)) = first else {
            continue;
        };
        let (table, value, line) = (*table, *value, *line);
        let what = what.text();
        out.push(
            Finding::new(
                "prose.figure",
                Severity::Warning,
                format!(
                    "the text states {} = {} {}, but the table gives {what} = {value} {}",
                    fact.subject,
                    fact.quantity.value,
                    fact.quantity.unit,
                    unit_of(table)
                ),
            )
            .in_table(title_of(table))
            .with_figures(
                Figure {
                    label: format!("table: {what}"),
                    value: table_yuan,
                    unit: "元".into(),
                    line,
                },
                Figure {
                    label: format!("prose: {}", fact.subject),
                    value: prose_yuan,
                    unit: "元".into(),
                    line: Some(fact.line),
                },
            ),
        );
    }
}

/// `prose.change`: a stated change agrees with its direction word and percentage.
pub(super) fn prose_changes(d: &Disclosure, out: &mut Vec<Finding>) {
    for fact in &d.facts {
        for change in &fact.changes {
            let amount = change.amount.as_ref().map(|q| q.value);
            if let Some(a) = amount {
                let contradicts = match change.direction {
                    Direction::Increase | Direction::Decrease => {
                        a.is_sign_negative() && !a.is_zero()
                    }
                    Direction::Flat => !a.is_zero(),
                };
                if contradicts {
                    out.push(
                        Finding::new(
                            "prose.change",
                            Severity::Notice,
                            format!(
                                "{}: the direction word ({:?}) does not fit the stated change {a}",
                                fact.subject, change.direction
                            ),
                        )
                        .at_lines([fact.line]),
                    );
                }
            }
            let (Some(delta), Some(percent)) = (amount, change.percent) else {
                continue;
            };
            let value = fact.quantity.value;
            let base = match change.direction {
                Direction::Increase => value.checked_sub(delta),
                Direction::Decrease => value.checked_add(delta),
                Direction::Flat => None,
            };
            let Some(base) = base.filter(|b| !b.is_zero() && b.is_sign_positive()) else {
                continue;
            };
            let Some(computed) = delta
                .checked_mul(Decimal::ONE_HUNDRED)
                .and_then(|x| x.checked_div(base))
            else {
                continue;
            };
            // Rounding of the stated percentage, plus what rounding of the two amounts can do.
            let amount_half = Tolerance::half_unit(value.scale().max(delta.scale()));
            if percent_agrees(
                computed,
                percent,
                amount_half.saturating_mul(Decimal::TWO),
                base,
            ) {
                continue;
            }
            out.push(
                Finding::new(
                    "prose.change",
                    Severity::Warning,
                    format!(
                        "{}: the text states a change of {delta} {} ({percent}%), but {delta} over {base} is {}%",
                        fact.subject,
                        fact.quantity.unit,
                        computed.round_dp(2)
                    ),
                )
                .with_figures(
                    Figure {
                        label: "stated percentage".into(),
                        value: percent,
                        unit: "%".into(),
                        line: Some(fact.line),
                    },
                    Figure {
                        label: "recomputed percentage".into(),
                        value: computed.round_dp(2),
                        unit: "%".into(),
                        line: Some(fact.line),
                    },
                ),
            );
        }
    }
}

/// `completeness.contents`: every table the 目录 lists is present.
pub(super) fn completeness(doc: &Document, out: &mut Vec<Finding>) {
    use std::collections::HashMap;
    let mut wanted: HashMap<TableKind, Vec<&cnbudget_table::ContentsEntry>> = HashMap::new();
    for entry in &doc.contents {
        if entry.kind != TableKind::Other {
            wanted.entry(entry.kind).or_default().push(entry);
        }
    }
    let mut kinds: Vec<_> = wanted.into_iter().collect();
    kinds.sort_by_key(|(_, e)| e.first().map(|x| x.line));
    for (kind, entries) in kinds {
        let found = doc.tables_of(kind).count();
        if found >= entries.len() {
            continue;
        }
        for entry in entries.iter().skip(found) {
            out.push(
                Finding::new(
                    "completeness.contents",
                    Severity::Warning,
                    format!(
                        "the contents list “{}” ({kind}) but the document has {found} such table(s)",
                        entry.title
                    ),
                )
                .at_lines([entry.line]),
            );
        }
    }
}

/// `meta.year` and `meta.placeholder`.
pub(super) fn metadata(d: &Disclosure, out: &mut Vec<Finding>) {
    if let Some(year) = d.metadata.year {
        for table in &d.document.tables {
            let Some(title) = &table.title else { continue };
            for (y, _) in years_in(title) {
                if y != year {
                    out.push(
                        Finding::new(
                            "meta.year",
                            Severity::Warning,
                            format!(
                                "the title “{title}” names {y}, but the document is for {year}"
                            ),
                        )
                        .in_table(title.clone())
                        .at_lines([table.first_line]),
                    );
                }
            }
        }
    }
    // Only lines with an `X` can hold a placeholder: find those, counting lines on the way.
    let text = d.prepared.text.as_str();
    let bytes = text.as_bytes();
    let mut line_no = 0usize;
    let mut counted_to = 0usize;
    let mut from = 0usize;
    while let Some(hit) = bytes
        .get(from..)
        .and_then(|rest| memchr::memchr2(b'X', b'x', rest))
    {
        let at = from + hit;
        let start =
            memchr::memrchr(b'\n', bytes.get(..at).unwrap_or_default()).map_or(0, |p| p + 1);
        let end = bytes
            .get(at..)
            .and_then(|rest| memchr::memchr(b'\n', rest))
            .map_or(bytes.len(), |p| at + p);
        line_no +=
            memchr::memchr_iter(b'\n', bytes.get(counted_to..start).unwrap_or_default()).count();
        counted_to = start;
        from = end + 1;
        let Some(line) = text.get(start..end) else {
            break;
        };
        let line = line.strip_suffix('\r').unwrap_or(line);
        let i = line_no;
        // Only ASCII `x` matters (no other character upper-cases to an ASCII `X`), so the
        // ASCII upper-casing, which copies the line once without decoding it, is enough.
        let upper = line.to_ascii_uppercase();
        let found = ["XXXX", "XX局", "XX单位", "XX部门"]
            .iter()
            .filter_map(|p| upper.find(p))
            .min();
        if let Some(pos) = found {
            out.push(
                Finding::new(
                    "meta.placeholder",
                    Severity::Warning,
                    format!(
                        "a template placeholder is left in: “{}”",
                        excerpt(line, pos)
                    ),
                )
                .at_lines([i + 1]),
            );
        }
    }
}

/// How a (code, name) pair of a table row relates to its catalogue, in a form both catalogues share.
enum CatalogueVerdict {
    Fine,
    Renamed {
        current: String,
    },
    Mismatch {
        current: String,
        belongs_to: Vec<String>,
    },
    UnknownName {
        current: String,
        certain: bool,
    },
    UnknownCode,
}

fn function_verdict(digits: &str, name: &str, year: u16) -> Option<CatalogueVerdict> {
    let code: cnbudget_functional::FunctionCode = digits.parse().ok()?;
    let catalogue = cnbudget_functional::Catalogue::embedded();
    Some(verdict_of(catalogue.resolve(code, name, year)))
}

fn economic_verdict(digits: &str, name: &str, year: u16) -> Option<CatalogueVerdict> {
    let code: cnbudget_economic::EconomicCode = digits.parse().ok()?;
    let catalogue = cnbudget_economic::Catalogue::embedded();
    Some(verdict_of(catalogue.resolve(code, name, year)))
}

/// What a resolution of either catalogue means for the audit.
fn verdict_of<C: cnbudget_catalogue::Classification>(
    r: cnbudget_catalogue::Resolution<'_, C>,
) -> CatalogueVerdict {
    use cnbudget_catalogue::Resolution;
    match r {
        Resolution::Exact(_) | Resolution::NameVariant { .. } => CatalogueVerdict::Fine,
        Resolution::Renamed { lookup, .. } => CatalogueVerdict::Renamed {
            current: lookup.name().to_string(),
        },
        Resolution::Mismatch { lookup, belongs_to } => CatalogueVerdict::Mismatch {
            current: lookup.name().to_string(),
            belongs_to: belongs_to
                .iter()
                .map(|e| format!("{} {}", e.code, e.name))
                .collect(),
        },
        Resolution::UnknownName { lookup } => CatalogueVerdict::UnknownName {
            current: lookup.name().to_string(),
            certain: lookup.entry.provenance.is_certain(),
        },
        Resolution::UnknownCode { .. } => CatalogueVerdict::UnknownCode,
        _ => CatalogueVerdict::Fine,
    }
}

/// `catalogue.*`: codes and names against the catalogues of the document's year; 款 or 项
/// without their parent row in tables that show the hierarchy.
pub(super) fn catalogue(d: &Disclosure, out: &mut Vec<Finding>) {
    let year = d
        .metadata
        .year
        .and_then(|y| u16::try_from(y).ok())
        .unwrap_or(2024);
    // Rows with a code and a name; a (code, name) pair is checked at its first row only.
    let mut pairs: Vec<(&str, &str, usize)> = Vec::new();
    let mut first: Vec<bool> = Vec::new();
    for table in &d.document.tables {
        let title = std::cell::OnceCell::new();
        let title = || title.get_or_init(|| title_of(table)).clone();
        pairs.clear();
        pairs.extend(table.rows.iter().enumerate().filter_map(|(i, row)| {
            let (Some(code), Some(name)) = (&row.code, &row.name) else {
                return None;
            };
            let name = name.trim();
            (!name.is_empty()).then_some((code.digits.as_str(), name, i))
        }));
        pairs.sort_unstable();
        first.clear();
        first.resize(table.rows.len(), false);
        let mut previous: Option<(&str, &str)> = None;
        for &(digits, name, i) in &pairs {
            if previous != Some((digits, name)) {
                if let Some(f) = first.get_mut(i) {
                    *f = true;
                }
                previous = Some((digits, name));
            }
        }
        for (i, row) in table.rows.iter().enumerate() {
            let (Some(code), Some(name)) = (&row.code, &row.name) else {
                continue;
            };
            let name = name.trim();
            if !first.get(i).copied().unwrap_or(false) {
                continue;
            }
            let verdict = match code.system {
                CodeSystem::Function => function_verdict(&code.digits, name, year),
                CodeSystem::EconomicDepartment | CodeSystem::EconomicGovernment => {
                    economic_verdict(&code.digits, name, year)
                }
                _ => None,
            };
            let line = row.lines.first().copied();
            // Project tables name projects, not classification items: only the code is checked.
            let verdict = match verdict {
                Some(CatalogueVerdict::UnknownCode) => verdict,
                _ if table.kind == TableKind::ProjectExpenditure => None,
                v => v,
            };
            let (rule, severity, message) = match verdict {
                None | Some(CatalogueVerdict::Fine) => continue,
                Some(CatalogueVerdict::Renamed { current }) => (
                    "catalogue.outdated_name",
                    Severity::Notice,
                    format!(
                        "{} {name}: an earlier or later edition's name; in {year} the code is named {current}",
                        code.digits
                    ),
                ),
                Some(CatalogueVerdict::Mismatch {
                    current,
                    belongs_to,
                }) => (
                    "catalogue.mismatch",
                    Severity::Warning,
                    format!(
                        "{} {name}: the catalogue names {} “{current}”, and “{name}” belongs to {}",
                        code.digits,
                        code.digits,
                        belongs_to.join(", ")
                    ),
                ),
                Some(CatalogueVerdict::UnknownName { current, certain }) => (
                    "catalogue.unknown_name",
                    Severity::Notice,
                    format!(
                        "{} {name}: the catalogue names it “{current}”{}",
                        code.digits,
                        if certain {
                            ""
                        } else {
                            " (a reconstructed entry, not certain)"
                        }
                    ),
                ),
                Some(CatalogueVerdict::UnknownCode) => (
                    "catalogue.unknown_code",
                    Severity::Warning,
                    format!(
                        "{} {name}: the code is not in the {year} catalogue (nor any edition we hold)",
                        code.digits
                    ),
                ),
            };
            out.push(
                Finding::new(rule, severity, message)
                    .in_table(title())
                    .at_lines(line),
            );
        }
        // 款/项 without their parent row, in tables that print the hierarchy.
        let codes: Vec<(&str, usize)> = table
            .rows
            .iter()
            .filter_map(|r| {
                let c = r.code.as_ref().filter(|c| is_classification(c.system))?;
                Some((c.digits.as_str(), r.lines.first().copied().unwrap_or(0)))
            })
            .collect();
        let has_levels =
            codes.iter().any(|(c, _)| c.len() == 3) && codes.iter().any(|(c, _)| c.len() > 3);
        if !has_levels {
            continue;
        }
        for (digits, line) in &codes {
            if digits.len() <= 3 {
                continue;
            }
            let Some(parent) = digits.get(..digits.len() - 2) else {
                continue;
            };
            if !codes.iter().any(|(c, _)| c == &parent) {
                out.push(
                    Finding::new(
                        "catalogue.missing_parent",
                        Severity::Notice,
                        format!("{digits} is listed without its parent row {parent}"),
                    )
                    .in_table(title())
                    .at_lines([*line]),
                );
            }
        }
    }
}

/// `indicator.*`: the findings of the performance-target reader, with their rule names.
pub(super) fn indicators(d: &Disclosure, out: &mut Vec<Finding>) {
    use cnbudget_indicator::{FindingKind, Severity as IndicatorSeverity};
    for f in &d.goals.findings {
        let rule = match &f.kind {
            FindingKind::WeightSum { .. } => "indicator.weight_sum",
            FindingKind::LevelMismatch { .. } => "indicator.level_mismatch",
            FindingKind::MissingUnit { .. } => "indicator.missing_unit",
            FindingKind::EmptyIndicator { .. } => "indicator.empty",
            FindingKind::ScoreArithmetic { .. } => "indicator.score",
            FindingKind::TotalScore { .. } => "indicator.total_score",
            FindingKind::PointsSum { .. } => "indicator.points_sum",
            FindingKind::ExecutionRate { .. } => "indicator.execution_rate",
            FindingKind::ExecutionScore { .. } => "indicator.execution_score",
            FindingKind::FullMarksButNotMet { .. } => "indicator.full_marks_not_met",
            FindingKind::BudgetSplit { .. } => "indicator.budget_split",
            FindingKind::TaskTotal { .. } => "indicator.task_total",
            _ => "indicator.other",
        };
        let severity = match f.severity {
            IndicatorSeverity::Error => Severity::Error,
            IndicatorSeverity::Warning => Severity::Warning,
            _ => Severity::Notice,
        };
        out.push(
            Finding::new(rule, severity, f.kind.to_string())
                .in_table(f.table.clone())
                .at_lines([f.line]),
        );
    }
}

/// `summary.funds`: in the two-sided summaries, an expenditure line's 合计 = 一般公共预算 +
/// 政府性基金 + 国有资本经营 (+ 财政专户 …) where the table prints the fund columns.
pub(super) fn summary_funds(table: &Table, out: &mut Vec<Finding>) {
    if !table.kind.is_summary() {
        return;
    }
    let on_side = |role: ColumnRole| {
        table
            .columns
            .iter()
            .find(|c| c.side == Some(Side::Expenditure) && c.role == role)
            .map(|c| c.index)
    };
    let Some(total) = on_side(ColumnRole::Total) else {
        return;
    };
    let funds: Vec<usize> = [
        ColumnRole::GeneralBudget,
        ColumnRole::GovernmentFund,
        ColumnRole::StateCapital,
        ColumnRole::FiscalSpecialAccount,
        ColumnRole::BusinessIncome,
        ColumnRole::OtherIncome,
    ]
    .iter()
    .filter_map(|r| on_side(*r))
    .collect();
    if funds.is_empty() {
        return;
    }
    // Only when every amount column of the side is a known fund (else 合计 may include others).
    let known = table
        .columns
        .iter()
        .filter(|c| c.side == Some(Side::Expenditure) && is_amount_role(c.role))
        .all(|c| c.index == total || funds.contains(&c.index));
    if !known {
        return;
    }
    let Some(cols) = side_columns(table, Side::Expenditure) else {
        return;
    };
    for row in &table.rows {
        let Some(entry) = side_entry(row, cols) else {
            continue;
        };
        let parts: Vec<Part> = funds
            .iter()
            .map(|&c| (amount_at(row, c), line_of(row, c)))
            .collect();
        check_sum(
            out,
            "summary.funds",
            table,
            (amount_at(row, total), line_of(row, total)),
            &parts,
            |e, a| {
                let name = &entry.name;
                (
                    format!("{name}: 合计 is {e}, but the fund columns add up to {a}"),
                    format!("{name} / 合计"),
                    "Σ fund columns".to_string(),
                )
            },
        );
    }
}

/// `prose.nil_statement`: prose that says there is no 政府性基金 / 国有资本经营 / “三公” spending,
/// against a table of that kind that prints amounts.
pub(super) fn nil_statements(d: &Disclosure, out: &mut Vec<Finding>) {
    // Each phrase contains its kind's key words: paragraphs without them are skipped whole.
    let checks: [(TableKind, &str, &[&str]); 2] = [
        (
            TableKind::GovernmentFund,
            "政府性基金",
            &[
                "无政府性基金",
                "没有政府性基金",
                "未安排政府性基金",
                "不涉及政府性基金",
            ],
        ),
        (
            TableKind::StateCapital,
            "国有资本经营",
            &[
                "无国有资本经营",
                "没有国有资本经营",
                "未安排国有资本经营",
                "不涉及国有资本经营",
            ],
        ),
    ];
    for (kind, key, phrases) in checks {
        if d.document.tables_of(kind).next().is_none() {
            continue;
        }
        let key = memchr::memmem::Finder::new(key);
        let Some(statement) = d.document.prose.iter().find_map(|p| {
            key.find(p.text.as_bytes())?;
            p.text
                .lines()
                .enumerate()
                .find(|(_, l)| phrases.iter().any(|ph| l.contains(ph)))
                .map(|(i, l)| (p.first_line + i, l.trim().to_string()))
        }) else {
            continue;
        };
        for table in d.document.tables_of(kind) {
            let nonzero = table.rows.iter().find_map(|r| {
                r.cells
                    .iter()
                    .find(|c| c.amount().is_some_and(|a| !a.is_zero()))
                    .map(|c| (c.line, c.text.clone()))
            });
            if let Some((line, text)) = nonzero {
                out.push(
                    Finding::new(
                        "prose.nil_statement",
                        Severity::Warning,
                        format!(
                            "the text says “{}”, but {} prints {text}",
                            statement.1.chars().take(60).collect::<String>(),
                            title_of(table)
                        ),
                    )
                    .in_table(title_of(table))
                    .at_lines([statement.0, line]),
                );
            }
        }
    }
}

/// `meta.as_of_year`: `截至…年12月31日` should be the end of the year before a budget year (or
/// of that year), and the end of the year itself in a final account.
pub(super) fn as_of_dates(d: &Disclosure, out: &mut Vec<Finding>) {
    let Some(year) = d.metadata.year else { return };
    let final_account = d.metadata.kind == Some(crate::meta::AccountKind::FinalAccount);
    // Both markers start with 截: paragraphs and lines without it are skipped.
    let first = memchr::memmem::Finder::new("截");
    for p in &d.document.prose {
        if first.find(p.text.as_bytes()).is_none() {
            continue;
        }
        for (i, line) in p.text.lines().enumerate() {
            if first.find(line.as_bytes()).is_none() {
                continue;
            }
            for marker in ["截至", "截止"] {
                let mut from = 0;
                while let Some(pos) = line.get(from..).and_then(|rest| rest.find(marker)) {
                    let at = from + pos + marker.len();
                    from = at;
                    let tail: String = line.get(at..).unwrap_or("").chars().take(12).collect();
                    let Some((y, _)) = years_in(&tail).into_iter().next() else {
                        continue;
                    };
                    if !tail.contains("12月") && !tail.contains("年底") && !tail.contains("年末")
                    {
                        continue;
                    }
                    let ok = if final_account {
                        y == year
                    } else {
                        y == year || y == year - 1
                    };
                    if !ok {
                        out.push(
                            Finding::new(
                                "meta.as_of_year",
                                Severity::Warning,
                                format!(
                                    "“{marker}{}” names {y}, but the document is for {year}",
                                    tail.trim()
                                ),
                            )
                            .at_lines([p.first_line + i]),
                        );
                    }
                }
            }
        }
    }
}

/// The first number (digits, `.`, `,`) at the start of `s`, skipping spaces.
fn leading_number(s: &str) -> Option<(Decimal, usize)> {
    let t = s.trim_start();
    let skipped = s.len() - t.len();
    let end = t
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.' || *c == ','))
        .map_or(t.len(), |(i, _)| i);
    let digits: String = t.get(..end)?.chars().filter(|c| *c != ',').collect();
    let value = digits.trim_end_matches('.').parse::<Decimal>().ok()?;
    Some((value, skipped + end))
}

/// `prose.budget_vs_final`: `完成年初预算P%` against `决算数大于/小于/等于预算数X万元` and the
/// final figure stated before them in the same sentence.
pub(super) fn prose_budget_vs_final(d: &Disclosure, out: &mut Vec<Finding>) {
    // A line needs `决算数` and `完成(年初)预算`: paragraphs without them are skipped whole.
    let cmp_word = memchr::memmem::Finder::new("决算数");
    let done_word = memchr::memmem::Finder::new("完成");
    for p in &d.document.prose {
        if cmp_word.find(p.text.as_bytes()).is_none() || done_word.find(p.text.as_bytes()).is_none()
        {
            continue;
        }
        for (i, line) in p.text.lines().enumerate() {
            let line_no = p.first_line + i;
            let Some(done_at) = line.find("完成年初预算").or_else(|| line.find("完成预算"))
            else {
                continue;
            };
            let after_done = line.get(done_at..).unwrap_or("");
            let skip = if after_done.starts_with("完成年初预算") {
                "完成年初预算".len()
            } else {
                "完成预算".len()
            };
            let Some((percent, used)) = after_done.get(skip..).and_then(leading_number) else {
                continue;
            };
            if !after_done
                .get(skip + used..)
                .is_some_and(|r| r.trim_start().starts_with(['%', '％']))
            {
                continue;
            }
            // The comparison, after the percentage.
            let rest = after_done.get(skip + used..).unwrap_or("");
            let Some(cmp_at) = rest.find("决算数") else {
                continue;
            };
            let cmp = rest.get(cmp_at + "决算数".len()..).unwrap_or("");
            let (direction, tail) = if let Some(t) = cmp.strip_prefix("大于预算数") {
                (Direction::Increase, t)
            } else if let Some(t) = cmp.strip_prefix("小于预算数") {
                (Direction::Decrease, t)
            } else if let Some(t) = cmp.strip_prefix("等于预算数") {
                (Direction::Flat, t)
            } else {
                continue;
            };
            let gap = leading_number(tail).map(|(v, _)| v);
            // The final figure: the last money figure stated before 完成 on this line.
            let done_col = line.get(..done_at).map_or(0, |s| s.chars().count());
            let Some(fact) = d
                .facts
                .iter()
                .rfind(|f| f.line == line_no && f.quantity.is_money() && f.column <= done_col)
            else {
                continue;
            };
            let value = fact.quantity.value;
            let budget = match (direction, gap) {
                (Direction::Increase, Some(g)) => value.checked_sub(g),
                (Direction::Decrease, Some(g)) => value.checked_add(g),
                (Direction::Flat, _) => Some(value),
                _ => None,
            };
            let Some(budget) = budget.filter(|b| b.is_sign_positive() && !b.is_zero()) else {
                continue;
            };
            let Some(computed) = value
                .checked_mul(Decimal::ONE_HUNDRED)
                .and_then(|v| v.checked_div(budget))
            else {
                continue;
            };
            let spread = Tolerance::half_unit(value.scale()).saturating_mul(Decimal::TWO);
            if percent_agrees(computed, percent, spread, budget) {
                continue;
            }
            out.push(
                Finding::new(
                    "prose.budget_vs_final",
                    Severity::Warning,
                    format!(
                        "{}: the text states 完成年初预算{percent}% and 决算数{}预算数{}, but {value} against a budget of {budget} is {}%",
                        fact.subject,
                        match direction {
                            Direction::Increase => "大于",
                            Direction::Decrease => "小于",
                            Direction::Flat => "等于",
                        },
                        gap.map(|g| g.to_string()).unwrap_or_default(),
                        computed.round_dp(2)
                    ),
                )
                .with_figures(
                    Figure {
                        label: "stated completion".into(),
                        value: percent,
                        unit: "%".into(),
                        line: Some(line_no),
                    },
                    Figure {
                        label: "决算 / 预算".into(),
                        value: computed.round_dp(2),
                        unit: "%".into(),
                        line: Some(line_no),
                    },
                ),
            );
        }
    }
}

fn name_key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')' | '（' | '）'))
        .map(|c| if c == '与' { '和' } else { c })
        .collect::<String>()
        .trim_end_matches("(类)")
        .to_string()
}

/// `cross.summary_function`: the 一般公共预算 column of the 财政拨款收支总表, item by item (类),
/// against the 类 totals of the 一般公共预算 function table.
pub(super) fn summary_against_function(doc: &Document, out: &mut Vec<Finding>) {
    let Some(function) = doc.tables_of(TableKind::GeneralBudgetByFunction).next() else {
        return;
    };
    let Some(ftotal) = function.column_index(ColumnRole::Total) else {
        return;
    };
    let classes: Vec<(String, &Row)> = function
        .rows
        .iter()
        .filter(|r| {
            r.code
                .as_ref()
                .is_some_and(|c| c.system == CodeSystem::Function && c.digits.len() == 3)
        })
        .filter_map(|r| Some((name_key(r.name.as_deref()?), r)))
        .collect();
    for summary in doc.tables_of(TableKind::FiscalAppropriationSummary) {
        let Some(gb) = summary
            .columns
            .iter()
            .find(|c| c.side == Some(Side::Expenditure) && c.role == ColumnRole::GeneralBudget)
            .map(|c| c.index)
        else {
            continue;
        };
        let Some(cols) = side_columns(summary, Side::Expenditure) else {
            continue;
        };
        for row in &summary.rows {
            let Some(entry) = side_entry(row, cols) else {
                continue;
            };
            let key = name_key(&entry.name);
            let Some((_, class)) = classes.iter().find(|(k, _)| *k == key) else {
                continue;
            };
            let (Some((sv, ss)), Some((fv, fs))) = (amount_at(row, gb), amount_at(class, ftotal))
            else {
                continue;
            };
            compare_across(
                out,
                "cross.summary_function",
                (summary, sv, ss, line_of(row, gb), &|| {
                    format!("{} in the 财政拨款收支总表 (一般公共预算)", entry.name)
                }),
                (function, fv, fs, line_of(class, ftotal), &|| {
                    format!("{} in the function table", row_label(class))
                }),
            );
        }
    }
}
