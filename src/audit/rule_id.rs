//! The identifiers of the audit rules.

use std::fmt;
use std::str::FromStr;

use cnbudget_text::ParseNameError;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Declares [`RuleId`] with its id strings, so the enum, its string form and the list of every
/// rule are written once.
macro_rules! rule_ids {
    ($( $(#[$doc:meta])* $variant:ident = $id:literal, )*) => {
        /// Which rule a [`Finding`](super::Finding) comes from.
        ///
        /// Each rule has a stable id string (`hierarchy.sum`, `prose.figure`): the family before
        /// the dot, the check after it. [`Display`](fmt::Display), [`FromStr`] and serde use that
        /// string, so JSON output and saved findings keep the ids users filter on.
        ///
        /// ```
        /// use cnbudget::audit::RuleId;
        ///
        /// let id: RuleId = "hierarchy.sum".parse().unwrap();
        /// assert_eq!(id, RuleId::HierarchySum);
        /// assert_eq!(id.to_string(), "hierarchy.sum");
        /// assert_eq!(id.family(), "hierarchy");
        /// assert_eq!(serde_json::to_string(&id).unwrap(), "\"hierarchy.sum\"");
        /// assert!(id == "hierarchy.sum");
        /// assert!("no.such_rule".parse::<RuleId>().is_err());
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum RuleId {
            $( $(#[$doc])* $variant, )*
        }

        impl RuleId {
            /// Every rule, grouped by family.
            pub const ALL: &'static [RuleId] = &[ $( RuleId::$variant, )* ];

            /// The rule's id string (`hierarchy.sum`).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( RuleId::$variant => $id, )*
                }
            }
        }
    };
}

rule_ids! {
    /// `table.cell`: a figure read by repairing a slip, or a figure-like cell left unread.
    TableCell = "table.cell",
    /// `table.uncertain`: a table whose reading shows signs of a misread; the sums over it are
    /// reported as warnings, not errors.
    TableUncertain = "table.uncertain",
    /// `hierarchy.sum`: 类 = Σ 款 and 款 = Σ 项.
    HierarchySum = "hierarchy.sum",
    /// `hierarchy.total`: the 合计 row = Σ top-level rows.
    HierarchyTotal = "hierarchy.total",
    /// `row.total_parts`: 合计 = 基本支出 + 项目支出, 合计 = 人员经费 + 公用经费, …
    RowTotalParts = "row.total_parts",
    /// `final.balance`: 年初结转和结余 + 本年收入 − 本年支出 = 年末结转和结余.
    FinalBalance = "final.balance",
    /// `three_public.sum`: “三公” = its three items; 公务用车 = 购置 + 运行.
    ThreePublicSum = "three_public.sum",
    /// `summary.balance`: 收入总计 = 支出总计; each side's 合计 = Σ its items.
    SummaryBalance = "summary.balance",
    /// `summary.classes`: a summary's 类 lines add up to its 本年支出合计 (支出总计).
    SummaryClasses = "summary.classes",
    /// `summary.funds`: a summary's expenditure 合计 = Σ its fund columns.
    SummaryFunds = "summary.funds",
    /// `cross.basic_total`: the function table's 基本支出 = the 基本支出 table's total.
    CrossBasicTotal = "cross.basic_total",
    /// `cross.summary_function`: a 类 in the 财政拨款收支总表 = its 合计 in the function table.
    CrossSummaryFunction = "cross.summary_function",
    /// `cross.function_totals`: a 类 amount is the same in every function-coded table.
    CrossFunctionTotals = "cross.function_totals",
    /// `prose.figure`: a figure stated in prose = the table figure it names.
    ProseFigure = "prose.figure",
    /// `prose.total`: a headline figure stated in prose (收入支出总计, 财政拨款收入支出总计,
    /// 一般公共预算财政拨款支出, 机关运行经费, 政府采购 …) = the table that prints it.
    ProseTotal = "prose.total",
    /// `prose.comparison`: a comparison word said of a headline figure (持平, 增加, 减少)
    /// against the reasons given after it.
    ProseComparison = "prose.comparison",
    /// `prose.budget_vs_final`: `完成年初预算P%` against the figures and the stated gap.
    ProseBudgetVsFinal = "prose.budget_vs_final",
    /// `prose.verdict`: `决算数大于/小于/等于预算数` against the figures before it.
    ProseVerdict = "prose.verdict",
    /// `prose.change`: a stated change against its direction word and percentage.
    ProseChange = "prose.change",
    /// `prose.nil_statement`: “无政府性基金…” against a fund table that prints amounts.
    ProseNilStatement = "prose.nil_statement",
    /// `meta.as_of_year`: `截至…年…月…日` names a year the document may speak of.
    MetaAsOfYear = "meta.as_of_year",
    /// `completeness.contents`: every table the 目录 lists is present.
    CompletenessContents = "completeness.contents",
    /// `meta.year`: table titles, headings and comparisons name the document's year (or the
    /// year before, where a comparison or a look back allows it).
    MetaYear = "meta.year",
    /// `meta.placeholder`: a template placeholder (`XX局`, `XXXX`) left in.
    MetaPlaceholder = "meta.placeholder",
    /// `document.not_budget`: no budget table and no budget heading were found, or the input
    /// needs OCR.
    DocumentNotBudget = "document.not_budget",
    /// `catalogue.unknown_code`: a code no catalogue edition knows.
    CatalogueUnknownCode = "catalogue.unknown_code",
    /// `catalogue.mismatch`: a name that belongs to another code.
    CatalogueMismatch = "catalogue.mismatch",
    /// `catalogue.outdated_name`: a name of another edition.
    CatalogueOutdatedName = "catalogue.outdated_name",
    /// `catalogue.unknown_name`: a name the catalogue does not know for the code.
    CatalogueUnknownName = "catalogue.unknown_name",
    /// `catalogue.missing_parent`: a 款 or 项 listed without its parent row.
    CatalogueMissingParent = "catalogue.missing_parent",
    /// `catalogue.anachronism`: a code or name used in a year the catalogue says it did not
    /// exist in.
    CatalogueAnachronism = "catalogue.anachronism",
    /// `indicator.weight_sum`: indicator weights do not add up.
    IndicatorWeightSum = "indicator.weight_sum",
    /// `indicator.level_mismatch`: an indicator under the wrong 一级/二级 level.
    IndicatorLevelMismatch = "indicator.level_mismatch",
    /// `indicator.missing_unit`: a quantity without its unit.
    IndicatorMissingUnit = "indicator.missing_unit",
    /// `indicator.no_place`: indicators read without their 一级 or 二级 (a notice on our
    /// reading, with their lines).
    IndicatorNoPlace = "indicator.no_place",
    /// `indicator.empty`: a template row left blank.
    IndicatorEmpty = "indicator.empty",
    /// `indicator.score`: a score's arithmetic.
    IndicatorScore = "indicator.score",
    /// `indicator.total_score`: the printed 总分 against Σ 得分.
    IndicatorTotalScore = "indicator.total_score",
    /// `indicator.points_sum`: Σ 分值 against the form's total.
    IndicatorPointsSum = "indicator.points_sum",
    /// `indicator.execution_rate`: 执行率 against 执行数 / 预算数.
    IndicatorExecutionRate = "indicator.execution_rate",
    /// `indicator.execution_score`: the budget-execution score against its rate.
    IndicatorExecutionScore = "indicator.execution_score",
    /// `indicator.full_marks_not_met`: full marks for a target not met.
    IndicatorFullMarksNotMet = "indicator.full_marks_not_met",
    /// `indicator.budget_split`: a project's funds by source against its total.
    IndicatorBudgetSplit = "indicator.budget_split",
    /// `indicator.task_total`: the tasks' funds against the total.
    IndicatorTaskTotal = "indicator.task_total",
    /// `indicator.other`: another finding of the indicator reader.
    IndicatorOther = "indicator.other",
}

impl RuleId {
    /// The rule's family: the part of its id before the dot (`hierarchy`, `prose`, `indicator`).
    ///
    /// ```
    /// assert_eq!(cnbudget::audit::RuleId::ProseVerdict.family(), "prose");
    /// ```
    pub fn family(self) -> &'static str {
        let id = self.as_str();
        id.split_once('.').map_or(id, |(family, _)| family)
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RuleId {
    type Err = ParseNameError;

    /// The rule whose id string is `s` (white space around it ignored).
    ///
    /// ```
    /// let err = "hierarchy".parse::<cnbudget::audit::RuleId>().unwrap_err();
    /// assert_eq!(err.to_string(), "unknown audit rule: `hierarchy`");
    /// ```
    fn from_str(s: &str) -> Result<RuleId, ParseNameError> {
        let s = s.trim();
        RuleId::ALL
            .iter()
            .copied()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| ParseNameError::new("audit rule", s))
    }
}

impl PartialEq<str> for RuleId {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for RuleId {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for RuleId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for RuleId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<RuleId, D::Error> {
        let s = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_round_trips_and_is_unique() {
        let mut seen = std::collections::HashSet::new();
        for &r in RuleId::ALL {
            assert!(seen.insert(r.as_str()), "{r} twice");
            assert_eq!(r.as_str().parse::<RuleId>(), Ok(r));
            let json = serde_json::to_string(&r).unwrap();
            assert_eq!(serde_json::from_str::<RuleId>(&json).unwrap(), r);
            assert_eq!(r.as_str().matches('.').count(), 1, "{r}");
        }
    }
}
