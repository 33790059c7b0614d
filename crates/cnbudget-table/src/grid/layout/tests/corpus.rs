//! `read_layout` over real `pdftotext -layout` text from `../shared/corpus/`.
//!
//! Regions are cut the way a reader finds them: the title line, then the issuer/unit
//! line, then every line up to the next title or prose heading.

use super::{LayoutRow, LayoutTable, read_layout};
use crate::grid::layout::LayoutLine;
use std::path::PathBuf;

fn shared() -> Option<PathBuf> {
    cnbudget_testkit::shared()
}

fn corpus(prefix: &str) -> Option<String> {
    let dir = shared()?.join("corpus");
    let entry = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| {
            let n = e.file_name().to_string_lossy().to_string();
            n.starts_with(prefix) && n.ends_with(".txt")
        })?;
    Some(std::fs::read_to_string(entry.path()).unwrap())
}

fn clean(l: &str) -> &str {
    l.trim_matches(|c: char| c.is_whitespace() || c == '\u{c}')
}

/// A centred heading: one word (no wide gap inside), indented.
fn is_heading(l: &str) -> bool {
    let t = clean(l);
    let indent = l.trim_start_matches('\u{c}').len()
        - l.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{c}')
            .len();
    !t.is_empty()
        && !t.contains("  ")
        && indent >= 8
        && t.chars().count() >= 4
        && !t.contains(',')
        && (t.ends_with('表') || t.ends_with("说明") || t.ends_with("情况") || t.ends_with("解释"))
}

/// Jiangsu volumes number their titles: `一、2017 年度…部门收支预算总表`.
fn is_numbered_title(l: &str) -> bool {
    let t = clean(l);
    t.contains('、') && t.contains("年度") && !t.contains("  ") && t.ends_with('表')
}

/// Long prose: a line of running text (no wide gaps, many characters).
fn is_prose(l: &str) -> bool {
    let t = clean(l);
    !t.contains("   ") && t.chars().count() >= 30 && !t.starts_with("注") && !t.starts_with("备注")
}

/// The region of the `nth` table titled `title`: after the title and the unit line,
/// up to the next different title or prose.
fn region<'a>(doc: &'a str, title: &str, nth: usize) -> Vec<LayoutLine<'a>> {
    let all: Vec<&str> = doc.split('\n').collect();
    let starts: Vec<usize> = all
        .iter()
        .enumerate()
        .filter(|(_, l)| clean(l) == title)
        .map(|(i, _)| i)
        .collect();
    let start = *starts
        .get(nth)
        .unwrap_or_else(|| panic!("title {title} #{nth} not found"));
    let mut i = start + 1;
    // Skip up to the issuer/unit line.
    for (j, l) in all.iter().enumerate().take(start + 5).skip(start + 1) {
        let t = clean(l);
        if t.contains("单位：")
            || t.contains("单位:")
            || t.contains("單位：")
            || t.starts_with("编制部门")
            || t.starts_with("部门：")
        {
            i = j + 1;
            break;
        }
    }
    let mut end = all.len();
    for (j, l) in all.iter().enumerate().skip(i) {
        // A title wrapped over two lines ends in a line holding only `表`.
        let wrapped_title = all.get(j + 1).is_some_and(|n| clean(n) == "表");
        if ((is_heading(l) || is_numbered_title(l) || wrapped_title) && clean(l) != title)
            || is_prose(l)
        {
            end = j;
            break;
        }
    }
    // A one-word page heading right above the next title (Taiwan 監察院主管) is not ours.
    while end > i && clean(all[end - 1]).is_empty() {
        end -= 1;
    }
    if end > i
        && !clean(all[end - 1]).contains(' ')
        && !clean(all[end - 1]).chars().any(|c| c.is_ascii_digit())
        && is_heading(&format!("        {}表", clean(all[end - 1])))
        && end < all.len()
        && is_heading(all[end])
    {
        end -= 1;
    }
    all[i..end]
        .iter()
        .enumerate()
        .map(|(k, text)| LayoutLine {
            number: i + k + 1,
            text,
        })
        .collect()
}

fn paths(t: &LayoutTable) -> Vec<String> {
    t.header.iter().map(|c| c.path.join("/")).collect()
}

