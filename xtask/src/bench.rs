//! `cargo xtask bench`: set-up and build as for the demo, then the `trackline-bench` binary,
//! which measures every row of the performance table in this run and prints it.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use xshell::{cmd, Shell};

use crate::tools::Tools;
use crate::{build, step, tools};

/// Runs the bench.
pub fn run(root: &Path) -> Result<()> {
    let tools = tools::ensure(root)?;
    build::all(root, &tools)?;
    let sh = Shell::new()?;
    sh.change_dir(root);
    let peer_data = peer_data(&sh)?;
    step("measuring (a few minutes; load goes only to 127.0.0.1)");
    run_bench(&sh, &tools, &peer_data)
}

fn run_bench(sh: &Shell, tools: &Tools, peer_data: &Path) -> Result<()> {
    cmd!(
        sh,
        "cargo run --quiet --release -p trackline-bench -- {peer_data}"
    )
    .env("CHROMIUM", &tools.chromium)
    .env("CHROMEDRIVER", &tools.chromedriver)
    .run()
    .context("the bench")?;
    Ok(())
}

/// The test numbers the `tracking-numbers` crate ships, so both detectors get the same inputs
/// (found through `cargo metadata`; nothing is copied into this repository).
fn peer_data(sh: &Shell) -> Result<PathBuf> {
    let metadata = cmd!(sh, "cargo metadata --quiet --format-version 1")
        .read()
        .context("cargo metadata")?;
    let metadata: serde_json::Value = serde_json::from_str(&metadata)?;
    let manifest = metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["name"] == "tracking-numbers")
        .and_then(|p| p["manifest_path"].as_str())
        .context("tracking-numbers is not in the dependency graph")?;
    Ok(Path::new(manifest)
        .parent()
        .context("manifest has no folder")?
        .join("tracking_number_data"))
}
