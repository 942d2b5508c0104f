//! What a buyer sees: the demo storefront and a merchant page on another origin, loaded in real
//! headless Chromium against real workerd.

mod common;

use std::time::Duration;

use anyhow::Result;
use common::{expected_now, Stack};
use trackline_core::model::NoticeKind;
use trackline_core::texts::dates::scan_time;
use trackline_core::texts::{text, Key, Lang, Ui};
use trackline_e2e::browser::Browser;
use trackline_e2e::sim::{Fault, Simulator, KEY};
use trackline_e2e::store::{Store, StoreFile};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_page_shows_the_latest_status_and_every_scan() -> Result<()> {
    let stack = Stack::start()?;
    let browser = Browser::start(1000, 1200).await?;
    browser.goto(&stack.url("/?number=TL1000000001")).await?;
    let collapsed = browser.widget("trackline-widget").await?;
    assert_eq!(
        collapsed.events.len(),
        5,
        "a long history shows the newest five first"
    );
    browser.expand_history("trackline-widget").await?;
    let seen = browser.widget("trackline-widget").await?;
    let expected = expected_now("TL1000000001");
    assert_eq!(seen.status.as_deref(), Some("Delivered"));
    assert_eq!(seen.status.as_deref(), Some(expected.status_text.as_str()));
    assert_eq!(seen.events.len(), 8);
    assert_eq!(seen.events.len(), expected.events.len());
    assert_eq!(
        seen.events[0], expected.events[0].text,
        "newest event first"
    );
    assert_eq!(seen.current_step.as_deref(), Some("Delivered"));
    assert!(
        !seen.steps.iter().any(|s| s == "Customs"),
        "domestic: no customs step"
    );
    assert_eq!(seen.advice, None, "delivered: nothing to do");
    // Each scan's time is the place's own, with its UTC offset.
    let newest = &expected.events[0];
    let shown = browser
        .shadow_text("trackline-widget", "[data-testid=event] time")
        .await?;
    let expected_time = scan_time(Lang::En, newest.at);
    assert_eq!(shown.as_deref(), Some(expected_time.as_str()));
    assert!(expected_time.contains("UTC"), "{expected_time}");
    // The loader asked for the tracking while the wasm loaded, and the widget took that answer
    // rather than asking again; English words are built in, so no language pack.
    assert_eq!(requests(&browser).await?, (1, 0));
    // The tracking went first: the wasm was asked for once it was in, or after the loader's
    // 100 ms hold, not beside it.
    let order = RequestOrder::of(&browser).await?;
    assert!(
        order.wasm_start >= order.tracking_end.min(order.tracking_start + 99.0),
        "{order:?}"
    );
    browser.close().await
}

/// When the page asked for its first tracking and the wasm, and when the tracking was in, in
/// ms since navigation start.
#[derive(Debug)]
struct RequestOrder {
    tracking_start: f64,
    tracking_end: f64,
    wasm_start: f64,
}

impl RequestOrder {
    async fn of(browser: &Browser) -> Result<Self> {
        let script = "const all = performance.getEntriesByType('resource'); \
            const t = all.find(r => new URL(r.name).pathname.startsWith('/v1/trackings/')); \
            const w = all.find(r => new URL(r.name).pathname === '/widget_bg.wasm'); \
            return t && w ? [t.startTime, t.responseEnd, w.startTime] : null;";
        let times = browser
            .wait_for(script, serde_json::Value::Null, Duration::from_secs(10))
            .await?;
        let ms = |i: usize| times[i].as_f64().unwrap_or(f64::NAN);
        Ok(RequestOrder {
            tracking_start: ms(0),
            tracking_end: ms(1),
            wasm_start: ms(2),
        })
    }
}

