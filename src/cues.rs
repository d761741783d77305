//! The cue scan: one pass over a document's original text notes where the characters stand
//! that normalisation, the sentence splitter, the piece scan and the recognisers' gates look
//! for: characters to fold, sentence enders, clause marks, `日` and `号`, same-day words, `同`,
//! `他` and `她`, `作`, single-character pieces and the last characters of event heads, trigger
//! words and town names. The notes are moved to the normalised text, and each paragraph or
//! sentence reads its own, instead of running a search of its own for each gate.
//!
//! A character is its UTF-8 bytes read as a little-endian integer, never decoded, and looked up
//! in a hash table whose multiplier keeps every cue character in a slot of its own.

use rustc_hash::FxHashMap;

use crate::scan::seq_len;
use crate::span::Span;

/// What a cue character is to the gates, as bits: a character may be cue to several.
pub(crate) mod class {
    /// `，`, `：`, `；`: a clause starts after it.
    pub(crate) const CLAUSE: u16 = 1;
    /// The first character of `同志`.
    pub(crate) const COMRADE: u16 = 1 << 1;
    /// `日` and `号`, which end a date after a number.
    pub(crate) const DAY: u16 = 1 << 2;
    /// The first character of a same-day word (`当天`, `同日`).
    pub(crate) const SAME_DAY: u16 = 1 << 3;
    /// `-`, which joins the parts of a date after a number (`2024-3-5`).
    pub(crate) const DASH: u16 = 1 << 4;
    /// `他` and `她`.
    pub(crate) const PRONOUN: u16 = 1 << 5;
    /// `作`, the verb of `作报告`.
    pub(crate) const ZUO: u16 = 1 << 6;
    /// The last character of an event head (`会` of `座谈会`).
    pub(crate) const HEAD_END: u16 = 1 << 7;
    /// The last character of a town's name found by its ending (`镇`, `街道`'s `道`).
    pub(crate) const TOWN_END: u16 = 1 << 8;
    /// `。`, `！`, `？`, `；`: a sentence ends with it.
    pub(crate) const ENDER: u16 = 1 << 9;
    /// A piece of one character (`市`, `区`).
    pub(crate) const SINGLE: u16 = 1 << 10;
    /// A character normalisation folds (`,`, `２`): in a scan of the original text only, where it
    /// also has the classes of what it is folded to.
    pub(crate) const FOLD: u16 = 1 << 11;
    /// The last character of a word that triggers a role or speech (`持` of `主持`).
    pub(crate) const TRIGGER_END: u16 = 1 << 12;
    /// `有`, of `出席会议的有`.
    pub(crate) const YOU: u16 = 1 << 13;
}

/// The table of the built-in gates, with the lexicon's `town_ends`, the last characters of the
/// towns found by their endings, and its `singles`, the pieces of one character.
pub(crate) fn builtin(town_ends: &[char], singles: &[char]) -> CueTable {
    use class::*;
    let mut chars: Vec<(char, u16)> = crate::relate::cue_chars().collect();
    chars.extend(crate::segment::cue_chars());
    chars.extend(crate::recognize::person::cue_chars());
    chars.extend(crate::recognize::date::cue_chars());
    chars.extend(crate::recognize::event::cue_chars());
    chars.extend(town_ends.iter().map(|&c| (c, TOWN_END)));
    chars.extend(singles.iter().map(|&c| (c, SINGLE)));
    // A character to fold is a cue to normalisation, and then the cue its folded form is.
    let folded: Vec<(char, u16)> = crate::normalize::cue_chars()
        .map(|(c, fold)| {
            let to = crate::normalize::fold_char(c);
            (c, chars.iter().filter(|(d, _)| *d == to).fold(fold, |a, (_, k)| a | k))
        })
        .collect();
    chars.extend(folded);
    CueTable::new(chars)
}

/// Where a cue character stands (a byte offset of the text) and its classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub(crate) at: usize,
    pub(crate) class: u16,
}

