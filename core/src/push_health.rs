//! Push health: per source (Kuaidi100, 17TRACK, AfterShip, ...), whether its pushes still
//! arrive, how many shipments it covers, and what is wrong when something is. The edge keeps
//! the counts (one row per source, one per subscribed shipment); the rules live here, so the
//! console's alerts and the API say the same thing.
//!
//! A source is judged on facts the edge sees, never on a guess about the source:
//! - **silent**: it covers shipments but nothing arrived for [`SILENT_AFTER`] (or, never having
//!   pushed, its oldest subscription is that old): the webhook URL or the source's account is
//!   the usual cause. The safety-net poll keeps the shipments tracked meanwhile.
//! - **refused**: pushes arrive with a signature that does not match, and none matched since:
//!   the secret in Trackline differs from the source's.
//! - **failing**: subscriptions it refuses (credentials, quota), retried with back-off.
//! - **stopped**: shipments the source stopped pushing and that could not be renewed.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::shipment::{State, Subscription};

/// A source covering shipments with no push for this long is silent.
pub const SILENT_AFTER: Duration = Duration::hours(24);

/// Where a shipment's subscription stands, as the edge counts it per source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    /// Accepted, and pushes have arrived since.
    Pushing,
    /// Accepted; no push yet.
    Waiting,
    /// The source stopped it (and it is not renewed yet).
    Stopped,
    /// Attempts fail and nothing was accepted.
    Failing,
    /// Ended (a finished parcel), or never to be made.
    Ended,
}

impl Coverage {
    /// Its name as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Coverage::Pushing => "pushing",
            Coverage::Waiting => "waiting",
            Coverage::Stopped => "stopped",
            Coverage::Failing => "failing",
            Coverage::Ended => "ended",
        }
    }

    /// The one named `name`, if any.
    pub fn from_name(name: &str) -> Option<Coverage> {
        [
            Coverage::Pushing,
            Coverage::Waiting,
            Coverage::Stopped,
            Coverage::Failing,
            Coverage::Ended,
        ]
        .into_iter()
        .find(|c| c.as_str() == name)
    }
}

/// Where `state`'s subscription stands: `None` when it has none (never tried).
pub fn coverage(state: &State, now: DateTime<Utc>) -> Option<Coverage> {
    let sub: &Subscription = state.subscription.as_ref()?;
    Some(if sub.ended {
        Coverage::Ended
    } else if sub.stopped {
        Coverage::Stopped
    } else if sub.since.is_none() {
        if sub.failures > 0 {
            Coverage::Failing
        } else {
            Coverage::Waiting
        }
    } else if state.push_proven(now) {
        Coverage::Pushing
    } else if state.push_active(now) {
        Coverage::Waiting
    } else {
        // Lapsed: it is renewed by the shipment's alarm; until then, like a stop.
        Coverage::Stopped
    })
}

/// What the edge knows about one source.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceFacts {
    /// The connector code (`kuaidi100`).
    pub source: String,
    /// When a push last arrived with a good signature (ms since the epoch).
    pub last_push_at: Option<i64>,
    /// Pushes accepted in all.
    pub pushes: u64,
    /// When a push last arrived with a bad signature (ms since the epoch).
    pub last_refused_at: Option<i64>,
    /// Pushes refused for their signature in all.
    pub refused: u64,
    /// Shipments per [`Coverage`]: pushing, waiting, stopped, failing.
    pub pushing: u64,
    /// Subscribed, no push yet.
    pub waiting: u64,
    /// Stopped by the source.
    pub stopped: u64,
    /// Subscriptions failing.
    pub failing: u64,
    /// When the oldest subscription still waiting for its first push was made (ms).
    pub oldest_waiting_since: Option<i64>,
}

/// Something wrong with a source, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Problem {
    /// It covers shipments and nothing arrived for `hours`.
    Silent {
        /// Hours since the last push (or since the oldest waiting subscription).
        hours: i64,
    },
    /// Pushes arrive with signatures that do not match.
    SignaturesRefused {
        /// How many were refused in all.
        refused: u64,
    },
    /// Subscriptions fail.
    SubscriptionsFailing {
        /// How many shipments have no working subscription for that.
        shipments: u64,
    },
    /// The source stopped pushing shipments.
    Stopped {
        /// How many.
        shipments: u64,
    },
}

