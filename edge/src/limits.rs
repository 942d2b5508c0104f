//! Rate limits with Cloudflare's rate-limiting bindings: per client on the API, tighter per
//! client on order lookups (nobody may guess orders by trying emails), per number on lookups
//! that reach a shipment. `TRACKLINE_RATE_LIMITS=off` disables them (for example behind a
//! merchant's own gateway, or to measure raw throughput).

use worker::{Env, Request};

use crate::error::ApiError;

/// The client a request comes from: Cloudflare's `CF-Connecting-IP`, else one shared bucket.
pub fn client(req: &Request) -> String {
    req.headers()
        .get("CF-Connecting-IP")
        .ok()
        .flatten()
        .unwrap_or_else(|| "unknown".into())
}

/// Counts one request against `binding` for `key`; `Err` with a 429 answer when over.
pub async fn check(env: &Env, binding: &str, key: &str) -> Result<(), ApiError> {
    if env
        .var("TRACKLINE_RATE_LIMITS")
        .is_ok_and(|v| v.to_string() == "off")
    {
        return Ok(());
    }
    // A deployment without the binding has no limit to enforce.
    let Ok(limiter) = env.rate_limiter(binding) else {
        return Ok(());
    };
    match limiter.limit(key.to_owned()).await {
        Ok(outcome) if !outcome.success => Err(ApiError::RateLimited(60)),
        _ => Ok(()),
    }
}
