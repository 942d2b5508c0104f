//! What a notification says, in the buyer's language: a subject, plain text, HTML and an SMS,
//! with the store's name and colour, the tracking link, the estimate, and for problems the
//! reason and what to do. The status words are the widget's own (`texts`), so a buyer reads
//! the same words in the email as on the page. A merchant may replace the subject and the text
//! with their own, with placeholders only: every value is escaped and no template code runs.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::{Candidate, Trigger};
use crate::model::{Milestone, NoticeKind, Status, Substatus};
use crate::texts::{dates::day_month, fill, text, ui_text, Key, Lang, Mail, Ui};

/// The store and the links a message needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context<'a> {
    /// The buyer's language.
    pub lang: Lang,
    /// The store's name.
    pub merchant: &'a str,
    /// The store's colour (`#rrggbb`; anything else is replaced by Trackline's).
    pub colour: &'a str,
    /// The tracking page.
    pub link: &'a str,
    /// The one-click unsubscribe link.
    pub unsubscribe: &'a str,
    /// The latest expected delivery day, when there is an estimate.
    pub estimate: Option<NaiveDate>,
    /// When the message is written (for "no scan for N days").
    pub now: DateTime<Utc>,
}

/// A merchant's own words, with placeholders `{merchant}`, `{status}`, `{details}`, `{link}`
/// and `{estimate}`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Custom {
    /// The subject.
    pub subject: Option<String>,
    /// The text (also the SMS).
    pub text: Option<String>,
}

/// The longest custom template taken, in bytes.
pub const MAX_CUSTOM: usize = 2000;

/// A message, ready for each channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The email's subject.
    pub subject: String,
    /// The email's plain text.
    pub text: String,
    /// The email's HTML (every value escaped).
    pub html: String,
    /// The SMS: one segment where it fits.
    pub sms: String,
}

/// Trackline's colour, for a store that gives none (or something that is not a colour).
const DEFAULT_COLOUR: &str = "#1a56db";

/// The status words of `candidate`: (label, details).
fn status_words(candidate: &Candidate, ctx: &Context<'_>) -> (String, String) {
    let lang = ctx.lang;
    let of = |key: Key| {
        let t = text(lang, key);
        (t.label.to_owned(), t.explanation.to_owned())
    };
    let with_reason = |status: Status| {
        let (label, mut details) = of(Key::Status(status));
        if let Some(sub) = candidate.substatus {
            let reason = text(lang, Key::Substatus(sub));
            details = format!("{}: {} {}", reason.label, reason.explanation, details);
        }
        (label, details)
    };
    match candidate.trigger {
        Trigger::Shipped => {
            let (label, _) = of(Key::Status(Status::InTransit));
            let (_, details) = of(Key::Milestone(Milestone::PickedUp));
            (label, details)
        }
        Trigger::CustomsCleared => of(Key::Substatus(Substatus::CustomsCleared)),
        Trigger::OutForDelivery => of(Key::Status(Status::OutForDelivery)),
        Trigger::Delivered => of(Key::Status(Status::Delivered)),
        Trigger::FailedAttempt => with_reason(Status::FailedAttempt),
        Trigger::ReadyForPickup => of(Key::Status(Status::AvailableForPickup)),
        Trigger::Exception => match candidate.substatus {
            Some(sub) => of(Key::Substatus(sub)),
            None => of(Key::Status(Status::Exception)),
        },
        Trigger::Delay => of(Key::Substatus(Substatus::DelayedOther)),
        Trigger::LongGap => {
            let t = text(lang, Key::Notice(NoticeKind::ScanGap));
            let last = DateTime::from_timestamp_millis(candidate.about).unwrap_or(ctx.now);
            let days = ctx
                .now
                .signed_duration_since(last)
                .num_days()
                .max(0)
                .to_string();
            let worry = (last + Duration::days(crate::notices::WORRY_AFTER_DAYS)).date_naive();
            let values = [("days", days.as_str()), ("date", &day_month(lang, worry))];
            (fill(t.label, &values), fill(t.explanation, &values))
        }
        Trigger::ReturnedToSender => of(Key::Substatus(
            candidate.substatus.unwrap_or(Substatus::ReturningToSender),
        )),
    }
}

