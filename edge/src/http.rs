//! Response helpers shared by every route: JSON with CORS, and the preflight answer.

use serde::Serialize;
use worker::{Headers, Response, Result};

/// The public API is read by widgets embedded on any store's pages, so any origin may read it.
fn cors_headers() -> Headers {
    let headers = Headers::new();
    // These names and values are constant and valid, so setting them cannot fail.
    let _ = headers.set("Access-Control-Allow-Origin", "*");
    let _ = headers.set("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    let _ = headers.set(
        "Access-Control-Allow-Headers",
        "Content-Type, Accept-Language",
    );
    let _ = headers.set("Access-Control-Max-Age", "86400");
    headers
}

/// `value` as JSON with `status` and CORS headers.
pub fn json<T: Serialize>(value: &T, status: u16) -> Response {
    let headers = cors_headers();
    let _ = headers.set("Content-Type", "application/json; charset=utf-8");
    let body = serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned());
    Response::ok(body)
        .expect("a string body is always a valid response")
        .with_status(status)
        .with_headers(headers)
}

/// The answer to a CORS preflight.
pub fn preflight() -> Result<Response> {
    Ok(Response::empty()?
        .with_status(204)
        .with_headers(cors_headers()))
}
