//! The [`Catalogue`]: the embedded tables, optionally overlaid by a catalogue loaded at run time.

use std::borrow::Cow;
use std::path::Path;

use crate::code::{FunctionCode, Level};
use crate::entry::{Confidence, Entry, Provenance, Source, Years};
use crate::error::{ErrorKind, FunctionError, Position};
use crate::generated;
use cnbudget_text::names::{
    VariantKind, is_truncation, kinds_of_match, name_key, name_key_simplified,
};

/// Which edition answered a lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Edition {
    /// The entry is valid for the requested year.
    Exact(u16),
    /// No entry for this code is valid in the requested year (a year outside the data, or
    /// a code that did not exist then): the answer comes from the nearest year that has one.
    Nearest {
        /// The year asked for.
        requested: u16,
        /// The year whose edition answered.
        used: u16,
    },
}

impl Edition {
    /// Whether the answer comes from another year than the one requested.
    pub const fn is_nearest(self) -> bool {
        matches!(self, Edition::Nearest { .. })
    }

    /// The year whose edition answered.
    pub const fn year(self) -> u16 {
        match self {
            Edition::Exact(y) => y,
            Edition::Nearest { used, .. } => used,
        }
    }
}

/// The answer to [`Catalogue::get`]: an entry and the edition that gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Lookup<'a> {
    /// The entry.
    pub entry: &'a Entry,
    /// Whether it is valid for the requested year or comes from the nearest edition.
    pub edition: Edition,
}

impl<'a> Lookup<'a> {
    /// The code.
    pub fn code(&self) -> FunctionCode {
        self.entry.code
    }

    /// The name.
    pub fn name(&self) -> &'a str {
        &self.entry.name
    }
}

/// The outcome of [`Catalogue::resolve`], without its data (handy for counting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Outcome {
    /// See [`Resolution::Exact`].
    Exact,
    /// See [`Resolution::NameVariant`].
    NameVariant,
    /// See [`Resolution::Renamed`].
    Renamed,
    /// See [`Resolution::Mismatch`].
    Mismatch,
    /// See [`Resolution::UnknownName`].
    UnknownName,
    /// See [`Resolution::UnknownCode`].
    UnknownCode,
}

/// How a (code, name) pair written in a document relates to the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum Resolution<'a> {
    /// The name is exactly the catalogue name of the code for that year.
    Exact(Lookup<'a>),
    /// The name is the catalogue name written differently (see [`VariantKind`]).
    NameVariant {
        /// The code's entry for the year.
        lookup: Lookup<'a>,
        /// The differences, each one needed for the match.
        kinds: Vec<VariantKind>,
    },
    /// The name is another name of the same code (an earlier or later edition's name).
    Renamed {
        /// The code's entry for the year.
        lookup: Lookup<'a>,
        /// The entry whose name was written (its years say when that name was valid).
        matched: &'a Entry,
        /// Variant differences between the written name and `matched.name`.
        kinds: Vec<VariantKind>,
    },
    /// The name is not this code's but belongs to other codes: the code or the name is wrong.
    Mismatch {
        /// The code's entry for the year.
        lookup: Lookup<'a>,
        /// Entries whose name matches, nearest code first (same parent before others).
        belongs_to: Vec<&'a Entry>,
    },
    /// The code is known but the name matches no name in the catalogue.
    UnknownName {
        /// The code's entry for the year.
        lookup: Lookup<'a>,
    },
    /// The code is not in the catalogue for any year.
    UnknownCode {
        /// The code asked for.
        code: FunctionCode,
    },
}

