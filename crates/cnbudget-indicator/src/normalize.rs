//! Width, script and LaTeX-debris normalisation applied before any parsing.

/// Map one character to its normal form: full-width ASCII to ASCII, U+3000 to a space,
/// look-alike comparators to the canonical ones, and the few traditional characters
/// that occur in units (萬, 時, 個, 臺).
fn map_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' => ' ',
        '≧' | '⩾' => '≥',
        '≦' | '⩽' => '≤',
        '﹥' => '>',
        '﹤' => '<',
        '﹪' => '%',
        '萬' => '万',
        '時' => '时',
        '個' => '个',
        '臺' => '台',
        '標' => '标',
        '數' => '数',
        '質' => '质',
        _ => c,
    }
}

/// Replace the LaTeX comparison commands left by PDF converters (`\\leq` → `≤`); other
/// commands are kept as written.
fn latex_commands(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('\\') {
        let (head, tail) = rest.split_at(pos);
        out.push_str(head);
        let after = tail.get(1..).unwrap_or_default();
        let word_len = after
            .char_indices()
            .find(|(_, c)| !c.is_ascii_alphabetic())
            .map_or(after.len(), |(i, _)| i);
        let word = after.get(..word_len).unwrap_or_default();
        let replacement = match word {
            "leq" | "le" | "leqslant" => Some("≤"),
            "geq" | "ge" | "geqslant" => Some("≥"),
            "lt" => Some("<"),
            "gt" => Some(">"),
            "times" => Some("×"),
            "" if after.starts_with('%') => Some("%"),
            // `\\` is a LaTeX line break: drop it (so the text is a fixed point).
            "" if after.starts_with('\\') => Some(""),
            _ => None,
        };
        match replacement {
            Some(r) => {
                out.push_str(r);
                let skip = if word.is_empty() { 1 } else { word_len };
                rest = after.get(skip..).unwrap_or_default();
            }
            None => {
                out.push('\\');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Normalise width and LaTeX debris (`$\leq$` → `≤`), keeping white space.
pub(crate) fn normalize(s: &str) -> String {
    if first_unnormal(s).is_none() {
        return s.to_string();
    }
    // Characters that map to themselves are copied in runs, up to the next one that may not.
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(k) = first_unnormal(rest) {
        let Some((same, tail)) = rest.split_at_checked(k) else {
            break;
        };
        out.push_str(same);
        let mut chars = tail.chars();
        let Some(c) = chars.next() else {
            break;
        };
        out.push(map_char(c));
        rest = chars.as_str();
    }
    out.push_str(rest);
    if out.contains('<') {
        for tag in ["<b>", "</b>", "<p>", "</p>", "<br>", "<br/>", "<i>", "</i>"] {
            if out.contains(tag) {
                out = out.replace(tag, "");
            }
        }
    }
    if out.contains('$') {
        out.retain(|c| c != '$');
    }
    if out.contains('\\') {
        out = latex_commands(&out);
    }
    out
}

/// Normalise and drop all white space (cells wrapped inside a PDF cell: `人 次` → `人次`).
pub(crate) fn squeeze(s: &str) -> String {
    squeezed(s).into_owned()
}

/// Whether squeezing changes or drops `c` (or may, as the start of a tag or LaTeX command).
fn dirty(c: char) -> bool {
    c.is_whitespace() || changed(c)
}

/// Whether [`normalize`] changes `c` (or may, as the start of a tag or LaTeX command).
fn changed(c: char) -> bool {
    map_char(c) != c || matches!(c, '$' | '\\' | '<')
}

/// The byte offset of the first [`dirty`] character of `s`. ASCII and the CJK block
/// (U+4000–U+9FFF, where only the seven traditional characters of [`map_char`] are dirty) are
/// decided from the bytes; other characters are decoded.
fn first_dirty(s: &str) -> Option<usize> {
    first_marked(s, true)
}

/// The byte offset of the first character [`normalize`] changes (or may change, as the start
/// of a tag or LaTeX command).
fn first_unnormal(s: &str) -> Option<usize> {
    first_marked(s, false)
}

/// For each lead byte 0xE4–0xE9, the low six bits of the second byte of the traditional
/// characters [`map_char`] maps (個 E5 80, 時 E6 99, 標 E6 A8, 數 E6 95, 臺 E8 87, 萬 E8 90,
/// 質 E8 B3), as a bit set.
const TRADITIONAL_SECOND_BYTES: [u64; 6] = [
    0,
    1 << 0x00,
    (1 << 0x19) | (1 << 0x28) | (1 << 0x15),
    0,
    (1 << 0x07) | (1 << 0x10) | (1 << 0x33),
    0,
];

/// [`first_dirty`] (`white_space` set) or [`first_unnormal`].
fn first_marked(s: &str, white_space: bool) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(&x) = b.get(i) {
        if x < 0x80 {
            if matches!(x, b'$' | b'\\' | b'<')
                || (white_space && matches!(x, b'\t'..=b'\r' | b' '))
            {
                return Some(i);
            }
            i += 1;
        } else if (0xE4..=0xE9).contains(&x) {
            // A three-byte sequence (the text is valid UTF-8).
            let Some(&y) = b.get(i + 1) else {
                return Some(i);
            };
            // Most ideographs are told apart by their first two bytes alone: only a second
            // byte that one of the seven traditional characters has needs the code point.
            let second_bytes = TRADITIONAL_SECOND_BYTES
                .get(usize::from(x - 0xE4))
                .copied()
                .unwrap_or(0);
            if second_bytes & (1 << (y & 0x3F)) == 0 {
                i += 3;
                continue;
            }
            let Some(&z) = b.get(i + 2) else {
                return Some(i);
            };
            let cp = (u32::from(x & 0x0F) << 12) | (u32::from(y & 0x3F) << 6) | u32::from(z & 0x3F);
            if matches!(
                cp,
                0x842C | 0x6642 | 0x500B | 0x81FA | 0x6A19 | 0x6578 | 0x8CEA
            ) {
                return Some(i);
            }
            i += 3;
        } else {
            let c = s.get(i..).and_then(|r| r.chars().next())?;
            if (white_space && dirty(c)) || changed(c) {
                return Some(i);
            }
            i += c.len_utf8();
        }
    }
    None
}

/// Whether `s` holds `<`, `$` or `\\`.
fn has_markup(s: &str) -> bool {
    s.bytes().any(|b| matches!(b, b'<' | b'$' | b'\\'))
}

/// `s.trim()`, answered from the two end bytes when both end characters are plainly not white
/// space (printable ASCII, or ideographs U+4000–U+9FFF, led by 0xE4–0xE9): most cells.
fn trimmed(s: &str) -> &str {
    let b = s.as_bytes();
    let ideograph_lead = |x: &u8| (0xE4..=0xE9).contains(x);
    let first_solid = b
        .first()
        .is_some_and(|&x| (x > b' ' && x < 0x80) || ideograph_lead(&x));
    let last_solid = match b.last() {
        Some(&x) if x < 0x80 => x > b' ',
        Some(_) => b
            .len()
            .checked_sub(3)
            .and_then(|k| b.get(k))
            .is_some_and(ideograph_lead),
        None => false,
    };
    if first_solid && last_solid {
        s
    } else {
        s.trim()
    }
}

/// [`squeeze`] without allocating when the text is already in normal form.
pub(crate) fn squeezed(s: &str) -> std::borrow::Cow<'_, str> {
    // White space at either end goes anyway: a cell clean inside is borrowed.
    let t = trimmed(s);
    let Some(first) = first_dirty(t) else {
        return std::borrow::Cow::Borrowed(t);
    };
    // Without tags, `$` or LaTeX commands, normalising is mapping each character: do it in
    // the same pass as dropping white space. Clean runs between dirty characters map to
    // themselves and are copied whole.
    let mut out = String::with_capacity(t.len());
    let mut rest = t;
    let mut dirty_at = Some(first);
    while let Some(k) = dirty_at {
        let Some((clean, tail)) = rest.split_at_checked(k) else {
            break;
        };
        out.push_str(clean);
        let mut chars = tail.chars();
        let Some(c) = chars.next() else {
            break;
        };
        let m = map_char(c);
        if matches!(m, '<' | '$' | '\\') {
            let mut n = normalize(s);
            n.retain(|c| !c.is_whitespace());
            return std::borrow::Cow::Owned(n);
        }
        if !m.is_whitespace() {
            out.push(m);
        }
        rest = chars.as_str();
        dirty_at = first_dirty(rest);
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// [`squeezed`] of text that is itself the output of [`squeezed`]. Such text is already in
/// normal form (no white space, every character a fixed point of [`map_char`]) unless it holds
/// `<`, `$` or `\\`, which a second squeeze may still rewrite; only then is it squeezed again.
pub(crate) fn resqueezed(sq: &str) -> std::borrow::Cow<'_, str> {
    if has_markup(sq) {
        squeezed(sq)
    } else {
        std::borrow::Cow::Borrowed(sq)
    }
}

fn is_cjk(c: char) -> bool {
    !c.is_ascii()
}

/// Normalise, collapse white space, and drop white space next to a CJK character
/// (`建国初期 退休干部 住院人数` → `建国初期退休干部住院人数`, `DRG 支付` kept as `DRG支付`).
pub(crate) fn tidy(s: &str) -> String {
    // Without tags, `$` or LaTeX commands, normalising maps each character: map and collapse
    // in one pass. (White space at either end is dropped by the rule itself: it has no
    // character on one side.)
    let s = trimmed(s);
    let Some(first) = first_dirty(s) else {
        return s.to_string();
    };
    // Runs of clean characters (no white space, each mapping to itself) are copied whole: only
    // the first character of a run can follow a space.
    let mut out = String::with_capacity(s.len());
    let mut last: Option<char> = None;
    let mut space = false;
    let mut rest = s;
    let mut dirty_at = Some(first);
    loop {
        let k = dirty_at.unwrap_or(rest.len());
        let (clean, tail) = rest.split_at_checked(k).unwrap_or((rest, ""));
        if let Some(c) = clean.chars().next() {
            if space && last.is_some_and(|b| !is_cjk(b) && !is_cjk(c)) {
                out.push(' ');
            }
            space = false;
            out.push_str(clean);
            last = clean.chars().next_back();
        }
        let mut chars = tail.chars();
        let Some(c) = chars.next() else {
            break;
        };
        let m = map_char(c);
        if matches!(m, '<' | '$' | '\\') {
            return tidy_normalized(s);
        }
        if m.is_whitespace() {
            space = true;
        } else {
            if space && last.is_some_and(|b| !is_cjk(b) && !is_cjk(m)) {
                out.push(' ');
            }
            space = false;
            out.push(m);
            last = Some(m);
        }
        rest = chars.as_str();
        dirty_at = first_dirty(rest);
    }
    out
}

/// [`tidy`] through [`normalize`] (tags, `$`, LaTeX commands).
fn tidy_normalized(s: &str) -> String {
    let n = normalize(s);
    let t = n.trim();
    if !t.chars().any(char::is_whitespace) {
        return if t.len() == n.len() { n } else { t.to_string() };
    }
    let mut out = String::with_capacity(t.len());
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_whitespace() {
            while chars.next_if(|c| c.is_whitespace()).is_some() {}
            let before = out.chars().next_back();
            let after = chars.peek().copied();
            let keep = match (before, after) {
                (Some(b), Some(a)) => !is_cjk(b) && !is_cjk(a),
                _ => false,
            };
            if keep {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latex_debris_and_width() {
        assert_eq!(squeeze("$\\leq$ "), "≤");
        assert_eq!(squeeze("＞＝１２．５％"), ">=12.5%");
        assert_eq!(
            tidy("建国初期 退休干部 住院人数"),
            "建国初期退休干部住院人数"
        );
        assert_eq!(tidy("  Word  two 字 x"), "Word two字x");
    }

    #[test]
    fn first_dirty_agrees_with_dirty_for_every_char() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = format!("a{c}b");
            let expected = dirty(c).then_some(1);
            assert_eq!(first_dirty(&s), expected, "{c:?} U+{:04X}", c as u32);
            let expected = changed(c).then_some(1);
            assert_eq!(first_unnormal(&s), expected, "U+{:04X}", c as u32);
        }
    }

    proptest::proptest! {
        #[test]
        fn resqueezed_is_squeezed_of_squeezed(s in "[ 　\\t a-c0-9＜＞＄＼\\\\$<>/bp%萬數≧﹤年\\u{a0}]{0,24}") {
            let once = squeezed(&s);
            proptest::prop_assert_eq!(resqueezed(&once), squeezed(&once));
        }
    }

    proptest::proptest! {
        #[test]
        fn tidy_in_one_pass_agrees_with_tidy_normalized(s in "[ 　\\t a-c0-9＜＞＄＼\\\\$<>/bp%萬數≧﹤年字\\u{a0}]{0,24}") {
            proptest::prop_assert_eq!(tidy(&s), tidy_normalized(&s));
        }

        #[test]
        fn squeezed_agrees_with_normalize_then_drop_white_space(s in "[ 　\\t a-c0-9＜＞＄＼\\\\$<>/bp%萬數≧﹤年字\\u{a0}]{0,24}") {
            let slow: String = normalize(&s).chars().filter(|c| !c.is_whitespace()).collect();
            let fast = squeezed(&s);
            proptest::prop_assert_eq!(fast.as_ref(), slow.as_str());
        }
    }

    proptest::proptest! {
        #[test]
        fn a_cell_squeezed_without_a_copy_is_its_own_tidy_form(s in "[ 　\t a-c0-9＜＄<$\\\\萬數年字\u{a0}]{0,24}") {
            if let std::borrow::Cow::Borrowed(clean) = squeezed(&s) {
                proptest::prop_assert_eq!(tidy(&s), clean);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn trimmed_is_trim_and_has_markup_finds_each_mark(s in "[ 　\t\n a-c0-9<$\\\\萬數年字≥\u{a0}\u{85}\u{2028}]{0,40}") {
            proptest::prop_assert_eq!(trimmed(&s), s.trim());
            proptest::prop_assert_eq!(
                has_markup(&s),
                s.bytes().any(|b| matches!(b, b'<' | b'$' | b'\\'))
            );
        }
    }

    #[test]
    fn latex_line_break_before_percent_is_a_fixed_point() {
        // Regression (proptest): `\\%` normalised to `\%`, which normalised again to `%`.
        assert_eq!(normalize("\\\\%"), "%");
        assert_eq!(normalize(&normalize("\\\\%")), normalize("\\\\%"));
    }
}
