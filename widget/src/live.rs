//! Keeping the tracking live: a WebSocket to the edge, which sends the tracking again whenever
//! it changes (a carrier's push or a refresh). When the socket cannot open or drops, the widget
//! falls back to asking again every [`POLL_MS`] so the buyer still sees news.

use std::cell::Cell;
use std::rc::Rc;

use trackline_core::model::Tracking;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, WebSocket};

use crate::api::{fetch_tracking, live_url};
use crate::Options;

/// How often to ask again when the live channel is unavailable.
pub const POLL_MS: i32 = 30_000;

/// A running subscription; dropping it closes the socket and stops polling.
pub struct Watch {
    socket: Option<WebSocket>,
    poll: Rc<Cell<Option<i32>>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_close: Closure<dyn FnMut()>,
}

/// Calls `on_update` with every new tracking for `options` until the returned [`Watch`] drops.
pub fn watch(options: Options, on_update: impl Fn(Tracking) + 'static) -> Watch {
    let on_update = Rc::new(on_update);
    let poll = Rc::new(Cell::new(None));
    let on_message = {
        let on_update = on_update.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            if let Some(tracking) = event
                .data()
                .as_string()
                .and_then(|text| crate::api::decode::<Tracking>(&text))
            {
                on_update(tracking);
            }
        })
    };
    // A socket that fails or closes (the edge restarted, a proxy cut it) hands over to polling.
    let on_close = {
        let (poll, options, on_update) = (poll.clone(), options.clone(), on_update.clone());
        Closure::<dyn FnMut()>::new(move || {
            start_polling(&poll, options.clone(), on_update.clone())
        })
    };
    let socket = WebSocket::new(&live_url(&options)).ok();
    match &socket {
        Some(socket) => {
            socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        }
        None => start_polling(&poll, options, on_update),
    }
    Watch {
        socket,
        poll,
        _on_message: on_message,
        _on_close: on_close,
    }
}

fn start_polling(poll: &Rc<Cell<Option<i32>>>, options: Options, on_update: Rc<dyn Fn(Tracking)>) {
    if poll.get().is_some() {
        return;
    }
    let tick = Closure::<dyn FnMut()>::new(move || {
        let (options, on_update) = (options.clone(), on_update.clone());
        wasm_bindgen_futures::spawn_local(async move {
            if let Ok(tracking) = fetch_tracking(options, None).await {
                on_update(tracking);
            }
        });
    });
    let id = web_sys::window().and_then(|w| {
        w.set_interval_with_callback_and_timeout_and_arguments_0(
            tick.as_ref().unchecked_ref(),
            POLL_MS,
        )
        .ok()
    });
    // The interval lives as long as the page or until the watch is dropped (which clears it).
    tick.forget();
    poll.set(id);
}

impl Drop for Watch {
    fn drop(&mut self) {
        if let Some(socket) = &self.socket {
            socket.set_onclose(None);
            socket.set_onmessage(None);
            let _ = socket.close();
        }
        if let (Some(id), Some(window)) = (self.poll.get(), web_sys::window()) {
            window.clear_interval_with_handle(id);
        }
    }
}
