//! The [`Catalogue`]: the embedded tables, optionally overlaid by a catalogue loaded at run time.

use std::borrow::Cow;
use std::path::Path;

use crate::Classification;
use crate::entry::{Confidence, Entry, Evidence, EvidenceKind, Provenance, Source, Years};
use crate::error::{CatalogueError, CatalogueErrorKind};
use cnbudget_text::names::{
    VariantKind, is_truncation, kinds_of_match, name_key, name_key_simplified,
};

/// What the catalogue knows of a code in the year asked for, and which year's entry answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Edition {
    /// Evidence covers the requested year: the entry's name is the name of that year.
    Exact(u16),
    /// No evidence for the requested year either way (a year outside the data, or a code
    /// seen only in other years): the name is unknown for that year, and the entry is the
    /// one of the nearest year with evidence, for reference only.
    Nearest {
        /// The year asked for.
        requested: u16,
        /// The nearest year with evidence, whose entry answered.
        used: u16,
    },
    /// Evidence says the code did not exist in the requested year (a recorded change adds it
    /// in a later edition or drops it in an earlier one: [`Entry::introduced`],
    /// [`Entry::withdrawn`]); the entry is the one of the nearest year with evidence.
    Absent {
        /// The year asked for.
        requested: u16,
        /// The nearest year with evidence, whose entry answered.
        used: u16,
    },
}

impl Edition {
    /// Whether the answer comes from another year than the one requested (unknown or
    /// absent in that year).
    pub const fn is_nearest(self) -> bool {
        !matches!(self, Edition::Exact(_))
    }

    /// Whether evidence covers the requested year.
    pub const fn is_known(self) -> bool {
        matches!(self, Edition::Exact(_))
    }

    /// Whether evidence says the code did not exist in the requested year.
    pub const fn is_absent(self) -> bool {
        matches!(self, Edition::Absent { .. })
    }

    /// The year whose edition answered.
    pub const fn year(self) -> u16 {
        match self {
            Edition::Exact(y) => y,
            Edition::Nearest { used, .. } | Edition::Absent { used, .. } => used,
        }
    }

    /// The year asked for.
    pub const fn requested(self) -> u16 {
        match self {
            Edition::Exact(y) => y,
            Edition::Nearest { requested, .. } | Edition::Absent { requested, .. } => requested,
        }
    }

    /// The edition of `entry` for `year`: exact when its years contain `year`, absent when
    /// evidence says the code did not exist then, else unknown (nearest).
    pub fn of<C>(entry: &Entry<C>, year: u16) -> Edition {
        if entry.years.contains(year) {
            Edition::Exact(year)
        } else if entry.absent_in(year).is_some() {
            Edition::Absent {
                requested: year,
                used: entry.years.clamp(year),
            }
        } else {
            Edition::Nearest {
                requested: year,
                used: entry.years.clamp(year),
            }
        }
    }
}

/// The answer to [`Catalogue::get`]: an entry and the edition that gave it.
#[derive(Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Lookup<'a, C: 'static> {
    /// The entry.
    pub entry: &'a Entry<C>,
    /// Whether it is valid for the requested year or comes from the nearest edition.
    pub edition: Edition,
}

// By hand: derived impls would ask `C: Copy`; a lookup is two references' worth of data.
impl<C> Clone for Lookup<'_, C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<C> Copy for Lookup<'_, C> {}

impl<'a, C: Classification> Lookup<'a, C> {
    /// The code.
    pub fn code(&self) -> C {
        self.entry.code
    }

    /// The name (of the requested year only when [`Edition::is_known`]).
    pub fn name(&self) -> &'a str {
        &self.entry.name
    }

    /// The answer for the requested year in words: the name, `not in the 2017 edition (…)`
    /// with the evidence, or `unknown for 2016 (…)` with the nearest year's name.
    pub fn answer(&self) -> String {
        match self.edition {
            Edition::Exact(_) => self.entry.name.to_string(),
            Edition::Absent { requested, used } => {
                let why = self
                    .entry
                    .absent_in(requested)
                    .map(|b| format!(": {b}"))
                    .unwrap_or_default();
                format!(
                    "not in the {requested} edition{why} (named {} in {used})",
                    self.entry.name
                )
            }
            Edition::Nearest { requested, used } => format!(
                "unknown for {requested}: no evidence for that year (named {} in {used})",
                self.entry.name
            ),
        }
    }
}

