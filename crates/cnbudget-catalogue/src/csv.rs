//! A small RFC 4180 reader that keeps byte offsets, so every error can give line:column.

/// One field and the byte offset where it starts.
pub(crate) struct Field {
    pub(crate) text: String,
    pub(crate) byte: usize,
}

/// One record (row) and the byte offset where it starts.
pub(crate) struct Record {
    pub(crate) fields: Vec<Field>,
    pub(crate) byte: usize,
}

/// Split `text` into records. Quoted fields may hold commas, quotes (`""`) and newlines.
/// Blank lines are skipped. An error is (byte offset, message).
pub(crate) fn records(text: &str) -> Result<Vec<Record>, (usize, &'static str)> {
    let mut out = Vec::new();
    let mut fields: Vec<Field> = Vec::new();
    let mut cur = String::new();
    let mut field_start = 0usize;
    let mut record_start = 0usize;
    let mut in_quotes = false;
    let mut quoted = false; // the current field was quoted and its closing quote was seen
    let mut chars = text.char_indices().peekable();
    let mut at_field_start = true;
    while let Some((i, ch)) = chars.next() {
        if in_quotes {
            if ch == '"' {
                if matches!(chars.peek(), Some((_, '"'))) {
                    cur.push('"');
                    chars.next();
                } else {
                    in_quotes = false;
                    quoted = true;
                }
            } else {
                cur.push(ch);
            }
            continue;
        }
        match ch {
            '"' if at_field_start => {
                in_quotes = true;
                at_field_start = false;
            }
            '"' => return Err((i, "quote inside an unquoted field")),
            ',' => {
                fields.push(Field {
                    text: core::mem::take(&mut cur),
                    byte: field_start,
                });
                field_start = i + 1;
                at_field_start = true;
                quoted = false;
            }
            '\r' if matches!(chars.peek(), Some((_, '\n'))) => {}
            '\n' => {
                fields.push(Field {
                    text: core::mem::take(&mut cur),
                    byte: field_start,
                });
                let rec = Record {
                    fields: core::mem::take(&mut fields),
                    byte: record_start,
                };
                if !is_blank(&rec) {
                    out.push(rec);
                }
                field_start = i + 1;
                record_start = i + 1;
                at_field_start = true;
                quoted = false;
            }
            _ if quoted => return Err((i, "text after a closing quote")),
            '\u{feff}' if i == 0 => {
                field_start = i + ch.len_utf8();
                record_start = field_start;
            }
            _ => {
                cur.push(ch);
                at_field_start = false;
            }
        }
    }
    if in_quotes {
        return Err((field_start, "unterminated quoted field"));
    }
    fields.push(Field {
        text: cur,
        byte: field_start,
    });
    let rec = Record {
        fields,
        byte: record_start,
    };
    if !is_blank(&rec) {
        out.push(rec);
    }
    Ok(out)
}

fn is_blank(r: &Record) -> bool {
    r.fields.iter().all(|f| f.text.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_offsets() {
        let r = records("a,\"b,\"\"c\"\"\"\n\n2,3\r\n").unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].fields[1].text, "b,\"c\"");
        assert_eq!(r[1].byte, 13);
        assert_eq!(r[1].fields[1].byte, 15);
        assert!(records("a,\"b").is_err());
        assert!(records("a,b\"c").is_err());
    }
}
