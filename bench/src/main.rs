//! `cargo xtask bench`: the performance table, every figure measured in this run on this
//! machine, printed as Markdown and written as JSON to `target/bench/bench.json`. Times are
//! compared as ratios within the run, never across runs or machines.
//!
//! Rows: widget weight, worker size, time to tracking rendered in Chromium, cached lookups
//! against a constant route, push to pixel, push first against polling only, carrier calls
//! under load, and detection against the `tracking-numbers` crate (`docs/bench.md` says how
//! each is measured).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use serde_json::{json, Value};
use trackline_e2e::browser::Browser;
use trackline_e2e::store::{Store, StoreFile};
use trackline_e2e::wrangler::{Options, WranglerDev};

/// One line of the table.
struct Row {
    what: String,
    figure: String,
    budget: String,
    met: Option<bool>,
    data: Value,
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let peer_data = PathBuf::from(
        args.next()
            .context("usage: trackline-bench <tracking-numbers data dir>")?,
    );
    let root = trackline_e2e::project_root();
    // `TRACKLINE_BENCH_ONLY=weight,render` measures only those rows (while working on one).
    let only = std::env::var("TRACKLINE_BENCH_ONLY").unwrap_or_default();
    let wanted = |name: &str| only.is_empty() || only.split(',').any(|n| n.trim() == name);
    let mut rows = Vec::new();
    if wanted("weight") {
        rows.push(widget_weight(&root)?);
    }
    if wanted("worker") {
        rows.push(worker_size(&root)?);
    }
    if wanted("render") {
        rows.push(render_time()?);
    }
    if wanted("throughput") {
        rows.push(edge_throughput()?);
    }
    if wanted("push") {
        rows.push(push_to_pixel()?);
    }
    if wanted("sync") {
        rows.push(push_against_polling()?);
    }
    if wanted("coalescing") {
        rows.push(coalescing()?);
    }
    if wanted("detection") {
        rows.push(detection(&peer_data)?);
    }
    print_table(&rows);
    let out = root.join("target/bench");
    std::fs::create_dir_all(&out)?;
    let json: Vec<Value> = rows
        .iter()
        .map(|r| json!({ "what": r.what, "figure": r.figure, "budget": r.budget, "met": r.met, "data": r.data }))
        .collect();
    std::fs::write(out.join("bench.json"), serde_json::to_string_pretty(&json)?)?;
    println!("\nwritten to {}", out.join("bench.json").display());
    Ok(())
}

/// What a buyer's browser downloads for the widget: wasm + js (the CSS is inside the wasm), and
/// the buyer's language pack unless they read English (the largest pack is counted).
fn widget_weight(root: &Path) -> Result<Row> {
    let mut raw = 0;
    let mut gzip = 0;
    let mut brotli_size = 0;
    let mut parts = serde_json::Map::new();
    for file in ["public/wasm/widget_bg.wasm", "public/widget.js"] {
        let bytes = std::fs::read(root.join(file))
            .with_context(|| format!("{file}: run `cargo xtask build` first"))?;
        let (g, b) = (gzip_len(&bytes)?, brotli_len(&bytes)?);
        parts.insert(
            file.into(),
            json!({ "raw": bytes.len(), "gzip": g, "brotli": b }),
        );
        raw += bytes.len();
        gzip += g;
        brotli_size += b;
    }
    let (pack, pack_bytes) = largest_language_pack()?;
    let (g, b) = (gzip_len(&pack_bytes)?, brotli_len(&pack_bytes)?);
    parts.insert(
        format!("GET /v1/widget/texts?lang={pack} (largest pack)"),
        json!({ "raw": pack_bytes.len(), "gzip": g, "brotli": b }),
    );
    raw += pack_bytes.len();
    gzip += g;
    brotli_size += b;
    let kb = |n: usize| n as f64 / 1024.0;
    Ok(Row {
        what: "widget transfer (wasm + js + css + largest language pack)".into(),
        figure: format!(
            "{:.1} KB brotli ({:.1} KB gzip, {:.1} KB raw)",
            kb(brotli_size),
            kb(gzip),
            kb(raw)
        ),
        budget: "<= 120 KB brotli".into(),
        met: Some(brotli_size <= 120 * 1024),
        data: Value::Object(parts),
    })
}

/// What Cloudflare uploads for the worker: its wasm and its JavaScript glue, gzip 9 (the
/// platform's limit is counted compressed: 3 MiB on the free plan; ours is 1 MiB).
fn worker_size(root: &Path) -> Result<Row> {
    let mut raw = 0;
    let mut gzip = 0;
    let mut parts = serde_json::Map::new();
    for file in ["edge/build/index_bg.wasm", "edge/build/index.js"] {
        let bytes = std::fs::read(root.join(file))
            .with_context(|| format!("{file}: run `cargo xtask build` first"))?;
        let g = gzip_len(&bytes)?;
        parts.insert(file.into(), json!({ "raw": bytes.len(), "gzip": g }));
        raw += bytes.len();
        gzip += g;
    }
    let kb = |n: usize| n as f64 / 1024.0;
    Ok(Row {
        what: "edge worker upload (wasm + js)".into(),
        figure: format!("{:.1} KB gzip ({:.1} KB raw)", kb(gzip), kb(raw)),
        budget: "< 1024 KB gzip".into(),
        met: Some(gzip < 1024 * 1024),
        data: Value::Object(parts),
    })
}