impl Resolution<'_> {
    /// The outcome without its data.
    pub fn outcome(&self) -> Outcome {
        match self {
            Resolution::Exact(_) => Outcome::Exact,
            Resolution::NameVariant { .. } => Outcome::NameVariant,
            Resolution::Renamed { .. } => Outcome::Renamed,
            Resolution::Mismatch { .. } => Outcome::Mismatch,
            Resolution::UnknownName { .. } => Outcome::UnknownName,
            Resolution::UnknownCode { .. } => Outcome::UnknownCode,
        }
    }

    /// Whether the pair is the catalogue's (exact or a mere name variant).
    pub fn is_match(&self) -> bool {
        matches!(self, Resolution::Exact(_) | Resolution::NameVariant { .. })
    }

    /// The code's entry for the year, unless the code is unknown.
    pub fn lookup(&self) -> Option<Lookup<'_>> {
        match self {
            Resolution::Exact(l)
            | Resolution::NameVariant { lookup: l, .. }
            | Resolution::Renamed { lookup: l, .. }
            | Resolution::Mismatch { lookup: l, .. }
            | Resolution::UnknownName { lookup: l } => Some(*l),
            Resolution::UnknownCode { .. } => None,
        }
    }
}

/// An entry with its name key (for name comparison).
#[derive(Clone, Copy)]
struct Row<'a> {
    entry: &'a Entry,
    key: &'a str,
}

/// The functional classification catalogue: the embedded, generated tables, optionally
/// overlaid by catalogues loaded at run time (which win).
///
/// ```
/// use cnbudget_functional::{Catalogue, FunctionCode};
/// let cat = Catalogue::embedded();
/// let code = FunctionCode::new(2101506).unwrap();
/// let hit = cat.get(code, 2024).unwrap();
/// assert_eq!(hit.name(), "医疗保障经办事务");
/// let path: Vec<&str> = cat.path(code, 2024).iter().map(|l| l.name()).collect();
/// assert_eq!(path, ["卫生健康支出", "医疗保障管理事务", "医疗保障经办事务"]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    /// Loaded entries with their name keys, sorted by (code, first year).
    loaded: Vec<(Entry, String)>,
}

static EMBEDDED: Catalogue = Catalogue::new();

impl Catalogue {
    /// The embedded catalogue with nothing loaded. Costs nothing: the tables are static.
    pub const fn new() -> Catalogue {
        Catalogue { loaded: Vec::new() }
    }

