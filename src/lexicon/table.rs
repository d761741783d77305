//! The piece table: every division (and its short form), place word, organisation word and
//! position word, with what it is, as the values the piece scan returns.

use std::collections::BTreeMap;

use rustc_hash::FxHashSet;

use super::trie::{Trie, TrieBuilder};

/// The administrative level of a division.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Level {
    /// 省, 自治区, 直辖市.
    Province,
    /// 地级市, 自治州, 盟.
    City,
    /// 区, 县, 县级市, 旗.
    County,
    /// 镇, 乡, 街道: named inside titles and institutions (`华漕镇党委书记`), never a district node.
    Town,
}

/// A division of China by its full name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Division {
    /// Full name: `徐汇区`.
    pub name: String,
    /// Its level.
    pub level: Level,
}

/// The texts and word lists the table is made of.
pub struct Sources<'a> {
    /// `provinces.csv`, `cities.csv`, `areas.csv`: names in the second column.
    pub provinces: &'a str,
    /// See `provinces`.
    pub cities: &'a str,
    /// See `provinces`.
    pub areas: &'a str,
    /// `towns.txt`: a name a line, `#` comments.
    pub towns: &'a str,
    /// `countries.txt`: names separated by white space, `#` comments.
    pub countries: &'a str,
    /// Place words that name no division.
    pub place_words: &'a [&'a str],
    /// Organisation words.
    pub org_words: &'a [&'a str],
    /// Position words.
    pub position_words: &'a [&'a str],
}

/// The value of a place word.
pub const PLACE: u32 = u32::MAX - 2;
/// The value of an organisation word.
pub const ORG: u32 = u32::MAX - 1;
/// The value of a position word.
pub const POSITION: u32 = u32::MAX;

/// The value of division `index`, written in full or in its short form.
pub fn division_value(index: usize, short: bool) -> u32 {
    (index as u32) << 1 | u32::from(short)
}

/// The rows of a gazetteer table after its header: each row's first field (the code), its name
/// (unquoted) and the fields after them.
pub(super) fn csv_rows(csv: &str) -> impl Iterator<Item = (&str, &str, std::str::Split<'_, char>)> {
    crate::scan::lines(csv).skip(1).filter_map(|l| {
        let mut fields = l.split(',');
        let (code, name) = (fields.next()?, fields.next()?);
        Some((code, name.trim_matches('"'), fields))
    })
}

fn csv_names(csv: &str) -> impl Iterator<Item = &str> {
    csv_rows(csv).map(|(_, name, _)| name)
}

pub(super) fn is_placeholder(name: &str) -> bool {
    name.contains("辖") || name == "县" || name.chars().count() < 2
        // Two-character names ending in 区 (城区, 郊区, 矿区) are ordinary words far more often.
        || (name.chars().count() == 2 && name.ends_with('区'))
}

/// The short form: `徐汇区` → `徐汇`, `广西壮族自治区` → `广西`; none when it would be one character.
pub fn short_form(name: &str) -> Option<&str> {
    const ETHNIC: [&str; 4] = ["壮族", "回族", "维吾尔", "自治"];
    // Most names hold neither 族 nor 自: a character search rules the words out cheaply.
    let cut = if name.contains(['族', '维', '自']) {
        ETHNIC.iter().filter_map(|e| name.find(e)).min()
    } else {
        None
    };
    let short = match cut {
        Some(i) if name.ends_with("自治区") => &name[..i],
        Some(_) => return None,
        None => {
            let last = name.chars().next_back()?;
            if !matches!(last, '区' | '县' | '市' | '省' | '旗') {
                return None;
            }
            &name[..name.len() - last.len_utf8()]
        }
    };
    (short.chars().count() >= 2).then_some(short)
}

/// The divisions: provinces, cities, counties, towns, then `extra` districts (as counties), each
/// name once.
pub fn divisions(src: &Sources<'_>, extra: &[String]) -> Vec<Division> {
    // A division a line at most: sized once (tens of thousands of names), not grown.
    let lines = [src.provinces, src.cities, src.areas, src.towns]
        .iter()
        .map(|t| t.bytes().filter(|&b| b == b'\n').count())
        .sum::<usize>();
    let mut out: Vec<Division> = Vec::with_capacity(lines + extra.len() + 4);
    let mut seen: FxHashSet<&str> =
        FxHashSet::with_capacity_and_hasher(lines + extra.len() + 4, Default::default());
    let levels = [(src.provinces, Level::Province), (src.cities, Level::City), (src.areas, Level::County)];
    let listed = levels
        .into_iter()
        .flat_map(|(csv, level)| csv_names(csv).filter(|n| !is_placeholder(n)).map(move |n| (n, level)));
    let towns = crate::scan::lines(src.towns)
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|n| (n, Level::Town));
    let extra = extra.iter().map(|n| (n.as_str(), Level::County));
    for (name, level) in listed.chain(towns).chain(extra) {
        if seen.insert(name) {
            out.push(Division { name: name.to_string(), level });
        }
    }
    out
}

