//! Body rows typed: amounts, percentages, codes joined from split 类/款/项 cells, names with
//! their ordinals, repaired slips.

use std::borrow::Cow;

use crate::caption::{is_note, note_flags};
use crate::cell::{
    amount_value, clean, code_slip_text, code_tokens, fold, is_amountish, percent_value,
    repair_amount, slip_digit, split_ordinal, split_ordinal_folded, trim_ws,
};
use crate::grid::{RawCell, RawRow};
use crate::lexicon::is_no_amount;
use crate::model::{
    Cell, Code, CodeSystem, ColumnRole, Layout, Note, Row, Table, Value, Warning, WarningKind,
};

use super::header::is_codeish;
use super::roles::{is_total_label, numeric_kind};

/// A row whose only text is a note (`注：…`), as a note.
pub(super) fn note_row(r: &RawRow<'_>) -> Option<Note> {
    // Exactly one non-empty cell (the search stops at a second one).
    let mut nonempty = r.cells.iter().filter(|c| !trim_ws(&c.raw).is_empty());
    let c = nonempty.next()?;
    if nonempty.next().is_some() {
        return None;
    }
    if !is_note(&c.raw) {
        return None;
    }
    let t = clean(&c.raw).into_owned();
    Some(Note {
        line: c.line,
        flags: note_flags(&t),
        text: t,
    })
}

/// A row of a table whose rows came without positions (one cell per line), shorter than the
/// table's `n` columns: padded with empty cells after its first cell when that is a label
/// spanning the code and name columns (`合计`), else before it.
pub(super) fn pad_ragged(cells_raw: &mut Vec<RawCell<'_>>, n: usize) {
    if cells_raw.len() >= n || n == 0 {
        return;
    }
    let first_is_label = cells_raw
        .first()
        .is_some_and(|c| !is_amountish(&c.raw) && !is_codeish(&c.raw));
    let pad = n - cells_raw.len();
    let at = usize::from(first_is_label);
    let filler = cells_raw.first().map_or(
        RawCell {
            raw: Cow::Borrowed(""),
            line: 0,
            column: 1,
        },
        |c| RawCell {
            raw: Cow::Borrowed(""),
            line: c.line,
            column: c.column,
        },
    );
    let at = at.min(cells_raw.len());
    cells_raw.splice(at..at, std::iter::repeat_n(filler, pad));
}

/// Fold the next code token into the row's code: a token repeating the code
/// so far (`301` `13` `30113`) replaces it, any other is appended. A left
/// fold, run token by token on one `String`.
fn fold_code_push(acc: &mut String, t: &str) {
    if !acc.is_empty() && t.starts_with(acc.as_str()) {
        if t.len() > acc.len() {
            acc.clear();
            acc.push_str(t);
        }
    } else {
        acc.push_str(t);
    }
}

#[cfg(test)]
fn fold_code(tokens: &[String]) -> String {
    let mut acc = String::new();
    for t in tokens {
        fold_code_push(&mut acc, t);
    }
    acc
}

fn valid_len(system: CodeSystem, len: usize) -> bool {
    match system {
        CodeSystem::Function => matches!(len, 3 | 5 | 7),
        CodeSystem::EconomicDepartment | CodeSystem::EconomicGovernment => matches!(len, 3 | 5),
        _ => true,
    }
}

/// A cell that can only be a figure gone wrong: a digit, and otherwise only
/// separators, signs and the letters OCR takes for digits (`1O0.00`,
/// `1,836,42`, `12.5.3`). Words (`无`, `详见说明`, `100万`) are not.
fn figure_like(text: &str) -> bool {
    // `(20` is a wrapped name (`（20 万以下）`), not a negative figure.
    text.bytes().any(|b| b.is_ascii_digit())
        && text.bytes().filter(|&b| b == b'(').count()
            == text.bytes().filter(|&b| b == b')').count()
        && text.chars().all(|c| {
            c.is_ascii_digit()
                || slip_digit(c).is_some()
                || matches!(
                    c,
                    ',' | '.' | '-' | '(' | ')' | '+' | ' ' | '，' | '．' | '０'..='９'
                )
        })
}

/// A figure-like cell of an amount column that is not an amount, a no-amount
/// mark or a percentage: an amount with a repaired slip, or text; flagged
/// either way.
fn amount_slip(text: &str, rc: &RawCell<'_>, warnings: &mut Vec<Warning>) -> Value {
    if let Some((amount, slips)) = repair_amount(text) {
        let how: Vec<&str> = slips.iter().map(|s| s.describe()).collect();
        warnings.push(Warning::cell(
            WarningKind::CellRepaired,
            rc.line,
            rc.column,
            format!(
                "`{text}` read as {amount} ({}); check the source",
                how.join(", ")
            ),
        ));
        return Value::Amount { amount };
    }
    warnings.push(Warning::cell(
        WarningKind::CellUnread,
        rc.line,
        rc.column,
        format!("`{text}` in an amount column is not a figure; left out of sums"),
    ));
    Value::Text
}

