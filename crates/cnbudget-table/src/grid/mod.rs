//! Grids of raw cells, as each text source reads them: tab-separated and markdown rows, comma-
//! separated rows, HTML tables, cells one per line, flattened cells, and `pdftotext -layout`
//! columns (`layout`).

pub(crate) mod cell_per_line;
pub(crate) mod csv;
pub(crate) mod flattened;
pub(crate) mod html;
pub(crate) mod layout;
pub(crate) mod pipe;
pub(crate) mod tsv;

use std::borrow::Cow;

use crate::cell::{clean, trim_ws};

/// A cell as found in the text.
#[derive(Debug, Clone)]
pub(crate) struct RawCell<'a> {
    pub raw: Cow<'a, str>,
    pub line: usize,
    pub column: usize,
}

/// A row of raw cells.
#[derive(Debug, Clone)]
pub(crate) struct RawRow<'a> {
    pub lines: Vec<usize>,
    pub cells: Vec<RawCell<'a>>,
}

impl RawRow<'_> {
    pub(crate) fn texts(&self) -> Vec<String> {
        self.cells
            .iter()
            .map(|c| clean(&c.raw).into_owned())
            .collect()
    }
    pub(crate) fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| trim_ws(&c.raw).is_empty())
    }
    pub(crate) fn nonempty(&self) -> usize {
        self.cells
            .iter()
            .filter(|c| !trim_ws(&c.raw).is_empty())
            .count()
    }
}
