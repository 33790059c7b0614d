//! How sure the reading of each table is.
//!
//! A table read wrongly — a header taken a row too low, a figure broken over two lines, a name
//! wrapped so that the next row's code lands in an amount column — breaks the table's sums, and
//! those broken sums are ours, not the document's. Before the audit reports a sum as the
//! document's error it asks how the table was read. Each table gets a [`Reading`]: the signs
//! of a misread found in it ([`SignKind`]), and `sure` when there are none. A rule over a table
//! that is not read with confidence reports its findings as notices (marked
//! [`Finding::lowered_from`]), and one `table.uncertain` warning names the table, how many
//! checks failed on it, the signs and their lines. A table with signs whose checks all hold
//! gets no warning: the sums holding are evidence that it was read right.
//!
//! ```
//! use cnbudget::Disclosure;
//! use cnbudget::audit::{SignKind, readings};
//!
//! // A figure broken at its decimal point over two lines, as pdftotext prints some tables.
//! let text = "2026年一般公共预算支出情况表\n单位：万元\n\
//!     科目编码\t科目名称\t合计\t基本支出\t项目支出\n\
//!     \t合计\t12,672\t5,445\t7,227.34\n\
//!     \t\t.73\t.39\t\n\
//!     201\t一般公共服务支出\t100.00\t60.00\t40.00\n";
//! let d = Disclosure::from_text(text);
//! let reading = &readings(&d)[0];
//! assert!(!reading.sure);
//! assert!(reading.signs.iter().any(|s| s.kind == SignKind::SplitFigure));
//! ```

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use memchr::memmem::Finder;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use cnbudget_table::{CodeSystem, CodeValue, ColumnRole, Table, TableKind, Value, WarningKind};

use super::rules::{SumCheck, title_of};
use super::{Finding, RuleId, Severity};
use crate::Disclosure;

/// How sure the reading of one table is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Reading {
    /// The table's index in [`cnbudget_table::Document::tables`].
    pub table: usize,
    /// True when no sign of a misread was found: the audit reports the table's
    /// inconsistencies as the document's errors. (Tables of kinds whose figures the audit does
    /// not add up — performance forms, tables of no known kind — are not assessed and are
    /// `sure`.)
    pub sure: bool,
    /// The signs of a misread, in the order they were looked for.
    pub signs: Vec<Sign>,
}

/// One sign that a table may be misread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Sign {
    /// What kind of sign.
    pub kind: SignKind,
    /// What was seen, quoted from the table (`.39`, `2080505`, `基本支出人员经费`).
    pub detail: String,
    /// The lines where it was seen (at most [`Sign::MAX_LINES`]).
    pub lines: Vec<usize>,
}

impl Sign {
    /// At most this many lines are kept per sign (a table read column-shifted can show a
    /// sign on every row).
    pub const MAX_LINES: usize = 12;
}

impl fmt::Display for Sign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.describe(), self.detail)
    }
}

/// A kind of sign that a table may be misread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SignKind {
    /// A column-number row (`栏次`, `1 2 3 …`, `** **`) read as part of the header: the
    /// columns' headings are shifted or polluted (`合计/小计/1`).
    ColumnNumberRow,
    /// Two headings run together (`基本支出人员经费`), or two columns of one block read under
    /// the same heading: which column is which is a guess.
    HeaderConflict,
    /// A code-shaped value in an amount column equal to a row's code (`2080505`): a name
    /// wrapped over lines pushed the code into the amounts.
    CodeAsAmount,
    /// Row names that are pieces of one catalogue name (`机关事业单位职业年金缴费支` / `出`).
    NameFragment,
    /// Figures broken over lines (`12,672` / `.73`).
    SplitFigure,
    /// Codes read as their last segment only (`05`, `01` under `201`).
    CodeSegment,
    /// A row's code typed as another kind of code than the classification it extends
    /// (`3010201` under `301` read as a unit code): the hierarchy does not see the row.
    MistypedCode,
    /// Figures the reader could not place in a column or row.
    UnplacedFigure,
    /// Most rows fail the table's own sums, by large amounts.
    IdentityFailures,
    /// The sums of two columns fail by opposite amounts while their total holds: a figure
    /// read in the neighbouring column.
    ColumnShift,
    /// The amount a row's sum misses is printed in the same row under another heading: a
    /// column read under the wrong heading.
    ResidualInRow,
    /// Rows whose name belongs, in the catalogue, to a code of another level with the same
    /// class and last segment (`20101 行政运行` for 2010501 行政运行): code segments read under
    /// the wrong level's column.
    CodeLevelShift,
    /// Row names ending in a figure with decimals (`卫生健康支出 102.63`): the name column
    /// reaches into the amounts, so the columns after it are read one place off.
    FigureInName,
}

