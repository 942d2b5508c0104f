//! The Cache API in front of public tracking reads: a copy younger than [`FRESH_SECS`] is
//! answered without waking the shipment; an older one (up to [`KEEP_SECS`]) is answered at once
//! while the shipment is asked again in the background (stale-while-revalidate). Every answer
//! carries an `ETag`, so a browser that already has it gets a 304. Pushes, and refreshes the shipment makes by itself, purge the copies.

use sha2::{Digest, Sha256};
use trackline_core::texts::Lang;
use worker::{Cache, Env, Headers, Request, Response, Result};

use crate::http;
use crate::shipment::Key;

/// How long a cached copy is served as it is.
pub const FRESH_SECS: i64 = 30;
/// How long a cached copy is kept to answer at once while it is refreshed.
pub const KEEP_SECS: i64 = 600;
const STORED_AT: &str = "x-trackline-stored-at";

/// A cached answer.
pub struct Hit {
    /// The JSON body.
    pub body: String,
    /// Its `ETag`.
    pub etag: String,
    /// Seconds since it was stored.
    pub age: i64,
}

/// How long a copy is fresh here: [`FRESH_SECS`], or less when the merchant caps the age of
/// data with `TRACKLINE_MAX_AGE_SECS`.
pub fn fresh_secs(env: &Env) -> i64 {
    http::max_age_secs(env).map_or(FRESH_SECS, |cap| cap.min(FRESH_SECS))
}

/// The cache key of a shipment's tracking in `lang`.
pub fn key(key: &Key, lang: Lang) -> String {
    format!(
        "https://cache.trackline.internal/v1/trackings/{}/{}?lang={}",
        http::encode(&key.carrier),
        http::encode(&key.number),
        lang.tag()
    )
}

/// The cached answer for `cache_key`, if any: first from this isolate's memory (hot numbers
/// skip even the Cache API's round trip), then from the Cache API.
pub async fn lookup(cache_key: &str) -> Option<Hit> {
    if let Some(hit) = hot::get(cache_key) {
        return Some(hit);
    }
    let mut response = Cache::default().get(cache_key, true).await.ok()??;
    let stored_at: i64 = response.headers().get(STORED_AT).ok()??.parse().ok()?;
    let etag = response.headers().get("ETag").ok()??;
    let body = response.text().await.ok()?;
    hot::put(cache_key, &body, &etag, stored_at);
    Some(Hit {
        body,
        etag,
        age: crate::clock::now().timestamp() - stored_at,
    })
}

/// Keeps a successful answer for [`KEEP_SECS`]; answers its `ETag`.
pub async fn store(cache_key: &str, body: &str) -> Result<String> {
    let (etag, stored_at) = (etag(body), crate::clock::now().timestamp());
    hot::put(cache_key, body, &etag, stored_at);
    let headers = Headers::new();
    headers.set("Content-Type", "application/json; charset=utf-8")?;
    headers.set("Cache-Control", &format!("public, max-age={KEEP_SECS}"))?;
    headers.set("ETag", &etag)?;
    headers.set(STORED_AT, &stored_at.to_string())?;
    let response = Response::ok(body)?.with_headers(headers);
    Cache::default().put(cache_key, response).await?;
    Ok(etag)
}

/// Drops every cached language of a shipment (after a push or its own refresh changed it).
pub async fn purge(shipment: &Key) {
    for lang in Lang::ALL {
        let cache_key = key(shipment, lang);
        hot::remove(&cache_key);
        let _ = Cache::default().delete(cache_key.as_str(), true).await;
    }
}

/// A strong `ETag` for a body.
pub fn etag(body: &str) -> String {
    let digest = Sha256::digest(body.as_bytes());
    format!("\"{}\"", hex::encode(&digest[..16]))
}

/// The answer to the client: 304 when its `If-None-Match` already has this body, else the body
/// with its `ETag` and `Age`. Browsers revalidate every time (`no-cache`), cheaply. A cache hit
/// passes its stored `ETag`; a fresh answer has it computed.
pub fn respond(
    req: &Request,
    body: String,
    known_etag: Option<String>,
    status: u16,
    age: i64,
    lang: Lang,
) -> Result<Response> {
    let etag = known_etag.unwrap_or_else(|| etag(&body));
    let not_modified = status == 200
        && req
            .headers()
            .get("If-None-Match")?
            .is_some_and(|tags| tags.split(',').any(|t| t.trim() == etag));
    let mut response = if not_modified {
        http::json_text(String::new(), 304)
    } else {
        http::json_text(body, status)
    };
    let headers = response.headers_mut();
    headers.set("ETag", &etag)?;
    headers.set("Age", &age.max(0).to_string())?;
    headers.set("Cache-Control", "no-cache")?;
    headers.set("Content-Language", lang.tag())?;
    headers.set("Vary", "Accept-Language")?;
    Ok(response)
}

/// This isolate's memory of the hottest answers, bounded. Other isolates may keep a copy up to
/// [`FRESH_SECS`] after a push purged this one, exactly as the Cache API itself would; widgets
/// get pushes over their live channel regardless.
mod hot {
    use std::cell::RefCell;
    use std::collections::HashMap;

    use super::{Hit, KEEP_SECS};

    /// Enough for every number a busy store's buyers look at in a minute.
    const ENTRIES: usize = 1024;

    struct Entry {
        body: String,
        etag: String,
        stored_at: i64,
    }

    thread_local! {
        static HOT: RefCell<HashMap<String, Entry>> = RefCell::new(HashMap::new());
    }

    pub fn get(key: &str) -> Option<Hit> {
        HOT.with(|hot| {
            let hot = hot.borrow();
            let entry = hot.get(key)?;
            let age = crate::clock::now().timestamp() - entry.stored_at;
            (age < KEEP_SECS).then(|| Hit {
                body: entry.body.clone(),
                etag: entry.etag.clone(),
                age,
            })
        })
    }

    pub fn put(key: &str, body: &str, etag: &str, stored_at: i64) {
        HOT.with(|hot| {
            let mut hot = hot.borrow_mut();
            if hot.len() >= ENTRIES && !hot.contains_key(key) {
                // Simplest bound that cannot grow: start over (the Cache API still has them).
                hot.clear();
            }
            hot.insert(
                key.to_owned(),
                Entry {
                    body: body.to_owned(),
                    etag: etag.to_owned(),
                    stored_at,
                },
            );
        });
    }

    pub fn remove(key: &str) {
        HOT.with(|hot| hot.borrow_mut().remove(key));
    }
}
