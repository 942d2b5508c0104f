//! The merchant API and the buyer's order lookup through real workerd and local D1: a merchant
//! is created with the admin token, registers an order, and the buyer finds it with the order
//! number and email, with the same answer for a wrong email as for a missing order.

mod common;

use anyhow::Result;
use common::{http, Stack};
use serde_json::{json, Value};

const ADMIN: &str = "admin-test-token";

fn stack() -> Result<Stack> {
    Stack::start_with(vec![("TRACKLINE_ADMIN_TOKEN".into(), ADMIN.into())])
}

fn post(stack: &Stack, path: &str, token: &str, body: &Value) -> Result<(u16, Value)> {
    let mut r = http()
        .post(stack.url(path))
        .header("Authorization", &format!("Bearer {token}"))
        .header("Content-Type", "application/json")
        .send(body.to_string().as_bytes())?;
    Ok((r.status().as_u16(), r.body_mut().read_json()?))
}

fn lookup(
    stack: &Stack,
    merchant: &str,
    order: &str,
    email: &str,
    origin: Option<&str>,
) -> Result<(u16, Value, Option<String>)> {
    let query = format!(
        "/v1/orders/lookup?merchant={merchant}&order={}&email={}",
        form_encode(order),
        form_encode(email)
    );
    let mut request = http().get(stack.url(&query));
    if let Some(origin) = origin {
        request = request.header("Origin", origin);
    }
    let mut r = request.call()?;
    let acao = r
        .headers()
        .get("access-control-allow-origin")
        .map(|v| v.to_str().unwrap().to_owned());
    Ok((r.status().as_u16(), r.body_mut().read_json()?, acao))
}

fn form_encode(s: &str) -> String {
    s.replace('%', "%25")
        .replace('#', "%23")
        .replace('@', "%40")
        .replace(' ', "%20")
        .replace('+', "%2B")
}

/// Creates merchant `id` allowed on `origin` and answers its API key.
fn merchant(stack: &Stack, id: &str, origin: &str) -> Result<String> {
    let (status, body) = post(
        stack,
        "/v1/admin/merchants",
        ADMIN,
        &json!({ "id": id, "name": "Fern & Finch", "allowed_origins": [origin] }),
    )?;
    assert_eq!(status, 201, "{body}");
    Ok(body["api_key"].as_str().unwrap().to_owned())
}

