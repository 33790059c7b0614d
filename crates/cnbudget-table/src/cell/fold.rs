//! Folding: full-width digits and punctuation to ASCII and odd spaces to `' '`, and the trims
//! and label squashing built on it. Every function borrows when nothing changes.

use std::borrow::Cow;

/// Fold full-width digits and punctuation to ASCII and odd spaces to `' '`.
/// Borrowed when there is nothing to change (the common case).
#[inline]
pub(crate) fn fold(s: &str) -> Cow<'_, str> {
    if !may_fold(s.as_bytes()) || !bytes_need_fold(s.as_bytes()) {
        return Cow::Borrowed(s);
    }
    // Folding never lengthens the text (3- and 2-byte characters become
    // 1-byte ASCII): one allocation.
    let mut out = String::with_capacity(s.len());
    out.extend(s.chars().map(fold_char));
    Cow::Owned(out)
}

/// Byte pre-check for [`fold`]: false when no character of `b` can fold (no
/// lead byte of U+00A0, U+2002–U+2212, U+3000 or the full-width forms).
fn may_fold(b: &[u8]) -> bool {
    b.iter().any(|&x| matches!(x, 0xC2 | 0xE2 | 0xE3 | 0xEF))
}

/// Byte pre-check for Unicode whitespace: false when `b` has no ASCII
/// whitespace and no lead byte of a non-ASCII whitespace character
/// (U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000).
/// `s.trim()` (Unicode whitespace), with a byte-level fast path: only lead
/// bytes of the few non-ASCII whitespace characters (U+0085, U+00A0, U+1680,
/// U+2000–U+205F, U+3000) send the edge to the general `trim`.
#[inline]
pub(crate) fn trim_ws(s: &str) -> &str {
    let b = s.as_bytes();
    let mut start = 0;
    while b
        .get(start)
        .is_some_and(|&x| matches!(x, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C))
    {
        start += 1;
    }
    let mut end = b.len();
    while end > start
        && b.get(end - 1)
            .is_some_and(|&x| matches!(x, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C))
    {
        end -= 1;
    }
    let Some(r) = s.get(start..end) else {
        return s.trim();
    };
    let rb = r.as_bytes();
    let lead_ws = |x: u8| matches!(x, 0xC2 | 0xE1 | 0xE2 | 0xE3);
    if rb.first().is_some_and(|&x| lead_ws(x)) {
        return r.trim();
    }
    if rb.last().is_some_and(|&x| x >= 0x80) {
        // The lead byte of the last character.
        let lead = rb
            .iter()
            .rev()
            .take(4)
            .find(|&&x| !(0x80..0xC0).contains(&x));
        if lead.is_none_or(|&x| lead_ws(x)) {
            return r.trim();
        }
    }
    r
}

/// [`trim_ws`] for whole lines: the long runs of spaces that start and end
/// space-aligned (`pdftotext -layout`) lines are skipped eight bytes at a time
/// first. Same result as `s.trim()`.
#[inline]
pub(crate) fn trim_line(s: &str) -> &str {
    const SPACES: u64 = u64::from_le_bytes([b' '; 8]);
    let is_run = |w: Option<&[u8]>| {
        w.and_then(|w| <[u8; 8]>::try_from(w).ok())
            .is_some_and(|w| u64::from_le_bytes(w) == SPACES)
    };
    let b = s.as_bytes();
    if b.first() != Some(&b' ') && b.last() != Some(&b' ') {
        return trim_ws(s);
    }
    let mut start = 0;
    while is_run(b.get(start..start + 8)) {
        start += 8;
    }
    let mut end = b.len();
    while end >= start + 8 && is_run(b.get(end - 8..end)) {
        end -= 8;
    }
    // Only ASCII spaces were cut: `start..end` is on character boundaries.
    trim_ws(s.get(start..end).unwrap_or(s))
}

#[inline]
pub(crate) fn may_have_space(b: &[u8]) -> bool {
    b.iter()
        .any(|&x| x.is_ascii_whitespace() || matches!(x, 0x0B | 0xC2 | 0xE1 | 0xE2 | 0xE3))
}

/// `s.chars().any(needs_fold)` on the UTF-8 bytes: U+FF01–FF20, U+FF3B–FF40,
/// U+FF5B–FF5E, U+3000, U+00A0, U+2002–200A, U+2212.
fn bytes_need_fold(b: &[u8]) -> bool {
    b.windows(3).any(|w| match *w {
        [0xEF, 0xBC, x] => matches!(x, 0x81..=0xA0 | 0xBB..=0xBF),
        [0xEF, 0xBD, x] => matches!(x, 0x80 | 0x9B..=0x9E),
        [0xE3, 0x80, 0x80] | [0xE2, 0x88, 0x92] => true,
        [0xE2, 0x80, x] => matches!(x, 0x82..=0x8A),
        [0xC2, 0xA0, _] => true,
        _ => false,
    }) || b.ends_with(&[0xC2, 0xA0])
}

