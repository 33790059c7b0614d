//! The headline figures of a disclosure: total income and expenditure, 一般公共预算支出,
//! 基本支出 and 项目支出, the “三公” total and its parts, 机关运行经费 and the 政府采购 total,
//! each with the table and line it is printed on.
//!
//! ```
//! use cnbudget::Disclosure;
//! use rust_decimal::Decimal;
//!
//! let d = Disclosure::from_bytes(cnbudget::SAMPLE.as_bytes());
//! let totals = d.totals();
//! let income = totals.income_total.as_ref().unwrap();
//! assert_eq!(income.amount, Decimal::new(183642, 2));
//! assert_eq!(income.unit.map(|u| u.as_str()), Some("万元"));
//! assert!(income.sure);
//! // 基本支出 of the 一般公共预算 function table, in 元:
//! let basic = totals.general_budget_basic.as_ref().unwrap();
//! assert_eq!(basic.to_yuan(), Some(Decimal::from(8_751_500)));
//! // The sample prints no 机关运行经费 in a table.
//! assert!(totals.operating_costs.is_none());
//! ```
//!
//! # Which table wins
//!
//! | figure | read from |
//! |---|---|
//! | `income_total`, `expenditure_total` | the 收支总表 (收入总计 / 支出总计 line); without one, the 合计 row of the 收入总表 / 支出总表 |
//! | `appropriation_total` | the 财政拨款收支总表's 收入总计 line (else its 支出总计 line) |
//! | `basic_expenditure`, `project_expenditure` | the 合计 row of the 支出总表 (all funds) |
//! | `general_budget_expenditure`, `general_budget_basic`, `general_budget_project` | the 合计 row of the 一般公共预算 function table; where a document prints two (a 财政拨款 table and an 一般公共预算 one, as Jiangsu's 2017 budgets do), the one whose title names 一般公共预算 |
//! | the “三公” figures | the first “三公” table with amounts, its first row with amounts (its 合计 row); the 决算数 columns of a final account |
//! | `operating_costs` | a “三公” table's 机关运行经费 column (Shanghai prints them together) |
//! | `procurement` | the 合计 row of the 政府采购 table |
//!
//! A figure is `None` when no table prints it (a figure stated only in the prose is not a
//! table figure). Each figure says whether it is read with confidence ([`Headline::sure`]):
//! its table shows no sign of a misread ([`crate::audit::Reading`]), or the table's own
//! arithmetic confirms it (`合计 = 基本支出 + 项目支出` on its row, 收入总计 = 支出总计, …).
//! A 基本支出 whose column heading was misread is found by that arithmetic: the cell of the
//! 合计 row that is 合计 − 项目支出 and the sum of two other cells (人员经费 + 公用经费).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use cnbudget_table::{AmountUnit, ColumnRole, Row, Side, Table, TableKind};

use crate::Disclosure;
use crate::audit::Reading;
use crate::tolerance::{Tolerance, printed_scale};

/// One headline figure as a table prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Headline {
    /// The amount as printed, in `unit`.
    pub amount: Decimal,
    /// The table's unit (`None` when the table does not say).
    pub unit: Option<AmountUnit>,
    /// The table's index in [`cnbudget_table::Document::tables`].
    pub table: usize,
    /// The table's title.
    pub title: Option<String>,
    /// The line the figure is printed on.
    pub line: usize,
    /// True when the figure is read with confidence: its table shows no sign of a misread, or
    /// the table's own arithmetic confirms the figure.
    pub sure: bool,
}

impl Headline {
    /// The amount in 元 (`None` when the table's unit is unknown).
    ///
    /// ```
    /// let d = cnbudget::Disclosure::from_bytes(cnbudget::SAMPLE.as_bytes());
    /// let three = d.totals().three_public.unwrap();
    /// assert_eq!(three.to_yuan(), Some(rust_decimal::Decimal::from(86_000)));
    /// ```
    pub fn to_yuan(&self) -> Option<Decimal> {
        self.unit?.to_yuan(self.amount)
    }
}

