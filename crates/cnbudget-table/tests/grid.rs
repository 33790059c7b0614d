#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
//! The grid API: grids built by hand (as a PDF reader builds them) read through the one typed
//! layer, captions read from the lines above a table, and the same table read from its text
//! and from its grid alike.

use std::str::FromStr;

use cnbudget_table::{
    AmountUnit, Caption, ColumnHint, ColumnRole, Grid, GridCell, HeaderRows, Layout, Origin, Table,
    TableKind, Value, parse, table_from_grid,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn paths(t: &Table) -> Vec<String> {
    t.columns.iter().map(|c| c.path.join("/")).collect()
}

/// 江苏省人大办公厅 2017 年 “三公”经费、会议费、培训费支出预算表 (the figures the document prints)
/// as a ruled grid would give it: three header rows of spanning cells, one row of figures.
fn three_public_grid() -> Grid {
    let mut g = Grid::new().with_header(HeaderRows::Given(3));
    let cells = [
        (0, 0, 3, 1, "合计"),
        (0, 1, 1, 6, "“三公”经费"),
        (0, 7, 3, 1, "会议费"),
        (0, 8, 3, 1, "培训费"),
        (1, 1, 2, 1, "小计"),
        (1, 2, 2, 1, "因公出国（境）费"),
        (1, 3, 1, 3, "公务用车购置及运行维护费"),
        (1, 6, 2, 1, "公务接待费"),
        (2, 3, 1, 1, "小计"),
        (2, 4, 1, 1, "公务用车购置费"),
        (2, 5, 1, 1, "公务用车运行维护费"),
    ];
    for (r, c, rs, cs, text) in cells {
        g.push(
            GridCell::new(r, c, text)
                .spanning(rs, cs)
                .at(Origin::pdf(12, [0.0, 0.0, 0.0, 0.0]).line(770 + r, 1)),
        );
    }
    let figures = [
        "2,542.60", "833.60", "222.50", "183.60", "0", "183.60", "427.50", "1,305.25", "403.75",
    ];
    for (c, f) in figures.iter().enumerate() {
        g.push(GridCell::new(3, c, *f).at(Origin::pdf(12, [0.0, 0.0, 0.0, 0.0]).line(782, 1)));
    }
    g
}

#[test]
fn a_ruled_grid_with_spanning_header_cells() {
    let caption = Caption::read([
        (758, "“三公”经费、会议费、培训费支出预算表"),
        (760, "单位：万元"),
    ]);
    let t = table_from_grid(&three_public_grid(), &caption, Layout::Pdf);
    assert_eq!(t.kind, TableKind::ThreePublic);
    assert_eq!(t.layout, Layout::Pdf);
    assert_eq!(t.unit, Some(AmountUnit::TenThousandYuan));
    assert_eq!((t.first_line, t.last_line), (758, 782));
    assert_eq!(
        paths(&t),
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
    assert_eq!(t.header_lines, [770, 771, 772]);
    let tp = t.three_public().unwrap();
    assert_eq!(tp.line, 782);
    // The 合计 holds 会议费 and 培训费 too: the “三公” total is the 小计 under “三公”经费.
    assert_eq!(tp.total, Some(d("833.60")));
    assert_eq!(tp.overseas_travel, Some(d("222.50")));
    assert_eq!(tp.vehicles, Some(d("183.60")));
    assert_eq!(tp.vehicle_purchase, Some(d("0")));
    assert_eq!(tp.vehicle_operation, Some(d("183.60")));
    assert_eq!(tp.reception, Some(d("427.50")));
}

#[test]
fn a_found_header_reads_spanned_positions_as_the_text_layouts_do() {
    // The same grid with the header left to the typed layer: a spanned position continues
    // the label on its left where a lower header row names its column, else the one above.
    let g = three_public_grid().with_header(HeaderRows::Find);
    let t = table_from_grid(&g, &Caption::new(), Layout::Pdf);
    assert_eq!(t.kind, TableKind::ThreePublic); // from the header: 因公出国
    assert_eq!(t.columns.len(), 9);
    assert_eq!(
        t.columns[4].path.join("/"),
        "“三公”经费/公务用车购置及运行维护费/公务用车购置费"
    );
    assert_eq!(t.rows.len(), 1);
    assert_eq!(t.rows[0].cells[8].amount(), Some(d("403.75")));
}

#[test]
fn hints_give_a_role_to_columns_whose_header_names_none() {
    // 監察院主管 114 年度 歲出政事別預算表, read before script conversion: `項` and
    // `本年度預算數` are not words of the (simplified) header vocabulary; the source's column
    // kinds say what they hold. A label hint gives no role: a column is a name column by its
    // header word only.
    let mut g = Grid::new()
        .with_header(HeaderRows::Given(1))
        .with_hints(vec![
            ColumnHint::Code,
            ColumnHint::Label,
            ColumnHint::Amount,
        ]);
    for (c, text) in ["項", "名稱及編號", "本年度預算數"].iter().enumerate() {
        g.push(GridCell::new(0, c, *text));
    }
    for (c, text) in ["5", "3607630000 審計部桃園市審計處", "66,474"]
        .iter()
        .enumerate()
    {
        g.push(GridCell::new(1, c, *text).at(Origin::text(740, 1 + 20 * c)));
    }
    let t = table_from_grid(&g, &Caption::new(), Layout::Pdf);
    let roles: Vec<ColumnRole> = t.columns.iter().map(|c| c.role).collect();
    assert_eq!(
        roles,
        [ColumnRole::Code, ColumnRole::Other, ColumnRole::Amount]
    );
    assert_eq!(t.rows[0].cells[2].amount(), Some(d("66474")));
    assert_eq!(t.rows[0].cells[2].column, 41);
}

/// A web page as a department's site publishes a table (written for the tests of this crate):
/// row and column spans in the header.
const PAGE: &str = r#"<h2>表3 一般公共预算支出表</h2>
<p>单位：万元</p>
<table>
<tr><th rowspan="2">科目编码</th><th rowspan="2">科目名称</th><th colspan="3">2024年预算数</th></tr>
<tr><th>合计</th><th>基本支出</th><th>项目支出</th></tr>
<tr><td>2101506</td><td>医疗保障经办事务</td><td>317.27</td><td></td><td>317.27</td></tr>
</table>
"#;

#[test]
fn an_html_table_and_its_grid_read_alike() {
    let from_text = parse(PAGE).tables.remove(0);
    assert_eq!(from_text.layout, Layout::Html);
    // The same table as a grid: each <th>/<td> one cell with its spans.
    let mut g = Grid::new();
    let cells: [(usize, usize, usize, usize, &str); 10] = [
        (0, 0, 2, 1, "科目编码"),
        (0, 1, 2, 1, "科目名称"),
        (0, 2, 1, 3, "2024年预算数"),
        (1, 2, 1, 1, "合计"),
        (1, 3, 1, 1, "基本支出"),
        (1, 4, 1, 1, "项目支出"),
        (2, 0, 1, 1, "2101506"),
        (2, 1, 1, 1, "医疗保障经办事务"),
        (2, 2, 1, 1, "317.27"),
        (2, 4, 1, 1, "317.27"),
    ];
    for (r, c, rs, cs, text) in cells {
        g.push(GridCell::new(r, c, text).spanning(rs, cs));
    }
    g.push(GridCell::new(2, 3, ""));
    let caption = Caption::read([
        (1, "<h2>表3 一般公共预算支出表</h2>"),
        (2, "<p>单位：万元</p>"),
    ]);
    let from_grid = table_from_grid(&g, &caption, Layout::Html);
    assert_eq!(paths(&from_grid), paths(&from_text));
    assert_eq!(
        paths(&from_grid),
        [
            "科目编码",
            "科目名称",
            "2024年预算数/合计",
            "2024年预算数/基本支出",
            "2024年预算数/项目支出"
        ]
    );
    assert_eq!(from_grid.kind, from_text.kind);
    assert_eq!(from_grid.unit, Some(AmountUnit::TenThousandYuan));
    assert_eq!(from_grid.number.as_deref(), Some("表3"));
    let values = |t: &Table| -> Vec<Vec<Value>> {
        t.rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.value.clone()).collect())
            .collect()
    };
    assert_eq!(values(&from_grid), values(&from_text));
    assert_eq!(
        from_grid.amount("2101506", ColumnRole::Project),
        Some(d("317.27"))
    );
}

