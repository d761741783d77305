//! Lexicons compiled once: the divisions gazetteer, surnames and the title vocabulary, as a
//! leftmost-longest piece scan over title pieces plus lookup tables. Build once, share by
//! reference.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::cues::{class, CueTable, Cues};
use crate::error::{Error, ErrorKind, Result};
use crate::recognize::vocab;

mod nesting;
mod pieces;
mod table;
mod trie;
use pieces::{Pieces, Suffixed};
pub use table::{short_form, Division, Level};
use trie::Trie;

const PROVINCES: &str = include_str!("../data/provinces.csv");
const CITIES: &str = include_str!("../data/cities.csv");
const AREAS: &str = include_str!("../data/areas.csv");
const SURNAMES: &str = include_str!("../data/surnames.csv");
const BAIJIAXING: &str = include_str!("../data/baijiaxing_surnames.tsv");
const TOWNS: &str = include_str!("../data/towns.txt");
const COMMON_WORDS: &str = include_str!("../data/common_words.txt");
const COUNTRIES: &str = include_str!("../data/countries.txt");

/// What a piece of a title is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PieceKind {
    /// A division, by index into [`Lexicon::divisions`]; `short` when written without its suffix.
    Division {
        /// Index into the divisions.
        index: usize,
        /// Written as `黄浦` rather than `黄浦区`.
        short: bool,
    },
    /// A place word that names no division: `区`, `中央`.
    Place,
    /// An organisation: `区委`, `组织部`.
    Org,
    /// A position: `书记`, `常务副校长`.
    Position,
}

/// A set of characters: a bit table for the Basic Multilingual Plane, a hash set beyond it.
#[derive(Debug, Clone)]
struct CharSet {
    bmp: Vec<u64>,
    astral: HashSet<char>,
}

impl CharSet {
    fn new(chars: impl IntoIterator<Item = char>) -> Self {
        let mut set = CharSet { bmp: vec![0; 0x10000 / 64], astral: HashSet::default() };
        for c in chars {
            let u = c as usize;
            match set.bmp.get_mut(u / 64) {
                Some(w) => *w |= 1 << (u % 64),
                None => {
                    set.astral.insert(c);
                }
            }
        }
        set
    }

    fn contains(&self, c: char) -> bool {
        let u = c as usize;
        match self.bmp.get(u / 64) {
            Some(w) => w & (1 << (u % 64)) != 0,
            None => self.astral.contains(&c),
        }
    }
}

/// The compiled lexicons.
#[derive(Debug, Clone)]
pub struct Lexicon {
    divisions: Vec<Division>,
    pieces: Pieces,
    surnames: CharSet,
    compound_surnames: HashSet<String>,
    /// The first characters of the compound surnames.
    compound_firsts: CharSet,
    known_names: HashSet<String>,
    common_words: HashMap<&'static str, &'static str>,
    /// The characters the recognisers' gates look for, the towns' last characters among them.
    cues: CueTable,
    /// Which divisions hold which, built when first asked (few texts ever ask).
    nesting: std::sync::OnceLock<nesting::Nesting>,
}

/// Adds words to the built-in lexicons before compiling them.
#[derive(Debug, Clone, Default)]
pub struct LexiconBuilder {
    titles: Vec<String>,
    institutions: Vec<String>,
    districts: Vec<String>,
    names: Vec<String>,
}

impl LexiconBuilder {
    /// Adds a position word (`首席科学家`).
    pub fn title(&mut self, word: impl Into<String>) -> &mut Self {
        self.titles.push(word.into());
        self
    }
    /// Adds an organisation word (`智创城公司`).
    pub fn institution(&mut self, word: impl Into<String>) -> &mut Self {
        self.institutions.push(word.into());
        self
    }
    /// Adds a district by its full name (`浦东新区`).
    pub fn district(&mut self, word: impl Into<String>) -> &mut Self {
        self.districts.push(word.into());
        self
    }
    /// Adds a person's name known to be a name whatever its surname.
    pub fn name(&mut self, word: impl Into<String>) -> &mut Self {
        self.names.push(word.into());
        self
    }

