//! Grids of named pages of real documents, asserted cell by cell: at least one ruled table from
//! each province whose documents come as PDFs, and the layouts text extraction garbles
//! (spanning headers, split 类/款/项 columns, names wrapped over lines, amounts split at the
//! decimal point, a page printed sideways, a table with column lines and no row lines).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cnbudget_pdf::{Document, Grid, Page};

fn doc(sub: &str, prefix: &str) -> Option<Document> {
    let bytes = cnbudget_testkit::read(sub, prefix, "pdf")?;
    Some(Document::from_bytes(&bytes).unwrap())
}

fn page(d: &Document, n: u32) -> &Page {
    d.pages().iter().find(|p| p.number == n).unwrap()
}

/// The grid's rows as text, cells of a row joined with ` | `, lines of a cell with `⏎`.
fn rows(g: &Grid) -> Vec<String> {
    g.text_rows()
        .into_iter()
        .map(|r| {
            r.iter()
                .map(|c| c.replace('\n', "⏎"))
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect()
}

fn has_row(g: &Grid, row: &str) -> bool {
    rows(g).iter().any(|r| r == row)
}

#[test]
fn beijing_spanning_header_cells_keep_their_spans() {
    // 201 预算05表: 功能分类科目 over two columns, 预算数 over six, 基本支出 over three.
    let Some(d) = doc("corpus-wide", "201_") else {
        return;
    };
    let g = &page(&d, 5).grids()[0];
    let span = |text: &str| {
        let c = g.cells.iter().find(|c| c.text == text).unwrap();
        (c.row, c.col, c.row_span, c.col_span)
    };
    assert_eq!(span("功能分类科目"), (0, 0, 1, 2));
    assert_eq!(span("预算数"), (0, 2, 1, 6));
    assert_eq!(span("基本支出"), (1, 3, 1, 3));
    assert_eq!(span("合计"), (1, 2, 2, 1));
    assert!(has_row(
        g,
        "2130201 | 行政运行 | 958.957491 | 950.088291 | 865.117476 | 84.970815 | 8.869200 | 8.869200"
    ));
    assert!(has_row(
        g,
        " | 合 计 | 5,133.737491 | 950.088291 | 865.117476 | 84.970815 | 4,183.649200 | 4,183.649200"
    ));
}

#[test]
fn chongqing_amounts_split_at_the_decimal_point_are_one_cell() {
    // 204: the text layer prints `5,389` and `.50` on two lines; the cell holds one figure.
    let Some(d) = doc("corpus-wide", "204_") else {
        return;
    };
    let g = &page(&d, 10).grids()[0];
    assert!(has_row(
        g,
        "2200501 | 行政运行 | 5,389.50 | 5,321.50 | 68.00"
    ));
    assert!(has_row(g, "2200509 | 气象服务 | 2,715.59 |  | 2,715.59"));
}

#[test]
fn guangdong_function_table_by_code() {
    let Some(d) = doc("corpus-wide", "210_") else {
        return;
    };
    let g = &page(&d, 9).grids()[0];
    assert!(has_row(
        g,
        "2010507 | 专项普查活动 | 611.02 | 0.00 | 611.02 | 0.00 | 0.00 | 0.00"
    ));
    // A name wrapped inside its cell stays in its row.
    assert!(has_row(
        g,
        "2080505 | 机关事业单位基本养老保险缴⏎费支出 | 175.83 | 175.83 | 0.00 | 0.00 | 0.00 | 0.00"
    ));
}

#[test]
fn zhejiang_amounts_wrapped_mid_number_stay_in_their_cell() {
    // 213 表5: `21,118.5` / `1` in one cell, not a second row; the column-number row is a row.
    let Some(d) = doc("corpus-wide", "213_") else {
        return;
    };
    let g = &page(&d, 30).grids()[0];
    assert!(has_row(g, "** | 1 | 2 | 3 | 4 | 5"));
    assert!(has_row(
        g,
        "合计 | 91,842.80 | 70,724.29 | 58,486.35 | 12,237.94 | 21,118.5⏎1"
    ));
    // The hierarchy is shown by indentation only: the 款 name stands further in.
    let indent = |name: &str| g.cells.iter().find(|c| c.text == name).unwrap().indent;
    assert!(indent("社会工作事务") > indent("一般公共服务支出") + 2.0);
}

#[test]
fn hunan_split_code_columns() {
    // 216: 类 / 款 / 项 in three columns.
    let Some(d) = doc("corpus-wide", "216_") else {
        return;
    };
    let g = &page(&d, 15).grids()[0];
    assert!(has_row(
        g,
        "204 | 02 | 02 | 一般行政管理事务 | 36,490.02 |  | 36,490.02 |  |  | "
    ));
    assert!(has_row(
        g,
        " | 02 |  | 公安 | 68,629.12 | 28,398.17 | 40,230.95 |  |  | "
    ));
}

#[test]
fn fujian_rows_with_mixed_separators() {
    let Some(d) = doc("corpus-wide", "219_") else {
        return;
    };
    let g = &page(&d, 10).grids()[0];
    assert!(has_row(
        g,
        "20402 | 公安 | 7,927.40 | 6,556.70 | 1,370.70 |  |  | "
    ));
    assert!(has_row(
        g,
        "2040299 | 其他公安支出 | 1,051.46 |  | 1,051.46 |  |  | "
    ));
    assert!(has_row(
        g,
        "合计 |  | 10344.71 | 8974.01 | 1370.70 | 0.00 | 0.00 | 0.00"
    ));
}

#[test]
fn shaanxi_name_wrapped_below_its_figures_is_one_cell() {
    // 223: the text layer prints `机关事业单位基本养老保险缴费` above the row and `支出` below.
    let Some(d) = doc("corpus-wide", "223_") else {
        return;
    };
    let g = &page(&d, 7).grids()[0];
    assert!(has_row(
        g,
        "2080505 | 机关事业单位基本养老保险缴费⏎支出 | 81.23 | 81.23 |  |  | "
    ));
}

#[test]
fn shandong_page_printed_sideways_reads_upright() {
    // 228 p10 has /Rotate 90; its 类/款/项 children print only their own segment.
    let Some(d) = doc("corpus-wide", "228_") else {
        return;
    };
    let p = page(&d, 10);
    assert_eq!(p.rotate, 90);
    assert!(p.width > p.height);
    let g = &p.grids()[0];
    assert!(has_row(
        g,
        " |  |  | 合计 | 2,123.11 | 1,704.11 | 419.00 | "
    ));
    assert!(has_row(
        g,
        " | 05 |  | 统计信息事务 | 1,506.40 | 1,180.40 | 326.00 | "
    ));
    assert!(has_row(
        g,
        " |  | 07 | 专项普查活动 | 285.00 |  | 285.00 | "
    ));
}

#[test]
fn shanghai_final_account_code_columns() {
    // 014 收入决算表: 类 / 款 / 项 under a three-row header.
    let Some(d) = doc("corpus", "014_") else {
        return;
    };
    let g = &page(&d, 8).grids()[0];
    assert_eq!(g.cells[0].text, "项目");
    assert!(has_row(
        g,
        "201 | 06 | 01 | 行政运行 | 1,511.90 | 1,511.89 |  |  |  |  | 0.01"
    ));
    assert!(has_row(
        g,
        "208 | 05 | 05 | 机关事业单位基本养老保险⏎缴费支出 | 160.75 | 160.75 |  |  |  |  | "
    ));
}

#[test]
fn taiwan_rows_without_row_lines_are_split_at_their_figures() {
    // 042: column lines only; each line of figures is a row.
    let Some(d) = doc("corpus", "042_") else {
        return;
    };
    let g = &page(&d, 12).grids()[0];
    assert!(has_row(
        g,
        " |  | 合 計 | 2,906,223 | 2,708,729 | 2,645,020 | 197,494"
    ));
    assert!(has_row(
        g,
        " | 7 | 審計部臺南市審計處 | 69,126 | 71,841 | 69,104 | -2,715"
    ));
}

#[test]
fn every_shared_pdf_reads_without_failed_pages() {
    let mut files = cnbudget_testkit::files("corpus", &["pdf"]);
    files.extend(cnbudget_testkit::files("corpus-wide", &["pdf"]));
    for f in files {
        let d = Document::from_bytes(&std::fs::read(&f).unwrap()).unwrap();
        assert!(d.failed_pages.is_empty(), "{}", f.display());
        assert!(!d.is_text_less(), "{}", f.display());
        for p in d.pages() {
            for g in p.grids() {
                // Every fine position is covered by exactly one cell.
                let mut seen = vec![0u8; g.rows * g.cols];
                for c in &g.cells {
                    for r in c.row..c.row + c.row_span {
                        for k in c.col..c.col + c.col_span {
                            seen[r * g.cols + k] += 1;
                        }
                    }
                }
                assert!(
                    seen.iter().all(|&n| n == 1),
                    "{} p{}",
                    f.display(),
                    p.number
                );
            }
        }
    }
}
