//! Proof tests with real values from the seeds and corpus, and property tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::PathBuf;

use cnbudget_functional::{
    Catalogue, Confidence, Edition, EvidenceKind, FunctionCode, FunctionErrorKind, Level, Outcome,
    Resolution, Source, VariantKind, Years,
};
use proptest::prelude::*;

fn c(v: u32) -> FunctionCode {
    FunctionCode::new(v).unwrap()
}

fn cat() -> &'static Catalogue {
    Catalogue::embedded()
}

/// Seed 000 (a 2023 部门预算, one cell per line) lists 205 教育支出 / 20508 进修及培训 /
/// 2050803 培训支出 (lines 216–227).
#[test]
fn training_2050803_under_20508_under_205() {
    let path: Vec<(u32, String)> = cat()
        .path(c(2050803), 2023)
        .map(|l| (l.code().value(), l.name().to_owned()))
        .collect();
    assert_eq!(
        path,
        [
            (205, "教育支出".to_owned()),
            (20508, "进修及培训".to_owned()),
            (2050803, "培训支出".to_owned())
        ]
    );
    let entry = cat().get(c(2050803), 2023).unwrap().entry;
    assert_eq!(entry.level(), Level::Xiang);
    let confirmed = entry
        .provenance
        .confirmed
        .as_ref()
        .expect("a document confirms 2050803 培训支出");
    // The earliest document that prints it: Xi'an's 2021 budget.
    assert!(
        confirmed.document.starts_with("corpus-wide/225_"),
        "{confirmed}"
    );
}

/// Seed 004 line 270: `2101506 医疗保障经办事务`; seed 000 line 328.
#[test]
fn medical_insurance_agency_2101506() {
    for text in [
        "2101506",
        "210 15 06",
        "210\t15\t06",
        "21015 06",
        "２１０１５０６",
    ] {
        let code = FunctionCode::parse(text).unwrap();
        assert_eq!(code, c(2101506), "{text:?}");
    }
    let hit = cat().get(c(2101506), 2024).unwrap();
    assert_eq!(hit.name(), "医疗保障经办事务");
    assert_eq!(hit.edition, Edition::Exact(2024));
    assert_eq!(hit.code().parent(), Some(c(21015)));
    assert_eq!(cat().name(c(21015), 2024), Some("医疗保障管理事务"));
    assert!(hit.entry.provenance.is_certain());
    let found = cat().search("医疗保障经办事务", 2024);
    assert_eq!(
        found.iter().map(|l| l.code()).collect::<Vec<_>>(),
        [c(2101506)]
    );
}

/// Seed 002 line 612 writes the chain with ASCII brackets; line 624 with full-width ones.
#[test]
fn name_chains_from_seed_002() {
    let code = cat()
        .parse(
            "社会保障和就业支出(类)行政事业单位养老支出(款)机关事业单位基本养老保险缴费支出(项)",
            2023,
        )
        .unwrap();
    assert_eq!(code, c(2080505));
    let code = cat()
        .parse(
            "6. 卫生健康支出（类）医疗保障管理事务（款）行政运行（项）2023年预算数为127.42万元",
            2023,
        )
        .unwrap();
    assert_eq!(code, c(2101501));
    // Line 702 uses the pre-2021 款 name 行政事业单位离退休 and no trailing 支出.
    let code = cat()
        .parse(
            "社会保障和就业(类)行政事业单位离退休(款)事业单位离退休(项)",
            2023,
        )
        .unwrap();
    assert_eq!(code, c(2080502));
    // Line 630: 住房保障 for 住房保障支出.
    let code = cat()
        .parse("住房保障（类）住房改革支出（款）住房公积金（项）", 2023)
        .unwrap();
    assert_eq!(code, c(2210201));
    let err = cat()
        .parse("卫生健康支出（类）不存在的款（款）", 2023)
        .unwrap_err();
    assert_eq!(err.kind(), FunctionErrorKind::Chain);
    assert_eq!(err.position().unwrap().column, 10);
}

