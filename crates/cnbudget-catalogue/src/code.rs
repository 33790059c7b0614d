//! What the classification crates' code types share: splitting a code as documents write it
//! into digit groups, and the standard trait impls ([`impl_code_traits!`](crate::impl_code_traits)).

use crate::error::{CatalogueError, CatalogueErrorKind};

/// Split `text` into at most `max_groups` digit groups (count of digits, value) of at most
/// `max_digits` digits each, normalising full-width digits.
/// Separators: ASCII/Unicode white space, `-`, `.`, `_` (and a BOM). Anything else is an error.
#[doc(hidden)]
pub fn digit_groups<C>(
    text: &str,
    max_digits: u32,
    max_groups: usize,
) -> Result<Groups, CatalogueError<C>> {
    let mut groups = Groups {
        items: [(0, 0); 3],
        len: 0,
        cap: max_groups.min(3),
    };
    let mut cur: Option<(u32, u32)> = None;
    for (byte, ch) in text.char_indices() {
        let digit = match ch {
            '0'..='9' => Some(ch as u32 - '0' as u32),
            '０'..='９' => Some(ch as u32 - '０' as u32),
            _ => None,
        };
        match digit {
            Some(d) => {
                let (n, v) = cur.unwrap_or((0, 0));
                if n >= max_digits {
                    return Err(CatalogueError::at(
                        CatalogueErrorKind::BadLength,
                        text,
                        byte,
                        "too many digits",
                    ));
                }
                cur = Some((n + 1, v * 10 + d));
            }
            None if ch.is_whitespace() || matches!(ch, '-' | '.' | '_' | '\u{feff}') => {
                if let Some(g) = cur.take() {
                    if !groups.push(g) {
                        return Err(CatalogueError::at(
                            CatalogueErrorKind::BadGrouping,
                            text,
                            byte,
                            "too many digit groups",
                        ));
                    }
                }
            }
            None => {
                return Err(CatalogueError::at(
                    CatalogueErrorKind::InvalidCharacter,
                    text,
                    byte,
                    "a code holds only digits and separators",
                ));
            }
        }
    }
    if let Some(g) = cur {
        if !groups.push(g) {
            return Err(CatalogueError::at(
                CatalogueErrorKind::BadGrouping,
                text,
                text.len(),
                "too many digit groups",
            ));
        }
    }
    Ok(groups)
}

/// Up to 3 digit groups (count of digits, value), without allocating.
#[doc(hidden)]
pub struct Groups {
    items: [(u32, u32); 3],
    len: usize,
    cap: usize,
}

impl Groups {
    /// Add a group; `false` if there is no room.
    fn push(&mut self, g: (u32, u32)) -> bool {
        if self.len >= self.cap {
            return false;
        }
        match self.items.get_mut(self.len) {
            Some(slot) => {
                *slot = g;
                self.len += 1;
                true
            }
            None => false,
        }
    }

    /// The groups, in order.
    pub fn as_slice(&self) -> &[(u32, u32)] {
        self.items.get(..self.len).unwrap_or(&[])
    }
}

/// The standard trait impls of a classification code type `$code` whose levels are `$level`:
/// [`Code`](crate::Code), `Display` (the digits), `Debug` (`$code(digits)`), `FromStr`,
/// `TryFrom<u32>`, `From<$code> for u32` and, with the calling crate's `serde` feature,
/// `Serialize` (as a string) and `Deserialize` (from any form `parse` accepts).
///
/// `$code` must have the inherent methods `new(u32) -> Option<Self>`, `value`, `parse`,
/// `sort_key`, `level`, `lei`, `parent`, `lineage`, `contains` and `descendant_bounds`, and
/// `$level` the methods `child` and `chinese`; `Code` forwards to them. `TryFrom<u32>` takes
/// its message from the code's [`Classification`](crate::Classification).
#[doc(hidden)]
#[macro_export]
macro_rules! impl_code_traits {
    ($code:ident, $level:ident) => {
        impl $crate::Code for $code {
            type Level = $level;

            #[inline]
            fn parse(text: &str) -> ::core::result::Result<Self, $crate::CatalogueError<Self>> {
                $code::parse(text)
            }

            #[inline]
            fn sort_key(self) -> u32 {
                $code::sort_key(self)
            }

            #[inline]
            fn level(self) -> $level {
                $code::level(self)
            }

            #[inline]
            fn child_level(level: $level) -> ::core::option::Option<$level> {
                level.child()
            }

            #[inline]
            fn level_name(level: $level) -> &'static str {
                level.chinese()
            }

            #[inline]
            fn lei(self) -> u32 {
                $code::lei(self)
            }

            #[inline]
            fn parent(self) -> ::core::option::Option<Self> {
                $code::parent(self)
            }

            #[inline]
            fn lineage(self) -> ::std::vec::Vec<Self> {
                $code::lineage(self)
            }

            #[inline]
            fn contains(self, other: Self) -> bool {
                $code::contains(self, other)
            }

            #[inline]
            fn descendant_bounds(self) -> (Self, Self) {
                $code::descendant_bounds(self)
            }
        }

        impl ::core::fmt::Display for $code {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::write!(f, "{}", self.value())
            }
        }

        impl ::core::fmt::Debug for $code {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::write!(f, "{}({})", ::core::stringify!($code), self.value())
            }
        }

        impl ::core::str::FromStr for $code {
            type Err = $crate::CatalogueError<$code>;
            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                <$code as $crate::Code>::parse(s)
            }
        }

        impl ::core::convert::TryFrom<u32> for $code {
            type Error = $crate::CatalogueError<$code>;
            fn try_from(value: u32) -> ::core::result::Result<Self, Self::Error> {
                $code::new(value).ok_or_else(|| {
                    $crate::CatalogueError::new(
                        $crate::CatalogueErrorKind::OutOfRange,
                        ::std::format!(
                            "{} {}",
                            value,
                            <$code as $crate::Classification>::NOT_A_CODE
                        ),
                    )
                })
            }
        }

        impl ::core::convert::From<$code> for u32 {
            fn from(code: $code) -> u32 {
                code.value()
            }
        }

        #[cfg(feature = "serde")]
        impl ::serde::Serialize for $code {
            fn serialize<S: ::serde::Serializer>(
                &self,
                s: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> ::serde::Deserialize<'de> for $code {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                d: D,
            ) -> ::core::result::Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                <$code as $crate::Code>::parse(&s).map_err(::serde::de::Error::custom)
            }
        }
    };
}
