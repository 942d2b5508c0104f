//! The words a buyer reads, in their language: a short label and one explaining sentence for
//! every status, substatus, progress milestone, notice and widget message.
//!
//! Each language is one table (`en.rs`, `zh_hans.rs`, ...) written as a buyer in that market
//! would say it, not word for word. Every table is an exhaustive `match` on [`Key`], so a missing
//! text does not compile; the tests below check that placeholders agree across languages.

use crate::model::{Milestone, NoticeKind, Status, Substatus};

mod ar;
pub mod dates;
mod de;
mod en;
mod es;
mod fr;
mod ja;
mod ko;
mod pt_br;
mod zh_hans;
mod zh_hant;

/// A language buyers can read Trackline in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese (mainland China, Singapore).
    ZhHans,
    /// Traditional Chinese (Taiwan, Hong Kong, Macau).
    ZhHant,
    /// Spanish.
    Es,
    /// Portuguese, as written in Brazil.
    PtBr,
    /// French.
    Fr,
    /// German.
    De,
    /// Japanese.
    Ja,
    /// Korean.
    Ko,
    /// Arabic (written right to left).
    Ar,
}

/// Something a buyer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    /// A main status.
    Status(Status),
    /// A substatus.
    Substatus(Substatus),
    /// A progress-bar milestone.
    Milestone(Milestone),
    /// A notice; see [`Notice placeholders`](NoticeKind) in the English table.
    Notice(NoticeKind),
    /// A message of the widget itself.
    Ui(Ui),
    /// Words of the notifications sent to buyers (email, SMS), around the status words.
    Mail(Mail),
}

/// The words a notification adds around a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mail {
    /// The link to the tracking page.
    TrackParcel,
    /// Why the buyer gets it; `{merchant}` is the store's name.
    WhyThisMessage,
    /// The one-click unsubscribe link (and the unsubscribe page's button).
    Unsubscribe,
    /// The unsubscribe page, once done.
    Unsubscribed,
}

impl Mail {
    /// Every one.
    pub const ALL: [Mail; 4] = [
        Mail::TrackParcel,
        Mail::WhyThisMessage,
        Mail::Unsubscribe,
        Mail::Unsubscribed,
    ];
}

/// The widget's own messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ui {
    /// Shown while the tracking loads.
    Loading,
    /// The page gave the widget no tracking number.
    NoNumber,
    /// The carrier knows nothing about the number yet.
    NotFound,
    /// The input cannot be a tracking number.
    BadNumber,
    /// The edge or the carrier failed.
    Unavailable,
    /// The buyer's device is offline.
    Offline,
    /// The heading of the delivery estimate.
    EstimatedDelivery,
    /// Why: the carrier gave the estimate.
    EtaFromCarrier,
    /// Why: Trackline predicted it from similar parcels.
    EtaPredicted,
    /// How sure the estimate is: the carrier's own or a well-founded one.
    EtaConfidenceHigh,
    /// How sure the estimate is: a fair guess.
    EtaConfidenceMedium,
    /// How sure the estimate is: a rough guess.
    EtaConfidenceLow,
    /// The heading of the timeline.
    History,
    /// The label of the progress bar.
    Progress,
    /// The link to the carrier's own tracking page; `{carrier}` is its name.
    CarrierPage,
    /// Expands a long timeline.
    ShowAll,
    /// Collapses it again.
    ShowFewer,
    /// Before the time of the newest scan.
    LastUpdate,
    /// Announced (live region) when a new scan arrives while the buyer watches.
    NewUpdate,
    /// The heading of the route map.
    Route,
    /// The order lookup form's heading.
    FindOrder,
    /// Its order number field.
    OrderNumber,
    /// Its email field.
    Email,
    /// Its submit button.
    Find,
    /// No order matched the number and email.
    OrderNotFound,
}

impl Ui {
    /// The words for an estimate's confidence (0 to 1): high from 0.8, as carriers' own
    /// estimates are; medium from 0.5; low below.
    pub fn for_confidence(confidence: f32) -> Ui {
        if confidence >= 0.8 {
            Ui::EtaConfidenceHigh
        } else if confidence >= 0.5 {
            Ui::EtaConfidenceMedium
        } else {
            Ui::EtaConfidenceLow
        }
    }