fn cell<'t>(t: &'t LayoutTable, row: &'t LayoutRow, path_end: &str) -> &'t str {
    let i = t
        .header
        .iter()
        .position(|c| c.path.last().is_some_and(|p| p == path_end))
        .unwrap_or_else(|| panic!("no column {path_end} in {:?}", paths(t)));
    &row.cells[i].text
}

fn find_row<'t>(t: &'t LayoutTable, needle: &str) -> &'t LayoutRow {
    t.rows
        .iter()
        .find(|r| r.cells.iter().any(|c| c.text == needle))
        .unwrap_or_else(|| panic!("no row with a cell {needle}"))
}

fn dump(name: &str, t: &LayoutTable) {
    eprintln!("== {name}: header {:?}", paths(t));
    for r in &t.rows {
        let cells: Vec<&str> = r.cells.iter().map(|c| c.text.as_str()).collect();
        eprintln!("  {:?} {:?}", r.lines, cells);
    }
    eprintln!("  unplaced {:?}", t.unplaced);
    eprintln!("  furniture {:?} notes {:?}", t.furniture, t.notes);
}

/// Every non-blank line of the region is accounted for.
fn assert_lossless(lines: &[LayoutLine<'_>], t: &LayoutTable) {
    for l in lines {
        if clean(l.text).is_empty() {
            continue;
        }
        let n = l.number;
        let found = t.rows.iter().any(|r| r.lines.contains(&n))
            || t.unplaced.iter().any(|u| u.0 == n)
            || t.header_lines.contains(&n)
            || t.furniture.iter().any(|f| f.0 == n)
            || t.notes.contains(&n);
        assert!(found, "line {n} lost: {:?}", l.text);
    }
}

#[test]
fn dump_named_region() {
    // LAYOUT_DUMP="001|2023年部门收入预算总表|0" prints what read_layout makes of a region.
    let Ok(spec) = std::env::var("LAYOUT_DUMP") else {
        return;
    };
    let parts: Vec<&str> = spec.split('|').collect();
    let Some(doc) = corpus(parts[0]) else { return };
    let nth = parts.get(2).and_then(|s| s.parse().ok()).unwrap_or(0);
    let lines = region(&doc, parts[1], nth);
    for l in &lines {
        eprintln!("{:5} {}", l.number, l.text);
    }
    let t = read_layout(&lines);
    dump(parts[1], &t);
}

/// Titles of the tables in a document: centred one-word lines ending with 表.
fn titles(doc: &str) -> Vec<(String, usize)> {
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    let mut last = String::new();
    for l in doc.split('\n') {
        let t = clean(l).to_string();
        if (is_heading(l) || is_numbered_title(l)) && t.ends_with('表') && t != last {
            let nth = seen.iter().filter(|s| **s == t).count();
            seen.push(t.clone());
            out.push((t.clone(), nth));
            last = t;
        }
    }
    out
}

#[test]
fn dump_document() {
    // LAYOUT_DUMP_ALL=014 prints every table region of a document.
    let Ok(spec) = std::env::var("LAYOUT_DUMP_ALL") else {
        return;
    };
    let Some(doc) = corpus(&spec) else { return };
    for (title, nth) in titles(&doc) {
        let lines = region(&doc, &title, nth);
        let t = read_layout(&lines);
        if std::env::var_os("LAYOUT_DUMP_LINES").is_some() {
            for l in &lines {
                eprintln!("{:5} {}", l.number, l.text);
            }
        }
        dump(&title, &t);
        assert_lossless(&lines, &t);
    }
}

/// Explicit line range (1-based, inclusive) of a document, for tables whose title is
/// wrapped over two lines.
fn lines_between(doc: &str, first: usize, last: usize) -> Vec<LayoutLine<'_>> {
    doc.split('\n')
        .enumerate()
        .skip(first - 1)
        .take(last + 1 - first)
        .map(|(i, text)| LayoutLine {
            number: i + 1,
            text,
        })
        .collect()
}

fn texts(row: &LayoutRow) -> Vec<&str> {
    row.cells.iter().map(|c| c.text.as_str()).collect()
}

