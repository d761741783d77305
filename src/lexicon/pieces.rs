//! Finding pieces in a sentence. Town names (`华漕镇`, `石化街道`) are most of the table but rarely
//! written, and all end in one of a few characters (`镇`, `乡`, `道`, `木`): they are kept out of
//! the trie, whose first character pairs would otherwise start at most places of a text, and are
//! found instead by looking back from those characters. The two finds are merged into what one
//! leftmost-longest automaton over the whole table would find (the tests hold them to one).

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use super::trie::Trie;
use crate::scan::Needles;

/// Names found by their last characters.
pub(super) struct Suffixed {
    /// The values of the names by a hash of the name: the name itself is checked against the
    /// divisions on a hit, so no name is copied.
    values: FxHashMap<u64, u32>,
    /// The last two characters of every name.
    tails: FxHashSet<(char, char)>,
    /// The most bytes a name has.
    longest: usize,
    /// The distinct last characters, in the order of `ends`' needles.
    last: Vec<char>,
    /// Finds the last characters.
    ends: Needles,
}

/// Names whose last characters are more than this many would not all fit one vectorised search.
pub(super) const MAX_LAST_CHARS: usize = 8;

fn hash(name: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<FxHasher>::default().hash_one(name)
}

impl Suffixed {
    /// Indexes `names` (each two characters or more) by their last characters; `None` when they
    /// end in more than [`MAX_LAST_CHARS`] different characters, a name is shorter than two or two
    /// names hash alike.
    pub(super) fn new(names: &[(&str, u32)]) -> Option<Suffixed> {
        let mut last: Vec<char> = Vec::new();
        let mut values = FxHashMap::with_capacity_and_hasher(names.len(), Default::default());
        let mut tails = FxHashSet::default();
        let mut longest = 0;
        for &(n, v) in names {
            let mut cs = n.chars().rev();
            let (Some(z), Some(y)) = (cs.next(), cs.next()) else {
                return None;
            };
            if !last.contains(&z) {
                last.push(z);
            }
            tails.insert((y, z));
            longest = longest.max(n.len());
            if values.insert(hash(n), v).is_some() {
                return None;
            }
        }
        if last.len() > MAX_LAST_CHARS || values.is_empty() {
            return None;
        }
        let ends = Needles::new(&last.iter().map(|c| c.to_string()).collect::<Vec<_>>());
        Some(Suffixed { values, tails, longest, last, ends })
    }

    /// The characters the names end in.
    pub(super) fn last_chars(&self) -> &[char] {
        &self.last
    }

    /// Every name in `s` as `(start, end, value)`, overlapping ones too, by start and then longest
    /// first; `name(value)` is the name of a value. `ends` are where the characters of
    /// [`Suffixed::last_chars`] stand in `s`, in order, when a scan has found them already.
    fn find_all<'n>(
        &self,
        s: &str,
        ends: Option<&mut dyn Iterator<Item = usize>>,
        name: impl Fn(u32) -> &'n str,
        out: &mut Vec<(usize, usize, u32)>,
    ) {
        let mut searched;
        let ends: &mut dyn Iterator<Item = usize> = match ends {
            Some(e) => e,
            None => {
                searched = self.ends.find_iter(s.as_bytes()).map(|(at, _)| at);
                &mut searched
            }
        };
        for at in ends {
            let Some(z) = s.get(at..).and_then(|r| r.chars().next()) else { continue };
            let end = at + z.len_utf8();
            let head = &s[..end];
            let Some(y) = head[..at].chars().next_back() else { continue };
            if !self.tails.contains(&(y, z)) {
                continue;
            }
            let starts = head.char_indices().rev().skip(1).map(|(i, _)| i);
            for start in starts.take_while(|&i| end - i <= self.longest) {
                let cand = &head[start..];
                if let Some(&v) = self.values.get(&hash(cand)) {
                    if name(v) == cand {
                        out.push((start, end, v));
                    }
                }
            }
        }
        out.sort_unstable_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
    }
}

/// The piece automaton and the names kept out of it.
#[derive(Clone)]
pub(super) struct Pieces {
    pub(super) trie: Trie,
    pub(super) suffixed: Option<std::sync::Arc<Suffixed>>,
}

impl std::fmt::Debug for Pieces {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pieces")
            .field("pieces", &self.trie.len())
            .field("suffixed", &self.suffixed.as_ref().map_or(0, |s| s.values.len()))
            .finish()
    }
}