impl Problem {
    /// What to do, in a sentence, for the console and the merchant's alert.
    pub fn advice(&self, source: &str) -> String {
        match self {
            Problem::Silent { hours } => format!(
                "No push from {source} for {hours} h while it covers shipments: check the webhook URL in {source}'s console (/v1/webhooks/{source} on this deployment) and that the account is active. The safety-net poll keeps these shipments tracked meanwhile."
            ),
            Problem::SignaturesRefused { refused } => format!(
                "{refused} push(es) from {source} were refused because their signature does not match: the secret set in Trackline differs from the one in {source}'s console."
            ),
            Problem::SubscriptionsFailing { shipments } => format!(
                "{shipments} shipment(s) could not be subscribed with {source}: check its credentials and quota; attempts are retried with back-off and the shipments are polled meanwhile."
            ),
            Problem::Stopped { shipments } => format!(
                "{source} stopped pushing {shipments} shipment(s) and they could not be renewed yet: they are polled at the normal cadence."
            ),
        }
    }
}

/// A source's health: its facts and its problems (none: healthy).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceHealth {
    /// The connector code.
    pub source: String,
    /// `healthy`, `idle` (covers nothing) or `attention`.
    pub state: &'static str,
    /// When a push last arrived (RFC 3339), if ever.
    pub last_push_at: Option<String>,
    /// Shipments whose news it brings now (pushing or waiting for the first push).
    pub covered: u64,
    /// Shipments it pushes to now, proven by a push.
    pub pushing: u64,
    /// Shipments stopped by the source, not renewed yet.
    pub stopped: u64,
    /// Shipments whose subscription fails.
    pub failing: u64,
    /// Pushes accepted and refused in all.
    pub pushes: u64,
    /// Pushes refused for their signature in all.
    pub refused: u64,
    /// What is wrong, each with its advice.
    pub problems: Vec<Alert>,
}

/// A problem and its advice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    /// The problem.
    #[serde(flatten)]
    pub problem: Problem,
    /// What to do.
    pub advice: String,
}

fn at(ms: Option<i64>) -> Option<DateTime<Utc>> {
    ms.and_then(DateTime::from_timestamp_millis)
}

