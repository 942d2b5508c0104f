//! The whole tracking card: loading skeleton, then the headline (status, estimate), notices,
//! progress bar, route map and timeline, kept live; or a clear message in the buyer's language when there
//! is nothing to show.

use leptos::prelude::*;
use trackline_core::model::{Eta, Notice, Tracking};
use trackline_core::texts::dates::{day_month, machine_time, scan_time};
use trackline_core::texts::{fill, Ui};

use crate::api::{fetch_tracking, tracking_now, Early, LoadError};
use crate::live::{self, Watch};
use crate::progress::ProgressBar;
use crate::route_map::RouteMap;
use crate::timeline::{Timeline, COLLAPSED_EVENTS};
use crate::words::{Text, Words};
use crate::Options;

/// Loads the tracking for `options`, shows it, and keeps it live.
#[component]
pub fn Tracker(
    /// What to track and where the edge is.
    options: Options,
    /// The loader's early request for the same tracking (see [`crate::api::tracking_url`]).
    #[prop(optional_no_strip)]
    early: Option<Early>,
) -> impl IntoView {
    let words = options.words.clone();
    let edge = options.edge.clone();
    // Shown at once when the loader's request already brought it; the skeleton until then.
    let state = RwSignal::new(tracking_now(&options, early.as_ref()));
    // Whether the buyer opened a long history; kept here so live updates do not close it.
    let expanded = RwSignal::new(false);
    // How many events at the top of the timeline arrived while the buyer watched.
    let fresh = RwSignal::new(0usize);
    // The live subscription belongs to this component: unmounting drops it, closing the socket.
    let watch = StoredValue::new_local(None::<Watch>);
    leptos::task::spawn_local(async move {
        if state.try_with_untracked(Option::is_none) == Some(true) {
            let first = fetch_tracking(options.clone(), early).await;
            if state.try_set(Some(first)).is_some() {
                return; // unmounted meanwhile
            }
        }
        if state.try_with_untracked(|s| matches!(s, Some(Ok(_)))) != Some(true) {
            return; // nothing to keep live
        }
        let subscription = live::watch(options, move |tracking| {
            let known = state.with_untracked(|s| {
                s.as_ref()
                    .and_then(|r| r.as_ref().ok())
                    .map_or(0, |t| t.events.len())
            });
            fresh.set(tracking.events.len().saturating_sub(known));
            state.set(Some(Ok(tracking)));
        });
        watch.try_update_value(move |w| *w = Some(subscription));
    });
    // For `cargo xtask bench` (and anyone profiling a store page), once: `trackline:mounted`
    // when this view shows the tracking, and `trackline:rendered` (the buyer first sees it)
    // unless the loader already showed the edge's card.
    Effect::new(move |marked: Option<bool>| {
        let shown = state.with(|s| matches!(s, Some(Ok(_))));
        if shown && marked != Some(true) {
            if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
                if performance
                    .get_entries_by_name("trackline:rendered")
                    .length()
                    == 0
                {
                    let _ = performance.mark("trackline:rendered");
                }
                let _ = performance.mark("trackline:mounted");
            }
        }
        shown || marked == Some(true)
    });
    let card_words = words.clone();
    let content = move || {
        let words = card_words.clone();
        match state.get() {
            None => view! { <Skeleton words/> }.into_any(),
            Some(Ok(tracking)) => {
                view! { <TrackingCard tracking fresh=fresh.get() words expanded edge=edge.clone()/> }
                    .into_any()
            }
            Some(Err(error)) => view! { <Problem error words/> }.into_any(),
        }
    };
    // Screen readers hear about news without losing their place.
    let announcement = move || {
        (fresh.get() > 0)
            .then(|| {
                state.with(|s| {
                    s.as_ref()
                        .and_then(|r| r.as_ref().ok())
                        .map(|t| t.status_text.clone())
                })
            })
            .flatten()
            .map(|status| format!("{}: {status}", words.label(Ui::NewUpdate)))
    };
    view! {
        {content}
        <p class="visually-hidden" aria-live="polite" data-testid="announcement">{announcement}</p>
    }
}