/// The outcome of [`Catalogue::resolve`], without its data (handy for counting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
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
    /// See [`Resolution::NotInEdition`].
    NotInEdition,
    /// See [`Resolution::Qualified`].
    Qualified,
}

cnbudget_text::named_values!(Outcome, "resolution outcome" {
    Exact => "exact",
    NameVariant => "name_variant",
    Renamed => "renamed",
    Mismatch => "mismatch",
    UnknownName => "unknown_name",
    UnknownCode => "unknown_code",
    NotInEdition => "not_in_edition",
    Qualified => "qualified",
});

/// How a (code, name) pair written in a document of some year relates to the catalogue.
///
/// The name is compared with the code's entry for the year ([`Resolution::lookup`]). When
/// no evidence covers the year, that entry is the nearest year's and its
/// [`Lookup::edition`] is [`Edition::Nearest`]: the comparison is with that year's name,
/// and the name of the requested year is unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Resolution<'a, C: 'static> {
    /// The name is exactly the catalogue name of the code for that year.
    Exact(Lookup<'a, C>),
    /// The name is the catalogue name written differently (see [`VariantKind`]).
    NameVariant {
        /// The code's entry for the year.
        lookup: Lookup<'a, C>,
        /// The differences, each one needed for the match.
        kinds: Vec<VariantKind>,
    },
    /// The name is another name of the same code (an earlier or later edition's name).
    Renamed {
        /// The code's entry for the year.
        lookup: Lookup<'a, C>,
        /// The entry whose name was written (its years say when that name was valid).
        matched: &'a Entry<C>,
        /// Variant differences between the written name and `matched.name`.
        kinds: Vec<VariantKind>,
    },
    /// The name is not this code's but belongs to other codes: the code or the name is wrong.
    Mismatch {
        /// The code's entry for the year.
        lookup: Lookup<'a, C>,
        /// Entries whose name matches, nearest code first (same parent before others).
        belongs_to: Vec<&'a Entry<C>>,
    },
    /// The code is known but the name matches no name in the catalogue.
    UnknownName {
        /// The code's entry for the year.
        lookup: Lookup<'a, C>,
    },
    /// The code is not in the catalogue for any year.
    UnknownCode {
        /// The code asked for.
        code: C,
    },
    /// The name is the code's name followed by the name of one of its ancestors in brackets,
    /// as documents write a generic name (`行政运行(人力资源和社会保障管理事务)`: 2080101 under
    /// 20801).
    Qualified {
        /// The code's entry for the year.
        lookup: Lookup<'a, C>,
        /// The ancestor's entry whose name is in the brackets.
        ancestor: &'a Entry<C>,
    },
    /// Evidence says the code did not exist in the year ([`Edition::Absent`]).
    NotInEdition {
        /// The code's entry of the nearest year with evidence.
        lookup: Lookup<'a, C>,
        /// The code's entry whose name was written, if the name is one of the code's names.
        matched: Option<&'a Entry<C>>,
    },
}

impl<C> Resolution<'_, C> {
    /// The outcome without its data.
    pub fn outcome(&self) -> Outcome {
        match self {
            Resolution::Exact(_) => Outcome::Exact,
            Resolution::NameVariant { .. } => Outcome::NameVariant,
            Resolution::Renamed { .. } => Outcome::Renamed,
            Resolution::Mismatch { .. } => Outcome::Mismatch,
            Resolution::UnknownName { .. } => Outcome::UnknownName,
            Resolution::UnknownCode { .. } => Outcome::UnknownCode,
            Resolution::NotInEdition { .. } => Outcome::NotInEdition,
            Resolution::Qualified { .. } => Outcome::Qualified,
        }
    }

    /// Whether the name is the catalogue's name of the code (exact, a mere name variant, or
    /// qualified by an ancestor's name) in the entry that answered; see
    /// [`Resolution::is_known_match`] for the year itself.
    pub fn is_match(&self) -> bool {
        matches!(
            self,
            Resolution::Exact(_) | Resolution::NameVariant { .. } | Resolution::Qualified { .. }
        )
    }

    /// Whether the name is the code's name *in the year asked for*: a match
    /// ([`Resolution::is_match`]) with evidence for that year ([`Edition::is_known`]).
    pub fn is_known_match(&self) -> bool {
        self.is_match() && self.lookup().is_some_and(|l| l.edition.is_known())
    }

    /// The code's entry for the year, unless the code is unknown.
    pub fn lookup(&self) -> Option<Lookup<'_, C>> {
        match self {
            Resolution::Exact(l)
            | Resolution::NameVariant { lookup: l, .. }
            | Resolution::Renamed { lookup: l, .. }
            | Resolution::Mismatch { lookup: l, .. }
            | Resolution::UnknownName { lookup: l }
            | Resolution::Qualified { lookup: l, .. }
            | Resolution::NotInEdition { lookup: l, .. } => Some(*l),
            Resolution::UnknownCode { .. } => None,
        }
    }
}

