//! The owned, serde-friendly output of [`crate::parse`].

use cnbudget_economic::EconomicCode;
use cnbudget_functional::FunctionCode;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Everything found in one document: its tables, its prose, the lines that
/// could not be placed, and its list of contents (目录).
///
/// Every non-blank input line is in exactly one of: a table's line span, a
/// prose paragraph, or `unplaced` (see [`Document::covered_lines`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Document {
    /// Tables in document order.
    pub tables: Vec<Table>,
    /// Paragraphs of prose (runs of non-blank lines outside tables).
    pub prose: Vec<Paragraph>,
    /// Lines that are neither prose nor part of a table, with the reason.
    pub unplaced: Vec<Unplaced>,
    /// The 目录 (contents) entries that name tables, for completeness checks.
    pub contents: Vec<ContentsEntry>,
    /// Number of lines in the input.
    pub line_count: usize,
    /// The grids tables were read from (a PDF's ruled tables, each stitched over the pages it
    /// runs on), for readers that want the cells as laid out: [`Table::grid`] indexes it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grids: Vec<crate::grid::Grid>,
}

impl Document {
    /// The 1-based numbers of every line that belongs to a table span, a
    /// paragraph or the unplaced list, sorted and without duplicates.
    pub fn covered_lines(&self) -> Vec<usize> {
        let mut v: Vec<usize> = Vec::new();
        for t in &self.tables {
            v.extend(t.first_line..=t.last_line);
        }
        for p in &self.prose {
            v.extend(p.first_line..=p.last_line);
        }
        v.extend(self.unplaced.iter().map(|u| u.line));
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Tables of one kind, in document order.
    pub fn tables_of(&self, kind: TableKind) -> impl Iterator<Item = &Table> {
        self.tables.iter().filter(move |t| t.kind == kind)
    }

    /// The kinds of all tables, in document order.
    pub fn kinds(&self) -> impl Iterator<Item = TableKind> + '_ {
        self.tables.iter().map(|t| t.kind)
    }
}

/// A run of prose lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Paragraph {
    /// First line (1-based).
    pub first_line: usize,
    /// Last line (1-based, inclusive).
    pub last_line: usize,
    /// The lines joined with `\n` (markdown `#`/`**` kept as written).
    pub text: String,
}

/// A non-blank line that is neither prose nor read into a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Unplaced {
    /// Line number (1-based).
    pub line: usize,
    /// The line as written (at most 200 characters kept).
    pub text: String,
    /// Why it was not placed.
    pub reason: String,
}

/// One entry of the document's list of contents (目录) that names a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ContentsEntry {
    /// Line number (1-based).
    pub line: usize,
    /// Leading ordinal (`一、`, `1.`), if any.
    pub ordinal: Option<String>,
    /// Table number (`表1`, `附件3`), if any.
    pub number: Option<String>,
    /// The title as listed.
    pub title: String,
    /// Kind the title implies.
    pub kind: TableKind,
    /// `Some(true)` when the list says the table is published empty (是否空表: 是).
    pub empty: Option<bool>,
}

/// A unit of money: 元, 千元, 万元 or 亿元. The unit of a table's amounts
/// ([`Table::unit`]), and the money units of every other crate of the workspace (an
/// indicator's `Unit::Money`, a prose figure's unit, an audit figure's unit).
///
/// It prints, parses and serialises as the symbol the documents print (`万元`), so JSON, the
/// long CSV and the Parquet export spell a unit one way:
///
/// ```
/// use cnbudget_table::AmountUnit;
/// use rust_decimal::Decimal;
///
/// let unit: AmountUnit = "万元".parse().unwrap();
/// assert_eq!(unit, AmountUnit::TenThousandYuan);
/// assert_eq!(unit.to_string(), "万元");
/// assert_eq!(unit.to_yuan(Decimal::new(31727, 2)), Some(Decimal::from(3_172_700)));
/// assert_eq!(serde_json::to_string(&AmountUnit::HundredMillionYuan).unwrap(), r#""亿元""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum AmountUnit {
    /// 元
    Yuan,
    /// 千元 (1 000 元)
    ThousandYuan,
    /// 万元 (10 000 元)
    TenThousandYuan,
    /// 亿元 (100 000 000 元)
    HundredMillionYuan,
}

