//! `summary.balance` and `summary.funds`: the identities of the two-sided summary tables
//! (收入 | 支出), and the reading of one side of their rows, shared with the cross-table rules.

use std::borrow::Cow;
use std::sync::{Arc, Mutex, PoisonError};

use memchr::memmem::Finder;
use rust_decimal::Decimal;

use cnbudget_table::{ColumnRole, Row, Side, Table, Value};

use super::{At, Part, Sink, amount_at, check_sum, line_of, title_of, unit_of};
use crate::audit::{Figure, Finding, RuleId, Severity};
use crate::tolerance::Tolerance;

/// One side of a two-sided summary row: its name cell and first amount.
pub(crate) struct SideEntry<'a> {
    /// The name without white space.
    pub(crate) name: std::borrow::Cow<'a, str>,
    pub(crate) ordinal: Option<&'a str>,
    pub(crate) amount: Option<(Decimal, u32)>,
    pub(crate) line: Option<usize>,
    /// The index of its row in the table.
    pub(crate) row: usize,
}

/// The columns of one side of a two-sided summary: its name column and amount column.
#[derive(Clone, Copy)]
pub(crate) struct SideColumns {
    name: usize,
    amount: usize,
}

pub(crate) fn side_columns(table: &Table, side: Side) -> Option<SideColumns> {
    let name = table
        .columns
        .iter()
        .find(|c| c.side == Some(side) && !c.role.is_amount())?
        .index;
    // The side's 合计 column where it has one, else its first amount column (the same for
    // every row, so sums down the side compare like with like).
    let amount = table
        .columns
        .iter()
        .find(|c| c.side == Some(side) && c.role == ColumnRole::Total)
        .or_else(|| {
            table
                .columns
                .iter()
                .find(|c| c.side == Some(side) && c.role.is_amount())
        })?
        .index;
    Some(SideColumns { name, amount })
}

pub(crate) fn side_entry(index: usize, row: &Row, cols: SideColumns) -> Option<SideEntry<'_>> {
    let (ordinal, name) = side_name(row, cols)?;
    Some(SideEntry {
        name,
        ordinal,
        amount: amount_at(row, cols.amount),
        line: line_of(row, cols.amount).or_else(|| row.cell(cols.name).map(|c| c.line)),
        row: index,
    })
}

/// The ordinal and the name of a row's item on one side ([`SideEntry::name`]), when the row
/// has the side's name cell.
pub(crate) fn side_name(row: &Row, cols: SideColumns) -> Option<(Option<&str>, Cow<'_, str>)> {
    let cell = row.cell(cols.name)?;
    let (ordinal, name) = match &cell.value {
        Value::Name { ordinal, name } => (ordinal.as_deref(), name.as_str()),
        _ => (None, cell.text.as_str()),
    };
    let name = if name.chars().any(char::is_whitespace) {
        name.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .into()
    } else {
        name.into()
    };
    Some((ordinal, name))
}

fn is_top_ordinal(ordinal: Option<&str>) -> bool {
    ordinal.is_some_and(|o| {
        let t = o.trim_end_matches(['、', '.', '．', ' ']);
        !t.is_empty() && t.chars().all(crate::prose::is_numeral)
    })
}

