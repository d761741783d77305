//! Events: a named meeting or programme (`…专题研讨班`, `2022年春季开学典礼`, `…座谈会`) read back
//! from its head word to where its name starts, and ceremonies (`开班式`, `结业仪式`, or the verbs
//! `开班`/`结业` right after a programme) that are part of a programme.

use std::sync::LazyLock;

use crate::cues::{class, Cues};
use crate::recognize::words::WordSet;
use crate::scan::{find_mark, rfind_mark};
use crate::span::{between, Span};

/// A ceremony that is part of a programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Ceremony {
    /// 开班式, 开班仪式.
    Opening,
    /// 结业式, 结业仪式.
    Closing,
    /// 开幕式.
    Inauguration,
    /// 闭幕式.
    Conclusion,
}

impl Ceremony {
    /// The canonical name appended to the programme's.
    pub fn suffix(self) -> &'static str {
        match self {
            Ceremony::Opening => "开班式",
            Ceremony::Closing => "结业式",
            Ceremony::Inauguration => "开幕式",
            Ceremony::Conclusion => "闭幕式",
        }
    }
}

/// What an event mention refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventRef {
    /// A named event: its name is the mention's `name` span.
    Named,
    /// A bare head (`会议`, `本期研讨班`): the event the article is about.
    Bare,
    /// A ceremony of the programme named in the same clause, or else of the current programme.
    Ceremony {
        /// Which ceremony.
        kind: Ceremony,
        /// Written as a verb (`研讨班开班`) right after its programme.
        verb: bool,
    },
}

/// An event written in a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventMention {
    /// The whole name (for a bare head or a ceremony, the head itself).
    pub name: Span,
    /// The head word.
    pub head: Span,
    /// What it refers to.
    pub kind: EventRef,
    /// Said to take place (`举行`, `召开`, `开班`) in this sentence.
    pub held: bool,
}

const PROGRAMME_HEADS: &[&str] = &[
    "研讨班", "培训班", "专题班", "进修班", "轮训班", "读书班", "学习班", "训练营", "示范班", "开学典礼",
    "毕业典礼", "座谈会", "推进会", "学习会", "分析会", "表彰大会", "大会", "全体会议", "常务会议", "会议",
    "研讨会", "报告会", "动员会", "部署会", "交流会", "论坛", "峰会", "发布会", "宣讲会", "全会", "庆祝大会",
    "纪念大会", "联席会议", "工作会", "现场会", "观摩会", "调度会", "务虚会", "茶话会", "招待会", "集体学习",
    "启动仪式", "颁奖仪式", "签约仪式", "揭牌仪式", "典礼", "恳谈会", "对接会", "博览会", "洽谈会", "年会",
    "评议会", "述职会", "点评会", "评审会", "总结会", "表彰会", "誓师大会", "培训会", "讲评会", "通报会",
    "民主生活会", "组织生活会", "办公会议", "联席会", "专题会", "协调会", "见面会", "说明会", "听证会",
    "讲座", "分享会", "交流活动", "主题活动", "党日活动", "仪式", "宴会", "欢迎宴会", "对话会", "晚会",
    "首发式", "升旗仪式", "理论学习中心组学习",
];

const CEREMONY_WORDS: &[(&str, Ceremony)] = &[
    ("开班式", Ceremony::Opening),
    ("开班仪式", Ceremony::Opening),
    ("开学式", Ceremony::Opening),
    ("结业式", Ceremony::Closing),
    ("结业仪式", Ceremony::Closing),
    ("结业典礼", Ceremony::Closing),
    ("开幕式", Ceremony::Inauguration),
    ("闭幕式", Ceremony::Conclusion),
];

const CEREMONY_VERBS: &[(&str, Ceremony)] = &[
    ("开班", Ceremony::Opening),
    ("结业", Ceremony::Closing),
    ("开幕", Ceremony::Inauguration),
    ("闭幕", Ceremony::Conclusion),
];

/// Words after which an event's name starts.
const NAME_BOUNDARIES: &[&str] = &[
    "举行", "召开", "举办", "在", "出席", "参加", "主持", "于", "了", "是", "为", "日", "上午", "下午",
    "晚上", "讯", "并", "开展", "启动", "迎来", "之际", "期间", "通过", "列席", "参与", "出席了", "参加了",
    "以", "由", "将", "即", "到", "等", "至", "通报", "传达", "听取", "审议", "部署", "会同", "联合", "共同",
    "会见", "会晤",
];

