#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
//! Space-aligned tables that used to be read wrongly, through the public `parse`:
//! page breaks inside a region, a sub-level code printed without its leading zero,
//! two column groups side by side, a page printed narrower than the header page, and
//! header words printed vertically, off-centre or joined to their neighbours.
//! The fixtures in `testdata/layout/` are table lines cut from `pdftotext -layout`
//! text of corpus documents (codes, names, figures; form feeds kept).

use std::str::FromStr;

use cnbudget_table::{CodeRow, ColumnRole, Document, Side, Table, TableKind, parse};
use rust_decimal::Decimal;

fn fixture(name: &str) -> String {
    let path = format!("{}/testdata/layout/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn table(doc: &Document, kind: TableKind) -> &Table {
    doc.tables_of(kind).next().unwrap_or_else(|| {
        panic!(
            "no {kind:?} table; found {:?}",
            doc.kinds().collect::<Vec<_>>()
        )
    })
}

fn row<'a>(rows: &'a [CodeRow], code: &str) -> &'a CodeRow {
    let found: Vec<&CodeRow> = rows.iter().filter(|r| r.code.digits == code).collect();
    assert_eq!(found.len(), 1, "code {code} should be read exactly once");
    found[0]
}

/// The amount of `code`'s row in the column whose own header word is `col`.
fn amount(rows: &[CodeRow], code: &str, col: &str) -> Option<Decimal> {
    row(rows, code)
        .amounts
        .iter()
        .find(|a| a.path.last().is_some_and(|p| p == col))
        .map(|a| a.amount)
}

/// Σ of the children (code one level longer) of `code` in column `col`.
fn children_sum(rows: &[CodeRow], code: &str, col: &str) -> Decimal {
    let len = code.len() + 2;
    rows.iter()
        .filter(|r| r.code.digits.len() == len && r.code.digits.starts_with(code))
        .filter_map(|r| {
            r.amounts
                .iter()
                .find(|a| a.path.last().is_some_and(|p| p == col))
                .map(|a| a.amount)
        })
        .sum()
}

#[test]
fn table_continued_on_new_pages_keeps_its_columns() {
    // 万里街道 2024, 一般公共预算支出功能分类预算表: four pages, the header repeated on
    // each; the later pages print their numbers at other positions.
    let doc = parse(&fixture("sh-2024-function-pages.txt"));
    let t = table(&doc, TableKind::GeneralBudgetByFunction);
    let rows = t.code_rows().collect::<Vec<_>>();
    assert_eq!(amount(&rows, "21011", "基本支出"), Some(d("3023657")));
    assert_eq!(amount(&rows, "21011", "项目支出"), Some(d("0")));
    assert_eq!(amount(&rows, "210", "基本支出"), Some(d("3023657")));
    assert_eq!(children_sum(&rows, "210", "基本支出"), d("3023657"));
    assert_eq!(children_sum(&rows, "210", "项目支出"), d("200000"));
    assert_eq!(amount(&rows, "2120102", "合计"), Some(d("17591003")));
    assert_eq!(amount(&rows, "2120102", "基本支出"), Some(d("0")));
    assert_eq!(amount(&rows, "2120102", "项目支出"), Some(d("17591003")));
    assert_eq!(amount(&rows, "2210399", "项目支出"), Some(d("2177200")));
    // The repeated headers are not rows; the name is not joined with `项目`.
    assert_eq!(row(&rows, "221").name.as_deref(), Some("住房保障支出"));
    let top: Decimal = rows
        .iter()
        .filter(|r| r.code.digits.len() == 3)
        .filter_map(|r| r.amount(cnbudget_table::ColumnRole::Project))
        .sum();
    assert_eq!(top, d("56505103"));
    assert!(doc.unplaced.is_empty(), "{:?}", doc.unplaced);
}

