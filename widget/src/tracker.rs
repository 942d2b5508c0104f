//! The whole tracking card: loading skeleton, then the headline, progress bar and timeline, or
//! a clear message when there is nothing to show.

use leptos::prelude::*;
use trackline_core::model::{Notice, Tracking};

use crate::api::{fetch_tracking, LoadError};
use crate::progress::ProgressBar;
use crate::timeline::Timeline;
use crate::Options;

/// Loads the tracking for `options` and shows it.
#[component]
pub fn Tracker(
    /// What to track and where the edge is.
    options: Options,
) -> impl IntoView {
    let tracking = LocalResource::new(move || fetch_tracking(options.clone()));
    let content = move || {
        tracking.get().map(|result| match result {
            Ok(tracking) => view! { <TrackingCard tracking/> }.into_any(),
            Err(error) => view! { <Problem error/> }.into_any(),
        })
    };
    view! {
        <Suspense fallback=Skeleton>{content}</Suspense>
    }
}

/// Everything a buyer sees about one shipment.
#[component]
pub fn TrackingCard(
    /// The shipment to show.
    tracking: Tracking,
) -> impl IntoView {
    let status_class = format!("headline status-{}", tracking.status.as_str());
    let carrier_line = format!("{} · {}", tracking.carrier.name, tracking.number);
    view! {
        <section class="card" data-testid="tracking" aria-label="Shipment tracking">
            <header class=status_class>
                <p class="status" data-testid="status">{tracking.status_text.clone()}</p>
                <p class="carrier">{carrier_line}</p>
            </header>
            <Notices notices=tracking.notices/>
            <ProgressBar progress=tracking.progress.clone()/>
            <Timeline events=tracking.events/>
        </section>
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
fn Skeleton() -> impl IntoView {
    view! {
        <section class="card skeleton" data-testid="loading" aria-busy="true" aria-label="Loading tracking">
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
) -> impl IntoView {
    let message = match error {
        LoadError::NoNumber => "No tracking number was given.".to_owned(),
        LoadError::NotFound => "We have no news of this parcel yet. Labels often show up a few hours after they are printed: please check again later.".to_owned(),
        LoadError::Rejected(reason) => format!("This does not look like a tracking number: {reason}."),
        LoadError::Unavailable => "Tracking is unavailable right now. Please try again in a few minutes.".to_owned(),
    };
    view! {
        <section class="card problem" data-testid="problem" role="status">
            <p>{message}</p>
        </section>
    }
}
