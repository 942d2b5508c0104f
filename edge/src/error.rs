//! The one error type of the edge API and its JSON answer: every failure a client sees has a
//! status, a stable `code` and a sentence a developer (or a buyer, through the widget) can read.

use serde_json::json;
use trackline_core::carriers::{CarrierError, PushError};
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
    #[error("unknown carrier {0:?}")]
    UnknownCarrier(String),
    /// No carrier could be told from the number.
    #[error("cannot tell the carrier of this number; add ?carrier=")]
    CarrierNotDetected,
    /// The carrier is known, but no connector is configured for it.
    #[error("no connector serves carrier {0:?}: configure its secrets or a TRACKLINE_ROUTES rule")]
    NoConnector(String),
    /// The deployment's configuration is wrong.
    #[error("{0}")]
    Config(String),
    /// The input is longer than any tracking number with junk around it.
    #[error("the input is longer than {0} characters")]
    InputTooLong(usize),
    /// The carrier has no information on this number (yet).
    #[error("the carrier has no information on this number yet; tracking usually starts a few hours after the label is printed")]
    NotFound,
    /// The carrier failed.
    #[error("{0}")]
    Carrier(CarrierError),
    /// `/v1/webhooks/{provider}` names no provider that pushes.
    #[error("unknown push provider {0:?}")]
    UnknownProvider(String),
    /// A push was refused; nothing changed.
    #[error("{0}")]
    Push(PushError),
    /// The request is malformed; the message says how.
    #[error("{0}")]
    BadRequest(String),
    /// No valid API key or token.
    #[error("a valid API key is needed: Authorization: Bearer <key>")]
    Unauthorized,
    /// The route is switched off here.
    #[error("{0}")]
    Forbidden(String),
    /// The thing to create exists.
    #[error("{0}")]
    Conflict(String),
    /// Too many requests from this client; retry after this many seconds.
    #[error("too many requests; please retry in {0} seconds")]
    RateLimited(u64),
    /// No order matches the number and email (the same answer whichever is wrong).
    #[error("no order matches this order number and email")]
    OrderNotFound,
    /// Something failed on our side; the log has the detail.
    #[error("something went wrong on our side; please try again")]
    Internal,
    /// A request body is larger than allowed.
    #[error("the body is larger than {0} bytes")]
    BodyTooLarge(usize),
    /// Today's budget of new numbers that visitors may start tracking is spent; retry after
    /// this many seconds (or the merchant registers the number).
    #[error("this store tracks only so many new numbers for visitors a day; try again tomorrow, or ask the store")]
    NewNumberBudget(u64),
    /// The shipment, or this client, has as many live channels open as allowed.
    #[error("too many live channels are open on this shipment; close one or poll instead")]
    TooManyWatchers,
    /// Our own storage failed; the log has the detail.
    #[error("storage failed: {0}")]
    Storage(String),
    /// The path exists, but not for this method.
    #[error("this route does not take this method")]
    MethodNotAllowed,
    /// A WebSocket route was asked for without `Upgrade: websocket`.
    #[error("this route is a WebSocket: send Upgrade: websocket")]
    UpgradeRequired,
}

impl From<crate::http::BodyError> for ApiError {
    fn from(e: crate::http::BodyError) -> Self {
        match e {
            crate::http::BodyError::TooLarge(max) => ApiError::BodyTooLarge(max),
            crate::http::BodyError::Unreadable => {
                ApiError::BadRequest("the body could not be read as UTF-8 text".into())
            }
        }
    }
}

impl From<trackline_core::routing::Unresolved> for ApiError {
    fn from(e: trackline_core::routing::Unresolved) -> Self {
        match e {
            trackline_core::routing::Unresolved::UnknownCarrier(c) => ApiError::UnknownCarrier(c),
            trackline_core::routing::Unresolved::NotDetected => ApiError::CarrierNotDetected,
        }
    }
}

impl From<trackline_core::shipment::Failure> for ApiError {
    fn from(e: trackline_core::shipment::Failure) -> Self {
        use trackline_core::shipment::Failure;
        match e {
            Failure::Carrier(CarrierError::NotFound) => ApiError::NotFound,
            Failure::Carrier(e) => ApiError::Carrier(e),
            Failure::NoConnector(carrier) => ApiError::NoConnector(carrier),
            Failure::OverBudget(retry) => ApiError::NewNumberBudget(retry),
            Failure::Storage(why) => ApiError::Storage(why),
        }
    }
}

