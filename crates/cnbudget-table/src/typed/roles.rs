//! What columns hold (roles, sides, code systems) and what a table is, from header labels.

use std::borrow::Cow;

use crate::cell::{continuation_bytes, has_sub, squash};
use crate::lexicon::is_cell_total_word;
use crate::model::{CodeSystem, Column, ColumnRole, Side, Table, TableKind};

/// Refine a kind with the header labels (squashed).
pub(crate) fn refine_kind(kind: TableKind, title: &str, labels: &[&str]) -> TableKind {
    let any = |k: &str| labels.iter().any(|l| has_sub(l, k));
    match kind {
        TableKind::GeneralBudgetBasicByEconomic
            if !title.contains("经济") && any("功能") && !any("经济") =>
        {
            TableKind::GeneralBudgetBasicByFunction
        }
        TableKind::GeneralBudgetByFunction
            if !title.contains("功能") && any("经济") && !any("功能") =>
        {
            TableKind::GeneralBudgetByEconomic
        }
        TableKind::Other => {
            if any("一级指标") && any("得分") {
                TableKind::PerformanceSelfEvaluation
            } else if any("一级指标") {
                TableKind::ProjectPerformance
            } else if any("因公出国") {
                TableKind::ThreePublic
            } else if labels.contains(&"收入") && labels.contains(&"支出") {
                TableKind::IncomeExpenditureSummary
            } else if any("经济分类") && any("基本支出") {
                TableKind::GeneralBudgetBasicByEconomic
            } else if any("功能分类") && any("基本支出") {
                TableKind::GeneralBudgetByFunction
            } else {
                TableKind::Other
            }
        }
        k => k,
    }
}

/// The label without parenthesised parts: `单位(项目)名称` → `单位名称`.
fn strip_paren(l: &str) -> Cow<'_, str> {
    if !l.contains(['(', '（']) {
        return Cow::Borrowed(l);
    }
    let mut out = String::with_capacity(l.len());
    let mut depth = 0usize;
    for c in l.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    if out.is_empty() {
        Cow::Borrowed(l)
    } else {
        Cow::Owned(out)
    }
}

/// A header label naming an identifier column (code / name / 项目 / 序号).
pub(crate) fn is_identifier_label(l: &str) -> bool {
    let l = strip_paren(l);
    let l = l.as_ref();
    matches!(
        l,
        "项目" | "科目" | "序号" | "类" | "款" | "项" | "单位" | "报表"
    ) || l.ends_with("编码")
        || l.ends_with("代码")
        || l.ends_with("编号")
        || l.ends_with("名称")
        || l.ends_with("科目")
}

/// A role word with its [`continuation_bytes`].
macro_rules! word {
    ($w:literal, $role:expr) => {
        ($w, continuation_bytes($w), $role)
    };
}

/// Words naming the role of a column, tried in order, with their continuation bytes.
const ROLE_WORDS: [(&str, u64, ColumnRole); 39] = [
    // Before 财政拨款, which it contains.
    word!("非财政拨款", ColumnRole::NonFiscalBalance),
    word!("因公出国", ColumnRole::OverseasTravel),
    word!("购置及运行", ColumnRole::Vehicles),
    word!("公务用车购置费", ColumnRole::VehiclePurchase),
    word!("公务用车运行", ColumnRole::VehicleOperation),
    word!("公务接待", ColumnRole::Reception),
    word!("购置费", ColumnRole::VehiclePurchase),
    word!("用车购置经费", ColumnRole::VehiclePurchase),
    word!("用车运行经费", ColumnRole::VehicleOperation),
    word!("运行费", ColumnRole::VehicleOperation),
    word!("运行维护费", ColumnRole::VehicleOperation),
    word!("基本支出", ColumnRole::Basic),
    word!("项目支出", ColumnRole::Project),
    word!("专项业务经费", ColumnRole::Project),
    word!("人员经费", ColumnRole::Personnel),
    word!("公用经费", ColumnRole::Public),
    // Synonyms printed for the two parts of 基本支出: 人员支出 / 人员类, 日常公用支出.
    word!("人员支出", ColumnRole::Personnel),
    word!("人员类", ColumnRole::Personnel),
    word!("公用支出", ColumnRole::Public),
    word!("日常公用", ColumnRole::Public),
    word!("上缴上级", ColumnRole::PaidToSuperior),
    word!("事业单位经营支出", ColumnRole::OperatingExpenditure),
    word!("经营支出", ColumnRole::OperatingExpenditure),
    word!("事业单位经营收入", ColumnRole::OperatingIncome),
    word!("对附属单位补助", ColumnRole::SubsidyToAffiliates),
    word!("对下级单位补助", ColumnRole::SubsidyToAffiliates),
    word!("附属单位上缴", ColumnRole::AffiliatePayment),
    word!("上级补助", ColumnRole::SuperiorSubsidy),
    word!("一般公共预算", ColumnRole::GeneralBudget),
    word!("政府性基金", ColumnRole::GovernmentFund),
    word!("国有资本经营", ColumnRole::StateCapital),
    word!("财政专户", ColumnRole::FiscalSpecialAccount),
    word!("事业收入", ColumnRole::BusinessIncome),
    word!("其他收入", ColumnRole::OtherIncome),
    word!("上年结转", ColumnRole::CarryOver),
    word!("当年财政拨款", ColumnRole::CurrentAppropriation),
    word!("当年拨款", ColumnRole::CurrentAppropriation),
    word!("经营收入", ColumnRole::OperatingIncome),
    word!("财政拨款", ColumnRole::FiscalAppropriation),
];