/// The language pack that weighs most after brotli, from a running edge: its tag and bytes.
fn largest_language_pack() -> Result<(String, Vec<u8>)> {
    let edge = start_edge("weight", Vec::new())?;
    let mut largest = (String::new(), Vec::new(), 0);
    for lang in trackline_core::texts::Lang::ALL {
        let url = format!("{}/v1/widget/texts?lang={}", edge.url(), lang.tag());
        let bytes = ureq::get(&url).call()?.body_mut().read_to_vec()?;
        let size = brotli_len(&bytes)?;
        if size > largest.2 {
            largest = (lang.tag().to_owned(), bytes, size);
        }
    }
    edge.stop();
    Ok((largest.0, largest.1))
}

fn gzip_len(bytes: &[u8]) -> Result<usize> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len())
}

fn brotli_len(bytes: &[u8]) -> Result<usize> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out.len())
}

/// Navigation start to the tracking on screen (the widget's `trackline:rendered` mark), over
/// cold loads: a fresh Chromium profile each time, so nothing is cached.
fn render_time() -> Result<Row> {
    const LOADS: usize = 20;
    let edge = start_edge("render", Vec::new())?;
    let runtime = tokio::runtime::Runtime::new()?;
    // The demo store as a merchant runs it: its page and stylesheet from its own server, the
    // widget from the edge with the one script tag. The budget is this page's.
    let demo = format!("{}/?number=TL2000000002", edge.url());
    let own_server = store_of(&edge, &demo)?;
    let store = loads(&runtime, &own_server.url("/"), LOADS)?;
    // The same page served by the edge itself (`cargo xtask demo`): there the store's own
    // requests queue in the same `wrangler dev` as the widget's.
    let same_server = loads(&runtime, &demo, LOADS)?;
    // The hosted page is Trackline's own, which also preloads the wasm.
    let hosted = loads(
        &runtime,
        &format!("{}/track/TL2000000002", edge.url()),
        LOADS,
    )?;
    edge.stop();
    let (median, p95) = (median(&store.cold), percentile(&store.cold, 0.95));
    // Where the time goes, in the median load's own terms: when each request ended.
    let median_phases = store
        .phases
        .iter()
        .zip(&store.cold)
        .min_by(|a, b| (a.1 - median).abs().total_cmp(&(b.1 - median).abs()))
        .map(|(p, _)| p.clone())
        .unwrap_or(Value::Null);
    Ok(Row {
        what: format!(
            "navigation start -> tracking rendered, Chromium, localhost ({LOADS} cold loads of the demo store, served from its own origin)"
        ),
        figure: format!(
            "median {median:.0} ms, p95 {p95:.0} ms (widget interactive: median {:.0} ms; repeat visit, caches warm: median {:.0} ms; the same page served by the edge: median {:.0} ms; hosted page: median {:.0} ms)",
            self::median(&store.mounted),
            self::median(&store.repeat),
            self::median(&same_server.cold),
            self::median(&hosted.cold)
        ),
        budget: "median <= 80 ms (cold)".into(),
        met: Some(median <= 80.0),
        data: json!({
            "ms": store.cold,
            "interactive_ms": store.mounted,
            "repeat_visit_ms": store.repeat,
            "median_load_phases_ms": median_phases,
            "served_by_the_edge_ms": same_server.cold,
            "served_by_the_edge_interactive_ms": same_server.mounted,
            "hosted_page_ms": hosted.cold,
            "hosted_page_repeat_visit_ms": hosted.repeat,
        }),
    })
}

