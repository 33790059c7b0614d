//! Find and read every table of a Chinese budget / final-account disclosure
//! (部门预算 / 部门决算 公开), from prepared text.
//!
//! ```
//! use cnbudget_table::{parse, TableKind, ColumnRole, AmountUnit};
//! use rust_decimal::Decimal;
//!
//! let text = "表3\n一般公共预算支出预算表\n单位：万元\n\
//! 科目编码\t\t\t科目名称\t合计\t基本支出\t项目支出\n\
//! 类\t款\t项\t\t\t\t\n\
//! 210\t15\t99\t其他医疗保障管理事务支出\t136.82\t136.82\t\n";
//! let doc = parse(text);
//! let t = &doc.tables[0];
//! assert_eq!(t.kind, TableKind::GeneralBudgetByFunction);
//! assert_eq!(t.unit, Some(AmountUnit::TenThousandYuan));
//! assert_eq!(t.amount("2101599", ColumnRole::Basic), Some(Decimal::new(13682, 2)));
//! ```
//!
//! [`parse`] never fails: problems are data in the [`Document`] (`unplaced`
//! lines, table `warnings`). The strict single-cell parsers
//! ([`parse_amount`], [`parse_percent`], [`parse_code`]) return
//! [`TableError`].
//!
//! Layouts read: one cell per tab-indented line, tab-separated rows,
//! markdown pipe tables, HTML `<table>` (rowspan/colspan), flattened tables
//! (one cell per line, rows rebuilt, flagged uncertain), and space-aligned
//! `pdftotext -layout` regions (columns inferred from where the text stands,
//! page by page).
//!
//! Every layout is read into a [`Grid`] (cells with their spans and where each came
//! from), and every grid goes through one typed layer, [`table_from_grid`]: header paths,
//! column roles, the table's kind, typed cells, joined codes. A reader of other sources (a
//! PDF's ruled grids) builds grids and reads the lines above each with [`Caption::read`]:
//!
//! ```
//! use cnbudget_table::{Caption, ColumnRole, Grid, GridCell, HeaderRows, Layout, Origin, table_from_grid};
//! use rust_decimal::Decimal;
//!
//! let mut grid = Grid::new().with_header(HeaderRows::Given(2));
//! grid.push(GridCell::new(0, 0, "科目名称").spanning(2, 1));
//! grid.push(GridCell::new(0, 1, "2024年预算数").spanning(1, 2));
//! grid.push(GridCell::new(1, 1, "基本支出"));
//! grid.push(GridCell::new(1, 2, "项目支出"));
//! for (c, text) in ["合计", "1,836.42", "100.00"].into_iter().enumerate() {
//!     grid.push(GridCell::new(2, c, text).at(Origin::pdf(3, [56.0, 612.0, 540.0, 626.0]).line(120, 1)));
//! }
//! let caption = Caption::read([(117, "一般公共预算支出表"), (118, "单位：万元")]);
//! let t = table_from_grid(&grid, &caption, Layout::Pdf);
//! assert_eq!(t.columns[2].path, ["2024年预算数", "项目支出"]);
//! assert!(t.rows[0].total);
//! assert_eq!(t.rows[0].cells[1].amount(), Some(Decimal::new(183642, 2)));
//! assert_eq!(t.column_index(ColumnRole::Basic), Some(1));
//! ```
#![deny(missing_docs)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod caption;
mod cell;
mod error;
mod find;
mod grid;
pub mod lexicon;
mod lines;
mod model;
mod typed;
mod views;

pub use caption::Caption;
pub use cell::{Slip, parse_amount, parse_code, parse_percent, repair_amount, repair_code};
pub use cnbudget_text::Position;
pub use error::{TableError, TableErrorKind};
pub use find::Options;
pub use grid::{ColumnHint, Grid, GridCell, HeaderRows, Origin};
pub use model::{
    AmountUnit, Cell, Code, CodeSystem, CodeValue, Column, ColumnRole, ContentsEntry, Document,
    Layout, Note, NoteFlag, Paragraph, Row, Side, Table, TableKind, Unplaced, Value, Warning,
    WarningKind,
};
pub use typed::table_from_grid;
pub use typed::{PlacedGrid, is_column_numbering, parse_with_grids, tables_from_grid};
pub use views::{CodeRow, RoleAmount, SideItem, SummaryRow, ThreePublic};

/// A sample document reproducing the tables of a real 2023 部门预算 disclosure
/// (a district medical-insurance bureau), laid out one cell per line.
pub const SAMPLE: &str = include_str!("../testdata/sample-000.txt");

/// Find and read every table in `text` (prepared text: decoded, simplified
/// script; raw text is read too). Never fails and never panics.
pub fn parse(text: &str) -> Document {
    parse_with(text, &Options::default())
}

/// A line with its HTML tags stripped and entities decoded (`<h1>某局2024年部门预算</h1>`
/// → `某局2024年部门预算`, `&nbsp;` → a space); borrowed when there is nothing to strip.
/// Comparisons such as `<5次` are not tags. The parser reads web pages with it; other crates
/// use it on the lines they read themselves.
///
/// ```
/// assert_eq!(cnbudget_table::strip_markup("<h1>某局&ldquo;三公&rdquo;经费</h1>"), "某局“三公”经费");
/// assert_eq!(cnbudget_table::strip_markup("<5次"), "<5次");
/// ```
pub fn strip_markup(line: &str) -> std::borrow::Cow<'_, str> {
    cell::unmarkup(line)
}

/// [`parse`] with options.
pub fn parse_with(text: &str, options: &Options) -> Document {
    let mut doc = find::parse_document(text, options);
    typed::continued_tables(&mut doc);
    doc
}