impl Pieces {
    /// Calls `f(start, end, value)` for the pieces of `s`, leftmost-longest and without overlap.
    /// `name(value)` is the name of a suffixed piece. `found`, when a scan has found them
    /// already, are the places of `s` where the towns' last characters stand and where the
    /// single-character pieces' characters stand (see [`Suffixed::find_all`] and
    /// [`Trie::find_from_with_single`]).
    pub(super) fn for_each<'n>(
        &self,
        s: &str,
        found: Option<(&mut dyn Iterator<Item = usize>, &mut dyn Iterator<Item = usize>)>,
        name: impl Fn(u32) -> &'n str,
        mut f: impl FnMut(usize, usize, u32),
    ) {
        let (town_ends, singles) = match found {
            Some((t, s)) => (Some(t), Some(s)),
            None => (None, None),
        };
        let mut towns = Vec::new();
        if let Some(sx) = &self.suffixed {
            sx.find_all(s, town_ends, name, &mut towns);
        }
        // The first single piece's place not yet passed (`from` only grows).
        let mut singles = singles;
        let mut ahead = singles.as_mut().and_then(|it| it.next());
        let mut find = |from: usize| match singles.as_mut() {
            Some(it) => {
                while ahead.is_some_and(|p| p < from) {
                    ahead = it.next();
                }
                self.trie.find_from_with_single(s, from, ahead)
            }
            None => self.trie.find_from(s, from),
        };
        let mut towns = towns.into_iter().peekable();
        // The leftmost piece of either kind wins, the longer where both start at one place.
        let mut from = 0;
        let mut next = find(0);
        loop {
            while towns.next_if(|t| t.0 < from).is_some() {}
            if next.is_some_and(|m| m.0 < from) {
                next = find(from);
            }
            let town = towns.peek().copied();
            let (pick, is_town) = match (town, next) {
                (None, None) => break,
                (Some(t), Some(m)) if t.0 < m.0 || (t.0 == m.0 && t.1 > m.1) => (t, true),
                (Some(t), None) => (t, true),
                (_, Some(m)) => (m, false),
            };
            if is_town {
                towns.next();
            } else {
                next = find(pick.1);
            }
            f(pick.0, pick.1, pick.2);
            from = pick.1;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use daachorse::CharwiseDoubleArrayAhoCorasick;
    use proptest::prelude::*;

    use super::super::{builtin_sources, table, Lexicon};
    use crate::lexicon::Level;

    static LEX: LazyLock<Lexicon> = LazyLock::new(Lexicon::builtin);

    /// One automaton over the whole table, towns included: what the split must find.
    static WHOLE: LazyLock<CharwiseDoubleArrayAhoCorasick<u32>> = LazyLock::new(|| {
        let table = table::pieces(&builtin_sources(), LEX.divisions(), &[], &[]);
        daachorse::CharwiseDoubleArrayAhoCorasickBuilder::new()
            .match_kind(daachorse::MatchKind::LeftmostLongest)
            .build_with_values(table.iter().map(|(w, v)| (w.as_str(), *v)))
            .unwrap()
    });

    /// Words to build sentences from: towns (some sharing characters with the words around them),
    /// counties, cities in full and short, organisation and position words, and filler.
    static WORDS: LazyLock<Vec<String>> = LazyLock::new(|| {
        let divs = LEX.divisions();
        let mut words: Vec<String> = Vec::new();
        for level in [Level::Town, Level::County, Level::City] {
            let of_level: Vec<&str> =
                divs.iter().filter(|d| d.level == level).map(|d| d.name.as_str()).collect();
            let step = (of_level.len() / 40).max(1);
            words.extend(of_level.iter().step_by(step).map(|n| n.to_string()));
        }
        // Towns whose name starts with another town's (`某某镇街道` after `某某镇`).
        let towns: std::collections::HashSet<&str> =
            divs.iter().filter(|d| d.level == Level::Town).map(|d| d.name.as_str()).collect();
        let nested = towns.iter().filter(|t| t.char_indices().skip(2).any(|(i, _)| towns.contains(&t[..i])));
        words.extend(nested.take(20).map(|t| t.to_string()));
        let shorts: Vec<String> =
            words.iter().filter_map(|w| table::short_form(w)).map(str::to_string).collect();
        words.extend(shorts);
        // A town's name without its ending, and endings on their own.
        let stems: Vec<String> = words.iter().take(40).map(|w| w.chars().skip(1).collect()).collect();
        words.extend(stems);
        for w in [
            "镇", "乡", "街道", "道", "苏木", "党委", "书记", "镇长", "区委", "的", "，", "在", "乡村",
            "报道",
        ] {
            words.push(w.to_string());
        }
        words
    });

    fn split(s: &str) -> Vec<(usize, usize, u32)> {
        let mut out = Vec::new();
        LEX.for_each_piece(s, |a, b, v| out.push((a, b, v)));
        out
    }

    fn whole(s: &str) -> Vec<(usize, usize, u32)> {
        WHOLE.leftmost_find_iter(s).map(|m| (m.start(), m.end(), m.value())).collect()
    }

    #[test]
    fn towns_are_found_beside_other_pieces() {
        let s = "闵行区华漕镇党委书记和石化街道办事处主任在乡村振兴会上";
        let found: Vec<&str> = split(s).iter().map(|&(a, b, _)| &s[a..b]).collect();
        assert!(found.contains(&"华漕镇") && found.contains(&"石化街道"), "{found:?}");
        assert_eq!(split(s), whole(s));
        assert!(LEX.pieces.suffixed.is_some(), "the towns are kept out of the automaton");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        /// The automaton and the towns found by their endings, merged, find exactly what one
        /// leftmost-longest automaton over the whole table finds.
        #[test]
        fn split_finds_what_the_whole_table_finds(picks in proptest::collection::vec(any::<prop::sample::Index>(), 0..12)) {
            let s: String = picks.iter().map(|i| i.get(&WORDS).as_str()).collect();
            prop_assert_eq!(split(&s), whole(&s));
        }
    }
}
