//! One flight for many callers: while a task runs, later callers wait for its result instead
//! of starting their own. This is how 200 concurrent lookups of one shipment make one carrier
//! call, and how concurrent lookups share one OAuth token request.

use std::cell::RefCell;
use std::future::Future;

use futures_channel::oneshot;

/// Shares the result of one running task with everyone who asks meanwhile.
pub struct SingleFlight<T: Clone> {
    waiting: RefCell<Option<Vec<oneshot::Sender<T>>>>,
}

impl<T: Clone> Default for SingleFlight<T> {
    fn default() -> Self {
        SingleFlight {
            waiting: RefCell::new(None),
        }
    }
}

impl<T: Clone> SingleFlight<T> {
    /// Runs `task` unless one is already running, in which case waits for that one's result.
    pub async fn run<F: Future<Output = T>>(&self, task: impl FnOnce() -> F) -> T {
        let receiver = {
            let mut waiting = self.waiting.borrow_mut();
            match waiting.as_mut() {
                Some(waiters) => {
                    let (sender, receiver) = oneshot::channel();
                    waiters.push(sender);
                    Some(receiver)
                }
                None => {
                    *waiting = Some(Vec::new());
                    None
                }
            }
        };
        if let Some(receiver) = receiver {
            if let Ok(result) = receiver.await {
                return result;
            }
            // The running task was dropped without an answer: run our own.
        }
        let result = task().await;
        let waiters = self.waiting.borrow_mut().take().unwrap_or_default();
        for waiter in waiters {
            let _ = waiter.send(result.clone());
        }
        result
    }
}
