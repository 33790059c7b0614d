//! Title lines: what a line says as a table title, and the kind a title implies.

use crate::cell::{continuation_bytes, has_sub, split_ordinal, squash, strip_heading, trim_ws};
use crate::model::TableKind;

use super::number::{number_in_title, table_number_line};

/// Cheap test before [`title_info`]: can this line be a title at all?
pub(crate) fn maybe_title(line: &str) -> bool {
    if line.len() > 300 || line.len() < 6 || line.is_ascii() {
        return false;
    }
    let mut t = line.trim_end_matches(|c: char| c.is_whitespace() || c == '*' || c == '#');
    // A title wrapped in markup (`<b>…</b>`, `<h2>…</h2>`): look before the closing tags.
    while t.ends_with('>') {
        match t.rfind('<') {
            Some(p) => t = t.get(..p).unwrap_or_default().trim_end(),
            None => break,
        }
    }
    if t.ends_with('表') || t.ends_with("预算") || t.ends_with("决算") || t.ends_with("明细")
    {
        return !t.trim_start_matches('\t').contains('\t');
    }
    (t.ends_with(')') || t.ends_with('）')) && t.contains('表') && !t.contains('\t')
}

/// What a title-like line says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TitleInfo {
    pub title: String,
    pub kind: TableKind,
    pub ordinal: Option<String>,
    pub number: Option<String>,
}

fn cut_prefix<'a>(s: &'a str, prefixes: &[&str]) -> &'a str {
    for p in prefixes {
        if let Some(r) = s.strip_prefix(p) {
            return r.trim_start();
        }
    }
    s
}

/// A line that reads as a table title (or a contents entry naming a table).
pub(crate) fn title_info(line: &str) -> Option<TitleInfo> {
    if !maybe_title(line) {
        return None;
    }
    if line.len() > 300 || line.contains('\t') && line.trim_start_matches('\t').contains('\t') {
        return None;
    }
    let stripped = strip_heading(line);
    let t = trim_ws(&stripped);
    let n = t.chars().count();
    if !(3..=80).contains(&n) {
        return None;
    }
    if t.ends_with(['。', '；', ';', ':', '：', '、'])
        || t.contains(['。', '，', ','])
        || t.contains("  ")
        || t.contains('\u{3000}')
    {
        return None;
    }
    if !t.contains('表') {
        let tabular_end = t.ends_with("预算") || t.ends_with("决算");
        let ok = (t.ends_with("明细") && n >= 6)
            || (tabular_end && n >= 10 && (t.contains("支出") || t.contains("收入")));
        if !ok {
            return None;
        }
    }
    let t = cut_prefix(t, &["附件：", "附件:"]);
    let (ordinal, rest) = split_ordinal(t);
    let mut rest = rest.into_owned();
    let mut number = None;
    // `表5 部门…表`, `附件3 …`
    if let Some((head, tail)) = rest.split_once(' ') {
        if let Some(num) = table_number_line(head) {
            number = Some(num);
            rest = trim_ws(tail).to_string();
        }
    }
    if let Some(num) = number_in_title(&rest) {
        number.get_or_insert(num);
        if let Some(p) = rest.rfind(['(', '（']) {
            rest.truncate(p);
        }
    }
    let sq = squash(&rest);
    if sq.starts_with('第') && sq.contains("部分") {
        return None;
    }
    if sq.contains("说明") && !sq.ends_with('表') {
        return None;
    }
    let kind = kind_from_title(&sq);
    let table_word = sq.ends_with('表') || sq.contains("表(") || sq.contains("表（");
    if kind == TableKind::Other && !table_word {
        return None;
    }
    if kind == TableKind::Other
        && !sq.contains("预算")
        && !sq.contains("决算")
        && !sq.contains("明细")
    {
        // `目录`-like or unrelated `…表` words: only the clearly tabular ones.
        if !(sq.ends_with("总表")
            || sq.ends_with("明细表")
            || sq.ends_with("统计表")
            || sq.ends_with("情况表"))
        {
            return None;
        }
    }
    Some(TitleInfo {
        title: trim_ws(&rest).to_string(),
        kind,
        ordinal,
        number,
    })
}

