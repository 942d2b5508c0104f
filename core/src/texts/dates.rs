//! Dates in the form each language's buyers read them ("Dec 2", "2 déc.", "12月2日").

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike};

use super::Lang;

const EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const ES: [&str; 12] = [
    "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic",
];
const PT: [&str; 12] = [
    "jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez",
];
const FR: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc.",
];
const DE: [&str; 12] = [
    "Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez.",
];
const AR: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];

/// A day and month, without the year (buyers track parcels of the last weeks).
pub fn day_month(lang: Lang, date: NaiveDate) -> String {
    let (d, m) = (date.day(), date.month0() as usize);
    match lang {
        Lang::En => format!("{} {d}", EN[m]),
        Lang::Es => format!("{d} {}", ES[m]),
        Lang::PtBr => format!("{d} de {}", PT[m]),
        Lang::Fr => format!("{d} {}", FR[m]),
        Lang::De => format!("{d}. {}", DE[m]),
        Lang::Ar => format!("{d} {}", AR[m]),
        Lang::ZhHans | Lang::ZhHant | Lang::Ja => format!("{}月{d}日", m + 1),
        Lang::Ko => format!("{}월 {d}일", m + 1),
    }
}

/// The time of a scan where it happened, with that place's UTC offset ("14:05 UTC+8"): a
/// buyer in another time zone sees why a scan seems to come from the future or the night.
/// Hour and minute by hand: chrono's `format` would bring its whole strftime engine into the
/// widget (~10 KB).
pub fn clock(at: DateTime<FixedOffset>) -> String {
    let (east, h, m) = offset(at);
    let sign = if east { '+' } else { '\u{2212}' };
    let zone = match (h, m) {
        (0, 0) => "UTC".to_owned(),
        (h, 0) => format!("UTC{sign}{h}"),
        (h, m) => format!("UTC{sign}{h}:{m:02}"),
    };
    format!("{:02}:{:02} {zone}", at.hour(), at.minute())
}

/// When a scan happened, as the buyer reads it: the day, then the place's time and UTC offset
/// ("Nov 20 09:55 UTC−6"). The widget's timeline and its last-update line both say it so.
pub fn scan_time(lang: Lang, at: DateTime<FixedOffset>) -> String {
    format!("{} {}", day_month(lang, at.date_naive()), clock(at))
}

/// `at` for a machine: RFC 3339 to the second ("2026-11-20T14:05:09+08:00"), the value of an
/// HTML `<time datetime>`. From the fields, because chrono's `to_rfc3339` costs the widget
/// about 1 KB of wasm.
pub fn machine_time(at: DateTime<FixedOffset>) -> String {
    let (east, h, m) = offset(at);
    let sign = if east { '+' } else { '-' };
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{sign}{h:02}:{m:02}",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// East of UTC (or on it), and the offset's hours and minutes.
fn offset(at: DateTime<FixedOffset>) -> (bool, i32, i32) {
    let seconds = at.offset().local_minus_utc();
    let abs = seconds.abs();
    (seconds >= 0, abs / 3600, abs % 3600 / 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machine_time_is_rfc3339_to_the_second() {
        for at in [
            "2026-11-20T14:05:09+08:00",
            "2026-01-02T03:04:05-09:30",
            "2026-11-20T00:07:00+00:00",
        ] {
            let parsed = DateTime::parse_from_rfc3339(at).unwrap();
            assert_eq!(machine_time(parsed), at);
        }
    }

    #[test]
    fn scan_time_is_the_day_then_the_clock() {
        let at = DateTime::parse_from_rfc3339("2026-11-20T09:55:00-06:00").unwrap();
        assert_eq!(scan_time(Lang::En, at), "Nov 20 09:55 UTC\u{2212}6");
        assert_eq!(scan_time(Lang::De, at), "20. Nov. 09:55 UTC\u{2212}6");
    }

    #[test]
    fn clock_shows_the_places_offset() {
        let cases = [
            ("2026-11-20T14:05:00+08:00", "14:05 UTC+8"),
            ("2026-11-20T09:30:59+05:30", "09:30 UTC+5:30"),
            ("2026-11-20T23:00:00-03:00", "23:00 UTC\u{2212}3"),
            ("2026-11-20T00:07:00Z", "00:07 UTC"),
            ("2026-11-20T06:00:00+00:00", "06:00 UTC"),
            ("2026-11-20T06:00:00-09:30", "06:00 UTC\u{2212}9:30"),
        ];
        for (at, expected) in cases {
            let at = DateTime::parse_from_rfc3339(at).unwrap();
            assert_eq!(clock(at), expected, "{at}");
        }
    }

    #[test]
    fn formats_a_day_as_each_market_writes_it() {
        let date = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let cases = [
            (Lang::En, "Dec 2"),
            (Lang::Es, "2 dic"),
            (Lang::PtBr, "2 de dez"),
            (Lang::Fr, "2 déc."),
            (Lang::De, "2. Dez."),
            (Lang::Ar, "2 ديسمبر"),
            (Lang::ZhHans, "12月2日"),
            (Lang::ZhHant, "12月2日"),
            (Lang::Ja, "12月2日"),
            (Lang::Ko, "12월 2일"),
        ];
        for (lang, expected) in cases {
            assert_eq!(day_month(lang, date), expected, "{lang:?}");
        }
    }
}
