//! [`EconomicCode`] (支出经济分类科目编码), its [`Level`] (类/款) and [`Form`] (部门/政府).

use cnbudget_catalogue::{CatalogueError, digit_groups};

/// The level of an economic code: 类 (3 digits) or 款 (5 digits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Level {
    /// 类, the class: 3 digits, e.g. `302` 商品和服务支出.
    Lei,
    /// 款, the section: 5 digits, e.g. `30201` 办公费.
    Kuan,
}

cnbudget_text::named_values!(Level, "economic level",
    /// The Chinese name of the level: `类` or `款`.
    fn chinese {
    Lei => "类" | "lei",
    Kuan => "款" | "kuan",
});

impl Level {
    /// The number of digits a code of this level has (3 or 5).
    pub const fn digits(self) -> u32 {
        match self {
            Level::Lei => 3,
            Level::Kuan => 5,
        }
    }

    /// The level one step down (类 → 款), if any.
    pub const fn child(self) -> Option<Level> {
        match self {
            Level::Lei => Some(Level::Kuan),
            Level::Kuan => None,
        }
    }
}

/// The two forms of the economic classification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Form {
    /// 部门预算支出经济分类: codes starting with `3` (`301` … `399`), used in department
    /// budgets and final accounts.
    Department,
    /// 政府预算支出经济分类: codes starting with `5` (`501` … `599`), used in government
    /// budgets; department codes map onto them ([`crate::Catalogue::government_for`]).
    Government,
}

cnbudget_text::named_values!(Form, "economic classification form",
    /// `部门` or `政府`.
    fn chinese {
    Department => "部门" | "department",
    Government => "政府" | "government",
});

/// Whether spending is 人员经费 (personnel) or 公用经费 (public/operating), as the documents
/// define it: 人员经费 = 301 工资福利支出 + 303 对个人和家庭的补助; 公用经费 = the rest
/// (302 商品和服务支出 and, where present in 基本支出, 310 资本性支出 etc.).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum ExpenseKind {
    /// 人员经费.
    Personnel,
    /// 公用经费.
    Public,
}

cnbudget_text::named_values!(ExpenseKind, "expense kind",
    /// `人员经费` or `公用经费`.
    fn chinese {
    Personnel => "人员经费" | "personnel",
    Public => "公用经费" | "public",
});

/// A valid expenditure economic classification code (支出经济分类科目编码).
///
/// It is 3 digits (类) or 5 digits (款), starting with `3` (部门预算, [`Form::Department`])
/// or `5` (政府预算, [`Form::Government`]). Codes order like their digit strings.
///
/// ```
/// use cnbudget_economic::{EconomicCode, ExpenseKind, Form, Level};
///
/// let code: EconomicCode = "302 39".parse()?;
/// assert_eq!(code.value(), 30239);
/// assert_eq!(code.level(), Level::Kuan);
/// assert_eq!(code.form(), Form::Department);
/// assert_eq!(code.parent().map(|c| c.value()), Some(302));
/// assert_eq!(code.expense_kind(), Some(ExpenseKind::Public));
/// # Ok::<(), cnbudget_economic::EconomicError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EconomicCode {
    /// The code padded with zeros to 5 digits (`302` → `30200`); ordering key.
    padded: u32,
    level: Level,
}

impl EconomicCode {
    /// Make a code from its numeric value: `302` or `30239`, `501` or `50101`.
    ///
    /// Returns `None` unless the value has 3 or 5 digits and starts with `3` or `5`.
    ///
    /// ```
    /// use cnbudget_economic::EconomicCode;
    /// const OFFICE: Option<EconomicCode> = EconomicCode::new(30201);
    /// assert!(OFFICE.is_some());
    /// assert!(EconomicCode::new(2101506).is_none());
    /// assert!(EconomicCode::new(401).is_none());
    /// ```
    pub const fn new(value: u32) -> Option<EconomicCode> {
        let level = if (value >= 300 && value <= 399) || (value >= 500 && value <= 599) {
            Level::Lei
        } else if (value >= 30_000 && value <= 39_999) || (value >= 50_000 && value <= 59_999) {
            Level::Kuan
        } else {
            return None;
        };
        let padded = match level {
            Level::Lei => value * 100,
            Level::Kuan => value,
        };
        Some(EconomicCode { padded, level })
    }

