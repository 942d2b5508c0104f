//! Aggregators' pushes through real workerd: each provider's body, signed the way that provider
//! signs (AfterShip HMAC-SHA256 in base64, 17TRACK SHA-256 of body and key, Kuaidi100 MD5 of
//! param and salt), is verified, merged into its shipment and readable at once; a forged one
//! changes nothing.

mod common;

use anyhow::Result;
use base64::Engine;
use common::{http, Stack};
use hmac::{Hmac, Mac};
use md5::Md5;
use serde_json::Value;
use sha2::{Digest, Sha256};
use trackline_core::carriers::{self, Push, Settings};

fn fixture(path: &str) -> String {
    std::fs::read_to_string(
        trackline_e2e::project_root()
            .join("core/src/carriers")
            .join(path),
    )
    .unwrap()
}

const SECRETS: [(&str, &str); 5] = [
    ("AFTERSHIP_WEBHOOK_SECRET", "as-webhook-secret"),
    ("SEVENTEEN_TRACK_KEY", "17-key"),
    ("KUAIDI100_SALT", "k100-salt"),
    ("KUAIDI100_KEY", "k100-key"),
    ("KUAIDI100_CUSTOMER", "k100-customer"),
];

fn settings() -> Settings {
    let mut s = Settings::default();
    for (k, v) in SECRETS {
        s.secrets.insert(k.into(), v.into());
    }
    s
}

/// What core says this push carries: (number, carrier, number of distinct events).
fn expected(provider: &str, headers: &[(&str, String)], body: &str) -> (String, String, usize) {
    let push = Push {
        received_at: 0,
        headers: headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
        body: body.into(),
    };
    let pushed = carriers::connector(provider)
        .unwrap()
        .push(&push, &settings())
        .expect("a valid push");
    let report = pushed[0].report.clone();
    let mut merged = trackline_core::tracking::CarrierReport {
        events: Vec::new(),
        ..report.clone()
    };
    trackline_core::tracking::merge(&mut merged, report);
    (
        pushed[0].number.clone(),
        pushed[0].carrier_hint.clone().unwrap(),
        merged.events.len(),
    )
}

fn post(
    stack: &Stack,
    provider: &str,
    headers: &[(&str, String)],
    content_type: &str,
    body: &str,
) -> Result<(u16, Value)> {
    let mut request = http()
        .post(stack.url(&format!("/v1/webhooks/{provider}")))
        .header("Content-Type", content_type);
    for (k, v) in headers {
        request = request.header(*k, v);
    }
    let mut response = request.send(body.as_bytes())?;
    Ok((response.status().as_u16(), response.body_mut().read_json()?))
}

fn events_of(stack: &Stack, number: &str, carrier: &str) -> Result<(u16, usize)> {
    let mut r = http()
        .get(stack.url(&format!("/v1/trackings/{number}?carrier={carrier}")))
        .call()?;
    let status = r.status().as_u16();
    let body: Value = r.body_mut().read_json()?;
    Ok((status, body["events"].as_array().map_or(0, Vec::len)))
}

#[test]
fn aggregator_pushes_are_verified_merged_and_readable() -> Result<()> {
    let stack = Stack::start_with(
        SECRETS
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )?;

    // AfterShip: aftership-hmac-sha256 = base64(HMAC-SHA256(body, webhook secret)).
    let body = fixture("aftership/fixtures/push_update.json");
    let sign = |secret: &str| {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(body.as_bytes());
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    };
    let forged = [("aftership-hmac-sha256", sign("not the secret"))];
    assert_eq!(
        post(&stack, "aftership", &forged, "application/json", &body)?.0,
        401
    );
    let signed = [("aftership-hmac-sha256", sign("as-webhook-secret"))];
    let (number, carrier, events) = expected("aftership", &signed, &body);
    assert_eq!(
        events_of(&stack, &number, &carrier)?.1,
        0,
        "nothing before the push"
    );
    let (status, answer) = post(&stack, "aftership", &signed, "application/json", &body)?;
    assert_eq!(
        (status, answer["accepted"].as_u64()),
        (200, Some(1)),
        "{answer}"
    );
    assert_eq!(events_of(&stack, &number, &carrier)?, (200, events));
    let (_, again) = post(&stack, "aftership", &signed, "application/json", &body)?;
    assert_eq!(again["new_events"], 0, "the same push twice adds nothing");

    // 17TRACK: sign = hex(SHA-256(body + "/" + key)).
    let body = fixture("seventeen_track/fixtures/push_updated.json");
    let signed = [(
        "sign",
        hex::encode(Sha256::digest(format!("{body}/17-key").as_bytes())),
    )];
    let (number, carrier, events) = expected("17track", &signed, &body);
    let (status, answer) = post(&stack, "17track", &signed, "application/json", &body)?;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(events_of(&stack, &number, &carrier)?, (200, events));

    // Kuaidi100: form body param=<json>&sign=MD5(param + salt), answered in its own shape.
    let param = fixture("kuaidi100/fixtures/push_param.json");
    let sign = hex::encode_upper(Md5::digest(format!("{param}k100-salt").as_bytes()));
    let form: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("param", &param)
        .append_pair("sign", &sign)
        .finish();
    let (number, carrier, events) = expected("kuaidi100", &[], &form);
    let (status, answer) = post(
        &stack,
        "kuaidi100",
        &[],
        "application/x-www-form-urlencoded",
        &form,
    )?;
    assert_eq!(
        (
            status,
            answer["result"].as_bool(),
            answer["returnCode"].as_str()
        ),
        (200, Some(true), Some("200")),
        "{answer}"
    );
    assert_eq!(events_of(&stack, &number, &carrier)?, (200, events));
    let tampered = form.replace("sign=", "sign=0");
    assert_eq!(
        post(
            &stack,
            "kuaidi100",
            &[],
            "application/x-www-form-urlencoded",
            &tampered
        )?
        .0,
        401
    );
    Ok(())
}