/// The headline figures of a disclosure (see the [module docs](self) for where each is read).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Totals {
    /// 收入总计.
    pub income_total: Option<Headline>,
    /// 支出总计.
    pub expenditure_total: Option<Headline>,
    /// 财政拨款收入支出总计: the 总计 of the 财政拨款收支总表 (its 收入 side; both sides are
    /// equal when the table balances).
    pub appropriation_total: Option<Headline>,
    /// 基本支出, all funds.
    pub basic_expenditure: Option<Headline>,
    /// 项目支出, all funds.
    pub project_expenditure: Option<Headline>,
    /// 一般公共预算支出 (the 合计 of the 一般公共预算 function table).
    pub general_budget_expenditure: Option<Headline>,
    /// 一般公共预算 基本支出.
    pub general_budget_basic: Option<Headline>,
    /// 一般公共预算 项目支出.
    pub general_budget_project: Option<Headline>,
    /// “三公”经费 合计.
    pub three_public: Option<Headline>,
    /// 因公出国(境)费.
    pub overseas_travel: Option<Headline>,
    /// 公务用车购置及运行费.
    pub vehicles: Option<Headline>,
    /// 公务用车购置费.
    pub vehicle_purchase: Option<Headline>,
    /// 公务用车运行(维护)费.
    pub vehicle_operation: Option<Headline>,
    /// 公务接待费.
    pub reception: Option<Headline>,
    /// 机关运行经费.
    pub operating_costs: Option<Headline>,
    /// 政府采购 total.
    pub procurement: Option<Headline>,
}

impl Totals {
    /// The headline figures of `d`, given the reading of each of its tables.
    pub(crate) fn compute(d: &Disclosure, readings: &[Reading]) -> Totals {
        let tables = &d.document.tables;
        let sure = |i: usize| readings.get(i).is_none_or(|r| r.sure);
        let mut t = Totals::default();
        summary_totals(tables, &sure, &mut t);
        if let Some((i, table)) = first_of(tables, TableKind::ExpenditureSummary) {
            let split = split_of_total(table);
            t.basic_expenditure = split.basic.map(|c| c.headline(i, table, sure(i)));
            t.project_expenditure = split.project.map(|c| c.headline(i, table, sure(i)));
        }
        if let Some((i, table)) = general_budget_table(tables) {
            let split = split_of_total(table);
            t.general_budget_expenditure = split.total.map(|c| c.headline(i, table, sure(i)));
            t.general_budget_basic = split.basic.map(|c| c.headline(i, table, sure(i)));
            t.general_budget_project = split.project.map(|c| c.headline(i, table, sure(i)));
        }
        three_public_totals(d, &sure, &mut t);
        t.procurement = tables
            .iter()
            .enumerate()
            .filter(|(_, table)| table.kind == TableKind::Procurement)
            .find_map(|(i, table)| procurement_total(table).map(|c| c.headline(i, table, sure(i))));
        t
    }
}

/// A cell's figure before it becomes a [`Headline`]: amount, printed scale, line, and
/// whether the table's arithmetic confirmed it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cell {
    pub(crate) amount: Decimal,
    pub(crate) scale: u32,
    pub(crate) line: usize,
    pub(crate) confirmed: bool,
}

impl Cell {
    fn of(row: &Row, col: usize) -> Option<Cell> {
        let cell = row.cell(col)?;
        Some(Cell {
            amount: cell.amount()?,
            scale: printed_scale(&cell.text),
            line: cell.line,
            confirmed: false,
        })
    }

    fn headline(self, index: usize, table: &Table, sure: bool) -> Headline {
        Headline {
            amount: self.amount,
            unit: table.unit,
            table: index,
            title: table.title.clone(),
            line: self.line,
            sure: sure || self.confirmed,
        }
    }
}

/// True when `sum` and `whole` agree within the rounding of the `addends` printed scales.
fn agrees(whole: Decimal, sum: Decimal, scales: &[u32]) -> bool {
    sum.checked_sub(whole)
        .is_some_and(|d| Tolerance::for_scales(scales.iter().copied(), false).accepts(d))
}

fn first_of(tables: &[Table], kind: TableKind) -> Option<(usize, &Table)> {
    tables
        .iter()
        .enumerate()
        .find(|(_, t)| t.kind == kind && !t.rows.is_empty())
}

/// The 一般公共预算 function table: the first whose title names 一般公共预算, else the first.
pub(crate) fn general_budget_table(tables: &[Table]) -> Option<(usize, &Table)> {
    let of_kind = || {
        tables
            .iter()
            .enumerate()
            .filter(|(_, t)| t.kind == TableKind::GeneralBudgetByFunction && !t.rows.is_empty())
    };
    of_kind()
        .find(|(_, t)| {
            t.title
                .as_deref()
                .is_some_and(|title| title.contains("一般公共预算"))
        })
        .or_else(|| of_kind().next())
}