/// How many requests the page made for trackings and for language packs.
async fn requests(browser: &Browser) -> Result<(u64, u64)> {
    let script = "const paths = performance.getEntriesByType('resource').map(r => new URL(r.name).pathname); \
        return [paths.filter(p => p.startsWith('/v1/trackings/')).length, paths.filter(p => p === '/v1/widget/texts').length];";
    let counts = browser.eval(script, serde_json::Value::Null).await?;
    Ok((
        counts[0].as_u64().unwrap_or(u64::MAX),
        counts[1].as_u64().unwrap_or(u64::MAX),
    ))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_page_tracks_the_live_journey_by_default() -> Result<()> {
    let stack = Stack::start()?;
    let browser = Browser::start(390, 844).await?;
    browser.goto(&stack.url("/")).await?;
    browser.widget("trackline-widget").await?;
    browser.expand_history("trackline-widget").await?;
    let seen = browser.widget("trackline-widget").await?;
    // The live journey gains a scan every 20 s, so the page may be one scan behind the clock.
    let expected = expected_now("TL9000000009").events.len();
    assert!(seen.status.is_some(), "{seen:?}");
    assert!(
        seen.events.len() == expected || seen.events.len() + 1 == expected,
        "{seen:?} vs {expected} scans"
    );
    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_number_shows_a_message_not_a_blank_box() -> Result<()> {
    let stack = Stack::start()?;
    let browser = Browser::start(1000, 900).await?;
    browser.goto(&stack.url("/?number=TL0000000000")).await?;
    let seen = browser.widget("trackline-widget").await?;
    assert_eq!(seen.status, None);
    let message = text(Lang::En, Key::Ui(Ui::NotFound));
    let shown = seen.problem.clone().unwrap_or_default();
    assert!(
        shown.contains(message.label) && shown.contains(message.explanation),
        "{seen:?}"
    );
    browser.close().await
}

/// A merchant's page on another origin (another port) that pastes the script tag and a
/// `<div data-trackline>`: the widget must load its wasm and data across origins (CORS).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn widget_embedded_on_another_origin_mounts_on_a_div() -> Result<()> {
    let stack = Stack::start()?;
    let page = format!(
        r#"<!doctype html><html><head><style>div, li, svg, * {{ color: red !important; font-size: 40px; }}</style></head>
        <body><h1>Another store</h1>
        <div data-trackline number="TL2000000002" id="slot"></div>
        <script async src="{}/widget.js"></script></body></html>"#,
        stack.edge.url()
    );
    let store = Store::start(vec![StoreFile::html("/", page)])?;
    let browser = Browser::start(1000, 1200).await?;
    browser.goto(&store.url("/")).await?;
    browser.widget("#slot").await?;
    browser.expand_history("#slot").await?;
    let seen = browser.widget("#slot").await?;
    assert_eq!(store.hits("/"), 1);
    let expected = expected_now("TL2000000002");
    assert_eq!(seen.status.as_deref(), Some(expected.status_text.as_str()));
    assert_eq!(seen.events.len(), expected.events.len());
    assert!(
        seen.steps.iter().any(|s| s == "Customs"),
        "cross-border shows customs: {seen:?}"
    );
    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn arabic_buyers_read_right_to_left_in_their_language() -> Result<()> {
    let stack = Stack::start()?;
    let browser = Browser::start(390, 844).await?;
    browser
        .goto(&stack.url("/?number=TL5000000005&lang=ar"))
        .await?;
    let seen = browser.widget("trackline-widget").await?;
    assert_eq!(seen.lang.as_deref(), Some("ar"));
    assert_eq!(seen.dir.as_deref(), Some("rtl"));
    let expected = common::expected_in("TL5000000005", Lang::Ar);
    assert_eq!(seen.status.as_deref(), Some(expected.status_text.as_str()));
    assert_ne!(
        expected.status_text,
        expected_now("TL5000000005").status_text,
        "Arabic differs from English"
    );
    // The long quiet leg of this postal journey is explained, in Arabic.
    assert_eq!(seen.notices, vec![expected.notices[0].title.clone()]);
    assert_eq!(expected.notices[0].kind, NoticeKind::ScanGap);
    assert!(!seen.notices[0].contains("No new scan"), "{seen:?}");
    // The widget's own words came from the edge's Arabic pack (the wasm carries English only),
    // requested once, early, like the tracking.
    let history = browser
        .eval(
            "return document.querySelector('trackline-widget').shadowRoot.querySelector('ol.timeline').getAttribute('aria-label');",
            serde_json::Value::Null,
        )
        .await?;
    let arabic = text(Lang::Ar, Key::Ui(Ui::History)).label;
    assert_eq!(history.as_str(), Some(arabic));
    assert_ne!(arabic, text(Lang::En, Key::Ui(Ui::History)).label);
    assert_eq!(requests(&browser).await?, (1, 1));
    browser.close().await
}

/// A carrier's push reaches an open widget without a reload: the new scan appears at the top,
/// highlighted, and screen readers hear about it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_push_updates_the_open_widget_in_place() -> Result<()> {
    let secret = "widget-live-secret";
    let stack = Stack::start_with(vec![("TRACKLINE_WEBHOOK_SECRET".into(), secret.into())])?;
    let browser = Browser::start(1000, 1200).await?;
    browser.goto(&stack.url("/?number=TL2000000002")).await?;
    browser.widget("trackline-widget").await?;
    // An opened history stays open when news arrives.
    browser.expand_history("trackline-widget").await?;
    let before = browser.widget("trackline-widget").await?;
    assert_eq!(
        before.events.len(),
        expected_now("TL2000000002").events.len()
    );

    let body = serde_json::json!({ "number": "TL2000000002", "carrier": "sandbox", "events": [{
        "at": chrono::Utc::now().to_rfc3339(), "status": "out_for_delivery", "carrier_text": "On the van since 7:10",
        "location": { "city": "Chicago", "country": "US" } }] })
    .to_string();
    let signature = trackline_core::webhook::sign(secret, chrono::Utc::now().timestamp(), &body);
    let pushed = tokio::task::spawn_blocking({
        let url = stack.url("/v1/webhooks/trackline");
        move || {
            common::http()
                .post(&url)
                .header("trackline-signature", &signature)
                .send(body.as_bytes())
                .map(|r| r.status())
        }
    })
    .await??;
    assert_eq!(pushed, 200);

    let out_for_delivery = text(
        Lang::En,
        Key::Status(trackline_core::model::Status::OutForDelivery),
    )
    .label;
    let script = r#"
        const root = document.querySelector('trackline-widget').shadowRoot;
        const first = root.querySelector('[data-testid=event]');
        return first && first.classList.contains('new') ? first.querySelector('.text').textContent : null;
    "#;
    let newest = browser
        .wait_for(script, serde_json::json!(null), Duration::from_secs(10))
        .await?;
    assert_eq!(newest, serde_json::json!(out_for_delivery));
    let after = browser.widget("trackline-widget").await?;
    assert_eq!(
        after.events.len(),
        before.events.len() + 1,
        "no reload: one more scan"
    );
    assert_eq!(after.status.as_deref(), Some(out_for_delivery));
    let announced = browser
        .shadow_text("trackline-widget", "[data-testid=announcement]")
        .await?;
    assert!(
        announced
            .as_deref()
            .is_some_and(|a| a.contains(out_for_delivery)),
        "{announced:?}"
    );
    browser.close().await
}

/// The hosted page (`/track/{number}`) shows the same widget, in the language asked for, and
/// keeps a hostile query out of the page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hosted_page_tracks_a_number_in_the_buyers_language() -> Result<()> {
    let stack = Stack::start()?;
    let browser = Browser::start(390, 844).await?;
    browser
        .goto(
            &stack
                .url("/track/tl2000000002?lang=de&carrier=%22%3E%3Cscript%3Ealert(1)%3C/script%3E"),
        )
        .await?;
    let seen = browser.widget("trackline-widget").await?;
    assert_eq!(seen.lang.as_deref(), Some("de"));
    assert_eq!(
        seen.status.as_deref(),
        Some(
            common::expected_in("TL2000000002", Lang::De)
                .status_text
                .as_str()
        )
    );
    let page_lang = browser
        .eval(
            "return document.documentElement.lang",
            serde_json::json!(null),
        )
        .await?;
    assert_eq!(page_lang, "de");
    let scripts = browser
        .eval("return document.scripts.length", serde_json::json!(null))
        .await?;
    assert_eq!(
        scripts, 1,
        "only the widget's script; the query's markup never reached the page"
    );
    browser.close().await
}

