//! Typed views over tables, so callers never index columns by number.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::model::{Code, CodeSystem, Column, ColumnRole, Row, Side, Table, TableKind, Value};

/// An amount with the role of its column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RoleAmount {
    /// The column's role.
    pub role: ColumnRole,
    /// The column's header path.
    pub path: Vec<String>,
    /// The amount, in the table's unit.
    pub amount: Decimal,
}

/// A row with a classification code (function or economic): code, name and
/// amounts by column role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CodeRow {
    /// First line of the row.
    pub line: usize,
    /// The code (digits + system decided by the table).
    pub code: Code,
    /// The name.
    pub name: Option<String>,
    /// Indentation level shown in the text, if any.
    pub level: Option<u8>,
    /// Amounts by role.
    pub amounts: Vec<RoleAmount>,
}

impl CodeRow {
    /// The amount in the first column with `role`.
    pub fn amount(&self, role: ColumnRole) -> Option<Decimal> {
        self.amounts
            .iter()
            .find(|a| a.role == role)
            .map(|a| a.amount)
    }
}

/// One side of a summary-table row (收入 item or 支出 item).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SideItem {
    /// Leading ordinal (`一、`).
    pub ordinal: Option<String>,
    /// The item's name.
    pub name: String,
    /// Amounts on this side (by role) up to the next name column.
    pub amounts: Vec<RoleAmount>,
}

impl SideItem {
    /// The item's amount: its 合计 column if there is one, else its first.
    pub fn amount(&self) -> Option<Decimal> {
        self.amounts
            .iter()
            .find(|a| a.role == ColumnRole::Total)
            .or_else(|| self.amounts.first())
            .map(|a| a.amount)
    }
}

/// A row of a two-sided summary table: income item(s) ↔ expenditure item(s).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SummaryRow {
    /// First line of the row.
    pub line: usize,
    /// Items on the 收入 side (usually one).
    pub income: Vec<SideItem>,
    /// Items on the 支出 side (one per name column on that side).
    pub expenditure: Vec<SideItem>,
}

/// The “三公” breakdown from the total row of a three-public table.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ThreePublic {
    /// Line of the row read.
    pub line: usize,
    /// The “三公” 合计. Where the table prints 会议费 and 培训费 beside the items, its 合计
    /// holds them too: the total is then the 小计 under the “三公” heading (`None` without
    /// one).
    pub total: Option<Decimal>,
    /// 因公出国(境)费
    pub overseas_travel: Option<Decimal>,
    /// 公务用车购置及运行费 (小计)
    pub vehicles: Option<Decimal>,
    /// 公务用车购置费
    pub vehicle_purchase: Option<Decimal>,
    /// 公务用车运行(维护)费
    pub vehicle_operation: Option<Decimal>,
    /// 公务接待费
    pub reception: Option<Decimal>,
}

fn amounts_of(table: &Table, row: &Row) -> Vec<RoleAmount> {
    row.cells
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let a = c.amount()?;
            let col = table.columns.get(i)?;
            if matches!(
                col.role,
                ColumnRole::Ordinal | ColumnRole::Code | ColumnRole::UnitCode
            ) {
                return None;
            }
            Some(RoleAmount {
                role: col.role,
                path: col.path.clone(),
                amount: a,
            })
        })
        .collect()
}