/// `summary.balance`: 收入总计 = 支出总计; each side's 合计 = Σ its numbered items.
pub(crate) fn summary_balance(table: &Table, out: &mut Sink) {
    if !table.kind.is_summary() {
        return;
    }
    let unit = unit_of(table);
    let mut totals: Vec<Option<SideEntry<'_>>> = Vec::new();
    for side in [Side::Income, Side::Expenditure] {
        let side_name = if side == Side::Income {
            "收入"
        } else {
            "支出"
        };
        let entries: Vec<SideEntry<'_>> = match side_columns(table, side) {
            Some(cols) => table
                .rows
                .iter()
                .enumerate()
                .filter_map(|(i, r)| side_entry(i, r, cols))
                .collect(),
            None => Vec::new(),
        };
        let grand = entries
            .iter()
            .position(|e| e.name.contains("总计"))
            .or_else(|| {
                entries
                    .iter()
                    .position(|e| e.name.contains("合计") && !e.name.contains("本年"))
            });
        // Σ numbered items (一、二、…) before the first 合计/总计 line = that line.
        let first_total = entries
            .iter()
            .position(|e| e.name.contains("合计") || e.name.contains("总计"));
        if let Some(ft) = first_total {
            let items: Vec<Part> = entries
                .iter()
                .take(ft)
                .filter(|e| is_top_ordinal(e.ordinal))
                .map(|e| (e.amount, e.line))
                .collect();
            if let Some(t) = entries.get(ft)
                && !items.is_empty()
            {
                check_sum(
                    out,
                    RuleId::SummaryBalance,
                    table,
                    At {
                        row: t.row,
                        column: None,
                    },
                    (t.amount, t.line),
                    &items,
                    |e, a| {
                        let tname = &t.name;
                        (
                            format!(
                                "{side_name}: {tname} is {e}, but the numbered items add up to {a}"
                            ),
                            tname.to_string(),
                            format!("Σ numbered {side_name} items"),
                        )
                    },
                );
            }
        }
        // 总计 = 本年…合计 + the rows between them (结转, 结余 …; not `其中` breakdowns, nor
        // the numbered lines under an unnumbered one: `年初财政拨款结转和结余` then
        // `一、一般公共预算财政拨款` … is one carry-over by fund).
        if let (Some(ft), Some(g)) = (first_total, grand)
            && g > ft
        {
            let mut parts: Vec<Part> = Vec::new();
            if let Some(t) = entries.get(ft) {
                parts.push((t.amount, t.line));
            }
            let mut under_unnumbered = false;
            let between: Vec<_> = entries.iter().take(g).skip(ft + 1).collect();
            let mut skip_until = 0;
            for (k, e) in between.iter().enumerate() {
                if k < skip_until || e.name.starts_with("其中") || e.name.is_empty() {
                    continue;
                }
                // Only the lines that carry funds over (a template printing the year's
                // items under its 本年支出合计 puts them here too).
                if !CARRY_WORDS.iter().any(|w| e.name.contains(w)) {
                    continue;
                }
                let numbered = is_top_ordinal(e.ordinal);
                if numbered && under_unnumbered {
                    continue;
                }
                under_unnumbered = !numbered;
                parts.push((e.amount, e.line));
                skip_until = k + 1 + breakdown_after(&between, k);
            }
            if let Some(t) = entries.get(g) {
                check_sum(
                    out,
                    RuleId::SummaryBalance,
                    table,
                    At {
                        row: t.row,
                        column: None,
                    },
                    (t.amount, t.line),
                    &parts,
                    |e, a| {
                        let tname = &t.name;
                        (
                            format!(
                                "{side_name}: {tname} is {e}, but the year's total and the carry-over lines add up to {a}"
                            ),
                            tname.to_string(),
                            format!("本年合计 + 结转结余 ({side_name})"),
                        )
                    },
                );
            }
        }
        totals.push(grand.and_then(|g| entries.into_iter().nth(g)));
    }
    if let [Some(income), Some(expenditure)] = totals.as_slice() {
        let (Some((iv, is)), Some((ev, es))) = (income.amount, expenditure.amount) else {
            return;
        };
        let tol = Tolerance::for_pair(is.max(es), table.has_rounding_note());
        let Some(diff) = ev.checked_sub(iv) else {
            return;
        };
        if !tol.accepts(diff) {
            out.findings.push(
                Finding::new(
                    RuleId::SummaryBalance,
                    Severity::Error,
                    format!(
                        "{} ({iv}) does not equal {} ({ev})",
                        income.name, expenditure.name
                    ),
                )
                .in_table(title_of(table))
                .with_figures(
                    Figure {
                        label: income.name.to_string(),
                        value: iv,
                        unit: unit.clone(),
                        line: income.line,
                    },
                    Figure {
                        label: expenditure.name.to_string(),
                        value: ev,
                        unit: unit.clone(),
                        line: expenditure.line,
                    },
                ),
            );
        }
    }
}

