//! Reading [`RawTable`]s into goals, indicators and self-evaluations.
//!
//! The reader is driven by the header row (一级指标, 二级指标, … ) but places every data row by
//! its content: it finds an *anchor* cell (the 指标性质 comparator, the 指标值, the 得分系数
//! between 分值 and 得分, or the 分值) and reads the other columns at the header's offsets from
//! it. Rows that lost leading cells to row spans, rows shifted by page breaks and repeated
//! header rows are therefore read like any other. Cells it cannot place are reported in
//! [`Goals::unplaced`].

use cnbudget_table::AmountUnit;
use cnbudget_table::lexicon::{self, plain_number};
use rust_decimal::Decimal;

use crate::check;
use crate::check::{Finding, FindingKind, Severity};
use crate::level::{Level1, Level2};
use crate::model::{
    Amount, Direction, Evaluation, Field, FundLine, Funding, Goals, Grade, Indicator,
    OverallEvaluation, OverallGoal, ProjectCategory, ProjectEvaluation, ProjectGoal, TableKind,
    Task, UnplacedRow,
};
use std::borrow::Cow;
use std::rc::Rc;

use crate::normalize::{resqueezed, squeeze, squeezed, tidy};
use crate::raw::{RawRow, RawTable};
use crate::target::{Comparator, Target};
use crate::unit::Unit;

/// Decide what kind of performance table `table` is, from its title and header words.
///
/// ```
/// use cnbudget_indicator::{classify, RawTable, TableKind};
/// let t = RawTable { title: "2021年度项目资金绩效自评表".into(), ..Default::default() };
/// assert_eq!(classify(&t), TableKind::ProjectEvaluation);
/// let t = RawTable { title: "部门整体支出绩效目标表".into(), ..Default::default() };
/// assert_eq!(classify(&t), TableKind::OverallGoals);
/// ```
pub fn classify(table: &RawTable<'_>) -> TableKind {
    let cells: Vec<Cow<'_, str>> = table
        .rows
        .iter()
        .take(80)
        .flat_map(|r| r.cells.iter().map(|c| squeezed(c)))
        .collect();
    classify_squeezed(table, &cells)
}

/// [`classify`] with the squeezed cells of the first 80 rows given.
fn classify_squeezed(table: &RawTable<'_>, cells: &[Cow<'_, str>]) -> TableKind {
    let title = squeeze(&format!(
        "{}{}",
        table.title,
        table.number.as_deref().unwrap_or("")
    ));
    let any = |f: &dyn Fn(&str) -> bool| cells.iter().any(|c| f(c));
    let has_project_name = any(&|c| c == "项目名称" || c.starts_with("项目名称:"));
    let eval = title.contains("自评")
        || any(&|c| c == "得分系数" || holds(c, "全年完成值") || holds(c, "全年执行数"));
    if eval {
        if title.contains("整体")
            || (!title.contains("项目") && !has_project_name && !any(&|c| holds(c, "全年执行数")))
        {
            return TableKind::OverallEvaluation;
        }
        return TableKind::ProjectEvaluation;
    }
    if title.contains("整体")
        || (!has_project_name && any(&|c| c == "年度主要任务" || holds(c, "整体绩效目标")))
    {
        return TableKind::OverallGoals;
    }
    let has_header = any(&|c| c == "一级指标");
    if title.contains("绩效") || title.contains("项目") || has_header || has_project_name {
        return TableKind::ProjectGoals;
    }
    TableKind::Unknown
}

/// Whether the cell `c` holds `word`. Most cells are shorter than the words looked for: their
/// length answers without building a substring searcher.
fn holds(c: &str, word: &str) -> bool {
    c.len() >= word.len() && c.contains(word)
}

/// Read one table: goals (or self-evaluations), the findings of every check, and the rows it
/// could not place. Never panics; never drops a row silently.
///
/// ```
/// use cnbudget_indicator::{read_goals, RawTable, RawRow};
/// let table = RawTable {
///     title: "部门整体绩效目标表".into(),
///     rows: vec![
///         RawRow::new(1, ["绩效指标", "一级指标", "二级指标", "三级指标", "指标权重", "计量单位", "指标性质", "指标值", "是否核心指标"]),
///         RawRow::new(2, ["", "产出指标", "数量指标", "基本医疗参保人数", "20", "万人", "≥", "71", "是"]),
///     ],
///     ..Default::default()
/// };
/// let goals = read_goals(&table);
/// let ind = &goals.overall[0].indicators[0];
/// assert_eq!(ind.name, "基本医疗参保人数");
/// assert_eq!(ind.target.as_ref().unwrap().to_string(), "≥71万人");
/// assert_eq!(ind.core, Some(true));
/// ```
pub fn read_goals(table: &RawTable<'_>) -> Goals {
    // Each cell is squeezed once, for the classification and for the reader.
    let mut cells: Vec<Cow<'_, str>> =
        Vec::with_capacity(table.rows.iter().map(|r| r.cells.len()).sum());
    let mut ends = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        cells.extend(row.cells.iter().map(|c| squeezed(c)));
        ends.push(cells.len());
    }
    let first_80 = ends.get(79).or(ends.last()).copied().unwrap_or(0);
    let kind = classify_squeezed(table, cells.get(..first_80).unwrap_or_default());
    let mut reader = Reader::new(table, kind);
    let mut start = 0;
    for (row, end) in table.rows.iter().zip(ends) {
        reader.row(row, cells.get(start..end).unwrap_or_default());
        start = end;
    }
    reader.finish()
}

/// Read several tables (for example every table of one document) into one [`Goals`].
pub fn read_all<'a, 't: 'a>(tables: impl IntoIterator<Item = &'a RawTable<'t>>) -> Goals {
    let mut goals = Goals::default();
    for t in tables {
        goals.extend(read_goals(t));
    }
    goals
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    L1,
    L2,
    Name,
    Weight,
    Unit,
    Nature,
    Value,
    Core,
    Direction,
    Actual,
    Coefficient,
    Score,
    Deviation,
    Note,
    /// The project of each row, in a form listing many projects under one header
    /// (`单位(项目)名称`).
    Project,
    /// The unit's code beside the project (`单位编码`).
    UnitCode,
    /// The project's budget beside it (`资金总额`).
    Budget,
    /// The project's goal beside it (`绩效目标`).
    Goal,
}

fn header_role(s: &str) -> Option<Role> {
    Some(match s {
        "一级指标" => Role::L1,
        "二级指标" => Role::L2,
        "三级指标" | "指标内容" | "指标名称" => Role::Name,
        "指标权重" | "权重" | "分值" | "权重(%)" | "指标分值" => Role::Weight,
        "计量单位" | "度量单位" | "绩效度量单位" | "单位" => Role::Unit,
        "是否核心指标" | "是否核心" => Role::Core,
        "得分系数" => Role::Coefficient,
        "得分" | "自评得分" | "实际得分" => Role::Score,
        "指标说明" | "评分标准" | "指标值内容" | "指标解释" | "备注" => {
            Role::Note
        }
        "项目名称" | "单位(项目)名称" | "单位(项目名称)" | "单位名称" | "部门名称" => {
            Role::Project
        }
        "单位编码" | "单位代码" => Role::UnitCode,
        "资金总额" | "项目金额" | "预算金额" | "年度预算" => Role::Budget,
        "绩效目标" | "年度绩效目标" | "项目绩效目标" | "整体绩效目标" => {
            Role::Goal
        }
        _ if s.contains("分标准") => Role::Note,
        // `当年财政拨款预算金额`, `当年绩效目标`.
        _ if s.ends_with("预算金额") || s.ends_with("资金总额") => Role::Budget,
        _ if s.ends_with("年绩效目标") => Role::Goal,
        _ if s.contains("指标值类型") => Role::Nature,
        _ if s.contains("指标性质") => Role::Nature,
        _ if s.contains("方向") => Role::Direction,
        _ if s.contains("完成值") || s.contains("实际值") => Role::Actual,
        _ if s.contains("偏离") => Role::Deviation,
        _ if s.contains("指标值") => Role::Value,
        // `分值权重(90分)`, `权重(分)`: the weight with its scale noted.
        _ if s.contains("权重") || s.starts_with("分值(") => Role::Weight,
        _ => return None,
    })
}

#[derive(Debug, Clone, Default)]
struct Columns {
    cols: Vec<(Role, usize)>,
    /// The header's number of cells: a row as wide is laid out as the header (a grid's row).
    width: usize,
}