#[test]
fn sub_level_code_printed_without_its_leading_zero() {
    // 万里街道 2024, 基本支出经济分类预算表: `301   2   津贴补贴` and `301   7   绩效工资`.
    let doc = parse(&fixture("sh-2024-economic-short-code.txt"));
    let t = table(&doc, TableKind::GeneralBudgetBasicByEconomic);
    let rows = t.code_rows().collect::<Vec<_>>();
    assert_eq!(row(&rows, "30102").name.as_deref(), Some("津贴补贴"));
    assert_eq!(amount(&rows, "30102", "人员经费"), Some(d("16623810")));
    assert_eq!(amount(&rows, "30107", "人员经费"), Some(d("11447100")));
    assert_eq!(amount(&rows, "301", "人员经费"), Some(d("88282511")));
    assert_eq!(children_sum(&rows, "301", "人员经费"), d("88282511"));
    // The page after the break: 302 05 水费 onwards, 公用经费 column.
    assert_eq!(amount(&rows, "30205", "公用经费"), Some(d("277500")));
    assert_eq!(children_sum(&rows, "302", "公用经费"), d("11168569"));
}

#[test]
fn two_column_groups_side_by_side_are_separate_records() {
    // 财政局 2024 决算, 一般公共预算财政拨款基本支出决算表: 人员经费 (301, 303) on the
    // left, 公用经费 (302, 310) on the right, values printed a line above their row.
    let doc = parse(&fixture("final-2024-basic-two-sided.txt"));
    let t = table(&doc, TableKind::GeneralBudgetBasicByEconomic);
    let rows = t.code_rows().collect::<Vec<_>>();
    assert_eq!(amount(&rows, "301", "决算数"), Some(d("2082.85")));
    assert_eq!(amount(&rows, "302", "决算数"), Some(d("171.07")));
    assert_eq!(amount(&rows, "303", "决算数"), Some(d("69.41")));
    assert_eq!(amount(&rows, "310", "决算数"), Some(d("13.58")));
    assert_eq!(amount(&rows, "30102", "决算数"), Some(d("1238.58")));
    assert_eq!(amount(&rows, "30202", "决算数"), Some(d("7.61")));
    assert_eq!(row(&rows, "30202").name.as_deref(), Some("印刷费"));
    // A name printed around its code (`其 他 商 品 和 服 务 支` / `99` / `出`) is one row.
    assert_eq!(
        row(&rows, "30299").name.as_deref(),
        Some("其他商品和服务支出")
    );
    assert_eq!(amount(&rows, "30299", "决算数"), Some(d("11.53")));
    assert_eq!(
        row(&rows, "31007").name.as_deref(),
        Some("信息网络及软件购置更新")
    );
    // Each class adds up (to the cent, as printed: 2,082.86 against 2,082.85 is the
    // document's own rounding).
    assert_eq!(children_sum(&rows, "303", "决算数"), d("69.41"));
    assert_eq!(children_sum(&rows, "310", "决算数"), d("13.58"));
    assert_eq!(children_sum(&rows, "301", "决算数"), d("2082.86"));
    assert_eq!(children_sum(&rows, "302", "决算数"), d("171.09"));
}

#[test]
fn two_column_groups_with_seven_digit_style_codes() {
    // 规划资源局 2024 决算: whole codes (30101), the right side's codes drift left
    // where the left side has ended (`   30299`, `  31007      0.00`).
    let doc = parse(&fixture("final-2024-basic-two-sided-7.txt"));
    let t = table(&doc, TableKind::GeneralBudgetBasicByEconomic);
    let rows = t.code_rows().collect::<Vec<_>>();
    assert_eq!(amount(&rows, "301", "决算数"), Some(d("4816.14")));
    assert_eq!(children_sum(&rows, "301", "决算数"), d("4816.14"));
    assert_eq!(amount(&rows, "302", "决算数"), Some(d("440.90")));
    assert_eq!(amount(&rows, "30299", "决算数"), Some(d("28.86")));
    // As printed: the 款 rows add up to 440.88 against 440.90 (the document's rounding).
    assert_eq!(children_sum(&rows, "302", "决算数"), d("440.88"));
    assert_eq!(amount(&rows, "303", "决算数"), Some(d("67.96")));
    assert_eq!(amount(&rows, "310", "决算数"), Some(d("39.76")));
    assert_eq!(amount(&rows, "31002", "决算数"), Some(d("39.76")));
    assert_eq!(children_sum(&rows, "310", "决算数"), d("39.76"));
    assert_eq!(
        row(&rows, "31007").name.as_deref(),
        Some("信息网络及软件购置更新")
    );
}