    /// Adds the words of a TOML lexicon:
    ///
    /// ```toml
    /// titles = ["首席科学家"]        # positions
    /// institutions = ["智创城公司"]  # organisation words
    /// districts = ["某某新区"]       # divisions by full name
    /// names = ["噶玛泽登"]           # names of people, whatever their surname
    /// ```
    ///
    /// # Errors
    /// [`ErrorKind::Lexicon`] naming what is wrong (an unknown key, a value that is not a list of
    /// strings, bad TOML).
    ///
    /// ```
    /// let mut b = zhkg::Lexicon::builder();
    /// b.toml("titles = [\"首席科学家\"]\nnames = [\"噶玛泽登\"]").unwrap();
    /// assert!(b.toml("colour = [\"红\"]").is_err());
    /// let lex = b.build().unwrap();
    /// assert!(lex.known_names().any(|n| n == "噶玛泽登"));
    /// ```
    pub fn toml(&mut self, source: &str) -> Result<&mut Self> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct File {
            #[serde(default)]
            titles: Vec<String>,
            #[serde(default)]
            institutions: Vec<String>,
            #[serde(default)]
            districts: Vec<String>,
            #[serde(default)]
            names: Vec<String>,
        }
        let f: File = toml::from_str(source).map_err(|e| {
            let line = e.span().map_or(1, |s| source.get(..s.start).unwrap_or("").matches('\n').count() + 1);
            Error::new(ErrorKind::Lexicon, format!("lexicon line {line}: {}", e.message().trim()))
        })?;
        self.titles.extend(f.titles);
        self.institutions.extend(f.institutions);
        self.districts.extend(f.districts);
        self.names.extend(f.names);
        Ok(self)
    }

    /// Compiles the lexicons.
    ///
    /// # Errors
    /// An [`ErrorKind::Lexicon`] error when an added word is empty.
    pub fn build(&self) -> Result<Lexicon> {
        let all = self.titles.iter().chain(&self.institutions).chain(&self.districts).chain(&self.names);
        if let Some(bad) = all.into_iter().find(|w| w.trim().is_empty()) {
            return Err(Error::new(ErrorKind::Lexicon, format!("empty lexicon entry {bad:?}")));
        }
        Lexicon::compile(self)
    }
}

impl Lexicon {
    /// The built-in lexicons with nothing added.
    ///
    /// ```
    /// let lex = zhkg::Lexicon::builtin();
    /// assert!(lex.is_surname_start("欧阳修"));
    /// assert_eq!(lex.division_by_name("徐汇区").map(|d| d.name.as_str()), Some("徐汇区"));
    /// ```
    pub fn builtin() -> Lexicon {
        Lexicon::compile(&LexiconBuilder::default())
            .unwrap_or_else(|_| unreachable!("built-in lexicon compiles"))
    }

    /// A builder for adding words.
    pub fn builder() -> LexiconBuilder {
        LexiconBuilder::default()
    }

