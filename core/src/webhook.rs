//! Trackline's own signed push format, for merchants' systems (a warehouse, an ERP, a carrier
//! Trackline has no connector for) to push events the same way aggregators do.
//!
//! `POST /v1/webhooks/trackline` with header
//! `trackline-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>` and body
//!
//! ```json
//! {"number": "1Z999AA10123456784", "carrier": "ups",
//!  "events": [{"at": "2026-11-21T09:30:00+01:00", "status": "in_transit",
//!              "substatus": "arrived", "carrier_text": "Arrived at hub",
//!              "location": {"city": "Cologne", "country": "DE"}}]}
//! ```
//!
//! A signature older (or newer) than [`TOLERANCE_SECS`] is refused: a captured push cannot be
//! replayed later. Within the window, a repeated push merges to the same state.
//!
//! Two kinds of signer: the operator, with `TRACKLINE_WEBHOOK_SECRET`, may push to any
//! shipment; a merchant signs with its own secret ([`merchant_secret`], given when the merchant
//! is created) and names itself in `trackline-merchant: <id>`, and its pushes may touch only
//! shipments it registered.

use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;

use crate::carriers::{Push, PushError, Pushed};
use crate::model::{Carrier, Event, Location, Status, Substatus};
use crate::number;
use crate::tracking::CarrierReport;

/// The provider name in the URL.
pub const PROVIDER: &str = "trackline";
/// The secret's name (`wrangler secret put TRACKLINE_WEBHOOK_SECRET`).
pub const SECRET: &str = "TRACKLINE_WEBHOOK_SECRET";
/// The header in which a merchant names itself.
pub const MERCHANT_HEADER: &str = "trackline-merchant";

/// How far a signature's time may be from ours.
pub const TOLERANCE_SECS: i64 = 300;

#[derive(Deserialize)]
struct Body {
    number: String,
    carrier: Option<String>,
    carrier_name: Option<String>,
    events: Vec<PushedEvent>,
}

#[derive(Deserialize)]
struct PushedEvent {
    at: chrono::DateTime<chrono::FixedOffset>,
    status: Status,
    substatus: Option<Substatus>,
    carrier_text: String,
    location: Option<Location>,
}

