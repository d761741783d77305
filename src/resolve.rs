//! Stage 5: resolution. Turns one article's facts into graph nodes with stable ids: one person per
//! name and district, titles qualified by the article's district (`区委书记` in a 徐汇 report is
//! `徐汇区委书记`), titles a longer one already says dropped (`书记` beside `区委书记`), and every edge
//! given evidence as a character span of the original text.

use std::borrow::Cow;

use crate::graph::{Evidence, KnowledgeGraph, Node, NodeKind, Relation};
use crate::lexicon::{Division, Level, Lexicon};
use crate::normalize::OffsetMap;
use crate::recognize::person::HeldTitle;
use crate::recognize::vocab;
use crate::relate::{ArticleFacts, Homes};
use crate::span::{between, Span};

/// Byte → character offsets of one text, from a checkpoint every 256 bytes: small and cheap to
/// build even for a 20 MB line (characters are counted with std's vectorised count), and each
/// look-up counts at most 256 bytes.
pub struct CharIndex<'a> {
    text: &'a str,
    /// `(byte, chars before it)` at character boundaries, ascending.
    checkpoints: Vec<(usize, usize)>,
}

const STRIDE: usize = 256;

impl<'a> CharIndex<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        let mut checkpoints = Vec::with_capacity(text.len() / STRIDE + 1);
        checkpoints.push((0, 0));
        let (mut at, mut chars) = (0, 0);
        loop {
            let next = ceil_boundary(text, at + STRIDE);
            if next >= text.len() {
                break;
            }
            chars += between(text, at, next).chars().count();
            checkpoints.push((next, chars));
            at = next;
        }
        CharIndex { text, checkpoints }
    }

    /// The character offset of byte `b` (the next character when `b` is inside one).
    pub fn char_at(&self, b: usize) -> usize {
        let b = ceil_boundary(self.text, b);
        let k = self.checkpoints.partition_point(|&(at, _)| at <= b).saturating_sub(1);
        let (at, chars) = self.checkpoints[k];
        chars + between(self.text, at, b).chars().count()
    }
}

/// The first character boundary at or after `b` (the end of `text` past it).
fn ceil_boundary(text: &str, b: usize) -> usize {
    (b..text.len()).find(|&i| text.is_char_boundary(i)).unwrap_or(text.len())
}

/// Everything needed to turn normalised spans into evidence. The character index of the
/// original text is built the first time it is needed: most documents yield no evidence at all.
pub struct EvidenceMaker<'a> {
    /// The document id.
    pub doc: &'a str,
    /// Map from normalised to original bytes.
    pub map: &'a OffsetMap,
    text: &'a str,
    chars: std::cell::OnceCell<CharIndex<'a>>,
}

impl<'a> EvidenceMaker<'a> {
    /// Evidence for document `doc` whose original text is `text`, normalised with `map`.
    pub fn new(doc: &'a str, map: &'a OffsetMap, text: &'a str) -> Self {
        EvidenceMaker { doc, map, text, chars: std::cell::OnceCell::new() }
    }

    /// Evidence for a span of the normalised text.
    pub fn make(&self, span: Span) -> Evidence {
        let o = self.map.to_original(span);
        let chars = self.chars.get_or_init(|| CharIndex::new(self.text));
        let text = self.text.get(o.start..o.end).unwrap_or("").to_string();
        Evidence { doc: self.doc.to_string(), start: chars.char_at(o.start), end: chars.char_at(o.end), text }
    }
}

/// `区委书记` in a report on 徐汇区 → `徐汇区委书记`; `区人大常委会主任` → `徐汇区人大常委会主任`.
pub fn qualify(text: &str, relative: Option<char>, district: Option<&Division>) -> String {
    qualified(text, relative, district).into_owned()
}

/// [`qualify`], borrowing `text` where it stays as it is (most titles and institutions).
fn qualified<'t>(text: &'t str, relative: Option<char>, district: Option<&Division>) -> Cow<'t, str> {
    match (relative, district) {
        (Some(c), Some(d)) if d.name.ends_with(c) && text.starts_with(c) => {
            Cow::Owned(format!("{}{}", d.name, between(text, c.len_utf8(), text.len())))
        }
        // `区长` in a report on 徐汇区 is `徐汇区区长`.
        (None, Some(d))
            if vocab::is_self_placed(text) && d.name.chars().next_back() == text.chars().next() =>
        {
            Cow::Owned(format!("{}{}", d.name, text))
        }
        _ => Cow::Borrowed(text),
    }
}

