//! Indicator levels: 一级指标 and 二级指标, and which 二级 belongs under which 一级.

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

use crate::normalize::{squeeze, squeezed};

/// 一级指标 — the first level of an indicator tree.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[non_exhaustive]
#[serde(rename_all = "snake_case")]
pub enum Level1 {
    /// 产出指标 — outputs.
    Output,
    /// 效益指标 — effects (benefits).
    Benefit,
    /// 满意度指标 — satisfaction.
    Satisfaction,
    /// 成本指标 — cost (the 2022+ scheme; before, 成本指标 was a 二级 under 产出).
    Cost,
    /// 投入 — inputs (部门整体 self-evaluation).
    Input,
    /// 过程 — process (部门整体 self-evaluation).
    Process,
    /// 产出 — outputs (部门整体 self-evaluation, written without 指标).
    OutputPlain,
    /// 效益 — effects (部门整体 self-evaluation, written without 指标).
    BenefitPlain,
    /// Any other first-level name, as written.
    Other(String),
}

impl Level1 {
    /// Recognise a known 一级 name (white space and traditional 指標 tolerated); `None` otherwise.
    ///
    /// ```
    /// use cnbudget_indicator::Level1;
    /// assert_eq!(Level1::recognise("产出 指标"), Some(Level1::Output));
    /// assert_eq!(Level1::recognise("基本医疗参保人数"), None);
    /// ```
    pub fn recognise(text: &str) -> Option<Level1> {
        Self::named(&squeezed(text))
    }

    /// The 一级 level `s` names, `s` squeezed and in normal form.
    pub(crate) fn named(s: &str) -> Option<Level1> {
        Some(match s {
            "产出指标" => Level1::Output,
            "效益指标" => Level1::Benefit,
            "满意度指标" => Level1::Satisfaction,
            "成本指标" => Level1::Cost,
            "投入" | "投入指标" => Level1::Input,
            "过程" | "过程指标" => Level1::Process,
            "产出" => Level1::OutputPlain,
            "效益" => Level1::BenefitPlain,
            _ => return None,
        })
    }

    /// A known name, or [`Level1::Other`] with the squeezed text.
    pub fn parse_lenient(text: &str) -> Level1 {
        Level1::recognise(text).unwrap_or_else(|| Level1::Other(squeeze(text)))
    }

    /// The name as documents write it.
    pub fn name(&self) -> &str {
        match self {
            Level1::Output => "产出指标",
            Level1::Benefit => "效益指标",
            Level1::Satisfaction => "满意度指标",
            Level1::Cost => "成本指标",
            Level1::Input => "投入",
            Level1::Process => "过程",
            Level1::OutputPlain => "产出",
            Level1::BenefitPlain => "效益",
            Level1::Other(s) => s,
        }
    }

    /// The same family with 指标 dropped (产出指标 and 产出 compare equal here).
    fn family(&self) -> Level1 {
        match self {
            Level1::OutputPlain => Level1::Output,
            Level1::BenefitPlain => Level1::Benefit,
            other => other.clone(),
        }
    }
}

impl fmt::Display for Level1 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Level1 {
    /// Every named 一级 (all but [`Level1::Other`]), in declaration order.
    pub const KNOWN: &'static [Level1] = &[
        Level1::Output,
        Level1::Benefit,
        Level1::Satisfaction,
        Level1::Cost,
        Level1::Input,
        Level1::Process,
        Level1::OutputPlain,
        Level1::BenefitPlain,
    ];

    /// The value whose serde name is `s` (`output`), if any.
    fn serde_named(s: &str) -> Option<Level1> {
        Some(match s {
            "output" => Level1::Output,
            "benefit" => Level1::Benefit,
            "satisfaction" => Level1::Satisfaction,
            "cost" => Level1::Cost,
            "input" => Level1::Input,
            "process" => Level1::Process,
            "output_plain" => Level1::OutputPlain,
            "benefit_plain" => Level1::BenefitPlain,
            _ => return None,
        })
    }
}

impl FromStr for Level1 {
    type Err = Infallible;