    fn compile(extra: &LexiconBuilder) -> Result<Lexicon> {
        // Two halves that share nothing: the gazetteer's divisions with the piece scan built
        // from them, and the word lists. Side by side on the caller's thread pool, if it runs
        // on one (a quarter of the start-up off the critical path on two threads; no pool is
        // made for it), in turn otherwise.
        let gazetteer = || {
            let src = builtin_sources();
            let divisions = table::divisions(&src, &extra.districts);
            let trie = table::piece_trie(&src, &divisions, &extra.institutions, &extra.titles);
            let pieces = with_towns(trie, &divisions, || {
                let whole = table::pieces(&src, &divisions, &extra.institutions, &extra.titles);
                Trie::new(whole.iter().map(|(w, v)| (w.as_str(), *v)))
            });
            (divisions, pieces)
        };
        let words = || (surnames(), common_words());
        let ((divisions, pieces), ((surnames, compound_surnames), common_words)) =
            if rayon::current_thread_index().is_some() {
                rayon::join(gazetteer, words)
            } else {
                (gazetteer(), words())
            };
        let town_ends = pieces.suffixed.as_ref().map_or(&[][..], |sx| sx.last_chars());
        let cues = crate::cues::builtin(town_ends, pieces.trie.single_chars());
        Ok(Lexicon {
            cues,
            divisions,
            pieces,
            surnames: CharSet::new(surnames),
            compound_firsts: CharSet::new(compound_surnames.iter().filter_map(|s| s.chars().next())),
            compound_surnames,
            known_names: extra.names.iter().cloned().collect(),
            common_words,
            nesting: std::sync::OnceLock::new(),
        })
    }

    /// All divisions.
    pub fn divisions(&self) -> &[Division] {
        &self.divisions
    }

    /// A division by full name.
    pub fn division_by_name(&self, name: &str) -> Option<&Division> {
        self.divisions.iter().find(|d| d.name == name)
    }

    /// Calls `f(start, end, value)` for the pieces of `s` (byte offsets; see
    /// [`Lexicon::piece_kind`]), leftmost-longest and without overlap.
    pub(crate) fn for_each_piece(&self, s: &str, f: impl FnMut(usize, usize, u32)) {
        self.pieces.for_each(s, None, |v| self.division_name(v), f);
    }

    /// The name of the division a piece's value points to (`""` for none).
    fn division_name(&self, value: u32) -> &str {
        table::division_of(value).and_then(|(i, _)| self.divisions.get(i)).map_or("", |d| d.name.as_str())
    }

    /// [`Lexicon::for_each_piece`] for a sentence at byte `base` of a text whose cues (see
    /// [`Lexicon::cues`]) are `cues`.
    pub(crate) fn for_each_piece_cued(
        &self,
        s: &str,
        base: usize,
        cues: Cues<'_>,
        f: impl FnMut(usize, usize, u32),
    ) {
        let mut ends = cues.of(class::TOWN_END).filter_map(|at| at.checked_sub(base));
        let mut singles = cues.of(class::SINGLE).filter_map(|at| at.checked_sub(base));
        self.pieces.for_each(s, Some((&mut ends, &mut singles)), |v| self.division_name(v), f);
    }

    /// Does the division written `outer` hold the one written `inner` (`上海`, `闵行`)? `None`
    /// when either is not in the built-in gazetteer.
    pub(crate) fn holds(&self, outer: &str, inner: &str) -> Option<bool> {
        self.nesting.get_or_init(|| nesting::Nesting::new(&[PROVINCES, CITIES, AREAS])).holds(outer, inner)
    }

    /// The characters the recognisers' gates look for.
    pub(crate) fn cues(&self) -> &CueTable {
        &self.cues
    }

    /// What a piece is, from the value of its match.
    pub(crate) fn piece_kind(value: u32) -> PieceKind {
        match (value, table::division_of(value)) {
            (_, Some((index, short))) => PieceKind::Division { index, short },
            (table::PLACE, None) => PieceKind::Place,
            (table::ORG, None) => PieceKind::Org,
            _ => PieceKind::Position,
        }
    }

    /// The surname length (in bytes) at the start of `s`: a compound surname first, then a single one.
    pub fn surname_len(&self, s: &str) -> Option<usize> {
        let mut it = s.char_indices();
        let (_, c1) = it.next()?;
        if self.compound_firsts.contains(c1) {
            if let Some((i2, c2)) = it.next() {
                let end = i2 + c2.len_utf8();
                if self.compound_surnames.contains(&s[..end]) {
                    return Some(end);
                }
            }
        }
        self.surnames.contains(c1).then(|| c1.len_utf8())
    }

