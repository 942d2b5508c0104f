//! D1: merchant data. The schema is created on first use (`IF NOT EXISTS`), so a fresh
//! deployment or a fresh local persist dir needs no migration step.

use std::cell::Cell;

use worker::{D1Database, Env, Result};

thread_local! {
    static READY: Cell<bool> = const { Cell::new(false) };
}

const SCHEMA: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS merchants (id TEXT PRIMARY KEY, name TEXT NOT NULL, key_hash TEXT NOT NULL UNIQUE, allowed_origins TEXT NOT NULL, show_signer INTEGER NOT NULL DEFAULT 0, email_salt TEXT NOT NULL, created_at INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS orders (merchant_id TEXT NOT NULL, order_number TEXT NOT NULL, email_hash TEXT NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (merchant_id, order_number))",
    "CREATE TABLE IF NOT EXISTS order_trackings (merchant_id TEXT NOT NULL, order_number TEXT NOT NULL, position INTEGER NOT NULL, number TEXT NOT NULL, carrier TEXT NOT NULL, PRIMARY KEY (merchant_id, order_number, number))",
    // A merchant's push may touch only its own shipments, and a number some merchant registered
    // is always tracked: look-ups by number.
    "CREATE INDEX IF NOT EXISTS order_trackings_by_number ON order_trackings (number, merchant_id)",
    // New numbers that visitors started tracking through an aggregator, per day and client.
    "CREATE TABLE IF NOT EXISTS new_number_budget (day TEXT NOT NULL, who TEXT NOT NULL, used INTEGER NOT NULL, PRIMARY KEY (day, who))",
    // A buyer's contacts (email, phone, name, language), sealed (`core::contacts`), per order.
    "CREATE TABLE IF NOT EXISTS order_contacts (merchant_id TEXT NOT NULL, order_number TEXT NOT NULL, sealed TEXT NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (merchant_id, order_number))",
    // Orders whose buyer unsubscribed from their notifications.
    "CREATE TABLE IF NOT EXISTS notification_optouts (merchant_id TEXT NOT NULL, order_number TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (merchant_id, order_number))",
    // Push health: per source, its pushes accepted and refused (for their signature).
    "CREATE TABLE IF NOT EXISTS push_sources (source TEXT PRIMARY KEY, last_push_at INTEGER, pushes INTEGER NOT NULL DEFAULT 0, last_refused_at INTEGER, refused INTEGER NOT NULL DEFAULT 0)",
    // Per shipment, where its subscription stands (`push_health::Coverage`), written by the
    // shipment when that changes.
    "CREATE TABLE IF NOT EXISTS push_coverage (carrier TEXT NOT NULL, number TEXT NOT NULL, source TEXT NOT NULL, coverage TEXT NOT NULL, since INTEGER, updated_at INTEGER NOT NULL, PRIMARY KEY (carrier, number))",
    "CREATE INDEX IF NOT EXISTS push_coverage_by_source ON push_coverage (source, coverage)",
];

/// The database, with its schema in place.
pub async fn open(env: &Env) -> Result<D1Database> {
    let db = env.d1("DB")?;
    if !READY.with(Cell::get) {
        db.batch(SCHEMA.iter().map(|s| db.prepare(*s)).collect())
            .await?;
        READY.with(|r| r.set(true));
    }
    Ok(db)
}
