//! Titles, kinds, column roles: the vocabulary of the documents.

use std::borrow::Cow;

use crate::grammar::{fold, number_in_title, split_ordinal, table_number_line, trim_ws};
use crate::lexicon::{is_cell_total_word, opens_note};
use crate::model::{CodeSystem, ColumnRole, Side, TableKind};

/// Remove markup debris from a cell or line: `<b>`, `</b>`, `<p>`, `</p>`,
/// `<br>`, `**`, LaTeX `$\leq$` / `$\geq$` / `$ $`, any other HTML tag
/// (`<h2>`, `<span class="x">`, `</td>`); decode HTML entities (`&nbsp;`,
/// `&amp;`, `&ldquo;`, `&#12288;` …); then trim.
pub(crate) fn clean(raw: &str) -> Cow<'_, str> {
    // `\u{c}` (form feed) is whitespace: `trim_ws` is `trim`.
    let t = crate::grammar::trim_ws(raw);
    let b = t.as_bytes();
    if !b
        .iter()
        .any(|&x| matches!(x, b'<' | b'$' | b'*' | b'\\' | b'&'))
    {
        return Cow::Borrowed(t);
    }
    let (lt, dollar, star, backslash, amp) = (
        b.contains(&b'<'),
        b.contains(&b'$'),
        b.contains(&b'*'),
        b.contains(&b'\\'),
        b.contains(&b'&'),
    );
    let mut s = t.to_string();
    // Tags in general go below; line breaks become spaces first.
    for (from, to) in [
        ("<br>", " "),
        ("<br/>", " "),
        ("<br />", " "),
        ("**", ""),
        ("$\\leq$", "≤"),
        ("$\\geq$", "≥"),
        ("\\leq", "≤"),
        ("\\geq", "≥"),
        ("$ $", ""),
    ] {
        let possible = match from.as_bytes().first() {
            Some(b'<') => lt,
            Some(b'$') => dollar,
            Some(b'*') => star,
            Some(b'\\') => backslash,
            _ => true,
        };
        if possible && s.contains(from) {
            s = s.replace(from, to);
        }
    }
    if lt && s.contains('<') {
        s = strip_tags(&s);
    }
    if amp && s.contains('&') {
        s = decode_entities(&s);
    }
    Cow::Owned(trim_ws(&s).to_string())
}

/// A prose line with HTML tags stripped and entities decoded (a web page's
/// paragraphs); other markup (`**`, LaTeX) and spacing are left as written.
pub(crate) fn unmarkup(s: &str) -> Cow<'_, str> {
    let b = s.as_bytes();
    let tag = memchr::memchr_iter(b'<', b).any(|i| {
        b.get(i + 1)
            .is_some_and(|&c| c.is_ascii_alphabetic() || c == b'/' || c == b'!')
    });
    let amp = memchr::memchr(b'&', b).is_some();
    if !tag && !amp {
        return Cow::Borrowed(s);
    }
    let mut out = if tag { strip_tags(s) } else { s.to_string() };
    if amp && out.contains('&') {
        out = decode_entities(&out);
    }
    if out == s {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(out)
    }
}

