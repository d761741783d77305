//! The piece scan: a trie walked only where a piece can start. A piece of two characters or more
//! starts with one of a few thousand character pairs, and most places in a text start none of
//! them: the pair at each place is tested against a bit table (one hash, one bit) and the trie is
//! walked only where the bit is set, about one place in ten in news text. Single-character
//! pieces (`市`, `区`) are tested the same way, in a table of their own. A walk looks up the
//! pair's node and each next character's child in tables of one key a slot (see [`Keys`]).
//!
//! Characters are never decoded: a character is its UTF-8 bytes read as a little-endian integer,
//! and a pair the bytes of two characters, read with one load.
//!
//! Scanning place by place and taking the longest piece that starts at the first place holding
//! one finds what a leftmost-longest automaton finds.

use rustc_hash::FxHashMap;

use crate::scan::seq_len;

/// Bits in the pair table (`2^17`): a few thousand pairs set about one bit in forty.
const PAIR_BITS: u32 = 17;
/// Bits in the single-character table (`2^12`): a dozen characters set one bit in three hundred.
const SINGLE_BITS: u32 = 12;

/// The pieces of a lexicon, for leftmost-longest scans (built by a [`TrieBuilder`]).
#[derive(Clone)]
pub(crate) struct Trie {
    /// One bit, by the pair's hash, for each pair that starts a piece of two characters or more.
    pairs: Box<[u64; 1 << (PAIR_BITS - 6)]>,
    /// The trie node of each such pair.
    pair_nodes: Keys<PAIR_SLOT_BITS>,
    /// One bit, by the character's hash, for each single-character piece.
    single_bits: Box<[u64; 1 << (SINGLE_BITS - 6)]>,
    /// Single-character pieces and their values.
    singles: FxHashMap<u64, u32>,
    /// The characters of the single-character pieces.
    single_chars: Vec<char>,
    /// The child of `(node, character)`, by [`child_key`].
    children: Keys<CHILD_BITS>,
    /// Pieces of two characters or more (their values are in the tables' steps).
    longer: usize,
}

/// A trie being built: pieces are added, then [`TrieBuilder::build`] makes the [`Trie`].
pub(crate) struct TrieBuilder {
    pairs: Box<[u64; 1 << (PAIR_BITS - 6)]>,
    pair_nodes: FxHashMap<u64, u32>,
    single_bits: Box<[u64; 1 << (SINGLE_BITS - 6)]>,
    singles: FxHashMap<u64, u32>,
    single_chars: Vec<char>,
    children: FxHashMap<u64, u32>,
    values: Vec<Option<u32>>,
}

/// Slots in the children's table (`2^14`): some six thousand children fill one in three.
const CHILD_BITS: u32 = 14;

/// Slots in the pairs' table (`2^14`): a few thousand pairs fill one in five.
const PAIR_SLOT_BITS: u32 = 14;

/// Keys (never `u64::MAX`, which no UTF-8 holds) and the nodes they lead to in a table of
/// `2^BITS` slots, by the key's hash: a slot holds the first key of that hash, and a look-up is
/// one multiply, one load and one compare (where a hash map probes a group of slots and compares
/// tags). Keys whose slot an earlier key took are kept aside, and their slot says so. A slot also
/// holds what a walk asks of the node next (the value of the piece ending there, whether it has
/// children), so that a step of a walk reads one slot and nothing else.
#[derive(Clone)]
struct Keys<const BITS: u32> {
    slots: Box<[Entry]>,
    /// Keys whose slot an earlier key took.
    clashes: FxHashMap<u64, Step>,
}

/// The key of an empty slot: its bytes are `0xFF`, which UTF-8 never holds.
const EMPTY: u64 = u64::MAX;

/// A node as a walk meets it: its number, the value of the piece ending there, and whether any
/// child follows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Step {
    node: u32,
    piece: Option<u32>,
    children: bool,
}

