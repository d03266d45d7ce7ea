//! A progress line on stderr for long runs, only when stderr is a terminal.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Counts finished files; a background thread redraws `checked N/M files` every 100 ms once
/// the run has taken more than half a second.
pub struct Progress {
    done: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    /// Starts the display for `total` files (nothing when stderr is not a terminal or the run
    /// is small).
    pub fn start(total: usize) -> Progress {
        let done = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = (std::io::stderr().is_terminal() && total >= 100).then(|| {
            let (done, stop) = (done.clone(), stop.clone());
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(500));
                let mut drawn = false;
                while !stop.load(Ordering::Relaxed) {
                    let n = done.load(Ordering::Relaxed);
                    let _ = write!(std::io::stderr(), "\rchecked {n}/{total} files");
                    drawn = true;
                    std::thread::sleep(Duration::from_millis(100));
                }
                if drawn {
                    let _ = write!(std::io::stderr(), "\r\x1b[2K");
                }
            })
        });
        Progress { done, stop, thread }
    }

    /// One more file finished.
    pub fn tick(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
