//! The public tracking API through real workerd: normalised JSON from the sandbox carrier, and
//! clear JSON errors for bad input.

mod common;

use anyhow::Result;
use common::{expected_now, http, Stack};
use serde_json::Value;
use trackline_core::model::{Status, Substatus};
use trackline_core::texts::{text, ui_text, Key, Lang, Ui};

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
            "/v1/trackings/TL1000000001?carrier=Nope!",
            400,
            "unknown_carrier",
        ),
        // A well-formed carrier nothing serves and nothing was pushed for.
        (
            "/v1/trackings/TL1000000001?carrier=nope",
            422,
            "no_connector",
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

#[test]
fn tracking_api_speaks_the_buyers_language() -> Result<()> {
    let stack = Stack::start()?;
    let cases = [
        ("?lang=de", None, Lang::De),
        ("", Some("zh-HK, en;q=0.5"), Lang::ZhHant),
        ("?lang=xx-unknown", Some("ar-EG"), Lang::Ar),
        ("?lang=ja", Some("fr"), Lang::Ja),
        ("", Some("sv-SE"), Lang::En),
        // The widget passes the buyer's whole preference list.
        (
            "?lang=sv-SE%2Cfr-CH%3Bq%3D0.9%2Cde%3Bq%3D0.8",
            Some("ja"),
            Lang::Fr,
        ),
        ("?lang=sv-SE%2Cnl", Some("ko-KR"), Lang::Ko),
    ];
    for (query, accept, lang) in cases {
        let mut request = http().get(stack.url(&format!("/v1/trackings/TL1000000001{query}")));
        if let Some(accept) = accept {
            request = request.header("Accept-Language", accept);
        }
        let mut response = request.call()?;
        assert_eq!(
            response.headers().get("content-language").unwrap(),
            lang.tag(),
            "{query} {accept:?}"
        );
        let body: Value = response.body_mut().read_json()?;
        assert_eq!(
            body["status_text"],
            text(lang, Key::Status(Status::Delivered)).label,
            "{lang:?}"
        );
        let newest = text(lang, Key::Substatus(Substatus::DeliveredSafePlace)).label;
        assert_eq!(body["events"][0]["text"], newest, "{lang:?}");
        assert_eq!(
            body["events"][0]["carrier_text"], "Delivered, left at front door",
            "the carrier's own words stay"
        );
    }
    Ok(())
}

#[test]
fn widget_language_packs_hold_every_widget_message() -> Result<()> {
    let stack = Stack::start()?;
    for lang in Lang::ALL {
        let url = format!("/v1/widget/texts?lang=nl-NL%2C{}%3Bq%3D0.7", lang.tag());
        let mut response = http().get(stack.url(&url)).call()?;
        assert_eq!(response.status(), 200);
        let cache = response.headers().get("cache-control").unwrap().to_str()?;
        assert!(cache.starts_with("public, max-age="), "{cache}");
        let body: Value = response.body_mut().read_json()?;
        assert_eq!(body["lang"], lang.tag());
        let texts = body["texts"].as_object().unwrap();
        assert_eq!(texts.len(), Ui::ALL.len(), "{lang:?}");
        for ui in Ui::ALL {
            let expected = ui_text(lang, ui);
            assert_eq!(texts[ui.name()]["label"], expected.label, "{lang:?} {ui:?}");
            assert_eq!(
                texts[ui.name()]["explanation"],
                expected.explanation,
                "{lang:?} {ui:?}"
            );
        }
    }
    // No `?lang=`: the browser's Accept-Language decides.
    let mut response = http()
        .get(stack.url("/v1/widget/texts"))
        .header("Accept-Language", "zh-TW")
        .call()?;
    let body: Value = response.body_mut().read_json()?;
    assert_eq!(body["lang"], "zh-Hant");
    Ok(())
}

#[test]
fn detect_api_ranks_candidates_as_core_does() -> Result<()> {
    let stack = Stack::start()?;
    let cases = [
        ("1Z999AA10123456784", Some("ups")),
        (
            "Tracking%20%23%3A%201z%20999%20aa1%2001%202345%206784.",
            Some("ups"),
        ),
        ("SF1234567890123", Some("sf_express")),
        ("hello", None),
    ];
    for (input, first) in cases {
        let mut response = http()
            .get(stack.url(&format!("/v1/detect/{input}")))
            .call()?;
        assert_eq!(response.status(), 200, "{input}");
        let body: Value = response.body_mut().read_json()?;
        let decoded = body["input"].as_str().unwrap().to_owned();
        let expected = serde_json::to_value(trackline_core::detect::detect(&decoded))?;
        assert_eq!(body["candidates"], expected, "{input}");
        assert_eq!(
            body["candidates"][0]["carrier"]["code"].as_str(),
            first,
            "{input}: {body}"
        );
    }
    let long = "1".repeat(201);
    let response = http()
        .get(stack.url(&format!("/v1/detect/{long}")))
        .call()?;
    assert_eq!(response.status(), 400);
    Ok(())
}

#[test]
fn a_browser_that_has_the_tracking_gets_a_304() -> Result<()> {
    let stack = Stack::start()?;
    let url = stack.url("/v1/trackings/TL1000000001");
    let first = http().get(&url).call()?;
    let etag = first
        .headers()
        .get("etag")
        .expect("an ETag")
        .to_str()?
        .to_owned();
    let again = http().get(&url).header("If-None-Match", &etag).call()?;
    assert_eq!(again.status(), 304);
    let other = http()
        .get(&url)
        .header("If-None-Match", "\"something else\"")
        .call()?;
    assert_eq!(other.status(), 200);
    Ok(())
}

/// The document lists exactly the routes the worker's route table has, and its schemas name
/// exactly the fields the API sends.
#[test]
fn openapi_document_and_routes_agree() -> Result<()> {
    use std::collections::BTreeSet;
    let stack = Stack::start()?;
    let doc: Value = http()
        .get(stack.url("/openapi.json"))
        .call()?
        .body_mut()
        .read_json()?;
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |m| (m.to_uppercase(), path.clone()))
        })
        .collect();
    let source = std::fs::read_to_string(trackline_e2e::project_root().join("edge/src/lib.rs"))?;
    let routed: BTreeSet<(String, String)> = source
        .lines()
        .filter_map(|line| {
            let line = line.trim();
            let method = ["get_async(", "post_async(", "get(", "post("]
                .into_iter()
                .find(|m| line.starts_with(&format!(".{m}")))?;
            let path = line.split('"').nth(1)?;
            let path = path
                .split('/')
                .map(|seg| {
                    seg.strip_prefix(':')
                        .map_or(seg.to_owned(), |p| format!("{{{p}}}"))
                })
                .collect::<Vec<_>>()
                .join("/");
            Some((
                method
                    .trim_end_matches('(')
                    .trim_end_matches("_async")
                    .to_uppercase(),
                path,
            ))
        })
        .collect();
    assert_eq!(
        documented, routed,
        "openapi.json and edge/src/lib.rs list different routes"
    );

    let keys = |v: &Value| {
        v.as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect::<BTreeSet<_>>()
    };
    let schemas = &doc["components"]["schemas"];
    // With its card, so every documented field is there.
    let tracking: Value = http()
        .get(stack.url("/v1/trackings/TL2000000002?card=html"))
        .call()?
        .body_mut()
        .read_json()?;
    assert_eq!(keys(&schemas["Tracking"]["properties"]), keys(&tracking));
    assert_eq!(
        keys(&schemas["Event"]["properties"]),
        keys(&tracking["events"][0])
    );
    assert_eq!(keys(&schemas["Eta"]["properties"]), keys(&tracking["eta"]));
    let statuses: BTreeSet<String> = schemas["Status"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect();
    let ours: BTreeSet<String> = Status::ALL.iter().map(|s| s.as_str().to_owned()).collect();
    assert_eq!(statuses, ours);
    let substatuses: BTreeSet<String> = schemas["Substatus"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s.as_str())
        .map(str::to_owned)
        .collect();
    let ours: BTreeSet<String> = Substatus::ALL
        .iter()
        .map(|s| s.as_str().to_owned())
        .collect();
    assert_eq!(substatuses, ours);
    Ok(())
}