/// `summary.funds`: in the two-sided summaries, an expenditure line's 合计 = 一般公共预算 +
/// 政府性基金 + 国有资本经营 (+ 财政专户 …) where the table prints the fund columns.
pub(crate) fn summary_funds(table: &Table, out: &mut Sink) {
    if !table.kind.is_summary() {
        return;
    }
    let on_side = |role: ColumnRole| {
        table
            .columns
            .iter()
            .find(|c| c.side == Some(Side::Expenditure) && c.role == role)
            .map(|c| c.index)
    };
    let Some(total) = on_side(ColumnRole::Total) else {
        return;
    };
    let funds: Vec<usize> = [
        ColumnRole::GeneralBudget,
        ColumnRole::GovernmentFund,
        ColumnRole::StateCapital,
        ColumnRole::FiscalSpecialAccount,
        ColumnRole::BusinessIncome,
        ColumnRole::OtherIncome,
    ]
    .iter()
    .filter_map(|r| on_side(*r))
    .collect();
    if funds.is_empty() {
        return;
    }
    // Only when every amount column of the side is a known fund (else 合计 may include others).
    let known = table
        .columns
        .iter()
        .filter(|c| c.side == Some(Side::Expenditure) && c.role.is_amount())
        .all(|c| c.index == total || funds.contains(&c.index));
    if !known {
        return;
    }
    let Some(cols) = side_columns(table, Side::Expenditure) else {
        return;
    };
    for (index, row) in table.rows.iter().enumerate() {
        let Some(entry) = side_entry(index, row, cols) else {
            continue;
        };
        let parts: Vec<Part> = funds
            .iter()
            .map(|&c| (amount_at(row, c), line_of(row, c)))
            .collect();
        check_sum(
            out,
            RuleId::SummaryFunds,
            table,
            At {
                row: index,
                column: None,
            },
            (amount_at(row, total), line_of(row, total)),
            &parts,
            |e, a| {
                let name = &entry.name;
                (
                    format!("{name}: 合计 is {e}, but the fund columns add up to {a}"),
                    format!("{name} / 合计"),
                    "Σ fund columns".to_string(),
                )
            },
        );
    }
}

/// The 类 names of the functional catalogue for `year`, longest first (so that a name that
/// ends another, `其他支出`, is tried after the longer one).
fn class_names(year: u16) -> Vec<&'static str> {
    let catalogue = cnbudget_functional::Catalogue::embedded();
    let mut names: Vec<&'static str> = catalogue
        .iter_level(cnbudget_functional::Level::Lei, year)
        .map(|l| l.name())
        .collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    names.dedup();
    names
}

/// The 类 names a document's summaries are read with ([`class_lines`]), each with searchers
/// built once per document: every line of every summary is searched for every name.
#[derive(Default)]
pub(crate) struct ClassNames {
    names: Vec<ClassName>,
}

/// One 类 name, its length in characters, and searchers for it and for its first four
/// characters (names of five characters or more: see [`head_on_line`]).
struct ClassName {
    name: &'static str,
    chars: usize,
    finder: Finder<'static>,
    head: Option<Finder<'static>>,
}

impl ClassNames {
    /// [`ClassNames::new`] for `year`, built once per year and shared: they depend only on
    /// the embedded catalogue, and building the searchers costs more than reading a
    /// summary with them. At most [`ClassNames::KEPT_YEARS`] years are kept; the names of
    /// any other year are built for the caller alone. The names are built without holding
    /// the lock, so other threads asking for a kept year do not wait; the list is consistent
    /// after every push, so a lock poisoned by a panic elsewhere is used as it is.
    pub(crate) fn of_year(year: u16) -> Arc<ClassNames> {
        static BUILT: Mutex<Vec<(u16, Arc<ClassNames>)>> = Mutex::new(Vec::new());
        let kept = |built: &[(u16, Arc<ClassNames>)]| {
            built
                .iter()
                .find(|(y, _)| *y == year)
                .map(|(_, names)| Arc::clone(names))
        };
        if let Some(names) = kept(&BUILT.lock().unwrap_or_else(PoisonError::into_inner)) {
            return names;
        }
        let names = Arc::new(ClassNames::new(year));
        let mut built = BUILT.lock().unwrap_or_else(PoisonError::into_inner);
        // Another thread may have built the same year meanwhile: keep one.
        if let Some(names) = kept(&built) {
            return names;
        }
        if built.len() < Self::KEPT_YEARS {
            built.push((year, Arc::clone(&names)));
        }
        names
    }

    /// How many years' names [`ClassNames::of_year`] keeps (a document's year is read from
    /// its text, so any number of years may be asked for).
    const KEPT_YEARS: usize = 16;

