//! The one error type of the edge API and its JSON answer: every failure a client sees has a
//! status, a stable `code` and a sentence a developer (or a buyer, through the widget) can read.

use serde_json::json;
use trackline_core::number::NumberError;
use worker::Response;

use crate::http;

/// Why a request could not be answered.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The path is none of the API's routes.
    #[error("no such route")]
    NoSuchRoute,
    /// The tracking number cannot be one.
    #[error("{0}")]
    BadNumber(#[from] NumberError),
    /// `carrier=` names a carrier Trackline does not know.
    #[error("unknown carrier {0:?}; known carriers: sandbox")]
    UnknownCarrier(String),
    /// The input is longer than any tracking number with junk around it.
    #[error("the input is longer than {0} characters")]
    InputTooLong(usize),
    /// The carrier has no information on this number (yet).
    #[error("the carrier has no information on this number yet; labels often appear a few hours after they are printed")]
    NotFound,
}

impl ApiError {
    fn status_and_code(&self) -> (u16, &'static str) {
        match self {
            ApiError::NoSuchRoute => (404, "no_such_route"),
            ApiError::BadNumber(_) => (400, "bad_number"),
            ApiError::UnknownCarrier(_) => (400, "unknown_carrier"),
            ApiError::InputTooLong(_) => (400, "input_too_long"),
            ApiError::NotFound => (404, "not_found"),
        }
    }

    /// The JSON answer: `{"error": {"code", "message"}}` with the matching status.
    pub fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let body = json!({ "error": { "code": code, "message": self.to_string() } });
        http::json(&body, status)
    }
}