#[test]
fn wanli_2023_general_budget_by_function_spans_four_pages() {
    let Some(doc) = corpus("001_") else { return };
    let lines = region(&doc, "2023年部门一般公共预算支出功能分类预算表", 0);
    let t = read_layout(&lines);
    assert_lossless(&lines, &t);
    assert_eq!(
        paths(&t),
        [
            "项目/功能分类科目编码/类",
            "项目/功能分类科目编码/款",
            "项目/功能分类科目编码/项",
            "项目/功能分类科目名称",
            "一般公共预算支出/合计",
            "一般公共预算支出/基本支出",
            "一般公共预算支出/项目支出",
        ]
    );
    // 66 coded rows over four pages plus the total; the three repeated headers are furniture.
    assert_eq!(t.rows.len(), 67);
    assert_eq!(
        t.rows
            .iter()
            .filter(|r| !r.cells[0].text.is_empty())
            .count(),
        66
    );
    assert_eq!(
        t.furniture
            .iter()
            .filter(|f| f.1 == "repeated header")
            .count(),
        12
    );
    assert!(t.unplaced.is_empty(), "{:?}", t.unplaced);

    let row = find_row(&t, "统计管理");
    assert_eq!(
        texts(row),
        ["201", "05", "06", "统计管理", "26,300", "0", "26,300"]
    );
    assert_eq!(cell(&t, row, "合计"), "26,300");
    assert_eq!(cell(&t, row, "项目支出"), "26,300");
    assert_eq!(row.cells[3].column, 17);

    let total = t.rows.last().unwrap();
    assert_eq!(
        texts(total),
        [
            "",
            "",
            "",
            "合计",
            "164,978,640",
            "99,406,297",
            "65,572,343"
        ]
    );
    // A row on the third page, after a repeated header.
    let row = find_row(&t, "就业补助");
    assert_eq!(
        texts(row),
        ["208", "07", "", "就业补助", "6,351,000", "0", "6,351,000"]
    );
}

#[test]
fn wanli_2023_income_summary_joins_a_wrapped_name() {
    let Some(doc) = corpus("001_") else { return };
    let lines = region(&doc, "2023年部门收入预算总表", 0);
    let t = read_layout(&lines);
    assert_lossless(&lines, &t);
    assert!(t.unplaced.is_empty(), "{:?}", t.unplaced);
    assert_eq!(
        paths(&t)[4..],
        [
            "收入预算/合计",
            "收入预算/财政拨款收入",
            "收入预算/事业收入",
            "收入预算/事业单位经营收入",
            "收入预算/其他收入"
        ]
    );
    let row = find_row(&t, "机关事业单位基本养老保险缴费支出");
    assert_eq!(row.lines, [291, 292]);
    assert_eq!(
        texts(row)[..6],
        [
            "208",
            "05",
            "05",
            "机关事业单位基本养老保险缴费支出",
            "4,412,547",
            "4,412,547"
        ]
    );
    assert_eq!(cell(&t, row, "事业单位经营收入"), "");
}

#[test]
fn wanli_2023_three_public_table_in_wan_yuan() {
    let Some(doc) = corpus("001_") else { return };
    let lines = region(&doc, "2023年部门“三公”经费和机关运行经费预算表", 0);
    let t = read_layout(&lines);
    assert_lossless(&lines, &t);
    assert!(t.unplaced.is_empty(), "{:?}", t.unplaced);
    assert_eq!(t.rows.len(), 1);
    let got: Vec<(String, &str)> = t
        .header
        .iter()
        .zip(&t.rows[0].cells)
        .map(|(h, c)| (h.path.join("/"), c.text.as_str()))
        .collect();
    let want = [
        ("2023年“三公”经费预算数/合计", "22.91"),
        ("2023年“三公”经费预算数/因公出国(境)费", "0"),
        ("2023年“三公”经费预算数/公务接待费", "1.35"),
        ("2023年“三公”经费预算数/公务用车购置及运行费/小计", "21.56"),
        ("2023年“三公”经费预算数/公务用车购置及运行费/购置费", "0"),
        (
            "2023年“三公”经费预算数/公务用车购置及运行费/运行费",
            "21.56",
        ),
        ("2023年机关运行经费预算数", "786.09"),
    ];
    let want: Vec<(String, &str)> = want.iter().map(|(p, v)| (p.to_string(), *v)).collect();
    assert_eq!(got, want);
}