cnbudget_text::named_values!(SignKind, "sign of a misread" {
    ColumnNumberRow => "column_number_row",
    HeaderConflict => "header_conflict",
    CodeAsAmount => "code_as_amount",
    NameFragment => "name_fragment",
    SplitFigure => "split_figure",
    CodeSegment => "code_segment",
    MistypedCode => "mistyped_code",
    UnplacedFigure => "unplaced_figure",
    IdentityFailures => "identity_failures",
    ColumnShift => "column_shift",
    ResidualInRow => "residual_in_row",
    CodeLevelShift => "code_level_shift",
    FigureInName => "figure_in_name",
});

impl SignKind {
    /// A short English description of the sign.
    ///
    /// ```
    /// use cnbudget::audit::SignKind;
    /// assert_eq!(SignKind::SplitFigure.describe(), "figures broken over lines");
    /// ```
    pub fn describe(self) -> &'static str {
        match self {
            SignKind::ColumnNumberRow => "a column-number row in the header",
            SignKind::HeaderConflict => "headings run together or repeated",
            SignKind::CodeAsAmount => "a code read as an amount",
            SignKind::NameFragment => "names cut in pieces",
            SignKind::SplitFigure => "figures broken over lines",
            SignKind::CodeSegment => "codes read as segments",
            SignKind::MistypedCode => "codes typed as another kind of code",
            SignKind::UnplacedFigure => "figures the reader could not place",
            SignKind::IdentityFailures => "most rows fail the table's own sums",
            SignKind::ColumnShift => "failures that cancel out between columns",
            SignKind::ResidualInRow => "a missing amount printed elsewhere in its row",
            SignKind::FigureInName => "figures read as part of row names",
            SignKind::CodeLevelShift => "code segments read under another level",
        }
    }
}

/// The reading of every table of `d`, in document order.
///
/// ```
/// let d = cnbudget::Disclosure::from_bytes(cnbudget::SAMPLE.as_bytes());
/// let readings = cnbudget::audit::readings(&d);
/// assert_eq!(readings.len(), d.document.tables.len());
/// assert!(readings.iter().all(|r| r.sure));
/// ```
pub fn readings(d: &Disclosure) -> Vec<Reading> {
    super::table_rules(d)
        .into_iter()
        .map(|t| t.reading)
        .collect()
}

/// Kinds whose figures the audit checks, and so whose reading it assesses.
pub(crate) fn is_audited(kind: TableKind) -> bool {
    matches!(
        kind,
        TableKind::IncomeExpenditureSummary
            | TableKind::IncomeSummary
            | TableKind::ExpenditureSummary
            | TableKind::FiscalAppropriationSummary
            | TableKind::GeneralBudgetByFunction
            | TableKind::GeneralBudgetByEconomic
            | TableKind::GeneralBudgetBasicByEconomic
            | TableKind::GeneralBudgetBasicByFunction
            | TableKind::ProjectExpenditure
            | TableKind::ThreePublic
            | TableKind::GovernmentFund
            | TableKind::StateCapital
    )
}

/// Collects signs, each line list capped.
#[derive(Default)]
struct Signs {
    found: Vec<Sign>,
}

impl Signs {
    fn add(&mut self, kind: SignKind, detail: String, lines: impl IntoIterator<Item = usize>) {
        let mut lines: Vec<usize> = lines.into_iter().collect();
        lines.sort_unstable();
        lines.dedup();
        lines.truncate(Sign::MAX_LINES);
        self.found.push(Sign {
            kind,
            detail,
            lines,
        });
    }
}

/// Assesses the reading of table `index`, given the sums its rules checked. `names` remembers
/// the catalogue look-ups of the document's tables.
pub(crate) fn assess<'t>(
    d: &Disclosure,
    index: usize,
    table: &Table,
    checks: &[SumCheck],
    header_text: &dyn Fn(usize) -> Option<&'t str>,
    names: &mut CatalogueNames,
) -> Reading {
    let mut signs = Signs::default();
    if is_audited(table.kind) {
        let year = d.metadata.year.unwrap_or(2024);
        column_number_row(table, header_text, &mut signs);
        header_conflict(table, &mut signs);
        code_as_amount(table, year, &mut signs);
        name_fragments(table, year, names, &mut signs);
        split_figures(table, &mut signs);
        code_segments(table, &mut signs);
        mistyped_codes(table, &mut signs);
        unplaced_figures(table, &mut signs);
        identity_failures(checks, &mut signs);
        column_shift(table, checks, &mut signs);
        residual_in_row(checks, &mut signs);
        figures_in_names(table, &mut signs);
        code_level_shifts(table, year, &mut signs);
    }
    Reading {
        table: index,
        sure: signs.found.is_empty(),
        signs: signs.found,
    }
}

