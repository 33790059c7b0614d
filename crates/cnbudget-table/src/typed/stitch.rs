//! Rows broken over lines joined back.

use crate::cell::split_ordinal;
use crate::model::{Table, Value, Warning};

/// Rows broken over two lines: a row whose only text is a project-code
/// fragment (`51110221R000`) followed by a row starting `000073179-…`.
pub(super) fn join_broken_rows(table: &mut Table) {
    let mut i = 0;
    while i + 1 < table.rows.len() {
        let frag = table.rows.get(i).and_then(|r| {
            r.cells
                .iter()
                .position(|c| !c.text.is_empty())
                .filter(|&p| r.cells.get(p).is_some_and(|c| is_code_fragment(&c.text)))
        });
        let next_starts = table.rows.get(i + 1).is_some_and(|r| {
            r.cells
                .iter()
                .find(|c| !c.text.is_empty())
                .is_some_and(|c| {
                    c.text.bytes().take_while(u8::is_ascii_digit).count() >= 6
                        && c.text.contains('-')
                })
        });
        if frag.is_some() && next_starts {
            let next = table.rows.remove(i + 1);
            if let Some(row) = table.rows.get_mut(i) {
                let first_line = next.lines.first().copied().unwrap_or(0);
                row.lines.extend(next.lines);
                let frag_at = frag.unwrap_or(0);
                for (k, nc) in next.cells.into_iter().enumerate() {
                    match row.cells.get_mut(k) {
                        Some(c) if k == frag_at && !nc.text.is_empty() => {
                            c.text.push_str(&nc.text);
                            c.raw.push_str(&nc.raw);
                            let (ordinal, name) = split_ordinal(&c.text);
                            let name = name.into_owned();
                            row.name = Some(name.clone());
                            c.value = Value::Name { ordinal, name };
                        }
                        Some(c) if !nc.text.is_empty() => {
                            c.text.push_str(&nc.text);
                            c.raw.push_str(&nc.raw);
                            if matches!(c.value, Value::Empty) {
                                c.value = nc.value;
                            } else if !matches!(c.value, Value::Amount { .. }) {
                                c.value = Value::Text;
                            }
                        }
                        Some(_) => {}
                        None => row.cells.push(nc),
                    }
                }
                table.warnings.push(Warning::new(
                    first_line,
                    String::from("row broken over lines joined back"),
                ));
            }
        }
        i += 1;
    }
}

fn is_code_fragment(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() == 12
        && b.iter().take(8).all(u8::is_ascii_digit)
        && b.get(8).is_some_and(u8::is_ascii_uppercase)
        && b.iter().skip(9).all(u8::is_ascii_digit)
}
