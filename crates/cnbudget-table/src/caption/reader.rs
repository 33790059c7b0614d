//! Caption lines read one at a time after a table's first line (its number or its title):
//! further numbers and titles, a title broken before its last character, issuer and unit
//! lines (a unit possibly on the line after `金额：`), and the year and key–value lines kept
//! as caption notes.

use std::borrow::Cow;

use crate::cell::{strip_heading, trim_line};
use crate::model::{AmountUnit, Note, NoteFlag, TableKind};

use super::Caption;
use super::meta::{bare_unit, paren_unit, scan_meta, short_kv, year_line};
use super::number::{number_digits, table_number_line};
use super::title::TitleInfo;

/// Title lines looked through after the first: a caption has two or three (`附件3` / a
/// heading / the title); a run of many is a list (or hostile input).
const MAX_MORE_TITLES: usize = 6;

/// What a caption says so far.
#[derive(Debug, Clone, Default)]
pub(crate) struct CaptionReader {
    /// The title, with the kind it implies.
    pub(crate) title: Option<TitleInfo>,
    /// The line of the title.
    pub(crate) title_line: Option<usize>,
    /// The table number.
    pub(crate) number: Option<String>,
    /// The issuing unit.
    pub(crate) issuer: Option<String>,
    /// The unit of amounts.
    pub(crate) unit: Option<AmountUnit>,
    /// Caption lines kept as notes (an earlier title taken as a heading, year lines,
    /// key–value lines).
    pub(crate) notes: Vec<Note>,
    /// `金额：` or `单位：` with nothing after it: the unit is on the next line.
    unit_pending: bool,
    /// Title lines seen after the first.
    more_titles: usize,
    /// The lines taken, in order.
    lines: Vec<usize>,
}

/// What a line was to the caption.
pub(crate) enum Read<'t> {
    /// A caption line: taken.
    Taken,
    /// A number or title that belongs to another table: the caption ends before this line
    /// and is not a table's.
    Conflict,
    /// Not caption material; the line with its heading marks stripped.
    Other(Cow<'t, str>),
}

/// Whether `next` ends `title`, broken over two lines: a short line without a caption key
/// that ends the title with `表`, or closes a bracket the title left open.
pub(crate) fn title_continues(title: &str, next: &str) -> bool {
    let n = next.chars().count();
    if n == 0 || n > 24 || next.contains([':', '：']) || table_number_line(next).is_some() {
        return false;
    }
    let open = title.matches(['(', '（']).count() > title.matches([')', '）']).count();
    (next.ends_with('表') && !title.ends_with('表') && (n <= 3 || open))
        || (open && next.ends_with([')', '）']))
}

impl CaptionReader {
    /// The caption opened by a table's first line: a table number (`附件3`) or a title
    /// (`title`, the line's [`TitleInfo`]). `None` when the line is neither.
    pub(crate) fn start(line: usize, text: &str, title: Option<TitleInfo>) -> Option<Self> {
        let mut c = CaptionReader {
            lines: vec![line],
            ..CaptionReader::default()
        };
        if let Some(n) = table_number_line(text) {
            c.number = Some(n);
        } else if let Some(t) = title {
            c.number.clone_from(&t.number);
            c.title = Some(t);
            c.title_line = Some(line);
        } else {
            return None;
        }
        Some(c)
    }

    /// The kind the title implies ([`TableKind::Other`] without a title).
    pub(crate) fn kind(&self) -> TableKind {
        self.title.as_ref().map_or(TableKind::Other, |t| t.kind)
    }