/// 收入总计 and 支出总计 from the 收支总表, else from the 收入总表 / 支出总表.
fn summary_totals(tables: &[Table], sure: &dyn Fn(usize) -> bool, t: &mut Totals) {
    if let Some((i, table)) = first_of(tables, TableKind::IncomeExpenditureSummary) {
        let income = grand_total(table, Side::Income);
        let expenditure = grand_total(table, Side::Expenditure);
        // Printed equal on both sides, each confirms the other.
        let balanced = match (income, expenditure) {
            (Some(a), Some(b)) => agrees(a.amount, b.amount, &[a.scale.max(b.scale)]),
            _ => false,
        };
        let confirm = |c: Cell| Cell {
            confirmed: balanced,
            ..c
        };
        t.income_total = income.map(|c| confirm(c).headline(i, table, sure(i)));
        t.expenditure_total = expenditure.map(|c| confirm(c).headline(i, table, sure(i)));
    }
    if let Some((i, table)) = first_of(tables, TableKind::FiscalAppropriationSummary) {
        let income = grand_total(table, Side::Income);
        let expenditure = grand_total(table, Side::Expenditure);
        let balanced = match (income, expenditure) {
            (Some(a), Some(b)) => agrees(a.amount, b.amount, &[a.scale.max(b.scale)]),
            _ => false,
        };
        t.appropriation_total = income.or(expenditure).map(|c| {
            Cell {
                confirmed: balanced,
                ..c
            }
            .headline(i, table, sure(i))
        });
    }
    if t.income_total.is_none()
        && let Some((i, table)) = first_of(tables, TableKind::IncomeSummary)
    {
        t.income_total =
            total_row_cell(table, ColumnRole::Total).map(|c| c.headline(i, table, sure(i)));
    }
    if t.expenditure_total.is_none()
        && let Some((i, table)) = first_of(tables, TableKind::ExpenditureSummary)
    {
        t.expenditure_total = split_of_total(table)
            .total
            .map(|c| c.headline(i, table, sure(i)));
    }
}

/// The 总计 line of one side of a two-sided summary (else its 合计 that is not 本年…合计).
fn grand_total(table: &Table, side: Side) -> Option<Cell> {
    use crate::audit::rules::summary::{side_columns, side_entry, side_name};
    let cols = side_columns(table, side)?;
    // The rows are found by their names; only the one found is read whole (its figure).
    let named = |pick: fn(&str) -> bool| {
        table
            .rows
            .iter()
            .enumerate()
            .find(|(_, r)| side_name(r, cols).is_some_and(|(_, name)| pick(&name)))
    };
    let (i, row) = named(|n| n.contains("总计"))
        .or_else(|| named(|n| n.contains("合计") && !n.contains("本年")))?;
    let grand = side_entry(i, row, cols)?;
    let (amount, scale) = grand.amount?;
    Some(Cell {
        amount,
        scale,
        line: grand.line?,
        confirmed: false,
    })
}

/// The 合计 row's 合计 (of a 基本支出 table, say), confirmed when it is the sum of two other
/// figures of the row (人员经费 + 公用经费) or of all of them.
pub(crate) fn table_total(table: &Table) -> Option<Cell> {
    let row = total_row(table)?;
    let col = table.column_index(ColumnRole::Total)?;
    let total = Cell::of(row, col)?;
    let others: Vec<Cell> = table
        .columns
        .iter()
        .filter(|c| c.index != col && c.side.is_none() && c.role.is_amount())
        .filter_map(|c| Cell::of(row, c.index))
        .collect();
    let pair = others.iter().enumerate().any(|(k, a)| {
        others.iter().skip(k + 1).any(|b| {
            a.amount
                .checked_add(b.amount)
                .is_some_and(|s| agrees(total.amount, s, &[a.scale, b.scale]))
        })
    });
    let all = others
        .iter()
        .try_fold(Decimal::ZERO, |acc, c| acc.checked_add(c.amount))
        .is_some_and(|s| {
            let scales: Vec<u32> = others.iter().map(|c| c.scale).collect();
            others.len() > 1 && agrees(total.amount, s, &scales)
        });
    Some(Cell {
        confirmed: pair || all,
        ..total
    })
}

/// The 合计 row (a total row without a code).
fn total_row(table: &Table) -> Option<&Row> {
    table.rows.iter().find(|r| r.total && r.code.is_none())
}

/// The cell of the 合计 row in the first column with `role`.
fn total_row_cell(table: &Table, role: ColumnRole) -> Option<Cell> {
    Cell::of(total_row(table)?, table.column_index(role)?)
}