/// A buyer with no account finds an order's parcels with the order number and email; a wrong
/// email gets a clear message.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_buyer_finds_their_order_in_the_widget() -> Result<()> {
    let admin = "widget-admin";
    let stack = Stack::start_with(vec![("TRACKLINE_ADMIN_TOKEN".into(), admin.into())])?;
    let (admin_url, shipments_url) = (stack.url("/v1/admin/merchants"), stack.url("/v1/shipments"));
    let registered = tokio::task::spawn_blocking(move || -> Result<u16> {
        let mut created = common::http()
            .post(&admin_url)
            .header("Authorization", &format!("Bearer {admin}"))
            .send_json(serde_json::json!({ "id": "demo-store", "name": "Fern & Finch" }))?;
        let key: serde_json::Value = created.body_mut().read_json()?;
        let order = serde_json::json!({ "order_number": "1042", "email": "alex@example.com",
            "trackings": [{ "number": "TL1000000001" }, { "number": "TL2000000002" }] });
        let key = key["api_key"].as_str().unwrap_or_default().to_owned();
        Ok(common::http()
            .post(&shipments_url)
            .header("Authorization", &format!("Bearer {key}"))
            .send_json(order)?
            .status()
            .as_u16())
    })
    .await??;
    assert_eq!(registered, 201);

    let browser = Browser::start(1000, 1600).await?;
    browser.goto(&stack.url("/")).await?;
    let fill = r#"
        const [host, order, email] = arguments[0];
        const root = document.querySelector(host).shadowRoot;
        const form = root && root.querySelector('[data-testid=order-form]');
        if (!form) return false;
        for (const [id, value] of [['order', order], ['email', email]]) {
            const input = root.querySelector(`[data-testid=${id}]`);
            input.value = value;
            input.dispatchEvent(new Event('input', { bubbles: true }));
        }
        root.querySelector('[data-testid=find]').click();
        return true;
    "#;
    browser
        .wait_for(
            fill,
            serde_json::json!(["#orders", "#1042", "Alex@Example.com"]),
            Duration::from_secs(20),
        )
        .await?;
    let statuses = r#"
        const root = document.querySelector('#orders').shadowRoot;
        const shown = Array.from(root.querySelectorAll('[data-testid=parcel] [data-testid=status]')).map(s => s.textContent);
        return shown.length === 2 ? shown : null;
    "#;
    let shown = browser
        .wait_for(statuses, serde_json::json!(null), Duration::from_secs(20))
        .await?;
    let expected = [
        expected_now("TL1000000001").status_text,
        expected_now("TL2000000002").status_text,
    ];
    assert_eq!(shown, serde_json::json!(expected));

    browser
        .eval(
            fill,
            serde_json::json!(["#orders", "1042", "someone@else.example"]),
        )
        .await?;
    let problem = r#"
        const p = document.querySelector('#orders').shadowRoot.querySelector('[data-testid=problem]');
        return p ? p.textContent : null;
    "#;
    let message = browser
        .wait_for(problem, serde_json::json!(null), Duration::from_secs(20))
        .await?;
    let not_found = text(Lang::En, Key::Ui(Ui::OrderNotFound));
    assert!(
        message
            .as_str()
            .is_some_and(|m| m.contains(not_found.label)),
        "{message}"
    );
    browser.close().await
}

