//! Goals, indicators and self-evaluations as typed data.

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::check::Finding;
use crate::level::{Level1, Level2};
use crate::normalize::squeezed;
use crate::target::Target;
use crate::unit::Unit;

/// 指标方向性: whether more is better (正向指标) or less is better (反向指标).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// 正向指标.
    Positive,
    /// 反向指标.
    Negative,
}

cnbudget_text::named_values!(Direction, "indicator direction" {
    Positive => "正向指标" | "正向" | "positive",
    Negative => "反向指标" | "反向" | "negative",
});

impl Direction {
    /// Read `正向指标` / `反向指标` (also `正向`, `反向`).
    pub fn recognise(text: &str) -> Option<Direction> {
        let s = squeezed(text);
        if s.starts_with("正向") {
            Some(Direction::Positive)
        } else if s.starts_with("反向") {
            Some(Direction::Negative)
        } else {
            None
        }
    }
}

/// The self-evaluation columns of one indicator (绩效自评表).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Evaluation {
    /// 全年完成值 (actual), as a target-shaped value (`=100%`, `≥37.3万人`, `满意`).
    pub actual: Option<Target>,
    /// 得分系数 as a fraction (`100%` → 1).
    pub coefficient: Option<Decimal>,
    /// 得分 (score).
    pub score: Option<Decimal>,
    /// 偏离绩效目标原因及下一步改进措施.
    pub deviation: Option<String>,
}

/// One indicator (三级指标) with its levels, target and attributes.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Indicator {
    /// Source line of the row.
    pub line: usize,
    /// 一级指标 (carried down from the row above when the cell is merged).
    pub level1: Option<Level1>,
    /// 二级指标 (carried down likewise).
    pub level2: Option<Level2>,
    /// 三级指标 — the indicator's name as written (white space inside CJK text removed).
    pub name: String,
    /// The target (指标值 / 年度指标值), parsed; `None` when the cell is empty.
    pub target: Option<Target>,
    /// 指标权重 / 分值 / 权重.
    pub weight: Option<Decimal>,
    /// 是否核心指标.
    pub core: Option<bool>,
    /// 指标方向性.
    pub direction: Option<Direction>,
    /// Self-evaluation columns, in 自评 tables.
    pub evaluation: Option<Evaluation>,
    /// Other text attached to the row (指标说明, 评分标准, continuation lines).
    pub notes: Vec<String>,
}

/// An amount of money with its unit (元 / 万元), exact.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Amount {
    /// The value as printed.
    pub value: Decimal,
    /// The unit, when the table or the cell says it.
    pub unit: Option<Unit>,
}

impl Amount {
    /// The amount in 元, when the unit is known; `None` otherwise or on overflow.
    pub fn yuan(&self) -> Option<Decimal> {
        match &self.unit {
            Some(u) if u.is_money() => u.to_base(self.value).map(|(_, v)| v),
            _ => None,
        }
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.value)?;
        if let Some(u) = &self.unit {
            write!(f, "{u}")?;
        }
        Ok(())
    }
}

/// 项目分类 / 项目类型 / 项目属性.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
#[serde(rename_all = "snake_case")]
pub enum ProjectCategory {
    /// 重点专项.
    KeySpecial,
    /// 一般性项目.
    General,
    /// 常年性 (项目).
    Recurring,
    /// 专用项目.
    Dedicated,
    /// 特定目标类.
    SpecificTarget,
    /// Anything else, as written.
    Other(String),
}

impl ProjectCategory {
    /// Read a category cell.
    pub fn recognise(text: &str) -> ProjectCategory {
        let s = squeezed(text);
        match s.as_ref() {
            "重点专项" | "重点专项项目" => ProjectCategory::KeySpecial,
            "一般性项目" | "一般项目" => ProjectCategory::General,
            "常年性" | "常年性项目" => ProjectCategory::Recurring,
            "专用项目" => ProjectCategory::Dedicated,
            "特定目标类" | "特定目标类项目" => ProjectCategory::SpecificTarget,
            "key_special" => ProjectCategory::KeySpecial,
            "general" => ProjectCategory::General,
            "recurring" => ProjectCategory::Recurring,
            "dedicated" => ProjectCategory::Dedicated,
            "specific_target" => ProjectCategory::SpecificTarget,
            _ => ProjectCategory::Other(s.into_owned()),
        }
    }
}

impl ProjectCategory {
    /// Every named category (all but [`ProjectCategory::Other`]), in declaration order.
    pub const KNOWN: &'static [ProjectCategory] = &[
        ProjectCategory::KeySpecial,
        ProjectCategory::General,
        ProjectCategory::Recurring,
        ProjectCategory::Dedicated,
        ProjectCategory::SpecificTarget,
    ];

    /// The name as documents write it (`重点专项`); [`ProjectCategory::Other`] as written.
    pub fn name(&self) -> &str {
        match self {
            ProjectCategory::KeySpecial => "重点专项",
            ProjectCategory::General => "一般性项目",
            ProjectCategory::Recurring => "常年性项目",
            ProjectCategory::Dedicated => "专用项目",
            ProjectCategory::SpecificTarget => "特定目标类",
            ProjectCategory::Other(s) => s,
        }
    }
}

