//! The public tracking API through real workerd: normalised JSON from the sandbox carrier, and
//! clear JSON errors for bad input.

mod common;

use anyhow::Result;
use common::{expected_now, http, Stack};
use serde_json::Value;

#[test]
fn tracking_api_returns_the_sandbox_journey_normalised() -> Result<()> {
    let stack = Stack::start()?;
    let before = expected_now("TL2000000002");
    let mut response = http().get(stack.url("/v1/trackings/tl2000000002")).call()?;
    let after = expected_now("TL2000000002");
    assert_eq!(response.status(), 200);
    assert_eq!(
        response
            .headers()
            .get("access-control-allow-origin")
            .unwrap(),
        "*"
    );
    let body: Value = response.body_mut().read_json()?;
    assert_eq!(
        body["number"], "TL2000000002",
        "the number comes back cleaned"
    );
    assert_eq!(body["carrier"]["code"], "sandbox");
    assert_eq!(body["status"], "in_transit");
    let events = &body["events"];
    let matches =
        |t: &trackline_core::model::Tracking| *events == serde_json::to_value(&t.events).unwrap();
    assert!(
        matches(&before) || matches(&after),
        "events differ from core's: {events}"
    );
    assert_eq!(
        body["progress"]["steps"][3]["milestone"], "customs",
        "cross-border shows customs"
    );
    Ok(())
}

#[test]
fn bad_input_gets_a_clear_json_error() -> Result<()> {
    let stack = Stack::start()?;
    let cases = [
        ("/v1/trackings/TL1000%3Cscript%3E", 400, "bad_number"),
        ("/v1/trackings/AB", 400, "bad_number"),
        (
            "/v1/trackings/TL1000000001?carrier=nope",
            400,
            "unknown_carrier",
        ),
        ("/v1/trackings/TL0000000000", 404, "not_found"),
        ("/v1/nothing-here", 404, "no_such_route"),
    ];
    for (path, status, code) in cases {
        let mut response = http().get(stack.url(path)).call()?;
        assert_eq!(response.status(), status, "{path}");
        let body: Value = response.body_mut().read_json()?;
        assert_eq!(body["error"]["code"], code, "{path}: {body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .is_some_and(|m| m.len() > 10),
            "{path}: {body}"
        );
    }
    Ok(())
}

#[test]
fn health_check_and_demo_page_are_served() -> Result<()> {
    let stack = Stack::start()?;
    assert_eq!(http().get(stack.url("/healthz")).call()?.status(), 200);
    let page = http()
        .get(stack.url("/"))
        .call()?
        .body_mut()
        .read_to_string()?;
    assert!(
        page.contains(r#"<script async src="/widget.js"></script>"#),
        "{page}"
    );
    assert!(page.contains("<trackline-widget"), "{page}");
    let widget = http().get(stack.url("/widget.js")).call()?;
    assert_eq!(
        widget.headers().get("access-control-allow-origin").unwrap(),
        "*"
    );
    Ok(())
}
