//! Small word lists asked three questions at every candidate position: does this text start with
//! one of the words, end with one, or hold one anywhere. A list is indexed by its words' first and
//! last characters; to find whether a text holds a word, a vectorised search (Teddy, from
//! aho-corasick) finds the places where a last character stands, and only those are checked.

use rustc_hash::FxHashMap;

use crate::scan::Needles;

/// Characters by their low eight bits: one test turns away most characters not in a small set
/// (and lets through some that share the bits, which a closer look then sorts out).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct CharMask([u64; 4]);

impl CharMask {
    fn bit(c: char) -> (usize, u64) {
        ((c as usize >> 6) & 3, 1 << (c as usize & 63))
    }

    pub(crate) fn insert(&mut self, c: char) {
        let (w, b) = Self::bit(c);
        self.0[w] |= b;
    }

    /// Might `c` be in the set? (No for certain when this says no.)
    pub(crate) fn may_hold(&self, c: char) -> bool {
        let (w, b) = Self::bit(c);
        self.0[w] & b != 0
    }
}

/// A word list indexed by first character and by last two characters.
pub(crate) struct WordSet {
    first: FxHashMap<char, Vec<&'static str>>,
    /// The first characters by their low eight bits: one test turns most characters away.
    first_mask: CharMask,
    /// Words of two characters or more by their last two (`会` ends some fifty words; `大会`
    /// and `会` end only a few), each with its place in the list given.
    last: FxHashMap<(char, char), Vec<(&'static str, usize)>>,
    /// Words of one character, with their places in the list given.
    singles: Vec<(&'static str, char, usize)>,
    /// The last characters by their low eight bits: one test tells most characters end no word.
    last_mask: CharMask,
    /// The distinct last characters, in the order of `finder`'s needles.
    last_chars: Vec<char>,
    /// Finds the last characters.
    finder: Needles,
    /// The most bytes a word has.
    longest: usize,
}

impl WordSet {
    /// Indexes `words` (empty words are left out: every text would hold one). A word found is
    /// told by its place in `words`.
    pub(crate) fn new(words: &[&'static str]) -> Self {
        let mut first: FxHashMap<char, Vec<&'static str>> = FxHashMap::default();
        let mut last: FxHashMap<(char, char), Vec<(&'static str, usize)>> = FxHashMap::default();
        let mut singles = Vec::new();
        let mut first_mask = CharMask::default();
        let mut last_mask = CharMask::default();
        let mut last_chars = Vec::new();
        for (id, w) in words.iter().enumerate() {
            let mut back = w.chars().rev();
            let (Some(f), Some(l)) = (w.chars().next(), back.next()) else { continue };
            first.entry(f).or_default().push(w);
            first_mask.insert(f);
            last_mask.insert(l);
            if !last_chars.contains(&l) {
                last_chars.push(l);
            }
            match back.next() {
                Some(k) => last.entry((k, l)).or_default().push((w, id)),
                None => singles.push((*w, l, id)),
            }
        }
        let finder = Needles::new(&last_chars.iter().map(|c| c.to_string()).collect::<Vec<_>>());
        let longest = words.iter().map(|w| w.len()).max().unwrap_or(0);
        WordSet { first, first_mask, last, singles, last_mask, last_chars, finder, longest }
    }

    /// Does `s` start with one of the words?
    pub(crate) fn starts(&self, s: &str) -> bool {
        s.chars()
            .next()
            .filter(|&c| self.in_first_mask(c))
            .and_then(|c| self.first.get(&c))
            .is_some_and(|ws| ws.iter().any(|w| s.starts_with(w)))
    }

    /// Is `s` one of the words?
    pub(crate) fn is_word(&self, s: &str) -> bool {
        s.chars()
            .next()
            .filter(|&c| self.in_first_mask(c))
            .and_then(|c| self.first.get(&c))
            .is_some_and(|ws| ws.contains(&s))
    }

    /// Might a word start with `c`? (No when its low eight bits are no first character's.)
    fn in_first_mask(&self, c: char) -> bool {
        self.first_mask.may_hold(c)
    }

    /// Does `s` end with one of the words?
    pub(crate) fn ends(&self, s: &str) -> bool {
        s.chars().next_back().is_some_and(|c| self.ends_with(s, c))
    }

    /// Does `s`, whose last character is `c`, end with one of the words?
    pub(crate) fn ends_with(&self, s: &str, c: char) -> bool {
        if !self.last_mask.may_hold(c) {
            return false;
        }
        if self.singles.iter().any(|s| s.1 == c) {
            return true;
        }
        let before = s.get(..s.len() - c.len_utf8()).and_then(|h| h.chars().next_back());
        before.is_some_and(|k| self.last.get(&(k, c)).is_some_and(|ws| ws.iter().any(|w| s.ends_with(w.0))))
    }

    /// Does `s` hold one of the words anywhere?
    pub(crate) fn occurs_in(&self, s: &str) -> bool {
        self.first_start(s).is_some()
    }

    /// Where in `s` the words can start, when one occurs: no word of `s` starts before the
    /// place given (the first word to end ends there, the others later, and none is longer than
    /// the longest word).
    pub(crate) fn first_start(&self, s: &str) -> Option<usize> {
        self.last_places(s).find_map(|start| {
            let c = s.get(start..)?.chars().next()?;
            let end = start + c.len_utf8();
            self.ends_with(&s[..end], c).then(|| end.saturating_sub(self.longest))
        })
    }

    /// The places in `s` where the characters the words end in stand, in order.
    pub(crate) fn last_places<'s>(&'s self, s: &'s str) -> impl Iterator<Item = usize> + 's {
        self.finder.find_iter(s.as_bytes()).map(|(at, _)| at)
    }

    /// The words `head` ends with, `c` being its last character, with their places in the list.
    pub(crate) fn ending<'h>(
        &'h self,
        head: &'h str,
        c: char,
    ) -> impl Iterator<Item = (&'static str, usize)> + 'h {
        let k = head.get(..head.len() - c.len_utf8()).and_then(|h| h.chars().next_back());
        let longer = k.and_then(|k| self.last.get(&(k, c))).map_or(&[][..], |v| v.as_slice());
        let singles = self.singles.iter().filter(move |s| s.1 == c).map(|&(w, _, id)| (w, id));
        longer.iter().copied().filter(move |w| head.ends_with(w.0)).chain(singles)
    }

    /// The words in `s`, leftmost-longest and without overlap, as an automaton over them would
    /// find them, each with what `kind` says of it, given its place in the list (a word it says
    /// nothing of is left out):
    /// `lasts` are the places in `s` where the words' last characters stand, in order. Every
    /// word ending at each place is found, then the longest of the leftmost taken.
    pub(crate) fn leftmost_longest<K: Copy>(
        &self,
        s: &str,
        lasts: impl Iterator<Item = usize>,
        kind: impl Fn(usize) -> Option<K>,
    ) -> Vec<(usize, usize, K)> {
        let mut all: Vec<(usize, usize, K)> = Vec::new();
        for at in lasts {
            let Some(c) = s.get(at..).and_then(|r| r.chars().next()) else { continue };
            let end = at + c.len_utf8();
            for (w, id) in self.ending(&s[..end], c) {
                if let Some(k) = kind(id) {
                    all.push((end - w.len(), end, k));
                }
            }
        }
        if all.len() > 1 {
            all.sort_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
        }
        let mut end = 0;
        all.retain(|m| {
            let keep = m.0 >= end;
            if keep {
                end = m.1;
            }
            keep
        });
        all
    }

    /// The characters the words end in.
    pub(crate) fn last_chars(&self) -> &[char] {
        &self.last_chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    // The empty word (left out of the set) stands among the others: the places of those after
    // it must still be theirs in this list.
    const WORDS: &[&str] = &["会议", "大会", "开班", "", "班", "论坛", "a", "ab"];

    #[test]
    fn starts_ends_and_occurs() {
        let set = WordSet::new(WORDS);
        assert!(set.starts("会议开始") && !set.starts("开会"));
        assert!(set.ends("召开大会") && set.ends("某班") && !set.ends("会议室") && set.ends("xa"));
        assert!(set.occurs_in("在某地召开大会。") && !set.occurs_in("会见外宾。") && !set.occurs_in(""));
        assert!(set.is_word("大会") && set.is_word("班") && !set.is_word("大会议") && !set.is_word(""));
    }

    proptest! {
        /// The index gives what a plain search of every word gives.
        #[test]
        fn index_agrees_with_plain_search(s in "[会议大开班论坛某。abc]{0,12}") {
            let set = WordSet::new(WORDS);
            let words = WORDS.iter().filter(|w| !w.is_empty());
            prop_assert_eq!(set.occurs_in(&s), words.clone().any(|w| s.contains(w)));
            // No word starts before the place `first_start` gives.
            let earliest = words.clone().filter_map(|w| s.find(w)).min();
            prop_assert_eq!(set.first_start(&s).is_some(), earliest.is_some());
            if let (Some(from), Some(at)) = (set.first_start(&s), earliest) {
                prop_assert!(from <= at);
            }
            prop_assert_eq!(set.starts(&s), words.clone().any(|w| s.starts_with(w)));
            prop_assert_eq!(set.ends(&s), words.clone().any(|w| s.ends_with(w)));
            prop_assert_eq!(set.is_word(&s), words.clone().any(|w| *w == s));
            // The words a text ends with, found through its last character.
            if let Some(c) = s.chars().next_back() {
                let mut found: Vec<&str> = set.ending(&s, c).map(|(w, id)| { assert_eq!(WORDS[id], w); w }).collect();
                found.sort_unstable();
                let mut want: Vec<&str> = words.clone().copied().filter(|w| s.ends_with(w)).collect();
                want.sort_unstable();
                want.dedup();
                prop_assert_eq!(found, want);
            }
        }
    }
}
