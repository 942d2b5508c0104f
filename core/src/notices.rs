//! Notices: the plain-language explanations a buyer needs at the moments that make them
//! anxious. A scan gap on a cross-border leg (normal, and when to worry), a customs hold, a
//! delay and its reason, and data that is stale because the carrier is down.

use chrono::{DateTime, Duration, Utc};

use crate::model::{Event, Notice, NoticeKind, Status, Substatus};
use crate::texts::{dates::day_month, fill, text, Key, Lang};

/// A cross-border parcel often goes this many days without a scan (at sea, in the air, in a
/// container waiting for customs): past it, we explain the silence.
pub const QUIET_DAYS_CROSS_BORDER: i64 = 4;
/// Past this many days without a scan, even a cross-border parcel deserves a question to the
/// store: the notice names the date.
pub const WORRY_AFTER_DAYS: i64 = 20;

/// The notices for a shipment whose events are `events` (newest first), at `now`.
pub fn derive(lang: Lang, events: &[Event], cross_border: bool, now: DateTime<Utc>) -> Vec<Notice> {
    let mut notices = Vec::new();
    let Some(latest) = events.first() else {
        return notices;
    };
    if latest.substatus == Some(Substatus::CustomsHeld) {
        notices.push(notice(lang, NoticeKind::CustomsHold, &[]));
    }
    if let Some(
        reason @ (Substatus::DelayedWeather | Substatus::DelayedVolume | Substatus::DelayedOther),
    ) = latest.substatus
    {
        let reason = text(lang, Key::Substatus(reason)).label;
        notices.push(notice(lang, NoticeKind::Delay, &[("reason", reason)]));
    }
    let moving = matches!(latest.status, Status::InfoReceived | Status::InTransit);
    let quiet = now.signed_duration_since(latest.at.to_utc());
    if cross_border && moving && quiet >= Duration::days(QUIET_DAYS_CROSS_BORDER) {
        let worry_on = (latest.at + Duration::days(WORRY_AFTER_DAYS)).date_naive();
        let days = quiet.num_days().to_string();
        notices.push(notice(
            lang,
            NoticeKind::ScanGap,
            &[("days", &days), ("date", &day_month(lang, worry_on))],
        ));
    }
    notices
}

/// The notice for a copy served while `carrier` cannot be reached; `synced_at` is when it last
/// answered.
pub fn stale(lang: Lang, carrier: &str, synced_at: DateTime<Utc>) -> Notice {
    let time = format!(
        "{} {} UTC",
        day_month(lang, synced_at.date_naive()),
        synced_at.format("%H:%M")
    );
    notice(
        lang,
        NoticeKind::Stale,
        &[("carrier", carrier), ("time", &time)],
    )
}

fn notice(lang: Lang, kind: NoticeKind, values: &[(&str, &str)]) -> Notice {
    let t = text(lang, Key::Notice(kind));
    Notice {
        kind,
        title: fill(t.label, values),
        text: fill(t.explanation, values),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn scan(when: &str, status: Status, substatus: Option<Substatus>) -> Event {
        Event {
            at: DateTime::parse_from_rfc3339(when).unwrap(),
            status,
            substatus,
            text: String::new(),
            carrier_text: String::new(),
            location: None,
        }
    }

    fn kinds(notices: &[Notice]) -> Vec<NoticeKind> {
        notices.iter().map(|n| n.kind).collect()
    }

    #[test]
    fn explains_a_long_quiet_cross_border_leg_and_when_to_worry() {
        let events = [scan(
            "2026-11-08T22:00:00+08:00",
            Status::InTransit,
            Some(Substatus::Departed),
        )];
        let notices = derive(Lang::En, &events, true, at("2026-11-19T12:00:00Z"));
        assert_eq!(kinds(&notices), [NoticeKind::ScanGap]);
        assert_eq!(notices[0].title, "No new scan for 10 days");
        assert!(
            notices[0].text.contains("by Nov 28,"),
            "{}",
            notices[0].text
        );
    }

    #[test]
    fn says_nothing_about_short_gaps_domestic_gaps_or_delivered_parcels() {
        let now = at("2026-11-19T12:00:00Z");
        let recent = [scan("2026-11-17T12:00:00Z", Status::InTransit, None)];
        assert!(derive(Lang::En, &recent, true, now).is_empty());
        let old = [scan("2026-11-01T12:00:00Z", Status::InTransit, None)];
        assert!(derive(Lang::En, &old, false, now).is_empty(), "domestic");
        let delivered = [scan("2026-11-01T12:00:00Z", Status::Delivered, None)];
        assert!(derive(Lang::En, &delivered, true, now).is_empty());
        assert!(derive(Lang::En, &[], true, now).is_empty());
    }

    #[test]
    fn customs_holds_and_delays_get_their_own_notice_in_the_buyers_language() {
        let now = at("2026-11-19T12:00:00Z");
        let held = [scan(
            "2026-11-19T08:00:00Z",
            Status::Exception,
            Some(Substatus::CustomsHeld),
        )];
        assert_eq!(
            kinds(&derive(Lang::En, &held, true, now)),
            [NoticeKind::CustomsHold]
        );
        let weather = [scan(
            "2026-11-19T08:00:00Z",
            Status::InTransit,
            Some(Substatus::DelayedWeather),
        )];
        let notices = derive(Lang::En, &weather, false, now);
        assert_eq!(kinds(&notices), [NoticeKind::Delay]);
        assert!(
            notices[0].text.contains("Delayed by weather"),
            "{}",
            notices[0].text
        );
        let german = derive(Lang::De, &weather, false, now);
        assert_ne!(german[0].text, notices[0].text);
        assert!(!german[0].text.contains('{'), "{}", german[0].text);
    }

    #[test]
    fn stale_copies_say_which_carrier_and_since_when() {
        let n = stale(Lang::En, "UPS", at("2026-11-19T14:05:00Z"));
        assert_eq!(n.kind, NoticeKind::Stale);
        assert!(
            n.text.contains("UPS") && n.text.contains("Nov 19 14:05 UTC"),
            "{}",
            n.text
        );
    }
}
