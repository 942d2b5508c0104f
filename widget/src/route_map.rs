//! The route map: origin, the scans' places and the destination on a small map of their
//! region, the path drawn (dashed where the parcel has not been yet) and where it is now.
//!
//! It is plain inline SVG in the projection of the edge's land outlines (`{edge}/map/land.json`,
//! Natural Earth via `world-atlas`): no tile server, no map library. The outlines are fetched
//! once per page and cached by the browser; until they arrive the route shows on its own, and
//! the rest of the card never waits for them.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use serde::Deserialize;
use trackline_core::geo::route::{route, Stop, ViewBox};
use trackline_core::model::Tracking;
use trackline_core::texts::Ui;

use crate::words::Words;

thread_local! {
    /// The land outlines, once one map on the page has loaded them.
    static LAND: RefCell<Option<Rc<str>>> = const { RefCell::new(None) };
}

#[derive(Deserialize)]
struct LandAsset {
    d: String,
}

/// The land outlines' SVG path, from the cache or the edge; `None` when they cannot be had.
async fn land(edge: &str) -> Option<Rc<str>> {
    if let Some(d) = LAND.with_borrow(Clone::clone) {
        return Some(d);
    }
    let url = format!("{}/map/land.json", edge.trim_end_matches('/'));
    let (status, body) = crate::api::get(&url).await?;
    if status != 200 {
        return None;
    }
    let d: Rc<str> = crate::api::decode::<LandAsset>(&body)?.d.into();
    LAND.set(Some(d.clone()));
    Some(d)
}

/// The map of `tracking`'s route, or nothing when fewer than two of its places are known.
#[component]
pub fn RouteMap(
    /// The shipment whose route to draw.
    tracking: Tracking,
    /// The edge's base URL, where the land outlines are.
    edge: String,
    /// The widget's words in the buyer's language.
    words: Words,
) -> Option<impl IntoView> {
    let route = route(&tracking)?;
    let outlines = RwSignal::new_local(LAND.with_borrow(Clone::clone));
    // Only in a browser: the edge (and a host test) draws the card without the land (see
    // `prerender`).
    let in_browser = cfg!(target_arch = "wasm32") && web_sys::window().is_some();
    if outlines.get_untracked().is_none() && in_browser {
        leptos::task::spawn_local(async move {
            if let Some(d) = land(&edge).await {
                outlines.try_set(Some(d));
            }
        });
    }
    let view_box = route.view_box();
    let ViewBox {
        x,
        y,
        width,
        height,
    } = view_box;
    let stops = &route.stops;
    let (origin, here, destination) = (&stops[0], &stops[route.current], &stops[stops.len() - 1]);
    let mut label = format!("{}: {}", words.label(Ui::Route), origin.label);
    if route.current != 0 && route.current != stops.len() - 1 {
        label = format!("{label} → {}", here.label);
    }
    let label = format!("{label} → {}", destination.label);
    // The land is drawn again a world to the east or west when the view crosses the antimeridian
    // (outlines crossing it run on to about 190 degrees, hence the 200).
    let shifts: Vec<i64> = [-360, 0, 360]
        .into_iter()
        .filter(|&s| x < (s + 200) as f64 && x + width > (s - 200) as f64)
        .collect();
    let land = move || {
        outlines.get().map(|d| {
            shifts
                .iter()
                .map(|s| view! { <path class="land" d=d.to_string() transform=format!("translate({} 0) scale(100)", s * 100)/> })
                .collect_view()
        })
    };
    let r = width / 90.0;
    let markers = stops
        .iter()
        .map(|stop| view! { <circle class="stop" data-testid="route-stop" cx=num(stop.x) cy=num(stop.y) r=num(r)><title>{stop.label.clone()}</title></circle> })
        .collect_view();
    let ahead = route.ahead();
    Some(view! {
        <figure class="route-map" data-testid="route-map">
            <svg viewBox=format!("{} {} {} {}", num(x), num(y), num(width), num(height))
                role="img" aria-label=label preserveAspectRatio="xMidYMid meet">
                <rect class="sea" x=num(x) y=num(y) width=num(width) height=num(height)/>
                {land}
                <polyline class="route-done" points=points(route.travelled())/>
                {(!ahead.is_empty()).then(|| view! { <polyline class="route-ahead" points=points(ahead)/> })}
                {markers}
                <circle class="current" data-testid="route-current" cx=num(here.x) cy=num(here.y) r=num(r * 1.8)/>
            </svg>
            // GeoNames' licence (CC BY 4.0) asks for credit where its places are shown.
            <figcaption class="credit" data-testid="map-credit">
                "Places © "<a href="https://www.geonames.org/" target="_blank" rel="noopener noreferrer">"GeoNames"</a>
                " (CC BY 4.0) · Land: Natural Earth"
            </figcaption>
        </figure>
    })
}

/// A coordinate in degrees as an SVG number in hundredths of a degree (the map's unit): finer
/// than a pixel, and integers keep float formatting out of the wasm.
fn num(degrees: f64) -> String {
    ((degrees * 100.0).round() as i64).to_string()
}

/// `stops` as an SVG `points` list.
fn points(stops: &[Stop]) -> String {
    let mut out = String::new();
    for (i, s) in stops.iter().enumerate() {
        let gap = if i == 0 { "" } else { " " };
        out += &format!("{gap}{},{}", num(s.x), num(s.y));
    }
    out
}