impl Columns {
    /// The columns a header row names. A form without level columns is taken only from a
    /// ruled form (`aligned`), where its header cannot be a line of text that happens to
    /// hold three of the words.
    fn from_header(sq: &[Cow<'_, str>], aligned: bool) -> Option<Columns> {
        // Either form needs 一级指标 or the name's heading, which [`header_role`] matches
        // whole: a row without one is no header, and its cells are not searched for words.
        if !sq.iter().any(|c| {
            matches!(
                c.as_ref(),
                "一级指标" | "三级指标" | "指标内容" | "指标名称"
            )
        }) {
            return None;
        }
        let cols: Vec<(Role, usize)> = sq
            .iter()
            .enumerate()
            .filter_map(|(i, c)| header_role(c).map(|r| (r, i)))
            .collect();
        let has = |r: Role| cols.iter().any(|(x, _)| *x == r);
        // A form with the levels (一级, 二级), or one listing its indicators without them
        // (`指标名称 | 指标性质 | 指标值 | 计量单位 | 指标权重`).
        let levels = has(Role::L1) && has(Role::L2);
        let flat = aligned
            && has(Role::Name)
            && (has(Role::Value) || has(Role::Nature))
            && (has(Role::Weight) || has(Role::Unit));
        (levels || flat).then_some(Columns {
            cols,
            width: sq.len(),
        })
    }

    fn get(&self, role: Role) -> Option<usize> {
        self.cols.iter().find(|(r, _)| *r == role).map(|(_, i)| *i)
    }

    /// The role of the heading over column `i`, when the header names one.
    fn role_at(&self, i: usize) -> Option<Role> {
        self.cols.iter().find(|(_, c)| *c == i).map(|(r, _)| *r)
    }

    fn all(&self, role: Role) -> impl Iterator<Item = usize> + '_ {
        self.cols
            .iter()
            .filter(move |(r, _)| *r == role)
            .map(|(_, i)| *i)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Label {
    ProjectName,
    Code,
    Department,
    ImplUnit,
    ExecWeight,
    Category,
    Budget,
    Fund(&'static str),
    Overview,
    Basis,
    Goal,
    Outcome,
    TotalScore,
    Grade,
    Tasks,
    Total,
    Field(String),
    Section,
}

impl Label {
    fn name(&self) -> &str {
        match self {
            Label::ProjectName => "项目名称",
            Label::Code => "项目编码",
            Label::Department => "主管部门",
            Label::ImplUnit => "实施单位",
            Label::ExecWeight => "预算执行率权重",
            Label::Category => "项目类别",
            Label::Budget => "预算",
            Label::Fund(s) => s,
            Label::Overview => "项目概述",
            Label::Basis => "立项依据",
            Label::Goal => "绩效目标",
            Label::Outcome => "全年目标实际完成情况",
            Label::TotalScore => "总分",
            Label::Grade => "等级",
            Label::Tasks => "年度主要任务",
            Label::Total => "合计",
            Label::Field(f) => f,
            Label::Section => "",
        }
    }

    fn is_money(&self) -> bool {
        matches!(
            self,
            Label::Budget | Label::Fund(_) | Label::TotalScore | Label::ExecWeight | Label::Total
        )
    }
}

/// Recognise a label cell: (label, unit hint, inline value after a colon).
fn label_of(sq: &str) -> Option<(Label, Option<Unit>, Option<String>)> {
    // Every label is two ideographs or more, and one starting with a figure is a total of funds
    // (`2023年资金总额`, thirteen bytes or more): most cells of an indicator row (`≥`, `95`,
    // `10`) are told apart by their length and first byte.
    if sq.len() < 6 || (sq.as_bytes().first().is_some_and(u8::is_ascii_digit) && sq.len() <= 12) {
        return None;
    }
    // The colon found byte by byte: cells are short, and a `memchr` costs more to start.
    let colon = sq
        .bytes()
        .position(|b| b == b':')
        .and_then(|k| Some((sq.get(..k)?, sq.get(k + 1..)?)));
    let (head, inline) = match colon {
        // `其中:财政拨款` is one label.
        Some(("其中", _)) => (sq, None),
        Some((h, v)) if !h.is_empty() => (h, (!v.is_empty()).then_some(v)),
        _ => (sq, None),
    };
    // `执行率分值(10分)`: the weight of budget execution, written inside its label.
    if let Some(points) = execution_points(head) {
        return Some((Label::ExecWeight, None, Some(points.to_string())));
    }
    let mut hint = None;
    let mut key = head;
    if let Some(k) = key.strip_suffix("(万元)") {
        key = k;
        hint = Some(Unit::Money(AmountUnit::TenThousandYuan));
    }
    if let Some(k) = key.strip_suffix("(元)") {
        key = k;
        hint = Some(Unit::Money(AmountUnit::Yuan));
    }
    let label = match key {
        "项目名称" => Label::ProjectName,
        "项目编码" | "项目代码" => Label::Code,
        "业务主管部门" | "主管部门" | "主管部门及代码" => Label::Department,
        "实施单位" | "申报单位" | "编制单位" => Label::ImplUnit,
        "预算执行率权重" => Label::ExecWeight,
        "项目分类" | "项目类型" | "项目属性" | "项目类别" | "项目性质" => {
            Label::Category
        }
        "当年预算"
        | "实施期资金总额"
        | "项目资金总额"
        | "年度资金申请总额"
        | "年度资金总额"
        | "预算数"
        | "部门支出预算数"
        | "年度部门整体支出预算"
        | "预算支出总额"
        | "资金总额"
        | "部门整体支出预算" => Label::Budget,
        // `年度预算资金总额`, `实施期资金总额` and other totals of a project's funds.
        _ if key.ends_with("资金总额") => Label::Budget,
        "本级安排" | "本级资金" => Label::Fund("本级"),
        "上级补助" | "上级资金" => Label::Fund("上级"),
        "财政拨款" | "当年财政拨款" | "财政资金" => Label::Fund("财政拨款"),
        "其他资金" => Label::Fund("其他"),
        "上年结转资金" | "上年结转" => Label::Fund("上年结转"),
        // The budget by where it is spent (Chongqing's 市级专项资金 forms).
        "市级支出" => Label::Fund("市级支出"),
        "补助区县" | "补助区县支出" => Label::Fund("补助区县"),
        "项目概述" | "项目概况" => Label::Overview,
        "立项依据" => Label::Basis,
        "当年绩效目标"
        | "总体目标"
        | "当年整体绩效目标"
        | "年度总体目标"
        | "年度目标"
        | "项目总目标"
        | "整体绩效目标"
        | "年初设定目标" => Label::Goal,
        "全年目标实际完成情况" => Label::Outcome,
        "总分" => Label::TotalScore,
        "等级" | "评价结果" => Label::Grade,
        "年度主要任务" => Label::Tasks,
        _ if lexicon::is_cell_total_word(key) || key == "金额合计" => Label::Total,
        "部门(单位)名称" | "部门名称" | "预算(单位)名称" | "单位名称" => {
            Label::Field("部门".into())
        }
        "实施期限"
        | "联系人"
        | "联系电话"
        | "计划开始日期"
        | "计划完成日期"
        | "当年实施进度计划"
        | "说明"
        | "其他说明"
        | "预算年度"
        | "年度" => Label::Field(key.to_string()),
        "绩效指标"
        | "年度绩效指标"
        | "当年绩效指标"
        | "部门整体绩效情况"
        | "绩效目标"
        | "项目资金"
        | "资金金额"
        | "项目绩效目标"
        | "三、绩效指标"
        | "总体资金情况"
        | "基本支出"
        | "项目支出"
        | "专户资金"
        | "单位资金"
        | "任务名称"
        | "主要内容"
        | "预算金额"
        | "总额"
        | "年初预算数"
        | "单位"
        | "金额" => Label::Section,
        _ if key.starts_with("其中") && key.contains("财政") => Label::Fund("财政拨款"),
        _ => return None,
    };
    // `单位:万元` names the money unit of the table.
    if key == "单位" || key == "金额单位" {
        let unit = inline.and_then(Unit::known);
        return Some((Label::Section, unit, None));
    }
    Some((label, hint, inline.map(str::to_string)))
}

fn percent(sq: &str) -> Option<Decimal> {
    sq.strip_suffix('%').and_then(plain_number)
}

fn amount(sq: &str, unit: Option<&Unit>) -> Option<Amount> {
    if let Some(v) = plain_number(sq) {
        return Some(Amount {
            value: v,
            unit: unit.cloned(),
        });
    }
    match Target::parse(sq).ok()? {
        Target::Quantity(q)
            if q.unit.as_ref().is_some_and(Unit::is_money) && q.comparator.is_none() =>
        {
            Some(Amount {
                value: q.value,
                unit: q.unit,
            })
        }
        _ => None,
    }
}

fn is_nature_cell(sq: &str) -> bool {
    sq == "定性" || sq == "定量" || Comparator::recognise_squeezed(sq).is_some()
}

fn value_like(sq: &str) -> bool {
    let Some(first) = sq.chars().next() else {
        return false;
    };
    first.is_ascii_digit()
        || sq.starts_with("定性")
        || is_comparator_start(sq)
        || (sq.chars().count() >= 2
            && sq
                .chars()
                .all(|c| matches!(c, '优' | '良' | '中' | '低' | '差')))
}

fn is_comparator_start(sq: &str) -> bool {
    [
        "≥",
        "≤",
        "=",
        ">",
        "<",
        "大于",
        "小于",
        "等于",
        "不低于",
        "不少于",
        "不高于",
        "不超过",
        "不大于",
        "不小于",
    ]
    .iter()
    .any(|p| sq.starts_with(p))
}

fn is_level(sq: &str) -> bool {
    // One look for `<`, `$` or `\\` serves both levels' names.
    let s = resqueezed(sq);
    Level1::named(&s).is_some() || Level2::named(&s).is_some()
}

/// `50015322T000000091332-荣昌区离休干部医疗费` → (code, name), `320001-乐山市…` → organisation.
enum CodeName {
    Project(String, String),
    Organisation(String),
}

fn code_name(sq: &str, raw: &str) -> Option<CodeName> {
    // A code starts the cell: most cells are told apart by their first byte, without looking
    // for a separator.
    if !sq.as_bytes().first().is_some_and(u8::is_ascii_alphanumeric) {
        return None;
    }
    let (code, _) = sq.split_once(lexicon::CODE_NAME_SEPARATORS)?;
    if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let digits = code.chars().filter(char::is_ascii_digit).count();
    let t = tidy(raw);
    let name = t
        .split_once(lexicon::CODE_NAME_SEPARATORS)
        .map(|(_, n)| n.trim().to_string())
        .unwrap_or_default();
    if name.is_empty() {
        return None;
    }
    if code.len() >= 10 && digits >= 6 {
        Some(CodeName::Project(code.to_string(), name))
    } else if (3..=9).contains(&code.len()) && digits == code.len() {
        Some(CodeName::Organisation(t))
    } else {
        None
    }
}

fn code_fragment(sq: &str) -> bool {
    sq.len() >= 8
        && sq.chars().all(|c| c.is_ascii_alphanumeric())
        && sq.chars().any(|c| c.is_ascii_alphabetic())
        && sq.chars().filter(char::is_ascii_digit).count() >= 6
}

fn split_code(sq: &str, raw: &str) -> (Option<String>, String) {
    match code_name(sq, raw) {
        Some(CodeName::Project(c, n)) => (Some(c), n),
        _ => (None, tidy(raw)),
    }
}

#[derive(Debug, Default)]
struct Context {
    department: Option<String>,
    unit: Option<String>,
    code: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Anchor {
    Nature,
    Value,
    Coefficient,
    Weight,
}

/// One row being read: its cells as written and squeezed, and which of them are taken.
struct Row<'r> {
    line: usize,
    raw: &'r [Cow<'r, str>],
    sq: &'r [Cow<'r, str>],
    used: Vec<bool>,
}

impl<'r> Row<'r> {
    /// The squeezed cell `i`, borrowed from the table's cells rather than from the row, so
    /// that it can be held while cells are taken.
    fn get(&self, i: usize) -> Option<&'r str> {
        self.sq.get(i).map(|s| s.as_ref())
    }
    fn free(&self, i: usize) -> bool {
        self.used.get(i).is_some_and(|u| !u) && self.sq.get(i).is_some_and(|s| !s.is_empty())
    }
    fn take(&mut self, i: usize) {
        if let Some(u) = self.used.get_mut(i) {
            *u = true;
        }
    }
    fn raw_tidy(&self, i: usize) -> String {
        match self.sq.get(i) {
            // A cell squeezed without a copy is clean once trimmed, and so is its tidy form:
            // the squeezed text is it, and the cell is not scanned again.
            Some(Cow::Borrowed(clean)) => clean.to_string(),
            _ => self.raw.get(i).map(|s| tidy(s)).unwrap_or_default(),
        }
    }
    fn name_candidate(&self, i: usize) -> bool {
        self.free(i)
            && self.get(i).is_some_and(|s| {
                if s == "-" || s == "定性" || s == "定量" || plain_number(s).is_some() {
                    return false;
                }
                // One look at the normal form serves the levels' names and the comparators.
                let r = resqueezed(s);
                Level1::named(&r).is_none()
                    && Level2::named(&r).is_none()
                    && Comparator::named(&r).is_none()
                    && Unit::known(s).is_none()
            })
    }
    fn take_all(&mut self) {
        self.used.fill(true);
    }
    fn leftovers(&self) -> Vec<usize> {
        (0..self.sq.len()).filter(|&i| self.free(i)).collect()
    }
}