/// `s` safe inside HTML text and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A `#rrggbb` colour, or Trackline's.
fn colour(c: &str) -> &str {
    let ok = c.len() == 7 && c.starts_with('#') && c[1..].bytes().all(|b| b.is_ascii_hexdigit());
    if ok {
        c
    } else {
        DEFAULT_COLOUR
    }
}

/// True when `sms` fits one segment: 160 characters of the GSM alphabet's basic set, else 70
/// (UCS-2).
pub fn one_segment(sms: &str) -> bool {
    const GSM: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    let n = sms.chars().count();
    if sms.chars().all(|c| GSM.contains(c)) {
        n <= 160
    } else {
        n <= 70
    }
}

/// Fills a merchant's template: only the known placeholders, each value passed through
/// `escape` (HTML-escaped for HTML, as is for text). The template itself is escaped the same
/// way first, so it can carry no markup.
fn custom(template: &str, values: &[(&str, &str)], escape: fn(&str) -> String) -> String {
    let template: String = template.chars().take(MAX_CUSTOM).collect();
    let escaped: Vec<(&str, String)> = values.iter().map(|(k, v)| (*k, escape(v))).collect();
    let pairs: Vec<(&str, &str)> = escaped.iter().map(|(k, v)| (*k, v.as_str())).collect();
    fill(&escape(&template), &pairs)
}