/// The `table.uncertain` finding of a table read without confidence, whose reading lowered
/// `lowered` findings to notices.
pub(crate) fn uncertain_finding(table: &Table, reading: &Reading, lowered: usize) -> Finding {
    let signs: Vec<String> = reading.signs.iter().map(Sign::to_string).collect();
    let mut f = Finding::new(
        RuleId::TableUncertain,
        Severity::Warning,
        format!(
            "{}: {lowered} check(s) fail on figures of this table, but its reading is uncertain, so they are notices (they may be our misreading): {}",
            title_of(table),
            signs.join("; ")
        ),
    )
    .in_table(title_of(table));
    f = f.at_lines(reading.signs.iter().flat_map(|s| s.lines.iter().copied()));
    if f.lines.is_empty() {
        f.lines.push(table.first_line);
    }
    f
}

/// A label that is a column number: `1`, `12`, `合计1` (a heading with its number glued on),
/// `**`, `栏次`.
fn is_column_number_label(label: &str) -> bool {
    let l = super::rules::trim(label);
    if l.is_empty() {
        return false;
    }
    // Labels are short: comparing each window costs less than setting up a searcher.
    let column_numbers = "栏次".as_bytes();
    if l.chars().all(|c| c == '*') || l.as_bytes().windows(6).any(|w| w == column_numbers) {
        return true;
    }
    let digits = l.chars().rev().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return false;
    }
    // `1`, `12`, or a heading with the number glued on (`合计1`, `公用经费支出3`), but not a
    // year or a table number (`2026年`, `表1`).
    // The digits are ASCII: one byte each.
    let head = l.get(..l.len() - digits).unwrap_or_default();
    head.is_empty()
        || head.ends_with('/')
        || (head.chars().last().is_some_and(|c| !c.is_ascii())
            && !head.ends_with('表')
            && !head.ends_with("附件")
            && !head.ends_with('第'))
}

/// [`SignKind::ColumnNumberRow`]: a heading that is a column number, or a header line made of
/// column numbers only.
fn column_number_row<'t>(
    table: &Table,
    header_text: &dyn Fn(usize) -> Option<&'t str>,
    signs: &mut Signs,
) {
    let labels: Vec<&str> = table
        .columns
        .iter()
        .filter(|c| c.path.iter().any(|p| is_column_number_label(p)))
        .filter_map(|c| c.path.last().map(String::as_str))
        .collect();
    let number_lines: Vec<(usize, String)> = table
        .header_lines
        .iter()
        .filter_map(|&l| {
            let text = header_text(l)?;
            // Every token must be a column number or a word of such a row: the first that
            // is not ends the look.
            let mut numbers = 0;
            for t in text.split_whitespace() {
                let number = t.len() <= 2 && t.bytes().all(|b| b.is_ascii_digit());
                let fits = number
                    || t.chars().all(|c| c == '*')
                    || t.contains("栏次")
                    || matches!(t, "项目" | "科目" | "合计");
                if !fits {
                    return None;
                }
                numbers += usize::from(number);
            }
            (numbers >= 3).then(|| (l, text.trim().to_string()))
        })
        .collect();
    if labels.is_empty() && number_lines.is_empty() {
        return;
    }
    let detail = match number_lines.first() {
        Some((_, text)) => format!("`{}`", shorten(text, 40)),
        None => format!("headings {}", quote_list(&labels, 4)),
    };
    let lines: Vec<usize> = if number_lines.is_empty() {
        table.header_lines.clone()
    } else {
        number_lines.iter().map(|(l, _)| *l).collect()
    };
    signs.add(SignKind::ColumnNumberRow, detail, lines);
}

/// Words that name a column role; a heading holding two of them is two headings run together.
const ROLE_WORDS: &[&str] = &[
    "合计",
    "小计",
    "总计",
    "基本支出",
    "项目支出",
    "人员经费",
    "公用经费",
    "人员支出",
    "公用支出",
];

/// A searcher for each of [`ROLE_WORDS`], built once: every heading label of every audited
/// table is searched for all of them.
static ROLE_FINDERS: LazyLock<Vec<Finder<'static>>> =
    LazyLock::new(|| ROLE_WORDS.iter().map(Finder::new).collect());

/// The last characters of [`ROLE_WORDS`]. No word holds another or ends as another begins (a
/// test keeps it so): two words found in a label end at two places, each with one of these.
const ROLE_WORD_ENDS: [char; 3] = ['计', '出', '费'];

/// Roles a block of columns holds once: two columns with one of them, under the same heading
/// above, cannot both be right.
fn is_component_role(role: ColumnRole) -> bool {
    matches!(
        role,
        ColumnRole::Basic
            | ColumnRole::Project
            | ColumnRole::Personnel
            | ColumnRole::Public
            | ColumnRole::OverseasTravel
            | ColumnRole::Vehicles
            | ColumnRole::VehiclePurchase
            | ColumnRole::VehicleOperation
            | ColumnRole::Reception
    )
}