/// What [`Reader::project_columns`] made of a row.
enum Wide {
    /// Not a row of a form with a project column.
    No,
    /// The row held only the project's, the unit's or the total's cells.
    Consumed,
    /// An indicator row, its project cells taken.
    Indicator,
}

struct Reader<'a> {
    table: &'a RawTable<'a>,
    kind: TableKind,
    unit: Option<Unit>,
    /// Shared so that a row can hold the columns while the reader changes.
    columns: Option<Rc<Columns>>,
    in_indicators: bool,
    carry_l1: Option<Level1>,
    carry_l2: Option<Level2>,
    carry_name: Option<String>,
    projects: Vec<ProjectGoal>,
    overall: Option<OverallGoal>,
    evals: Vec<ProjectEvaluation>,
    overall_eval: Option<OverallEvaluation>,
    ctx: Context,
    pending: Vec<(Label, Option<Unit>)>,
    fragment: Option<String>,
    fund_mode: bool,
    tasks_mode: bool,
    /// How many budget and fund figures of projects were read (a row that adds one gives the
    /// project's money, not an indicator).
    fields_read: usize,
    findings: Vec<Finding>,
    unplaced: Vec<UnplacedRow>,
    /// Which cells of the row being read are taken (kept to reuse its allocation).
    used: Vec<bool>,
    /// The table's title squeezed, to recognise title lines repeated in the grid.
    title_sq: Cow<'a, str>,
}

impl<'a> Reader<'a> {
    fn new(table: &'a RawTable<'a>, kind: TableKind) -> Self {
        let unit = table.unit.map(Unit::Money);
        Reader {
            table,
            kind,
            unit,
            columns: None,
            in_indicators: false,
            carry_l1: None,
            carry_l2: None,
            carry_name: None,
            projects: Vec::new(),
            overall: None,
            evals: Vec::new(),
            overall_eval: None,
            ctx: Context::default(),
            pending: Vec::new(),
            fragment: None,
            fund_mode: false,
            tasks_mode: false,
            fields_read: 0,
            findings: Vec::new(),
            unplaced: Vec::new(),
            used: Vec::new(),
            title_sq: squeezed(&table.title),
        }
    }

    fn unplace(&mut self, line: usize, cells: Vec<String>, reason: &str) {
        if cells.is_empty() {
            return;
        }
        self.unplaced.push(UnplacedRow {
            table: self.table.title.clone(),
            line,
            cells,
            reason: reason.to_string(),
        });
    }

    fn finding(&mut self, line: usize, severity: Severity, kind: FindingKind) {
        self.findings.push(Finding {
            kind,
            severity,
            table: self.table.title.clone(),
            line,
        });
    }

    fn reset_carry(&mut self) {
        self.carry_l1 = None;
        self.carry_l2 = None;
        self.carry_name = None;
    }