/// Merchants choose light or dark with `theme`, and restyle through custom properties; the
/// store's own CSS (which restyles `div`, `li`, `svg` and `*`) never reaches inside.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn themes_apply_and_the_stores_css_stays_out() -> Result<()> {
    let stack = Stack::start()?;
    let browser = Browser::start(1000, 1200).await?;
    browser.goto(&stack.url("/?number=TL1000000001")).await?;
    browser.widget("trackline-widget").await?;
    let styles = r#"
        const host = document.querySelector('trackline-widget');
        const card = () => getComputedStyle(host.shadowRoot.querySelector('.card'));
        const li = () => getComputedStyle(host.shadowRoot.querySelector('li.event'));
        const light = card().backgroundColor;
        host.setAttribute('theme', 'dark');
        const dark = card().backgroundColor;
        host.style.setProperty('--tl-radius', '3px');
        return { light, dark, radius: card().borderTopLeftRadius, li_color: li().color,
                 store_li_color: getComputedStyle(document.querySelector('.journeys li')).color };
    "#;
    let seen = browser.eval(styles, serde_json::json!(null)).await?;
    assert_eq!(seen["light"], "rgb(255, 255, 255)");
    assert_eq!(seen["dark"], "rgb(17, 24, 39)");
    assert_eq!(seen["radius"], "3px");
    assert_ne!(
        seen["li_color"], seen["store_li_color"],
        "the store's li colour stays outside: {seen}"
    );
    browser.close().await
}

