//! Trackline's chores, run as `cargo xtask <command>`.
//!
//! Every command first makes sure the pinned tools are installed in project-local directories
//! (`node_modules/`, `.tools/`), installing what is missing, so the README's two commands work
//! on a fresh machine. Nothing is reinstalled when it is already there, and builds are
//! incremental.

mod bench;
mod build;
mod demo;
mod fuzz;
mod gazetteer;
mod land;
mod test;
mod tidy;
mod tools;

use std::path::PathBuf;

use anyhow::{bail, Result};

const HELP: &str = "\
cargo xtask <command>

Commands:
  demo     install tools, build the widget and the worker, run `wrangler dev` on
           127.0.0.1:8787 (env PORT overrides) and print the demo storefront URL;
           Ctrl-C, SIGTERM or SIGHUP (a closed terminal, a process manager) stops
           everything it started. `demo --no-build` runs the last build as it is
  test     install tools, build, then fmt, clippy (warnings are errors), host tests,
           widget tests in headless Chromium, and end-to-end tests through
           workerd + Chromium; exits non-zero when any fails
  bench    install tools, build, and measure the performance table (widget weight,
           time to tracking rendered, cached-read throughput, detection vs the
           tracking-numbers crate);
           prints Markdown and writes target/bench/bench.json
  fuzz     the property tests of every reader of outside input (connectors, pushes,
           privacy filter, map geometry, times, merging) with FUZZ_CASES cases each
           (default 100000), optimised; `cargo xtask test` runs them with 256
  build    install tools and build the route map's land outlines (public/map/land.json),
           the gazetteer (core/src/geo/gazetteer.tsv), the widget (public/widget.js +
           .wasm) and the worker bundle (edge/build/)
  tools    install the pinned tools only, and print where they are
  help     print this text
";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = args.first().map(String::as_str).unwrap_or("help");
    if command == "demo" && args.len() == 2 && args[1] == "--no-build" {
        return demo::run(&project_root(), false);
    }
    if args.len() > 1 {
        bail!(
            "`cargo xtask {command}` takes no arguments, got {:?}\n\n{HELP}",
            &args[1..]
        );
    }
    let root = project_root();
    match command {
        "demo" => demo::run(&root, true),
        "test" => test::run(&root),
        "bench" => bench::run(&root),
        "fuzz" => fuzz::run(&root),
        "build" => {
            let tools = tools::ensure(&root)?;
            build::all(&root, &tools)
        }
        "tools" => {
            let tools = tools::ensure(&root)?;
            println!("{tools:#?}");
            Ok(())
        }
        "help" | "--help" | "-h" => {
            print!("{HELP}");
            Ok(())
        }
        other => bail!("unknown command `{other}`\n\n{HELP}"),
    }
}

/// The workspace root: the parent of this crate's directory.
fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_owned()
}

/// Prints what a long step is doing, so nobody wonders whether it hangs.
fn step(what: &str) {
    println!("\x1b[1m==> {what}\x1b[0m");
}
