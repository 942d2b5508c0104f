//! What every end-to-end test starts with: a fresh `wrangler dev` on a free port with its own
#![allow(dead_code)] // Each test binary uses a different part of this module.
//! persist dir, and the expected tracking computed by `trackline-core` itself.

use anyhow::Result;
use chrono::Utc;
use trackline_core::{model::Tracking, sandbox, texts::Lang, tracking::assemble};
use trackline_e2e::wrangler::{Options, WranglerDev};

/// A running edge with its temporary state; both go away on drop.
pub struct Stack {
    pub edge: WranglerDev,
    _dir: tempfile::TempDir,
}

impl Stack {
    pub fn start() -> Result<Self> {
        let dir = tempfile::tempdir()?;
        let options = Options {
            port: None,
            persist_to: dir.path().join("state"),
            log: Some(dir.path().join("wrangler.log")),
        };
        Ok(Stack {
            edge: WranglerDev::start(options)?,
            _dir: dir,
        })
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.edge.url())
    }
}

/// The sandbox's tracking for `number` as core assembles it now. Deterministic journeys change
/// only at midnight UTC, so a test compares against the answers of the instants just before and
/// just after its request.
pub fn expected_now(number: &str) -> Tracking {
    expected_in(number, Lang::En)
}

/// The same, in `lang`.
pub fn expected_in(number: &str, lang: Lang) -> Tracking {
    let now = Utc::now();
    let report = sandbox::report(number, now).expect("a sandbox number");
    assemble(lang, number, report, now)
}

/// An HTTP client that reports 4xx/5xx as responses, not errors, and gives up after 10 s.
pub fn http() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(std::time::Duration::from_secs(10)))
        .build()
        .into()
}
