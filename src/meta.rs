//! Document metadata: who published it, for which year, budget or final account, 部门 or 单位.
//!
//! ```
//! use cnbudget::meta::{Metadata, AccountKind, Scope};
//!
//! let text = "重庆市荣昌区医疗保障局2023年部门预算\n\n情况说明\n";
//! let meta = Metadata::from_text(text);
//! assert_eq!(meta.year, Some(2023));
//! assert_eq!(meta.kind, Some(AccountKind::Budget));
//! assert_eq!(meta.scope, Some(Scope::Department));
//! assert_eq!(meta.name.as_deref(), Some("重庆市荣昌区医疗保障局"));
//! ```

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// Budget (预算) or final account (决算).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    /// 预算: what is planned for the year.
    Budget,
    /// 决算: what was received and spent in the year.
    FinalAccount,
}

cnbudget_text::named_values!(AccountKind, "account kind" {
    Budget => "budget" | "预算",
    FinalAccount => "final_account" | "决算",
});

/// Whose accounts: a department with its units (部门) or one unit (单位).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// 部门: a department and the budget units under it.
    Department,
    /// 单位: a single budget unit.
    Unit,
}

cnbudget_text::named_values!(Scope, "scope" {
    Department => "department" | "部门",
    Unit => "unit" | "单位",
});

/// What the document says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[non_exhaustive]
pub struct Metadata {
    /// The department or unit name, as written.
    pub name: Option<String>,
    /// The fiscal year (Gregorian; 民国 years are converted).
    pub year: Option<u16>,
    /// Budget or final account.
    pub kind: Option<AccountKind>,
    /// Department or unit.
    pub scope: Option<Scope>,
    /// The line each field was read from (1-based), for the audit.
    pub lines: MetadataLines,
}

/// The line each metadata field was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[non_exhaustive]
pub struct MetadataLines {
    /// Line of the name.
    pub name: Option<usize>,
    /// Line of the year.
    pub year: Option<usize>,
    /// Line of the kind and scope.
    pub kind: Option<usize>,
}

/// Byte offset of the first `needle` in `hay` (as `str::find`): memchr for the needle's last
/// byte, then a compare. The words and lines searched here are short, and `str::find` with a
/// `&str` pattern builds a two-way searcher on every call, which costs more than the search.
/// A byte match of a whole UTF-8 needle always starts on a character boundary, so the first
/// byte match is the first match.
pub(crate) fn find_str(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some(&last) = n.last() else {
        return Some(0);
    };
    // Candidate ends are tried in order, so the first match found is the leftmost.
    let mut from = n.len() - 1;
    while let Some(k) = memchr::memchr(last, h.get(from..)?) {
        let end = from + k + 1;
        if h.get(end - n.len()..end) == Some(n) {
            return Some(end - n.len());
        }
        from = end;
    }
    None
}

/// Whether `hay` contains `needle` (see [`find_str`]).
pub(crate) fn has_str(hay: &str, needle: &str) -> bool {
    find_str(hay, needle).is_some()
}

