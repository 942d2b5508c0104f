//! The merchant API and the buyer's order lookup.
//! - `POST /v1/admin/merchants` (admin token): creates a merchant, answers its API key once.
//! - `POST /v1/shipments` (merchant API key): registers an order's parcels.
//! - `GET /v1/orders/lookup?merchant=&order=&email=`: a buyer finds their parcels with no
//!   account. A wrong email and a missing order get the same answer, so nobody can probe which
//!   orders exist; lookups are rate-limited per client.

use serde::Deserialize;
use serde_json::json;
use trackline_core::merchant::{self, Registration};
use trackline_core::{routing, webhook};
use worker::{Request, Response, Result, RouteContext};

use crate::error::ApiError;
use crate::shipment;
use crate::trackings::{key_for, routes};
use crate::{db, http, limits, random, Shared};

/// Requests to the merchant API are small.
const MAX_BODY: usize = 64 * 1024;
/// The admin token's name (`wrangler secret put TRACKLINE_ADMIN_TOKEN`).
const ADMIN_TOKEN: &str = "TRACKLINE_ADMIN_TOKEN";

#[derive(Deserialize)]
struct NewMerchant {
    id: String,
    name: String,
    #[serde(default = "everywhere")]
    allowed_origins: Vec<String>,
    /// No longer taken: signer names are shown or hidden for the whole deployment
    /// (`TRACKLINE_SHOW_SIGNER`), since a shipment's readers are anonymous. Refused when sent, so
    /// nobody believes a setting took effect that did not.
    #[serde(default)]
    show_signer: Option<serde_json::Value>,
}

fn everywhere() -> Vec<String> {
    vec!["*".to_owned()]
}

#[derive(Deserialize)]
struct Merchant {
    allowed_origins: String,
}

