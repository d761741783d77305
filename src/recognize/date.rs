//! Dates: `2023年6月30日`, `3月15日上午`, `20日`, `当天`, and ISO dates in datelines.

use std::fmt;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::cues::{class, Cues};

mod hand;
use crate::scan::Needles;
use crate::span::Span;
use hand::{match_at, HandMatches};

/// A calendar date whose year may be unknown.
///
/// ```
/// use zhkg::Date;
/// assert_eq!(Date::new(Some(2022), 2, 9).to_string(), "2022-02-09");
/// assert_eq!(Date::new(None, 2, 9).to_string(), "--02-09");
/// assert_eq!("2023-02-20".parse::<Date>().ok(), Some(Date::new(Some(2023), 2, 20)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year, when known.
    pub year: Option<u16>,
    /// 1–12.
    pub month: u8,
    /// 1–31.
    pub day: u8,
}

impl Date {
    /// A date; month and day are not range-checked here (see [`Date::valid`]).
    pub const fn new(year: Option<u16>, month: u8, day: u8) -> Self {
        Date { year, month, day }
    }

    /// Month in 1–12 and day in 1–31.
    pub fn valid(&self) -> bool {
        (1..=12).contains(&self.month) && (1..=31).contains(&self.day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.year {
            Some(y) => write!(f, "{y:04}-{:02}-{:02}", self.month, self.day),
            None => write!(f, "--{:02}-{:02}", self.month, self.day),
        }
    }
}

/// Serialised as its text, `YYYY-MM-DD` or `--MM-DD`.
impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl std::str::FromStr for Date {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("not a date: {s:?}");
        // `YYYY-MM-DD`, as nearly every dated record has it, read straight from its bytes.
        if let Some(&[y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1]) =
            s.as_bytes().first_chunk::<10>().filter(|_| s.len() == 10)
        {
            let digits = [y0, y1, y2, y3, m0, m1, d0, d1];
            if digits.iter().all(u8::is_ascii_digit) {
                let n = |ds: &[u8]| ds.iter().fold(0u16, |v, &x| v * 10 + u16::from(x - b'0'));
                let d = Date::new(Some(n(&digits[..4])), n(&digits[4..6]) as u8, n(&digits[6..]) as u8);
                return if d.valid() { Ok(d) } else { Err(bad()) };
            }
        }
        parse_parts(s)
    }
}

/// A date `YYYY-MM-DD` or `--MM-DD`, read part by part.
fn parse_parts(s: &str) -> Result<Date, String> {
    let bad = || format!("not a date: {s:?}");
    // Up to five parts, no list made.
    let mut it = s.split('-');
    let parts = [it.next(), it.next(), it.next(), it.next(), it.next()];
    let d = match parts {
        [Some(y), Some(m), Some(d), None, _] if !y.is_empty() => Date::new(
            Some(y.parse().map_err(|_| bad())?),
            m.parse().map_err(|_| bad())?,
            d.parse().map_err(|_| bad())?,
        ),
        [Some(""), Some(""), Some(m), Some(d), None] => {
            Date::new(None, m.parse().map_err(|_| bad())?, d.parse().map_err(|_| bad())?)
        }
        _ => return Err(bad()),
    };
    if d.valid() {
        Ok(d)
    } else {
        Err(bad())
    }
}

/// A date written in a sentence, with what it leaves open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateMention {
    /// Where.
    pub span: Span,
    /// Written year.
    pub year: Option<u16>,
    /// Written month.
    pub month: Option<u8>,
    /// Written day; `None` with `same_day` for `当天`.
    pub day: Option<u8>,
    /// `当天`, `同日`: the day last mentioned.
    pub same_day: bool,
}

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})[日号]|(当天|当日|同日|同一天)|(\d{4})-(\d{1,2})-(\d{1,2})",
    )
    .unwrap_or_else(|e| unreachable!("date regex: {e}"))
});

/// All dates written in `span` of `text`.
///
/// ```
/// use zhkg::{recognize::date::find_dates, Span};
/// let t = "2023年6月30日上午，20日下午";
/// let d = find_dates(t, Span::new(0, t.len()));
/// assert_eq!((d[0].year, d[0].month, d[0].day), (Some(2023), Some(6), Some(30)));
/// assert_eq!((d[1].year, d[1].month, d[1].day), (None, None, Some(20)));
/// ```
pub fn find_dates(text: &str, span: Span) -> Vec<DateMention> {
    dates_in(text, span, may_hold_date).collect()
}

