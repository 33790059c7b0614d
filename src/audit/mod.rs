//! The audit: every place where a disclosure contradicts itself.
//!
//! A misread is never reported as the document's error. Every table the audit checks gets a
//! [`Reading`] first ([`readings`]): the signs of a misread found in it (a column-number row in
//! the header, figures broken over lines, a code read as an amount, names cut in pieces, sums
//! failing in most rows or cancelling out between columns, …; see [`SignKind`]). A table with a
//! sign is not read with confidence: the checks over it that fail are notices marked
//! [`Finding::lowered_from`], and one `table.uncertain` warning names the table, the
//! signs and their lines. Errors come only from tables read with confidence.
//!
//! A table the reader split at page breaks (the same title, kind and columns on the next page)
//! is checked as one.
//!
//! ```
//! use cnbudget::Disclosure;
//! use cnbudget::audit::{RuleId, Severity};
//!
//! // Written for this example: the 项 rows of 20101 add up to 29.00, not 30.00.
//! let text = "2026年一般公共预算支出表\n单位：万元\n\
//!     科目编码\t科目名称\t合计\n\
//!     20101\t人大事务\t30.00\n\
//!     2010101\t行政运行\t20.00\n\
//!     2010102\t一般行政管理事务\t9.00\n";
//! let findings = Disclosure::from_text(text).audit();
//! let f = &findings[0];
//! assert_eq!((f.rule, f.severity), (RuleId::HierarchySum, Severity::Error));
//! assert_eq!(f.lines, [4, 5, 6]);
//! ```
//!
//! Rules (each finding names its rule, a [`RuleId`] whose id string is below):
//!
//! | rule | what it checks |
//! |---|---|
//! | `table.cell` | a figure the table parser read by repairing a slip (`1O0.00`, `1,836,42`, `2O50803`), or a figure-like cell of an amount column it could not read (more than three of a kind in a table: one finding with every line) |
//! | `table.uncertain` | a table whose reading shows signs of a misread and on whose figures checks fail: those checks are notices |
//! | `hierarchy.sum` | 类 = Σ 款 and 款 = Σ 项 for every amount column (a 项 whose 款 is not printed counts under its 类: `3010201` under `301`) |
//! | `hierarchy.total` | the 合计 row = Σ 类 |
//! | `row.total_parts` | 合计 = 基本支出 + 项目支出; 合计 = 人员经费 + 公用经费 |
//! | `final.balance` | a final account's 年初结转和结余 + 本年收入 − 本年支出 = 年末结转和结余, row by row |
//! | `three_public.sum` | 三公 = 因公出国(境) + 公务用车购置及运行 + 公务接待; 车 = 购置 + 运行 |
//! | `summary.balance` | 收入总计 = 支出总计 in the summary tables |
//! | `summary.classes` | a summary's 类 lines (read from the text of its rows, name then figure) add up to 本年支出合计, or to 支出总计 when nothing is carried over |
//! | `summary.funds` | a summary's expenditure 合计 = 一般公共预算 + 政府性基金 + 国有资本经营 (…) |
//! | `cross.basic_total` | the 基本支出 total of the function table = the total of the 基本支出 table (each figure confirmed by its table's arithmetic counts as read with confidence; see [`crate::totals`]) |
//! | `cross.summary_function` | a 类 in the 财政拨款收支总表's 一般公共预算 column = its 合计 in the function table |
//! | `cross.function_totals` | a 类 amount is the same in every function-coded table that has it |
//! | `prose.figure` | a figure stated in prose equals the table figure it names (the “三公” figures, 基本支出 and 项目支出 are the document's [`crate::totals::Totals`]) |
//! | `prose.total` | a headline figure stated in prose (收入支出总计, 收入总计, 支出总计, 财政拨款收入支出总计, 一般公共预算财政拨款支出, 机关运行经费, 政府采购) equals the table that prints it ([`crate::totals::Totals`]); an error when that figure is read with confidence |
//! | `prose.comparison` | a comparison word said of a headline figure (持平, 增加, 减少) agrees with the reasons given after it (`持平。主要原因：……减少支付`) |
//! | `prose.budget_vs_final` | `完成年初预算P%` agrees with `决算数大于/小于预算数X` and the figure; with the budget and final figures stated before it (a percentage cut instead of rounded is a notice) |
//! | `prose.verdict` | `决算数大于/小于/等于预算数`, `…与预算数(基本)持平` agrees with the 年初预算 and 决算 figures stated in the same or the previous sentence (基本持平 more than 5 % apart is a notice) |
//! | `prose.change` | stated changes agree with their direction word and percentage |
//! | `prose.nil_statement` | “无政府性基金…” in the text against a fund table that prints amounts |
//! | `meta.as_of_year` | `截至…年…月…日` names a year the document may speak of: a budget of Y, Y − 1 or Y; a final account of Y, Y at the year's end (Y or Y + 1 within a year) |
//! | `completeness.contents` | every table the 目录 lists is present |
//! | `meta.year` | table titles and headings name the document's year (a heading that compares or looks back may name the year before); comparisons (`与2023年度相比`, `比…`, `较…`) name the year before (a budget may compare with the final account two years before, `比2024年决算数`) |
//! | `meta.placeholder` | template placeholders (`XX局`, `XXXX`) left in |
//! | `document.not_budget` | the input is a budget: a budget table or a heading naming one (预算, 决算) is found; else one warning says so (random bytes, an empty file, a README), or that the input needs OCR when the reader marked it ([`crate::Disclosure::needs_ocr`]) |
//! | `catalogue.unknown_code` | a code the catalogue of the year does not know |
//! | `catalogue.mismatch` | a name that belongs to another code |
//! | `catalogue.outdated_name` | a name of another edition (renamed since) |
//! | `catalogue.unknown_name` | a name the catalogue does not know for the code |
//! | `catalogue.missing_parent` | a 款 or 项 listed without its parent row |
//! | `catalogue.anachronism` | a code used in a year where the catalogue's evidence says it did not exist, or a name used in a year where the evidence gives the code another name; quotes the evidence |
//! | `indicator.*` | the checks of [`cnbudget_indicator`]: weights, levels, units, scores; `indicator.no_place` (a notice) lists the indicators read without their 一级 or 二级 |
//!
//! Tolerances follow [`crate::tolerance`]: n × half a printed unit over n addends, doubled where
//! the table notes 四舍五入 / 尾差.