/// What a row has read so far, cell by cell.
#[derive(Default)]
struct RowState {
    /// The row's code so far (the fold of its code tokens; empty: none yet).
    tokens: String,
    /// The system of the first code cell.
    code_system_seen: Option<CodeSystem>,
    name: Option<String>,
    ordinal: Option<String>,
    /// Indentation of the first code, where the layout shows one.
    level: Option<u8>,
    /// A name, an amount or a percentage has been read: later digits are not the row's code.
    past_codes: bool,
    /// The code of a second coded name cell (`3021503-三类会议费` after `50202-会议费`).
    other_code: Option<Code>,
    /// The code in a 单位编码 column: the row's code when it has no other.
    unit_code: Option<Code>,
}

/// Where a cell is read: its table, its column's role and code system, the table's code
/// system.
struct CellContext<'t> {
    table: &'t Table,
    role: ColumnRole,
    system: CodeSystem,
    default_system: CodeSystem,
}

impl RowState {
    /// The value of one non-empty cell (`text`: its cleaned text).
    fn value(
        &mut self,
        cx: &CellContext<'_>,
        rc: &RawCell<'_>,
        text: &str,
        warnings: &mut Vec<Warning>,
    ) -> Value {
        let role = cx.role;
        match role {
            ColumnRole::UnitCode => {
                return match code_tokens(text) {
                    Some(g) => {
                        let code = Code::new(g.digits(), CodeSystem::Unit);
                        self.unit_code.get_or_insert_with(|| code.clone());
                        Value::Code { code }
                    }
                    None => Value::Text,
                };
            }
            ColumnRole::Ordinal | ColumnRole::Remark => return Value::Text,
            _ => {}
        }
        if let Some(v) = self.code_value(cx, rc, text, warnings) {
            return v;
        }
        if let Some(a) = amount_value(text) {
            Value::Amount { amount: a }
        } else if is_no_amount(text) {
            Value::Empty
        } else if let Some(p) = percent_value(text) {
            Value::Percent { percent: p }
        } else if role.is_amount() && numeric_kind(cx.table.kind) && figure_like(text) {
            amount_slip(text, rc, warnings)
        } else if self.name.is_none()
            && (role == ColumnRole::Name || role == ColumnRole::Other || role == ColumnRole::Total)
            && !text.is_ascii()
        {
            name_value(
                text,
                cx.default_system != CodeSystem::Unknown,
                &mut self.tokens,
                &mut self.name,
                &mut self.ordinal,
                &mut self.past_codes,
            )
        } else if role == ColumnRole::Name {
            let coded = cx.default_system != CodeSystem::Unknown;
            if let (None, Some((digits, rest))) = (&self.other_code, leading_code(text, coded)) {
                let system = if valid_len(cx.system, digits.len()) {
                    cx.system
                } else {
                    CodeSystem::Unit
                };
                let (o, n) = split_ordinal(rest);
                self.other_code = Some(Code::new(digits, system));
                return Value::Name {
                    ordinal: o,
                    name: trim_ws(&n).to_string(),
                };
            }
            let (o, n) = split_ordinal(text);
            Value::Name {
                ordinal: o,
                name: trim_ws(&n).to_string(),
            }
        } else {
            Value::Text
        }
    }

    /// A code cell: digits in a code column (or, before the row's first name or figure, in a
    /// name or untyped column of a coded table), folded into the row's code; or a code
    /// column's digits with a letter for a digit, repaired with a warning. `None` when the
    /// cell is no code.
    fn code_value(
        &mut self,
        cx: &CellContext<'_>,
        rc: &RawCell<'_>,
        text: &str,
        warnings: &mut Vec<Warning>,
    ) -> Option<Value> {
        let (role, system) = (cx.role, cx.system);
        let code_here = role == ColumnRole::Code
            || (!self.past_codes
                && cx.default_system != CodeSystem::Unknown
                && matches!(role, ColumnRole::Other | ColumnRole::Name));
        let groups = if code_here { code_tokens(text) } else { None };
        if let Some(g) = groups
            .filter(|g| role == ColumnRole::Code || !self.tokens.is_empty() || g.digit_count() >= 3)
        {
            let digits = g.digits();
            if !self.past_codes {
                if self.level.is_none() && cx.table.layout == Layout::CellPerLine {
                    let lead = rc.raw.len() - rc.raw.trim_start().len();
                    self.level = u8::try_from(lead).ok();
                }
                for t in g.groups() {
                    fold_code_push(&mut self.tokens, t);
                }
                self.code_system_seen.get_or_insert(system);
            }
            return Some(Value::Code {
                code: Code::new(digits, system),
            });
        }
        if role != ColumnRole::Code {
            return None;
        }
        let Some(mapped) = code_slip_text(text) else {
            return Some(Value::Text);
        };
        let g = code_tokens(&mapped);
        let digits = g.map(|g| g.digits()).unwrap_or_default();
        if !self.past_codes {
            for t in g.into_iter().flat_map(|g| g.groups()) {
                fold_code_push(&mut self.tokens, t);
            }
            self.code_system_seen.get_or_insert(system);
        }
        warnings.push(Warning::cell(
            WarningKind::CellRepaired,
            rc.line,
            rc.column,
            format!("code `{text}` read as {digits} (letter for digit); check the source"),
        ));
        Some(Value::Code {
            code: Code::new(digits, system),
        })
    }
}