/// A slot: a key and its [`Step`], packed in 16 bytes.
#[derive(Clone, Copy)]
struct Entry {
    key: u64,
    /// The node's number, with the flags below in its top bits.
    node: u32,
    /// The value of the piece ending at the node, when `node` has [`ENDS`].
    piece: u32,
}

/// Another key has this entry's slot (it is in `clashes`).
const CLASHED: u32 = 1 << 31;
/// A piece ends at the node.
const ENDS: u32 = 1 << 30;
/// The node has children.
const PARENT: u32 = 1 << 29;
/// The bits of the node's number: a trie of more nodes is more than any lexicon holds.
const NODE: u32 = PARENT - 1;

impl Entry {
    fn new(key: u64, step: Step) -> Self {
        let mut node = step.node & NODE;
        if step.piece.is_some() {
            node |= ENDS;
        }
        if step.children {
            node |= PARENT;
        }
        Entry { key, node, piece: step.piece.unwrap_or(0) }
    }

    #[inline(always)]
    fn step(self) -> Step {
        Step {
            node: self.node & NODE,
            piece: (self.node & ENDS != 0).then_some(self.piece),
            children: self.node & PARENT != 0,
        }
    }
}

impl<const BITS: u32> Keys<BITS> {
    /// The keys of `map`, each with the step of its node.
    fn new(map: &FxHashMap<u64, u32>, step: impl Fn(u32) -> Step) -> Self {
        let mut keys: Vec<(u64, u32)> = map.iter().map(|(&k, &v)| (k, v)).collect();
        // In a fixed order, so that which key of a shared slot has it does not vary.
        keys.sort_unstable();
        let empty = Entry { key: EMPTY, node: 0, piece: 0 };
        let mut slots = vec![empty; 1 << BITS].into_boxed_slice();
        let mut clashes = FxHashMap::default();
        for (k, v) in keys {
            let Some(e) = slots.get_mut(Self::slot(k)) else { continue };
            if e.key == EMPTY {
                *e = Entry::new(k, step(v));
            } else {
                e.node |= CLASHED;
                clashes.insert(k, step(v));
            }
        }
        Keys { slots, clashes }
    }

    #[inline(always)]
    fn slot(key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - BITS)) as usize
    }

    /// The step of `key`'s node.
    #[inline(always)]
    fn get(&self, key: u64) -> Option<Step> {
        let e = self.slots.get(Self::slot(key))?;
        if e.key == key {
            Some(e.step())
        } else if e.node & CLASHED != 0 {
            self.clashes.get(&key).copied()
        } else {
            None
        }
    }
}

/// The length of the character at byte `i` of `s` (0 past the end).
#[inline(always)]
fn char_len(s: &[u8], i: usize) -> usize {
    s.get(i).map_or(0, |&b| seq_len(b))
}

/// The `n` bytes (1 to 8) at `i` of `s` as a little-endian integer, zeros past the end.
#[inline(always)]
fn bytes(s: &[u8], i: usize, n: usize) -> u64 {
    let word = match s.get(i..).and_then(|r| r.first_chunk::<8>()) {
        Some(w) => u64::from_le_bytes(*w),
        // The last few bytes, put together one by one (a copy would call `memcpy`).
        None => s.get(i..).unwrap_or(&[]).iter().rev().fold(0, |w, &x| w << 8 | u64::from(x)),
    };
    word & MASK[n.min(8)]
}

/// The word and bit of `key` in a table of `2^BITS` bits kept in `WORDS` words.
#[inline(always)]
fn bit<const BITS: u32, const WORDS: usize>(key: u64) -> (usize, u64) {
    let h = key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - BITS);
    ((h >> 6) as usize % WORDS, h & 63)
}

/// Is the bit of `key` set in a table of `2^BITS` bits?
#[inline(always)]
fn test<const BITS: u32, const WORDS: usize>(bits: &[u64; WORDS], key: u64) -> bool {
    let (word, b) = bit::<BITS, WORDS>(key);
    bits[word] >> b & 1 == 1
}

