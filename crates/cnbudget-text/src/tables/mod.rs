//! Generated lookup tables (see `tests/text/codegen.rs`) and fast membership bitmaps built
//! from them at compile time.

#[rustfmt::skip]
mod char_bigrams;
#[rustfmt::skip]
mod char_freq;
#[rustfmt::skip]
mod common_hanzi;
#[rustfmt::skip]
mod compat;
#[rustfmt::skip]
mod gb18030;
#[rustfmt::skip]
mod opencc_ts;

pub(crate) use char_bigrams::BIGRAM_FREQ;
pub(crate) use char_freq::CHAR_FREQ;
pub(crate) use common_hanzi::COMMON_HANZI;
pub(crate) use compat::COMPAT_IDEOGRAPHS;
pub(crate) use gb18030::GB18030_SHORT;
pub(crate) use opencc_ts::{TS_CHARS, TS_PHRASES};
