//! `cargo xtask demo`: builds everything and runs the edge with the demo storefront on
//! 127.0.0.1:8787 (`PORT` overrides) until Ctrl-C, which stops everything it started.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use trackline_e2e::wrangler::{Options, WranglerDev};

use crate::{build, step, tools};

/// Runs the demo until Ctrl-C.
pub fn run(root: &Path) -> Result<()> {
    let port: u16 = match std::env::var("PORT") {
        Ok(p) => p
            .parse()
            .with_context(|| format!("PORT={p:?} is not a port number"))?,
        Err(_) => 8787,
    };
    let tools = tools::ensure(root)?;
    build::all(root, &tools)?;
    if std::net::TcpListener::bind(("127.0.0.1", port)).is_err() {
        bail!("port {port} on 127.0.0.1 is in use; stop what uses it or choose another, e.g. `PORT=8788 cargo xtask demo`");
    }
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst))
        .context("installing the Ctrl-C handler")?;

    step(&format!(
        "starting wrangler dev on 127.0.0.1:{port} (state persists in .wrangler/demo-state)"
    ));
    let persist_to = root.join(".wrangler/demo-state");
    let mut dev = WranglerDev::start(Options {
        port: Some(port),
        persist_to,
        log: None,
        vars: Vec::new(),
    })?;
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
