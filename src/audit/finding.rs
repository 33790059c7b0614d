//! What the audit reports.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use cnbudget_indicator::Unit;

use super::RuleId;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The document contradicts itself beyond any rounding.
    Error,
    /// Probably a defect, but the document may have a reason (a missing table, an old name).
    Warning,
    /// Worth a look; not a contradiction.
    Notice,
}

cnbudget_text::named_values!(Severity, "severity" {
    Error => "error",
    Warning => "warning",
    Notice => "notice",
});

/// A figure a finding compares, with where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Figure {
    /// What the figure is (`210 卫生健康支出 / 合计`, `Σ 款 of 210`, `prose: 基本支出`).
    pub label: String,
    /// The value in `unit`.
    pub value: Decimal,
    /// The unit of `value`: 元 or 万元 (or the unit the figure was printed in, `%` for a
    /// rate); `None` when the table states no unit.
    pub unit: Option<Unit>,
    /// 1-based line in the document, when the figure stands on one line.
    pub line: Option<usize>,
}

/// One inconsistency or defect the audit found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Finding {
    /// The rule that found it; serialised as its id string (`hierarchy.sum`).
    pub rule: RuleId,
    /// How serious.
    pub severity: Severity,
    /// A sentence a person understands.
    pub message: String,
    /// The table the finding is about (its title), if any.
    pub table: Option<String>,
    /// The figure the rule expects (e.g. the printed total).
    pub expected: Option<Figure>,
    /// The figure found (e.g. the sum of the parts).
    pub actual: Option<Figure>,
    /// `actual − expected`, in the unit of `expected`.
    pub difference: Option<Decimal>,
    /// Every line involved, ascending.
    pub lines: Vec<usize>,
    /// The severity the rule gave, when a figure of the finding comes from a table whose
    /// reading is uncertain (see [`Reading`](super::Reading)): the finding may be a misread of
    /// ours rather than the document's inconsistency, so it is lowered to a
    /// [`Severity::Notice`], and one `table.uncertain` warning names the table and the signs of
    /// the misread. `None` for a finding on figures read with confidence.
    pub lowered_from: Option<Severity>,
}

impl Finding {
    /// A finding without figures.
    pub fn new(rule: RuleId, severity: Severity, message: impl Into<String>) -> Finding {
        Finding {
            rule,
            severity,
            message: message.into(),
            table: None,
            expected: None,
            actual: None,
            difference: None,
            lines: Vec::new(),
            lowered_from: None,
        }
    }

    /// Marks the finding as resting on a table read with uncertainty: it becomes a notice,
    /// and [`Finding::lowered_from`] keeps the severity the rule gave.
    ///
    /// ```
    /// use cnbudget::audit::{Finding, RuleId, Severity};
    /// let f = Finding::new(RuleId::HierarchySum, Severity::Error, "201: 合计 is 5, but 款 add up to 4")
    ///     .on_uncertain_reading();
    /// assert_eq!((f.severity, f.lowered_from), (Severity::Notice, Some(Severity::Error)));
    /// assert!(f.is_uncertain());
    /// ```
    pub fn on_uncertain_reading(mut self) -> Finding {
        self.lowered_from.get_or_insert(self.severity);
        self.severity = self.severity.max(Severity::Notice);
        self
    }

    /// True when a figure of the finding comes from a table read with uncertainty
    /// ([`Finding::lowered_from`] is set).
    pub fn is_uncertain(&self) -> bool {
        self.lowered_from.is_some()
    }

    /// Adds the two figures compared and their difference; collects their lines.
    pub fn with_figures(mut self, expected: Figure, actual: Figure) -> Finding {
        self.difference = actual.value.checked_sub(expected.value);
        for l in [expected.line, actual.line].into_iter().flatten() {
            self.lines.push(l);
        }
        self.lines.sort_unstable();
        self.lines.dedup();
        self.expected = Some(expected);
        self.actual = Some(actual);
        self
    }

    /// Sets the table the finding is about.
    pub fn in_table(mut self, title: impl Into<String>) -> Finding {
        self.table = Some(title.into());
        self
    }

    /// Adds lines involved.
    pub fn at_lines(mut self, lines: impl IntoIterator<Item = usize>) -> Finding {
        self.lines.extend(lines);
        self.lines.sort_unstable();
        self.lines.dedup();
        self
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}: {}", self.severity, self.rule, self.message)?;
        if let (Some(e), Some(a)) = (&self.expected, &self.actual) {
            write!(
                f,
                " ({} = {} {}; {} = {} {}",
                e.label,
                e.value,
                e.unit.as_ref().map_or("", Unit::symbol),
                a.label,
                a.value,
                a.unit.as_ref().map_or("", Unit::symbol)
            )?;
            if let Some(d) = self.difference {
                write!(f, "; difference {d}")?;
            }
            f.write_str(")")?;
        }
        if !self.lines.is_empty() {
            let lines: Vec<String> = self.lines.iter().map(|l| l.to_string()).collect();
            write!(f, " [lines {}]", lines.join(", "))?;
        }
        if self.lowered_from.is_some() {
            f.write_str(" (uncertain reading)")?;
        }
        Ok(())
    }
}