cnbudget_text::named_values!(AmountUnit, "unit of money",
    /// The unit as written in Chinese (`万元`).
    fn as_str {
    Yuan => "元",
    ThousandYuan => "千元",
    TenThousandYuan => "万元" | "萬元",
    HundredMillionYuan => "亿元" | "億元",
});

impl AmountUnit {
    /// How many 元 one unit is.
    pub fn yuan_per_unit(self) -> Decimal {
        match self {
            AmountUnit::Yuan => Decimal::ONE,
            AmountUnit::ThousandYuan => Decimal::from(1_000),
            AmountUnit::TenThousandYuan => Decimal::from(10_000),
            AmountUnit::HundredMillionYuan => Decimal::from(100_000_000),
        }
    }

    /// Convert an amount in this unit to 元, exactly (`None` on overflow).
    ///
    /// ```
    /// use cnbudget_table::AmountUnit;
    /// use rust_decimal::Decimal;
    /// assert_eq!(AmountUnit::TenThousandYuan.to_yuan(Decimal::new(31727, 2)), Some(Decimal::from(3_172_700)));
    /// ```
    pub fn to_yuan(self, amount: Decimal) -> Option<Decimal> {
        amount.checked_mul(self.yuan_per_unit())
    }
}

impl Serialize for AmountUnit {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for AmountUnit {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// What a table is, from its title first and its header second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TableKind {
    /// 收支总表 (部门收支总表, 收支预算总表, 收入支出决算总表)
    IncomeExpenditureSummary,
    /// 收入总表
    IncomeSummary,
    /// 支出总表
    ExpenditureSummary,
    /// 财政拨款收支总表
    FiscalAppropriationSummary,
    /// 一般公共预算(财政拨款)支出表, by 功能分类
    GeneralBudgetByFunction,
    /// 一般公共预算支出表, by 经济分类
    GeneralBudgetByEconomic,
    /// 一般公共预算基本支出表, by 经济分类
    GeneralBudgetBasicByEconomic,
    /// 一般公共预算基本支出表, by 功能分类
    GeneralBudgetBasicByFunction,
    /// 项目支出表 (专项业务经费支出表)
    ProjectExpenditure,
    /// “三公”经费表
    ThreePublic,
    /// 政府性基金预算(支出)表
    GovernmentFund,
    /// 国有资本经营预算(支出)表
    StateCapital,
    /// 政府采购(预算)表
    Procurement,
    /// 项目支出绩效目标表
    ProjectPerformance,
    /// 部门整体支出绩效目标表
    OverallPerformance,
    /// 绩效自评表
    PerformanceSelfEvaluation,
    /// 会议费、培训费表
    MeetingTraining,
    /// Anything else (never dropped).
    Other,
}

cnbudget_text::named_values!(TableKind, "table kind",
    /// The snake_case name (the serde name).
    fn as_str {
    IncomeExpenditureSummary => "income_expenditure_summary",
    IncomeSummary => "income_summary",
    ExpenditureSummary => "expenditure_summary",
    FiscalAppropriationSummary => "fiscal_appropriation_summary",
    GeneralBudgetByFunction => "general_budget_by_function",
    GeneralBudgetByEconomic => "general_budget_by_economic",
    GeneralBudgetBasicByEconomic => "general_budget_basic_by_economic",
    GeneralBudgetBasicByFunction => "general_budget_basic_by_function",
    ProjectExpenditure => "project_expenditure",
    ThreePublic => "three_public",
    GovernmentFund => "government_fund",
    StateCapital => "state_capital",
    Procurement => "procurement",
    ProjectPerformance => "project_performance",
    OverallPerformance => "overall_performance",
    PerformanceSelfEvaluation => "performance_self_evaluation",
    MeetingTraining => "meeting_training",
    Other => "other",
});

impl TableKind {
    /// True for the two-sided summary tables (收入 | 支出).
    pub fn is_summary(self) -> bool {
        matches!(
            self,
            TableKind::IncomeExpenditureSummary | TableKind::FiscalAppropriationSummary
        )
    }
}

/// How the table was laid out in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Layout {
    /// One cell per tab-indented line, rows separated by blank lines.
    CellPerLine,
    /// One row per line, cells separated by tabs.
    Tsv,
    /// One row per line, cells separated by commas, quoted where they hold one
    /// (a spreadsheet saved as CSV).
    Csv,
    /// Markdown pipe table.
    Markdown,
    /// HTML `<table>`.
    Html,
    /// Cells separated by blank lines with no row delimiter (rows rebuilt).
    Flattened,
    /// A web page's table copied one cell per line, every header label first and then every
    /// value (a table of one row).
    Stacked,
    /// `pdftotext -layout` columns aligned with spaces.
    SpaceAligned,
    /// A ruled grid read from a PDF's geometry (cells from its ruling lines).
    Pdf,
}

