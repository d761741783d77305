//! Titles, institutions and districts, read from runs of adjacent lexicon pieces: a title is
//! `place? org* position` (`黄浦区` `委` `书记`), an institution is `place? org+` with no position
//! after it, a district is a gazetteer name.

use crate::cues::Cues;
use crate::lexicon::{Lexicon, PieceKind};
use crate::recognize::vocab;
use crate::recognize::words::WordSet;
use crate::span::{between, Span};

/// A title such as `区委常委` or `中共中央政治局常委`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleMention {
    /// The whole title.
    pub span: Span,
    /// The organisation part (`区委党校` of `区委党校校长`), if any.
    pub org: Option<Span>,
    /// A division named in the title, by index into the lexicon's divisions.
    pub division: Option<usize>,
    /// The relative place word it opens with (`区` of `区委书记`), if any.
    pub relative: Option<char>,
    /// Just a position with nothing before it (`主任` in `党组书记、主任`).
    pub bare: bool,
}

/// An organisation such as `金山区委党校`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgMention {
    /// The whole name.
    pub span: Span,
    /// A division named in it.
    pub division: Option<usize>,
    /// The relative place word it opens with.
    pub relative: Option<char>,
}

/// A division written in a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlaceMention {
    /// Where.
    pub span: Span,
    /// Index into the lexicon's divisions.
    pub division: usize,
    /// Written in its short form (`黄浦`).
    pub short: bool,
}

/// What the piece runs of one sentence hold.
#[derive(Debug, Clone, Default)]
pub struct PieceRuns {
    /// Titles in order.
    pub titles: Vec<TitleMention>,
    /// Institutions in order.
    pub orgs: Vec<OrgMention>,
    /// Districts in order.
    pub places: Vec<PlaceMention>,
}

impl PieceRuns {
    /// The title starting exactly at byte `at`.
    pub fn title_at(&self, at: usize) -> Option<&TitleMention> {
        self.titles.iter().find(|t| t.span.start == at)
    }
    /// The title ending exactly at byte `at`.
    pub fn title_ending_at(&self, at: usize) -> Option<&TitleMention> {
        self.titles.iter().find(|t| t.span.end == at)
    }
    /// Does any title or institution cover byte `at`?
    pub fn covers(&self, at: usize) -> bool {
        self.titles.iter().any(|t| t.span.start <= at && at < t.span.end)
            || self.orgs.iter().any(|o| o.span.start <= at && at < o.span.end)
    }
}

#[derive(Debug, Clone, Copy)]
struct Piece {
    span: Span,
    kind: PieceKind,
}

fn relative_place(text: &str, p: &Piece) -> Option<char> {
    if p.kind != PieceKind::Place {
        return None;
    }
    let s = between(text, p.span.start, p.span.end);
    let mut cs = s.chars();
    match (cs.next(), cs.next()) {
        (Some(c @ ('区' | '县' | '市' | '省' | '镇' | '乡' | '州')), None) => Some(c),
        _ => None,
    }
}

/// Reads the titles, institutions and districts of `sentence` (a span of `text`).
///
/// ```
/// use zhkg::{Lexicon, Span};
/// use zhkg::recognize::title::read_pieces;
/// let lex = Lexicon::builtin();
/// let text = "区委常委、组织部部长、区委党校校长王五主持会议";
/// let runs = read_pieces(&lex, text, Span::new(0, text.len()));
/// let titles: Vec<&str> = runs.titles.iter().map(|t| &text[t.span.start..t.span.end]).collect();
/// assert_eq!(titles, ["区委常委", "组织部部长", "区委党校校长"]);
/// ```
pub fn read_pieces(lex: &Lexicon, text: &str, sentence: Span) -> PieceRuns {
    let mut out = PieceRuns::default();
    read_pieces_to(lex, text, sentence, None, &mut out);
    out
}