/// The 合计, 基本支出 and 项目支出 of a table's 合计 row.
#[derive(Debug, Default)]
struct Split {
    total: Option<Cell>,
    basic: Option<Cell>,
    project: Option<Cell>,
}

/// The 合计 row's 合计, 基本支出 and 项目支出: by the columns' roles, confirmed when
/// 合计 = 基本支出 + 项目支出 holds. When it does not, or no column is read as 基本支出, the
/// 基本支出 is the cell that is 合计 − 项目支出 and the sum of two other cells of the row
/// (人员经费 + 公用经费): a heading misread (`基本支出人员经费`) does not hide it.
fn split_of_total(table: &Table) -> Split {
    let Some(row) = total_row(table) else {
        return Split::default();
    };
    let column = |role: ColumnRole| {
        table
            .columns
            .iter()
            .find(|c| c.role == role && c.side.is_none())
            .map(|c| c.index)
    };
    // The 合计 column, else the table's only amount column (`金额`).
    let only_amount = || {
        let mut amounts = table
            .columns
            .iter()
            .filter(|c| c.side.is_none() && c.role.is_amount());
        let first = amounts.next()?;
        amounts.next().is_none().then_some(first.index)
    };
    let (total_col, basic_col, project_col) = (
        column(ColumnRole::Total).or_else(only_amount),
        column(ColumnRole::Basic),
        column(ColumnRole::Project),
    );
    let at = |col: Option<usize>| col.and_then(|c| Cell::of(row, c));
    let mut split = Split {
        total: at(total_col),
        basic: at(basic_col),
        project: at(project_col),
    };
    let (Some(total), Some(project)) = (split.total, split.project) else {
        return split;
    };
    let confirm = |c: Cell| Cell {
        confirmed: true,
        ..c
    };
    if let Some(basic) = split.basic {
        let sum = basic.amount.checked_add(project.amount);
        if sum.is_some_and(|s| agrees(total.amount, s, &[basic.scale, project.scale])) {
            return Split {
                total: Some(confirm(total)),
                basic: Some(confirm(basic)),
                project: Some(confirm(project)),
            };
        }
    }
    // The other amounts of the row, by column.
    let cells: Vec<(usize, Cell)> = table
        .columns
        .iter()
        .filter(|c| c.side.is_none() && c.role.is_amount())
        .filter(|c| Some(c.index) != total_col && Some(c.index) != project_col)
        .filter_map(|c| Some((c.index, Cell::of(row, c.index)?)))
        .collect();
    let Some(wanted) = total.amount.checked_sub(project.amount) else {
        return split;
    };
    let sum_of_two_others = |i: usize, x: &Cell| {
        let others: Vec<&Cell> = cells
            .iter()
            .filter(|(j, _)| *j != i)
            .map(|(_, c)| c)
            .collect();
        others.iter().enumerate().any(|(k, a)| {
            others.iter().skip(k + 1).any(|b| {
                a.amount
                    .checked_add(b.amount)
                    .is_some_and(|s| agrees(x.amount, s, &[a.scale, b.scale]))
            })
        })
    };
    let found = cells.iter().find(|(i, x)| {
        !x.amount.is_zero()
            && agrees(wanted, x.amount, &[x.scale, project.scale])
            && sum_of_two_others(*i, x)
    });
    if let Some((_, x)) = found {
        split = Split {
            total: Some(confirm(total)),
            basic: Some(confirm(*x)),
            project: Some(confirm(project)),
        };
    }
    split
}

/// The “三公” figures of one table: total and items, each with its line.
#[derive(Debug, Default)]
struct ThreeFigures {
    total: Option<(Decimal, usize)>,
    overseas_travel: Option<(Decimal, usize)>,
    vehicles: Option<(Decimal, usize)>,
    vehicle_purchase: Option<(Decimal, usize)>,
    vehicle_operation: Option<(Decimal, usize)>,
    reception: Option<(Decimal, usize)>,
}

/// The “三公” figures of a table: by columns (each item a column, read through the table's
/// [`Table::three_public`] view), or by rows where the table lists the items as rows
/// (`“三公”经费` / `其中:因公出国(境)支出` / … with their amounts in a 合计 column).
fn three_figures(table: &Table, final_account: bool) -> Option<ThreeFigures> {
    if let Some(by_rows) = three_figures_by_rows(table, final_account) {
        return Some(by_rows);
    }
    let f = if final_account {
        table.three_public_final().or_else(|| table.three_public())
    } else {
        table.three_public()
    }?;
    let at = |v: Option<Decimal>| v.map(|v| (v, f.line));
    Some(ThreeFigures {
        total: at(f.total),
        overseas_travel: at(f.overseas_travel),
        vehicles: at(f.vehicles),
        vehicle_purchase: at(f.vehicle_purchase),
        vehicle_operation: at(f.vehicle_operation),
        reception: at(f.reception),
    })
}