mod finding;
pub mod reading;
mod rule_id;
pub(crate) mod rules;

pub use finding::{Figure, Finding, Severity};
pub use reading::{Reading, Sign, SignKind, readings};
pub use rule_id::RuleId;

use cnbudget_table::Table;

use crate::Disclosure;

/// Runs every rule on a disclosure; findings are sorted by severity, then by first line.
pub fn audit(d: &Disclosure) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut tables = table_rules(d);
    let sure = Sureness::new(&d.document.tables, &tables);
    let readings: Vec<Reading> = tables.iter().map(|t| t.reading.clone()).collect();
    let totals = crate::totals::Totals::compute(d, &readings);
    for t in &mut tables {
        out.append(&mut t.findings);
    }
    let final_account = d.metadata.kind == Some(crate::meta::AccountKind::FinalAccount);
    // The prose read with line breaks and spaces removed, built once for the four rules that
    // read sentences across lines.
    let runs = rules::verdict::prose_runs(d);
    rules::cross_table::cross_tables(&d.document, &totals, final_account, &sure, &mut out);
    rules::cross_table::summary_against_function(&d.document, &sure, &mut out);
    rules::prose_figures::prose_against_tables(d, &totals, &sure, &mut out);
    rules::prose_totals::prose_totals(d, &runs, &totals, &sure, &mut out);
    rules::prose_figures::prose_changes(d, &mut out);
    rules::prose_figures::prose_budget_vs_final(d, &mut out);
    rules::verdict::prose_verdicts(d, &runs, &mut out);
    rules::completeness::completeness(&d.document, &mut out);
    rules::prose_figures::nil_statements(d, &mut out);
    rules::metadata::as_of_dates(d, &runs, &mut out);
    rules::catalogue::catalogue(d, &sure, &mut out);
    rules::anachronism::anachronisms(d, &mut out);
    rules::indicators::indicators(d, &mut out);
    rules::metadata::metadata(d, &runs, &mut out);
    rules::document::not_budget(d, &mut out);
    sure.explain(&d.document.tables, &tables, &mut out);
    out.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then(a.lines.first().cmp(&b.lines.first()))
    });
    out
}

/// One table's rules: its findings (notices, when its reading is uncertain) and the
/// assessment of its reading.
pub(crate) struct TableAudit {
    pub(crate) reading: Reading,
    pub(crate) findings: Vec<Finding>,
    /// How many of `findings` were lowered because of the reading.
    pub(crate) lowered: usize,
}

