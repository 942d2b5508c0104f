//! `cargo xtask demo`: builds everything and runs the edge with the demo storefront on
//! 127.0.0.1:8787 (`PORT` overrides) until Ctrl-C, SIGTERM or SIGHUP, each of which stops
//! everything it started (wrangler runs in its own process group, so a closed terminal's
//! SIGHUP reaches only this process: it must pass the stop on).

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use trackline_e2e::wrangler::{Options, WranglerDev};

use crate::{build, step, tools};

/// The demo store's merchant and one order, so the order lookup on the demo page finds
/// something: order 1042, email alex@example.com. A store kept from an earlier run (the state
/// persists) already has them.
fn seed_demo_store(edge: &str, admin: &str) -> Result<()> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let merchant = serde_json::json!({ "id": "demo-store", "name": "Fern & Finch (demo)" });
    let mut created = agent
        .post(format!("{edge}/v1/admin/merchants"))
        .header("Authorization", &format!("Bearer {admin}"))
        .send_json(merchant)
        .context("creating the demo merchant")?;
    if created.status() == 409 {
        return Ok(());
    }
    let answer: serde_json::Value = created
        .body_mut()
        .read_json()
        .context("reading the demo merchant")?;
    let key = answer["api_key"]
        .as_str()
        .context("the edge gave the demo merchant no API key")?;
    let order = serde_json::json!({ "order_number": "1042", "email": "alex@example.com",
        "trackings": [{ "number": "TL9000000009" }, { "number": "TL2000000002" }] });
    let registered = agent
        .post(format!("{edge}/v1/shipments"))
        .header("Authorization", &format!("Bearer {key}"))
        .send_json(order)
        .context("registering the demo order")?;
    anyhow::ensure!(
        registered.status() == 201,
        "the edge refused the demo order: {}",
        registered.status()
    );
    Ok(())
}

/// Runs the demo until Ctrl-C, SIGTERM or SIGHUP; with `build` false, on the last build.
pub fn run(root: &Path, build: bool) -> Result<()> {
    let port: u16 = match std::env::var("PORT") {
        Ok(p) => p
            .parse()
            .with_context(|| format!("PORT={p:?} is not a port number"))?,
        Err(_) => 8787,
    };
    if build {
        let tools = tools::ensure(root)?;
        build::all(root, &tools)?;
    }
    if std::net::TcpListener::bind(("127.0.0.1", port)).is_err() {
        bail!("port {port} on 127.0.0.1 is in use; stop what uses it or choose another, e.g. `PORT=8788 cargo xtask demo`");
    }
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    // With ctrlc's `termination` feature: SIGINT, SIGTERM and SIGHUP alike.
    ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst))
        .context("installing the signal handler")?;

    step(&format!(
        "starting wrangler dev on 127.0.0.1:{port} (state persists in .wrangler/demo-state)"
    ));
    let persist_to = root.join(".wrangler/demo-state");
    let admin = format!(
        "demo-{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)?
            .as_nanos()
    );
    let mut dev = WranglerDev::start(Options {
        port: Some(port),
        persist_to,
        log: None,
        // A fresh admin token each run (local only): the demo seeds its store with it.
        vars: vec![("TRACKLINE_ADMIN_TOKEN".to_owned(), admin.clone())],
    })?;
    seed_demo_store(&dev.url(), &admin)?;
    println!();
    println!("  Demo storefront:  {}/", dev.url());
    println!(
        "  Tracking API:     {}/v1/trackings/TL9000000009",
        dev.url()
    );
    println!(
        "  Other journeys:   {}/?number=TL2000000002  (see the README for all test numbers)",
        dev.url()
    );
    println!();
    println!("  Press Ctrl-C to stop.");
    while !stop.load(Ordering::SeqCst) {
        if !dev.is_running() {
            bail!("wrangler dev stopped by itself");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    println!("stopping wrangler dev");
    dev.stop();
    Ok(())
}