    /// The 类 names of the functional catalogue for `year`, longest first.
    pub(crate) fn new(year: u16) -> ClassNames {
        let names = class_names(year)
            .into_iter()
            .map(|name| {
                let chars = name.chars().count();
                // The first four characters, when a fifth follows.
                let head = name
                    .char_indices()
                    .nth(4)
                    .and_then(|(end, _)| name.get(..end))
                    .map(Finder::new);
                ClassName {
                    name,
                    chars,
                    finder: Finder::new(name),
                    head,
                }
            })
            .collect();
        ClassNames { names }
    }
}

/// Every place of `finder`'s word in `line`, without overlaps, as byte offsets.
fn places<'a>(finder: &'a Finder<'static>, line: &'a str) -> impl Iterator<Item = usize> + 'a {
    let needle = finder.needle().len().max(1);
    let mut from = 0;
    std::iter::from_fn(move || {
        let at = from + finder.find(line.as_bytes().get(from..)?)?;
        from = at + needle;
        Some(at)
    })
}

/// The figure printed right after byte `at` of `line` (after spaces), when it is one.
fn figure_after(line: &str, at: usize) -> Option<Option<(Decimal, u32)>> {
    let rest = line.get(at..)?;
    let trimmed = rest.trim_start();
    let token = trimmed.split_whitespace().next().unwrap_or("");
    if token.is_empty() {
        return Some(None);
    }
    match cnbudget_table::parse_amount(token) {
        Ok(Some(v)) => Some(Some((v, crate::tolerance::printed_scale(token)))),
        Ok(None) => Some(None),
        Err(_) => None,
    }
}

/// Finds `word` in `line` allowing spaces between its characters (`支 出 总 计`); returns the
/// byte after it.
fn find_spaced(line: &str, word: &str) -> Option<usize> {
    let first = word.chars().next()?;
    // The places of the first character, found by a byte search rather than by decoding
    // every character of the line.
    for (start, _) in line.match_indices(first) {
        let mut rest = line.get(start..)?.char_indices().peekable();
        let mut end = start;
        let mut ok = true;
        for w in word.chars() {
            // Skip spaces, then expect `w`.
            loop {
                match rest.peek() {
                    Some(&(_, ch)) if ch.is_whitespace() && w != first => {
                        rest.next();
                    }
                    _ => break,
                }
            }
            match rest.next() {
                Some((i, ch)) if ch == w => end = start + i + ch.len_utf8(),
                _ => {
                    ok = false;
                    break;
                }
            }
        }
        if ok {
            return Some(end);
        }
    }
    None
}

/// Whether `line` holds the first part of a name (its first four characters, at the start of
/// a word; names of five characters or more) but not the whole name: the rest is on another
/// line. And whether the name can be on `line` at all: a name with a head is only where its
/// head is.
fn head_on_line(line: &str, class: &ClassName) -> (bool, bool) {
    let Some(head) = &class.head else {
        return (false, true);
    };
    let name = class.name;
    let mut seen = false;
    for at in places(head, line) {
        seen = true;
        let before = line.get(..at).and_then(|b| b.chars().last());
        if before.is_some_and(|c| !c.is_ascii() && !matches!(c, '、' | '）' | ')' | '.' | '．'))
        {
            continue;
        }
        let rest: String = line
            .get(at..)
            .unwrap_or("")
            .chars()
            .take_while(|c| !c.is_whitespace() && !c.is_ascii_digit())
            .collect();
        // The income side names the funds (`国有资本经营预算`), which begin the names of their
        // 类 (`国有资本经营预算支出`).
        let fund = rest.ends_with("预算") || rest.ends_with("资金") || rest.ends_with("收入");
        if !fund && rest.chars().count() < class.chars && name.starts_with(&rest) {
            return (true, true);
        }
    }
    (false, seen)
}

