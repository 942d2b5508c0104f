//! The widget's own words (loading, errors, headings, buttons) in the buyer's language.
//!
//! Only English is compiled into the wasm. Other languages come from the edge
//! (`GET /v1/widget/texts?lang=`), which the loader asks for while the wasm loads: a buyer
//! downloads their own language and no other, and the wasm stays within its weight budget.

use std::sync::Arc;

use js_sys::Reflect;
use trackline_core::texts::{english_ui, Lang, Ui};
use wasm_bindgen::JsValue;

use crate::api::Early;

/// A widget message in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// A few words: a heading, a button.
    pub label: String,
    /// The sentence that explains it (may be empty).
    pub explanation: String,
}

/// Every widget message in the buyer's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    /// Their language, for dates and the widget's `lang` and `dir`.
    pub lang: Lang,
    /// (label, explanation) in the order of [`Ui::ALL`]; empty for English.
    table: Arc<[(String, String)]>,
}

impl Default for Words {
    fn default() -> Self {
        Words::english()
    }
}

impl Words {
    /// The built-in English.
    pub fn english() -> Words {
        Words {
            lang: Lang::En,
            table: Arc::from([]),
        }
    }

    /// What this language says for `ui`; English where the pack has nothing (an edge older
    /// than this widget, say).
    pub fn text(&self, ui: Ui) -> Text {
        let index = Ui::ALL.iter().position(|&u| u == ui);
        match index.and_then(|i| self.table.get(i)) {
            Some((label, explanation)) if !label.is_empty() => Text {
                label: label.clone(),
                explanation: explanation.clone(),
            },
            _ => {
                let english = english_ui(ui);
                Text {
                    label: english.label.to_owned(),
                    explanation: english.explanation.to_owned(),
                }
            }
        }
    }

    /// The words of `lang` given as (label, explanation) in the order of [`Ui::ALL`].
    pub fn new(lang: Lang, table: impl IntoIterator<Item = (String, String)>) -> Words {
        Words {
            lang,
            table: table.into_iter().collect(),
        }
    }

    /// The label of `ui`.
    pub fn label(&self, ui: Ui) -> String {
        self.text(ui).label
    }

    /// Reads the edge's pack: `{"lang": "fr", "texts": {"loading": {"label": ..., "explanation":
    /// ...}, ...}}`. `None` when it is not one, or names a language we do not know.
    pub fn from_pack(pack: &JsValue) -> Option<Words> {
        let field = |object: &JsValue, name: &str| Reflect::get(object, &JsValue::from_str(name));
        let lang = Lang::from_tag(&field(pack, "lang").ok()?.as_string()?)?;
        let texts = field(pack, "texts").ok()?;
        let table = Ui::ALL.iter().map(|ui| {
            let entry = field(&texts, ui.name()).unwrap_or(JsValue::UNDEFINED);
            let part = |name| {
                field(&entry, name)
                    .ok()
                    .and_then(|v| v.as_string())
                    .unwrap_or_default()
            };
            (part("label"), part("explanation"))
        });
        Some(Words::new(lang, table))
    }
}

/// The URL of the words for a preference list; `loader.js` builds the same one.
pub fn url(edge: &str, languages: &str) -> String {
    format!(
        "{}/v1/widget/texts?lang={}",
        edge.trim_end_matches('/'),
        js_sys::encode_uri_component(languages)
    )
}

/// The words for `lang` (negotiated from `languages` as the edge does): built in for English,
/// else from the edge (the loader's early request when it made one for this URL). English
/// when the edge cannot be reached: the buyer still reads what happened, in the language most
/// of them can read.
pub async fn load(edge: &str, languages: &str, lang: Lang, early: Option<Early>) -> Words {
    if lang == Lang::En {
        return Words::english();
    }
    let url = url(edge, languages);
    let pack = match crate::api::answer(early, &url, &url).await {
        Some((200, body)) => js_sys::JSON::parse(&body).ok(),
        _ => None,
    };
    pack.as_ref()
        .and_then(Words::from_pack)
        .unwrap_or_else(Words::english)
}