cnbudget_text::named_values!(Layout, "table layout" {
    CellPerLine => "cell_per_line",
    Tsv => "tsv",
    Csv => "csv",
    Markdown => "markdown",
    Html => "html",
    Flattened => "flattened",
    Stacked => "stacked",
    SpaceAligned => "space_aligned",
    Pdf => "pdf",
});

/// Which side of a two-sided summary table a column is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// 收入
    Income,
    /// 支出
    Expenditure,
}

cnbudget_text::named_values!(Side, "side" {
    Income => "income" | "收入",
    Expenditure => "expenditure" | "支出",
});

/// What a column holds, from its header path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ColumnRole {
    /// 合计 / 总计 / 小计
    Total,
    /// 基本支出
    Basic,
    /// 项目支出 (专项业务经费)
    Project,
    /// 人员经费
    Personnel,
    /// 公用经费 / 日常公用经费
    Public,
    /// 一般公共预算
    GeneralBudget,
    /// 政府性基金预算
    GovernmentFund,
    /// 国有资本经营预算
    StateCapital,
    /// 财政专户管理资金
    FiscalSpecialAccount,
    /// 事业收入
    BusinessIncome,
    /// 事业单位经营收入
    OperatingIncome,
    /// 上级补助收入
    SuperiorSubsidy,
    /// 附属单位上缴收入
    AffiliatePayment,
    /// 其他收入
    OtherIncome,
    /// 上年结转
    CarryOver,
    /// 使用非财政拨款结余 (income: balances of funds other than appropriations drawn on)
    NonFiscalBalance,
    /// 年初结转和结余 (final accounts: the balance brought forward)
    OpeningBalance,
    /// 本年收入 (final accounts: the year's income, beside the balances)
    CurrentIncome,
    /// 年末结转和结余 (final accounts: the balance carried forward)
    ClosingBalance,
    /// 当年财政拨款
    CurrentAppropriation,
    /// 财政拨款 (收入), in tables that do not split it by fund
    FiscalAppropriation,
    /// 上缴上级支出
    PaidToSuperior,
    /// 事业单位经营支出
    OperatingExpenditure,
    /// 对附属单位补助 / 对下级单位补助
    SubsidyToAffiliates,
    /// 因公出国(境)费
    OverseasTravel,
    /// 公务用车购置及运行(维护)费
    Vehicles,
    /// 公务用车购置费
    VehiclePurchase,
    /// 公务用车运行(维护)费
    VehicleOperation,
    /// 公务接待费
    Reception,
    /// 会议费 (printed beside the “三公” items, or in a table of its own)
    Meetings,
    /// 培训费 (printed beside the “三公” items, or in a table of its own)
    Training,
    /// A plain amount column (预算数, 金额, 决算数).
    Amount,
    /// A classification code (科目编码, 类/款/项).
    Code,
    /// A name (科目名称, 项目).
    Name,
    /// 序号
    Ordinal,
    /// 单位代码 / 单位编码
    UnitCode,
    /// 备注
    Remark,
    /// Anything else.
    Other,
}