/// Issue 13: inherited properties cross the Shadow DOM. A store stylesheet that sets every
/// inherited property on everything (`*`, with `!important`) leaves the card exactly as on a
/// plain page: same height, same computed text styles inside.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_stylesheet_setting_every_inherited_property_changes_nothing() -> Result<()> {
    let stack = Stack::start()?;
    let hostile_css = "html, body, *, *::before, *::after { letter-spacing: 3px !important; \
        word-spacing: 9px !important; line-height: 3 !important; text-transform: uppercase !important; \
        font-style: italic !important; font-variant: small-caps !important; font-weight: 900 !important; \
        font-size: 22px !important; font-family: serif !important; text-align: right !important; \
        white-space: pre !important; text-indent: 40px !important; visibility: visible !important; \
        cursor: wait !important; color: red !important; text-shadow: 2px 2px red !important; \
        word-break: break-all !important; hyphens: auto !important; tab-size: 20 !important; \
        text-decoration-color: red !important; list-style: square inside !important; \
        text-underline-offset: 9px !important; font-kerning: none !important; \
        text-rendering: geometricPrecision !important; writing-mode: horizontal-tb !important; \
        border-collapse: separate !important; caption-side: bottom !important; \
        empty-cells: hide !important; quotes: '<' '>' !important; orphans: 9 !important; \
        widows: 9 !important; font-stretch: condensed !important; overflow-wrap: anywhere !important; }";
    let page = |css: &str| {
        format!(
            r#"<!doctype html><html lang="en"><head><style>{css}</style></head>
            <body><div data-trackline number="TL2000000002" id="slot"></div>
            <script async src="{}/widget.js"></script></body></html>"#,
            stack.edge.url()
        )
    };
    let store = Store::start(vec![
        StoreFile::html("/plain", page("")),
        StoreFile::html("/hostile", page(hostile_css)),
    ])?;
    let browser = Browser::start(1000, 1200).await?;
    let measure = r#"
        const root = document.querySelector('#slot').shadowRoot;
        const props = ['letter-spacing', 'word-spacing', 'line-height', 'text-transform',
            'font-style', 'font-variant', 'font-weight', 'font-size', 'font-family', 'text-align',
            'white-space', 'text-indent', 'cursor', 'color', 'text-shadow', 'word-break',
            'hyphens', 'font-kerning', 'font-stretch', 'overflow-wrap'];
        const seen = {};
        for (const sel of ['.card', '.status', 'li.event', '.carrier']) {
            const el = root.querySelector(sel);
            if (!el) { seen[sel] = 'missing'; continue; }
            const style = getComputedStyle(el);
            seen[sel] = props.map(p => p + ': ' + style.getPropertyValue(p)).join('; ');
        }
        seen.height = root.querySelector('.card').getBoundingClientRect().height;
        return seen;
    "#;
    let mut seen = Vec::new();
    for path in ["/plain", "/hostile"] {
        browser.goto(&store.url(path)).await?;
        browser.widget("#slot").await?;
        seen.push(browser.eval(measure, serde_json::json!(null)).await?);
    }
    assert_eq!(seen[0]["height"], seen[1]["height"], "the card's height");
    assert_eq!(seen[0], seen[1]);
    browser.close().await
}

