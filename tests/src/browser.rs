//! Headless Chromium driven through chromedriver (WebDriver), and a page object for the widget.
//!
//! The widget draws inside an open Shadow DOM, so the helpers here query through
//! `element.shadowRoot`, by the `data-testid` hooks the widget puts on what a buyer sees.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};

use crate::free_port;
use crate::process::Group;

/// Chromium flags that keep it quiet and self-contained on a closed network.
const CHROMIUM_FLAGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
];

/// A headless Chromium session; chromedriver and Chromium stop on drop.
pub struct Browser {
    /// The WebDriver client.
    pub client: Client,
    _profile: tempfile::TempDir,
    _driver: Group,
}

impl Browser {
    /// Starts chromedriver and a fresh Chromium with a `width`×`height` window.
    pub async fn start(width: u32, height: u32) -> Result<Self> {
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let chromedriver =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let port = free_port()?;
        let mut command = Command::new(&chromedriver);
        command
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let driver = Group::spawn(command, "chromedriver")?;
        let profile = tempfile::tempdir()?;
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        args.push(format!("--window-size={width},{height}"));
        let mut options = json!({ "binary": chromium, "args": args });
        // Headless Chromium will not make a window narrower than about 500 px: phones are
        // emulated, so a 320 px test really lays out 320 px.
        if width < 500 {
            options["mobileEmulation"] = json!({
                "deviceMetrics": { "width": width, "height": height, "pixelRatio": 2.0, "touch": true }
            });
        }
        let capabilities = json!({ "goog:chromeOptions": options });
        let capabilities = capabilities.as_object().cloned().unwrap();
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(capabilities.clone())
                .connect(&url)
                .await
            {
                Ok(client) => break client,
                Err(e) if Instant::now() > deadline => bail!("chromedriver did not start: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };
        Ok(Browser {
            client,
            _profile: profile,
            _driver: driver,
        })
    }

    /// Opens `url`.
    pub async fn goto(&self, url: &str) -> Result<()> {
        self.client
            .goto(url)
            .await
            .with_context(|| format!("opening {url}"))
    }

    /// Runs `script` (a function body; `arguments[0]` is `arg`) and returns its value.
    pub async fn eval(&self, script: &str, arg: Value) -> Result<Value> {
        Ok(self.client.execute(script, vec![arg]).await?)
    }

    /// Polls `script` until it returns something other than `null`/`false`, at most `timeout`.
    pub async fn wait_for(&self, script: &str, arg: Value, timeout: Duration) -> Result<Value> {
        let deadline = Instant::now() + timeout;
        loop {
            let value = self.eval(script, arg.clone()).await?;
            if !matches!(value, Value::Null | Value::Bool(false)) {
                return Ok(value);
            }
            if Instant::now() > deadline {
                let html = self.eval(WIDGET_HTML, arg).await.unwrap_or_default();
                bail!("timed out after {timeout:?} waiting for {script}; widget HTML: {html}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits for the widget in the element matching `host` (a CSS selector) to finish loading,
    /// and reads what a buyer sees in it.
    pub async fn widget(&self, host: &str) -> Result<WidgetView> {
        self.view_once(WIDGET_SETTLED, host).await
    }

    /// What the card in `host` shows as soon as there is one: the edge's drawing of it (shown
    /// by the loader before the wasm is ready) or the widget's own.
    pub async fn card(&self, host: &str) -> Result<WidgetView> {
        self.view_once(CARD_SHOWN, host).await
    }

    /// What the widget in `host` shows, once the script `ready` says so.
    async fn view_once(&self, ready: &str, host: &str) -> Result<WidgetView> {
        let arg = json!(host);
        self.wait_for(ready, arg.clone(), Duration::from_secs(20))
            .await?;
        let seen = self.eval(WIDGET_VIEW, arg).await?;
        serde_json::from_value(seen.clone())
            .map_err(|e| anyhow!("unexpected widget view {seen}: {e}"))
    }

    /// The text of the first element matching `selector` in the Shadow DOM of the widget in
    /// `host` (a CSS selector); `None` when there is none.
    pub async fn shadow_text(&self, host: &str, selector: &str) -> Result<Option<String>> {
        let script = "const el = document.querySelector(arguments[0]).shadowRoot.querySelector(arguments[1]); \
            return el ? el.textContent : null;";
        let value = self
            .client
            .execute(script, vec![Value::from(host), Value::from(selector)])
            .await?;
        Ok(value.as_str().map(str::to_owned))
    }

    /// Opens a collapsed history ("Show all updates") in the widget in `host`, if it has one.
    pub async fn expand_history(&self, host: &str) -> Result<()> {
        self.eval(EXPAND_HISTORY, json!(host)).await?;
        Ok(())
    }

    /// Ends the WebDriver session.
    pub async fn close(self) -> Result<()> {
        self.client.close().await?;
        Ok(())
    }
}

/// What a buyer sees in one widget.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct WidgetView {
    /// The headline status, such as "Delivered"; `None` when a message shows instead.
    pub status: Option<String>,
    /// What the headline tells the buyer to do, if anything.
    pub advice: Option<String>,
    /// The text of each timeline entry, top to bottom.
    pub events: Vec<String>,
    /// The label of each progress step.
    pub steps: Vec<String>,
    /// The label of the current progress step.
    pub current_step: Option<String>,
    /// The message shown instead of a tracking, if any.
    pub problem: Option<String>,
    /// The widget's `lang` attribute (a BCP 47 tag).
    pub lang: Option<String>,
    /// The widget's writing direction, `ltr` or `rtl`.
    pub dir: Option<String>,
    /// The notices' titles.
    pub notices: Vec<String>,
}

// `arguments[0]` is the host element's CSS selector in each of these scripts.
/// The widget's own view is in: a card or a problem, not the edge's drawing of the card that
/// the loader shows until the wasm takes over (`data-prerendered`).
const WIDGET_SETTLED: &str = r#"
    const host = document.querySelector(arguments[0]);
    const root = host && host.shadowRoot;
    return !!root && !root.querySelector('[data-prerendered]')
        && !!root.querySelector('[data-testid=tracking], [data-testid=problem]');
"#;

/// A card is on screen, whoever drew it.
const CARD_SHOWN: &str = r#"
    const host = document.querySelector(arguments[0]);
    const root = host && host.shadowRoot;
    return !!root && !!root.querySelector('[data-testid=tracking]');
"#;

const WIDGET_VIEW: &str = r#"
    const root = document.querySelector(arguments[0]).shadowRoot;
    const text = (el) => el ? el.textContent.trim() : null;
    const all = (sel) => Array.from(root.querySelectorAll(sel));
    return {
        status: text(root.querySelector('[data-testid=status]')),
        advice: text(root.querySelector('[data-testid=advice]')),
        events: all('[data-testid=event] .text').map(text),
        steps: all('[data-testid=step]').map(text),
        current_step: text(root.querySelector('[data-testid=step][aria-current=step]')),
        problem: text(root.querySelector('[data-testid=problem]')),
        lang: root.querySelector('.trackline').getAttribute('lang'),
        dir: root.querySelector('.trackline').getAttribute('dir'),
        notices: all('[data-testid=notice] .title').map(text),
    };
"#;

const EXPAND_HISTORY: &str = r#"
    const root = document.querySelector(arguments[0]).shadowRoot;
    const toggle = root.querySelector('[data-testid=toggle-history]');
    if (toggle && toggle.getAttribute('aria-expanded') !== 'true') toggle.click();
    return true;
"#;

const WIDGET_HTML: &str = r#"
    const host = document.querySelector(arguments[0]);
    return host ? (host.shadowRoot ? host.shadowRoot.innerHTML : 'no shadow root: ' + host.outerHTML) : 'no element';
"#;
