//! Every connector against hostile answers and pushes: each fixture of each carrier, cut short,
//! spliced with junk, or with any one of its values replaced by something no carrier should
//! send (huge numbers, markup, 10 KB strings, multi-byte text, nulls, the wrong JSON type), fed
//! to every phase with every kind of status, and as a correctly signed push. Nothing may panic,
//! and every report that comes out holds only checked coordinates and web links.
//!
//! `PROPTEST_CASES` sets how many cases each property runs (`cargo xtask fuzz` runs many).

use std::path::PathBuf;

use base64::Engine;
use hmac::{Hmac, Mac};
use md5::Md5;
use proptest::prelude::*;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::aggregated::{hex_lower, hex_upper};
use super::{HttpResponse, Lookup, Outcome, Phase, Push, Settings, CONNECTORS};
use crate::model::checked_coordinates;
use crate::tracking::CarrierReport;

/// Every secret of every connector has this value in these tests.
const SECRET: &str = "hostile-secret";

/// (connector code, fixture name, fixture text) for every fixture on disk.
fn fixtures() -> Vec<(&'static str, String, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/carriers");
    let mut all = Vec::new();
    for connector in CONNECTORS {
        let code = connector.info().code;
        if matches!(connector.info().kind, super::Kind::Simulated { .. }) {
            continue; // no wire format: it answers without the network
        }
        // The folder is the code, spelled as a Rust module may be.
        let folder = code.replace("17track", "seventeen_track");
        let dir = std::fs::read_dir(root.join(folder).join("fixtures"))
            .unwrap_or_else(|e| panic!("{code} has no fixtures: {e}"));
        for entry in dir.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(entry.path()).unwrap();
            all.push((code, name, text));
        }
    }
    all.sort();
    all
}

fn settings(code: &str) -> Settings {
    let connector = super::connector(code).unwrap();
    let mut s = Settings {
        base_url: "http://127.0.0.1:9/hostile".into(),
        ..Default::default()
    };
    for secret in connector.info().secrets {
        s.secrets.insert(secret.name.into(), SECRET.into());
    }
    s
}

/// `body` as the provider `code` signs a push with [`SECRET`], for those that push.
fn signed_push(code: &str, body: &str) -> Option<Push> {
    let push = |headers: Vec<(&str, String)>, body: String| Push {
        received_at: 0,
        headers: headers
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
        body,
    };
    match code {
        "aftership" => {
            let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
            mac.update(body.as_bytes());
            let sign =
                base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
            Some(push(vec![("aftership-hmac-sha256", sign)], body.into()))
        }
        "17track" => {
            let sign = hex_lower(&Sha256::digest(format!("{body}/{SECRET}")));
            Some(push(vec![("sign", sign)], body.into()))
        }
        "kuaidi100" => {
            let sign = hex_upper(&Md5::digest(format!("{body}{SECRET}")));
            let form = form_urlencoded::Serializer::new(String::new())
                .append_pair("param", body)
                .append_pair("sign", &sign)
                .finish();
            Some(push(
                vec![(
                    "content-type",
                    "application/x-www-form-urlencoded".to_owned(),
                )],
                form,
            ))
        }
        "ups" => {
            // A Track Alert event with a token Trackline issued, unexpired when it arrives.
            let token = super::ups::alert::token_for_tests(SECRET, RECEIVED_AT + 600);
            let mut p = push(
                vec![
                    ("authorization", format!("Bearer {token}")),
                    ("x-api-key", SECRET.to_owned()),
                ],
                body.into(),
            );
            p.received_at = RECEIVED_AT;
            Some(p)
        }
        _ => None,
    }
}

/// When the pushes in these tests arrive.
const RECEIVED_AT: i64 = 1_795_165_200;

/// What no carrier should send in place of a value.
fn hostile_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        Just(serde_json::json!(1e308)),
        Just(serde_json::json!(-1)),
        Just(serde_json::json!(u64::MAX)),
        Just(serde_json::json!(1e20)),
        Just(serde_json::json!("")),
        Just(serde_json::json!("<script>alert(1)</script>")),
        Just(serde_json::json!("javascript:alert(1)")),
        Just(serde_json::json!("İ signed by:ΩMEGA")),
        Just(serde_json::json!("+1é1")),
        Just(serde_json::json!("x".repeat(10_000))),
        Just(serde_json::json!([])),
        Just(serde_json::json!({})),
        Just(serde_json::json!(true)),
        "\\PC{0,30}".prop_map(Value::String),
        any::<f64>().prop_map(|f| serde_json::json!(f)),
    ]
}

/// Replaces the `n`-th leaf (counting modulo the number of leaves) of `value` with `with`.
fn replace_leaf(value: &mut Value, n: usize, with: Value) {
    fn leaves(v: &Value) -> usize {
        match v {
            Value::Array(a) => a.iter().map(leaves).sum(),
            Value::Object(o) => o.values().map(leaves).sum(),
            _ => 1,
        }
    }
    fn walk(v: &mut Value, n: &mut usize, with: &mut Option<Value>) {
        match v {
            Value::Array(a) => a.iter_mut().for_each(|c| walk(c, n, with)),
            Value::Object(o) => o.values_mut().for_each(|c| walk(c, n, with)),
            leaf => {
                if *n == 0 {
                    if let Some(w) = with.take() {
                        *leaf = w;
                    }
                }
                *n = n.wrapping_sub(1);
            }
        }
    }
    let count = leaves(value).max(1);
    walk(value, &mut (n % count), &mut Some(with));
}

