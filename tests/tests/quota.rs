//! What strangers can spend (issue 13): anonymous reads of unseen numbers through an aggregator
//! (here AfterShip's simulator, which bills every tracking created) start tracking at most the
//! day's budget of new numbers, per client and per deployment; a mistyped number costs no call;
//! a merchant's own numbers are always tracked; and one client cannot hold more than its share
//! of a shipment's live channels.

mod common;

use anyhow::Result;
use common::{http, ups_numbers, Stack};
use serde_json::{json, Value};
use trackline_core::admission::WATCHERS_PER_CLIENT;
use trackline_core::detect::detect;
use trackline_e2e::sim::{Simulator, KEY};

const CREATE: &str = "POST /tracking/2026-07/trackings";
const ADMIN: &str = "quota-admin-token";

/// Reads `number` through AfterShip as the client at `ip`: the status and the error code.
fn read(stack: &Stack, number: &str, ip: &str) -> Result<(u16, Option<String>, Option<String>)> {
    let mut r = http()
        .get(stack.url(&format!("/v1/trackings/{number}?carrier=aftership")))
        .header("CF-Connecting-IP", ip)
        .call()?;
    let status = r.status().as_u16();
    let retry = r
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_owned());
    let body: Value = r.body_mut().read_json()?;
    Ok((
        status,
        body["error"]["code"].as_str().map(str::to_owned),
        retry,
    ))
}

#[test]
fn strangers_start_tracking_at_most_the_budget_of_new_numbers() -> Result<()> {
    let sim = Simulator::start()?;
    let stack = Stack::start_with(vec![
        ("AFTERSHIP_BASE_URL".into(), sim.base_url("aftership")),
        ("AFTERSHIP_API_KEY".into(), KEY.into()),
        ("TRACKLINE_ADMIN_TOKEN".into(), ADMIN.into()),
        ("TRACKLINE_NEW_NUMBERS_PER_DAY".into(), "3".into()),
        ("TRACKLINE_NEW_NUMBERS_PER_CLIENT".into(), "2".into()),
    ])?;
    let n = ups_numbers(123_450_000, 5);
    let over = |r: &(u16, Option<String>, Option<String>)| {
        r.0 == 429 && r.1.as_deref() == Some("new_number_budget") && r.2.is_some()
    };

    // Client A: two new numbers, then its budget is spent.
    assert!(!over(&read(&stack, &n[0], "192.0.2.1")?));
    assert!(!over(&read(&stack, &n[1], "192.0.2.1")?));
    assert_eq!(sim.calls_to("aftership", CREATE), 2);
    let refused = read(&stack, &n[2], "192.0.2.1")?;
    assert!(over(&refused), "{refused:?}");
    assert_eq!(
        sim.calls_to("aftership", CREATE),
        2,
        "refused before any call"
    );
    // A number already seen costs no budget.
    assert!(!over(&read(&stack, &n[0], "192.0.2.1")?));
    // Client B: the deployment's third, then the deployment's budget is spent for everyone.
    assert!(!over(&read(&stack, &n[2], "192.0.2.2")?));
    assert_eq!(sim.calls_to("aftership", CREATE), 3);
    assert!(over(&read(&stack, &n[3], "192.0.2.3")?));

    // A UPS number with a wrong check digit is a typo: not found, no call at all.
    let calls = sim.calls("aftership");
    let mut typo = n[4].clone();
    let last = typo.pop().unwrap().to_digit(10).unwrap();
    typo.push(char::from_digit((last + 1) % 10, 10).unwrap());
    assert!(detect(&typo).is_empty(), "{typo} is not a valid number");
    let answer = read(&stack, &typo, "192.0.2.4")?;
    assert_eq!((answer.0, answer.1.as_deref()), (404, Some("not_found")));
    assert_eq!(sim.calls("aftership"), calls);

    // A merchant's own number is always tracked, budget or not.
    let mut created = http()
        .post(stack.url("/v1/admin/merchants"))
        .header("Authorization", &format!("Bearer {ADMIN}"))
        .send_json(json!({ "id": "quota-shop", "name": "Q" }))?;
    let merchant: Value = created.body_mut().read_json()?;
    let order = json!({ "order_number": "7", "email": "a@b.co",
        "trackings": [{ "number": n[3], "carrier": "ups" }] });
    let registered = http()
        .post(stack.url("/v1/shipments"))
        .header(
            "Authorization",
            &format!("Bearer {}", merchant["api_key"].as_str().unwrap()),
        )
        .send_json(order)?;
    assert_eq!(registered.status().as_u16(), 201);
    assert!(!over(&read(&stack, &n[3], "192.0.2.3")?));
    assert_eq!(sim.calls_to("aftership", CREATE), 4);
    Ok(())
}

#[test]
#[allow(clippy::result_large_err)] // tungstenite's error, as it comes
fn one_client_holds_at_most_its_share_of_a_shipments_live_channels() -> Result<()> {
    use tungstenite::client::IntoClientRequest;
    let stack = Stack::start()?;
    let open = |ip: &str| {
        let mut request = stack
            .ws_url("/v1/trackings/TL2000000002/live")
            .into_client_request()
            .unwrap();
        request
            .headers_mut()
            .insert("CF-Connecting-IP", ip.parse().unwrap());
        tungstenite::connect(request)
    };
    let mut sockets = Vec::new();
    for _ in 0..WATCHERS_PER_CLIENT {
        sockets.push(open("198.51.100.1")?.0);
    }
    match open("198.51.100.1") {
        Err(tungstenite::Error::Http(response)) => assert_eq!(response.status().as_u16(), 429),
        other => panic!("a channel past the client's share: {:?}", other.map(|_| ())),
    }
    // Another client still gets one.
    sockets.push(open("198.51.100.2")?.0);
    Ok(())
}
