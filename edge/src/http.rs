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
    // Answers echo what clients sent (a number, an error's input): never let a browser read
    // them as anything but their declared type.
    let _ = headers.set("X-Content-Type-Options", "nosniff");
    headers
}

/// The inline script of the hosted page: the `trackline:rendered` mark, for the bench.
pub const RENDERED_MARK: &str = r#"performance.mark("trackline:rendered")"#;

/// The Content-Security-Policy of Trackline's own pages (the demo store, the hosted page): its
/// own scripts and the widget's wasm (`'wasm-unsafe-eval'`), the one inline script by its hash,
/// inline styles (the widget's Shadow DOM carries its stylesheet), requests and the live
/// WebSocket to this origin only, and never inside another site's frame (a store embeds the
/// widget, not the page).
fn content_security_policy() -> String {
    use base64::Engine;
    use sha2::Digest;
    let mark = base64::engine::general_purpose::STANDARD
        .encode(sha2::Sha256::digest(RENDERED_MARK.as_bytes()));
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-{mark}'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
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
    headers.set("Content-Security-Policy", &content_security_policy())?;
    headers.set("X-Content-Type-Options", "nosniff")?;
    // The hosted page's URL holds the tracking number: other sites never see it.
    headers.set("Referrer-Policy", "same-origin")?;
    Ok(Response::ok(html)?.with_headers(headers))
}

/// The answer to a CORS preflight.
pub fn preflight() -> Result<Response> {
    Ok(Response::empty()?
        .with_status(204)
        .with_headers(cors_headers()))
}

/// Why a body could not be taken.
#[derive(Debug)]
pub enum BodyError {
    /// Longer than allowed (said by `Content-Length`, or found while reading).
    TooLarge(usize),
    /// The stream failed, or the text is not UTF-8.
    Unreadable,
}

/// A request's body as text, refused on its `Content-Length` before a byte is read when that
/// says too much, and cut off (refused) as soon as the stream passes `max` bytes: a client can
/// never make the worker hold more than `max`.
pub async fn request_text(req: &mut Request, max: usize) -> std::result::Result<String, BodyError> {
    let declared = req.headers().get("Content-Length").ok().flatten();
    if declared
        .as_deref()
        .and_then(|l| l.trim().parse::<u64>().ok())
        .is_some_and(|l| l > max as u64)
    {
        return Err(BodyError::TooLarge(max));
    }
    match req.stream() {
        Ok(stream) => capped_text(stream, max).await,
        // No body at all reads as empty, which the route's parser refuses in its own words.
        Err(_) => Ok(String::new()),
    }
}

/// A response's body as text, at most `max` bytes (an upstream that sends more is refused).
pub async fn response_text(
    response: &mut Response,
    max: usize,
) -> std::result::Result<String, BodyError> {
    match response.stream() {
        Ok(stream) => capped_text(stream, max).await,
        Err(_) => response.text().await.map_err(|_| BodyError::Unreadable),
    }
}

async fn capped_text(
    mut stream: worker::ByteStream,
    max: usize,
) -> std::result::Result<String, BodyError> {
    use futures_util::StreamExt;
    let mut body = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| BodyError::Unreadable)?;
        if body.len() + chunk.len() > max {
            return Err(BodyError::TooLarge(max));
        }
        body.extend_from_slice(&chunk);
    }
    String::from_utf8(body).map_err(|_| BodyError::Unreadable)
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

/// The value of secret (or var) `name`, empty when unset: the callers treat empty as "not
/// configured" (nothing verifies, nothing is keyed).
pub fn secret(env: &worker::Env, name: &str) -> String {
    env.secret(name).map(|s| s.to_string()).unwrap_or_default()
}

/// `s` percent-encoded for a URL path segment or query value.
pub fn encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}
