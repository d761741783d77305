//! Stage 4: relations. Walks an article sentence by sentence, keeps the event the article is
//! talking about, and turns trigger words into `presided` / `spoke_at` / `attended` facts whose
//! subjects are the persons written before the trigger (`X主持`, `由X主持`, `X、Y等出席`).
//! Organisers (`由…举办`, `X举行…`), ceremonies (`part_of`) and dates are read here too.

use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

use crate::cues::{class, Cues, Cursor, Hit};
use crate::graph::Relation;
use crate::lexicon::{Level, Lexicon};
use crate::recognize::date::{find_dates, first_date_cued, resolve, year_in};
use crate::recognize::event::{find_events_cued, EventMention, EventRef};
use crate::recognize::names::WordSet;
use crate::recognize::person::{find_persons_cued, HeldTitle, KnownNames, PersonMention};
use crate::recognize::title::read_pieces_to;
use crate::recognize::Date;
use crate::recognize::PieceRuns;

mod state;
use crate::scan::{find_mark, rfind_mark};
use crate::segment::{Article, Block, BlockKind};
use crate::span::{between, Span};
use state::{evidence_span, State};

/// A person of one article.
#[derive(Debug, Clone)]
pub struct PersonFact {
    /// The name.
    pub name: String,
    /// Titles with the span of title and name together.
    pub titles: Vec<(HeldTitle, Span)>,
    /// Wrote the article (a byline), rather than appearing in it.
    pub author: bool,
}

/// An event of one article.
#[derive(Debug, Clone)]
pub struct EventFact {
    /// Its name.
    pub name: String,
    /// Its date.
    pub date: Option<Date>,
    /// The programme a ceremony is part of.
    pub parent: Option<usize>,
    /// Organisers, as indices into the article's organisations.
    pub organizers: Vec<(usize, Span)>,
    /// Where it is first named.
    pub span: Span,
    /// Said to take place, or given a role.
    pub keep: bool,
}

/// An organisation of one article, with the relative place it opens with.
#[derive(Debug, Clone)]
pub struct OrgFact {
    /// As written.
    pub name: String,
    /// A division named in it.
    pub division: Option<usize>,
    /// The relative place word it opens with.
    pub relative: Option<char>,
    /// Where.
    pub span: Span,
}

/// A role: person `relation` event, said at `span`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleFact {
    /// Index into the persons.
    pub person: usize,
    /// What.
    pub relation: Relation,
    /// Index into the events.
    pub event: usize,
    /// Where (normalised text).
    pub span: Span,
}

/// The divisions an article is about, one per level (the most often named).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Homes {
    /// County level: 区, 县, 县级市.
    pub county: Option<usize>,
    /// City level.
    pub city: Option<usize>,
    /// Province level.
    pub province: Option<usize>,
}

