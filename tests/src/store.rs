//! A merchant's own web server: a few fixed files on 127.0.0.1, on another origin than the
//! edge, so a page embeds the widget the way a store does (one script tag from the edge).

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use anyhow::{Context, Result};

/// One file the store serves.
pub struct StoreFile {
    path: String,
    content_type: &'static str,
    body: Vec<u8>,
    headers: Vec<(String, String)>,
}

impl StoreFile {
    /// An HTML page at `path` (`/`, `/order`).
    pub fn html(path: &str, body: impl Into<String>) -> Self {
        Self::new(path, "text/html; charset=utf-8", body.into().into_bytes())
    }

    /// Any file at `path`.
    pub fn new(path: &str, content_type: &'static str, body: Vec<u8>) -> Self {
        StoreFile {
            path: path.to_owned(),
            content_type,
            body,
            headers: Vec::new(),
        }
    }

    /// With a response header, such as a Content-Security-Policy.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }
}

/// The store's server; it stops on drop. Anything but its files gets a 404.
///
/// Plain `std::net`, one thread per connection, one response per connection, written whole with
/// Nagle's algorithm off: tiny_http (which the simulator uses) writes head and body apart and
/// keeps connections alive, so a second request on a connection waited ~40 ms for the browser's
/// delayed ACK, a stall no real store server has and that would skew what the bench measures.
pub struct Store {
    port: u16,
    stop: Arc<AtomicBool>,
    hits: Arc<Mutex<HashMap<String, usize>>>,
    thread: Option<JoinHandle<()>>,
}

impl Store {
    pub fn start(files: Vec<StoreFile>) -> Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").context("store: binding a port")?;
        let port = listener.local_addr()?.port();
        let stop = Arc::new(AtomicBool::new(false));
        let hits = Arc::new(Mutex::new(HashMap::new()));
        let files = Arc::new(files);
        let thread = {
            let (stop, hits) = (stop.clone(), hits.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let (files, hits) = (files.clone(), hits.clone());
                    std::thread::spawn(move || serve(stream, &files, &hits));
                }
            })
        };
        Ok(Store {
            port,
            stop,
            hits,
            thread: Some(thread),
        })
    }

    /// The store's URL for `path`, such as `http://127.0.0.1:41234/`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// How many requests asked for `path` (query strings aside).
    pub fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }
}

/// Answers the one request of a connection. A browser may open a connection it never uses: it
/// is given up after a while.
fn serve(mut stream: TcpStream, files: &[StoreFile], hits: &Mutex<HashMap<String, usize>>) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
        if head.len() > 64 * 1024 {
            return;
        }
    }
    let head = String::from_utf8_lossy(&head);
    let target = head.split(' ').nth(1).unwrap_or("");
    let path = target.split('?').next().unwrap_or("").to_owned();
    *hits.lock().unwrap().entry(path.clone()).or_insert(0) += 1;
    let _ = stream.write_all(&response(files.iter().find(|f| f.path == path)));
}

/// A whole HTTP/1.1 response: the file, or a 404.
fn response(file: Option<&StoreFile>) -> Vec<u8> {
    let (status, content_type, body, headers) = match file {
        Some(f) => ("200 OK", f.content_type, &f.body[..], &f.headers[..]),
        None => ("404 Not Found", "text/plain", &b"not found"[..], &[][..]),
    };
    let mut out = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    let mut out = out.into_bytes();
    out.extend_from_slice(body);
    out
}

impl Drop for Store {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accepting thread so that it sees `stop`.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