/// Runs the rules that look at one table at a time, and assesses each table's reading.
///
/// A table the reader split at page breaks (the same kind, title and columns printed again on
/// the next page) is checked as one: a 类 on one page and its 款 on the next add up only
/// together. Its findings go with its first piece; every piece gets the same reading.
pub(crate) fn table_rules(d: &Disclosure) -> Vec<TableAudit> {
    let tables = &d.document.tables;
    let lines = LineIndex::new(&d.prepared.text);
    let header_text = |n: usize| lines.line(n);
    let year = d.metadata.year.unwrap_or(2024);
    // The 类 names the summaries are read with, gathered only when there is a summary.
    let classes = if tables.iter().any(|t| t.kind.is_summary()) {
        rules::summary::ClassNames::of_year(year)
    } else {
        std::sync::Arc::default()
    };
    let mut names = reading::CatalogueNames::default();
    let mut out = Vec::with_capacity(tables.len());
    let mut index = 0;
    while let Some(first) = tables.get(index) {
        let end = continued_until(tables, index);
        let rest = tables.get(index + 1..end).filter(|rest| !rest.is_empty());
        // A table whose rows no rule reads (performance forms) is not merged: only the cell
        // warnings of its pieces are read together.
        let rows_read = rows_read(first);
        let merged = rest
            .filter(|_| rows_read)
            .map(|rest| merge_pages(first, rest));
        let table = merged.as_ref().unwrap_or(first);
        let mut sink = rules::Sink::default();
        let pieces = tables.get(index..end).unwrap_or_default();
        rules::cells::cell_reading(
            table,
            pieces.iter().flat_map(|t| t.warnings.iter()),
            &mut sink.findings,
        );
        if rows_read {
            rules::hierarchy::hierarchy(table, &mut sink);
            rules::identities::row_identities(table, &mut sink);
            rules::final_balance::final_balance(table, &mut sink);
            rules::three_public::three_public(table, &mut sink);
            rules::summary::summary_balance(table, &mut sink);
            rules::summary::summary_funds(table, &mut sink);
        }
        let reading = reading::assess(d, index, table, &sink.checks, &header_text, &mut names);
        // Read from the text of the rows, name then figure: only broken figures make it
        // uncertain.
        let mut by_text = rules::Sink::default();
        rules::summary::class_lines(table, &header_text, &classes, &mut by_text);
        let broken = reading
            .signs
            .iter()
            .any(|s| matches!(s.kind, SignKind::SplitFigure | SignKind::UnplacedFigure));
        let mut findings = sink.findings;
        let mut lowered = 0;
        if !reading.sure {
            // The cells' own warnings (`table.cell`) are about the reading already.
            for f in findings.iter_mut().filter(|f| f.rule != RuleId::TableCell) {
                *f = f.clone().on_uncertain_reading();
                lowered += 1;
            }
        }
        for f in by_text.findings {
            if broken {
                findings.push(f.on_uncertain_reading());
                lowered += 1;
            } else {
                findings.push(f);
            }
        }
        let pieces: Vec<TableAudit> = (index + 1..end)
            .map(|piece| {
                let mut reading = reading.clone();
                reading.table = piece;
                TableAudit {
                    reading,
                    findings: Vec::new(),
                    lowered: 0,
                }
            })
            .collect();
        out.push(TableAudit {
            reading,
            findings,
            lowered,
        });
        out.extend(pieces);
        index = end;
    }
    out
}

/// Whether the table rules read the rows of `table` (by its kind and columns): the reading's
/// assessment and the rules of [`table_rules`] each read only tables of these kinds, or with
/// these columns. The others (performance forms, tables of no known kind) get `table.cell`,
/// from the reader's warnings, only.
fn rows_read(table: &Table) -> bool {
    reading::is_audited(table.kind)
        || rules::is_amount_table(table.kind)
        || table.kind.is_summary()
        || table.kind == cnbudget_table::TableKind::ThreePublic
        || rules::final_balance::balance_columns(table).is_some()
}

/// Whether each table is read with confidence, for the rules that compare tables, and how
/// many findings each table's uncertain reading lowered.
pub(crate) struct Sureness<'a> {
    tables: &'a [Table],
    sure: Vec<bool>,
    lowered: std::cell::RefCell<Vec<usize>>,
}