/// [`read_pieces`] into `out` (cleared first), whose lists keep their room: a reader of many
/// sentences allocates them once rather than once a sentence. `cues`, when given, are the cues
/// of the text inside `sentence` (see [`Lexicon::cues`]).
pub(crate) fn read_pieces_to(
    lex: &Lexicon,
    text: &str,
    sentence: Span,
    cues: Option<Cues<'_>>,
    out: &mut PieceRuns,
) {
    // The two lists of pieces are scratch, kept per thread: two allocations a sentence fewer.
    thread_local! {
        static SCRATCH: std::cell::Cell<(Vec<Piece>, Vec<Piece>)> = const { std::cell::Cell::new((Vec::new(), Vec::new())) };
    }
    let (mut raw, mut run) = SCRATCH.try_with(|c| c.take()).unwrap_or_default();
    raw.clear();
    run.clear();
    out.titles.clear();
    out.orgs.clear();
    out.places.clear();
    read_pieces_into(lex, text, sentence, cues, &mut raw, &mut run, out);
    // Taken out above, so never borrowed twice (a nested call would just find empty lists).
    let _ = SCRATCH.try_with(|c| c.set((raw, run)));
}

fn read_pieces_into(
    lex: &Lexicon,
    text: &str,
    sentence: Span,
    cues: Option<Cues<'_>>,
    raw: &mut Vec<Piece>,
    run: &mut Vec<Piece>,
    out: &mut PieceRuns,
) {
    let Some(s) = sentence.slice(text) else {
        return;
    };
    let mut prev_end = sentence.start;
    let mut bracket_end = 0;
    let push = |start: usize, end: usize, value: u32| {
        raw.push(Piece {
            span: Span::new(sentence.start + start, sentence.start + end),
            kind: Lexicon::piece_kind(value),
        });
    };
    match cues {
        Some(cues) => lex.for_each_piece_cued(s, sentence.start, cues, push),
        None => lex.for_each_piece(s, push),
    }
    // A short form (`和政` of 和政县) counts only right before another piece (`金山党校`): in
    // `党委和政府` it is part of a word. It must also start a name (see [`starts_a_name`]): in
    // `中日友好医院` and `俄南部军区` the ordinary words 友好 and 南部 are not 友好区 and 南部县.
    let kept = raw.iter().enumerate().filter(|&(i, p)| match p.kind {
        PieceKind::Division { short: true, .. } => {
            raw.get(i + 1).is_some_and(|n| n.span.start == p.span.end)
                && starts_a_name(text, sentence, raw, i)
        }
        // `各地级市和县市区`: 和县 inside a phrase is a conjunction and 县.
        PieceKind::Division { short: false, .. } => {
            !is_conjunction_county(between(text, p.span.start, p.span.end))
                || starts_a_name(text, sentence, raw, i)
        }
        _ => true,
    });
    for (i, &p) in kept {
        let mut p = p;
        // A short form right after a division that does not hold it is part of a name, not a
        // place: `上海合作组织` (合作市 is in Gansu), `梨树县红旗村`, `长春市和平医院`.
        if matches!(p.kind, PieceKind::Division { short: true, .. }) && after_a_stranger(lex, text, raw, i) {
            p.kind = PieceKind::Place;
        }
        // Pieces inside a short bracket right after a piece are an alternative name, not a title
        // of their own: `中央党校（国家行政学院）校长（院长）`.
        if let Some(last) = run.last() {
            let after = between(text, last.span.end, sentence.end);
            if let Some(close) = after.strip_prefix('（').and_then(|r| r.find('）')) {
                let end = last.span.end + '（'.len_utf8() + close + '）'.len_utf8();
                if between(text, last.span.end, end).chars().count() <= 22 {
                    bracket_end = end;
                }
            }
        }
        if p.span.start < bracket_end {
            continue;
        }
        // `某某科技集团`, `浙江工商大学`: a generic institution word takes the name before it.
        if p.kind == PieceKind::Org && p.span.start > prev_end {
            let word = between(text, p.span.start, p.span.end);
            if vocab::is_generic_org(word) {
                p.span.start = org_name_start(text, prev_end, p.span.start, 10);
            } else if word == "委" {
                // An abbreviated commission: `首规委主任`.
                p.span.start = org_name_start(text, prev_end, p.span.start, 2);
            }
        }
        // `中央政法委原书记`, `第九届全国政协副主席`: a former post, an ordinal term.
        if let Some(last) = run.last() {
            let gap = between(text, last.span.end, p.span.start);
            let former = gap == "原" && p.kind == PieceKind::Position;
            // `中央党校（国家行政学院）校长`: a bracketed alternative inside a title.
            let bracketed = gap.starts_with('（') && gap.ends_with('）') && gap.chars().count() <= 20;
            if former || bracketed || is_ordinal(gap) {
                p.span.start = last.span.end;
            }
        } else if p.kind != PieceKind::Position {
            let before = between(text, prev_end, p.span.start);
            // An ordinal ends in `届` or `次`: only then is `第` looked for (the text before the
            // first piece of a sentence may be long).
            let ordinal = before.ends_with(['届', '次']).then(|| before.rfind('第')).flatten();
            if let Some(i) = ordinal.filter(|&i| is_ordinal(&before[i..])) {
                p.span.start = prev_end + i;
            }
        }
        prev_end = p.span.end;
        if run.last().is_some_and(|l| l.span.end != p.span.start) {
            close_run(text, run, out);
            run.clear();
        }
        run.push(p);
    }
    close_run(text, run, out);
}

