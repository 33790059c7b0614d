//! Checks over read goals: weights, levels, units, self-evaluation arithmetic.

use std::fmt;

use rust_decimal::Decimal;

use crate::level::{Level1, Level2};
use crate::model::{Indicator, OverallEvaluation, OverallGoal, ProjectEvaluation, ProjectGoal};
use crate::target::{Outcome, Target, assess};

/// How serious a finding is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The document contradicts itself (arithmetic, a failed target with full marks).
    Error,
    /// Probably a mistake (weights off, 二级 under the wrong 一级, missing unit).
    Warning,
    /// Worth knowing (weights sum to 90 with no 预算执行率权重 given, empty template rows).
    Notice,
}

cnbudget_text::named_values!(Severity, "severity" {
    Error => "error",
    Warning => "warning",
    Notice => "notice",
});

/// What a finding says.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// The indicator weights of a goal do not sum to what they should.
    WeightSum {
        /// Goal (project) name.
        goal: String,
        /// 100, or 100 − 预算执行率权重.
        expected: Decimal,
        /// The sum found.
        actual: Decimal,
    },
    /// A 二级 stands under a 一级 it does not belong to.
    LevelMismatch {
        /// Indicator name.
        indicator: String,
        /// The 一级 found.
        level1: Level1,
        /// The 二级 found.
        level2: Level2,
    },
    /// Our reading of the table is uncertain: most of its indicators lack their 一级 or
    /// 二级, a name, or a target, or are named by scoring rules (`得满分`) — the cells were
    /// not placed in their columns. The table's other findings are then notices.
    UncertainReading {
        /// Indicators read without a full place in the hierarchy.
        malformed: usize,
        /// Indicators read.
        total: usize,
    },
    /// Indicators read without their 一级 or 二级 in a form that prints both: their place in
    /// the hierarchy could not be read (a notice, listing their lines).
    NoPlace {
        /// How many indicators have no full place.
        count: usize,
        /// Indicators read.
        total: usize,
        /// Their source lines.
        lines: Vec<usize>,
    },
    /// A numeric target has no unit (a notice).
    MissingUnit {
        /// Indicator name.
        indicator: String,
        /// The target as written.
        target: String,
    },
    /// An indicator row has a name but no target (a template line left empty).
    EmptyIndicator {
        /// What the row says.
        indicator: String,
    },
    /// 得分 ≠ 分值 × 得分系数.
    ScoreArithmetic {
        /// Indicator name.
        indicator: String,
        /// 分值 × 得分系数.
        expected: Decimal,
        /// 得分 as printed.
        reported: Decimal,
    },
    /// The total score differs from the sum of the scores.
    TotalScore {
        /// Goal (project) name.
        goal: String,
        /// Σ 得分 (+ the budget-execution score).
        expected: Decimal,
        /// Total as printed.
        reported: Decimal,
    },
    /// Points (分值) of an evaluation do not sum to 100.
    PointsSum {
        /// Goal (project) name.
        goal: String,
        /// The sum found.
        actual: Decimal,
    },
    /// 执行率 ≠ B / A.
    ExecutionRate {
        /// Goal (project) name.
        goal: String,
        /// B / A in per cent.
        expected: Decimal,
        /// Rate as printed, in per cent.
        reported: Decimal,
    },
    /// The budget-execution score differs from 分值 × 执行率.
    ExecutionScore {
        /// Goal (project) name.
        goal: String,
        /// 分值 × 执行率.
        expected: Decimal,
        /// Score as printed.
        reported: Decimal,
    },
    /// The document's own actual fails the target, yet full marks are reported.
    FullMarksButNotMet {
        /// Indicator name.
        indicator: String,
        /// The target.
        target: String,
        /// The actual.
        actual: String,
    },
    /// The budget split does not add up to the budget.
    BudgetSplit {
        /// Goal (project) name.
        goal: String,
        /// The budget.
        budget: Decimal,
        /// Sum of the parts.
        parts: Decimal,
    },
    /// The tasks' amounts do not add up to 金额合计.
    TaskTotal {
        /// Sum of the first amount of each task.
        expected: Decimal,
        /// 金额合计 as printed.
        reported: Decimal,
    },
}

/// One failed check, with the table and line it concerns.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Finding {
    /// What was found.
    pub kind: FindingKind,
    /// How serious it is.
    pub severity: Severity,
    /// Title of the table.
    pub table: String,
    /// Source line.
    pub line: usize,
}