/// The “三公” figures of a table that lists its items as rows; `None` when fewer than two
/// rows name an item.
fn three_figures_by_rows(table: &Table, final_account: bool) -> Option<ThreeFigures> {
    let measure = table
        .columns
        .iter()
        .find(|c| final_account && c.path.last().is_some_and(|l| l.contains("决算")))
        .or_else(|| table.columns.iter().find(|c| c.role == ColumnRole::Total))
        .map(|c| c.index);
    let mut f = ThreeFigures::default();
    let mut items = 0;
    for row in &table.rows {
        let Some(name) = row.name.as_deref().or_else(|| {
            row.cells
                .iter()
                .find(|c| c.amount().is_none() && !c.text.is_empty())
                .map(|c| c.text.as_str())
        }) else {
            continue;
        };
        let name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
        let amount = match measure {
            Some(col) => Cell::of(row, col),
            None => (0..row.cells.len()).find_map(|i| Cell::of(row, i)),
        };
        let Some(cell) = amount else { continue };
        let slot = if name.contains("因公出国") {
            &mut f.overseas_travel
        } else if name.contains("购置及运行") || name.ends_with("公务用车费") {
            &mut f.vehicles
        } else if name.contains("公务用车购置") {
            &mut f.vehicle_purchase
        } else if name.contains("公务用车运行") {
            &mut f.vehicle_operation
        } else if name.contains("公务接待") {
            &mut f.reception
        } else if name.contains("三公") && !name.contains("其中") {
            &mut f.total
        } else {
            continue;
        };
        if slot.is_none() {
            *slot = Some((cell.amount, cell.line));
            items += 1;
        }
    }
    (items >= 2).then_some(f)
}

/// The “三公” figures, and 机关运行经费 where a “三公” table prints it.
fn three_public_totals(d: &Disclosure, sure: &dyn Fn(usize) -> bool, t: &mut Totals) {
    let final_account = d.metadata.kind == Some(crate::meta::AccountKind::FinalAccount);
    let tables = &d.document.tables;
    let found = tables.iter().enumerate().find_map(|(i, table)| {
        if table.kind != TableKind::ThreePublic {
            return None;
        }
        let figures = three_figures(table, final_account)?;
        figures.total.is_some().then_some((i, table, figures))
    });
    if let Some((i, table, f)) = found {
        // Only the table's reading decides: a “三公” table printing two years side by side adds
        // up in either block, so its arithmetic cannot tell which block was read.
        let headline = |figure: Option<(Decimal, usize)>| {
            figure.map(|(amount, line)| Headline {
                amount,
                unit: table.unit,
                table: i,
                title: table.title.clone(),
                line,
                sure: sure(i),
            })
        };
        t.three_public = headline(f.total);
        t.overseas_travel = headline(f.overseas_travel);
        t.vehicles = headline(f.vehicles);
        t.vehicle_purchase = headline(f.vehicle_purchase);
        t.vehicle_operation = headline(f.vehicle_operation);
        t.reception = headline(f.reception);
    }
    t.operating_costs = tables.iter().enumerate().find_map(|(i, table)| {
        if table.kind != TableKind::ThreePublic {
            return None;
        }
        let col = table
            .columns
            .iter()
            .find(|c| c.path.iter().any(|p| p.contains("机关运行经费")))?
            .index;
        let row = table
            .rows
            .iter()
            .find(|r| r.cell(col).and_then(|c| c.amount()).is_some())?;
        Cell::of(row, col).map(|c| c.headline(i, table, sure(i)))
    });
}

/// The 政府采购 total: the 合计 row's 合计 (or 金额) column, else its last amount.
fn procurement_total(table: &Table) -> Option<Cell> {
    let row = table.rows.iter().find(|r| r.total)?;
    let by_heading = table
        .columns
        .iter()
        .filter(|c| {
            c.role == ColumnRole::Total
                || c.path
                    .last()
                    .is_some_and(|l| l.contains("合计") || l.contains("总计") || l.contains("金额"))
        })
        .find_map(|c| Cell::of(row, c.index));
    by_heading.or_else(|| (0..row.cells.len()).rev().find_map(|i| Cell::of(row, i)))
}