    /// Reads one row; `sq` holds its cells squeezed.
    fn row(&mut self, raw: &'a RawRow<'a>, sq: &[Cow<'_, str>]) {
        if sq.iter().all(|s| s.is_empty()) {
            return;
        }
        if self.kind == TableKind::Unknown {
            let cells = raw.cells.iter().map(|c| c.to_string()).collect();
            self.unplace(raw.line, cells, "not a performance table");
            return;
        }
        if let Some(cols) = Columns::from_header(sq, self.table.aligned) {
            // In a ruled form a header describes the rows below it (a form continued on the
            // next page may print its own); rows split from text keep the first one.
            if self.columns.is_none() || self.table.aligned {
                self.columns = Some(Rc::new(cols));
            }
            self.in_indicators = true;
            self.fund_mode = false;
            self.tasks_mode = false;
            self.pending.clear();
            return;
        }
        // The flags of the last row are reused: one allocation per table, not per row.
        let mut used = std::mem::take(&mut self.used);
        used.clear();
        used.resize(sq.len(), false);
        let mut row = Row {
            line: raw.line,
            raw: &raw.cells,
            sq,
            used,
        };
        self.read_row(&mut row);
        self.used = row.used;
    }

    /// [`Reader::row`] for a row that is neither empty nor a header.
    fn read_row(&mut self, row: &mut Row<'_>) {
        if self.in_indicators {
            match self.project_columns(row) {
                Wide::No => {}
                Wide::Consumed => {
                    self.leftover(row, false);
                    return;
                }
                Wide::Indicator => {
                    // Every cell has its column: no label or code is looked for.
                    let placed = self.indicator(row);
                    self.leftover(row, placed);
                    return;
                }
            }
        }
        if self.kind == TableKind::ProjectEvaluation && row.sq.iter().any(|c| holds(c, "预算数(A)"))
        {
            self.fund_mode = true;
            return;
        }
        if self.fund_mode && self.fund_line(row) {
            return;
        }
        if self.kind == TableKind::OverallGoals
            && row.sq.iter().any(|c| {
                holds(c, "年度主要任务") && matches!(label_of(c), Some((Label::Tasks, ..)))
            })
        {
            self.tasks_mode = true;
        }
        if self.tasks_mode && self.task_line(row) {
            return;
        }
        let fields_before = self.fields_read;
        let had_labels = self.labels(row);
        let project_fields = self.fields_read > fields_before;
        if !had_labels && !self.pending.is_empty() && !self.in_indicators {
            self.fill_pending(row);
        }
        if matches!(
            self.kind,
            TableKind::ProjectGoals | TableKind::ProjectEvaluation
        ) {
            self.project_cells(row);
        }
        // A row giving the project's budget or funds (`资金金额(万元) | 实施期资金总额: | 1.50 |
        // 执行率分值(10分)`, printed again for each project of a form) holds no indicator.
        let placed_indicator = if self.in_indicators && !project_fields {
            self.indicator(row)
        } else {
            false
        };
        self.leftover(row, placed_indicator);
    }

    /// Label/value pairs. Returns whether the row had any label.
    fn labels(&mut self, row: &mut Row<'_>) -> bool {
        let labels: Vec<(usize, Label, Option<Unit>, Option<String>)> = (0..row.sq.len())
            .filter(|&i| row.free(i))
            .filter_map(|i| row.get(i).and_then(label_of).map(|(l, h, v)| (i, l, h, v)))
            .collect();
        if labels.is_empty() {
            return false;
        }
        let only_subheaders = labels.iter().all(|(_, l, _, v)| {
            v.is_none() && matches!(l, Label::Section | Label::Total | Label::Fund(_))
        });
        if !only_subheaders {
            self.pending.clear();
        }
        for (n, (i, label, hint, inline)) in labels.iter().enumerate() {
            row.take(*i);
            if *label == Label::Section {
                if hint.is_some() && self.unit.is_none() {
                    self.unit.clone_from(hint);
                }
                continue;
            }
            if let Some(v) = inline {
                self.apply(label.clone(), hint.clone(), v, &tidy(v), row.line);
                continue;
            }
            let next_label = labels.get(n + 1).map_or(row.sq.len(), |(j, ..)| *j);
            let value = (*i + 1..next_label).find(|&j| {
                row.free(j)
                    && row.get(j).is_some_and(|s| {
                        s != "-" && (!label.is_money() || amount(s, None).is_some())
                    })
            });
            match value {
                Some(j) => {
                    row.take(j);
                    let sq = row.get(j).unwrap_or_default();
                    let t = row.raw_tidy(j);
                    self.apply(label.clone(), hint.clone(), sq, &t, row.line);
                }
                None if *label == Label::Total => {
                    // 小计 - - 97.5: the last number of the row.
                    if let Some(j) = (0..row.sq.len())
                        .rev()
                        .find(|&j| row.free(j) && row.get(j).and_then(plain_number).is_some())
                    {
                        row.take(j);
                        let sq = row.get(j).unwrap_or_default();
                        self.apply(Label::Total, None, sq, sq, row.line);
                    }
                }
                None => {
                    if *label == Label::Tasks {
                        self.apply(Label::Tasks, None, "", "", row.line);
                    } else if self.pending.last().is_none_or(|(l, _)| l != label) {
                        self.pending.push((label.clone(), hint.clone()));
                    }
                }
            }
        }
        // `-` placeholders next to labels say "nothing".
        for i in 0..row.sq.len() {
            if row.get(i) == Some("-") {
                row.take(i);
            }
        }
        true
    }

    fn fill_pending(&mut self, row: &mut Row<'_>) {
        let pending = std::mem::take(&mut self.pending);
        for (label, hint) in pending {
            let j = (0..row.sq.len()).find(|&j| {
                row.free(j)
                    && row.get(j).is_some_and(|s| {
                        if label.is_money() {
                            amount(s, None).is_some()
                        } else {
                            plain_number(s).is_none()
                        }
                    })
            });
            if let Some(j) = j {
                row.take(j);
                let sq = row.get(j).unwrap_or_default();
                let t = row.raw_tidy(j);
                self.apply(label, hint, sq, &t, row.line);
            }
        }
    }

    fn current_project_open(&self) -> bool {
        match self.kind {
            TableKind::ProjectGoals => self
                .projects
                .last()
                .is_some_and(|p| p.indicators.is_empty()),
            TableKind::ProjectEvaluation => {
                self.evals.last().is_some_and(|p| p.indicators.is_empty())
            }
            _ => false,
        }
    }

    fn new_project(&mut self, code: Option<String>, name: String, line: usize) {
        let ctx = std::mem::take(&mut self.ctx);
        self.reset_carry();
        self.in_indicators =
            self.in_indicators && self.kind == TableKind::ProjectGoals && self.columns.is_some();
        match self.kind {
            TableKind::ProjectEvaluation => self.evals.push(ProjectEvaluation {
                line,
                code: code.or(ctx.code),
                name,
                department: ctx.department.clone(),
                implementing_unit: ctx.unit.clone(),
                ..ProjectEvaluation::default()
            }),
            _ => self.projects.push(ProjectGoal {
                line,
                code: code.or(ctx.code),
                name,
                department: ctx.department.clone(),
                implementing_unit: ctx.unit.clone(),
                ..ProjectGoal::default()
            }),
        }
        // A unit row (`320001-乐山市…`) stays in force for the projects below it.
        if self.kind == TableKind::ProjectGoals {
            self.ctx.department = ctx.department;
            self.ctx.unit = ctx.unit;
        }
    }

    fn overall_goal(&mut self, line: usize) -> &mut OverallGoal {
        self.overall.get_or_insert_with(|| OverallGoal {
            line,
            ..OverallGoal::default()
        })
    }

    fn overall_eval(&mut self, line: usize) -> &mut OverallEvaluation {
        self.overall_eval.get_or_insert_with(|| OverallEvaluation {
            line,
            ..OverallEvaluation::default()
        })
    }

    fn apply(&mut self, label: Label, hint: Option<Unit>, sq: &str, text: &str, line: usize) {
        if matches!(label, Label::Budget | Label::Fund(_)) {
            self.fields_read += 1;
        }
        let unit = hint.or_else(|| self.unit.clone());
        let field = |label: &str| Field {
            label: label.to_string(),
            value: text.to_string(),
        };
        match self.kind {
            TableKind::ProjectGoals | TableKind::ProjectEvaluation => {
                if label == Label::ProjectName {
                    let (code, name) = split_code(sq, text);
                    self.new_project(code, name, line);
                    return;
                }
                let open = self.current_project_open();
                if !open {
                    match label {
                        Label::Code => self.ctx.code = Some(sq.to_string()),
                        Label::Department => self.ctx.department = Some(text.to_string()),
                        Label::ImplUnit => self.ctx.unit = Some(text.to_string()),
                        _ => {
                            // Labels after the indicators of the last project (说明 …).
                            if let Some(e) = self.evals.last_mut() {
                                e.fields.push(field(label.name()));
                            } else if let Some(p) = self.projects.last_mut() {
                                p.fields.push(field(label.name()));
                            } else {
                                self.unplace(
                                    line,
                                    vec![text.to_string()],
                                    "label before any project",
                                );
                            }
                        }
                    }
                    return;
                }
                if self.kind == TableKind::ProjectEvaluation {
                    let Some(e) = self.evals.last_mut() else {
                        return;
                    };
                    match label {
                        Label::Code => e.code = Some(sq.to_string()),
                        Label::Department => e.department = Some(text.to_string()),
                        Label::ImplUnit => e.implementing_unit = Some(text.to_string()),
                        Label::TotalScore | Label::Total => e.total_score = plain_number(sq),
                        Label::Grade => e.grade = Grade::recognise(sq),
                        Label::Goal => e.goal = Some(text.to_string()),
                        Label::Outcome => e.outcome = Some(text.to_string()),
                        Label::Field(f) => e.fields.push(field(&f)),
                        other => e.fields.push(field(other.name())),
                    }
                    return;
                }
                let Some(p) = self.projects.last_mut() else {
                    return;
                };
                match label {
                    Label::Code => p.code = Some(sq.to_string()),
                    Label::Department => p.department = Some(text.to_string()),
                    Label::ImplUnit => p.implementing_unit = Some(text.to_string()),
                    Label::ExecWeight => p.execution_weight = plain_number(sq),
                    Label::Category => {
                        if p.category.is_none() {
                            p.category = Some(ProjectCategory::recognise(sq));
                        } else {
                            p.fields.push(field("项目类别"));
                        }
                    }
                    Label::Budget => {
                        if p.budget.is_none() {
                            p.budget = amount(sq, unit.as_ref());
                        }
                    }
                    Label::Fund(source) => {
                        if let Some(a) = amount(sq, unit.as_ref()) {
                            p.funding.push(Funding {
                                source: source.to_string(),
                                amount: a,
                            });
                        }
                    }
                    Label::Overview => p.overview = Some(text.to_string()),
                    Label::Basis => p.basis = Some(text.to_string()),
                    Label::Goal => {
                        if p.goal.is_none() {
                            p.goal = Some(text.to_string());
                        } else {
                            p.fields.push(field("年度目标"));
                        }
                    }
                    Label::Field(f) => p.fields.push(field(&f)),
                    other => p.fields.push(field(other.name())),
                }
            }
            TableKind::OverallGoals => {
                let g = self.overall_goal(line);
                match label {
                    Label::Field(f) if f == "部门" => g.department = Some(text.to_string()),
                    Label::Department => g.department = Some(text.to_string()),
                    Label::Budget => {
                        if g.budget.is_none() {
                            g.budget = amount(sq, unit.as_ref());
                        }
                    }
                    Label::Goal => g.goal = Some(text.to_string()),
                    Label::Tasks => self.tasks_mode = true,
                    Label::Total => g.task_total = plain_number(sq),
                    Label::Field(f) => g.fields.push(field(&f)),
                    Label::Fund(source) => g.fields.push(field(source)),
                    other => g.fields.push(field(other.name())),
                }
            }
            TableKind::OverallEvaluation => {
                let e = self.overall_eval(line);
                match label {
                    Label::Total | Label::TotalScore => e.total_score = plain_number(sq),
                    Label::Grade => {
                        e.grade = checked_grade(text);
                        e.fields.push(field("评价结果"));
                    }
                    Label::Field(f) => e.fields.push(field(&f)),
                    other => e.fields.push(field(other.name())),
                }
            }
            TableKind::Unknown => {}
        }
    }

    /// A form listing many projects under one header (`单位编码 | 单位(项目)名称 | 资金总额 |
    /// 绩效目标 | 一级指标 …`, a row per indicator): the project cells of a row as wide as the
    /// header start a project when they change (an overall form's name its department), and
    /// are taken with every cell left of the indicators (the budget by source).
    fn project_columns(&mut self, row: &mut Row<'_>) -> Wide {
        let Some(cols) = self.columns.clone() else {
            return Wide::No;
        };
        let Some(pc) = cols.get(Role::Project) else {
            return Wide::No;
        };
        let overall = match self.kind {
            TableKind::ProjectGoals => false,
            TableKind::OverallGoals => true,
            _ => return Wide::No,
        };
        if !self.table.aligned || row.sq.len() != cols.width {
            return Wide::No;
        }
        let own = [Role::Project, Role::UnitCode, Role::Budget, Role::Goal];
        let indicator_cells = cols
            .cols
            .iter()
            .filter(|(r, _)| matches!(r, Role::L1 | Role::L2 | Role::Name | Role::Value))
            .any(|(_, i)| row.get(*i).is_some_and(|s| !s.is_empty()));
        let project = row.get(pc).unwrap_or_default();
        if header_role(project).is_some() {
            // The header's first row, printed again on each page.
            row.take_all();
            return Wide::Consumed;
        }
        let budget = cols
            .get(Role::Budget)
            .and_then(|i| row.get(i))
            .and_then(plain_number);
        let goal = cols
            .get(Role::Goal)
            .map(|i| row.raw_tidy(i))
            .filter(|g| !g.is_empty());
        if overall && !project.is_empty() {
            // The department of an overall form, with its budget and goal.
            let unit = self.unit.clone();
            let name = row.raw_tidy(pc);
            let o = self.overall_goal(row.line);
            o.department = Some(name);
            if o.budget.is_none() {
                o.budget = budget.map(|value| Amount { value, unit });
            }
            if o.goal.is_none() {
                o.goal = goal;
            }
        } else if indicator_cells && !project.is_empty() {
            let name = row.raw_tidy(pc);
            if self.projects.last().map(|p| p.name.as_str()) != Some(name.as_str()) {
                self.new_project(None, name, row.line);
                let unit = self.unit.clone();
                if let Some(p) = self.projects.last_mut() {
                    p.budget = budget.map(|value| Amount { value, unit });
                    p.goal = goal;
                }
            }
        }
        for (_, i) in cols.cols.iter().filter(|(r, _)| own.contains(r)) {
            row.take(*i);
        }
        let first_indicator_column = [Role::L1, Role::L2, Role::Name]
            .into_iter()
            .filter_map(|r| cols.get(r))
            .min()
            .unwrap_or(0);
        for i in 0..first_indicator_column {
            row.take(i);
        }
        if !indicator_cells {
            // Nothing but the project's, the unit's or the total's own cells.
            row.take_all();
            return Wide::Consumed;
        }
        Wide::Indicator
    }

    fn fund_line(&mut self, row: &mut Row<'_>) -> bool {
        let Some(first) = (0..row.sq.len()).find(|&i| row.free(i)) else {
            return false;
        };
        let label = row.get(first).unwrap_or_default();
        if matches!(
            label_of(label),
            Some((Label::Goal | Label::Outcome | Label::ProjectName, ..))
        ) {
            self.fund_mode = false;
            return false;
        }
        if plain_number(label).is_some() || percent(label).is_some() {
            return false;
        }
        row.take(first);
        let rest: Vec<usize> = (first + 1..row.sq.len()).filter(|&i| row.free(i)).collect();
        let vals: Vec<&str> = rest.iter().filter_map(|&i| row.get(i)).collect();
        let mut line = FundLine {
            line: row.line,
            label: row.raw_tidy(first),
            ..FundLine::default()
        };
        if let Some(r) = vals.iter().position(|v| percent(v).is_some()) {
            line.rate = vals.get(r).and_then(|v| percent(v));
            let before: Vec<Option<Decimal>> =
                vals.iter().take(r).map(|v| plain_number(v)).collect();
            let mut it = before.iter().rev();
            line.executed = it.next().copied().flatten();
            line.budget = it.next().copied().flatten();
            line.initial = it.next().copied().flatten();
            line.points = vals.get(r + 1).and_then(|v| plain_number(v));
            line.score = vals.get(r + 2).and_then(|v| plain_number(v));
        }
        for i in rest {
            row.take(i);
        }
        if let Some(e) = self.evals.last_mut() {
            e.funds.push(line);
        } else {
            let cells = row.raw.iter().map(|c| c.to_string()).collect();
            self.unplace(row.line, cells, "money line before any project");
        }
        true
    }

    fn task_line(&mut self, row: &mut Row<'_>) -> bool {
        let labels: Vec<Label> = row
            .sq
            .iter()
            .filter_map(|s| label_of(s).map(|(l, ..)| l))
            .collect();
        if labels.iter().any(|l| {
            !matches!(
                l,
                Label::Tasks | Label::Total | Label::Section | Label::Fund(_) | Label::ExecWeight
            )
        }) {
            self.tasks_mode = false;
            return false;
        }
        let line = row.line;
        let mut texts = Vec::new();
        let mut amounts = Vec::new();
        let mut is_total = false;
        let mut execution = None;
        for i in 0..row.sq.len() {
            if !row.free(i) {
                continue;
            }
            row.take(i);
            let s = row.get(i).unwrap_or_default();
            match label_of(s) {
                Some((Label::Total, ..)) => is_total = true,
                // `执行率分值(10分)` spanning the task rows.
                Some((Label::ExecWeight, _, Some(v))) => execution = plain_number(&v),
                Some(_) => {}
                None => match plain_number(s) {
                    Some(v) => amounts.push(v),
                    None => texts.push(row.raw_tidy(i)),
                },
            }
        }
        let g = self.overall_goal(line);
        if execution.is_some() {
            g.execution_weight = execution;
        }
        if is_total {
            g.task_total = amounts.first().copied();
        } else if let Some(name) = texts.first() {
            g.tasks.push(Task {
                line,
                name: name.clone(),
                content: texts.get(1).cloned(),
                amounts,
            });
        }
        true
    }

    fn project_cells(&mut self, row: &mut Row<'_>) {
        for i in 0..row.sq.len() {
            if !row.free(i) {
                continue;
            }
            let s = row.get(i).unwrap_or_default();
            if code_fragment(s) && !s.contains('-') {
                // `51110221R000` here, `000074941-单位缴费…` on the next row: start the project
                // now and complete its code and name there.
                row.take(i);
                self.new_project(Some(s.to_string()), String::new(), row.line);
                self.fragment = Some(s.to_string());
                if let Some(j) = (i + 1..row.sq.len()).find(|&j| row.free(j)) {
                    if let Some(v) = row.get(j).and_then(plain_number) {
                        row.take(j);
                        let unit = self.unit.clone();
                        if let Some(p) = self.projects.last_mut() {
                            p.budget = Some(Amount { value: v, unit });
                        }
                    }
                }
                continue;
            }
            if let Some(f) = self.fragment.take() {
                if let Some((tail, _)) = s.split_once('-') {
                    if !tail.is_empty()
                        && tail.chars().all(|c| c.is_ascii_alphanumeric())
                        && f.len() + tail.len() <= 24
                    {
                        row.take(i);
                        let name = tidy(row.raw.get(i).map_or("", |s| s.as_ref()))
                            .split_once('-')
                            .map(|(_, n)| n.trim().to_string())
                            .unwrap_or_default();
                        let budget = (i + 1..row.sq.len())
                            .find(|&j| row.free(j))
                            .and_then(|j| row.get(j).and_then(plain_number).map(|v| (j, v)));
                        let unit = self.unit.clone();
                        if let Some(p) = self.projects.last_mut() {
                            p.code = Some(format!("{f}{tail}"));
                            p.name = name;
                            if let (Some((_, v)), None) = (budget, &p.budget) {
                                p.budget = Some(Amount { value: v, unit });
                            }
                        }
                        if let Some((j, _)) = budget {
                            row.take(j);
                        }
                        continue;
                    }
                }
                self.fragment = Some(f);
            }
            let Some(cn) = code_name(s, row.raw.get(i).map_or("", |s| s.as_ref())) else {
                continue;
            };
            row.take(i);
            match cn {
                CodeName::Project(code, name) => {
                    self.fragment = None;
                    self.new_project(Some(code), name, row.line);
                    // The budget: the number right after the name.
                    if let Some(j) = (i + 1..row.sq.len()).find(|&j| row.free(j)) {
                        if let Some(v) = row.get(j).and_then(plain_number) {
                            row.take(j);
                            let unit = self.unit.clone();
                            if let Some(p) = self.projects.last_mut() {
                                p.budget = Some(Amount { value: v, unit });
                            }
                        }
                    }
                }
                CodeName::Organisation(text) => {
                    // `320-医疗保障 516.84` / `320001-乐山市市中区医疗保障局`.
                    if let Some(j) = (i + 1..row.sq.len()).find(|&j| row.free(j)) {
                        if row.get(j).and_then(plain_number).is_some() {
                            row.take(j);
                            self.ctx.department = Some(text);
                            continue;
                        }
                    }
                    self.ctx.unit = Some(text);
                }
            }
        }
        if let Some(f) = &self.fragment {
            // A fragment waits for the next row only.
            if !row.sq.iter().any(|s| s == f) {
                self.fragment = None;
            }
        }
    }

    fn strategies(&self, cols: &Columns) -> &'static [Anchor] {
        match self.kind {
            TableKind::ProjectEvaluation => &[Anchor::Coefficient, Anchor::Value],
            TableKind::OverallEvaluation => &[Anchor::Weight],
            _ if cols.get(Role::Nature).is_some() => &[Anchor::Nature, Anchor::Value],
            _ => &[Anchor::Value],
        }
    }

