//! `cargo xtask demo` stops everything it started when it is told to stop the way process
//! managers and closed terminals do (SIGTERM, SIGHUP), not only on Ctrl-C: afterwards nothing
//! answers on its port. Runs the xtask binary that `cargo xtask test` itself runs from, with
//! `--no-build` (the build is the test run's own).

use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

fn answers(port: u16) -> bool {
    TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_millis(300)).is_ok()
}

fn demo_stops_on(signal: &str) -> Result<()> {
    let xtask = trackline_e2e::project_root().join("target/debug/xtask");
    anyhow::ensure!(
        xtask.exists(),
        "{} is missing: run the tests through `cargo xtask test`",
        xtask.display()
    );
    let port = free_port()?;
    let mut demo = Command::new(&xtask)
        .args(["demo", "--no-build"])
        .env("PORT", port.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("starting the demo")?;
    let deadline = Instant::now() + Duration::from_secs(90);
    while !answers(port) {
        if let Some(status) = demo.try_wait()? {
            bail!("the demo exited before it answered: {status}");
        }
        if Instant::now() > deadline {
            let _ = demo.kill();
            bail!("the demo did not answer on {port} within 90 s");
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    // Let it finish seeding the demo store, so the signal arrives while it waits.
    std::thread::sleep(Duration::from_secs(2));
    let killed = Command::new("kill")
        .args([format!("-{signal}"), demo.id().to_string()])
        .status()?;
    anyhow::ensure!(killed.success(), "kill -{signal} failed");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if demo.try_wait()?.is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = demo.kill();
            bail!("the demo did not exit within 30 s of SIG{signal}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    // workerd gone too: nothing answers on the port any more.
    let deadline = Instant::now() + Duration::from_secs(10);
    while answers(port) {
        if Instant::now() > deadline {
            bail!("after SIG{signal}, something still answers on port {port}: wrangler or workerd was left running");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Ok(())
}

/// One after the other: both runs keep the demo's state in the same directory.
#[test]
fn the_demo_stops_everything_on_sigterm_and_on_sighup() -> Result<()> {
    demo_stops_on("TERM")?;
    demo_stops_on("HUP")
}