/// Everything a buyer sees about one shipment.
#[component]
pub fn TrackingCard(
    /// The shipment to show.
    tracking: Tracking,
    /// How many of the newest events arrived while the buyer watched (they are highlighted).
    #[prop(optional)]
    fresh: usize,
    /// The widget's words in the buyer's language.
    #[prop(optional)]
    words: Words,
    /// Whether a long history shows every event (it shows the newest few otherwise).
    #[prop(optional)]
    expanded: Option<RwSignal<bool>>,
    /// The edge's base URL; with it the card shows the route map (its land comes from there).
    #[prop(optional, into)]
    edge: Option<String>,
) -> impl IntoView {
    let status_class = format!("headline status-{}", tracking.status.as_str());
    let expanded = expanded.unwrap_or_else(|| RwSignal::new(false));
    let total = tracking.events.len();
    let carrier_link = tracking.carrier.tracking_url.clone().map(|url| {
        let label = fill(&words.label(Ui::CarrierPage), &[("carrier", &tracking.carrier.name)]);
        view! { <a class="carrier-link" href=url target="_blank" rel="noopener noreferrer" data-testid="carrier-link">{label}</a> }
    });
    let carrier_line = format!("{} · {}", tracking.carrier.name, tracking.number);
    let eta = tracking
        .eta
        .clone()
        .map(|eta| view! { <Estimate eta words=words.clone()/> });
    let route_map =
        edge.map(|edge| view! { <RouteMap tracking=tracking.clone() edge words=words.clone()/> });
    // When the carrier last scanned the parcel, under the progress bar.
    let last_update = tracking.events.first().map(|newest| {
        let when = scan_time(words.lang, newest.at);
        view! {
            <p class="last-update" data-testid="last-update">
                {words.label(Ui::LastUpdate)}" "<time datetime=machine_time(newest.at)>{when}</time>
            </p>
        }
    });
    let events = tracking.events.clone();
    let timeline_words = words.clone();
    let timeline = move || {
        view! { <Timeline events=events.clone() fresh words=timeline_words.clone() expanded=expanded.get()/> }
    };
    view! {
        <section class="card" data-testid="tracking" aria-label=words.label(Ui::History)>
            <header class=status_class>
                <p class="status" data-testid="status">{tracking.status_text.clone()}</p>
                {tracking.advice.clone().map(|advice| view! { <p class="advice" data-testid="advice">{advice}</p> })}
                <p class="carrier">{carrier_line}</p>
                {eta}
            </header>
            <Notices notices=tracking.notices.clone()/>
            <ProgressBar progress=tracking.progress.clone() words=words.clone()/>
            {last_update}
            {route_map}
            {timeline}
            {(total > COLLAPSED_EVENTS).then(|| view! {
                <button type="button" class="more" data-testid="toggle-history"
                    aria-expanded=move || expanded.get().to_string()
                    on:click=move |_| expanded.update(|open| *open = !*open)>
                    {let words = words.clone(); move || words.label(if expanded.get() { Ui::ShowFewer } else { Ui::ShowAll })}
                </button>
            })}
            {carrier_link}
        </section>
    }
}

/// The delivery estimate: a day or a window, and why we believe it.
#[component]
fn Estimate(eta: Eta, words: Words) -> impl IntoView {
    let lang = words.lang;
    let (earliest, latest) = (
        day_month(lang, eta.earliest.date_naive()),
        day_month(lang, eta.latest.date_naive()),
    );
    let when = if earliest == latest {
        earliest
    } else {
        format!("{earliest} – {latest}")
    };
    view! {
        <p class="eta" data-testid="eta">
            <span class="eta-label">{words.label(Ui::EstimatedDelivery)}</span>
            " "
            <strong>{when}</strong>
            <span class="eta-confidence" data-testid="eta-confidence">{words.label(Ui::for_confidence(eta.confidence))}</span>
        </p>
        <p class="eta-why">{eta.explanation}</p>
    }
}

/// The explanations a worried buyer needs: scan gaps, customs holds, delays, stale data.
#[component]
fn Notices(notices: Vec<Notice>) -> impl IntoView {
    notices
        .into_iter()
        .map(|notice| {
            let class = format!("notice notice-{}", notice.kind.as_str());
            view! {
                <aside class=class data-testid="notice">
                    <p class="title">{notice.title}</p>
                    <p class="text">{notice.text}</p>
                </aside>
            }
        })
        .collect_view()
}

/// The grey placeholder shown while the tracking loads.
#[component]
fn Skeleton(words: Words) -> impl IntoView {
    view! {
        <section class="card skeleton" data-testid="loading" aria-busy="true" aria-label=words.label(Ui::Loading)>
            <div class="bar wide"></div>
            <div class="bar"></div>
            <div class="bar"></div>
        </section>
    }
}

/// A plain-words message instead of a blank box or a raw error.
#[component]
fn Problem(
    /// What went wrong.
    error: LoadError,
    /// The widget's words in the buyer's language.
    words: Words,
) -> impl IntoView {
    let offline = web_sys::window().is_some_and(|w| !w.navigator().on_line());
    let key = match &error {
        LoadError::NoNumber => Ui::NoNumber,
        LoadError::NotFound => Ui::NotFound,
        LoadError::Rejected => Ui::BadNumber,
        LoadError::Unavailable if offline => Ui::Offline,
        LoadError::Unavailable => Ui::Unavailable,
    };
    view! { <ProblemCard text=words.text(key)/> }
}

/// A problem in plain words: what happened and what to do (also the order lookup's).
#[component]
pub fn ProblemCard(
    /// The message to show.
    text: Text,
) -> impl IntoView {
    view! {
        <section class="card problem" data-testid="problem" role="status">
            <p class="title">{text.label}</p>
            <p>{text.explanation}</p>
        </section>
    }
}