#[test]
fn captions_of_real_tables() {
    // 重庆市荣昌区医疗保障局 2023 年部门预算: the number on a line of its own, the unit after
    // `金额：` on the next line.
    let c = Caption::read([
        (41, "附件2"),
        (42, ""),
        (43, "重庆市荣昌区医疗保障局一般公共预算财政拨款支出预算表"),
        (44, "金额："),
        (45, "万元"),
    ]);
    assert_eq!(c.number.as_deref(), Some("附件2"));
    assert_eq!(c.kind, TableKind::GeneralBudgetByFunction);
    assert_eq!(c.unit, Some(AmountUnit::TenThousandYuan));
    assert_eq!(c.lines, [41, 43, 44, 45]);
    // A title broken before its last character, and a year line kept as a note.
    let c = Caption::read([
        (7, "2023年部门一般公共预算基本支出预算"),
        (8, "表"),
        (9, "（2023年度）"),
        (10, "单位：元"),
    ]);
    assert_eq!(
        c.title.as_deref(),
        Some("2023年部门一般公共预算基本支出预算表")
    );
    assert_eq!(c.kind, TableKind::GeneralBudgetBasicByEconomic);
    assert_eq!(c.notes.len(), 1);
    assert_eq!(c.notes[0].line, 9);
    assert_eq!(c.unit, Some(AmountUnit::Yuan));
    // Prose between two tables' titles: the caption nearest the table is its own.
    let c = Caption::read([
        (1, "部门收支总表"),
        (2, "本部门收支均按预算执行。"),
        (3, "“三公”经费支出表"),
        (4, "单位：万元"),
    ]);
    assert_eq!(c.kind, TableKind::ThreePublic);
    assert_eq!(c.lines, [3, 4]);
    // No title: an empty caption.
    assert_eq!(Caption::read([(1, "本表无数据。")]), Caption::new());
}