/// `?card=html` adds the card as the widget draws it, in the buyer's language, for the loader
/// to show before the wasm is ready; without it the tracking stays as it was.
#[test]
fn a_tracking_can_come_with_its_card_drawn() -> Result<()> {
    let stack = Stack::start()?;
    let url = stack.url("/v1/trackings/TL3000000003?lang=fr");
    let mut plain = http().get(&url).call()?;
    let mut with_card = http().get(format!("{url}&card=html")).call()?;
    assert_eq!(with_card.status(), 200);
    let etag = |r: &ureq::http::Response<ureq::Body>| r.headers().get("etag").cloned();
    assert_ne!(etag(&plain), etag(&with_card), "two bodies, two ETags");
    let plain: Value = plain.body_mut().read_json()?;
    let with_card: Value = with_card.body_mut().read_json()?;
    assert!(plain.get("card_html").is_none(), "{plain}");
    let html = with_card["card_html"].as_str().expect("card_html");
    assert!(
        html.contains(r#"lang="fr" dir="ltr" data-prerendered"#),
        "{html}"
    );
    let status = plain["status_text"].as_str().unwrap();
    assert!(html.contains(&format!(">{status}</p>")), "{html}");
    let advice = plain["advice"]
        .as_str()
        .expect("a failed attempt asks the buyer");
    assert!(html.contains(advice), "{html}");
    // Otherwise the same tracking.
    let mut rest = with_card.clone();
    rest.as_object_mut().unwrap().remove("card_html");
    assert_eq!(rest, plain);
    // Only trackings have cards: an unknown number is a plain 404.
    let mut missing = http()
        .get(stack.url("/v1/trackings/TL0000000000?card=html"))
        .call()?;
    assert_eq!(missing.status(), 404);
    let missing: Value = missing.body_mut().read_json()?;
    assert!(missing.get("card_html").is_none(), "{missing}");
    Ok(())
}

/// The widget's wasm comes as the build compressed it: brotli or gzip as the client prefers
/// (ties to the first listed), else plain; every variant is the same module.
#[test]
fn the_widget_wasm_comes_precompressed() -> Result<()> {
    use std::io::Read;
    let stack = Stack::start()?;
    let plain = std::fs::read(trackline_e2e::project_root().join("public/wasm/widget_bg.wasm"))?;
    assert_eq!(&plain[..4], b"\0asm");
    for (accept, coding) in [
        ("br", Some("br")),
        ("gzip, deflate, br, zstd", Some("gzip")),
        ("gzip;q=0.5, br", Some("br")),
        ("identity", None),
    ] {
        let mut response = http()
            .get(stack.url("/widget_bg.wasm"))
            .header("Accept-Encoding", accept)
            .call()?;
        assert_eq!(response.status(), 200, "{accept}");
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_owned())
        };
        assert_eq!(header("content-encoding").as_deref(), coding, "{accept}");
        assert_eq!(header("content-type").as_deref(), Some("application/wasm"));
        assert_eq!(header("access-control-allow-origin").as_deref(), Some("*"));
        let body = response
            .body_mut()
            .with_config()
            .limit(10 << 20)
            .read_to_vec()?;
        let mut decoded = Vec::new();
        match coding {
            Some("br") => {
                brotli::Decompressor::new(&body[..], 4096).read_to_end(&mut decoded)?;
            }
            Some(_) => {
                flate2::read::GzDecoder::new(&body[..]).read_to_end(&mut decoded)?;
            }
            None => decoded = body.clone(),
        }
        assert!(decoded == plain, "{accept}: not the built module");
        if coding.is_some() {
            assert!(
                body.len() < plain.len() / 2,
                "{accept}: {} bytes",
                body.len()
            );
        }
    }
    Ok(())
}