cnbudget_text::named_values!(ColumnRole, "column role" {
    Total => "total",
    Basic => "basic",
    Project => "project",
    Personnel => "personnel",
    Public => "public",
    GeneralBudget => "general_budget",
    GovernmentFund => "government_fund",
    StateCapital => "state_capital",
    FiscalSpecialAccount => "fiscal_special_account",
    BusinessIncome => "business_income",
    OperatingIncome => "operating_income",
    SuperiorSubsidy => "superior_subsidy",
    AffiliatePayment => "affiliate_payment",
    OtherIncome => "other_income",
    CarryOver => "carry_over",
    NonFiscalBalance => "non_fiscal_balance",
    OpeningBalance => "opening_balance",
    CurrentIncome => "current_income",
    ClosingBalance => "closing_balance",
    CurrentAppropriation => "current_appropriation",
    FiscalAppropriation => "fiscal_appropriation",
    PaidToSuperior => "paid_to_superior",
    OperatingExpenditure => "operating_expenditure",
    SubsidyToAffiliates => "subsidy_to_affiliates",
    OverseasTravel => "overseas_travel",
    Vehicles => "vehicles",
    VehiclePurchase => "vehicle_purchase",
    VehicleOperation => "vehicle_operation",
    Reception => "reception",
    Meetings => "meetings",
    Training => "training",
    Amount => "amount",
    Code => "code",
    Name => "name",
    Ordinal => "ordinal",
    UnitCode => "unit_code",
    Remark => "remark",
    Other => "other",
});

impl ColumnRole {
    /// True for the roles that hold amounts (every role but [`Code`](ColumnRole::Code),
    /// [`Name`](ColumnRole::Name), [`Ordinal`](ColumnRole::Ordinal),
    /// [`UnitCode`](ColumnRole::UnitCode), [`Remark`](ColumnRole::Remark) and
    /// [`Other`](ColumnRole::Other)).
    ///
    /// ```
    /// use cnbudget_table::ColumnRole;
    /// assert!(ColumnRole::Basic.is_amount());
    /// assert!(!ColumnRole::Name.is_amount());
    /// ```
    pub fn is_amount(self) -> bool {
        !matches!(
            self,
            ColumnRole::Code
                | ColumnRole::Name
                | ColumnRole::Ordinal
                | ColumnRole::UnitCode
                | ColumnRole::Remark
                | ColumnRole::Other
        )
    }
}

/// One column: the header labels from top to bottom, and what it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Column {
    /// 0-based position.
    pub index: usize,
    /// Header labels merged from multi-row headers, top first
    /// (e.g. `["2023年预算数", "基本支出"]`).
    pub path: Vec<String>,
    /// What the column holds.
    pub role: ColumnRole,
    /// The side in a two-sided summary table.
    pub side: Option<Side>,
}

/// Which classification system a code belongs to, as the table implies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CodeSystem {
    /// 支出功能分类 (3/5/7 digits: 类/款/项)
    Function,
    /// 部门预算支出经济分类 (30x…, 3/5 digits)
    EconomicDepartment,
    /// 政府预算支出经济分类 (50x…, 3/5 digits)
    EconomicGovernment,
    /// A project code.
    Project,
    /// A unit (预算单位) code.
    Unit,
    /// Not decided by the table.
    Unknown,
}

cnbudget_text::named_values!(CodeSystem, "code system" {
    Function => "function",
    EconomicDepartment => "economic_department",
    EconomicGovernment => "economic_government",
    Project => "project",
    Unit => "unit",
    Unknown => "unknown",
});

