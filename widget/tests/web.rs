//! The widget's components in real headless Chromium (`wasm-bindgen-test`): mount, wait a tick,
//! and compare what is shown with the tracking core assembled.

use chrono::DateTime;
use leptos::prelude::*;
use trackline_core::{model::Tracking, sandbox, texts::Lang, tracking::assemble};
use trackline_widget::tracker::TrackingCard;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

fn sandbox_tracking(number: &str) -> Tracking {
    let now = DateTime::parse_from_rfc3339("2026-11-21T10:00:00Z")
        .unwrap()
        .to_utc();
    assemble(Lang::En, number, sandbox::report(number, now).unwrap(), now)
}

fn container() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&div).unwrap();
    div
}

fn texts(root: &web_sys::Element, selector: &str) -> Vec<String> {
    let nodes = root.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .map(|i| {
            nodes
                .item(i)
                .unwrap()
                .text_content()
                .unwrap()
                .trim()
                .to_owned()
        })
        .collect()
}

#[wasm_bindgen_test]
async fn card_shows_status_progress_and_every_event_newest_first() {
    let tracking = sandbox_tracking("TL2000000002");
    let root = container();
    let shown = tracking.clone();
    let expanded = RwSignal::new(true);
    let _handle = leptos::mount::mount_to(
        root.clone(),
        move || view! { <TrackingCard tracking=shown expanded/> },
    );

    assert_eq!(
        texts(&root, "[data-testid=status]"),
        vec![tracking.status_text.clone()]
    );
    let events = texts(&root, "[data-testid=event] .text");
    let expected: Vec<String> = tracking.events.iter().map(|e| e.text.clone()).collect();
    assert_eq!(events, expected);
    let steps = texts(&root, "[data-testid=step]");
    assert_eq!(steps.len(), tracking.progress.steps.len());
    let current = texts(&root, "[data-testid=step][aria-current=step]");
    assert_eq!(current, vec!["Customs".to_owned()]);
    // Collapsed, a long history shows the newest five and a button for the rest.
    expanded.set(false);
    leptos::task::tick().await;
    assert_eq!(
        texts(&root, "[data-testid=event] .text"),
        expected[..5].to_vec()
    );
    assert_eq!(texts(&root, "[data-testid=toggle-history]").len(), 1);
    // The newest scan carries its own colour class for its status.
    let first = root.query_selector("[data-testid=event]").unwrap().unwrap();
    assert!(
        first.class_name().contains("status-in_transit"),
        "{}",
        first.class_name()
    );
}

/// Resolves after `ms` milliseconds, letting the browser run fetches and Leptos effects.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn mount_draws_inside_a_shadow_root_and_explains_an_unreachable_edge() {
    let host = container();
    host.set_attribute("number", "TL1000000001").unwrap();
    // Port 9 (discard) refuses connections: the widget must say tracking is unavailable,
    // never stay blank or throw.
    let mounted = trackline_widget::mount(
        host.clone(),
        "http://127.0.0.1:9/".into(),
        "en".into(),
        wasm_bindgen::JsValue::UNDEFINED,
        wasm_bindgen::JsValue::UNDEFINED,
    )
    .unwrap();
    let shadow = host
        .shadow_root()
        .expect("the widget attaches a shadow root");
    let mut problem = None;
    for _ in 0..50 {
        sleep(100).await;
        problem = shadow.query_selector("[data-testid=problem]").unwrap();
        if problem.is_some() {
            break;
        }
    }
    let text = problem
        .expect("a message within 5 s")
        .text_content()
        .unwrap();
    assert!(text.contains("unavailable"), "{text}");
    assert!(
        shadow.query_selector("style").unwrap().is_some(),
        "with its stylesheet"
    );
    assert!(
        host.inner_html().is_empty(),
        "nothing leaks into the light DOM"
    );
    mounted.unmount();
    assert!(
        shadow
            .query_selector("[data-testid=problem]")
            .unwrap()
            .is_none(),
        "unmount removes the view"
    );
}