impl fmt::Display for FindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FindingKind::WeightSum {
                goal,
                expected,
                actual,
            } => {
                write!(
                    f,
                    "{goal}: indicator weights sum to {actual}, expected {expected}"
                )
            }
            FindingKind::LevelMismatch {
                indicator,
                level1,
                level2,
            } => {
                write!(
                    f,
                    "{indicator}: 二级 {level2} does not belong under 一级 {level1}"
                )
            }
            FindingKind::MissingUnit { indicator, target } => {
                write!(f, "{indicator}: target {target} has no unit")
            }
            FindingKind::EmptyIndicator { indicator } => write!(f, "{indicator}: no target"),
            FindingKind::ScoreArithmetic {
                indicator,
                expected,
                reported,
            } => {
                write!(
                    f,
                    "{indicator}: 得分 {reported} ≠ 分值 × 得分系数 = {expected}"
                )
            }
            FindingKind::TotalScore {
                goal,
                expected,
                reported,
            } => {
                write!(f, "{goal}: total score {reported} ≠ Σ得分 = {expected}")
            }
            FindingKind::PointsSum { goal, actual } => {
                write!(f, "{goal}: 分值 sum to {actual}, expected 100")
            }
            FindingKind::ExecutionRate {
                goal,
                expected,
                reported,
            } => {
                write!(f, "{goal}: 执行率 {reported}% ≠ B/A = {expected}%")
            }
            FindingKind::ExecutionScore {
                goal,
                expected,
                reported,
            } => {
                write!(
                    f,
                    "{goal}: execution score {reported} ≠ 分值 × 执行率 = {expected}"
                )
            }
            FindingKind::FullMarksButNotMet {
                indicator,
                target,
                actual,
            } => {
                write!(
                    f,
                    "{indicator}: actual {actual} fails target {target}, yet full marks"
                )
            }
            FindingKind::BudgetSplit {
                goal,
                budget,
                parts,
            } => {
                write!(f, "{goal}: budget {budget} ≠ sum of its parts {parts}")
            }
            FindingKind::TaskTotal { expected, reported } => {
                write!(f, "tasks sum to {expected}, 金额合计 says {reported}")
            }
            FindingKind::NoPlace {
                count,
                total,
                lines,
            } => {
                write!(
                    f,
                    "{count} of {total} indicators were read without their 一级 or 二级 (lines "
                )?;
                // The first twelve lines; `lines` holds them all.
                for (i, l) in lines.iter().take(12).enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{l}")?;
                }
                if lines.len() > 12 {
                    write!(f, " and {} more", lines.len() - 12)?;
                }
                f.write_str(")")
            }
            FindingKind::UncertainReading { malformed, total } => write!(
                f,
                "reading uncertain: {malformed} of {total} indicators have no full place \
                 (一级, 二级, name, target); the table's findings are notices"
            ),
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Notice => "notice",
        };
        write!(f, "{}:{}: {sev}: {}", self.table, self.line, self.kind)
    }
}

struct Sink<'a> {
    table: &'a str,
    out: &'a mut Vec<Finding>,
}

impl Sink<'_> {
    fn push(&mut self, line: usize, severity: Severity, kind: FindingKind) {
        self.out.push(Finding {
            kind,
            severity,
            table: self.table.to_string(),
            line,
        });
    }
}

fn hundred() -> Decimal {
    Decimal::from(100)
}

fn check_indicators(sink: &mut Sink<'_>, indicators: &[Indicator]) {
    for ind in indicators {
        if let (Some(l1), Some(l2)) = (&ind.level1, &ind.level2) {
            if !l2.fits_under(l1) {
                sink.push(
                    ind.line,
                    Severity::Warning,
                    FindingKind::LevelMismatch {
                        indicator: ind.name.clone(),
                        level1: l1.clone(),
                        level2: l2.clone(),
                    },
                );
            }
        }
        if let Some(Target::Quantity(q)) = &ind.target {
            if q.unit.is_none() {
                // A notice: a bare figure contradicts nothing, and forms often give the unit
                // where a reader may not find it (a 计量单位 column, the heading, the name).
                sink.push(
                    ind.line,
                    Severity::Notice,
                    FindingKind::MissingUnit {
                        indicator: ind.name.clone(),
                        target: q.to_string(),
                    },
                );
            }
        }
    }
}

fn weight_sum(indicators: &[Indicator]) -> Option<Decimal> {
    let mut any = false;
    let mut sum = Decimal::ZERO;
    for w in indicators.iter().filter_map(|i| i.weight) {
        any = true;
        sum = sum.checked_add(w)?;
    }
    any.then_some(sum)
}

fn check_weights(
    sink: &mut Sink<'_>,
    goal: &str,
    line: usize,
    indicators: &[Indicator],
    execution_weight: Option<Decimal>,
) {
    let Some(sum) = weight_sum(indicators) else {
        return;
    };
    let expected = execution_weight
        .and_then(|w| hundred().checked_sub(w))
        .unwrap_or_else(hundred);
    if sum == expected {
        return;
    }
    let severity = if execution_weight.is_none() && sum == Decimal::from(90) {
        Severity::Notice
    } else {
        Severity::Warning
    };
    sink.push(
        line,
        severity,
        FindingKind::WeightSum {
            goal: goal.to_string(),
            expected,
            actual: sum,
        },
    );
}