/// A merchant's server holding a copy of the edge's demo page at `/`, with the store's
/// stylesheet, and the widget's script tag pointing at the edge.
fn store_of(edge: &WranglerDev, demo: &str) -> Result<Store> {
    let get =
        |url: &str| -> Result<String> { Ok(ureq::get(url).call()?.body_mut().read_to_string()?) };
    let page = get(demo)?;
    let script = r#"src="/widget.js""#;
    anyhow::ensure!(page.contains(script), "the demo page lost its script tag");
    let page = page.replace(script, &format!(r#"src="{}/widget.js""#, edge.url()));
    let css = get(&format!("{}/demo/store.css", edge.url()))?;
    Store::start(vec![
        StoreFile::html("/", page),
        StoreFile::new("/demo/store.css", "text/css", css.into_bytes()),
    ])
}

/// What `loads` cold loads of one page measured.
struct Loads {
    cold: Vec<f64>,
    /// When the widget's own view had taken over from the edge's card (interactive, live).
    mounted: Vec<f64>,
    repeat: Vec<f64>,
    phases: Vec<Value>,
}

/// `count` cold loads of `url`, each in a new browser and followed by a repeat visit; one
/// warm-up load first, so the edge's cache holds the tracking as it would for a real store.
fn loads(runtime: &tokio::runtime::Runtime, url: &str, count: usize) -> Result<Loads> {
    let mut out = Loads {
        cold: Vec::new(),
        mounted: Vec::new(),
        repeat: Vec::new(),
        phases: Vec::new(),
    };
    for i in 0..=count {
        let (cold, mounted, phase, repeat) = runtime.block_on(async {
            let browser = Browser::start(1000, 1200).await?;
            // Let the new browser finish starting up, so its start-up work on this 2-core
            // machine is not counted as the page's; its cache stays empty.
            browser.goto("about:blank").await?;
            tokio::time::sleep(Duration::from_millis(2000)).await;
            let rendered = &mark_time("trackline:rendered");
            let wait = Duration::from_secs(20);
            browser.goto(url).await?;
            let cold = browser.wait_for(rendered, json!(null), wait).await?;
            let mounted = &mark_time("trackline:mounted");
            let mounted = browser.wait_for(mounted, json!(null), wait).await?;
            let phase = browser.eval(RENDER_PHASES, json!(null)).await?;
            // The anxious buyer's second look: the same page again, the browser's caches warm.
            browser.goto("about:blank").await?;
            tokio::time::sleep(Duration::from_millis(500)).await;
            browser.goto(url).await?;
            let repeat = browser.wait_for(rendered, json!(null), wait).await?;
            browser.close().await?;
            let ms = |v: Value| v.as_f64().unwrap_or(f64::NAN);
            anyhow::Ok((ms(cold), ms(mounted), phase, ms(repeat)))
        })?;
        if i > 0 {
            out.cold.push(cold);
            out.mounted.push(mounted);
            out.repeat.push(repeat);
            out.phases.push(phase);
        }
    }
    Ok(out)
}

/// A script for when the page set the performance mark `name` (null until it has).
fn mark_time(name: &str) -> String {
    format!("const m = performance.getEntriesByName('{name}'); return m.length ? m[0].startTime : null;")
}

/// When the page's own document, the widget's files and its API calls finished, and the
/// widget's marks, in ms since navigation start: where a slow render spends its time.
const RENDER_PHASES: &str = r#"
const out = {};
const nav = performance.getEntriesByType('navigation')[0];
if (nav) { out.document = Math.round(nav.responseEnd); out.dom_content_loaded = Math.round(nav.domContentLoadedEventEnd); }
for (const r of performance.getEntriesByType('resource')) {
  const name = new URL(r.name).pathname.split('/').pop() || r.name;
  out[name + ' (start, end)'] = [Math.round(r.startTime), Math.round(r.responseEnd)];
}
for (const m of performance.getEntriesByType('mark')) out[m.name] = Math.round(m.startTime);
return out;
"#;

/// Requests a second and latency of a cached `GET /v1/trackings/{number}` against a
/// constant-response route (`/healthz`) of the same worker in the same `wrangler dev` run:
/// 16 keep-alive clients on 127.0.0.1, the two routes alternated in rounds of a few seconds,
/// bounded in time and count.
fn edge_throughput() -> Result<Row> {
    const CLIENTS: usize = 16;
    const ROUND: Duration = Duration::from_secs(4);
    // Limits off: one client hammering one route would otherwise meet them, and we measure
    // what a cached read costs, not how fast the limiter says no.
    let vars = vec![("TRACKLINE_RATE_LIMITS".to_owned(), "off".to_owned())];
    let edge = start_edge("throughput", vars)?;
    let cached = format!("{}/v1/trackings/TL2000000002", edge.url());
    let constant = format!("{}/healthz", edge.url());
    let agent = || -> ureq::Agent {
        ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(10)))
            .build()
            .into()
    };
    agent().get(&cached).call()?; // warm: the next reads come from the cache
    let load = |url: &str| -> Result<(f64, Vec<f64>)> {
        let started = Instant::now();
        let workers: Vec<_> = (0..CLIENTS)
            .map(|_| {
                let (url, agent) = (url.to_owned(), agent());
                std::thread::spawn(move || -> Result<Vec<f64>> {
                    let mut latencies = Vec::new();
                    let begin = Instant::now();
                    while begin.elapsed() < ROUND {
                        let t = Instant::now();
                        let mut response = agent.get(&url).call()?;
                        response.body_mut().read_to_vec()?;
                        latencies.push(t.elapsed().as_secs_f64() * 1000.0);
                    }
                    Ok(latencies)
                })
            })
            .collect();
        let mut all = Vec::new();
        for worker in workers {
            all.extend(
                worker
                    .join()
                    .map_err(|_| anyhow::anyhow!("a load thread panicked"))??,
            );
        }
        Ok((all.len() as f64 / started.elapsed().as_secs_f64(), all))
    };
    let (mut cached_rps, mut constant_rps, mut cached_ms, mut constant_ms) =
        (0.0, 0.0, Vec::new(), Vec::new());
    for _ in 0..2 {
        let (rps, ms) = load(&constant)?;
        constant_rps += rps / 2.0;
        constant_ms.extend(ms);
        let (rps, ms) = load(&cached)?;
        cached_rps += rps / 2.0;
        cached_ms.extend(ms);
    }
    edge.stop();
    let ratio = cached_rps / constant_rps;
    Ok(Row {
        what: format!("cached lookup vs constant route, same wrangler dev ({CLIENTS} clients, 127.0.0.1)"),
        figure: format!(
            "ratio {ratio:.2}: {cached_rps:.0} vs {constant_rps:.0} req/s; p50 {:.1} vs {:.1} ms, p99 {:.1} vs {:.1} ms",
            percentile(&cached_ms, 0.5),
            percentile(&constant_ms, 0.5),
            percentile(&cached_ms, 0.99),
            percentile(&constant_ms, 0.99)
        ),
        budget: "ratio >= 0.95".into(),
        met: Some(ratio >= 0.95),
        data: json!({ "cached_rps": cached_rps, "constant_rps": constant_rps, "requests": cached_ms.len() + constant_ms.len() }),
    })
}

