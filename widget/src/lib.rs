//! Trackline's embeddable widget: what a buyer sees of their parcel on a store's page.
//!
//! `loader.js` (the `widget.js` merchants paste) finds `<trackline-widget>` and
//! `<div data-trackline>` elements and calls [`mount`] on each; this crate draws the tracking
//! inside the element's own Shadow DOM so the store's CSS and ours never meet.
//!
//! The parts follow what the buyer sees: [`progress`] (the milestone bar), [`route_map`] (the
//! map of the route), [`timeline`] (the
//! events, newest first) and [`tracker`] (loading, errors, and the whole card). Data fetching
//! lives in [`api`], outside the views.

pub mod api;
pub mod live;
pub mod lookup;
#[cfg(feature = "prerender")]
pub mod prerender;
pub mod progress;
pub mod route_map;
pub mod timeline;
pub mod tracker;
pub mod words;

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use trackline_core::texts::Lang;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, ShadowRootInit, ShadowRootMode};

use crate::words::Words;

/// The widget's stylesheet, placed inside each Shadow DOM (`src/widget.css` as `build.rs`
/// compacts it).
pub const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/widget.css"));

/// What to track, read from the host element's attributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The edge's base URL, such as `https://track.example.com/`.
    pub edge: String,
    /// The tracking number as the merchant wrote it.
    pub number: String,
    /// The carrier code, when the merchant knows it.
    pub carrier: Option<String>,
    /// The widget's words in the buyer's language (and that language).
    pub words: Words,
    /// The buyer's preference list the language was chosen from, as the loader passed it: the
    /// edge negotiates the same list, so the API answers in the same language.
    pub languages: String,
}

/// A mounted widget; dropping it (or calling `unmount` from JS) removes it.
#[cfg_attr(feature = "embed", wasm_bindgen)]
pub struct Mounted {
    view: Rc<RefCell<View>>,
}

/// Where a mount is: the view appears once the buyer's words are in.
enum View {
    Loading,
    /// Holding the Leptos handle keeps the view; dropping it removes the view.
    Shown {
        _handle: Box<dyn std::any::Any>,
    },
    Removed,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        // Dropping the Leptos handle removes the view; a mount still loading never shows.
        *self.view.borrow_mut() = View::Removed;
    }
}

#[cfg_attr(feature = "embed", wasm_bindgen)]
impl Mounted {
    /// Removes the widget from its element.
    pub fn unmount(self) {}
}

/// Mounts the widget into `host`'s Shadow DOM (creating it on first use), tracking the number
/// of its `number` attribute through the edge at `edge`. `languages` is the buyer's preference
/// list, best first, comma-separated: the loader passes the element's `lang` attribute, else
/// the page's `<html lang>`, else `navigator.languages`. `early_tracking` and `early_words` are
/// the loader's requests for the tracking and for the buyer's words, started while this wasm
/// was still loading (see [`api::Early`], [`api::tracking_with_card_url`] and [`words::url`]).
#[cfg_attr(feature = "embed", wasm_bindgen)]
pub fn mount(
    host: HtmlElement,
    edge: String,
    languages: String,
    early_tracking: JsValue,
    early_words: JsValue,
) -> Result<Mounted, JsValue> {
    let early = api::Early::from_js(early_tracking);
    let early_words = api::Early::from_js(early_words);
    let shadow = match host.shadow_root() {
        Some(shadow) => shadow,
        None => host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?,
    };
    let document = host.owner_document().ok_or("element has no document")?;
    let style = document.create_element("style")?;
    style.set_text_content(Some(CSS));
    let root: HtmlElement = document.create_element("div")?.unchecked_into();
    root.set_class_name("trackline");
    // `mode="order"` shows the order lookup form of the merchant named in `merchant`.
    let order_mode = host.get_attribute("mode").as_deref() == Some("order");
    let merchant = host.get_attribute("merchant").unwrap_or_default();
    let initial_order = host.get_attribute("order").unwrap_or_default();
    let number = host.get_attribute("number").unwrap_or_default();
    let carrier = host.get_attribute("carrier").filter(|c| !c.is_empty());
    let view = Rc::new(RefCell::new(View::Loading));
    let mounted = Mounted { view: view.clone() };
    wasm_bindgen_futures::spawn_local(async move {
        let lang = Lang::negotiate(&languages);
        let words = words::load(&edge, &languages, lang, early_words).await;
        if !matches!(*view.borrow(), View::Loading) {
            return; // unmounted meanwhile
        }
        let lang = words.lang;
        let _ = root.set_attribute("lang", lang.tag());
        let _ = root.set_attribute("dir", if lang.is_rtl() { "rtl" } else { "ltr" });
        // Whatever was here (the edge's card, which the loader showed) stays until this view
        // replaces it in the same task: the buyer never sees an empty box in between.
        shadow.set_inner_html("");
        let _ = shadow.append_child(&style);
        let _ = shadow.append_child(&root);
        let options = Options {
            edge,
            number,
            carrier,
            words,
            languages,
        };
        let handle = leptos::mount::mount_to(root, move || {
            if order_mode {
                view! { <lookup::OrderLookup options merchant initial_order/> }.into_any()
            } else {
                view! { <tracker::Tracker options early/> }.into_any()
            }
        });
        *view.borrow_mut() = View::Shown {
            _handle: Box::new(handle),
        };
    });
    Ok(mounted)
}