/// `s` without HTML tags: `<` then a letter, `/` or `!`, up to the next `>`
/// (at most 300 bytes on, with no `<` between). `≤`-style text such as `<5次`
/// or `a < b` is kept.
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('<') {
        let (before, from) = rest.split_at(p);
        out.push_str(before);
        let after = from.get(1..).unwrap_or_default();
        let tag_like = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        let end = after
            .char_indices()
            .take_while(|&(i, c)| i < 300 && c != '<')
            .find(|&(_, c)| c == '>')
            .map(|(i, _)| i);
        match end {
            Some(e) if tag_like => rest = after.get(e + 1..).unwrap_or_default(),
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `s` with HTML entities decoded: the named ones documents use and numeric
/// ones (`&#12288;`, `&#x3000;`); anything else is left as written.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        let (before, from) = rest.split_at(p);
        out.push_str(before);
        let after = from.get(1..).unwrap_or_default();
        let semi = after
            .char_indices()
            .take(12)
            .find(|&(_, c)| c == ';')
            .map(|(i, _)| i);
        let decoded = semi.and_then(|i| {
            let name = after.get(..i)?;
            let c = match name {
                "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "ldquo" => '“',
                "rdquo" => '”',
                "lsquo" => '‘',
                "rsquo" => '’',
                "mdash" => '—',
                "ndash" => '–',
                "hellip" => '…',
                "middot" => '·',
                "times" => '×',
                "divide" => '÷',
                "le" => '≤',
                "ge" => '≥',
                "yen" => '¥',
                "permil" => '‰',
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse::<u32>().ok()?,
                    };
                    char::from_u32(code).filter(|c| !c.is_control() || c.is_whitespace())?
                }
            };
            Some((c, i))
        });
        match decoded {
            Some((c, i)) => {
                out.push(c);
                rest = after.get(i + 1..).unwrap_or_default();
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Remove all whitespace and fold full-width punctuation (for matching labels).
pub(crate) fn squash(s: &str) -> Cow<'_, str> {
    if !crate::grammar::needs_squash(s.as_bytes()) {
        return Cow::Borrowed(s);
    }
    if !crate::grammar::may_have_space(s.as_bytes()) || !s.contains(char::is_whitespace) {
        return fold(s);
    }
    let mut out = String::with_capacity(s.len());
    out.extend(
        s.chars()
            .map(crate::grammar::fold_char)
            .filter(|c| !c.is_whitespace()),
    );
    Cow::Owned(out)
}

/// `h.contains(n)`: a plain byte scan for short haystacks (labels, titles),
/// where setting up the general substring searcher costs more than the search.
pub(crate) fn has_sub(h: &str, n: &str) -> bool {
    let (hb, nb) = (h.as_bytes(), n.as_bytes());
    if hb.len() > 96 {
        return h.contains(n);
    }
    let Some((&first, rest)) = nb.split_first() else {
        return true;
    };
    let Some(&second) = rest.first() else {
        return memchr::memchr(first, hb).is_some();
    };
    // CJK needles share their lead byte with most of the text: test two bytes
    // before comparing the rest.
    hb.windows(nb.len())
        .any(|w| w.first() == Some(&first) && w.get(1) == Some(&second) && w.get(1..) == Some(rest))
}

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

/// Strip heading markers and list bullets from a prose-ish line.
pub(crate) fn strip_heading(line: &str) -> Cow<'_, str> {
    let c = clean(crate::grammar::trim_line(line));
    let mut t = c.trim_start_matches(|ch: char| ch == '#' || ch == '>' || ch.is_whitespace());
    while let Some(r) = t.strip_prefix("- ") {
        t = r;
    }
    let t = trim_ws(t);
    if t.len() == c.len() {
        c
    } else {
        Cow::Owned(t.to_string())
    }
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
    let has = |k: &str| has_sub(t, k);
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
    if has("收入") && (has("总表") || has("收入预算表") || has("收入决算表")) {
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
    if has("支出") && (has("预算表") || has("决算表")) {
        return TableKind::ExpenditureSummary;
    }
    TableKind::Other
}

/// Refine a kind with the header labels (squashed).
pub(crate) fn refine_kind(kind: TableKind, title: &str, labels: &[String]) -> TableKind {
    let any = |k: &str| labels.iter().any(|l| has_sub(l, k));
    match kind {
        TableKind::GeneralBudgetBasicByEconomic
            if !title.contains("经济") && any("功能") && !any("经济") =>
        {
            TableKind::GeneralBudgetBasicByFunction
        }
        TableKind::GeneralBudgetByFunction
            if !title.contains("功能") && any("经济") && !any("功能") =>
        {
            TableKind::GeneralBudgetByEconomic
        }
        TableKind::Other => {
            if any("一级指标") && any("得分") {
                TableKind::PerformanceSelfEvaluation
            } else if any("一级指标") {
                TableKind::ProjectPerformance
            } else if any("因公出国") {
                TableKind::ThreePublic
            } else if labels.iter().any(|l| l == "收入") && labels.iter().any(|l| l == "支出") {
                TableKind::IncomeExpenditureSummary
            } else if any("经济分类") && any("基本支出") {
                TableKind::GeneralBudgetBasicByEconomic
            } else if any("功能分类") && any("基本支出") {
                TableKind::GeneralBudgetByFunction
            } else {
                TableKind::Other
            }
        }
        k => k,
    }
}

/// The label without parenthesised parts: `单位(项目)名称` → `单位名称`.
fn strip_paren(l: &str) -> Cow<'_, str> {
    if !l.contains(['(', '（']) {
        return Cow::Borrowed(l);
    }
    let mut out = String::with_capacity(l.len());
    let mut depth = 0usize;
    for c in l.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    if out.is_empty() {
        Cow::Borrowed(l)
    } else {
        Cow::Owned(out)
    }
}

