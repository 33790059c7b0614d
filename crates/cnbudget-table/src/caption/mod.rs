//! The lines that describe a table: above it its number, title, issuer and unit lines; below
//! it its notes.

mod meta;
mod note;
mod number;
mod reader;
mod title;

pub(crate) use meta::scan_meta;
pub(crate) use note::{is_note, note_flags};
pub(crate) use number::table_number_line;
pub(crate) use reader::{CaptionReader, Read};
pub(crate) use title::{TitleInfo, kind_from_title, title_info};
