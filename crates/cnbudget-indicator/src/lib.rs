//! Performance targets (绩效目标) of Chinese budget disclosures as typed, checked data.
//!
//! Every 部门预算 / 部门决算 disclosure carries 项目支出绩效目标表 (one per project),
//! 部门整体支出绩效目标表 and, in final accounts, 绩效自评表 (targets against results, with
//! scores). This crate types them: indicator levels ([`Level1`], [`Level2`]), targets
//! ([`Target`]: comparator, exact value, unit; qualitative grades; free text), weights, core
//! flags and directions, goals ([`ProjectGoal`], [`OverallGoal`]) and self-evaluations
//! ([`ProjectEvaluation`], [`OverallEvaluation`]); it reads them from plain grids of text
//! ([`RawTable`], from any table parser or a spreadsheet) and checks them ([`Finding`]).
//!
//! ```
//! use cnbudget_indicator::{assess, read_goals, Outcome, RawTable, Target, Unit};
//!
//! // Targets as documents write them.
//! let t: Target = "≥37.3万人".parse()?;
//! assert_eq!(t.unit(), Some(&Unit::TenThousandPersons));
//! assert_eq!(assess(&t, &"=373000人".parse()?).outcome, Outcome::Met);
//!
//! // A table, as a table parser (or a spreadsheet) gives it.
//! let tsv = "#title\t2023年部门整体绩效目标表\n\
//!            1\t绩效指标\t一级指标\t二级指标\t三级指标\t指标权重\t计量单位\t指标性质\t指标值\t是否核心指标\n\
//!            2\t\t产出指标\t数量指标\t基本医疗参保人数\t20\t万人\t≥\t71\t是\n";
//! let goals = read_goals(&RawTable::from_tsv(tsv)?);
//! let ind = &goals.overall[0].indicators[0];
//! assert_eq!(ind.target.as_ref().map(|t| t.to_string()).as_deref(), Some("≥71万人"));
//! // One indicator weighing 20 does not make 100: a finding, with table and line.
//! assert_eq!(goals.findings.len(), 1);
//! assert_eq!(goals.findings[0].line, 2);
//! # Ok::<(), cnbudget_indicator::IndicatorError>(())
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

mod check;
mod error;
mod level;
mod model;
mod normalize;
mod raw;
mod read;
mod target;
mod unit;

pub use check::{
    Finding, FindingKind, Severity, check_evaluation, check_overall, check_overall_evaluation,
    check_project, execution_score,
};
pub use cnbudget_table::AmountUnit;
pub use cnbudget_text::Position;
pub use error::{IndicatorError, IndicatorErrorKind};
pub use level::{LEVEL2_PARENTS, Level1, Level2};
pub use model::{
    Amount, Direction, Evaluation, Field, FundLine, Funding, Goals, Grade, Indicator,
    OverallEvaluation, OverallGoal, ProjectCategory, ProjectEvaluation, ProjectGoal, TableKind,
    Task, UnplacedRow,
};
pub use raw::{RawRow, RawTable};
pub use read::{classify, read_all, read_goals};
pub use target::{
    Assessment, Comparator, Outcome, Qualitative, Quantity, Target, TextTarget, assess,
};
pub use unit::Unit;

/// The README's examples, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