    /// Its name in the edge's text packs for the widget (`GET /v1/widget/texts`).
    pub fn name(self) -> &'static str {
        match self {
            Ui::Loading => "loading",
            Ui::NoNumber => "no_number",
            Ui::NotFound => "not_found",
            Ui::BadNumber => "bad_number",
            Ui::Unavailable => "unavailable",
            Ui::Offline => "offline",
            Ui::EstimatedDelivery => "estimated_delivery",
            Ui::EtaFromCarrier => "eta_from_carrier",
            Ui::EtaPredicted => "eta_predicted",
            Ui::EtaConfidenceHigh => "eta_confidence_high",
            Ui::EtaConfidenceMedium => "eta_confidence_medium",
            Ui::EtaConfidenceLow => "eta_confidence_low",
            Ui::History => "history",
            Ui::Progress => "progress",
            Ui::CarrierPage => "carrier_page",
            Ui::ShowAll => "show_all",
            Ui::ShowFewer => "show_fewer",
            Ui::LastUpdate => "last_update",
            Ui::NewUpdate => "new_update",
            Ui::Route => "route",
            Ui::FindOrder => "find_order",
            Ui::OrderNumber => "order_number",
            Ui::Email => "email",
            Ui::Find => "find",
            Ui::OrderNotFound => "order_not_found",
        }
    }

    /// All widget messages.
    pub const ALL: [Ui; 25] = [
        Ui::Loading,
        Ui::NoNumber,
        Ui::NotFound,
        Ui::BadNumber,
        Ui::Unavailable,
        Ui::Offline,
        Ui::EstimatedDelivery,
        Ui::EtaFromCarrier,
        Ui::EtaPredicted,
        Ui::EtaConfidenceHigh,
        Ui::EtaConfidenceMedium,
        Ui::EtaConfidenceLow,
        Ui::History,
        Ui::Progress,
        Ui::CarrierPage,
        Ui::ShowAll,
        Ui::ShowFewer,
        Ui::LastUpdate,
        Ui::NewUpdate,
        Ui::Route,
        Ui::FindOrder,
        Ui::OrderNumber,
        Ui::Email,
        Ui::Find,
        Ui::OrderNotFound,
    ];
}

impl Key {
    /// Every key, for tests and tools that must cover them all.
    pub fn all() -> impl Iterator<Item = Key> {
        let statuses = Status::ALL.into_iter().map(Key::Status);
        let substatuses = Substatus::ALL.into_iter().map(Key::Substatus);
        let milestones = Milestone::ALL.into_iter().map(Key::Milestone);
        let notices = NoticeKind::ALL.into_iter().map(Key::Notice);
        let ui = Ui::ALL.into_iter().map(Key::Ui);
        let mail = Mail::ALL.into_iter().map(Key::Mail);
        statuses
            .chain(substatuses)
            .chain(milestones)
            .chain(notices)
            .chain(ui)
            .chain(mail)
    }
}

/// A short label and the sentence that explains it. `explanation` may be empty for widget
/// messages whose label says everything (English decides: other languages follow it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    /// A few words: a status, a heading, a button.
    pub label: &'static str,
    /// One or two sentences a worried buyer can act on.
    pub explanation: &'static str,
}

/// What `lang` says for `key`.
pub fn text(lang: Lang, key: Key) -> Text {
    let (label, explanation) = match lang {
        Lang::En => en::text(key),
        Lang::ZhHans => zh_hans::text(key),
        Lang::ZhHant => zh_hant::text(key),
        Lang::Es => es::text(key),
        Lang::PtBr => pt_br::text(key),
        Lang::Fr => fr::text(key),
        Lang::De => de::text(key),
        Lang::Ja => ja::text(key),
        Lang::Ko => ko::text(key),
        Lang::Ar => ar::text(key),
    };
    Text { label, explanation }
}