    /// A known name as documents write it (see [`Level1::recognise`]) or as serde writes it
    /// (`output`); any other text is [`Level1::Other`] (never an error).
    fn from_str(s: &str) -> Result<Level1, Infallible> {
        Ok(Level1::recognise(s)
            .or_else(|| Level1::serde_named(s.trim()))
            .unwrap_or_else(|| Level1::Other(squeeze(s))))
    }
}

/// 二级指标 — the second level of an indicator tree.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[non_exhaustive]
#[serde(rename_all = "snake_case")]
pub enum Level2 {
    /// 数量指标.
    Quantity,
    /// 质量指标.
    Quality,
    /// 时效指标.
    Timeliness,
    /// 成本指标 (as a 二级 under 产出指标).
    Cost,
    /// 经济效益指标.
    EconomicBenefit,
    /// 社会效益指标.
    SocialBenefit,
    /// 生态效益指标.
    EcologicalBenefit,
    /// 可持续影响指标.
    SustainableImpact,
    /// 服务对象满意度指标.
    ServiceSatisfaction,
    /// 经济成本指标.
    EconomicCost,
    /// 社会成本指标.
    SocialCost,
    /// 生态环境成本指标.
    EnvironmentalCost,
    /// Any other second-level name, as written.
    Other(String),
}

/// Which 一级 each known 二级 may stand under (the data behind [`Level2::fits_under`]); the
/// first row of a 二级 is its usual parent ([`Level2::expected_parent`]).
pub const LEVEL2_PARENTS: &[(Level2, Level1)] = &[
    (Level2::Quantity, Level1::Output),
    (Level2::Quality, Level1::Output),
    (Level2::Timeliness, Level1::Output),
    (Level2::Cost, Level1::Output),
    (Level2::EconomicBenefit, Level1::Benefit),
    (Level2::SocialBenefit, Level1::Benefit),
    (Level2::EcologicalBenefit, Level1::Benefit),
    (Level2::SustainableImpact, Level1::Benefit),
    (Level2::ServiceSatisfaction, Level1::Satisfaction),
    // Before 2021 many frameworks put 服务对象满意度指标 under 效益指标.
    (Level2::ServiceSatisfaction, Level1::Benefit),
    (Level2::EconomicCost, Level1::Cost),
    (Level2::SocialCost, Level1::Cost),
    (Level2::EnvironmentalCost, Level1::Cost),
];

impl Level2 {
    /// Recognise a known 二级 name; the 指标 suffix may be missing (`社会效益`, as self-evaluations write it).
    ///
    /// ```
    /// use cnbudget_indicator::Level2;
    /// assert_eq!(Level2::recognise("社会效益"), Some(Level2::SocialBenefit));
    /// assert_eq!(Level2::recognise("数 量指标"), Some(Level2::Quantity));
    /// ```
    pub fn recognise(text: &str) -> Option<Level2> {
        Self::named(&squeezed(text))
    }

    /// The 二级 level `s` names, `s` squeezed and in normal form.
    pub(crate) fn named(s: &str) -> Option<Level2> {
        let stem = s.strip_suffix("指标").unwrap_or(s);
        Some(match stem {
            "数量" => Level2::Quantity,
            "质量" => Level2::Quality,
            "时效" => Level2::Timeliness,
            "成本" => Level2::Cost,
            "经济效益" => Level2::EconomicBenefit,
            "社会效益" => Level2::SocialBenefit,
            "生态效益" => Level2::EcologicalBenefit,
            "可持续影响" => Level2::SustainableImpact,
            "服务对象满意度" => Level2::ServiceSatisfaction,
            "经济成本" => Level2::EconomicCost,
            "社会成本" => Level2::SocialCost,
            "生态环境成本" => Level2::EnvironmentalCost,
            _ => return None,
        })
    }

    /// A known name, or [`Level2::Other`] with the squeezed text.
    pub fn parse_lenient(text: &str) -> Level2 {
        Level2::recognise(text).unwrap_or_else(|| Level2::Other(squeeze(text)))
    }

