//! `cargo xtask fuzz`: the property tests of every reader of outside input (connectors' answers
//! and pushes, Trackline's push format, the privacy filter, coordinates and the map, carrier
//! times, merging) with many more cases than `cargo xtask test` runs. `FUZZ_CASES` sets how
//! many per property (default 100,000); leave it going as long as you like, Ctrl-C stops it.

use std::path::Path;

use anyhow::Result;
use xshell::{cmd, Shell};

/// The test names that hold the properties: each is a module of property tests in core.
const PROPERTIES: [&str; 2] = ["properties", "hostile_tests"];

/// Runs the properties with `FUZZ_CASES` cases each, optimised.
pub fn run(root: &Path) -> Result<()> {
    let cases = std::env::var("FUZZ_CASES").unwrap_or_else(|_| "100000".to_owned());
    let sh = Shell::new()?;
    sh.change_dir(root);
    crate::step(&format!("property tests with {cases} cases each"));
    let [a, b] = PROPERTIES;
    cmd!(
        sh,
        "cargo test --release -p trackline-core --lib -- {a} {b} --test-threads=2"
    )
    .env("PROPTEST_CASES", &cases)
    .run()?;
    Ok(())
}
