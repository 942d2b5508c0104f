//! Trackline's edge worker: the event function and the route table. Handlers live in modules by
//! resource; they move bytes between I/O and `trackline-core`, and decide nothing themselves.
//!
//! Static files (the demo storefront, `widget.js`, its `.wasm`) are Workers Static Assets from
//! `public/`: requests for them never reach this code.

mod detect;
mod error;
mod http;
mod trackings;

use worker::{event, Context, Env, Request, Response, Result, Router};

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    if req.method() == worker::Method::Options {
        return http::preflight();
    }
    Router::new()
        .get("/healthz", |_, _| Response::ok("ok"))
        .get_async("/v1/trackings/:number", trackings::get)
        .get_async("/v1/detect/:number", detect::get)
        .or_else_any_method("/*path", |_, _| {
            Ok(error::ApiError::NoSuchRoute.into_response())
        })
        .run(req, env)
        .await
}