/// An entry with its name key (for name comparison).
struct Row<'a, C: 'static> {
    entry: &'a Entry<C>,
    key: &'a str,
}

impl<C> Clone for Row<'_, C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<C> Copy for Row<'_, C> {}

/// A classification catalogue: the embedded, generated tables of the classification whose
/// code type is `C`, optionally overlaid by catalogues loaded at run time (which win).
///
/// The classification crates name it for their code type: `cnbudget_functional::Catalogue`
/// is `Catalogue<FunctionCode>`; `cnbudget_economic::Catalogue` wraps
/// `Catalogue<EconomicCode>` and adds the 部门 → 政府 mapping. Their docs show it at work.
#[derive(Debug, Clone)]
pub struct Catalogue<C: 'static> {
    /// Loaded entries with their name keys, sorted by (code, first year).
    loaded: Vec<(Entry<C>, String)>,
}

impl<C> Default for Catalogue<C> {
    fn default() -> Self {
        Catalogue { loaded: Vec::new() }
    }
}

impl<C: Classification> Catalogue<C> {
    /// The embedded catalogue with nothing loaded. Costs nothing: the tables are static.
    pub const fn new() -> Catalogue<C> {
        Catalogue { loaded: Vec::new() }
    }

    /// A shared reference to the embedded catalogue.
    pub fn embedded() -> &'static Catalogue<C> {
        const { &Catalogue::new() }
    }

    /// The years the embedded evidence spans (the first and the last year any entry has
    /// evidence for). Within them, each code has its own years ([`Entry::years`]).
    pub const fn covered_years() -> Years {
        C::COVERED
    }

    /// Every embedded entry, sorted by code then year.
    pub fn embedded_entries() -> &'static [Entry<C>] {
        C::tables().entries
    }

    /// Every loaded entry, sorted by code then year.
    pub fn loaded_entries(&self) -> impl Iterator<Item = &Entry<C>> {
        self.loaded.iter().map(|(e, _)| e)
    }

    #[inline]
    fn embedded_rows(code: C) -> impl Iterator<Item = Row<'static, C>> {
        let tables = C::tables();
        let (lo, hi) = code.embedded_rows();
        (lo..hi).filter_map(|i| {
            Some(Row {
                entry: tables.entries.get(i)?,
                key: tables.keys.get(i)?,
            })
        })
    }

    fn loaded_rows(&self, code: C) -> impl Iterator<Item = Row<'_, C>> {
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
    fn pick(&self, code: C, year: u16) -> Option<(Row<'_, C>, Edition)> {
        // Loaded rows win; then embedded; exact years before nearest.
        fn consider<'r, C>(row: Row<'r, C>, year: u16, best: &mut Option<(Row<'r, C>, u16)>) {
            let d = row.entry.years.distance(year);
            if best.is_none_or(|(_, bd)| d < bd) {
                *best = Some((row, d));
            }
        }
        let mut best: Option<(Row<'_, C>, u16)> = None;
        if self.loaded.is_empty() {
            // Fast path: the embedded tables only.
            for row in Self::embedded_rows(code) {
                if row.entry.years.contains(year) {
                    return Some((row, Edition::Exact(year)));
                }
                consider(row, year, &mut best);
            }
            let (row, _) = best?;
            return Some((row, Edition::of(row.entry, year)));
        }
        for row in self.loaded_rows(code) {
            consider(row, year, &mut best);
        }
        if best.is_none_or(|(_, d)| d > 0) {
            let mut emb: Option<(Row<'_, C>, u16)> = None;
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
            Edition::of(row.entry, year)
        };
        Some((row, edition))
    }

    /// The entry for `code` in `year`. If no evidence covers that year, the entry of the
    /// nearest year with evidence is returned and [`Lookup::edition`] says whether the name
    /// of `year` is unknown ([`Edition::Nearest`]) or the code did not exist then
    /// ([`Edition::Absent`]); [`Lookup::answer`] puts it in words.
    #[inline]
    pub fn get(&self, code: C, year: u16) -> Option<Lookup<'_, C>> {
        self.pick(code, year).map(|(row, edition)| Lookup {
            entry: row.entry,
            edition,
        })
    }

    /// The name of `code` in `year`, or of the nearest year with evidence when none covers
    /// `year` (use [`Catalogue::get`] to tell them apart).
    pub fn name(&self, code: C, year: u16) -> Option<&str> {
        self.get(code, year).map(|l| l.entry.name.as_ref())
    }

    /// Whether the catalogue knows `code` in any year.
    pub fn contains(&self, code: C) -> bool {
        self.loaded_rows(code).next().is_some() || Self::embedded_rows(code).next().is_some()
    }

    /// The 类 → 款 → 项 entries down to `code` (those the catalogue knows).
    pub fn path(&self, code: C, year: u16) -> impl Iterator<Item = Lookup<'_, C>> {
        code.lineage()
            .into_iter()
            .filter_map(move |c| self.get(c, year))
    }

    /// Every distinct code the catalogue knows (any year) within `lo..=hi`, sorted.
    pub fn codes_in(&self, lo: C, hi: C) -> impl Iterator<Item = C> + use<C> {
        let emb = C::tables().entries;
        let a = emb.partition_point(|e| e.code < lo);
        let b = emb.partition_point(|e| e.code <= hi);
        let a2 = self.loaded.partition_point(|(e, _)| e.code < lo);
        let b2 = self.loaded.partition_point(|(e, _)| e.code <= hi);
        self.codes_between((a, b), (a2, b2)).into_iter()
    }

    /// Every distinct code the catalogue knows (any year), sorted.
    fn all_codes(&self) -> Vec<C> {
        self.codes_between((0, C::tables().entries.len()), (0, self.loaded.len()))
    }

    /// The distinct codes of embedded entries `a..b` and loaded entries `a2..b2`, sorted.
    fn codes_between(&self, (a, b): (usize, usize), (a2, b2): (usize, usize)) -> Vec<C> {
        let mut codes: Vec<C> = C::tables()
            .entries
            .get(a..b)
            .unwrap_or(&[])
            .iter()
            .map(|e| e.code)
            .collect();
        codes.extend(
            self.loaded
                .get(a2..b2)
                .unwrap_or(&[])
                .iter()
                .map(|(e, _)| e.code),
        );
        codes.sort_unstable();
        codes.dedup();
        codes
    }

    /// `code` and everything under it, in code order, for `year` (without codes evidence
    /// says did not exist in `year`).
    pub fn descendants(&self, code: C, year: u16) -> impl Iterator<Item = Lookup<'_, C>> {
        let (lo, hi) = code.descendant_bounds();
        self.codes_in(lo, hi)
            .filter_map(move |c| self.get(c, year))
            .filter(|l| !l.edition.is_absent())
    }

    /// The direct children of `code` (款 of a 类, 项 of a 款) for `year` (without codes
    /// evidence says did not exist in `year`).
    pub fn children(&self, code: C, year: u16) -> impl Iterator<Item = Lookup<'_, C>> {
        let (lo, hi) = code.descendant_bounds();
        // A 项 has no child level: no codes at all.
        C::child_level(code.level())
            .into_iter()
            .flat_map(move |level| self.codes_in(lo, hi).filter(move |c| c.level() == level))
            .filter_map(move |c| self.get(c, year))
            .filter(|l| !l.edition.is_absent())
    }

    /// Every code of `level` for `year`, in code order (without codes evidence says did not
    /// exist in `year`).
    pub fn iter_level(&self, level: C::Level, year: u16) -> impl Iterator<Item = Lookup<'_, C>> {
        self.all_codes()
            .into_iter()
            .filter(move |c| c.level() == level)
            .filter_map(move |c| self.get(c, year))
            .filter(|l| !l.edition.is_absent())
    }

    /// Entries (any year) whose name key equals `key`, loaded first.
    fn rows_with_key(&self, key: &str) -> Vec<Row<'_, C>> {
        let mut out: Vec<Row<'_, C>> = self
            .loaded
            .iter()
            .filter(|(_, k)| k == key)
            .map(|(e, k)| Row { entry: e, key: k })
            .collect();
        let tables = C::tables();
        let idx = tables.by_key;
        let lo = idx.partition_point(|(k, _)| *k < key);
        let hi = idx.partition_point(|(k, _)| *k <= key);
        for (_, i) in idx.get(lo..hi).unwrap_or(&[]) {
            let i = *i as usize;
            if let (Some(entry), Some(k)) = (tables.entries.get(i), tables.keys.get(i)) {
                out.push(Row { entry, key: k });
            }
        }
        out
    }

    /// Find entries by name (script, punctuation, 与/和 and a trailing 支出 ignored; known
    /// abbreviations too). Each hit is the matching entry; its edition says whether evidence
    /// shows that name in `year`.
    pub fn search(&self, name: &str, year: u16) -> Vec<Lookup<'_, C>> {
        let key = name_key(name);
        let mut rows = self.rows_with_key(&key);
        for (k, code) in C::tables().abbreviations {
            if *k == key {
                if let Some((row, _)) = self.pick(*code, year) {
                    rows.push(row);
                }
            }
        }
        let mut out: Vec<Lookup<'_, C>> = Vec::new();
        for row in rows {
            // A loaded entry for the same code and years hides the embedded one.
            if out
                .iter()
                .any(|l| l.entry.code == row.entry.code && l.entry.years == row.entry.years)
            {
                continue;
            }
            let edition = Edition::of(row.entry, year);
            out.push(Lookup {
                entry: row.entry,
                edition,
            });
        }
        out.sort_by_key(|l| (l.edition.is_nearest(), l.entry.code));
        out
    }

    /// Whether [`Catalogue::search`] finds any entry for a name whose key
    /// ([`cnbudget_text::names::name_key`]) is `key`: the same answer without collecting,
    /// ordering and sorting the entries, for a caller that asks several catalogues about one
    /// name and computes its key once.
    pub fn has_key(&self, key: &str, year: u16) -> bool {
        if self.loaded.iter().any(|(_, k)| k == key) {
            return true;
        }
        let tables = C::tables();
        let idx = tables.by_key;
        let lo = idx.partition_point(|(k, _)| *k < key);
        let embedded = idx
            .get(lo..)
            .unwrap_or(&[])
            .iter()
            .take_while(|(k, _)| *k == key)
            .any(|(_, i)| {
                let i = *i as usize;
                tables.entries.get(i).is_some() && tables.keys.get(i).is_some()
            });
        embedded
            || tables
                .abbreviations
                .iter()
                .any(|(k, code)| *k == key && self.pick(*code, year).is_some())
    }

    /// Entries valid in `year` whose name contains `fragment` (after script conversion).
    pub fn search_fragment<'a>(
        &'a self,
        fragment: &str,
        year: u16,
    ) -> impl Iterator<Item = Lookup<'a, C>> + use<'a, C> {
        let frag = cnbudget_text::to_simplified(fragment.trim()).into_owned();
        // An empty fragment is in every name: it finds nothing rather than everything.
        let codes = if frag.is_empty() {
            Vec::new()
        } else {
            self.all_codes()
        };
        codes
            .into_iter()
            .filter_map(move |c| self.get(c, year))
            .filter(move |l| !l.edition.is_absent() && l.entry.name.contains(frag.as_str()))
    }

    /// How the pair (`code`, `name`) written in a document of `year` relates to the catalogue.
    ///
    /// When evidence says the code did not exist in `year` the answer is
    /// [`Resolution::NotInEdition`]; when no evidence covers `year` the name is compared with
    /// the nearest year's entry and the lookup's edition says so ([`Edition::Nearest`]).
    pub fn resolve(&self, code: C, name: &str, year: u16) -> Resolution<'_, C> {
        let Some((row, edition)) = self.pick(code, year) else {
            return Resolution::UnknownCode { code };
        };
        let lookup = Lookup {
            entry: row.entry,
            edition,
        };
        if edition.is_absent() {
            let key = name_key(name);
            let matched = self
                .loaded_rows(code)
                .chain(Self::embedded_rows(code).map(|r| Row {
                    entry: r.entry,
                    key: r.key,
                }))
                .find(|r| r.entry.name == name || r.key == key)
                .map(|r| r.entry);
            return Resolution::NotInEdition { lookup, matched };
        }
        if name == row.entry.name {
            return Resolution::Exact(lookup);
        }
        let simplified = cnbudget_text::to_simplified(name);
        let key = name_key_simplified(&simplified);
        if key == row.key {
            let kinds = kinds_of_match(name, &simplified, &row.entry.name);
            return Resolution::NameVariant { lookup, kinds };
        }
        if C::tables()
            .abbreviations
            .iter()
            .any(|(k, c)| *c == code && *k == key)
        {
            return Resolution::NameVariant {
                lookup,
                kinds: vec![VariantKind::Abbreviation],
            };
        }
        if let Some(ancestor) = self.qualifier(code, &simplified, row.key) {
            return Resolution::Qualified { lookup, ancestor };
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
        let mut belongs_to: Vec<&Entry<C>> = self
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

    /// The ancestor of `code` whose name is in the brackets that end `name` (simplified
    /// script), when the text before them has the name key `key`.
    fn qualifier(&self, code: C, name: &str, key: &str) -> Option<&Entry<C>> {
        let name = name.trim_end();
        let inner = name.strip_suffix(')').or_else(|| name.strip_suffix('）'))?;
        let open = inner.rfind(['(', '（'])?;
        let (base, qual) = (inner.get(..open)?, inner.get(open..)?);
        let qual = qual.trim_start_matches(['(', '（']);
        if qual.is_empty() || name_key_simplified(base) != key {
            return None;
        }
        let qual_key = name_key_simplified(qual);
        code.lineage()
            .into_iter()
            .filter(|a| *a != code)
            .rev()
            .find_map(|a| {
                self.loaded_rows(a)
                    .chain(Self::embedded_rows(a).map(|r| Row {
                        entry: r.entry,
                        key: r.key,
                    }))
                    .find(|r| r.key == qual_key)
                    .map(|r| r.entry)
            })
    }

    /// Parse a code or a name chain (`卫生健康支出（类）医疗保障管理事务（款）行政运行（项）`).
    ///
    /// A chain is resolved level by level against the catalogue for `year`: each name must
    /// match exactly one entry (variants allowed) under the previous one. Text before the
    /// first name that is only numbering (`6. `) and text after the last marker are ignored.
    pub fn parse(&self, text: &str, year: u16) -> Result<C, CatalogueError<C>> {
        let segments = chain_segments::<C>(text);
        if segments.is_empty() {
            return C::parse(text);
        }
        let mut parent: Option<C> = None;
        for (level, name, byte) in segments {
            let mut found: Vec<C> = self
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
                    return Err(CatalogueError::at(
                        CatalogueErrorKind::Chain,
                        text,
                        byte,
                        format!(
                            "no {} named {name:?}{}",
                            C::level_name(level),
                            under(parent)
                        ),
                    ));
                }
                many => {
                    let list: Vec<String> = many.iter().map(|c| c.to_string()).collect();
                    return Err(CatalogueError::at(
                        CatalogueErrorKind::Chain,
                        text,
                        byte,
                        format!(
                            "{} {name:?}{} is ambiguous: {}",
                            C::level_name(level),
                            under(parent),
                            list.join(", ")
                        ),
                    ));
                }
            }
        }
        parent.ok_or_else(|| CatalogueError::new(CatalogueErrorKind::Chain, "empty chain"))
    }

    /// Load a catalogue from CSV text and overlay it (it wins over the embedded data).
    ///
    /// Accepted columns: `code,name` (as the Ministry of Finance publishes it),
    /// `year,code,name` or `code,name,year`. A header row is recognised by its column names
    /// (`code`/`编码`/`科目编码`/`科目代码`, `name`/`名称`/`科目名称`, `year`/`年度`/`年份`)
    /// and may order the columns freely. Rows without a year apply to `default_year`, or
    /// to every year if that is `None`. Codes may be written in any form
    /// [`Code::parse`](crate::Code::parse) accepts. Returns the number of rows loaded. On error nothing
    /// is loaded and the error gives line:column.
    pub fn load_csv_str(
        &mut self,
        text: &str,
        label: &str,
        default_year: Option<u16>,
    ) -> Result<usize, CatalogueError<C>> {
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
    ) -> Result<usize, CatalogueError<C>> {
        let path = path.as_ref();
        let label = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| CatalogueError::from(e).with_label(&label))?;
        // UTF-8 (with or without BOM), GBK/GB18030, Big5 or UTF-16, as cnbudget-text detects.
        let decoded = cnbudget_text::decode_strict(&bytes).map_err(|e| {
            let err = CatalogueError::new(
                CatalogueErrorKind::Csv,
                format!("cannot decode the file: {}", e.detail()),
            );
            let err = match e.position() {
                Some(p) => err.with_position(p),
                None => err,
            };
            err.with_label(&label)
        })?;
        let text = decoded.text;
        self.load_csv_str(&text, &label, default_year)
    }
}

