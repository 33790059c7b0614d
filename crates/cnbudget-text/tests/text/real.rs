//! Tests with real values from the development documents (skipped when the shared folder
//! is absent) and from the committed sample.

use cnbudget_text::{
    Conversion, Encoding, IssueKind, MojibakeKind, Options, Repair, Script, decode, line_count,
    prepare, prepare_with,
};

use crate::codegen::{shared_dir, shared_texts};

fn shared_file(sub: &str, prefix: &str) -> Option<Vec<u8>> {
    let dir = shared_dir()?.join(sub);
    let entry = std::fs::read_dir(&dir)
        .ok()?
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix))?;
    std::fs::read(entry.path()).ok()
}

macro_rules! shared_or_skip {
    ($sub:expr, $prefix:expr) => {
        match shared_file($sub, $prefix) {
            Some(b) => b,
            None => {
                eprintln!("shared/{}/{}* absent: skipping", $sub, $prefix);
                return;
            }
        }
    };
}

#[test]
fn seed_001_converts_title_and_function_name() {
    let bytes = shared_or_skip!("seeds", "001_");
    let p = prepare(&bytes);
    assert_eq!(p.encoding, Encoding::Utf8);
    assert_eq!(p.script.script, Script::Traditional);
    assert!(
        p.text
            .contains("重庆市武隆区医疗保障局关于2021年度部门决算情况说明")
    );
    assert!(p.text.contains("(2)卫生健康支出587.07万元"));
    assert!(p.script.converted > 1000, "{}", p.script.converted);
    // The line invariant, and the map back: 衛生健康支出 is on line 115 of the original.
    assert_eq!(
        p.text.split('\n').count(),
        line_count(&String::from_utf8_lossy(&bytes))
    );
    let at = p.text.find("卫生健康支出").unwrap();
    let pos = p.original_position(at);
    assert_eq!(pos.line, 115);
    assert_eq!(pos.column, 4);
    assert!(bytes[pos.byte..].starts_with("衛生健康支出".as_bytes()));
}

#[test]
fn seed_001_misaligned_gbk_reported_and_guessed() {
    let bytes = shared_or_skip!("seeds", "001_");
    let p = prepare(&bytes);
    let mis: Vec<_> = p
        .issues
        .iter()
        .filter(|i| i.kind == IssueKind::Mojibake(MojibakeKind::MisalignedGbk))
        .collect();
    assert_eq!(mis.len(), 6, "{mis:#?}");
    let first = mis[0];
    assert_eq!((first.position.line, first.position.column), (51, 29));
    assert!(first.original.starts_with("?;\u{E2AE}鹦袨榈木唧w"));
    // 行為的具體 is decoded from the realigned bytes; 保 (lost byte) is guessed.
    assert_eq!(first.replacement.as_deref(), Some("保基金行為的具體"));
    assert_eq!(first.repair, Repair::Guessed);
    assert!(
        p.text
            .contains("承担处理欺诈骗取医保基金行为的具体事务性工作")
    );
    // The `???????` before 一、單位基本情況 cannot be recovered.
    let q = p.issues.iter().find(|i| i.position.line == 15).unwrap();
    assert_eq!(q.kind, IssueKind::Mojibake(MojibakeKind::QuestionMarks));
    assert_eq!(q.original, "???????");
    assert_eq!(q.repair, Repair::NotRepaired);
}

