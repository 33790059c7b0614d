//! Comparing names of classification items (科目名称): which differences between a name a
//! document writes and a catalogue's name are mere variants ([`VariantKind`]) — script,
//! punctuation, 与/和, a missing trailing 支出. Shared by `cnbudget-functional` and
//! `cnbudget-economic`, which re-export these items.

use crate::to_simplified;

/// One way in which a name written in a document differs from the catalogue name while
/// still meaning the same 科目.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum VariantKind {
    /// Traditional characters (`醫療保障`) for simplified (`医疗保障`).
    Script,
    /// Punctuation, brackets, white space or full-width forms differ (`(室)` / `（室）`).
    Punctuation,
    /// `与` written for `和` or the reverse.
    Conjunction,
    /// The trailing `支出` is missing or added (`卫生健康` for `卫生健康支出`).
    TrailingExpenditure,
    /// A known abbreviation of the name (from the crate's abbreviation table).
    Abbreviation,
    /// The name is cut short (a PDF cell too narrow): a prefix of at least four characters
    /// of this code's name, and not itself the name of another code.
    Truncated,
}

crate::named_values!(VariantKind, "name variant kind" {
    Script => "script" | "traditional script",
    Punctuation => "punctuation" | "punctuation or width",
    Conjunction => "conjunction" | "与/和",
    TrailingExpenditure => "trailing_expenditure" | "trailing 支出",
    Abbreviation => "abbreviation" | "known abbreviation",
    Truncated => "truncated",
});

impl VariantKind {
    /// A short English description.
    pub const fn describe(self) -> &'static str {
        match self {
            VariantKind::Script => "traditional script",
            VariantKind::Punctuation => "punctuation or width",
            VariantKind::Conjunction => "与/和",
            VariantKind::TrailingExpenditure => "trailing 支出",
            VariantKind::Abbreviation => "known abbreviation",
            VariantKind::Truncated => "truncated",
        }
    }
}

fn is_dropped(ch: char) -> bool {
    ch.is_whitespace()
        || ch.is_ascii_punctuation()
        || matches!(
            ch,
            '（' | '）'
                | '【'
                | '】'
                | '「'
                | '」'
                | '『'
                | '』'
                | '《'
                | '》'
                | '〈'
                | '〉'
                | '“'
                | '”'
                | '‘'
                | '’'
                | '、'
                | '，'
                | '。'
                | '：'
                | '；'
                | '·'
                | '・'
                | '—'
                | '－'
                | '…'
                | '！'
                | '？'
                | '\u{feff}'
                | '\u{200b}'
        )
}

/// The normalisation stages, so that [`variant_kinds`] can leave one out.
#[derive(Clone, Copy)]
struct Stages {
    punctuation: bool,
    conjunction: bool,
    trailing: bool,
}

const ALL: Stages = Stages {
    punctuation: true,
    conjunction: true,
    trailing: true,
};

fn normalise_with(s: &str, st: Stages) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        let ch = match ch {
            '\u{ff01}'..='\u{ff5e}' if st.punctuation => {
                char::from_u32(ch as u32 - 0xfee0).unwrap_or(ch)
            }
            _ => ch,
        };
        if st.punctuation && is_dropped(ch) {
            continue;
        }
        let ch = if st.conjunction && ch == '与' {
            '和'
        } else {
            ch
        };
        out.push(ch);
    }
    if st.trailing && out.len() > "支出".len() && out.ends_with("支出") {
        out.truncate(out.len() - "支出".len());
    }
    out
}

/// The comparison key of a name that is already in simplified script: full-width forms,
/// white space and punctuation removed, `与` → `和`, a trailing `支出` dropped.
///
/// The generated tables store this key for every catalogue name. Two names are variants
/// of each other when their keys are equal.
///
/// ```
/// use cnbudget_text::names::name_key_simplified;
/// assert_eq!(name_key_simplified("党委办公厅（室）及相关机构事务"), "党委办公厅室及相关机构事务");
/// assert_eq!(name_key_simplified("文化旅游体育与传媒支出"), "文化旅游体育和传媒");
/// ```
pub fn name_key_simplified(s: &str) -> String {
    normalise_with(s, ALL)
}