/// 210 was 医疗卫生与计划生育支出 until 2018 (corpus/027, a 2017 budget); 卫生健康支出 from 2019.
#[test]
fn editions_by_year() {
    assert_eq!(cat().name(c(210), 2018), Some("医疗卫生与计划生育支出"));
    assert_eq!(cat().name(c(210), 2017), Some("医疗卫生与计划生育支出"));
    assert_eq!(cat().name(c(210), 2019), Some("卫生健康支出"));
    assert_eq!(cat().name(c(207), 2018), Some("文化体育与传媒支出"));
    assert_eq!(cat().name(c(207), 2024), Some("文化旅游体育与传媒支出"));
    assert_eq!(cat().name(c(220), 2018), Some("国土海洋气象等支出"));
    assert_eq!(cat().name(c(20805), 2017), Some("行政事业单位离退休"));
    assert_eq!(cat().name(c(20805), 2024), Some("行政事业单位养老支出"));
    let old = cat().get(c(210), 2018).unwrap();
    assert_eq!(old.entry.provenance.source, Source::Renames);
    assert!(old.entry.provenance.note.is_some());
    // The 2018 name comes from the recorded 2019 change, the 2017 one from two 2017 budgets.
    assert!(
        old.entry
            .provenance
            .evidence_in(2018)
            .any(|e| e.kind == EvidenceKind::Change)
    );
    assert!(
        old.entry
            .provenance
            .evidence_in(2017)
            .any(|e| e.detail.contains("corpus/027"))
    );
    // A year outside the data answers from the nearest edition and says so.
    let early = cat().get(c(210), 2010).unwrap();
    assert_eq!(early.name(), "医疗卫生与计划生育支出");
    assert_eq!(
        early.edition,
        Edition::Nearest {
            requested: 2010,
            used: 2017
        }
    );
    // A code documented only for 2017 (corpus/019 line 378).
    let gone = cat().get(c(2080504), 2024).unwrap();
    assert_eq!(gone.name(), "未归口管理的行政单位离退休");
    assert_eq!(
        gone.edition,
        Edition::Nearest {
            requested: 2024,
            used: 2017
        }
    );
}

/// Issue 16: the 款 and 类 of the 2019 edition did not exist in 2017, and the catalogue says so
/// with the recorded change instead of answering with a 2024 name.
#[test]
fn codes_of_the_2019_edition_are_not_in_2017() {
    for (code, name) in [
        (20828, "退役军人管理事务"),
        (21015, "医疗保障管理事务"),
        (224, "灾害防治及应急管理支出"),
        (20138, "市场监督管理事务"),
    ] {
        let hit = cat().get(c(code), 2017).unwrap();
        assert_eq!(
            hit.edition,
            Edition::Absent {
                requested: 2017,
                used: 2019
            },
            "{code}"
        );
        assert_eq!(hit.entry.introduced.as_ref().map(|b| b.year), Some(2019));
        assert!(
            hit.answer()
                .starts_with("not in the 2017 edition: new in the 2019 edition"),
            "{}",
            hit.answer()
        );
        // 2018 too; from 2019 the name is known.
        assert!(cat().get(c(code), 2018).unwrap().edition.is_absent());
        let known = cat().get(c(code), 2019).unwrap();
        assert_eq!((known.name(), known.edition), (name, Edition::Exact(2019)));
        // A document of 2017 that writes the code gets a resolution that says so.
        match cat().resolve(c(code), name, 2017) {
            Resolution::NotInEdition { matched, .. } => {
                assert_eq!(matched.map(|e| e.name.as_ref()), Some(name))
            }
            other => panic!("{code}: {other:?}"),
        }
    }
    // The 项 under them inherit the boundary.
    let item = cat().get(c(2101506), 2017).unwrap();
    assert!(item.edition.is_absent());
    assert!(
        item.entry
            .introduced
            .as_ref()
            .is_some_and(|b| b.detail.starts_with("under 21015, new in the 2019 edition")),
        "{:?}",
        item.entry.introduced
    );
    // Absent codes are not listed among the 款 of 2017.
    let mut kuan = cat().children(c(208), 2017);
    assert!(!kuan.any(|l| l.code() == c(20828)));
    assert!(cat().children(c(208), 2024).any(|l| l.code() == c(20828)));
}

