//! `prose.figure`, `prose.change`, `prose.budget_vs_final` and `prose.nil_statement`: the figures
//! the 情况说明 states, against the tables and against themselves.

use rust_decimal::Decimal;

use cnbudget_indicator::Unit;
use cnbudget_table::{AmountUnit, CodeSystem, ColumnRole, Document, Row, Table, TableKind};

use super::{amount_at, in_yuan, line_of, row_label, title_of, unit_word};
use crate::Disclosure;
use crate::audit::{Figure, Finding, RuleId, Severity, Sureness};
use crate::prose::Direction;
use crate::tolerance::{Tolerance, percent_agrees};
use crate::totals::{Headline, Totals};

/// What a candidate table figure is, spelled out only when a finding names it.
enum CandidateLabel<'a> {
    /// A fixed label.
    Fixed(&'static str),
    /// The 合计 of a 类 row.
    ClassTotal(&'a Row),
}

impl CandidateLabel<'_> {
    fn text(&self) -> String {
        match self {
            CandidateLabel::Fixed(s) => (*s).to_string(),
            CandidateLabel::ClassTotal(row) => format!("{} 合计", row_label(row)),
        }
    }
}

/// A table figure a prose subject may name: table, value, printed scale, line, label.
type Candidate<'a> = (&'a Table, Decimal, u32, Option<usize>, CandidateLabel<'a>);

/// The tables a prose subject may name, looked up once per document.
struct SubjectTables<'a> {
    /// The document's tables.
    tables: &'a [Table],
    /// The headline figures (“三公”, 基本支出, 项目支出).
    totals: &'a Totals,
    /// The first 一般公共预算 function table.
    function: Option<ScopeTable<'a>>,
    /// The first all-funds 支出总表.
    summary: Option<ScopeTable<'a>>,
    /// The 预算数 of each “三公” item, when the “三公” table of the totals is a final account's
    /// that prints them beside the 决算数: read once, when a subject first needs it.
    three_public_budget: std::cell::OnceCell<Option<(&'a Table, cnbudget_table::ThreePublic)>>,
}

/// A table whose 基本支出 / 项目支出 totals and 类 totals prose names.
struct ScopeTable<'a> {
    table: &'a Table,
    /// Its 类 rows (functional code of 3 digits) whose trimmed name has at least four
    /// characters, in row order, with that name.
    classes: Vec<(&'a str, &'a Row)>,
}

impl<'a> ScopeTable<'a> {
    fn of(table: &'a Table) -> ScopeTable<'a> {
        let classes = table
            .rows
            .iter()
            .filter(|r| {
                r.code.as_ref().is_some_and(|code| {
                    code.system == CodeSystem::Function && code.digits.len() == 3
                })
            })
            .filter_map(|r| {
                let n = r.name.as_deref()?.trim();
                (n.chars().count() >= 4).then_some((n, r))
            })
            .collect();
        ScopeTable { table, classes }
    }
}

impl<'a> SubjectTables<'a> {
    fn new(doc: &'a Document, totals: &'a Totals) -> SubjectTables<'a> {
        SubjectTables {
            tables: &doc.tables,
            totals,
            function: crate::totals::general_budget_table(&doc.tables)
                .map(|(_, t)| ScopeTable::of(t)),
            summary: doc
                .tables_of(TableKind::ExpenditureSummary)
                .next()
                .map(ScopeTable::of),
            three_public_budget: std::cell::OnceCell::new(),
        }
    }

    /// [`SubjectTables::three_public_budget`].
    fn three_public_budget(&self) -> Option<&(&'a Table, cnbudget_table::ThreePublic)> {
        self.three_public_budget
            .get_or_init(|| {
                self.totals
                    .three_public
                    .as_ref()
                    .and_then(|h| self.tables.get(h.table))
                    .filter(|table| table.three_public_final().is_some())
                    .and_then(|table| Some((table, table.three_public()?)))
            })
            .as_ref()
    }