/// A header label naming an identifier column (code / name / 项目 / 序号).
pub(crate) fn is_identifier_label(l: &str) -> bool {
    let l = strip_paren(l);
    let l = l.as_ref();
    matches!(
        l,
        "项目" | "科目" | "序号" | "类" | "款" | "项" | "单位" | "报表"
    ) || l.ends_with("编码")
        || l.ends_with("代码")
        || l.ends_with("编号")
        || l.ends_with("名称")
        || l.ends_with("科目")
}

/// The role a single (squashed) label implies.
pub(crate) fn role_of_label(l: &str) -> Option<ColumnRole> {
    use ColumnRole as R;
    if l.is_empty() {
        return None;
    }
    let base = strip_paren(l);
    let base = base.as_ref();
    let has = |k: &str| has_sub(l, k);
    if base == "序号" {
        return Some(R::Ordinal);
    }
    if (has("单位代码") || has("单位编码")) && !has("名称") {
        return Some(R::UnitCode);
    }
    if matches!(base, "类" | "款" | "项")
        || base.ends_with("编码")
        || base.ends_with("代码")
        || base.ends_with("编号")
    {
        return Some(R::Code);
    }
    if base.ends_with("名称") || base == "项目" || base == "科目" || base.ends_with("科目")
    {
        return Some(R::Name);
    }
    if has("备注") {
        return Some(R::Remark);
    }
    if is_cell_total_word(base)
        || (base.ends_with("合计") || base.ends_with("总计")) && base.chars().count() <= 8
    {
        return Some(R::Total);
    }
    // Final accounts' balances: `年初结转和结余`, `年末结转和结余` (also `年初财政拨款结转和结余`).
    if (has("结转") || has("结余")) && !has("上年结转") {
        if has("年初") {
            return Some(R::OpeningBalance);
        }
        if has("年末") {
            return Some(R::ClosingBalance);
        }
    }
    if base == "本年收入" {
        return Some(R::CurrentIncome);
    }
    let table: [(&str, ColumnRole); 32] = [
        ("因公出国", R::OverseasTravel),
        ("购置及运行", R::Vehicles),
        ("公务用车购置费", R::VehiclePurchase),
        ("公务用车运行", R::VehicleOperation),
        ("公务接待", R::Reception),
        ("购置费", R::VehiclePurchase),
        ("运行费", R::VehicleOperation),
        ("运行维护费", R::VehicleOperation),
        ("基本支出", R::Basic),
        ("项目支出", R::Project),
        ("专项业务经费", R::Project),
        ("人员经费", R::Personnel),
        ("公用经费", R::Public),
        ("上缴上级", R::PaidToSuperior),
        ("事业单位经营支出", R::OperatingExpenditure),
        ("经营支出", R::OperatingExpenditure),
        ("事业单位经营收入", R::OperatingIncome),
        ("对附属单位补助", R::SubsidyToAffiliates),
        ("对下级单位补助", R::SubsidyToAffiliates),
        ("附属单位上缴", R::AffiliatePayment),
        ("上级补助", R::SuperiorSubsidy),
        ("一般公共预算", R::GeneralBudget),
        ("政府性基金", R::GovernmentFund),
        ("国有资本经营", R::StateCapital),
        ("财政专户", R::FiscalSpecialAccount),
        ("事业收入", R::BusinessIncome),
        ("其他收入", R::OtherIncome),
        ("上年结转", R::CarryOver),
        ("当年财政拨款", R::CurrentAppropriation),
        ("当年拨款", R::CurrentAppropriation),
        ("经营收入", R::OperatingIncome),
        ("财政拨款", R::FiscalAppropriation),
    ];
    for (k, r) in table {
        if has(k) {
            return Some(r);
        }
    }
    if has("预算数") || has("金额") || has("决算数") || has("执行数") || has("预算安排")
    {
        return Some(R::Amount);
    }
    None
}

