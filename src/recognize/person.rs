//! Persons: a surname from the surname list and one or two given characters, taken only where the
//! context says it is a name — after a title (`区委书记曹立强`), before one (`曹立强书记`, `某某同志`),
//! in a list that a title heads (`区领导甲、乙等出席`), or where the name is already known in the
//! document. A name must be followed by something a name is followed by (a verb such as `主持`,
//! punctuation, `等`, a title).

use crate::cues::{class, key as cue_key, CueTable, Cues};
use crate::lexicon::Lexicon;
use crate::recognize::foreign::transliterated_bare_at;
pub use crate::recognize::known::KnownNames;
use crate::recognize::known::{automaton_of, find_each, find_with, NameIndex, FEW_NAMES, MANY_NAMES};
use crate::recognize::names::{
    cites_anywhere, CITE_AFTER_SET, CITE_ANYWHERE_SET, CITE_BEFORE, FOLLOWERS, FOLLOWER_SET, HONORIFICS,
    LIST_VERB_SET, NOT_GIVEN_SET, NOT_NAME_SET, ROLE_VERB_SET, STRONG_VERBS, STRONG_VERB_SET,
};
use crate::recognize::title::{PieceRuns, TitleMention};
use crate::recognize::{is_han, vocab};
use crate::scan::rfind_mark;
use crate::span::{between, Span};

/// A title as a person holds it, composed where a shared prefix distributes
/// (`区人大常委会党组书记、主任` gives `区人大常委会主任`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldTitle {
    /// Where it is written.
    pub span: Span,
    /// The composed title text.
    pub text: String,
    /// The relative place it opens with (`区` of `区委书记`).
    pub relative: Option<char>,
    /// A division named in it.
    pub division: Option<usize>,
}

/// A person written in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonMention {
    /// The name.
    pub span: Span,
    /// The name as text.
    pub name: String,
    /// Titles written with this mention.
    pub titles: Vec<HeldTitle>,
    /// Cited rather than present: `贯彻习近平总书记重要讲话精神`, `以…同志为核心`.
    pub cited: bool,
}

/// A candidate that is an ordinary word as a whole (`广大`, `名单`).
fn ordinary_word(cand: &str) -> bool {
    NOT_GIVEN_SET.is_word(cand)
}

fn ordinary_given(given: &str) -> bool {
    NOT_GIVEN_SET.starts(given)
        || NOT_GIVEN_SET.ends(given)
        || given.chars().any(|c| FUNCTION_CHARS.contains(&c))
}

/// Function characters no given name holds.
const FUNCTION_CHARS: &[char] = &[
    '的', '了', '和', '与', '及', '等', '是', '在', '所', '就', '也', '都', '而', '把', '被', '从', '对',
    '地', '不', '给', '着', '过', '各', '第', '驻', '为', '他', '她', '您', '你', '我', '并', '个',
];

fn is_punct(c: char) -> bool {
    !is_han(c) && !c.is_alphanumeric()
}

/// Is `rest` (text right after a name) what a name is followed by?
fn follows_name(rest: &str, runs: &PieceRuns, at: usize) -> bool {
    match rest.chars().next() {
        None => true,
        // Punctuation, or a date right after the name: `李某10月8日下午主持`.
        // A transliterated name goes on after `·`: `纳瓦兹·谢里夫` is not a name `纳瓦兹`.
        Some('·' | '•' | '・') => false,
        Some(c) if is_punct(c) || c.is_ascii_digit() => true,
        Some(_) => FOLLOWER_SET.starts(rest) || runs.title_at(at).is_some(),
    }
}

/// Where the clauses of `s` start: 0 and after every `，`, `：`, `；` (all three are `EF BC xx` in
/// UTF-8, found with one byte search instead of decoding every character).
fn clause_starts(s: &str) -> impl Iterator<Item = usize> + '_ {
    let b = s.as_bytes();
    let after_punct = memchr::memchr_iter(0xEF, b)
        .filter(|&i| b.get(i + 1) == Some(&0xBC) && matches!(b.get(i + 2), Some(0x8C | 0x9A | 0x9B)))
        .map(|i| i + 3);
    std::iter::once(0).chain(after_punct)
}

/// Names with no title at the start of a clause, right before a strong verb. `starts` are the
/// clause starts where a strong verb may start at the third to fifth character.
fn clause_initial_names(
    lex: &Lexicon,
    text: &str,
    sentence: Span,
    runs: &PieceRuns,
    starts: &[usize],
) -> Vec<Span> {
    let mut out = Vec::new();
    let s = between(text, sentence.start, sentence.end);
    for &st in starts {
        let rest = &s[st..];
        let at = sentence.start + st;
        let Some(sl) = lex.surname_len(rest) else { continue };
        if rest.chars().next().is_some_and(|c| vocab::WEAK_SURNAMES.contains(&c)) || runs.covers(at) {
            continue;
        }
        let mut given = rest[sl..].char_indices();
        for _ in 0..2 {
            let Some((i, c)) = given.next() else { break };
            if !is_han(c) {
                break;
            }
            let end = sl + i + c.len_utf8();
            // An adverb may stand between the name and its verb (`某某还会见了…`): the name is
            // the shorter one, not one that takes the adverb in (`李强还`).
            let verb_after = |at: usize| {
                STRONG_VERB_SET.starts(&rest[at..])
                    || ADVERBS.iter().any(|a| {
                        rest[at..].strip_prefix(a).is_some_and(|after| STRONG_VERB_SET.starts(after))
                    })
            };
            if verb_after(end)
                && !NOT_NAME_SET.starts(rest)
                && !ordinary_given(&rest[sl..end])
                && !lex.is_common_word(&rest[..end])
            {
                out.push(Span::new(at, at + end));
                break;
            }
        }
    }
    out
}

/// Adverbs that may stand between a name and a strong verb (`某某还会见了`, `某某随后出席`).
const ADVERBS: &[&str] = &[
    "还", "也", "又", "将", "再", "亦", "曾", "已", "均", "则", "随后", "同时", "当天", "今天", "近日",
    "日前", "分别", "先后", "亲自",
];

/// Time words that may stand between a name and its verb (`某某·某某今天表示`).
const TIME_AFTER_NAME: &[&str] = &[
    "今天", "昨天", "明天", "当天", "当日", "同日", "同一天", "近日", "日前", "此前", "目前", "近期", "随后",
    "今年", "去年",
];