/// From a carrier's webhook POST to the widget's DOM showing the new scan, over 20 pushes to
/// one open page. The page notes the wall-clock moment its shadow DOM shows the scan
/// (`performance.timeOrigin + performance.now()`); the bench notes the moment before it POSTs.
/// Both read this machine's clock.
fn push_to_pixel() -> Result<Row> {
    const PUSHES: usize = 20;
    const SECRET: &str = "bench-webhook-secret";
    let vars = vec![
        ("TRACKLINE_WEBHOOK_SECRET".to_owned(), SECRET.to_owned()),
        ("TRACKLINE_RATE_LIMITS".to_owned(), "off".to_owned()),
    ];
    let edge = start_edge("push", vars)?;
    let page = format!("{}/?number=TL2000000002", edge.url());
    let webhook = format!("{}/v1/webhooks/trackline", edge.url());
    let runtime = tokio::runtime::Runtime::new()?;
    let latencies = runtime.block_on(async {
        let browser = Browser::start(1000, 1200).await?;
        browser.goto(&page).await?;
        browser.widget("trackline-widget").await?;
        let mut latencies = Vec::new();
        for i in 0..PUSHES {
            let words = format!("Bench scan {i}");
            let watch = r#"
                const root = document.querySelector('trackline-widget').shadowRoot;
                window.__shown = null;
                const expected = arguments[0];
                const seen = () => {
                    const first = root.querySelector('[data-testid=event] .carrier-text');
                    return first && first.textContent === expected;
                };
                new MutationObserver((_, observer) => {
                    if (window.__shown === null && seen()) {
                        window.__shown = performance.timeOrigin + performance.now();
                        observer.disconnect();
                    }
                }).observe(root, { childList: true, subtree: true, characterData: true });
                return true;
            "#;
            browser.eval(watch, json!(words)).await?;
            // Each push is the newest scan: a minute ahead, one second apart.
            let at = (chrono::Utc::now() + chrono::Duration::seconds(60 + i as i64)).to_rfc3339();
            let body = json!({ "number": "TL2000000002", "carrier": "sandbox",
                "events": [{ "at": at, "status": "in_transit", "carrier_text": words }] })
            .to_string();
            let signature =
                trackline_core::webhook::sign(SECRET, chrono::Utc::now().timestamp(), &body);
            let posted_at = epoch_ms();
            let webhook = webhook.clone();
            let status = tokio::task::spawn_blocking(move || {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .build()
                    .into();
                agent
                    .post(&webhook)
                    .header("trackline-signature", &signature)
                    .send(body.as_bytes())
                    .map(|r| r.status().as_u16())
            })
            .await??;
            anyhow::ensure!(status == 200, "the webhook answered {status}");
            let shown = browser
                .wait_for(
                    "return window.__shown",
                    json!(null),
                    Duration::from_secs(10),
                )
                .await?;
            latencies.push(shown.as_f64().unwrap_or(f64::NAN) - posted_at);
        }
        browser.close().await?;
        anyhow::Ok(latencies)
    })?;
    edge.stop();
    let (median, p95) = (median(&latencies), percentile(&latencies, 0.95));
    Ok(Row {
        what: format!("carrier push (webhook POST) -> widget DOM updated ({PUSHES} pushes)"),
        figure: format!("median {median:.0} ms, p95 {p95:.0} ms"),
        budget: "p95 <= 50 ms".into(),
        met: Some(p95 <= 50.0),
        data: json!({ "ms": latencies }),
    })
}

