//! The long amount table as Parquet (feature `parquet`), for DuckDB, Polars, Spark or pandas.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::Arc;

use arrow_array::builder::{Decimal128Builder, Int32Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use cnbudget_table::AmountUnit;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use rust_decimal::Decimal;

use super::AmountRecord;
use crate::error::{DisclosureError, DisclosureErrorKind};

/// Digits after the decimal point of the two amount columns (`DECIMAL(38, 6)`).
///
/// Amounts are printed with at most four decimals (万元 to the 元 and below); six leave room
/// for 亿元 and 千元 tables converted to 元 without rounding. A value with more decimals is
/// an error rather than a rounded figure.
pub const AMOUNT_SCALE: i8 = 6;

/// Total digits of the two amount columns: the widest decimal Parquet stores in 16 bytes.
const AMOUNT_PRECISION: u8 = 38;

fn schema() -> SchemaRef {
    let decimal = DataType::Decimal128(AMOUNT_PRECISION, AMOUNT_SCALE);
    Arc::new(Schema::new(vec![
        Field::new("document", DataType::Utf8, false),
        Field::new("fiscal_year", DataType::Int32, true),
        Field::new("phase", DataType::Utf8, true),
        Field::new("department", DataType::Utf8, true),
        Field::new("table_index", DataType::Int64, false),
        Field::new("table_kind", DataType::Utf8, false),
        Field::new("table_title", DataType::Utf8, false),
        Field::new("line", DataType::Int64, false),
        Field::new("code", DataType::Utf8, true),
        Field::new("code_system", DataType::Utf8, true),
        Field::new("name", DataType::Utf8, true),
        Field::new("column", DataType::Utf8, false),
        Field::new("column_role", DataType::Utf8, false),
        Field::new("side", DataType::Utf8, true),
        Field::new("unit", DataType::Utf8, true),
        Field::new("amount", decimal.clone(), false),
        Field::new("amount_yuan", decimal, true),
        Field::new("other_code", DataType::Utf8, true),
        Field::new("other_code_system", DataType::Utf8, true),
    ]))
}

fn export_error(what: impl std::fmt::Display) -> DisclosureError {
    DisclosureError::new(
        DisclosureErrorKind::Export,
        format!("cannot write Parquet: {what}"),
    )
}

/// The amount as an integer count of 10^-[`AMOUNT_SCALE`], or an error naming the record when
/// that would round it.
fn scaled(amount: Decimal, record: &AmountRecord) -> Result<i128, DisclosureError> {
    let normal = amount.normalize();
    let scale = i8::try_from(normal.scale()).unwrap_or(i8::MAX);
    let up = AMOUNT_SCALE
        .checked_sub(scale)
        .and_then(|d| u32::try_from(d).ok());
    let exact = up.and_then(|d| 10i128.checked_pow(d)?.checked_mul(normal.mantissa()));
    exact.ok_or_else(|| {
        export_error(format!(
            "{amount} ({}, line {}) has more than {AMOUNT_SCALE} decimals",
            record.document, record.line
        ))
    })
}

fn batch(schema: &SchemaRef, records: &[AmountRecord]) -> Result<RecordBatch, DisclosureError> {
    let n = records.len();
    let text = || StringBuilder::with_capacity(n, n * 8);
    let (mut document, mut phase, mut department, mut kind, mut title) =
        (text(), text(), text(), text(), text());
    let (mut code, mut system, mut name, mut column, mut role, mut side, mut unit) =
        (text(), text(), text(), text(), text(), text(), text());
    let (mut other_code, mut other_system) = (text(), text());
    let mut year = Int32Builder::with_capacity(n);
    let (mut index, mut line) = (
        Int64Builder::with_capacity(n),
        Int64Builder::with_capacity(n),
    );
    let decimal = || {
        Decimal128Builder::with_capacity(n)
            .with_precision_and_scale(AMOUNT_PRECISION, AMOUNT_SCALE)
            .map_err(export_error)
    };
    let (mut amount, mut yuan) = (decimal()?, decimal()?);
    let int = |v: usize| i64::try_from(v).map_err(export_error);
    for r in records {
        document.append_value(&r.document);
        year.append_option(r.fiscal_year.map(i32::from));
        phase.append_option(r.phase.as_deref());
        department.append_option(r.department.as_deref());
        index.append_value(int(r.table_index)?);
        kind.append_value(&r.table_kind);
        title.append_value(&r.table_title);
        line.append_value(int(r.line)?);
        code.append_option(r.code.as_deref());
        system.append_option(r.code_system.as_deref());
        name.append_option(r.name.as_deref());
        column.append_value(&r.column);
        role.append_value(&r.column_role);
        side.append_option(r.side.as_deref());
        unit.append_option(r.unit.map(AmountUnit::as_str));
        amount.append_value(scaled(r.amount, r)?);
        yuan.append_option(r.amount_yuan.map(|a| scaled(a, r)).transpose()?);
        other_code.append_option(r.other_code.as_deref());
        other_system.append_option(r.other_code_system.as_deref());
    }
    let columns: Vec<ArrayRef> = vec![
        Arc::new(document.finish()),
        Arc::new(year.finish()),
        Arc::new(phase.finish()),
        Arc::new(department.finish()),
        Arc::new(index.finish()),
        Arc::new(kind.finish()),
        Arc::new(title.finish()),
        Arc::new(line.finish()),
        Arc::new(code.finish()),
        Arc::new(system.finish()),
        Arc::new(name.finish()),
        Arc::new(column.finish()),
        Arc::new(role.finish()),
        Arc::new(side.finish()),
        Arc::new(unit.finish()),
        Arc::new(amount.finish()),
        Arc::new(yuan.finish()),
        Arc::new(other_code.finish()),
        Arc::new(other_system.finish()),
    ];
    RecordBatch::try_new(Arc::clone(schema), columns).map_err(export_error)
}

/// Writes [`AmountRecord`]s as one Parquet file (feature `parquet`), a batch at a time, so that a whole folder of
/// documents becomes one file without holding every amount in memory.
///
/// The columns are those of the long CSV ([`super::CSV_HEADER`]), in its order: text columns
/// as UTF-8 strings, `fiscal_year` as a 32-bit integer, `table_index` and `line` as 64-bit
/// integers, `amount` and `amount_yuan` as `DECIMAL(38, 6)` (exact: a value that needs more
/// decimals is an error, never rounded). Absent values are nulls. Pages are Snappy-compressed.
///
/// ```
/// use cnbudget::{Disclosure, export::{self, ParquetWriter}};
///
/// let d = Disclosure::from_bytes(cnbudget::SAMPLE.as_bytes());
/// let mut w = ParquetWriter::new(Vec::new()).unwrap();
/// w.write(&export::amounts(&d, "sample")).unwrap();
/// let bytes = w.finish().unwrap();
/// assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
/// ```
pub struct ParquetWriter<W: Write + Send> {
    schema: SchemaRef,
    inner: ArrowWriter<W>,
}

impl<W: Write + Send> std::fmt::Debug for ParquetWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ParquetWriter")
            .field("schema", &self.schema)
            .finish_non_exhaustive()
    }
}

