//! Markup in cells and lines: HTML tags and entities, `**`, LaTeX comparison debris, heading
//! marks and list bullets.

use std::borrow::Cow;

use super::fold::{trim_line, trim_ws};

/// A byte that can start markup `clean` removes.
fn is_markup_byte(x: u8) -> bool {
    matches!(x, b'<' | b'$' | b'*' | b'\\' | b'&')
}

/// Does `b` hold a byte that can start markup? Eight bytes at a time: the markup bytes are
/// ASCII, so eight bytes of CJK text (all of them 0x80 or above) hold none.
fn has_markup_byte(b: &[u8]) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let Ok(w) = <[u8; 8]>::try_from(c) else {
            continue;
        };
        if u64::from_le_bytes(w) & HIGH != HIGH && c.iter().any(|&x| is_markup_byte(x)) {
            return true;
        }
    }
    chunks.remainder().iter().any(|&x| is_markup_byte(x))
}

/// Remove markup debris from a cell or line: `<b>`, `</b>`, `<p>`, `</p>`,
/// `<br>`, `**`, LaTeX `$\leq$` / `$\geq$` / `$ $`, any other HTML tag
/// (`<h2>`, `<span class="x">`, `</td>`); decode HTML entities (`&nbsp;`,
/// `&amp;`, `&ldquo;`, `&#12288;` …); then trim.
pub(crate) fn clean(raw: &str) -> Cow<'_, str> {
    // `\u{c}` (form feed) is whitespace: `trim_ws` is `trim`.
    let t = trim_ws(raw);
    let b = t.as_bytes();
    if !has_markup_byte(b) {
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

/// Strip heading markers and list bullets from a prose-ish line.
pub(crate) fn strip_heading(line: &str) -> Cow<'_, str> {
    let c = clean(trim_line(line));
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
}