/// The cue characters of a text, in order, with the classes they hold between them: a sentence
/// with none of a class is told so by one test.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Cues<'a> {
    hits: &'a [Hit],
    mask: u16,
}

impl<'a> Cues<'a> {
    /// The cues `hits` (in order).
    pub(crate) fn new(hits: &'a [Hit]) -> Cues<'a> {
        Cues { hits, mask: hits.iter().fold(0, |m, h| m | h.class) }
    }

    /// The cues, in order.
    pub(crate) fn hits(self) -> &'a [Hit] {
        self.hits
    }

    /// The cues inside `span`.
    pub(crate) fn within(self, span: Span) -> Cues<'a> {
        let lo = self.hits.partition_point(|h| h.at < span.start);
        let hi = lo + self.hits[lo..].partition_point(|h| h.at < span.end);
        Cues::new(&self.hits[lo..hi])
    }

    /// Where the characters of `class` stand, in order.
    pub(crate) fn of(self, class: u16) -> impl Iterator<Item = usize> + 'a {
        let hits = if self.mask & class != 0 { self.hits } else { &[] };
        hits.iter().filter(move |h| h.class & class != 0).map(|h| h.at)
    }

    /// Is any character of `class` here?
    pub(crate) fn any(self, class: u16) -> bool {
        self.mask & class != 0
    }
}

/// Hands out the cues of spans taken in text order, each found from where the one before it
/// started rather than by a search of all of them.
#[derive(Debug, Clone)]
pub(crate) struct Cursor<'a> {
    all: &'a [Hit],
    /// The first cue at or after the last span's start.
    from: usize,
    last_start: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(cues: Cues<'a>) -> Self {
        Cursor { all: cues.hits, from: 0, last_start: 0 }
    }

    /// Where the characters of `class` stand inside `span`, in order: [`Cursor::within`] and
    /// [`Cues::of`] in one pass.
    pub(crate) fn of_within(&mut self, span: Span, class: u16) -> impl Iterator<Item = usize> + 'a {
        let rest = self.skip_to(span.start);
        rest.iter().take_while(move |h| h.at < span.end).filter(move |h| h.class & class != 0).map(|h| h.at)
    }

    /// The cues from the first at or after `start` on, the cursor moved there.
    fn skip_to(&mut self, start: usize) -> &'a [Hit] {
        if start < self.last_start {
            // Out of order: from the start again.
            self.from = 0;
        }
        self.last_start = start;
        let rest = self.all.get(self.from..).unwrap_or_default();
        let skip = rest.iter().position(|h| h.at >= start).unwrap_or(rest.len());
        self.from += skip;
        self.all.get(self.from..).unwrap_or_default()
    }

    /// [`Cues::within`] of all the cues.
    pub(crate) fn within(&mut self, span: Span) -> Cues<'a> {
        let rest = self.skip_to(span.start);
        let (mut n, mut mask) = (0, 0);
        while let Some(h) = rest.get(n).filter(|h| h.at < span.end) {
            mask |= h.class;
            n += 1;
        }
        Cues { hits: &rest[..n], mask }
    }
}

/// Slots in the table (`2^11`, 16 KiB): a hundred characters fill one in twenty.
const SLOT_BITS: u32 = 11;

/// Multipliers tried for a hash that puts every cue character in a slot of its own.
const TRIES: u32 = 4096;

/// The cue characters and their classes, in a hash table whose multiplier was chosen so that no
/// two of them share a slot: a look-up is one multiply, one load and one compare, and most
/// characters meet an empty slot.
#[derive(Clone)]
pub(crate) struct CueTable {
    /// By slot: the character's bytes (high 32 bits) and its classes (low 16 bits), or 0.
    slots: Box<[u64; 1 << SLOT_BITS]>,
    /// The multiplier of the hash.
    mul: u32,
    /// Characters that found their slot taken (none, unless no multiplier tried kept them apart).
    overflow: FxHashMap<u32, u16>,
}

