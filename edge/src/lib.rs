//! Trackline's edge worker: the event function and the route table. Handlers live in modules by
//! resource; they move bytes between I/O and `trackline-core`, and decide nothing themselves.
//!
//! Static files (the demo store's stylesheet, `widget.js`) are Workers Static Assets from `public/`:
//! requests for them never reach this code. The widget's `.wasm` is kept precompressed in
//! `public/wasm/`, and `/widget_bg.wasm` picks the encoding here (see `widget_wasm`).

mod budget;
mod cache;
mod clock;
mod connectors;
mod db;
mod demo;
mod detect;
mod error;
mod hosted;
mod http;
mod limits;
mod notifications;
mod orders;
mod push_health;
mod random;
mod shipment;
mod single_flight;
mod trackings;
mod webhooks;
mod widget_texts;
mod widget_wasm;

pub use shipment::Shipment;

use std::rc::Rc;

use worker::{event, Context, Env, Request, Response, Result, Router};

/// The OpenAPI document of every public route (a test keeps it and the routes in step).
const OPENAPI: &str = include_str!("openapi.json");

/// What every handler can reach besides the request and the environment: the request's
/// context, to finish work after answering (`wait_until`).
pub type Shared = Rc<Context>;

#[event(fetch)]
async fn fetch(req: Request, env: Env, ctx: Context) -> Result<Response> {
    if req.method() == worker::Method::Options {
        return http::preflight();
    }
    let result = Router::with_data(Rc::new(ctx))
        .get("/", |req, _| demo::store(req))
        .get("/healthz", |_, _| Response::ok("ok"))
        .get("/openapi.json", |_, _| {
            Ok(http::json_text(OPENAPI.to_owned(), 200))
        })
        .get_async("/track", hosted::order_page)
        .get_async("/track/:number", hosted::page)
        .get_async("/v1/trackings/:number", trackings::get)
        .get_async("/v1/trackings/:number/live", trackings::live)
        .post_async("/v1/webhooks/:provider", webhooks::post)
        .post_async("/v1/webhooks/:provider/token", webhooks::token)
        .get_async("/v1/push/health", push_health::get)
        .get_async("/v1/detect/:number", detect::get)
        .get("/v1/widget/texts", widget_texts::get)
        .get_async("/widget_bg.wasm", widget_wasm::get)
        .post_async("/v1/admin/merchants", orders::create_merchant)
        .post_async("/v1/shipments", orders::register)
        .get_async("/v1/orders/lookup", orders::lookup)
        .get_async("/v1/notifications/unsubscribe", notifications::show)
        .post_async("/v1/notifications/unsubscribe", notifications::unsubscribe)
        .or_else_any_method("/*path", |_, _| {
            Ok(error::ApiError::NoSuchRoute.into_response())
        })
        .run(req, env)
        .await;
    // A failure of ours (not the carrier's, not the client's) is logged and answered in JSON
    // like every other error, never as a bare 500 page.
    let response = result.unwrap_or_else(|e| {
        worker::console_error!("internal error: {e}");
        error::ApiError::Internal.into_response()
    });
    // The router answers a known path with another method in plain text: in JSON like the rest.
    if response.status_code() == 405 {
        return Ok(error::ApiError::MethodNotAllowed.into_response());
    }
    Ok(response)
}