    /// Does `s` start with a surname?
    pub fn is_surname_start(&self, s: &str) -> bool {
        self.surname_len(s).is_some()
    }

    /// Is `s` an ordinary word that merely starts with a surname (`文化`, `介绍`, `印度`)?
    ///
    /// ```
    /// let lex = zhkg::Lexicon::builtin();
    /// assert!(lex.is_common_word("介绍"));
    /// assert!(!lex.is_common_word("王小明"));
    /// ```
    pub fn is_common_word(&self, s: &str) -> bool {
        self.common_words.contains_key(s) && !self.known_names.contains(s)
    }

    /// Like [`Lexicon::is_common_word`], but nouns and adjectives pass: right after a title a noun
    /// such as `甘露` is a name far more often than not, a verb such as `介绍` never.
    ///
    /// ```
    /// let lex = zhkg::Lexicon::builtin();
    /// assert!(lex.is_common_non_noun("介绍"));
    /// assert!(!lex.is_common_non_noun("文化"));
    /// ```
    pub fn is_common_non_noun(&self, s: &str) -> bool {
        match self.common_words.get(s) {
            Some(pos) => !matches!(*pos, "n" | "ng" | "a" | "an" | "nz") && !self.known_names.contains(s),
            None => false,
        }
    }

    /// Is `s` a function word in the word list (an adverb, a time word, a numeral or measure word,
    /// a conjunction, a preposition, a pronoun, a word of place or a particle)? Such a word is no
    /// name even before a role verb (`书记先后主持`, `书记随后主持`).
    ///
    /// ```
    /// let lex = zhkg::Lexicon::builtin();
    /// assert!(lex.is_function_word("先后"));
    /// assert!(!lex.is_function_word("介绍"));
    /// ```
    pub fn is_function_word(&self, s: &str) -> bool {
        let function =
            |pos: &str| matches!(pos, "d" | "ad" | "t" | "m" | "mq" | "q" | "c" | "p" | "r" | "f" | "u");
        self.common_words.get(s).is_some_and(|pos| function(pos)) && !self.known_names.contains(s)
    }

    /// Is `s` a verb or an adverb in the word list (`开展`, `立足`)?
    pub(crate) fn is_verb_or_adverb(&self, s: &str) -> bool {
        self.common_words.get(s).is_some_and(|pos| matches!(*pos, "v" | "vd" | "vn" | "d"))
            && !self.known_names.contains(s)
    }

    /// Is `s` a place word of the piece table: a country or region (`俄罗斯`, `欧盟`), or a word such
    /// as `中央`, `全国`, `街道`?
    pub(crate) fn is_place_word(&self, s: &str) -> bool {
        self.pieces.trie.get(s) == Some(table::PLACE)
    }

    /// Names the user declared as names.
    pub fn known_names(&self) -> impl Iterator<Item = &str> {
        self.known_names.iter().map(String::as_str)
    }
}

/// The built-in gazetteers and word lists.
fn builtin_sources() -> table::Sources<'static> {
    table::Sources {
        provinces: PROVINCES,
        cities: CITIES,
        areas: AREAS,
        towns: TOWNS,
        countries: COUNTRIES,
        place_words: vocab::PLACE_WORDS,
        org_words: vocab::ORG_WORDS,
        position_words: vocab::POSITION_WORDS,
    }
}

/// Adds the towns to the trie of the other pieces: each town that is not a piece of another kind
/// too (a word or a short form that took its name) is found by its last characters. `whole` makes
/// the trie of the whole table, should the towns end in too many different characters.
fn with_towns(trie: Trie, divisions: &[Division], whole: impl FnOnce() -> Trie) -> Pieces {
    let is_piece = |name: &str| trie.get(name).is_some();
    let towns: Vec<(&str, u32)> = divisions
        .iter()
        .enumerate()
        .filter(|(_, d)| d.level == Level::Town && !is_piece(&d.name))
        .map(|(i, d)| (d.name.as_str(), table::division_value(i, false)))
        .collect();
    if towns.is_empty() {
        return Pieces { trie, suffixed: None };
    }
    match Suffixed::new(&towns) {
        Some(sx) => Pieces { trie, suffixed: Some(std::sync::Arc::new(sx)) },
        None => Pieces { trie: whole(), suffixed: None },
    }
}

