//! The economic classification's [`Catalogue`] and the types it answers with: the catalogue
//! engine's generic types (`cnbudget-catalogue`) named for [`EconomicCode`], and what this
//! classification tells the engine ([`Classification`] for [`EconomicCode`]).

use core::fmt;
use core::ops::{Deref, DerefMut};

use cnbudget_catalogue::{Classification, Tables, Years};

use crate::code::{EconomicCode, Level};
use crate::generated;

/// The economic classification catalogue (both forms): the embedded, generated tables,
/// optionally overlaid by catalogues loaded at run time (which win), and the 部门 → 政府
/// mapping ([`Catalogue::government_for`]).
///
/// It wraps the catalogue engine's [`cnbudget_catalogue::Catalogue`] for [`EconomicCode`] and
/// dereferences to it, which gives it every lookup: `get`, `name`, `contains`, `path`,
/// `codes_in`, `descendants`, `children`, `iter_level`, `search`, `search_fragment`,
/// `resolve`, `parse`, `loaded_entries`, `load_csv_str` and `load_csv_path`.
///
/// ```
/// use cnbudget_economic::{Catalogue, EconomicCode, Edition};
/// let cat = Catalogue::embedded();
/// let code = EconomicCode::new(30239).unwrap();
/// let hit = cat.get(code, 2024).unwrap();
/// assert_eq!(hit.name(), "其他交通费用");
/// let path: Vec<&str> = cat.path(code, 2024).map(|l| l.name()).collect();
/// assert_eq!(path, ["商品和服务支出", "其他交通费用"]);
///
/// // A year without evidence for the code is answered from the nearest year with evidence,
/// // and the edition says the name of the year asked for is unknown.
/// let office = EconomicCode::new(30201).unwrap();
/// assert_eq!(cat.get(office, 2024).unwrap().name(), "办公费");
/// let far = cat.get(office, 2040).unwrap();
/// assert_eq!(far.edition, Edition::Nearest { requested: 2040, used: 2026 });
///
/// // The direct children of a code, and a search by name.
/// let mut kids = cat.children(EconomicCode::new(302).unwrap(), 2024);
/// assert!(kids.any(|l| l.code().value() == 30239 && l.name() == "其他交通费用"));
/// let hits = cat.search("其他交通费用", 2024);
/// assert_eq!(hits.len(), 1);
/// assert_eq!(hits[0].code().value(), 30239);
/// ```
///
/// How a (code, name) pair written in a document relates to the catalogue (`resolve`):
///
/// ```
/// use cnbudget_economic::{Catalogue, EconomicCode, Outcome};
/// let cat = Catalogue::embedded();
/// let c = |v| EconomicCode::new(v).unwrap();
/// assert_eq!(cat.resolve(c(30201), "办公费", 2024).outcome(), Outcome::Exact);
/// assert_eq!(cat.resolve(c(302), "商品和服务", 2024).outcome(), Outcome::NameVariant);
/// assert_eq!(cat.resolve(c(30201), "印刷费", 2024).outcome(), Outcome::Mismatch);
/// ```
///
/// A code or a name chain (`商品和服务支出（类）办公费（款）`), resolved level by level
/// (`parse`):
///
/// ```
/// use cnbudget_economic::Catalogue;
/// let cat = Catalogue::embedded();
/// let code = cat.parse("商品和服务支出(类)办公费(款)", 2023)?;
/// assert_eq!(code.value(), 30201);
/// assert_eq!(cat.parse("302 01", 2023)?.value(), 30201);
/// # Ok::<(), cnbudget_economic::EconomicError>(())
/// ```
///
/// An official catalogue loaded at run time wins over the embedded data (`load_csv_str`,
/// `load_csv_path`):
///
/// ```
/// use cnbudget_economic::{Catalogue, EconomicCode, Source};
/// let mut cat = Catalogue::new();
/// cat.load_csv_str("code,name\n30239,其他交通费\n", "mof-2025.csv", Some(2025))?;
/// let hit = cat.get(EconomicCode::new(30239).unwrap(), 2025).unwrap();
/// assert_eq!(hit.name(), "其他交通费");
/// assert_eq!(hit.entry.provenance.source.to_string(), "loaded from mof-2025.csv");
/// let err = cat.load_csv_str("code,name\n30x,bad\n", "x.csv", None).unwrap_err();
/// assert_eq!(err.to_string(), "x.csv:2:3: invalid character: a code holds only digits and separators");
/// # Ok::<(), cnbudget_economic::EconomicError>(())
/// ```
#[derive(Clone, Default)]
pub struct Catalogue {
    inner: cnbudget_catalogue::Catalogue<EconomicCode>,
}