#[test]
fn a_wrapped_word_on_a_later_page_is_not_a_repeated_header() {
    // 财政局 2024 决算, 财政拨款收入支出决算总表: `款` (end of `二、政府性基金预算财政拨` /
    // `款`) on the second page matches a header line; the rows above it are rows.
    let doc = parse(&fixture("final-2024-appropriation-summary.txt"));
    let t = doc.tables.first().unwrap();
    let names: Vec<String> = t.rows.iter().filter_map(|r| r.name.clone()).collect();
    for want in [
        "资源勘探工业信息等支出",
        "住房保障支出",
        "抗疫特别国债安排的支出",
    ] {
        assert!(
            names.iter().any(|n| n.contains(want)),
            "{want} missing from {names:?}"
        );
    }
    let housing = t
        .rows
        .iter()
        .find(|r| {
            r.name
                .as_deref()
                .is_some_and(|n| n.contains("住房保障支出"))
        })
        .unwrap();
    assert!(
        housing
            .cells
            .iter()
            .any(|c| c.amount() == Some(d("445.69")))
    );
}

#[test]
fn page_printed_narrower_than_the_header_page() {
    // 江苏省人大办公厅 2017: the second page of each table is printed with other
    // positions (`        2080504          未归口管理的行政单位离退休   1,608.51`,
    // `30205      水费              50.00`).
    let doc = parse(&fixture("js-2017-general-budget-pages.txt"));
    let f = table(&doc, TableKind::GeneralBudgetByFunction);
    let rows = f.code_rows().collect::<Vec<_>>();
    assert_eq!(amount(&rows, "2080504", "金额"), Some(d("1608.51")));
    assert_eq!(children_sum(&rows, "20805", "金额"), d("1608.51"));
    assert_eq!(amount(&rows, "221", "金额"), Some(d("1512.23")));
    assert_eq!(children_sum(&rows, "221", "金额"), d("1512.23"));
    let e = table(&doc, TableKind::GeneralBudgetBasicByEconomic);
    let rows = e.code_rows().collect::<Vec<_>>();
    assert_eq!(row(&rows, "30205").name.as_deref(), Some("水费"));
    assert_eq!(amount(&rows, "30205", "金额"), Some(d("50.00")));
    assert_eq!(amount(&rows, "303", "金额"), Some(d("3151.74")));
    assert_eq!(children_sum(&rows, "303", "金额"), d("3151.74"));
    assert_eq!(children_sum(&rows, "302", "金额"), d("1585.96"));
}

/// Each column's header path, joined with `/`.
fn paths(t: &Table) -> Vec<String> {
    t.columns.iter().map(|c| c.path.join("/")).collect()
}

fn roles(t: &Table) -> Vec<ColumnRole> {
    t.columns.iter().map(|c| c.role).collect()
}

/// The amount in the row whose name contains `name`, in the column whose path is `path`.
fn cell_at(t: &Table, name: &str, path: &str) -> Option<Decimal> {
    let col = paths(t)
        .iter()
        .position(|p| p == path)
        .unwrap_or_else(|| panic!("no column {path} in {:?}", paths(t)));
    t.rows
        .iter()
        .find(|r| {
            r.cells
                .iter()
                .any(|c| c.text.contains(name) && c.amount().is_none())
        })
        .unwrap_or_else(|| panic!("no row {name}"))
        .cell(col)
        .and_then(|c| c.amount())
}

/// The amount of the first row with amounts in the column whose path is `path`.
/// The paths of a final account's 三公 table: 预算数 then 决算数 under each item.
fn budget_and_final(items: &[&str]) -> Vec<String> {
    items
        .iter()
        .flat_map(|i| ["预算数", "决算数"].map(|v| format!("财政拨款“三公”经费/{i}/{v}")))
        .collect()
}

