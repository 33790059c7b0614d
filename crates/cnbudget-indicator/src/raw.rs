//! The input grid: a table as rows of text cells, independent of any table parser.

use std::borrow::Cow;

use cnbudget_table::AmountUnit;
use cnbudget_text::{ParseNameError, Position};

use crate::error::{IndicatorError, IndicatorErrorKind};

/// One row of a [`RawTable`]: its source line and its cells, header rows included.
///
/// A cell's text is borrowed (`&str`, from a parsed document that outlives the grid) or owned
/// (`String`); both serialise as a plain string.
///
/// ```
/// use cnbudget_indicator::RawRow;
/// let text = String::from("培训人次");
/// let row = RawRow::new(12, [text.as_str(), "≥400"]);
/// assert_eq!(row.cells, ["培训人次", "≥400"]);
/// let owned = RawRow::new(12, [String::from("培训人次")]);
/// assert_eq!(owned.cells[0], "培训人次");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct RawRow<'a> {
    /// 1-based line of the row in the source document (0 when unknown).
    pub line: usize,
    /// The cells, left to right, as text. Empty strings for empty cells.
    pub cells: Vec<Cow<'a, str>>,
}

impl<'a> RawRow<'a> {
    /// A row at `line` with `cells` (`&str`, `String` or `Cow<str>`).
    pub fn new<S: Into<Cow<'a, str>>>(line: usize, cells: impl IntoIterator<Item = S>) -> Self {
        RawRow {
            line,
            cells: cells.into_iter().map(Into::into).collect(),
        }
    }

    /// The row with every cell's text owned, free of what it borrowed.
    ///
    /// ```
    /// use cnbudget_indicator::RawRow;
    /// let row = RawRow::new(3, [String::from("满意度").as_str()]).into_owned();
    /// assert_eq!(row.cells, ["满意度"]);
    /// ```
    pub fn into_owned(self) -> RawRow<'static> {
        RawRow {
            line: self.line,
            cells: self
                .cells
                .into_iter()
                .map(|c| Cow::Owned(c.into_owned()))
                .collect(),
        }
    }
}

/// A table as a grid of text: what a table parser (or a spreadsheet) gives.
///
/// Rows may repeat header rows (page breaks), miss leading cells (row spans), or repeat
/// merged cells; the readers tolerate all three. The cells may borrow the parsed document's
/// text (`'a`): a grid is read without copying it.
///
/// ```
/// use cnbudget_indicator::RawTable;
/// let tsv = "#title\t项目支出绩效目标表\n#line\t10\n11\t一级指标\t二级指标\t三级指标\t指标值\n12\t产出指标\t数量指标\t培训人次\t≥400人次\n";
/// let t = RawTable::from_tsv(tsv).unwrap();
/// assert_eq!(t.title, "项目支出绩效目标表");
/// assert_eq!(t.rows[1].line, 12);
/// assert_eq!(t.rows[1].cells[3], "≥400人次");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct RawTable<'a> {
    /// The table's title (`重庆市荣昌区医疗保障局2023年部门整体绩效目标表`).
    pub title: String,
    /// The table's number as printed (`附件10`, `公开表6`, `表13`), if any.
    pub number: Option<String>,
    /// The money unit printed above the table (`万元`, `元`), if any.
    pub unit: Option<AmountUnit>,
    /// 1-based line of the title in the source document (0 when unknown).
    pub line: usize,
    /// The rows, header rows included.
    pub rows: Vec<RawRow<'a>>,
    /// Every row is laid out under the header's columns, as a ruled grid gives them (a cell
    /// spanning rows repeated in each, every row as wide as the header): a cell is read by
    /// its column. False for rows split from text, whose cells may have shifted.
    #[serde(default)]
    pub aligned: bool,
}

fn unescape(cell: &str) -> String {
    if !cell.contains('\\') {
        return cell.to_string();
    }
    let mut out = String::with_capacity(cell.len());
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('t') => out.push('\t'),
                Some('n') => out.push('\n'),
                Some('\\') => out.push('\\'),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn escape(cell: &str) -> String {
    cell.replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
}

impl RawTable<'_> {
    /// The table with every cell's text owned, free of what it borrowed.
    ///
    /// ```
    /// use cnbudget_indicator::{RawRow, RawTable};
    /// let cell = String::from("一级指标");
    /// let t = RawTable { rows: vec![RawRow::new(1, [cell.as_str()])], ..Default::default() };
    /// let owned: RawTable<'static> = t.into_owned();
    /// drop(cell);
    /// assert_eq!(owned.rows[0].cells, ["一级指标"]);
    /// ```
    pub fn into_owned(self) -> RawTable<'static> {
        RawTable {
            title: self.title,
            number: self.number,
            unit: self.unit,
            line: self.line,
            rows: self.rows.into_iter().map(RawRow::into_owned).collect(),
            aligned: self.aligned,
        }
    }
}