impl std::fmt::Debug for CueTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let used = self.slots.iter().filter(|&&e| e != 0).count();
        f.debug_struct("CueTable").field("characters", &(used + self.overflow.len())).finish()
    }
}

/// A character's UTF-8 bytes as a little-endian integer.
pub(crate) fn key(c: char) -> u32 {
    // The bytes past the character's stay zero.
    let mut buf = [0u8; 4];
    c.encode_utf8(&mut buf);
    u32::from_le_bytes(buf)
}

impl CueTable {
    /// A table of `chars`, each with its classes (a character given twice takes both).
    pub(crate) fn new(chars: impl IntoIterator<Item = (char, u16)>) -> CueTable {
        let mut classes: FxHashMap<u32, u16> = FxHashMap::default();
        for (c, class) in chars {
            *classes.entry(key(c)).or_insert(0) |= class;
        }
        classes.retain(|_, c| *c != 0);
        let mut keys: Vec<(u32, u16)> = classes.into_iter().collect();
        keys.sort_unstable();
        // Odd multipliers from a fixed sequence: the first that keeps all characters apart, or
        // the one that keeps most apart.
        let mut best: Option<(usize, u32)> = None;
        for i in 0..TRIES {
            let mul = (mix(u64::from(i)) >> 32) as u32 | 1;
            let mut seen = [0u64; 1 << (SLOT_BITS - 6)];
            let clashes = keys
                .iter()
                .filter(|(k, _)| {
                    let i = slot(mul, *k);
                    let (w, b) = (i >> 6, 1u64 << (i & 63));
                    let clash = seen[w] & b != 0;
                    seen[w] |= b;
                    clash
                })
                .count();
            if best.is_none_or(|(c, _)| clashes < c) {
                best = Some((clashes, mul));
            }
            if clashes == 0 {
                break;
            }
        }
        let mul = best.map_or(0x9E37_79B1, |(_, m)| m);
        let mut t = CueTable { slots: Box::new([0; 1 << SLOT_BITS]), mul, overflow: FxHashMap::default() };
        for (k, class) in keys {
            let s = &mut t.slots[slot(mul, k)];
            if *s == 0 {
                *s = u64::from(k) << 32 | u64::from(class);
            } else {
                t.overflow.insert(k, class);
            }
        }
        t
    }

    /// The entry of the slot of `key`: nonzero when it may be a cue.
    #[inline(always)]
    fn entry(&self, key: u32) -> u64 {
        self.slots[slot(self.mul, key)]
    }

    /// The classes of the character whose bytes are `key`, given its slot's entry `e`.
    #[inline(always)]
    fn class_in(&self, key: u32, e: u64) -> u16 {
        match in_slot(key, e) {
            0 if !self.overflow.is_empty() => self.overflow.get(&key).copied().unwrap_or(0),
            class => class,
        }
    }

    /// [`CueTable::class_of`] for a table whose every character has a slot of its own (see
    /// [`CueTable::exact`]): one look-up and one compare.
    #[inline(always)]
    pub(crate) fn class_in_slot(&self, key: u32) -> u16 {
        in_slot(key, self.entry(key))
    }

    /// Has every character a slot of its own (none overflowed)?
    pub(crate) fn exact(&self) -> bool {
        self.overflow.is_empty()
    }

    /// The classes of the character whose bytes are `key` (0 for none).
    pub(crate) fn class_of(&self, key: u32) -> u16 {
        self.class_in(key, self.entry(key))
    }

