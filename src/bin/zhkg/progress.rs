//! A progress bar on stderr for long runs, only when stderr is a terminal and not `--quiet`.

use std::io::IsTerminal;

pub(crate) struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    /// A bar over `total` bytes of input; none for less than a megabyte.
    pub(crate) fn new(total: u64, quiet: bool) -> Self {
        if quiet || total < 1 << 20 || !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = indicatif::ProgressBar::new(total);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
        ) {
            bar.set_style(style);
        }
        Progress(Some(bar))
    }

    /// `bytes` more of the input done.
    pub(crate) fn inc(&self, bytes: u64) {
        if let Some(b) = &self.0 {
            b.inc(bytes);
        }
    }

    pub(crate) fn finish(&self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}
