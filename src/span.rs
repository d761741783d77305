//! Byte spans into a document's original text.

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into a document's original text.
///
/// ```
/// use zhkg::Span;
/// let text = "区委书记曹立强";
/// let s = Span::new(12, 21);
/// assert_eq!(s.slice(text), Some("曹立强"));
/// assert_eq!(s.char_range(text), Some((4, 7)));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes).
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// Length in bytes.
    pub const fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// True when the span covers nothing.
    pub const fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// The text under the span, or `None` when it is out of range or not on char boundaries.
    pub fn slice(self, text: &str) -> Option<&str> {
        text.get(self.start..self.end)
    }

    /// The span as Unicode character offsets `(start, end)` into `text`.
    pub fn char_range(self, text: &str) -> Option<(usize, usize)> {
        let before = text.get(..self.start)?;
        let inner = text.get(self.start..self.end)?;
        let start = before.chars().count();
        Some((start, start + inner.chars().count()))
    }
}

/// The text between byte offsets `a` and `b`, or `""` when they are out of order, out of range
/// or not on character boundaries. Spans of different mentions may overlap; slicing between them
/// must never panic.
///
/// ```
/// assert_eq!(zhkg::span::between("甲乙丙", 3, 6), "乙");
/// assert_eq!(zhkg::span::between("甲乙丙", 6, 3), "");
/// assert_eq!(zhkg::span::between("甲乙丙", 1, 3), "");
/// ```
pub fn between(text: &str, a: usize, b: usize) -> &str {
    text.get(a..b).unwrap_or("")
}