fn first_amount(t: &Table, path: &str) -> Option<Decimal> {
    let col = paths(t)
        .iter()
        .position(|p| p == path)
        .unwrap_or_else(|| panic!("no column {path} in {:?}", paths(t)));
    t.rows
        .iter()
        .find(|r| r.cells.iter().any(|c| c.amount().is_some()))?
        .cell(col)?
        .amount()
}

#[test]
fn header_printed_vertically_in_narrow_cells() {
    // 财政局 2024 决算, 财政拨款收入支出决算总表: `一般公共预算` / `财` / `政拨款`,
    // `国有资本经营` / `预` / `算财政拨` / `款` under `支出`, which was read as the top of
    // the first of them (`支出一般公共预算财政拨款`).
    let doc = parse(&fixture("final-2024-appropriation-summary.txt"));
    let t = table(&doc, TableKind::FiscalAppropriationSummary);
    assert_eq!(
        paths(t),
        [
            "收入/项目",
            "收入/决算数",
            "支出/项目",
            "支出/合计",
            "支出/一般公共预算财政拨款",
            "支出/政府性基金预算财政拨款",
            "支出/国有资本经营预算财政拨款",
        ]
    );
    use ColumnRole as R;
    assert_eq!(
        roles(t),
        [
            R::Name,
            R::Amount,
            R::Name,
            R::Total,
            R::GeneralBudget,
            R::GovernmentFund,
            R::StateCapital
        ]
    );
    let sides: Vec<Option<Side>> = t.columns.iter().map(|c| c.side).collect();
    assert_eq!(sides[..2], [Some(Side::Income); 2]);
    assert_eq!(sides[2..], [Some(Side::Expenditure); 5]);
    let gb = "支出/一般公共预算财政拨款";
    assert_eq!(cell_at(t, "一般公共服务支出", gb), Some(d("2106.66")));
    assert_eq!(cell_at(t, "社会保障和就业支出", gb), Some(d("326.71")));
    assert_eq!(cell_at(t, "住房保障支出", gb), Some(d("445.69")));
    assert_eq!(cell_at(t, "住房保障支出", "支出/合计"), Some(d("445.69")));
    assert_eq!(cell_at(t, "本年支出合计", gb), Some(d("2940.05")));
    assert_eq!(
        cell_at(t, "本年支出合计", "支出/政府性基金预算财政拨款"),
        None
    );
    assert_eq!(
        cell_at(t, "本年收入合计", "收入/决算数"),
        Some(d("2940.05"))
    );
}

#[test]
fn total_word_one_space_before_its_sibling_is_its_own_column() {
    // 财政局 2024 决算, 政府性基金 and 国有资本经营预算财政拨款收入支出决算表:
    // `小计 基本支出 项目支出` under `本年支出`, one space apart, was read as one word
    // `本年支出小计基本支出`; `项目` over `支出功能分类` was joined to it.
    let doc = parse(&fixture("final-2024-fund-tables.txt"));
    use ColumnRole as R;
    for kind in [TableKind::GovernmentFund, TableKind::StateCapital] {
        let t = table(&doc, kind);
        assert_eq!(
            paths(t),
            [
                "项目/支出功能分类科目编码/类",
                "项目/支出功能分类科目编码/款",
                "项目/支出功能分类科目编码/项",
                "项目/科目名称",
                "年初结转和结余",
                "本年收入",
                "本年支出/小计",
                "本年支出/基本支出",
                "本年支出/项目支出",
                "年末结转和结余",
            ],
            "{kind:?}"
        );
        assert_eq!(
            roles(t),
            [
                R::Code,
                R::Code,
                R::Code,
                R::Name,
                R::OpeningBalance,
                R::CurrentIncome,
                R::Total,
                R::Basic,
                R::Project,
                R::ClosingBalance
            ]
        );
        // The department had no such funds: one 合计 row, every amount blank.
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].name.as_deref(), Some("合计"));
        assert!(t.rows[0].cells.iter().all(|c| c.amount().is_none()));
    }
}

