//! The merchant API and the buyer's order lookup through real workerd and local D1: a merchant
//! is created with the admin token, registers an order, and the buyer finds it with the order
//! number and email, with the same answer for a wrong email as for a missing order.

mod common;

use anyhow::Result;
use common::{http, post_json as post, Stack};
use serde_json::{json, Value};

const ADMIN: &str = "admin-test-token";

fn stack() -> Result<Stack> {
    Stack::start_with(vec![("TRACKLINE_ADMIN_TOKEN".into(), ADMIN.into())])
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
        // Issue 13: the same number twice was a 500.
        (
            json!({ "order_number": "1", "email": "a@b.co", "trackings": [{ "number": "TL1000000001" }, { "number": "tl1000000001" }] }),
            "is already trackings[0]",
        ),
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
    // Issue 13: `show_signer` was stored and never read; it is refused, saying where it lives.
    let (status, answer) = post(
        &stack,
        "/v1/admin/merchants",
        ADMIN,
        &json!({ "id": "signer-shop", "name": "X", "show_signer": true }),
    )?;
    assert_eq!(status, 400, "{answer}");
    assert!(
        answer.to_string().contains("TRACKLINE_SHOW_SIGNER"),
        "{answer}"
    );
    Ok(())
}

/// Issue 13: the email hashes were keyed only with a salt stored beside them. With the pepper
/// (a secret) rotated away, the same database finds nothing; with it back, the order is found.
#[test]
fn email_hashes_need_the_deployments_pepper() -> Result<()> {
    let vars = |pepper: &str| {
        vec![
            ("TRACKLINE_ADMIN_TOKEN".to_owned(), ADMIN.to_owned()),
            ("TRACKLINE_EMAIL_PEPPER".to_owned(), pepper.to_owned()),
        ]
    };
    let stack = Stack::start_with(vars("pepper-one"))?;
    let key = merchant(&stack, "fern-and-finch", "*")?;
    let order = json!({ "order_number": "1042", "email": "alex@example.com", "trackings": [{ "number": "TL1000000001" }] });
    assert_eq!(post(&stack, "/v1/shipments", &key, &order)?.0, 201);
    let found = |stack: &Stack| -> Result<u16> {
        Ok(lookup(stack, "fern-and-finch", "1042", "alex@example.com", None)?.0)
    };
    assert_eq!(found(&stack)?, 200);
    let stack = stack.restart_with(vars("another-pepper"))?;
    assert_eq!(
        found(&stack)?,
        404,
        "the salt alone does not find the email"
    );
    let stack = stack.restart_with(vars("pepper-one"))?;
    assert_eq!(found(&stack)?, 200);
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

/// Issue 13: one push secret for everyone. Each merchant gets its own, whose pushes may touch
/// only the shipments it registered; the operator's secret still reaches every shipment.
#[test]
fn a_merchants_push_secret_reaches_only_its_own_shipments() -> Result<()> {
    const OPERATOR: &str = "operator-push-secret";
    let stack = Stack::start_with(vec![
        ("TRACKLINE_ADMIN_TOKEN".into(), ADMIN.into()),
        ("TRACKLINE_WEBHOOK_SECRET".into(), OPERATOR.into()),
    ])?;
    let create = |id: &str| -> Result<(String, String)> {
        let (status, body) = post(
            &stack,
            "/v1/admin/merchants",
            ADMIN,
            &json!({ "id": id, "name": id }),
        )?;
        assert_eq!(status, 201, "{body}");
        Ok((
            body["api_key"].as_str().unwrap().to_owned(),
            body["push_secret"].as_str().unwrap().to_owned(),
        ))
    };
    let (key_a, secret_a) = create("shop-a")?;
    let (_, secret_b) = create("shop-b")?;
    assert_ne!(secret_a, secret_b);
    assert_ne!(secret_a, OPERATOR);
    let order = json!({ "order_number": "1", "email": "a@b.co", "trackings": [{ "number": "TL2000000002" }] });
    assert_eq!(post(&stack, "/v1/shipments", &key_a, &order)?.0, 201);

    let push = |number: &str, merchant: Option<&str>, secret: &str| -> Result<(u16, Value)> {
        let at = chrono::Utc::now().to_rfc3339();
        let body = json!({ "number": number, "carrier": "sandbox",
            "events": [{ "at": at, "status": "in_transit", "carrier_text": format!("pushed by {merchant:?}") }] })
        .to_string();
        let t = chrono::Utc::now().timestamp();
        let mut request = http()
            .post(stack.url("/v1/webhooks/trackline"))
            .header(
                "trackline-signature",
                &trackline_core::webhook::sign(secret, t, &body),
            )
            .header("content-type", "application/json");
        if let Some(m) = merchant {
            request = request.header("trackline-merchant", m);
        }
        let mut r = request.send(body.as_bytes())?;
        Ok((r.status().as_u16(), r.body_mut().read_json()?))
    };
    assert_eq!(push("TL2000000002", Some("shop-a"), &secret_a)?.0, 200);
    let (status, answer) = push("TL3000000003", Some("shop-a"), &secret_a)?;
    assert_eq!(
        (status, answer["error"]["code"].as_str()),
        (403, Some("forbidden")),
        "{answer}"
    );
    assert_eq!(push("TL2000000002", Some("shop-b"), &secret_b)?.0, 403);
    assert_eq!(
        push("TL2000000002", Some("shop-b"), &secret_a)?.0,
        401,
        "a's secret is not b's"
    );
    assert_eq!(
        push("TL2000000002", None, &secret_a)?.0,
        401,
        "nor the operator's"
    );
    assert_eq!(push("TL3000000003", None, OPERATOR)?.0, 200);
    Ok(())
}

/// Every byte the edge persisted (D1, Durable Objects, cache), to search for what must not be
/// there.
fn persisted(stack: &Stack) -> Result<Vec<u8>> {
    fn walk(dir: &std::path::Path, out: &mut Vec<u8>) -> Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                walk(&path, out)?;
            } else {
                out.extend(std::fs::read(&path)?);
            }
        }
        Ok(())
    }
    let mut all = Vec::new();
    walk(&stack.state_dir(), &mut all)?;
    Ok(all)
}

