//! `/v1/notifications/unsubscribe?t=`: the link in every notification (and its
//! `List-Unsubscribe` header). `GET` shows a page with one button, in the buyer's language
//! (mail scanners that follow links unsubscribe nobody); `POST` unsubscribes at once (RFC 8058
//! one-click, and the button). The token names the merchant and the order and is checked
//! before anything is read (`core::contacts::read_unsubscribe_token`); an opted-out order gets
//! no more notifications.

use trackline_core::contacts;
use trackline_core::notify::words::escape_html;
use trackline_core::texts::{text, Key, Lang, Mail};
use worker::{Request, Response, Result, RouteContext};

use crate::error::ApiError;
use crate::{db, http, Shared};

/// The order an unsubscribe request names, when its token is good.
fn order_of(req: &Request, ctx: &RouteContext<Shared>) -> Option<(String, String)> {
    let token = http::query(req, "t")?;
    contacts::read_unsubscribe_token(&http::secret(&ctx.env, contacts::SECRET), &token)
}

/// True when the order opted out.
pub async fn opted_out(env: &worker::Env, merchant: &str, order: &str) -> Result<bool> {
    let db = db::open(env).await?;
    let found = db
        .prepare("SELECT 1 AS found FROM notification_optouts WHERE merchant_id = ?1 AND order_number = ?2")
        .bind(&[merchant.into(), order.into()])?
        .first::<serde_json::Value>(None)
        .await?;
    Ok(found.is_some())
}

/// `GET`: the page, with the button or saying it is done.
pub async fn show(req: Request, ctx: RouteContext<Shared>) -> Result<Response> {
    let Some((merchant, order)) = order_of(&req, &ctx) else {
        return Ok(
            ApiError::BadRequest("this unsubscribe link is not valid".into()).into_response(),
        );
    };
    let lang = http::lang(&req);
    let done = opted_out(&ctx.env, &merchant, &order).await?;
    page(lang, &http::query(&req, "t").unwrap_or_default(), done)
}

/// `POST`: unsubscribes the order (one click, or the page's button).
pub async fn unsubscribe(req: Request, ctx: RouteContext<Shared>) -> Result<Response> {
    let Some((merchant, order)) = order_of(&req, &ctx) else {
        return Ok(
            ApiError::BadRequest("this unsubscribe link is not valid".into()).into_response(),
        );
    };
    let db = db::open(&ctx.env).await?;
    db.prepare(
        "INSERT INTO notification_optouts (merchant_id, order_number, at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
    )
    .bind(&[
        merchant.into(),
        order.into(),
        (crate::clock::now().timestamp_millis() as f64).into(),
    ])?
    .run()
    .await?;
    page(http::lang(&req), "", true)
}

/// The page: a button that posts back, or that it is done.
fn page(lang: Lang, token: &str, done: bool) -> Result<Response> {
    let label = |m: Mail| escape_html(text(lang, Key::Mail(m)).label);
    let content = if done {
        format!("<p>{}</p>", label(Mail::Unsubscribed))
    } else {
        format!(
            "<form method=\"post\" action=\"?t={}\"><button type=\"submit\">{}</button></form>",
            escape_html(&http::encode(token)),
            label(Mail::Unsubscribe)
        )
    };
    let html = format!(
        "<!doctype html><html lang=\"{}\" dir=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{}</title></head>\
<body style=\"font-family:system-ui,sans-serif;max-width:480px;margin:40px auto;padding:0 16px\">{content}</body></html>",
        lang.tag(),
        if lang.is_rtl() { "rtl" } else { "ltr" },
        label(Mail::Unsubscribe),
    );
    let mut response = Response::from_html(html)?;
    let headers = response.headers_mut();
    headers.set(
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
    )?;
    headers.set("Cache-Control", "no-store")?;
    headers.set("Referrer-Policy", "no-referrer")?;
    Ok(response)
}