/// A classification code as a table gives it: its digits, the system the table implies, and,
/// when the digits are a valid code of that classification, the code itself
/// ([`CodeValue`]), read once here so that users need not parse the digits again.
///
/// ```
/// use cnbudget_table::{Code, CodeSystem, CodeValue};
///
/// let c = Code::new("2101506", CodeSystem::Function);
/// assert_eq!(c.function().map(|f| f.value()), Some(2101506));
/// assert!(matches!(c.value, Some(CodeValue::Function(_))));
/// // The 款 digits of a split code are not a code of their own.
/// assert_eq!(Code::new("15", CodeSystem::Function).value, None);
/// // Economic codes of either form, in a table of either system.
/// let e = Code::new("50101", CodeSystem::EconomicDepartment);
/// assert_eq!(e.economic().map(|c| c.value()), Some(50101));
/// // Project and unit codes are digits only.
/// assert_eq!(Code::new("51110221", CodeSystem::Project).value, None);
/// ```
///
/// Its serde form is its digits and system (`{"digits":"2101506","system":"function"}`); the
/// value is read again from them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "CodeParts", into = "CodeParts")]
#[non_exhaustive]
pub struct Code {
    /// Digits only (`2080505`).
    pub digits: String,
    /// System, decided by the table (not guessed from the digits).
    pub system: CodeSystem,
    /// The code, when `system` is a classification (functional or economic) and the digits are
    /// a valid code of it (3, 5 or 7 digits starting with 2; 3 or 5 starting with 3 or 5).
    pub value: Option<CodeValue>,
}

/// A classification code read from a table's digits ([`Code::value`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CodeValue {
    /// 支出功能分类科目编码 (类, 款 or 项).
    Function(FunctionCode),
    /// 支出经济分类科目编码 (类 or 款; 部门预算 30x… or 政府预算 50x…).
    Economic(EconomicCode),
}

/// The serde form of a [`Code`].
#[derive(Clone, Serialize, Deserialize)]
struct CodeParts {
    digits: String,
    system: CodeSystem,
}

impl From<CodeParts> for Code {
    fn from(p: CodeParts) -> Code {
        Code::new(p.digits, p.system)
    }
}

impl From<Code> for CodeParts {
    fn from(c: Code) -> CodeParts {
        CodeParts {
            digits: c.digits,
            system: c.system,
        }
    }
}

impl Code {
    /// A code with these digits in this system; its value is read from the digits.
    pub fn new(digits: impl Into<String>, system: CodeSystem) -> Self {
        let digits = digits.into();
        let value = CodeValue::read(&digits, system);
        Code {
            digits,
            system,
            value,
        }
    }

    /// The functional code, when the code is one.
    pub fn function(&self) -> Option<FunctionCode> {
        match self.value {
            Some(CodeValue::Function(c)) => Some(c),
            _ => None,
        }
    }

    /// The economic code, when the code is one.
    pub fn economic(&self) -> Option<EconomicCode> {
        match self.value {
            Some(CodeValue::Economic(c)) => Some(c),
            _ => None,
        }
    }
}

impl CodeValue {
    /// The code `digits` are in `system`, when it is a classification and they are a valid
    /// code of it.
    fn read(digits: &str, system: CodeSystem) -> Option<CodeValue> {
        // Plain digits of any other length are no code of the classification: answered without
        // the parsers (which build an error for them).
        let plain = digits.bytes().all(|b| b.is_ascii_digit());
        match system {
            CodeSystem::Function => {
                if plain && !matches!(digits.len(), 3 | 5 | 7) {
                    return None;
                }
                FunctionCode::parse(digits).ok().map(CodeValue::Function)
            }
            CodeSystem::EconomicDepartment | CodeSystem::EconomicGovernment => {
                if plain && !matches!(digits.len(), 3 | 5) {
                    return None;
                }
                EconomicCode::parse(digits).ok().map(CodeValue::Economic)
            }
            _ => None,
        }
    }
}

/// The value read from a cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Value {
    /// Nothing, or a no-amount mark (`-`, `—`) in an amount column.
    Empty,
    /// An amount, in the table's unit.
    Amount {
        /// The amount.
        amount: Decimal,
    },
    /// A percentage (`12.5%` is 12.5).
    Percent {
        /// The number before `%`.
        percent: Decimal,
    },
    /// A classification code.
    Code {
        /// The code.
        code: Code,
    },
    /// A name with its leading ordinal split off.
    Name {
        /// `一、`, `(一)`, `1.` …
        ordinal: Option<String>,
        /// The name without ordinal or indentation.
        name: String,
    },
    /// Other text (see [`Cell::text`]).
    Text,
}