/// Judges a source by its facts at `now`.
pub fn assess(facts: &SourceFacts, now: DateTime<Utc>) -> SourceHealth {
    let covered = facts.pushing.saturating_add(facts.waiting);
    let mut problems = Vec::new();
    if covered > 0 {
        // Silent: the newest push is old, or there never was one and the oldest waiting
        // subscription is old.
        let reference = at(facts.last_push_at).or(at(facts.oldest_waiting_since));
        if let Some(reference) = reference {
            let quiet = now.signed_duration_since(reference);
            if quiet >= SILENT_AFTER {
                problems.push(Problem::Silent {
                    hours: quiet.num_hours(),
                });
            }
        }
    }
    // Refused and none accepted since: the secret is wrong (a stray bad one among good ones
    // is someone else's noise).
    let refused_last = match (at(facts.last_refused_at), at(facts.last_push_at)) {
        (Some(refused), Some(accepted)) => refused > accepted,
        (Some(_), None) => true,
        _ => false,
    };
    if refused_last && facts.refused > 0 {
        problems.push(Problem::SignaturesRefused {
            refused: facts.refused,
        });
    }
    if facts.failing > 0 {
        problems.push(Problem::SubscriptionsFailing {
            shipments: facts.failing,
        });
    }
    if facts.stopped > 0 {
        problems.push(Problem::Stopped {
            shipments: facts.stopped,
        });
    }
    let state = if !problems.is_empty() {
        "attention"
    } else if covered == 0 {
        "idle"
    } else {
        "healthy"
    };
    SourceHealth {
        source: facts.source.clone(),
        state,
        last_push_at: at(facts.last_push_at).map(|t| t.to_rfc3339()),
        covered,
        pushing: facts.pushing,
        stopped: facts.stopped,
        failing: facts.failing,
        pushes: facts.pushes,
        refused: facts.refused,
        problems: problems
            .into_iter()
            .map(|problem| Alert {
                advice: problem.advice(&facts.source),
                problem,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shipment::Key;

    /// Any instant: the rules only look at durations.
    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap()
    }

    fn ms(t: DateTime<Utc>) -> Option<i64> {
        Some(t.timestamp_millis())
    }

    fn facts() -> SourceFacts {
        SourceFacts {
            source: "kuaidi100".into(),
            ..SourceFacts::default()
        }
    }

    #[test]
    fn a_source_that_pushes_is_healthy_and_one_that_covers_nothing_idle() {
        let now = now();
        let idle = assess(&facts(), now);
        assert_eq!(idle.state, "idle");
        assert!(idle.problems.is_empty());
        let healthy = assess(
            &SourceFacts {
                pushing: 3,
                waiting: 1,
                pushes: 10,
                last_push_at: ms(now - Duration::hours(2)),
                ..facts()
            },
            now,
        );
        assert_eq!(healthy.state, "healthy");
        assert_eq!(healthy.covered, 4);
        assert!(healthy.last_push_at.is_some());
    }

    #[test]
    fn silence_is_a_problem_only_while_shipments_are_covered() {
        let now = now();
        let quiet = SourceFacts {
            pushing: 2,
            last_push_at: ms(now - SILENT_AFTER - Duration::hours(2)),
            ..facts()
        };
        let health = assess(&quiet, now);
        assert_eq!(health.state, "attention");
        assert_eq!(health.problems[0].problem, Problem::Silent { hours: 26 });
        assert!(health.problems[0].advice.contains("/v1/webhooks/kuaidi100"));
        // Just under the threshold: fine.
        let recent = SourceFacts {
            last_push_at: ms(now - SILENT_AFTER + Duration::minutes(1)),
            ..quiet.clone()
        };
        assert!(assess(&recent, now).problems.is_empty());
        // Nothing covered: an old last push means nothing.
        let done = SourceFacts {
            pushing: 0,
            ..quiet
        };
        assert_eq!(assess(&done, now).state, "idle");
        // Never pushed: judged from the oldest waiting subscription.
        let never = SourceFacts {
            waiting: 5,
            oldest_waiting_since: ms(now - Duration::days(2)),
            ..facts()
        };
        assert!(matches!(
            assess(&never, now).problems[0].problem,
            Problem::Silent { hours: 48 }
        ));
        let young = SourceFacts {
            oldest_waiting_since: ms(now - Duration::hours(1)),
            ..never
        };
        assert!(assess(&young, now).problems.is_empty());
    }

    #[test]
    fn refused_signatures_alert_until_a_good_push_arrives() {
        let now = now();
        let refused = SourceFacts {
            refused: 4,
            last_refused_at: ms(now - Duration::minutes(5)),
            last_push_at: ms(now - Duration::hours(1)),
            pushing: 1,
            ..facts()
        };
        let health = assess(&refused, now);
        assert_eq!(
            health.problems[0].problem,
            Problem::SignaturesRefused { refused: 4 }
        );
        let since = SourceFacts {
            last_push_at: ms(now),
            ..refused
        };
        assert!(assess(&since, now).problems.is_empty());
    }

    #[test]
    fn failing_and_stopped_subscriptions_are_counted_with_advice() {
        let health = assess(
            &SourceFacts {
                failing: 2,
                stopped: 1,
                ..facts()
            },
            now(),
        );
        let codes: Vec<_> = health.problems.iter().map(|a| a.problem.clone()).collect();
        assert_eq!(
            codes,
            vec![
                Problem::SubscriptionsFailing { shipments: 2 },
                Problem::Stopped { shipments: 1 }
            ]
        );
        assert!(health.problems.iter().all(|a| !a.advice.is_empty()));
        let json = serde_json::to_value(&health).unwrap();
        assert_eq!(json["problems"][0]["code"], "subscriptions_failing");
        assert_eq!(json["problems"][0]["shipments"], 2);
    }

    #[test]
    fn a_shipments_coverage_follows_its_subscription() {
        let now = now();
        let mut state = State {
            key: Some(Key {
                carrier: "sf_express".into(),
                number: "SF1409871234567".into(),
                connector: "kuaidi100".into(),
            }),
            ..State::default()
        };
        assert_eq!(coverage(&state, now), None);
        state.record_subscription(Err(crate::carriers::CarrierError::Down("x".into())), now);
        assert_eq!(coverage(&state, now), Some(Coverage::Failing));
        state.record_subscription(Ok(crate::carriers::Subscribed::default()), now);
        assert_eq!(coverage(&state, now), Some(Coverage::Waiting));
        if let Some(sub) = state.subscription.as_mut() {
            sub.last_push_at = ms(now + Duration::seconds(1));
        }
        assert_eq!(
            coverage(&state, now + Duration::seconds(2)),
            Some(Coverage::Pushing)
        );
        if let Some(sub) = state.subscription.as_mut() {
            sub.stopped = true;
        }
        assert_eq!(coverage(&state, now), Some(Coverage::Stopped));
        state.record_unsubscription();
        assert_eq!(coverage(&state, now), Some(Coverage::Ended));
        for c in [
            Coverage::Pushing,
            Coverage::Waiting,
            Coverage::Stopped,
            Coverage::Failing,
            Coverage::Ended,
        ] {
            assert_eq!(Coverage::from_name(c.as_str()), Some(c));
        }
    }
}
