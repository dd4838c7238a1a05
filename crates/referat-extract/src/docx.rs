//! DOCX documents: not read yet.

use crate::{ExtractError, Limits};

pub(crate) fn extract(_bytes: &[u8], _limits: &Limits) -> Result<String, ExtractError> {
    Err(ExtractError::Unsupported {
        format: "docx",
        reason: "not implemented yet".into(),
    })
}