/// The role a single (squashed) label implies.
pub(crate) fn role_of_label(l: &str) -> Option<ColumnRole> {
    use ColumnRole as R;
    if l.is_empty() {
        return None;
    }
    let base = strip_paren(l);
    let base = base.as_ref();
    // Only words whose continuation bytes all occur in the label can be in it (the words'
    // sets fold to constants).
    let bytes = continuation_bytes(l);
    let has = |k: &str| continuation_bytes(k) & !bytes == 0 && has_sub(l, k);
    if base == "序号" {
        return Some(R::Ordinal);
    }
    if (has("单位代码") || has("单位编码")) && !has("名称") {
        return Some(R::UnitCode);
    }
    if matches!(base, "类" | "款" | "项")
        || base.ends_with("编码")
        || base.ends_with("代码")
        || base.ends_with("编号")
    {
        return Some(R::Code);
    }
    if base.ends_with("名称") || base == "项目" || base == "科目" || base.ends_with("科目")
    {
        return Some(R::Name);
    }
    if has("备注") {
        return Some(R::Remark);
    }
    if is_cell_total_word(base)
        || (base.ends_with("合计") || base.ends_with("总计")) && base.chars().count() <= 8
    {
        return Some(R::Total);
    }
    // Final accounts' balances: `年初结转和结余`, `年末结转和结余` (also `年初财政拨款结转和结余`).
    if (has("结转") || has("结余")) && !has("上年结转") {
        if has("年初") {
            return Some(R::OpeningBalance);
        }
        if has("年末") {
            return Some(R::ClosingBalance);
        }
    }
    if has("会议费") {
        return Some(R::Meetings);
    }
    if has("培训费") {
        return Some(R::Training);
    }
    // `一般公共预算拨款安排的“三公”经费预算` heads the 三公 items: their total, not a source.
    if has("三公") {
        return Some(R::Total);
    }
    if base == "本年收入" {
        return Some(R::CurrentIncome);
    }
    for &(k, m, r) in &ROLE_WORDS {
        if m & !bytes == 0 && has_sub(l, k) {
            return Some(r);
        }
    }
    if has("预算数") || has("金额") || has("决算数") || has("执行数") || has("预算安排")
    {
        return Some(R::Amount);
    }
    None
}

/// The table's columns from its header paths (a hint from the source gives the role of a
/// column whose path gives none), with its kind refined by the header labels and the two
/// sides of a summary table; returns the code system each column implies.
pub(crate) fn set_columns(
    table: &mut Table,
    paths: Vec<Vec<String>>,
    role_hints: &[ColumnRole],
) -> Vec<CodeSystem> {
    let labels: Vec<&str> = paths.iter().flatten().map(String::as_str).collect();
    let title_sq = table.title.as_deref().map(squash).unwrap_or_default();
    table.kind = refine_kind(table.kind, &title_sq, &labels);
    // The role each path implies, computed once (the code system needs it too).
    let mut label_roles = LabelRoles::default();
    let path_roles: Vec<ColumnRole> = paths
        .iter()
        .map(|p| role_of_path_with(p, &mut |l| label_roles.role(l)))
        .collect();
    // Two sides (收入 | 支出) when a column of each side's group holds more than one level of
    // header or names the items; a final account's `本年收入` / `本年支出` beside the balances
    // are single amount columns, not sides.
    let side_has_items = |side: Side| {
        paths
            .iter()
            .zip(&path_roles)
            .any(|(p, r)| side_of_path(p) == Some(side) && (p.len() > 1 || *r == ColumnRole::Name))
    };
    let summary = side_has_items(Side::Income) && side_has_items(Side::Expenditure);
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
    systems
}

/// The role of a column from its header path (last label first).
pub(crate) fn role_of_path(path: &[String]) -> ColumnRole {
    role_of_path_with(path, &mut |l| role_of_label(l))
}

/// Roles of header labels already read: a table's columns share their upper labels, and
/// [`role_of_label`] tests some fifty words.
#[derive(Default)]
struct LabelRoles<'p> {
    seen: Vec<(&'p str, Option<ColumnRole>)>,
}

