//! The official mapping from 部门预算 to 政府预算 economic codes (部门 款 → 政府 款).

use cnbudget_catalogue::Confidence;

use crate::catalogue::Catalogue;
use crate::code::{EconomicCode, Form};
use crate::generated;

/// The kind of unit whose spending is mapped: the mapping differs between 机关 and 事业单位
/// (e.g. 30101 基本工资 → 50101 for a 机关, → 50501 for a 事业单位).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum UnitType {
    /// 机关: a government agency (administrative bodies, including the units managed like them,
    /// 参照公务员法管理).
    Agency,
    /// 事业单位: a public institution.
    PublicInstitution,
}

cnbudget_text::named_values!(UnitType, "unit type",
    /// `机关` or `事业单位`.
    fn chinese {
    Agency => "机关" | "agency",
    PublicInstitution => "事业单位" | "public_institution",
});

/// Which units a mapping row applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum UnitScope {
    /// 机关 only.
    Agency,
    /// 事业单位 only.
    PublicInstitution,
    /// Any unit.
    Any,
}

cnbudget_text::named_values!(UnitScope, "unit scope" {
    Agency => "机关" | "agency",
    PublicInstitution => "事业单位" | "public_institution",
    Any => "any unit" | "any",
});

impl UnitScope {
    /// Whether the row applies to `unit`.
    pub const fn applies_to(self, unit: UnitType) -> bool {
        matches!(
            (self, unit),
            (UnitScope::Any, _)
                | (UnitScope::Agency, UnitType::Agency)
                | (UnitScope::PublicInstitution, UnitType::PublicInstitution)
        )
    }
}

/// One row of the 部门 → 政府 mapping (`data/economic-mapping-2024.csv`, reconstructed; rows
/// from the real 对照表 excerpt and seed 004 are marked high).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Mapping {
    /// The 部门预算 款.
    pub department: EconomicCode,
    /// The 政府预算 款 it maps to.
    pub government: EconomicCode,
    /// Which units the row applies to.
    pub scope: UnitScope,
    /// How sure the data is.
    pub confidence: Confidence,
}

impl Catalogue {
    /// The 政府预算 款 that the 部门预算 款 `department` maps to for a unit of type `unit`.
    ///
    /// ```
    /// use cnbudget_economic::{Catalogue, EconomicCode, UnitType};
    /// let cat = Catalogue::embedded();
    /// let salary = EconomicCode::new(30101).unwrap();
    /// assert_eq!(cat.government_for(salary, UnitType::Agency).unwrap().government.value(), 50101);
    /// assert_eq!(cat.government_for(salary, UnitType::PublicInstitution).unwrap().government.value(), 50501);
    /// ```
    pub fn government_for(
        &self,
        department: EconomicCode,
        unit: UnitType,
    ) -> Option<&'static Mapping> {
        if department.form() != Form::Department {
            return None;
        }
        Self::mapping_rows(department).find(|m| m.scope.applies_to(unit))
    }

    /// Every mapping row of the 部门预算 code `department` (both unit types).
    pub fn mappings_of(
        &self,
        department: EconomicCode,
    ) -> impl Iterator<Item = &'static Mapping> + use<> {
        Self::mapping_rows(department)
    }

    /// The 部门预算 款 that map to the 政府预算 code `government` (any unit type).
    pub fn departments_for(
        &self,
        government: EconomicCode,
    ) -> impl Iterator<Item = &'static Mapping> + use<> {
        generated::MAPPING
            .iter()
            .filter(move |m| m.government == government)
    }

    /// The whole mapping table, sorted by department code.
    pub fn mapping_table() -> &'static [Mapping] {
        generated::MAPPING
    }

    fn mapping_rows(department: EconomicCode) -> impl Iterator<Item = &'static Mapping> {
        let rows = generated::MAPPING;
        let lo = rows.partition_point(|m| m.department < department);
        let hi = rows.partition_point(|m| m.department <= department);
        rows.get(lo..hi).unwrap_or(&[]).iter()
    }
}
