//! Word-at-a-time byte scans (eight bytes per step) used by the prefilters of every stage:
//! most of a disclosure is ASCII layout and common hanzi, so the stages jump from one
//! byte that may matter to the next instead of decoding every character.
//!
//! ```
//! use cnbudget_text::scan::find_ascii_digit;
//! let line = "支出合计1,234.56万元";
//! let at = find_ascii_digit(line.as_bytes(), 0).unwrap();
//! assert_eq!(&line[at..at + 1], "1");
//! ```

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// High bit set in every byte of `x` that is zero (exact for the lowest such byte).
#[inline]
fn zero_bytes(x: u64) -> u64 {
    x.wrapping_sub(LO) & !x & HI
}

/// First index at or after `from` whose byte is `a` or `b` (memchr's SIMD search).
#[inline]
pub(crate) fn find2(h: &[u8], from: usize, a: u8, b: u8) -> Option<usize> {
    memchr::memchr2(a, b, h.get(from..)?).map(|k| from + k)
}

/// First index at or after `from` whose byte is not ASCII.
#[inline]
pub(crate) fn find_non_ascii(h: &[u8], from: usize) -> Option<usize> {
    find_by(h, from, |x| x & HI, |x| x >= 0x80)
}

/// First index at or after `from` whose byte is not ASCII, or is `a` or `b`.
#[inline]
pub(crate) fn find_non_ascii_or2(h: &[u8], from: usize, a: u8, b: u8) -> Option<usize> {
    let (va, vb) = (LO.wrapping_mul(u64::from(a)), LO.wrapping_mul(u64::from(b)));
    find_by(
        h,
        from,
        |x| (x & HI) | zero_bytes(x ^ va) | zero_bytes(x ^ vb),
        |x| x >= 0x80 || x == a || x == b,
    )
}

/// First index at or after `from` whose byte is an ASCII digit (`0`–`9`): where a figure
/// can start in a line of hanzi, whose UTF-8 bytes are never digits.
///
/// ```
/// use cnbudget_text::scan::find_ascii_digit;
/// assert_eq!(find_ascii_digit("二〇二四年2024".as_bytes(), 0), Some(15));
/// assert_eq!(find_ascii_digit(b"12", 2), None);
/// ```
#[inline]
pub fn find_ascii_digit(h: &[u8], from: usize) -> Option<usize> {
    find_by(
        h,
        from,
        |x| {
            // Per byte, on its low seven bits `l` (no byte borrows from or carries into the
            // next): `0xB9 - l` has bit 7 set when l <= 0x39, `l + 0x50` when l >= 0x30;
            // `!x` keeps only bytes whose own bit 7 is clear. Exact for every byte.
            let low = x & !HI;
            LO.wrapping_mul(0xB9).wrapping_sub(low) & !x & (low + LO * 0x50) & HI
        },
        |x| x.is_ascii_digit(),
    )
}

/// Generic driver: `word` flags candidate bytes of an eight-byte little-endian word (the
/// lowest flag must be exact), `byte` tests one byte.
#[inline(always)]
fn find_by(
    h: &[u8],
    from: usize,
    word: impl Fn(u64) -> u64,
    byte: impl Fn(u8) -> bool,
) -> Option<usize> {
    let rest = h.get(from..)?;
    let mut chunks = rest.chunks_exact(8);
    let mut base = from;
    for ch in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(ch);
        let m = word(u64::from_le_bytes(w));
        if m != 0 {
            return Some(base + (m.trailing_zeros() / 8) as usize);
        }
        base += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&x| byte(x))
        .map(|k| base + k)
}

/// The character starting at byte `i` of `s` and its length, decoded by hand for the
/// common one- and three-byte cases.
#[inline]
pub(crate) fn char_at(s: &str, i: usize) -> Option<(char, usize)> {
    let b = s.as_bytes();
    let lead = *b.get(i)?;
    if lead < 0x80 {
        return Some((char::from(lead), 1));
    }
    if (0xE0..0xF0).contains(&lead) {
        if let (Some(&b1), Some(&b2)) = (b.get(i + 1), b.get(i + 2)) {
            let cp = ((u32::from(lead) & 0x0F) << 12)
                | ((u32::from(b1) & 0x3F) << 6)
                | (u32::from(b2) & 0x3F);
            // `s` is a str, so this is a valid scalar value; checked anyway.
            if let Some(c) = char::from_u32(cp) {
                return Some((c, 3));
            }
        }
    }
    let c = s.get(i..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_first_match_in_and_after_words() {
        let h = b"abcdefgh\nijklmnopq\rrstu";
        assert_eq!(find2(h, 0, b'\n', b'\r'), Some(8));
        assert_eq!(find2(h, 9, b'\n', b'\r'), Some(18));
        assert_eq!(find2(h, 19, b'\n', b'\r'), None);
        assert_eq!(find_non_ascii("abcdefghij中".as_bytes(), 0), Some(10));
        assert_eq!(find_non_ascii(b"abc", 5), None);
        // A byte just above a match must not hide it (borrow propagation).
        assert_eq!(find2(&[1, 0, 1, 1, 1, 1, 1, 1, 1], 0, 0, 0xFF), Some(1));
        for n in 0..40 {
            let mut v = vec![b'a'; n];
            v.push(b'\n');
            assert_eq!(find2(&v, 0, b'\n', b'\r'), Some(n));
        }
    }

    proptest::proptest! {
        #[test]
        fn scans_agree_with_naive(h in proptest::collection::vec(proptest::num::u8::ANY, 0..80), from in 0usize..90, a: u8, b: u8) {
            let naive = |f: &dyn Fn(u8) -> bool| h.iter().enumerate().skip(from).find(|(_, x)| f(**x)).map(|(k, _)| k);
            proptest::prop_assert_eq!(find2(&h, from, a, b), naive(&|x| x == a || x == b));
            proptest::prop_assert_eq!(find_non_ascii(&h, from), naive(&|x| x >= 0x80));
            proptest::prop_assert_eq!(find_non_ascii_or2(&h, from, a, b), naive(&|x| x >= 0x80 || x == a || x == b));
            proptest::prop_assert_eq!(find_ascii_digit(&h, from), naive(&|x| x.is_ascii_digit()));
        }

        #[test]
        fn char_at_agrees_with_chars(s in "\\PC{0,20}") {
            for (i, c) in s.char_indices() {
                proptest::prop_assert_eq!(char_at(&s, i), Some((c, c.len_utf8())));
            }
        }
    }

    #[test]
    fn char_at_decodes() {
        let s = "a中é𠀀";
        assert_eq!(char_at(s, 0), Some(('a', 1)));
        assert_eq!(char_at(s, 1), Some(('中', 3)));
        assert_eq!(char_at(s, 4), Some(('é', 2)));
        assert_eq!(char_at(s, 6), Some(('𠀀', 4)));
        assert_eq!(char_at(s, 10), None);
    }
}
