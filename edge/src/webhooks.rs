//! `POST /v1/webhooks/{provider}`: carriers and aggregators push updates here. The signature is
//! verified (constant-time) before anything else; a refused push changes nothing. Each pushed
//! tracking is merged into its shipment, which tells open widgets at once. Merging is
//! idempotent: duplicate and out-of-order pushes leave the same state.

use trackline_core::carriers::{self, Push, Pushed};
use trackline_core::webhook;
use worker::{Request, Response, Result, RouteContext};

use crate::cache;
use crate::connectors::settings;
use crate::error::ApiError;
use crate::http;
use crate::shipment;
use crate::trackings::{carrier_of, key_or};

/// Pushes are small; anything bigger is not one.
const MAX_BODY: usize = 1 << 20;

/// Verifies, parses and merges one push.
pub async fn post(mut req: Request, ctx: RouteContext<crate::Shared>) -> Result<Response> {
    let provider = http::path_param(&ctx, "provider");
    let body = match http::request_text(&mut req, MAX_BODY).await {
        Ok(body) => body,
        Err(e) => return Ok(ApiError::from(e).into_response()),
    };
    let headers: Vec<(String, String)> = req
        .headers()
        .entries()
        .map(|(k, v)| (k.to_ascii_lowercase(), v))
        .collect();
    let push = Push { headers, body };
    let pushed = match verify(&ctx, &provider, &push) {
        Ok(pushed) => pushed,
        Err(e) => return Ok(e.into_response()),
    };
    let mut added = 0;
    for Pushed {
        number,
        carrier_hint,
        report,
    } in pushed.iter().cloned()
    {
        let carrier = match carrier_hint.or_else(|| carrier_of(&number, None).ok()) {
            Some(carrier) => carrier,
            None => continue,
        };
        let fallback = if carriers::connector(&provider).is_some() {
            provider.as_str()
        } else {
            ""
        };
        let key = match key_or(&ctx.env, carrier, number, fallback) {
            Ok(key) => key,
            Err(e) => return Ok(e.into_response()),
        };
        let new_events = shipment::push(&ctx.env, &key, report).await?;
        if new_events > 0 {
            cache::purge(&key).await;
        }
        added += new_events;
    }
    // Kuaidi100 retries a callback until it reads its own success shape.
    let answer = if provider == "kuaidi100" {
        serde_json::json!({ "result": true, "returnCode": "200", "message": "成功" })
    } else {
        serde_json::json!({ "accepted": pushed.len(), "new_events": added })
    };
    Ok(http::json(&answer, 200))
}

fn verify(
    ctx: &RouteContext<crate::Shared>,
    provider: &str,
    push: &Push,
) -> std::result::Result<Vec<Pushed>, ApiError> {
    if provider == webhook::PROVIDER {
        let secret = ctx
            .env
            .secret(webhook::SECRET)
            .map(|s| s.to_string())
            .unwrap_or_default();
        let now = worker::Date::now().as_millis() as i64 / 1000;
        return webhook::verify_and_parse(&secret, push, now).map_err(ApiError::Push);
    }
    let connector = carriers::connector(provider)
        .ok_or_else(|| ApiError::UnknownProvider(provider.to_owned()))?;
    connector
        .push(push, &settings(&ctx.env, connector.info()))
        .map_err(ApiError::Push)
}