#[test]
fn a_buyers_contacts_are_kept_only_sealed_and_never_shown() -> Result<()> {
    let stack = Stack::start_with(vec![
        ("TRACKLINE_ADMIN_TOKEN".into(), ADMIN.into()),
        ("TRACKLINE_CONTACTS_KEY".into(), "contacts-test-key".into()),
    ])?;
    let key = merchant(&stack, "sealed-shop", "https://shop.example")?;
    let order = json!({
        "order_number": "#5001",
        "email": "ana.souza@example.com",
        "phone": "+55 11 98765-4321",
        "name": "Ana Souza",
        "language": "pt-BR",
        "trackings": [{ "number": "TL1000000001", "carrier": "sandbox" }],
    });
    let (status, body) = post(&stack, "/v1/shipments", &key, &order)?;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["contacts"], "sealed");
    let shown = body.to_string();
    assert!(!shown.contains("ana.souza") && !shown.contains("98765") && !shown.contains("Souza"));
    // The buyer's lookup shows the parcels, never the contacts.
    let (status, found, _) = lookup(&stack, "sealed-shop", "5001", "ana.souza@example.com", None)?;
    assert_eq!(status, 200, "{found}");
    let shown = found.to_string();
    assert!(!shown.contains("98765") && !shown.contains("Souza") && !shown.contains("ana.souza"));
    // Nothing the edge keeps holds them in the clear.
    let stored = persisted(&stack)?;
    for secret in ["ana.souza@example.com", "+5511987654321", "Ana Souza"] {
        assert!(
            !stored.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "{secret} is stored in the clear"
        );
    }
    assert!(
        stored.windows(3).any(|w| w == b"v1."),
        "a sealed copy is kept"
    );
    // A bad phone is named and changes nothing.
    let bad = json!({ "order_number": "5002", "email": "b@example.com", "phone": "555-0199",
        "trackings": [{ "number": "TL1000000001" }] });
    let (status, body) = post(&stack, "/v1/shipments", &key, &bad)?;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("phone"),
        "{body}"
    );
    let (status, _, _) = lookup(&stack, "sealed-shop", "5002", "b@example.com", None)?;
    assert_eq!(status, 404, "nothing half-registered");

    // The unsubscribe link: a page with one button in the buyer's language, then done.
    let token =
        trackline_core::contacts::unsubscribe_token("contacts-test-key", "sealed-shop", "5001")
            .unwrap();
    let url = stack.url(&format!("/v1/notifications/unsubscribe?t={token}"));
    let page = |r: &mut ureq::http::Response<ureq::Body>| -> Result<String> {
        Ok(r.body_mut().read_to_string()?)
    };
    let mut before = http().get(&url).header("Accept-Language", "pt-BR").call()?;
    assert_eq!(before.status().as_u16(), 200);
    let before = page(&mut before)?;
    assert!(
        before.contains("method=\"post\"") && before.contains("lang=\"pt-BR\""),
        "{before}"
    );
    // One click (RFC 8058): a POST with List-Unsubscribe=One-Click.
    let mut done = http()
        .post(&url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .send("List-Unsubscribe=One-Click")?;
    assert_eq!(done.status().as_u16(), 200);
    assert!(page(&mut done)?.contains("You will get no more updates"));
    let mut after = http().get(&url).header("Accept-Language", "de").call()?;
    let after = page(&mut after)?;
    assert!(
        after.contains("keine Benachrichtigungen mehr") && !after.contains("<form"),
        "{after}"
    );
    // A made-up or altered link unsubscribes nobody.
    for bad in ["nope", &format!("{token}0"), &token.replace('.', "x")] {
        let r = http()
            .post(stack.url(&format!("/v1/notifications/unsubscribe?t={bad}")))
            .send("List-Unsubscribe=One-Click")?;
        assert_eq!(r.status().as_u16(), 400, "{bad}");
    }
    Ok(())
}

#[test]
fn without_a_contacts_key_orders_register_and_say_contacts_are_not_stored() -> Result<()> {
    let stack = stack()?;
    let key = merchant(&stack, "no-key-shop", "https://shop.example")?;
    let order = json!({ "order_number": "6001", "email": "c@example.com", "phone": "+14155550123",
        "trackings": [{ "number": "TL1000000001" }] });
    let (status, body) = post(&stack, "/v1/shipments", &key, &order)?;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["contacts"], "not_stored");
    let stored = persisted(&stack)?;
    assert!(!stored.windows(12).any(|w| w == b"+14155550123"));
    Ok(())
}