/// A transliterated name in a list: `帕巴拉·格列朗杰`, `易卜拉欣·伊斯干达` (Han parts joined by `·`),
/// followed by list punctuation, `等` or a verb.
/// `title_at(i)` tells whether a title starts at byte `i` of `s`: a first part holding one is a
/// title and a name (`总理兼外长某某·某某` read after 总理 is no name `兼外长某某·某某`).
fn transliterated_at(s: &str, title_at: impl Fn(usize) -> bool) -> Option<usize> {
    // The first part is one to eight Han characters and its `·`: without a `·` among the first
    // nine characters there is none (and the rest of a long sentence is not searched for one).
    if !s.chars().take(9).any(|c| matches!(c, '·' | '•' | '・')) {
        return None;
    }
    let follows = |rest: &str| {
        rest.starts_with(['、', '，', '。'])
            || FOLLOWER_SET.starts(rest)
            || TIME_AFTER_NAME.iter().any(|w| rest.starts_with(w))
    };
    let mut end = 0;
    let mut parts = 0;
    for part in s.split_inclusive(['·', '•', '・']) {
        let han = part.trim_end_matches(['·', '•', '・']);
        let n = han.chars().take_while(|c| is_han(*c)).count();
        // The last part runs on into the words after the name (`某某·某某会面后表示满意`): only its
        // first eight characters are read.
        let last_part = part.len() == han.len();
        if n == 0 || (n > 8 && !last_part) {
            return None;
        }
        // A name and a verb of two characters or more do not open a transliterated name
        // (`习近平致电某某·某某` is 习近平 writing to someone), nor does a title.
        if parts == 0
            && han.char_indices().enumerate().skip(1).any(|(k, (i, _))| {
                title_at(i)
                    || (k >= 2
                        && FOLLOWERS.iter().any(|w| w.chars().nth(1).is_some() && han[i..].starts_with(w)))
            })
        {
            return None;
        }
        if last_part {
            // The last part ends where list punctuation, `等` or a verb follows it, at its
            // shortest (`阿卜杜·热合曼等出席` is `阿卜杜·热合曼`).
            // Where the words after it run on, only a verb of two characters or more ends it, within
            // five characters (`某某·某某会面后`, not `某某·某某批评美国的`).
            let run_on = n > 8;
            let verb_follows =
                |rest: &str| FOLLOWERS.iter().any(|w| w.chars().nth(1).is_some() && rest.starts_with(w));
            let last = han
                .char_indices()
                .take(if run_on { 5 } else { n })
                .map(|(i, c)| i + c.len_utf8())
                .find(|&e| follows(&s[end + e..]))
                .filter(|&e| !run_on || verb_follows(&s[end + e..]))?;
            end += last;
            parts += 1;
            break;
        }
        let han_len: usize = han.chars().take(n).map(char::len_utf8).sum();
        end += han_len;
        parts += 1;
        if han_len < han.len() {
            break;
        }
        end += part.len() - han.len();
    }
    (parts >= 2 && follows(&s[end..])).then_some(end)
}

/// Bare name lists at clause starts: two names or more joined by `、`, ending in `等` or a verb.
/// `starts` are the clause starts with `、`, `和` or `及` at the third to fifth character.
fn clause_initial_lists(
    lex: &Lexicon,
    text: &str,
    sentence: Span,
    runs: &PieceRuns,
    starts: &[usize],
) -> Vec<Span> {
    let mut out = Vec::new();
    for &st in starts {
        let mut at = sentence.start + st;
        let mut items = Vec::new();
        while let Some(len) =
            text.get(at..sentence.end).and_then(|r| name_at(lex, r, at, runs, Context::Strong))
        {
            if runs.covers(at) {
                break;
            }
            items.push(Span::new(at, at + len));
            let after = between(text, at + len, sentence.end);
            match ["、", "和", "及"].iter().find(|p| after.starts_with(**p)) {
                Some(p) => at += len + p.len(),
                None => break,
            }
        }
        let Some(last) = items.last() else { continue };
        let tail = between(text, last.end, sentence.end);
        // A title or a body right after `等` says who they are (`甲、乙等大会主席团常务委员`).
        let after_deng = last.end + '等'.len_utf8();
        let closes = LIST_VERB_SET.starts(tail)
            && tail.strip_prefix('等').is_none_or(|rest| {
                people_follow_deng(rest)
                    || runs.title_at(after_deng).is_some()
                    || runs.orgs.iter().any(|o| o.span.start == after_deng)
            });
        if items.len() >= 2 && closes {
            out.extend(items);
        }
    }
    out
}

/// Does what follows the `等` closing a bare list say the list was of people? A count of people
/// (`等10人`, `等9名`, `等多位`), a verb (`等出席`, `等先后`), a noun for people in the rest of the
/// clause (`等同志`, `等著名教授`, `等香港爱国人士`) or the clause's end does; a noun for anything
/// else (`林药、林蜂、林油等产业`, `海葬、树葬等方式`) or a count of things (`等6座`) does not.
fn people_follow_deng(rest: &str) -> bool {
    let counted = rest
        .trim_start_matches(|c: char| c.is_ascii_digit() || "一二三四五六七八九十百两几数多余".contains(c));
    if counted.len() < rest.len() {
        return counted.starts_with(['名', '位', '人']);
    }
    match rest.chars().next() {
        None => true,
        Some(c) if is_punct(c) => true,
        Some(_) => {
            let clause = rest.split(|c: char| is_punct(c)).next().unwrap_or(rest);
            let clause = clause.char_indices().nth(16).map_or(clause, |(i, _)| &clause[..i]);
            FOLLOWER_SET.starts(rest)
                || LIST_VERB_SET.starts(rest)
                || ROLE_VERB_SET.starts(rest)
                || rest.starts_with('人')
                || PEOPLE_VERBS.iter().any(|w| rest.starts_with(w))
                || PEOPLE_WORDS.iter().any(|w| clause.contains(w))
        }
    }
}

/// What people do, and things hardly: `甲、乙等联袂演出`, `甲、乙等译`, `甲、乙等积极投入`.
const PEOPLE_VERBS: &[&str] = &[
    "联袂", "积极", "纷纷", "相继", "亲临", "一同", "一道", "一起", "主演", "演出", "表演", "演唱", "编写",
    "编著", "主编", "译", "著", "荣获", "当选", "入选", "到", "出任", "担任", "应邀", "受邀",
];