/// Merchant `merchant_id`'s own push secret, derived from the operator's: HMAC-SHA256 of the id,
/// in hex. Nothing is stored, and one merchant's secret says nothing about another's or about
/// the operator's. Rotating the operator's secret rotates every merchant's.
pub fn merchant_secret(operator_secret: &str, merchant_id: &str) -> Option<String> {
    if operator_secret.is_empty() {
        return None;
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(operator_secret.as_bytes())
        .expect("HMAC takes keys of any length");
    mac.update(b"trackline merchant push secret\n");
    mac.update(merchant_id.as_bytes());
    Some(hex::encode(mac.finalize().into_bytes()))
}

/// The signature header value for `body` at Unix time `t` (what a sender computes).
pub fn sign(secret: &str, t: i64, body: &str) -> String {
    format!(
        "t={t},v1={}",
        hex::encode(mac(secret, t, body).finalize().into_bytes())
    )
}

fn mac(secret: &str, t: i64, body: &str) -> Hmac<Sha256> {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(format!("{t}.").as_bytes());
    mac.update(body.as_bytes());
    mac
}

/// Verifies the push's signature against `secret` at Unix time `now`, then parses it.
pub fn verify_and_parse(secret: &str, push: &Push, now: i64) -> Result<Vec<Pushed>, PushError> {
    if secret.is_empty() {
        // Without a configured secret nothing can be verified, so nothing is accepted.
        return Err(PushError::BadSignature);
    }
    let header = push
        .header("trackline-signature")
        .ok_or(PushError::BadSignature)?;
    let mut t = None;
    let mut v1 = None;
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) => t = value.parse::<i64>().ok(),
            Some(("v1", value)) => v1 = hex::decode(value).ok(),
            _ => {}
        }
    }
    let (t, v1) = t.zip(v1).ok_or(PushError::BadSignature)?;
    if (now - t).abs() > TOLERANCE_SECS {
        return Err(PushError::BadSignature);
    }
    mac(secret, t, &push.body)
        .verify_slice(&v1)
        .map_err(|_| PushError::BadSignature)?;
    let body: Body =
        serde_json::from_str(&push.body).map_err(|e| PushError::Malformed(e.to_string()))?;
    let number = number::clean(&body.number).map_err(|e| PushError::Malformed(e.to_string()))?;
    let code = body.carrier.clone().unwrap_or_else(|| PROVIDER.to_owned());
    let events = body
        .events
        .into_iter()
        .map(|e| Event {
            at: e.at,
            status: e.status,
            substatus: e.substatus,
            text: String::new(),
            carrier_text: e.carrier_text,
            location: e.location.map(Location::checked),
        })
        .collect();
    let report = CarrierReport {
        carrier: Carrier {
            name: body.carrier_name.unwrap_or_else(|| code.clone()),
            code,
            tracking_url: None,
        },
        events,
        origin: None,
        destination: None,
        eta: None,
    };
    Ok(vec![Pushed {
        stopped: false,
        number,
        carrier_hint: body.carrier,
        report,
    }])
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = r#"{"number": "tl2000000002", "carrier": "sandbox", "events": [
        {"at": "2026-11-21T09:30:00+01:00", "status": "out_for_delivery", "carrier_text": "On the van"}]}"#;

    fn push(signature: &str, body: &str) -> Push {
        Push {
            received_at: 0,
            headers: vec![("trackline-signature".into(), signature.into())],
            body: body.into(),
        }
    }

    #[test]
    fn a_signed_push_is_parsed() {
        let now = 1_795_000_000;
        let pushed =
            verify_and_parse("s3cret", &push(&sign("s3cret", now - 10, BODY), BODY), now).unwrap();
        assert_eq!(pushed.len(), 1);
        assert_eq!(pushed[0].number, "TL2000000002");
        assert_eq!(pushed[0].carrier_hint.as_deref(), Some("sandbox"));
        assert_eq!(pushed[0].report.events[0].status, Status::OutForDelivery);
        assert_eq!(
            pushed[0].report.events[0].at.to_rfc3339(),
            "2026-11-21T09:30:00+01:00"
        );
    }

    #[test]
    fn forged_replayed_and_unsigned_pushes_are_refused() {
        let now = 1_795_000_000;
        let cases = [
            push(&sign("other secret", now, BODY), BODY),
            push(
                &sign("s3cret", now, BODY),
                &BODY.replace("On the van", "Delivered"),
            ),
            push(&sign("s3cret", now - TOLERANCE_SECS - 1, BODY), BODY),
            push(&sign("s3cret", now + TOLERANCE_SECS + 1, BODY), BODY),
            push("t=1795000000", BODY),
            push("garbage", BODY),
            Push {
                received_at: 0,
                headers: Vec::new(),
                body: BODY.into(),
            },
        ];
        for (i, p) in cases.iter().enumerate() {
            assert_eq!(
                verify_and_parse("s3cret", p, now),
                Err(PushError::BadSignature),
                "case {i}"
            );
        }
        assert_eq!(
            verify_and_parse("", &push(&sign("", now, BODY), BODY), now),
            Err(PushError::BadSignature)
        );
    }

    /// Issue 13: one secret for everyone. A merchant's secret verifies only its own pushes and
    /// is neither the operator's nor another merchant's.
    #[test]
    fn merchant_secrets_are_their_own() {
        let now = 1_795_000_000;
        let a = merchant_secret("operator", "shop-a").unwrap();
        let b = merchant_secret("operator", "shop-b").unwrap();
        assert_ne!(a, b);
        assert_ne!(a, "operator");
        assert_eq!(Some(a.clone()), merchant_secret("operator", "shop-a"));
        assert_eq!(merchant_secret("", "shop-a"), None);
        let signed_by_a = push(&sign(&a, now, BODY), BODY);
        assert!(verify_and_parse(&a, &signed_by_a, now).is_ok());
        assert_eq!(
            verify_and_parse(&b, &signed_by_a, now),
            Err(PushError::BadSignature)
        );
        assert_eq!(
            verify_and_parse("operator", &signed_by_a, now),
            Err(PushError::BadSignature)
        );
    }

    /// Issue 13: a pushed `lon: 1e20` hung every read of the shipment; such places keep their
    /// name and lose their coordinates where they enter.
    #[test]
    fn coordinates_out_of_range_are_dropped_where_they_enter() {
        let now = 1_795_000_000;
        for (lat, lon, kept) in [
            ("41.9", "-87.6", true),
            ("10", "1e20", false),
            ("91", "0", false),
            ("0", "-180.5", false),
            ("-90", "180", true),
            ("null", "12", false),
        ] {
            let body = format!(
                r#"{{"number": "TL2000000002", "events": [{{"at": "2026-11-21T09:30:00+01:00",
                "status": "in_transit", "carrier_text": "x",
                "location": {{"city": "Chicago", "lat": {lat}, "lon": {lon}}}}}]}}"#
            );
            let pushed =
                verify_and_parse("s3cret", &push(&sign("s3cret", now, &body), &body), now).unwrap();
            let place = pushed[0].report.events[0].location.clone().unwrap();
            assert_eq!(place.city.as_deref(), Some("Chicago"));
            assert_eq!(
                place.lat.is_some() && place.lon.is_some(),
                kept,
                "{lat}, {lon}"
            );
            assert_eq!(place.lat.is_some(), place.lon.is_some());
        }
    }

    #[test]
    fn a_signed_but_malformed_body_is_refused() {
        let now = 1_795_000_000;
        let body = r#"{"number": "x"#;
        assert!(matches!(
            verify_and_parse("s3cret", &push(&sign("s3cret", now, body), body), now),
            Err(PushError::Malformed(_))
        ));
    }
}
