//! The end-to-end harness: starts the real parts on loopback and drives them.
//!
//! - [`wrangler`]: the edge worker in real workerd through `wrangler dev`, in its own process
//!   group on a free port with its own persist dir, stopped with all its children on drop.
//! - [`browser`]: headless Chromium through chromedriver, with helpers that look inside the
//!   widget's Shadow DOM the way a buyer's eyes would.
//! - [`sim`]: the carrier simulator, speaking each carrier's API on loopback.
//! - [`store`]: a merchant's own web server, on another origin than the edge.
//!
//! Tools are found where `cargo xtask` installs them (`node_modules/`, `.tools/`); run the
//! tests through `cargo xtask test`, which installs and builds everything first.

#[cfg(feature = "browser")]
pub mod browser;
pub mod process;
#[cfg(feature = "sim")]
pub mod sim;
pub mod store;
pub mod wrangler;

use std::path::PathBuf;

/// The workspace root.
pub fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_owned()
}

/// A port on 127.0.0.1 that was free a moment ago.
pub fn free_port() -> std::io::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}