/// Years written as `2023年`, `2023 年`, `2021年度`, or `中华民国103年度` / `114年度` (民国),
/// with the 1-based character column where each starts.
pub fn years_in(line: &str) -> Vec<(u16, usize)> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    // Columns are counted on from the previous year's start, and 民国 / 民國 is looked for
    // once, so a long line with many years costs linear time (it was quadratic: 6 s for a
    // 10 MB line).
    let (mut counted_to, mut counted_chars) = (0usize, 0usize);
    let mut minguo: Option<Option<usize>> = None;
    // 年's bytes (E5 B9 B4) are all common in Chinese text: a searcher that tests two of them
    // at once meets far fewer false candidates on a long line than `str::find`, which tests
    // one. Built once.
    static NIAN: std::sync::OnceLock<memchr::memmem::Finder<'static>> = std::sync::OnceLock::new();
    let nian_finder = NIAN.get_or_init(|| memchr::memmem::Finder::new("年".as_bytes()));
    while let Some(pos) = line
        .get(from..)
        .and_then(|rest| nian_finder.find(rest.as_bytes()))
    {
        let nian = from + pos;
        from = nian + '年'.len_utf8();
        // Walk back over spaces, then ASCII digits.
        let mut end = nian;
        while end > 0 && bytes.get(end - 1) == Some(&b' ') {
            end -= 1;
        }
        let mut start = end;
        while start > 0 && bytes.get(start - 1).is_some_and(u8::is_ascii_digit) {
            start -= 1;
        }
        let digits = line.get(start..end).unwrap_or("");
        if digits.is_empty() || (start > 0 && bytes.get(start - 1) == Some(&b'.')) {
            continue;
        }
        let Ok(n) = digits.parse::<u16>() else {
            continue;
        };
        // `start` only grows: count the characters since the last count.
        counted_chars += line.get(counted_to..start).map_or(0, |p| p.chars().count());
        counted_to = start;
        let column = counted_chars + 1;
        if digits.len() == 4 && (1990..=2100).contains(&n) {
            out.push((n, column));
        } else if digits.len() == 3 && (80..=200).contains(&n) {
            let next_is_du = line.get(from..).is_some_and(|r| r.starts_with('度'));
            // Where the first 民国 / 民國 of the line ends (both are six bytes).
            let minguo_end = *minguo.get_or_insert_with(|| {
                [find_str(line, "民国"), find_str(line, "民國")]
                    .into_iter()
                    .flatten()
                    .min()
                    .map(|k| k + "民国".len())
            });
            if minguo_end.is_some_and(|e| e <= start) || next_is_du {
                out.push((n + 1911, column));
            }
        }
    }
    out
}

impl Metadata {
    /// Reads the metadata from the first lines and the headings of the prepared text.
    pub fn from_text(text: &str) -> Metadata {
        let mut meta = Self::scan(text, 400);
        // A tables volume may name its body and year only deep inside (a form's `部门名称`
        // cell on its last pages): then the whole text is read for what is still missing.
        if meta.name.is_none() || meta.year.is_none() {
            let all = Self::scan(text, usize::MAX);
            if meta.name.is_none() {
                meta.name = all.name;
                meta.lines.name = all.lines.name;
            }
            if meta.year.is_none() {
                meta.year = all.year;
                meta.lines.year = all.lines.year;
            }
            if meta.kind.is_none() {
                meta.kind = all.kind;
                meta.lines.kind = all.lines.kind;
            }
            if meta.scope.is_none() {
                meta.scope = all.scope;
            }
        }
        meta
    }

