//! The timeline: every event, newest first, with its own colour, the place and the scan's local
//! time; events that arrived while the buyer watched are highlighted.

use leptos::prelude::*;
use trackline_core::model::Event;
use trackline_core::texts::dates::{machine_time, scan_time};
use trackline_core::texts::{Lang, Ui};

use crate::words::Words;

/// How many events a long history shows until the buyer asks for all.
pub const COLLAPSED_EVENTS: usize = 5;

/// The events as a list, newest first (the order the edge sends).
#[component]
pub fn Timeline(
    /// The shipment's events, newest first.
    events: Vec<Event>,
    /// How many of the first events are new since the buyer opened the page.
    #[prop(optional)]
    fresh: usize,
    /// The widget's words in the buyer's language.
    #[prop(optional)]
    words: Words,
    /// Show every event; otherwise the newest [`COLLAPSED_EVENTS`].
    #[prop(optional)]
    expanded: bool,
) -> impl IntoView {
    let shown = if expanded {
        events.len()
    } else {
        COLLAPSED_EVENTS
    };
    let lang = words.lang;
    let items = events
        .into_iter()
        .take(shown)
        .enumerate()
        .map(|(i, event)| {
            let new = i < fresh;
            view! { <EventItem event fresh=new lang/> }
        })
        .collect_view();
    view! { <ol class="timeline" aria-label=words.label(Ui::History)>{items}</ol> }
}

/// One event: what happened, the carrier's words, when (the scan's local time, written the way
/// the buyer's market writes dates) and where.
#[component]
fn EventItem(event: Event, fresh: bool, lang: Lang) -> impl IntoView {
    let class = format!(
        "event status-{}{}",
        event.status.as_str(),
        if fresh { " new" } else { "" }
    );
    let when = scan_time(lang, event.at);
    let datetime = machine_time(event.at);
    let place = event
        .location
        .as_ref()
        .map(|l| l.label())
        .filter(|l| !l.is_empty());
    let carrier_text = (event.carrier_text != event.text).then_some(event.carrier_text);
    view! {
        <li class=class data-testid="event">
            <span class="dot" aria-hidden="true"></span>
            <div class="body">
                <p class="text">{event.text}</p>
                {carrier_text.map(|t| view! { <p class="carrier-text">{t}</p> })}
                <p class="meta">
                    <time datetime=datetime>{when}</time>
                    {place.map(|p| view! { <span class="place">{p}</span> })}
                </p>
            </div>
        </li>
    }
}
