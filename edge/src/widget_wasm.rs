//! `GET /widget_bg.wasm`: the widget's wasm as `cargo xtask build` compressed it, once and at
//! the highest levels (brotli 11, gzip 9), instead of compressed again on every request. On a
//! deployed edge that is a smaller download than on-the-fly compression; under `wrangler dev`
//! it spares the CPU a buyer's first load competes for. `public/wasm/` holds the three files;
//! this route picks the one the client prefers and passes its bytes through as they are
//! (`encodeBody: manual`).

use trackline_core::negotiate::Coding;
use worker::{EncodeBody, Request, Response, ResponseBuilder, Result, RouteContext};

use crate::Shared;

/// Browsers keep it five minutes: a deploy reaches every store within that.
const MAX_AGE_SECS: u32 = 300;

pub async fn get(req: Request, ctx: RouteContext<Shared>) -> Result<Response> {
    let accepted = req.headers().get("Accept-Encoding")?.unwrap_or_default();
    let coding = Coding::for_accept_encoding(&accepted);
    let file = match coding {
        Some(Coding::Brotli) => "/wasm/widget_bg.wasm.br",
        Some(Coding::Gzip) => "/wasm/widget_bg.wasm.gz",
        None => "/wasm/widget_bg.wasm",
    };
    let url = req.url()?.join(file)?;
    let stored = ctx
        .env
        .assets("ASSETS")?
        .fetch(url.to_string(), None)
        .await?;
    if stored.status_code() != 200 {
        return Response::error("the widget is not built", 404);
    }
    // The asset's stream goes out as it is: the bytes never pass through this wasm.
    let (_, body) = stored.into_parts();
    let mut response = ResponseBuilder::new()
        .with_header("Content-Type", "application/wasm")?
        .with_header("Access-Control-Allow-Origin", "*")?
        .with_header("Cache-Control", &format!("public, max-age={MAX_AGE_SECS}"))?
        .with_header("Vary", "Accept-Encoding")?
        .with_encode_body(EncodeBody::Manual);
    if let Some(coding) = coding {
        response = response.with_header("Content-Encoding", coding.name())?;
    }
    Ok(response.body(body))
}
