//! Finding a few short byte strings in a long text: the hot loops of normalisation, sentence
//! splitting and the date gate, and line breaks. A vectorised search (Teddy, from aho-corasick,
//! or memchr) where the CPU has one, otherwise a plain scan that finds the same matches.

use aho_corasick::packed;

/// A small set of needles, found leftmost-first and without overlap.
pub(crate) struct Needles {
    needles: Vec<Vec<u8>>,
    searcher: Option<packed::Searcher>,
}

impl Needles {
    /// Up to a few dozen non-empty needles; earlier ones win where two start at one place.
    pub(crate) fn new<N: AsRef<[u8]>>(needles: &[N]) -> Self {
        let needles: Vec<Vec<u8>> = needles.iter().map(|n| n.as_ref().to_vec()).collect();
        let searcher = packed::Config::new().builder().extend(&needles).build();
        Needles { needles, searcher }
    }

    /// The matches in `hay` as `(start, needle)`, left to right.
    pub(crate) fn find_iter<'a>(&'a self, hay: &'a [u8]) -> Matches<'a> {
        match &self.searcher {
            Some(s) => Matches::Fast(s.find_iter(hay)),
            None => Matches::Plain(Plain { needles: &self.needles, hay, at: 0 }),
        }
    }
}

/// The matches of [`Needles::find_iter`].
pub(crate) enum Matches<'a> {
    Fast(packed::FindIter<'a, 'a>),
    Plain(Plain<'a, Vec<u8>>),
}

impl Iterator for Matches<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        match self {
            Matches::Fast(it) => it.next().map(|m| (m.start(), m.pattern().as_usize())),
            Matches::Plain(it) => it.next(),
        }
    }
}

/// Bytes in a UTF-8 sequence, by its first byte (a continuation byte counts as one).
static SEQ_LEN: [u8; 256] = {
    let mut t = [1u8; 256];
    let mut i = 0xC0;
    while i < 256 {
        t[i] = if i < 0xE0 {
            2
        } else if i < 0xF0 {
            3
        } else {
            4
        };
        i += 1;
    }
    t
};

/// The bytes of the UTF-8 sequence that byte `lead` starts (1 for a continuation byte): a table
/// look-up, no branch on the text.
#[inline(always)]
pub(crate) fn seq_len(lead: u8) -> usize {
    usize::from(SEQ_LEN[usize::from(lead)])
}

/// Chinese punctuation whose UTF-8 starts with `E3` (`。`, `、`) or `EF` (`，`, `；`, `：`): the
/// only characters of a Chinese text that start with these bytes, nearly. Finding them is a byte
/// search for the two lead bytes, which stops at little else, rather than decoding every
/// character.
pub(crate) fn is_wide_punct(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFFEF)
}

/// `s.find(marks)`, where every mark is [`is_wide_punct`].
#[inline]
pub(crate) fn find_mark(s: &str, marks: &[char]) -> Option<usize> {
    debug_assert!(marks.iter().all(|&c| is_wide_punct(c)));
    memchr::memchr2_iter(0xE3, 0xEF, s.as_bytes()).find(|&i| mark_at(s, i, marks))
}

/// `s.rfind(marks)`, where every mark is [`is_wide_punct`].
#[inline]
pub(crate) fn rfind_mark(s: &str, marks: &[char]) -> Option<usize> {
    debug_assert!(marks.iter().all(|&c| is_wide_punct(c)));
    memchr::memrchr2_iter(0xE3, 0xEF, s.as_bytes()).find(|&i| mark_at(s, i, marks))
}

/// Does one of `marks` start at byte `i` of `s`?
#[inline]
fn mark_at(s: &str, i: usize, marks: &[char]) -> bool {
    s.get(i..).and_then(|r| r.chars().next()).is_some_and(|c| marks.contains(&c))
}