/// `POST /v1/admin/merchants`.
pub async fn create_merchant(mut req: Request, ctx: RouteContext<Shared>) -> Result<Response> {
    let expected = ctx
        .env
        .secret(ADMIN_TOKEN)
        .map(|s| s.to_string())
        .unwrap_or_default();
    if expected.is_empty() {
        return Ok(ApiError::Forbidden(
            "the admin API is off: set the TRACKLINE_ADMIN_TOKEN secret".into(),
        )
        .into_response());
    }
    if !is_admin(&req, &ctx.env) {
        return Ok(ApiError::Unauthorized.into_response());
    }
    let new: NewMerchant = match body_json(&mut req).await {
        Ok(new) => new,
        Err(e) => return Ok(e.into_response()),
    };
    if new.show_signer.is_some() {
        return Ok(ApiError::BadRequest(
            "show_signer is not a merchant setting: signer names are shown for the whole deployment with the TRACKLINE_SHOW_SIGNER var".into(),
        )
        .into_response());
    }
    if !merchant::valid_merchant_id(&new.id) {
        return Ok(ApiError::BadRequest(
            "id: 3 to 40 lower-case letters, digits and dashes".into(),
        )
        .into_response());
    }
    let db = db::open(&ctx.env).await?;
    let exists = db
        .prepare("SELECT id FROM merchants WHERE id = ?1")
        .bind(&[new.id.clone().into()])?;
    if exists.first::<serde_json::Value>(None).await?.is_some() {
        return Ok(ApiError::Conflict(format!("merchant {:?} exists", new.id)).into_response());
    }
    let api_key = format!("tl_{}", random::hex::<24>()?);
    let insert = db.prepare(
        "INSERT INTO merchants (id, name, key_hash, allowed_origins, email_salt, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    );
    insert
        .bind(&[
            new.id.clone().into(),
            new.name.clone().into(),
            merchant::api_key_hash(&api_key).into(),
            new.allowed_origins.join(" ").into(),
            random::hex::<16>()?.into(),
            (crate::clock::now().timestamp_millis() as f64).into(),
        ])?
        .run()
        .await?;
    // The merchant's own push secret (see `webhook::merchant_secret`): its pushes may touch only
    // its shipments. None while the deployment has no operator secret.
    let push_secret = webhook::merchant_secret(&http::secret(&ctx.env, webhook::SECRET), &new.id);
    let answer = json!({ "id": new.id, "name": new.name, "allowed_origins": new.allowed_origins,
        "api_key": api_key, "push_secret": push_secret });
    Ok(http::json(&answer, 201))
}

/// `POST /v1/shipments`.
pub async fn register(mut req: Request, ctx: RouteContext<Shared>) -> Result<Response> {
    let db = db::open(&ctx.env).await?;
    let Some((merchant_id, salt)) = merchant_of(&req, &db).await? else {
        return Ok(ApiError::Unauthorized.into_response());
    };
    let registration: Registration = match body_json(&mut req).await {
        Ok(r) => r,
        Err(e) => return Ok(e.into_response()),
    };
    let registration = match registration.validated() {
        Ok(r) => r,
        Err(e) => return Ok(ApiError::BadRequest(e.to_string()).into_response()),
    };
    let mut trackings = Vec::new();
    for t in &registration.trackings {
        // A merchant's typo is caught here (see `routing::registrable`).
        let routes = match routes(&ctx.env) {
            Ok(routes) => routes,
            Err(e) => return Ok(e.into_response()),
        };
        match routing::registrable(&routes, &t.number, t.carrier.as_deref()) {
            Ok(carrier) => trackings.push((t.number.clone(), carrier)),
            Err(e) => {
                let e = ApiError::from(e);
                return Ok(ApiError::BadRequest(format!("{}: {e}", t.number)).into_response());
            }
        }
    }
    let email_hash = merchant::email_hash(
        &http::secret(&ctx.env, merchant::PEPPER),
        &salt,
        &registration.email,
    );
    let order = registration.order_number.clone();
    // One batch is one transaction: the order and its parcels change together.
    let mut statements = vec![
        db.prepare(
            "INSERT INTO orders (merchant_id, order_number, email_hash, updated_at) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (merchant_id, order_number) DO UPDATE SET email_hash = excluded.email_hash, updated_at = excluded.updated_at",
        )
        .bind(&[merchant_id.clone().into(), order.clone().into(), email_hash.into(), (crate::clock::now().timestamp_millis() as f64).into()])?,
        db.prepare("DELETE FROM order_trackings WHERE merchant_id = ?1 AND order_number = ?2")
            .bind(&[merchant_id.clone().into(), order.clone().into()])?,
    ];
    // The contacts, sealed for the notifications; never stored in the clear.
    let contacts = trackline_core::contacts::Contacts {
        email: Some(registration.email.clone()),
        phone: registration.phone.clone(),
        name: registration.name.clone(),
        language: registration.language.clone(),
    };
    let sealed = trackline_core::contacts::seal(
        &http::secret(&ctx.env, trackline_core::contacts::SECRET),
        random::bytes::<12>()?,
        &format!("{merchant_id}|{order}"),
        &contacts,
    );
    statements.push(match &sealed {
        Some(sealed) => db
            .prepare(
                "INSERT INTO order_contacts (merchant_id, order_number, sealed, updated_at) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT (merchant_id, order_number) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at",
            )
            .bind(&[
                merchant_id.clone().into(),
                order.clone().into(),
                sealed.clone().into(),
                (crate::clock::now().timestamp_millis() as f64).into(),
            ])?,
        // Without a key nothing is kept, not even an old copy.
        None => db
            .prepare("DELETE FROM order_contacts WHERE merchant_id = ?1 AND order_number = ?2")
            .bind(&[merchant_id.clone().into(), order.clone().into()])?,
    });
    for (position, (number, carrier)) in trackings.iter().enumerate() {
        statements.push(
            db.prepare("INSERT INTO order_trackings (merchant_id, order_number, position, number, carrier) VALUES (?1, ?2, ?3, ?4, ?5)")
                .bind(&[
                    merchant_id.clone().into(),
                    order.clone().into(),
                    (position as f64).into(),
                    number.clone().into(),
                    carrier.clone().into(),
                ])?,
        );
    }
    db.batch(statements).await?;
    let listed: Vec<_> = trackings
        .iter()
        .map(|(number, carrier)| json!({ "number": number, "carrier": carrier }))
        .collect();
    // First sight: each shipment refreshes and subscribes to its source's pushes at once, in
    // its own alarm (a failure there is retried by it, not by the merchant).
    for (number, carrier) in &trackings {
        match key_for(&ctx.env, number, Some(carrier), "") {
            Ok(key) => {
                if let Err(e) = shipment::touch(&ctx.env, &key).await {
                    worker::console_warn!("first sight of {}: {e}", key.name());
                }
            }
            Err(e) => worker::console_warn!("first sight of {number}: {e}"),
        }
    }
    let contacts = if sealed.is_some() {
        "sealed"
    } else {
        "not_stored"
    };
    Ok(http::json(
        &json!({ "order_number": order, "trackings": listed, "contacts": contacts }),
        201,
    ))
}

/// `GET /v1/orders/lookup`.
pub async fn lookup(req: Request, ctx: RouteContext<Shared>) -> Result<Response> {
    if let Err(e) = limits::check(&ctx.env, "LOOKUP_LIMITER", &limits::client(&req)).await {
        return Ok(e.into_response());
    }
    let param = |name| http::query(&req, name).unwrap_or_default();
    let (merchant_id, order, email) = (param("merchant"), param("order"), param("email"));
    let (Ok(order), Some(email)) = (
        merchant::normalize_order_number(&order),
        merchant::normalize_email(&email),
    ) else {
        return Ok(
            ApiError::BadRequest("merchant, order and email are required".into()).into_response(),
        );
    };
    let db = db::open(&ctx.env).await?;
    let find = db
        .prepare("SELECT id, allowed_origins, email_salt FROM merchants WHERE id = ?1")
        .bind(&[merchant_id.into()])?;
    let found = find.first::<serde_json::Value>(None).await?;
    // The same work whether or not the merchant and order exist: one hash, one query.
    let salt = found
        .as_ref()
        .and_then(|m| m["email_salt"].as_str())
        .unwrap_or("no such merchant")
        .to_owned();
    let [email_hash, legacy_hash] =
        merchant::email_hashes(&http::secret(&ctx.env, merchant::PEPPER), &salt, &email);
    let id = found
        .as_ref()
        .and_then(|m| m["id"].as_str())
        .unwrap_or_default()
        .to_owned();
    let rows = db
        .prepare(
            "SELECT t.number, t.carrier FROM orders o JOIN order_trackings t \
             ON t.merchant_id = o.merchant_id AND t.order_number = o.order_number \
             WHERE o.merchant_id = ?1 AND o.order_number = ?2 AND o.email_hash IN (?3, ?4) ORDER BY t.position",
        )
        .bind(&[id.into(), order.clone().into(), email_hash.into(), legacy_hash.into()])?
        .all()
        .await?
        .results::<serde_json::Value>()?;
    let mut response = if rows.is_empty() {
        ApiError::OrderNotFound.into_response()
    } else {
        http::json(&json!({ "order_number": order, "trackings": rows }), 200)
    };
    cors_for_merchant(
        &req,
        &mut response,
        found.and_then(|m| serde_json::from_value::<Merchant>(m).ok()),
    )?;
    Ok(response)
}

/// Only the merchant's own origins may read lookups from a browser.
fn cors_for_merchant(
    req: &Request,
    response: &mut Response,
    merchant: Option<Merchant>,
) -> Result<()> {
    let Some(origin) = req.headers().get("Origin")? else {
        return Ok(());
    };
    let allowed: Vec<String> = merchant
        .map(|m| m.allowed_origins.split(' ').map(str::to_owned).collect())
        .unwrap_or_default();
    let headers = response.headers_mut();
    if merchant::origin_allowed(&allowed, &origin) {
        headers.set("Access-Control-Allow-Origin", &origin)?;
    } else {
        headers.delete("Access-Control-Allow-Origin")?;
    }
    headers.set("Vary", "Origin")?;
    Ok(())
}

/// True when the request carries the admin token (and the deployment has one).
pub fn is_admin(req: &Request, env: &worker::Env) -> bool {
    let expected = env
        .secret(ADMIN_TOKEN)
        .map(|s| s.to_string())
        .unwrap_or_default();
    let given = bearer(req).unwrap_or_default();
    // Compared as hashes: the same time whatever the prefix that matches.
    !expected.is_empty() && merchant::api_key_hash(&given) == merchant::api_key_hash(&expected)
}

/// The merchant whose API key the request carries: its id and email salt.
pub async fn merchant_of(
    req: &Request,
    db: &worker::D1Database,
) -> Result<Option<(String, String)>> {
    let key_hash = merchant::api_key_hash(&bearer(req).unwrap_or_default());
    let found = db
        .prepare("SELECT id, email_salt FROM merchants WHERE key_hash = ?1")
        .bind(&[key_hash.into()])?
        .first::<serde_json::Value>(None)
        .await?;
    Ok(found.map(|f| {
        (
            f["id"].as_str().unwrap_or_default().to_owned(),
            f["email_salt"].as_str().unwrap_or_default().to_owned(),
        )
    }))
}

fn bearer(req: &Request) -> Option<String> {
    let value = req.headers().get("Authorization").ok()??;
    value.strip_prefix("Bearer ").map(|k| k.trim().to_owned())
}

async fn body_json<T: serde::de::DeserializeOwned>(
    req: &mut Request,
) -> std::result::Result<T, ApiError> {
    let body = http::request_text(req, MAX_BODY).await?;
    serde_json::from_str(&body)
        .map_err(|e| ApiError::BadRequest(format!("the body is not what this route takes: {e}")))
}