/// One cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Cell {
    /// The text exactly as written.
    pub raw: String,
    /// The text with markup (`<b>`, `<p>`, LaTeX debris) removed and trimmed.
    pub text: String,
    /// Line (1-based).
    pub line: usize,
    /// Column (1-based, in characters) where the cell starts in its line.
    pub column: usize,
    /// What was read.
    pub value: Value,
}

impl Cell {
    /// The amount, if the cell holds one.
    pub fn amount(&self) -> Option<Decimal> {
        match &self.value {
            Value::Amount { amount } => Some(*amount),
            _ => None,
        }
    }

    /// The code, if the cell holds one.
    pub fn code(&self) -> Option<&Code> {
        match &self.value {
            Value::Code { code } => Some(code),
            _ => None,
        }
    }

    /// True when the cell has no text.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// One row of a table body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Row {
    /// The line(s) the row was read from (more than one when joined back).
    pub lines: Vec<usize>,
    /// Cells, one per column (`cells.len()` may exceed the header width for
    /// ragged rows).
    pub cells: Vec<Cell>,
    /// The row's classification code, joined from split 类/款/项 cells; for a row without
    /// one, the code of its 单位编码 cell ([`CodeSystem::Unit`]).
    pub code: Option<Code>,
    /// A second code printed with a name in a later name column of the same row: the
    /// department economic classification (`3021503-三类会议费`) beside the government one
    /// (`50202-会议费`). Its system is the column's, or [`CodeSystem::Unit`] when the digits
    /// do not fit it (a department's own extension of a 5-digit code).
    pub other_code: Option<Code>,
    /// The row's leading ordinal (`一、`, `(一)`).
    pub ordinal: Option<String>,
    /// The row's name (without ordinal).
    pub name: Option<String>,
    /// Indentation level shown in the text (0 = none), when the layout shows one.
    pub level: Option<u8>,
    /// True for 合计 / 总计 rows.
    pub total: bool,
}

impl Row {
    /// The cell in column `index`.
    pub fn cell(&self, index: usize) -> Option<&Cell> {
        self.cells.get(index)
    }
}

/// A flag on a note line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum NoteFlag {
    /// The note says figures are rounded (四舍五入 / 尾差).
    Rounding,
    /// The note says the table is empty (本表为空表 / 无数据).
    EmptyTable,
    /// A repeated header row (after a page break).
    RepeatedHeader,
    /// A page-break marker (`-- PAGE_BREAK --`, form feed).
    PageBreak,
    /// A short line inside the table region that is not a row.
    Interlude,
    /// An extra caption line (a second title, a year line).
    Caption,
    /// A page header or footer (page number, repeated title) inside the table.
    PageFurniture,
}

cnbudget_text::named_values!(NoteFlag, "note flag" {
    Rounding => "rounding",
    EmptyTable => "empty_table",
    RepeatedHeader => "repeated_header",
    PageBreak => "page_break",
    Interlude => "interlude",
    Caption => "caption",
    PageFurniture => "page_furniture",
});

/// A note or other non-row line inside a table region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Note {
    /// Line (1-based).
    pub line: usize,
    /// The text, trimmed.
    pub text: String,
    /// What the note says.
    pub flags: Vec<NoteFlag>,
}

/// A doubt about how the table was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Warning {
    /// Line (1-based) the doubt is about.
    pub line: usize,
    /// What is uncertain.
    pub message: String,
    /// Column (1-based, in characters) of the cell the doubt is about, when it is about one
    /// cell (absent from JSON otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// What kind of doubt (absent from JSON for [`WarningKind::Reading`]).
    #[serde(default, skip_serializing_if = "WarningKind::is_reading")]
    pub kind: WarningKind,
}

/// What a [`Warning`] is about.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum WarningKind {
    /// How the table was laid out or put together (headers, joined rows, unread lines).
    #[default]
    Reading,
    /// A figure that did not follow the amount or code grammar was read by repairing a
    /// likely slip (`1O0.00`, `1,836,42`, `2O50803`): the value is a guess, the raw text is
    /// kept in the cell.
    CellRepaired,
    /// A cell in an amount column looks like a figure but could not be read as one; the
    /// table's sums leave it out.
    CellUnread,
}