impl<W: Write + Send> ParquetWriter<W> {
    /// Starts a Parquet file on `sink`.
    pub fn new(sink: W) -> Result<Self, DisclosureError> {
        let schema = schema();
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("cnbudget {}", env!("CARGO_PKG_VERSION")))
            .build();
        let inner =
            ArrowWriter::try_new(sink, Arc::clone(&schema), Some(props)).map_err(export_error)?;
        Ok(ParquetWriter { schema, inner })
    }

    /// Appends the records (of one document or several).
    pub fn write(&mut self, records: &[AmountRecord]) -> Result<(), DisclosureError> {
        if records.is_empty() {
            return Ok(());
        }
        let batch = batch(&self.schema, records)?;
        self.inner.write(&batch).map_err(export_error)
    }

    /// Writes the footer and returns the sink. A file that is not finished is not readable.
    pub fn finish(self) -> Result<W, DisclosureError> {
        self.inner.into_inner().map_err(export_error)
    }
}

/// Writes the records to a Parquet file at `path` (created or truncated; feature `parquet`).
pub fn write_parquet(path: &Path, records: &[AmountRecord]) -> Result<(), DisclosureError> {
    let file = File::create(path)
        .map_err(|e| DisclosureError::io(DisclosureErrorKind::Export, "cannot create", path, e))?;
    let mut w = ParquetWriter::new(BufWriter::new(file))?;
    w.write(records)?;
    w.finish()?
        .flush()
        .map_err(|e| DisclosureError::io(DisclosureErrorKind::Export, "cannot write", path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(amount: &str) -> AmountRecord {
        AmountRecord {
            document: "d".into(),
            fiscal_year: Some(2023),
            phase: None,
            department: None,
            table_index: 0,
            table_kind: "other".into(),
            table_title: String::new(),
            line: 7,
            code: None,
            code_system: None,
            name: None,
            column: String::new(),
            column_role: "total".into(),
            side: None,
            unit: Some(AmountUnit::TenThousandYuan),
            amount: amount.parse().unwrap(),
            amount_yuan: None,
            other_code: None,
            other_code_system: None,
        }
    }

    #[test]
    fn amounts_scale_exactly_or_fail() {
        let r = record("1836.42");
        assert_eq!(scaled(r.amount, &r).unwrap(), 1_836_420_000);
        let r = record("-0.000001");
        assert_eq!(scaled(r.amount, &r).unwrap(), -1);
        // Trailing zeros beyond the scale are not digits lost.
        let r = record("2.500000000");
        assert_eq!(scaled(r.amount, &r).unwrap(), 2_500_000);
        let r = record("0.0000001");
        let err = scaled(r.amount, &r).unwrap_err();
        assert!(err.to_string().contains("line 7"), "{err}");
        assert_eq!(err.kind(), DisclosureErrorKind::Export);
    }
}