    /// Reads the metadata from the first `max_lines` lines.
    fn scan(text: &str, max_lines: usize) -> Metadata {
        let mut meta = Metadata::default();
        let mut year_votes: Vec<(u16, usize, usize)> = Vec::new(); // year, weight, line
        let mut first_title_year: Option<(u16, usize)> = None;
        let mut previous: Option<(usize, Cow<'_, str>)> = None;
        // The line before `previous`.
        let mut previous2: Option<(usize, Cow<'_, str>)> = None;
        let mut fallback_name: Option<(String, usize)> = None;
        let mut label_name: Option<(String, usize)> = None;
        // The first `max_lines` lines; 算, 年, 名称 and colons are found in them with one forward
        // search each rather than per line.
        let bytes = text.as_bytes();
        // The line breaks of the first `max_lines` lines, found in one pass: they bound the
        // region and split it into lines.
        let breaks: Vec<usize> = memchr::memchr_iter(b'\n', bytes)
            .take(max_lines.max(1))
            .collect();
        let region = match breaks.last() {
            Some(&p) if breaks.len() == max_lines.max(1) => p + 1,
            _ => bytes.len(),
        };
        let mut line_ends = breaks.iter().copied();
        let hay = bytes.get(..region).unwrap_or_default();
        let mut suan = NextHit::new("算", hay);
        let mut nian = NextHit::new("年", hay);
        let mut colon = NextHit::new(":", hay);
        let mut wide_colon = NextHit::new("：", hay);
        let mut label = NextHit::new("名称", hay);
        let mut markup = NextMarkup::new(hay);
        let mut start = 0;
        let mut idx = 0;
        while start < region {
            // Every break is inside the region; after the last, the region's end.
            let end = line_ends.next().unwrap_or(region);
            let (line_start, line_end) = (start, end);
            let raw = text.get(line_start..line_end).unwrap_or("");
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            start = end + 1;
            idx += 1;
            let line_no = idx;
            let line = trim_line(raw);
            // A web page's heading (`<h1>…</h1>`): its text. (Trimming removes no `<` or `&`,
            // so the raw line's range decides.)
            let line: Cow<'_, str> = if markup.within(line_start, line_end) {
                match cnbudget_table::strip_markup(line) {
                    Cow::Borrowed(b) => Cow::Borrowed(b),
                    Cow::Owned(o) => Cow::Owned(o.trim().to_string()),
                }
            } else {
                Cow::Borrowed(line)
            };
            if line.is_empty() {
                continue;
            }
            let owned_line = line;
            let line: &str = &owned_line;
            // Cheap character tests first: most lines have no 算, 年 or colon and are skipped.
            // (Trimming removes none of them, so the raw line's range decides.)
            let has_suan = suan.within(line_start, line_end);
            let has_year = nian.within(line_start, line_end);
            let has_colon =
                colon.within(line_start, line_end) || wide_colon.within(line_start, line_end);
            let has_label = label.within(line_start, line_end);
            if !(has_suan || has_year || has_colon || has_label) {
                previous2 = previous.replace((line_no, owned_line.clone()));
                continue;
            }
            let heading_like =
                has_suan && line.chars().count() <= 60 && names_a_kind_of_account(line);
            if heading_like && meta.kind.is_none() {
                // `预决算`, `预算决算` (a site's section: `部门预决算及“三公”经费`) name both
                // kinds: the rest of the line decides, else a later heading.
                let rest = [
                    "预决算",
                    "預決算",
                    "预算决算",
                    "預算決算",
                    "预算、决算",
                    "預算、決算",
                ]
                .iter()
                .fold(line.to_string(), |l, both| l.replace(both, ""));
                if has_str(&rest, "决算") || has_str(&rest, "決算") {
                    meta.kind = Some(AccountKind::FinalAccount);
                    meta.lines.kind = Some(line_no);
                } else if has_str(&rest, "预算") || has_str(&rest, "預算") {
                    meta.kind = Some(AccountKind::Budget);
                    meta.lines.kind = Some(line_no);
                }
            }
            if heading_like && meta.scope.is_none() {
                if has_str(line, "单位预算")
                    || has_str(line, "单位决算")
                    || has_str(line, "單位預算")
                    || has_str(line, "單位決算")
                {
                    meta.scope = Some(Scope::Unit);
                } else if has_str(line, "部门预算")
                    || has_str(line, "部门决算")
                    || has_str(line, "部門預算")
                    || has_str(line, "部門決算")
                    || has_str(line, "部门综合预算")
                {
                    meta.scope = Some(Scope::Department);
                }
            }
            let years = if has_year { years_in(line) } else { Vec::new() };
            for &(year, _) in &years {
                let weight = if heading_like { 3 } else { 1 };
                year_votes.push((year, weight, line_no));
                if heading_like && first_title_year.is_none() && line_no <= 200 {
                    first_title_year = Some((year, line_no));
                }
            }
            if label_name.is_none() && (has_colon || has_label) {
                label_name = labeled_name(line).map(|n| (n, line_no));
            }
            if meta.name.is_none()
                && heading_like
                && years.is_empty()
                && fallback_name.is_none()
                && let Some((prev_no, prev)) = &previous
            {
                // A cover printed on separate lines: `2026 年度` / `福州市商务局` / `部门预算`.
                let candidate = clean_name(prev);
                if line.chars().count() <= 12 && looks_like_org(&candidate) {
                    fallback_name = Some((candidate, *prev_no));
                } else if prev.trim_end().ends_with(['年', '度']) && prev.chars().count() <= 40 {
                    // `皖江江南新兴产业集中区(管委会)2024年` / `一般公共预算“三公”经费预算`.
                    if let Some(n) = title_name(&format!("{}{line}", prev.trim())) {
                        fallback_name = Some((n, *prev_no));
                    }
                }
            }
            if meta.name.is_none() && heading_like && !years.is_empty() {
                meta.name = title_name(line).or_else(|| {
                    // A title broken over lines: `2026年深圳市规划和自然资源局大鹏` /
                    // `管理局部门预算`, or `上海市普陀区规划和自然` / `资源局` / `2024 年度部门决算`.
                    let (_, prev) = previous.as_ref()?;
                    let short = |l: &str| l.chars().count() <= 40 && !l.contains([':', '：']);
                    if !short(prev) {
                        return None;
                    }
                    let two = previous2
                        .as_ref()
                        .filter(|(_, p2)| short(p2) && years_in(p2).is_empty())
                        .and_then(|(_, p2)| {
                            title_name(&format!("{}{}{line}", p2.trim(), prev.trim()))
                        });
                    two.or_else(|| title_name(&format!("{}{line}", prev.trim())))
                });
                if meta.name.is_some() {
                    meta.lines.name = Some(line_no);
                } else if fallback_name.is_none() {
                    // `# 乐山市市中区医疗保障局` above `## 2023 年部门预算`.
                    if let Some((prev_no, prev)) = &previous {
                        let candidate = clean_name(prev);
                        if looks_like_org(&candidate) {
                            fallback_name = Some((candidate, *prev_no));
                        }
                    }
                }
            }
            previous2 = previous.replace((line_no, owned_line.clone()));
        }
        // A labelled full name beats a title's short form of the same name
        // (`江苏省人大常委会办公厅` over `省人大办公厅`), not the other way (`区医保局`).
        match (&meta.name, label_name) {
            (None, Some((name, line))) => {
                meta.name = Some(name);
                meta.lines.name = Some(line);
            }
            (Some(title), Some((name, line))) => {
                let tail: String = title.chars().rev().take(2).collect();
                let name_tail: String = name.chars().rev().take(2).collect();
                if name.chars().count() > title.chars().count() && tail == name_tail {
                    meta.name = Some(name);
                    meta.lines.name = Some(line);
                }
            }
            _ => {}
        }
        if meta.name.is_none()
            && let Some((name, line)) = fallback_name
        {
            meta.name = Some(name);
            meta.lines.name = Some(line);
        }
        // The first title that names a year wins; otherwise the year most headings name.
        if let Some((year, line)) = first_title_year {
            meta.year = Some(year);
            meta.lines.year = Some(line);
            return meta;
        }
        // Each year's total weight, summed once (summing it again for every vote was
        // quadratic in the votes: half the time of a 10 MB line of prose).
        let mut totals: std::collections::BTreeMap<u16, usize> = std::collections::BTreeMap::new();
        for &(year, w, _) in &year_votes {
            *totals.entry(year).or_default() += w;
        }
        let mut best: Option<(u16, usize, usize)> = None;
        for (year, _, first_line) in &year_votes {
            let weight = totals.get(year).copied().unwrap_or(0);
            let better = match best {
                None => true,
                Some((_, w, l)) => weight > w || (weight == w && *first_line < l),
            };
            if better {
                best = Some((*year, weight, *first_line));
            }
        }
        if let Some((year, _, line)) = best {
            meta.year = Some(year);
            meta.lines.year = Some(line);
        }
        meta
    }
}

/// The next occurrence of a word in a text, searched forward only as lines are visited.
struct NextHit<'h> {
    finder: memchr::memmem::Finder<'static>,
    hay: &'h [u8],
    /// Byte offset of the next occurrence at or after the last line asked about; `None` when
    /// there is none.
    next: Option<usize>,
}