/// The article's division a relative title belongs to: `区委书记` → its 区, `市委常委` → its 市.
fn home_for<'d>(
    divs: &'d [Division],
    homes: &Homes,
    text: &str,
    relative: Option<char>,
) -> Option<&'d Division> {
    let c = relative.or_else(|| text.chars().next())?;
    [homes.county, homes.city, homes.province]
        .into_iter()
        .flatten()
        .filter_map(|i| divs.get(i))
        .find(|d| d.name.ends_with(c))
}

fn is_national(org: &str) -> bool {
    ["中共", "中央", "全国", "国家", "国务院", "党中央", "最高"].iter().any(|p| org.starts_with(p))
}

/// Adds one article's facts to `g`.
pub fn add_article(g: &mut KnowledgeGraph, lex: &Lexicon, facts: &ArticleFacts, ev: &EvidenceMaker<'_>) {
    let divs = lex.divisions();
    let district = facts.homes.county.and_then(|d| divs.get(d));
    let district_node =
        |g: &mut KnowledgeGraph, d: &Division| g.add_node(Node::new(NodeKind::District, &d.name, None));

    // Organisations worth a node: named with a place, national, or long enough to name one body.
    let mut org_nodes = Vec::with_capacity(facts.orgs.len());
    for o in &facts.orgs {
        let odiv = o.division.and_then(|d| divs.get(d)).filter(|d| d.level != Level::Town);
        let name = qualified(&o.name, o.relative, home_for(divs, &facts.homes, &o.name, o.relative));
        let placed = odiv.is_some() || *name != *o.name;
        if !(placed || is_national(&o.name) || o.name.chars().count() >= 4) {
            org_nodes.push(None);
            continue;
        }
        let mut n = Node::new(NodeKind::Institution, &name, None);
        let home = odiv.or(if placed { district } else { None });
        n.district = home.map(|d| d.name.clone());
        let ix = g.add_node(n);
        if let Some(d) = home {
            let dx = district_node(g, d);
            g.add_edge(ix, dx, Relation::LocatedIn, vec![ev.make(o.span)]);
        }
        org_nodes.push(Some(ix));
    }

    // Events that took place or have roles, with their programmes.
    let mut event_nodes = vec![None; facts.events.len()];
    for (i, e) in facts.events.iter().enumerate() {
        if !e.keep {
            continue;
        }
        // Where: a division its name (or its programme's) names, else the article's district.
        let name_span = e.parent.and_then(|p| facts.events.get(p)).map_or(e.span, |p| p.span);
        let named = facts
            .places
            .iter()
            .filter(|(_, s)| name_span.start <= s.start && s.end <= name_span.end)
            .filter_map(|(d, _)| divs.get(*d))
            .find(|d| d.level != Level::Town);
        let place = named.or(district);
        let key = format!(
            "{}{}",
            place.map(|d| d.name.as_str()).unwrap_or(""),
            e.date.map(|d| format!("/{d}")).unwrap_or_default()
        );
        let mut n = Node::new(NodeKind::Event, &e.name, Some(&key));
        n.date = e.date;
        n.district = place.map(|d| d.name.clone());
        let ix = g.add_node(n);
        if let Some(d) = place {
            let dx = district_node(g, d);
            g.add_edge(ix, dx, Relation::LocatedIn, vec![ev.make(e.span)]);
        }
        event_nodes[i] = Some(ix);
    }
    for (i, e) in facts.events.iter().enumerate() {
        let Some(ix) = event_nodes[i] else { continue };
        if let Some(px) = e.parent.and_then(|p| event_nodes.get(p).copied().flatten()) {
            g.add_edge(ix, px, Relation::PartOf, vec![ev.make(e.span)]);
        }
        for &(o, span) in &e.organizers {
            let ox = match org_nodes.get(o).copied().flatten() {
                Some(x) => x,
                None => {
                    // An organiser always gets a node: qualified by the article's district.
                    let raw = &facts.orgs[o].name;
                    let name = match district {
                        Some(d) if !raw.starts_with(&d.name) => format!("{}{}", d.name, raw),
                        _ => raw.clone(),
                    };
                    let mut n = Node::new(NodeKind::Institution, &name, None);
                    n.district = district.map(|d| d.name.clone());
                    g.add_node(n)
                }
            };
            g.add_edge(ix, ox, Relation::OrganizedBy, vec![ev.make(span)]);
        }
    }

    // Persons.
    for (pi, p) in facts.persons.iter().enumerate() {
        let roles = || facts.roles.iter().filter(|r| r.person == pi);
        let relative = p.titles.iter().any(|(t, _)| t.relative.is_some());
        let from_title = p
            .titles
            .iter()
            .find_map(|(t, _)| t.division)
            .and_then(|d| divs.get(d))
            .filter(|d| d.level != Level::Town);
        let home = from_title.or(if relative || roles().next().is_some() { district } else { None });
        let titles = held_titles(&p.titles, |t| home_for(divs, &facts.homes, &t.text, t.relative));
        let mut n = Node::new(NodeKind::Person, &p.name, home.map(|d| d.name.as_str()));
        n.district = home.map(|d| d.name.clone());
        n.titles = titles.iter().map(|(t, _)| t.clone()).collect();
        n.titles.sort();
        n.titles.dedup();
        let px = g.add_node(n);
        for (t, span) in &titles {
            let tx = g.add_node(Node::new(NodeKind::Title, t, None));
            g.add_edge(px, tx, Relation::Holds, vec![ev.make(*span)]);
        }
        for r in roles() {
            if let Some(ex) = event_nodes.get(r.event).copied().flatten() {
                g.add_edge(px, ex, r.relation, vec![ev.make(r.span)]);
            }
        }
    }
}