/// The first date written in `span` of `text`: [`find_dates`]`(..).first()`, without reading
/// the rest of the span.
pub fn first_date(text: &str, span: Span) -> Option<DateMention> {
    dates_in(text, span, may_hold_date).next()
}

/// [`first_date`], where `cues` are the cues of the text inside `span` (see [`cue_chars`]).
pub(crate) fn first_date_cued(text: &str, span: Span, cues: Cues<'_>) -> Option<DateMention> {
    // Most sentences hold no cue of a date at all: nothing is set up.
    if !cues.any(class::DAY | class::DASH | class::SAME_DAY) {
        return None;
    }
    let s = span.slice(text)?;
    match HandMatches::new(s, places(s, span.start, cues)) {
        Some(found) => {
            found.filter_map(|(start, end, parts)| mention(s, span.start, start, end, parts)).next()
        }
        None => dates_in(text, span, |s| places(s, span.start, cues).next().is_some()).next(),
    }
}

/// The places of `s` (at byte `base` of a text whose cues inside `s` are `cues`) that every
/// match of [`DATE`] holds one of, as byte offsets of `s`: a `日`, `号` or `-` right after a digit,
/// and the start of a same-day word (see `HandMatches`). Without one, `s` holds no date.
fn places<'a>(s: &'a str, base: usize, cues: Cues<'a>) -> impl Iterator<Item = usize> + Clone + 'a {
    cues.hits().iter().filter_map(move |h| {
        if h.class & (class::DAY | class::DASH | class::SAME_DAY) == 0 {
            return None;
        }
        let i = h.at.checked_sub(base)?;
        let holds = (h.class & (class::DAY | class::DASH) != 0 && after_digit(s, i))
            || (h.class & class::SAME_DAY != 0 && same_day_at(s, i));
        holds.then_some(i)
    })
}

/// What [`DATE`] cannot match without: `日` or `号` (the end of its first form), and its same-day
/// words, found in one vectorised search.
static CUES: LazyLock<Needles> = LazyLock::new(|| {
    let cues: Vec<&str> = ["日", "号"].into_iter().chain(SAME_DAY).collect();
    Needles::new(&cues)
});

/// Does a same-day word start at byte `i` of `s`, where `当` or `同` stands?
fn same_day_at(s: &str, i: usize) -> bool {
    // The words after their first character, which is three bytes long.
    let rest = s.as_bytes().get(i + 3..).unwrap_or_default();
    match s.as_bytes().get(i..i + 3) {
        Some(b) if b == "当".as_bytes() => {
            rest.starts_with("天".as_bytes()) || rest.starts_with("日".as_bytes())
        }
        Some(b) if b == "同".as_bytes() => {
            rest.starts_with("日".as_bytes()) || rest.starts_with("一天".as_bytes())
        }
        _ => false,
    }
}

/// The same-day words of [`DATE`]'s second form.
const SAME_DAY: [&str; 4] = ["当天", "当日", "同日", "同一天"];

/// The characters the date gate looks for: `日` and `号`, the same-day words' first characters and
/// `-`.
pub(crate) fn cue_chars() -> impl Iterator<Item = (char, u16)> {
    let same = SAME_DAY.into_iter().filter_map(|w| w.chars().next()).map(|c| (c, class::SAME_DAY));
    [('日', class::DAY), ('号', class::DAY), ('-', class::DASH)].into_iter().chain(same)
}

/// Is the character before byte `i` of `s` a digit?
fn after_digit(s: &str, i: usize) -> bool {
    match i.checked_sub(1).and_then(|j| s.as_bytes().get(j)) {
        // An ASCII byte is a character of its own; most characters before a cue are ideographs.
        Some(b) if b.is_ascii() => b.is_ascii_digit(),
        Some(_) => s.get(..i).and_then(|h| h.chars().next_back()).is_some_and(is_numeric),
        None => false,
    }
}

/// Could [`DATE`] match in `s`? Only with `日` or `号` right after a digit (`\d` is any Unicode
/// digit), a same-day word, or `-` after a digit (`2024-3-5`). Most sentences have none of these,
/// and byte searches turn them away before the regex runs.
fn may_hold_date(s: &str) -> bool {
    CUES.find_iter(s.as_bytes()).any(|(i, cue)| cue > 1 || after_digit(s, i))
        || memchr::memchr_iter(b'-', s.as_bytes()).any(|i| after_digit(s, i))
}