cnbudget_text::named_values!(WarningKind, "warning kind" {
    Reading => "reading",
    CellRepaired => "cell_repaired",
    CellUnread => "cell_unread",
});

impl WarningKind {
    fn is_reading(&self) -> bool {
        *self == WarningKind::Reading
    }
}

impl Warning {
    /// A warning about `line`, for code that repairs a table after reading it.
    ///
    /// ```
    /// let w = cnbudget_table::Warning::new(12, "name completed from the catalogue");
    /// assert_eq!((w.line, w.message.as_str()), (12, "name completed from the catalogue"));
    /// ```
    pub fn new(line: usize, message: impl Into<String>) -> Warning {
        Warning {
            line,
            message: message.into(),
            column: None,
            kind: WarningKind::Reading,
        }
    }

    /// A warning about the cell at `line`:`column`.
    ///
    /// ```
    /// use cnbudget_table::{Warning, WarningKind};
    /// let w = Warning::cell(WarningKind::CellRepaired, 7, 12, "read `1O0.00` as 100.00");
    /// assert_eq!((w.line, w.column, w.kind), (7, Some(12), WarningKind::CellRepaired));
    /// ```
    pub fn cell(
        kind: WarningKind,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Warning {
        Warning {
            line,
            message: message.into(),
            column: Some(column),
            kind,
        }
    }
}

/// One table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Table {
    /// Title, as written (markup removed); `None` for an untitled grid.
    pub title: Option<String>,
    /// Number (`附件3`, `表1-1`, `公开表3-1`).
    pub number: Option<String>,
    /// Issuing unit (`部门：`, `编制部门：`, `预算单位：`).
    pub issuer: Option<String>,
    /// Unit of amounts.
    pub unit: Option<AmountUnit>,
    /// What the table is.
    pub kind: TableKind,
    /// How it was laid out.
    pub layout: Layout,
    /// First line of the table (its number or title line).
    pub first_line: usize,
    /// Last line of the table.
    pub last_line: usize,
    /// Header columns.
    pub columns: Vec<Column>,
    /// Lines of the header rows.
    pub header_lines: Vec<usize>,
    /// Body rows.
    pub rows: Vec<Row>,
    /// Notes and other non-row lines.
    pub notes: Vec<Note>,
    /// True when a note says the table is empty, or it has no amounts at all.
    pub empty: bool,
    /// Doubts about the reading (rebuilt rows, joined lines).
    pub warnings: Vec<Warning>,
    /// The index in [`Document::grids`] of the grid this table was read from (one grid may
    /// give several tables: a form's blocks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grid: Option<usize>,
}

impl Table {
    pub(crate) fn new(kind: TableKind, layout: Layout, first_line: usize) -> Self {
        Table {
            title: None,
            number: None,
            issuer: None,
            unit: None,
            kind,
            layout,
            first_line,
            last_line: first_line,
            columns: Vec::new(),
            header_lines: Vec::new(),
            rows: Vec::new(),
            notes: Vec::new(),
            empty: false,
            warnings: Vec::new(),
            grid: None,
        }
    }

    /// True when a note on the table says figures are rounded (四舍五入 / 尾差).
    pub fn has_rounding_note(&self) -> bool {
        self.notes
            .iter()
            .any(|n| n.flags.contains(&NoteFlag::Rounding))
    }

    /// Index of the first column with this role (on either side).
    pub fn column_index(&self, role: ColumnRole) -> Option<usize> {
        self.columns.iter().position(|c| c.role == role)
    }

    /// The row whose code has these digits.
    pub fn row_by_code(&self, digits: &str) -> Option<&Row> {
        self.rows
            .iter()
            .find(|r| r.code.as_ref().is_some_and(|c| c.digits == digits))
    }

    /// The amount in the row with code `digits`, in the first column with `role`.
    pub fn amount(&self, digits: &str, role: ColumnRole) -> Option<Decimal> {
        let col = self.column_index(role)?;
        self.row_by_code(digits)?.cell(col)?.amount()
    }
}