/// One body row typed: each cell's value by its column's role, the row's code joined from
/// its code cells, its name and ordinal, whether it is a total row.
pub(super) fn type_row(
    table: &Table,
    cells_raw: Vec<RawCell<'_>>,
    lines: Vec<usize>,
    systems: &[CodeSystem],
    default_system: CodeSystem,
    warnings: &mut Vec<Warning>,
) -> Row {
    let mut cells = Vec::with_capacity(cells_raw.len());
    let mut st = RowState::default();
    for (i, rc) in cells_raw.into_iter().enumerate() {
        let text = clean(&rc.raw).into_owned();
        let value = if text.is_empty() {
            Value::Empty
        } else {
            let cx = CellContext {
                table,
                role: table.columns.get(i).map_or(ColumnRole::Other, |c| c.role),
                system: systems.get(i).copied().unwrap_or(default_system),
                default_system,
            };
            st.value(&cx, &rc, &text, warnings)
        };
        if matches!(value, Value::Amount { .. } | Value::Percent { .. }) {
            st.past_codes = true;
        }
        cells.push(Cell {
            raw: rc.raw.into_owned(),
            text,
            line: rc.line,
            column: rc.column,
            value,
        });
    }
    let RowState {
        tokens,
        code_system_seen,
        name,
        ordinal,
        level,
        other_code,
        unit_code,
        ..
    } = st;
    let code = if tokens.is_empty() {
        unit_code
    } else {
        let digits = tokens;
        let mut system = code_system_seen.unwrap_or(default_system);
        if !valid_len(system, digits.len()) {
            system = CodeSystem::Unit;
        }
        Some(Code::new(digits, system))
    };
    let total = name.as_deref().is_some_and(is_total_label)
        || (code.is_none()
            && cells
                .iter()
                .find(|c| !c.text.is_empty())
                .is_some_and(|c| is_total_label(&c.text)));
    Row {
        lines,
        cells,
        code,
        other_code,
        ordinal,
        name,
        level: if table.layout == Layout::CellPerLine {
            level.or(Some(0))
        } else {
            None
        },
        total,
    }
}

/// The code a name cell starts with, in the forms documents print it: `30201 办公费`,
/// `[2010507]专项普查活动`, `【2010507】…`, `2010801-行政运行`, `50201—办公经费`, and, in tables
/// whose title implies a classification, `2101506医疗保障经办事务`. Returns the digits and the
/// rest of the text.
pub(super) fn leading_code(text: &str, coded_table: bool) -> Option<(&str, &str)> {
    let (open, body) = match text.chars().next() {
        Some(c @ ('[' | '【' | '〔')) => (Some(c), text.get(c.len_utf8()..)?),
        _ => (None, text),
    };
    let end = body
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(body.len());
    if !(3..=9).contains(&end) {
        return None;
    }
    let digits = body.get(..end)?;
    let mut rest = body.get(end..)?;
    match open {
        Some(_) => {
            rest = rest.strip_prefix([']', '】', '〕'])?;
        }
        None => {
            let sep = rest.chars().next()?;
            if matches!(sep, '-' | '—' | '－' | '–' | ' ' | ':' | '：') {
                rest = rest.get(sep.len_utf8()..)?;
            } else if !coded_table || sep.is_ascii() {
                return None;
            }
        }
    }
    let rest = rest.trim_start_matches([' ', '-', '—']);
    // A name follows: not a unit or a decimal (`2024年`, `100万元`).
    let first = rest.chars().next()?;
    if first.is_ascii_digit() || matches!(first, '年' | '万' | '元' | '%' | '.' | '个' | '人')
    {
        return None;
    }
    Some((digits, rest))
}

/// A name cell: split the ordinal and a leading code (`30201 办公费`, `[2010507]专项普查活动`,
/// `2010801-行政运行`).
fn name_value(
    text: &str,
    coded_table: bool,
    tokens: &mut String,
    name: &mut Option<String>,
    ordinal: &mut Option<String>,
    past_codes: &mut bool,
) -> Value {
    let folded = fold(text);
    let mut rest: &str = trim_ws(&folded);
    if let Some((digits, after)) = leading_code(rest, coded_table || !tokens.is_empty()) {
        fold_code_push(tokens, digits);
        rest = after;
    }
    // `rest` is folded already: no second fold.
    let (o, n) = split_ordinal_folded(rest);
    let n = trim_ws(n);
    *name = Some(n.to_string());
    let o = o.map(str::to_string);
    ordinal.clone_from(&o);
    *past_codes = true;
    Value::Name {
        ordinal: o,
        name: n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn codes_fold() {
        assert_eq!(fold_code(&v(&["301", "13", "30113"])), "30113");
        assert_eq!(fold_code(&v(&["302", "01", "30201"])), "30201");
        assert_eq!(fold_code(&v(&["210", "15", "99"])), "2101599");
    }
}
