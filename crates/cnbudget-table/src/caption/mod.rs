//! The lines that describe a table: above it its number, title, issuer and unit lines; below
//! it its notes.

mod meta;
mod note;
mod number;
mod reader;
mod title;

use serde::{Deserialize, Serialize};

use crate::model::{AmountUnit, Note, TableKind};

pub(crate) use meta::scan_meta;
pub(crate) use note::{is_note, note_flags};
pub(crate) use number::table_number_line;
pub(crate) use reader::{CaptionReader, Read};
pub(crate) use title::{TitleInfo, kind_from_title, title_info};

/// What the lines above a table say about it: its title and the kind the title implies, its
/// number, the unit issuing it and the unit of its amounts.
///
/// ```
/// use cnbudget_table::{AmountUnit, Caption, TableKind};
///
/// let c = Caption::read([
///     (4, "附件3"),
///     (5, "一般公共预算支出预算表"),
///     (6, "部门：区医保局    金额单位：万元"),
/// ]);
/// assert_eq!(c.title.as_deref(), Some("一般公共预算支出预算表"));
/// assert_eq!(c.kind, TableKind::GeneralBudgetByFunction);
/// assert_eq!(c.number.as_deref(), Some("附件3"));
/// assert_eq!(c.issuer.as_deref(), Some("区医保局"));
/// assert_eq!(c.unit, Some(AmountUnit::TenThousandYuan));
/// assert_eq!(c.lines, [4, 5, 6]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Caption {
    /// The title, as written (heading marks and markup removed).
    pub title: Option<String>,
    /// What the table is, from its title ([`TableKind::Other`] without one); the typed layer
    /// refines it with the header.
    pub kind: TableKind,
    /// The table number (`附件3`, `表1-1`, `公开表3-1`).
    pub number: Option<String>,
    /// The issuing unit (`部门：`, `编制部门：`, `预算单位：`).
    pub issuer: Option<String>,
    /// The unit of amounts.
    pub unit: Option<AmountUnit>,
    /// Caption lines kept as notes: an earlier title line taken as a heading, a year line
    /// (`（2023年度）`), a short key–value line (`报表编号：…`).
    pub notes: Vec<Note>,
    /// The caption's lines, in order.
    pub lines: Vec<usize>,
}

impl Default for Caption {
    fn default() -> Caption {
        Caption {
            title: None,
            kind: TableKind::Other,
            number: None,
            issuer: None,
            unit: None,
            notes: Vec::new(),
            lines: Vec::new(),
        }
    }
}

impl Caption {
    /// An empty caption (no title: a table of kind [`TableKind::Other`]).
    pub fn new() -> Caption {
        Caption::default()
    }

    /// Reads the caption among `lines` (line number, text), the lines above a table in
    /// order: a table number or a title opens it, the lines after it add a number, a title,
    /// the end of a title broken over two lines, issuer and unit lines (a unit may stand on
    /// the line after `金额：`), year and key–value lines. Lines that are none of these are
    /// passed over; a number or title that belongs to another table starts the caption anew
    /// (the caption nearest the table is its own).
    pub fn read<'a>(lines: impl IntoIterator<Item = (usize, &'a str)>) -> Caption {
        let lines: Vec<(usize, &str)> = lines
            .into_iter()
            .filter(|(_, t)| !t.trim().is_empty())
            .collect();
        let mut reader: Option<CaptionReader> = None;
        let mut k = 0;
        while let Some(&(no, text)) = lines.get(k) {
            k += 1;
            // A title broken where neither part reads as a title (`…明细表（按支出功能分类科`
            // / `目-不含上年结转）`): read joined with the next line.
            let mut joined: Option<String> = None;
            let mut title = title_info(text);
            let title_half = lines.get(k).copied().filter(|&(_, next)| {
                title.is_none()
                    && table_number_line(text).is_none()
                    && next.trim().chars().count() <= 24
                    && !next.contains([':', '：'])
                    && title_info(next).is_none()
            });
            if let Some((next_no, next)) = title_half {
                let both = format!("{}{}", text.trim(), next.trim());
                if let Some(t) = title_info(&both) {
                    title = Some(t);
                    joined = Some(both);
                    k += 1;
                    if let Some(r) = reader.as_mut() {
                        r.lines_taken(next_no);
                    }
                }
            }
            let text: &str = joined.as_deref().unwrap_or(text);
            let Some(r) = reader.as_mut() else {
                reader = CaptionReader::start(no, text, title);
                if let (true, Some(r), Some(&(next_no, _))) =
                    (joined.is_some(), reader.as_mut(), lines.get(k - 1))
                {
                    r.lines_taken(next_no);
                }
                continue;
            };
            match r.line(no, text, || title.as_ref()) {
                Read::Taken => {}
                Read::Conflict => reader = CaptionReader::start(no, text, title),
                Read::Other(cleaned) => {
                    r.note(no, cleaned);
                }
            }
        }
        reader.map(CaptionReader::into_caption).unwrap_or_default()
    }
}