#[test]
fn a_buyer_finds_their_order_with_number_and_email_only() -> Result<()> {
    let stack = stack()?;
    let key = merchant(&stack, "fern-and-finch", "https://fernandfinch.example")?;
    let order = json!({ "order_number": "#1042", "email": "Alex@Example.com",
        "trackings": [{ "number": "tl1000000001" }, { "number": "1Z999AA10123456784", "carrier": "ups" }] });
    let (status, registered) = post(&stack, "/v1/shipments", &key, &order)?;
    assert_eq!(status, 201, "{registered}");
    assert_eq!(
        registered["trackings"][0],
        json!({ "number": "TL1000000001", "carrier": "sandbox" })
    );

    let (status, found, acao) = lookup(
        &stack,
        "fern-and-finch",
        "1042",
        " alex@example.COM ",
        Some("https://fernandfinch.example"),
    )?;
    assert_eq!(status, 200, "{found}");
    let numbers: Vec<&str> = found["trackings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["number"].as_str().unwrap())
        .collect();
    assert_eq!(
        numbers,
        ["TL1000000001", "1Z999AA10123456784"],
        "in the order registered"
    );
    assert_eq!(
        acao.as_deref(),
        Some("https://fernandfinch.example"),
        "the merchant's own site may read it"
    );

    // A wrong email, a missing order and an unknown merchant: the same answer, so nobody can
    // tell which orders exist.
    let wrong_email = lookup(
        &stack,
        "fern-and-finch",
        "1042",
        "someone@else.example",
        None,
    )?;
    let missing_order = lookup(&stack, "fern-and-finch", "9999", "alex@example.com", None)?;
    let no_merchant = lookup(&stack, "nobody-here", "1042", "alex@example.com", None)?;
    assert_eq!(wrong_email.0, 404);
    assert_eq!(
        (wrong_email.0, &wrong_email.1),
        (missing_order.0, &missing_order.1)
    );
    assert_eq!(
        (wrong_email.0, &wrong_email.1),
        (no_merchant.0, &no_merchant.1)
    );
    assert_eq!(wrong_email.1["error"]["code"], "order_not_found");

    // Another site cannot read lookups from a browser.
    let (_, _, acao) = lookup(
        &stack,
        "fern-and-finch",
        "1042",
        "alex@example.com",
        Some("https://evil.example"),
    )?;
    assert_eq!(acao, None);
    Ok(())
}

#[test]
fn the_merchant_api_refuses_bad_keys_and_bad_input_clearly() -> Result<()> {
    let stack = stack()?;
    let key = merchant(&stack, "fern-and-finch", "*")?;
    let order = json!({ "order_number": "1042", "email": "alex@example.com", "trackings": [{ "number": "TL1000000001" }] });
    assert_eq!(post(&stack, "/v1/shipments", "tl_wrong", &order)?.0, 401);
    assert_eq!(
        post(
            &stack,
            "/v1/admin/merchants",
            "not-the-admin",
            &json!({ "id": "x-y-z", "name": "X" })
        )?
        .0,
        401
    );
    assert_eq!(
        post(
            &stack,
            "/v1/admin/merchants",
            ADMIN,
            &json!({ "id": "fern-and-finch", "name": "X" })
        )?
        .0,
        409
    );
    let cases = [
        (
            json!({ "order_number": "1042", "email": "nope", "trackings": [{ "number": "TL1000000001" }] }),
            "email",
        ),
        (
            json!({ "order_number": "", "email": "a@b.co", "trackings": [{ "number": "TL1000000001" }] }),
            "order_number",
        ),
        (
            json!({ "order_number": "1", "email": "a@b.co", "trackings": [] }),
            "1 to 20",
        ),
        (
            json!({ "order_number": "1", "email": "a@b.co", "trackings": [{ "number": "TL1000000001", "carrier": "nope" }] }),
            "unknown carrier",
        ),
        (json!({ "order_number": "1" }), "not what this route takes"),
    ];
    for (body, expected) in cases {
        let (status, answer) = post(&stack, "/v1/shipments", &key, &body)?;
        assert_eq!(status, 400, "{body} -> {answer}");
        assert!(
            answer["error"]["message"]
                .as_str()
                .unwrap()
                .contains(expected),
            "{answer} should mention {expected}"
        );
    }
    let huge = json!({ "order_number": "1", "email": "a@b.co", "trackings": [{ "number": "x".repeat(70_000) }] });
    assert_eq!(post(&stack, "/v1/shipments", &key, &huge)?.0, 413);
    Ok(())
}

#[test]
fn order_lookups_are_rate_limited_per_client() -> Result<()> {
    let stack = stack()?;
    merchant(&stack, "fern-and-finch", "*")?;
    let statuses: Vec<u16> = (0..12)
        .map(|i| {
            lookup(
                &stack,
                "fern-and-finch",
                &format!("{i}"),
                "guess@example.com",
                None,
            )
            .map(|r| r.0)
        })
        .collect::<Result<_>>()?;
    assert!(statuses[..10].iter().all(|s| *s == 404), "{statuses:?}");
    assert_eq!(statuses[11], 429, "{statuses:?}");
    let r = http()
        .get(stack.url("/v1/orders/lookup?merchant=fern-and-finch&order=1&email=a%40b.co"))
        .call()?;
    assert_eq!(
        r.headers().get("retry-after").map(|v| v.to_str().unwrap()),
        Some("60")
    );
    Ok(())
}