/// 21305 was 扶贫 until the 2021 edition renamed it 巩固脱贫攻坚成果衔接乡村振兴.
#[test]
fn poverty_alleviation_21305_by_year() {
    let old = cat().get(c(21305), 2018).unwrap();
    assert_eq!((old.name(), old.edition), ("扶贫", Edition::Exact(2018)));
    assert_eq!(old.entry.provenance.source, Source::Change);
    assert_eq!(old.entry.years, Years::new(2018, 2020));
    let new = cat().get(c(21305), 2021).unwrap();
    assert_eq!(
        (new.name(), new.edition),
        ("巩固脱贫攻坚成果衔接乡村振兴", Edition::Exact(2021))
    );
    // No evidence before 2018: unknown, with the nearest year's name for reference only.
    let early = cat().get(c(21305), 2017).unwrap();
    assert_eq!(
        early.edition,
        Edition::Nearest {
            requested: 2017,
            used: 2018
        }
    );
    assert_eq!(
        early.answer(),
        "unknown for 2017: no evidence for that year (named 扶贫 in 2018)"
    );
    assert_eq!(
        cat().resolve(c(21305), "扶贫", 2018).outcome(),
        Outcome::Exact
    );
    assert_eq!(
        cat()
            .resolve(c(21305), "巩固脱贫攻坚成果衔接乡村振兴", 2018)
            .outcome(),
        Outcome::Renamed
    );
}

/// 20805 行政事业单位离退休 became 行政事业单位养老支出 in 2020: corpus-wide/223 (a 2019
/// budget) prints the old name, corpus-wide/224 (a 2020 budget) the new one; the 2017 budgets
/// print the old one.
#[test]
fn pensions_20805_renamed_in_2020_by_the_documents() {
    for (year, name) in [
        (2017, "行政事业单位离退休"),
        (2018, "行政事业单位离退休"),
        (2019, "行政事业单位离退休"),
        (2020, "行政事业单位养老支出"),
        (2024, "行政事业单位养老支出"),
    ] {
        let hit = cat().get(c(20805), year).unwrap();
        assert_eq!((hit.name(), hit.edition), (name, Edition::Exact(year)));
    }
    let old = cat().get(c(20805), 2019).unwrap();
    assert!(old.entry.provenance.evidence_in(2017).any(|e| {
        e.kind == EvidenceKind::Document
            && e.detail
                .starts_with("corpus/019_js-npc-office-dept-budget-2017.pdf:443")
    }));
    assert!(
        old.entry
            .provenance
            .evidence_in(2019)
            .any(|e| e.kind == EvidenceKind::Change && e.detail.contains("corpus-wide/223"))
    );
}

/// What the years say in words when earlier or later years have no evidence.
#[test]
fn years_in_words() {
    let e = cat().get(c(20828), 2024).unwrap().entry;
    assert!(
        e.describe_years()
            .starts_with("2019–2026; not in editions before 2019; later years unknown"),
        "{}",
        e.describe_years()
    );
    // Seen only in the 2017 budgets.
    let e = cat().get(c(2080504), 2017).unwrap().entry;
    assert_eq!(
        e.describe_years(),
        "2017; earlier years unknown; later years unknown"
    );
}

