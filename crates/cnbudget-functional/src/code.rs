//! [`FunctionCode`] (支出功能分类科目编码) and its [`Level`] (类/款/项).

use cnbudget_catalogue::{CatalogueError, digit_groups};

/// The level of a functional code: 类 (3 digits), 款 (5 digits) or 项 (7 digits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Level {
    /// 类, the class: 3 digits, e.g. `210` 卫生健康支出.
    Lei,
    /// 款, the section: 5 digits, e.g. `21015` 医疗保障管理事务.
    Kuan,
    /// 项, the item: 7 digits, e.g. `2101506` 医疗保障经办事务.
    Xiang,
}

cnbudget_text::named_values!(Level, "functional level",
    /// The Chinese name of the level: `类`, `款` or `项`.
    fn chinese {
    Lei => "类" | "lei",
    Kuan => "款" | "kuan",
    Xiang => "项" | "xiang",
});

impl Level {
    /// The number of digits a code of this level has (3, 5 or 7).
    pub const fn digits(self) -> u32 {
        match self {
            Level::Lei => 3,
            Level::Kuan => 5,
            Level::Xiang => 7,
        }
    }

    /// The level one step down (类 → 款 → 项), if any.
    pub const fn child(self) -> Option<Level> {
        match self {
            Level::Lei => Some(Level::Kuan),
            Level::Kuan => Some(Level::Xiang),
            Level::Xiang => None,
        }
    }

    /// The level one step up (项 → 款 → 类), if any.
    pub const fn parent(self) -> Option<Level> {
        match self {
            Level::Lei => None,
            Level::Kuan => Some(Level::Lei),
            Level::Xiang => Some(Level::Kuan),
        }
    }
}

/// A valid expenditure functional classification code (支出功能分类科目编码).
///
/// It is 3 digits (类), 5 digits (款) or 7 digits (项) and starts with `2` (expenditure).
/// A value of this type cannot hold anything else. Codes order like their digit strings,
/// so a 类 sorts just before its 款 and each 款 just before its 项:
/// `201 < 20101 < 2010101 < 20102 < 202`.
///
/// ```
/// use cnbudget_functional::{FunctionCode, Level};
///
/// let code: FunctionCode = "210 15 06".parse()?;
/// assert_eq!(code.value(), 2101506);
/// assert_eq!(code.level(), Level::Xiang);
/// assert_eq!(code.parent().map(|c| c.value()), Some(21015));
/// assert_eq!(code.to_string(), "2101506");
/// # Ok::<(), cnbudget_functional::FunctionError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FunctionCode {
    /// The code padded with zeros to 7 digits (`201` → `2010000`); ordering key.
    padded: u32,
    level: Level,
}

const fn pow10(n: u32) -> u32 {
    match n {
        0 => 1,
        2 => 100,
        4 => 10_000,
        _ => 1,
    }
}

impl FunctionCode {
    /// The smallest code value (the 类 `200`).
    pub const MIN_VALUE: u32 = 200;

    /// Make a code from its numeric value: `210`, `21015` or `2101506`.
    ///
    /// Returns `None` unless the value has 3, 5 or 7 digits and starts with `2`.
    ///
    /// ```
    /// use cnbudget_functional::FunctionCode;
    /// const HEALTH: Option<FunctionCode> = FunctionCode::new(210);
    /// assert!(HEALTH.is_some());
    /// assert!(FunctionCode::new(2101).is_none());
    /// assert!(FunctionCode::new(3010101).is_none());
    /// ```
    pub const fn new(value: u32) -> Option<FunctionCode> {
        let level = if value >= 200 && value <= 299 {
            Level::Lei
        } else if value >= 20_000 && value <= 29_999 {
            Level::Kuan
        } else if value >= 2_000_000 && value <= 2_999_999 {
            Level::Xiang
        } else {
            return None;
        };
        let padded = value * pow10(7 - level.digits());
        Some(FunctionCode { padded, level })
    }

