//! One cell's text: the grammars of amounts, percentages, classification codes and ordinals
//! (nom 8, `complete` parsers only), the repair of slips in figures, and the folding and
//! markup removal every reader applies first.
//!
//! Every parser works on text folded by [`fold`](fold::fold), which turns the full-width
//! forms the documents use (`１２，３４５．６７`, `（`, `：`, U+3000) into ASCII, so raw
//! un-normalised text is read too.

mod amount;
mod code;
mod fold;
mod markup;
mod ordinal;
mod repair;

pub use amount::{parse_amount, parse_percent};
pub use code::parse_code;
pub use repair::{Slip, repair_amount, repair_code};

pub(crate) use amount::{amount_value, is_amountish, percent_value, starts_numeric};
pub(crate) use code::{code_tokens, pad_short_codes};
pub(crate) use fold::{
    continuation_bytes, fold, has_sub, may_have_space, squash, squash_starts_with, trim_line,
    trim_ws,
};
pub(crate) use markup::{clean, strip_heading, unmarkup};
pub(crate) use ordinal::{cn_numerals, split_ordinal, split_ordinal_folded};
pub(crate) use repair::{code_slip_text, slip_digit};