/// On a 320 px phone the card fits the screen: nothing scrolls sideways.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fits_a_320_px_phone() -> Result<()> {
    let stack = Stack::start()?;
    let browser = Browser::start(320, 700).await?;
    // German has the longest milestone names.
    browser
        .goto(&stack.url("/?number=TL2000000002&lang=de"))
        .await?;
    let seen = browser.widget("trackline-widget").await?;
    assert!(seen.status.is_some());
    assert_eq!(seen.steps.len(), 6, "{seen:?}");
    let widths = r#"
        const host = document.querySelector('trackline-widget');
        const card = host.shadowRoot.querySelector('.card').getBoundingClientRect();
        // Milestone names a sighted buyer sees must not run into each other.
        const shown = [...host.shadowRoot.querySelectorAll('.step .label')]
            .map(l => l.getBoundingClientRect()).filter(r => r.width > 1);
        const overlaps = shown.slice(1).filter((r, i) => r.left < shown[i].right).length;
        return { viewport: document.documentElement.clientWidth, page: document.documentElement.scrollWidth,
                 card_right: Math.ceil(card.right), labels_shown: shown.length, overlaps };
    "#;
    let w = browser.eval(widths, serde_json::json!(null)).await?;
    assert!(
        w["page"].as_i64() <= w["viewport"].as_i64(),
        "the page scrolls sideways: {w}"
    );
    assert!(
        w["card_right"].as_i64() <= w["viewport"].as_i64(),
        "the card overflows: {w}"
    );
    assert_eq!(w["overlaps"], 0, "milestone names overlap: {w}");
    assert!(w["labels_shown"].as_i64() >= Some(1), "{w}");
    // The estimate says how sure it is, and the bar when the carrier last scanned, in German.
    let expected = common::expected_in("TL2000000002", Lang::De);
    let eta = expected.eta.as_ref().expect("TL2000000002 has an estimate");
    let confidence = browser
        .shadow_text("trackline-widget", "[data-testid=eta-confidence]")
        .await?;
    let expected_confidence = text(Lang::De, Key::Ui(Ui::for_confidence(eta.confidence))).label;
    assert_eq!(confidence.as_deref(), Some(expected_confidence));
    let last = browser
        .shadow_text("trackline-widget", "[data-testid=last-update] time")
        .await?;
    let newest = &expected.events[0];
    assert_eq!(
        last.as_deref(),
        Some(scan_time(Lang::De, newest.at).as_str())
    );
    browser.close().await
}