    /// A `u32` that orders like the code (padded digits and level); the generated tables
    /// keep one per entry so lookups binary-search a compact slice.
    #[doc(hidden)]
    pub const fn sort_key(self) -> u32 {
        self.padded * 4 + self.level as u32
    }

    /// The numeric value (`2101506`).
    pub const fn value(self) -> u32 {
        self.padded / pow10(7 - self.level.digits())
    }

    /// The level: 类, 款 or 项.
    pub const fn level(self) -> Level {
        self.level
    }

    /// The 3-digit 类 part (`210` for `2101506`).
    pub const fn lei(self) -> u32 {
        self.padded / 10_000
    }

    /// The 2-digit 款 part (`15` for `2101506`), if the code is a 款 or 项.
    pub const fn kuan_part(self) -> Option<u32> {
        match self.level {
            Level::Lei => None,
            _ => Some((self.padded / 100) % 100),
        }
    }

    /// The 2-digit 项 part (`6` for `2101506`), if the code is a 项.
    pub const fn xiang_part(self) -> Option<u32> {
        match self.level {
            Level::Xiang => Some(self.padded % 100),
            _ => None,
        }
    }

    /// The code one level up (`2101506` → `21015` → `210`), or `None` for a 类.
    pub const fn parent(self) -> Option<FunctionCode> {
        match self.level {
            Level::Lei => None,
            Level::Kuan => Some(FunctionCode {
                padded: self.padded / 10_000 * 10_000,
                level: Level::Lei,
            }),
            Level::Xiang => Some(FunctionCode {
                padded: self.padded / 100 * 100,
                level: Level::Kuan,
            }),
        }
    }

    /// The code's ancestors, nearest first (`2101506` → `21015`, `210`).
    pub fn ancestors(self) -> impl Iterator<Item = FunctionCode> {
        core::iter::successors(self.parent(), |c| c.parent())
    }

    /// The 类 → … → self chain (`210`, `21015`, `2101506`).
    pub fn lineage(self) -> Vec<FunctionCode> {
        let mut v: Vec<FunctionCode> = self.ancestors().collect();
        v.reverse();
        v.push(self);
        v
    }

    /// Whether `self` is `other` or one of its ancestors (a prefix of its digits).
    ///
    /// ```
    /// use cnbudget_functional::FunctionCode;
    /// let lei = FunctionCode::new(210).unwrap();
    /// let xiang = FunctionCode::new(2101506).unwrap();
    /// assert!(lei.contains(xiang));
    /// assert!(!xiang.contains(lei));
    /// ```
    pub const fn contains(self, other: FunctionCode) -> bool {
        if (other.level as u8) < (self.level as u8) {
            return false;
        }
        let span = pow10(7 - self.level.digits());
        other.padded / span == self.padded / span
    }

    /// The smallest and largest codes (inclusive) that `self` [contains](Self::contains),
    /// for range queries over sorted codes.
    pub const fn descendant_bounds(self) -> (FunctionCode, FunctionCode) {
        let span = pow10(7 - self.level.digits());
        let last = FunctionCode {
            padded: self.padded + span - 1,
            level: Level::Xiang,
        };
        (self, last)
    }