    fn find_anchor(&self, row: &Row<'_>, cols: &Columns) -> Option<(usize, usize, Anchor)> {
        let n = row.sq.len();
        // First cells that can stand before a value, computed once (rows may be very wide).
        let first_text = (0..n).find(|&j| {
            row.free(j)
                && row
                    .get(j)
                    .is_some_and(|s| plain_number(s).is_none() && !is_nature_cell(s) && s != "-")
        });
        let first_name = (0..n).find(|&j| row.name_candidate(j));
        let name_before = |i: usize| first_text.is_some_and(|j| j < i);
        let strict_before = |i: usize| first_name.is_some_and(|j| j < i);
        for &strategy in self.strategies(cols) {
            match strategy {
                Anchor::Nature => {
                    let Some(h) = cols.get(Role::Nature) else {
                        continue;
                    };
                    if let Some(i) = (0..n).find(|&i| {
                        row.free(i) && name_before(i) && row.get(i).is_some_and(is_nature_cell)
                    }) {
                        return Some((i, h, strategy));
                    }
                }
                Anchor::Value => {
                    let Some(h) = cols.get(Role::Value) else {
                        continue;
                    };
                    if let Some(i) = (0..n).find(|&i| {
                        row.free(i) && name_before(i) && row.get(i).is_some_and(value_like)
                    }) {
                        // A row as wide as the header is laid out as the header (a ruled
                        // form's row): a figure under the weight's or a score's heading is not
                        // the value when the value's own cell holds text (`有效提升`).
                        let figure_column = matches!(
                            cols.role_at(i),
                            Some(Role::Weight | Role::Score | Role::Coefficient)
                        );
                        let aligned =
                            self.table.aligned && n == cols.width && i != h && figure_column;
                        let own = |s: &str| !s.is_empty() && s != "-" && !is_level(s);
                        if aligned && row.free(h) && row.get(h).is_some_and(own) && h > 0 {
                            return Some((h, h, strategy));
                        }
                        return Some((i, h, strategy));
                    }
                    if cols.get(Role::Nature).is_some() || self.kind == TableKind::ProjectEvaluation
                    {
                        continue;
                    }
                    let ok = |s: &str| !is_level(s) && plain_number(s).is_none() && !is_template(s);
                    if row.free(h) && row.get(h).is_some_and(ok) && strict_before(h) {
                        return Some((h, h, strategy));
                    }
                    if let Some(i) = (0..n).rev().find(|&i| row.free(i)) {
                        if row.get(i).is_some_and(ok) && strict_before(i) {
                            return Some((i, h, strategy));
                        }
                    }
                }
                Anchor::Coefficient => {
                    let Some(h) = cols.get(Role::Coefficient) else {
                        continue;
                    };
                    let num = |j: usize| row.free(j) && row.get(j).and_then(plain_number).is_some();
                    if let Some(i) = (1..n).rev().find(|&i| {
                        row.free(i)
                            && row.get(i).is_some_and(|s| {
                                percent(s).is_some()
                                    || plain_number(s).is_some_and(|v| v <= Decimal::ONE)
                            })
                            && num(i - 1)
                            && num(i + 1)
                    }) {
                        return Some((i, h, strategy));
                    }
                }
                Anchor::Weight => {
                    let Some(h) = cols.get(Role::Weight) else {
                        continue;
                    };
                    let num = |i: usize| row.free(i) && row.get(i).and_then(plain_number).is_some();
                    if let Some(i) = (0..n).find(|&i| num(i)) {
                        return Some((i, h, strategy));
                    }
                }
            }
        }
        None
    }