/// Words for people that may follow `等` (at once or later in the clause) after a list of names.
const PEOPLE_WORDS: &[&str] = &[
    "人士", "同志", "领导", "专家", "学者", "代表", "委员", "院士", "英雄", "模范", "烈士", "先烈", "先辈",
    "前辈", "科学家", "革命家", "艺术家", "作家", "企业家", "教育家", "政治家", "书法家", "画家", "音乐家",
    "运动员", "航天员", "演员", "队员", "党员", "干部", "嘉宾", "同学", "朋友", "教授", "教师", "老师",
    "医生", "工程师", "记者", "作者", "战士", "名字", "面孔", "先生", "女士", "主席团",
];

/// Where a name may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    /// Right after a title or inside a list a title heads: any listed surname.
    Strong,
    /// Elsewhere: weak surnames (function words) are refused.
    Weak,
}

/// The byte length of a name at the start of `s` (which sits at byte `at` of the text).
fn name_at(lex: &Lexicon, s: &str, at: usize, runs: &PieceRuns, ctx: Context) -> Option<usize> {
    let sl = lex.surname_len(s)?;
    let first = s.chars().next()?;
    if (ctx == Context::Weak && vocab::WEAK_SURNAMES.contains(&first))
        || vocab::NEVER_SURNAMES.contains(&first)
    {
        return None;
    }
    if runs.covers(at + sl) || NOT_NAME_SET.starts(s) {
        return None;
    }
    let mut end = sl;
    let mut given = s[sl..].char_indices();
    for _ in 0..2 {
        let (i, c) = given.next()?;
        if !is_han(c) {
            return None;
        }
        end = sl + i + c.len_utf8();
        if end > sl + c.len_utf8() && runs.covers(at + sl + i) {
            return None;
        }
        if follows_name(&s[end..], runs, at + end) {
            let cand = &s[..end];
            if NOT_NAME_SET.starts(cand)
                || ordinary_given(&cand[sl..])
                || ordinary_word(cand)
                || (ctx == Context::Weak
                    && (lex.is_common_word(cand) || lex.is_common_word(&cand[sl..]) || opens_with_place(lex, cand)))
                // A verb right after a title is a verb (`县长信访的时间`), unless a role verb follows
                // it (`办公室主任甘露通报`); an adverb or a time word is one even then (`书记先后主持`).
                || (lex.is_common_non_noun(cand)
                    && (!ROLE_VERB_SET.starts(&s[end..]) || lex.is_function_word(cand)))
                || three_opening_with_verb(lex, cand, sl)
                // `加州总检察长`, `日本前首相`, `美国副总统`: what ends in 总, 前, 副 or 原 right
                // before a title opens that title.
                || (cand.ends_with(['总', '前', '副', '原']) && runs.title_at(at + end).is_some())
            {
                return None;
            }
            return Some(end);
        }
    }
    let _ = end;
    None
}

/// An item of a list a title heads, after its first name and a `、`: two to four characters up to
/// the `、`, `，` or `等` that ends it, or a verb of attending (`副委员长甲、乙、格桑多吉、丙`), where no
/// surname need open it. None where a title or an institution lies in it or it is an ordinary word.
/// The verbs a list of those present ends with.
const ITEM_ENDS: [&str; 5] = ["出席", "参加", "主持", "讲话", "发言"];

fn list_item_at(lex: &Lexicon, s: &str, at: usize, runs: &PieceRuns) -> Option<usize> {
    let mut end = 0;
    for (n, c) in s.chars().take(4).enumerate() {
        if !is_han(c) || FUNCTION_CHARS.contains(&c) || runs.covers(at + end) {
            return None;
        }
        end += c.len_utf8();
        let rest = &s[end..];
        if n >= 1 && (rest.starts_with(['、', '，', '等']) || ITEM_ENDS.iter().any(|v| rest.starts_with(v)))
        {
            let cand = &s[..end];
            let word = lex.is_common_word(cand) || lex.is_place_word(cand) || ordinary_word(cand);
            return (!word).then_some(end);
        }
    }
    None
}

/// Does `cand` open with a place's name (`美国副总统` read as a name `美国副`)?
fn opens_with_place(lex: &Lexicon, cand: &str) -> bool {
    cand.char_indices().skip(2).map(|(i, _)| i).chain([cand.len()]).any(|e| lex.is_place_word(&cand[..e]))
}

/// Is `cand` three characters whose first two, surname and all, are a verb or an adverb (`开展党`,
/// `立足新`)?
fn three_opening_with_verb(lex: &Lexicon, cand: &str, sl: usize) -> bool {
    let mut cs = cand.char_indices();
    match (cs.next(), cs.next(), cs.next(), cs.next()) {
        (Some(_), Some((i, c)), Some(_), None) if sl == i => lex.is_verb_or_adverb(&cand[..i + c.len_utf8()]),
        _ => false,
    }
}

/// The last characters of divisions' names.
const PLACE_SUFFIXES: [char; 8] = ['省', '市', '县', '区', '州', '旗', '镇', '乡'];

/// Does a title opening with a division's suffix (`市长`, `州长`) start at byte `at`? What stands
/// before such a bare title is the rest of a place's name (`旧金山市长`, `昆士兰州州长`), not a
/// person's.
fn opens_place_title(text: &str, runs: &PieceRuns, at: usize) -> bool {
    between(text, at, text.len()).starts_with(PLACE_SUFFIXES) && runs.title_at(at).is_some()
}

/// Does a minister's title in its short form (`外长`, `财长`) start at byte `at`? Such a title
/// follows a country's short name (`中美外长`, `叙外长`, `德意外长`), not a person's.
fn opens_country_title(text: &str, runs: &PieceRuns, at: usize) -> bool {
    runs.title_at(at)
        .is_some_and(|t| matches!(between(text, t.span.start, t.span.end), "外长" | "副外长" | "财长"))
}

/// Function characters that may stand right before a name written before its title.
fn opens_name(c: char) -> bool {
    is_punct(c) || "在由向对和与及、的了是为上中把被让请经据称从据".contains(c)
}