/// The kind a (squashed, simplified) title implies.
pub(crate) fn kind_from_title(t: &str) -> TableKind {
    // A word is searched for only when the title holds all its continuation bytes (the
    // words' sets fold to constants).
    let bytes = continuation_bytes(t);
    let has = |k: &str| continuation_bytes(k) & !bytes == 0 && has_sub(t, k);
    if has("自评") {
        return TableKind::PerformanceSelfEvaluation;
    }
    if has("绩效") {
        return if has("整体") {
            TableKind::OverallPerformance
        } else {
            TableKind::ProjectPerformance
        };
    }
    if has("三公") {
        return TableKind::ThreePublic;
    }
    if has("机关运行经费") {
        // 机关运行经费 tables (Jiangsu set) have no kind of their own.
        return TableKind::Other;
    }
    if has("会议费") || has("培训费") {
        return TableKind::MeetingTraining;
    }
    if has("采购") {
        return TableKind::Procurement;
    }
    if has("国有资本经营") {
        return TableKind::StateCapital;
    }
    if has("政府性基金") {
        return TableKind::GovernmentFund;
    }
    if has("财政拨款收支") || has("财政拨款收入支出") {
        return TableKind::FiscalAppropriationSummary;
    }
    if has("收支") && (has("总表") || has("总体")) || has("收入支出决算总表") {
        return TableKind::IncomeExpenditureSummary;
    }
    if has("收入") && (has("总表") || has("总体情况") || has("收入预算表") || has("收入决算表"))
    {
        return TableKind::IncomeSummary;
    }
    if has("基本支出") {
        return if has("功能") {
            TableKind::GeneralBudgetBasicByFunction
        } else {
            TableKind::GeneralBudgetBasicByEconomic
        };
    }
    if has("项目支出") || has("专项业务经费") || has("专项资金") {
        return TableKind::ProjectExpenditure;
    }
    if has("支出") && has("总表") {
        return TableKind::ExpenditureSummary;
    }
    if (has("一般公共预算") || has("财政拨款")) && has("支出") {
        return if has("经济") {
            TableKind::GeneralBudgetByEconomic
        } else {
            TableKind::GeneralBudgetByFunction
        };
    }
    if has("支出") && (has("预算表") || has("决算表") || has("总体情况")) {
        return TableKind::ExpenditureSummary;
    }
    TableKind::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_wrapped_in_markup() {
        assert!(maybe_title("<h2>表3 一般公共预算支出表</h2>"));
        assert_eq!(
            title_info("<h2>表3 一般公共预算支出表</h2>").map(|t| t.kind),
            Some(TableKind::GeneralBudgetByFunction)
        );
    }

    #[test]
    fn titles() {
        let t = title_info("\t重庆市荣昌区医疗保障局2023年财政拨款收支总表").unwrap();
        assert_eq!(t.kind, TableKind::FiscalAppropriationSummary);
        let t = title_info("## 二、部门收入总表（公开表 1-1）").unwrap();
        assert_eq!(t.kind, TableKind::IncomeSummary);
        assert_eq!(t.number.as_deref(), Some("公开表1-1"));
        assert_eq!(t.title, "部门收入总表");
        assert_eq!(t.ordinal.as_deref(), Some("二、"));
        let t =
            title_info("# 天津市蓟江区医疗保障事务中心一般公共预算财政拨款基本支出预算").unwrap();
        assert_eq!(t.kind, TableKind::GeneralBudgetBasicByEconomic);
        // 重庆's set names its summaries 总体情况表.
        let kind = |t: &str| title_info(t).map(|t| t.kind);
        assert_eq!(
            kind("2026年部门收支总体情况表"),
            Some(TableKind::IncomeExpenditureSummary)
        );
        assert_eq!(
            kind("2026年部门收入总体情况表"),
            Some(TableKind::IncomeSummary)
        );
        assert_eq!(
            kind("2026年部门支出总体情况表"),
            Some(TableKind::ExpenditureSummary)
        );
        assert!(title_info("本单位当年无政府采购预算，并已公开空表").is_none());
        assert!(title_info("## 第二部分 乐山市市中区医疗保障局 2023 年部门预算表").is_none());
        assert_eq!(
            title_info("2023年部门综合预算一般公共预算支出明细表（按经济分类科目分）")
                .unwrap()
                .kind,
            TableKind::GeneralBudgetByEconomic
        );
    }
}