static EMBEDDED: Catalogue = Catalogue::new();

impl Catalogue {
    /// The embedded catalogue with nothing loaded. Costs nothing: the tables are static.
    pub const fn new() -> Catalogue {
        Catalogue {
            inner: cnbudget_catalogue::Catalogue::new(),
        }
    }

    /// A shared reference to the embedded catalogue.
    pub fn embedded() -> &'static Catalogue {
        &EMBEDDED
    }

    /// The years the embedded evidence spans (the first and the last year any entry has
    /// evidence for). Within them, each code has its own years ([`Entry::years`]).
    pub const fn covered_years() -> Years {
        generated::COVERED
    }

    /// Every embedded entry, sorted by code then year.
    pub fn embedded_entries() -> &'static [Entry] {
        generated::TABLES.entries
    }
}

impl Deref for Catalogue {
    type Target = cnbudget_catalogue::Catalogue<EconomicCode>;

    fn deref(&self) -> &Self::Target {
        &self.inner
    }
}

impl DerefMut for Catalogue {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.inner
    }
}

impl From<cnbudget_catalogue::Catalogue<EconomicCode>> for Catalogue {
    fn from(inner: cnbudget_catalogue::Catalogue<EconomicCode>) -> Catalogue {
        Catalogue { inner }
    }
}

impl fmt::Debug for Catalogue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.fmt(f)
    }
}

/// The answer to a lookup ([`Catalogue`]'s `get`): an entry and the edition that gave it.
pub type Lookup<'a> = cnbudget_catalogue::Lookup<'a, EconomicCode>;

/// How a (code, name) pair written in a document relates to the catalogue ([`Catalogue`]'s
/// `resolve`).
pub type Resolution<'a> = cnbudget_catalogue::Resolution<'a, EconomicCode>;

/// One row of the catalogue: a code, its name for some years, and its provenance.
///
/// A code whose name changed has one entry per name (see [`Years`]).
pub type Entry = cnbudget_catalogue::Entry<EconomicCode>;

/// Where an entry comes from and how sure we are: data, not documentation.
pub type Provenance = cnbudget_catalogue::Provenance<EconomicCode>;

/// Where an entry comes from; [`Source::Reconstructed2024`] is
/// `data/economic-department-2024.csv` or `data/economic-government-2024.csv`, the 2024
/// edition reconstructed row by row (no official Ministry of Finance file could be obtained).
pub type Source = cnbudget_catalogue::Source<EconomicCode>;

impl Classification for EconomicCode {
    const ERROR_TYPE: &'static str = "EconomicError";
    const OUT_OF_RANGE: &'static str = "not an expenditure economic code";
    const NOT_A_CODE: &'static str = "is not a 3 or 5 digit code starting with 3 or 5";
    const RECONSTRUCTED_SOURCE: &'static str = "economic-*-2024.csv (reconstructed 2024 edition)";
    const CODE_HEADERS: &'static [&'static str] = &[
        "code",
        "编码",
        "科目编码",
        "科目代码",
        "经济分类科目编码",
        "代码",
    ];
    const NAME_HEADERS: &'static [&'static str] = &["name", "名称", "科目名称", "经济分类科目名称"];
    const CHAIN_MARKERS: &'static [(&'static str, Level)] = &[
        ("（类）", Level::Lei),
        ("(类)", Level::Lei),
        ("（款）", Level::Kuan),
        ("(款)", Level::Kuan),
    ];
    const COVERED: Years = generated::COVERED;

    #[inline]
    fn tables() -> &'static Tables<EconomicCode> {
        &generated::TABLES
    }

    /// Compiled here, where the table's length is known, rather than inlined into callers:
    /// the binary search over a constant-length slice is shorter.
    #[inline(never)]
    fn embedded_rows(self) -> (usize, usize) {
        let tables = &generated::TABLES;
        tables.rows_of(EconomicCode::sort_key(self), (0, tables.code_keys.len()))
    }
}