fn under<C: Classification>(parent: Option<C>) -> String {
    parent.map(|p| format!(" under {p}")).unwrap_or_default()
}

/// 0 for a sibling (same parent), 1 for the same 类, 2 otherwise.
fn closeness<C: Classification>(a: C, b: C) -> u8 {
    if a.parent().is_some() && a.parent() == b.parent() {
        0
    } else if a.lei() == b.lei() {
        1
    } else {
        2
    }
}

/// Split a name chain into (level, name, byte offset) segments.
fn chain_segments<C: Classification>(text: &str) -> Vec<(C::Level, &str, usize)> {
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut i = 0usize;
    let bytes_len = text.len();
    while i < bytes_len {
        let rest = text.get(i..).unwrap_or("");
        let mut matched = None;
        for (marker, level) in C::CHAIN_MARKERS {
            if rest.starts_with(marker) {
                matched = Some((marker.len(), *level));
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

const YEAR_HEADERS: &[&str] = &["year", "年度", "年份"];

fn parse_catalogue_csv<C: Classification>(
    text: &str,
    label: &str,
    default_year: Option<u16>,
) -> Result<Vec<(Entry<C>, String)>, CatalogueError<C>> {
    let records = crate::csv::records(text).map_err(|(byte, msg)| {
        CatalogueError::at(CatalogueErrorKind::Csv, text, byte, msg).with_label(label)
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
            header_cols(C::CODE_HEADERS, first),
            header_cols(C::NAME_HEADERS, first),
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
                CatalogueError::at(
                    CatalogueErrorKind::Csv,
                    text,
                    rec.byte,
                    format!("missing {what} column"),
                )
                .with_label(label)
            })
        };
        let cf = field(code_col, "code")?;
        let nf = field(name_col, "name")?;
        let code = C::parse(&cf.text).map_err(|e| {
            let inner = e.position().map_or(0, |p| p.byte);
            // Map the offset inside the field back to the file (exact for unquoted fields).
            let quote = usize::from(text.get(cf.byte..).is_some_and(|s| s.starts_with('"')));
            CatalogueError::at(
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
                CatalogueError::at(CatalogueErrorKind::Csv, text, nf.byte, "empty name")
                    .with_label(label),
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
                    return Err(CatalogueError::at(
                        CatalogueErrorKind::Csv,
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
                note: None,
                confirmed: None,
                evidence: Cow::Owned(vec![Evidence {
                    years,
                    kind: EvidenceKind::Loaded,
                    detail: Cow::Owned(label.to_owned()),
                }]),
            },
            introduced: None,
            withdrawn: None,
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