    /// A shared reference to the embedded catalogue.
    pub fn embedded() -> &'static Catalogue {
        &EMBEDDED
    }

    /// The years the embedded data covers. A year outside it is answered from the nearest
    /// edition ([`Edition::Nearest`]).
    pub const fn covered_years() -> Years {
        generated::COVERED
    }

    /// Every embedded entry, sorted by code then year.
    pub fn embedded_entries() -> &'static [Entry] {
        generated::ENTRIES
    }

    /// Every loaded entry, sorted by code then year.
    pub fn loaded_entries(&self) -> impl Iterator<Item = &Entry> {
        self.loaded.iter().map(|(e, _)| e)
    }

    #[inline]
    fn embedded_rows(code: FunctionCode) -> impl Iterator<Item = Row<'static>> {
        let key = code.sort_key();
        // Narrow to the 款 (or the 类) with a direct index, then binary-search the few rows left.
        let lei = code.lei().wrapping_sub(200) as usize;
        let range = match code.kuan_part() {
            Some(kuan) => generated::KUAN_RANGES.get(lei * 100 + kuan as usize),
            None => generated::LEI_RANGES.get(lei),
        };
        let (start, end) = range.map_or((0, 0), |(a, b)| (usize::from(*a), usize::from(*b)));
        let keys = generated::CODE_KEYS.get(start..end).unwrap_or(&[]);
        let lo = start + keys.partition_point(|k| *k < key);
        let keys = generated::CODE_KEYS;
        let n = keys
            .get(lo..)
            .unwrap_or(&[])
            .iter()
            .take_while(|k| **k == key)
            .count();
        (lo..lo + n).filter_map(|i| {
            Some(Row {
                entry: generated::ENTRIES.get(i)?,
                key: generated::KEYS.get(i)?,
            })
        })
    }

    fn loaded_rows(&self, code: FunctionCode) -> impl Iterator<Item = Row<'_>> {
        let lo = self.loaded.partition_point(|(e, _)| e.code < code);
        let hi = self.loaded.partition_point(|(e, _)| e.code <= code);
        self.loaded
            .get(lo..hi)
            .unwrap_or(&[])
            .iter()
            .map(|(e, k)| Row {
                entry: e,
                key: k.as_str(),
            })
    }

    #[inline]
    fn pick(&self, code: FunctionCode, year: u16) -> Option<(Row<'_>, Edition)> {
        // Loaded rows win; then embedded; exact years before nearest.
        fn consider<'r>(row: Row<'r>, year: u16, best: &mut Option<(Row<'r>, u16)>) {
            let d = row.entry.years.distance(year);
            if best.is_none_or(|(_, bd)| d < bd) {
                *best = Some((row, d));
            }
        }
        let mut best: Option<(Row<'_>, u16)> = None;
        if self.loaded.is_empty() {
            // Fast path: the embedded tables only.
            for row in Self::embedded_rows(code) {
                if row.entry.years.contains(year) {
                    return Some((row, Edition::Exact(year)));
                }
                consider(row, year, &mut best);
            }
            let (row, _) = best?;
            let used = row.entry.years.clamp(year);
            return Some((
                row,
                Edition::Nearest {
                    requested: year,
                    used,
                },
            ));
        }
        for row in self.loaded_rows(code) {
            consider(row, year, &mut best);
        }
        if best.is_none_or(|(_, d)| d > 0) {
            let mut emb: Option<(Row<'_>, u16)> = None;
            for row in Self::embedded_rows(code) {
                consider(row, year, &mut emb);
            }
            match (best, emb) {
                (None, e) => best = e,
                (Some(_), Some((r, 0))) => best = Some((r, 0)),
                _ => {}
            }
        }
        let (row, d) = best?;
        let edition = if d == 0 {
            Edition::Exact(year)
        } else {
            Edition::Nearest {
                requested: year,
                used: row.entry.years.clamp(year),
            }
        };
        Some((row, edition))
    }

    /// The entry for `code` in `year`. If the code has no entry valid in that year, the
    /// entry of the nearest year is returned and [`Lookup::edition`] says so.
    ///
    /// ```
    /// use cnbudget_functional::{Catalogue, Edition, FunctionCode};
    /// let cat = Catalogue::embedded();
    /// let health = FunctionCode::new(210).unwrap();
    /// assert_eq!(cat.get(health, 2018).unwrap().name(), "医疗卫生与计划生育支出");
    /// assert_eq!(cat.get(health, 2019).unwrap().name(), "卫生健康支出");
    /// let far = cat.get(health, 2040).unwrap();
    /// assert_eq!(far.edition, Edition::Nearest { requested: 2040, used: 2026 });
    /// ```
    #[inline]
    pub fn get(&self, code: FunctionCode, year: u16) -> Option<Lookup<'_>> {
        self.pick(code, year).map(|(row, edition)| Lookup {
            entry: row.entry,
            edition,
        })
    }

    /// The name of `code` in `year` (nearest edition if needed).
    pub fn name(&self, code: FunctionCode, year: u16) -> Option<&str> {
        self.get(code, year).map(|l| l.entry.name.as_ref())
    }

    /// Whether the catalogue knows `code` in any year.
    pub fn contains(&self, code: FunctionCode) -> bool {
        self.loaded_rows(code).next().is_some() || Self::embedded_rows(code).next().is_some()
    }

    /// The 类 → 款 → 项 entries down to `code` (those the catalogue knows).
    pub fn path(&self, code: FunctionCode, year: u16) -> Vec<Lookup<'_>> {
        code.lineage()
            .into_iter()
            .filter_map(|c| self.get(c, year))
            .collect()
    }

    /// Every distinct code the catalogue knows (any year) within `lo..=hi`, sorted.
    pub fn codes_in(&self, lo: FunctionCode, hi: FunctionCode) -> Vec<FunctionCode> {
        let emb = generated::ENTRIES;
        let a = emb.partition_point(|e| e.code < lo);
        let b = emb.partition_point(|e| e.code <= hi);
        let mut codes: Vec<FunctionCode> = emb
            .get(a..b)
            .unwrap_or(&[])
            .iter()
            .map(|e| e.code)
            .collect();
        let a = self.loaded.partition_point(|(e, _)| e.code < lo);
        let b = self.loaded.partition_point(|(e, _)| e.code <= hi);
        codes.extend(
            self.loaded
                .get(a..b)
                .unwrap_or(&[])
                .iter()
                .map(|(e, _)| e.code),
        );
        codes.sort_unstable();
        codes.dedup();
        codes
    }

    /// `code` and everything under it, in code order, for `year`.
    pub fn descendants(&self, code: FunctionCode, year: u16) -> Vec<Lookup<'_>> {
        let (lo, hi) = code.descendant_bounds();
        self.codes_in(lo, hi)
            .into_iter()
            .filter_map(|c| self.get(c, year))
            .collect()
    }

    /// The direct children of `code` (款 of a 类, 项 of a 款) for `year`.
    ///
    /// ```
    /// use cnbudget_functional::{Catalogue, FunctionCode};
    /// let cat = Catalogue::embedded();
    /// let kids = cat.children(FunctionCode::new(20508).unwrap(), 2024);
    /// assert!(kids.iter().any(|l| l.code().value() == 2050803 && l.name() == "培训支出"));
    /// ```
    pub fn children(&self, code: FunctionCode, year: u16) -> Vec<Lookup<'_>> {
        let Some(level) = code.level().child() else {
            return Vec::new();
        };
        let (lo, hi) = code.descendant_bounds();
        self.codes_in(lo, hi)
            .into_iter()
            .filter(|c| c.level() == level)
            .filter_map(|c| self.get(c, year))
            .collect()
    }

    /// Every code of `level` for `year`, in code order.
    pub fn iter_level(&self, level: Level, year: u16) -> Vec<Lookup<'_>> {
        let (Some(lo), Some(hi)) = (FunctionCode::new(200), FunctionCode::new(2_999_999)) else {
            return Vec::new();
        };
        self.codes_in(lo, hi)
            .into_iter()
            .filter(|c| c.level() == level)
            .filter_map(|c| self.get(c, year))
            .collect()
    }

    /// Entries (any year) whose name key equals `key`, loaded first.
    fn rows_with_key(&self, key: &str) -> Vec<Row<'_>> {
        let mut out: Vec<Row<'_>> = self
            .loaded
            .iter()
            .filter(|(_, k)| k == key)
            .map(|(e, k)| Row { entry: e, key: k })
            .collect();
        let idx = generated::BY_KEY;
        let lo = idx.partition_point(|(k, _)| *k < key);
        let hi = idx.partition_point(|(k, _)| *k <= key);
        for (_, i) in idx.get(lo..hi).unwrap_or(&[]) {
            let i = *i as usize;
            if let (Some(entry), Some(k)) = (generated::ENTRIES.get(i), generated::KEYS.get(i)) {
                out.push(Row { entry, key: k });
            }
        }
        out
    }

    /// Find entries by name (script, punctuation, 与/和 and a trailing 支出 ignored; known
    /// abbreviations too). Each hit is the matching entry; its edition says whether that
    /// name is valid in `year`.
    ///
    /// ```
    /// use cnbudget_functional::Catalogue;
    /// let hits = Catalogue::embedded().search("医疗保障经办事务", 2024);
    /// assert_eq!(hits.len(), 1);
    /// assert_eq!(hits[0].code().value(), 2101506);
    /// ```
    pub fn search(&self, name: &str, year: u16) -> Vec<Lookup<'_>> {
        let key = name_key(name);
        let mut rows = self.rows_with_key(&key);
        for (k, code) in generated::ABBREVIATIONS {
            if *k == key {
                if let Some((row, _)) = self.pick(*code, year) {
                    rows.push(row);
                }
            }
        }
        let mut out: Vec<Lookup<'_>> = Vec::new();
        for row in rows {
            // A loaded entry for the same code and years hides the embedded one.
            if out
                .iter()
                .any(|l| l.entry.code == row.entry.code && l.entry.years == row.entry.years)
            {
                continue;
            }
            let edition = if row.entry.years.contains(year) {
                Edition::Exact(year)
            } else {
                Edition::Nearest {
                    requested: year,
                    used: row.entry.years.clamp(year),
                }
            };
            out.push(Lookup {
                entry: row.entry,
                edition,
            });
        }
        out.sort_by_key(|l| (l.edition.is_nearest(), l.entry.code));
        out
    }

    /// Entries valid in `year` whose name contains `fragment` (after script conversion).
    pub fn search_fragment(&self, fragment: &str, year: u16) -> Vec<Lookup<'_>> {
        let frag = cnbudget_text::to_simplified(fragment.trim());
        if frag.is_empty() {
            return Vec::new();
        }
        let (Some(lo), Some(hi)) = (FunctionCode::new(200), FunctionCode::new(2_999_999)) else {
            return Vec::new();
        };
        self.codes_in(lo, hi)
            .into_iter()
            .filter_map(|c| self.get(c, year))
            .filter(|l| l.entry.name.contains(frag.as_ref()))
            .collect()
    }

    /// How the pair (`code`, `name`) written in a document of `year` relates to the catalogue.
    ///
    /// ```
    /// use cnbudget_functional::{Catalogue, FunctionCode, Outcome};
    /// let cat = Catalogue::embedded();
    /// let c = |v| FunctionCode::new(v).unwrap();
    /// assert_eq!(cat.resolve(c(2101506), "医疗保障经办事务", 2024).outcome(), Outcome::Exact);
    /// assert_eq!(cat.resolve(c(221), "住房保障", 2024).outcome(), Outcome::NameVariant);
    /// assert_eq!(cat.resolve(c(210), "医疗卫生与计划生育支出", 2024).outcome(), Outcome::Renamed);
    /// assert_eq!(cat.resolve(c(2101506), "培训支出", 2024).outcome(), Outcome::Mismatch);
    /// ```
    pub fn resolve(&self, code: FunctionCode, name: &str, year: u16) -> Resolution<'_> {
        let Some((row, edition)) = self.pick(code, year) else {
            return Resolution::UnknownCode { code };
        };
        let lookup = Lookup {
            entry: row.entry,
            edition,
        };
        if name == row.entry.name {
            return Resolution::Exact(lookup);
        }
        let simplified = cnbudget_text::to_simplified(name);
        let key = name_key_simplified(&simplified);
        if key == row.key {
            let kinds = kinds_of_match(name, &simplified, &row.entry.name);
            return Resolution::NameVariant { lookup, kinds };
        }
        if generated::ABBREVIATIONS
            .iter()
            .any(|(k, c)| *c == code && *k == key)
        {
            return Resolution::NameVariant {
                lookup,
                kinds: vec![VariantKind::Abbreviation],
            };
        }
        let same_code = self
            .loaded_rows(code)
            .chain(Self::embedded_rows(code).map(|r| Row {
                entry: r.entry,
                key: r.key,
            }))
            .find(|r| r.key == key);
        if let Some(other) = same_code {
            let kinds = kinds_of_match(name, &simplified, &other.entry.name);
            return Resolution::Renamed {
                lookup,
                matched: other.entry,
                kinds,
            };
        }
        let mut belongs_to: Vec<&Entry> = self
            .rows_with_key(&key)
            .into_iter()
            .map(|r| r.entry)
            .filter(|e| e.code != code)
            .collect();
        if !belongs_to.is_empty() {
            // Loaded rows come first, so a stable sort then dedup keeps the loaded one.
            belongs_to.sort_by_key(|e| (closeness(code, e.code), e.code));
            belongs_to.dedup_by_key(|e| e.code);
            return Resolution::Mismatch { lookup, belongs_to };
        }
        if is_truncation(name, &row.entry.name) {
            return Resolution::NameVariant {
                lookup,
                kinds: vec![VariantKind::Truncated],
            };
        }
        Resolution::UnknownName { lookup }
    }

    /// Parse a code or a name chain (`卫生健康支出（类）医疗保障管理事务（款）行政运行（项）`).
    ///
    /// A chain is resolved level by level against the catalogue for `year`: each name must
    /// match exactly one entry (variants allowed) under the previous one. Text before the
    /// first name that is only numbering (`6. `) and text after the last marker are ignored.
    ///
    /// ```
    /// use cnbudget_functional::Catalogue;
    /// let cat = Catalogue::embedded();
    /// let code = cat.parse(
    ///     "社会保障和就业支出(类)行政事业单位养老支出(款)机关事业单位基本养老保险缴费支出(项)",
    ///     2023,
    /// )?;
    /// assert_eq!(code.value(), 2080505);
    /// assert_eq!(cat.parse("210 15 06", 2023)?.value(), 2101506);
    /// # Ok::<(), cnbudget_functional::FunctionError>(())
    /// ```
    pub fn parse(&self, text: &str, year: u16) -> Result<FunctionCode, FunctionError> {
        let segments = chain_segments(text);
        if segments.is_empty() {
            return FunctionCode::parse(text);
        }
        let mut parent: Option<FunctionCode> = None;
        for (level, name, byte) in segments {
            let mut found: Vec<FunctionCode> = self
                .search(name, year)
                .into_iter()
                .map(|l| l.entry.code)
                .filter(|c| c.level() == level && parent.is_none_or(|p| p.contains(*c)))
                .collect();
            found.sort_unstable();
            found.dedup();
            match found.as_slice() {
                [one] => parent = Some(*one),
                [] => {
                    return Err(FunctionError::at(
                        ErrorKind::Chain,
                        text,
                        byte,
                        format!("no {} named {name:?}{}", level.chinese(), under(parent)),
                    ));
                }
                many => {
                    let list: Vec<String> = many.iter().map(|c| c.to_string()).collect();
                    return Err(FunctionError::at(
                        ErrorKind::Chain,
                        text,
                        byte,
                        format!(
                            "{} {name:?}{} is ambiguous: {}",
                            level.chinese(),
                            under(parent),
                            list.join(", ")
                        ),
                    ));
                }
            }
        }
        parent.ok_or_else(|| FunctionError::new(ErrorKind::Chain, "empty chain"))
    }

    /// Load a catalogue from CSV text and overlay it (it wins over the embedded data).
    ///
    /// Accepted columns: `code,name` (as the Ministry of Finance publishes it),
    /// `year,code,name` or `code,name,year`. A header row is recognised by its column names
    /// (`code`/`编码`/`科目编码`/`科目代码`, `name`/`名称`/`科目名称`, `year`/`年度`/`年份`)
    /// and may order the columns freely. Rows without a year apply to `default_year`, or
    /// to every year if that is `None`. Codes may be written in any form
    /// [`FunctionCode::parse`] accepts. Returns the number of rows loaded. On error nothing
    /// is loaded and the error gives line:column.
    ///
    /// ```
    /// use cnbudget_functional::{Catalogue, FunctionCode, Source};
    /// let mut cat = Catalogue::new();
    /// cat.load_csv_str("code,name\n2101506,医疗保障经办业务\n", "mof-2025.csv", Some(2025))?;
    /// let hit = cat.get(FunctionCode::new(2101506).unwrap(), 2025).unwrap();
    /// assert_eq!(hit.name(), "医疗保障经办业务");
    /// assert_eq!(hit.entry.provenance.source.to_string(), "loaded from mof-2025.csv");
    /// let err = cat.load_csv_str("code,name\n21x,bad\n", "x.csv", None).unwrap_err();
    /// assert_eq!(err.to_string(), "x.csv:2:3: invalid character: a code holds only digits and separators");
    /// # Ok::<(), cnbudget_functional::FunctionError>(())
    /// ```
    pub fn load_csv_str(
        &mut self,
        text: &str,
        label: &str,
        default_year: Option<u16>,
    ) -> Result<usize, FunctionError> {
        let rows = parse_catalogue_csv(text, label, default_year)?;
        let n = rows.len();
        self.loaded.extend(rows);
        self.loaded.sort_by(|(a, _), (b, _)| {
            (a.code, a.years.first, a.years.last).cmp(&(b.code, b.years.first, b.years.last))
        });
        Ok(n)
    }

    /// [`Catalogue::load_csv_str`] on a file (UTF-8, GBK/GB18030, Big5 or UTF-16, detected by
    /// `cnbudget_text::decode_strict`); the label is the path.
    pub fn load_csv_path(
        &mut self,
        path: impl AsRef<Path>,
        default_year: Option<u16>,
    ) -> Result<usize, FunctionError> {
        let path = path.as_ref();
        let label = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| FunctionError::from(e).with_label(&label))?;
        // UTF-8 (with or without BOM), GBK/GB18030, Big5 or UTF-16, as cnbudget-text detects.
        let decoded = cnbudget_text::decode_strict(&bytes).map_err(|e| {
            let err = FunctionError::new(
                ErrorKind::Csv,
                format!("cannot decode the file: {}", e.detail()),
            );
            let err = match e.position() {
                Some(p) => err.with_position(Position {
                    byte: p.byte,
                    line: u32::try_from(p.line).unwrap_or(u32::MAX),
                    column: u32::try_from(p.column).unwrap_or(u32::MAX),
                }),
                None => err,
            };
            err.with_label(&label)
        })?;
        let text = decoded.text;
        self.load_csv_str(&text, &label, default_year)
    }
}