#[test]
fn resolve_outcomes_are_precise() {
    let r = cat().resolve(c(2101506), "医疗保障经办事务", 2024);
    assert_eq!(r.outcome(), Outcome::Exact);
    // Seed 002 line 630 writes 住房保障 for the 类 221.
    match cat().resolve(c(221), "住房保障", 2023) {
        Resolution::NameVariant { kinds, .. } => {
            assert_eq!(kinds, [VariantKind::TrailingExpenditure])
        }
        other => panic!("{other:?}"),
    }
    match cat().resolve(c(20131), "党委办公厅(室)及相关机构事务", 2017) {
        Resolution::NameVariant { kinds, .. } => assert_eq!(kinds, [VariantKind::Punctuation]),
        other => panic!("{other:?}"),
    }
    match cat().resolve(c(207), "文化旅游体育和传媒支出", 2024) {
        Resolution::NameVariant { kinds, .. } => assert_eq!(kinds, [VariantKind::Conjunction]),
        other => panic!("{other:?}"),
    }
    // corpus/004 (a 2024 unit budget) still writes the pre-2019 name of 210.
    match cat().resolve(c(210), "医疗卫生与计划生育支出", 2024) {
        Resolution::Renamed {
            lookup, matched, ..
        } => {
            assert_eq!(lookup.name(), "卫生健康支出");
            assert_eq!(matched.years.last, 2018);
        }
        other => panic!("{other:?}"),
    }
    // corpus/001 line 291: a PDF cell cut the name short.
    match cat().resolve(c(2080505), "机关事业单位基本养老保险缴费支", 2023) {
        Resolution::NameVariant { kinds, .. } => assert_eq!(kinds, [VariantKind::Truncated]),
        other => panic!("{other:?}"),
    }
    // corpus-wide/224 line 619 (a 2020 budget) qualifies a generic 项 name with its 款's.
    match cat().resolve(c(2080101), "行政运行(人力资源和社会保障管理事务)", 2020) {
        Resolution::Qualified { lookup, ancestor } => {
            assert_eq!(lookup.name(), "行政运行");
            assert_eq!(ancestor.code, c(20801));
        }
        other => panic!("{other:?}"),
    }
    // A bracket that names no ancestor is no qualifier.
    assert_eq!(
        cat()
            .resolve(c(2080101), "行政运行（教育支出）", 2020)
            .outcome(),
        Outcome::UnknownName
    );
    // The name of another code: say which.
    match cat().resolve(c(2101506), "医疗保障管理事务", 2024) {
        Resolution::Mismatch { belongs_to, .. } => {
            assert_eq!(
                belongs_to.iter().map(|e| e.code).collect::<Vec<_>>(),
                [c(21015)]
            );
        }
        other => panic!("{other:?}"),
    }
    // 行政运行 exists under many 款: siblings first.
    match cat().resolve(c(2101506), "行政运行", 2024) {
        Resolution::Mismatch { belongs_to, .. } => assert_eq!(belongs_to[0].code, c(2101501)),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        cat()
            .resolve(c(2101506), "离休人员医疗费用", 2023)
            .outcome(),
        Outcome::UnknownName
    );
    assert_eq!(
        cat().resolve(c(2999998), "不存在", 2024).outcome(),
        Outcome::UnknownCode
    );
    // Traditional script (tested last: it depends on cnbudget-text's converter).
    match cat().resolve(c(2101506), "醫療保障經辦事務", 2024) {
        Resolution::NameVariant { kinds, .. } => assert_eq!(kinds, [VariantKind::Script]),
        other => panic!("{other:?}"),
    }
}

#[test]
fn tree_queries() {
    let kids: Vec<_> = cat().children(c(20508), 2024).collect();
    assert!(kids.iter().all(|l| l.code().parent() == Some(c(20508))));
    assert!(kids.iter().any(|l| l.code() == c(2050803)));
    let lei: Vec<_> = cat().iter_level(Level::Lei, 2024).collect();
    assert!(lei.len() >= 25, "{}", lei.len());
    assert!(lei.iter().all(|l| l.code().level() == Level::Lei));
    assert!(lei.windows(2).all(|w| w[0].code() < w[1].code()));
    let under: Vec<_> = cat().descendants(c(21015), 2024).collect();
    assert_eq!(under[0].code(), c(21015));
    assert!(under.iter().all(|l| c(21015).contains(l.code())));
    let mut frag = cat().search_fragment("医疗保障", 2024);
    assert!(frag.any(|l| l.code() == c(2101506)));
}

