//! Pinyin glosses left by bad converters: `預(yù)算`, `機構(gòu)`.

use std::borrow::Cow;
use std::ops::Range;

/// Vowels with a tone mark (and ü), which a gloss must contain at least one of.
pub(crate) fn is_toned(c: char) -> bool {
    matches!(
        c,
        'ā' | 'á'
            | 'ǎ'
            | 'à'
            | 'ē'
            | 'é'
            | 'ě'
            | 'è'
            | 'ī'
            | 'í'
            | 'ǐ'
            | 'ì'
            | 'ō'
            | 'ó'
            | 'ǒ'
            | 'ò'
            | 'ū'
            | 'ú'
            | 'ǔ'
            | 'ù'
            | 'ǖ'
            | 'ǘ'
            | 'ǚ'
            | 'ǜ'
            | 'ü'
            | 'ń'
            | 'ň'
            | 'ǹ'
            | 'ḿ'
    )
}

fn is_pinyin_letter(c: char) -> bool {
    c.is_ascii_lowercase() || is_toned(c)
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Byte ranges of pinyin glosses: `(` or `（`, one syllable of 1–6 lowercase letters with at
/// least one tone-marked vowel, `)` or `）`, right after a Han character.
///
/// ```
/// let s = "財政預(yù)算";
/// let r = cnbudget_text::find_pinyin_glosses(s);
/// assert_eq!(&s[r[0].clone()], "(yù)");
/// ```
pub fn find_pinyin_glosses(s: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let bytes = s.as_bytes();
    let mut from = 0usize;
    // Only `(` and `（` (EF BC 88) can open a gloss: jump between them.
    while let Some(i) = crate::scan::find2(bytes, from, b'(', 0xEF) {
        from = i + 1;
        let open_len = match (bytes.get(i), bytes.get(i + 1), bytes.get(i + 2)) {
            (Some(b'('), _, _) => 1,
            (Some(0xEF), Some(0xBC), Some(0x88)) => 3,
            _ => continue,
        };
        // After a Han character (a gloss ends in `)`/`）`, which is not one).
        if !s
            .get(..i)
            .and_then(|t| t.chars().next_back())
            .is_some_and(is_han)
        {
            continue;
        }
        let rest = s.get(i + open_len..).unwrap_or_default();
        let mut len = 0usize;
        let mut letters = 0usize;
        let mut toned = false;
        let mut close = None;
        for d in rest.chars() {
            if d == ')' || d == '）' {
                close = Some(d);
                break;
            }
            if !is_pinyin_letter(d) || letters >= 6 {
                break;
            }
            toned |= is_toned(d);
            letters += 1;
            len += d.len_utf8();
        }
        if let Some(cl) = close {
            if toned && letters > 0 {
                let end = i + open_len + len + cl.len_utf8();
                out.push(i..end);
                from = end;
            }
        }
    }
    out
}

/// `s` without its pinyin glosses (see [`find_pinyin_glosses`]).
///
/// ```
/// assert_eq!(cnbudget_text::strip_pinyin_glosses("機構(gòu)設(shè)置"), "機構設置");
/// ```
pub fn strip_pinyin_glosses(s: &str) -> Cow<'_, str> {
    let ranges = find_pinyin_glosses(s);
    if ranges.is_empty() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for r in ranges {
        out.push_str(s.get(last..r.start).unwrap_or_default());
        last = r.end;
    }
    out.push_str(s.get(last..).unwrap_or_default());
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_plain_parentheses() {
        assert!(find_pinyin_glosses("支出(a)").is_empty());
        assert!(find_pinyin_glosses("支出(万元)").is_empty());
        assert!(find_pinyin_glosses("abc(yù)").is_empty());
    }
}