impl ApiError {
    fn status_and_code(&self) -> (u16, &'static str) {
        match self {
            ApiError::NoSuchRoute => (404, "no_such_route"),
            ApiError::BadNumber(_) => (400, "bad_number"),
            ApiError::UnknownCarrier(_) => (400, "unknown_carrier"),
            ApiError::CarrierNotDetected => (400, "carrier_not_detected"),
            ApiError::NoConnector(_) => (422, "no_connector"),
            ApiError::Config(_) => (500, "misconfigured"),
            ApiError::InputTooLong(_) => (400, "input_too_long"),
            ApiError::NotFound | ApiError::Carrier(CarrierError::NotFound) => (404, "not_found"),
            ApiError::Carrier(CarrierError::BadCredentials(_)) => (502, "carrier_credentials"),
            ApiError::Carrier(CarrierError::RateLimited { .. }) => (429, "carrier_rate_limited"),
            ApiError::Carrier(CarrierError::NotUnderstood(_)) => (502, "carrier_unreadable"),
            ApiError::Carrier(_) => (503, "carrier_unavailable"),
            ApiError::UnknownProvider(_) => (404, "unknown_provider"),
            ApiError::Push(PushError::BadSignature) => (401, "bad_signature"),
            ApiError::Push(PushError::Unsupported) => (404, "unknown_provider"),
            ApiError::Push(PushError::TooManyEvents(_)) => (413, "too_many_events"),
            ApiError::Push(_) => (400, "bad_push"),
            ApiError::BodyTooLarge(_) => (413, "body_too_large"),
            ApiError::Internal => (500, "internal"),
            ApiError::BadRequest(_) => (400, "bad_request"),
            ApiError::Unauthorized => (401, "unauthorized"),
            ApiError::Forbidden(_) => (403, "forbidden"),
            ApiError::Conflict(_) => (409, "conflict"),
            ApiError::RateLimited(_) => (429, "rate_limited"),
            ApiError::OrderNotFound => (404, "order_not_found"),
            ApiError::UpgradeRequired => (426, "upgrade_required"),
            ApiError::MethodNotAllowed => (405, "method_not_allowed"),
            ApiError::Storage(_) => (503, "storage_unavailable"),
            ApiError::NewNumberBudget(_) => (429, "new_number_budget"),
            ApiError::TooManyWatchers => (429, "too_many_watchers"),
        }
    }

    /// The sentence the client reads. Failures of the deployment or of a carrier name no
    /// secret, no configuration and no carrier's words: the client gets a generic sentence and
    /// the log gets the detail.
    fn public_message(&self) -> String {
        let hidden = match self {
            ApiError::Config(_) | ApiError::Internal | ApiError::Storage(_) => {
                "something went wrong on our side; please try again"
            }
            ApiError::Carrier(CarrierError::BadCredentials(_)) => {
                "the carrier refused this deployment's credentials; the operator has been told"
            }
            ApiError::Carrier(CarrierError::Down(_)) => {
                "the carrier is not answering right now; please try again later"
            }
            ApiError::Carrier(CarrierError::NotUnderstood(_)) => {
                "the carrier's answer could not be read; please try again later"
            }
            _ => return self.to_string(),
        };
        worker::console_error!("{self}");
        hidden.to_owned()
    }

    /// The JSON answer: `{"error": {"code", "message"}}` with the matching status, and
    /// `Retry-After` when the carrier asked us to wait.
    pub fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let retry_after = match &self {
            ApiError::Carrier(CarrierError::RateLimited { retry_after_secs }) => *retry_after_secs,
            ApiError::RateLimited(secs) | ApiError::NewNumberBudget(secs) => Some(*secs),
            _ => None,
        };
        let body = json!({ "error": { "code": code, "message": self.public_message() } });
        let mut response = http::json(&body, status);
        if let Some(seconds) = retry_after {
            let _ = response
                .headers_mut()
                .set("Retry-After", &seconds.to_string());
        }
        response
    }
}
