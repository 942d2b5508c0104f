//! The edge's one clock. Core never reads a clock: every decision that depends on the time takes
//! `now` as a parameter, and the edge passes this.

use chrono::{DateTime, Utc};

/// Now, from the runtime (in a Worker, the time of the request's start, advanced by I/O).
pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(worker::Date::now().as_millis() as i64).unwrap_or_default()
}
