//! `GET /v1/trackings/{number}` (one shipment, normalised, in the buyer's language) and
//! `GET /v1/trackings/{number}/live` (a WebSocket that receives it again on every change).
//! Reads are answered from the cache when it has a copy; otherwise, and for the live channel,
//! the shipment's Durable Object answers, calling the carrier when due.

use trackline_core::model::Tracking;
use trackline_core::number;
use trackline_core::routing::{self, Routes};
use trackline_core::texts::Lang;
use worker::{Env, Request, RequestInit, Response, Result, RouteContext};

use crate::cache;
use crate::error::ApiError;
use crate::http;
use crate::limits;
use crate::shipment::{self, Key};
use crate::Shared;

/// Answers the tracking: from the cache when it has a copy (refreshing an older one in the
/// background), else from the shipment object.
pub async fn get(req: Request, ctx: RouteContext<Shared>) -> Result<Response> {
    let (key, lang) = match resolve(&req, &ctx) {
        Ok(found) => found,
        Err(e) => return Ok(e.into_response()),
    };
    // Older pages of a long history come from the shipment itself, uncached: few ask for them.
    let page = match events_page(&req) {
        Ok(page) => page,
        Err(e) => return Ok(e.into_response()),
    };
    let client = limits::client(&req);
    if page > 1 {
        let url = format!(
            "{}&events_page={page}",
            shipment::internal_url("/state", &key, lang, &client)
        );
        let mut inner = shipment::stub(&ctx.env, &key)?.fetch_with_str(&url).await?;
        let status = inner.status_code();
        return Ok(http::json_text(inner.text().await?, status));
    }
    let cache_key = cache::key(&key, lang);
    if let Some(hit) = cache::lookup(&cache_key).await {
        if hit.age >= cache::fresh_secs(&ctx.env) {
            let env = ctx.env.clone();
            ctx.data.wait_until(async move {
                let _ = from_shipment(&env, &key, lang, &cache_key, "").await;
            });
        }
        let (body, etag) = with_card(&req, hit.body, Some(hit.etag), 200, lang);
        return cache::respond(&req, body, etag, 200, hit.age, lang);
    }
    // Only work that reaches a shipment (and maybe a carrier) counts against the limits:
    // cached answers cost next to nothing.
    let by_client = limits::check(&ctx.env, "CLIENT_LIMITER", &client).await;
    let by_number = limits::check(&ctx.env, "NUMBER_LIMITER", &key.name()).await;
    if let Err(e) = by_client.and(by_number) {
        return Ok(e.into_response());
    }
    let answer = from_shipment(&ctx.env, &key, lang, &cache_key, &client).await?;
    let (body, etag) = with_card(&req, answer.body, answer.etag, answer.status, lang);
    let mut response = cache::respond(&req, body, etag, answer.status, answer.age, lang)?;
    if let Some(retry_after) = answer.retry_after {
        response.headers_mut().set("Retry-After", &retry_after)?;
    }
    Ok(response)
}

/// `?events_page=`: 1 (the default, the newest events) up to the last page a shipment can fill.
fn events_page(req: &Request) -> std::result::Result<usize, ApiError> {
    let last =
        trackline_core::tracking::MAX_EVENTS.div_ceil(trackline_core::tracking::EVENTS_PER_PAGE);
    match http::query(req, "events_page") {
        None => Ok(1),
        Some(p) => p
            .parse::<usize>()
            .ok()
            .filter(|p| (1..=last).contains(p))
            .ok_or_else(|| ApiError::BadRequest(format!("events_page is 1 to {last}"))),
    }
}

/// With `?card=html`, a tracking also carries `card_html`: the card as the widget draws it (its
/// stylesheet and markup, in the buyer's language). The loader shows it the moment it arrives,
/// before the widget's wasm is ready (see the widget's `prerender`). The body changes, so its
/// `ETag` is computed afresh (`None`).
fn with_card(
    req: &Request,
    body: String,
    etag: Option<String>,
    status: u16,
    lang: Lang,
) -> (String, Option<String>) {
    let wanted = req.url().is_ok_and(|url| {
        url.query_pairs()
            .any(|(name, value)| name == "card" && value == "html")
    });
    if !wanted || status != 200 {
        return (body, etag);
    }
    let (Ok(tracking), Ok(mut json)) = (
        serde_json::from_str::<Tracking>(&body),
        serde_json::from_str::<serde_json::Value>(&body),
    ) else {
        return (body, etag); // not a tracking: the widget draws whatever it is itself
    };
    json["card_html"] = serde_json::Value::String(card(req, &tracking, lang));
    (json.to_string(), None)
}

