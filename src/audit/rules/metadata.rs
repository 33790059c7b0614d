//! `meta.year`, `meta.placeholder` and `meta.as_of_year`: the document's year and template
//! leftovers.

use crate::Disclosure;
use crate::audit::{Finding, RuleId, Severity};
use crate::meta::years_in;

/// `meta.year` and `meta.placeholder`.
pub(crate) fn metadata(d: &Disclosure, out: &mut Vec<Finding>) {
    if let Some(year) = d.metadata.year {
        for table in &d.document.tables {
            let Some(title) = &table.title else { continue };
            for (y, _) in years_in(title) {
                if y != year {
                    out.push(
                        Finding::new(
                            RuleId::MetaYear,
                            Severity::Warning,
                            format!(
                                "the title “{title}” names {y}, but the document is for {year}"
                            ),
                        )
                        .in_table(title.clone())
                        .at_lines([table.first_line]),
                    );
                }
            }
        }
    }
    // Only lines with an `X` can hold a placeholder: find those, counting lines on the way.
    let text = d.prepared.text.as_str();
    let bytes = text.as_bytes();
    let mut line_no = 0usize;
    let mut counted_to = 0usize;
    let mut from = 0usize;
    while let Some(hit) = bytes
        .get(from..)
        .and_then(|rest| memchr::memchr2(b'X', b'x', rest))
    {
        let at = from + hit;
        let start =
            memchr::memrchr(b'\n', bytes.get(..at).unwrap_or_default()).map_or(0, |p| p + 1);
        let end = bytes
            .get(at..)
            .and_then(|rest| memchr::memchr(b'\n', rest))
            .map_or(bytes.len(), |p| at + p);
        line_no +=
            memchr::memchr_iter(b'\n', bytes.get(counted_to..start).unwrap_or_default()).count();
        counted_to = start;
        from = end + 1;
        let Some(line) = text.get(start..end) else {
            break;
        };
        let line = line.strip_suffix('\r').unwrap_or(line);
        let i = line_no;
        // Only ASCII `x` matters (no other character upper-cases to an ASCII `X`), so the
        // ASCII upper-casing, which copies the line once without decoding it, is enough.
        let upper = line.to_ascii_uppercase();
        let found = ["XXXX", "XX局", "XX单位", "XX部门"]
            .iter()
            .filter_map(|p| upper.find(p))
            .min();
        if let Some(pos) = found {
            out.push(
                Finding::new(
                    RuleId::MetaPlaceholder,
                    Severity::Warning,
                    format!(
                        "a template placeholder is left in: “{}”",
                        excerpt(line, pos)
                    ),
                )
                .at_lines([i + 1]),
            );
        }
    }
}

/// The text around byte `pos` of `line`: at most 20 characters either side, trimmed, with
/// `…` where the line goes on (a placeholder in a 6 KB line is quoted, not the line).
fn excerpt(line: &str, pos: usize) -> String {
    let before: Vec<(usize, char)> = line.get(..pos).unwrap_or("").char_indices().collect();
    let from = before
        .len()
        .checked_sub(20)
        .and_then(|i| before.get(i))
        .map_or(0, |&(b, _)| b);
    let to = line
        .get(pos..)
        .unwrap_or("")
        .char_indices()
        .nth(24)
        .map_or(line.len(), |(b, _)| pos + b);
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    out.push_str(line.get(from..to).unwrap_or(line).trim());
    if to < line.len() {
        out.push('…');
    }
    out
}

/// `meta.as_of_year`: `截至…年12月31日` should be the end of the year before a budget year (or
/// of that year), and the end of the year itself in a final account.
pub(crate) fn as_of_dates(d: &Disclosure, out: &mut Vec<Finding>) {
    let Some(year) = d.metadata.year else { return };
    let final_account = d.metadata.kind == Some(crate::meta::AccountKind::FinalAccount);
    // Both markers start with 截: paragraphs and lines without it are skipped.
    let first = memchr::memmem::Finder::new("截");
    for p in &d.document.prose {
        if first.find(p.text.as_bytes()).is_none() {
            continue;
        }
        for (i, line) in p.text.lines().enumerate() {
            if first.find(line.as_bytes()).is_none() {
                continue;
            }
            for marker in ["截至", "截止"] {
                let mut from = 0;
                while let Some(pos) = line.get(from..).and_then(|rest| rest.find(marker)) {
                    let at = from + pos + marker.len();
                    from = at;
                    let tail: String = line.get(at..).unwrap_or("").chars().take(12).collect();
                    let Some((y, _)) = years_in(&tail).into_iter().next() else {
                        continue;
                    };
                    if !tail.contains("12月") && !tail.contains("年底") && !tail.contains("年末")
                    {
                        continue;
                    }
                    let ok = if final_account {
                        y == year
                    } else {
                        y == year || y == year - 1
                    };
                    if !ok {
                        out.push(
                            Finding::new(
                                RuleId::MetaAsOfYear,
                                Severity::Warning,
                                format!(
                                    "“{marker}{}” names {y}, but the document is for {year}",
                                    tail.trim()
                                ),
                            )
                            .at_lines([p.first_line + i]),
                        );
                    }
                }
            }
        }
    }
}