    /// Reads the next non-blank line `text` (`title` gives its [`TitleInfo`], asked only when
    /// the line is not a table number): a number, a title, the end of a broken title, an
    /// issuer or unit line.
    pub(crate) fn line<'t, 'i>(
        &mut self,
        line: usize,
        text: &'t str,
        title: impl FnOnce() -> Option<&'i TitleInfo>,
    ) -> Read<'t> {
        let read = self.read_line(line, text, title);
        if matches!(read, Read::Taken) {
            self.lines.push(line);
        }
        read
    }

    fn read_line<'t, 'i>(
        &mut self,
        line: usize,
        text: &'t str,
        title: impl FnOnce() -> Option<&'i TitleInfo>,
    ) -> Read<'t> {
        if let Some(n) = table_number_line(text) {
            if self.title.is_some()
                && self
                    .number
                    .as_deref()
                    .is_some_and(|have| number_digits(have) != number_digits(&n))
            {
                return Read::Conflict;
            }
            self.number.get_or_insert(n);
            return Read::Taken;
        }
        if let Some(ti) = title().cloned() {
            return self.title(line, ti);
        }
        let cleaned = strip_heading(text);
        // A title broken before its last character(s): `…支出预算` / `表`, or inside a bracket
        // it opened: `…明细表（按支出功能分类科` / `目-不含上年结转）`.
        if let Some(ti) = self.title.as_mut() {
            let c = trim_line(&cleaned);
            if title_continues(&ti.title, c) {
                ti.title.push_str(c);
                return Read::Taken;
            }
        }
        let m = scan_meta(&cleaned);
        if m.issuer.is_some() || m.unit.is_some() || m.unit_pending {
            if let Some(u) = m.unit {
                self.unit = Some(u);
            }
            if let Some(is) = m.issuer {
                self.issuer.get_or_insert(is);
            }
            self.unit_pending = m.unit_pending;
            return Read::Taken;
        }
        if self.unit_pending {
            if let Some(u) = bare_unit(&cleaned) {
                self.unit = Some(u);
                self.unit_pending = false;
                return Read::Taken;
            }
        }
        if let Some(u) = paren_unit(&cleaned) {
            self.unit = Some(u);
            return Read::Taken;
        }
        Read::Other(cleaned)
    }

    /// A further title line: the later line is the table's own title, the earlier one a
    /// heading kept as a note; two titles of different kinds belong to two tables.
    fn title<'t>(&mut self, line: usize, ti: TitleInfo) -> Read<'t> {
        self.more_titles += 1;
        if self.more_titles > MAX_MORE_TITLES {
            return Read::Conflict;
        }
        match &self.title {
            None => {
                if ti.number.is_some() {
                    self.number
                        .get_or_insert(ti.number.clone().unwrap_or_default());
                }
                self.title = Some(ti);
                self.title_line = Some(line);
            }
            Some(prev) => {
                let same = prev.kind == ti.kind
                    || prev.kind == TableKind::Other
                    || ti.kind == TableKind::Other;
                if !same {
                    return Read::Conflict;
                }
                // The later line is the table's own caption; the earlier a heading.
                self.notes.push(Note {
                    line: self.title_line.unwrap_or(line),
                    text: prev.title.clone(),
                    flags: vec![NoteFlag::Caption],
                });
                if let Some(n) = &ti.number {
                    self.number.get_or_insert(n.clone());
                }
                let kind = if ti.kind == TableKind::Other {
                    prev.kind
                } else {
                    ti.kind
                };
                self.title = Some(TitleInfo { kind, ..ti });
                self.title_line = Some(line);
            }
        }
        Read::Taken
    }

    /// Keeps a line after the title as a caption note when it is a year line (`（2023年度）`)
    /// or a short key–value line (`报表编号：…`); `cleaned` is the line with its heading
    /// marks stripped.
    pub(crate) fn note(&mut self, line: usize, cleaned: Cow<'_, str>) -> bool {
        if self.title.is_some() && (year_line(&cleaned) || short_kv(&cleaned)) {
            self.lines.push(line);
            self.notes.push(Note {
                line,
                text: cleaned.into_owned(),
                flags: vec![NoteFlag::Caption],
            });
            return true;
        }
        false
    }

    /// Counts `line` among the caption's lines (the second half of a broken title).
    pub(crate) fn lines_taken(&mut self, line: usize) {
        if !self.lines.contains(&line) {
            self.lines.push(line);
        }
    }

    /// The caption read.
    pub(crate) fn into_caption(mut self) -> Caption {
        self.lines.sort_unstable();
        Caption {
            kind: self.kind(),
            title: self.title.map(|t| t.title),
            number: self.number,
            issuer: self.issuer,
            unit: self.unit,
            notes: self.notes,
            lines: self.lines,
        }
    }
}