/// Can the piece `raw[i]` start a name? Where the sentence starts, after a character that is not
/// Han, right after a division (`上海闵行`, `马鞍山市和县`), or after a word a name never runs
/// back over (`在`, `出席`); after any other Han character it is the middle of a longer word
/// (`中非合作论坛`, `自然资源部`).
fn starts_a_name(text: &str, sentence: Span, raw: &[Piece], i: usize) -> bool {
    let Some(p) = raw.get(i) else { return false };
    let before = between(text, sentence.start, p.span.start);
    match before.chars().next_back() {
        Some(c) if super::is_han(c) => {
            division_before(raw, i).is_some() || ORG_NAME_STOP_SET.ends_with(before, c)
        }
        _ => true,
    }
}

/// Does piece `i`, a division, come right after a division that the gazetteer says does not hold
/// it?
fn after_a_stranger(lex: &Lexicon, text: &str, raw: &[Piece], i: usize) -> bool {
    let (Some(p), Some(q)) = (raw.get(i), division_before(raw, i)) else { return false };
    lex.holds(q.span.slice(text).unwrap_or(""), p.span.slice(text).unwrap_or("")) == Some(false)
}

/// The division piece that ends right where `raw[i]` starts, if any.
fn division_before(raw: &[Piece], i: usize) -> Option<&Piece> {
    let p = raw.get(i)?;
    let q = raw.get(i.checked_sub(1)?)?;
    (q.span.end == p.span.start && matches!(q.kind, PieceKind::Division { .. })).then_some(q)
}

/// Conjunctions that can begin the name of a county of one character and 县 (和县).
const CONJUNCTIONS: [char; 3] = ['和', '与', '及'];

/// Is `name` a conjunction and 县? Such a county is taken only where a name can start (`安徽和县`,
/// `在和县`), not inside a phrase (`市和县`).
fn is_conjunction_county(name: &str) -> bool {
    let mut cs = name.chars();
    matches!((cs.next(), cs.next(), cs.next()), (Some(c), Some('县'), None) if CONJUNCTIONS.contains(&c))
}

/// Words an institution's own name never runs back over.
const ORG_NAME_STOPS: &[&str] = &[
    "了", "的", "在", "和", "与", "及", "到", "赴", "向", "对", "从", "由", "为", "是", "等", "出席", "参加",
    "考察", "调研", "视察", "走访", "来到", "看望", "慰问", "举办", "举行", "召开", "主持", "陪同", "会同",
    "联合", "兼", "会见", "会谈", "致电", "致信", "致函", "复信", "回信", "贺信", "祝贺", "勉励", "表示",
    "指出", "强调",
];