    /// A `u32` that orders like the code (padded digits and level); the generated tables
    /// keep one per entry so lookups binary-search a compact slice.
    #[doc(hidden)]
    pub const fn sort_key(self) -> u32 {
        self.padded * 4 + self.level as u32
    }

    /// The numeric value (`30239`).
    pub const fn value(self) -> u32 {
        match self.level {
            Level::Lei => self.padded / 100,
            Level::Kuan => self.padded,
        }
    }

    /// The level: 类 or 款.
    pub const fn level(self) -> Level {
        self.level
    }

    /// 部门 (`3xx`) or 政府 (`5xx`).
    pub const fn form(self) -> Form {
        if self.padded < 50_000 {
            Form::Department
        } else {
            Form::Government
        }
    }

    /// The 3-digit 类 part (`302` for `30239`).
    pub const fn lei(self) -> u32 {
        self.padded / 100
    }

    /// The 2-digit 款 part (`39` for `30239`), if the code is a 款.
    pub const fn kuan_part(self) -> Option<u32> {
        match self.level {
            Level::Lei => None,
            Level::Kuan => Some(self.padded % 100),
        }
    }

    /// The 类 of a 款 (`30239` → `302`), or `None` for a 类.
    pub const fn parent(self) -> Option<EconomicCode> {
        match self.level {
            Level::Lei => None,
            Level::Kuan => Some(EconomicCode {
                padded: self.padded / 100 * 100,
                level: Level::Lei,
            }),
        }
    }

    /// The code's ancestors, nearest first (`30239` → `302`).
    pub fn ancestors(self) -> impl Iterator<Item = EconomicCode> {
        core::iter::successors(self.parent(), |c| c.parent())
    }

    /// The 类 → self chain (`302`, `30239`).
    pub fn lineage(self) -> Vec<EconomicCode> {
        let mut v: Vec<EconomicCode> = self.ancestors().collect();
        v.reverse();
        v.push(self);
        v
    }

    /// Whether `self` is `other` or its 类.
    pub const fn contains(self, other: EconomicCode) -> bool {
        match self.level {
            Level::Lei => other.padded / 100 == self.padded / 100,
            Level::Kuan => other.padded == self.padded && matches!(other.level, Level::Kuan),
        }
    }

    /// The smallest and largest codes (inclusive) that `self` [contains](Self::contains).
    pub const fn descendant_bounds(self) -> (EconomicCode, EconomicCode) {
        match self.level {
            Level::Lei => (
                self,
                EconomicCode {
                    padded: self.padded + 99,
                    level: Level::Kuan,
                },
            ),
            Level::Kuan => (self, self),
        }
    }

    /// 人员经费 or 公用经费, as the documents define the split.
    ///
    /// 部门 codes: 301 and 303 (and their 款) are 人员经费; every other 部门 code is 公用经费.
    /// 政府 codes: 501 机关工资福利支出, 509 对个人和家庭的补助 and 50501 工资福利支出 are
    /// 人员经费; the 类 505 mixes both and gives `None`; the rest are 公用经费.
    pub const fn expense_kind(self) -> Option<ExpenseKind> {
        match self.lei() {
            301 | 303 | 501 | 509 => Some(ExpenseKind::Personnel),
            505 => match self.kuan_part() {
                Some(1) => Some(ExpenseKind::Personnel),
                Some(_) => Some(ExpenseKind::Public),
                None => None,
            },
            _ => Some(ExpenseKind::Public),
        }
    }