impl RawTable<'static> {
    /// Read one table from TSV. Format: directive lines `#title`, `#number`, `#unit`, `#line`,
    /// `#aligned` (`true` for a ruled grid's rows)
    /// (key, tab, value); blank lines and `##` comments are ignored; every other line is a row:
    /// the source line number, then the cells, tab-separated (`\t`, `\n`, `\\` escapes).
    ///
    /// Several tables in one file: see [`RawTable::many_from_tsv`] (this returns the first).
    pub fn from_tsv(tsv: &str) -> Result<RawTable<'static>, IndicatorError> {
        let mut all = RawTable::many_from_tsv(tsv)?;
        if all.is_empty() {
            return Err(IndicatorError::new(IndicatorErrorKind::Tsv, "no table"));
        }
        Ok(all.swap_remove(0))
    }

    /// Read every table of a TSV file; a `#title` line starts a new table.
    pub fn many_from_tsv(tsv: &str) -> Result<Vec<RawTable<'static>>, IndicatorError> {
        let mut tables: Vec<RawTable<'static>> = Vec::new();
        let mut start = 0;
        for (n, raw_line) in tsv.split_inclusive('\n').enumerate() {
            let lineno = n + 1;
            let line_start = start;
            start += raw_line.len();
            let raw_line = raw_line.strip_suffix('\n').unwrap_or(raw_line);
            let line = raw_line.strip_suffix('\r').unwrap_or(raw_line);
            // The place of 1-based character `column` of this line.
            let at = |column: usize| Position {
                line: lineno,
                column,
                byte: line_start
                    + column
                        .checked_sub(1)
                        .and_then(|k| line.char_indices().nth(k))
                        .map_or(line.len(), |(i, _)| i),
            };
            if line.trim().is_empty() || line.starts_with("##") {
                continue;
            }
            let mut fields = line.split('\t');
            let first = fields.next().unwrap_or_default();
            if let Some(key) = first.strip_prefix('#') {
                let value = unescape(&fields.collect::<Vec<_>>().join("\t"));
                if key == "title" {
                    tables.push(RawTable {
                        title: value,
                        ..RawTable::default()
                    });
                    continue;
                }
                let Some(table) = tables.last_mut() else {
                    return Err(IndicatorError::new(
                        IndicatorErrorKind::Tsv,
                        format!("`#{key}` before `#title`"),
                    )
                    .at(at(1)));
                };
                match key {
                    "number" => table.number = Some(value),
                    "unit" => {
                        table.unit = Some(value.parse().map_err(|e: ParseNameError| {
                            IndicatorError::new(IndicatorErrorKind::Tsv, e.to_string()).at(at(7))
                        })?);
                    }
                    "aligned" => match value.trim() {
                        "true" => table.aligned = true,
                        "false" => table.aligned = false,
                        v => {
                            return Err(IndicatorError::new(
                                IndicatorErrorKind::Tsv,
                                format!("`#aligned` is `true` or `false`, found `{v}`"),
                            )
                            .at(at(10)));
                        }
                    },
                    "line" => {
                        table.line = value.trim().parse().map_err(|_| {
                            IndicatorError::new(
                                IndicatorErrorKind::Tsv,
                                format!("bad line number `{value}`"),
                            )
                            .at(at(7))
                        })?;
                    }
                    other => {
                        return Err(IndicatorError::new(
                            IndicatorErrorKind::Tsv,
                            format!("unknown directive `#{other}`"),
                        )
                        .at(at(1)));
                    }
                }
                continue;
            }
            let src_line: usize = first.trim().parse().map_err(|_| {
                IndicatorError::new(
                    IndicatorErrorKind::Tsv,
                    format!("row must start with a line number, found `{first}`"),
                )
                .at(at(1))
            })?;
            if tables.is_empty() {
                tables.push(RawTable::default());
            }
            if let Some(table) = tables.last_mut() {
                table.rows.push(RawRow {
                    line: src_line,
                    cells: fields.map(|f| Cow::Owned(unescape(f))).collect(),
                });
            }
        }
        Ok(tables)
    }
}

impl RawTable<'_> {
    /// Write this table as TSV (the format [`RawTable::from_tsv`] reads).
    pub fn to_tsv(&self) -> String {
        let mut out = format!("#title\t{}\n", escape(&self.title));
        if let Some(n) = &self.number {
            out.push_str(&format!("#number\t{}\n", escape(n)));
        }
        if let Some(u) = self.unit {
            out.push_str(&format!("#unit\t{u}\n"));
        }
        out.push_str(&format!("#line\t{}\n", self.line));
        if self.aligned {
            out.push_str("#aligned\ttrue\n");
        }
        for row in &self.rows {
            out.push_str(&row.line.to_string());
            for c in &row.cells {
                out.push('\t');
                out.push_str(&escape(c));
            }
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_round_trip_and_errors() {
        let t = RawTable {
            title: "t\\x".into(),
            number: Some("表13".into()),
            unit: Some(AmountUnit::TenThousandYuan),
            line: 3,
            rows: vec![RawRow::new(4, ["a\tb", "", "c\nd"])],
            aligned: true,
        };
        assert_eq!(RawTable::from_tsv(&t.to_tsv()).unwrap(), t);
        let e = RawTable::from_tsv("#title\tx\nabc\tq\n").unwrap_err();
        assert_eq!(e.kind(), IndicatorErrorKind::Tsv);
        assert_eq!(
            e.position(),
            Some(Position {
                line: 2,
                column: 1,
                byte: 9
            })
        );
        assert!(RawTable::from_tsv("#bogus\tx\n").is_err());
        // `#unit` names a unit of money; anything else is an error at its line.
        let e = RawTable::from_tsv("#title\tx\n#unit\t万人\n").unwrap_err();
        assert_eq!(
            (e.kind(), e.position().map(|p| (p.line, p.column, p.byte))),
            (IndicatorErrorKind::Tsv, Some((2, 7, 15)))
        );
        assert!(
            e.to_string().contains("unknown unit of money: `万人`"),
            "{e}"
        );
        let t = RawTable::from_tsv("#title\tx\n#unit\t亿元\n").unwrap();
        assert_eq!(t.unit, Some(AmountUnit::HundredMillionYuan));
    }
}