    /// The cue characters of `text`, in order, into `out` (cleared first).
    pub(crate) fn scan(&self, text: &str, out: &mut Vec<Hit>) {
        out.clear();
        let b = text.as_bytes();
        let mut at = 0;
        if self.overflow.is_empty() {
            at = self.scan_exact(b, out);
        }
        // Where eight bytes can be read: two characters are one load.
        while let Some(w) = b.get(at..).and_then(|r| r.first_chunk::<8>()) {
            let w = u64::from_le_bytes(*w);
            // Two characters of three bytes, as nearly all of a Chinese text is: a look-up each,
            // and a closer look only where a slot is not empty.
            if w & 0xF000_00F0 == 0xE000_00E0 {
                let (x, y) = ((w & 0xFF_FFFF) as u32, (w >> 24 & 0xFF_FFFF) as u32);
                let (ex, ey) = (self.entry(x), self.entry(y));
                if ex | ey != 0 {
                    self.note(x, ex, at, out);
                    self.note(y, ey, at + 3, out);
                }
                at += 6;
                continue;
            }
            let n = seq_len(w as u8);
            let k = w as u32 & MASK[n];
            let e = self.entry(k);
            if e != 0 || !self.overflow.is_empty() {
                self.note(k, e, at, out);
            }
            at += n;
        }
        // The last few characters.
        for (i, c) in text.get(at..).unwrap_or("").char_indices() {
            let class = self.class_of(key(c));
            if class != 0 {
                out.push(Hit { at: at + i, class });
            }
        }
    }

    /// The scan of a table with no overflow, up to where eight bytes can no longer be read; the
    /// byte it stopped at. Whether a character is a cue is not a branch: a note is written at
    /// every place of a block on the stack and kept (the count moved past it) where the character
    /// is a cue, as a branch on it would be mispredicted at about one place in eight; the notes
    /// kept are copied out a block at a time.
    fn scan_exact(&self, b: &[u8], out: &mut Vec<Hit>) -> usize {
        const BLOCK: usize = 128;
        let mut room = [Hit { at: 0, class: 0 }; BLOCK];
        let mut at = 0;
        // Blocks of up to sixty-four steps of one or two places: two notes a step at most.
        while b.len().saturating_sub(at) >= 8 {
            let mut k = 0;
            for _ in 0..BLOCK / 2 {
                let Some(w) = b.get(at..).and_then(|r| r.first_chunk::<8>()) else { break };
                let w = u64::from_le_bytes(*w);
                // `k` is below `BLOCK` at every write (at most two notes kept a step before it):
                // the mask only spares the bounds test.
                if w & 0xF000_00F0 == 0xE000_00E0 {
                    let (x, y) = ((w & 0xFF_FFFF) as u32, (w >> 24 & 0xFF_FFFF) as u32);
                    let (ex, ey) = (self.entry(x), self.entry(y));
                    // The key of a character of three bytes is not 0, an empty slot's.
                    room[k % BLOCK] = Hit { at, class: ex as u16 };
                    k += usize::from((ex >> 32) as u32 == x);
                    room[k % BLOCK] = Hit { at: at + 3, class: ey as u16 };
                    k += usize::from((ey >> 32) as u32 == y);
                    at += 6;
                } else {
                    let len = seq_len(w as u8);
                    let key = w as u32 & MASK[len];
                    let e = self.entry(key);
                    room[k % BLOCK] = Hit { at, class: e as u16 };
                    k += usize::from(holds(e, key));
                    at += len;
                }
            }
            out.extend_from_slice(&room[..k.min(BLOCK)]);
        }
        at
    }

    /// Notes the character whose bytes are `key`, at byte `at`, if it is a cue; `e` is its slot's
    /// entry.
    #[inline(always)]
    fn note(&self, key: u32, e: u64, at: usize, out: &mut Vec<Hit>) {
        let class = self.class_in(key, e);
        if class != 0 {
            out.push(Hit { at, class });
        }
    }
}

/// Does slot entry `e` hold the character whose bytes are `key`? Both compares are made, as
/// their outcome is the text's and a branch on it would be mispredicted often.
#[inline(always)]
fn holds(e: u64, key: u32) -> bool {
    ((e >> 32) as u32 == key) & (e as u16 != 0)
}