/// The message for `candidate`, in the buyer's language, with the merchant's own words where
/// it gave some.
pub fn compose(candidate: &Candidate, ctx: &Context<'_>, own: &Custom) -> Message {
    let lang = ctx.lang;
    let (label, details) = status_words(candidate, ctx);
    let estimate = ctx.estimate.map(|d| day_month(lang, d));
    let estimate_line = estimate
        .as_ref()
        .map(|d| format!("{}: {d}", ui_text(lang, Ui::EstimatedDelivery).label));
    let track = text(lang, Key::Mail(Mail::TrackParcel)).label;
    let why = fill(
        text(lang, Key::Mail(Mail::WhyThisMessage)).label,
        &[("merchant", ctx.merchant)],
    );
    let unsubscribe = text(lang, Key::Mail(Mail::Unsubscribe)).label;
    let values = [
        ("merchant", ctx.merchant),
        ("status", label.as_str()),
        ("details", details.as_str()),
        ("link", ctx.link),
        ("estimate", estimate.as_deref().unwrap_or("")),
    ];
    let subject = match &own.subject {
        Some(t) => custom(t, &values, str::to_owned),
        None => format!("{}: {label}", ctx.merchant),
    };
    // Subjects are one line.
    let subject: String = subject
        .replace(['\r', '\n'], " ")
        .chars()
        .take(200)
        .collect();

    let body = match &own.text {
        Some(t) => custom(t, &values, str::to_owned),
        None => {
            let mut lines = vec![label.clone(), String::new(), details.clone()];
            if let Some(line) = &estimate_line {
                lines.push(String::new());
                lines.push(line.clone());
            }
            lines.join("\n")
        }
    };
    let text_body = format!(
        "{body}\n\n{track}: {}\n\n--\n{why}\n{unsubscribe}: {}\n",
        ctx.link, ctx.unsubscribe
    );

    let e = escape_html;
    let body_html = match &own.text {
        Some(t) => custom(t, &values, escape_html).replace('\n', "<br>"),
        None => {
            let mut html = format!(
                "<h1 style=\"font-size:20px;margin:0 0 12px\">{}</h1><p style=\"margin:0 0 12px\">{}</p>",
                e(&label),
                e(&details)
            );
            if let Some(line) = &estimate_line {
                html.push_str(&format!(
                    "<p style=\"margin:0 0 12px\"><strong>{}</strong></p>",
                    e(line)
                ));
            }
            html
        }
    };
    let dir = if lang.is_rtl() { "rtl" } else { "ltr" };
    let html = format!(
        "<!doctype html><html lang=\"{lang}\" dir=\"{dir}\"><body style=\"font-family:system-ui,sans-serif;color:#111;max-width:560px;margin:0 auto;padding:16px\">\
<p style=\"font-weight:600;color:{colour}\">{merchant}</p>{body_html}\
<p style=\"margin:20px 0\"><a href=\"{link}\" style=\"background:{colour};color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none;display:inline-block\">{track}</a></p>\
<p style=\"font-size:12px;color:#555\">{why}<br><a href=\"{unsubscribe_link}\" style=\"color:#555\">{unsubscribe}</a></p></body></html>",
        lang = lang.tag(),
        colour = colour(ctx.colour),
        merchant = e(ctx.merchant),
        link = e(ctx.link),
        track = e(track),
        why = e(&why),
        unsubscribe_link = e(ctx.unsubscribe),
        unsubscribe = e(unsubscribe),
    );

    let sms = match &own.text {
        Some(t) => custom(t, &values, str::to_owned),
        None => {
            let full = format!("{}: {label}. {}", ctx.merchant, ctx.link);
            if one_segment(&full) {
                full
            } else {
                // Without the store's name it may fit; if not, two segments it is.
                let short = format!("{label}. {}", ctx.link);
                if one_segment(&short) {
                    short
                } else {
                    full
                }
            }
        }
    };
    Message {
        subject,
        text: text_body,
        html,
        sms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-21T12:00:00Z")
            .unwrap()
            .to_utc()
    }

    fn ctx(lang: Lang) -> Context<'static> {
        Context {
            lang,
            merchant: "Maple & Co",
            colour: "#0a7d4f",
            link: "https://track.example/track/1Z999AA10123456784",
            unsubscribe: "https://track.example/v1/notifications/unsubscribe?t=abc",
            estimate: Some(NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()),
            now: now(),
        }
    }

    fn candidate(trigger: Trigger, substatus: Option<Substatus>) -> Candidate {
        Candidate {
            trigger,
            about: (now() - Duration::days(5)).timestamp_millis(),
            substatus,
        }
    }

    #[test]
    fn every_trigger_reads_in_every_language_with_its_links() {
        for lang in Lang::ALL {
            for trigger in Trigger::ALL {
                let m = compose(&candidate(trigger, None), &ctx(lang), &Custom::default());
                assert!(
                    m.subject.starts_with("Maple & Co: "),
                    "{lang:?} {trigger:?}"
                );
                assert!(
                    !m.subject.contains('{'),
                    "{lang:?} {trigger:?}: {}",
                    m.subject
                );
                assert!(m.text.contains(ctx(lang).link) && m.text.contains(ctx(lang).unsubscribe));
                assert!(!m.text.contains('{'), "{lang:?} {trigger:?}: {}", m.text);
                assert!(m
                    .html
                    .contains("href=\"https://track.example/track/1Z999AA10123456784\""));
                assert!(m.html.contains("Maple &amp; Co"), "escaped in HTML");
                assert!(m.sms.contains(ctx(lang).link));
            }
        }
        let de = compose(
            &candidate(Trigger::Delivered, None),
            &ctx(Lang::De),
            &Custom::default(),
        );
        assert_eq!(de.subject, "Maple & Co: Zugestellt");
        assert!(de.text.contains("bei Maple & Co bestellt"));
        let ar = compose(
            &candidate(Trigger::Delivered, None),
            &ctx(Lang::Ar),
            &Custom::default(),
        );
        assert!(ar.html.contains("dir=\"rtl\""));
    }

    #[test]
    fn problems_carry_their_reason_and_the_estimate_its_day() {
        let m = compose(
            &candidate(Trigger::Exception, Some(Substatus::CustomsHeld)),
            &ctx(Lang::En),
            &Custom::default(),
        );
        assert_eq!(m.subject, "Maple & Co: Held by customs");
        assert!(m.text.contains("documents or import duties"), "{}", m.text);
        let failed = compose(
            &candidate(Trigger::FailedAttempt, Some(Substatus::AddressProblem)),
            &ctx(Lang::En),
            &Custom::default(),
        );
        assert!(failed.text.contains("Address problem"), "{}", failed.text);
        let delayed = compose(
            &candidate(Trigger::Delay, None),
            &ctx(Lang::En),
            &Custom::default(),
        );
        assert!(
            delayed.text.contains("Estimated delivery: "),
            "{}",
            delayed.text
        );
        let gap = compose(
            &candidate(Trigger::LongGap, None),
            &ctx(Lang::En),
            &Custom::default(),
        );
        assert!(
            gap.subject.contains("No new scan for 5 days"),
            "{}",
            gap.subject
        );
    }

    #[test]
    fn sms_fits_one_segment_where_it_can() {
        let en = compose(
            &candidate(Trigger::Delivered, None),
            &ctx(Lang::En),
            &Custom::default(),
        );
        assert!(one_segment(&en.sms), "{}", en.sms);
        assert!(en.sms.starts_with("Maple & Co: Delivered."));
        // Chinese is UCS-2 (70 characters): the store's name goes before the link does.
        let zh = Context {
            link: "https://t.example/t/SF1409871234567",
            ..ctx(Lang::ZhHans)
        };
        let m = compose(
            &candidate(Trigger::Delivered, None),
            &zh,
            &Custom::default(),
        );
        assert!(one_segment(&m.sms), "{}", m.sms);
        assert!(!one_segment(&"长".repeat(71)));
        assert!(one_segment(&"a".repeat(160)) && !one_segment(&"a".repeat(161)));
    }

    #[test]
    fn a_merchants_own_words_take_placeholders_only_and_escaped() {
        let own = Custom {
            subject: Some("{merchant} says: {status}\r\nBcc: evil@example.com".into()),
            text: Some("<script>alert(1)</script> {status} — {link} {unknown}".into()),
        };
        let hostile = Context {
            merchant: "<b>Shop</b>",
            ..ctx(Lang::En)
        };
        let m = compose(&candidate(Trigger::Delivered, None), &hostile, &own);
        assert_eq!(
            m.subject, "<b>Shop</b> says: Delivered  Bcc: evil@example.com",
            "one line"
        );
        assert!(m
            .html
            .contains("&lt;script&gt;alert(1)&lt;/script&gt; Delivered"));
        assert!(!m.html.contains("<script>") && !m.html.contains("<b>Shop"));
        assert!(
            m.text.contains("{unknown}"),
            "unknown placeholders stay as written"
        );
        // A colour that is not one is Trackline's.
        let css = Context {
            colour: "red;background:url(x)",
            ..ctx(Lang::En)
        };
        let m = compose(
            &candidate(Trigger::Delivered, None),
            &css,
            &Custom::default(),
        );
        assert!(m.html.contains(DEFAULT_COLOUR) && !m.html.contains("url(x)"));
        // Oversized templates are cut.
        let long = Custom {
            subject: None,
            text: Some("x".repeat(10 * MAX_CUSTOM)),
        };
        let m = compose(&candidate(Trigger::Delivered, None), &ctx(Lang::En), &long);
        assert!(m.text.len() < 2 * MAX_CUSTOM);
    }

    proptest::proptest! {
        /// Whatever a merchant writes (name, colour, templates), nothing of it becomes markup
        /// and the subject stays one line.
        #[test]
        fn no_merchant_input_becomes_markup(
            merchant in ".{0,60}",
            colour in ".{0,12}",
            subject in proptest::option::of(".{0,300}"),
            body in proptest::option::of(".{0,300}"),
            lang in 0usize..Lang::ALL.len(),
        ) {
            let c = Context { merchant: &merchant, colour: &colour, ..ctx(Lang::ALL[lang]) };
            let own = Custom { subject, text: body };
            let m = compose(&candidate(Trigger::Exception, Some(Substatus::Lost)), &c, &own);
            proptest::prop_assert!(!m.subject.contains('\n') && !m.subject.contains('\r'));
            // Our own markup aside, every '<' in the HTML is one of ours.
            let ours = ["<!doctype", "<html", "<body", "<p", "</p", "<h1", "</h1", "<a ", "</a", "<br", "<strong", "</strong", "</body", "</html"];
            let mut rest = m.html.as_str();
            while let Some(i) = rest.find('<') {
                let tail = &rest[i..];
                proptest::prop_assert!(ours.iter().any(|o| tail.starts_with(o)), "stray markup: {}", &tail[..tail.len().min(30)]);
                rest = &tail[1..];
            }
        }
    }
}
