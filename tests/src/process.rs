//! A child process in its own process group, stopped with all its descendants on drop.
//!
//! `npx wrangler` alone starts npm, sh, node twice, workerd twice and esbuild; chromedriver starts
//! Chromium and its helpers. Killing only the direct child would leave the rest running.

use std::process::{Child, Command};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

/// A running process group.
#[derive(Debug)]
pub struct Group {
    child: Child,
}

impl Group {
    /// Spawns `command` as the leader of a new process group.
    pub fn spawn(mut command: Command, what: &str) -> Result<Self> {
        use std::os::unix::process::CommandExt;
        command.process_group(0);
        let child = command
            .spawn()
            .with_context(|| format!("starting {what}"))?;
        Ok(Group { child })
    }

    /// True while the leader runs.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Asks the whole group to stop (SIGTERM), then forces it (SIGKILL) after a grace period.
    pub fn stop(&mut self) {
        let group = -(self.child.id() as i32);
        // SAFETY: kill(2) with a negative pid signals that process group; no memory is involved.
        unsafe { libc::kill(group, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(5);
        while self.is_running() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        // Children may outlive the leader: make sure none is left.
        unsafe { libc::kill(group, libc::SIGKILL) };
        let _ = self.child.wait();
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        self.stop();
    }
}