/// The start of a name that ends at byte `end` of `text` (before `书记`, `同志`), searching back no
/// further than `floor`.
fn name_before(lex: &Lexicon, text: &str, floor: usize, end: usize, known: &KnownNames) -> Option<usize> {
    let head = text.get(floor..end)?;
    // Where the last four characters start (no more are read), first to last.
    let mut last4 = [0usize; 4];
    let mut n = 0;
    for (i, _) in head.char_indices().rev().take(4) {
        n += 1;
        last4[4 - n] = floor + i;
    }
    let starts = &last4[4 - n..];
    // Known names first, then three characters, two, four (compound surnames).
    for len in [3usize, 2, 4] {
        if len > n {
            continue;
        }
        let st = starts[n - len];
        if known.contains(between(text, st, end)) {
            return Some(st);
        }
    }
    for len in [4usize, 3, 2] {
        if len > n {
            continue;
        }
        let st = starts[n - len];
        let cand = between(text, st, end);
        let Some(sl) = lex.surname_len(cand) else {
            continue;
        };
        if len == 4 && cand[..sl].chars().count() != 2 {
            continue;
        }
        let given = cand[sl..].chars().count();
        if !(1..=2).contains(&given)
            || !cand.chars().all(is_han)
            || NOT_NAME_SET.starts(cand)
            || ordinary_word(cand)
            || lex.is_common_word(cand)
            || cand.ends_with(|c: char| "局部委院厅处办所署会社台队组团校馆站原副总前宫府厂岛".contains(c))
        {
            continue;
        }
        let first = cand.chars().next()?;
        if vocab::WEAK_SURNAMES.contains(&first)
            || vocab::NEVER_SURNAMES.contains(&first)
            || ordinary_given(&cand[sl..])
        {
            continue;
        }
        // Four characters only with a compound surname, and only after a clear opening.
        let before = between(text, 0, st).chars().next_back();
        // A number is followed by a measure word or a date's unit, not a name (`1名科学副校长`,
        // `8月林强书记` is 林强). Digits only: `一` also ends words (`创始人之一张太雷同志`).
        if before.is_some_and(|b| b.is_ascii_digit()) {
            continue;
        }
        if len == 4 && !before.is_none_or(opens_name) {
            continue;
        }
        // The tail of an organisation's name (`中国科学院学部主席`) is no name, nor a name that
        // opens with an ordinary word (`包括毛主席`), nor one after `·` (`阿布·阿拉主席`).
        // Inside a name already known (`王沪宁走上主席台` is not `宁走上`).
        let window = between(text, st.saturating_sub(9), end);
        if known.iter().any(|k| window.contains(k.as_str()) && k.as_str() != cand) {
            continue;
        }
        let mut cs = cand.char_indices();
        let second_end = cs.nth(1).map_or(cand.len(), |(i, c)| i + c.len_utf8());
        if (len == 3 && sl < second_end && lex.is_common_word(&cand[..second_end]))
            || text[..st].ends_with(['·', '•', '・'])
        {
            continue;
        }
        // Nor one whose first character ends a word begun before it (`和平论坛理事长` is not
        // `平论坛`), or the name of a country (`俄罗斯联邦总理` is not `斯联邦`).
        if let (Some(b), Some(first)) = (before, cand.chars().next()) {
            let to = st + first.len_utf8();
            if lex.is_common_word(between(text, st - b.len_utf8(), to)) {
                continue;
            }
            let mut head = between(text, 0, st).char_indices().rev().take(5);
            if head.any(|(i, _)| lex.is_place_word(between(text, i, to))) {
                continue;
            }
        }
        return Some(st);
    }
    None
}

fn held(text: &str, t: &TitleMention, prev: Option<&TitleMention>) -> HeldTitle {
    let own = between(text, t.span.start, t.span.end);
    let inherit = prev.filter(|_| t.bare && !vocab::is_self_placed(own)).and_then(|p| p.org);
    let composed = match inherit {
        Some(o) => format!("{}{}", between(text, o.start, o.end), own),
        None => own.to_string(),
    };
    let src = inherit.and(prev).unwrap_or(t);
    HeldTitle { span: t.span, text: composed, relative: src.relative, division: src.division }
}

/// Titles chained by `、` (or written together) that end exactly at `t`, in text order.
fn chain_ending_with<'a>(text: &str, runs: &'a PieceRuns, t: &'a TitleMention) -> Vec<&'a TitleMention> {
    let mut chain = vec![t];
    let mut cur = t;
    while let Some(prev) = runs.titles.iter().rev().find(|p| {
        p.span.end <= cur.span.start && {
            let gap = between(text, p.span.end, cur.span.start);
            gap.is_empty() || gap == "、" || gap == "兼"
        }
    }) {
        chain.push(prev);
        cur = prev;
    }
    chain.reverse();
    chain
}

fn held_chain(text: &str, chain: &[&TitleMention]) -> Vec<HeldTitle> {
    let mut out = Vec::new();
    let mut prev: Option<&TitleMention> = None;
    for t in chain {
        out.push(held(text, t, prev));
        if t.org.is_some() || prev.is_none() {
            prev = Some(t);
        }
    }
    out
}

/// Cited rather than present: a name after `贯彻`, `学习`, `以` in its clause, or followed (after an
/// honorific) by `关于`, `重要讲话…`, `同志为核心`, `…思想`.
fn is_cited(text: &str, sentence: Span, name: Span) -> bool {
    // Look back no further than a few dozen characters: a sentence may be megabytes long.
    let mut from = name.start.saturating_sub(120).max(sentence.start);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut tail = text.get(name.end..sentence.end).unwrap_or("");
    if let Some(h) = HONORIFICS.iter().find(|h| tail.starts_with(**h)) {
        tail = &tail[h.len()..];
    }
    if CITE_AFTER_SET.starts(tail) {
        return true;
    }
    let before = between(text, from, name.start);
    let clause = rfind_mark(before, &['，', '。', '；', '：']).map_or(before, |i| &before[i..]);
    // Only the one-character words are tested at the clause's end: a clause ending with a longer
    // one holds it, which the search anywhere finds.
    CITE_BEFORE.iter().filter(|w| !cites_anywhere(w)).any(|w| clause.ends_with(w))
        || CITE_ANYWHERE_SET.occurs_in(clause)
}

/// Mentions found so far, with an index of their spans: a sentence may hold a list of a hundred
/// thousand names, and each new one is checked against the others in logarithmic time.
#[derive(Default)]
struct Mentions {
    list: Vec<PersonMention>,
    spans: std::collections::BTreeMap<usize, usize>,
}

impl Mentions {
    fn taken(&self, s: Span) -> bool {
        self.spans.range(..s.end).next_back().is_some_and(|(_, &end)| end > s.start)
    }

    fn push(&mut self, m: PersonMention) {
        self.spans.insert(m.span.start, m.span.end);
        self.list.push(m);
    }
}

static TONGZHI: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new("同志"));

/// A strong verb may start here (see [`openers`]).
const OPENS_VERB: u16 = 1;
/// A list goes on here: `、`, `和`, `及`.
const OPENS_LIST: u16 = 2;