    /// Parse a code as documents write it.
    ///
    /// Accepts `2101506`, `210 15 06`, `210\t15\t06`, `21015 06`, `210-15-06`,
    /// full-width digits (`２１０`) and surrounding white space (including U+3000).
    ///
    /// ```
    /// use cnbudget_functional::FunctionCode;
    /// for text in ["2101506", "210 15 06", "210\t15\t06", "21015 06", "２１０１５０６"] {
    ///     assert_eq!(FunctionCode::parse(text)?.value(), 2101506);
    /// }
    /// assert!(FunctionCode::parse("210 1 506").is_err());
    /// # Ok::<(), cnbudget_functional::FunctionError>(())
    /// ```
    pub fn parse(text: &str) -> Result<FunctionCode, FunctionError> {
        let groups = digit_groups(text, 7, 3)?;
        let err = |kind: FunctionErrorKind, detail: &str| FunctionError::at(kind, text, 0, detail);
        let (digits, value) = match groups.as_slice() {
            [] => return Err(err(FunctionErrorKind::Empty, "no digits")),
            [(n, v)] => (*n, *v),
            [(3, a), (2, b)] => (5, a * 100 + b),
            [(3, a), (2, b), (2, c)] => (7, a * 10_000 + b * 100 + c),
            [(5, a), (2, b)] => (7, a * 100 + b),
            _ => {
                return Err(err(
                    FunctionErrorKind::BadGrouping,
                    "digit groups must be 3, 5, 7, 3+2, 3+2+2 or 5+2",
                ));
            }
        };
        if !matches!(digits, 3 | 5 | 7) {
            return Err(err(
                FunctionErrorKind::BadLength,
                "a functional code has 3, 5 or 7 digits",
            ));
        }
        FunctionCode::new(value).ok_or_else(|| {
            err(
                FunctionErrorKind::OutOfRange,
                "an expenditure functional code starts with 2",
            )
        })
    }
}

cnbudget_catalogue::impl_code_traits!(FunctionCode, Level);

/// The error type of `cnbudget-functional`: a code that does not parse, a name chain that
/// names nothing in the catalogue, or a catalogue file that cannot be loaded.
///
/// It is the catalogue engine's [`CatalogueError`] for [`FunctionCode`] (named apart from the
/// economic crate's `EconomicError`, so both can be imported together): [`FunctionError::kind`]
/// says what went wrong, [`FunctionError::position`] where (line:column, in characters).
///
/// ```
/// use cnbudget_functional::{FunctionErrorKind, FunctionCode};
/// let err = FunctionCode::parse("210x").unwrap_err();
/// assert_eq!(err.kind(), FunctionErrorKind::InvalidCharacter);
/// assert_eq!(err.position().map(|p| p.column), Some(4));
/// assert_eq!(err.to_string(), "1:4: invalid character: a code holds only digits and separators");
/// ```
pub type FunctionError = CatalogueError<FunctionCode>;

/// What went wrong. Returned by [`FunctionError::kind`].
pub type FunctionErrorKind = cnbudget_catalogue::CatalogueErrorKind<FunctionCode>;

/// Make a code in a `const`/`static` context; a bad value fails the build.
#[allow(clippy::panic)]
pub(crate) const fn code(value: u32) -> FunctionCode {
    match FunctionCode::new(value) {
        Some(c) => c,
        None => panic!("invalid functional code in generated data"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordering_is_digit_string_order() {
        let mut v = [
            code(202),
            code(2010102),
            code(20102),
            code(201),
            code(20101),
            code(2010101),
        ];
        v.sort();
        let got: Vec<u32> = v.iter().map(|c| c.value()).collect();
        assert_eq!(got, [201, 20101, 2010101, 2010102, 20102, 202]);
    }

    #[test]
    fn parts() {
        let c = code(2101506);
        assert_eq!(c.lei(), 210);
        assert_eq!(c.kuan_part(), Some(15));
        assert_eq!(c.xiang_part(), Some(6));
        assert_eq!(
            c.lineage().iter().map(|c| c.value()).collect::<Vec<_>>(),
            [210, 21015, 2101506]
        );
        let (lo, hi) = code(21015).descendant_bounds();
        assert!(lo <= code(2101599) && code(2101599) <= hi);
        assert!(code(21016) > hi);
    }

    #[test]
    fn parse_forms() {
        for t in [
            "2101506",
            "210 15 06",
            "210\t15\t06",
            "21015 06",
            "２１０ １５ ０６",
            "\u{3000}2101506 ",
        ] {
            assert_eq!(FunctionCode::parse(t).unwrap().value(), 2101506, "{t:?}");
        }
        assert_eq!(FunctionCode::parse("201   05").unwrap().value(), 20105);
        for bad in [
            "",
            "21",
            "2101",
            "301",
            "21 015 06",
            "2101506a",
            "99999999999999999999",
        ] {
            assert!(FunctionCode::parse(bad).is_err(), "{bad:?}");
        }
    }
}