#[test]
fn wanli_2023_summary_tables_keep_both_sides() {
    let Some(doc) = corpus("001_") else { return };
    let lines = region(&doc, "2023年部门财政拨款收支预算总表", 0);
    let t = read_layout(&lines);
    assert_lossless(&lines, &t);
    assert!(t.unplaced.is_empty(), "{:?}", t.unplaced);
    assert_eq!(
        paths(&t)[..3],
        [
            "财政拨款收入/项目",
            "财政拨款收入/预算数",
            "财政拨款支出/项目"
        ]
    );
    // `四、文化旅游体育与传媒` / values / `支出` on three lines is one row.
    let row = find_row(&t, "四、文化旅游体育与传媒支出");
    assert_eq!(row.lines, [511, 512, 513]);
    assert_eq!(
        texts(row),
        [
            "",
            "",
            "四、文化旅游体育与传媒支出",
            "200,000",
            "200,000",
            "",
            ""
        ]
    );
    let total = t.rows.last().unwrap();
    assert_eq!(
        texts(total)[..5],
        [
            "收入总计",
            "164,978,640",
            "支出总计",
            "164,978,640",
            "164,978,640"
        ]
    );
}

#[test]
fn finance_bureau_2024_final_account_totals() {
    let Some(doc) = corpus("014_") else { return };
    let lines = region(&doc, "收入支出决算总表", 0);
    let t = read_layout(&lines);
    assert_lossless(&lines, &t);
    assert!(t.unplaced.is_empty(), "{:?}", t.unplaced);
    assert_eq!(
        paths(&t),
        ["收入/项目", "收入/决算数", "支出/项目", "支出/决算数"]
    );
    let row = |label: &str| {
        texts(find_row(&t, label))
            .into_iter()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        row("本年收入合计"),
        ["本年收入合计", "2,946.25", "本年支出合计", "2,940.05"]
    );
    assert_eq!(
        row("年初结转和结余"),
        ["年初结转和结余", "49.14", "年末结转和结余", "55.34"]
    );
    assert_eq!(row("总计"), ["总计", "2,995.39", "总计", "2,995.39"]);
    assert_eq!(
        row("九、卫生健康支出"),
        ["", "", "九、卫生健康支出", "60.99"]
    );
    assert_eq!(t.rows.len(), 30);
}

#[test]
fn finance_bureau_2024_values_printed_above_their_row() {
    let Some(doc) = corpus("014_") else { return };
    let lines = region(&doc, "支出决算表", 0);
    let t = read_layout(&lines);
    assert_lossless(&lines, &t);
    assert!(t.unplaced.is_empty(), "{:?}", t.unplaced);
    assert_eq!(
        paths(&t)[4..],
        [
            "本年支出合计",
            "基本支出",
            "项目支出",
            "上缴上级支出",
            "经营支出",
            "对附属单位补助支出"
        ]
    );
    // `类 款 项` printed below the first values is header, not a row.
    assert!(t.header_lines.contains(&215));
    let row = find_row(&t, "财政事务");
    assert_eq!(row.lines, [219, 220]);
    assert_eq!(cell(&t, row, "本年支出合计"), "2,106.66");
    assert_eq!(cell(&t, row, "基本支出"), "1,503.52");
    assert_eq!(cell(&t, row, "项目支出"), "603.14");
    let row = find_row(&t, "行政运行");
    assert_eq!(texts(row)[4..7], ["1,511.89", "1,503.52", "8.37"]);
    let total = find_row(&t, "合计");
    assert_eq!(total.lines, [213, 214, 216]);
    assert_eq!(texts(total)[4..7], ["2,940.05", "2,336.91", "603.14"]);
    // A code row whose name is printed on the two lines below it.
    let row = find_row(&t, "机关事业单位基本养老保险缴费支出");
    assert_eq!(row.lines, [232, 233, 234]);
    assert_eq!(
        texts(row)[..6],
        [
            "208",
            "05",
            "05",
            "机关事业单位基本养老保险缴费支出",
            "160.75",
            "160.75"
        ]
    );
}

