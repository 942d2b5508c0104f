//! The progress bar: the milestones that apply to this shipment, the current one marked.

use leptos::prelude::*;
use trackline_core::model::{Milestone, Progress};
use trackline_core::texts::Ui;

use crate::words::Words;

/// The milestones as an ordered list; reached ones are filled, the current one is marked.
#[component]
pub fn ProgressBar(
    /// The milestones and how far the shipment got.
    progress: Progress,
    /// The widget's words in the buyer's language.
    #[prop(optional)]
    words: Words,
) -> impl IntoView {
    let current = progress.step;
    let steps = progress
        .steps
        .into_iter()
        .enumerate()
        .map(|(i, step)| {
            // The return leg in the exception's colour, not as progress towards the buyer. (Whole
            // class strings: a `class:` directive costs the wasm half a kilobyte.)
            let returned = step.milestone == Milestone::Returned;
            let state = match (current, returned) {
                (Some(c), _) if i < c => "step done",
                (Some(c), false) if i == c => "step current",
                (Some(c), true) if i == c => "step current returned",
                (_, true) => "step returned",
                _ => "step",
            };
            let aria_current = (Some(i) == current).then_some("step");
            view! {
                <li class=state aria-current=aria_current data-testid="step">
                    <span class="dot" aria-hidden="true"></span>
                    <span class="label">{step.label}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ol class="progress" aria-label=words.label(Ui::Progress)>{steps}</ol> }
}
