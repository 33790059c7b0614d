#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
//! Contents (目录) entries: only real contents lines, never a sentence that names a table.

use cnbudget_table::parse;

fn document(folder: &str, prefix: &str) -> Option<String> {
    let dir = cnbudget_testkit::shared()?.join(folder);
    let Ok(rd) = std::fs::read_dir(&dir) else {
        panic!("no {}", dir.display());
    };
    let entry = rd.filter_map(Result::ok).find(|e| {
        let n = e.file_name().to_string_lossy().into_owned();
        n.starts_with(prefix) && n.ends_with(".txt")
    })?;
    Some(cnbudget_text::prepare(&std::fs::read(entry.path()).ok()?).text)
}

fn lines(text: &str) -> Vec<usize> {
    parse(text).contents.iter().map(|c| c.line).collect()
}

#[test]
fn a_list_of_numbered_titles_is_contents() {
    let text = "说明如下。\n\n一、部门收支总表\n二、部门收入总表\n\n三、部门支出总表\n正文开始。\n";
    assert_eq!(lines(text), [3, 4, 6]);
}

#[test]
fn a_lone_numbered_title_in_prose_is_not_contents() {
    let text = "第一部分\n四、财政拨款收支预算总表情况说明\n本表反映部门年度财政拨款总体收支预算情况，与《部门收支预算总表》一致。\n";
    assert!(lines(text).is_empty(), "{:?}", parse(text).contents);
}

#[test]
fn a_contents_block_takes_its_entries() {
    let text = "目录\n第一部分 部门概况\n一、主要职能\n第二部分 部门预算表\n一、收支预算总表\n\n本部门的职能是……，这是一段足够长的正文，用来结束目录块并开始正文内容的叙述。\n五、支出预算总表\n";
    let doc = parse(text);
    let got: Vec<(usize, &str)> = doc
        .contents
        .iter()
        .map(|c| (c.line, c.title.as_str()))
        .collect();
    assert_eq!(got, [(5, "收支预算总表")]);
}

#[test]
fn seed_004_sentences_are_not_contents() {
    let Some(text) = document("seeds", "004") else {
        return;
    };
    let got = lines(&text);
    // The 报表目录 table (表1 … 表15) and nothing else.
    assert_eq!(got, (196..=210).collect::<Vec<_>>());
}

#[test]
fn corpus_019_and_038_contents_only() {
    if let Some(text) = document("corpus", "019_") {
        let doc = parse(&text);
        assert_eq!(doc.contents.len(), 11);
        assert!(doc.contents.iter().all(|c| c.line <= 25));
        assert_eq!(doc.contents[0].title, "收支预算总表");
    }
    if let Some(text) = document("corpus", "038_") {
        let doc = parse(&text);
        assert_eq!(doc.contents.len(), 12);
        assert!(
            doc.contents.iter().all(|c| c.line <= 21),
            "{:?}",
            doc.contents
        );
        assert_eq!(doc.contents[11].title, "政府采购支出预算表");
    }
}
