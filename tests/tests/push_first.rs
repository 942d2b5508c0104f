//! Push-first sync through real workerd and the carrier simulator: a shipment a merchant
//! registers is subscribed to its source's pushes once, on first sight; the source then pushes
//! each new scan by itself (the simulator plays the journey on a compressed clock) and the open
//! widget shows every one with no poll in between. A subscription the source stops is renewed,
//! and pushes lost, duplicated or late leave the right state. The aggregators that push to an
//! account's webhook (17TRACK, AfterShip) are subscribed by the lookup's own registration; a
//! lost last push is caught by the safety net, and a delivered parcel's subscription is ended
//! where the source has a call for that (17TRACK `stoptrack`).

mod common;

use std::time::{Duration, Instant};

use anyhow::{bail, Result};
use common::{http, post_json as post, Stack};
use serde_json::{json, Value};
use trackline_e2e::browser::Browser;
use trackline_e2e::sim::{PushFault, Simulator, CLIENT_ID, KEY};

const ADMIN: &str = "admin-push-first";
const SALT: &str = "sim-push-salt";
/// A delivered journey (label to delivered).
const JOURNEY: &str = "TL1000000001";
const STEP: Duration = Duration::from_millis(1500);

/// The edge with Kuaidi100 in the simulator serving SF Express, and its own public URL, so it
/// can give Kuaidi100 a callback.
fn stack(sim: &Simulator) -> Result<Stack> {
    Stack::start_with(
        [
            ("TRACKLINE_ADMIN_TOKEN", ADMIN.to_owned()),
            ("KUAIDI100_BASE_URL", sim.base_url("kuaidi100")),
            ("KUAIDI100_CUSTOMER", CLIENT_ID.to_owned()),
            ("KUAIDI100_KEY", KEY.to_owned()),
            ("KUAIDI100_SALT", SALT.to_owned()),
            ("TRACKLINE_ROUTES", "sf_express:kuaidi100".to_owned()),
            ("TRACKLINE_PUBLIC_URL", "http://127.0.0.1:{port}".to_owned()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect(),
    )
}

/// A merchant registers an order with `number` as an SF Express parcel.
fn register(stack: &Stack, number: &str) -> Result<()> {
    register_as(stack, number, "sf_express").map(|_| ())
}

/// A merchant registers an order with `number` as a parcel of `carrier`; answers its API key.
fn register_as(stack: &Stack, number: &str, carrier: &str) -> Result<String> {
    let (status, merchant) = post(
        stack,
        "/v1/admin/merchants",
        ADMIN,
        &json!({ "id": "push-first", "name": "Push First", "allowed_origins": ["https://shop.example"] }),
    )?;
    if status != 201 && status != 409 {
        bail!("merchant: {status} {merchant}");
    }
    let key = merchant["api_key"].as_str().unwrap_or_default().to_owned();
    let order = json!({ "order_number": format!("#{number}"), "email": "buyer@example.com",
        "trackings": [{ "number": number, "carrier": carrier }] });
    let (status, body) = post(stack, "/v1/shipments", &key, &order)?;
    if status != 201 {
        bail!("order: {status} {body}");
    }
    Ok(key)
}

/// Waits until `ready` holds, up to `limit`.
fn wait_until(limit: Duration, mut ready: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if ready() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_scan_arrives_by_push_and_reaches_the_open_widget_with_no_poll() -> Result<()> {
    let sim = Simulator::start()?;
    let number = "SF1409871234567";
    let scans = Simulator::journey_len(JOURNEY);
    let stack = stack(&sim)?;
    // A duplicate and a late push on the way: neither shows twice or out of order.
    sim.play(
        number,
        JOURNEY,
        STEP,
        vec![PushFault::Duplicated(2), PushFault::Late(3)],
    );
    tokio::task::block_in_place(|| register(&stack, number))?;
    // First sight: one query, one subscription, at once and by themselves.
    let subscribed = tokio::task::block_in_place(|| {
        wait_until(Duration::from_secs(20), || {
            sim.subscribe_calls("kuaidi100", number) == 1
        })
    });
    assert!(
        subscribed,
        "the shipment subscribed itself on first sight: {:?}",
        sim.requests("kuaidi100")
    );
    let browser = Browser::start(1000, 1200).await?;
    browser
        .goto(&stack.url(&format!("/track/{number}?carrier=sf_express")))
        .await?;
    browser.widget("trackline-widget").await?;
    let polls_before = sim.calls_to("kuaidi100", "POST /poll/query.do");
    // The journey plays on; every scan reaches the open page.
    let shown = {
        let deadline = Instant::now() + STEP * (scans as u32 + 8);
        let mut shown = 0;
        while Instant::now() < deadline {
            // The history folds past a few scans: open it (again, once it has a toggle).
            browser.expand_history("trackline-widget").await?;
            shown = browser.widget("trackline-widget").await?.events.len();
            if shown == scans {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        shown
    };
    let api = tokio::task::block_in_place(|| -> Result<Value> {
        Ok(http()
            .get(stack.url(&format!("/v1/trackings/{number}?carrier=sf_express")))
            .call()?
            .body_mut()
            .read_json()?)
    })?;
    assert_eq!(
        shown,
        scans,
        "every scan on screen; the API has {:?}; pushes: {:?}",
        api["events"].as_array().map(Vec::len),
        sim.pushes()
    );
    assert_eq!(
        sim.calls_to("kuaidi100", "POST /poll/query.do"),
        polls_before,
        "no poll in between: the scans came by push"
    );
    assert_eq!(
        sim.subscribe_calls("kuaidi100", number),
        1,
        "subscribed once"
    );
    let pushes = sim.pushes();
    assert!(
        pushes.iter().all(|p| p.status == 200),
        "every push was accepted: {pushes:?}"
    );
    browser.close().await?;
    Ok(())
}

#[test]
fn a_subscription_the_source_stops_is_renewed_and_pushes_resume() -> Result<()> {
    let sim = Simulator::start()?;
    let number = "SF1409871234568";
    let scans = Simulator::journey_len(JOURNEY);
    let stack = stack(&sim)?;
    sim.play(number, JOURNEY, STEP, vec![PushFault::Lapsed(2)]);
    register(&stack, number)?;
    // The source says it stopped ("abort"); the shipment subscribes again by itself.
    let renewed = wait_until(STEP * (scans as u32 + 8), || {
        sim.subscribe_calls("kuaidi100", number) >= 2
    });
    assert!(
        renewed,
        "renewed after the stop; pushes: {:?}",
        sim.pushes()
    );
    let all_in = wait_until(STEP * (scans as u32 + 8), || {
        http()
            .get(stack.url(&format!("/v1/trackings/{number}?carrier=sf_express")))
            .call()
            .ok()
            .and_then(|mut r| r.body_mut().read_json::<Value>().ok())
            .and_then(|t| t["events"].as_array().map(Vec::len))
            == Some(scans)
    });
    assert!(
        all_in,
        "the rest of the journey came by push: {:?} events, pushes {:?}, calls {:?}",
        http()
            .get(stack.url(&format!("/v1/trackings/{number}?carrier=sf_express")))
            .call()
            .ok()
            .and_then(|mut r| r.body_mut().read_json::<Value>().ok())
            .and_then(|t| t["events"].as_array().map(Vec::len)),
        sim.pushes(),
        sim.requests("kuaidi100")
            .iter()
            .map(|r| (r.path.clone(), r.at))
            .collect::<Vec<_>>()
    );
    assert!(
        sim.pushes().iter().any(|p| p.scans == 0),
        "a stop was pushed"
    );
    Ok(())
}

/// A source whose pushes go to a webhook set once for the account (17TRACK, AfterShip, UPS
/// Track Alert).
struct Source {
    code: &'static str,
    /// Its poll: the endpoint that answers a number's tracking.
    poll: &'static str,
    /// The call that registers a number (and so subscribes it).
    register: &'static str,
    /// The call that ends a number's pushes, where there is one.
    stop: Option<&'static str>,
    /// Vars besides the base URL.
    vars: &'static [(&'static str, &'static str)],
    /// What signs its pushes.
    secret: &'static str,
}

const SEVENTEEN_TRACK: Source = Source {
    code: "17track",
    poll: "POST /track/v2.2/gettrackinfo",
    register: "POST /track/v2.2/register",
    stop: Some("POST /track/v2.2/stoptrack"),
    vars: &[
        ("SEVENTEEN_TRACK_BASE_URL", ""),
        ("SEVENTEEN_TRACK_KEY", KEY),
    ],
    secret: KEY,
};

const AFTERSHIP: Source = Source {
    code: "aftership",
    poll: "GET /tracking/",
    register: "POST /tracking/",
    stop: None,
    vars: &[
        ("AFTERSHIP_BASE_URL", ""),
        ("AFTERSHIP_API_KEY", KEY),
        ("AFTERSHIP_WEBHOOK_SECRET", "sim-aftership-webhook"),
    ],
    secret: "sim-aftership-webhook",
};

/// UPS itself: Track Alert subscribes each package with a call; UPS fetches a token from the
/// edge before it pushes each scan alone.
const UPS_TRACK_ALERT: Source = Source {
    code: "ups",
    poll: "GET /api/track/v1/details/",
    register: "POST /api/track/v2/subscription/standard/package",
    stop: None,
    vars: &[
        ("UPS_BASE_URL", ""),
        ("UPS_CLIENT_ID", CLIENT_ID),
        ("UPS_CLIENT_SECRET", KEY),
        ("UPS_WEBHOOK_CLIENT_ID", "sim-hook-id"),
        ("UPS_WEBHOOK_CLIENT_SECRET", "sim-hook-secret"),
    ],
    secret: "sim-hook-id:sim-hook-secret",
};

/// A UPS number (valid check digit) of its own for each `seed`.
fn ups_number(seed: u64) -> String {
    common::ups_numbers(223_450_000 + seed * 10_000, 1)
        .pop()
        .expect("a UPS number")
}

/// The edge with UPS parcels routed through `source` in the simulator, whose account webhook
/// points at the edge; `extra` vars on top.
fn aggregator_stack(sim: &Simulator, source: &Source, extra: &[(&str, &str)]) -> Result<Stack> {
    let mut vars: Vec<(String, String)> = source
        .vars
        .iter()
        .map(|(k, v)| {
            let v = if v.is_empty() {
                sim.base_url(source.code)
            } else {
                (*v).to_owned()
            };
            ((*k).to_owned(), v)
        })
        .collect();
    vars.push(("TRACKLINE_ADMIN_TOKEN".into(), ADMIN.into()));
    vars.push(("TRACKLINE_ROUTES".into(), format!("ups:{}", source.code)));
    vars.extend(
        extra
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    let stack = Stack::start_with(vars)?;
    sim.account_webhook(
        source.code,
        &stack.url(&format!("/v1/webhooks/{}", source.code)),
        source.secret,
    );
    Ok(stack)
}

/// How many events the API shows for `number`.
fn events_of(stack: &Stack, number: &str) -> Option<usize> {
    http()
        .get(stack.url(&format!("/v1/trackings/{number}?carrier=ups")))
        .call()
        .ok()
        .and_then(|mut r| r.body_mut().read_json::<Value>().ok())
        .and_then(|t| t["events"].as_array().map(Vec::len))
}

/// A parcel registered with a source that pushes to the account's webhook: it is subscribed
/// once (the aggregators by the lookup's own registration, UPS by its Track Alert call), every
/// later scan comes by push with no poll, and once delivered its pushes are ended where the
/// source can.
fn pushes_every_scan_after_one_subscription(source: &Source, seed: u64) -> Result<()> {
    let sim = Simulator::start()?;
    let stack = aggregator_stack(&sim, source, &[])?;
    let number = ups_number(seed);
    let scans = Simulator::journey_len(JOURNEY);
    sim.play(&number, JOURNEY, STEP, vec![PushFault::Duplicated(3)]);
    let _ = register_as(&stack, &number, "ups")?;
    // First sight: the lookup registers the number, and so subscribes it.
    assert!(
        wait_until(Duration::from_secs(20), || sim
            .calls_to(source.code, source.register)
            == 1
            && sim.calls_to(source.code, source.poll) >= 1),
        "{}: registered on first sight: {:?}",
        source.code,
        sim.requests(source.code)
    );
    // Let the first exchange finish (track, register, track) before counting polls.
    std::thread::sleep(Duration::from_millis(500));
    let polls = sim.calls_to(source.code, source.poll);
    let all_in = wait_until(STEP * (scans as u32 + 8), || {
        events_of(&stack, &number) == Some(scans)
    });
    let pushes = sim.pushes();
    assert!(
        all_in,
        "{}: the journey came by push: {:?} events, pushes {pushes:?}",
        source.code,
        events_of(&stack, &number)
    );
    assert_eq!(
        sim.calls_to(source.code, source.poll),
        polls,
        "{}: no poll in between",
        source.code
    );
    assert_eq!(
        sim.calls_to(source.code, source.register),
        1,
        "{}: registered (subscribed) once",
        source.code
    );
    assert!(
        pushes.iter().all(|p| p.status == 200),
        "{}: every push accepted: {pushes:?}",
        source.code
    );
    if let Some(stop) = source.stop {
        // Delivered, and the push proven: its pushes end, once.
        assert!(
            wait_until(Duration::from_secs(20), || sim.calls_to(source.code, stop)
                == 1),
            "{}: the delivered parcel's pushes were ended: {:?}",
            source.code,
            sim.requests(source.code)
        );
    }
    Ok(())
}

#[test]
fn seventeen_track_pushes_every_scan_after_one_registration() -> Result<()> {
    pushes_every_scan_after_one_subscription(&SEVENTEEN_TRACK, 1)
}

#[test]
fn aftership_pushes_every_scan_after_one_registration() -> Result<()> {
    pushes_every_scan_after_one_subscription(&AFTERSHIP, 2)
}

#[test]
fn ups_track_alert_pushes_every_scan_after_one_subscription() -> Result<()> {
    pushes_every_scan_after_one_subscription(&UPS_TRACK_ALERT, 5)
}

#[test]
fn a_lost_last_push_is_caught_by_the_safety_net() -> Result<()> {
    let sim = Simulator::start()?;
    // A safety net of seconds, so the test need not wait twelve hours.
    let stack = aggregator_stack(
        &sim,
        &SEVENTEEN_TRACK,
        &[("TRACKLINE_SAFETY_NET_SECS", "4")],
    )?;
    let number = ups_number(3);
    let scans = Simulator::journey_len(JOURNEY);
    // The delivery is never pushed.
    sim.play(&number, JOURNEY, STEP, vec![PushFault::Lost(scans - 1)]);
    let _ = register_as(&stack, &number, "ups")?;
    let caught = wait_until(STEP * (scans as u32 + 8), || {
        events_of(&stack, &number) == Some(scans)
    });
    let pushes = sim.pushes();
    assert!(
        caught,
        "the delivery arrived by the safety net's poll: {:?} events, pushes {pushes:?}, calls {:?}",
        events_of(&stack, &number),
        sim.requests("17track")
            .iter()
            .map(|r| (r.path.clone(), r.at))
            .collect::<Vec<_>>()
    );
    assert!(
        pushes.iter().all(|p| p.scans < scans),
        "it was not pushed: {pushes:?}"
    );
    assert!(
        pushes.iter().any(|p| p.scans > 1),
        "the rest was: {pushes:?}"
    );
    Ok(())
}

/// `GET /v1/push/health` with `token`: the entry of `source`.
fn health(stack: &Stack, token: &str, source: &str) -> Result<Value> {
    let body: Value = http()
        .get(stack.url("/v1/push/health"))
        .header("Authorization", &format!("Bearer {token}"))
        .call()?
        .body_mut()
        .read_json()?;
    body["sources"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["source"] == source))
        .cloned()
        .ok_or_else(|| anyhow::anyhow!("no {source} in {body}"))
}

#[test]
fn push_health_tells_each_source_last_push_coverage_and_refused_signatures() -> Result<()> {
    let sim = Simulator::start()?;
    let stack = aggregator_stack(&sim, &SEVENTEEN_TRACK, &[])?;
    let number = ups_number(4);
    let scans = Simulator::journey_len(JOURNEY);
    // Slow enough that the parcel is still on its way while health is read.
    sim.play(&number, JOURNEY, Duration::from_secs(4), vec![]);
    let key = register_as(&stack, &number, "ups")?;
    // Before and without pushes, no answer for a stranger.
    let stranger = http()
        .get(stack.url("/v1/push/health"))
        .header("Authorization", "Bearer nope")
        .call()?;
    assert_eq!(stranger.status().as_u16(), 401);
    // Pushes arrive: the source covers the merchant's shipment and is healthy.
    let mut seen = Value::Null;
    let pushing = wait_until(Duration::from_secs(20), || {
        seen = health(&stack, &key, "17track").unwrap_or_default();
        seen["pushing"] == 1
            && seen["last_push_at"].is_string()
            && seen["pushes"].as_u64() >= Some(1)
    });
    assert!(pushing, "17TRACK pushes to the merchant's shipment: {seen}");
    assert_eq!(seen["state"], "healthy", "{seen}");
    assert_eq!(seen["covered"], 1);
    assert_eq!(health(&stack, &key, "aftership")?["state"], "idle");
    assert!(
        health(&stack, &key, "kuaidi100").is_err(),
        "Kuaidi100 cannot push to this deployment (no public URL): not listed"
    );
    // A push signed with the wrong key is refused, and health says what to do.
    let forged = r#"{"event":"TRACKING_UPDATED","data":{"number":"1Z999AA10123456784"}}"#;
    let refused = http()
        .post(stack.url("/v1/webhooks/17track"))
        .header("sign", "00")
        .header("Content-Type", "application/json")
        .send(forged)?;
    assert_eq!(refused.status().as_u16(), 401);
    let flagged = wait_until(Duration::from_secs(10), || {
        seen = health(&stack, ADMIN, "17track").unwrap_or_default();
        seen["problems"]
            .as_array()
            .is_some_and(|p| p.iter().any(|p| p["code"] == "signatures_refused"))
    });
    assert!(flagged, "the refused signature is a problem: {seen}");
    assert!(seen["problems"][0]["advice"]
        .as_str()
        .is_some_and(|a| a.contains("secret")));
    // The next good push shows the source's own secret is right after all.
    let cleared = wait_until(Duration::from_secs(20), || {
        seen = health(&stack, ADMIN, "17track").unwrap_or_default();
        seen["problems"].as_array().is_some_and(Vec::is_empty)
    });
    assert!(cleared, "a good push clears it: {seen}");
    // Another merchant's view counts none of it.
    let (status, other) = post(
        &stack,
        "/v1/admin/merchants",
        ADMIN,
        &json!({ "id": "other-shop", "name": "Other", "allowed_origins": ["https://other.example"] }),
    )?;
    assert_eq!(status, 201, "{other}");
    let theirs = health(
        &stack,
        other["api_key"].as_str().unwrap_or_default(),
        "17track",
    )?;
    assert_eq!(theirs["covered"], 0, "{theirs}");
    // Delivered: the subscription ends and covers nothing more.
    let ended = wait_until(Duration::from_secs(4) * (scans as u32 + 4), || {
        health(&stack, &key, "17track")
            .is_ok_and(|h| h["covered"] == 0 && h["pushes"].as_u64() >= Some(2))
    });
    assert!(ended, "the delivered parcel is no longer covered");
    Ok(())
}

#[test]
fn ups_gets_webhook_tokens_only_for_its_client_credentials() -> Result<()> {
    let sim = Simulator::start()?;
    let stack = aggregator_stack(&sim, &UPS_TRACK_ALERT, &[])?;
    let token = |credentials: &str, body: &str| -> Result<(u16, String)> {
        use base64::Engine;
        let basic = base64::engine::general_purpose::STANDARD.encode(credentials);
        let mut r = http()
            .post(stack.url("/v1/webhooks/ups/token"))
            .header("Authorization", &format!("Basic {basic}"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .send(body)?;
        Ok((r.status().as_u16(), r.body_mut().read_to_string()?))
    };
    let (status, answer) = token(UPS_TRACK_ALERT.secret, "grant_type=client_credentials")?;
    assert_eq!(status, 200, "{answer}");
    let answer: Value = serde_json::from_str(&answer)?;
    assert_eq!(answer["token_type"], "Bearer");
    assert!(answer["access_token"]
        .as_str()
        .is_some_and(|t| t.len() > 20));
    assert_eq!(
        token("sim-hook-id:guess", "grant_type=client_credentials")?.0,
        401
    );
    assert_eq!(token(UPS_TRACK_ALERT.secret, "grant_type=password")?.0, 400);
    // A push with a made-up bearer is refused before it is read.
    let forged = http()
        .post(stack.url("/v1/webhooks/ups"))
        .header("Authorization", "Bearer 4102444800.00")
        .header("Content-Type", "application/json")
        .send(r#"{"trackingNumber":"1Z999AA10123456784"}"#)?;
    assert_eq!(forged.status().as_u16(), 401);
    // Providers that sign otherwise have no token route.
    let none = http()
        .post(stack.url("/v1/webhooks/17track/token"))
        .send("grant_type=client_credentials")?;
    assert_eq!(none.status().as_u16(), 404);
    Ok(())
}
