//! `GET /v1/trackings/{number}` (one shipment, normalised, in the buyer's language) and
//! `GET /v1/trackings/{number}/live` (a WebSocket that receives it again on every change).
//! Both go to the shipment's Durable Object, which calls the carrier when due.

use trackline_core::routing::Routes;
use trackline_core::texts::Lang;
use trackline_core::{carriers, detect, number, sandbox};
use worker::{Env, Request, RequestInit, Response, Result, RouteContext};

use crate::error::ApiError;
use crate::http;
use crate::shipment::{self, Key};

/// Answers the tracking through its shipment object.
pub async fn get(req: Request, ctx: RouteContext<()>) -> Result<Response> {
    let (key, lang) = match resolve(&req, &ctx) {
        Ok(found) => found,
        Err(e) => return Ok(e.into_response()),
    };
    let stub = shipment::stub(&ctx.env, &key)?;
    let mut inner = stub
        .fetch_with_str(&shipment::internal_url("/state", &key, lang))
        .await?;
    // The object's response headers are immutable: answer with a new response.
    let mut response = http::json_text(inner.text().await?, inner.status_code());
    let headers = response.headers_mut();
    if let Some(age) = inner.headers().get("Age")? {
        headers.set("Age", &age)?;
    }
    if let Some(retry_after) = inner.headers().get("Retry-After")? {
        headers.set("Retry-After", &retry_after)?;
    }
    headers.set("Content-Language", lang.tag())?;
    headers.set("Vary", "Accept-Language")?;
    Ok(response)
}

/// Opens the live channel: the shipment object accepts the WebSocket.
pub async fn live(req: Request, ctx: RouteContext<()>) -> Result<Response> {
    if !req
        .headers()
        .get("Upgrade")?
        .is_some_and(|u| u.eq_ignore_ascii_case("websocket"))
    {
        return Ok(
            ApiError::Config("this route expects a WebSocket upgrade".into()).into_response(),
        );
    }
    let (key, lang) = match resolve(&req, &ctx) {
        Ok(found) => found,
        Err(e) => return Ok(e.into_response()),
    };
    let mut init = RequestInit::new();
    init.with_headers(req.headers().clone());
    let inner = Request::new_with_init(&shipment::internal_url("/live", &key, lang), &init)?;
    shipment::stub(&ctx.env, &key)?
        .fetch_with_request(inner)
        .await
}

/// The shipment a request is about, and the buyer's language.
fn resolve(req: &Request, ctx: &RouteContext<()>) -> std::result::Result<(Key, Lang), ApiError> {
    let number = number::clean(&http::path_param(ctx, "number"))?;
    let carrier = carrier_of(&number, http::query(req, "carrier").as_deref())?;
    Ok((key(&ctx.env, carrier, number)?, http::lang(req)))
}

/// The carrier of `number`: the one named, if Trackline knows it, else the sandbox for its
/// test numbers, else the most likely detected carrier.
pub fn carrier_of(number: &str, named: Option<&str>) -> std::result::Result<String, ApiError> {
    let detected = || detect::detect(number);
    match named.map(str::trim).filter(|c| !c.is_empty()) {
        Some(carrier) => {
            let known = carrier == sandbox::CODE
                || carriers::connector(carrier).is_some()
                || detected().iter().any(|c| c.carrier.code == carrier);
            known
                .then(|| carrier.to_owned())
                .ok_or_else(|| ApiError::UnknownCarrier(carrier.to_owned()))
        }
        None if sandbox::owns(number) => Ok(sandbox::CODE.to_owned()),
        None => detected()
            .first()
            .map(|c| c.carrier.code.to_owned())
            .ok_or(ApiError::CarrierNotDetected),
    }
}

/// The shipment key: carrier, number and the connector that serves the carrier here.
pub fn key(env: &Env, carrier: String, number: String) -> std::result::Result<Key, ApiError> {
    let rules = env
        .var("TRACKLINE_ROUTES")
        .map(|v| v.to_string())
        .unwrap_or_default();
    let routes = Routes::parse(&rules).map_err(|e| ApiError::Config(e.to_string()))?;
    let connector = routes
        .connector_for(&carrier)
        .ok_or_else(|| ApiError::NoConnector(carrier.clone()))?;
    Ok(Key {
        connector: connector.to_owned(),
        carrier,
        number,
    })
}
