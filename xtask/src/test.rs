//! `cargo xtask test`: set-up, then every check CI gates on, in order of speed. All checks run
//! even when one fails, so one run shows every problem; the exit code is non-zero if any failed.

use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Result};
use xshell::{cmd, Shell};

use crate::tools::Tools;
use crate::{build, step, tools};

const WASM: &str = "wasm32-unknown-unknown";

/// One check of the suite.
type Check = fn(&Shell, &Tools) -> Result<()>;

/// Runs the whole suite.
pub fn run(root: &Path) -> Result<()> {
    let started = Instant::now();
    let tools = tools::ensure(root)?;
    build::all(root, &tools)?;
    let sh = Shell::new()?;
    sh.change_dir(root);
    let checks: [(&str, Check); 7] = [
        ("rustfmt", fmt),
        ("tidy (house rules)", tidy),
        ("generated files are up to date", generated),
        ("clippy (warnings are errors)", clippy),
        (
            "host tests (core, xtask, the widget's prerendered card)",
            host_tests,
        ),
        ("widget tests in headless Chromium", widget_tests),
        ("end-to-end tests (wrangler dev + Chromium)", e2e_tests),
    ];
    let mut failed = Vec::new();
    for (name, check) in checks {
        step(name);
        let t = Instant::now();
        match check(&sh, &tools) {
            Ok(()) => println!("    ok: {name} ({:.0?})", t.elapsed()),
            Err(e) => {
                eprintln!("    FAILED: {name}: {e:#}");
                failed.push(name);
            }
        }
    }
    println!("cargo xtask test took {:.0?}", started.elapsed());
    if !failed.is_empty() {
        bail!("failed checks: {}", failed.join(", "));
    }
    println!("all checks passed");
    Ok(())
}

fn fmt(sh: &Shell, _: &Tools) -> Result<()> {
    cmd!(sh, "cargo fmt --all -- --check").run()?;
    Ok(())
}

fn tidy(sh: &Shell, _: &Tools) -> Result<()> {
    crate::tidy::check(&sh.current_dir())
}

fn generated(sh: &Shell, _: &Tools) -> Result<()> {
    // The committed gazetteer must be what its pinned data packages give.
    crate::gazetteer::check(&sh.current_dir())
}

fn clippy(sh: &Shell, _: &Tools) -> Result<()> {
    // Host crates on the host; the worker and the widget only exist as wasm.
    cmd!(sh, "cargo clippy --quiet --all-targets -p trackline-core -p trackline-e2e -p trackline-bench -p xtask -- -D warnings").run()?;
    cmd!(sh, "cargo clippy --quiet --all-targets --target {WASM} -p trackline-edge -p trackline-widget -- -D warnings").run()?;
    Ok(())
}

fn host_tests(sh: &Shell, _: &Tools) -> Result<()> {
    cmd!(sh, "cargo test --quiet -p trackline-core -p xtask").run()?;
    // The widget's card as the edge draws it is plain Rust writing HTML: tested on the host.
    cmd!(
        sh,
        "cargo test --quiet -p trackline-widget --features prerender --lib"
    )
    .run()?;
    Ok(())
}

fn widget_tests(sh: &Shell, tools: &Tools) -> Result<()> {
    // wasm-bindgen-test-runner drives Chromium through chromedriver, with the flags in
    // widget/webdriver.json.
    cmd!(sh, "cargo test -p trackline-widget --target {WASM}")
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            &tools.wasm_bindgen_test_runner,
        )
        .env("CHROMEDRIVER", &tools.chromedriver)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "60")
        .run()?;
    Ok(())
}

fn e2e_tests(sh: &Shell, tools: &Tools) -> Result<()> {
    // Each test starts its own wrangler dev and Chromium; two at a time suit a 2-core machine.
    cmd!(sh, "cargo test -p trackline-e2e -- --test-threads=2")
        .env("CHROMIUM", &tools.chromium)
        .env("CHROMEDRIVER", &tools.chromedriver)
        .run()?;
    Ok(())
}