/// Single-page apps add elements after the script ran: a `<div data-trackline>` inserted later
/// mounts by itself, and `Trackline.mount` mounts any element.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn elements_added_later_mount_too() -> Result<()> {
    let stack = Stack::start()?;
    let browser = Browser::start(1000, 1600).await?;
    browser.goto(&stack.url("/?number=TL1000000001")).await?;
    browser.widget("trackline-widget").await?;
    let add = r#"
        const late = document.createElement('div');
        late.id = 'late';
        late.setAttribute('data-trackline', '');
        late.setAttribute('number', 'TL3000000003');
        document.body.appendChild(late);
        const framework = document.createElement('section');
        framework.id = 'framework';
        document.body.appendChild(framework);
        window.Trackline.mount(framework, { number: 'TL4000000004', lang: 'fr' });
        // A single-page app adds the element, then sets its attributes one by one.
        const spa = document.createElement('trackline-widget');
        spa.id = 'spa';
        document.body.appendChild(spa);
        spa.setAttribute('number', 'TL2000000002');
        spa.setAttribute('lang', 'de');
        return true;
    "#;
    browser.eval(add, serde_json::json!(null)).await?;
    let late = browser.widget("#late").await?;
    assert_eq!(
        late.status.as_deref(),
        Some(expected_now("TL3000000003").status_text.as_str())
    );
    let framework = browser.widget("#framework").await?;
    assert_eq!(framework.lang.as_deref(), Some("fr"));
    let french = common::expected_in("TL4000000004", Lang::Fr);
    assert_eq!(
        framework.status.as_deref(),
        Some(french.status_text.as_str())
    );
    // Returned to the sender: the headline says what to do, in French.
    assert!(french.advice.is_some());
    assert_eq!(framework.advice, french.advice);
    // Its progress ends with the return, current, instead of the delivery it will not reach.
    let labels: Vec<&str> = french
        .progress
        .steps
        .iter()
        .map(|s| s.label.as_str())
        .collect();
    assert_eq!(framework.steps, labels);
    assert_eq!(framework.current_step.as_deref(), labels.last().copied());
    assert_eq!(framework.current_step.as_deref(), Some("Retour expéditeur"));
    let marked = browser
        .shadow_text(
            "#framework",
            "[data-testid=step].returned[aria-current=step]",
        )
        .await?;
    assert_eq!(
        marked.as_deref(),
        Some("Retour expéditeur"),
        "in the exception's colour"
    );
    let spa = browser.widget("#spa").await?;
    let german = common::expected_in("TL2000000002", Lang::De).status_text;
    assert_eq!(spa.status.as_deref(), Some(german.as_str()));
    // One mount for the burst of changes: one request, for the final attributes.
    let asked = browser
        .eval(
            "return performance.getEntriesByType('resource').map(r => r.name).filter(n => n.includes('/v1/trackings/TL2000000002'));",
            serde_json::Value::Null,
        )
        .await?;
    let asked = asked.as_array().cloned().unwrap_or_default();
    assert_eq!(asked.len(), 1, "{asked:?}");
    assert!(
        asked[0].as_str().unwrap_or_default().contains("lang=de"),
        "{asked:?}"
    );
    browser.close().await
}

/// The hosted order page (`/track?merchant=&order=`) shows the order form pre-filled; a hostile
/// order value never reaches the page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hosted_order_page_prefills_the_order() -> Result<()> {
    let stack = Stack::start()?;
    let browser = Browser::start(390, 844).await?;
    let prefilled = r#"
        const host = document.querySelector('trackline-widget');
        const input = host && host.shadowRoot && host.shadowRoot.querySelector('[data-testid=order]');
        return input ? input.value : null;
    "#;
    browser
        .goto(&stack.url("/track?merchant=demo-store&order=%231042&lang=de"))
        .await?;
    let value = browser
        .wait_for(
            &format!("{prefilled} "),
            serde_json::json!(null),
            Duration::from_secs(20),
        )
        .await?;
    assert_eq!(value, "1042");
    let lang = browser
        .eval(
            "return document.documentElement.lang",
            serde_json::json!(null),
        )
        .await?;
    assert_eq!(lang, "de");
    browser
        .goto(
            &stack
                .url("/track?merchant=demo-store&order=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
        )
        .await?;
    let value = browser
        .wait_for(
            &format!("{prefilled} "),
            serde_json::json!(null),
            Duration::from_secs(20),
        )
        .await;
    // An empty form: the wait sees "" (present but empty), never the script.
    assert_eq!(value?, "");
    let scripts = browser
        .eval("return document.scripts.length", serde_json::json!(null))
        .await?;
    assert_eq!(scripts, 1);
    browser.close().await
}

