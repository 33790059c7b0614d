//! How far apart two printed figures may be before the difference means something.
//!
//! A table printed in 万元 to two decimals rounds each figure by at most 0.005 万元, so a sum of
//! `n` printed addends may differ from the printed total by up to `n × 0.005`. Blank cells are
//! exact zeros and do not count as addends. Documents that note 四舍五入 / 尾差 get twice that. Figures compared across
//! units (元 against 万元) use the coarser precision.
//!
//! ```
//! use cnbudget::tolerance::Tolerance;
//! use rust_decimal::Decimal;
//!
//! // Three addends printed to 0.01 (万元): up to 3 × 0.005 = 0.015 万元.
//! let t = Tolerance::for_sum(3, 2, false);
//! assert_eq!(t.limit(), Decimal::new(15, 3));
//! assert!(t.accepts(Decimal::new(1, 2)));
//! assert!(!t.accepts(Decimal::new(2, 2)));
//! ```

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A tolerance in the unit of the compared figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tolerance {
    limit: Decimal,
}

impl Tolerance {
    /// No difference allowed.
    pub const EXACT: Tolerance = Tolerance {
        limit: Decimal::ZERO,
    };

    /// Half a unit of the last printed decimal place (`scale` 2 → 0.005).
    pub fn half_unit(scale: u32) -> Decimal {
        Decimal::new(5, scale.min(27) + 1)
    }

    /// The tolerance for comparing a total with the sum of `addends` printed figures (at least
    /// one is assumed), all printed with `scale` decimals; `rounding_noted` when the document
    /// itself notes 四舍五入 or 尾差.
    pub fn for_sum(addends: usize, scale: u32, rounding_noted: bool) -> Tolerance {
        let n = Decimal::from(addends.clamp(1, 1_000_000));
        let mut limit = Self::half_unit(scale).saturating_mul(n);
        if rounding_noted {
            limit = limit.saturating_mul(Decimal::TWO);
        }
        Tolerance { limit }
    }

    /// The tolerance for a sum of printed addends, each with its own number of decimals:
    /// Σ half a unit of each addend's last printed place (doubled when the document notes
    /// 四舍五入 / 尾差). With every addend at the same scale this is [`Tolerance::for_sum`].
    ///
    /// ```
    /// use cnbudget::tolerance::Tolerance;
    /// use rust_decimal::Decimal;
    /// // 1,836.42 + 97.3 (one figure printed to 0.1): 0.005 + 0.05.
    /// assert_eq!(Tolerance::for_scales([2, 1], false).limit(), Decimal::new(55, 3));
    /// ```
    pub fn for_scales(scales: impl IntoIterator<Item = u32>, rounding_noted: bool) -> Tolerance {
        let mut limit = scales.into_iter().fold(Decimal::ZERO, |acc, s| {
            acc.saturating_add(Self::half_unit(s))
        });
        if rounding_noted {
            limit = limit.saturating_mul(Decimal::TWO);
        }
        Tolerance { limit }
    }

    /// The tolerance for two figures printed with `scale` decimals that should be equal.
    pub fn for_pair(scale: u32, rounding_noted: bool) -> Tolerance {
        Self::for_sum(1, scale, rounding_noted)
    }

    /// The largest accepted absolute difference.
    pub fn limit(&self) -> Decimal {
        self.limit
    }

    /// Whether `difference` (either sign) is within the tolerance.
    pub fn accepts(&self, difference: Decimal) -> bool {
        difference.abs() <= self.limit
    }

    /// The same tolerance expressed in a unit `factor` times smaller (万元 → 元: 10 000).
    pub fn scaled(&self, factor: Decimal) -> Tolerance {
        Tolerance {
            limit: self.limit.saturating_mul(factor),
        }
    }
}

/// Does a stated percentage `percent` agree with the recomputed `computed`? Allowed: half a
/// unit of the percentage's last printed place, plus the points that `amount_spread` (the most
/// the rounding of the printed amounts can move the numerator, in the unit of `base`) makes as a
/// share of `base`. A difference that cannot be computed is not a disagreement.
pub(crate) fn percent_agrees(
    computed: Decimal,
    percent: Decimal,
    amount_spread: Decimal,
    base: Decimal,
) -> bool {
    let spread = amount_spread
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|x| x.checked_div(base))
        .unwrap_or(Decimal::ZERO);
    let limit = Tolerance::half_unit(percent.scale()).saturating_add(spread);
    computed
        .checked_sub(percent)
        .is_none_or(|gap| gap.abs() <= limit)
}

/// The number of decimals a figure was printed with (`1,836.42` → 2, `26300` → 0).
pub fn printed_scale(raw: &str) -> u32 {
    // On bytes: white space is never `.` nor a digit, so trimming first changes nothing.
    let b = raw.as_bytes();
    match b.iter().rposition(|&c| c == b'.') {
        Some(pos) => b
            .get(pos + 1..)
            .unwrap_or_default()
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count() as u32,
        None => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn scales() {
        assert_eq!(printed_scale("1,836.42"), 2);
        assert_eq!(printed_scale("26,300"), 0);
        assert_eq!(printed_scale("8.6"), 1);
        assert_eq!(Tolerance::half_unit(0), Decimal::new(5, 1));
    }

    #[test]
    fn seed000_rounding_note_widens() {
        // Seed 000 notes 四舍五入 尾差 under its tables: 303 = 30305 + 30307 + 30309 is
        // 8.05 against 6.98 + 1.06 + 0.02 = 8.06, a difference of 0.01 within 3 × 0.005 × 2.
        let t = Tolerance::for_sum(3, 2, true);
        assert!(t.accepts(Decimal::new(1, 2)));
    }

    proptest! {
        #[test]
        fn limit_grows_with_addends(n in 0usize..10_000, scale in 0u32..30) {
            let a = Tolerance::for_sum(n, scale, false);
            let b = Tolerance::for_sum(n + 1, scale, false);
            prop_assert!(a.limit() <= b.limit());
            prop_assert!(Tolerance::for_sum(n, scale, true).limit() >= a.limit());
        }

        #[test]
        fn printed_scale_ignores_edge_white_space(s in "[ \\t\u{3000}0-9.,a]{0,12}") {
            // The former definition: trim, then count the digits after the last `.`.
            let t = s.trim();
            let trimmed = t.rfind('.').map_or(0, |p| {
                t[p + 1..].chars().take_while(|c| c.is_ascii_digit()).count() as u32
            });
            prop_assert_eq!(printed_scale(&s), trimmed);
        }
    }
}