/// The largest index `<= at` that is a character boundary of `s`.
fn boundary(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// A mutation of a fixture's text.
#[derive(Debug, Clone)]
enum Mutation {
    /// Cut off after this many bytes.
    Truncate(usize),
    /// This text inserted at this byte.
    Splice(usize, String),
    /// One leaf of the JSON replaced.
    Leaf(usize, Value),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), "\\PC{0,20}").prop_map(|(at, s)| Mutation::Splice(at, s)),
        (any::<usize>(), hostile_value()).prop_map(|(n, v)| Mutation::Leaf(n, v)),
        (any::<usize>(), hostile_value()).prop_map(|(n, v)| Mutation::Leaf(n, v)),
    ]
}

fn apply(text: &str, m: &Mutation) -> String {
    match m {
        Mutation::Truncate(at) => text[..boundary(text, at % (text.len() + 1))].to_owned(),
        Mutation::Splice(at, junk) => {
            let at = boundary(text, at % (text.len() + 1));
            format!("{}{junk}{}", &text[..at], &text[at..])
        }
        Mutation::Leaf(n, with) => match serde_json::from_str::<Value>(text) {
            Ok(mut v) => {
                replace_leaf(&mut v, *n, with.clone());
                v.to_string()
            }
            Err(_) => text.to_owned(),
        },
    }
}

/// What must hold of any report a connector makes, whatever it was fed.
fn check(report: &CarrierReport) -> Result<(), TestCaseError> {
    let places = report
        .origin
        .iter()
        .chain(report.destination.iter())
        .chain(report.events.iter().filter_map(|e| e.location.as_ref()));
    for place in places {
        prop_assert_eq!(
            checked_coordinates(place.lat, place.lon),
            (place.lat, place.lon),
            "unchecked coordinates in {:?}",
            place
        );
    }
    Ok(())
}

proptest! {
    #[test]
    fn no_answer_makes_a_connector_panic(
        which in any::<usize>(),
        m in mutation(),
        status in prop::sample::select(vec![200u16, 201, 400, 401, 403, 404, 429, 500, 503]),
        phase in prop::sample::select(vec![Phase::Token, Phase::Register, Phase::Track]),
    ) {
        let all = fixtures();
        let (code, _, text) = &all[which % all.len()];
        let connector = super::connector(code).unwrap();
        let settings = settings(code);
        let lookup = Lookup {
            number: "1Z999AA10123456784",
            carrier_hint: Some("ups"),
            settings: &settings,
            token: None,
            now: 1_795_000_000,
        };
        let response = HttpResponse {
            status,
            headers: vec![("retry-after".into(), "99999999999999999999".into())],
            body: apply(text, &m),
        };
        if let Outcome::Report(report) = connector.handle(phase, &lookup, &response) {
            check(&report)?;
        }
    }

    #[test]
    fn no_signed_push_makes_a_provider_panic(which in any::<usize>(), m in mutation()) {
        let all = fixtures();
        let (code, _, text) = &all[which % all.len()];
        let connector = super::connector(code).unwrap();
        let body = apply(text, &m);
        if let Some(push) = signed_push(code, &body) {
            if let Ok(pushed) = connector.push(&push, &settings(code)) {
                for p in &pushed {
                    check(&p.report)?;
                }
            }
        }
        // Unsigned and forged: refused before reading, never a panic.
        let forged = Push { received_at: 0, headers: vec![("sign".into(), "00".into())], body };
        let _ = connector.push(&forged, &settings(code));
    }
}

#[test]
fn every_pushing_provider_accepts_its_own_signed_fixture() {
    // The property above only means something if signed pushes really are read.
    let mut read = Vec::new();
    for (code, name, text) in fixtures() {
        if let Some(push) = signed_push(code, &text) {
            if super::connector(code)
                .unwrap()
                .push(&push, &settings(code))
                .is_ok_and(|p| !p.is_empty())
            {
                read.push(format!("{code}/{name}"));
            }
        }
    }
    for code in ["aftership", "17track", "kuaidi100", "ups"] {
        assert!(
            read.iter().any(|r| r.starts_with(code)),
            "{code}: no signed fixture was read ({read:?})"
        );
    }
}

#[test]
fn json_nested_ten_thousand_deep_is_refused_not_a_stack_overflow() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    for (code, ..) in fixtures() {
        let connector = super::connector(code).unwrap();
        let settings = settings(code);
        let lookup = Lookup {
            number: "1Z999AA10123456784",
            carrier_hint: None,
            settings: &settings,
            token: None,
            now: 0,
        };
        let response = HttpResponse {
            status: 200,
            headers: Vec::new(),
            body: deep.clone(),
        };
        assert!(!matches!(
            connector.handle(Phase::Track, &lookup, &response),
            Outcome::Report(_)
        ));
        if let Some(push) = signed_push(code, &deep) {
            assert!(connector.push(&push, &settings).is_err());
        }
    }
}