    /// A headline figure as a candidate.
    fn headline(&self, h: &Option<Headline>, what: &'static str) -> Option<Candidate<'a>> {
        let h = h.as_ref()?;
        let table = self.tables.get(h.table)?;
        Some((
            table,
            h.amount,
            h.amount.scale(),
            Some(h.line),
            CandidateLabel::Fixed(what),
        ))
    }
}

/// The table figures a prose subject may name. `基本支出`, `项目支出` and 类 names are looked
/// up in the 一般公共预算 function table and in the all-funds 支出总表, because prose uses the
/// bare words for either scope; the figure agrees if it agrees with one of them. “三公”,
/// 基本支出 and 项目支出 are the document's [`Totals`].
fn figures_for_subject<'a>(tables: &SubjectTables<'a>, subject: &str) -> Vec<Candidate<'a>> {
    let t = tables.totals;
    // A final account's “三公” table prints each item's 预算数 beside its 决算数 (the headline):
    // the text may state either.
    let pick = |h: &Option<Headline>,
                what: &'static str,
                item: fn(&cnbudget_table::ThreePublic) -> Option<Decimal>|
     -> Vec<Candidate<'a>> {
        let mut v: Vec<Candidate<'a>> = tables.headline(h, what).into_iter().collect();
        if let Some(&(table, ref b)) = tables.three_public_budget()
            && let Some(amount) = item(b)
        {
            v.push((
                table,
                amount,
                amount.scale(),
                Some(b.line),
                CandidateLabel::Fixed(what),
            ));
        }
        v
    };
    let s: std::borrow::Cow<'_, str> = if subject.contains(['“', '”', '"']) {
        subject.replace(['“', '”', '"'], "").into()
    } else {
        subject.into()
    };
    let s = s.as_ref();
    if s.contains("三公") && !s.contains("会议") {
        return pick(&t.three_public, "“三公”经费合计", |b| b.total);
    }
    if s.ends_with("公务接待费") {
        return pick(&t.reception, "公务接待费", |b| b.reception);
    }
    if s.ends_with("公务用车购置费") {
        return pick(&t.vehicle_purchase, "公务用车购置费", |b| {
            b.vehicle_purchase
        });
    }
    if s.ends_with("公务用车运行维护费") || s.ends_with("公务用车运行费") {
        return pick(&t.vehicle_operation, "公务用车运行费", |b| {
            b.vehicle_operation
        });
    }
    if s.ends_with("因公出国（境）费用")
        || s.ends_with("因公出国(境)费用")
        || s.ends_with("因公出国(境)费")
    {
        return pick(&t.overseas_travel, "因公出国(境)费", |b| {
            b.overseas_travel
        });
    }
    let mut out = Vec::new();
    // `一般公共预算财政拨款基本支出` names the 一般公共预算 table only.
    let general_only = s.contains("一般公共预算") || s.contains("财政拨款");
    let scopes = if general_only {
        [tables.function.as_ref(), None]
    } else {
        [tables.function.as_ref(), tables.summary.as_ref()]
    };
    let basic = s == "基本支出" || s.ends_with("财政拨款基本支出");
    let project = s == "项目支出";
    if basic || project {
        let (general, all) = if basic {
            (&t.general_budget_basic, &t.basic_expenditure)
        } else {
            (&t.general_budget_project, &t.project_expenditure)
        };
        let what = if basic {
            "基本支出 total"
        } else {
            "项目支出 total"
        };
        out.extend(tables.headline(general, what));
        if !general_only {
            out.extend(tables.headline(all, what));
        }
        return out;
    }
    for scope in scopes.into_iter().flatten() {
        let table = scope.table;
        // A 类 named in prose (`卫生健康支出1669.67万元`): its 合计.
        let Some(c) = table.column_index(ColumnRole::Total) else {
            continue;
        };
        let class = scope.classes.iter().find_map(|&(n, r)| {
            (s == n
                || s.strip_suffix(n)
                    .is_some_and(|r| r.ends_with('，') || r.ends_with('、')))
            .then_some(r)
        });
        if let Some(class) = class
            && let Some((v, sc)) = amount_at(class, c)
        {
            out.push((
                table,
                v,
                sc,
                line_of(class, c),
                CandidateLabel::ClassTotal(class),
            ));
            // A paragraph on 项目支出 or 基本支出 breaks its figure down by 类 (`其中：公共安全
            // 支出40230.95万元`): the class's part in that column is what it states.
            for role in [ColumnRole::Basic, ColumnRole::Project] {
                if let Some(k) = table.column_index(role)
                    && let Some((v, sc)) = amount_at(class, k)
                {
                    out.push((
                        table,
                        v,
                        sc,
                        line_of(class, k),
                        CandidateLabel::ClassTotal(class),
                    ));
                }
            }
        }
    }
    out
}

