//! The walker's state over one article: persons, events and organisations by name, the event the
//! article is talking about, and the roles found so far.

use rustc_hash::FxHashMap as HashMap;

use super::{ArticleFacts, EventFact, OrgFact, PersonFact, RoleFact};
use crate::graph::Relation;
use crate::recognize::event::{EventMention, EventRef};
use crate::recognize::Date;
use crate::span::{between, Span};

/// The evidence for what a name says with a word: both together when they are close; the name
/// alone when a long list stands between them (`甲、乙……等出席` over thousands of names).
pub(super) fn evidence_span(name: Span, word: Span) -> Span {
    let both = name.cover(word);
    if both.len() <= 300 {
        both
    } else {
        name
    }
}

/// The body that convenes a meeting: the clause before `召开`/`举行`/`举办` right before `at`.
fn convener(text: &str, at: usize) -> Option<&str> {
    let before = between(text, 0, at);
    let verb = ["召开", "举行", "举办"].iter().find(|v| before.ends_with(**v))?;
    let upto = at - verb.len();
    let start = between(text, 0, upto)
        .rfind(['，', '。', '；', '\n', '：', ' '])
        .map_or(0, |i| i + between(text, i, text.len()).chars().next().map_or(1, char::len_utf8));
    let mut s = between(text, start, upto).trim();
    // Drop a date or time of day written before the verb: `小组2日上午召开`.
    while let Some(c) = s.chars().next_back() {
        if c.is_ascii_digit() || "年月日号上下午晚时".contains(c) {
            s = &s[..s.len() - c.len_utf8()];
        } else {
            break;
        }
    }
    let n = s.chars().count();
    ((2..=30).contains(&n)).then_some(s)
}

#[derive(Default)]
pub(super) struct State {
    pub(super) facts: ArticleFacts,
    pub(super) by_name: HashMap<String, usize>,
    pub(super) events_by_name: HashMap<String, usize>,
    pub(super) orgs_by_name: HashMap<String, usize>,
    pub(super) current: Option<usize>,
    pub(super) programme: Option<usize>,
    pub(super) last_subject: Option<usize>,
    pub(super) last_date: Option<Date>,
}

impl State {
    pub(super) fn person(&mut self, name: &str) -> usize {
        if let Some(&i) = self.by_name.get(name) {
            return i;
        }
        self.facts.persons.push(PersonFact { name: name.to_string(), titles: Vec::new(), author: false });
        let i = self.facts.persons.len() - 1;
        self.by_name.insert(name.to_string(), i);
        i
    }

    pub(super) fn org(
        &mut self,
        text: &str,
        span: Span,
        division: Option<usize>,
        relative: Option<char>,
    ) -> usize {
        let name = between(text, span.start, span.end);
        if let Some(&i) = self.orgs_by_name.get(name) {
            return i;
        }
        self.facts.orgs.push(OrgFact { name: name.to_string(), division, relative, span });
        let i = self.facts.orgs.len() - 1;
        self.orgs_by_name.insert(name.to_string(), i);
        i
    }

    pub(super) fn new_event(&mut self, name: String, span: Span, parent: Option<usize>, keep: bool) -> usize {
        if let Some(&i) = self.events_by_name.get(&name) {
            self.facts.events[i].keep |= keep;
            return i;
        }
        // A shorter name of a meeting already named in full (`主席会议` after
        // `…第八十一次主席会议`) is that meeting.
        if parent.is_none() && name.chars().count() >= 4 {
            let longer = self
                .facts
                .events
                .iter()
                .position(|e| e.parent.is_none() && e.name.len() > name.len() && e.name.ends_with(&name));
            if let Some(i) = longer {
                self.facts.events[i].keep |= keep;
                return i;
            }
        }
        self.facts.events.push(EventFact {
            name: name.clone(),
            date: None,
            parent,
            organizers: Vec::new(),
            span,
            keep,
        });
        let i = self.facts.events.len() - 1;
        self.events_by_name.insert(name, i);
        i
    }

    /// The event a mention stands for; `named` is a programme named earlier in the sentence.
    pub(super) fn event(&mut self, text: &str, e: &EventMention, named: Option<usize>) -> Option<usize> {
        match e.kind {
            EventRef::Named => {
                let id =
                    self.new_event(between(text, e.name.start, e.name.end).to_string(), e.name, None, e.held);
                // A meeting named in passing does not take the place of the programme being reported.
                let passing = !e.held && self.programme.is_some_and(|p| p != id && self.facts.events[p].keep);
                if !passing {
                    self.programme = Some(id);
                }
                Some(id)
            }
            EventRef::Bare => {
                let head = between(text, e.head.start, e.head.end);
                let found = if head.ends_with('班') || head.ends_with("典礼") {
                    self.programme.or(self.current)
                } else {
                    self.current.or(self.programme)
                };
                if found.is_some() || !e.held {
                    return found;
                }
                // `中央某某领导小组召开会议` with nothing before it: the meeting of its convener.
                let name = match convener(text, e.head.start) {
                    Some(c) => format!("{c}{head}"),
                    None => head.to_string(),
                };
                let id = self.new_event(name, e.head, None, true);
                self.programme = Some(id);
                Some(id)
            }
            EventRef::Ceremony { kind, verb } => {
                let parent = if verb { named.or(self.programme) } else { self.programme };
                let parent = parent?;
                let pname = self.facts.events[parent].name.clone();
                let id = self.new_event(format!("{pname}{}", kind.suffix()), e.head, Some(parent), e.held);
                self.facts.events[parent].keep |= e.held;
                Some(id)
            }
        }
    }

    /// The event `person` last had a role in.
    pub(super) fn event_of(&self, person: usize) -> Option<usize> {
        self.facts.roles.iter().rev().find(|r| r.person == person).map(|r| r.event)
    }

    pub(super) fn role(&mut self, person: usize, relation: Relation, event: usize, span: Span) {
        let r = RoleFact { person, relation, event, span };
        if !self.facts.roles.iter().any(|x| x.person == person && x.relation == relation && x.event == event)
        {
            self.facts.roles.push(r);
        }
        self.facts.events[event].keep = true;
        if let Some(p) = self.facts.events[event].parent {
            self.facts.events[p].keep = true;
        }
        self.last_subject = Some(person);
    }
}