/// Push first against polling only, over whole journeys: carrier calls per shipment, and the
/// time from the source's scan to the buyer's screen, both ways.
///
/// - Calls, and the poll's delay, on a virtual clock: every sandbox journey (label to delivered,
///   or three days past its last scan) is run through core's own decisions (`State::record`,
///   `push`, `is_due`, `next_alarm`, `subscription_due`): polled only (a carrier with no push),
///   and pushed through 17TRACK (subscribed by its registration, the safety net polling,
///   unsubscribed once delivered). A real poll cadence is hours, so only a virtual clock shows
///   it whole.
/// - The push's delay measured for real: the simulator's Kuaidi100 plays a journey on a
///   compressed clock and pushes each scan to `wrangler dev`; Chromium watches the widget, and
///   each scan's time from its reveal at the source to the widget showing it is recorded. The
///   calls the source received for that shipment are counted too.
fn push_against_polling() -> Result<Row> {
    let mut polled = (0usize, Vec::new());
    let mut pushed = (0usize, Vec::new());
    let journeys: Vec<&str> = trackline_core::sandbox::JOURNEYS
        .iter()
        .filter(|j| !j.live)
        .map(|j| j.number)
        .collect();
    let mut each = Vec::new();
    for number in &journeys {
        // UPS with its Track Alert off (no webhook secret), as a deployment without pushes.
        let (poll_calls, delays) = virtual_journey(number, "ups", false)?;
        polled.0 += poll_calls;
        polled.1.extend(delays);
        let (push_calls, delays) = virtual_journey(number, "17track", true)?;
        pushed.0 += push_calls;
        pushed.1.extend(delays);
        each.push(json!({ "journey": number, "push_calls": push_calls, "poll_calls": poll_calls }));
    }
    let n = journeys.len() as f64;
    let (poll_calls, push_calls) = (polled.0 as f64 / n, pushed.0 as f64 / n);
    let minutes = |d: &[f64], p: f64| percentile(d, p) / 60.0;
    let (real_ms, real_calls) = real_push_delays()?;
    let (p50, p95) = (median(&real_ms), percentile(&real_ms, 0.95));
    Ok(Row {
        what: format!(
            "push first vs polling only, per shipment over {} whole journeys: carrier calls; scan at the source -> buyer's screen",
            journeys.len()
        ),
        figure: format!(
            "calls, label to delivered: push {} (real run, compressed clock: {real_calls}) vs poll {}; all journeys (3 days past the last scan when not delivered): push {push_calls:.1} vs poll {poll_calls:.1}; delay: push p50 {p50:.0} ms, p95 {p95:.0} ms (measured) vs poll p50 {:.0} min, p95 {:.0} min (core's cadence)",
            each[0]["push_calls"],
            each[0]["poll_calls"],
            minutes(&polled.1, 0.5),
            minutes(&polled.1, 0.95)
        ),
        budget: "push: fewer calls than polling, p95 <= 1 s".into(),
        met: Some(push_calls < poll_calls && p95 <= 1000.0),
        data: json!({
            "journeys": each,
            "calls_per_shipment": { "push": push_calls, "poll": poll_calls, "push_measured": real_calls },
            "poll_delay_secs": polled.1,
            "push_virtual_delay_secs": pushed.1,
            "push_delay_ms": real_ms,
        }),
    })
}