/// [`ORG_NAME_STOPS`] indexed by last character: most characters end none.
static ORG_NAME_STOP_SET: std::sync::LazyLock<WordSet> =
    std::sync::LazyLock::new(|| WordSet::new(ORG_NAME_STOPS));

/// `第十四届`, `第7次`: an ordinal inside a title or an organisation's name.
fn is_ordinal(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('第') else { return false };
    let Some(num) = rest.strip_suffix(['届', '次']) else { return false };
    !num.is_empty() && num.chars().all(|c| c.is_ascii_digit() || "一二三四五六七八九十百零".contains(c))
}

/// Where the proper name before a generic institution word starts (at most 10 characters back,
/// never before `floor`).
fn org_name_start(text: &str, floor: usize, at: usize, max: usize) -> usize {
    let mut start = at;
    for (n, (i, c)) in between(text, floor, at).char_indices().rev().enumerate() {
        let i = floor + i;
        if n >= max || !(super::is_han(c) || c.is_ascii_alphanumeric()) {
            break;
        }
        let upto = between(text, 0, i + c.len_utf8());
        if ORG_NAME_STOP_SET.ends_with(upto, c) && !upto.ends_with("党的") {
            break;
        }
        start = i;
    }
    // A name of one character is no name (`该公司`, `本集团`).
    if between(text, start, at).chars().count() < 2 {
        at
    } else {
        start
    }
}

fn close_run(text: &str, run: &[Piece], out: &mut PieceRuns) {
    let mut seg_start = 0;
    for (i, p) in run.iter().enumerate() {
        if p.kind == PieceKind::Position {
            push_segment(text, &run[seg_start..=i], out);
            seg_start = i + 1;
        }
    }
    if seg_start < run.len() {
        push_segment(text, &run[seg_start..], out);
    }
}

