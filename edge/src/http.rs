//! Response helpers shared by every route: JSON with CORS, HTML pages, and the preflight
//! answer.

use percent_encoding::percent_decode_str;
use serde::Serialize;
use trackline_core::texts::Lang;
use worker::{Headers, Request, Response, Result, RouteContext};

/// The public API is read by widgets embedded on any store's pages, so any origin may read it.
fn cors_headers() -> Headers {
    let headers = Headers::new();
    // These names and values are constant and valid, so setting them cannot fail.
    let _ = headers.set("Access-Control-Allow-Origin", "*");
    let _ = headers.set("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    let _ = headers.set(
        "Access-Control-Allow-Headers",
        "Content-Type, Accept-Language, Authorization, If-None-Match",
    );
    let _ = headers.set("Access-Control-Max-Age", "86400");
    headers
}

/// `value` as JSON with `status` and CORS headers.
pub fn json<T: Serialize>(value: &T, status: u16) -> Response {
    json_text(
        serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned()),
        status,
    )
}

/// A JSON text with `status` and CORS headers.
pub fn json_text(body: String, status: u16) -> Response {
    let headers = cors_headers();
    let _ = headers.set("Content-Type", "application/json; charset=utf-8");
    Response::ok(body)
        .expect("a string body is always a valid response")
        .with_status(status)
        .with_headers(headers)
}

/// An HTML page (the demo store, the hosted page), asked for again on every visit: they show
/// the latest scans, which a cached copy from minutes ago would not.
pub fn html_page(html: String) -> Result<Response> {
    let headers = Headers::new();
    headers.set("Content-Type", "text/html; charset=utf-8")?;
    headers.set("Cache-Control", "no-cache")?;
    Ok(Response::ok(html)?.with_headers(headers))
}

/// The answer to a CORS preflight.
pub fn preflight() -> Result<Response> {
    Ok(Response::empty()?
        .with_status(204)
        .with_headers(cors_headers()))
}

/// A query parameter, decoded.
pub fn query(req: &Request, name: &str) -> Option<String> {
    let url = req.url().ok()?;
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// A path parameter, percent-decoded: a pasted "1Z 999" arrives as "1Z%20999".
pub fn path_param<D>(ctx: &RouteContext<D>, name: &str) -> String {
    let raw = ctx.param(name).map(String::as_str).unwrap_or_default();
    percent_decode_str(raw).decode_utf8_lossy().into_owned()
}

/// The buyer's language: `?lang=` (one tag, or a preference list such as the widget's
/// `navigator.languages` joined by commas) when it names one we have, else the
/// `Accept-Language` header, else English.
pub fn lang(req: &Request) -> Lang {
    query(req, "lang")
        .and_then(|preferences| Lang::best(&preferences))
        .unwrap_or_else(|| {
            let header = req
                .headers()
                .get("Accept-Language")
                .ok()
                .flatten()
                .unwrap_or_default();
            Lang::negotiate(&header)
        })
}

/// The merchant's `TRACKLINE_MAX_AGE_SECS`: the oldest a copy may be before it is refreshed,
/// when set (the cache and the shipment object both honour it).
pub fn max_age_secs(env: &worker::Env) -> Option<i64> {
    env.var("TRACKLINE_MAX_AGE_SECS")
        .ok()
        .and_then(|v| v.to_string().parse::<i64>().ok())
}

/// `s` percent-encoded for a URL path segment or query value.
pub fn encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}