/// One sandbox journey on a virtual clock through core's decisions with `connector`: the calls
/// made (queries, subscriptions, unsubscriptions) and each scan's delay (seconds) from its
/// time to the moment Trackline had it. With `push` (the source's pushes configured), a
/// connector that pushes gets every scan pushed at its time once subscribed; without, it is
/// polled only.
fn virtual_journey(number: &str, connector: &str, push: bool) -> Result<(usize, Vec<f64>)> {
    use chrono::{DateTime, Duration as Span, Utc};
    use trackline_core::shipment::{Key, Policy, State};
    let full = trackline_e2e::sim::Simulator::full_journey(number);
    let mut scans: Vec<DateTime<Utc>> = full.events.iter().map(|e| e.at.to_utc()).collect();
    scans.sort();
    let (first, last) = (scans[0], scans[scans.len() - 1]);
    let as_of = |t: DateTime<Utc>| {
        let mut report = full.clone();
        report.events.retain(|e| e.at.to_utc() <= t);
        report
    };
    let key = Key {
        carrier: "ups".into(),
        number: number.into(),
        connector: connector.into(),
    };
    let policy = Policy {
        max_age: None,
        show_signer: false,
        safety_net: None,
        push_configured: push,
    };
    let mut state = State {
        key: Some(key.clone()),
        ..State::default()
    };
    let pushes = push
        && key
            .connector()
            .is_some_and(|c| c.info().pushes != trackline_core::carriers::Pushes::Never);
    // Whether the source has a call to end a subscription (17TRACK `stoptrack`).
    let settings = trackline_core::carriers::Settings::new("http://127.0.0.1", &[]);
    let lookup = trackline_core::carriers::Lookup::new(number, &settings, 0);
    let unsubscribes = pushes
        && key
            .connector()
            .is_some_and(|c| c.unsubscribe(&lookup).is_some());
    let mut known = 0usize;
    let mut delays = Vec::new();
    let mut note = |state: &State, t: DateTime<Utc>, delays: &mut Vec<f64>| {
        let now_known = state.report.as_ref().map_or(0, |r| r.events.len());
        for scan in &scans[known.min(scans.len())..now_known.min(scans.len())] {
            delays.push(t.signed_duration_since(*scan).num_seconds().max(0) as f64);
        }
        known = known.max(now_known);
    };
    // The merchant registers the parcel a minute after its label.
    let mut t = first + Span::minutes(1);
    let mut calls = 1;
    let _ = state.record(Ok(as_of(t)), t);
    note(&state, t, &mut delays);
    let horizon = last + Span::days(3);
    for _ in 0..100_000 {
        let next_scan = scans.iter().copied().find(|s| *s > t);
        let push_next = next_scan.filter(|_| pushes && state.push_active(t));
        let alarm = state.next_alarm(false, &policy, t);
        let next = match (push_next, alarm) {
            (Some(p), Some(a)) => p.min(a),
            (Some(p), None) => p,
            (None, Some(a)) => a,
            (None, None) => break,
        };
        // Never stand still, never run past the horizon.
        t = next.max(t + Span::seconds(1));
        if t > horizon {
            break;
        }
        if push_next == Some(next) {
            state.push(key.clone(), as_of(t), false, t);
        } else {
            if state.is_due(&policy, t) {
                calls += 1;
                let _ = state.record(Ok(as_of(t)), t);
            }
            if state.subscription_due(&policy, t).is_some() {
                calls += 1;
                state.record_subscription(Ok(Default::default()), t);
            } else if state.unsubscription_due(t) {
                calls += usize::from(unsubscribes);
                state.record_unsubscription();
            }
        }
        note(&state, t, &mut delays);
    }
    Ok((calls, delays))
}