/// What one article says.
#[derive(Debug, Clone, Default)]
pub struct ArticleFacts {
    /// The divisions it is about at each level, for titles such as `市委常委`.
    pub homes: Homes,
    /// Divisions written in it, with where.
    pub places: Vec<(usize, Span)>,
    /// Persons.
    pub persons: Vec<PersonFact>,
    /// Events.
    pub events: Vec<EventFact>,
    /// Organisations.
    pub orgs: Vec<OrgFact>,
    /// Roles.
    pub roles: Vec<RoleFact>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trigger {
    Role(Relation),
    /// 指出, 强调, 表示: speech by the subject, and what follows is what was said.
    Speech,
}

/// The trigger words as a set, and what each triggers.
static TRIGGERS: LazyLock<(WordSet, Vec<(&'static str, Trigger)>)> = LazyLock::new(|| {
    use Relation::*;
    let table: &[(&'static str, Trigger)] = &[
        ("主持召开", Trigger::Role(Presided)),
        ("主持", Trigger::Role(Presided)),
        ("出席", Trigger::Role(Attended)),
        ("参加", Trigger::Role(Attended)),
        ("到会", Trigger::Role(Attended)),
        ("讲话", Trigger::Role(SpokeAt)),
        ("致辞", Trigger::Role(SpokeAt)),
        ("致词", Trigger::Role(SpokeAt)),
        ("致开幕词", Trigger::Role(SpokeAt)),
        ("致开幕辞", Trigger::Role(SpokeAt)),
        ("致闭幕词", Trigger::Role(SpokeAt)),
        ("致闭幕辞", Trigger::Role(SpokeAt)),
        ("致欢迎词", Trigger::Role(SpokeAt)),
        ("致欢迎辞", Trigger::Role(SpokeAt)),
        ("致答谢词", Trigger::Role(SpokeAt)),
        ("致答谢辞", Trigger::Role(SpokeAt)),
        ("发言", Trigger::Role(SpokeAt)),
        ("寄语", Trigger::Role(SpokeAt)),
        ("通报", Trigger::Role(SpokeAt)),
        ("宣读", Trigger::Role(SpokeAt)),
        ("授课", Trigger::Role(SpokeAt)),
        ("讲课", Trigger::Role(SpokeAt)),
        ("辅导报告", Trigger::Role(SpokeAt)),
        ("介绍", Trigger::Role(SpokeAt)),
        ("点评", Trigger::Role(SpokeAt)),
        ("述职", Trigger::Role(SpokeAt)),
        ("作总结", Trigger::Role(SpokeAt)),
        ("主旨演讲", Trigger::Role(SpokeAt)),
        ("演讲", Trigger::Role(SpokeAt)),
        ("作报告", Trigger::Role(SpokeAt)),
        ("作部署", Trigger::Role(SpokeAt)),
        ("指出", Trigger::Speech),
        ("强调", Trigger::Speech),
        ("表示", Trigger::Speech),
        ("要求", Trigger::Speech),
        ("说", Trigger::Speech),
        ("认为", Trigger::Speech),
    ];
    let words: Vec<&'static str> = table.iter().map(|t| t.0).collect();
    (WordSet::new(&words), table.to_vec())
});

/// The characters the relation walk looks for: `他` and `她`, `作`, and the trigger words' last
/// characters.
pub(crate) fn cue_chars() -> impl Iterator<Item = (char, u16)> {
    let ends = TRIGGERS.0.last_chars().iter().map(|&c| (c, class::TRIGGER_END));
    [('他', class::PRONOUN), ('她', class::PRONOUN), ('作', class::ZUO)].into_iter().chain(ends)
}

/// `出席会议的有甲、乙`, `参加会议的还有：甲`: where the list of those the role verb at `span`
/// names starts (a byte of `text`), when `的有` or `的还有` ends the verb's clause within 20
/// characters.
fn you_list(text: &str, span: Span, end: usize) -> Option<usize> {
    let rest = between(text, span.end, end);
    let clause = find_mark(rest, &['，', '。', '；']).map_or(rest, |i| &rest[..i]);
    let at = crate::recognize::person::find_you(clause)?;
    (clause[..at].chars().count() <= 20).then_some(span.end + at)
}

/// The speech nouns `作` may take (`作报告`, `作专题辅导报告`).
const SPEECH_NOUNS: [&str; 12] =
    ["报告", "部署", "布置", "辅导", "动员", "总结", "讲座", "说明", "发言", "讲话", "解读", "点评"];

/// `作了具体部署`, `作新学年工作部署`, `作专题辅导报告`: `s` opens with 作 (then maybe 了) and,
/// within the next 24 characters of its clause, a speech noun. The byte length up to the end of
/// the first such noun.
fn zuo_speech(s: &str) -> Option<usize> {
    let rest = s.strip_prefix('作')?;
    let rest = rest.strip_prefix('了').unwrap_or(rest);
    let skipped = s.len() - rest.len();
    for (n, (i, c)) in rest.char_indices().enumerate() {
        if let Some(w) = SPEECH_NOUNS.iter().find(|w| rest[i..].starts_with(**w)) {
            return Some(skipped + i + w.len());
        }
        if n == 24 || matches!(c, '，' | '。' | '；' | '：' | '、') {
            return None;
        }
    }
    None
}

#[derive(Debug, Clone, Copy)]
enum Tok {
    Person(usize),
    Pronoun,
    /// An event, and whether it becomes the one the article is talking about.
    Event(usize, bool),
    Trigger(Trigger),
}

/// A post being taken away rather than held: `免去某某…常委职务`, `免去…副主任某某的职务`,
/// `撤销某某…委员资格`. `title` covers the title and the name.
fn removed(text: &str, sentence: Span, title: Span) -> bool {
    let after = between(text, title.end, sentence.end);
    let object = ["职务", "资格", "的职务", "的资格", "等职务"].iter().any(|w| after.starts_with(w));
    let mut from = title.start.saturating_sub(150).max(sentence.start);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = between(text, from, title.start);
    let clause = rfind_mark(before, &['。', '；']).map_or(before, |i| &before[i..]);
    object && ["免去", "撤销", "辞去", "不再担任", "免职"].iter().any(|w| clause.contains(w))
}

/// Words in the gap between a speaker and `强调` that make what follows relayed (`作出重要指示强调`).
static RELAYED: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(&["指示", "批示", "贺信", "回信", "致信", "贺电"]));

/// Words in the gap between a person and a role verb that put the role elsewhere or at other times
/// (`多次就…发表重要讲话`).
static ELSEWHERE: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(&["多次", "一再", "曾", "指示", "批示", "贺信"]));