/// The dates of `span` of `text`, where `gate` says of the span's text that one may be written.
fn dates_in(
    text: &str,
    span: Span,
    gate: impl FnOnce(&str) -> bool,
) -> impl Iterator<Item = DateMention> + '_ {
    let s = span.slice(text).filter(|s| gate(s)).unwrap_or("");
    // Where the gate says no, the regex is not even set up (that alone costs hundreds of
    // instructions a sentence). Where it says yes, the lazy DFA finds each match and its parts
    // are read by hand (see `read_parts`): the regex's capture engine, which costs more than the
    // rest of the search, runs only where a match holds a digit that is not ASCII.
    let matches = (!s.is_empty()).then(|| DATE.find_iter(s));
    matches.into_iter().flatten().filter_map(move |m| {
        let parts =
            read_parts(m.as_str()).or_else(|| DATE.captures_at(s, m.start()).map(|c| parts_of(&c)))?;
        mention(s, span.start, m.start(), m.end(), parts)
    })
}

/// The mention a match of [`DATE`] from byte `start` to `end` of `s` (at byte `base` of its
/// text) makes, with its `parts`: none where it is the tail of a longer number or names no
/// possible month or day.
fn mention(s: &str, base: usize, start: usize, end: usize, parts: Parts) -> Option<DateMention> {
    // `20日` must not be the tail of a longer number (`120日`) or a count (`3日内` is rare; kept).
    if start > 0 && s[..start].ends_with(|ch: char| ch.is_ascii_digit()) {
        return None;
    }
    let mention = DateMention {
        span: Span::new(base + start, base + end),
        year: parts.year,
        month: parts.month.map(|v| v as u8),
        day: parts.day.map(|v| v as u8),
        same_day: parts.same_day,
    };
    let ok_month = mention.month.is_none_or(|m| (1..=12).contains(&m));
    let ok_day = mention.day.is_none_or(|d| (1..=31).contains(&d));
    (ok_month && ok_day).then_some(mention)
}

/// The parts of a date match, as [`DATE`]'s groups give them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Parts {
    year: Option<u16>,
    month: Option<u16>,
    day: Option<u16>,
    same_day: bool,
}

/// The parts of a match as [`DATE`]'s capture groups give them.
fn parts_of(c: &regex::Captures<'_>) -> Parts {
    let num = |i: usize| c.get(i).and_then(|g| g.as_str().parse::<u16>().ok());
    if c.get(4).is_some() {
        Parts { year: None, month: None, day: None, same_day: true }
    } else if c.get(5).is_some() {
        Parts { year: num(5), month: num(6), day: num(7), same_day: false }
    } else {
        Parts { year: num(1), month: num(2), day: num(3), same_day: false }
    }
}

/// [`char::is_numeric`], answered without the Unicode tables for the CJK ideographs of the basic
/// block (all letters, none numeric), most characters of a Chinese text.
fn is_numeric(c: char) -> bool {
    !('\u{4E00}'..='\u{9FFF}').contains(&c) && c.is_numeric()
}

/// The parts of `m`, a whole match of [`DATE`], read the way the regex reads it: its first
/// alternative before the others, an optional part taken where it can be, a digit run as long as
/// it can be. `None` when `m` holds a digit that is not ASCII (`\d` is any decimal digit).
fn read_parts(m: &str) -> Option<Parts> {
    if m.chars().any(|c| !c.is_ascii() && is_numeric(c)) {
        return None;
    }
    match_at(m.as_bytes(), 0).filter(|&(end, _)| end == m.len()).map(|(_, parts)| parts)
}

/// The number `d` writes, when its bytes are all ASCII digits (a few: no overflow is checked).
fn ascii_number(d: &[u8]) -> Option<u16> {
    d.iter().all(u8::is_ascii_digit).then(|| d.iter().fold(0u16, |v, x| v * 10 + u16::from(x - b'0')))
}

/// The first `NNNN年` in `s` that reads as a plausible year (four ASCII digits: `(\d{4})年` read
/// as a number).
pub fn year_in(s: &str) -> Option<u16> {
    let b = s.as_bytes();
    s.match_indices('年')
        .filter_map(|(i, _)| ascii_number(b.get(i.checked_sub(4)?..i)?))
        .find(|y| (1900..=2100).contains(y))
}

