//! Units of measurement (计量单位) and their exact conversion to a base unit.

use std::fmt;
use std::str::FromStr;

use cnbudget_table::AmountUnit;
use rust_decimal::Decimal;

use crate::error::{IndicatorError, IndicatorErrorKind};
use crate::normalize::squeeze;

/// A unit of measurement as performance tables and prose write it.
///
/// Units of one kind convert exactly to a base unit: 万人 = 10 000 人, 万元 = 10 000 元,
/// 天 = 24 小时, so targets from different documents compare. The units of money are the
/// table crate's [`AmountUnit`] (元, 千元, 万元, 亿元), the same type a table's unit is.
///
/// A unit prints, parses and serialises as the symbol documents write (`万人`, `万元`, `%`;
/// [`Unit::Other`] as written), so JSON spells `万元` the same way here as in a table.
///
/// ```
/// use cnbudget_indicator::{AmountUnit, Unit};
/// use rust_decimal::Decimal;
/// let u: Unit = "萬人".parse().unwrap();
/// assert_eq!(u, Unit::TenThousandPersons);
/// assert_eq!(u.to_base(Decimal::new(373, 1)), Some((Unit::Persons, Decimal::from(373_000))));
/// let money: Unit = "万元".parse().unwrap();
/// assert_eq!(money, Unit::Money(AmountUnit::TenThousandYuan));
/// assert_eq!(serde_json::to_string(&money).unwrap(), r#""万元""#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
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
    /// Money: 元, 千元, 万元 or 亿元.
    Money(AmountUnit),
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
    ("元", Unit::Money(AmountUnit::Yuan)),
    ("千元", Unit::Money(AmountUnit::ThousandYuan)),
    ("万元", Unit::Money(AmountUnit::TenThousandYuan)),
    ("亿元", Unit::Money(AmountUnit::HundredMillionYuan)),
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
            return Err(IndicatorError::new(IndicatorErrorKind::Unit, "empty unit"));
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
            Unit::Money(m) => (Unit::Money(AmountUnit::Yuan), m.yuan_per_unit()),
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

    /// Whether this is a money unit (元, 千元, 万元, 亿元).
    pub fn is_money(&self) -> bool {
        matches!(self, Unit::Money(_))
    }

    /// The unit of money this is, if it is one.
    pub fn money(&self) -> Option<AmountUnit> {
        match self {
            Unit::Money(m) => Some(*m),
            _ => None,
        }
    }
}

impl From<AmountUnit> for Unit {
    fn from(unit: AmountUnit) -> Unit {
        Unit::Money(unit)
    }
}

impl serde::Serialize for Unit {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.symbol())
    }
}

impl<'de> serde::Deserialize<'de> for Unit {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Unit::parse_lenient(&s).map_err(serde::de::Error::custom)
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
            Unit::Money(AmountUnit::TenThousandYuan).to_base(Decimal::new(1092, 2)),
            Some((Unit::Money(AmountUnit::Yuan), Decimal::from(109_200)))
        );
        assert_eq!(
            Unit::Money(AmountUnit::ThousandYuan).to_base(Decimal::new(15, 1)),
            Some((Unit::Money(AmountUnit::Yuan), Decimal::from(1_500)))
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
