//! The timeline: every event, newest first, with its own colour, the place and local time.

use leptos::prelude::*;
use trackline_core::model::Event;

/// The events as a list, newest first (the order the edge sends).
#[component]
pub fn Timeline(
    /// The shipment's events, newest first.
    events: Vec<Event>,
) -> impl IntoView {
    let items = events
        .into_iter()
        .map(|event| view! { <EventItem event/> })
        .collect_view();
    view! { <ol class="timeline" aria-label="Tracking history">{items}</ol> }
}

/// One event: what happened, the carrier's words, when (the scan's local time) and where.
#[component]
fn EventItem(event: Event) -> impl IntoView {
    let class = format!("event status-{}", event.status.as_str());
    let when = event.at.format("%b %-d, %H:%M").to_string();
    let datetime = event.at.to_rfc3339();
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
