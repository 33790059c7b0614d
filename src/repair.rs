//! Repairs of the table reader's output that need the classification catalogues.
//!
//! `pdftotext -layout` prints a long name centred on its code row, half above and half below.
//! The reader joins the halves by position, which goes wrong where a complete name is followed
//! by the first half of the next row's name: `210 卫生健康支出` + `行政事业单位` becomes
//! `卫生健康支出行政事业单位`, and the next row `21011` keeps only `医疗`. Geometry cannot tell
//! these apart; the catalogue can. A pair of adjacent coded rows is split back when the first
//! name is its code's catalogue name plus a piece `X`, and `X` + the second name is the second
//! code's catalogue name. Each repair leaves a warning on its table.

use cnbudget_table::{CodeValue, Document, Row, Value, Warning};

/// The catalogue name of a row's code for `year`, when the code is a classification code.
fn catalogue_name(row: &Row, year: u16) -> Option<&'static str> {
    let code = row.code.as_ref()?;
    match code.value? {
        CodeValue::Function(c) => cnbudget_functional::Catalogue::embedded().name(c, year),
        CodeValue::Economic(c) => cnbudget_economic::Catalogue::embedded().name(c, year),
        _ => None,
    }
}

/// Sets a row's name (and its name cell) to `name`.
fn rename(row: &mut Row, old: &str, name: &str) {
    row.name = Some(name.to_string());
    for cell in &mut row.cells {
        if let Value::Name { name: n, .. } = &mut cell.value
            && n == old
        {
            *n = name.to_string();
        }
    }
}

/// Splits names run together over two adjacent coded rows (see the module docs).
pub(crate) fn split_run_together_names(document: &mut Document, year: u16) {
    for table in &mut document.tables {
        // Each row's catalogue name, looked up once.
        let names: Vec<Option<&str>> = table.rows.iter().map(|r| catalogue_name(r, year)).collect();
        for i in 1..table.rows.len() {
            let (Some(Some(cat_a)), Some(Some(cat_b))) = (names.get(i - 1), names.get(i)) else {
                continue;
            };
            let (cat_a, cat_b) = (*cat_a, *cat_b);
            let Some((head, tail)) = table.rows.split_at_mut_checked(i) else {
                continue;
            };
            let (Some(a), Some(b)) = (head.last_mut(), tail.first_mut()) else {
                continue;
            };
            let (Some(name_a), Some(name_b)) = (a.name.as_deref(), b.name.as_deref()) else {
                continue;
            };
            let Some(piece) = name_a.strip_prefix(cat_a).filter(|p| !p.is_empty()) else {
                continue;
            };
            if name_b == cat_b || cat_b.strip_prefix(piece) != Some(name_b) {
                continue;
            }
            // Copied only for a pair that is split (the rows are renamed below).
            let (name_a, name_b) = (name_a.to_string(), name_b.to_string());
            let line = a.lines.first().copied().unwrap_or(0);
            rename(a, &name_a, cat_a);
            rename(b, &name_b, cat_b);
            table.warnings.push(Warning::new(
                line,
                format!(
                    "names run together over two rows, split by the catalogue: “{name_a}” / “{name_b}” → “{cat_a}” / “{cat_b}”"
                ),
            ));
        }
    }
}