/// [`SignKind::HeaderConflict`]: a heading holding two role words (`基本支出人员经费`), or two
/// columns with the same component role whose headings differ only in their last label.
fn header_conflict(table: &Table, signs: &mut Signs) {
    let mut found: Vec<String> = Vec::new();
    for c in &table.columns {
        for label in &c.path {
            // Both tests below need two role words in the label: most have not two of their
            // last characters.
            if label.matches(ROLE_WORD_ENDS).take(2).count() < 2 {
                continue;
            }
            let words: Vec<&&str> = ROLE_WORDS
                .iter()
                .zip(ROLE_FINDERS.iter())
                .filter(|(_, f)| f.find(label.as_bytes()).is_some())
                .map(|(w, _)| w)
                .collect();
            // `基本支出合计` names one column (the 合计 of 基本支出); two role words that are
            // not a total word and its block are two headings.
            let distinct = words
                .iter()
                .filter(|w| !matches!(***w, "合计" | "小计" | "总计"))
                .count();
            if distinct >= 2 || (words.len() >= 2 && label.contains("小计") && distinct >= 1) {
                found.push(label.clone());
            }
        }
    }
    for (i, a) in table.columns.iter().enumerate() {
        if !is_component_role(a.role) {
            continue;
        }
        for b in table.columns.iter().skip(i + 1) {
            if b.role != a.role || b.side != a.side || a.path.len() != b.path.len() {
                continue;
            }
            let parent = |c: &cnbudget_table::Column| {
                c.path
                    .get(..c.path.len().saturating_sub(1))
                    .map(<[String]>::to_vec)
            };
            // Year blocks and budget/final pairs repeat a role under another parent or
            // another last label (`预算数` / `决算数`): those are legitimate.
            let last = |c: &cnbudget_table::Column| c.path.last().cloned().unwrap_or_default();
            let measure = |s: &str| s.contains("预算") || s.contains("决算") || s.contains('年');
            if parent(a) == parent(b) && !measure(&last(a)) && !measure(&last(b)) {
                found.push(format!("{} / {}", last(a), last(b)));
            }
        }
    }
    if found.is_empty() {
        return;
    }
    found.dedup();
    let shown: Vec<&str> = found.iter().map(String::as_str).collect();
    signs.add(
        SignKind::HeaderConflict,
        quote_list(&shown, 4),
        table.header_lines.iter().copied(),
    );
}

/// [`SignKind::CodeAsAmount`]: an amount cell printed as a bare 5- or 7-digit integer that is
/// the code of a row of the table or a 7-digit code of the functional catalogue, or as a
/// zero-padded segment (`01`, `05`: a 款 or 项 segment of a split code).
fn code_as_amount(table: &Table, year: u16, signs: &mut Signs) {
    let codes: Vec<&str> = table
        .rows
        .iter()
        .filter_map(|r| r.code.as_ref().map(|c| c.digits.as_str()))
        .collect();
    let catalogue = cnbudget_functional::Catalogue::embedded();
    let mut found: Vec<(String, usize)> = Vec::new();
    for row in &table.rows {
        for cell in &row.cells {
            if cell.amount().is_none() {
                continue;
            }
            let t = super::rules::trim(&cell.text);
            if !t.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let segment = (2..=3).contains(&t.len()) && t.starts_with('0');
            if !(segment || t.len() == 5 || t.len() == 7) {
                continue;
            }
            let known = segment
                || codes.contains(&t)
                || (t.len() == 7
                    && t.parse::<cnbudget_functional::FunctionCode>()
                        .is_ok_and(|c| catalogue.get(c, year).is_some()));
            if known {
                found.push((t.to_string(), cell.line));
            }
        }
    }
    if found.is_empty() {
        return;
    }
    let shown: Vec<&str> = found.iter().map(|(t, _)| t.as_str()).collect();
    signs.add(
        SignKind::CodeAsAmount,
        quote_list(&shown, 3),
        found.iter().map(|(_, l)| *l),
    );
}

/// True when `name` is a name of the functional or economic catalogue (any code, `year`'s
/// edition or another).
fn is_catalogue_name(name: &str, year: u16) -> bool {
    // The name's key is computed once for both catalogues.
    let key = cnbudget_text::names::name_key(name);
    cnbudget_functional::Catalogue::embedded().has_key(&key, year)
        || cnbudget_economic::Catalogue::embedded().has_key(&key, year)
}