impl fmt::Display for ProjectCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ProjectCategory {
    type Err = Infallible;

    /// As [`ProjectCategory::recognise`], which also reads the serde names (`key_special`);
    /// never an error.
    fn from_str(s: &str) -> Result<ProjectCategory, Infallible> {
        Ok(ProjectCategory::recognise(s))
    }
}

/// One source of a project's money (本级安排, 上级补助, 财政拨款, 其他资金 …).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Funding {
    /// Short label: `本级`, `上级`, `财政拨款`, `其他`, `上年结转`.
    pub source: String,
    /// The amount.
    pub amount: Amount,
}

/// A label/value pair the reader kept without a dedicated field (联系人, 实施期限 …).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Field {
    /// The label as written.
    pub label: String,
    /// The value as written.
    pub value: String,
}

/// 项目支出绩效目标 — one project's goal.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct ProjectGoal {
    /// Source line where the project starts.
    pub line: usize,
    /// Project code (`50015322T000000091332`), white space removed.
    pub code: Option<String>,
    /// Project name (`荣昌区离休干部医疗费`).
    pub name: String,
    /// 业务主管部门 / 主管部门.
    pub department: Option<String>,
    /// 实施单位 / 编制单位 / 申报单位 / the unit row above the project.
    pub implementing_unit: Option<String>,
    /// 项目分类.
    pub category: Option<ProjectCategory>,
    /// 当年预算 (total budget).
    pub budget: Option<Amount>,
    /// The budget's split (本级 / 上级 / 财政拨款 / 其他).
    pub funding: Vec<Funding>,
    /// 预算执行率权重, when given apart from the indicators.
    pub execution_weight: Option<Decimal>,
    /// 项目概述 / 项目概况.
    pub overview: Option<String>,
    /// 立项依据.
    pub basis: Option<String>,
    /// 当年绩效目标 / 年度目标 / 总体目标.
    pub goal: Option<String>,
    /// Other labelled fields.
    pub fields: Vec<Field>,
    /// The indicators.
    pub indicators: Vec<Indicator>,
}

/// A main task (年度主要任务) of a 部门整体 goal.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Task {
    /// Source line.
    pub line: usize,
    /// 任务名称.
    pub name: String,
    /// 主要内容.
    pub content: Option<String>,
    /// 预算金额: 总额, 财政拨款, 其他资金 as printed (left to right).
    pub amounts: Vec<Decimal>,
}

/// 部门整体支出绩效目标 — a department's overall goal.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct OverallGoal {
    /// Source line where the goal starts.
    pub line: usize,
    /// 部门(单位)名称.
    pub department: Option<String>,
    /// 部门支出预算数 / 年度部门整体支出预算 / 预算支出总额.
    pub budget: Option<Amount>,
    /// 年度主要任务.
    pub tasks: Vec<Task>,
    /// 金额合计 of the tasks, when printed.
    pub task_total: Option<Decimal>,
    /// The weight of budget execution (`执行率分值(10分)`), when given apart from the
    /// indicators: their weights then sum to 100 less it.
    #[serde(default)]
    pub execution_weight: Option<Decimal>,
    /// 当年整体绩效目标 / 年度总体目标.
    pub goal: Option<String>,
    /// Other labelled fields.
    pub fields: Vec<Field>,
    /// The indicators.
    pub indicators: Vec<Indicator>,
}

/// 评价等级: 优 (≥ 90), 良 (≥ 80), 中 (≥ 60), 差.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// 优.
    Excellent,
    /// 良.
    Good,
    /// 中.
    Fair,
    /// 差.
    Poor,
}

cnbudget_text::named_values!(Grade, "grade",
    /// The character documents use.
    fn name {
    Excellent => "优" | "优秀" | "excellent",
    Good => "良" | "良好" | "good",
    Fair => "中" | "中等" | "合格" | "fair",
    Poor => "差" | "不合格" | "poor",
});

impl Grade {
    /// The grade a total score earns (90 / 80 / 60 thresholds).
    ///
    /// ```
    /// use cnbudget_indicator::Grade;
    /// use rust_decimal::Decimal;
    /// assert_eq!(Grade::from_score(Decimal::new(975, 1)), Grade::Excellent);
    /// ```
    pub fn from_score(score: Decimal) -> Grade {
        if score >= Decimal::from(90) {
            Grade::Excellent
        } else if score >= Decimal::from(80) {
            Grade::Good
        } else if score >= Decimal::from(60) {
            Grade::Fair
        } else {
            Grade::Poor
        }
    }

    /// Read `优`, `良`, `中`, `差`.
    pub fn recognise(text: &str) -> Option<Grade> {
        match squeezed(text).as_ref() {
            "优" | "优秀" => Some(Grade::Excellent),
            "良" | "良好" => Some(Grade::Good),
            "中" | "中等" | "合格" => Some(Grade::Fair),
            "差" | "不合格" => Some(Grade::Poor),
            _ => None,
        }
    }
}