/// The pieces and their values, sorted: divisions in full and short (the first division of a
/// name wins), then place, organisation and position words (a later kind wins over an earlier).
pub fn pieces(
    src: &Sources<'_>,
    divisions: &[Division],
    institutions: &[String],
    titles: &[String],
) -> Vec<(String, u32)> {
    let mut table: BTreeMap<String, u32> = BTreeMap::new();
    for (index, d) in divisions.iter().enumerate() {
        table.entry(d.name.clone()).or_insert(division_value(index, false));
        if let Some(s) = (d.level != Level::Town).then(|| short_form(&d.name)).flatten() {
            table.entry(s.to_string()).or_insert(division_value(index, true));
        }
    }
    for (w, value) in words(src, institutions, titles) {
        table.insert(w.to_string(), value);
    }
    table.into_iter().collect()
}

/// The place, organisation and position words with their values, in the order they are entered
/// (a later one of the same word wins): places and countries, organisations and added
/// institutions, positions and added titles.
fn words<'a>(
    src: &'a Sources<'a>,
    institutions: &'a [String],
    titles: &'a [String],
) -> impl Iterator<Item = (&'a str, u32)> + 'a {
    let countries =
        crate::scan::lines(src.countries).filter(|l| !l.starts_with('#')).flat_map(str::split_whitespace);
    let places = src.place_words.iter().copied().chain(countries).map(|w| (w, PLACE));
    let orgs = src.org_words.iter().copied().chain(institutions.iter().map(String::as_str)).map(|w| (w, ORG));
    let positions =
        src.position_words.iter().copied().chain(titles.iter().map(String::as_str)).map(|w| (w, POSITION));
    places.chain(orgs).chain(positions)
}

/// The division a value names, and whether in its short form; `None` for a word's value.
pub fn division_of(value: u32) -> Option<(usize, bool)> {
    (value < PLACE).then_some(((value >> 1) as usize, value & 1 == 1))
}

/// Is `value` a town written in full? Towns are kept out of the piece automaton and found from
/// their last characters instead (see `lexicon/pieces.rs`).
#[cfg(test)]
pub fn is_town(value: u32, divisions: &[Division]) -> bool {
    division_of(value)
        .is_some_and(|(i, short)| !short && divisions.get(i).is_some_and(|d| d.level == Level::Town))
}

/// The trie of [`automaton_pieces`], made from the sources in the order [`pieces`] makes its
/// table, without the sorted table in between.
pub fn piece_trie(
    src: &Sources<'_>,
    divisions: &[Division],
    institutions: &[String],
    titles: &[String],
) -> Trie {
    let mut trie = TrieBuilder::default();
    // Towns hold their names without being in the trie: a short form after them (only added
    // districts come after the towns) cannot take a town's name.
    let first_town = divisions.iter().position(|d| d.level == Level::Town).unwrap_or(divisions.len());
    let is_town_name = |name: &str| divisions.iter().any(|d| d.level == Level::Town && d.name == name);
    for (index, d) in divisions.iter().enumerate() {
        if d.level == Level::Town {
            continue;
        }
        trie.insert(&d.name, division_value(index, false), false);
        if let Some(s) = short_form(&d.name) {
            if index < first_town || !is_town_name(s) {
                trie.insert(s, division_value(index, true), false);
            }
        }
    }
    for (w, value) in words(src, institutions, titles) {
        trie.insert(w, value, true);
    }
    trie.build()
}

/// The pieces the automaton holds: [`pieces`] without the towns written in full.
#[cfg(test)]
pub fn automaton_pieces(
    src: &Sources<'_>,
    divisions: &[Division],
    institutions: &[String],
    titles: &[String],
) -> Vec<(String, u32)> {
    let mut entries = pieces(src, divisions, institutions, titles);
    entries.retain(|(_, v)| !is_town(*v, divisions));
    entries
}
