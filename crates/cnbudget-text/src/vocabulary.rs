//! What the workspace's crates share to name their values the same way: the error of parsing
//! a named value ([`ParseNameError`]) and the macro that gives an enum its names.

use std::fmt;

/// Text that names none of a type's values: the error of `FromStr` for the named values of
/// the cnbudget crates (table kinds, column roles, units of money, classification levels,
/// severities, …).
///
/// Each of those types prints with [`Display`](fmt::Display) a name that `FromStr` reads back,
/// and `FromStr` reads its serde name (`snake_case`) too.
///
/// ```
/// use cnbudget_text::Script;
///
/// assert_eq!("traditional".parse::<Script>(), Ok(Script::Traditional));
/// assert_eq!(Script::Mixed.to_string().parse::<Script>(), Ok(Script::Mixed));
/// let err = "klingon".parse::<Script>().unwrap_err();
/// assert_eq!((err.what(), err.text()), ("script", "klingon"));
/// assert_eq!(err.to_string(), "unknown script: `klingon`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseNameError {
    what: &'static str,
    text: String,
}

impl ParseNameError {
    /// The error for `text`, which names no `what` (`"table kind"`). The text is kept up to
    /// its first 80 characters.
    pub fn new(what: &'static str, text: &str) -> ParseNameError {
        ParseNameError {
            what,
            text: text.chars().take(80).collect(),
        }
    }

    /// What was to be named (`"table kind"`, `"unit of money"`).
    pub fn what(&self) -> &'static str {
        self.what
    }

    /// The text that names nothing (at most its first 80 characters).
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for ParseNameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {}: `{}`", self.what, self.text)
    }
}

impl std::error::Error for ParseNameError {}

/// Gives a field-less enum its names: `ALL` (every value, in declaration order),
/// [`Display`](core::fmt::Display) (the first name of each value) and
/// [`FromStr`](core::str::FromStr) (every name of each value, surrounding white space ignored,
/// else a [`ParseNameError`]); with `fn name` after the description, also a `const fn` of
/// that name returning the first name (its doc comment written before `fn`).
///
/// Used by the cnbudget crates for their enums; the first name is what a reader expects to
/// see (the serde name, or the term the documents print, as `万元` or `款`), the others are
/// accepted spellings (the serde name when the first is not it).
///
/// ```
/// #[derive(Debug, Clone, Copy, PartialEq, Eq)]
/// enum Side {
///     Income,
///     Expenditure,
/// }
/// cnbudget_text::named_values!(Side, "side",
///     /// The side in English.
///     fn as_str {
///     Income => "income" | "收入",
///     Expenditure => "expenditure" | "支出",
/// });
///
/// assert_eq!(Side::ALL, [Side::Income, Side::Expenditure]);
/// assert_eq!(Side::Income.to_string(), "income");
/// assert_eq!(Side::Expenditure.as_str(), "expenditure");
/// assert_eq!(" 支出 ".parse::<Side>(), Ok(Side::Expenditure));
/// assert!("both".parse::<Side>().is_err());
/// ```
#[macro_export]
macro_rules! named_values {
    ($ty:ident, $what:literal, $( #[$meta:meta] )* fn $method:ident { $( $variant:ident => $name:literal $( | $alias:literal )* ),+ $(,)? }) => {
        impl $ty {
            $( #[$meta] )*
            ///
            /// The name [`Display`](::core::fmt::Display) prints, the first of the names
            /// [`FromStr`](::core::str::FromStr) reads.
            pub const fn $method(self) -> &'static str {
                match self {
                    $( $ty::$variant => $name, )+
                }
            }
        }

        $crate::named_values!($ty, $what { $( $variant => $name $( | $alias )* ),+ });
    };
    ($ty:ident, $what:literal { $( $variant:ident => $name:literal $( | $alias:literal )* ),+ $(,)? }) => {
        impl $ty {
            /// Every value, in declaration order.
            pub const ALL: &'static [$ty] = &[ $( $ty::$variant ),+ ];
        }

        impl ::core::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(match self {
                    $( $ty::$variant => $name, )+
                })
            }
        }

        impl ::core::str::FromStr for $ty {
            type Err = $crate::ParseNameError;

            fn from_str(s: &str) -> ::core::result::Result<$ty, $crate::ParseNameError> {
                match s.trim() {
                    $( $name $( | $alias )* => ::core::result::Result::Ok($ty::$variant), )+
                    other => ::core::result::Result::Err($crate::ParseNameError::new($what, other)),
                }
            }
        }
    };
}
