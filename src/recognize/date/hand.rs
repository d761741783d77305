//! Dates found without the date regex: every match of [`DATE`] holds one of a few places the
//! cue scan has already found, and starts a few bytes before it (see [`HandMatches`]).

#[cfg(doc)]
use super::DATE;
use super::{ascii_number, is_numeric, Parts, SAME_DAY};

/// How many characters of a match of [`DATE`] stand before its `日` (`2023年12月31日`), and how
/// many after its first `-` (`2024-12-31`), at most.
const BEFORE: usize = 10;
const AFTER: usize = 5;
/// How many bytes of a match stand before its `日` at most, its digits all ASCII.
const BEFORE_BYTES: usize = 4 + 3 + 2 + 3 + 2;

/// The matches `DATE.find_iter(s)` finds, in order, found by hand without the regex: as
/// `(start, end, parts)`.
///
/// Every match holds one of a few places: a `日` or `号` right after a digit (the first form
/// ends there), a `-` right after a digit (the ISO form), or the start of a same-day word. A
/// match holding one starts at most [`BEFORE_BYTES`] before it, at an ASCII digit or the place
/// itself; those starts are tried in order, each as the regex tries a start (see
/// [`match_at`]), and the first that matches is the leftmost match. The search goes on after
/// it, as the regex's does.
pub(super) struct HandMatches<'s, I: Iterator<Item = usize>> {
    s: &'s str,
    places: std::iter::Peekable<I>,
    /// Where the next match may start (the end of the last one).
    from: usize,
    /// The starts below this have been tried.
    tried: usize,
}

impl<'s, I: Iterator<Item = usize> + Clone> HandMatches<'s, I> {
    /// The matches of `s`, whose places (byte offsets, in order) are `places`; `None` where a
    /// digit that is not ASCII stands within reach of a place (`\d` is any decimal digit, and the
    /// regex reads those).
    pub(super) fn new(s: &'s str, places: I) -> Option<Self> {
        if !places.clone().all(|at| plain(s, at)) {
            return None;
        }
        Some(HandMatches { s, places: places.peekable(), from: 0, tried: 0 })
    }
}

/// Is no digit of another script within reach of the place at byte `at` of `s`? A match holding
/// the place is a run of digits, `年`, `月` and `-` up to it (at most [`BEFORE`] characters), and
/// for a `-` up to [`AFTER`] characters of digits and `-` after it: the runs are walked, and the
/// character each stops at is read.
fn plain(s: &str, at: usize) -> bool {
    let b = s.as_bytes();
    let foreign = |c: Option<char>| c.is_some_and(|c| !c.is_ascii() && is_numeric(c));
    let mut i = at;
    for _ in 0..BEFORE {
        match i.checked_sub(1).and_then(|j| b.get(j)) {
            Some(x) if x.is_ascii_digit() || *x == b'-' => i -= 1,
            Some(x) if *x >= 0x80 => match s.get(..i).and_then(|h| h.chars().next_back()) {
                Some(c @ ('年' | '月')) => i -= c.len_utf8(),
                c if foreign(c) => return false,
                _ => break,
            },
            _ => break,
        }
    }
    if b.get(at) != Some(&b'-') {
        return true;
    }
    let mut i = at + 1;
    for _ in 0..AFTER {
        match b.get(i) {
            Some(x) if x.is_ascii_digit() || *x == b'-' => i += 1,
            Some(x) if *x >= 0x80 => return !foreign(s.get(i..).and_then(|t| t.chars().next())),
            _ => break,
        }
    }
    true
}

impl<I: Iterator<Item = usize>> Iterator for HandMatches<'_, I> {
    type Item = (usize, usize, Parts);

    fn next(&mut self) -> Option<Self::Item> {
        let b = self.s.as_bytes();
        while let Some(&at) = self.places.peek() {
            let lo = at.saturating_sub(BEFORE_BYTES).max(self.from).max(self.tried);
            for q in lo..=at {
                self.tried = q + 1;
                let start = b.get(q).is_some_and(|x| x.is_ascii_digit()) || q == at;
                if let Some((end, parts)) = start.then(|| match_at(b, q)).flatten() {
                    self.from = end;
                    return Some((q, end, parts));
                }
            }
            self.places.next();
        }
        None
    }
}

