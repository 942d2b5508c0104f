//! `cargo xtask test`'s house rules, over every file git tracks: each Rust source file opens with
//! a `//!` line saying what it is for, and no file points at documents outside this repository
//! (the repository explains itself: README and `docs/`). The other generated files have their
//! own drift checks: the gazetteer here in xtask, the README's connector table and
//! `docs/status-mapping.md` in core's tests.

use std::path::Path;

use anyhow::{bail, Context, Result};
use xshell::{cmd, Shell};

/// Texts that name documents outside the repository. (Written in pieces so this file does not
/// trip its own rule.)
const OUTSIDE: [[&str; 2]; 4] = [
    ["../sha", "red"],
    ["DESIGN", ".md"],
    ["STYLE", ".md"],
    ["TOOLCHAIN", ".md"],
];

/// Files the rules do not apply to: lockfiles, written by tools.
const EXEMPT: [&str; 2] = ["Cargo.lock", "package-lock.json"];

/// Checks every tracked file; lists every breach.
pub fn check(root: &Path) -> Result<()> {
    let sh = Shell::new()?;
    sh.change_dir(root);
    let files = cmd!(sh, "git ls-files")
        .read()
        .context("listing tracked files")?;
    let mut breaches = Vec::new();
    for file in files.lines().filter(|f| !EXEMPT.contains(f)) {
        let Ok(text) = std::fs::read_to_string(root.join(file)) else {
            continue; // binary: nothing to read
        };
        breaches.extend(breaches_in(file, &text));
    }
    if !breaches.is_empty() {
        bail!("house rules broken:\n  {}", breaches.join("\n  "));
    }
    Ok(())
}

/// What `text`, the content of `file`, breaks.
fn breaches_in(file: &str, text: &str) -> Vec<String> {
    let mut found = Vec::new();
    if file.ends_with(".rs") && !text.starts_with("//!") {
        found.push(format!(
            "{file}: does not open with a `//!` line saying what it is for"
        ));
    }
    for [a, b] in OUTSIDE {
        let outside = format!("{a}{b}");
        if let Some(line) = text.lines().position(|l| l.contains(&outside)) {
            found.push(format!(
                "{file}:{}: points outside the repository ({outside})",
                line + 1
            ));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_repository_keeps_them() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        check(root).unwrap();
    }

    #[test]
    fn the_rules_catch_what_they_are_for() {
        assert!(breaches_in("a.rs", "//! Why.\nfn main() {}").is_empty());
        assert_eq!(breaches_in("a.rs", "fn main() {}").len(), 1);
        assert!(breaches_in("b.md", "See docs/architecture.md.").is_empty());
        let outside = format!("See `{}{}`.", OUTSIDE[1][0], OUTSIDE[1][1]);
        assert_eq!(breaches_in("b.md", &outside).len(), 1);
        let shared = format!("read {}{}/x", OUTSIDE[0][0], OUTSIDE[0][1]);
        assert_eq!(breaches_in("c.toml", &shared).len(), 1);
    }
}