/// Whether names are catalogue names ([`is_catalogue_name`]), remembered over one document's
/// tables: they list the same rows again (the function-coded tables share their 类, 款 and
/// 项), and each look-up normalises the name and searches two catalogues.
#[derive(Debug, Default)]
pub(crate) struct CatalogueNames {
    known: HashMap<String, bool, BuildHasherDefault<Fnv1a>>,
}

/// FNV-1a, for [`CatalogueNames`]: its keys are short row names of the document itself, where
/// hashing with the default SipHash cost as much as a third of the look-ups it saves.
#[derive(Debug)]
pub(crate) struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Fnv1a {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv1a {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

impl CatalogueNames {
    /// [`is_catalogue_name`] for `name`, looked up once per document (`year` is the
    /// document's).
    fn contains(&mut self, name: &str, year: u16) -> bool {
        if let Some(&known) = self.known.get(name) {
            return known;
        }
        let known = is_catalogue_name(name, year);
        self.known.insert(name.to_string(), known);
        known
    }
}

/// A row's name as [`name_fragments`] reads it: its length in characters (up to 4), the row's
/// classification code, and whether it is a catalogue name once looked up (each name is the
/// second half of one pair and the first of the next).
#[derive(Clone, Copy)]
struct RowName<'a> {
    name: &'a str,
    chars: usize,
    code: Option<CodeValue>,
    known: Option<bool>,
}

/// True when `name` is, letter for letter, the catalogue's name of `code` in `year` (or in
/// the nearest year with evidence). Such a name is a catalogue name ([`is_catalogue_name`]: a
/// test keeps every embedded name's key findable), and this look-up by code does not
/// normalise the name.
fn is_code_name(code: Option<CodeValue>, name: &str, year: u16) -> bool {
    match code {
        Some(CodeValue::Function(c)) => {
            cnbudget_functional::Catalogue::embedded().name(c, year) == Some(name)
        }
        Some(CodeValue::Economic(c)) => {
            cnbudget_economic::Catalogue::embedded().name(c, year) == Some(name)
        }
        _ => false,
    }
}

/// [`SignKind::NameFragment`]: two adjacent rows whose names are not catalogue names but
/// together make one.
fn name_fragments(table: &Table, year: u16, names_known: &mut CatalogueNames, signs: &mut Signs) {
    let mut found: Vec<(String, String, usize, usize)> = Vec::new();
    // Each row's name with its length in characters, and whether it is a catalogue name once
    // looked up: each name is the second half of one pair and the first of the next.
    let mut names: Vec<Option<RowName<'_>>> = table
        .rows
        .iter()
        .map(|r| {
            let name = r
                .name
                .as_deref()
                .map(super::rules::trim)
                .filter(|n| !n.is_empty())?;
            Some(RowName {
                name,
                // Only whether two names hold 4 characters together is asked: counting
                // stops at 4.
                chars: name.chars().take(4).count(),
                code: r.code.as_ref().and_then(|c| c.value),
                known: None,
            })
        })
        .collect();
    let is_known = |slot: Option<&mut Option<RowName<'_>>>, names_known: &mut CatalogueNames| {
        let Some(Some(row)) = slot else {
            return false;
        };
        let (name, code) = (row.name, row.code);
        // The name of the row's own code is known without the look-up (most rows of coded
        // tables), and without remembering it.
        *row.known.get_or_insert_with(|| {
            is_code_name(code, name, year) || names_known.contains(name, year)
        })
    };
    let mut joined = String::new();
    for i in 1..names.len() {
        let (
            Some(Some(RowName {
                name: a,
                chars: a_chars,
                ..
            })),
            Some(Some(RowName {
                name: b,
                chars: b_chars,
                ..
            })),
        ) = (names.get(i - 1).copied(), names.get(i).copied())
        else {
            continue;
        };
        // Both halves must be short of a name: a catalogue name followed by another is two rows.
        if a_chars + b_chars < 4 {
            continue;
        }
        // Most rows hold a catalogue name: the halves are looked up first.
        if is_known(names.get_mut(i - 1), names_known) || is_known(names.get_mut(i), names_known) {
            continue;
        }
        joined.clear();
        joined.push_str(a);
        joined.push_str(b);
        if !names_known.contains(&joined, year) {
            continue;
        }
        let line = |k: usize| {
            table
                .rows
                .get(k)
                .and_then(|r| r.lines.first().copied())
                .unwrap_or(0)
        };
        found.push((a.to_string(), b.to_string(), line(i - 1), line(i)));
    }
    if found.is_empty() {
        return;
    }
    let shown: Vec<String> = found
        .iter()
        .take(3)
        .map(|(a, b, _, _)| format!("`{a}` / `{b}`"))
        .collect();
    signs.add(
        SignKind::NameFragment,
        shown.join(", "),
        found.iter().flat_map(|(_, _, x, y)| [*x, *y]),
    );
}