/// The comparison key of any name: [`name_key_simplified`] after traditional → simplified
/// conversion.
///
/// ```
/// use cnbudget_text::names::name_key;
/// assert_eq!(name_key("卫生健康 支出"), "卫生健康");
/// ```
pub fn name_key(s: &str) -> String {
    name_key_simplified(&to_simplified(s))
}

/// Which [`VariantKind`]s separate `written` from `catalogue`, if their keys are equal.
///
/// Returns `None` when the two are not variants of each other, and an empty list when they
/// are identical. Each kind listed is needed: without that normalisation the names would
/// not match.
///
/// ```
/// use cnbudget_text::names::{variant_kinds, VariantKind};
/// assert_eq!(variant_kinds("住房保障", "住房保障支出"), Some(vec![VariantKind::TrailingExpenditure]));
/// assert_eq!(variant_kinds("文化体育和传媒", "文化体育与传媒"), Some(vec![VariantKind::Conjunction]));
/// assert_eq!(variant_kinds("行政运行", "机关服务"), None);
/// ```
pub fn variant_kinds(written: &str, catalogue: &str) -> Option<Vec<VariantKind>> {
    if written == catalogue {
        return Some(Vec::new());
    }
    let simplified = to_simplified(written);
    if name_key_simplified(&simplified) != name_key_simplified(catalogue) {
        return None;
    }
    Some(kinds_of_match(written, &simplified, catalogue))
}

/// The variant kinds of a pair already known to match (`simplified` is `written` in
/// simplified script): each normalisation whose absence would break the match.
///
/// ```
/// use cnbudget_text::names::{VariantKind, kinds_of_match};
/// assert_eq!(kinds_of_match("卫生健康", "卫生健康", "卫生健康支出"), [VariantKind::TrailingExpenditure]);
/// ```
pub fn kinds_of_match(written: &str, simplified: &str, catalogue: &str) -> Vec<VariantKind> {
    let mut kinds = Vec::new();
    if simplified != written && name_key_simplified(written) != name_key_simplified(catalogue) {
        kinds.push(VariantKind::Script);
    }
    let without = |st: Stages| normalise_with(simplified, st) != normalise_with(catalogue, st);
    if without(Stages {
        punctuation: false,
        ..ALL
    }) {
        kinds.push(VariantKind::Punctuation);
    }
    if without(Stages {
        conjunction: false,
        ..ALL
    }) {
        kinds.push(VariantKind::Conjunction);
    }
    if without(Stages {
        trailing: false,
        ..ALL
    }) {
        kinds.push(VariantKind::TrailingExpenditure);
    }
    kinds
}

/// Whether `written` is `catalogue` cut short: a proper prefix of at least four characters
/// (compared without punctuation and with 与 read as 和, but keeping a trailing 支出).
///
/// ```
/// use cnbudget_text::names::is_truncation;
/// assert!(is_truncation("机关事业单位基本养老保险缴费支", "机关事业单位基本养老保险缴费支出"));
/// ```
pub fn is_truncation(written: &str, catalogue: &str) -> bool {
    let st = Stages {
        trailing: false,
        ..ALL
    };
    let w = normalise_with(&to_simplified(written), st);
    let c = normalise_with(catalogue, st);
    w.chars().count() >= 4 && w.len() < c.len() && c.starts_with(&w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_the_needed_ones() {
        assert_eq!(
            variant_kinds(
                "党委办公厅(室)及相关机构事务",
                "党委办公厅（室）及相关机构事务"
            ),
            Some(vec![VariantKind::Punctuation])
        );
        assert_eq!(
            variant_kinds("文化旅游体育与传媒", "文化旅游体育与传媒支出"),
            Some(vec![VariantKind::TrailingExpenditure])
        );
        assert_eq!(variant_kinds("支出", "支出"), Some(vec![]));
        assert_eq!(
            variant_kinds("其他支出", "其他"),
            Some(vec![VariantKind::TrailingExpenditure])
        );
        assert_eq!(variant_kinds("", "行政运行"), None);
        assert!(is_truncation(
            "机关事业单位基本养老保险缴费支",
            "机关事业单位基本养老保险缴费支出"
        ));
        assert!(!is_truncation("行政运", "行政运行"));
        assert!(!is_truncation("行政运行", "行政运行"));
    }
}