#[test]
fn loaded_catalogue_overlays_and_wins() {
    let mut cat = Catalogue::new();
    let n = cat
        .load_csv_str(
            "year,code,name\n2025,2101506,医疗保障经办服务\n2025,2999901,\"测试,含逗号\"\n",
            "official-2025.csv",
            None,
        )
        .unwrap();
    assert_eq!(n, 2);
    let hit = cat.get(c(2101506), 2025).unwrap();
    assert_eq!(hit.name(), "医疗保障经办服务");
    assert_eq!(
        hit.entry.provenance.source,
        Source::Loaded {
            label: "official-2025.csv".into()
        }
    );
    assert_eq!(hit.entry.provenance.confidence, Confidence::High);
    // Other years still answer from the embedded data.
    assert_eq!(cat.name(c(2101506), 2024), Some("医疗保障经办事务"));
    assert_eq!(cat.name(c(2999901), 2025), Some("测试,含逗号"));
    assert_eq!(
        cat.resolve(c(2101506), "医疗保障经办服务", 2025).outcome(),
        Outcome::Exact
    );
    // code,name,year and a plain code,name file.
    let mut cat = Catalogue::new();
    cat.load_csv_str("2101506,甲,2026\n", "a", None).unwrap();
    assert_eq!(cat.name(c(2101506), 2026), Some("甲"));
    cat.load_csv_str("科目编码,科目名称\n210 15 06,乙\n", "b", None)
        .unwrap();
    assert_eq!(cat.name(c(2101506), 2030), Some("乙"));
    // Errors carry line:column; nothing is loaded.
    let mut cat = Catalogue::new();
    let err = cat
        .load_csv_str("code,name\n2101506,ok\n2101506,\"bad\n", "c.csv", None)
        .unwrap_err();
    assert_eq!(err.kind(), FunctionErrorKind::Csv);
    assert_eq!(
        (err.position().unwrap().line, err.position().unwrap().column),
        (3, 9)
    );
    let err = cat
        .load_csv_str("code,name\n2101506,ok\n  21015x6,x\n", "c.csv", None)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "c.csv:3:8: invalid character: a code holds only digits and separators"
    );
    let err = cat
        .load_csv_str("code,name,year\n2101506,ok,20x5\n", "c.csv", None)
        .unwrap_err();
    assert_eq!(err.position().unwrap().column, 12);
    assert_eq!(cat.loaded_entries().count(), 0);
}

fn shared() -> Option<PathBuf> {
    cnbudget_testkit::shared()
}

