// Trackline widget loader: this is `widget.js`, the one script a merchant pastes.
// It is a classic script (works with `async`, no module support needed) that wraps the
// wasm-bindgen glue (inserted at the marker below by `cargo xtask build`), loads the `.wasm`
// from next to itself, and mounts the widget on every <trackline-widget> and
// <div data-trackline> element, including ones a single-page app adds later.
(function () {
  "use strict";
  var script = document.currentScript;
  var scriptUrl = script && script.src ? script.src : document.baseURI;

  /* WASM_BINDGEN_GLUE */

  // The edge that serves this script also serves the API, unless `data-edge` says otherwise.
  var defaultEdge = (script && script.getAttribute("data-edge")) || new URL(".", scriptUrl).href;
  // The buyer's tracking comes first, then the wasm that makes it interactive. The edge draws
  // the card (`showCard`), so the wasm is not needed to show it, and the wasm is by far the
  // biggest download: asked for at the same moment, it slows the tracking down on a shared
  // connection or a busy server (20-25 ms of the bench's 120 ms budget). So the wasm is asked
  // for once the trackings this script found on the page are in, or `WASM_HOLD_MS` after they
  // were asked for, whichever comes first (a slow carrier must not hold the skeleton back). It
  // is asked for at once when there is no tracking to wait for: an order form, a page whose
  // card is already in its HTML (the hosted page), or elements a script adds later.
  var WASM_HOLD_MS = 100;
  var trackingsFirst = [];
  var startWasm;
  var ready = new Promise(function (start) { startWasm = start; }).then(function () {
    return wasm_bindgen({ module_or_path: fetch(new URL("widget_bg.wasm", scriptUrl)) });
  });
  ready.then(function () { mark("trackline:wasm-ready"); });
  function holdWasmFor(el, held) {
    if (held && !declaredCard(el)) trackingsFirst.push(held.promise.catch(function () {}));
  }

  // Whether the page declares the edge's card in its HTML already (the hosted page).
  function declaredCard(el) {
    return !!(el.shadowRoot && el.shadowRoot.querySelector("[data-prerendered]"));
  }

  // For profiling a store page (and `cargo xtask bench`): `trackline:rendered` when the buyer
  // first sees their tracking, `trackline:wasm-ready` when the wasm could mount.
  function mark(name) {
    var p = window.performance;
    if (p && p.mark && p.getEntriesByName && !p.getEntriesByName(name).length) p.mark(name);
  }

  // The buyer's languages, best first: the element's `lang`, the page's, then the browser's.
  function languages(el) {
    var own = el.getAttribute("lang") || document.documentElement.lang;
    var browser = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || "en"];
    return (own ? [own] : []).concat(Array.prototype.slice.call(browser)).join(",");
  }

  // The tracking's URL exactly as the widget builds it (`tracking_with_card_url` in api.rs), so
  // the request can start now, while the wasm downloads and compiles, instead of after. It
  // asks for the card drawn by the edge too (see `showCard`).
  function trackingUrl(el, edge) {
    var number = (el.getAttribute("number") || "").trim();
    if (!number || el.getAttribute("mode") === "order") return null;
    var url = edge.replace(/\/+$/, "") + "/v1/trackings/" + encodeURIComponent(number) +
      "?lang=" + encodeURIComponent(languages(el));
    var carrier = el.getAttribute("carrier");
    return (carrier ? url + "&carrier=" + encodeURIComponent(carrier) : url) + "&card=html";
  }

  // The card as the edge drew it (`card_html`, see prerender.rs), shown the moment it arrives:
  // the buyer reads their tracking one round trip after this script instead of after the wasm
  // has loaded, compiled and rendered. The widget then mounts over it with the same markup.
  // Not where a widget is already showing (a remount waits for the widget's own view).
  function showCard(el, generation, answer) {
    if (el.__trackline || el.__tracklineGeneration !== generation || answer.status !== 200) return;
    if (declaredCard(el)) {
      el.__tracklineCard = generation;
      return;
    }
    var html;
    try { html = JSON.parse(answer.body).card_html; } catch (e) { return; }
    if (typeof html !== "string") return;
    (el.shadowRoot || el.attachShadow({ mode: "open" })).innerHTML = html;
    el.__tracklineCard = generation;
    mark("trackline:rendered");
  }

  // Once the browser has painted the edge's card, so that the widget taking over (the same
  // markup) does not hold back the buyer's first sight of it.
  function afterPaint() {
    return new Promise(function (done) {
      requestAnimationFrame(function () { setTimeout(done, 0); });
    });
  }

  // The buyer's words, unless English (built into the wasm) is sure to be the language: the
  // URL as `words::url` in words.rs builds it.
  function wordsUrl(el, edge) {
    var prefs = languages(el);
    if (/^en(-|,|$)/i.test(prefs)) return null;
    return edge.replace(/\/+$/, "") + "/v1/widget/texts?lang=" + encodeURIComponent(prefs);
  }

  // Starts a GET now and reads its body as soon as it arrives, so the widget can show it the
  // moment it mounts (`Early` in api.rs): `answer` ({url, status, body}) once in, `promise` of
  // it until then. A failure is the widget's to handle (it asks again, then explains), not an
  // unhandled rejection.
  function early(url) {
    if (!url) return null;
    var held = { url: url };
    held.promise = fetch(url).then(function (response) {
      return response.text().then(function (body) {
        return (held.answer = { url: response.url, status: response.status, body: body });
      });
    });
    held.promise.catch(function () {});
    return held;
  }
  function now(held) {
    return held ? held.answer || held.promise : null;
  }

  // Every widget of a page in one language shares one request for its words.
  var wordsRequests = {};
  function earlyWords(url) {
    return url ? (wordsRequests[url] = wordsRequests[url] || early(url)) : null;
  }

  // How long after the wasm is ready a widget waits for its tracking and words before it shows
  // the loading skeleton instead: a skeleton that flashes for a moment only to be replaced is
  // noise to the buyer, and drawing it delays the card.
  var PATIENCE_MS = 100;
  function patience(helds) {
    var pending = helds.filter(Boolean).map(function (held) { return held.promise.catch(function () {}); });
    if (!pending.length) return null;
    return Promise.race([Promise.all(pending), new Promise(function (done) { setTimeout(done, PATIENCE_MS); })]);
  }

  function edgeOf(el) {
    return el.getAttribute("edge") || defaultEdge;
  }

  // While the page still loads, the requests start the moment an element is found: a store
  // renders the number into the element, and the tracking should not wait for the rest of the
  // page. The mount takes this request if its attributes still ask for the same URL (a script
  // may have changed them meanwhile; then it asks again).
  function prefetch(el) {
    var edge = edgeOf(el);
    el.__tracklineEarly = early(trackingUrl(el, edge));
    holdWasmFor(el, el.__tracklineEarly);
    earlyWords(wordsUrl(el, edge));
  }

  function mount(el) {
    var edge = edgeOf(el);
    var url = trackingUrl(el, edge);
    var prefetched = el.__tracklineEarly;
    el.__tracklineEarly = null;
    var tracking = prefetched && prefetched.url === url ? prefetched : early(url);
    if (tracking !== prefetched) holdWasmFor(el, tracking);
    var words = earlyWords(wordsUrl(el, edge));
    // Only the latest mount of an element may show: an earlier one may still be waiting.
    var generation = (el.__tracklineGeneration || 0) + 1;
    el.__tracklineGeneration = generation;
    if (tracking) tracking.promise.then(function (answer) { showCard(el, generation, answer); }, function () {});
    return ready.then(function () {
      return patience([tracking, words]);
    }).then(function () {
      return el.__tracklineCard === generation ? afterPaint() : null;
    }).then(function () {
      if (el.__tracklineGeneration !== generation) return;
      unmount(el);
      el.__trackline = wasm_bindgen.mount(el, edge, languages(el), now(tracking), now(words));
    }).catch(function (error) {
      console.error("Trackline widget could not start:", error);
    });
  }

  // Mounts once per burst of changes. An upgrade calls back once per attribute and then once
  // for being connected, and a script may set several attributes in a row: one mount (and one
  // request) for all of them. While the page is still loading, a store's inline script may
  // still set them, so wait for the document, but never longer than for the wasm (a slow
  // script further down the page must not hold the tracking back).
  function schedule(el) {
    if (el.__tracklineQueued) return;
    el.__tracklineQueued = true;
    var run = function () {
      if (!el.__tracklineQueued) return;
      el.__tracklineQueued = false;
      if (el.isConnected) mount(el);
    };
    if (document.readyState === "loading") {
      prefetch(el);
      document.addEventListener("DOMContentLoaded", run, { once: true });
      ready.then(run);
    } else {
      queueMicrotask(run);
    }
  }

  function unmount(el) {
    if (el.__trackline) {
      el.__trackline.unmount();
      el.__trackline = null;
    }
  }

  if (!customElements.get("trackline-widget")) {
    customElements.define("trackline-widget", class extends HTMLElement {
      static get observedAttributes() { return ["number", "carrier", "lang", "edge"]; }
      connectedCallback() { schedule(this); }
      disconnectedCallback() { var el = this; ready.then(function () { if (!el.isConnected) unmount(el); }); }
      attributeChangedCallback() { if (this.isConnected) schedule(this); }
    });
  }

  var seen = new WeakSet();
  function mountDivs(root) {
    if (!root.querySelectorAll) return;
    var found = root.matches && root.matches("[data-trackline]") ? [root] : [];
    root.querySelectorAll("[data-trackline]").forEach(function (el) { found.push(el); });
    found.forEach(function (el) {
      if (!seen.has(el)) { seen.add(el); schedule(el); }
    });
  }
  mountDivs(document);
  // After the mounts queued above have asked for their trackings.
  queueMicrotask(function () {
    if (!trackingsFirst.length) return startWasm();
    var hold = new Promise(function (done) { setTimeout(done, WASM_HOLD_MS); });
    Promise.race([Promise.all(trackingsFirst), hold]).then(startWasm);
  });
  new MutationObserver(function (records) {
    records.forEach(function (r) { r.addedNodes.forEach(mountDivs); });
  }).observe(document.documentElement, { childList: true, subtree: true });

  // For frameworks: Trackline.mount(element, { number, carrier, lang, edge }).
  window.Trackline = {
    mount: function (el, options) {
      Object.keys(options || {}).forEach(function (k) { el.setAttribute(k, options[k]); });
      return mount(el);
    },
    unmount: unmount,
  };
})();