/// The single-character surnames and the compound ones, from the surname lists.
fn surnames() -> (Vec<char>, HashSet<String>) {
    let mut single = Vec::new();
    let mut compound: HashSet<String> = HashSet::default();
    let listed = csv_names_first(SURNAMES)
        .chain(crate::scan::lines(BAIJIAXING).skip(1).filter_map(|l| l.split('\t').next()));
    for s in listed {
        let mut cs = s.chars();
        match (cs.next(), cs.next(), cs.next()) {
            (Some(c), None, _) => single.push(c),
            (Some(_), Some(_), None) => {
                compound.insert(s.to_string());
            }
            _ => {}
        }
    }
    (single, compound)
}

/// The common words and their parts of speech (`word tag` a line), in a map sized once: some
/// 31,000 words, which a map grown as they come in would rehash fifteen times.
fn common_words() -> HashMap<&'static str, &'static str> {
    let lines = memchr::memchr_iter(b'\n', COMMON_WORDS.as_bytes()).count() + 1;
    let mut map = HashMap::with_capacity_and_hasher(lines, Default::default());
    for l in crate::scan::lines(COMMON_WORDS).filter(|l| !l.starts_with('#')) {
        // The word and its tag, split at the first space (a byte search).
        if let Some(i) = memchr::memchr(b' ', l.as_bytes()) {
            map.insert(&l[..i], &l[i + 1..]);
        }
    }
    map
}

fn csv_names_first(csv: &str) -> impl Iterator<Item = &str> {
    crate::scan::lines(csv).skip(1).filter_map(|l| l.split(',').next())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_forms() {
        assert_eq!(short_form("徐汇区"), Some("徐汇"));
        assert_eq!(short_form("广西壮族自治区"), Some("广西"));
        assert_eq!(short_form("内蒙古自治区"), Some("内蒙古"));
        assert_eq!(short_form("峨边彝族自治县"), None);
        assert_eq!(short_form("和县"), None);
    }

    #[test]
    fn surnames_single_and_compound() {
        let lex = Lexicon::builtin();
        assert_eq!(lex.surname_len("欧阳明月"), Some(6));
        assert_eq!(lex.surname_len("上官婉儿"), Some(6));
        assert_eq!(lex.surname_len("王小明"), Some(3));
        assert!(lex.surname_len("啊啊").is_none());
        assert!(lex.divisions().len() > 3000);
    }

    #[test]
    fn the_trie_holds_the_table_without_its_towns() {
        let lex = Lexicon::builtin();
        let src = builtin_sources();
        let extra = (["测试新区".to_string()], ["测试研究院".to_string()], ["首席测试官".to_string()]);
        let divisions = table::divisions(&src, &extra.0);
        let entries = table::automaton_pieces(&src, &divisions, &extra.1, &extra.2);
        let trie = table::piece_trie(&src, &divisions, &extra.1, &extra.2);
        assert_eq!(trie.len(), entries.len());
        for (w, v) in &entries {
            assert_eq!(trie.get(w), Some(*v), "{w}");
        }
        assert!(lex.divisions().len() > 30000, "the towns are in the gazetteer");
    }

    #[test]
    fn user_words() {
        let lex = Lexicon::builder().district("测试新区").title("首席科学家").build().unwrap();
        assert!(lex.division_by_name("测试新区").is_some());
        assert!(Lexicon::builder().title(" ").build().is_err());
    }
}