/// The role of a column from its header path (last label first).
pub(crate) fn role_of_path(path: &[String]) -> ColumnRole {
    let mut labels = path.iter().rev();
    while let Some(l) = labels.next() {
        if let Some(r) = role_of_label(l) {
            // A plain amount or a 小计 under a 三公 item is that item (`因公出国(境)费 /
            // 预算数`, `公务用车购置及运行费 / 小计 / 决算数`); a plain amount under a total
            // is the total (`合计 / 决算数`): items printed twice, budget and final.
            if matches!(r, ColumnRole::Amount | ColumnRole::Total) {
                let above: Vec<ColumnRole> = labels.filter_map(|l| role_of_label(l)).collect();
                if let Some(item) = above.iter().copied().find(|a| {
                    matches!(
                        a,
                        ColumnRole::OverseasTravel
                            | ColumnRole::Vehicles
                            | ColumnRole::VehiclePurchase
                            | ColumnRole::VehicleOperation
                            | ColumnRole::Reception
                    )
                }) {
                    return item;
                }
                if r == ColumnRole::Amount && above.contains(&ColumnRole::Total) {
                    return ColumnRole::Total;
                }
            }
            return r;
        }
    }
    ColumnRole::Other
}

/// The side of a summary-table column.
pub(crate) fn side_of_path(path: &[String]) -> Option<Side> {
    let first = path.first()?;
    if first.chars().count() > 8 {
        return None;
    }
    if first.ends_with("收入") {
        Some(Side::Income)
    } else if first.ends_with("支出") {
        Some(Side::Expenditure)
    } else {
        None
    }
}

/// The code system a column implies, from its path, else from the table kind;
/// `role` is `role_of_path(path)`.
pub(crate) fn code_system_with_role(
    path: &[String],
    role: ColumnRole,
    kind: TableKind,
) -> CodeSystem {
    let any = |k: &str| path.iter().any(|l| has_sub(l, k));
    if role == ColumnRole::UnitCode {
        return CodeSystem::Unit;
    }
    if any("政府经济") || any("政府预算支出经济") {
        return CodeSystem::EconomicGovernment;
    }
    if any("经济") {
        return CodeSystem::EconomicDepartment;
    }
    if any("功能") {
        return CodeSystem::Function;
    }
    if any("项目编") {
        return CodeSystem::Project;
    }
    table_code_system(kind)
}

/// The code system a table kind implies for its row codes.
pub(crate) fn table_code_system(kind: TableKind) -> CodeSystem {
    use TableKind as K;
    match kind {
        K::GeneralBudgetByFunction
        | K::GeneralBudgetBasicByFunction
        | K::IncomeSummary
        | K::ExpenditureSummary
        | K::ProjectExpenditure
        | K::GovernmentFund
        | K::StateCapital => CodeSystem::Function,
        K::GeneralBudgetByEconomic | K::GeneralBudgetBasicByEconomic => {
            CodeSystem::EconomicDepartment
        }
        K::Procurement => CodeSystem::Project,
        _ => CodeSystem::Unknown,
    }
}

/// A name that marks a total row.
pub(crate) fn is_total_label(name: &str) -> bool {
    if name.len() > 40 || !(has_sub(name, "计") || has_sub(name, "数")) {
        return false;
    }
    let s = squash(name);
    is_cell_total_word(&s)
        || (s.chars().count() <= 8
            && (s.ends_with("合计") || s.ends_with("总计") || s.ends_with("总数")))
}