impl<'h> NextHit<'h> {
    fn new(word: &'static str, hay: &'h [u8]) -> NextHit<'h> {
        let finder = memchr::memmem::Finder::new(word.as_bytes());
        let next = finder.find(hay);
        NextHit { finder, hay, next }
    }

    /// Whether the word occurs in `start..end`; lines must be asked about in order.
    fn within(&mut self, start: usize, end: usize) -> bool {
        if self.next.is_some_and(|n| n < start) {
            self.next = self
                .hay
                .get(start..)
                .and_then(|rest| self.finder.find(rest))
                .map(|p| start + p);
        }
        self.next
            .is_some_and(|n| n + self.finder.needle().len() <= end)
    }
}

/// Whether `line` contains 预算, 决算, 預算 or 決算: one search for 算 and a look at the
/// character before each (rather than four searches).
fn names_a_kind_of_account(line: &str) -> bool {
    let mut from = 0;
    while let Some(p) = line.get(from..).and_then(|rest| find_str(rest, "算")) {
        let at = from + p;
        if let Some(before) = line.get(..at).and_then(|head| head.chars().next_back())
            && matches!(before, '预' | '决' | '預' | '決')
        {
            return true;
        }
        from = at + "算".len();
    }
    false
}

/// The next `<` or `&` in a text, searched forward only as lines are visited (one search
/// per occurrence rather than one per line).
struct NextMarkup<'h> {
    hay: &'h [u8],
    /// Byte offset of the next `<` or `&` at or after the last line asked about.
    next: Option<usize>,
}