/// The card of `tracking` as the widget draws it, for the edge that `req` reached.
fn card(req: &Request, tracking: &Tracking, lang: Lang) -> String {
    let edge = req
        .url()
        .map(|url| url.origin().ascii_serialization())
        .unwrap_or_default();
    trackline_widget::prerender::card_html(tracking, lang, &edge)
}

/// The card of the tracking `req` names (`:number`, `?carrier=`, `?lang=`) if the cache already
/// holds it: the hosted page puts it in its HTML, so the buyer sees it with the page. `None` on
/// a miss, so that a page never waits for a carrier (its widget asks then).
pub async fn cached_card(req: &Request, ctx: &RouteContext<Shared>) -> Option<String> {
    let (key, lang) = resolve(req, ctx).ok()?;
    let hit = cache::lookup(&cache::key(&key, lang)).await?;
    let tracking = serde_json::from_str::<Tracking>(&hit.body).ok()?;
    Some(card(req, &tracking, lang))
}

/// What the shipment object answered.
struct Answer {
    body: String,
    status: u16,
    age: i64,
    retry_after: Option<String>,
    /// The `ETag` computed when the answer was cached (a failure is not cached).
    etag: Option<String>,
}

/// Asks the shipment object (which calls the carrier when due) for `client` (empty for the
/// edge's own background refresh) and caches a good answer.
async fn from_shipment(
    env: &Env,
    key: &Key,
    lang: Lang,
    cache_key: &str,
    client: &str,
) -> Result<Answer> {
    let stub = shipment::stub(env, key)?;
    let mut inner = stub
        .fetch_with_str(&shipment::internal_url("/state", key, lang, client))
        .await?;
    let status = inner.status_code();
    let age = inner
        .headers()
        .get("Age")?
        .and_then(|a| a.parse().ok())
        .unwrap_or(0);
    let retry_after = inner.headers().get("Retry-After")?;
    let body = inner.text().await?;
    let etag = if status == 200 {
        Some(cache::store(cache_key, &body).await?)
    } else {
        None
    };
    Ok(Answer {
        body,
        status,
        age,
        retry_after,
        etag,
    })
}

/// Opens the live channel: the shipment object accepts the WebSocket.
pub async fn live(req: Request, ctx: RouteContext<Shared>) -> Result<Response> {
    let upgrade = req.headers().get("Upgrade")?;
    if !upgrade.is_some_and(|u| u.eq_ignore_ascii_case("websocket")) {
        return Ok(ApiError::UpgradeRequired.into_response());
    }
    let (key, lang) = match resolve(&req, &ctx) {
        Ok(found) => found,
        Err(e) => return Ok(e.into_response()),
    };
    // Upgrades count like reads that miss the cache: each one reaches the shipment.
    let client = limits::client(&req);
    if let Err(e) = limits::check(&ctx.env, "CLIENT_LIMITER", &client).await {
        return Ok(e.into_response());
    }
    let mut init = RequestInit::new();
    init.with_headers(req.headers().clone());
    let inner =
        Request::new_with_init(&shipment::internal_url("/live", &key, lang, &client), &init)?;
    shipment::stub(&ctx.env, &key)?
        .fetch_with_request(inner)
        .await
}

/// The shipment a request is about, and the buyer's language.
fn resolve(
    req: &Request,
    ctx: &RouteContext<Shared>,
) -> std::result::Result<(Key, Lang), ApiError> {
    let number = number::clean(&http::path_param(ctx, "number"))?;
    let named = http::query(req, "carrier");
    Ok((
        key_for(&ctx.env, &number, named.as_deref(), "")?,
        http::lang(req),
    ))
}

/// The deployment's carrier-to-connector rules (`TRACKLINE_ROUTES`).
pub fn routes(env: &Env) -> std::result::Result<Routes, ApiError> {
    let rules = env
        .var("TRACKLINE_ROUTES")
        .map(|v| v.to_string())
        .unwrap_or_default();
    Routes::parse(&rules).map_err(|e| ApiError::Config(e.to_string()))
}

/// The shipment for (cleaned) `number` and the carrier `named`, by core's one resolver; served
/// by `fallback` when no route or own connector serves its carrier (see
/// [`routing::resolve`]).
pub fn key_for(
    env: &Env,
    number: &str,
    named: Option<&str>,
    fallback: &str,
) -> std::result::Result<Key, ApiError> {
    Ok(routing::resolve(&routes(env)?, number, named, fallback)?)
}