/// What `lang` says for a widget message. The widget calls this rather than [`text`], so it
/// carries only these tables (the edge words statuses, events and notices).
pub fn ui_text(lang: Lang, ui: Ui) -> Text {
    let (label, explanation) = match lang {
        Lang::En => en::ui(ui),
        Lang::ZhHans => zh_hans::ui(ui),
        Lang::ZhHant => zh_hant::ui(ui),
        Lang::Es => es::ui(ui),
        Lang::PtBr => pt_br::ui(ui),
        Lang::Fr => fr::ui(ui),
        Lang::De => de::ui(ui),
        Lang::Ja => ja::ui(ui),
        Lang::Ko => ko::ui(ui),
        Lang::Ar => ar::ui(ui),
    };
    Text { label, explanation }
}

/// What English says for a widget message: the only language the widget carries in its wasm
/// (it loads the buyer's from the edge), and its fallback.
pub fn english_ui(ui: Ui) -> Text {
    let (label, explanation) = en::ui(ui);
    Text { label, explanation }
}

/// Replaces each `{name}` in `template` by its value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

impl Lang {
    /// Every language, English first.
    pub const ALL: [Lang; 10] = [
        Lang::En,
        Lang::ZhHans,
        Lang::ZhHant,
        Lang::Es,
        Lang::PtBr,
        Lang::Fr,
        Lang::De,
        Lang::Ja,
        Lang::Ko,
        Lang::Ar,
    ];

    /// The BCP 47 tag, for `<html lang>` and `?lang=`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhHans => "zh-Hans",
            Lang::ZhHant => "zh-Hant",
            Lang::Es => "es",
            Lang::PtBr => "pt-BR",
            Lang::Fr => "fr",
            Lang::De => "de",
            Lang::Ja => "ja",
            Lang::Ko => "ko",
            Lang::Ar => "ar",
        }
    }

    /// True for languages written right to left.
    pub fn is_rtl(self) -> bool {
        self == Lang::Ar
    }

    /// The language one BCP 47 tag asks for, if we have it: `zh-HK`, `zh-MO`, `zh-TW` and
    /// `zh-Hant-*` are Traditional Chinese, other `zh` Simplified; any `pt` is Portuguese.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim().to_ascii_lowercase();
        let mut parts = tag.split(['-', '_']);
        let primary = parts.next()?;
        Some(match primary {
            "en" => Lang::En,
            "zh" => {
                let (mut traditional, mut simplified) = (false, false);
                for part in parts {
                    traditional |= matches!(part, "hant" | "hk" | "mo" | "tw");
                    simplified |= part == "hans";
                }
                if traditional && !simplified {
                    Lang::ZhHant
                } else {
                    Lang::ZhHans
                }
            }
            "es" => Lang::Es,
            "pt" => Lang::PtBr,
            "fr" => Lang::Fr,
            "de" => Lang::De,
            "ja" => Lang::Ja,
            "ko" => Lang::Ko,
            "ar" => Lang::Ar,
            _ => return None,
        })
    }

    /// The best language for a preference list: an `Accept-Language` header
    /// (`"fr-CH, fr;q=0.9, en;q=0.8"`) or `navigator.languages` joined by commas. Tags are tried
    /// by descending quality (ties keep their order); English when none matches.
    pub fn negotiate(preferences: &str) -> Lang {
        Lang::best(preferences).unwrap_or_default()
    }

    /// Like [`Lang::negotiate`], but `None` when no tag of the list names a language we have.
    pub fn best(preferences: &str) -> Option<Lang> {
        crate::negotiate::best(preferences, Lang::from_tag)
    }
}

/// The main status in a few words ("In transit").
pub fn status_label(lang: Lang, status: Status) -> &'static str {
    text(lang, Key::Status(status)).label
}

/// What an event says: its substatus's label when it has one, else its status's.
pub fn event_text(lang: Lang, status: Status, substatus: Option<Substatus>) -> &'static str {
    match substatus {
        Some(s) => text(lang, Key::Substatus(s)).label,
        None => status_label(lang, status),
    }
}