impl<'p> LabelRoles<'p> {
    fn role(&mut self, l: &'p str) -> Option<ColumnRole> {
        if let Some(&(_, r)) = self.seen.iter().find(|(k, _)| *k == l) {
            return r;
        }
        let r = role_of_label(l);
        self.seen.push((l, r));
        r
    }
}

/// [`role_of_path`] with the role of each label given by `role_of`.
fn role_of_path_with<'p>(
    path: &'p [String],
    role_of: &mut dyn FnMut(&'p str) -> Option<ColumnRole>,
) -> ColumnRole {
    let mut labels = path.iter().rev();
    while let Some(l) = labels.next() {
        let Some(r) = role_of(l) else {
            // `其中：专项资金…` under a source is a part of it, not the source again.
            if squash(l).starts_with("其中") {
                return ColumnRole::Other;
            }
            continue;
        };
        // A fund's share of the carry-over (`上年结转结余 / 一般公共预算`) is a part of the
        // carry-over, not that fund's income again.
        let is_fund = matches!(
            r,
            ColumnRole::GeneralBudget
                | ColumnRole::GovernmentFund
                | ColumnRole::StateCapital
                | ColumnRole::FiscalSpecialAccount
                | ColumnRole::FiscalAppropriation
        );
        if is_fund
            && labels
                .clone()
                .any(|g| role_of(g) == Some(ColumnRole::CarryOver))
        {
            return ColumnRole::Other;
        }
        // A plain amount or a 小计 under a 三公 item is that item (`因公出国(境)费 /
        // 预算数`, `公务用车购置及运行费 / 小计 / 决算数`); a plain amount under a total
        // is the total (`合计 / 决算数`): items printed twice, budget and final.
        if matches!(r, ColumnRole::Amount | ColumnRole::Total) {
            let group = labels.clone().next().map(|g| squash(g).into_owned());
            let above: Vec<ColumnRole> = labels.filter_map(|l| role_of(l)).collect();
            if let Some(item) = above.iter().copied().find(|a| {
                matches!(
                    a,
                    ColumnRole::OverseasTravel
                        | ColumnRole::Vehicles
                        | ColumnRole::VehiclePurchase
                        | ColumnRole::VehicleOperation
                        | ColumnRole::Reception
                )
            }) {
                return item;
            }
            if r == ColumnRole::Amount && above.contains(&ColumnRole::Total) {
                return ColumnRole::Total;
            }
            // A 小计 under a source of funds is that source (`财政拨款收入 / 小计` beside
            // its 一般公共预算 and 政府性基金 parts, `一般公共预算拨款 / 小计` beside a
            // `其中` column); under an expenditure (`政府性基金预算支出 / 小计`) it stays the
            // total.
            let under_income = group.is_some_and(|g| !g.contains("支出"));
            if r == ColumnRole::Total && squash(l) == "小计" && under_income {
                if let Some(&source) = above.first().filter(|a| {
                    matches!(
                        a,
                        ColumnRole::FiscalAppropriation
                            | ColumnRole::GeneralBudget
                            | ColumnRole::GovernmentFund
                            | ColumnRole::StateCapital
                            | ColumnRole::CarryOver
                    )
                }) {
                    return source;
                }
            }
        }
        return r;
    }
    ColumnRole::Other
}

/// The side of a summary-table column.
pub(crate) fn side_of_path(path: &[String]) -> Option<Side> {
    let first = path.first()?;
    if first.chars().count() > 8 {
        return None;
    }
    if first.ends_with("收入") {
        Some(Side::Income)
    } else if first.ends_with("支出") {
        Some(Side::Expenditure)
    } else {
        None
    }
}

/// The code system a column implies, from its path, else from the table kind;
/// `role` is `role_of_path(path)`.
pub(crate) fn code_system_with_role(
    path: &[String],
    role: ColumnRole,
    kind: TableKind,
) -> CodeSystem {
    let any = |k: &str| path.iter().any(|l| has_sub(l, k));
    if role == ColumnRole::UnitCode {
        return CodeSystem::Unit;
    }
    if any("政府经济") || any("政府预算支出经济") {
        return CodeSystem::EconomicGovernment;
    }
    if any("经济") {
        return CodeSystem::EconomicDepartment;
    }
    if any("功能") {
        return CodeSystem::Function;
    }
    if any("项目编") {
        return CodeSystem::Project;
    }
    table_code_system(kind)
}