    /// Read an indicator from the row; returns whether one was placed.
    fn indicator(&mut self, row: &mut Row<'_>) -> bool {
        let Some(cols) = self.columns.clone() else {
            return false;
        };
        let anchor = self.find_anchor(row, &cols);
        let Some((a, h, strategy)) = anchor else {
            let len = row.sq.len();
            self.levels_only(row, &cols, 0, len);
            return false;
        };
        let shift = a as isize - h as isize;
        let len = row.sq.len();
        let at = |role: Role| -> Option<usize> {
            let c = cols.get(role)? as isize + shift;
            usize::try_from(c).ok().filter(|&c| c < len)
        };
        row.take(a);
        // Name: at its column, else the nearest candidate to the left of the anchor.
        let name_idx = at(Role::Name)
            .filter(|&i| {
                i < a
                    && row.free(i)
                    && row.get(i).is_some_and(|s| {
                        if s == "-" || s == "定性" || s == "定量" || plain_number(s).is_some() {
                            return false;
                        }
                        // One look at the normal form serves the level and the comparator.
                        let r = resqueezed(s);
                        Level1::named(&r).is_none() && Comparator::named(&r).is_none()
                    })
            })
            .or_else(|| {
                (0..a)
                    .rev()
                    .find(|&i| (i + 4 > a || strategy != Anchor::Nature) && row.name_candidate(i))
            });
        let name = match name_idx {
            Some(i) => {
                row.take(i);
                let n = row.raw_tidy(i);
                self.carry_name = Some(n.clone());
                Some(n)
            }
            None => None,
        };
        self.levels_only(row, &cols, shift, name_idx.unwrap_or(a));
        let mut take_cell = |role: Role| -> Option<&str> {
            let i = at(role)?;
            if i == a {
                return row.get(i);
            }
            if !row.free(i) {
                return None;
            }
            row.take(i);
            row.get(i)
        };
        let weight = take_cell(Role::Weight).and_then(plain_number);
        let unit = take_cell(Role::Unit).unwrap_or_default();
        let nature = take_cell(Role::Nature).unwrap_or_default();
        let value = take_cell(Role::Value).unwrap_or_default();
        let core = take_cell(Role::Core).and_then(|s| match s {
            "是" | "核心" => Some(true),
            "否" => Some(false),
            _ => None,
        });
        let direction = take_cell(Role::Direction).and_then(Direction::recognise);
        let actual = take_cell(Role::Actual);
        let coefficient = take_cell(Role::Coefficient).and_then(|s| {
            percent(s)
                .and_then(|p| p.checked_div(Decimal::from(100)))
                .or_else(|| plain_number(s))
        });
        let score = take_cell(Role::Score).and_then(plain_number);
        let deviation = take_cell(Role::Deviation)
            .filter(|s| *s != "-")
            .map(str::to_string);
        let mut notes: Vec<String> = Vec::new();
        for i in cols.all(Role::Note).collect::<Vec<_>>() {
            let c = i as isize + shift;
            if let Ok(c) = usize::try_from(c) {
                if row.free(c) {
                    row.take(c);
                    notes.push(row.raw_tidy(c));
                }
            }
        }
        let target = if strategy == Anchor::Weight {
            None
        } else if cols.get(Role::Nature).is_some() || cols.get(Role::Unit).is_some() {
            Target::from_squeezed_parts(nature, value, unit).ok()
        } else {
            Target::parse_squeezed(value).ok()
        };
        let name = name.or_else(|| self.carry_name.clone()).unwrap_or_default();
        let target = target.map(|t| with_unit_of_name(t, &name));
        let evaluation = matches!(
            self.kind,
            TableKind::ProjectEvaluation | TableKind::OverallEvaluation
        )
        .then(|| Evaluation {
            actual: actual.and_then(|s| Target::parse_squeezed(s).ok()),
            coefficient,
            score,
            deviation,
        });
        if target.is_none() && strategy != Anchor::Weight {
            self.finding(
                row.line,
                Severity::Notice,
                FindingKind::EmptyIndicator {
                    indicator: name.clone(),
                },
            );
        }
        let ind = Indicator {
            line: row.line,
            level1: self.carry_l1.clone(),
            level2: self.carry_l2.clone(),
            name,
            target,
            weight,
            core,
            direction,
            evaluation,
            notes,
        };
        self.push_indicator(ind, row.line);
        true
    }

