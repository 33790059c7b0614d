//! The document's list of contents (目录): entries from prose lines and from a 目录 table.

use crate::caption::{kind_from_title, table_number_line};
use crate::cell::squash;
use crate::model::{ContentsEntry, Table};

/// Contents entries being collected from prose lines.
#[derive(Default)]
pub(super) struct Toc {
    /// After a `目录` line, until a sentence or a table.
    pub(super) in_block: bool,
    /// Numbered title lines outside a 目录 block, kept when at least two follow each other.
    pub(super) pending: Vec<ContentsEntry>,
}

impl Toc {
    pub(super) fn flush(&mut self, out: &mut Vec<ContentsEntry>) {
        if self.pending.len() >= 2 {
            out.append(&mut self.pending);
        } else {
            self.pending.clear();
        }
    }
}

/// Contents entries from a 目录 table (`表1 | 部门综合预算收支总表 | 否 | …`).
pub(crate) fn contents_from_table(table: &Table) -> Vec<ContentsEntry> {
    let mut out = Vec::new();
    for r in &table.rows {
        let texts: Vec<&str> = r.cells.iter().map(|c| c.text.as_str()).collect();
        let number = texts.iter().find_map(|t| table_number_line(t));
        let Some(title) = texts
            .iter()
            .find(|t| t.chars().count() >= 4 && !t.is_ascii() && table_number_line(t).is_none())
        else {
            continue;
        };
        let empty = texts.iter().find_map(|t| match *t {
            "是" => Some(true),
            "否" => Some(false),
            _ => None,
        });
        out.push(ContentsEntry {
            line: r.lines.first().copied().unwrap_or(0),
            ordinal: None,
            number,
            title: (*title).to_string(),
            kind: kind_from_title(&squash(title)),
            empty,
        });
    }
    out
}
