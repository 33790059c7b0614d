//! Both script converters: the glossary, the 指標 pin, and identical output on every document.

use cnbudget_text::{OpenCcTables, ScriptConverter};

const GLOSSARY: [(&str, &str); 8] = [
    ("結餘", "结余"),
    ("餘額", "余额"),
    ("指標", "指标"),
    ("計劃", "计划"),
    ("乾燥", "干燥"),
    ("發展", "发展"),
    ("於", "于"),
    ("乾隆", "乾隆"),
];

fn check_glossary(conv: &dyn ScriptConverter) {
    for (t, s) in GLOSSARY {
        assert_eq!(conv.convert(t), s, "{} {t}", conv.name());
    }
    assert_eq!(conv.convert("績效指標"), "绩效指标", "{}", conv.name());
    assert_eq!(
        conv.convert("年末結轉和結餘4.50萬元,餘額"),
        "年末结转和结余4.50万元,余额"
    );
}

#[test]
fn glossary_default_backend() {
    check_glossary(&OpenCcTables);
}

#[cfg(feature = "opencc")]
mod library {
    use super::*;
    use cnbudget_text::OpenCcLibrary;

    #[test]
    fn glossary_opencc_backend() {
        check_glossary(&OpenCcLibrary::t2s().unwrap());
    }

    /// Why the backend uses `t2s.json`: the Taiwan phrase config turns 指標 into 指针,
    /// which would corrupt 绩效指标 tables.
    #[test]
    fn tw2sp_would_corrupt_indicator_tables() {
        let tw = OpenCcLibrary::with_config("tw2sp.json").unwrap();
        assert_eq!(tw.convert("指標"), "指针");
        assert_eq!(OpenCcLibrary::t2s().unwrap().convert("指標"), "指标");
    }

    #[test]
    fn missing_config_is_an_error() {
        let e = OpenCcLibrary::with_config("/nonexistent/none.json").unwrap_err();
        assert_eq!(e.kind(), cnbudget_text::TextErrorKind::Converter);
    }

    #[test]
    fn interior_nul_does_not_panic() {
        let lib = OpenCcLibrary::t2s().unwrap();
        assert_eq!(lib.convert("預\0算"), "预\0算");
    }

    /// Identical output on every document of shared/seeds and shared/corpus, whole and
    /// through `prepare` (Conversion::Always).
    #[test]
    fn backends_identical_on_every_shared_document() {
        let Some(texts) = crate::codegen::shared_texts() else {
            eprintln!("shared folder absent: skipping");
            return;
        };
        let lib = OpenCcLibrary::t2s().unwrap();
        let opts = cnbudget_text::Options::default().conversion(cnbudget_text::Conversion::Always);
        let mut chars = 0;
        for (path, bytes) in &texts {
            let text = cnbudget_text::decode(bytes).text.into_owned();
            let a = OpenCcTables.convert(&text);
            let b = lib.convert(&text);
            assert!(a == b, "{}: backends differ", path.display());
            let pa = cnbudget_text::prepare_with(bytes, &opts);
            let pb = cnbudget_text::prepare_with_converter(bytes, &opts, &lib);
            assert_eq!(pa.text, pb.text, "{}", path.display());
            assert_eq!(
                pa.script.converted,
                pb.script.converted,
                "{}",
                path.display()
            );
            chars += text.chars().count();
        }
        assert!(chars > 100_000);
    }
}
