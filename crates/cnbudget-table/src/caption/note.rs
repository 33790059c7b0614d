//! Note lines under a table (`注：…`, `备注`) and what they say.

use crate::cell::strip_heading;
use crate::lexicon::{self, opens_note};
use crate::model::NoteFlag;

/// A note line: `备注：…`, `注：…`, `（备注：…）`.
pub(crate) fn is_note(line: &str) -> bool {
    // Every opener holds 注 or 明; an entity (`&#27880;`) decodes to one only with its `&`.
    // Lines with none of them are no note, without cleaning them.
    let b = line.as_bytes();
    if memchr::memchr(b'&', b).is_none() && !has_char3(b, "注") && !has_char3(b, "明") {
        return false;
    }
    let t = strip_heading(line);
    opens_note(t.trim_start_matches(['(', '（', '-', ' ']))
}

pub(crate) fn note_flags(t: &str) -> Vec<NoteFlag> {
    let mut f = Vec::new();
    if lexicon::ROUNDING_WORDS.iter().any(|w| t.contains(w)) {
        f.push(NoteFlag::Rounding);
    }
    if lexicon::EMPTY_TABLE_WORDS.iter().any(|w| t.contains(w)) {
        f.push(NoteFlag::EmptyTable);
    }
    f
}

/// Does `b` hold the three-byte character `c`? A search for its last byte, the byte that
/// varies most.
fn has_char3(b: &[u8], c: &str) -> bool {
    let &[x, y, z] = c.as_bytes() else {
        return false;
    };
    memchr::memchr_iter(z, b).any(|i| i >= 2 && b.get(i - 2..i) == Some(&[x, y][..]))
}