impl<'a> Sureness<'a> {
    fn new(tables: &'a [Table], audits: &[TableAudit]) -> Sureness<'a> {
        Sureness {
            tables,
            sure: audits.iter().map(|a| a.reading.sure).collect(),
            lowered: std::cell::RefCell::new(audits.iter().map(|a| a.lowered).collect()),
        }
    }

    fn index_of(&self, table: &Table) -> Option<usize> {
        self.tables.iter().position(|t| std::ptr::eq(t, table))
    }

    /// True when `table` (one of the document's tables) is read with confidence.
    pub(crate) fn is_sure(&self, table: &Table) -> bool {
        self.index_of(table)
            .and_then(|i| self.sure.get(i))
            .is_none_or(|s| *s)
    }

    /// `finding` as it stands when its figures come from `tables`: lowered to a notice when
    /// one of them is read with uncertainty.
    pub(crate) fn judge(&self, finding: Finding, tables: &[&Table]) -> Finding {
        let mut uncertain = false;
        for t in tables {
            if self.is_sure(t) {
                continue;
            }
            uncertain = true;
            if let Some(i) = self.index_of(t)
                && let Some(n) = self.lowered.borrow_mut().get_mut(i)
            {
                *n += 1;
            }
        }
        if uncertain {
            finding.on_uncertain_reading()
        } else {
            finding
        }
    }

    /// One `table.uncertain` warning for each table whose reading lowered a finding.
    fn explain(&self, tables: &[Table], audits: &[TableAudit], out: &mut Vec<Finding>) {
        let lowered = self.lowered.borrow();
        for (audit, &n) in audits.iter().zip(lowered.iter()) {
            if n == 0 {
                continue;
            }
            if let Some(table) = tables.get(audit.reading.table) {
                out.push(reading::uncertain_finding(table, &audit.reading, n));
            }
        }
    }
}

/// The end (exclusive) of the run of tables from `start` that are one table split at page
/// breaks: each next piece has the same kind, title, unit and number of columns (the headings
/// printed again on each page are not always read alike, so they are not compared).
fn continued_until(tables: &[Table], start: usize) -> usize {
    let mut end = start + 1;
    while let (Some(a), Some(b)) = (tables.get(end - 1), tables.get(end)) {
        let same = a.kind == b.kind
            && a.kind != cnbudget_table::TableKind::Other
            && a.title.is_some()
            && a.title == b.title
            && a.unit == b.unit
            && b.first_line > a.last_line
            && a.columns.len() == b.columns.len();
        if !same {
            break;
        }
        end += 1;
    }
    end
}

/// The pieces of a table split at page breaks, as one table.
fn merge_pages(first: &Table, rest: &[Table]) -> Table {
    let mut merged = first.clone();
    for piece in rest {
        merged.rows.extend(piece.rows.iter().cloned());
        merged.notes.extend(piece.notes.iter().cloned());
        merged.warnings.extend(piece.warnings.iter().cloned());
        merged
            .header_lines
            .extend(piece.header_lines.iter().copied());
        merged.last_line = piece.last_line;
        merged.empty &= piece.empty;
    }
    merged
}

/// The lines of the text, found as far as the last line asked for: the header lines and
/// summary rows the rules read end before most documents' text does.
struct LineIndex<'a> {
    text: &'a str,
    /// The start of each line found so far; the text is searched for line breaks from the
    /// last one on.
    starts: std::cell::RefCell<Vec<usize>>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> LineIndex<'a> {
        LineIndex {
            text,
            starts: std::cell::RefCell::new(vec![0]),
        }
    }

    /// Line `n` (1-based), without its line break.
    fn line(&self, n: usize) -> Option<&'a str> {
        let mut starts = self.starts.borrow_mut();
        // The start of line n + 1 (its end), unless the text ends first.
        while starts.len() <= n {
            let from = starts.last().copied().unwrap_or(0);
            let Some(at) = self
                .text
                .as_bytes()
                .get(from..)
                .and_then(|rest| memchr::memchr(b'\n', rest))
            else {
                break;
            };
            starts.push(from + at + 1);
        }
        let start = *starts.get(n.checked_sub(1)?)?;
        let end = starts
            .get(n)
            .map_or(self.text.len(), |e| e.saturating_sub(1));
        self.text.get(start..end.max(start))
    }
}