    /// Read level cells left of the first used cell; update the carried levels.
    fn levels_only(&mut self, row: &mut Row<'_>, cols: &Columns, shift: isize, limit: usize) {
        let has_indicator = limit < row.sq.len();
        let l1_col = cols.get(Role::L1).map(|c| c as isize + shift);
        let l2_col = cols.get(Role::L2).map(|c| c as isize + shift);
        let mut found: Vec<(usize, Option<Level1>, Option<Level2>)> = Vec::new();
        for i in 0..limit {
            if !row.free(i) {
                continue;
            }
            let s = row.get(i).unwrap_or_default();
            // One look at the normal form serves both levels' names.
            let r = resqueezed(s);
            let (mut a, mut b) = (Level1::named(&r), Level2::named(&r));
            // `服务对象满意度 | 服务对象满意度 | …`: a 二级 name standing in the 一级 column.
            if a.is_none() && b.is_some() && Some(i as isize) == l1_col && has_indicator {
                let later_level =
                    (i + 1..limit).any(|j| row.free(j) && row.get(j).is_some_and(is_level));
                if later_level {
                    a = Some(Level1::Other(s.to_string()));
                    b = None;
                }
            }
            if a.is_some() || b.is_some() {
                found.push((i, a, b));
            } else if Some(i as isize) == l1_col && has_indicator && s.chars().count() <= 12 {
                found.push((i, Some(Level1::Other(s.to_string())), None));
            } else if Some(i as isize) == l2_col && has_indicator && s.chars().count() <= 16 {
                found.push((i, None, Some(Level2::Other(s.to_string()))));
            }
        }
        let mut l1 = None;
        let mut l2 = None;
        let count = found.len();
        for (k, (i, a, b)) in found.into_iter().enumerate() {
            row.take(i);
            let later = k + 1 < count;
            match (a, b) {
                (Some(a), None) => l1 = Some(a),
                (None, Some(b)) => l2 = Some(b),
                (Some(a), Some(b)) => {
                    let pos = Some(i as isize);
                    let as_l1 = if later {
                        true
                    } else if pos == l2_col {
                        false
                    } else if pos == l1_col {
                        true
                    } else {
                        !(l1.is_some() || matches!(self.carry_l1, Some(Level1::Output)))
                    };
                    if as_l1 {
                        l1 = Some(a);
                    } else {
                        l2 = Some(b);
                    }
                }
                (None, None) => {}
            }
        }
        if l1.is_some() {
            self.carry_l1.clone_from(&l1);
            self.carry_l2.clone_from(&l2);
        } else if l2.is_some() {
            self.carry_l2.clone_from(&l2);
        }
    }

    fn push_indicator(&mut self, ind: Indicator, line: usize) {
        match self.kind {
            TableKind::ProjectGoals => {
                if self.projects.is_empty() {
                    self.new_project(None, String::new(), line);
                }
                if let Some(p) = self.projects.last_mut() {
                    p.indicators.push(ind);
                }
            }
            TableKind::OverallGoals => self.overall_goal(line).indicators.push(ind),
            TableKind::ProjectEvaluation => {
                if self.evals.is_empty() {
                    self.new_project(None, String::new(), line);
                }
                if let Some(e) = self.evals.last_mut() {
                    e.indicators.push(ind);
                }
            }
            TableKind::OverallEvaluation => self.overall_eval(line).indicators.push(ind),
            TableKind::Unknown => {}
        }
    }

    fn last_indicator(&mut self) -> Option<&mut Indicator> {
        match self.kind {
            TableKind::ProjectGoals => self
                .projects
                .last_mut()
                .and_then(|p| p.indicators.last_mut()),
            TableKind::OverallGoals => self.overall.as_mut().and_then(|p| p.indicators.last_mut()),
            TableKind::ProjectEvaluation => {
                self.evals.last_mut().and_then(|p| p.indicators.last_mut())
            }
            TableKind::OverallEvaluation => self
                .overall_eval
                .as_mut()
                .and_then(|p| p.indicators.last_mut()),
            TableKind::Unknown => None,
        }
    }

    fn leftover(&mut self, row: &mut Row<'_>, placed_indicator: bool) {
        let left = row.leftovers();
        if left.is_empty() {
            return;
        }
        let texts: Vec<String> = left
            .iter()
            .map(|&i| row.raw_tidy(i))
            .filter(|t| !is_preamble(t, &self.title_sq))
            .collect();
        // Template lines (`指标1:`) with no target.
        let mut rest = Vec::new();
        for t in texts {
            if could_be_template(&t) && is_template(&squeezed(&t)) {
                self.finding(
                    row.line,
                    Severity::Notice,
                    FindingKind::EmptyIndicator { indicator: t },
                );
            } else {
                rest.push(t);
            }
        }
        if rest.is_empty() {
            return;
        }
        match self.kind {
            TableKind::ProjectGoals
                if !self.projects.is_empty()
                    && rest.iter().all(|t| {
                        t.chars().count() >= 6 && plain_number(&squeezed(t)).is_none()
                    }) =>
            {
                if let Some(p) = self.projects.last_mut() {
                    let joined = rest.concat();
                    match &mut p.goal {
                        Some(g) => g.push_str(&joined),
                        None => p.goal = Some(joined),
                    }
                }
            }
            TableKind::ProjectEvaluation | TableKind::OverallEvaluation if self.in_indicators => {
                if let Some(ind) = self.last_indicator() {
                    ind.notes.extend(rest);
                } else {
                    self.unplace(row.line, rest, "text before any indicator");
                }
            }
            _ => {
                let reason = if placed_indicator {
                    "cells beside an indicator not understood"
                } else {
                    "row not understood"
                };
                self.unplace(row.line, rest, reason);
            }
        }
    }