#[test]
fn three_public_pairs_under_their_items() {
    // 财政局 2024 决算, 财政拨款“三公”经费支出决算表: 预算数 / 决算数 under each item,
    // `公务用车购置及运行费` over `小计  公务用车购置费  公务用车运行费` whose words are
    // printed on two lines, `合计` with a blank line above its two columns.
    let doc = parse(&fixture("final-2024-three-public.txt"));
    let t = table(&doc, TableKind::ThreePublic);
    let items = [
        "合计",
        "因公出国(境)费",
        "公务用车购置及运行费/小计",
        "公务用车购置及运行费/公务用车购置费",
        "公务用车购置及运行费/公务用车运行费",
        "公务接待费",
    ];
    assert_eq!(paths(t), budget_and_final(&items));
    let g = "财政拨款“三公”经费";
    assert_eq!(
        first_amount(t, &format!("{g}/合计/预算数")),
        Some(d("0.95"))
    );
    assert_eq!(first_amount(t, &format!("{g}/合计/决算数")), None);
    assert_eq!(
        first_amount(t, &format!("{g}/公务接待费/预算数")),
        Some(d("0.95"))
    );
    assert_eq!(first_amount(t, &format!("{g}/公务接待费/决算数")), None);

    // 规划资源局 2024 决算, the same table: `公务用车购置及运行维护费` printed off-centre
    // (its third item, `公务用车运行维护费`, was left out of it).
    let doc = parse(&fixture("final-2024-three-public-2.txt"));
    let t = table(&doc, TableKind::ThreePublic);
    let items = [
        "合计",
        "因公出国(境)费",
        "公务用车购置及运行维护费/小计",
        "公务用车购置及运行维护费/公务用车购置费",
        "公务用车购置及运行维护费/公务用车运行维护费",
        "公务接待费",
    ];
    assert_eq!(paths(t), budget_and_final(&items));
    assert_eq!(
        first_amount(t, &format!("{g}/合计/预算数")),
        Some(d("2.85"))
    );
    assert_eq!(
        first_amount(t, &format!("{g}/合计/决算数")),
        Some(d("0.39"))
    );
    assert_eq!(
        first_amount(t, &format!("{g}/因公出国(境)费/决算数")),
        Some(d("0.00"))
    );
    assert_eq!(
        first_amount(t, &format!("{g}/公务接待费/预算数")),
        Some(d("2.85"))
    );
    assert_eq!(
        first_amount(t, &format!("{g}/公务接待费/决算数")),
        Some(d("0.39"))
    );
}

#[test]
fn three_public_banner_printed_off_centre() {
    // 江苏省人大办公厅 2017, “三公”经费、会议费、培训费支出预算表: `“三公”经费` over its
    // 小计 and the three items, printed right of their centre; `合计` (the table's,
    // with 会议费 and 培训费) stays outside it.
    let doc = parse(&fixture("js-2017-three-public.txt"));
    let t = table(&doc, TableKind::ThreePublic);
    assert_eq!(
        paths(t),
        [
            "合计",
            "“三公”经费/小计",
            "“三公”经费/因公出国(境)费",
            "“三公”经费/公务用车购置及运行维护费/小计",
            "“三公”经费/公务用车购置及运行维护费/公务用车购置费",
            "“三公”经费/公务用车购置及运行维护费/公务用车运行维护费",
            "“三公”经费/公务接待费",
            "会议费",
            "培训费",
        ]
    );
    let amounts: Vec<Option<Decimal>> = t.rows[0].cells.iter().map(|c| c.amount()).collect();
    let want = [
        "2542.60", "833.60", "222.50", "183.60", "0", "183.60", "427.50", "1305.25", "403.75",
    ];
    assert_eq!(amounts, want.map(|v| Some(d(v))));
    let tp = t.three_public().unwrap();
    // The 合计 holds 会议费 and 培训费: the “三公” total is the 小计 under “三公”经费.
    assert_eq!(tp.total, Some(d("833.60")));
    assert_eq!(tp.overseas_travel, Some(d("222.50")));
    assert_eq!(tp.vehicles, Some(d("183.60")));
    assert_eq!(tp.vehicle_purchase, Some(d("0")));
    assert_eq!(tp.reception, Some(d("427.50")));
}