/// A note line: `备注：…`, `注：…`, `（备注：…）`.
pub(crate) fn is_note(line: &str) -> bool {
    let t = strip_heading(line);
    opens_note(t.trim_start_matches(['(', '（', '-', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_strips_tags_and_decodes_entities() {
        assert_eq!(
            clean("<h2>表3 一般公共预算支出表</h2>"),
            "表3 一般公共预算支出表"
        );
        assert_eq!(
            clean("<td class=\"x\">人大事务&nbsp;&amp;&nbsp;其他</td>"),
            "人大事务 & 其他"
        );
        assert_eq!(clean("&ldquo;三公&rdquo;经费&#12288;"), "“三公”经费");
        assert_eq!(clean("&#x4E00;&bogus;&"), "一&bogus;&");
        // Comparisons are not tags.
        assert_eq!(clean("<5次"), "<5次");
        assert_eq!(clean("a < b > c"), "a < b > c");
        assert_eq!(clean("≤<b>5</b>"), "≤5");
    }

    #[test]
    fn budget_and_final_figures_of_an_item_take_its_role() {
        let role = |p: &[&str]| role_of_path(&p.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        let top = "财政拨款“三公”经费";
        assert_eq!(
            role(&[top, "因公出国（境）费", "预算数"]),
            ColumnRole::OverseasTravel
        );
        assert_eq!(
            role(&[top, "公务用车购置及运行费", "小计", "决算数"]),
            ColumnRole::Vehicles
        );
        assert_eq!(
            role(&[top, "公务用车购置及运行费", "小计"]),
            ColumnRole::Vehicles
        );
        assert_eq!(role(&[top, "合计", "决算数"]), ColumnRole::Total);
        assert_eq!(role(&[top, "公务接待费", "决算数"]), ColumnRole::Reception);
        // Other tables keep the role of their last label.
        assert_eq!(role(&["2023年预算数", "基本支出"]), ColumnRole::Basic);
        assert_eq!(role(&["本年支出", "小计"]), ColumnRole::Total);
        assert_eq!(role(&["决算数"]), ColumnRole::Amount);
    }

    #[test]
    fn titles_wrapped_in_markup() {
        assert!(maybe_title("<h2>表3 一般公共预算支出表</h2>"));
        assert_eq!(
            title_info("<h2>表3 一般公共预算支出表</h2>").map(|t| t.kind),
            Some(TableKind::GeneralBudgetByFunction)
        );
    }

    #[test]
    fn has_sub_is_contains() {
        for (h, n) in [
            ("", ""),
            ("", "a"),
            ("a", ""),
            ("合计", "合计"),
            ("总合计", "合计"),
            ("合", "合计"),
            ("基本支出合计", "支出"),
            ("基本支出", "出合"),
        ] {
            assert_eq!(has_sub(h, n), h.contains(n), "{h:?} {n:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn has_sub_prop(h in "[ab合计]{0,40}", n in "[ab合计]{0,3}") {
            proptest::prop_assert_eq!(has_sub(&h, &n), h.contains(n.as_str()));
        }
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
        assert!(title_info("本单位当年无政府采购预算，并已公开空表").is_none());
        assert!(title_info("## 第二部分 乐山市市中区医疗保障局 2023 年部门预算表").is_none());
        assert_eq!(
            title_info("2023年部门综合预算一般公共预算支出明细表（按经济分类科目分）")
                .unwrap()
                .kind,
            TableKind::GeneralBudgetByEconomic
        );
    }

    #[test]
    fn roles() {
        let p = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            role_of_path(&p(&["2023年预算数", "基本支出"])),
            ColumnRole::Basic
        );
        assert_eq!(role_of_path(&p(&["支出", "合计"])), ColumnRole::Total);
        assert_eq!(
            role_of_path(&p(&["功能分类科目", "科目编码"])),
            ColumnRole::Code
        );
        assert_eq!(role_of_path(&p(&["收入", "项目"])), ColumnRole::Name);
        assert_eq!(role_of_path(&p(&["单位代码"])), ColumnRole::UnitCode);
        assert_eq!(side_of_path(&p(&["收入", "项目"])), Some(Side::Income));
    }
}