/// The same text in every encoding decodes back identically (Big5/GBK where representable).
#[test]
fn seed_001_round_trips_through_encodings() {
    let bytes = shared_or_skip!("seeds", "001_");
    let original = String::from_utf8(bytes).unwrap();
    let keep = |enc: &'static encoding_rs::Encoding, s: &str| -> String {
        s.chars()
            .filter(|c| {
                let mut b = [0u8; 4];
                !enc.encode(c.encode_utf8(&mut b)).2
            })
            .collect()
    };
    let simplified = cnbudget_text::to_simplified(&original).into_owned();
    // GBK (simplified text) and GB18030 (plus characters outside GBK).
    let gbk_text = keep(encoding_rs::GBK, &simplified);
    assert!(gbk_text.len() > 20_000);
    let (gbk, _, bad) = encoding_rs::GBK.encode(&gbk_text);
    assert!(!bad);
    let d = decode(&gbk);
    assert_eq!(d.encoding, Encoding::Gbk);
    assert_eq!(d.text, gbk_text);
    // GBK also holds the traditional original.
    let trad_gbk = keep(encoding_rs::GBK, &original);
    let trad_bytes = encoding_rs::GBK.encode(&trad_gbk).0;
    let d = decode(&trad_bytes);
    assert_eq!(d.encoding, Encoding::Gbk);
    assert_eq!(d.text, trad_gbk);

    let gb18030_text = format!("{original}\n𠀀𪚥 €");
    let (gb, _, bad) = encoding_rs::GB18030.encode(&gb18030_text);
    assert!(!bad);
    let d = decode(&gb);
    assert_eq!(d.encoding, Encoding::Gb18030);
    assert_eq!(d.text, gb18030_text);

    let big5_text = keep(encoding_rs::BIG5, &original);
    assert!(big5_text.contains("重慶市武隆區醫療保障局關于2021年度部門決算情況說明"));
    let (big5, _, bad) = encoding_rs::BIG5.encode(&big5_text);
    assert!(!bad);
    let d = decode(&big5);
    assert_eq!(d.encoding, Encoding::Big5);
    assert_eq!(d.text, big5_text);

    for (le, bom) in [(true, true), (false, true), (true, false), (false, false)] {
        let mut b: Vec<u8> = Vec::new();
        if bom {
            b.extend(if le { [0xFF, 0xFE] } else { [0xFE, 0xFF] });
        }
        for u in original.encode_utf16() {
            b.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        let d = decode(&b);
        assert_eq!(
            d.encoding,
            if le {
                Encoding::Utf16Le
            } else {
                Encoding::Utf16Be
            }
        );
        assert_eq!(d.text, original, "le={le} bom={bom}");
        // And preparation gives the same text as from UTF-8.
        if bom {
            assert_eq!(prepare(&b).text, prepare(original.as_bytes()).text);
        }
    }

    // UTF-8 with BOM; positions count the BOM.
    let mut b = vec![0xEF, 0xBB, 0xBF];
    b.extend(original.as_bytes());
    let p = prepare(&b);
    assert_eq!(p.encoding, Encoding::Utf8Bom);
    let at = p.text.find("卫生健康支出").unwrap();
    assert!(b[p.original_byte(at)..].starts_with("衛生健康支出".as_bytes()));
}

#[test]
fn gbk_positions_point_into_original_bytes() {
    let text = "第一行\r\n部门：财政局\r\n合计　１，８３６.42\r\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let p = prepare(&gbk);
    assert_eq!(p.encoding, Encoding::Gbk);
    assert_eq!(p.text, "第一行\n部门:财政局\n合计 1,836.42\n");
    let at = p.text.find("1,836").unwrap();
    let pos = p.original_position(at);
    assert_eq!((pos.line, pos.column), (3, 4));
    let want = encoding_rs::GBK
        .encode("第一行\r\n部门：财政局\r\n合计　")
        .0
        .len();
    assert_eq!(pos.byte, want);
}

#[test]
fn corpus_063_cp1252_mojibake_repaired() {
    let bytes = shared_or_skip!("corpus", "063_");
    let raw = prepare_with(&bytes, &Options::default().conversion(Conversion::Never));
    for want in [
        "單位預算目次",
        "中華民國 103 年度",
        "一、歲入來源別預算表",
        "二、歲出機關別預算表",
        "壹、總說明",
        "歲出計畫提要及分支計畫概況表",
        "中央總預算核編及執行",
        "會計及決算業務",
        "費用彙計表",
        "資本支出分析表",
    ] {
        assert!(raw.text.contains(want), "{want} missing from {}", raw.text);
    }
    // Page ranges: ï¼ is EF BC with 8D dropped: － between digits, then ASCII.
    assert!(raw.text.contains("1-26"));
    assert!(!raw.text.contains('å'));
    let spans: Vec<_> = raw
        .issues
        .iter()
        .filter(|i| i.kind == IssueKind::Mojibake(MojibakeKind::Utf8AsCp1252))
        .collect();
    assert!(spans.len() > 40);
    // å›› (四, E5 9B 9B) lost no byte: a lossless repair.
    let lossless = spans.iter().find(|i| i.original == "å››").unwrap();
    assert_eq!(lossless.repair, Repair::Lossless);
    assert_eq!(lossless.replacement.as_deref(), Some("四"));
    // å–®ä½é  lost 0x8D and 0x90: guessed.
    let guessed = spans
        .iter()
        .find(|i| i.original.starts_with("å–®ä½"))
        .unwrap();
    assert_eq!(guessed.repair, Repair::Guessed);
    assert_eq!(guessed.position.line, 1);

    // Only exact reversals: 四 is repaired, 單位預 (bytes lost) is not.
    let exact = prepare_with(
        &bytes,
        &Options::default()
            .conversion(Conversion::Never)
            .guessed_repairs(false),
    );
    assert!(exact.text.contains("(四)"));
    assert!(exact.text.contains("å–®ä½é"));

    let p = prepare(&bytes);
    assert!(p.text.contains("单位预算目次"));
    assert!(p.text.contains("中华民国 103 年度"));
    assert!(p.text.contains("岁入来源别预算表"));
}