const DEICTIC: &[&str] =
    &["本期", "此次", "本次", "这次", "该", "这期", "上述", "本届", "此期", "这个", "各"];

const HELD_VERBS: &[&str] = &["举行", "召开", "举办", "开班", "开幕", "闭幕", "结业", "开学", "在京", "隆重"];

/// [`HELD_VERBS`], indexed for the question whether a clause holds one.
static HELD_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(HELD_VERBS));

/// Verbs that, before a meeting's name anywhere in its clause, say it takes place: the first
/// three of [`HELD_VERBS`] (`举行`, `召开`, `举办`).
static HOLDING_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(&HELD_VERBS[..3]));

#[derive(Debug, Clone, Copy)]
enum Head {
    Programme,
    Ceremony(Ceremony),
    Verb(Ceremony),
}

static BOUNDARY_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(NAME_BOUNDARIES));

/// The head words as a set, and the words with their kinds in the set's order.
static HEADS: LazyLock<(WordSet, Vec<(&'static str, Head)>)> = LazyLock::new(|| {
    let mut kinds: Vec<(&'static str, Head)> = Vec::new();
    let all = PROGRAMME_HEADS.iter().map(|&w| (w, Head::Programme));
    let all = all.chain(CEREMONY_WORDS.iter().map(|&(w, c)| (w, Head::Ceremony(c))));
    let all = all.chain(CEREMONY_VERBS.iter().map(|&(w, c)| (w, Head::Verb(c))));
    for (w, kind) in all {
        // A word listed twice keeps its first kind.
        if !kinds.iter().any(|k| k.0 == w) {
            kinds.push((w, kind));
        }
    }
    let words: Vec<&'static str> = kinds.iter().map(|k| k.0).collect();
    (WordSet::new(&words), kinds)
});

/// The heads in `s`, leftmost-longest and without overlap, as an automaton over the head words
/// would find them: `lasts` are the places in `s` where their last characters stand, in order.
fn heads_in(s: &str, lasts: impl Iterator<Item = usize>) -> Vec<(usize, usize, Head)> {
    let (set, kinds) = &*HEADS;
    set.leftmost_longest(s, lasts, |id| kinds.get(id).map(|k| k.1))
}

/// The marks that end a clause.
const CLAUSE_MARKS: &[char] = &['，', '。', '；', '：'];

fn is_stop(c: char) -> bool {
    matches!(c, '，' | '。' | '；' | '：' | '！' | '？' | '、' | ' ' | '\n')
}

/// Where the name of an event whose head starts at `head_start` begins (within `floor..`).
fn name_start(text: &str, floor: usize, head_start: usize) -> usize {
    let mut depth = 0i32;
    let mut start = head_start;
    let mut chars = 0;
    for (i, c) in between(text, floor, head_start).char_indices().rev() {
        let at = floor + i;
        match c {
            '”' | '》' | '」' | '’' | '）' => depth += 1,
            '“' | '《' | '「' | '‘' | '（' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            break;
        }
        if depth == 0 {
            if is_stop(c) {
                break;
            }
            let before = between(text, floor, at + c.len_utf8());
            // After `的` (not `党的`) or a boundary word.
            // `联合` joins the organisers before a verb (`由甲乙联合举办`) and names a body before
            // one (`高级别联合委员会第四次会议`).
            let boundary = if c == '的' {
                !before.ends_with("党的")
            } else {
                BOUNDARY_SET.ends_with(before, c)
                    && !(before.ends_with("联合") && {
                        let after = between(text, at + c.len_utf8(), head_start);
                        ["委员会", "工作组", "国", "会", "协调", "指挥部"]
                            .iter()
                            .any(|w| after.starts_with(w))
                    })
            };
            if boundary {
                break;
            }
        }
        start = at;
        chars += 1;
        if chars >= 60 {
            break;
        }
    }
    // Never start inside an open quote.
    start
}

/// Finds the events of `sentence`.
///
/// ```
/// use zhkg::{recognize::event::{find_events, EventRef}, Span};
/// let t = "3日，某县干部专题研讨班开班。";
/// let e = find_events(t, Span::new(0, t.len()));
/// assert_eq!(&t[e[0].name.start..e[0].name.end], "某县干部专题研讨班");
/// assert!(matches!(e[1].kind, EventRef::Ceremony { verb: true, .. }));
/// ```
pub fn find_events(text: &str, sentence: Span) -> Vec<EventMention> {
    let s = sentence.slice(text).unwrap_or("");
    events_from(text, sentence, heads_in(s, HEADS.0.last_places(s)))
}

/// [`find_events`], where `cues` are the cues of the text inside `sentence` (see [`cue_chars`]).
pub(crate) fn find_events_cued(text: &str, sentence: Span, cues: Cues<'_>) -> Vec<EventMention> {
    if !cues.any(class::HEAD_END) {
        return Vec::new();
    }
    let lasts = cues.of(class::HEAD_END).filter_map(|at| at.checked_sub(sentence.start));
    events_from(text, sentence, heads_in(sentence.slice(text).unwrap_or(""), lasts))
}

/// The characters the event gate looks for: the heads' last characters.
pub(crate) fn cue_chars() -> impl Iterator<Item = (char, u16)> {
    HEADS.0.last_chars().iter().map(|&c| (c, class::HEAD_END))
}

/// The events of `sentence`, whose heads are `heads` (offsets of the sentence; see
/// [`heads_in`]).
fn events_from(text: &str, sentence: Span, heads: Vec<(usize, usize, Head)>) -> Vec<EventMention> {
    let mut out: Vec<EventMention> = Vec::new();
    for (start, end, kind) in heads {
        let mut head = Span::new(sentence.start + start, sentence.start + end);
        // `工作会` + `议`, `集体学习` + `会`: the head runs on to the end of the word.
        let h = between(text, head.start, head.end);
        let next = between(text, head.end, sentence.end).chars().next();
        if (h.ends_with('会') && next == Some('议'))
            || (!h.ends_with('会') && !h.ends_with('式') && next == Some('会'))
        {
            head.end += '会'.len_utf8();
        }
        // `人民大会堂`, `会场`: a building or a room, not a meeting; `国会议长`, `国会议员`: a
        // parliament's speaker or member.
        let rest = between(text, head.end, sentence.end);
        if rest.starts_with(['堂', '场', '馆', '厅', '室', '址', '所', '旗'])
            || (between(text, head.start, head.end).ends_with('议') && rest.starts_with(['长', '员']))
        {
            continue;
        }
        let clause_start = rfind_mark(between(text, sentence.start, head.start), CLAUSE_MARKS)
            .map_or(sentence.start, |i| sentence.start + i);
        let clause_end = find_mark(between(text, head.end, sentence.end), CLAUSE_MARKS)
            .map_or(sentence.end, |i| head.end + i);
        let after = between(text, head.end, clause_end);
        let before = between(text, clause_start, head.start);
        match kind {
            Head::Programme => {
                let st = name_start(text, sentence.start, head.start);
                let name_text = between(text, st, head.start);
                let bare = name_text.is_empty() || DEICTIC.iter().any(|d| name_text.starts_with(d));
                let kind = if bare { EventRef::Bare } else { EventRef::Named };
                let name = if bare { head } else { Span::new(st, head.end) };
                // `学习贯彻…全会精神`: a meeting whose spirit is studied is not one taking place here.
                let tail = between(text, head.end, sentence.end);
                // `A暨B`: one event, named by the head of B.
                if ["精神", "情况", "要求", "成果", "安排", "决定", "决议", "暨"]
                    .iter()
                    .any(|w| tail.starts_with(w))
                {
                    continue;
                }
                let held =
                    HELD_SET.occurs_in(after) || HELD_SET.ends(before) || HOLDING_SET.occurs_in(before);
                out.push(EventMention { name, head, kind, held });
            }
            Head::Ceremony(c) => {
                let held = HELD_SET.occurs_in(after);
                out.push(EventMention {
                    name: head,
                    head,
                    kind: EventRef::Ceremony { kind: c, verb: false },
                    held,
                });
            }
            Head::Verb(c) => {
                // Only right after a programme in the same clause: `研讨班20日上午在中央党校开班`.
                let prog = out.iter().rev().find(|e| e.kind != EventRef::Bare || e.head.end > clause_start);
                let ok = prog.is_some_and(|p| {
                    p.head.end >= clause_start
                        && p.head.end <= head.start
                        && !matches!(p.kind, EventRef::Ceremony { .. })
                });
                if ok {
                    out.push(EventMention {
                        name: head,
                        head,
                        kind: EventRef::Ceremony { kind: c, verb: true },
                        held: true,
                    });
                }
            }
        }
    }
    // A head inside a longer name (`全会` of `六中全会精神专题研讨班`) is part of that name.
    let named: Vec<Span> = out.iter().filter(|e| e.kind == EventRef::Named).map(|e| e.name).collect();
    out.retain(|e| {
        e.kind != EventRef::Named
            || !named.iter().any(|n| *n != e.name && n.start <= e.name.start && e.name.end <= n.end)
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Head words, parts of them and filler, to build sentences whose heads nest and overlap.
    fn pieces() -> Vec<&'static str> {
        let mut v: Vec<&'static str> = HEADS.1.iter().map(|k| k.0).collect();
        v.sort_unstable();
        v.extend(["会", "议", "大", "班", "式", "的", "，", "学习", "活动", "开", "a"]);
        v
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        /// The heads found at their last characters are those a leftmost-longest automaton over
        /// the head words finds.
        #[test]
        fn heads_are_what_an_automaton_finds(picks in proptest::collection::vec(any::<prop::sample::Index>(), 0..16)) {
            let words = pieces();
            let s: String = picks.iter().map(|i| *i.get(&words)).collect();
            let heads: Vec<&str> = HEADS.1.iter().map(|k| k.0).collect();
            let oracle: daachorse::CharwiseDoubleArrayAhoCorasick<u32> = daachorse::CharwiseDoubleArrayAhoCorasickBuilder::new()
                .match_kind(daachorse::MatchKind::LeftmostLongest)
                .build(&heads)
                .expect("automaton");
            let want: Vec<(usize, usize)> = oracle.leftmost_find_iter(&s).map(|m| (m.start(), m.end())).collect();
            let got: Vec<(usize, usize)> = heads_in(&s, HEADS.0.last_places(&s)).iter().map(|h| (h.0, h.1)).collect();
            prop_assert_eq!(got, want);
        }
    }

    fn names(t: &str) -> Vec<String> {
        find_events(t, Span::new(0, t.len()))
            .iter()
            .filter(|e| e.kind == EventRef::Named)
            .map(|e| t[e.name.start..e.name.end].to_string())
            .collect()
    }

    #[test]
    fn names_stop_at_verbs_dates_and_de() {
        assert_eq!(names("某县委党校举行2021年秋季开学典礼。"), ["2021年秋季开学典礼"]);
        assert_eq!(
            names("5月8日，历时两天的全县“乡村振兴、基层治理”专题培训班结业。"),
            ["全县“乡村振兴、基层治理”专题培训班"]
        );
        assert_eq!(names("学习贯彻党的二十大精神研讨班开班"), ["学习贯彻党的二十大精神研讨班"]);
    }

    #[test]
    fn a_joint_body_names_its_meeting() {
        assert_eq!(
            names("两国将举行中国—智利高级别联合委员会第二次会议。"),
            ["中国—智利高级别联合委员会第二次会议"]
        );
        assert_eq!(names("两县联合举办乡村振兴培训班。"), ["乡村振兴培训班"]);
        // Nor does a name run back past the verb of a meeting (`会见`).
        assert_eq!(names("省长在京会见第80届联合国大会代表团。"), ["第80届联合国大会"]);
    }

    #[test]
    fn a_parliaments_speaker_is_no_meeting() {
        assert!(
            find_events("该国国会议长今天到访。", Span::new(0, "该国国会议长今天到访。".len())).is_empty()
        );
        assert!(find_events("两名国会议员到访。", Span::new(0, "两名国会议员到访。".len())).is_empty());
        let t = "国会议长出席了协商会议。";
        let e: Vec<&str> =
            find_events(t, Span::new(0, t.len())).iter().map(|e| &t[e.name.start..e.name.end]).collect();
        assert_eq!(e, ["协商会议"]);
    }

    #[test]
    fn bare_and_deictic_heads() {
        let t = "副校长某某主持会议，本期研讨班由县委组织部举办。";
        let e = find_events(t, Span::new(0, t.len()));
        assert!(e.iter().all(|m| m.kind == EventRef::Bare));
    }

    #[test]
    fn ceremony_words_and_verbs() {
        let t = "县长出席开班式。学员结业了。";
        let e = find_events(t, Span::new(0, t.len()));
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].kind, EventRef::Ceremony { kind: Ceremony::Opening, verb: false });
    }
}
