//! The audit: every place where a disclosure contradicts itself.
//!
//! Rules (each finding names its rule, a [`RuleId`] whose id string is below):
//!
//! | rule | what it checks |
//! |---|---|
//! | `table.cell` | a figure the table parser read by repairing a slip (`1O0.00`, `1,836,42`, `2O50803`), or a figure-like cell of an amount column it could not read |
//! | `hierarchy.sum` | 类 = Σ 款 and 款 = Σ 项 for every amount column |
//! | `hierarchy.total` | the 合计 row = Σ 类 |
//! | `row.total_parts` | 合计 = 基本支出 + 项目支出; 合计 = 人员经费 + 公用经费 |
//! | `final.balance` | a final account's 年初结转和结余 + 本年收入 − 本年支出 = 年末结转和结余, row by row |
//! | `three_public.sum` | 三公 = 因公出国(境) + 公务用车购置及运行 + 公务接待; 车 = 购置 + 运行 |
//! | `summary.balance` | 收入总计 = 支出总计 in the summary tables |
//! | `summary.funds` | a summary's expenditure 合计 = 一般公共预算 + 政府性基金 + 国有资本经营 (…) |
//! | `cross.basic_total` | the 基本支出 column of the function table = the total of the 基本支出 table |
//! | `cross.summary_function` | a 类 in the 财政拨款收支总表's 一般公共预算 column = its 合计 in the function table |
//! | `cross.function_totals` | a 类 amount is the same in every function-coded table that has it |
//! | `prose.figure` | a figure stated in prose equals the table figure it names |
//! | `prose.budget_vs_final` | `完成年初预算P%` agrees with `决算数大于/小于预算数X` and the figure; with the budget and final figures stated before it (a percentage cut instead of rounded is a notice) |
//! | `prose.verdict` | `决算数大于/小于/等于预算数`, `…与预算数(基本)持平` agrees with the 年初预算 and 决算 figures stated in the same or the previous sentence (基本持平 more than 5 % apart is a notice) |
//! | `prose.change` | stated changes agree with their direction word and percentage |
//! | `prose.nil_statement` | “无政府性基金…” in the text against a fund table that prints amounts |
//! | `meta.as_of_year` | `截至…年12月31日` names the right year |
//! | `completeness.contents` | every table the 目录 lists is present |
//! | `meta.year` | table titles name the document's year |
//! | `meta.placeholder` | template placeholders (`XX局`, `XXXX`) left in |
//! | `catalogue.unknown_code` | a code the catalogue of the year does not know |
//! | `catalogue.mismatch` | a name that belongs to another code |
//! | `catalogue.outdated_name` | a name of another edition (renamed since) |
//! | `catalogue.unknown_name` | a name the catalogue does not know for the code |
//! | `catalogue.missing_parent` | a 款 or 项 listed without its parent row |
//! | `indicator.*` | the checks of [`cnbudget_indicator`]: weights, levels, units, scores |
//!
//! Tolerances follow [`crate::tolerance`]: n × half a printed unit over n addends, doubled where
//! the table notes 四舍五入 / 尾差.

mod finding;
mod rule_id;
mod rules;

pub use finding::{Figure, Finding, Severity};
pub use rule_id::{RuleId, UnknownRule};

use crate::Disclosure;

/// Runs every rule on a disclosure; findings are sorted by severity, then by first line.
pub fn audit(d: &Disclosure) -> Vec<Finding> {
    let mut out = Vec::new();
    for table in &d.document.tables {
        rules::cells::cell_reading(table, &mut out);
        rules::hierarchy::hierarchy(table, &mut out);
        rules::identities::row_identities(table, &mut out);
        rules::final_balance::final_balance(table, &mut out);
        rules::three_public::three_public(table, &mut out);
        rules::summary::summary_balance(table, &mut out);
        rules::summary::summary_funds(table, &mut out);
    }
    let final_account = d.metadata.kind == Some(crate::meta::AccountKind::FinalAccount);
    rules::cross_table::cross_tables(&d.document, final_account, &mut out);
    rules::cross_table::summary_against_function(&d.document, &mut out);
    rules::prose_figures::prose_against_tables(d, &mut out);
    rules::prose_figures::prose_changes(d, &mut out);
    rules::prose_figures::prose_budget_vs_final(d, &mut out);
    rules::verdict::prose_verdicts(d, &mut out);
    rules::completeness::completeness(&d.document, &mut out);
    rules::prose_figures::nil_statements(d, &mut out);
    rules::metadata::as_of_dates(d, &mut out);
    rules::catalogue::catalogue(d, &mut out);
    rules::indicators::indicators(d, &mut out);
    rules::metadata::metadata(d, &mut out);
    out.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then(a.lines.first().cmp(&b.lines.first()))
    });
    out
}