/// Guessed repairs are chosen by bigram context, not by single-character frequency alone:
/// the lost byte of `書表å稱` gives 名 (名稱, not 十稱), `é æ¬¡` gives 頁次 (not 預次).
#[test]
fn corpus_063_guessed_repairs_use_bigram_context() {
    let bytes = shared_or_skip!("corpus", "063_");
    let raw = prepare_with(&bytes, &Options::default().conversion(Conversion::Never));
    assert!(raw.text.contains("書表名稱 頁次"), "{}", &raw.text[..200]);
    assert!(!raw.text.contains("十稱"));
    assert!(!raw.text.contains("預次"));
    let name = raw.issues.iter().find(|i| i.original == "å").unwrap();
    assert_eq!(name.replacement.as_deref(), Some("名"));
    assert_eq!(name.repair, Repair::Guessed);
    let page = raw.issues.iter().find(|i| i.original == "é æ¬¡").unwrap();
    assert_eq!(page.replacement.as_deref(), Some("頁次"));
    assert_eq!(page.repair, Repair::Guessed);
    let p = prepare(&bytes);
    assert!(p.text.contains("书表名称 页次"));
}

/// Seed 001 `醫?;\u{E2AE}鸢踩?`: the character whose trail byte was lost is 全 (安全), found
/// by its neighbour 安, not 人 (the most frequent candidate on its own).
#[test]
fn seed_001_guessed_trail_uses_bigram_context() {
    let bytes = shared_or_skip!("seeds", "001_");
    let p = prepare(&bytes);
    let safe: Vec<_> = p
        .issues
        .iter()
        .filter(|i| i.original.starts_with("?;\u{E2AE}鸢踩"))
        .collect();
    assert_eq!(safe.len(), 2);
    for i in safe {
        assert_eq!(i.replacement.as_deref(), Some("保基金安全"));
        assert_eq!(i.repair, Repair::Guessed);
    }
    assert!(p.text.contains("确保医保基金安全"));
    assert!(!p.text.contains("基金安人"));
}

/// The script report `prepare` builds during its mojibake pass (recounting repaired lines)
/// equals a fresh detection of the prepared text, on every development document.
#[test]
fn script_report_equals_fresh_detection_on_every_shared_document() {
    let Some(texts) = shared_texts() else {
        eprintln!("shared folder absent: skipping");
        return;
    };
    for (path, bytes) in texts {
        let p = prepare_with(&bytes, &Options::default().conversion(Conversion::Never));
        assert_eq!(
            p.script,
            cnbudget_text::detect_script(&p.text),
            "{}",
            path.display()
        );
    }
}

#[test]
fn corpus_052_pinyin_glosses_stripped() {
    let bytes = shared_or_skip!("corpus", "052_");
    let p = prepare(&bytes);
    assert!(!p.text.contains("(yù)"));
    assert!(p.text.contains("机构设置"), "{}", p.text);
    assert!(p.text.contains("财政预算"));
    let glosses: Vec<_> = p
        .issues
        .iter()
        .filter(|i| i.kind == IssueKind::PinyinGloss)
        .collect();
    assert!(glosses.len() >= 10, "{}", glosses.len());
    assert!(glosses.iter().all(|g| g.repair == Repair::Stripped));
    assert!(glosses.iter().any(|g| g.original == "(gòu)"));
    let kept = prepare_with(&bytes, &Options::default().strip_pinyin(false));
    assert!(kept.text.contains("机构(gòu)设(shè)置"));
}