fn push_segment(text: &str, seg: &[Piece], out: &mut PieceRuns) {
    let (Some(first), Some(last)) = (seg.first(), seg.last()) else {
        return;
    };
    let span = Span::new(first.span.start, last.span.end);
    let division = seg.iter().find_map(|p| match p.kind {
        PieceKind::Division { index, .. } => Some(index),
        _ => None,
    });
    for p in seg {
        if let PieceKind::Division { index, short } = p.kind {
            // A short form alone is too often an ordinary word (和平, 新华): keep it only inside a title
            // or an organisation.
            if !short || seg.iter().any(|p| matches!(p.kind, PieceKind::Org | PieceKind::Position)) {
                out.places.push(PlaceMention { span: p.span, division: index, short });
            }
        }
    }
    let relative = relative_place(text, first);
    let has_org = seg.iter().any(|p| p.kind == PieceKind::Org);
    if last.kind == PieceKind::Position {
        let position = between(text, last.span.start, last.span.end);
        if seg.len() == 1 && vocab::needs_qualifier(position) {
            return;
        }
        // The organisation runs from the first piece to the position.
        let org =
            if has_org && seg.len() > 1 { Some(Span::new(first.span.start, last.span.start)) } else { None };
        if let Some(o) = org {
            out.orgs.push(OrgMention { span: o, division, relative });
        }
        out.titles.push(TitleMention { span, org, division, relative, bare: seg.len() == 1 });
    } else if has_org {
        out.orgs.push(OrgMention { span, division, relative });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The texts of the spans `pick` takes from the pieces read in `text`.
    fn texts(text: &str, pick: impl Fn(&PieceRuns) -> Vec<Span>) -> Vec<String> {
        let runs = read_pieces(&Lexicon::builtin(), text, Span::new(0, text.len()));
        pick(&runs).into_iter().map(|s| between(text, s.start, s.end).to_string()).collect()
    }

    fn titles(text: &str) -> Vec<String> {
        texts(text, |r| r.titles.iter().map(|t| t.span).collect())
    }

    fn places(text: &str) -> Vec<String> {
        texts(text, |r| r.places.iter().map(|p| p.span).collect())
    }

    #[test]
    fn compose_titles() {
        assert_eq!(titles("县委副书记、县长赵六出席"), ["县委副书记", "县长"]);
        assert_eq!(titles("中共中央政治局常委、国务院总理某某"), ["中共中央政治局常委", "国务院总理"]);
        assert_eq!(titles("成都市委常委、武侯区委书记"), ["成都市委常委", "武侯区委书记"]);
        assert_eq!(titles("区人大常委会党组书记、主任"), ["区人大常委会党组书记", "主任"]);
        assert_eq!(titles("区总工会主席、常务副校长"), ["区总工会主席", "常务副校长"]);
    }

    #[test]
    fn group_noun_needs_a_qualifier() {
        assert_eq!(titles("县领导甲乙"), ["县领导"]);
        assert!(titles("各位领导").is_empty());
    }

    #[test]
    fn institutions_and_places() {
        let text = "闵行区委党校举行典礼，和平发展";
        assert_eq!(texts(text, |r| r.orgs.iter().map(|o| o.span).collect()), ["闵行区委党校"]);
        assert_eq!(places(text), ["闵行区"]);
    }

    #[test]
    fn a_short_form_inside_a_word_is_no_place() {
        // Ordinary words that are also short forms, in the middle of a longer name.
        assert!(places("他在中日友好医院看望患者").is_empty());
        assert!(places("双方同意深化中非合作论坛框架下的交流").is_empty());
        assert!(places("俄南部军区士兵参加演习").is_empty());
        assert!(places("两国国会同国务院代表会谈").is_empty());
        // Where a name can start, the short form is still a place.
        assert_eq!(places("闵行党校举行开班式"), ["闵行"]);
        assert_eq!(places("学员在金山党校学习"), ["金山"]);
        assert_eq!(places("学员来到金山党校，黄浦党校随后"), ["金山", "黄浦"]);
        assert_eq!(places("上海闵行党校"), ["上海", "闵行"]);
    }

    #[test]
    fn a_short_form_after_a_division_that_does_not_hold_it_is_no_place() {
        // 合作 is the short form of 合作市 (Gansu), 朝阳 of 朝阳区 (Beijing) and 朝阳市 (Liaoning).
        assert!(!places("上海合作组织秘书长出席会议").iter().any(|p| p == "合作"));
        assert!(!places("江苏朝阳集团董事长出席").iter().any(|p| p == "朝阳"));
        assert_eq!(places("北京朝阳区委书记出席"), ["北京", "朝阳区"]);
        assert_eq!(places("北京朝阳党校举行开班式"), ["北京", "朝阳"]);
        assert_eq!(places("甘肃合作党校举行开班式"), ["甘肃", "合作"]);
        // Such a short form still belongs to the name it starts.
        let text = "梨树县红旗村党总支书记出席";
        assert_eq!(places(text), ["梨树县"]);
        assert_eq!(texts(text, |r| r.orgs.iter().map(|o| o.span).collect()), ["梨树县红旗村党总支"]);
    }

    #[test]
    fn an_institution_name_does_not_run_back_over_a_message_or_a_meeting() {
        let orgs = |t: &str| texts(t, |r| r.orgs.iter().map(|o| o.span).collect());
        assert_eq!(orgs("林国栋复信东海航空遗产基金会主席王五"), ["东海航空遗产基金会"]);
        assert_eq!(orgs("林国栋在北京会见东海开发银行行长"), ["东海开发银行"]);
        assert_eq!(orgs("他表示东海科技集团愿意合作"), ["东海科技集团"]);
    }

    #[test]
    fn a_conjunction_and_county_is_no_county_inside_a_phrase() {
        assert_eq!(places("覆盖各地级市和县市区政府"), Vec::<String>::new());
        assert_eq!(places("安徽和县县委书记出席"), ["安徽", "和县"]);
        assert_eq!(places("，和县县委书记出席"), ["和县"]);
    }
}
