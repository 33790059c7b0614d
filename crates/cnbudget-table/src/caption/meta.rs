//! Unit and issuer lines (`部门：…  金额单位：万元`), parenthesised units, year lines and
//! the short key–value lines of a caption.

use nom::{Finish, IResult, Parser, branch::alt, bytes::complete::tag, combinator::all_consuming};

use crate::cell::{fold, squash, trim_ws};
use crate::model::AmountUnit;

fn unit_word(i: &str) -> IResult<&str, AmountUnit> {
    alt((
        tag("万元").map(|_| AmountUnit::TenThousandYuan),
        tag("千元").map(|_| AmountUnit::ThousandYuan),
        tag("亿元").map(|_| AmountUnit::HundredMillionYuan),
        tag("元").map(|_| AmountUnit::Yuan),
    ))
    .parse(i)
}

/// What a caption line says about its table.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Meta {
    pub issuer: Option<String>,
    pub unit: Option<AmountUnit>,
    /// `金额：` or `单位：` with nothing after it: the unit is on the next line.
    pub unit_pending: bool,
}

const ISSUER_KEYS: [&str; 7] = [
    "编制部门",
    "编制单位",
    "预算单位",
    "部门(单位)名称",
    "部门名称",
    "单位名称",
    "部门",
];

/// Read `部门：…`, `编制部门：…`, `预算单位：…`, `单位：万元`, `金额单位：元`,
/// `金额：` (unit on the next line) out of a caption line.
pub(crate) fn scan_meta(line: &str) -> Meta {
    let mut meta = Meta::default();
    // Without a colon (`:` or the full-width `：` that folds to it) there is no key: the
    // line is not folded.
    if line.len() > 1200 || !has_colon(line.as_bytes()) {
        return meta;
    }
    let folded = fold(line);
    let t = trim_ws(&folded);
    if t.len() > 1200 || !t.contains(':') {
        // also the bare `万元` / `(单位:万元)` forms are handled by callers
        return meta;
    }
    let mut rest = t;
    while let Some(pos) = rest.find(':') {
        let (key_part, after) = rest.split_at(pos);
        let after = after.get(1..).unwrap_or("").trim_start();
        let key: String = key_part
            .trim()
            .trim_start_matches(['(', '（'])
            .split_whitespace()
            .last()
            .unwrap_or("")
            .to_string();
        let value_end = after.find("  ").unwrap_or(after.len());
        let mut value = after.get(..value_end).unwrap_or("").trim();
        // `部门：区医保局 金额单位：万元` — stop the value at the next key.
        for k in ["金额单位", "单位:", "金额:"] {
            if let Some(p) = value.find(k) {
                value = value.get(..p).unwrap_or("").trim();
            }
        }
        let value = value.trim_end_matches([')', '）']);
        if key.ends_with("单位") || key.ends_with("金额") {
            if let Ok((_, u)) = unit_word(value) {
                meta.unit = Some(u);
            } else if value.is_empty()
                && (key == "金额" || key.ends_with("金额单位") || key == "单位")
            {
                meta.unit_pending = true;
            } else if ISSUER_KEYS.iter().any(|k| key.ends_with(k)) && !value.is_empty() {
                meta.issuer.get_or_insert_with(|| value.to_string());
            }
        } else if ISSUER_KEYS.iter().any(|k| key.ends_with(k)) && !value.is_empty() {
            meta.issuer.get_or_insert_with(|| value.to_string());
        }
        rest = after;
    }
    meta
}

/// Does `b` hold `:` or `：` (EF BC 9A)?
fn has_colon(b: &[u8]) -> bool {
    memchr::memchr(b':', b).is_some()
        || memchr::memchr_iter(0x9A, b)
            .any(|i| i >= 2 && b.get(i - 2..i) == Some(&[0xEF, 0xBC][..]))
}

/// A line that is only a unit word (`万元`), the second half of `金额：` / `万元`.
pub(crate) fn bare_unit(line: &str) -> Option<AmountUnit> {
    let folded = fold(line);
    let t = trim_ws(&folded).trim_matches(['(', ')']);
    match all_consuming(unit_word).parse(t).finish() {
        Ok((_, u)) => Some(u),
        Err(_) => None,
    }
}

/// `（单位：万元）` written as a bare parenthesised unit, or `单位:元` handled by scan_meta.
pub(crate) fn paren_unit(t: &str) -> Option<AmountUnit> {
    if !t.contains("单位") {
        return None;
    }
    let s = squash(t);
    let s = s.trim_matches(['(', ')']);
    let s = s
        .strip_prefix("单位")
        .or_else(|| s.strip_prefix("金额单位"))?;
    bare_unit(s.trim_start_matches(':'))
}

pub(crate) fn year_line(t: &str) -> bool {
    if !t.contains('年') {
        return false;
    }
    let s = squash(t);
    let s = s.trim_matches(['(', ')']);
    s.chars().count() <= 12
        && s.contains('年')
        && s.chars().filter(char::is_ascii_digit).count() >= 4
}

pub(crate) fn short_kv(t: &str) -> bool {
    let n = t.chars().count();
    n <= 50 && (t.contains('：') || t.contains(':')) && !t.ends_with('。')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::caption::number::{number_in_title, table_number_line};

    #[test]
    fn numbers_and_meta() {
        assert_eq!(table_number_line("附件3").as_deref(), Some("附件3"));
        assert_eq!(table_number_line("附件 2").as_deref(), Some("附件2"));
        assert_eq!(table_number_line("表1-1").as_deref(), Some("表1-1"));
        assert_eq!(
            table_number_line("## 附件3-11").as_deref(),
            Some("附件3-11")
        );
        assert_eq!(table_number_line("公开01表").as_deref(), Some("公开01表"));
        assert_eq!(table_number_line("表一").as_deref(), Some("表一"));
        assert_eq!(table_number_line("表示"), None);
        assert_eq!(
            number_in_title("部门收入总表（公开表 1-1）").as_deref(),
            Some("公开表1-1")
        );
        let m = scan_meta("部门：区医保局 金额单位：万元");
        assert_eq!(m.issuer.as_deref(), Some("区医保局"));
        assert_eq!(m.unit, Some(AmountUnit::TenThousandYuan));
        let m = scan_meta("预算单位：渭南市医疗保险经办中心");
        assert_eq!(m.issuer.as_deref(), Some("渭南市医疗保险经办中心"));
        assert_eq!(m.unit, None);
        assert!(scan_meta("金额：").unit_pending);
        assert_eq!(bare_unit("万元"), Some(AmountUnit::TenThousandYuan));
        assert_eq!(scan_meta("单位：元").unit, Some(AmountUnit::Yuan));
    }
}
