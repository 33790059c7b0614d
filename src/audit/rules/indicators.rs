//! `indicator.*`: the findings of the performance-target reader, under the audit's rule ids.

use crate::Disclosure;
use crate::audit::{Finding, RuleId, Severity};

/// `indicator.*`: the findings of the performance-target reader, with their rule names.
pub(crate) fn indicators(d: &Disclosure, out: &mut Vec<Finding>) {
    use cnbudget_indicator::{FindingKind, Severity as IndicatorSeverity};
    for f in &d.goals.findings {
        let rule = match &f.kind {
            FindingKind::WeightSum { .. } => RuleId::IndicatorWeightSum,
            FindingKind::LevelMismatch { .. } => RuleId::IndicatorLevelMismatch,
            FindingKind::MissingUnit { .. } => RuleId::IndicatorMissingUnit,
            FindingKind::EmptyIndicator { .. } => RuleId::IndicatorEmpty,
            FindingKind::NoPlace { .. } => RuleId::IndicatorNoPlace,
            FindingKind::ScoreArithmetic { .. } => RuleId::IndicatorScore,
            FindingKind::TotalScore { .. } => RuleId::IndicatorTotalScore,
            FindingKind::PointsSum { .. } => RuleId::IndicatorPointsSum,
            FindingKind::ExecutionRate { .. } => RuleId::IndicatorExecutionRate,
            FindingKind::ExecutionScore { .. } => RuleId::IndicatorExecutionScore,
            FindingKind::FullMarksButNotMet { .. } => RuleId::IndicatorFullMarksNotMet,
            FindingKind::BudgetSplit { .. } => RuleId::IndicatorBudgetSplit,
            FindingKind::TaskTotal { .. } => RuleId::IndicatorTaskTotal,
            FindingKind::UncertainReading { .. } => RuleId::TableUncertain,
            _ => RuleId::IndicatorOther,
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