/// Every confirmation points at a real line that shows the code's digits near the name.
#[test]
fn confirmations_point_at_real_lines() {
    let Some(dir) = shared() else { return };
    let mut checked = 0;
    for e in Catalogue::embedded_entries() {
        for ev in e.provenance.evidence.iter() {
            let Some(conf) = ev.document() else { continue };
            if conf.document.ends_with(".pdf") {
                // A PDF's lines are those of the layout text its reading makes, which needs
                // the facade: its test `pdf_evidence_points_at_real_lines` checks them.
                continue;
            }
            let text = std::fs::read_to_string(dir.join(conf.document.as_ref())).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            let at = conf.line as usize - 1;
            let code = e.code.to_string();
            let digits = |from: usize, to: usize| -> String {
                lines[from..=to.min(lines.len() - 1)]
                    .concat()
                    .chars()
                    .filter(char::is_ascii_digit)
                    .collect()
            };
            // The code on its line, or with the 款 digits on the next line (`302` / `40
            // 税金及附加费用`).
            let whole = digits(at, at + 1).contains(&code);
            // corpus/002 prints `301   2` for 30102: the PDF text lost a 0, the reader reads
            // the code all the same.
            let lost_zero = (0..code.len()).any(|i| {
                code.get(i..=i) == Some("0")
                    && digits(at, at).contains(&format!("{}{}", &code[..i], &code[i + 1..]))
            });
            // corpus-wide/223 prints only the last two digits of a 款 (`05`) under its 类
            // (`208`) a few lines above.
            let (parent, tail) = code.split_at(code.len() - 2);
            let segment = lines[at].split_whitespace().next() == Some(tail)
                && lines[at.saturating_sub(12)..at]
                    .iter()
                    .any(|l| l.split_whitespace().next() == Some(parent));
            assert!(
                whole || lost_zero || segment,
                "{} {}: {conf}: {:?}",
                e.code,
                e.name,
                lines[at]
            );
            // The evidence year is the document's: its file name says which.
            let named = conf.document.split(['-', '_', '.']).find(|p| {
                p.len() == 4 && p.starts_with("20") && p.bytes().all(|b| b.is_ascii_digit())
            });
            if let Some(y) = named {
                assert_eq!(
                    y,
                    ev.years.first.to_string(),
                    "{} {}: {conf}",
                    e.code,
                    e.name
                );
            }
            checked += 1;
        }
    }
    // The documents read as text (seeds, saved web pages); PDFs are checked by the facade.
    assert!(
        checked > 30,
        "only {checked} document evidence from text files"
    );
}

proptest! {
    #[test]
    fn code_display_parse_round_trips(v in 200u32..3_000_000) {
        if let Some(code) = FunctionCode::new(v) {
            let text = code.to_string();
            prop_assert_eq!(FunctionCode::parse(&text).unwrap(), code);
            // The split form documents use.
            let split = match code.level() {
                Level::Lei => text.clone(),
                Level::Kuan => format!("{} {}", &text[..3], &text[3..]),
                Level::Xiang => format!("{}\t{}\t{}", &text[..3], &text[3..5], &text[5..]),
            };
            prop_assert_eq!(FunctionCode::parse(&split).unwrap(), code);
        }
    }

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,40}", year in 0u16..=u16::MAX) {
        let _ = FunctionCode::parse(&s);
        let cat = Catalogue::embedded();
        let _ = cat.parse(&s, year);
        let _ = cat.resolve(c(2101506), &s, year);
        let _ = cat.search(&s, year);
        let mut owned = Catalogue::new();
        let _ = owned.load_csv_str(&s, "prop", None);
    }

    #[test]
    fn code_like_text_never_panics(s in "[0-9０-９ \\t\\-（）()类款项]{0,30}") {
        let _ = FunctionCode::parse(&s);
        let _ = Catalogue::embedded().parse(&s, 2024);
    }
}

#[cfg(feature = "serde")]
#[test]
fn serde_round_trip() {
    let entry = cat().get(c(2101506), 2024).unwrap().entry.clone();
    let json = serde_json::to_string(&entry).unwrap();
    assert!(json.contains("\"code\":\"2101506\""), "{json}");
    let back: cnbudget_functional::Entry = serde_json::from_str(&json).unwrap();
    assert_eq!(back, entry);
    let r = cat().resolve(c(221), "住房保障", 2024);
    let json = serde_json::to_string(&r).unwrap();
    assert!(json.contains("\"trailing_expenditure\""), "{json}");
}

/// The direct 类/款 indexes of the generated tables find every entry.
#[test]
fn every_entry_is_found_by_get() {
    for e in Catalogue::embedded_entries() {
        let hit = cat().get(e.code, e.years.first).unwrap();
        assert_eq!(hit.entry, e, "{}", e.code);
        assert_eq!(hit.edition, Edition::Exact(e.years.first));
    }
    assert!(cat().get(c(2999999), 2024).is_none());
    assert!(cat().get(c(299), 2024).is_none());
}