impl<'h> NextMarkup<'h> {
    fn new(hay: &'h [u8]) -> NextMarkup<'h> {
        NextMarkup {
            hay,
            next: memchr::memchr2(b'<', b'&', hay),
        }
    }

    /// Whether `<` or `&` occurs in `start..end`; lines must be asked about in order.
    fn within(&mut self, start: usize, end: usize) -> bool {
        if self.next.is_some_and(|n| n < start) {
            self.next = self
                .hay
                .get(start..)
                .and_then(|rest| memchr::memchr2(b'<', b'&', rest))
                .map(|p| start + p);
        }
        self.next.is_some_and(|n| n < end)
    }
}

/// A line without its padding, surrounding whitespace and leading `#` marks (`trim`, `#`s,
/// `trim` again). Most lines start on a character that none of these remove and end on one
/// that trimming keeps: two character tests answer for them.
fn trim_line(raw: &str) -> &str {
    // Layout lines are mostly padding: skip ASCII spaces by byte before trimming.
    let padding = raw.bytes().take_while(|b| *b == b' ').count();
    let s = raw.get(padding..).unwrap_or("");
    let Some(first) = s.chars().next() else {
        return s;
    };
    if !first.is_whitespace() && first != '#' {
        if s.chars().next_back().is_some_and(|c| !c.is_whitespace()) {
            return s;
        }
        return s.trim_end();
    }
    s.trim().trim_start_matches('#').trim()
}

/// Strips what precedes a name in headings: `第二部分`, markdown marks, slashes.
fn clean_name(raw: &str) -> String {
    let mut s = raw
        .trim()
        .trim_start_matches(['#', '*', '/', ' ', '：', ':'])
        .trim()
        .to_string();
    if s.starts_with('第')
        && let Some(pos) = find_str(&s, "部分")
    {
        s = s[pos + "部分".len()..].trim().to_string();
    }
    for suffix in ["关于", "关於", "的"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.to_string();
        }
    }
    s.trim_matches(|c: char| c.is_whitespace() || c == '*')
        .to_string()
}

const ORG_SUFFIXES: &[&str] = &[
    "局",
    "厅",
    "委",
    "院",
    "中心",
    "办事处",
    "政府",
    "会",
    "所",
    "馆",
    "处",
    "站",
    "机构",
    "部",
    "主管",
    "园",
    "校",
    "队",
    "室",
];