fn under(parent: Option<FunctionCode>) -> String {
    parent.map(|p| format!(" under {p}")).unwrap_or_default()
}

/// 0 for a sibling (same parent), 1 for the same 类, 2 otherwise.
fn closeness(a: FunctionCode, b: FunctionCode) -> u8 {
    if a.parent().is_some() && a.parent() == b.parent() {
        0
    } else if a.lei() == b.lei() {
        1
    } else {
        2
    }
}

/// Split a name chain into (level, name, byte offset) segments.
fn chain_segments(text: &str) -> Vec<(Level, &str, usize)> {
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut i = 0usize;
    let bytes_len = text.len();
    while i < bytes_len {
        let rest = text.get(i..).unwrap_or("");
        let mut matched = None;
        for (marker, level) in [
            ("（类）", Level::Lei),
            ("(类)", Level::Lei),
            ("（款）", Level::Kuan),
            ("(款)", Level::Kuan),
            ("（项）", Level::Xiang),
            ("(项)", Level::Xiang),
        ] {
            if rest.starts_with(marker) {
                matched = Some((marker.len(), level));
                break;
            }
        }
        if let Some((len, level)) = matched {
            let raw = text.get(start..i).unwrap_or("");
            let trimmed = raw.trim_start_matches(|c: char| {
                c.is_whitespace()
                    || c.is_ascii_digit()
                    || c.is_ascii_punctuation()
                    || matches!(c, '、' | '．' | '。' | '，')
            });
            let offset = start + (raw.len() - trimmed.len());
            out.push((level, trimmed.trim_end(), offset));
            i += len;
            start = i;
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    out
}

const CODE_HEADERS: &[&str] = &[
    "code",
    "编码",
    "科目编码",
    "科目代码",
    "功能分类科目编码",
    "代码",
];
const NAME_HEADERS: &[&str] = &["name", "名称", "科目名称", "功能分类科目名称"];
const YEAR_HEADERS: &[&str] = &["year", "年度", "年份"];

fn parse_catalogue_csv(
    text: &str,
    label: &str,
    default_year: Option<u16>,
) -> Result<Vec<(Entry, String)>, FunctionError> {
    let records = crate::csv::records(text).map_err(|(byte, msg)| {
        FunctionError::at(ErrorKind::Csv, text, byte, msg).with_label(label)
    })?;
    let mut iter = records.iter().peekable();
    let header_cols = |names: &[&str], rec: &crate::csv::Record| {
        rec.fields.iter().position(|f| {
            let t = f.text.trim().to_lowercase();
            names.iter().any(|n| *n == t)
        })
    };
    let (mut code_col, mut name_col, mut year_col) = (0usize, 1usize, None);
    if let Some(first) = iter.peek() {
        if let (Some(c), Some(n)) = (
            header_cols(CODE_HEADERS, first),
            header_cols(NAME_HEADERS, first),
        ) {
            code_col = c;
            name_col = n;
            year_col = header_cols(YEAR_HEADERS, first);
            iter.next();
        } else if first.fields.len() >= 3
            && is_year(
                &first
                    .fields
                    .first()
                    .map(|f| f.text.clone())
                    .unwrap_or_default(),
            )
        {
            // year,code,name
            code_col = 1;
            name_col = 2;
            year_col = Some(0);
        } else if first.fields.len() >= 3 {
            year_col = Some(2);
        }
    }
    let source = Source::Loaded {
        label: Cow::Owned(label.to_owned()),
    };
    let mut out = Vec::new();
    for rec in iter {
        let field = |col: usize, what: &str| {
            rec.fields.get(col).ok_or_else(|| {
                FunctionError::at(
                    ErrorKind::Csv,
                    text,
                    rec.byte,
                    format!("missing {what} column"),
                )
                .with_label(label)
            })
        };
        let cf = field(code_col, "code")?;
        let nf = field(name_col, "name")?;
        let code = FunctionCode::parse(&cf.text).map_err(|e| {
            let inner = e.position().map_or(0, |p| p.byte);
            // Map the offset inside the field back to the file (exact for unquoted fields).
            let quote = usize::from(text.get(cf.byte..).is_some_and(|s| s.starts_with('"')));
            FunctionError::at(
                e.kind(),
                text,
                cf.byte + quote + inner,
                e.detail().to_owned(),
            )
            .with_label(label)
        })?;
        let name = nf.text.trim();
        if name.is_empty() {
            return Err(
                FunctionError::at(ErrorKind::Csv, text, nf.byte, "empty name").with_label(label),
            );
        }
        let years = match year_col
            .and_then(|c| rec.fields.get(c))
            .map(|f| (f.text.trim(), f.byte))
        {
            Some(("", _)) => default_year.map_or(Years::ALL, |y| Years::new(y, y)),
            Some((y, byte)) => match parse_year(y) {
                Some(y) => Years::new(y, y),
                None => {
                    return Err(FunctionError::at(
                        ErrorKind::Csv,
                        text,
                        byte,
                        format!("bad year {y:?}"),
                    )
                    .with_label(label));
                }
            },
            None => default_year.map_or(Years::ALL, |y| Years::new(y, y)),
        };
        let entry = Entry {
            code,
            name: Cow::Owned(name.to_owned()),
            years,
            provenance: Provenance {
                source: source.clone(),
                confidence: Confidence::High,
                evidence: None,
                confirmed: None,
            },
        };
        let key = name_key(name);
        out.push((entry, key));
    }
    Ok(out)
}

fn parse_year(s: &str) -> Option<u16> {
    let s = s.trim().trim_end_matches('年');
    if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

fn is_year(s: &str) -> bool {
    parse_year(s).is_some_and(|y| (1990..=2100).contains(&y))
}

/// The comparison key used for generated data (exposed for the code generator).
#[doc(hidden)]
pub fn generated_key(name: &str) -> String {
    name_key_simplified(name)
}
