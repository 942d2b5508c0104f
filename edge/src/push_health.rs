//! Push health: the counts behind `core::push_health`, kept in D1, and
//! `GET /v1/push/health`, which judges each source with core's rules.
//!
//! - Every push a source sends is counted in `push_sources` (accepted, or refused for its
//!   signature), after the answer, so the source never waits for it.
//! - Every shipment writes where its subscription stands to `push_coverage` when that changes.
//! - The endpoint answers each push source with its problems and advice: a merchant sees the
//!   counts of its own shipments; the admin token sees the whole deployment.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use trackline_core::carriers;
use trackline_core::push_health::{self, Coverage, SourceFacts};
use worker::{Env, Request, Response, Result, RouteContext};

use crate::connectors;
use crate::db;
use crate::error::ApiError;
use crate::http;
use crate::orders;
use crate::shipment::Key;

/// Counts one push from `source`: accepted, or refused for its signature.
pub async fn record_push(
    env: &Env,
    source: &str,
    accepted: bool,
    now: DateTime<Utc>,
) -> Result<()> {
    let db = db::open(env).await?;
    let sql = if accepted {
        "INSERT INTO push_sources (source, last_push_at, pushes) VALUES (?1, ?2, 1) ON CONFLICT (source) DO UPDATE SET last_push_at = MAX(COALESCE(last_push_at, 0), ?2), pushes = pushes + 1"
    } else {
        "INSERT INTO push_sources (source, last_refused_at, refused) VALUES (?1, ?2, 1) ON CONFLICT (source) DO UPDATE SET last_refused_at = MAX(COALESCE(last_refused_at, 0), ?2), refused = refused + 1"
    };
    db.prepare(sql)
        .bind(&[source.into(), (now.timestamp_millis() as f64).into()])?
        .run()
        .await?;
    Ok(())
}

/// Notes where shipment `key`'s subscription stands now (`since`: when it was accepted, ms).
pub async fn record_coverage(
    env: &Env,
    key: &Key,
    coverage: Coverage,
    since: Option<i64>,
    now: DateTime<Utc>,
) -> Result<()> {
    let db = db::open(env).await?;
    let since = since.map_or(wasm_bindgen::JsValue::NULL, |s| (s as f64).into());
    db.prepare(
        "INSERT INTO push_coverage (carrier, number, source, coverage, since, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (carrier, number) DO UPDATE SET source = ?3, coverage = ?4, since = ?5, updated_at = ?6",
    )
    .bind(&[
        key.carrier.as_str().into(),
        key.number.as_str().into(),
        key.connector.as_str().into(),
        coverage.as_str().into(),
        since,
        (now.timestamp_millis() as f64).into(),
    ])?
    .run()
    .await?;
    Ok(())
}

#[derive(Deserialize)]
struct SourceRow {
    source: String,
    last_push_at: Option<f64>,
    pushes: Option<f64>,
    last_refused_at: Option<f64>,
    refused: Option<f64>,
}

#[derive(Deserialize)]
struct CoverageRow {
    source: String,
    coverage: String,
    n: f64,
    oldest: Option<f64>,
}

/// `GET /v1/push/health`: each push source's health. A merchant's API key: the counts of its
/// own shipments; the admin token: the whole deployment's.
pub async fn get(req: Request, ctx: RouteContext<crate::Shared>) -> Result<Response> {
    let db = db::open(&ctx.env).await?;
    let merchant = if orders::is_admin(&req, &ctx.env) {
        None
    } else {
        match orders::merchant_of(&req, &db).await? {
            Some((id, _)) => Some(id),
            None => return Ok(ApiError::Unauthorized.into_response()),
        }
    };
    let sources = db
        .prepare("SELECT source, last_push_at, pushes, last_refused_at, refused FROM push_sources")
        .all()
        .await?
        .results::<SourceRow>()?;
    let coverage = match &merchant {
        None => db
            .prepare("SELECT source, coverage, COUNT(*) AS n, MIN(since) AS oldest FROM push_coverage GROUP BY source, coverage")
            .all()
            .await?,
        Some(id) => db
            .prepare("SELECT p.source AS source, p.coverage AS coverage, COUNT(*) AS n, MIN(p.since) AS oldest FROM push_coverage p WHERE EXISTS (SELECT 1 FROM order_trackings o WHERE o.number = p.number AND o.merchant_id = ?1) GROUP BY p.source, p.coverage")
            .bind(&[id.as_str().into()])?
            .all()
            .await?,
    }
    .results::<CoverageRow>()?;
    // Every source that can push on this deployment, and any other that did (the `trackline`
    // format).
    let mut facts: Vec<SourceFacts> = carriers::CONNECTORS
        .iter()
        .filter(|c| connectors::push_configured(&ctx.env, c.info()))
        .map(|c| SourceFacts {
            source: c.info().code.to_owned(),
            ..SourceFacts::default()
        })
        .collect();
    let entry = |facts: &mut Vec<SourceFacts>, source: &str| -> usize {
        match facts.iter().position(|f| f.source == source) {
            Some(i) => i,
            None => {
                facts.push(SourceFacts {
                    source: source.to_owned(),
                    ..SourceFacts::default()
                });
                facts.len() - 1
            }
        }
    };
    for row in sources {
        let i = entry(&mut facts, &row.source);
        let f = &mut facts[i];
        f.last_push_at = row.last_push_at.map(|v| v as i64);
        f.pushes = row.pushes.unwrap_or(0.0) as u64;
        f.last_refused_at = row.last_refused_at.map(|v| v as i64);
        f.refused = row.refused.unwrap_or(0.0) as u64;
    }
    for row in coverage {
        let i = entry(&mut facts, &row.source);
        let f = &mut facts[i];
        let n = row.n as u64;
        match Coverage::from_name(&row.coverage) {
            Some(Coverage::Pushing) => f.pushing += n,
            Some(Coverage::Waiting) => {
                f.waiting += n;
                f.oldest_waiting_since = row.oldest.map(|v| v as i64);
            }
            Some(Coverage::Stopped) => f.stopped += n,
            Some(Coverage::Failing) => f.failing += n,
            Some(Coverage::Ended) | None => {}
        }
    }
    let now = crate::clock::now();
    let health: Vec<_> = facts.iter().map(|f| push_health::assess(f, now)).collect();
    Ok(http::json(
        &serde_json::json!({
            "checked_at": now.to_rfc3339(),
            "scope": if merchant.is_some() { "merchant" } else { "deployment" },
            "sources": health,
        }),
        200,
    ))
}