/// `prose.figure`: prose figures against the table figures they name.
pub(crate) fn prose_against_tables(
    d: &Disclosure,
    totals: &Totals,
    sure: &Sureness<'_>,
    out: &mut Vec<Finding>,
) {
    let tables = SubjectTables::new(&d.document, totals);
    for fact in &d.facts {
        if !fact.quantity.is_money() {
            continue;
        }
        let Some(prose_yuan) = fact.quantity.to_yuan() else {
            continue;
        };
        let candidates = figures_for_subject(&tables, &fact.subject);
        let prose_scale = fact.quantity.value.scale();
        let prose_half = Tolerance::half_unit(prose_scale)
            .checked_mul(
                prose_yuan
                    .checked_div(fact.quantity.value)
                    .unwrap_or(Decimal::ONE),
            )
            .unwrap_or(Decimal::ZERO);
        // Agrees with any candidate: fine. Otherwise report against the first one.
        let mut first: Option<(&Candidate<'_>, Decimal)> = None;
        let mut agrees = false;
        for cand in &candidates {
            let (table, value, scale, _, _) = cand;
            let Some((table_yuan, table_half)) = in_yuan(table, *value, *scale) else {
                continue;
            };
            let limit = table_half.max(prose_half);
            let Some(diff) = prose_yuan.checked_sub(table_yuan) else {
                continue;
            };
            if diff.abs() <= limit {
                agrees = true;
                break;
            }
            if first.is_none() {
                first = Some((cand, table_yuan));
            }
        }
        if agrees {
            continue;
        }
        let Some(((table, value, _, line, what), table_yuan)) = first else {
            continue;
        };
        let (table, value, line) = (*table, *value, *line);
        let what = what.text();
        let finding = Finding::new(
            RuleId::ProseFigure,
            Severity::Warning,
            format!(
                "the text states {} = {} {}, but the table gives {what} = {value} {}",
                fact.subject,
                fact.quantity.value,
                fact.quantity.unit,
                unit_word(table)
            ),
        )
        .in_table(title_of(table))
        .with_figures(
            Figure {
                label: format!("table: {what}"),
                value: table_yuan,
                unit: Some(Unit::Money(AmountUnit::Yuan)),
                line,
            },
            Figure {
                label: format!("prose: {}", fact.subject),
                value: prose_yuan,
                unit: Some(Unit::Money(AmountUnit::Yuan)),
                line: Some(fact.line),
            },
        );
        out.push(sure.judge(finding, &[table]));
    }
}

/// `prose.change`: a stated change agrees with its direction word and percentage.
pub(crate) fn prose_changes(d: &Disclosure, out: &mut Vec<Finding>) {
    for fact in &d.facts {
        for change in &fact.changes {
            let amount = change.amount.as_ref().map(|q| q.value);
            if let Some(a) = amount {
                let contradicts = match change.direction {
                    Direction::Increase | Direction::Decrease => {
                        a.is_sign_negative() && !a.is_zero()
                    }
                    Direction::Flat => !a.is_zero(),
                };
                if contradicts {
                    out.push(
                        Finding::new(
                            RuleId::ProseChange,
                            Severity::Notice,
                            format!(
                                "{}: the direction word ({:?}) does not fit the stated change {a}",
                                fact.subject, change.direction
                            ),
                        )
                        .at_lines([fact.line]),
                    );
                }
            }
            let (Some(delta), Some(percent)) = (amount, change.percent) else {
                continue;
            };
            let value = fact.quantity.value;
            let base = match change.direction {
                Direction::Increase => value.checked_sub(delta),
                Direction::Decrease => value.checked_add(delta),
                Direction::Flat => None,
            };
            let Some(base) = base.filter(|b| !b.is_zero() && b.is_sign_positive()) else {
                continue;
            };
            let Some(computed) = delta
                .checked_mul(Decimal::ONE_HUNDRED)
                .and_then(|x| x.checked_div(base))
            else {
                continue;
            };
            // Rounding of the stated percentage, plus what rounding of the two amounts can do.
            let amount_half = Tolerance::half_unit(value.scale().max(delta.scale()));
            if percent_agrees(
                computed,
                percent,
                amount_half.saturating_mul(Decimal::TWO),
                base,
            ) {
                continue;
            }
            // The figure read may be the one compared with (`比2025年年初预算数4,956.01万元增加
            // 177.73万元，增长3.59%`, the sentence's own figure on the line before): the change
            // over it agrees.
            let over_figure = delta
                .checked_mul(Decimal::ONE_HUNDRED)
                .and_then(|x| x.checked_div(value))
                .filter(|_| value.is_sign_positive() && !value.is_zero());
            if over_figure.is_some_and(|c| {
                percent_agrees(c, percent, amount_half.saturating_mul(Decimal::TWO), value)
            }) {
                continue;
            }
            out.push(
                Finding::new(
                    RuleId::ProseChange,
                    Severity::Warning,
                    format!(
                        "{}: the text states a change of {delta} {} ({percent}%), but {delta} over {base} is {}%",
                        fact.subject,
                        fact.quantity.unit,
                        computed.round_dp(2)
                    ),
                )
                .with_figures(
                    Figure {
                        label: "stated percentage".into(),
                        value: percent,
                        unit: Some(Unit::Percent),
                        line: Some(fact.line),
                    },
                    Figure {
                        label: "recomputed percentage".into(),
                        value: computed.round_dp(2),
                        unit: Some(Unit::Percent),
                        line: Some(fact.line),
                    },
                ),
            );
        }
    }
}

/// The first number (digits, `.`, `,`) at the start of `s`, skipping spaces.
fn leading_number(s: &str) -> Option<(Decimal, usize)> {
    let t = s.trim_start();
    let skipped = s.len() - t.len();
    let end = t
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.' || *c == ','))
        .map_or(t.len(), |(i, _)| i);
    let digits: String = t.get(..end)?.chars().filter(|c| *c != ',').collect();
    let value = digits.trim_end_matches('.').parse::<Decimal>().ok()?;
    Some((value, skipped + end))
}

/// `prose.budget_vs_final`: `完成年初预算P%` against `决算数大于/小于/等于预算数X万元` and the
/// final figure stated before them in the same sentence.
pub(crate) fn prose_budget_vs_final(d: &Disclosure, out: &mut Vec<Finding>) {
    // A line needs `决算数` and `完成(年初)预算`: paragraphs without them are skipped whole.
    let cmp_word = memchr::memmem::Finder::new("决算数");
    let done_word = memchr::memmem::Finder::new("完成");
    for p in &d.document.prose {
        if cmp_word.find(p.text.as_bytes()).is_none() || done_word.find(p.text.as_bytes()).is_none()
        {
            continue;
        }
        for (i, line) in p.text.lines().enumerate() {
            let line_no = p.first_line + i;
            let Some(done_at) = line.find("完成年初预算").or_else(|| line.find("完成预算"))
            else {
                continue;
            };
            let after_done = line.get(done_at..).unwrap_or("");
            let skip = if after_done.starts_with("完成年初预算") {
                "完成年初预算".len()
            } else {
                "完成预算".len()
            };
            let Some((percent, used)) = after_done.get(skip..).and_then(leading_number) else {
                continue;
            };
            if !after_done
                .get(skip + used..)
                .is_some_and(|r| r.trim_start().starts_with(['%', '％']))
            {
                continue;
            }
            // The comparison, after the percentage.
            let rest = after_done.get(skip + used..).unwrap_or("");
            let Some(cmp_at) = rest.find("决算数") else {
                continue;
            };
            let cmp = rest.get(cmp_at + "决算数".len()..).unwrap_or("");
            let (direction, tail) = if let Some(t) = cmp.strip_prefix("大于预算数") {
                (Direction::Increase, t)
            } else if let Some(t) = cmp.strip_prefix("小于预算数") {
                (Direction::Decrease, t)
            } else if let Some(t) = cmp.strip_prefix("等于预算数") {
                (Direction::Flat, t)
            } else {
                continue;
            };
            let gap = leading_number(tail).map(|(v, _)| v);
            // The final figure: the last money figure stated before 完成 on this line.
            let done_col = line.get(..done_at).map_or(0, |s| s.chars().count());
            let Some(fact) = d
                .facts
                .iter()
                .rfind(|f| f.line == line_no && f.quantity.is_money() && f.column <= done_col)
            else {
                continue;
            };
            let value = fact.quantity.value;
            let budget = match (direction, gap) {
                (Direction::Increase, Some(g)) => value.checked_sub(g),
                (Direction::Decrease, Some(g)) => value.checked_add(g),
                (Direction::Flat, _) => Some(value),
                _ => None,
            };
            let Some(budget) = budget.filter(|b| b.is_sign_positive() && !b.is_zero()) else {
                continue;
            };
            let Some(computed) = value
                .checked_mul(Decimal::ONE_HUNDRED)
                .and_then(|v| v.checked_div(budget))
            else {
                continue;
            };
            let spread = Tolerance::half_unit(value.scale()).saturating_mul(Decimal::TWO);
            if percent_agrees(computed, percent, spread, budget) {
                continue;
            }
            out.push(
                Finding::new(
                    RuleId::ProseBudgetVsFinal,
                    Severity::Warning,
                    format!(
                        "{}: the text states 完成年初预算{percent}% and 决算数{}预算数{}, but {value} against a budget of {budget} is {}%",
                        fact.subject,
                        match direction {
                            Direction::Increase => "大于",
                            Direction::Decrease => "小于",
                            Direction::Flat => "等于",
                        },
                        gap.map(|g| g.to_string()).unwrap_or_default(),
                        computed.round_dp(2)
                    ),
                )
                .with_figures(
                    Figure {
                        label: "stated completion".into(),
                        value: percent,
                        unit: Some(Unit::Percent),
                        line: Some(line_no),
                    },
                    Figure {
                        label: "决算 / 预算".into(),
                        value: computed.round_dp(2),
                        unit: Some(Unit::Percent),
                        line: Some(line_no),
                    },
                ),
            );
        }
    }
}

/// `prose.nil_statement`: prose that says there is no 政府性基金 / 国有资本经营 / “三公” spending,
/// against a table of that kind that prints amounts.
pub(crate) fn nil_statements(d: &Disclosure, out: &mut Vec<Finding>) {
    // The phrases are one of the words (`无`, `没有`, `未安排`, `不涉及`) then the kind's key
    // words (`无政府性基金`): the first place of the key words after one of them is the first
    // phrase. (The key words do not overlap themselves, so each of their places is found.)
    const NIL_WORDS: [&str; 4] = ["无", "没有", "未安排", "不涉及"];
    let checks: [(TableKind, &str); 2] = [
        (TableKind::GovernmentFund, "政府性基金"),
        (TableKind::StateCapital, "国有资本经营"),
    ];
    for (kind, key) in checks {
        if d.document.tables_of(kind).next().is_none() {
            continue;
        }
        let key = memchr::memmem::Finder::new(key);
        let Some(statement) = d.document.prose.iter().find_map(|p| {
            let text = p.text.as_str();
            let bytes = text.as_bytes();
            let at = key.find_iter(bytes).find(|&at| {
                text.get(..at)
                    .is_some_and(|b| NIL_WORDS.iter().any(|w| b.ends_with(w)))
            })?;
            // The phrase's line: its text and its number within the paragraph.
            let start = memchr::memrchr(b'\n', bytes.get(..at)?).map_or(0, |n| n + 1);
            let end = memchr::memchr(b'\n', bytes.get(at..)?).map_or(text.len(), |n| at + n);
            let i = memchr::memchr_iter(b'\n', bytes.get(..start)?).count();
            Some((p.first_line + i, text.get(start..end)?.trim().to_string()))
        }) else {
            continue;
        };
        for table in d.document.tables_of(kind) {
            let nonzero = table.rows.iter().find_map(|r| {
                r.cells
                    .iter()
                    .find(|c| c.amount().is_some_and(|a| !a.is_zero()))
                    .map(|c| (c.line, c.text.clone()))
            });
            if let Some((line, text)) = nonzero {
                out.push(
                    Finding::new(
                        RuleId::ProseNilStatement,
                        Severity::Warning,
                        format!(
                            "the text says “{}”, but {} prints {text}",
                            statement.1.chars().take(60).collect::<String>(),
                            title_of(table)
                        ),
                    )
                    .in_table(title_of(table))
                    .at_lines([statement.0, line]),
                );
            }
        }
    }
}