    /// Parse a code as documents write it: `30239`, `302 39`, `302\t39`, `302-39`,
    /// full-width digits, surrounding white space.
    ///
    /// ```
    /// use cnbudget_economic::EconomicCode;
    /// for text in ["30201", "302 01", "302\t01", "３０２０１"] {
    ///     assert_eq!(EconomicCode::parse(text)?.value(), 30201);
    /// }
    /// assert!(EconomicCode::parse("3020").is_err());
    /// # Ok::<(), cnbudget_economic::EconomicError>(())
    /// ```
    pub fn parse(text: &str) -> Result<EconomicCode, EconomicError> {
        let groups = digit_groups(text, 5, 2)?;
        let err = |kind: EconomicErrorKind, detail: &str| EconomicError::at(kind, text, 0, detail);
        let (digits, value) = match groups.as_slice() {
            [] => return Err(err(EconomicErrorKind::Empty, "no digits")),
            [(n, v)] => (*n, *v),
            [(3, a), (2, b)] => (5, a * 100 + b),
            _ => {
                return Err(err(
                    EconomicErrorKind::BadGrouping,
                    "digit groups must be 3, 5 or 3+2",
                ));
            }
        };
        if !matches!(digits, 3 | 5) {
            return Err(err(
                EconomicErrorKind::BadLength,
                "an economic code has 3 or 5 digits",
            ));
        }
        EconomicCode::new(value).ok_or_else(|| {
            err(
                EconomicErrorKind::OutOfRange,
                "an expenditure economic code starts with 3 (部门) or 5 (政府)",
            )
        })
    }
}

cnbudget_catalogue::impl_code_traits!(EconomicCode, Level);

/// The error type of `cnbudget-economic`: a code that does not parse, a name chain that
/// names nothing in the catalogue, or a catalogue file that cannot be loaded.
///
/// It is the catalogue engine's [`CatalogueError`] for [`EconomicCode`] (named apart from the
/// functional crate's `FunctionError`, so both can be imported together):
/// [`EconomicError::kind`] says what went wrong, [`EconomicError::position`] where
/// (line:column, in characters).
///
/// ```
/// use cnbudget_economic::{EconomicErrorKind, EconomicCode};
/// let err = EconomicCode::parse("210x").unwrap_err();
/// assert_eq!(err.kind(), EconomicErrorKind::InvalidCharacter);
/// assert_eq!(err.position().map(|p| p.column), Some(4));
/// assert_eq!(err.to_string(), "1:4: invalid character: a code holds only digits and separators");
/// ```
pub type EconomicError = CatalogueError<EconomicCode>;

/// What went wrong. Returned by [`EconomicError::kind`].
pub type EconomicErrorKind = cnbudget_catalogue::CatalogueErrorKind<EconomicCode>;

/// Make a code in a `const`/`static` context; a bad value fails the build.
#[allow(clippy::panic)]
pub(crate) const fn code(value: u32) -> EconomicCode {
    match EconomicCode::new(value) {
        Some(c) => c,
        None => panic!("invalid economic code in generated data"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordering_and_parts() {
        let mut v = [
            code(50101),
            code(302),
            code(30239),
            code(301),
            code(30101),
            code(501),
        ];
        v.sort();
        let got: Vec<u32> = v.iter().map(|c| c.value()).collect();
        assert_eq!(got, [301, 30101, 302, 30239, 501, 50101]);
        assert!(code(302).contains(code(30239)));
        assert!(!code(30239).contains(code(302)));
        assert_eq!(code(50101).form(), Form::Government);
    }

    #[test]
    fn parse_forms() {
        for t in ["30239", "302 39", "302\t39", "３０２３９", " 30239\u{3000}"] {
            assert_eq!(EconomicCode::parse(t).unwrap().value(), 30239, "{t:?}");
        }
        for bad in ["", "30", "3023", "302391", "401", "30 239", "302a"] {
            assert!(EconomicCode::parse(bad).is_err(), "{bad:?}");
        }
    }
}