/// A carrier that takes seconds to answer: the buyer sees the loading skeleton meanwhile, not
/// an empty box. The loader asks for the wasm after the tracking, but does not wait for a slow
/// tracking to come in before it does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_carrier_shows_the_loading_skeleton_until_it_answers() -> Result<()> {
    let sim = Simulator::start()?;
    sim.inject("dhl", [Fault::Slow(Duration::from_millis(4000))]);
    let stack = Stack::start_with(vec![
        ("DHL_BASE_URL".into(), sim.base_url("dhl")),
        ("DHL_API_KEY".into(), KEY.into()),
    ])?;
    let page = format!(
        r#"<!doctype html><html><head><script async src="{}/widget.js"></script></head>
        <body><trackline-widget number="1234567890" carrier="dhl" id="slot"></trackline-widget>
        </body></html>"#,
        stack.edge.url()
    );
    let store = Store::start(vec![StoreFile::html("/", page)])?;
    let browser = Browser::start(1000, 1200).await?;
    browser.goto(&store.url("/")).await?;
    assert_eq!(store.hits("/"), 1);
    let skeleton = "const root = document.querySelector('#slot').shadowRoot; \
        return !!(root && root.querySelector('[data-testid=loading]'));";
    browser
        .wait_for(skeleton, serde_json::Value::Null, Duration::from_secs(3))
        .await?;
    // The carrier has not answered yet: no tracking request has finished.
    assert_eq!(requests(&browser).await?, (0, 0));
    // Then the tracking replaces the skeleton.
    let seen = browser.widget("#slot").await?;
    assert!(seen.status.is_some(), "{seen:?}");
    assert_eq!(sim.calls("dhl"), 1);
    let order = RequestOrder::of(&browser).await?;
    assert!(order.tracking_start <= order.wasm_start, "{order:?}");
    assert!(order.wasm_start < order.tracking_end, "{order:?}");
    browser.close().await
}

/// A store whose Content-Security-Policy allows our script but not WebAssembly (no
/// `'wasm-unsafe-eval'`): the wasm cannot start, yet the buyer still reads their tracking,
/// because the loader shows the card the edge drew.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_that_forbids_webassembly_still_shows_the_tracking() -> Result<()> {
    let stack = Stack::start()?;
    let page = format!(
        r#"<!doctype html><html><head></head><body><h1>A strict store</h1>
        <trackline-widget number="TL2000000002" lang="de" id="slot"></trackline-widget>
        <script async src="{}/widget.js"></script></body></html>"#,
        stack.edge.url()
    );
    let policy = format!("script-src {}", stack.edge.url());
    let store = Store::start(vec![
        StoreFile::html("/", page).with_header("Content-Security-Policy", &policy)
    ])?;
    let browser = Browser::start(1000, 1200).await?;
    browser.goto(&store.url("/")).await?;
    let seen = browser.card("#slot").await?;
    assert_eq!(store.hits("/"), 1);
    let expected = common::expected_in("TL2000000002", Lang::De);
    assert_eq!(seen.status.as_deref(), Some(expected.status_text.as_str()));
    assert_eq!(seen.events.len(), 5, "the newest five of a long history");
    assert_eq!(seen.events[0], expected.events[0].text);
    // The wasm really could not start: the card is still the edge's drawing.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let ready = "return performance.getEntriesByName('trackline:wasm-ready').length;";
    assert_eq!(browser.eval(ready, serde_json::Value::Null).await?, 0);
    let drawn = browser.shadow_text("#slot", "[data-prerendered] [data-testid=status]");
    assert_eq!(drawn.await?.as_deref(), Some(expected.status_text.as_str()));
    // Where the wasm runs, the widget mounts over the edge's card: the two must look the same,
    // or the buyer would see the card jump.
    let edge_card = browser.eval(CARD_SHAPE, serde_json::json!("#slot")).await?;
    browser
        .goto(&stack.url("/?number=TL2000000002&lang=de"))
        .await?;
    browser.widget("#tracker").await?;
    let widget_card = browser
        .eval(CARD_SHAPE, serde_json::json!("#tracker"))
        .await?;
    assert!(
        edge_card.as_array().is_some_and(|a| a.len() > 40),
        "{edge_card}"
    );
    assert_eq!(edge_card, widget_card);
    browser.close().await
}

/// The card's text and every element's tag, classes and test id, in document order (leaving
/// out the map's land, which the widget loads later).
const CARD_SHAPE: &str = r#"
    const card = document.querySelector(arguments[0]).shadowRoot.querySelector('section.card');
    const elements = Array.from(card.querySelectorAll('*')).filter(el => !el.matches('path.land'));
    return [card.textContent].concat(elements.map(el =>
        el.tagName + ' .' + (el.getAttribute('class') || '') + ' #' + (el.getAttribute('data-testid') || '')));
"#;