/// A cell text that is a piece of a figure broken over lines: `.73`, `12,`, `5,359.`.
fn is_figure_piece(text: &str) -> bool {
    let t = text.trim();
    let rest = t.strip_prefix('-').unwrap_or(t);
    if let Some(decimals) = rest.strip_prefix('.') {
        return !decimals.is_empty() && decimals.bytes().all(|b| b.is_ascii_digit());
    }
    let trailing = rest.ends_with(',') || rest.ends_with('.');
    trailing
        && rest.len() > 1
        && rest
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
}

/// [`SignKind::SplitFigure`]: pieces of figures in amount columns.
fn split_figures(table: &Table, signs: &mut Signs) {
    let mut found: Vec<(String, usize)> = Vec::new();
    for row in &table.rows {
        for (i, cell) in row.cells.iter().enumerate() {
            let amount_column = table.columns.get(i).is_some_and(|c| c.role.is_amount());
            if amount_column && matches!(cell.value, Value::Text) && is_figure_piece(&cell.text) {
                found.push((cell.text.trim().to_string(), cell.line));
            }
        }
    }
    if found.is_empty() {
        return;
    }
    let shown: Vec<&str> = found.iter().map(|(t, _)| t.as_str()).collect();
    signs.add(
        SignKind::SplitFigure,
        format!("{} piece(s) such as {}", found.len(), quote_list(&shown, 3)),
        found.iter().map(|(_, l)| *l),
    );
}

/// [`SignKind::CodeLevelShift`]: at least two function-coded rows whose name the catalogue
/// gives to a code of another length with the same class (first three digits) and the same
/// last two digits, and not to the row's own code.
fn code_level_shifts(table: &Table, year: u16, signs: &mut Signs) {
    use cnbudget_catalogue::Resolution;
    let catalogue = cnbudget_functional::Catalogue::embedded();
    let found: Vec<(String, usize)> = table
        .rows
        .iter()
        .filter_map(|r| {
            let c = r
                .code
                .as_ref()
                .filter(|c| c.system == CodeSystem::Function)?;
            let name = super::rules::trim(r.name.as_deref()?);
            // The code the table crate read from the digits.
            let code = c.function().or_else(|| c.digits.parse().ok())?;
            let Resolution::Mismatch { belongs_to, .. } = catalogue.resolve(code, name, year)
            else {
                return None;
            };
            let digits = c.digits.as_str();
            let shifted = belongs_to.iter().any(|e| {
                let other = e.code.to_string();
                other.len() != digits.len()
                    && other.get(..3) == digits.get(..3)
                    && other.get(other.len().saturating_sub(2)..)
                        == digits.get(digits.len().saturating_sub(2)..)
            });
            shifted.then(|| {
                (
                    format!("{digits} {name}"),
                    r.lines.first().copied().unwrap_or(0),
                )
            })
        })
        .collect();
    if found.len() < 2 {
        return;
    }
    let shown: Vec<&str> = found.iter().map(|(t, _)| t.as_str()).collect();
    signs.add(
        SignKind::CodeLevelShift,
        format!("{} row(s) such as {}", found.len(), quote_list(&shown, 2)),
        found.iter().map(|(_, l)| *l),
    );
}

/// [`SignKind::FigureInName`]: row names whose last word is a figure with decimals or
/// thousands separators (`102.63`, `1,506.40`): no catalogue name ends in one.
fn figures_in_names(table: &Table, signs: &mut Signs) {
    let found: Vec<(&str, usize)> = table
        .rows
        .iter()
        .filter_map(|r| {
            let name = super::rules::trim(r.name.as_deref()?);
            // The figure needs a `.` or `,`: most names have neither, and are not split.
            memchr::memchr2(b'.', b',', name.as_bytes())?;
            let last = name.rsplit(char::is_whitespace).next()?;
            let figure = last.len() < name.len()
                && last.contains(['.', ','])
                && matches!(cnbudget_table::parse_amount(last), Ok(Some(_)));
            figure.then(|| (name, r.lines.first().copied().unwrap_or(0)))
        })
        .collect();
    if found.is_empty() {
        return;
    }
    let shown: Vec<&str> = found.iter().map(|(t, _)| *t).collect();
    signs.add(
        SignKind::FigureInName,
        format!("{} row(s) such as {}", found.len(), quote_list(&shown, 2)),
        found.iter().map(|(_, l)| *l),
    );
}