/// Does `b` hold a byte below 0x20 (a control character)? The minimum of each 32-byte block
/// compiles to vector instructions: JSON strings are checked at a fraction of an instruction a byte.
pub(crate) fn has_control(b: &[u8]) -> bool {
    let blocks = b.chunks_exact(32);
    let tail = blocks.remainder();
    blocks.map(|c| c.iter().fold(u8::MAX, |m, &x| m.min(x))).any(|m| m < 0x20)
        || tail.iter().any(|&x| x < 0x20)
}

/// `s.split_inclusive('\n')`, with the line breaks found by a vectorised byte search.
pub(crate) fn lines_inclusive(s: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', s.as_bytes()).map(|i| i + 1).chain(std::iter::once(s.len()));
    ends.filter_map(move |end| {
        let line = s.get(start..end)?;
        start = end;
        (!line.is_empty()).then_some(line)
    })
}

/// `s.lines()`, with the line breaks found by a vectorised byte search (the standard library's
/// search is set up anew for each line: some two hundred instructions a line of a word list).
pub(crate) fn lines(s: &str) -> impl Iterator<Item = &str> {
    lines_inclusive(s).map(|l| l.strip_suffix('\n').map_or(l, |l| l.strip_suffix('\r').unwrap_or(l)))
}

/// The scan without vector instructions.
pub(crate) struct Plain<'a, N> {
    needles: &'a [N],
    hay: &'a [u8],
    at: usize,
}

impl<N: AsRef<[u8]>> Iterator for Plain<'_, N> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        while self.at < self.hay.len() {
            let rest = &self.hay[self.at..];
            let hit = |n: &N| !n.as_ref().is_empty() && rest.starts_with(n.as_ref());
            if let Some(i) = self.needles.iter().position(hit) {
                let start = self.at;
                self.at += self.needles[i].as_ref().len();
                return Some((start, i));
            }
            self.at += 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NEEDLES: &[&[u8]] = &[b",", "。".as_bytes(), b"\xEF\xBC", "！".as_bytes(), b"ab"];

    proptest! {
        /// The vectorised search and the plain scan find the same matches.
        #[test]
        fn fast_and_plain_agree(s in "[,。！，a-c\u{ff10}-\u{ff19}甲]{0,40}") {
            let n = Needles::new(NEEDLES);
            let plain: Vec<_> = Plain { needles: NEEDLES, hay: s.as_bytes(), at: 0 }.collect();
            prop_assert_eq!(n.find_iter(s.as_bytes()).collect::<Vec<_>>(), plain);
        }
    }

    proptest! {
        #[test]
        fn control_bytes_found(s in prop::collection::vec(any::<u8>(), 0..100)) {
            prop_assert_eq!(has_control(&s), s.iter().any(|&x| x < 0x20));
        }
    }

    proptest! {
        /// Lines are what `split_inclusive` gives.
        #[test]
        fn lines_like_split_inclusive(s in "[a\n甲\r]{0,30}") {
            prop_assert_eq!(lines_inclusive(&s).collect::<Vec<_>>(), s.split_inclusive('\n').collect::<Vec<_>>());
            // And without their breaks, what `lines` gives (`\r\n` a break, a lone `\r` not).
            prop_assert_eq!(lines(&s).collect::<Vec<_>>(), s.lines().collect::<Vec<_>>());
        }
    }

    proptest! {
        /// The byte searches for punctuation find what `find` and `rfind` find.
        #[test]
        fn marks_like_find(s in "[，。；：、甲a「」（）！\u{3001}-\u{303f}\u{ff01}-\u{ff5e}\u{e3}\u{ef}]{0,20}") {
            const MARKS: &[char] = &['，', '。', '；', '：'];
            prop_assert_eq!(find_mark(&s, MARKS), s.find(MARKS));
            prop_assert_eq!(rfind_mark(&s, MARKS), s.rfind(MARKS));
        }
    }

    #[test]
    fn finds_in_order() {
        let n = Needles::new(NEEDLES);
        let hay = "甲,乙。ab！".as_bytes();
        let found: Vec<_> = n.find_iter(hay).collect();
        assert_eq!(found, [(3, 0), (7, 1), (10, 4), (12, 2)]);
    }
}
