//! Body rows typed: amounts, percentages, codes joined from split 类/款/项 cells, names with
//! their ordinals, repaired slips.

use crate::cell::{
    amount_value, clean, code_slip_text, code_tokens, fold, percent_value, repair_amount,
    slip_digit, split_ordinal, split_ordinal_folded, trim_ws,
};
use crate::grid::RawCell;
use crate::lexicon::is_no_amount;
use crate::model::{
    Cell, Code, CodeSystem, ColumnRole, Layout, Row, Table, Value, Warning, WarningKind,
};

use super::roles::{is_total_label, numeric_kind};

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

pub(super) fn type_row(
    table: &Table,
    cells_raw: Vec<RawCell<'_>>,
    lines: Vec<usize>,
    systems: &[CodeSystem],
    default_system: CodeSystem,
    warnings: &mut Vec<Warning>,
) -> Row {
    let mut cells = Vec::with_capacity(cells_raw.len());
    // The row's code so far (the fold of its code tokens; empty: none yet).
    let mut tokens = String::new();
    let mut code_system_seen: Option<CodeSystem> = None;
    let mut name: Option<String> = None;
    let mut ordinal: Option<String> = None;
    let mut level: Option<u8> = None;
    let mut past_codes = false;
    for (i, rc) in cells_raw.into_iter().enumerate() {
        let text = clean(&rc.raw).into_owned();
        let col = table.columns.get(i);
        let role = col.map_or(ColumnRole::Other, |c| c.role);
        let system = systems.get(i).copied().unwrap_or(default_system);
        let value = if text.is_empty() {
            Value::Empty
        } else {
            match role {
                ColumnRole::UnitCode => match code_tokens(&text) {
                    Some(g) => Value::Code {
                        code: Code {
                            digits: g.digits(),
                            system: CodeSystem::Unit,
                        },
                    },
                    None => Value::Text,
                },
                ColumnRole::Ordinal | ColumnRole::Remark => Value::Text,
                _ => {
                    let code_here = role == ColumnRole::Code
                        || (!past_codes
                            && default_system != CodeSystem::Unknown
                            && matches!(role, ColumnRole::Other | ColumnRole::Name));
                    let groups = if code_here { code_tokens(&text) } else { None };
                    if let Some(g) = groups.filter(|g| {
                        role == ColumnRole::Code || !tokens.is_empty() || g.digit_count() >= 3
                    }) {
                        let digits = g.digits();
                        if !past_codes {
                            if level.is_none() && table.layout == Layout::CellPerLine {
                                let lead = rc.raw.len() - rc.raw.trim_start().len();
                                level = u8::try_from(lead).ok();
                            }
                            for t in g.groups() {
                                fold_code_push(&mut tokens, t);
                            }
                            code_system_seen.get_or_insert(system);
                        }
                        Value::Code {
                            code: Code { digits, system },
                        }
                    } else if role == ColumnRole::Code {
                        match code_slip_text(&text) {
                            Some(mapped) => {
                                let g = code_tokens(&mapped);
                                let digits = g.map(|g| g.digits()).unwrap_or_default();
                                if !past_codes {
                                    for t in g.into_iter().flat_map(|g| g.groups()) {
                                        fold_code_push(&mut tokens, t);
                                    }
                                    code_system_seen.get_or_insert(system);
                                }
                                warnings.push(Warning::cell(
                                    WarningKind::CellRepaired,
                                    rc.line,
                                    rc.column,
                                    format!(
                                        "code `{text}` read as {digits} (letter for digit); check the source"
                                    ),
                                ));
                                Value::Code {
                                    code: Code { digits, system },
                                }
                            }
                            None => Value::Text,
                        }
                    } else if let Some(a) = amount_value(&text) {
                        Value::Amount { amount: a }
                    } else if is_no_amount(&text) {
                        Value::Empty
                    } else if let Some(p) = percent_value(&text) {
                        Value::Percent { percent: p }
                    } else if role.is_amount() && numeric_kind(table.kind) && figure_like(&text) {
                        amount_slip(&text, &rc, warnings)
                    } else if name.is_none()
                        && (role == ColumnRole::Name
                            || role == ColumnRole::Other
                            || role == ColumnRole::Total)
                        && !text.is_ascii()
                    {
                        name_value(&text, &mut tokens, &mut name, &mut ordinal, &mut past_codes)
                    } else if role == ColumnRole::Name {
                        let (o, n) = split_ordinal(&text);
                        Value::Name {
                            ordinal: o,
                            name: trim_ws(&n).to_string(),
                        }
                    } else {
                        Value::Text
                    }
                }
            }
        };
        if matches!(value, Value::Amount { .. } | Value::Percent { .. }) {
            past_codes = true;
        }
        cells.push(Cell {
            raw: rc.raw.into_owned(),
            text,
            line: rc.line,
            column: rc.column,
            value,
        });
    }
    let code = if tokens.is_empty() {
        None
    } else {
        let digits = tokens;
        let mut system = code_system_seen.unwrap_or(default_system);
        if !valid_len(system, digits.len()) {
            system = CodeSystem::Unit;
        }
        Some(Code { digits, system })
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

/// A name cell: split the ordinal and a leading code (`30201 办公费`).
fn name_value(
    text: &str,
    tokens: &mut String,
    name: &mut Option<String>,
    ordinal: &mut Option<String>,
    past_codes: &mut bool,
) -> Value {
    let folded = fold(text);
    let mut rest: &str = trim_ws(&folded);
    // `30201 办公费`: digits then a space then the name.
    let digits_end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    if (3..=9).contains(&digits_end)
        && rest.get(digits_end..).is_some_and(|r| r.starts_with(' '))
        && !tokens.is_empty()
    {
        if let Some(d) = rest.get(..digits_end) {
            fold_code_push(tokens, d);
        }
        rest = rest.get(digits_end..).unwrap_or("").trim_start();
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
