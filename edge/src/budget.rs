//! The daily budgets of new numbers that visitors may start tracking through an aggregator
//! (`trackline_core::admission` decides when one is needed): counters in D1, one row per day
//! and per client, plus the deployment's row (`*`). A count is taken only while under its
//! budget, in one statement, so concurrent first reads never overspend.

use chrono::{DateTime, Utc};
use trackline_core::admission::{budget_day, Budgets};
use worker::{Env, Result};

use crate::db;

/// The budgets this deployment sets (`TRACKLINE_NEW_NUMBERS_PER_DAY`,
/// `TRACKLINE_NEW_NUMBERS_PER_CLIENT`), else core's defaults.
pub fn budgets(env: &Env) -> Budgets {
    let var = |name: &str| env.var(name).ok().map(|v| v.to_string());
    Budgets::from_vars(
        var("TRACKLINE_NEW_NUMBERS_PER_DAY").as_deref(),
        var("TRACKLINE_NEW_NUMBERS_PER_CLIENT").as_deref(),
    )
}

/// Takes one new number from `client`'s budget and the deployment's for today; false (and
/// nothing taken from the deployment's) when either is spent.
pub async fn take(env: &Env, client: &str, now: DateTime<Utc>) -> Result<bool> {
    let db = db::open(env).await?;
    let day = budget_day(now);
    let budgets = budgets(env);
    // Yesterday's counters are of no more use.
    db.prepare("DELETE FROM new_number_budget WHERE day < ?1")
        .bind(&[day.clone().into()])?
        .run()
        .await?;
    for (who, limit) in [
        (format!("client:{client}"), budgets.per_client),
        ("*".to_owned(), budgets.per_day),
    ] {
        let taken = db
            .prepare(
                "INSERT INTO new_number_budget (day, who, used) VALUES (?1, ?2, 1) \
                 ON CONFLICT (day, who) DO UPDATE SET used = used + 1 WHERE used < ?3",
            )
            .bind(&[day.clone().into(), who.into(), f64::from(limit).into()])?
            .run()
            .await?
            .meta()?
            .and_then(|m| m.changes)
            .unwrap_or(0);
        if taken == 0 || limit == 0 {
            return Ok(false);
        }
    }
    Ok(true)
}

/// True when a merchant registered `number` in one of its orders.
pub async fn registered(env: &Env, number: &str) -> Result<bool> {
    let db = db::open(env).await?;
    let found = db
        .prepare("SELECT 1 AS found FROM order_trackings WHERE number = ?1 LIMIT 1")
        .bind(&[number.into()])?
        .first::<serde_json::Value>(None)
        .await?;
    Ok(found.is_some())
}
