//! `GET /v1/detect/{number}`: which carriers a pasted tracking number can belong to.

use serde::Serialize;
use trackline_core::detect::{detect, Candidate};
use worker::{Request, Response, Result, RouteContext};

use crate::error::ApiError;
use crate::http;

/// Longer input is not a tracking number, however much junk surrounds it.
const MAX_INPUT: usize = 200;

#[derive(Serialize)]
struct Detection {
    input: String,
    candidates: Vec<Candidate>,
}

/// Answers the ranked candidates; an input that matches nothing gives an empty list.
pub async fn get(_req: Request, ctx: RouteContext<crate::Shared>) -> Result<Response> {
    let input = http::path_param(&ctx, "number");
    if input.chars().count() > MAX_INPUT {
        return Ok(ApiError::InputTooLong(MAX_INPUT).into_response());
    }
    let candidates = detect(&input);
    Ok(http::json(&Detection { input, candidates }, 200))
}