/// Check one project goal: weights, levels, units, budget split.
pub fn check_project(table: &str, goal: &ProjectGoal, out: &mut Vec<Finding>) {
    let mut sink = Sink { table, out };
    check_indicators(&mut sink, &goal.indicators);
    check_weights(
        &mut sink,
        &goal.name,
        goal.line,
        &goal.indicators,
        goal.execution_weight,
    );
    if let Some(budget) = &goal.budget {
        let parts: Vec<Decimal> = goal
            .funding
            .iter()
            .filter(|f| f.source == "本级" || f.source == "上级")
            .map(|f| f.amount.value)
            .collect();
        if parts.len() >= 2 {
            let sum = parts
                .iter()
                .fold(Decimal::ZERO, |a, b| a.saturating_add(*b));
            if sum != budget.value {
                sink.push(
                    goal.line,
                    Severity::Error,
                    FindingKind::BudgetSplit {
                        goal: goal.name.clone(),
                        budget: budget.value,
                        parts: sum,
                    },
                );
            }
        }
    }
}

/// Check one overall goal: weights, levels, units, task total.
pub fn check_overall(table: &str, goal: &OverallGoal, out: &mut Vec<Finding>) {
    let mut sink = Sink { table, out };
    check_indicators(&mut sink, &goal.indicators);
    let name = goal
        .department
        .clone()
        .unwrap_or_else(|| "部门整体".to_string());
    check_weights(
        &mut sink,
        &name,
        goal.line,
        &goal.indicators,
        goal.execution_weight,
    );
    if let Some(total) = goal.task_total {
        let sum = goal
            .tasks
            .iter()
            .filter_map(|t| t.amounts.first())
            .fold(Decimal::ZERO, |a, b| a.saturating_add(*b));
        if sum != total {
            sink.push(
                goal.line,
                Severity::Error,
                FindingKind::TaskTotal {
                    expected: sum,
                    reported: total,
                },
            );
        }
    }
}

/// The score a budget-execution rate earns: 分值 × min(执行率, 100 %).
///
/// Documents round this differently (92 % of 10 is printed 9; 55 % of 10 is printed 5), so
/// the check accepts any printed score within one point below the exact product.
pub fn execution_score(points: Decimal, rate_percent: Decimal) -> Option<Decimal> {
    let rate = rate_percent.min(hundred());
    points.checked_mul(rate)?.checked_div(hundred())
}

fn check_indicator_scores(sink: &mut Sink<'_>, indicators: &[Indicator]) {
    for ind in indicators {
        let Some(ev) = &ind.evaluation else { continue };
        if let (Some(points), Some(coef), Some(score)) = (ind.weight, ev.coefficient, ev.score) {
            if let Some(expected) = points.checked_mul(coef) {
                // The printed score is rounded to its own last place (9.25 printed as 9.3).
                let half = Decimal::new(5, score.scale().min(27) + 1);
                let off = expected.checked_sub(score).map(|d| d.abs());
                if off.is_some_and(|d| d > half) {
                    sink.push(
                        ind.line,
                        Severity::Error,
                        FindingKind::ScoreArithmetic {
                            indicator: ind.name.clone(),
                            expected: expected.normalize(),
                            reported: score,
                        },
                    );
                }
            }
        }
        if let (Some(target), Some(actual), Some(points), Some(score)) =
            (&ind.target, &ev.actual, ind.weight, ev.score)
        {
            if score >= points && assess(target, actual).outcome == Outcome::NotMet {
                sink.push(
                    ind.line,
                    Severity::Error,
                    FindingKind::FullMarksButNotMet {
                        indicator: ind.name.clone(),
                        target: target.to_string(),
                        actual: actual.to_string(),
                    },
                );
            }
        }
    }
}

