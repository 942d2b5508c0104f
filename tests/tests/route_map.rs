//! The route map as a buyer sees it: the demo page in headless Chromium against real workerd
//! draws the route with its stops, the current position and the land from the edge's asset,
//! and shows no map when there is no tracking.

mod common;

use std::time::Duration;

use anyhow::Result;
use common::Stack;
use serde_json::{json, Value};
use trackline_e2e::browser::Browser;

/// What the map in the widget on `arguments[0]` shows, once its land outlines have arrived.
const MAP_DRAWN: &str = r#"
    const root = document.querySelector(arguments[0]).shadowRoot;
    const map = root.querySelector('[data-testid=route-map] svg');
    if (!map || !map.querySelector('path.land')) return null;
    return {
        stops: map.querySelectorAll('[data-testid=route-stop]').length,
        current: map.querySelectorAll('[data-testid=route-current]').length,
        role: map.getAttribute('role'),
        label: map.getAttribute('aria-label'),
        done: map.querySelector('.route-done').getAttribute('points').split(' ').length,
        credit: root.querySelector('[data-testid=map-credit]').textContent,
        credit_link: root.querySelector('[data-testid=map-credit] a').href,
    };
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_border_route_is_drawn_with_its_stops_and_current_position() -> Result<()> {
    let stack = Stack::start()?;
    let browser = Browser::start(1000, 1400).await?;
    browser.goto(&stack.url("/?number=TL2000000002")).await?;
    browser.widget("trackline-widget").await?;
    let map = browser
        .wait_for(
            MAP_DRAWN,
            json!("trackline-widget"),
            Duration::from_secs(20),
        )
        .await?;
    // Shenzhen, Hong Kong, Los Angeles, Chicago (the destination, where it is now).
    assert_eq!(map["stops"], 4, "{map}");
    assert_eq!(map["done"], 4, "{map}");
    assert_eq!(map["current"], 1, "{map}");
    assert_eq!(map["role"], "img", "{map}");
    // GeoNames' CC BY licence: its places are credited, with a link.
    let credit = map["credit"].as_str().unwrap_or_default();
    assert!(
        credit.contains("GeoNames") && credit.contains("CC BY 4.0"),
        "{credit}"
    );
    assert_eq!(map["credit_link"], "https://www.geonames.org/", "{map}");
    let label = map["label"].as_str().unwrap_or_default();
    assert!(
        label.starts_with("Route: Shenzhen") && label.ends_with("Chicago, IL, US"),
        "{label}"
    );
    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_tracking_shows_no_map() -> Result<()> {
    let stack = Stack::start()?;
    let browser = Browser::start(1000, 900).await?;
    browser.goto(&stack.url("/?number=TL0000000000")).await?;
    let seen = browser.widget("trackline-widget").await?;
    assert!(seen.problem.is_some(), "{seen:?}");
    let maps = browser
        .eval(
            "return document.querySelector(arguments[0]).shadowRoot.querySelectorAll('[data-testid=route-map]').length;",
            json!("trackline-widget"),
        )
        .await?;
    assert_eq!(maps, Value::from(0));
    browser.close().await
}

#[test]
fn land_outlines_are_a_cached_cross_origin_asset() -> Result<()> {
    let stack = Stack::start()?;
    let mut response = ureq::get(&stack.url("/map/land.json")).call()?;
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    assert_eq!(header("access-control-allow-origin").as_deref(), Some("*"));
    assert_eq!(
        header("cache-control").as_deref(),
        Some("public, max-age=86400")
    );
    let asset: Value = serde_json::from_str(&response.body_mut().read_to_string()?)?;
    assert!(asset["d"].as_str().is_some_and(|d| d.starts_with('M')));
    Ok(())
}