/// [`SignKind::CodeSegment`]: function-coded rows whose code has fewer than three digits
/// (a 款 or 项 printed as its own segment and not joined with its parent's).
fn code_segments(table: &Table, signs: &mut Signs) {
    let found: Vec<(&str, usize)> = table
        .rows
        .iter()
        .filter_map(|r| {
            let c = r.code.as_ref()?;
            (is_classification(c.system) && c.digits.len() < 3)
                .then(|| (c.digits.as_str(), r.lines.first().copied().unwrap_or(0)))
        })
        .collect();
    if found.is_empty() {
        return;
    }
    let shown: Vec<&str> = found.iter().map(|(t, _)| *t).collect();
    signs.add(
        SignKind::CodeSegment,
        format!("{} row(s) coded {}", found.len(), quote_list(&shown, 3)),
        found.iter().map(|(_, l)| *l),
    );
}

/// [`SignKind::MistypedCode`]: a row whose code is not typed as a classification code although
/// its digits extend (by two or four digits) a classification code of the same table.
fn mistyped_codes(table: &Table, signs: &mut Signs) {
    let classified: Vec<&str> = table
        .rows
        .iter()
        .filter_map(|r| r.code.as_ref())
        .filter(|c| is_classification(c.system))
        .map(|c| c.digits.as_str())
        .collect();
    if classified.is_empty() {
        return;
    }
    let found: Vec<(&str, usize)> = table
        .rows
        .iter()
        .filter_map(|r| {
            let c = r.code.as_ref()?;
            if is_classification(c.system) {
                return None;
            }
            let extends = classified
                .iter()
                .any(|p| c.digits.starts_with(p) && matches!(c.digits.len() - p.len(), 2 | 4));
            extends.then(|| (c.digits.as_str(), r.lines.first().copied().unwrap_or(0)))
        })
        .collect();
    if found.is_empty() {
        return;
    }
    let shown: Vec<&str> = found.iter().map(|(t, _)| *t).collect();
    signs.add(
        SignKind::MistypedCode,
        format!("{} row(s) coded {}", found.len(), quote_list(&shown, 3)),
        found.iter().map(|(_, l)| *l),
    );
}

fn is_classification(system: CodeSystem) -> bool {
    matches!(
        system,
        CodeSystem::Function | CodeSystem::EconomicDepartment | CodeSystem::EconomicGovernment
    )
}

/// [`SignKind::UnplacedFigure`]: the reader's own doubts about figures it could not place
/// or read (a figure left out of the table is missing from its sums).
fn unplaced_figures(table: &Table, signs: &mut Signs) {
    let found: Vec<&cnbudget_table::Warning> = table
        .warnings
        .iter()
        .filter(|w| {
            w.kind == WarningKind::CellUnread
                || (w.kind == WarningKind::Reading
                    && (w.message.starts_with("not read: amount")
                        || w.message.starts_with("not read: values")
                        || w.message.contains("is not a figure")))
        })
        .collect();
    if found.is_empty() {
        return;
    }
    signs.add(
        SignKind::UnplacedFigure,
        format!(
            "{} figure(s), e.g. {}",
            found.len(),
            found
                .first()
                .map(|w| shorten(&w.message, 60))
                .unwrap_or_default()
        ),
        found.iter().map(|w| w.line),
    );
}

/// [`SignKind::IdentityFailures`]: more than half of the rows whose sums were checked fail
/// them by more than 1 % of the printed whole (at least two rows).
fn identity_failures(checks: &[SumCheck], signs: &mut Signs) {
    // Per check with a printed whole: its row (by the row's first line) and whether it failed
    // by a large amount; sorted by row (a sort of a few pairs costs less than a map).
    let mut rows: Vec<(usize, bool)> = checks
        .iter()
        .filter_map(|c| {
            let whole = c.whole?;
            let large = c.failed && c.residual.abs() * Decimal::ONE_HUNDRED > whole.abs();
            Some((c.line, large))
        })
        .collect();
    rows.sort_unstable();
    let mut checked = 0;
    let mut failed: Vec<usize> = Vec::new();
    for (k, &(line, large)) in rows.iter().enumerate() {
        let first_of_row = k == 0 || rows.get(k - 1).is_none_or(|&(l, _)| l != line);
        checked += usize::from(first_of_row);
        if large && failed.last() != Some(&line) {
            failed.push(line);
        }
    }
    if failed.len() < 2 || failed.len() * 2 <= checked {
        return;
    }
    signs.add(
        SignKind::IdentityFailures,
        format!("{} of {checked} rows", failed.len()),
        failed.iter().copied(),
    );
}

/// A column whose sum is off for one whole: its index, its residual and its tolerance.
type Off = (usize, Decimal, Decimal);

