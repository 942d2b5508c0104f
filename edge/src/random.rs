//! Random bytes from the runtime's CSPRNG (`crypto.getRandomValues`), for API keys, salts and
//! the nonces that seal buyers' contacts.

use js_sys::{Function, Reflect, Uint8Array};
use wasm_bindgen::JsCast;
use worker::Result;

/// `N` random bytes, as lower-case hex.
pub fn hex<const N: usize>() -> Result<String> {
    Ok(hex::encode(bytes::<N>()?))
}

/// `N` random bytes.
pub fn bytes<const N: usize>() -> Result<[u8; N]> {
    let crypto = Reflect::get(&js_sys::global(), &"crypto".into())?;
    let get_random_values: Function =
        Reflect::get(&crypto, &"getRandomValues".into())?.dyn_into()?;
    let bytes = Uint8Array::new_with_length(N as u32);
    get_random_values.call1(&crypto, &bytes)?;
    let mut out = [0u8; N];
    bytes.copy_to(&mut out);
    Ok(out)
}