#[test]
fn jiangsu_npc_2017_seven_digit_codes() {
    let Some(doc) = corpus("019_") else { return };
    let lines = region(&doc, "一般公共预算支出预算表", 0);
    let t = read_layout(&lines);
    assert_lossless(&lines, &t);
    assert!(t.unplaced.is_empty(), "{:?}", t.unplaced);
    assert_eq!(paths(&t), ["功能科目代码", "功能科目名称", "金额"]);
    assert_eq!(
        texts(find_row(&t, "2010107")),
        ["2010107", "人大代表履职能力提升", "403.75"]
    );
    assert_eq!(
        texts(find_row(&t, "2010108")),
        ["2010108", "代表工作", "428.36"]
    );
    assert_eq!(texts(find_row(&t, "合计")), ["", "合计", "13,649.07"]);
    // After the page break the columns move right; cells stay in their columns.
    assert_eq!(
        texts(find_row(&t, "2210202")),
        ["2210202", "提租补贴", "1,018.01"]
    );
    assert_eq!(t.rows.len(), 19);
}

#[test]
fn taiwan_control_yuan_expenditure_by_function() {
    let Some(doc) = corpus("042_") else { return };
    let lines = region(&doc, "歲出政事別預算表", 0);
    let t = read_layout(&lines);
    assert_lossless(&lines, &t);
    assert!(t.unplaced.is_empty(), "{:?}", t.unplaced);
    assert_eq!(
        paths(&t),
        [
            "科目/款",
            "科目/項",
            "科目/目",
            "科目/節",
            "科目/名稱及編號",
            "本年度預算數",
            "上年度預算數",
            "前年度決算數",
            "本年度與上年度比較"
        ]
    );
    // The 編號 printed on its own line above the name belongs to that row.
    let row = find_row(&t, "3607010100 一般行政");
    assert_eq!(
        texts(row),
        [
            "",
            "",
            "1",
            "",
            "3607010100 一般行政",
            "890,464",
            "849,315",
            "825,295",
            "41,149"
        ]
    );
    let row = find_row(&t, "3600000000 監察支出");
    assert_eq!(
        texts(row)[..6],
        ["6", "", "", "", "3600000000 監察支出", "2,906,223"]
    );
    // Second page: page number, title and header repeated are furniture; columns shifted.
    let row = find_row(&t, "3607630000 審計部桃園市審計處");
    assert_eq!(
        texts(row),
        [
            "",
            "5",
            "",
            "",
            "3607630000 審計部桃園市審計處",
            "66,474",
            "59,196",
            "57,136",
            "7,278"
        ]
    );
    let row = find_row(&t, "3607649000 一般建築及設備");
    assert_eq!(texts(row)[5..], ["-", "-", "890", "-"]);
    assert!(t.furniture.iter().any(|f| f.1 == "page number"));
    assert!(t.furniture.iter().any(|f| f.1 == "repeated header"));
}

#[test]
fn jiangsu_npc_2017_three_public_value_printed_below() {
    // The title is wrapped over two lines (758-759), so the region is given by lines.
    let Some(doc) = corpus("019_") else { return };
    let lines = lines_between(&doc, 761, 786);
    let t = read_layout(&lines);
    assert_lossless(&lines, &t);
    assert!(t.unplaced.is_empty(), "{:?}", t.unplaced);
    assert_eq!(t.rows.len(), 1);
    // `0` for 公务用车购置费 is printed on the line below the other values.
    assert_eq!(t.rows[0].lines, [782, 783]);
    let got: Vec<(&str, &str)> = t
        .header
        .iter()
        .zip(&t.rows[0].cells)
        .map(|(h, c)| (h.path.last().unwrap().as_str(), c.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("合计", "2,542.60"),
            ("小计", "833.60"),
            ("因公出国（境）费", "222.50"),
            ("小计", "183.60"),
            ("公务用车购置费", "0"),
            ("公务用车运行维护费", "183.60"),
            ("公务接待费", "427.50"),
            ("会议费", "1,305.25"),
            ("培训费", "403.75"),
        ]
    );
}