/// The match of [`DATE`] starting at byte `at` of `b`, as the regex finds one there: its first
/// alternative before the others, an optional part taken where it can be, a digit run as long as
/// it can be. Its end and parts; digits are read as ASCII only.
pub(super) fn match_at(b: &[u8], at: usize) -> Option<(usize, Parts)> {
    let digits = |at: usize, n: usize| ascii_number(b.get(at..at + n)?);
    let lit = |at: usize, w: &str| b.get(at..).is_some_and(|r| r.starts_with(w.as_bytes()));
    // `(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})[日号]`
    let years = [
        digits(at, 4).filter(|_| lit(at + 4, "年")).map(|y| (Some(y), at + 4 + "年".len())),
        Some((None, at)),
    ];
    for (year, at) in years.into_iter().flatten() {
        let month_at =
            |n: usize| digits(at, n).filter(|_| lit(at + n, "月")).map(|v| (Some(v), at + n + "月".len()));
        for (month, at) in [month_at(2), month_at(1), Some((None, at))].into_iter().flatten() {
            for n in [2, 1] {
                if let Some(day) = digits(at, n).filter(|_| lit(at + n, "日") || lit(at + n, "号")) {
                    return Some((
                        at + n + "日".len(),
                        Parts { year, month, day: Some(day), same_day: false },
                    ));
                }
            }
        }
    }
    // `(当天|当日|同日|同一天)`
    if let Some(w) = SAME_DAY.iter().find(|w| lit(at, w)) {
        return Some((at + w.len(), Parts { year: None, month: None, day: None, same_day: true }));
    }
    // `(\d{4})-(\d{1,2})-(\d{1,2})`
    let year = digits(at, 4).filter(|_| lit(at + 4, "-"))?;
    for n in [2, 1] {
        let Some(month) = digits(at + 5, n).filter(|_| lit(at + 5 + n, "-")) else { continue };
        for k in [2, 1] {
            if let Some(day) = digits(at + 6 + n, k) {
                let parts = Parts { year: Some(year), month: Some(month), day: Some(day), same_day: false };
                return Some((at + 6 + n + k, parts));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::after_digit;
    use super::super::tests::by_captures;
    use super::*;

    /// The places of `s` [`HandMatches`] starts from, found by decoding it.
    fn places(s: &str) -> Vec<usize> {
        s.char_indices()
            .filter(|&(i, c)| {
                (matches!(c, '日' | '号' | '-') && after_digit(s, i))
                    || SAME_DAY.iter().any(|w| s[i..].starts_with(w))
            })
            .map(|(i, _)| i)
            .collect()
    }

    #[test]
    fn hand_matches_find_what_the_regex_finds() {
        let cases = [
            "2023年6月30日上午，20日下午", "2024-3-5日", "12023年5月1日", "123月1日与5月123日", "2023年1日",
            "1月2月3日", "当天和同一天", "第120日",
        ];
        for s in cases {
            let hand: Vec<_> =
                HandMatches::new(s, places(s).into_iter()).map(Iterator::collect).unwrap_or_default();
            assert_eq!(hand, by_captures(s), "{s}");
            assert!(!hand.is_empty(), "{s}");
        }
        // A digit of another script near a place is left to the regex.
        for s in ["٣月5日", "当2024-3-٣", "2024-٣-5"] {
            assert!(HandMatches::new(s, places(s).into_iter()).is_none(), "{s}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// Found by hand from their places, the matches are the regex's, spans and parts alike;
        /// only text with a digit of another script is left to the regex.
        #[test]
        fn hand_matches_agree_with_the_regex(s in "([0-9]{1,4}|2024-|3-|٣|年|月|日|号|当|天|同|一|当天|同一天|-|，|a){0,12}") {
            match HandMatches::new(&s, places(&s).into_iter()) {
                Some(hand) => proptest::prop_assert_eq!(hand.collect::<Vec<_>>(), by_captures(&s)),
                None => proptest::prop_assert!(s.contains('٣')),
            }
        }
    }
}