/// What the class-line check of a summary needs: the sum of its 类 lines and the total they
/// should make.
struct ClassLines {
    sum: Decimal,
    scales: Vec<u32>,
    lines: Vec<usize>,
    total: (Decimal, u32, usize, &'static str),
}

/// Reads a summary's 类 lines from the text of its rows: each 类 name of the catalogue
/// printed whole (not the end of a longer name) and followed by its figure. `None` when a 类
/// name is followed by no readable figure, or no total to compare with is printed.
fn read_class_lines<'t>(
    table: &Table,
    text_line: &dyn Fn(usize) -> Option<&'t str>,
    classes: &ClassNames,
) -> Option<ClassLines> {
    let mut row_lines: Vec<usize> = table
        .rows
        .iter()
        .flat_map(|r| r.lines.iter().copied())
        .collect();
    row_lines.sort_unstable();
    row_lines.dedup();
    let mut seen: Vec<&str> = Vec::new();
    let mut sum = Decimal::ZERO;
    let mut scales = Vec::new();
    let mut lines = Vec::new();
    let mut year_total: Option<(Decimal, u32, usize)> = None;
    let mut grand_total: Option<(Decimal, u32, usize)> = None;
    let mut carried_over = false;
    // Whether each name can be on the line, from the search for its head.
    let mut may_hold: Vec<bool> = Vec::with_capacity(classes.names.len());
    for &n in &row_lines {
        let Some(line) = text_line(n) else { continue };
        // A 类 name cut by a line break (`四、文化旅游体育与传媒` / `支出`, its figure between)
        // cannot be read whole: the sum would miss it.
        may_hold.clear();
        for c in &classes.names {
            let (wrapped, seen) = head_on_line(line, c);
            if wrapped {
                return None;
            }
            may_hold.push(seen);
        }
        for (class, _) in classes.names.iter().zip(&may_hold).filter(|(_, m)| **m) {
            let name = class.name;
            for at in places(&class.finder, line) {
                let before = line.get(..at).and_then(|b| b.chars().last());
                if before
                    .is_some_and(|c| !c.is_ascii() && !matches!(c, '、' | '）' | ')' | '.' | '．'))
                {
                    continue;
                }
                if seen.contains(&name) {
                    continue;
                }
                let (v, s) = figure_after(line, at + name.len())??;
                seen.push(name);
                sum = sum.checked_add(v)?;
                scales.push(s);
                lines.push(n);
            }
        }
        for (word, slot) in [
            ("本年支出合计", &mut year_total),
            ("支出总计", &mut grand_total),
        ] {
            if let Some(end) = find_spaced(line, word)
                && let Some(Some((v, s))) = figure_after(line, end)
            {
                slot.get_or_insert((v, s, n));
            }
        }
        for word in ["年末结转", "年终结转", "结转下年"] {
            if let Some(end) = find_spaced(line, word) {
                let end = line
                    .get(end..)
                    .and_then(|r| r.find(|c: char| c.is_whitespace()))
                    .map_or(line.len(), |p| end + p);
                if let Some(Some((v, _))) = figure_after(line, end) {
                    carried_over |= !v.is_zero();
                }
            }
        }
    }
    if seen.is_empty() {
        return None;
    }
    let total = match (year_total, grand_total) {
        (Some((v, s, l)), _) => (v, s, l, "本年支出合计"),
        (None, Some((v, s, l))) if !carried_over => (v, s, l, "支出总计"),
        _ => return None,
    };
    Some(ClassLines {
        sum,
        scales,
        lines,
        total,
    })
}

/// `summary.classes`: on the expenditure side of a summary that lists its spending by 类, the
/// 类 lines add up to 本年支出合计 (or to 支出总计 when nothing is carried over). The lines are
/// read from the text of the table's rows, name then figure, so a misread of the columns does
/// not change them. `classes` are the 类 names of the document's year.
pub(crate) fn class_lines<'t>(
    table: &Table,
    text_line: &dyn Fn(usize) -> Option<&'t str>,
    classes: &ClassNames,
    out: &mut Sink,
) {
    if !table.kind.is_summary() {
        return;
    }
    let Some(c) = read_class_lines(table, text_line, classes) else {
        return;
    };
    let (total, total_scale, total_line, total_name) = c.total;
    let Some(diff) = c.sum.checked_sub(total) else {
        return;
    };
    let mut scales = c.scales.clone();
    scales.push(total_scale);
    if diff.is_zero() || Tolerance::for_scales(scales, table.has_rounding_note()).accepts(diff) {
        return;
    }
    let unit = unit_of(table);
    let n = c.lines.len();
    out.findings.push(
        Finding::new(
            RuleId::SummaryClasses,
            Severity::Error,
            format!(
                "支出: {total_name} is {total}, but the {n} 类 lines add up to {}",
                c.sum
            ),
        )
        .in_table(title_of(table))
        .with_figures(
            Figure {
                label: total_name.to_string(),
                value: total,
                unit: unit.clone(),
                line: Some(total_line),
            },
            Figure {
                label: "Σ 类 lines".to_string(),
                value: c.sum,
                unit,
                line: c.lines.first().copied(),
            },
        )
        .at_lines(c.lines.iter().copied()),
    );
}

