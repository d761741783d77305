//! Names already known in a document: a person found once is found again wherever the name is
//! written (`王小明主持` after `县委书记王小明`). Matching is leftmost-longest, as an automaton over
//! the names would do it, through an index by first character that costs nothing to extend.

use rustc_hash::{FxHashMap, FxHashSet};

use super::words::CharMask;

/// Names already known in a document, indexed by first character as they are added; past
/// 256 names, a leftmost-longest automaton over them, rebuilt only when a name is added.
#[derive(Debug, Clone, Default)]
pub struct KnownNames {
    pub(super) names: Vec<String>,
    set: FxHashSet<String>,
    index: NameIndex,
    ac: Option<aho_corasick::AhoCorasick>,
    /// A byte searcher per name, while the names are few.
    finders: Vec<memchr::memmem::Finder<'static>>,
}

/// Up to this many names, each is searched for on its own (a vectorised byte search per name
/// beats decoding every character of the sentence).
pub(super) const FEW_NAMES: usize = 12;

impl KnownNames {
    /// Known names from a list (a user lexicon's).
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut k = KnownNames::default();
        for n in names {
            k.insert(n);
        }
        k
    }

    /// Adds a name; true when it is new.
    pub fn insert(&mut self, name: &str) -> bool {
        if self.set.contains(name) {
            return false;
        }
        self.set.insert(name.to_string());
        self.index.add(self.names.len(), name);
        if self.names.len() < FEW_NAMES {
            self.finders.push(memchr::memmem::Finder::new(name.as_bytes()).into_owned());
        }
        self.names.push(name.to_string());
        self.ac = None;
        true
    }

    /// True when no name is known.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Is this name known?
    pub fn contains(&self, name: &str) -> bool {
        self.set.contains(name)
    }

    /// The known names.
    pub fn iter(&self) -> impl Iterator<Item = &String> {
        self.names.iter()
    }

    /// Builds the automaton if the names are many and one was added since the last call.
    pub fn prepare(&mut self) {
        if self.ac.is_none() && self.names.len() > MANY_NAMES {
            self.ac = automaton_of(&self.names);
        }
    }

    /// The leftmost-longest, non-overlapping occurrences of the names in `hay`, as
    /// `(start, end, index)`.
    pub(super) fn find_in(&self, hay: &str) -> Vec<(usize, usize, usize)> {
        match &self.ac {
            Some(ac) => find_with(ac, hay),
            None if self.names.len() <= FEW_NAMES => find_each(&self.finders, hay),
            None => self.index.find(&self.names, hay),
        }
    }
}

/// The leftmost-longest, non-overlapping occurrences in `hay` of the names the `finders` search
/// for (one each, in the names' order), as an automaton over them would choose: every
/// occurrence of every name, overlapping ones too, then the longest of the leftmost.
pub(super) fn find_each(finders: &[memchr::memmem::Finder<'_>], hay: &str) -> Vec<(usize, usize, usize)> {
    let mut all: Vec<(usize, usize, usize)> = Vec::new();
    for (i, f) in finders.iter().enumerate() {
        let mut from = 0;
        while let Some(at) = hay.as_bytes().get(from..).and_then(|h| f.find(h)) {
            let start = from + at;
            all.push((start, start + f.needle().len(), i));
            from = start + 1;
        }
    }
    if all.len() > 1 {
        all.sort_unstable_by_key(|&(start, end, i)| (start, std::cmp::Reverse(end), i));
    }
    let mut out = Vec::with_capacity(all.len());
    let mut end = 0;
    for m in all {
        if m.0 >= end {
            end = m.1;
            out.push(m);
        }
    }
    out
}

pub(super) fn automaton_of(names: &[String]) -> Option<aho_corasick::AhoCorasick> {
    aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        // Rebuilt as a document goes on: the cheapest automaton to build.
        .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
        .build(names)
        .ok()
}

pub(super) fn find_with(ac: &aho_corasick::AhoCorasick, hay: &str) -> Vec<(usize, usize, usize)> {
    ac.find_iter(hay).map(|m| (m.start(), m.end(), m.pattern().as_usize())).collect()
}

/// Up to this many names are found through their first characters (nothing to rebuild when one
/// is added); more get an automaton (a list of thousands shares a few surnames, and each would
/// be compared at every one of them).
pub(super) const MANY_NAMES: usize = 256;

/// Names by first character, with a 256-bit mask of those characters that rules out most
/// positions of a text with one test.
#[derive(Debug, Clone, Default)]
pub(super) struct NameIndex {
    mask: CharMask,
    by_first: FxHashMap<char, Vec<usize>>,
}

impl NameIndex {
    pub(super) fn of(names: &[String]) -> Self {
        let mut index = NameIndex::default();
        for (i, n) in names.iter().enumerate() {
            index.add(i, n);
        }
        index
    }

    fn add(&mut self, i: usize, name: &str) {
        let Some(c) = name.chars().next() else { return };
        self.mask.insert(c);
        self.by_first.entry(c).or_default().push(i);
    }

    /// What a leftmost-longest automaton over `names` (indexed by this) finds in `hay`.
    pub(super) fn find(&self, names: &[String], hay: &str) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        if self.by_first.is_empty() {
            return out;
        }
        let mut end = 0;
        for (at, c) in hay.char_indices() {
            if at < end || !self.mask.may_hold(c) {
                continue;
            }
            let Some(bucket) = self.by_first.get(&c) else { continue };
            let rest = &hay[at..];
            let longest = bucket
                .iter()
                .filter_map(|&i| names.get(i).map(|n| (i, n.len())))
                .filter(|&(i, _)| rest.starts_with(names[i].as_str()))
                .max_by_key(|&(i, len)| (len, std::cmp::Reverse(i)));
            if let Some((i, len)) = longest {
                end = at + len;
                out.push((at, end, i));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        // The first-character index finds what a leftmost-longest automaton finds, names that
        // share a first character, nest or overlap included.
        #[test]
        fn name_index_matches_the_automaton(
            names in proptest::collection::vec("[甲乙丙丁]{1,3}", 1..12),
            hay in "[甲乙丙丁，]{0,40}",
        ) {
            let mut names = names;
            names.sort();
            names.dedup();
            let ac = automaton_of(&names).expect("automaton");
            proptest::prop_assert_eq!(NameIndex::of(&names).find(&names, &hay), find_with(&ac, &hay));
            // And the search name by name that a sentence's own few names get.
            let finders: Vec<_> = names.iter().map(|n| memchr::memmem::Finder::new(n.as_bytes())).collect();
            proptest::prop_assert_eq!(find_each(&finders, &hay), find_with(&ac, &hay));
        }

        // So does the search name by name that `KnownNames` makes while the names are few.
        #[test]
        fn name_by_name_matches_the_automaton(
            names in proptest::collection::vec("[甲乙丙丁]{1,3}", 1..12),
            hay in "[甲乙丙丁，]{0,40}",
        ) {
            let known = KnownNames::new(names.iter().map(String::as_str));
            let ac = automaton_of(&known.names).expect("automaton");
            proptest::prop_assert!(known.names.len() <= FEW_NAMES);
            proptest::prop_assert_eq!(known.find_in(&hay), find_with(&ac, &hay));
        }
    }
}
