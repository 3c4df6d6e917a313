//! Parses python samples. (Filled in by the parser work for `apiglot check`.)

use super::Analysis;

pub fn analyze(_code: &str) -> Analysis {
    Analysis::default()
}