fn set<const BITS: u32, const WORDS: usize>(bits: &mut [u64; WORDS], key: u64) {
    let (word, b) = bit::<BITS, WORDS>(key);
    bits[word] |= 1 << b;
}

/// The low `n` bytes of a word, for `n` from 0 to 8.
static MASK: [u64; 9] = [
    0,
    0xFF,
    0xFFFF,
    0xFF_FFFF,
    0xFFFF_FFFF,
    0xFF_FFFF_FFFF,
    0xFFFF_FFFF_FFFF,
    0xFF_FFFF_FFFF_FFFF,
    u64::MAX,
];

fn child_key(node: u32, c: u64) -> u64 {
    (u64::from(node) << 32) | c
}

/// A character's bytes as a little-endian integer.
fn char_bytes(c: char) -> u64 {
    u64::from(crate::cues::key(c))
}

impl Default for TrieBuilder {
    fn default() -> Self {
        TrieBuilder {
            pairs: Box::new([0; 1 << (PAIR_BITS - 6)]),
            pair_nodes: FxHashMap::default(),
            single_bits: Box::new([0; 1 << (SINGLE_BITS - 6)]),
            singles: FxHashMap::default(),
            single_chars: Vec::new(),
            children: FxHashMap::default(),
            values: Vec::new(),
        }
    }
}

impl TrieBuilder {
    /// Adds `word` with `value`; a word already held keeps its value unless `replace`. An empty
    /// word is left out.
    pub(crate) fn insert(&mut self, word: &str, value: u32, replace: bool) {
        let mut cs = word.chars();
        let (Some(a), b) = (cs.next(), cs.next()) else { return };
        let Some(b) = b else {
            let key = char_bytes(a);
            set::<SINGLE_BITS, _>(&mut self.single_bits, key);
            if !self.singles.contains_key(&key) {
                self.single_chars.push(a);
            }
            let v = self.singles.entry(key).or_insert(value);
            if replace {
                *v = value;
            }
            return;
        };
        let key = char_bytes(a) | char_bytes(b) << (8 * a.len_utf8());
        set::<PAIR_BITS, _>(&mut self.pairs, key);
        let mut node = self.node(None, key);
        for c in cs {
            node = self.node(Some(node), char_bytes(c));
        }
        if let Some(v) = self.values.get_mut(node as usize) {
            if replace || v.is_none() {
                *v = Some(value);
            }
        }
    }

    /// The node of a first pair (`parent` none) or of a character after `parent`, made if new.
    fn node(&mut self, parent: Option<u32>, key: u64) -> u32 {
        let fresh = self.values.len() as u32;
        let node = match parent {
            None => *self.pair_nodes.entry(key).or_insert(fresh),
            Some(p) => *self.children.entry(child_key(p, key)).or_insert(fresh),
        };
        if node == fresh {
            self.values.push(None);
        }
        node
    }

    /// The trie of the pieces added.
    pub(crate) fn build(self) -> Trie {
        let mut parents = vec![false; self.values.len()];
        for &key in self.children.keys() {
            if let Some(p) = parents.get_mut((key >> 32) as usize) {
                *p = true;
            }
        }
        let values = &self.values;
        let step = |node: u32| Step {
            node,
            piece: values.get(node as usize).copied().flatten(),
            children: parents.get(node as usize).copied().unwrap_or(false),
        };
        Trie {
            pair_nodes: Keys::new(&self.pair_nodes, step),
            children: Keys::new(&self.children, step),
            pairs: self.pairs,
            single_bits: self.single_bits,
            singles: self.singles,
            single_chars: self.single_chars,
            longer: self.values.iter().flatten().count(),
        }
    }
}