/// A tab-separated table's text and its grid: the grid of each row's cells at their
/// positions, with the origins the parser gives (line; 1-based character column).
fn tsv(title: &str, rows: &[Vec<String>]) -> (String, Grid) {
    let mut text = format!("{title}\n单位：万元\n");
    let mut g = Grid::new();
    for (r, row) in rows.iter().enumerate() {
        let line = r + 3;
        text.push_str(&row.join("\t"));
        text.push('\n');
        let mut column = 1;
        for (c, cell) in row.iter().enumerate() {
            g.push(GridCell::new(r, c, cell.as_str()).at(Origin::text(line, column)));
            column += cell.chars().count() + 1;
        }
        g.set_row_lines(r, vec![line]);
    }
    (text, g)
}

fn cell_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("科目编码".to_string()),
        Just("科目名称".to_string()),
        Just("合计".to_string()),
        Just("基本支出".to_string()),
        Just("项目支出".to_string()),
        Just("类".to_string()),
        Just("款".to_string()),
        Just("项".to_string()),
        Just(String::new()),
        Just("一般公共服务支出".to_string()),
        Just("（一）工资福利支出".to_string()),
        Just("201".to_string()),
        Just("01".to_string()),
        Just("2101506".to_string()),
        Just("1O0.00".to_string()),
        Just("-".to_string()),
        "[0-9]{1,3}(,[0-9]{3}){0,2}\\.[0-9]{2}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The typed layer reads a tab-separated table the same from its text and from its grid.
    #[test]
    fn text_and_grid_read_alike(
        rows in prop::collection::vec(prop::collection::vec(cell_text(), 2..7), 2..8),
        which in 0usize..3,
    ) {
        let title = ["一般公共预算支出表", "部门收支总表", "基本支出预算表"][which];
        prop_assume!(rows.iter().all(|r| r.iter().any(|c| !c.is_empty())));
        let (text, grid) = tsv(title, &rows);
        let doc = parse(&text);
        prop_assume!(doc.tables.len() == 1 && doc.tables[0].layout == Layout::Tsv);
        let caption = Caption::read([(1, title), (2, "单位：万元")]);
        let from_grid = table_from_grid(&grid, &caption, Layout::Tsv);
        prop_assert_eq!(&from_grid, &doc.tables[0]);
    }

    /// Any grid, however its cells and spans lie, is read without a panic, one cell per
    /// column of each row at most (plus the cells a row writes past the last column).
    #[test]
    fn any_grid_is_read(
        cells in prop::collection::vec(
            (0usize..12, 0usize..40, 0usize..4, 0usize..6, cell_text()),
            0..60,
        ),
        header in 0usize..4,
        far in any::<bool>(),
    ) {
        let mut g = Grid::new().with_header(match header {
            0 => HeaderRows::Find,
            1 => HeaderRows::Absent,
            n => HeaderRows::Given(n),
        });
        for (r, c, rs, cs, text) in cells {
            g.push(GridCell::new(r, c, text).spanning(rs, cs).at(Origin::text(r + 1, c + 1)));
        }
        if far {
            g.push(GridCell::new(3, 1_000_000, "1.00"));
        }
        let t = table_from_grid(&g, &Caption::new(), Layout::Pdf);
        prop_assert!(t.rows.len() <= g.rows);
    }
}