/// One line of a self-evaluation's money block (项目资金: 年度资金总额, 其中:当年财政拨款 …).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct FundLine {
    /// Source line.
    pub line: usize,
    /// The row label as written.
    pub label: String,
    /// 年初预算数.
    pub initial: Option<Decimal>,
    /// 全年预算数 (A).
    pub budget: Option<Decimal>,
    /// 全年执行数 (B).
    pub executed: Option<Decimal>,
    /// 执行率 (B/A, %), as printed, in per cent.
    pub rate: Option<Decimal>,
    /// 分值 of budget execution.
    pub points: Option<Decimal>,
    /// 得分 of budget execution.
    pub score: Option<Decimal>,
}

/// 项目资金绩效自评表 — one project's self-evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct ProjectEvaluation {
    /// Source line where the project starts.
    pub line: usize,
    /// Project code, when printed.
    pub code: Option<String>,
    /// 项目名称.
    pub name: String,
    /// 主管部门.
    pub department: Option<String>,
    /// 实施单位.
    pub implementing_unit: Option<String>,
    /// 总分 as reported.
    pub total_score: Option<Decimal>,
    /// 等级 as reported.
    pub grade: Option<Grade>,
    /// The money block; the first line is normally 年度资金总额.
    pub funds: Vec<FundLine>,
    /// 年初设定目标.
    pub goal: Option<String>,
    /// 全年目标实际完成情况.
    pub outcome: Option<String>,
    /// Other labelled fields (说明 …).
    pub fields: Vec<Field>,
    /// The indicators with their evaluation columns.
    pub indicators: Vec<Indicator>,
}

impl ProjectEvaluation {
    /// The 年度资金总额 line (or the first money line).
    pub fn total_funds(&self) -> Option<&FundLine> {
        self.funds
            .iter()
            .find(|f| squeezed(&f.label).contains("总额"))
            .or_else(|| self.funds.first())
    }
}

/// 部门整体支出绩效自评表 — a department's overall self-evaluation (投入/过程/产出/效益).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct OverallEvaluation {
    /// Source line where the table starts.
    pub line: usize,
    /// The indicators (分值 in `weight`, 得分 in `evaluation.score`).
    pub indicators: Vec<Indicator>,
    /// 小计 / 合计 / 总分 as reported.
    pub total_score: Option<Decimal>,
    /// 评价结果 as reported, when legible.
    pub grade: Option<Grade>,
    /// Other labelled fields.
    pub fields: Vec<Field>,
}

/// What kind of table a [`crate::RawTable`] was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// 项目支出绩效目标表.
    ProjectGoals,
    /// 部门整体支出绩效目标表.
    OverallGoals,
    /// 项目资金绩效自评表.
    ProjectEvaluation,
    /// 部门整体支出绩效自评表.
    OverallEvaluation,
    /// Not a performance table.
    Unknown,
}

cnbudget_text::named_values!(TableKind, "performance table kind" {
    ProjectGoals => "project_goals",
    OverallGoals => "overall_goals",
    ProjectEvaluation => "project_evaluation",
    OverallEvaluation => "overall_evaluation",
    Unknown => "unknown",
});

/// A row (or the cells of a row) the reader could not place.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UnplacedRow {
    /// Title of the table.
    pub table: String,
    /// Source line.
    pub line: usize,
    /// The cells left over.
    pub cells: Vec<String>,
    /// Why they were left.
    pub reason: String,
}

/// Everything read from one or more tables.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Goals {
    /// 项目支出绩效目标.
    pub projects: Vec<ProjectGoal>,
    /// 部门整体支出绩效目标.
    pub overall: Vec<OverallGoal>,
    /// 项目资金绩效自评.
    pub evaluations: Vec<ProjectEvaluation>,
    /// 部门整体支出绩效自评.
    pub overall_evaluations: Vec<OverallEvaluation>,
    /// Checks that failed, each with table and line.
    pub findings: Vec<Finding>,
    /// Rows or cells the reader could not place (never dropped silently).
    pub unplaced: Vec<UnplacedRow>,
}

impl Goals {
    /// Append everything from `other`.
    pub fn extend(&mut self, other: Goals) {
        self.projects.extend(other.projects);
        self.overall.extend(other.overall);
        self.evaluations.extend(other.evaluations);
        self.overall_evaluations.extend(other.overall_evaluations);
        self.findings.extend(other.findings);
        self.unplaced.extend(other.unplaced);
    }

    /// Every indicator of every goal and evaluation.
    pub fn indicators(&self) -> impl Iterator<Item = &Indicator> {
        self.projects
            .iter()
            .flat_map(|p| &p.indicators)
            .chain(self.overall.iter().flat_map(|o| &o.indicators))
            .chain(self.evaluations.iter().flat_map(|e| &e.indicators))
            .chain(self.overall_evaluations.iter().flat_map(|e| &e.indicators))
    }
}