/// The code system a table kind implies for its row codes.
pub(crate) fn table_code_system(kind: TableKind) -> CodeSystem {
    use TableKind as K;
    match kind {
        K::GeneralBudgetByFunction
        | K::GeneralBudgetBasicByFunction
        | K::IncomeSummary
        | K::ExpenditureSummary
        | K::ProjectExpenditure
        | K::GovernmentFund
        | K::StateCapital => CodeSystem::Function,
        K::GeneralBudgetByEconomic | K::GeneralBudgetBasicByEconomic => {
            CodeSystem::EconomicDepartment
        }
        K::Procurement => CodeSystem::Project,
        _ => CodeSystem::Unknown,
    }
}

/// A name that marks a total row.
pub(crate) fn is_total_label(name: &str) -> bool {
    if name.len() > 40 || !(has_sub(name, "计") || has_sub(name, "数")) {
        return false;
    }
    let s = squash(name);
    is_cell_total_word(&s)
        || (s.chars().count() <= 8
            && (s.ends_with("合计") || s.ends_with("总计") || s.ends_with("总数")))
}

/// Tables whose amount columns hold amounts (not the performance forms, whose
/// "amount" columns often hold targets and prose).
pub(super) fn numeric_kind(kind: TableKind) -> bool {
    !matches!(
        kind,
        TableKind::Other
            | TableKind::ProjectPerformance
            | TableKind::OverallPerformance
            | TableKind::PerformanceSelfEvaluation
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_and_final_figures_of_an_item_take_its_role() {
        let role = |p: &[&str]| role_of_path(&p.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        let top = "财政拨款“三公”经费";
        assert_eq!(
            role(&[top, "因公出国（境）费", "预算数"]),
            ColumnRole::OverseasTravel
        );
        assert_eq!(
            role(&[top, "公务用车购置及运行费", "小计", "决算数"]),
            ColumnRole::Vehicles
        );
        assert_eq!(
            role(&[top, "公务用车购置及运行费", "小计"]),
            ColumnRole::Vehicles
        );
        assert_eq!(role(&[top, "合计", "决算数"]), ColumnRole::Total);
        assert_eq!(role(&[top, "公务接待费", "决算数"]), ColumnRole::Reception);
        // Other tables keep the role of their last label.
        assert_eq!(role(&["2023年预算数", "基本支出"]), ColumnRole::Basic);
        assert_eq!(role(&["本年支出", "小计"]), ColumnRole::Total);
        assert_eq!(
            role(&["财政拨款收入", "小计"]),
            ColumnRole::FiscalAppropriation
        );
        assert_eq!(role(&["使用非财政拨款结余"]), ColumnRole::NonFiscalBalance);
        // 西安's 收入总表: the 小计 of 一般公共预算拨款 is that source, the `其中` beside it a
        // part of it; in its 三公 table the 小计 of the 三公 group is their total.
        assert_eq!(
            role(&["部门预算", "一般公共预算拨款", "小计"]),
            ColumnRole::GeneralBudget
        );
        assert_eq!(
            role(&[
                "部门预算",
                "一般公共预算拨款",
                "其中:专项资金列入部门预算项目"
            ]),
            ColumnRole::Other
        );
        assert_eq!(role(&["其中:", "项目支出"]), ColumnRole::Project);
        assert_eq!(
            role(&["当年", "一般公共预算拨款安排的“三公”经费预算", "小计"]),
            ColumnRole::Total
        );
        assert_eq!(role(&["政府性基金预算支出", "小计"]), ColumnRole::Total);
        assert_eq!(
            role(&["当年", "一般公共预算拨款安排的“三公”经费预算", "会议费"]),
            ColumnRole::Meetings
        );
        assert_eq!(role(&["上年", "培训费"]), ColumnRole::Training);
        // 北京 and 杭州's 收入总表: 本年收入 and 上年结转结余, each with its funds.
        assert_eq!(role(&["上年结转结余", "小计"]), ColumnRole::CarryOver);
        assert_eq!(
            role(&["上年结转结余", "一般公共预算资金"]),
            ColumnRole::Other
        );
        assert_eq!(role(&["上年结转结余", "单位资金"]), ColumnRole::CarryOver);
        assert_eq!(
            role(&["本年收入", "一般公共预算资金"]),
            ColumnRole::GeneralBudget
        );
        assert_eq!(role(&["决算数"]), ColumnRole::Amount);
    }

    #[test]
    fn roles() {
        let p = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            role_of_path(&p(&["2023年预算数", "基本支出"])),
            ColumnRole::Basic
        );
        assert_eq!(role_of_path(&p(&["支出", "合计"])), ColumnRole::Total);
        assert_eq!(
            role_of_path(&p(&["功能分类科目", "科目编码"])),
            ColumnRole::Code
        );
        assert_eq!(role_of_path(&p(&["收入", "项目"])), ColumnRole::Name);
        assert_eq!(role_of_path(&p(&["单位代码"])), ColumnRole::UnitCode);
        assert_eq!(side_of_path(&p(&["收入", "项目"])), Some(Side::Income));
    }
}