/// The classes in slot entry `e` when it holds the character whose bytes are `key`, else 0.
#[inline(always)]
fn in_slot(key: u32, e: u64) -> u16 {
    if (e >> 32) as u32 == key {
        e as u16
    } else {
        0
    }
}

/// SplitMix64's output function: well-spread multipliers from a counter.
fn mix(i: u64) -> u64 {
    let mut z = i.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The slot of `key` under multiplier `mul`.
#[inline(always)]
fn slot(mul: u32, key: u32) -> usize {
    (key.wrapping_mul(mul) >> (32 - SLOT_BITS)) as usize
}

/// The low `n` bytes of a word, for `n` from 0 to 4.
static MASK: [u32; 5] = [0, 0xFF, 0xFFFF, 0xFF_FFFF, u32::MAX];

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TABLE: &[(char, u16)] = &[('日', 1), ('，', 2), ('-', 4), ('é', 8), ('𠀀', 16), ('日', 32)];

    /// The cues found by decoding every character.
    fn plain(text: &str) -> Vec<Hit> {
        text.char_indices()
            .filter_map(|(at, c)| {
                let class = TABLE.iter().filter(|t| t.0 == c).fold(0, |a, t| a | t.1);
                (class != 0).then_some(Hit { at, class })
            })
            .collect()
    }

    #[test]
    fn finds_cues_of_every_length() {
        let t = CueTable::new(TABLE.iter().copied());
        let text = "1日，é-𠀀日";
        let mut out = Vec::new();
        t.scan(text, &mut out);
        assert_eq!(out, plain(text));
        assert_eq!(out.iter().map(|h| h.class).collect::<Vec<_>>(), [33, 2, 8, 4, 16, 33]);
        let cues = Cues::new(&out);
        assert_eq!(cues.within(Span::new(1, 7)).hits().len(), 2);
        // In order, out of order and empty, a cursor hands out what a search finds.
        let mut cursor = Cursor::new(cues);
        for span in [(0, 4), (4, 7), (7, 7), (1, 9), (9, text.len()), (0, text.len()), (20, 30)] {
            let span = Span::new(span.0, span.1);
            let (a, b) = (cursor.within(span), cues.within(span));
            assert_eq!((a.hits(), a.mask), (b.hits(), b.mask), "{span:?}");
            let mut again = Cursor::new(cues);
            assert_eq!(again.of_within(span, 2).collect::<Vec<_>>(), b.of(2).collect::<Vec<_>>(), "{span:?}");
        }
        assert_eq!(cues.of(2).collect::<Vec<_>>(), [4]);
        assert!(cues.any(16) && !cues.within(Span::new(0, 4)).any(2));
    }

    proptest! {
        /// The scan finds what decoding every character finds, whether every cue has a slot of
        /// its own (the branch-free scan) or some overflow (more cues than slots), in texts short
        /// and long enough for several of the scan's blocks.
        #[test]
        fn scan_agrees_with_decoding(text in "[日，\\-é𠀀a1月号 丁七丈万三上下不与]{0,400}") {
            let exact = CueTable::new(TABLE.iter().copied());
            prop_assert!(exact.exact());
            let mut out = vec![Hit { at: 7, class: 7 }];
            exact.scan(&text, &mut out);
            prop_assert_eq!(&out, &plain(&text));
            // Characters from 丁 on are cues of class 64 in a table too full for its slots.
            static FULL: std::sync::LazyLock<(CueTable, Option<char>)> = std::sync::LazyLock::new(|| {
                let many = ('丁'..).take(3 << SLOT_BITS);
                let last = many.clone().last();
                (CueTable::new(TABLE.iter().copied().chain(many.map(|c| (c, 64)))), last)
            });
            let (full, last) = (&FULL.0, FULL.1);
            prop_assert!(!full.exact());
            full.scan(&text, &mut out);
            let mut with_many: Vec<Hit> = text
                .char_indices()
                .filter(|&(_, c)| c >= '丁' && Some(c) <= last)
                .map(|(at, _)| Hit { at, class: 64 })
                .chain(plain(&text))
                .fold(Vec::new(), |mut v: Vec<Hit>, h| {
                    match v.iter_mut().find(|x| x.at == h.at) {
                        Some(x) => x.class |= h.class,
                        None => v.push(h),
                    }
                    v
                });
            with_many.sort_by_key(|h| h.at);
            prop_assert_eq!(out, with_many);
        }
    }

    proptest! {
        /// Long runs of three-byte characters, as Chinese text is: every step of a block moves
        /// six bytes, the most it can.
        #[test]
        fn scan_agrees_with_decoding_on_chinese_runs(text in "[日，丁七丈万三上下不与号月]{0,600}a?[日é]{0,3}") {
            let exact = CueTable::new(TABLE.iter().copied());
            let mut out = Vec::new();
            exact.scan(&text, &mut out);
            prop_assert_eq!(out, plain(&text));
        }
    }

    /// Fragments of news sentences, rich in what the gates look for: clause marks, dates,
    /// same-day words, `同志`, pronouns, `作`, event heads, towns, titles and names.
    const FRAGMENTS: &[&str] = &[
        "，", "：", "；", "。", "！", "？", "”", " ", "2023年", "6月", "30日", "20号", "当天", "同日",
        "同一天", "2024-3-5", "-", "日", "号", "同志", "同", "他", "她", "表示", "作", "作了报告", "工作",
        "座谈会", "会议", "大会", "开班式", "开班", "结业", "学习", "活动", "主题活动", "论坛", "华漕镇",
        "石化街道", "街道", "镇", "乡", "苏木", "区委书记", "县长", "王小明", "李", "欧阳", "主持", "出席",
        "在", "举行", "召开", "a", "é", "𠀀", "1",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        /// Every gate read from the scan's cues gives what the gate's own search gives: pieces,
        /// persons, events, dates and sentences alike, for each sentence of a text.
        #[test]
        fn cued_recognisers_agree_with_searching_ones(
            picks in proptest::collection::vec(any::<prop::sample::Index>(), 0..40),
            cut in any::<prop::sample::Index>(),
        ) {
            use crate::recognize::{date, event, person, title};
            static LEX: std::sync::LazyLock<crate::Lexicon> = std::sync::LazyLock::new(crate::Lexicon::builtin);
            let text: String = picks.iter().map(|i| *i.get(FRAGMENTS)).collect();
            let mut hits = Vec::new();
            LEX.cues().scan(&text, &mut hits);
            // The whole text, and two sentences split at a character boundary.
            let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let mid = *cut.get(&bounds);
            for span in [Span::new(0, text.len()), Span::new(0, mid), Span::new(mid, text.len())] {
                let cues = Cues::new(&hits).within(span);
                let mut cued = title::PieceRuns::default();
                title::read_pieces_to(&LEX, &text, span, Some(cues), &mut cued);
                let runs = title::read_pieces(&LEX, &text, span);
                prop_assert_eq!(&cued.titles, &runs.titles);
                prop_assert_eq!(&cued.orgs, &runs.orgs);
                prop_assert_eq!(&cued.places, &runs.places);
                let known = person::KnownNames::default();
                prop_assert_eq!(
                    person::find_persons_cued(&LEX, &text, span, &runs, &known, cues),
                    person::find_persons(&LEX, &text, span, &runs, &known)
                );
                prop_assert_eq!(event::find_events_cued(&text, span, cues), event::find_events(&text, span));
                prop_assert_eq!(date::first_date_cued(&text, span, cues), date::first_date(&text, span));
                prop_assert_eq!(
                    crate::segment::sentences_cued(&text, span, Cues::new(&hits)),
                    crate::segment::sentences(&text, span)
                );
            }
        }
    }
}
