//! HTML pages: not read yet.

use crate::{ExtractError, Limits};

pub(crate) fn extract(_source: &str, _limits: &Limits) -> Result<String, ExtractError> {
    Err(ExtractError::Unsupported {
        format: "html",
        reason: "not implemented yet".into(),
    })
}
