//! `GET /v1/trackings/{number}`: one shipment, normalised, in the buyer's language.

use chrono::{DateTime, Utc};
use trackline_core::{number, sandbox, tracking::assemble};
use worker::{Request, Response, Result, RouteContext};

use crate::error::ApiError;
use crate::http;

/// Looks the number up with its carrier and answers the normalised tracking.
pub async fn get(req: Request, ctx: RouteContext<()>) -> Result<Response> {
    Ok(lookup(&req, &ctx).unwrap_or_else(ApiError::into_response))
}

fn lookup(req: &Request, ctx: &RouteContext<()>) -> std::result::Result<Response, ApiError> {
    let number = number::clean(&http::path_param(ctx, "number"))?;
    if let Some(carrier) = http::query(req, "carrier").filter(|c| c != sandbox::CODE) {
        return Err(ApiError::UnknownCarrier(carrier));
    }
    let lang = http::lang(req);
    let now = now();
    let report = sandbox::report(&number, now).map_err(|_| ApiError::NotFound)?;
    Ok(http::json_in(&assemble(lang, &number, report, now), lang))
}

fn now() -> DateTime<Utc> {
    let millis = worker::Date::now().as_millis() as i64;
    DateTime::from_timestamp_millis(millis).unwrap_or_default()
}
