//! The lines that describe a table: above it its number, title, issuer and unit lines; below
//! it its notes.

mod meta;
mod note;
mod number;
mod title;

pub(crate) use meta::{bare_unit, paren_unit, scan_meta, short_kv, year_line};
pub(crate) use note::{is_note, note_flags};
pub(crate) use number::{number_digits, table_number_line};
pub(crate) use title::{TitleInfo, kind_from_title, title_info};