/// [`SignKind::ColumnShift`]: for one whole (a parent row, the 合计 row), the sums of two or
/// more columns fail and their differences cancel out.
fn column_shift(table: &Table, checks: &[SumCheck], signs: &mut Signs) {
    // (rule, row) → [(column, residual, tolerance)]
    let mut groups: BTreeMap<(RuleId, usize), Vec<Off>> = BTreeMap::new();
    for c in checks {
        let Some(col) = c.column else { continue };
        if c.residual.abs() > c.tolerance {
            groups
                .entry((c.rule, c.line))
                .or_default()
                .push((col, c.residual, c.tolerance));
        }
    }
    let mut found: Vec<(String, usize)> = Vec::new();
    for ((_, line), off) in &groups {
        if off.len() < 2 || !off.iter().any(|(_, r, _)| r.is_sign_negative()) {
            continue;
        }
        let net: Decimal = off.iter().map(|(_, r, _)| *r).sum();
        let tolerance: Decimal = off.iter().map(|(_, _, t)| *t).sum();
        if net.abs() > tolerance {
            continue;
        }
        let described: Vec<String> = off
            .iter()
            .map(|(col, r, _)| {
                let label = table
                    .columns
                    .get(*col)
                    .and_then(|c| c.path.last().cloned())
                    .unwrap_or_default();
                format!("{label} {r:+}")
            })
            .collect();
        found.push((described.join(", "), *line));
    }
    if found.is_empty() {
        return;
    }
    let shown: Vec<&str> = found.iter().map(|(t, _)| t.as_str()).collect();
    signs.add(
        SignKind::ColumnShift,
        quote_list(&shown, 2),
        found.iter().map(|(_, l)| *l),
    );
}

/// [`SignKind::ResidualInRow`]: a failed row identity whose difference is printed in the same
/// row under a heading the identity does not use.
fn residual_in_row(checks: &[SumCheck], signs: &mut Signs) {
    let found: Vec<(String, usize)> = checks
        .iter()
        .filter(|c| c.residual_in_row)
        .map(|c| (c.residual.abs().to_string(), c.line))
        .collect();
    if found.is_empty() {
        return;
    }
    let shown: Vec<&str> = found.iter().map(|(t, _)| t.as_str()).collect();
    signs.add(
        SignKind::ResidualInRow,
        quote_list(&shown, 3),
        found.iter().map(|(_, l)| *l),
    );
}

/// `a`, `b`, `c` and N more.
fn quote_list(items: &[&str], max: usize) -> String {
    let mut shown: Vec<String> = items
        .iter()
        .take(max)
        .map(|s| format!("`{}`", shorten(s, 30)))
        .collect();
    if items.len() > max {
        shown.push(format!("and {} more", items.len() - max));
    }
    shown.join(", ")
}

/// At most `max` characters of `s`, with `…` when cut.
fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_number_labels() {
        for yes in ["1", "12", "合计1", "公用经费支出3", "**", "栏次"] {
            assert!(is_column_number_label(yes), "{yes}");
        }
        for no in ["合计", "2026年", "表1", "附件3", "123", "2025年预算数", ""] {
            assert!(!is_column_number_label(no), "{no}");
        }
    }

    /// [`is_code_name`] may answer for [`is_catalogue_name`]: every embedded name's key is
    /// found, in any year.
    #[test]
    fn every_embedded_name_is_a_catalogue_name() {
        for year in [2010, 2024] {
            for e in cnbudget_functional::Catalogue::embedded_entries() {
                assert!(is_catalogue_name(&e.name, year), "{} {}", e.code, e.name);
            }
            for e in cnbudget_economic::Catalogue::embedded_entries() {
                assert!(is_catalogue_name(&e.name, year), "{} {}", e.code, e.name);
            }
        }
        let code = |d: &str| d.parse().ok().map(CodeValue::Function);
        assert!(is_code_name(code("2010101"), "行政运行", 2024));
        assert!(!is_code_name(code("2010101"), "行政 运行", 2024));
        assert!(!is_code_name(None, "行政运行", 2024));
    }

    #[test]
    fn figure_pieces() {
        for yes in [".73", ".5", "12,", "5,359.", "-.20"] {
            assert!(is_figure_piece(yes), "{yes}");
        }
        for no in ["12.73", "1,234.00", ".", "合计", "", "0"] {
            assert!(!is_figure_piece(no), "{no}");
        }
    }

    /// Two role words found in one label never share a character (no word holds another, none
    /// ends as another begins), and each ends with one of [`ROLE_WORD_ENDS`]: a label with
    /// fewer than two of those holds one word at most.
    #[test]
    fn role_words_do_not_overlap() {
        for a in ROLE_WORDS {
            for b in ROLE_WORDS.iter().filter(|b| *b != a) {
                assert!(!b.contains(a), "{a} in {b}");
                for (i, _) in a.char_indices().skip(1) {
                    let tail = a.get(i..).unwrap_or_default();
                    assert!(!b.starts_with(tail), "{a} ends as {b} begins");
                }
            }
        }
        for w in ROLE_WORDS {
            assert!(w.ends_with(ROLE_WORD_ENDS), "{w}");
        }
    }
}
