//! A progress bar on standard error while a file that takes a while is read: the file's name, the
//! bytes read of its size and the rows read. It appears only once a file has been read for about a
//! second, only when standard error is a terminal and not in CI, and never with `--quiet`
//! ([`Config`](crate::config::Config) decides); it is cleared when the file is read, so nothing of
//! it stays among the messages.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The characters of a file's name a bar shows: the end of a longer one, where its name is.
const NAME_CHARS: usize = 30;

/// The last `n` characters of `text`, after `…` when there are more.
fn tail(text: &str, n: usize) -> String {
    let count = text.chars().count();
    if count <= n {
        return text.to_owned();
    }
    let rest: String = text.chars().skip(count - (n - 1)).collect();
    format!("…{rest}")
}

/// Whether, and after how long, reading shows a bar. Cloned into every reader of a run.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    /// `None`: never.
    after: Option<Duration>,
}

impl Progress {
    /// A bar for each file read for longer than `after`.
    pub fn after(after: Duration) -> Self {
        Progress { after: Some(after) }
    }

    /// The progress of reading one file, named `name`, of `size` bytes when known.
    pub fn file(&self, name: &str, size: Option<u64>) -> FileProgress {
        FileProgress {
            state: self.after.map(|after| {
                Arc::new(FileState {
                    name: tail(&crate::text::escape(name), NAME_CHARS),
                    size,
                    started: Instant::now(),
                    after,
                    rows: AtomicU64::new(0),
                    bytes: AtomicU64::new(0),
                    bar: Mutex::new(None),
                })
            }),
        }
    }
}

/// The progress of reading one file: shared by the threads that read it.
#[derive(Debug, Clone, Default)]
pub struct FileProgress {
    state: Option<Arc<FileState>>,
}

#[derive(Debug)]
struct FileState {
    name: String,
    size: Option<u64>,
    started: Instant,
    after: Duration,
    rows: AtomicU64,
    bytes: AtomicU64,
    bar: Mutex<Option<ProgressBar>>,
}

impl FileProgress {
    /// Adds `rows` rows and `bytes` bytes read. Readers call it every thousand rows or so.
    pub fn advance(&self, rows: u64, bytes: u64) {
        let Some(state) = &self.state else {
            return;
        };
        let rows = state.rows.fetch_add(rows, Ordering::Relaxed) + rows;
        let bytes = state.bytes.fetch_add(bytes, Ordering::Relaxed) + bytes;
        let mut bar = state.bar.lock().unwrap_or_else(PoisonError::into_inner);
        if bar.is_none() && state.started.elapsed() >= state.after {
            *bar = Some(state.bar());
        }
        if let Some(bar) = bar.as_ref() {
            bar.set_position(bytes);
            let word = if rows == 1 { "row" } else { "rows" };
            bar.set_message(format!("{} {word}", crate::text::group_digits(rows)));
        }
    }

    /// The file is read: the bar, if one was shown, goes.
    pub fn finish(&self) {
        if let Some(state) = &self.state
            && let Some(bar) = state
                .bar
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take()
        {
            bar.finish_and_clear();
        }
    }
}

impl FileState {
    fn bar(&self) -> ProgressBar {
        let target = ProgressDrawTarget::stderr_with_hz(10);
        let (bar, template) = match self.size {
            Some(size) => (
                ProgressBar::with_draw_target(Some(size), target),
                "reading {prefix} [{wide_bar}] {bytes}/{total_bytes}, {msg}",
            ),
            None => (
                ProgressBar::with_draw_target(None, target),
                "reading {prefix} {spinner} {bytes}, {msg}",
            ),
        };
        let style = ProgressStyle::with_template(template)
            .expect("the templates are valid")
            .progress_chars("=> ");
        bar.set_style(style);
        bar.set_prefix(self.name.clone());
        bar
    }
}