/// The first characters of the strong verbs, and the characters that go on a list: their table,
/// and a filter of 256 bits that rules out nearly every other character before the table is
/// read. The table's slots are spread over 16 KB, a cache line of it for each character looked
/// up, where the filter is half a line that stays in the cache.
static OPENERS: std::sync::LazyLock<(CueTable, OpenerFilter)> = std::sync::LazyLock::new(|| {
    let verbs = STRONG_VERBS.iter().filter_map(|w| w.chars().next()).map(|c| (c, OPENS_VERB));
    let chars: Vec<(char, u16)> = verbs.chain(['、', '和', '及'].map(|c| (c, OPENS_LIST))).collect();
    let mut filter = OpenerFilter([0; 4]);
    chars.iter().for_each(|&(c, _)| filter.insert(cue_key(c)));
    (CueTable::new(chars), filter)
});

/// A set of characters (their bytes as a key) that may answer yes for others: one bit of 256 by
/// a hash of the key.
struct OpenerFilter([u64; 4]);

impl OpenerFilter {
    fn bit(key: u32) -> (usize, u64) {
        let h = key.wrapping_mul(0x9E37_79B1) >> 24;
        ((h >> 6) as usize & 3, 1 << (h & 63))
    }

    fn insert(&mut self, key: u32) {
        let (w, b) = Self::bit(key);
        self.0[w] |= b;
    }

    fn may_hold(&self, key: u32) -> bool {
        let (w, b) = Self::bit(key);
        self.0[w] & b != 0
    }
}

/// What the third to fifth characters of `clause` may open (see [`OPENS_VERB`], [`OPENS_LIST`]),
/// a name of two to four characters being before them. Characters are read as their bytes,
/// never decoded.
#[inline]
fn openers(clause: &str) -> u16 {
    let b = clause.as_bytes();
    let (table, filter) = &*OPENERS;
    // Five characters of three bytes, as nearly all are: one load.
    if let Some(w) = b.first_chunk::<16>().filter(|_| table.exact()) {
        let w = u128::from_le_bytes(*w);
        if w & 0xF0_0000_F000_00F0_0000_F000_00F0 == 0xE0_0000_E000_00E0_0000_E000_00E0 {
            let at = |i: u32| (w >> (8 * i)) as u32 & 0xFF_FFFF;
            let class = |k: u32| if filter.may_hold(k) { table.class_in_slot(k) } else { 0 };
            return class(at(6)) | class(at(9)) | class(at(12));
        }
    }
    openers_of_any(clause, table)
}

/// [`openers`] of a clause whose first five characters are not all of three bytes.
#[inline(never)]
fn openers_of_any(clause: &str, table: &CueTable) -> u16 {
    clause.chars().skip(2).take(3).fold(0, |found, c| found | table.class_of(cue_key(c)))
}

/// Finds the persons of `sentence`. `known` holds names already found in the document.
pub fn find_persons(
    lex: &Lexicon,
    text: &str,
    sentence: Span,
    runs: &PieceRuns,
    known: &KnownNames,
) -> Vec<PersonMention> {
    let s = between(text, sentence.start, sentence.end);
    let comrades = TONGZHI.find_iter(s.as_bytes()).map(|i| sentence.start + i);
    persons_in(lex, text, sentence, runs, known, comrades, clause_starts(s))
}

/// [`find_persons`], where `cues` are the cues of the text inside `sentence` (see [`cue_chars`]).
pub(crate) fn find_persons_cued(
    lex: &Lexicon,
    text: &str,
    sentence: Span,
    runs: &PieceRuns,
    known: &KnownNames,
    cues: Cues<'_>,
) -> Vec<PersonMention> {
    let comrades = cues.of(class::COMRADE).filter(|&at| between(text, at, sentence.end).starts_with("同志"));
    // Every clause mark is three bytes long.
    let after_marks = cues.of(class::CLAUSE).filter_map(|at| (at + 3).checked_sub(sentence.start));
    // `出席会议的有甲、乙、丙`: the list after `的有` opens a clause of its own. Looked for only
    // where a role verb stands (its last character is a cue).
    let rolled = if cues.any(class::YOU)
        && cues.of(class::TRIGGER_END).any(|at| {
            let rest = between(text, at, sentence.end);
            rest.starts_with(['席', '加']) || (rest.starts_with('会') && between(text, 0, at).ends_with('到'))
        }) {
        list_after_you(between(text, sentence.start, sentence.end))
    } else {
        None
    };
    persons_in(
        lex,
        text,
        sentence,
        runs,
        known,
        comrades,
        std::iter::once(0).chain(after_marks).chain(rolled),
    )
}

/// `的有` and `的还有`, searched for once built.
static DE_YOU: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 2]> =
    std::sync::LazyLock::new(|| [memchr::memmem::Finder::new("的有"), memchr::memmem::Finder::new("的还有")]);

/// The byte of `s` right after its first `的有` (else its first `的还有`).
pub(crate) fn find_you(s: &str) -> Option<usize> {
    // Most text holds no `有`: one byte search turns it away.
    if !s.contains('有') {
        return None;
    }
    DE_YOU.iter().find_map(|f| f.find(s.as_bytes()).map(|i| i + f.needle().len()))
}

/// Where the list of those present starts in `s`, after `出席…的有`, `参加…的还有` (and a `：`):
/// the byte offset, if any.
pub(crate) fn list_after_you(s: &str) -> Option<usize> {
    let at = find_you(s)?;
    let verb = s[..at].rfind(['，', '。', '；']).map_or(0, |i| i + 3);
    let before = &s[verb..at];
    let attended = ["出席", "参加", "列席", "到会"].iter().any(|v| before.contains(v));
    attended.then(|| at + if s[at..].starts_with('：') { 3 } else { 0 })
}

/// The characters the person gates look for: the clause marks after which a clause starts, the
/// first character of `同志`, and the `有` of `出席会议的有`.
pub(crate) fn cue_chars() -> impl Iterator<Item = (char, u16)> {
    [
        ('，', class::CLAUSE),
        ('：', class::CLAUSE),
        ('；', class::CLAUSE),
        ('同', class::COMRADE),
        ('有', class::YOU),
    ]
    .into_iter()
}