fn looks_like_org(s: &str) -> bool {
    // `西安市统计局（汇总）`: the body's name before a trailing remark in brackets.
    let core = match s.strip_suffix(['）', ')']) {
        Some(inner) => inner
            .rfind(['（', '('])
            .and_then(|p| inner.get(..p))
            .unwrap_or(s),
        None => s,
    };
    let remark = s
        .strip_suffix(['）', ')'])
        .and_then(|inner| inner.rfind(['（', '(']).and_then(|p| inner.get(p..)))
        .map(|r| r.trim_start_matches(['（', '(']))
        .unwrap_or("");
    core.chars().count() >= 2
        && (ORG_SUFFIXES.iter().any(|x| core.ends_with(x))
            || ORG_SUFFIXES.iter().any(|x| remark.ends_with(x)))
        && !s.contains(['：', ':', '，', '。'])
}

/// A name from a label: `预算主管部门：X`, `部门（单位）名称：X`, `预算单位：X`, `部门：X`.
fn labeled_name(line: &str) -> Option<String> {
    // Every key below contains 部门 or 单位.
    if !has_str(line, "部门") && !has_str(line, "单位") {
        return None;
    }
    for key in [
        "预算主管部门",
        "部门（单位）名称",
        "部门(单位)名称",
        "预算单位",
        "预算（单位）名称",
        "编制部门",
        "编制单位",
        "部门名称",
        "单位名称",
        "部门",
    ] {
        let mut from = 0;
        while let Some(pos) = find_str(&line[from..], key) {
            let at = from + pos + key.len();
            from = at;
            let rest = &line[at..];
            // The key must be a label: followed by a colon, or (a table cell beside its label
            // cell, as a PDF's form lays it out) by spaces and a body's name.
            let (rest, by_colon) = match rest.strip_prefix(['：', ':']) {
                Some(r) => (r, true),
                None if rest.starts_with(' ') && key.ends_with("名称") => (rest, false),
                None => continue,
            };
            let name: String = rest
                .trim_start()
                .chars()
                .take_while(|c| !c.is_whitespace())
                .collect();
            let name = clean_name(&name);
            if name.chars().count() >= 2
                && !has_str(&name, "万元")
                && name != "元"
                && (by_colon || looks_like_org(&name))
            {
                return Some(name);
            }
        }
    }
    None
}