impl Table {
    /// Rows that carry a classification code, with amounts by role, in table order.
    pub fn code_rows(&self) -> impl Iterator<Item = CodeRow> + '_ {
        self.coded_rows(|_| true)
    }

    /// Rows coded in the 支出功能分类 (function) system.
    pub fn function_rows(&self) -> impl Iterator<Item = CodeRow> + '_ {
        self.coded_rows(|system| system == CodeSystem::Function)
    }

    /// Rows coded in an 经济分类 (economic) system.
    pub fn economic_rows(&self) -> impl Iterator<Item = CodeRow> + '_ {
        self.coded_rows(|system| {
            matches!(
                system,
                CodeSystem::EconomicDepartment | CodeSystem::EconomicGovernment
            )
        })
    }

    /// The rows whose code is of a system `keep` accepts, as [`CodeRow`]s.
    fn coded_rows(
        &self,
        keep: impl Fn(CodeSystem) -> bool + 'static,
    ) -> impl Iterator<Item = CodeRow> + '_ {
        self.rows.iter().filter_map(move |r| {
            let code = r.code.as_ref().filter(|c| keep(c.system))?.clone();
            Some(CodeRow {
                line: r.lines.first().copied().unwrap_or(0),
                code,
                name: r.name.clone(),
                level: r.level,
                amounts: amounts_of(self, r),
            })
        })
    }

    /// Rows of a two-sided summary table, sides kept apart, in table order. None when the
    /// table has no 收入 / 支出 sides.
    pub fn summary_rows(&self) -> impl Iterator<Item = SummaryRow> + '_ {
        let sided = self.columns.iter().any(|c| c.side.is_some());
        self.rows
            .iter()
            .filter(move |_| sided)
            .filter_map(|r| self.summary_row(r))
    }

    /// One row of a two-sided summary table as a [`SummaryRow`]; `None` when neither side
    /// has an item.
    fn summary_row(&self, r: &Row) -> Option<SummaryRow> {
        let mut income: Vec<SideItem> = Vec::new();
        let mut expenditure: Vec<SideItem> = Vec::new();
        let mut current: Option<(Side, SideItem)> = None;
        let flush = |cur: &mut Option<(Side, SideItem)>,
                     inc: &mut Vec<SideItem>,
                     exp: &mut Vec<SideItem>| {
            if let Some((side, item)) = cur.take() {
                if !item.name.is_empty() || !item.amounts.is_empty() {
                    match side {
                        Side::Income => inc.push(item),
                        Side::Expenditure => exp.push(item),
                    }
                }
            }
        };
        for (i, c) in r.cells.iter().enumerate() {
            let Some(col) = self.columns.get(i) else {
                continue;
            };
            let Some(side) = col.side else { continue };
            let is_name_col = col.role == ColumnRole::Name;
            let side_changed = current.as_ref().is_some_and(|(s, _)| *s != side);
            if is_name_col || side_changed || current.is_none() {
                flush(&mut current, &mut income, &mut expenditure);
                let (ordinal, name) = match &c.value {
                    Value::Name { ordinal, name } => (ordinal.clone(), name.clone()),
                    _ if is_name_col => (None, c.text.clone()),
                    _ => (None, String::new()),
                };
                current = Some((
                    side,
                    SideItem {
                        ordinal,
                        name,
                        amounts: Vec::new(),
                    },
                ));
                if is_name_col {
                    continue;
                }
            }
            if let (Some((_, item)), Some(a)) = (current.as_mut(), c.amount()) {
                item.amounts.push(RoleAmount {
                    role: col.role,
                    path: col.path.clone(),
                    amount: a,
                });
            }
        }
        flush(&mut current, &mut income, &mut expenditure);
        if income.is_empty() && expenditure.is_empty() {
            return None;
        }
        Some(SummaryRow {
            line: r.lines.first().copied().unwrap_or(0),
            income,
            expenditure,
        })
    }

    /// The “三公” breakdown (from the first row with amounts), for
    /// [`TableKind::ThreePublic`] tables. A final account prints every item twice,
    /// 预算数 then 决算数: this gives the first of each (the budget); see
    /// [`three_public_final`](Table::three_public_final). A table printing the items once per
    /// year (上年 / 当年 / 增减变化情况) gives the current year's.
    pub fn three_public(&self) -> Option<ThreePublic> {
        self.three_public_where(|_| true)
    }

    /// The 决算数 of each “三公” item, for final accounts that print 预算数 and 决算数 side
    /// by side (`None` when no column is headed 决算数).
    ///
    /// ```
    /// let text = "财政拨款“三公”经费支出决算表\n单位：万元\n\
    ///     合计\t合计\t因公出国（境）费\t因公出国（境）费\t公务接待费\t公务接待费\n\
    ///     预算数\t决算数\t预算数\t决算数\t预算数\t决算数\n\
    ///     2.85\t0.39\t0.00\t0.00\t2.85\t0.39\n";
    /// let doc = cnbudget_table::parse(text);
    /// let t = &doc.tables[0];
    /// let budget = t.three_public().unwrap();
    /// let last = t.three_public_final().unwrap();
    /// assert_eq!(budget.reception.unwrap().to_string(), "2.85");
    /// assert_eq!((last.total.unwrap().to_string(), last.reception.unwrap().to_string()), ("0.39".into(), "0.39".into()));
    /// ```
    pub fn three_public_final(&self) -> Option<ThreePublic> {
        let is_final = |c: &Column| c.path.last().is_some_and(|l| l.contains("决算"));
        if !self.columns.iter().any(is_final) {
            return None;
        }
        self.three_public_where(is_final)
    }

    /// The top heading of the current year's block where a “三公” table prints its items once
    /// per year (`上年` / `当年` / `增减变化情况`, or `2018年` / `2019年` / …): the heading
    /// with 当年 or 本年, else the latest year that is no change or prior year. `None` when the
    /// items are printed once.
    fn current_three_public_block(&self) -> Option<&str> {
        let mut tops: Vec<&str> = Vec::new();
        for c in &self.columns {
            if c.role == ColumnRole::Reception && c.path.len() > 1 {
                if let Some(t) = c.path.first() {
                    if !tops.contains(&t.as_str()) {
                        tops.push(t);
                    }
                }
            }
        }
        if tops.len() < 2 {
            return None;
        }
        if let Some(t) = tops
            .iter()
            .find(|t| t.contains("当年") || t.contains("本年"))
        {
            return Some(t);
        }
        let year = |t: &str| -> Option<u32> {
            let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
            (digits.len() == 4).then(|| digits.parse().ok()).flatten()
        };
        tops.iter()
            .filter(|t| !t.contains("上年") && !t.contains("增减") && !t.contains("变化"))
            .filter_map(|t| Some((year(t)?, *t)))
            .max()
            .map(|(_, t)| t)
    }

    fn three_public_where(&self, keep: impl Fn(&Column) -> bool) -> Option<ThreePublic> {
        if self.kind != TableKind::ThreePublic {
            return None;
        }
        let row = self
            .rows
            .iter()
            .find(|r| r.cells.iter().any(|c| c.amount().is_some()))?;
        // Items printed once per year under headings of their own (上年 / 当年 / 增减变化情况):
        // the current year's.
        let top = self.current_three_public_block();
        let keep =
            |c: &Column| keep(c) && (top.is_none() || c.path.first().map(String::as_str) == top);
        let get = |role: ColumnRole| {
            let c = self.columns.iter().find(|c| c.role == role && keep(c))?;
            row.cell(c.index)?.amount()
        };
        // Where 会议费 and 培训费 stand beside the items, the 合计 holds them too: the “三公”
        // total is the total under the “三公” heading, or unknown.
        let with_meetings = self
            .columns
            .iter()
            .any(|c| matches!(c.role, ColumnRole::Meetings | ColumnRole::Training) && keep(c));
        let total = if with_meetings {
            self.columns
                .iter()
                .find(|c| {
                    c.role == ColumnRole::Total
                        && keep(c)
                        && c.path.iter().any(|l| l.contains("三公"))
                })
                .and_then(|c| row.cell(c.index)?.amount())
        } else {
            get(ColumnRole::Total)
        };
        Some(ThreePublic {
            line: row.lines.first().copied().unwrap_or(0),
            total,
            overseas_travel: get(ColumnRole::OverseasTravel),
            vehicles: get(ColumnRole::Vehicles),
            vehicle_purchase: get(ColumnRole::VehiclePurchase),
            vehicle_operation: get(ColumnRole::VehicleOperation),
            reception: get(ColumnRole::Reception),
        })
    }
}