/// Words of the lines between a side's year total and its grand total that carry funds over
/// or balance them (结转, 结余, 用事业基金弥补收支差额, 上年实户资金余额 …).
const CARRY_WORDS: [&str; 8] = [
    "结转", "结余", "弥补", "余额", "上年", "下年", "提取", "分配",
];

/// How many lines after `between[k]` are its breakdown by fund: lines naming the same thing
/// (`上年结余、结转` then `财政拨款结余、结转`, `非财政拨款结余、结转`: the same last four
/// characters) whose amounts add up to it exactly. 0 when none are.
fn breakdown_after(between: &[&SideEntry<'_>], k: usize) -> usize {
    let Some(head) = between.get(k) else {
        return 0;
    };
    let tail: String = head.name.chars().rev().take(4).collect();
    if tail.chars().count() < 4 {
        return 0;
    }
    let Some((total, _)) = head.amount else {
        return 0;
    };
    let mut sum = Decimal::ZERO;
    let mut n = 0;
    for e in between.iter().skip(k + 1) {
        let t: String = e.name.chars().rev().take(4).collect();
        if t != tail {
            break;
        }
        sum += e.amount.map_or(Decimal::ZERO, |(a, _)| a);
        n += 1;
    }
    if n >= 2 && sum == total { n } else { 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class<'a>(names: &'a ClassNames, name: &str) -> &'a ClassName {
        names.names.iter().find(|c| c.name == name).unwrap()
    }

    #[test]
    fn class_names_are_longest_first_with_their_heads() {
        let names = ClassNames::new(2024);
        assert!(names.names.windows(2).all(|w| w[0].chars >= w[1].chars));
        let culture = class(&names, "文化旅游体育与传媒支出");
        assert_eq!(culture.chars, 11);
        assert_eq!(
            culture.head.as_ref().unwrap().needle(),
            "文化旅游".as_bytes()
        );
        assert!(class(&names, "外交支出").head.is_none());
    }

    #[test]
    fn class_names_of_a_year_are_built_once_and_read_like_new() {
        let kept = ClassNames::of_year(2019);
        assert!(Arc::ptr_eq(&kept, &ClassNames::of_year(2019)));
        let fresh = ClassNames::new(2019);
        let names = |n: &ClassNames| n.names.iter().map(|c| c.name).collect::<Vec<_>>();
        assert_eq!(names(&kept), names(&fresh));
        assert!(names(&kept).contains(&"一般公共服务支出"));
    }

    fn wrapped_head(line: &str, class: &ClassName) -> bool {
        head_on_line(line, class).0
    }

    #[test]
    fn a_class_name_cut_by_a_line_break_is_seen() {
        let names = ClassNames::new(2024);
        let culture = class(&names, "文化旅游体育与传媒支出");
        assert!(wrapped_head(
            "四、文化旅游体育与传媒      1,200.00",
            culture
        ));
        assert!(!wrapped_head(
            "四、文化旅游体育与传媒支出  1,200.00",
            culture
        ));
        // The income side's fund names begin their 类 names.
        let capital = class(&names, "国有资本经营预算支出");
        assert!(!wrapped_head("三、国有资本经营预算        5.00", capital));
        // A line without the head cannot hold the name; one with the whole name can.
        assert_eq!(
            head_on_line("一、一般公共服务支出  10.00", culture),
            (false, false)
        );
        assert_eq!(
            head_on_line("四、文化旅游体育与传媒支出  1,200.00", culture),
            (false, true)
        );
    }

    #[test]
    fn places_do_not_overlap() {
        let finder = Finder::new("支出支出");
        let found: Vec<usize> = places(&finder, "支出支出支出支出支出").collect();
        assert_eq!(found, [0, 12]);
    }
}
