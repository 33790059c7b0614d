//! Key–value forms printed space-aligned (财政项目支出绩效目标填报表): cells split at spaces.

/// Cells of one form line: (1-based character column, text).
pub(crate) fn form_cells(text: &str) -> Vec<(usize, &str)> {
    let prose = text.contains(['，', '、', '。', '；']);
    let mut out = Vec::new();
    let mut start: Option<(usize, usize)> = None; // (byte, char column)
    let mut spaces = 0usize;
    let mut col = 0usize;
    for (b, ch) in text.char_indices() {
        col += 1;
        if ch.is_whitespace() {
            spaces += 1;
            continue;
        }
        let split = spaces >= 2 || (spaces == 1 && !prose);
        if let Some((sb, sc)) = start {
            if split {
                let cell = text.get(sb..b).unwrap_or("").trim_end();
                out.push((sc, cell));
                start = Some((b, col));
            }
        } else {
            start = Some((b, col));
        }
        spaces = 0;
    }
    if let Some((sb, sc)) = start {
        out.push((sc, text.get(sb..).unwrap_or("").trim_end()));
    }
    out
}
