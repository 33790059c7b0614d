//! Note lines under a table (`注：…`, `备注`) and what they say.

use crate::cell::strip_heading;
use crate::lexicon::{self, opens_note};
use crate::model::NoteFlag;

/// A note line: `备注：…`, `注：…`, `（备注：…）`.
pub(crate) fn is_note(line: &str) -> bool {
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