/// Every table region of every corpus document: lossless, no panic; prints a summary
/// per document (the figures in `docs/corpus-report.md`).
#[test]
fn corpus_regions_summary() {
    let Some(dir) = shared().map(|p| p.join("corpus")) else {
        return;
    };
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    for name in names {
        let doc = std::fs::read_to_string(dir.join(&name)).unwrap();
        let (mut regions, mut rows, mut unplaced) = (0, 0, 0);
        let mut where_: Vec<String> = Vec::new();
        for (title, nth) in titles(&doc) {
            let lines = region(&doc, &title, nth);
            let t = read_layout(&lines);
            assert_lossless(&lines, &t);
            regions += 1;
            rows += t.rows.len();
            let mut seen: Vec<usize> = t.unplaced.iter().map(|u| u.0).collect();
            seen.dedup();
            unplaced += seen.len();
            if !seen.is_empty() {
                where_.push(format!("{title}: {} lines", seen.len()));
            }
        }
        eprintln!("{name}: {regions} regions, {rows} rows, {unplaced} unplaced lines {where_:?}");
        // Goal for the Shanghai and Jiangsu volumes: nothing unplaced.
        if name.starts_with("0") && (name.contains("_sh-") || name.contains("_js-")) {
            assert_eq!(unplaced, 0, "{name}: {where_:?}");
        }
    }
}

/// A whole document handed over as one region (prose, many tables, pages): no panic,
/// no line lost.
#[test]
fn whole_documents_as_one_region_lose_nothing() {
    let Some(dir) = shared().map(|p| p.join("corpus")) else {
        return;
    };
    for e in std::fs::read_dir(&dir).unwrap().filter_map(Result::ok) {
        let name = e.file_name().to_string_lossy().to_string();
        if !name.ends_with(".txt") {
            continue;
        }
        let doc = std::fs::read_to_string(e.path()).unwrap();
        let lines: Vec<LayoutLine<'_>> = doc
            .split('\n')
            .enumerate()
            .map(|(i, text)| LayoutLine {
                number: i + 1,
                text,
            })
            .collect();
        let t = read_layout(&lines);
        assert_lossless(&lines, &t);
        for r in &t.rows {
            assert_eq!(r.cells.len(), t.header.len(), "{name}");
        }
    }
}

fn fixture_lines(text: &str, first_number: usize) -> Vec<LayoutLine<'_>> {
    text.split('\n')
        .enumerate()
        .map(|(i, text)| LayoutLine {
            number: first_number + i,
            text,
        })
        .collect()
}

/// Committed excerpt (no corpus needed): 014's 支出决算表.
#[test]
fn fixture_final_account_expenditure() {
    let text = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testdata/layout/final-2024-expenditure-spaced.txt"
    ));
    let lines = fixture_lines(text, 208);
    let t = read_layout(&lines);
    assert_lossless(&lines, &t);
    assert!(t.unplaced.is_empty(), "{:?}", t.unplaced);
    let row = find_row(&t, "一般公共服务支出");
    assert_eq!(row.lines, [217, 218]);
    assert_eq!(
        texts(row)[..7],
        [
            "201",
            "",
            "",
            "一般公共服务支出",
            "2,106.66",
            "1,503.52",
            "603.14"
        ]
    );
    let row = find_row(&t, "机关事业单位职业年金缴费支出");
    assert_eq!(row.lines, [236, 237, 238]);
    assert_eq!(cell(&t, row, "基本支出"), "80.38");
    assert_eq!(t.rows.len(), 20);
}

/// Committed excerpt (no corpus needed): 042's 歲出政事別預算表 over a page break.
#[test]
fn fixture_taiwan_expenditure_by_function() {
    let text = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testdata/layout/tw-roc114-expenditure-by-function-spaced.txt"
    ));
    let lines = fixture_lines(text, 709);
    let t = read_layout(&lines);
    assert_lossless(&lines, &t);
    assert!(t.unplaced.is_empty(), "{:?}", t.unplaced);
    assert_eq!(
        paths(&t)[..5],
        [
            "科目/款",
            "科目/項",
            "科目/目",
            "科目/節",
            "科目/名稱及編號"
        ]
    );
    let row = find_row(&t, "3607629800 第一預備金");
    assert_eq!(
        texts(row),
        [
            "",
            "",
            "3",
            "",
            "3607629800 第一預備金",
            "80",
            "80",
            "-",
            "-"
        ]
    );
    assert!(t.furniture.iter().any(|f| f.1 == "page number"));
    assert_eq!(
        t.furniture
            .iter()
            .filter(|f| f.1 == "repeated header")
            .count(),
        3
    );
}
