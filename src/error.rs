//! The crate's one public error type.

/// What went wrong, as a kind a caller can match on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A file or directory could not be read.
    Io,
    /// Input bytes are not text in any encoding zhkg reads.
    Encoding,
    /// A JSON or JSONL input could not be parsed.
    Json,
    /// A user lexicon could not be parsed.
    Lexicon,
    /// An export could not be written or rendered.
    Export,
    /// A bug in zhkg met while reading one document; the other documents are unaffected.
    Internal,
}

/// An error from zhkg: a kind, a lower-case message, and the source where there is one.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    kind: ErrorKind,
    message: String,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl Error {
    /// A new error of `kind` with `message`.
    ///
    /// ```
    /// use zhkg::{Error, ErrorKind};
    /// let e = Error::new(ErrorKind::Json, "line 3: expected `text`");
    /// assert_eq!(e.kind(), ErrorKind::Json);
    /// assert_eq!(e.to_string(), "line 3: expected `text`");
    /// ```
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error { kind, message: message.into(), source: None }
    }

    /// Attach the underlying cause.
    pub fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.source = Some(Box::new(source));
        self
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    pub(crate) fn io(path: &std::path::Path, err: std::io::Error) -> Self {
        let msg = format!("{}: {}", path.display(), err);
        Error::new(ErrorKind::Io, msg).with_source(err)
    }

    pub(crate) fn at_path(kind: ErrorKind, path: &std::path::Path, what: impl std::fmt::Display) -> Self {
        Error::new(kind, format!("{}: {}", path.display(), what))
    }
}

/// `Result` with zhkg's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