/// A name from a title: the text before the first year (`X2023年部门预算`), or after it and
/// before the kind of document (`2026年烟台市统计局部门预算`).
fn title_name(line: &str) -> Option<String> {
    if line.chars().count() <= 60 && (has_str(line, "预算") || has_str(line, "决算")) {
        let years = years_in(line);
        if let Some((_, col)) = years.first() {
            // Byte offset of the year's column: the text before it and after it are slices.
            let at = line
                .char_indices()
                .nth(col - 1)
                .map_or(line.len(), |(i, _)| i);
            let head = clean_name(line.get(..at).unwrap_or(""));
            if looks_like_org(&head) {
                return Some(head);
            }
            // `达州市环城公路养护中心财政拨款“三公”经费预算2014年…`: the name before the
            // document's subject.
            for subject in [
                "财政拨款",
                "一般公共预算",
                "部门预算",
                "单位预算",
                "部门决算",
                "单位决算",
                "“三公”",
                "\"三公\"",
            ] {
                if let Some(p) = find_str(&head, subject) {
                    let name = clean_name(head.get(..p).unwrap_or(""));
                    if looks_like_org(&name) {
                        return Some(name);
                    }
                }
            }
            let after = line
                .get(at..)
                .and_then(|r| r.find('年').and_then(|p| r.get(p + '年'.len_utf8()..)))
                .unwrap_or("");
            let after = after.trim_start_matches('度').trim();
            for kind in [
                "部门综合预算",
                "部门预算",
                "单位预算",
                "部门决算",
                "单位决算",
                "预算",
                "决算",
            ] {
                if let Some(p) = find_str(after, kind) {
                    let name = clean_name(after.get(..p).unwrap_or(""));
                    if looks_like_org(&name) {
                        return Some(name);
                    }
                    break;
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_heading_that_names_both_kinds_does_not_decide() {
        let m = Metadata::from_text("某局2026年预算公开_部门预决算及“三公”经费\n");
        assert_eq!(m.kind, Some(AccountKind::Budget));
        let m = Metadata::from_text("首页 > 预算决算 > 决算公开\n某局2021年度部门决算\n");
        assert_eq!(m.kind, Some(AccountKind::FinalAccount));
        let m = Metadata::from_text("部门预决算公开\n某局2021年度部门决算\n");
        assert_eq!(
            (m.kind, m.lines.kind),
            (Some(AccountKind::FinalAccount), Some(2))
        );
    }

    use super::*;

    #[test]
    fn years() {
        assert_eq!(years_in("2023 年部门预算"), vec![(2023, 1)]);
        assert_eq!(years_in("中华民国103年度"), vec![(2014, 5)]);
        assert_eq!(years_in("监察院主管 114 年度施政"), vec![(2025, 7)]);
        assert!(years_in("1836.42万元").is_empty());
        assert!(years_in("12月31日").is_empty());
    }

    /// `years_in` counted each year's column from the start of the line and searched the
    /// whole prefix for 民国: quadratic, 6 s for a 10 MB line of prose.
    #[test]
    fn years_in_a_long_line_regression() {
        let unit = "2023年预算,民国103年度 ";
        let line = unit.repeat(50_000);
        let years = years_in(&line);
        assert_eq!(years.len(), 100_000);
        let per_unit = unit.chars().count();
        assert_eq!(years[99_998], (2023, 49_999 * per_unit + 1));
        assert_eq!(years[99_999], (2014, 49_999 * per_unit + 11));
        // 民国 after the year does not count; 度 after it does.
        assert!(years_in("103年民国").is_empty());
        assert_eq!(years_in("103年民国,103年"), vec![(2014, 8)]);
    }

    proptest::proptest! {
        #[test]
        fn find_str_agrees_with_str_find(hay in "[a算预決年名称：: ]{0,30}", needle in "[a算预決年：]{0,3}") {
            proptest::prop_assert_eq!(find_str(&hay, &needle), hay.find(needle.as_str()));
        }

        #[test]
        fn trim_line_agrees_with_the_trims(raw in "[ #\u{3000}\t预a]{0,12}") {
            let padding = raw.bytes().take_while(|b| *b == b' ').count();
            let slow = raw[padding..].trim().trim_start_matches('#').trim();
            proptest::prop_assert_eq!(trim_line(&raw), slow);
        }

        #[test]
        fn kind_of_account_agrees_with_contains(line in "[预决預決算部门a]{0,12}") {
            let slow = ["预算", "决算", "預算", "決算"].iter().any(|w| line.contains(w));
            proptest::prop_assert_eq!(names_a_kind_of_account(&line), slow);
        }
    }

    #[test]
    fn shanghai_heading() {
        let text =
            "上海市普陀区2023年区级部门预算\n\n 预算主管部门：上海市普陀区人民政府万里街道办事处\n";
        let m = Metadata::from_text(text);
        assert_eq!(m.year, Some(2023));
        assert_eq!(m.kind, Some(AccountKind::Budget));
        assert_eq!(m.scope, Some(Scope::Department));
        assert_eq!(
            m.name.as_deref(),
            Some("上海市普陀区人民政府万里街道办事处")
        );
    }

    #[test]
    fn final_account_unit() {
        let text = "2023年度泸州市中医医院单位决算\n来源:泸州市中医医院\n";
        let m = Metadata::from_text(text);
        assert_eq!(m.kind, Some(AccountKind::FinalAccount));
        assert_eq!(m.scope, Some(Scope::Unit));
        assert_eq!(m.year, Some(2023));
    }
}