/// Completes a mention with a context date (year and month from a dateline, the previous date for
/// `当天`) and a year hint (a year in the event's name).
pub fn resolve(
    m: &DateMention,
    context: Option<Date>,
    last: Option<Date>,
    year_hint: Option<u16>,
) -> Option<Date> {
    if m.same_day {
        return last.or(context);
    }
    let day = m.day?;
    let month = m.month.or(context.map(|c| c.month))?;
    let year = m.year.or(year_hint).or(context.and_then(|c| c.year));
    let d = Date::new(year, month, day);
    d.valid().then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_like_std() {
        for c in '\0'..='\u{2FFFF}' {
            assert_eq!(is_numeric(c), c.is_numeric(), "{c:?}");
        }
    }

    #[test]
    fn completes_day_only_dates() {
        let t = "20日上午开班";
        let m = find_dates(t, Span::new(0, t.len()));
        let ctx = Some(Date::new(Some(2023), 2, 20));
        assert_eq!(resolve(&m[0], ctx, None, None), Some(Date::new(Some(2023), 2, 20)));
        assert_eq!(resolve(&m[0], None, None, None), None);
    }

    #[test]
    fn same_day_and_year_hint() {
        let t = "3月15日上午举行，当天下午座谈";
        let m = find_dates(t, Span::new(0, t.len()));
        let first = resolve(&m[0], None, None, Some(2021));
        assert_eq!(first, Some(Date::new(Some(2021), 3, 15)));
        assert_eq!(resolve(&m[1], None, first, None), first);
    }

    #[test]
    fn rejects_impossible_dates() {
        let t = "13月40日";
        assert!(find_dates(t, Span::new(0, t.len())).is_empty());
        assert!("2023-13-01".parse::<Date>().is_err());
        // The bytes of `YYYY-MM-DD` read straight give what reading part by part gives.
        for s in
            ["2023-06-30", "2023-00-10", "0000-12-31", "9999-01-32", "2023-6-30", "2023-06-3a", "--06-30"]
        {
            assert_eq!(s.parse::<Date>(), parse_parts(s), "{s}");
        }
    }

    /// What the regex's own capture groups give for every match of `s`.
    pub(super) fn by_captures(s: &str) -> Vec<(usize, usize, Parts)> {
        DATE.captures_iter(s).filter_map(|c| c.get(0).map(|m| (m.start(), m.end(), parts_of(&c)))).collect()
    }

    #[test]
    fn parts_read_like_the_regex() {
        for s in ["2023年6月30日", "6月30日", "30号", "2024-3-5", "2024-10-15", "当天", "同一天", "5日"]
        {
            let want = by_captures(s);
            assert_eq!(want.len(), 1, "{s}");
            assert_eq!(read_parts(s), Some(want[0].2), "{s}");
        }
        // A digit of another script is left to the regex.
        assert_eq!(read_parts("٣日"), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Reading a match by hand gives the regex's groups wherever it gives anything, and
        /// only a match with a digit of another script is left to the regex.
        #[test]
        fn hand_reading_agrees_with_the_groups(s in "[0-9٣年月日号当天同一-，a]{0,24}") {
            for (start, end, parts) in by_captures(&s) {
                let m = &s[start..end];
                match read_parts(m) {
                    Some(p) => proptest::prop_assert_eq!(p, parts, "{}", m),
                    None => proptest::prop_assert!(m.contains('٣'), "{}", m),
                }
            }
        }
    }

    proptest::proptest! {
        /// A year read by hand is the first `(\d{4})年` that parses as a plausible year.
        #[test]
        fn years_read_like_the_regex(s in "([0-9]{1,5}|٣|年|月|a|，){0,10}") {
            let year = regex::Regex::new(r"(\d{4})年").unwrap();
            let want = year
                .captures_iter(&s)
                .filter_map(|c| c.get(1)?.as_str().parse::<u16>().ok())
                .find(|y| (1900..=2100).contains(y));
            proptest::prop_assert_eq!(year_in(&s), want);
        }
    }

    #[test]
    fn same_day_words_read_from_bytes() {
        let s = "当天当日同日同一天当地同时同一当";
        for (i, _) in s.char_indices() {
            assert_eq!(same_day_at(s, i), SAME_DAY.iter().any(|w| s[i..].starts_with(w)), "{i}");
        }
    }

    proptest::proptest! {
        /// The gate before the regex turns away only text the regex cannot match, digits of any
        /// script included.
        #[test]
        fn gate_keeps_every_possible_date(s in "[0-9३٣年月日号当天同一-，a]{0,16}") {
            proptest::prop_assert!(!DATE.is_match(&s) || may_hold_date(&s));
        }
    }

    proptest::proptest! {
        /// Read straight from its bytes or part by part, a date string gives the same date or
        /// refusal.
        #[test]
        fn fast_date_reading_agrees(s in "[0-9\\-]{8,12}") {
            proptest::prop_assert_eq!(s.parse::<Date>(), parse_parts(&s));
        }
    }
}