/// Preparation never adds or removes a line, on every shared document.
#[test]
fn every_shared_document_keeps_its_lines() {
    let Some(texts) = shared_texts() else {
        eprintln!("shared folder absent: skipping");
        return;
    };
    assert!(texts.len() >= 20);
    for (path, bytes) in texts {
        let d = decode(&bytes);
        let p = prepare(&bytes);
        assert_eq!(
            p.text.split('\n').count(),
            line_count(&d.text),
            "{}",
            path.display()
        );
    }
}

#[test]
fn sample_is_traditional_and_converts() {
    let p = prepare(cnbudget_text::SAMPLE_TRADITIONAL);
    assert_eq!(p.script.script, Script::Traditional);
    assert!(
        p.text
            .contains("重庆市武隆区医疗保障局关于2021年度部门决算情况说明")
    );
    assert!(p.text.contains("卫生健康支出587.07万元"));
    assert!(p.text.contains("医保基金行为的具体"));
    assert!(p.text.contains("(单位:万元)"));
    assert!(p.text.contains("绩效指标"));
    assert!(p.issues.iter().any(|i| i.original == "???????"));
}

#[test]
fn simplified_lines_left_alone_in_auto_mode() {
    // 著 and 乾 are traditional keys, but these lines are simplified: Auto leaves them.
    let p = prepare("显著提高,乾隆年间\n部门预算".as_bytes());
    assert_eq!(p.text, "显著提高,乾隆年间\n部门预算");
    let p = prepare("部門預算\n显著".as_bytes());
    assert!(p.text.starts_with("部门预算"));
}

#[test]
fn strict_decode_reports_position() {
    let mut b = "第一行\n第二行".as_bytes().to_vec();
    b.push(0xFF);
    let e = cnbudget_text::decode_strict(&b).unwrap_err();
    assert_eq!(e.kind(), cnbudget_text::TextErrorKind::MalformedInput);
    let p = e.position().unwrap();
    assert_eq!((p.line, p.column), (2, 4));
    assert!(e.to_string().contains("line 2, column 4"));
}

#[cfg(feature = "serde")]
#[test]
fn prepared_serialises() {
    let p = prepare("預(yù)算".as_bytes());
    let json = serde_json::to_string(&p).unwrap();
    let back: cnbudget_text::Prepared = serde_json::from_str(&json).unwrap();
    assert_eq!(back, p);
    assert!(json.contains("\"pinyin_gloss\""));
}

/// Hostile input: one long line full of every pattern the detectors look at. Finishing at
/// all (no quadratic blow-up) is the test; no timing is asserted.
#[test]
fn hostile_long_line_finishes() {
    let unit = "é å–® ä¸è¯ ?;\u{E2AE}鹦袨榈 锟斤拷 鍙戝睍 預(yù) 1，836 ？？ ⼀\u{200B}";
    let line = unit.repeat(20_000);
    assert!(line.len() > 1_000_000);
    let p = prepare(line.as_bytes());
    assert_eq!(p.text.split('\n').count(), 1);
    assert!(p.issues.len() >= 100_000, "{}", p.issues.len());
    let last = p.issues.last().unwrap();
    assert_eq!(last.position.line, 1);
    assert!(last.position.column > 800_000, "{}", last.position.column);
}

#[test]
fn forced_encoding_is_used() {
    let (big5, _, _) = encoding_rs::BIG5.encode("部門決算");
    let p = prepare_with(&big5, &Options::default().encoding(Some(Encoding::Big5)));
    assert_eq!(p.encoding, Encoding::Big5);
    assert_eq!(p.text, "部门决算");
    assert_eq!(Encoding::from_label("cp950").unwrap(), Encoding::Big5);
    let e = Encoding::from_label("koi8-r").unwrap_err();
    assert_eq!(e.kind(), cnbudget_text::TextErrorKind::UnsupportedEncoding);
}