    /// The name as documents write it.
    pub fn name(&self) -> &str {
        match self {
            Level2::Quantity => "数量指标",
            Level2::Quality => "质量指标",
            Level2::Timeliness => "时效指标",
            Level2::Cost => "成本指标",
            Level2::EconomicBenefit => "经济效益指标",
            Level2::SocialBenefit => "社会效益指标",
            Level2::EcologicalBenefit => "生态效益指标",
            Level2::SustainableImpact => "可持续影响指标",
            Level2::ServiceSatisfaction => "服务对象满意度指标",
            Level2::EconomicCost => "经济成本指标",
            Level2::SocialCost => "社会成本指标",
            Level2::EnvironmentalCost => "生态环境成本指标",
            Level2::Other(s) => s,
        }
    }

    /// The 一级 this 二级 belongs under, from [`LEVEL2_PARENTS`]; `None` for [`Level2::Other`].
    ///
    /// ```
    /// use cnbudget_indicator::{Level1, Level2};
    /// assert_eq!(Level2::EconomicCost.expected_parent(), Some(&Level1::Cost));
    /// ```
    pub fn expected_parent(&self) -> Option<&'static Level1> {
        LEVEL2_PARENTS
            .iter()
            .find(|(l2, _)| l2 == self)
            .map(|(_, l1)| l1)
    }

    /// Whether this 二级 may stand under `parent`. Unknown names on either side are accepted.
    pub fn fits_under(&self, parent: &Level1) -> bool {
        if self.expected_parent().is_none() || matches!(parent, Level1::Other(_)) {
            return true;
        }
        let family = parent.family();
        LEVEL2_PARENTS
            .iter()
            .any(|(l2, l1)| l2 == self && *l1 == family)
    }
}

impl fmt::Display for Level2 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Level2 {
    /// Every named 二级 (all but [`Level2::Other`]), in declaration order.
    pub const KNOWN: &'static [Level2] = &[
        Level2::Quantity,
        Level2::Quality,
        Level2::Timeliness,
        Level2::Cost,
        Level2::EconomicBenefit,
        Level2::SocialBenefit,
        Level2::EcologicalBenefit,
        Level2::SustainableImpact,
        Level2::ServiceSatisfaction,
        Level2::EconomicCost,
        Level2::SocialCost,
        Level2::EnvironmentalCost,
    ];

    /// The value whose serde name is `s` (`output`), if any.
    fn serde_named(s: &str) -> Option<Level2> {
        Some(match s {
            "quantity" => Level2::Quantity,
            "quality" => Level2::Quality,
            "timeliness" => Level2::Timeliness,
            "cost" => Level2::Cost,
            "economic_benefit" => Level2::EconomicBenefit,
            "social_benefit" => Level2::SocialBenefit,
            "ecological_benefit" => Level2::EcologicalBenefit,
            "sustainable_impact" => Level2::SustainableImpact,
            "service_satisfaction" => Level2::ServiceSatisfaction,
            "economic_cost" => Level2::EconomicCost,
            "social_cost" => Level2::SocialCost,
            "environmental_cost" => Level2::EnvironmentalCost,
            _ => return None,
        })
    }
}

impl FromStr for Level2 {
    type Err = Infallible;

    /// A known name as documents write it (see [`Level2::recognise`]) or as serde writes it
    /// (`quantity`); any other text is [`Level2::Other`] (never an error).
    fn from_str(s: &str) -> Result<Level2, Infallible> {
        Ok(Level2::recognise(s)
            .or_else(|| Level2::serde_named(s.trim()))
            .unwrap_or_else(|| Level2::Other(squeeze(s))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_cover_every_named_level2() {
        for (l2, l1) in LEVEL2_PARENTS {
            assert!(l2.fits_under(l1));
            assert_eq!(Level2::recognise(l2.name()).as_ref(), Some(l2));
        }
        assert!(!Level2::SocialBenefit.fits_under(&Level1::Output));
        assert!(Level2::SocialBenefit.fits_under(&Level1::BenefitPlain));
    }
}
