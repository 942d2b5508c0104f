//! Order lookup: a buyer with no account types the order number and the email used to order,
//! and sees every parcel of that order, each in its own tracker.

use leptos::prelude::*;
use trackline_core::texts::Ui;

use crate::api::{lookup_order, LoadError, Parcel};
use crate::tracker::{ProblemCard, Tracker};
use crate::Options;

/// The form, then one tracker per parcel.
#[component]
pub fn OrderLookup(
    /// Where the edge is and the buyer's language (`number` is unused here).
    options: Options,
    /// The merchant whose orders to search.
    merchant: String,
    /// The order number to start with (empty for none).
    #[prop(optional)]
    initial_order: String,
) -> impl IntoView {
    let words = options.words.clone();
    // A hosted page may pre-fill the order number (`order` attribute).
    let order = RwSignal::new(initial_order);
    let email = RwSignal::new(String::new());
    let result = RwSignal::new(None::<Result<Vec<Parcel>, LoadError>>);
    let busy = RwSignal::new(false);
    let edge = options.edge.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (edge, merchant) = (edge.clone(), merchant.clone());
        busy.set(true);
        leptos::task::spawn_local(async move {
            let found = lookup_order(
                &edge,
                &merchant,
                &order.get_untracked(),
                &email.get_untracked(),
            )
            .await;
            let _ = result.try_set(Some(found));
            let _ = busy.try_set(false);
        });
    };
    let problem_words = words.clone();
    let parcels = move || match result.get() {
        None => ().into_any(),
        Some(Ok(parcels)) => parcels
            .into_iter()
            .map(|parcel| {
                let options = Options {
                    number: parcel.number,
                    carrier: Some(parcel.carrier),
                    ..options.clone()
                };
                view! { <div class="parcel" data-testid="parcel"><Tracker options/></div> }
            })
            .collect_view()
            .into_any(),
        Some(Err(error)) => {
            let key = match error {
                LoadError::NotFound => Ui::OrderNotFound,
                _ => Ui::Unavailable,
            };
            view! { <ProblemCard text=problem_words.text(key)/> }.into_any()
        }
    };
    let find = words.text(Ui::FindOrder);
    view! {
        <form class="card lookup" on:submit=submit data-testid="order-form">
            <p class="title">{find.label}</p>
            <p class="hint">{find.explanation}</p>
            <label>
                <span>{words.label(Ui::OrderNumber)}</span>
                <input name="order" required autocomplete="off" data-testid="order"
                    prop:value=order on:input:target=move |ev| order.set(ev.target().value())/>
            </label>
            <label>
                <span>{words.label(Ui::Email)}</span>
                <input name="email" type="email" required autocomplete="email" data-testid="email"
                    prop:value=email on:input:target=move |ev| email.set(ev.target().value())/>
            </label>
            <button type="submit" disabled=move || busy.get() data-testid="find">{words.label(Ui::Find)}</button>
        </form>
        <div class="parcels">{parcels}</div>
    }
}