/// Does `s` hold whitespace or a character [`fold`] changes? Exact, on the
/// UTF-8 bytes, in one pass (the test for [`squash`]).
#[inline]
pub(crate) fn needs_squash(b: &[u8]) -> bool {
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    for (i, &x) in b.iter().enumerate() {
        let hit = match x {
            0x09..=0x0D | b' ' => true,
            0xC2 => matches!(at(i + 1), 0x85 | 0xA0),
            0xE1 => at(i + 1) == 0x9A && at(i + 2) == 0x80,
            0xE2 => matches!(
                (at(i + 1), at(i + 2)),
                (0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF) | (0x81, 0x9F) | (0x88, 0x92)
            ),
            0xE3 => at(i + 1) == 0x80 && at(i + 2) == 0x80,
            0xEF => matches!(
                (at(i + 1), at(i + 2)),
                (0xBC, 0x81..=0xA0 | 0xBB..=0xBF) | (0xBD, 0x80 | 0x9B..=0x9E)
            ),
            _ => false,
        };
        if hit {
            return true;
        }
    }
    false
}

#[cfg(test)]
fn needs_fold(c: char) -> bool {
    fold_char(c) != c
}

#[inline]
pub(crate) fn fold_char(c: char) -> char {
    match c {
        '０'..='９' | '！'..='／' | '：'..='＠' | '［'..='｀' | '｛'..='～' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        '\u{3000}' | '\u{a0}' | '\u{2002}'..='\u{200a}' => ' ',
        '\u{2212}' => '-',
        _ => c,
    }
}

/// Remove all whitespace and fold full-width punctuation (for matching labels).
#[inline]
pub(crate) fn squash(s: &str) -> Cow<'_, str> {
    if !needs_squash(s.as_bytes()) {
        return Cow::Borrowed(s);
    }
    if !may_have_space(s.as_bytes()) || !s.contains(char::is_whitespace) {
        return fold(s);
    }
    let mut out = String::with_capacity(s.len());
    out.extend(s.chars().map(fold_char).filter(|c| !c.is_whitespace()));
    Cow::Owned(out)
}

/// `squash(s).starts_with(prefix)`, reading `s` only as far as the prefix goes (a
/// space-aligned line is mostly spaces).
pub(crate) fn squash_starts_with(s: &str, prefix: &str) -> bool {
    // `fold_char` turns only whitespace into a space: folding then dropping whitespace is
    // what `squash` gives, character by character.
    let mut squashed = s.chars().map(fold_char).filter(|c| !c.is_whitespace());
    prefix.chars().all(|p| squashed.next() == Some(p))
}

/// The continuation bytes (`0x80..=0xBF`) of `s` as a set of their low six bits: a quick
/// test that one text cannot hold another (CJK characters differ mostly in these bytes).
pub(crate) const fn continuation_bytes(s: &str) -> u64 {
    let mut set = 0u64;
    let mut rest = s.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        if b & 0xC0 == 0x80 {
            set |= 1 << (b & 0x3F);
        }
        rest = tail;
    }
    set
}

/// `h.contains(n)`: a plain byte scan for short haystacks (labels, titles),
/// where setting up the general substring searcher costs more than the search.
#[inline]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_bytes_exact() {
        for c in (0u32..0x1_0000).filter_map(char::from_u32) {
            let s = format!("a{c}b");
            assert_eq!(bytes_need_fold(s.as_bytes()), needs_fold(c), "{c:?}");
            let squashable = c.is_whitespace() || needs_fold(c);
            assert_eq!(needs_squash(s.as_bytes()), squashable, "{c:?}");
            assert_eq!(needs_squash(c.to_string().as_bytes()), squashable, "{c:?}");
            assert_eq!(
                bytes_need_fold(c.to_string().as_bytes()),
                needs_fold(c),
                "{c:?}"
            );
        }
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
        fn trim_ws_is_trim(t in "[ \t\u{3000}\u{a0}a中]{0,40}") {
            proptest::prop_assert_eq!(trim_ws(&t), t.trim());
            proptest::prop_assert_eq!(trim_line(&t), t.trim());
        }
    }

    proptest::proptest! {
        #[test]
        fn has_sub_prop(h in "[ab合计]{0,40}", n in "[ab合计]{0,3}") {
            proptest::prop_assert_eq!(has_sub(&h, &n), h.contains(n.as_str()));
        }
    }
}