    /// The reading assessment of the table's indicators. Most of them without their place
    /// (一级 and 二级 where the form prints them, a name, a target): one `UncertainReading`
    /// warning, and every other finding of the table a notice. Otherwise the indicators read
    /// without their 一级 or 二级 are listed by line in one `NoPlace` notice.
    fn assess_reading(&self, title: &str, findings: &mut Vec<Finding>) {
        let indicators: Vec<&Indicator> = self
            .projects
            .iter()
            .flat_map(|p| &p.indicators)
            .chain(self.overall.iter().flat_map(|o| &o.indicators))
            .chain(self.evals.iter().flat_map(|e| &e.indicators))
            .chain(self.overall_eval.iter().flat_map(|e| &e.indicators))
            .collect();
        let total = indicators.len();
        // Levels are asked of forms that print them.
        let levels = self
            .columns
            .as_ref()
            .is_some_and(|c| c.get(Role::L1).is_some());
        let malformed = indicators
            .iter()
            .filter(|i| !well_placed(i, levels))
            .count();
        let finding = |kind, severity| Finding {
            kind,
            severity,
            table: title.to_string(),
            line: self.table.line,
        };
        if total > 0 && malformed * 2 > total {
            // The checks' findings are about our reading as much as the document.
            for f in findings.iter_mut() {
                f.severity = Severity::Notice;
            }
            findings.push(finding(
                FindingKind::UncertainReading { malformed, total },
                Severity::Warning,
            ));
            return;
        }
        let lines: Vec<usize> = indicators
            .iter()
            .filter(|i| i.level1.is_none() || i.level2.is_none())
            .map(|i| i.line)
            .collect();
        if levels && !lines.is_empty() {
            findings.push(finding(
                FindingKind::NoPlace {
                    count: lines.len(),
                    total,
                    lines,
                },
                Severity::Notice,
            ));
        }
    }

    fn finish(mut self) -> Goals {
        let title = self.table.title.clone();
        let mut findings = std::mem::take(&mut self.findings);
        let mut goals = Goals::default();
        for p in &self.projects {
            check::check_project(&title, p, &mut findings);
        }
        if let Some(o) = &self.overall {
            check::check_overall(&title, o, &mut findings);
        }
        for e in &self.evals {
            check::check_evaluation(&title, e, &mut findings);
        }
        if let Some(e) = &self.overall_eval {
            check::check_overall_evaluation(&title, e, &mut findings);
        }
        self.assess_reading(&title, &mut findings);
        goals.projects = self.projects;
        goals.overall = self.overall.into_iter().collect();
        goals.evaluations = self.evals;
        goals.overall_evaluations = self.overall_eval.into_iter().collect();
        goals.findings = findings;
        goals.unplaced = self.unplaced;
        goals
    }
}

/// The points of a label that carries them: `执行率分值(10分)`, `预算执行率(10分)`.
fn execution_points(sq: &str) -> Option<&str> {
    // The points close the label: a label not ending so is not searched for its bracket.
    if !sq.ends_with("分)") {
        return None;
    }
    let (key, rest) = sq.split_once('(')?;
    let points = rest.strip_suffix("分)")?;
    let is_execution = matches!(
        key,
        "执行率分值" | "预算执行率" | "执行率" | "预算执行率分值"
    );
    (is_execution && plain_number(points).is_some()).then_some(points)
}

/// A target without a unit takes the unit its indicator's name ends with in brackets
/// (`内审报告合格率(%)` | `100`, `PAD采购成本(元/台)` | `≤1500`): forms that put the unit in
/// the name print bare figures. The bracket counts as a unit when it is a known one, or when
/// each of its `/`-separated parts is a known unit or one or two ideographs (`篇`, `万户`,
/// `元/户/月`, `万/年`), never when it holds a figure (`执行率分值(10分)`).
fn with_unit_of_name(target: Target, name: &str) -> Target {
    let Target::Quantity(mut q) = target else {
        return target;
    };
    if q.unit.is_some() {
        return Target::Quantity(q);
    }
    let sq = squeeze(name);
    let inner = sq
        .strip_suffix(')')
        .and_then(|s| s.rfind('(').map(|i| &s[i + 1..]))
        .filter(|u| !u.is_empty() && !u.chars().any(|c| c.is_ascii_digit()));
    let unit_like = |part: &str| {
        Unit::known(part).is_some()
            || (!part.is_empty() && part.chars().count() <= 2 && part.chars().all(is_ideograph))
    };
    if let Some(u) = inner {
        if Unit::known(u).is_some() || u.split('/').all(unit_like) {
            q.unit = Unit::parse_lenient(u).ok();
        }
    }
    Target::Quantity(q)
}

fn is_ideograph(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Whether an indicator was read with its full place: 一级 and 二级 (when the form prints
/// them; a 二级 that belongs under one 一级 only places it without, as when a 一级 cell
/// spanning two pages prints its name on the second), a name that is neither a scoring rule
/// nor a level's name, and a target (or, in a self-evaluation, a score).
fn well_placed(i: &Indicator, levels: bool) -> bool {
    let evaluated = i.evaluation.as_ref().is_some_and(|e| e.score.is_some());
    let one_parent = |l2: &Level2| {
        crate::level::LEVEL2_PARENTS
            .iter()
            .filter(|(x, _)| x == l2)
            .count()
            == 1
    };
    let placed = match (&i.level1, &i.level2) {
        (Some(_), Some(_)) => true,
        (None, Some(l2)) => one_parent(l2),
        _ => false,
    };
    (!levels || placed)
        && !i.name.is_empty()
        && !is_level(&squeezed(&i.name))
        && !is_scoring(&i.name)
        && (i.target.is_some() || evaluated)
}

/// Whether the tidied text `t` may squeeze to a template line ([`is_template`]): tidied text
/// squeezes to itself without its spaces unless it holds `<`, `$` or `\\`, so a template
/// starts with `指标`.
fn could_be_template(t: &str) -> bool {
    t.starts_with("指标") || t.contains(['<', '$', '\\'])
}

/// Whether an indicator's name is a scoring rule (`得满分`, `扣分` …). Every scoring word has
/// 分: a name without it is not searched for each.
fn is_scoring(name: &str) -> bool {
    name.contains('分')
        && ["得满分", "不得分", "扣分", "得分"]
            .iter()
            .any(|w| name.contains(w))
}

/// A template line left empty: `指标1:`.
fn is_template(sq: &str) -> bool {
    sq.strip_prefix("指标").is_some_and(|r| {
        let r = r.trim_end_matches(':');
        !r.is_empty() && r.chars().all(|c| c.is_ascii_digit())
    })
}

/// Title lines repeated inside the grid (`<b>整体支出绩效目标申报表</b>`, `(2023年度)`, `报表编号:…`);
/// `title_sq` is the table's title squeezed.
fn is_preamble(text: &str, title_sq: &str) -> bool {
    let s = squeezed(text);
    let plain = if s.contains('<') {
        Cow::Owned(s.replace("<b>", "").replace("</b>", ""))
    } else {
        s
    };
    let year = plain
        .strip_prefix('(')
        .and_then(|x| x.strip_suffix(')'))
        .is_some_and(|x| x.ends_with("年度") && x.chars().take(4).all(|c| c.is_ascii_digit()));
    year || plain.starts_with("报表编号")
        || (!plain.is_empty() && title_sq.contains(plain.as_ref()))
        || (plain.contains("绩效") && plain.ends_with('表'))
}

/// A grade ticked in a 评价结果 cell (`☑优`, `■优`, `√优`), when exactly one is ticked.
fn checked_grade(text: &str) -> Option<Grade> {
    let s = squeeze(text);
    let mut ticked: Vec<Grade> = Vec::new();
    for m in ["☑", "■", "√", "✓", "✔", "▣"] {
        for g in ["优", "良", "中", "差"] {
            if s.contains(&format!("{m}{g}")) {
                ticked.extend(Grade::recognise(g));
            }
        }
    }
    match ticked.as_slice() {
        [g] => Some(*g),
        _ => Grade::recognise(&s),
    }
}
