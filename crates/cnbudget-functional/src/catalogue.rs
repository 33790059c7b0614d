//! The functional classification's [`Catalogue`] and the types it answers with: the
//! catalogue engine's generic types (`cnbudget-catalogue`) named for [`FunctionCode`], and
//! what this classification tells the engine ([`Classification`] for [`FunctionCode`]).

use cnbudget_catalogue::{Classification, Tables, Years};

use crate::code::{FunctionCode, Level};
use crate::generated;

/// The functional classification catalogue: the embedded, generated tables, optionally
/// overlaid by catalogues loaded at run time (which win).
///
/// ```
/// use cnbudget_functional::{Catalogue, Edition, FunctionCode};
/// let cat = Catalogue::embedded();
/// let code = FunctionCode::new(2101506).unwrap();
/// let hit = cat.get(code, 2024).unwrap();
/// assert_eq!(hit.name(), "医疗保障经办事务");
/// let path: Vec<&str> = cat.path(code, 2024).map(|l| l.name()).collect();
/// assert_eq!(path, ["卫生健康支出", "医疗保障管理事务", "医疗保障经办事务"]);
///
/// // A year without evidence for the code is answered from the nearest year with evidence,
/// // and the edition says the name of the year asked for is unknown.
/// let health = FunctionCode::new(210).unwrap();
/// assert_eq!(cat.get(health, 2018).unwrap().name(), "医疗卫生与计划生育支出");
/// assert_eq!(cat.get(health, 2019).unwrap().name(), "卫生健康支出");
/// let far = cat.get(health, 2040).unwrap();
/// assert_eq!(far.edition, Edition::Nearest { requested: 2040, used: 2026 });
///
/// // The direct children of a code, and a search by name.
/// let mut kids = cat.children(FunctionCode::new(20508).unwrap(), 2024);
/// assert!(kids.any(|l| l.code().value() == 2050803 && l.name() == "培训支出"));
/// let hits = cat.search("医疗保障经办事务", 2024);
/// assert_eq!(hits.len(), 1);
/// assert_eq!(hits[0].code().value(), 2101506);
/// ```
///
/// How a (code, name) pair written in a document relates to the catalogue
/// ([`Catalogue::resolve`]):
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
///
/// A code or a name chain (`卫生健康支出（类）医疗保障管理事务（款）行政运行（项）`), resolved
/// level by level ([`Catalogue::parse`]):
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
///
/// An official catalogue loaded at run time wins over the embedded data
/// ([`Catalogue::load_csv_str`], [`Catalogue::load_csv_path`]):
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
pub type Catalogue = cnbudget_catalogue::Catalogue<FunctionCode>;

/// The answer to [`Catalogue::get`]: an entry and the edition that gave it.
pub type Lookup<'a> = cnbudget_catalogue::Lookup<'a, FunctionCode>;

/// How a (code, name) pair written in a document relates to the catalogue
/// ([`Catalogue::resolve`]).
pub type Resolution<'a> = cnbudget_catalogue::Resolution<'a, FunctionCode>;

/// One row of the catalogue: a code, its name for some years, and its provenance.
///
/// A code whose name changed has one entry per name (see [`Years`]).
pub type Entry = cnbudget_catalogue::Entry<FunctionCode>;

/// Where an entry comes from and how sure we are: data, not documentation.
pub type Provenance = cnbudget_catalogue::Provenance<FunctionCode>;

/// Where an entry comes from; [`Source::Reconstructed2024`] is `data/function-2024.csv`, the
/// 2024 edition reconstructed row by row (no official Ministry of Finance file could be
/// obtained).
pub type Source = cnbudget_catalogue::Source<FunctionCode>;

/// For 类 `200..=299` (the only ones there are), the index of the 类 in the range tables.
#[inline]
fn lei_index(code: FunctionCode) -> usize {
    code.lei().wrapping_sub(200) as usize
}

impl Classification for FunctionCode {
    const ERROR_TYPE: &'static str = "FunctionError";
    const OUT_OF_RANGE: &'static str = "not an expenditure functional code";
    const NOT_A_CODE: &'static str = "is not a 3, 5 or 7 digit code starting with 2";
    const RECONSTRUCTED_SOURCE: &'static str = "function-2024.csv (reconstructed 2024 edition)";
    const CODE_HEADERS: &'static [&'static str] = &[
        "code",
        "编码",
        "科目编码",
        "科目代码",
        "功能分类科目编码",
        "代码",
    ];
    const NAME_HEADERS: &'static [&'static str] = &["name", "名称", "科目名称", "功能分类科目名称"];
    const CHAIN_MARKERS: &'static [(&'static str, Level)] = &[
        ("（类）", Level::Lei),
        ("(类)", Level::Lei),
        ("（款）", Level::Kuan),
        ("(款)", Level::Kuan),
        ("（项）", Level::Xiang),
        ("(项)", Level::Xiang),
    ];
    const COVERED: Years = generated::COVERED;

    #[inline]
    fn tables() -> &'static Tables<FunctionCode> {
        &generated::TABLES
    }

    /// Narrow to the 款 (or the 类) with a direct index, then binary-search the handful of
    /// rows left.
    #[inline]
    fn embedded_rows(self) -> (usize, usize) {
        let lei = lei_index(self);
        let range = match self.kuan_part() {
            Some(kuan) => generated::KUAN_RANGES.get(lei * 100 + kuan as usize),
            None => generated::LEI_RANGES.get(lei),
        };
        let span = range.map_or((0, 0), |(a, b)| (usize::from(*a), usize::from(*b)));
        generated::TABLES.rows_of(FunctionCode::sort_key(self), span)
    }
}