/// Check one project self-evaluation: levels, units, 得分 = 分值 × 得分系数, total = Σ得分,
/// 执行率 = B/A, the execution score, full marks on a failed target, 分值 sum to 100.
pub fn check_evaluation(table: &str, ev: &ProjectEvaluation, out: &mut Vec<Finding>) {
    let mut sink = Sink { table, out };
    check_indicators(&mut sink, &ev.indicators);
    check_indicator_scores(&mut sink, &ev.indicators);
    let funds = ev.total_funds();
    let exec_points = funds.and_then(|f| f.points);
    let exec_score = funds.and_then(|f| f.score);
    if let Some(f) = funds {
        if let (Some(a), Some(b), Some(rate)) = (f.budget, f.executed, f.rate) {
            if !a.is_zero() {
                if let Some(exact) = b.checked_mul(hundred()).and_then(|x| x.checked_div(a)) {
                    // Printed to the scale of `rate`: accept half a unit of its last digit.
                    let half =
                        Decimal::try_new(5, (rate.scale() + 1).min(28)).unwrap_or(Decimal::ONE);
                    if exact.checked_sub(rate).is_none_or(|d| d.abs() > half) {
                        sink.push(
                            f.line,
                            Severity::Error,
                            FindingKind::ExecutionRate {
                                goal: ev.name.clone(),
                                expected: exact.round_dp(2),
                                reported: rate,
                            },
                        );
                    }
                }
            }
            if let (Some(points), Some(score)) = (f.points, f.score) {
                if let Some(expected) = execution_score(points, rate) {
                    if score > expected
                        || expected
                            .checked_sub(score)
                            .is_none_or(|d| d >= Decimal::ONE)
                    {
                        sink.push(
                            f.line,
                            Severity::Error,
                            FindingKind::ExecutionScore {
                                goal: ev.name.clone(),
                                expected: expected.normalize(),
                                reported: score,
                            },
                        );
                    }
                }
            }
        }
    }
    let points_sum =
        weight_sum(&ev.indicators).map(|s| s.saturating_add(exec_points.unwrap_or_default()));
    if let Some(sum) = points_sum {
        if sum != hundred() {
            sink.push(
                ev.line,
                Severity::Warning,
                FindingKind::PointsSum {
                    goal: ev.name.clone(),
                    actual: sum,
                },
            );
        }
    }
    if let Some(reported) = ev.total_score {
        let scores: Vec<Decimal> = ev
            .indicators
            .iter()
            .filter_map(|i| i.evaluation.as_ref().and_then(|e| e.score))
            .collect();
        if !scores.is_empty() {
            let expected = scores
                .iter()
                .fold(exec_score.unwrap_or_default(), |a, b| a.saturating_add(*b));
            if expected != reported {
                sink.push(
                    ev.line,
                    Severity::Error,
                    FindingKind::TotalScore {
                        goal: ev.name.clone(),
                        expected,
                        reported,
                    },
                );
            }
        }
    }
}

/// Check a 部门整体 self-evaluation: 分值 sum to 100 and total = Σ得分.
///
/// When the 分值 sum to more than twice or less than half of 100, the columns were not read
/// as printed (a 实际完成值 taken for a 分值): the total is then not compared, since a
/// difference would be the reader's, not the form's.
pub fn check_overall_evaluation(table: &str, ev: &OverallEvaluation, out: &mut Vec<Finding>) {
    let mut sink = Sink { table, out };
    check_indicator_scores(&mut sink, &ev.indicators);
    let weights = weight_sum(&ev.indicators);
    let plausible = weights.is_none_or(|w| w >= Decimal::from(50) && w <= Decimal::from(200));
    if let Some(sum) = weights {
        if sum != hundred() {
            sink.push(
                ev.line,
                Severity::Warning,
                FindingKind::PointsSum {
                    goal: "部门整体".to_string(),
                    actual: sum,
                },
            );
        }
    }
    if let Some(reported) = ev.total_score.filter(|_| plausible) {
        let scores: Vec<Decimal> = ev
            .indicators
            .iter()
            .filter_map(|i| i.evaluation.as_ref().and_then(|e| e.score))
            .collect();
        let expected = scores
            .iter()
            .fold(Decimal::ZERO, |a, b| a.saturating_add(*b));
        // Without a single indicator score read there is nothing to add up.
        if !scores.is_empty() && expected != reported {
            sink.push(
                ev.line,
                Severity::Error,
                FindingKind::TotalScore {
                    goal: "部门整体".to_string(),
                    expected,
                    reported,
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Evaluation;

    fn scored(points: &str, coefficient: &str, score: &str) -> Vec<Finding> {
        let ind = Indicator {
            line: 7,
            name: "服务对象满意度".into(),
            weight: Some(points.parse().unwrap()),
            evaluation: Some(Evaluation {
                coefficient: Some(coefficient.parse().unwrap()),
                score: Some(score.parse().unwrap()),
                ..Evaluation::default()
            }),
            ..Indicator::default()
        };
        let mut out = Vec::new();
        check_indicator_scores(
            &mut Sink {
                table: "t",
                out: &mut out,
            },
            &[ind],
        );
        out
    }

    #[test]
    fn score_rounded_to_its_printed_place_is_accepted() {
        // Regression (review): 15 × 0.617 = 9.255 printed as 9.3 was reported as wrong.
        assert!(scored("15", "0.617", "9.3").is_empty());
        assert!(scored("15", "1", "15").is_empty());
        // A score that no rounding explains is still reported.
        let f = scored("15", "0.617", "9.0");
        assert_eq!(f.len(), 1);
        assert!(matches!(f[0].kind, FindingKind::ScoreArithmetic { .. }));
    }
}