/// Every distinct (code, name, year) read from the table rows of the real documents
/// (`testdata/document-pairs.csv`, written by the coverage tool) resolves as recorded there;
/// the exceptions are listed in `docs/catalogue-coverage.md`.
#[test]
fn real_document_pairs_resolve_as_recorded() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/document-pairs.csv");
    let mut rdr = csv::Reader::from_path(path).unwrap();
    let (mut n, mut matched) = (0, 0);
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let code = FunctionCode::parse(&rec[0]).unwrap();
        let year: u16 = rec[2].parse().unwrap();
        let r = cat().resolve(code, &rec[1], year);
        assert_eq!(
            format!("{:?}", r.outcome()),
            &rec[3],
            "{} {} ({}:{})",
            &rec[0],
            &rec[1],
            &rec[4],
            &rec[5]
        );
        n += 1;
        matched += usize::from(r.is_match());
    }
    assert!(n > 200, "{n} pairs");
    assert!(matched * 100 >= n * 94, "{matched} of {n}");
}

/// A catalogue file in GBK (as Excel on a Chinese Windows saves CSV) loads; a missing file
/// is an I/O error naming the path.
#[test]
fn load_csv_path_decodes_gbk() {
    let dir = std::env::temp_dir().join(format!("cnbudget-functional-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("gbk.csv");
    // "code,name\n2101506,医疗保障经办事务\n" in GBK.
    std::fs::write(
        &path,
        b"code,name\n2101506,\xd2\xbd\xc1\xc6\xb1\xa3\xd5\xcf\xbe\xad\xb0\xec\xca\xc2\xce\xf1\n",
    )
    .unwrap();
    let mut cat = Catalogue::new();
    assert_eq!(cat.load_csv_path(&path, Some(2025)).unwrap(), 1);
    let hit = cat.get(c(2101506), 2025).unwrap();
    assert_eq!(hit.name(), "医疗保障经办事务");
    assert!(matches!(hit.entry.provenance.source, Source::Loaded { .. }));
    let err = cat
        .load_csv_path(dir.join("missing.csv"), None)
        .unwrap_err();
    assert_eq!(err.kind(), FunctionErrorKind::Io);
    assert!(err.source_label().unwrap().ends_with("missing.csv"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The modern spot-check rows (seen in real 2024/2025 material, see SOURCES.md) are in the
/// catalogue with the same names.
#[test]
fn modern_spotcheck_rows_match() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/function-modern-spotcheck.csv"
    );
    let mut rdr = csv::Reader::from_path(path).unwrap();
    let mut n = 0;
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let code = FunctionCode::parse(&rec[0]).unwrap();
        let r = cat().resolve(code, &rec[1], 2024);
        assert_eq!(
            r.outcome(),
            Outcome::Exact,
            "{} {}: {r:?}",
            &rec[0],
            &rec[1]
        );
        n += 1;
    }
    assert_eq!(n, 19);
}

/// `has_key` answers as `search` does: for every embedded name (as printed, with 支出 added
/// or taken off, cut short by a character), for words that are no name, over the years.
#[test]
fn has_key_agrees_with_search() {
    use cnbudget_text::names::name_key;
    let cat = cat();
    let mut names: Vec<String> = vec![
        "一般公共服务".into(),
        "行政运行 支出".into(),
        "机关服务".into(),
        "合计".into(),
        "基本支出".into(),
        "".into(),
    ];
    for e in Catalogue::embedded_entries() {
        let n: &str = &e.name;
        names.push(n.to_owned());
        names.push(format!("{n}支出"));
        names.push(n.trim_end_matches("支出").to_owned());
        names.push(n.chars().skip(1).collect());
    }
    let mut found = 0;
    for n in &names {
        for year in [2010, 2019, 2023, 2026] {
            let expected = !cat.search(n, year).is_empty();
            assert_eq!(cat.has_key(&name_key(n), year), expected, "{n} {year}");
            found += usize::from(expected);
        }
    }
    // Most of the names are found: the test compares both answers.
    assert!(found > names.len(), "{found} of {}", names.len() * 4);
}