/// A journey played by the simulator's Kuaidi100 on a compressed clock, pushed to a real edge
/// and watched in Chromium: each pushed scan's time (ms) from its reveal at the source to the
/// widget showing it, and the calls the source received for the shipment.
fn real_push_delays() -> Result<(Vec<f64>, usize)> {
    use trackline_e2e::sim::{PushFault, Simulator, CLIENT_ID, KEY};
    const JOURNEY: &str = "TL1000000001";
    const NUMBER: &str = "SF1409871234567";
    const ADMIN: &str = "bench-admin";
    let step = Duration::from_millis(1500);
    let sim = Simulator::start()?;
    let vars = [
        ("TRACKLINE_ADMIN_TOKEN", ADMIN.to_owned()),
        ("TRACKLINE_RATE_LIMITS", "off".to_owned()),
        ("KUAIDI100_BASE_URL", sim.base_url("kuaidi100")),
        ("KUAIDI100_CUSTOMER", CLIENT_ID.to_owned()),
        ("KUAIDI100_KEY", KEY.to_owned()),
        ("KUAIDI100_SALT", "bench-salt".to_owned()),
        ("TRACKLINE_ROUTES", "sf_express:kuaidi100".to_owned()),
        ("TRACKLINE_PUBLIC_URL", "http://127.0.0.1:{port}".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let edge = start_edge("sync", vars)?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into();
    let post = |path: &str, token: &str, body: Value| -> Result<(u16, Value)> {
        let mut r = agent
            .post(&format!("{}{path}", edge.url()))
            .header("Authorization", &format!("Bearer {token}"))
            .header("Content-Type", "application/json")
            .send(body.to_string().as_bytes())?;
        let status = r.status().as_u16();
        Ok((
            status,
            serde_json::from_str(&r.body_mut().read_to_string()?)?,
        ))
    };
    let (_, merchant) = post(
        "/v1/admin/merchants",
        ADMIN,
        json!({ "id": "bench-shop", "name": "Bench", "allowed_origins": ["https://shop.example"] }),
    )?;
    let key = merchant["api_key"].as_str().unwrap_or_default().to_owned();
    // The texts of the journey's scans, oldest first: the widget's newest scan names the index.
    // (The journey as the simulator plays it: today's copy may not have reached its end yet.)
    let mut texts: Vec<(chrono::DateTime<chrono::Utc>, String)> = Simulator::full_journey(JOURNEY)
        .events
        .iter()
        .map(|e| (e.at.to_utc(), e.carrier_text.clone()))
        .collect();
    texts.sort();
    let texts: Vec<String> = texts.into_iter().map(|(_, t)| t).collect();
    let runtime = tokio::runtime::Runtime::new()?;
    let delays = runtime.block_on(async {
        let browser = Browser::start(1000, 1200).await?;
        let played_at = epoch_ms();
        sim.play(NUMBER, JOURNEY, step, Vec::<PushFault>::new());
        let order = json!({ "order_number": "#bench-1", "email": "buyer@example.com",
            "trackings": [{ "number": NUMBER, "carrier": "sf_express" }] });
        let (status, registered) =
            tokio::task::block_in_place(|| post("/v1/shipments", &key, order))?;
        anyhow::ensure!(status == 201, "registration: {status} {registered}");
        browser
            .goto(&format!("{}/track/{NUMBER}?carrier=sf_express", edge.url()))
            .await?;
        browser.widget("trackline-widget").await?;
        let watch = r#"
            const root = document.querySelector('trackline-widget').shadowRoot;
            window.__tops = [];
            const top = () => {
                const first = root.querySelector('[data-testid=event] .carrier-text');
                return first ? first.textContent : null;
            };
            const record = () => {
                const text = top();
                const seen = window.__tops;
                if (text && (seen.length === 0 || seen[seen.length - 1].text !== text)) {
                    seen.push({ text, at: performance.timeOrigin + performance.now() });
                }
            };
            record();
            new MutationObserver(record).observe(root, { childList: true, subtree: true, characterData: true });
            return true;
        "#;
        browser.eval(watch, json!(null)).await?;
        tokio::time::sleep(step * (texts.len() as u32 + 2)).await;
        let tops = browser.eval("return window.__tops", json!(null)).await?;
        browser.close().await?;
        let mut delays = Vec::new();
        for seen in tops.as_array().into_iter().flatten() {
            let Some(index) = texts.iter().position(|t| seen["text"] == t.as_str()) else {
                continue;
            };
            // Scan `index` is revealed `index` steps after the play started; the first ones
            // were there before the page opened (they came with the first query).
            let revealed = played_at + step.as_millis() as f64 * index as f64;
            let at = seen["at"].as_f64().unwrap_or(f64::NAN);
            if index > 0 && at > revealed && at - revealed < step.as_millis() as f64 * 2.0 {
                delays.push(at - revealed);
            }
        }
        anyhow::Ok(delays)
    })?;
    let calls = sim.calls("kuaidi100");
    edge.stop();
    anyhow::ensure!(
        delays.len() >= texts.len() / 2,
        "too few pushed scans seen on screen: {delays:?}"
    );
    Ok((delays, calls))
}

fn epoch_ms() -> f64 {
    chrono::Utc::now().timestamp_micros() as f64 / 1000.0
}

/// Carrier calls made by 200 concurrent lookups of one unseen number, and by 10,000 page views
/// over 100 shipments (an hour's traffic, compressed: every shipment here is in transit, which
/// refreshes every two hours, so no refresh falls inside a real hour and the compressed run
/// makes the same calls). Against the carrier simulator's DHL, which counts every call.
fn coalescing() -> Result<Row> {
    use trackline_e2e::sim::{Simulator, KEY};
    const VIEWS: usize = 10_000;
    const SHIPMENTS: usize = 100;
    const CLIENTS: usize = 16;
    let sim = Simulator::start()?;
    // A slow carrier, so that concurrent lookups really overlap.
    sim.delay_all(Duration::from_millis(300));
    let vars = vec![
        ("DHL_BASE_URL".to_owned(), sim.base_url("dhl")),
        ("DHL_API_KEY".to_owned(), KEY.to_owned()),
        ("TRACKLINE_RATE_LIMITS".to_owned(), "off".to_owned()),
    ];
    let edge = start_edge("coalescing", vars)?;
    let agent = || -> ureq::Agent {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into()
    };
    let url = |n: usize| {
        format!(
            "{}/v1/trackings/{:010}?carrier=dhl",
            edge.url(),
            3_000_000_000u64 + n as u64
        )
    };

    // 200 concurrent lookups of one number nobody asked for before.
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(200));
    let burst: Vec<_> = (0..200)
        .map(|_| {
            let (u, b, a) = (url(SHIPMENTS + 1), barrier.clone(), agent());
            std::thread::spawn(move || {
                b.wait();
                a.get(&u).call().map(|r| r.status().as_u16())
            })
        })
        .collect();
    let ok = burst
        .into_iter()
        .map(|t| t.join().ok().and_then(Result::ok))
        .filter(|s| *s == Some(200))
        .count();
    anyhow::ensure!(ok == 200, "only {ok} of 200 concurrent lookups succeeded");
    let burst_calls = sim.calls("dhl");

    // 10,000 views spread over 100 shipments by 16 clients, in a fixed pseudo-random order.
    let before = sim.calls("dhl");
    let started = Instant::now();
    let workers: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let (a, urls): (ureq::Agent, Vec<String>) = (
                agent(),
                (0..VIEWS / CLIENTS)
                    .map(|i| url((i * 7919 + c * 104_729) % SHIPMENTS))
                    .collect(),
            );
            std::thread::spawn(move || -> usize {
                urls.iter()
                    .filter(|u| {
                        matches!(
                            a.get(u.as_str()).call().map(|r| r.status().as_u16()),
                            Ok(200)
                        )
                    })
                    .count()
            })
        })
        .collect();
    let served: usize = workers.into_iter().map(|w| w.join().unwrap_or(0)).sum();
    let hour_calls = sim.calls("dhl") - before;
    edge.stop();
    let per_thousand = hour_calls as f64 * 1000.0 / served.max(1) as f64;
    Ok(Row {
        what: format!("carrier calls: 200 concurrent lookups of one unseen number; {served} views over {SHIPMENTS} shipments"),
        figure: format!("{burst_calls} call(s); {hour_calls} calls = {per_thousand:.1} per 1,000 views (views took {:.0} s)", started.elapsed().as_secs_f64()),
        budget: "exactly 1 for the 200".into(),
        met: Some(burst_calls == 1),
        data: json!({ "burst_calls": burst_calls, "views": served, "view_calls": hour_calls, "per_1000_views": per_thousand }),
    })
}