/// A milestone of the progress bar in one or two words.
pub fn milestone_label(lang: Lang, milestone: Milestone) -> &'static str {
    text(lang, Key::Milestone(milestone)).label
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `{name}` placeholders of a template, sorted.
    fn placeholders(template: &str) -> Vec<&str> {
        let mut names: Vec<&str> = template
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect();
        names.sort_unstable();
        names
    }

    #[test]
    fn every_language_has_every_text_with_the_same_placeholders() {
        let mut problems = Vec::new();
        for key in Key::all() {
            let english = text(Lang::En, key);
            assert!(!english.label.is_empty(), "{key:?} has no English label");
            for lang in Lang::ALL {
                let t = text(lang, key);
                if t.label.trim().is_empty() {
                    problems.push(format!("{lang:?} {key:?}: empty label"));
                }
                if english.explanation.is_empty() != t.explanation.trim().is_empty() {
                    problems.push(format!(
                        "{lang:?} {key:?}: explanation present in one of English and it, not both"
                    ));
                }
                if placeholders(t.label) != placeholders(english.label)
                    || placeholders(t.explanation) != placeholders(english.explanation)
                {
                    problems.push(format!(
                        "{lang:?} {key:?}: placeholders differ from English"
                    ));
                }
                if lang != Lang::En && t == english && !matches!(key, Key::Ui(Ui::Email)) {
                    problems.push(format!("{lang:?} {key:?}: not translated"));
                }
            }
        }
        assert!(
            problems.is_empty(),
            "{} problems:\n{}",
            problems.len(),
            problems.join("\n")
        );
    }

    #[test]
    fn negotiates_from_accept_language_and_navigator_languages() {
        let cases = [
            ("fr-CH, fr;q=0.9, en;q=0.8", Lang::Fr),
            ("zh-HK", Lang::ZhHant),
            ("zh-MO,en", Lang::ZhHant),
            ("zh-TW", Lang::ZhHant),
            ("zh-Hant-CN", Lang::ZhHant),
            ("zh-CN", Lang::ZhHans),
            ("zh-Hans-HK", Lang::ZhHans),
            ("zh", Lang::ZhHans),
            ("pt-PT", Lang::PtBr),
            ("pt", Lang::PtBr),
            ("nl-NL, de;q=0.5", Lang::De),
            ("en;q=0.2, ja;q=0.9", Lang::Ja),
            ("ko-KR", Lang::Ko),
            ("ar-EG", Lang::Ar),
            ("es-419", Lang::Es),
            ("sv-SE, nl", Lang::En),
            ("", Lang::En),
            ("*", Lang::En),
            ("de;q=0, fr", Lang::Fr),
            ("de;q=abc, fr", Lang::Fr),
            ("EN_us", Lang::En),
            ("de;q=0.001, fr;q=0.0", Lang::De),
            ("de;q=0.5, fr;q=0.55", Lang::Fr),
            ("de;q=1.0, fr", Lang::De),
            ("de;q=1.5, fr;q=0.1", Lang::Fr),
            ("de;q=0.1234, fr;q=0.1", Lang::Fr),
            ("de;q=.5, fr;q=0.1", Lang::Fr),
        ];
        for (header, expected) in cases {
            assert_eq!(Lang::negotiate(header), expected, "{header:?}");
        }
        assert_eq!(Lang::best("sv-SE, nl"), None);
        assert_eq!(Lang::best("sv-SE, ja-JP"), Some(Lang::Ja));
    }

    #[test]
    fn widget_message_names_are_distinct_snake_case() {
        let names: std::collections::HashSet<&str> = Ui::ALL.iter().map(|u| u.name()).collect();
        assert_eq!(names.len(), Ui::ALL.len());
        assert!(names
            .iter()
            .all(|n| n.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')));
        assert_eq!(english_ui(Ui::Find), ui_text(Lang::En, Ui::Find));
    }

    #[test]
    fn confidence_reads_as_three_levels() {
        assert_eq!(Ui::for_confidence(0.9), Ui::EtaConfidenceHigh);
        assert_eq!(Ui::for_confidence(0.8), Ui::EtaConfidenceHigh);
        assert_eq!(Ui::for_confidence(0.6), Ui::EtaConfidenceMedium);
        assert_eq!(Ui::for_confidence(0.2), Ui::EtaConfidenceLow);
    }

    #[test]
    fn tags_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
        }
        assert!(Lang::Ar.is_rtl() && !Lang::En.is_rtl());
    }

    #[test]
    fn fill_replaces_every_placeholder() {
        assert_eq!(
            fill(
                "No scan for {days} days; wait until {date}.",
                &[("days", "9"), ("date", "Dec 2")]
            ),
            "No scan for 9 days; wait until Dec 2."
        );
    }
}
