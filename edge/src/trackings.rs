//! `GET /v1/trackings/{number}`: one shipment, normalised, in the buyer's language.

use chrono::{DateTime, Utc};
use percent_encoding::percent_decode_str;
use trackline_core::{number, sandbox, texts::Lang, tracking::assemble};
use worker::{Request, Response, Result, RouteContext};

use crate::error::ApiError;
use crate::http;

/// Looks the number up with its carrier and answers the normalised tracking.
pub async fn get(req: Request, ctx: RouteContext<()>) -> Result<Response> {
    Ok(lookup(&req, &ctx).unwrap_or_else(ApiError::into_response))
}

fn lookup(req: &Request, ctx: &RouteContext<()>) -> std::result::Result<Response, ApiError> {
    let raw = ctx.param("number").map(String::as_str).unwrap_or_default();
    // Path segments arrive percent-encoded: a pasted "1Z 999" is "1Z%20999".
    let decoded = percent_decode_str(raw).decode_utf8_lossy();
    let number = number::clean(&decoded)?;
    let url = req.url().map_err(|_| ApiError::NoSuchRoute)?;
    let carrier = url
        .query_pairs()
        .find(|(k, _)| k == "carrier")
        .map(|(_, v)| v.into_owned());
    if let Some(carrier) = carrier.filter(|c| c != sandbox::CODE) {
        return Err(ApiError::UnknownCarrier(carrier));
    }
    let now = now();
    let report = sandbox::report(&number, now).map_err(|_| ApiError::NotFound)?;
    let tracking = assemble(Lang::default(), &number, report, now);
    Ok(http::json(&tracking, 200))
}

fn now() -> DateTime<Utc> {
    let millis = worker::Date::now().as_millis() as i64;
    DateTime::from_timestamp_millis(millis).unwrap_or_default()
}
