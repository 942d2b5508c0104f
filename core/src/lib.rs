//! Trackline's core: pure Rust, no I/O, built for the host and for `wasm32`.
//!
//! Everything that decides something about a shipment lives here, so it can be tested fast on
//! the host and shared by the edge worker and the browser widget:
//! - [`carriers`]: one connector per carrier API, all the same shape;
//! - [`compat`]: the mapping to AfterShip and 17TRACK statuses;
//! - [`detect`]: which carriers a pasted tracking number can belong to;
//! - [`geo`]: geocoding carriers' place names, and the route a buyer sees on the map;
//! - [`merchant`]: order registration and lookup rules, hashed emails and keys;
//! - [`model`]: the one normalised tracking model every carrier is mapped into;
//! - [`notices`]: plain words for scan gaps, customs holds, delays and stale data;
//! - [`number`]: cleaning a pasted tracking number;
//! - [`privacy`]: what buyer-facing tracking may show about people;
//! - [`progress`]: the milestones a buyer sees, derived from the events;
//! - [`texts`]: the words a buyer reads for each status;
//! - [`tracking`]: a carrier's report assembled into the buyer's view;
//! - [`refresh`]: when to ask the carrier again;
//! - [`routing`]: which connector serves which carrier;
//! - [`sandbox`]: the built-in, credential-free carrier with deterministic journeys;
//! - [`shipment`]: one shipment's stored state, refresh decisions, view and transitions;
//! - [`webhook`]: Trackline's own signed push format.
//!
//! ```
//! use chrono::DateTime;
//! use trackline_core::sandbox;
//!
//! let now = DateTime::parse_from_rfc3339("2026-11-21T12:00:00Z").unwrap().to_utc();
//! let report = sandbox::report("TL1000000001", now).unwrap();
//! let tracking = trackline_core::tracking::assemble(Default::default(), "TL1000000001", report, now);
//! assert_eq!(tracking.status, trackline_core::model::Status::Delivered);
//! ```
#![deny(missing_docs)]

pub mod admission;
pub mod carriers;
pub mod compat;
pub mod contacts;
pub mod detect;
pub mod geo;
#[cfg(test)]
mod input_properties;
pub mod merchant;
pub mod model;
pub mod negotiate;
pub mod notices;
pub mod notify;
pub mod number;
pub mod privacy;
pub mod progress;
pub mod push_health;
pub mod refresh;
pub mod routing;
pub mod sandbox;
pub mod shipment;
pub mod texts;
pub mod tracking;
pub mod webhook;
