//! Units of measurement (计量单位) and their exact conversion to a base unit.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::error::{ErrorKind, IndicatorError};
use crate::normalize::squeeze;

/// A unit of measurement as performance tables write it.
///
/// Units of one kind convert exactly to a base unit: 万人 = 10 000 人, 万元 = 10 000 元,
/// 天 = 24 小时, so targets from different documents compare.
///
/// ```
/// use cnbudget_indicator::Unit;
/// use rust_decimal::Decimal;
/// let u: Unit = "萬人".parse().unwrap();
/// assert_eq!(u, Unit::TenThousandPersons);
/// assert_eq!(u.to_base(Decimal::new(373, 1)), Some((Unit::Persons, Decimal::from(373_000))));
/// ```
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[non_exhaustive]
pub enum Unit {
    /// % — per cent.
    Percent,
    /// ‰ — per mille (= 0.1 %).
    PerMille,
    /// 人 — persons.
    Persons,
    /// 万人 — ten thousand persons.
    TenThousandPersons,
    /// 人次 — person-times (visits).
    PersonTimes,
    /// 万人次 — ten thousand person-times.
    TenThousandPersonTimes,
    /// 元 — yuan.
    Yuan,
    /// 万元 — ten thousand yuan.
    TenThousandYuan,
    /// 亿元 — hundred million yuan.
    HundredMillionYuan,
    /// 分钟 — minutes.
    Minutes,
    /// 小时 — hours.
    Hours,
    /// 天 (also 日) — days.
    Days,
    /// 个 — items (generic counter).
    Items,
    /// 家 — institutions.
    Institutions,
    /// 次 — times.
    Times,
    /// 批次 — batches.
    Batches,
    /// 台(套) — sets of equipment.
    Sets,
    /// 件 — pieces.
    Pieces,
    /// 项 — items of work.
    Tasks,
    /// 户 — households.
    Households,
    /// 平方米 — square metres.
    SquareMetres,
    /// 万平方米 — ten thousand square metres.
    TenThousandSquareMetres,
    /// 分 — points.
    Points,
    /// Any other unit, as written (white space removed).
    Other(String),
}

const NAMES: &[(&str, Unit)] = &[
    ("%", Unit::Percent),
    ("‰", Unit::PerMille),
    ("人", Unit::Persons),
    ("万人", Unit::TenThousandPersons),
    ("人次", Unit::PersonTimes),
    ("万人次", Unit::TenThousandPersonTimes),
    ("元", Unit::Yuan),
    ("万元", Unit::TenThousandYuan),
    ("亿元", Unit::HundredMillionYuan),
    ("分钟", Unit::Minutes),
    ("小时", Unit::Hours),
    ("天", Unit::Days),
    ("个", Unit::Items),
    ("家", Unit::Institutions),
    ("次", Unit::Times),
    ("批次", Unit::Batches),
    ("台(套)", Unit::Sets),
    ("件", Unit::Pieces),
    ("项", Unit::Tasks),
    ("户", Unit::Households),
    ("平方米", Unit::SquareMetres),
    ("万平方米", Unit::TenThousandSquareMetres),
    ("分", Unit::Points),
];

impl Unit {
    /// Recognise a unit: known names (and a few aliases: `百分比`, `日`, `工作日` is kept as
    /// `Other`, `㎡`, `万` after 人/元 …), else [`Unit::Other`]. Errors on empty text.
    pub fn parse_lenient(text: &str) -> Result<Unit, IndicatorError> {
        let s = squeeze(text);
        if s.is_empty() {
            return Err(IndicatorError::new(ErrorKind::Unit, "empty unit"));
        }
        Ok(Unit::known(&s).unwrap_or(Unit::Other(s)))
    }

    /// A known unit for already-squeezed text.
    pub(crate) fn known(s: &str) -> Option<Unit> {
        if let Some((_, u)) = NAMES.iter().find(|(n, _)| *n == s) {
            return Some(u.clone());
        }
        Some(match s {
            "百分比" | "百分率" => Unit::Percent,
            "日" => Unit::Days,
            "台" | "套" | "台/套" | "台（套）" => Unit::Sets,
            "㎡" | "m2" | "m²" => Unit::SquareMetres,
            "元/人" | "元/人/年" => return None,
            _ => return None,
        })
    }

    /// The unit as documents write it.
    pub fn symbol(&self) -> &str {
        if let Unit::Other(s) = self {
            return s;
        }
        NAMES.iter().find(|(_, u)| u == self).map_or("", |(n, _)| n)
    }

    /// The base unit of this unit's kind and the exact factor to it (万人 → (人, 10000)).
    ///
    /// Units with no known relative (家, 次, [`Unit::Other`] …) are their own base.
    pub fn base(&self) -> (Unit, Decimal) {
        let (u, f) = match self {
            Unit::PerMille => (Unit::Percent, Decimal::new(1, 1)),
            Unit::TenThousandPersons => (Unit::Persons, Decimal::from(10_000)),
            Unit::TenThousandPersonTimes => (Unit::PersonTimes, Decimal::from(10_000)),
            Unit::TenThousandYuan => (Unit::Yuan, Decimal::from(10_000)),
            Unit::HundredMillionYuan => (Unit::Yuan, Decimal::from(100_000_000)),
            Unit::Hours => (Unit::Minutes, Decimal::from(60)),
            Unit::Days => (Unit::Minutes, Decimal::from(1_440)),
            Unit::TenThousandSquareMetres => (Unit::SquareMetres, Decimal::from(10_000)),
            other => (other.clone(), Decimal::ONE),
        };
        (u, f)
    }

    /// `value` in this unit expressed in the base unit; `None` on overflow.
    pub fn to_base(&self, value: Decimal) -> Option<(Unit, Decimal)> {
        let (u, f) = self.base();
        value.checked_mul(f).map(|v| (u, v))
    }

    /// Whether two units measure the same kind of quantity (same base unit).
    pub fn same_kind(&self, other: &Unit) -> bool {
        self.base().0 == other.base().0
    }

    /// Whether this is a money unit (元, 万元, 亿元).
    pub fn is_money(&self) -> bool {
        self.base().0 == Unit::Yuan
    }
}

impl FromStr for Unit {
    type Err = IndicatorError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Unit::parse_lenient(s)
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_conversions() {
        assert_eq!(
            Unit::TenThousandYuan.to_base(Decimal::new(1092, 2)),
            Some((Unit::Yuan, Decimal::from(109_200)))
        );
        assert!(Unit::Hours.same_kind(&Unit::Days));
        assert!(!Unit::Persons.same_kind(&Unit::PersonTimes));
        assert_eq!("台（套）".parse::<Unit>().unwrap(), Unit::Sets);
        assert_eq!("人 次".parse::<Unit>().unwrap(), Unit::PersonTimes);
        for (n, u) in NAMES {
            assert_eq!(u.symbol(), *n);
            assert_eq!(n.parse::<Unit>().unwrap(), *u);
        }
    }
}
