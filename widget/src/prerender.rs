//! The tracking card as HTML, drawn by the edge from the same components the widget mounts.
//!
//! The loader asks the edge for it together with the tracking (`?card=html`) and shows it the
//! moment it arrives, while the wasm is still loading: the buyer sees their tracking one round
//! trip after `widget.js`, not after the wasm has downloaded, compiled and rendered. The wasm
//! then mounts over it with the same markup, and the card comes alive (live updates, the
//! history toggle). A store whose Content-Security-Policy forbids WebAssembly still shows the
//! tracking.

use leptos::prelude::*;
use trackline_core::model::Tracking;
use trackline_core::texts::{ui_text, Lang, Ui};

use crate::tracker::TrackingCard;
use crate::words::Words;

/// What the widget shows for `tracking` in `lang`, as the inside of its Shadow DOM: the
/// stylesheet and the card, in a root like the one the wasm mounts into, marked
/// `data-prerendered` until the wasm replaces it. `edge` is where the route map's land outlines
/// are; the map draws the route without them. Leptos escapes every text and attribute, so a
/// carrier's words cannot become markup.
pub fn card_html(tracking: &Tracking, lang: Lang, edge: &str) -> String {
    let words = Words::new(
        lang,
        Ui::ALL.iter().map(|&ui| {
            let text = ui_text(lang, ui);
            (text.label.to_owned(), text.explanation.to_owned())
        }),
    );
    let card = Owner::new().with(|| {
        view! { <TrackingCard tracking=tracking.clone() words edge=edge.to_owned()/> }.to_html()
    });
    let dir = if lang.is_rtl() { "rtl" } else { "ltr" };
    format!(
        r#"<style>{}</style><div class="trackline" lang="{}" dir="{dir}" data-prerendered>{card}</div>"#,
        crate::CSS,
        lang.tag()
    )
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};
    use trackline_core::model::Tracking;
    use trackline_core::texts::{text, Key, Lang, Ui};
    use trackline_core::{sandbox, tracking::assemble};

    use super::card_html;

    fn journey(number: &str, lang: Lang) -> Tracking {
        let now: DateTime<Utc> = "2026-11-21T10:00:00Z".parse().unwrap();
        assemble(lang, number, sandbox::report(number, now).unwrap(), now)
    }

    #[test]
    fn the_card_is_drawn_in_the_buyers_language_with_its_stylesheet() {
        let tracking = journey("TL2000000002", Lang::De);
        let html = card_html(&tracking, Lang::De, "https://edge.example");
        assert!(html.starts_with("<style>"), "{html}");
        assert!(html.contains(crate::CSS));
        assert!(html.contains(r#"<div class="trackline" lang="de" dir="ltr" data-prerendered>"#));
        assert!(html.contains(&format!(">{}</p>", tracking.status_text)));
        let estimated = text(Lang::De, Key::Ui(Ui::EstimatedDelivery)).label;
        assert!(html.contains(estimated), "the German estimate: {html}");
        // The timeline shows the newest events first, each with the carrier's own words.
        let newest = &tracking.events[0];
        let first = html.find(&newest.text).expect("the newest event");
        let older = html
            .find(&tracking.events[1].carrier_text)
            .expect("an older event");
        assert!(first < older);
        assert!(
            html.matches(r#"data-testid="route-stop""#).count() >= 2,
            "{html}"
        );
    }

    #[test]
    fn arabic_reads_right_to_left() {
        let html = card_html(
            &journey("TL5000000005", Lang::Ar),
            Lang::Ar,
            "https://edge.example",
        );
        assert!(html.contains(r#"lang="ar" dir="rtl""#), "{html}");
    }

    #[test]
    fn a_carriers_words_stay_text() {
        let mut tracking = journey("TL1000000001", Lang::En);
        tracking.events[0].carrier_text = r#"<img src=x onerror="alert(1)">"#.into();
        let html = card_html(&tracking, Lang::En, "https://edge.example");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;img src=x onerror="), "{html}");
    }
}