/// Byte searchers for the verbs found before an event's name (`X举行EVENT`), built once:
/// `str::find` would build a searcher at every call.
static HOLDING: LazyLock<[memchr::memmem::Finder<'static>; 3]> =
    LazyLock::new(|| ["举行", "召开", "举办"].map(|w| memchr::memmem::Finder::new(w.as_bytes())));
/// Byte searchers for the verbs found after an event's name (`EVENT由X、Y联合举办`), built once.
static HOSTING: LazyLock<[memchr::memmem::Finder<'static>; 4]> =
    LazyLock::new(|| ["举办", "主办", "承办", "组织"].map(|w| memchr::memmem::Finder::new(w.as_bytes())));

/// Where the first of the words `finders` search for starts in `s`.
fn first_of(finders: &[memchr::memmem::Finder<'_>], s: &str) -> Option<usize> {
    finders.iter().filter_map(|f| f.find(s.as_bytes())).min()
}

/// What a block's pieces are read from: each sentence of a body paragraph, or the whole line.
fn spans(b: &Block) -> &[Span] {
    if b.kind == BlockKind::Body {
        &b.sentences
    } else {
        std::slice::from_ref(&b.span)
    }
}

/// Walks articles and collects their facts.
pub struct Relater<'a> {
    lex: &'a Lexicon,
    text: &'a str,
    context_date: Option<Date>,
    known: KnownNames,
    /// The tokens of a sentence: scratch, kept from one sentence to the next.
    toks: Vec<(Span, Tok)>,
    /// The cues of the text (see `cues`), when the caller found them.
    given: Option<&'a [Hit]>,
    /// The cues of the text found here, at the first article, when none were given.
    own: Option<Vec<Hit>>,
}

impl<'a> Relater<'a> {
    /// A walker over `text` (normalised) with `context_date` for day-only dates.
    pub fn new(lex: &'a Lexicon, text: &'a str, context_date: Option<Date>) -> Self {
        let known = KnownNames::new(lex.known_names());
        Relater { lex, text, context_date, known, toks: Vec::new(), given: None, own: None }
    }

    /// [`Relater::new`], with `hits` the cues of `text` found by the caller (see `cues`).
    pub(crate) fn with_cues(
        lex: &'a Lexicon,
        text: &'a str,
        context_date: Option<Date>,
        hits: &'a [Hit],
    ) -> Self {
        Relater { given: Some(hits), ..Relater::new(lex, text, context_date) }
    }

    /// The article's homes and the divisions written in it. A county-level division written only
    /// in its short form, never in full nor right after a division that holds it, is not taken
    /// as a place (`南部战区`, `中非合作论坛`, `新华社` are no 南部县, 合作市, 新华区): such short forms
    /// are ordinary words far more often than places, and a report on a county names it in full
    /// somewhere. Those divisions are returned too, for the titles and organisations naming them.
    fn article_district(&self, runs: &[PieceRuns]) -> (Homes, Vec<(usize, Span)>, Vec<usize>) {
        let divs = self.lex.divisions();
        let county = |d: usize| divs.get(d).is_some_and(|x| x.level == Level::County);
        let mut established: Vec<usize> = Vec::new();
        let mut unsure: Vec<usize> = Vec::new();
        for runs in runs {
            let mut prev_end = None;
            for p in &runs.places {
                // A short form right after another division is one that division holds (a short
                // form after one that does not hold it is read as part of a name: see `title`).
                let held = prev_end == Some(p.span.start);
                prev_end = Some(p.span.end);
                if !county(p.division) {
                    continue;
                }
                if !p.short || held {
                    established.push(p.division);
                } else {
                    unsure.push(p.division);
                }
            }
        }
        unsure.retain(|d| !established.contains(d));
        let mut count: HashMap<usize, (usize, usize)> = HashMap::default();
        let mut places = Vec::new();
        for runs in runs {
            for p in runs.places.iter().filter(|p| !unsure.contains(&p.division)) {
                places.push((p.division, p.span));
                let e = count.entry(p.division).or_insert((0, p.span.start));
                e.0 += 1;
            }
        }
        let best = |level: Level| {
            count
                .iter()
                .filter(|(d, _)| divs.get(**d).is_some_and(|x| x.level == level))
                .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
                .map(|(d, _)| *d)
        };
        (
            Homes { county: best(Level::County), city: best(Level::City), province: best(Level::Province) },
            places,
            unsure,
        )
    }

    /// Reads one article.
    pub fn article(&mut self, article: &Article) -> ArticleFacts {
        // The pieces of each sentence and of each other block, in order: scratch kept per thread,
        // whose lists keep their room from one article to the next (some three allocations a
        // sentence fewer). Taken out while in use: a nested call would find it empty.
        thread_local! {
            static RUNS: std::cell::Cell<Vec<PieceRuns>> = const { std::cell::Cell::new(Vec::new()) };
        }
        let mut runs = RUNS.try_with(|c| c.take()).unwrap_or_default();
        // The cues of the whole text, found in one pass (see `cues`): given, or found at the
        // first article. Taken out while in use, put back at the end.
        let own = match self.given {
            Some(_) => None,
            None => Some(self.own.take().unwrap_or_else(|| {
                let mut hits = Vec::new();
                self.lex.cues().scan(self.text, &mut hits);
                hits
            })),
        };
        let cues = Cues::new(self.given.or(own.as_deref()).unwrap_or_default()).within(article.span);
        let mut cursor = Cursor::new(cues);
        let mut n = 0;
        // Titles, institutions and places of every sentence (and of headings, datelines and
        // bylines), read once; the cues of each kept for the sentence's other recognisers.
        let mut span_cues = Vec::with_capacity(runs.len());
        for b in &article.blocks {
            for &s in spans(b) {
                if runs.len() == n {
                    runs.push(PieceRuns::default());
                }
                let cues = cursor.within(s);
                read_pieces_to(self.lex, self.text, s, Some(cues), &mut runs[n]);
                span_cues.push(cues);
                n += 1;
            }
        }
        let (homes, places, unsure) = self.article_district(&runs[..n]);
        let facts = ArticleFacts { homes, places, ..Default::default() };
        let mut st = State { facts, ..Default::default() };
        let mut context_date = self.context_date;
        let mut k = 0;
        for b in &article.blocks {
            let block_runs = &runs[k..k + spans(b).len()];
            let block_cues = &span_cues[k..k + block_runs.len()];
            k += block_runs.len();
            match b.kind {
                BlockKind::Meta if context_date.is_none() => {
                    let dates = find_dates(self.text, b.span);
                    context_date =
                        dates.iter().find_map(|m| resolve(m, None, None, None)).filter(|d| d.year.is_some());
                }
                BlockKind::Source => self.source(b.span, &block_runs[0], &mut st),
                BlockKind::Body => {
                    for ((&s, runs), &cues) in b.sentences.iter().zip(block_runs).zip(block_cues) {
                        self.sentence(s, runs, cues, context_date, &mut st);
                    }
                }
                _ => {}
            }
        }
        let _ = RUNS.try_with(|c| c.set(runs));
        self.own = own;
        if !unsure.is_empty() {
            let forget = |d: &mut Option<usize>| {
                if d.is_some_and(|d| unsure.contains(&d)) {
                    *d = None;
                }
            };
            st.facts
                .persons
                .iter_mut()
                .flat_map(|p| p.titles.iter_mut())
                .for_each(|(t, _)| forget(&mut t.division));
            st.facts.orgs.iter_mut().for_each(|o| forget(&mut o.division));
        }
        st.facts
    }

    fn source(&mut self, span: Span, runs: &PieceRuns, st: &mut State) {
        for o in &runs.orgs {
            st.org(self.text, o.span, o.division, o.relative);
        }
        // A byline name: the bracket holds a name and maybe an organisation before it.
        let rest_start = runs.orgs.iter().map(|o| o.span.end).max().unwrap_or(span.start);
        let mut rest = between(self.text, rest_start, span.end).trim();
        // `（某县委宣传部 供稿）`, `（记者 某某 摄影）`: credit words are no name.
        for w in ["供稿", "报道", "摄影", "摄", "整理", "撰稿"] {
            rest = rest.strip_suffix(w).unwrap_or(rest).trim_end();
        }
        for w in ["通讯员", "记者", "文", "图"] {
            rest = rest.strip_prefix(w).unwrap_or(rest).trim_start();
        }
        let n = rest.chars().count();
        if (2..=4).contains(&n)
            && self.lex.is_surname_start(rest)
            && rest.chars().all(crate::recognize::is_han)
        {
            let p = st.person(rest);
            st.facts.persons[p].author = true;
        }
    }

    /// Reads sentence `s`, whose pieces are `runs` and whose cues are `cues`.
    fn sentence(
        &mut self,
        s: Span,
        runs: &PieceRuns,
        cues: Cues<'_>,
        context_date: Option<Date>,
        st: &mut State,
    ) {
        let text = self.text;
        self.known.prepare();
        let persons: Vec<PersonMention> = find_persons_cued(self.lex, text, s, runs, &self.known, cues);
        let events: Vec<EventMention> = find_events_cued(text, s, cues);
        for o in &runs.orgs {
            st.org(text, o.span, o.division, o.relative);
        }
        // Persons: register, collect titles.
        let mut pidx = Vec::with_capacity(persons.len());
        for m in &persons {
            let p = st.person(&m.name);
            for t in m.titles.iter().filter(|t| !removed(text, s, t.span.cover(m.span))) {
                let ev = evidence_span(m.span, t.span);
                st.facts.persons[p].titles.push((t.clone(), ev));
            }
            self.known.insert(&m.name);
            pidx.push(p);
        }
        // Most sentences name no person and no event, and refer to no one: the walk would find
        // nothing to do, and only their date is read.
        let body = between(text, s.start, s.end);
        if persons.is_empty() && events.is_empty() && !cues.any(class::PRONOUN) {
            self.dates(s, cues, context_date, &[], &[], st);
            return;
        }
        // Tokens in text order.
        let mut toks = std::mem::take(&mut self.toks);
        toks.clear();
        for (i, m) in persons.iter().enumerate() {
            if !m.cited
                && !events.iter().any(|e| {
                    e.name.start <= m.span.start && m.span.end <= e.name.end && e.kind == EventRef::Named
                })
            {
                toks.push((m.span, Tok::Person(pidx[i])));
            }
        }
        let mut ev_ids: Vec<Option<usize>> = Vec::with_capacity(events.len());
        let mut in_sentence: Option<usize> = None;
        for e in &events {
            let id = st.event(text, e, in_sentence);
            if matches!(e.kind, EventRef::Named) {
                in_sentence = id;
            }
            ev_ids.push(id);
            if let Some(id) = id {
                // A meeting named in passing (in a speech, in a plan) does not become the one the
                // article is about; one that takes place, a ceremony, or the first one does.
                let first = st.current.is_none() && !toks.iter().any(|(_, t)| matches!(t, Tok::Event(..)));
                let moves = e.held
                    || matches!(e.kind, EventRef::Ceremony { .. })
                    || first
                    || e.kind == EventRef::Bare;
                toks.push((e.head, Tok::Event(id, moves)));
            }
        }
        let (set, kinds) = &*TRIGGERS;
        let lasts = cues.of(class::TRIGGER_END).filter_map(|at| at.checked_sub(s.start));
        for (start, end, kind) in set.leftmost_longest(body, lasts, |id| kinds.get(id).map(|k| k.1)) {
            let span = Span::new(s.start + start, s.start + end);
            let after = between(text, span.end, s.end);
            if matches!(kind, Trigger::Role(_)) && (after.starts_with("精神") || after.starts_with('人')) {
                continue;
            }
            if runs.covers(span.start)
                || events.iter().any(|e| {
                    e.name.start <= span.start && span.end <= e.name.end && e.kind == EventRef::Named
                })
            {
                continue;
            }
            toks.push((span, Tok::Trigger(kind)));
        }
        for i in cues.of(class::ZUO).filter_map(|at| at.checked_sub(s.start)) {
            // 作 as a verb, not the tail of 工作, 合作, 创作 …
            if body[..i].ends_with(['工', '合', '协', '创', '操', '写', '运', '动', '著', '制', '佳', '振'])
            {
                continue;
            }
            let Some(len) = zuo_speech(&body[i..]) else {
                continue;
            };
            let span = Span::new(s.start + i, s.start + i + len);
            if !toks
                .iter()
                .any(|(t, k)| matches!(k, Tok::Trigger(_)) && t.start < span.end && span.start < t.end)
            {
                toks.push((span, Tok::Trigger(Trigger::Role(Relation::SpokeAt))));
            }
        }
        // 他 and 她 opening a clause (both three bytes long).
        for i in cues.of(class::PRONOUN).filter_map(|at| at.checked_sub(s.start)) {
            if i == 0 || body[..i].ends_with(['，', '。', '；', '：']) {
                toks.push((Span::new(s.start + i, s.start + i + 3), Tok::Pronoun));
            }
        }
        toks.sort_by_key(|(sp, _)| (sp.start, sp.end));
        self.dates(s, cues, context_date, &events, &ev_ids, st);
        self.organizers(s, runs, &events, &ev_ids, st);
        self.walk(s, &toks, st);
        self.toks = toks;
    }

    fn walk(&mut self, s: Span, toks: &[(Span, Tok)], st: &mut State) {
        let text = self.text;
        let mut pending: Vec<(usize, Span)> = Vec::new();
        let mut last: Vec<(usize, Span)> = Vec::new();
        let mut last_end = s.start;
        // An event named earlier in the sentence is what its roles are about: `在结业仪式上某某寄语`.
        let mut local: Option<usize> = None;
        // Persons already given their role by a list after `的有`.
        let mut listed: Vec<Span> = Vec::new();
        for (k, &(span, tok)) in toks.iter().enumerate() {
            match tok {
                Tok::Event(id, moves) => {
                    local = Some(id);
                    if moves {
                        st.current = Some(id);
                    }
                }
                Tok::Person(_) if listed.contains(&span) => {}
                Tok::Person(p) => pending.push((p, span)),
                Tok::Pronoun => {
                    if let Some(p) = st.last_subject {
                        pending.push((p, span));
                    }
                }
                Tok::Trigger(Trigger::Speech) => {
                    let mut subj =
                        if pending.is_empty() { last.clone() } else { std::mem::take(&mut pending) };
                    // The speaker is the first person and those listed with them; a person named
                    // later in the clause is what they spoke about (`某某缅怀了某某同志…，强调`).
                    let joined = subj
                        .windows(2)
                        .position(|w| {
                            !matches!(
                                between(text, w[0].1.end, w[1].1.start).trim_start_matches("同志"),
                                "、" | "和" | "及" | "与"
                            )
                        })
                        .map_or(subj.len(), |i| i + 1);
                    subj.truncate(joined);
                    let near = subj.last().is_some_and(|(_, ps)| {
                        let gap = between(text, ps.end, span.start);
                        // `作出重要指示强调` is relayed to a meeting, not said at it.
                        let relayed = RELAYED.occurs_in(gap);
                        // At most one clause between: `某某在座谈会上缅怀了…，强调…`.
                        gap.chars().count() <= 40
                            && gap.matches('，').count() <= 1
                            && !gap.contains(['。', '；'])
                            && !relayed
                    });
                    if near {
                        let said_at = subj.last().and_then(|(p, _)| st.event_of(*p));
                        if let Some(ev) = said_at.or(st.current) {
                            for &(p, ps) in &subj {
                                st.role(p, Relation::SpokeAt, ev, evidence_span(ps, span));
                            }
                        }
                    }
                    // What follows is what was said.
                    return;
                }
                Tok::Trigger(Trigger::Role(rel)) => {
                    if let Some(from) = pending.is_empty().then(|| you_list(text, span, s.end)).flatten() {
                        // `出席会议的有甲、乙等`: the persons listed after `的有` are the subjects.
                        let after = &toks[k + 1..];
                        let object = after
                            .iter()
                            .take_while(|(sp, _)| sp.start < from)
                            .filter_map(|(_, t)| match t {
                                Tok::Event(id, _) => Some(*id),
                                _ => None,
                            })
                            .last();
                        let subj: Vec<(usize, Span)> = after
                            .iter()
                            .take_while(|(sp, _)| !between(text, from, sp.start).contains(['。', '；']))
                            .filter_map(|&(sp, t)| match t {
                                Tok::Person(p) if sp.start >= from => Some((p, sp)),
                                _ => None,
                            })
                            .collect();
                        if let Some(ev) = object.or(local).or(st.current) {
                            for &(p, ps) in &subj {
                                st.role(p, rel, ev, evidence_span(ps, span));
                            }
                        }
                        listed.extend(subj.iter().map(|x| x.1));
                        last_end = span.end;
                        continue;
                    }
                    // With no new subject, the last one goes on only within the clause: `主持…并讲话`.
                    let joined = !between(text, last_end.min(span.start), span.start).contains(['，', '；']);
                    let subj = if !pending.is_empty() {
                        std::mem::take(&mut pending)
                    } else if joined {
                        last.clone()
                    } else {
                        Vec::new()
                    };
                    last_end = span.end;
                    // `多次就…发表重要讲话、作出重要指示`: habitual or relayed, not at this event.
                    let gap = subj.last().map_or("", |(_, ps)| between(text, ps.end, span.start));
                    let elsewhere = ELSEWHERE.occurs_in(gap);
                    if subj.is_empty() || elsewhere {
                        continue;
                    }
                    let clause_end = find_mark(between(text, span.end, s.end), &['，', '。', '；'])
                        .map_or(s.end, |i| span.end + i);
                    // The last event of the object phrase: `出席某某峰会开幕式` is the ceremony.
                    let object = toks[k + 1..]
                        .iter()
                        .take_while(|(sp, t)| {
                            sp.start < clause_end && !matches!(t, Tok::Person(_) | Tok::Trigger(_))
                        })
                        .filter_map(|(_, t)| match t {
                            Tok::Event(id, _) => Some(*id),
                            _ => None,
                        })
                        .last();
                    if let Some(ev) = object.or(local).or(st.current) {
                        for &(p, ps) in &subj {
                            st.role(p, rel, ev, evidence_span(ps, span));
                        }
                        st.last_subject = subj.last().map(|x| x.0);
                    }
                    last = subj;
                }
            }
        }
    }

    fn dates(
        &self,
        s: Span,
        cues: Cues<'_>,
        context: Option<Date>,
        events: &[EventMention],
        ids: &[Option<usize>],
        st: &mut State,
    ) {
        let Some(m) = &first_date_cued(self.text, s, cues) else { return };
        for (e, id) in events.iter().zip(ids) {
            let Some(id) = *id else { continue };
            if !(e.held || matches!(e.kind, EventRef::Named | EventRef::Ceremony { .. })) {
                continue;
            }
            let hint = {
                let ev = &st.facts.events[id];
                year_in(&ev.name).or_else(|| ev.parent.and_then(|p| year_in(&st.facts.events[p].name)))
            };
            let d = resolve(m, context, st.last_date, hint);
            let ev = &mut st.facts.events[id];
            if ev.date.is_none() {
                ev.date = d;
            }
        }
        st.last_date = resolve(m, context, st.last_date, None).or(st.last_date);
    }

    fn organizers(
        &self,
        s: Span,
        runs: &crate::recognize::PieceRuns,
        events: &[EventMention],
        ids: &[Option<usize>],
        st: &mut State,
    ) {
        let text = self.text;
        for (e, id) in events.iter().zip(ids) {
            let Some(id) = *id else { continue };
            // `X举行/召开/举办 EVENT`: organisations in the clause before the verb.
            let clause_start = rfind_mark(between(text, s.start, e.name.start), &['，', '。', '；'])
                .map_or(s.start, |i| s.start + i);
            let before = between(text, clause_start, e.name.start);
            let verb = first_of(&*HOLDING, before);
            if let Some(v) = verb {
                let verb_at = clause_start + v;
                let in_clause: Vec<_> = runs
                    .orgs
                    .iter()
                    .filter(|o| o.span.start >= clause_start && o.span.end <= verb_at)
                    .collect();
                // One body, even when words stand between its pieces: `某区委理论学习中心组`.
                if let (Some(first), Some(last)) = (in_clause.first(), in_clause.last()) {
                    let gap = between(text, last.span.end, verb_at);
                    let whole = Span::new(first.span.start, last.span.end);
                    let inner = between(text, whole.start, whole.end);
                    if gap.chars().all(|c| c.is_ascii_digit() || "年月日号上午下晚".contains(c))
                        && !inner.contains(['，', '、', '和', '与'])
                    {
                        let oi = st.org(text, whole, first.division, first.relative);
                        st.facts.events[id].organizers.push((oi, whole.cover(e.name)));
                    }
                }
            }
            // `EVENT由X、Y联合举办`.
            let clause_end =
                find_mark(between(text, e.head.end, s.end), &['。', '；']).map_or(s.end, |i| e.head.end + i);
            let after = between(text, e.head.end, clause_end);
            if after.starts_with('由') {
                if let Some(v) = first_of(&*HOSTING, after) {
                    let end = e.head.end + v;
                    for o in runs.orgs.iter().filter(|o| o.span.start > e.head.end && o.span.end <= end) {
                        let oi = st.org(text, o.span, o.division, o.relative);
                        st.facts.events[id].organizers.push((oi, e.name.cover(o.span)));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1024))]
        /// `作` and a speech noun in one clause, read by hand, are what the pattern they were
        /// once found with finds.
        #[test]
        fn zuo_speech_is_the_pattern(s in "作了?[作了讲话报告座部署专题，、。a1]{0,30}") {
            let pattern = regex::Regex::new(
                r"^作了?[^，。；：、]{0,24}?(?:报告|部署|布置|辅导|动员|总结|讲座|说明|发言|讲话|解读|点评)",
            )
            .expect("pattern");
            prop_assert_eq!(zuo_speech(&s), pattern.find(&s).map(|m| m.end()));
        }
    }

    /// The district of every node of a one-story graph, by name.
    fn districts(text: &str) -> Vec<(String, Option<String>)> {
        let doc = crate::Document::new("t.txt", text);
        let g = crate::Pipeline::new().build_graph([&doc]);
        g.nodes().into_iter().map(|n| (n.name.clone(), n.district.clone())).collect()
    }

    #[test]
    fn a_county_written_only_in_short_is_no_place() {
        // 合作 (合作市) and 中原 (中原区) inside the names of bodies, never in full: no node is
        // placed there.
        for (text, county) in [
            ("5月8日，两国高层对话与合作委员会第三次会议在京召开。委员会主席李长河主持会议。", "合作市"),
            ("5月8日，中原银行行长李长河出席签约仪式。", "中原区"),
        ] {
            let g = districts(text);
            assert!(g.iter().all(|(n, d)| n != county && d.as_deref() != Some(county)), "{g:?}");
        }
        // Named in full, it is the story's district, for its people and events.
        let g = districts("5月8日，和平区委党校举办读书班开班式。区委书记李长河出席开班式并讲话。");
        assert!(g.contains(&("李长河".into(), Some("和平区".into()))), "{g:?}");
        assert!(g.contains(&("和平区委党校读书班开班式".into(), Some("和平区".into()))), "{g:?}");
        // In short right after a division that holds it, too.
        let g = districts("近日，天津和平党校举办读书班开班式。常务副校长李长河主持开班式。");
        assert!(g.contains(&("李长河".into(), Some("和平区".into()))), "{g:?}");
    }

    /// The roles of a one-story graph: (person, relation, event).
    fn roles(text: &str) -> Vec<(String, Relation, String)> {
        let doc = crate::Document::new("t.txt", text);
        let g = crate::Pipeline::new().build_graph([&doc]);
        let mut v: Vec<_> = g
            .edges()
            .into_iter()
            .filter(|(_, _, e)| e.relation.is_role())
            .map(|(p, ev, e)| (p.name.clone(), e.relation, ev.name.clone()))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn those_listed_after_de_you_attended() {
        let r = roles("5日，全市防汛工作会议召开。出席会议的有市委常委孙立平、副市长何明等。");
        assert_eq!(
            r,
            [
                ("何明".into(), Relation::Attended, "全市防汛工作会议".into()),
                ("孙立平".into(), Relation::Attended, "全市防汛工作会议".into())
            ]
        );
        // With no titles, after `的还有`; the one who presided keeps his role.
        let r = roles("5日，全市防汛工作会议召开。市长赵亮主持会议。参加会议的还有孙立平、何明、钱小红等。");
        assert_eq!(r.len(), 4, "{r:?}");
        assert!(r.contains(&("钱小红".into(), Relation::Attended, "全市防汛工作会议".into())), "{r:?}");
        assert!(r.contains(&("赵亮".into(), Relation::Presided, "全市防汛工作会议".into())), "{r:?}");
    }

    #[test]
    fn trigger_words_are_listed_once() {
        let mut words: Vec<&str> = TRIGGERS.1.iter().map(|k| k.0).collect();
        let n = words.len();
        words.sort_unstable();
        words.dedup();
        assert_eq!(words.len(), n, "a word listed twice would be found twice");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        /// The triggers found at their last characters are those a leftmost-longest automaton
        /// over the trigger words finds.
        #[test]
        fn triggers_are_what_an_automaton_finds(picks in proptest::collection::vec(any::<prop::sample::Index>(), 0..16)) {
            let (set, kinds) = &*TRIGGERS;
            let mut words: Vec<&str> = kinds.iter().map(|k| k.0).collect();
            words.sort_unstable();
            let mut parts = words.clone();
            parts.extend(["主", "持", "召开", "作", "报告", "说话", "，", "会"]);
            let s: String = picks.iter().map(|i| *i.get(&parts)).collect();
            let oracle: daachorse::CharwiseDoubleArrayAhoCorasick<u32> =
                daachorse::CharwiseDoubleArrayAhoCorasickBuilder::new()
                    .match_kind(daachorse::MatchKind::LeftmostLongest)
                    .build(&words)
                    .expect("automaton");
            let want: Vec<(usize, usize)> = oracle.leftmost_find_iter(&s).map(|m| (m.start(), m.end())).collect();
            let got: Vec<(usize, usize)> =
                set.leftmost_longest(&s, set.last_places(&s), |id| kinds.get(id).map(|k| k.1)).iter().map(|t| (t.0, t.1)).collect();
            prop_assert_eq!(got, want);
        }
    }
}
