//! Print the ruled tables (grids) and the text lines of a PDF, read from its geometry.
//!
//! ```text
//! cargo run --example pdf_grid -- FILE.pdf [--page N] [--json] [--lines]
//! cargo run --example pdf_grid            # the embedded one-page sample
//! ```
//!
//! Each grid is printed as rows of cells separated by ` | `; a cell spanning several rows or
//! columns is marked `⟨r×c⟩`, and the positions it covers beyond its first show `⋯`. A cell's
//! lines are joined with `⏎`. `--lines` adds the page's text lines; `--json` prints
//! `{"pages":[{"number":N,"rotate":R,"turned":T,"grids":[{"rows":[[{"text":…,"row_span":…,
//! "col_span":…}]]}],"lines":[…]}]}`.
//!
//! Exit status: 0 on success, 1 when the file cannot be read as a PDF, 2 on a usage error.

use std::io::Write;
use std::process::ExitCode;

use cnbudget::pdf::{Document, Grid, Page};

const USAGE: &str =
    "usage: pdf_grid [FILE.pdf] [--page N] [--json] [--lines]   (no FILE: the embedded sample)";

fn grid_rows(g: &Grid) -> Vec<Vec<Option<&cnbudget::pdf::Cell>>> {
    let mut rows = vec![vec![None; g.cols]; g.rows];
    for c in &g.cells {
        if let Some(slot) = rows.get_mut(c.row).and_then(|r| r.get_mut(c.col)) {
            *slot = Some(c);
        }
    }
    rows
}

fn print_page(out: &mut impl Write, p: &Page, lines: bool) -> std::io::Result<()> {
    writeln!(
        out,
        "== page {} ({:.0}×{:.0} pt, /Rotate {}, turned {}°): {} glyphs, {} rulings, {} grids",
        p.number,
        p.width,
        p.height,
        p.rotate,
        p.turned,
        p.glyphs().len(),
        p.rulings().len(),
        p.grids().len()
    )?;
    let d = p.dropped;
    if d.outside_page + d.clipped + d.duplicates + d.over_limit > 0 {
        writeln!(
            out,
            "   dropped: {} outside the page, {} clipped, {} drawn twice, {} over the limits",
            d.outside_page, d.clipped, d.duplicates, d.over_limit
        )?;
    }
    if p.is_text_less() {
        writeln!(out, "   (no text layer: the page needs OCR)")?;
    }
    for (k, g) in p.grids().iter().enumerate() {
        writeln!(
            out,
            "-- grid {} {} ({} × {})",
            k + 1,
            g.bbox,
            g.rows,
            g.cols
        )?;
        for (r, row) in grid_rows(g).iter().enumerate() {
            let cells: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(c, cell)| match cell {
                    Some(cell) => {
                        let mut s = cell.text.replace('\n', "⏎");
                        if cell.row_span > 1 || cell.col_span > 1 {
                            s.push_str(&format!("⟨{}×{}⟩", cell.row_span, cell.col_span));
                        }
                        s
                    }
                    None if g.cell_at(r, c).is_some() => "⋯".to_string(),
                    None => String::new(),
                })
                .collect();
            writeln!(out, "{}", cells.join(" | "))?;
        }
    }
    if lines {
        writeln!(out, "-- lines")?;
        for l in p.lines() {
            writeln!(out, "{}", l.text)?;
        }
    }
    Ok(())
}

fn page_json(p: &Page, lines: bool) -> serde_json::Value {
    let grids: Vec<serde_json::Value> = p
        .grids()
        .iter()
        .map(|g| {
            let rows: Vec<Vec<serde_json::Value>> = grid_rows(g)
                .iter()
                .map(|row| {
                    row.iter()
                        .flatten()
                        .map(|c| {
                            serde_json::json!({
                                "text": c.text, "row": c.row, "col": c.col,
                                "row_span": c.row_span, "col_span": c.col_span,
                                "bbox": [c.bbox.x0, c.bbox.y0, c.bbox.x1, c.bbox.y1],
                            })
                        })
                        .collect()
                })
                .collect();
            serde_json::json!({"bbox": [g.bbox.x0, g.bbox.y0, g.bbox.x1, g.bbox.y1], "rows": rows})
        })
        .collect();
    let mut v = serde_json::json!({
        "number": p.number, "rotate": p.rotate, "turned": p.turned,
        "width": p.width, "height": p.height, "text_less": p.is_text_less(),
        "grids": grids,
    });
    if lines {
        v["lines"] = p
            .lines()
            .iter()
            .map(|l| serde_json::json!({"text": l.text, "bbox": [l.bbox.x0, l.bbox.y0, l.bbox.x1, l.bbox.y1]}))
            .collect();
    }
    v
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (mut file, mut page, mut json, mut lines) = (None::<String>, None::<u32>, false, false);
    while let Some(a) = args.next() {
        match a.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            "--json" => json = true,
            "--lines" => lines = true,
            "--page" => match args.next().and_then(|n| n.parse().ok()) {
                Some(n) if n > 0 => page = Some(n),
                _ => {
                    eprintln!("pdf_grid: --page needs a page number (1 or more)\n{USAGE}");
                    return ExitCode::from(2);
                }
            },
            f if f.starts_with('-') && f.len() > 1 => {
                eprintln!("pdf_grid: unknown option {f}\n{USAGE}");
                return ExitCode::from(2);
            }
            _ if file.is_some() => {
                eprintln!("pdf_grid: one FILE at a time\n{USAGE}");
                return ExitCode::from(2);
            }
            _ => file = Some(a),
        }
    }
    let bytes = match &file {
        Some(path) => match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("pdf_grid: cannot read {path}: {e}");
                return ExitCode::FAILURE;
            }
        },
        None => {
            eprintln!("(no FILE given: reading the embedded sample)");
            cnbudget::pdf::SAMPLE_PDF.to_vec()
        }
    };
    let doc = match Document::from_bytes(&bytes) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("pdf_grid: {}: {e}", file.as_deref().unwrap_or("sample"));
            return ExitCode::FAILURE;
        }
    };
    let pages: Vec<&Page> = doc
        .pages()
        .iter()
        .filter(|p| page.is_none_or(|n| p.number == n))
        .collect();
    if let Some(n) = page.filter(|_| pages.is_empty()) {
        eprintln!("pdf_grid: no page {n} (the file has {})", doc.pages().len());
        return ExitCode::from(2);
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = if json {
        let v = serde_json::json!({"pages": pages.iter().map(|p| page_json(p, lines)).collect::<Vec<_>>()});
        writeln!(out, "{v}")
    } else {
        pages
            .iter()
            .try_for_each(|p| print_page(&mut out, p, lines))
    };
    match written.and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`pdf_grid FILE | head`) ends the output quietly.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pdf_grid: {e}");
            ExitCode::FAILURE
        }
    }
}