/// The demo store writes `?number=` and `?lang=` into the widget's attributes, as a store's
/// server would: a cleaned number and a language of ours only, never what a visitor typed.
#[test]
fn the_demo_store_renders_the_number_into_the_page() -> Result<()> {
    let stack = Stack::start()?;
    let page = |query: &str| html_page(&stack, &format!("/{query}"));
    let chosen = page("?number=tl%202000-000002&lang=de-CH,de%3Bq%3D0.9")?;
    assert!(
        chosen.contains(r#"<trackline-widget id="tracker" number="TL2000000002" lang="de">"#),
        "{chosen}"
    );
    assert!(chosen.contains(r#"mode="order" merchant="demo-store" lang="de">"#));
    let default = page("")?;
    assert!(
        default.contains(r#"number="TL9000000009">"#),
        "the live journey"
    );
    let hostile = page("?number=%22%3E%3Cscript%3Ealert(1)%3C/script%3E&lang=%22%3E%3Cimg")?;
    assert!(
        !hostile.contains("alert(1)") && !hostile.contains("<img"),
        "{hostile}"
    );
    assert!(hostile.contains(r#"number="TL9000000009">"#));
    Ok(())
}

/// Once the edge holds a tracking, the hosted page carries its card in the HTML (a declarative
/// Shadow DOM): the buyer reads it with the page, before any script runs. A number the edge
/// has not seen gets the plain page, which never waits for a carrier.
#[test]
fn the_hosted_page_comes_with_the_card_once_the_tracking_is_known() -> Result<()> {
    let stack = Stack::start()?;
    let page = |path: &str| html_page(&stack, path);
    let first = page("/track/TL2000000002?lang=fr")?;
    assert!(!first.contains("shadowrootmode"), "not known yet: {first}");
    let tracking: Value = http()
        .get(stack.url("/v1/trackings/TL2000000002?lang=fr"))
        .call()?
        .body_mut()
        .read_json()?;
    let known = page("/track/TL2000000002?lang=fr")?;
    assert!(
        known.contains(r#"<template shadowrootmode="open"><style>"#),
        "{known}"
    );
    assert!(known.contains(r#"lang="fr" dir="ltr" data-prerendered"#));
    let status = tracking["status_text"].as_str().unwrap();
    assert!(known.contains(&format!(">{status}</p>")), "{known}");
    assert!(known.contains(r#"performance.mark("trackline:rendered")"#));
    Ok(())
}

/// The HTML the edge answers for `path`, which must be a 200.
fn html_page(stack: &Stack, path: &str) -> Result<String> {
    let mut response = http().get(stack.url(path)).call()?;
    assert_eq!(response.status(), 200, "{path}");
    Ok(response.body_mut().read_to_string()?)
}
