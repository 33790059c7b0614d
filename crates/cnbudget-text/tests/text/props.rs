//! Property tests: no panics, idempotent normalisation, offset maps into the original, and
//! the line invariant.

use cnbudget_text::{
    Conversion, Options, detect_script, line_count, normalize, prepare, prepare_with,
};
use proptest::prelude::*;

/// Characters that exercise every rule.
fn tricky_char() -> impl Strategy<Value = char> {
    prop::sample::select(vec![
        'a', '1', '9', ',', '.', ' ', '\n', '\r', '\t', '\u{c}', '?', ';', '(', ')', '０', '９',
        '，', '．', '：', '（', '）', '％', '－', '\u{3000}', '\u{a0}', '\u{200b}', '\u{feff}',
        '\u{2028}', '⼀', '⽇', '⻄', '\u{f900}', '預', '算', '乾', '隆', '燥', '指', '標', '于',
        '预', '部', '門', 'å', '–', '®', 'ä', '½', 'é', '\u{e2ae}', '鹦', '袨', 'w', '锟', '斤',
        '拷', '(', 'ù', 'y', ')', '\u{fffd}', '𠀀',
    ])
}

fn tricky_string() -> impl Strategy<Value = String> {
    prop::collection::vec(tricky_char(), 0..200).prop_map(|v| v.into_iter().collect())
}

proptest! {
    /// `prepare` takes the script counts during its mojibake pass and counts again only the
    /// lines a repair touched: the report must equal detecting the prepared text afresh.
    #[test]
    fn prepare_script_report_equals_fresh_detection(s in tricky_string()) {
        for o in [Options::default().conversion(Conversion::Never), Options::default().conversion(Conversion::Never).normalize(false).strip_pinyin(false)] {
            let p = prepare_with(s.as_bytes(), &o);
            prop_assert_eq!(&p.script, &detect_script(&p.text));
        }
        let p = prepare(s.as_bytes());
        let unconverted = prepare_with(s.as_bytes(), &Options::default().conversion(Conversion::Never));
        let mut fresh = detect_script(&unconverted.text);
        fresh.converted = p.script.converted;
        prop_assert_eq!(p.script, fresh);
    }

    #[test]
    fn prepare_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let p = prepare(&bytes);
        let n = p.text.len();
        let _ = p.original_position(n);
        let _ = p.original_position_at(1, 1);
    }

    #[test]
    fn prepare_keeps_lines(s in tricky_string()) {
        let p = prepare(s.as_bytes());
        prop_assert_eq!(p.text.split('\n').count(), line_count(&s));
        prop_assert!(!p.text.contains('\r'));
    }

    #[test]
    fn prepare_keeps_lines_of_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..500)) {
        let p = prepare(&bytes);
        prop_assert_eq!(p.text.split('\n').count(), p.offset_map.original_line_count());
    }

    #[test]
    fn normalize_is_idempotent(s in tricky_string()) {
        let once = normalize(&s).text;
        let twice = normalize(&once).text;
        prop_assert_eq!(once, twice);
    }

    #[test]
    fn normalize_keeps_lines(s in tricky_string()) {
        prop_assert_eq!(normalize(&s).text.split('\n').count(), line_count(&s));
    }

    /// Every output character maps to a character boundary inside the original, and the
    /// map is monotone.
    #[test]
    fn offset_map_points_into_original(s in tricky_string()) {
        let p = prepare(s.as_bytes());
        let n = normalize(&s);
        for (text, map) in [(p.text, p.offset_map), (n.text, n.offset_map)] {
            let orig = map.original_text();
            let mut last = 0;
            for (off, c) in text.char_indices() {
                let m = map.to_original_offset(off);
                prop_assert!(m < orig.len(), "{:?} at {} maps past the end", c, off);
                prop_assert!(orig.is_char_boundary(m));
                prop_assert!(m >= last, "not monotone at {}", off);
                last = m;
            }
            prop_assert!(map.to_original_offset(text.len()) <= orig.len());
        }
    }

    /// Each character of the prepared text maps to the line it sits on.
    #[test]
    fn offset_map_keeps_line_numbers(s in tricky_string()) {
        let p = prepare(s.as_bytes());
        let mut line = 1;
        for (i, c) in p.text.char_indices() {
            let pos = p.original_position(i);
            prop_assert_eq!(pos.line, line, "char {:?} at {}", c, i);
            if c == '\n' {
                line += 1;
            }
        }
    }
}