/// Qualified titles, without those a longer title of the same person already says.
fn held_titles<'d>(
    titles: &[(HeldTitle, Span)],
    home: impl Fn(&HeldTitle) -> Option<&'d Division>,
) -> Vec<(String, Span)> {
    let mut out: Vec<(String, Span)> = Vec::new();
    for (t, span) in titles {
        let q = qualified(&t.text, t.relative, home(t));
        if !out.iter().any(|(x, _)| **x == *q) {
            out.push((q.into_owned(), *span));
        }
    }
    let said: Vec<bool> = out
        .iter()
        .map(|(t, _)| out.iter().any(|(u, _)| u != t && u.ends_with(t.as_str()) && t.chars().count() <= 3))
        .collect();
    let mut said = said.into_iter();
    out.retain(|_| !said.next().unwrap_or(false));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Level;

    #[test]
    fn qualifies_relative_titles() {
        let d = Division { name: "某某区".into(), level: Level::County };
        assert_eq!(qualify("区委书记", Some('区'), Some(&d)), "某某区委书记");
        assert_eq!(qualify("县委书记", Some('县'), Some(&d)), "县委书记");
        assert_eq!(qualify("常务副校长", None, Some(&d)), "常务副校长");
        assert_eq!(qualify("区长", None, Some(&d)), "某某区区长");
        assert_eq!(qualify("副区长", None, Some(&d)), "副区长");
    }

    #[test]
    fn char_index() {
        let t = "a中b";
        let c = CharIndex::new(t);
        assert_eq!(c.char_at(0), 0);
        assert_eq!(c.char_at(1), 1);
        assert_eq!(c.char_at(4), 2);
        assert_eq!(c.char_at(5), 3);
    }

    proptest::proptest! {
        /// Across checkpoints, a look-up counts what decoding the text up to the byte counts.
        #[test]
        fn char_index_counts_like_decoding(t in "[a中😀，]{0,400}", cut in 0usize..2000) {
            let c = CharIndex::new(&t);
            let b = cut.min(t.len());
            let decoded = t.char_indices().take_while(|&(i, _)| i < b).count();
            proptest::prop_assert_eq!(c.char_at(b), decoded);
        }
    }
}
