//! `POST /v1/webhooks/{provider}`: carriers and aggregators push updates here. The signature is
//! verified (constant-time) before anything else; a refused push changes nothing. Each pushed
//! tracking is merged into its shipment, which tells open widgets at once. Merging is
//! idempotent: duplicate and out-of-order pushes leave the same state.

use trackline_core::carriers::{self, Push, PushError, Pushed};
use trackline_core::{merchant, webhook};
use worker::{Request, Response, Result, RouteContext};

use crate::cache;
use crate::connectors::settings;
use crate::db;
use crate::error::ApiError;
use crate::http;
use crate::push_health;
use crate::shipment;
use crate::trackings::key_for;

/// Pushes are small; anything bigger is not one.
const MAX_BODY: usize = 1 << 20;

/// Verifies, parses and merges one push.
pub async fn post(mut req: Request, ctx: RouteContext<crate::Shared>) -> Result<Response> {
    let provider = http::path_param(&ctx, "provider");
    let push = match received(&mut req, MAX_BODY).await {
        Ok(push) => push,
        Err(e) => return Ok(e.into_response()),
    };
    let verified = verify(&ctx, &provider, &push);
    // Push health counts every signed push and every refused signature, after the answer.
    if carriers::connector(&provider).is_some() || provider == webhook::PROVIDER {
        let accepted = match &verified {
            Ok(_) => Some(true),
            Err(ApiError::Push(PushError::BadSignature)) => Some(false),
            Err(_) => None,
        };
        if let Some(accepted) = accepted {
            let (env, source) = (ctx.env.clone(), provider.clone());
            ctx.data.wait_until(async move {
                let now = crate::clock::now();
                if let Err(e) = push_health::record_push(&env, &source, accepted, now).await {
                    worker::console_warn!("push health of {source}: {e}");
                }
            });
        }
    }
    let (pushed, merchant) = match verified {
        Ok((pushed, merchant)) => match carriers::within_limits(pushed) {
            Ok(pushed) => (pushed, merchant),
            Err(e) => return Ok(ApiError::Push(e).into_response()),
        },
        Err(e) => return Ok(e.into_response()),
    };
    if let Some(merchant) = &merchant {
        // A merchant's push touches only its own shipments: all of them, or none is merged.
        for p in &pushed {
            if !owns(&ctx.env, merchant, &p.number).await? {
                return Ok(ApiError::Forbidden(format!(
                    "{} is not a shipment of merchant {merchant:?}",
                    p.number
                ))
                .into_response());
            }
        }
    }
    let mut added = 0;
    for Pushed {
        number,
        carrier_hint,
        report,
        stopped,
    } in pushed.iter().cloned()
    {
        let fallback = if carriers::connector(&provider).is_some() {
            provider.as_str()
        } else {
            ""
        };
        // The provider's carrier when it names a well-formed one, else the number's own.
        let key = match key_for(&ctx.env, &number, carrier_hint.as_deref(), fallback)
            .or_else(|_| key_for(&ctx.env, &number, None, fallback))
        {
            Ok(key) => key,
            Err(ApiError::Config(why)) => return Ok(ApiError::Config(why).into_response()),
            Err(_) => continue,
        };
        let merged = shipment::push(&ctx.env, &key, report, stopped).await?;
        if merged.added > 0 {
            cache::purge(&key).await;
        }
        added += merged.added as u64;
    }
    // Kuaidi100 retries a callback until it reads its own success shape.
    let answer = if provider == "kuaidi100" {
        serde_json::json!({ "result": true, "returnCode": "200", "message": "成功" })
    } else {
        serde_json::json!({ "accepted": pushed.len(), "new_events": added })
    };
    Ok(http::json(&answer, 200))
}

/// `POST /v1/webhooks/{provider}/token`: a source that fetches an OAuth token before it pushes
/// (UPS Track Alert) gets one, for its client credentials. Other providers have no such route.
pub async fn token(mut req: Request, ctx: RouteContext<crate::Shared>) -> Result<Response> {
    let provider = http::path_param(&ctx, "provider");
    let Some(connector) = carriers::connector(&provider) else {
        return Ok(ApiError::UnknownProvider(provider).into_response());
    };
    // A token request is a short form.
    let request = match received(&mut req, 4096).await {
        Ok(request) => request,
        Err(e) => return Ok(e.into_response()),
    };
    match connector.webhook_token(&request, &settings(&ctx.env, connector.info())) {
        Some(Ok(answer)) => {
            let mut response = http::json_text(answer, 200);
            // RFC 6749: token answers are never cached.
            let _ = response.headers_mut().set("Cache-Control", "no-store");
            Ok(response)
        }
        Some(Err(PushError::Unsupported)) | None => Ok(ApiError::NoSuchRoute.into_response()),
        Some(Err(e)) => Ok(ApiError::Push(e).into_response()),
    }
}

/// The request as a provider sent it: its body (at most `max` bytes), its headers with
/// lower-case names, and when it arrived.
async fn received(req: &mut Request, max: usize) -> std::result::Result<Push, ApiError> {
    let body = http::request_text(req, max).await?;
    let headers = req
        .headers()
        .entries()
        .map(|(k, v)| (k.to_ascii_lowercase(), v))
        .collect();
    Ok(Push {
        received_at: crate::clock::now().timestamp(),
        headers,
        body,
    })
}

/// The pushed trackings, once the signature is right, and the merchant that signed them (none
/// for the operator and for carriers).
fn verify(
    ctx: &RouteContext<crate::Shared>,
    provider: &str,
    push: &Push,
) -> std::result::Result<(Vec<Pushed>, Option<String>), ApiError> {
    if provider == webhook::PROVIDER {
        let operator = http::secret(&ctx.env, webhook::SECRET);
        let merchant = push.header(webhook::MERCHANT_HEADER).map(str::to_owned);
        let secret = match &merchant {
            Some(id) if merchant::valid_merchant_id(id) => {
                webhook::merchant_secret(&operator, id).unwrap_or_default()
            }
            Some(_) => return Err(ApiError::Push(PushError::BadSignature)),
            None => operator,
        };
        let now = crate::clock::now().timestamp();
        return webhook::verify_and_parse(&secret, push, now)
            .map(|pushed| (pushed, merchant))
            .map_err(ApiError::Push);
    }
    let connector = carriers::connector(provider)
        .ok_or_else(|| ApiError::UnknownProvider(provider.to_owned()))?;
    connector
        .push(push, &settings(&ctx.env, connector.info()))
        .map(|pushed| (pushed, None))
        .map_err(ApiError::Push)
}

/// True when `merchant` registered `number` in one of its orders.
async fn owns(env: &worker::Env, merchant: &str, number: &str) -> Result<bool> {
    let db = db::open(env).await?;
    let found = db
        .prepare(
            "SELECT 1 AS found FROM order_trackings WHERE merchant_id = ?1 AND number = ?2 LIMIT 1",
        )
        .bind(&[merchant.into(), number.into()])?
        .first::<serde_json::Value>(None)
        .await?;
    Ok(found.is_some())
}