/// The persons of `sentence`: `comrades` are where `同志` stands in it (byte offsets of `text`),
/// `clauses` where its clauses start (offsets of the sentence), both in order.
fn persons_in(
    lex: &Lexicon,
    text: &str,
    sentence: Span,
    runs: &PieceRuns,
    known: &KnownNames,
    comrades: impl Iterator<Item = usize>,
    clauses: impl Iterator<Item = usize>,
) -> Vec<PersonMention> {
    let mut out = Mentions::default();
    // After titles, and the lists they head.
    for t in &runs.titles {
        let mut at = t.span.end;
        // `校长（院长）蔡奇`: an alternative title in brackets stands between title and name.
        if let Some(close) = between(text, at, sentence.end).strip_prefix('（').and_then(|r| r.find('）')) {
            if between(text, at, at + close).chars().count() <= 20 {
                at += '（'.len_utf8() + close + '）'.len_utf8();
            }
        }
        // The titles held, read only when a name follows (most titles are followed by none).
        let mut titles: Option<Vec<HeldTitle>> = None;
        let mut listed = false;
        let ctx = if vocab::takes_no_name_before(between(text, t.span.start, t.span.end)) {
            Context::Weak
        } else {
            Context::Strong
        };
        while let Some(len) = text.get(at..sentence.end).and_then(|rest| {
            name_at(lex, rest, at, runs, ctx)
                .or_else(|| transliterated_at(rest, |i| runs.title_at(at + i).is_some()))
                .or_else(|| {
                    transliterated_bare_at(lex, rest, at, runs, |r, i| {
                        !r.is_empty() && follows_name(r, runs, i)
                    })
                })
                .or_else(|| {
                    let after_comma = between(text, 0, at).ends_with('、');
                    if listed && after_comma {
                        list_item_at(lex, rest, at, runs)
                    } else {
                        None
                    }
                })
        }) {
            let span = Span::new(at, at + len);
            // A list item right before an institution, or a title naming one, opens the next
            // person's title instead (`甲、军事科学院政治委员乙`): the list ended at the 、.
            if listed
                && (runs.title_at(span.end).is_some_and(|t| !t.bare)
                    || runs.orgs.iter().any(|o| o.span.start == span.end))
            {
                break;
            }
            listed = true;
            if !out.taken(span) {
                let titles =
                    titles.get_or_insert_with(|| held_chain(text, &chain_ending_with(text, runs, t)));
                out.push(PersonMention {
                    span,
                    name: between(text, span.start, span.end).to_string(),
                    titles: titles.clone(),
                    cited: false,
                });
            }
            // A list continues with 、 or 和/及/与 and a name with no title of its own.
            let after = between(text, span.end, sentence.end);
            let sep =
                ["、", "和", "及", "与", "以及"].iter().find(|s| after.starts_with(**s)).map(|s| s.len());
            match sep {
                Some(n) if runs.title_at(span.end + n).is_none() => at = span.end + n,
                _ => break,
            }
        }
    }
    // Before bare titles and 同志.
    // Bare titles (`曹立强书记`) and titles of a term (`撤销甲、乙第十四届全国政协委员资格`).
    // Three lists of places, which most sentences leave empty (so unallocated).
    let (mut suffixes, mut verb_starts, mut list_starts) = (Vec::new(), Vec::new(), Vec::new());
    // A title followed by `级` is a rank (`副总理级机制`, `部长级会议`), which no one before it holds.
    suffixes.extend(
        runs.titles
            .iter()
            .filter(|t| t.bare || between(text, t.span.start, t.span.end).starts_with('第'))
            .filter(|t| !between(text, t.span.end, sentence.end).starts_with('级'))
            .filter(|t| !vocab::takes_no_name_before(between(text, t.span.start, t.span.end)))
            .map(|t| t.span.start),
    );
    let s_text = between(text, sentence.start, sentence.end);
    suffixes.extend(comrades);
    for &end in &suffixes {
        // A title chained to the one before it (`董事长兼总经理`) has no name before it.
        if runs.title_ending_at(end).is_some() || between(text, 0, end).ends_with(['兼', '、']) {
            continue;
        }
        if opens_place_title(text, runs, end) || opens_country_title(text, runs, end) {
            continue;
        }
        let floor = between(text, sentence.start, end)
            .char_indices()
            .rev()
            .nth(3)
            .map_or(sentence.start, |(i, _)| sentence.start + i);
        if let Some(mut st) = name_before(lex, text, floor, end, known) {
            let span = Span::new(st, end);
            let titles = runs.title_at(end).map(|t| vec![held(text, t, None)]).unwrap_or_default();
            if !out.taken(span) {
                out.push(PersonMention {
                    span,
                    name: between(text, st, end).to_string(),
                    titles: titles.clone(),
                    cited: false,
                });
            }
            // A list before the suffix shares it: `甲、乙、丙同志`.
            while let Some(item_end) =
                between(text, sentence.start, st).strip_suffix('、').map(|s| sentence.start + s.len())
            {
                let floor = between(text, sentence.start, item_end)
                    .char_indices()
                    .rev()
                    .nth(3)
                    .map_or(sentence.start, |(i, _)| sentence.start + i);
                let Some(item) = name_before(lex, text, floor, item_end, known) else { break };
                let span = Span::new(item, item_end);
                if !out.taken(span) {
                    out.push(PersonMention {
                        span,
                        name: between(text, item, item_end).to_string(),
                        titles: titles.clone(),
                        cited: false,
                    });
                }
                st = item;
            }
        }
    }
    // A name is two to four characters: a strong verb after a clause-initial name, or the
    // `、`, `和` or `及` joining a list's second item, stands at the third to fifth character of
    // the clause. Each clause start is looked at once for both.
    for st in clauses {
        let rest = s_text.get(st..).unwrap_or("");
        // What stands at the third to fifth character turns most clauses away; then both kinds
        // of name open with a surname.
        let found = openers(rest);
        if found == 0 || !lex.is_surname_start(rest) {
            continue;
        }
        if found & OPENS_VERB != 0 {
            verb_starts.push(st);
        }
        if found & OPENS_LIST != 0 {
            list_starts.push(st);
        }
    }
    // Most sentences end here: no name found, no clause for either kind, and none known.
    if out.list.is_empty() && verb_starts.is_empty() && list_starts.is_empty() && known.is_empty() {
        return Vec::new();
    }
    // (Most sentences have no clause for either: nothing is called.)
    let names =
        (!verb_starts.is_empty()).then(|| clause_initial_names(lex, text, sentence, runs, &verb_starts));
    let lists =
        (!list_starts.is_empty()).then(|| clause_initial_lists(lex, text, sentence, runs, &list_starts));
    for span in names.into_iter().flatten().chain(lists.into_iter().flatten()) {
        if !out.taken(span) {
            out.push(PersonMention {
                span,
                name: between(text, span.start, span.end).to_string(),
                titles: Vec::new(),
                cited: false,
            });
        }
    }
    // Names already known in the document (one automaton, built once per new name), then names
    // found in this sentence: a sentence may be a list of a hundred thousand.
    let here: Vec<String> = if out.list.is_empty() {
        Vec::new()
    } else {
        let mut v: Vec<String> =
            out.list.iter().map(|m| m.name.clone()).filter(|n| !known.contains(n)).collect();
        v.sort();
        v.dedup();
        v
    };
    let local = match here.len() {
        0 => Vec::new(),
        // A byte search per name while they are few (a sentence names one or two), rather than
        // decoding the whole sentence.
        n if n <= FEW_NAMES => {
            let finders: Vec<_> = here.iter().map(|h| memchr::memmem::Finder::new(h.as_bytes())).collect();
            find_each(&finders, s_text)
        }
        n if n > MANY_NAMES => automaton_of(&here).map(|ac| find_with(&ac, s_text)).unwrap_or_default(),
        _ => NameIndex::of(&here).find(&here, s_text),
    };
    let known_found = if known.is_empty() { Vec::new() } else { known.find_in(s_text) };
    let passes = [(known.names.as_slice(), known_found), (here.as_slice(), local)];
    for (names, found) in passes {
        for (start, end, i) in found {
            let span = Span::new(sentence.start + start, sentence.start + end);
            if out.taken(span) || runs.covers(span.start) {
                continue;
            }
            if follows_name(between(text, span.end, sentence.end), runs, span.end) {
                out.push(PersonMention { span, name: names[i].clone(), titles: Vec::new(), cited: false });
            }
        }
    }
    let mut out = out.list;
    if out.len() > 1 {
        out.sort_by_key(|m| m.span);
    }
    for m in &mut out {
        m.cited = is_cited(text, sentence, m.span);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recognize::title::read_pieces;

    proptest::proptest! {
        /// The characters a clause's third to fifth places may open with, read from bytes, are
        /// those decoding finds.
        #[test]
        fn openers_agree_with_decoding(s in "[主出表会和及、王李1aé𠀀，]{0,8}") {
            let firsts: Vec<char> = STRONG_VERBS.iter().filter_map(|w| w.chars().next()).collect();
            let want = s.chars().skip(2).take(3).fold(0, |found, c| {
                found
                    | if firsts.contains(&c) { OPENS_VERB } else { 0 }
                    | if matches!(c, '、' | '和' | '及') { OPENS_LIST } else { 0 }
            });
            proptest::prop_assert_eq!(openers(&s), want);
        }
    }

    /// The names [`persons`] finds in `text`.
    fn names(text: &str) -> Vec<String> {
        persons(text).into_iter().map(|p| p.0).collect()
    }

    fn persons(text: &str) -> Vec<(String, Vec<String>)> {
        let lex = Lexicon::builtin();
        let span = Span::new(0, text.len());
        let runs = read_pieces(&lex, text, span);
        find_persons(&lex, text, span, &runs, &KnownNames::default())
            .into_iter()
            .map(|m| (m.name, m.titles.into_iter().map(|t| t.text).collect()))
            .collect()
    }

    #[test]
    fn title_before_name() {
        let p = persons("县委常委、宣传部部长、县委党校校长王小明主持会议。");
        assert_eq!(
            p,
            [(
                "王小明".to_string(),
                vec!["县委常委".to_string(), "宣传部部长".into(), "县委党校校长".into()]
            )]
        );
    }

    #[test]
    fn shared_prefix_distributes() {
        let p = persons("区人大常委会党组书记、主任赵大海出席。");
        assert_eq!(p[0].1, ["区人大常委会党组书记", "区人大常委会主任"]);
        let p = persons("县委副书记、县长钱多多出席。");
        assert_eq!(p[0].1, ["县委副书记", "县长"]);
    }

    #[test]
    fn a_list_item_before_a_body_opens_the_next_title() {
        // `军事` (a surname and a character) before `法院院长` is where the next title starts.
        let p = persons("出席仪式的有市委书记林大海、军事法院院长赵小川等。");
        assert_eq!(
            p,
            [
                ("林大海".to_string(), vec!["市委书记".to_string()]),
                ("赵小川".into(), vec!["法院院长".into()])
            ]
        );
        // A military title, and an academy named before `科学院`.
        let p = persons("出席仪式的有东部战区政治委员林大海、农业科学院院长赵小川等。");
        assert_eq!(
            p,
            [
                ("林大海".to_string(), vec!["战区政治委员".to_string()]),
                ("赵小川".into(), vec!["农业科学院院长".into()])
            ]
        );
    }

    #[test]
    fn list_shares_the_title() {
        let p = persons("县领导孙一、周艳、吴三等出席。");
        let names: Vec<&str> = p.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(names, ["孙一", "周艳", "吴三"]);
        assert!(p.iter().all(|x| x.1 == ["县领导"]));
    }

    #[test]
    fn an_adverb_or_a_time_word_after_a_title_is_no_name() {
        // Even before a role verb, which lets a noun or a verb through (`主任甘露通报`).
        for text in [
            "林国栋总书记先后主持召开三次座谈会。",
            "林国栋书记随后主持会议。",
            "林国栋书记刚才在大会上发表讲话。",
            "林国栋书记多次主持召开会议。",
        ] {
            assert_eq!(names(text), ["林国栋"], "{text}");
        }
    }

    #[test]
    fn no_name_before_a_rank_or_inside_a_word() {
        // A title followed by 级 is a rank no one holds.
        assert!(names("要用好中泰副总理级合作机制。").is_empty());
        assert!(names("两国恢复大使级外交关系。").is_empty());
        // A function word is no surname before a title (`第五号主席令`, `总统府首席部长`), and a
        // factory or an island is no person (`机修分厂厂长`, `库克群岛总理`).
        assert!(names("国家主席签署第五号主席令。").is_empty());
        assert_eq!(names("某国总统府首席部长卡洛斯出席会议。"), ["卡洛斯"]);
        assert!(names("他此前担任机修分厂厂长。").is_empty());
        assert!(names("太平洋岛国库克群岛总理出席。").is_empty());
        // Nor does it start on the last character of a country's name.
        assert!(names("俄罗斯联邦总理会见了代表团。").is_empty());
        assert!(names("俄罗斯联邦总理米舒斯京出席。").iter().all(|n| n != "斯联邦"));
        assert_eq!(names("会上全国林国栋书记讲话。"), ["林国栋"]);
    }

    #[test]
    fn words_around_a_name_are_no_part_of_it() {
        // A time word after a title, a conjunction or a preposition in a given name.
        assert_eq!(names("林国栋主席上个月对该国的访问取得成功。"), ["林国栋"]);
        assert!(names("会上介绍情况并同政协委员交流。").is_empty());
        assert!(names("村里大伙按照总书记的嘱托种茶致富。").is_empty());
        // A numeral before a name is a measure word's or a date's.
        assert!(names("学校配备1名科学副校长。").is_empty());
        assert_eq!(names("8月林强书记出席会议。"), ["林强"]);
        assert_eq!(names("他是创始人之一林国栋同志。"), ["林国栋"]);
        // `时` after a name, `应邀` before a verb.
        assert_eq!(names("会见该国国家主席林国栋时表示，"), ["林国栋"]);
        assert_eq!(names("国家主席林国栋应邀出席。"), ["林国栋"]);
        assert_eq!(names("国家主席应邀出席。"), Vec::<String>::new());
        // Three characters after a title whose first two are a verb or an adverb are no name.
        assert_eq!(names("林国栋总书记达成新的共识。"), ["林国栋"]);
        assert!(names("总书记立足新的历史方位作出部署。").is_empty());
        assert!(names("全体政协委员开展党史学习。").is_empty());
    }

    #[test]
    fn name_before_title_and_compound_surname() {
        let p = persons("会上，欧阳明远书记作了讲话。");
        assert_eq!(p[0].0, "欧阳明远");
        let p = persons("副市长上官云出席。");
        assert_eq!(p[0].0, "上官云");
    }

    #[test]
    fn transliterated_names_after_a_title() {
        let p = persons("全国政协副主席帕巴拉·格列朗杰、阿卜杜·热合曼等出席。");
        let names: Vec<&str> = p.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(names, ["帕巴拉·格列朗杰", "阿卜杜·热合曼"]);
        // The name ends before a verb or a time word, not at the clause's end.
        assert_eq!(transliterated_at("约翰·史密斯表示，", |_| false), Some("约翰·史密斯".len()));
        assert_eq!(transliterated_at("约翰·史密斯今天说，", |_| false), Some("约翰·史密斯".len()));
        // Without `·` in reach it is no transliterated name.
        assert_eq!(transliterated_at("帕巴拉格列朗杰出席", |_| false), None);
        assert_eq!(transliterated_at("帕巴拉·格列朗杰，", |_| false), Some("帕巴拉·格列朗杰".len()));
    }

    #[test]
    fn a_message_and_its_addressee_are_no_one_name() {
        // A name, a verb and a transliterated name are two people, not one.
        assert_eq!(names("国家主席林国栋致电约翰·史密斯，祝贺他当选。"), ["林国栋"]);
        assert_eq!(names("国务院总理林国栋同朝鲜总理金永哲互致贺电。"), ["林国栋", "金永哲"]);
        // A title inside the first part: the name is the one after it.
        assert_eq!(names("某国总理兼外长约翰·史密斯举行会谈。"), ["约翰·史密斯"]);
        // A pronoun is no given name; a president's residence is no person.
        assert!(names("该国总统同他举行会谈。").is_empty());
        assert!(names("林国栋抵达总理府时，该国总理热情迎接。").is_empty());
        // 同 after a title is "with", not a surname.
        assert_eq!(names("林国栋主席同来访的法国总统举行会谈。"), ["林国栋"]);
    }

    #[test]
    fn short_ministers_titles() {
        let p = persons("法国外长史密森称，双方将加强合作。");
        assert_eq!(p, [("史密森".to_string(), vec!["法国外长".to_string()])]);
        // What stands before 外长 is countries, not a name.
        assert!(persons("中乌两国外长举行会谈。").is_empty());
        assert!(persons("冲突结束后叙外长首次访问邻国。").is_empty());
        assert!(persons("要用好中塔外长会晤渠道。").is_empty());
    }

    #[test]
    fn a_bare_list_closed_by_deng_is_of_people_only_when_people_follow() {
        assert_eq!(names("王小明、李华、赵刚等10人当选。"), ["王小明", "李华", "赵刚"]);
        assert_eq!(names("王小明、李华等同志出席。"), ["王小明", "李华"]);
        assert_eq!(names("王小明、李华等大会主席团常务委员出席。"), ["王小明", "李华"]);
        // Examples of a kind of thing, not of people.
        assert!(names("当地发展特色种植，林果、林菌、林茶等产业初具规模。").is_empty());
        assert!(names("花葬、江葬等方式受到欢迎。").is_empty());
        assert!(names("白石滩、龙门峡等4座电站陆续投产。").is_empty());
    }

    #[test]
    fn bodies_and_words_before_a_title_are_no_names() {
        assert_eq!(names("白宫发言人史密森称，将继续谈判。"), ["史密森"]);
        assert!(names("他是中国工程院资深院士。").is_empty());
        assert!(names("该国议会尚未选出总理。").is_empty());
    }

    #[test]
    fn an_adverb_between_a_name_and_its_verb_is_no_part_of_the_name() {
        assert_eq!(names("当天，林国栋还会见了与会代表。"), ["林国栋"]);
        assert_eq!(names("会后，李华将出席招待会。"), ["李华"]);
    }

    #[test]
    fn a_place_before_its_head_is_no_name() {
        // The rest of a foreign place's name before 州长 or 市长 is no person.
        assert!(persons("他会见了纽兰州州长。").is_empty());
        assert!(persons("白石港市长到机场送行。").is_empty());
        // The name before a title that does not open with a division's suffix is still found.
        assert_eq!(persons("陈立新常委提出建议。")[0].0, "陈立新");
    }

    #[test]
    fn no_name_starts_inside_a_word() {
        // `平论坛` and `国经济` before a bare title would end the words `和平` and `德国`.
        for text in ["和平论坛理事长李长河出席开幕式并致辞。", "德国经济部长李长河会见了代表团。"]
        {
            assert_eq!(names(text), ["李长河"], "{text}");
        }
    }

    #[test]
    fn rare_surname_after_title() {
        let p = persons("副校长部大成主持会议。");
        assert_eq!(p[0].0, "部大成");
    }

    #[test]
    fn title_alone_is_no_person() {
        assert!(persons("区委书记强调，要抓好落实。").is_empty());
        assert!(persons("县委书记作动员讲话。").is_empty());
        assert!(persons("王主任主持会议。").is_empty() || persons("王主任主持会议。")[0].0 != "王主任");
    }

    #[test]
    fn cited_persons() {
        let lex = Lexicon::builtin();
        let text = "深入贯彻落实习近平总书记重要讲话精神。";
        let span = Span::new(0, text.len());
        let runs = read_pieces(&lex, text, span);
        let m = find_persons(&lex, text, span, &runs, &KnownNames::default());
        assert_eq!(m[0].name, "习近平");
        assert!(m[0].cited);
    }
}