/// Detection throughput on the peer's own test numbers, written as buyers paste them, against
/// the `tracking-numbers` crate on the same inputs; and whether both find a carrier for the same
/// inputs.
fn detection(peer_data: &Path) -> Result<Row> {
    let mut inputs = Vec::new();
    for entry in std::fs::read_dir(peer_data.join("couriers"))? {
        let courier: Value = serde_json::from_str(&std::fs::read_to_string(entry?.path())?)?;
        for format in courier["tracking_numbers"].as_array().into_iter().flatten() {
            for kind in ["valid", "invalid"] {
                for n in format["test_numbers"][kind]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                {
                    inputs.push(n.to_owned());
                }
            }
        }
    }
    let ours = |s: &str| !trackline_core::detect::detect(s).is_empty();
    let theirs = |s: &str| tracking_numbers::track(s).is_some();
    let disagree: Vec<String> = inputs
        .iter()
        .filter(|s| ours(s) != theirs(s))
        .map(|s| format!("{s} (ours: {}, theirs: {})", ours(s), theirs(s)))
        .collect();
    let agree = inputs.len() - disagree.len();
    let rate = |f: &dyn Fn(&str) -> bool| {
        let started = Instant::now();
        let mut rounds = 0;
        while started.elapsed() < Duration::from_secs(2) {
            for input in &inputs {
                std::hint::black_box(f(std::hint::black_box(input)));
            }
            rounds += 1;
        }
        (rounds * inputs.len()) as f64 / started.elapsed().as_secs_f64()
    };
    let (us, them) = (rate(&ours), rate(&theirs));
    Ok(Row {
        what: format!("tracking-number detection vs `tracking-numbers` 0.1.2 ({} inputs)", inputs.len()),
        figure: format!("{:.0}x faster ({us:.0}/s vs {them:.0}/s); both find a carrier or both don't for {agree} of {}{}", us / them, inputs.len(), if disagree.is_empty() { String::new() } else { format!("; differ on {}", disagree.join(", ")) }),
        budget: ">= 10x faster, same answers".into(),
        met: Some(us / them >= 10.0 && agree == inputs.len()),
        data: json!({ "ours_per_sec": us, "theirs_per_sec": them, "agree": agree, "inputs": inputs.len(), "disagree": disagree }),
    })
}

/// `wrangler dev` for one row, with its own state and log under the temp dir.
fn start_edge(row: &str, vars: Vec<(String, String)>) -> Result<WranglerDev> {
    let dir = std::env::temp_dir()
        .join(format!("trackline-bench-{}", std::process::id()))
        .join(row);
    std::fs::create_dir_all(&dir)?;
    WranglerDev::start(Options {
        port: None,
        persist_to: dir.join("state"),
        log: Some(dir.join("wrangler.log")),
        vars,
    })
}

/// The middle sample (the upper one of the two middles for an even count).
fn median(samples: &[f64]) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[sorted.len() / 2]
}

/// The `p`-quantile (0 to 1) of `samples`, nearest rank.
fn percentile(samples: &[f64], p: f64) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

fn print_table(rows: &[Row]) {
    println!("| what | measured | budget | met |\n|---|---|---|---|");
    for r in rows {
        let met = match r.met {
            Some(true) => "met",
            Some(false) => "MISSED",
            None => "-",
        };
        println!("| {} | {} | {} | {} |", r.what, r.figure, r.budget, met);
    }
}