impl Trie {
    /// A trie of `entries` (word, value); a later entry of the same word wins. Empty words are
    /// left out.
    pub(crate) fn new<'a>(entries: impl IntoIterator<Item = (&'a str, u32)>) -> Trie {
        let mut t = TrieBuilder::default();
        for (word, value) in entries {
            t.insert(word, value, true);
        }
        t.build()
    }

    /// The value of `word`, if it is a piece: its node, walked to character by character.
    pub(crate) fn get(&self, word: &str) -> Option<u32> {
        let mut cs = word.chars();
        let a = cs.next()?;
        let Some(b) = cs.next() else {
            return self.singles.get(&char_bytes(a)).copied();
        };
        let mut step = self.pair_nodes.get(char_bytes(a) | char_bytes(b) << (8 * a.len_utf8()))?;
        for c in cs {
            step = self.children.get(child_key(step.node, char_bytes(c)))?;
        }
        step.piece
    }

    /// Number of pieces.
    pub(crate) fn len(&self) -> usize {
        self.singles.len() + self.longer
    }

    /// The longest piece of two characters or more whose first two characters are `pair`, the
    /// second ending at byte `end` of `s`: its end and value.
    #[inline(always)]
    fn longest_at(&self, s: &[u8], pair: u64, mut end: usize) -> Option<(usize, u32)> {
        let mut step = self.pair_nodes.get(pair)?;
        let mut best = None;
        loop {
            if let Some(v) = step.piece {
                best = Some((end, v));
            }
            let n = char_len(s, end);
            // A node without children ends the walk without a look-up.
            if n == 0 || !step.children {
                return best;
            }
            match self.children.get(child_key(step.node, bytes(s, end, n))) {
                Some(child) => {
                    step = child;
                    end += n;
                }
                None => return best,
            }
        }
    }

    /// The longest piece starting at byte `at` of `s`, whose first character is `a` bytes long,
    /// its second `b` (0 at the end), and whose first two characters are `pair`: its end and
    /// value. Single-character pieces are looked for only when `SINGLES`.
    #[inline(always)]
    fn piece_at<const SINGLES: bool>(
        &self,
        s: &[u8],
        at: usize,
        a: usize,
        b: usize,
        pair: u64,
    ) -> Option<(usize, u32)> {
        if b > 0 && test::<PAIR_BITS, _>(&self.pairs, pair) {
            if let Some(found) = self.longest_at(s, pair, at + a + b) {
                return Some(found);
            }
        }
        let cur = pair & MASK[a];
        if SINGLES && test::<SINGLE_BITS, _>(&self.single_bits, cur) {
            if let Some(&v) = self.singles.get(&cur) {
                return Some((at + a, v));
            }
        }
        None
    }

    /// The leftmost-longest piece of `s` starting at or after byte `from` (a character boundary):
    /// `(start, end, value)`.
    pub(crate) fn find_from(&self, s: &str, from: usize) -> Option<(usize, usize, u32)> {
        self.scan::<true>(s.as_bytes(), from, s.len())
    }

    /// [`Trie::find_from`], where `next` is the first place at or after `from` where a character
    /// of [`Trie::single_chars`] stands (found by a scan that looked for more): the places before
    /// it are tested for longer pieces only.
    pub(crate) fn find_from_with_single(
        &self,
        s: &str,
        from: usize,
        next: Option<usize>,
    ) -> Option<(usize, usize, u32)> {
        let b = s.as_bytes();
        if let Some(m) = self.scan::<false>(b, from, next.unwrap_or(s.len())) {
            return Some(m);
        }
        let at = next?;
        let a = char_len(b, at);
        let second = char_len(b, at + a);
        self.piece_at::<true>(b, at, a, second, bytes(b, at, a + second)).map(|(end, v)| (at, end, v))
    }

    /// The leftmost-longest piece of `s` starting at a place from byte `from` up to (not
    /// including) byte `to`; single-character pieces only when `SINGLES`.
    #[inline(always)]
    fn scan<const SINGLES: bool>(&self, s: &[u8], from: usize, to: usize) -> Option<(usize, usize, u32)> {
        let mut at = from;
        // Where eleven bytes can be read and no single-character piece is looked for: while
        // three characters of three bytes stand there, two places, a pair test each, two loads.
        // The places before `stop` have a place after them before `to` and eleven bytes to read:
        // one test a step.
        let stop = if SINGLES { 0 } else { to.saturating_sub(3).min(s.len().saturating_sub(10)) };
        while at < stop {
            let Some(w) = s.get(at..).and_then(|r| r.first_chunk::<11>()) else { break };
            let (Some(lo), Some(hi)) = (w.first_chunk::<8>(), w.last_chunk::<8>()) else { break };
            let (lo, hi) = (u64::from_le_bytes(*lo), u64::from_le_bytes(*hi));
            // Lead bytes `1110xxxx` at bytes 0, 3 and 6.
            if lo & 0x00F0_0000_F000_00F0 != 0x00E0_0000_E000_00E0 {
                break;
            }
            let pair = if test::<PAIR_BITS, _>(&self.pairs, lo & MASK[6]) {
                lo & MASK[6]
            } else if test::<PAIR_BITS, _>(&self.pairs, hi & MASK[6]) {
                at += 3;
                hi & MASK[6]
            } else {
                at += 6;
                continue;
            };
            if let Some((end, v)) = self.piece_at::<SINGLES>(s, at, 3, 3, pair) {
                return Some((at, end, v));
            }
            at += 3;
        }
        // Where eight bytes can be read: the first two characters are in one word.
        while let Some(w) = s.get(at..).and_then(|r| r.first_chunk::<8>()) {
            if at >= to {
                return None;
            }
            let w = u64::from_le_bytes(*w);
            // Two characters of three bytes (bytes 0 and 3 lead bytes `1110xxxx`), as nearly all
            // of a Chinese text is: no look-up of the characters' lengths, and most places go no
            // further than the bit tests.
            let (a, b) = if w & 0xF000_00F0 == 0xE000_00E0 {
                let pair = test::<PAIR_BITS, _>(&self.pairs, w & MASK[6]);
                if !(pair || SINGLES && test::<SINGLE_BITS, _>(&self.single_bits, w & MASK[3])) {
                    at += 3;
                    continue;
                }
                (3, 3)
            } else {
                let a = seq_len(w as u8);
                (a, seq_len((w >> (8 * a)) as u8))
            };
            if let Some((end, v)) = self.piece_at::<SINGLES>(s, at, a, b, w & MASK[a + b]) {
                return Some((at, end, v));
            }
            at += a;
        }
        // The last few bytes.
        while at < to {
            let a = char_len(s, at);
            if a == 0 {
                return None;
            }
            let b = char_len(s, at + a);
            if let Some((end, v)) = self.piece_at::<SINGLES>(s, at, a, b, bytes(s, at, a + b)) {
                return Some((at, end, v));
            }
            at += a;
        }
        None
    }

    /// The single-character pieces' characters.
    pub(crate) fn single_chars(&self) -> &[char] {
        &self.single_chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(t: &Trie, s: &str) -> Vec<(usize, usize, u32)> {
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(m) = t.find_from(s, from) {
            out.push(m);
            from = m.1;
        }
        out
    }

    #[test]
    fn leftmost_longest() {
        let t = Trie::new([("区", 1), ("区委", 2), ("区委书记", 3), ("书记", 4), ("委书", 5), ("上海市", 6)]);
        assert_eq!(all(&t, "上海市区委书记和区委"), vec![(0, 9, 6), (9, 21, 3), (24, 30, 2)]);
        assert_eq!(all(&t, "区委书"), vec![(0, 6, 2)]);
        assert_eq!(all(&t, ""), vec![]);
        assert_eq!(all(&t, "委书记"), vec![(0, 6, 5)]);
    }

    #[test]
    fn characters_of_every_length() {
        let t = Trie::new([("a区", 1), ("é市", 2), ("𠀀镇", 3), ("ab", 4), ("x", 5), ("𠀀", 6)]);
        assert_eq!(
            all(&t, "a区é市𠀀镇abx𠀀"),
            vec![(0, 4, 1), (4, 9, 2), (9, 16, 3), (16, 18, 4), (18, 19, 5), (19, 23, 6)]
        );
        assert_eq!(all(&t, "区a"), vec![]);
    }

    use proptest::prelude::*;

    proptest! {
        /// A table of eight slots, where most keys share a slot with another: every key is found
        /// with its node's step (whatever the piece's value, zero and `u32::MAX` included), and a
        /// key not held is not.
        #[test]
        fn keys_sharing_a_slot_are_found(
            map in proptest::collection::hash_map(0..EMPTY, (0..=NODE, any::<Option<u32>>(), any::<bool>()), 0..40),
            probe in 0..EMPTY,
        ) {
            let steps: Vec<Step> =
                map.values().map(|&(node, piece, children)| Step { node, piece, children }).collect();
            let held: FxHashMap<u64, u32> = map.keys().enumerate().map(|(i, &k)| (k, i as u32)).collect();
            let keys = Keys::<3>::new(&held, |i| steps[i as usize]);
            for (&k, &i) in &held {
                prop_assert_eq!(keys.get(k), Some(steps[i as usize]));
            }
            let expect = |k: u64| held.get(&k).map(|&i| steps[i as usize]);
            prop_assert_eq!(keys.get(probe), expect(probe));
            prop_assert_eq!(keys.get(0), expect(0));
        }
    }

    /// Characters of one to four bytes, some of them alike in their first bytes, and NUL (a key
    /// of zero bytes).
    const ALPHABET: [char; 9] = ['a', 'b', 'é', 'ê', '区', '委', '𠀀', '𠀁', '\0'];

    fn word(max: usize) -> impl Strategy<Value = String> {
        proptest::collection::vec(0..ALPHABET.len(), 1..=max)
            .prop_map(|v| v.into_iter().map(|i| ALPHABET[i]).collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        /// Whatever the words and the text, the scan finds what a leftmost-longest automaton
        /// (daachorse) finds, from any starting place.
        #[test]
        fn finds_what_a_leftmost_longest_automaton_finds(
            words in proptest::collection::btree_set(word(4), 1..12),
            text in word(24),
            probe in word(4),
        ) {
            let entries: Vec<(&str, u32)> = words.iter().enumerate().map(|(i, w)| (w.as_str(), i as u32)).collect();
            let t = Trie::new(entries.iter().copied());
            let oracle = daachorse::CharwiseDoubleArrayAhoCorasickBuilder::new()
                .match_kind(daachorse::MatchKind::LeftmostLongest)
                .build_with_values(entries.iter().copied())
                .unwrap();
            let expected: Vec<(usize, usize, u32)> =
                oracle.leftmost_find_iter(&text).map(|m| (m.start(), m.end(), m.value())).collect();
            prop_assert_eq!(all(&t, &text), expected);
            for (w, v) in &entries {
                prop_assert_eq!(t.get(w), Some(*v));
            }
            // A word that is no piece (a prefix of one, one run on) has no value.
            prop_assert_eq!(t.get(&probe), entries.iter().find(|e| e.0 == probe).map(|e| e.1));
            prop_assert_eq!(t.len(), entries.len());
            let singles: std::collections::BTreeSet<char> =
                words.iter().filter(|w| w.chars().count() == 1).filter_map(|w| w.chars().next()).collect();
            prop_assert_eq!(t.single_chars().iter().copied().collect::<std::collections::BTreeSet<_>>(), singles);
            // Told where those characters stand, the scan finds the same pieces.
            let places: Vec<usize> =
                text.char_indices().filter(|(_, c)| t.single_chars().contains(c)).map(|(i, _)| i).collect();
            let mut with = Vec::new();
            let mut from = 0;
            let next = |from: usize| places.iter().copied().find(|&p| p >= from);
            while let Some(m) = t.find_from_with_single(&text, from, next(from)) {
                with.push(m);
                from = m.1;
            }
            prop_assert_eq!(with, all(&t, &text));
        }
    }
}
