//! Names with no surname: foreign names transliterated without `·` (`总统卡塔莫`, `总干事莫雷蒂`)
//! and the items of a list a title heads (`副委员长甲、乙、格桑多吉、丙`).
//!
//! Xinhua writes a foreign person's name in a small alphabet of characters chosen for their sound
//! (`阿`, `尔`, `克`, `斯`, `普`, `京`…); a run of them right after a title, followed as a name is
//! followed, is a name even where no surname opens it.

use crate::lexicon::Lexicon;
use crate::recognize::title::PieceRuns;

/// The characters of the transliteration tables (`外国人名汉字译写`), less those that are function
/// words or open the words that follow a name (`于`, `及`, `和`, `同`, `代`, `为`, `在`).
const ALPHABET: &str = "阿埃艾爱安昂奥澳巴白拜班邦保鲍贝本比彼毕宾波伯勃博布查彻达戴丹道德登邓迪蒂丁东\
杜多朵厄恩尔法凡范菲费芬丰冯佛弗福夫盖甘冈戈哥格根古瓜圭哈海亥汉罕杭豪赫黑亨洪侯胡华怀霍基吉加贾嘉\
杰捷金津喀卡凯坎康考柯科克肯孔库夸奎昆拉腊莱赖兰朗劳勒雷蕾里利丽连廉列林琳隆卢鲁陆路伦罗洛吕马玛\
迈麦曼芒梅蒙孟米密敏明缪摩莫墨默姆穆那纳奈南瑙内妮尼宁纽努诺欧帕派潘庞佩彭蓬皮珀坡普奇齐恰乔切钦\
琴丘屈让热仁荣若瑞萨塞赛桑瑟森沙莎山尚绍舍申什施史舒斯松苏索塔泰坦汤唐陶特提廷通图托瓦万旺威韦维\
温翁沃乌武西希锡夏肖谢辛欣休修雅亚扬耶伊依因英尤约泽扎詹兹佐";

/// The first character of the table below (CJK Unified Ideographs).
const CJK_FIRST: u32 = 0x4E00;
/// The alphabet as bits, one for each character from `U+4E00` to `U+9FFF`: the test runs after
/// every title no Chinese name follows.
static BITS: [u64; 328] = alphabet_bits();

/// [`ALPHABET`] (three-byte UTF-8 characters only) as bits, at compile time.
const fn alphabet_bits() -> [u64; 328] {
    let mut bits = [0u64; 328];
    let b = ALPHABET.as_bytes();
    let mut i = 0;
    while i + 2 < b.len() {
        let c = ((b[i] as u32 & 0x0F) << 12) | ((b[i + 1] as u32 & 0x3F) << 6) | (b[i + 2] as u32 & 0x3F);
        let k = (c - CJK_FIRST) as usize;
        bits[k / 64] |= 1 << (k % 64);
        i += 3;
    }
    bits
}

/// Is `c` a character of the transliteration alphabet?
fn in_alphabet(c: char) -> bool {
    let k = (c as u32).wrapping_sub(CJK_FIRST) as usize;
    BITS.get(k / 64).is_some_and(|w| w >> (k % 64) & 1 == 1)
}

/// A name of two to five characters of the alphabet at the start of `s` (byte `at` of the text),
/// at its shortest: the byte length up to where `follows(rest, at)` says a name ends. None when
/// a character is of no name's, lies in a title or an institution, or the run is an ordinary word
/// or a place (`巴西`).
pub(crate) fn transliterated_bare_at(
    lex: &Lexicon,
    s: &str,
    at: usize,
    runs: &PieceRuns,
    follows: impl Fn(&str, usize) -> bool,
) -> Option<usize> {
    let mut end = 0;
    for (n, c) in s.chars().take(5).enumerate() {
        if !in_alphabet(c) || runs.covers(at + end) {
            return None;
        }
        end += c.len_utf8();
        if n >= 1 && follows(&s[end..], at + end) {
            let cand = &s[..end];
            let word = lex.is_common_word(cand) || lex.is_place_word(cand);
            return (!word).then_some(end);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recognize::title::read_pieces;
    use crate::span::Span;

    fn bare(text: &str) -> Option<&str> {
        let lex = Lexicon::builtin();
        let runs = read_pieces(&lex, text, Span::new(0, text.len()));
        let follows = |rest: &str, _: usize| rest.starts_with(['，', '、', '。']) || rest.starts_with("出席");
        transliterated_bare_at(&lex, text, 0, &runs, follows).map(|e| &text[..e])
    }

    #[test]
    fn a_run_of_the_alphabet_ends_where_a_name_ends() {
        assert_eq!(bare("卡塔莫出席论坛。"), Some("卡塔莫"));
        assert_eq!(bare("阿尔贝托·"), None);
        assert_eq!(bare("维克多、"), Some("维克多"));
        // A character outside the alphabet, too long a run, one character.
        assert_eq!(bare("王小明出席"), None);
        assert_eq!(bare("阿布杜拉赫曼出席"), None);
        assert_eq!(bare("安，"), None);
    }

    #[test]
    fn the_bits_are_the_alphabet() {
        assert!(ALPHABET.chars().all(|c| c.len_utf8() == 3 && c as u32 >= CJK_FIRST));
        assert!(ALPHABET.chars().all(in_alphabet));
        let n = (CJK_FIRST..=0x9FFF).filter_map(char::from_u32).filter(|&c| in_alphabet(c)).count();
        assert_eq!(n, ALPHABET.chars().collect::<std::collections::BTreeSet<_>>().len());
        assert!(!in_alphabet('王') && !in_alphabet('a') && !in_alphabet('\u{20000}'));
    }

    #[test]
    fn places_and_words_are_no_names() {
        assert_eq!(bare("巴西出席"), None);
    }

    fn persons(text: &str) -> Vec<(String, Vec<String>)> {
        let lex = Lexicon::builtin();
        let span = Span::new(0, text.len());
        let runs = read_pieces(&lex, text, span);
        crate::recognize::person::find_persons(&lex, text, span, &runs, &Default::default())
            .into_iter()
            .map(|m| (m.name, m.titles.into_iter().map(|t| t.text).collect()))
            .collect()
    }

    fn names(text: &str) -> Vec<String> {
        let mut v: Vec<String> = persons(text).into_iter().map(|p| p.0).collect();
        v.sort();
        v
    }

    #[test]
    fn foreign_heads_are_titles_and_their_names_need_no_surname() {
        assert_eq!(
            persons("智利总统卡斯特拉诺出席论坛开幕式。"),
            [("卡斯特拉诺".into(), vec!["智利总统".into()])]
        );
        assert_eq!(names("联合国副秘书长莫雷蒂在会上发言。"), ["莫雷蒂"]);
        assert_eq!(names("该组织总干事维多利亚、副总干事桑托斯出席。"), ["桑托斯", "维多利亚"]);
        assert_eq!(names("首席科学家孙立平介绍了研制进展。"), ["孙立平"]);
        // A Chinese name goes on being read as one (`议长` + 林国栋).
        assert_eq!(names("该国国会议长林国栋出席会议。"), ["林国栋"]);
    }

    #[test]
    fn before_a_foreign_head_and_after_it_no_word_is_a_name() {
        // What stands before a bare 总统 or 总设计师 is a verb or a phrase's tail.
        assert!(names("他于去年当选总统。").is_empty(), "{:?}", names("他于去年当选总统。"));
        assert!(names("探月工程总设计师介绍了进展。").is_empty());
        // After one, an ordinary word is read as a word, and a country opens no name.
        assert!(names("总统任期届满。").is_empty(), "{:?}", names("总统任期届满。"));
        assert!(names("总统、美国副总统出席。").is_empty(), "{:?}", names("总统、美国副总统出席。"));
    }

    #[test]
    fn list_items_after_a_title_need_no_surname() {
        assert_eq!(
            names("省政协副主席王晓明、李红、格桑多吉、赵亮出席会议。"),
            ["李红", "格桑多吉", "王晓明", "赵亮"]
        );
        // Only after `、`: what follows `和` may be no name (`关心和指导下`).
        assert!(!names("在市委书记关心和指导下完成。").iter().any(|n| n == "指导下"));
        // Nor a word going on past the list (`合作与发展组织`).
        assert!(!names("总干事孙立平、经济合作与发展组织代表出席。").iter().any(|n| n.starts_with("经济")));
    }

    #[test]
    fn a_speech_opened_with_zhi_follows_a_name() {
        assert_eq!(names("市委副书记孙立平致开幕词。"), ["孙立平"]);
        assert_eq!(names("大会秘书长赵亮致闭幕辞。"), ["赵亮"]);
        // At a clause's start, with no title.
        assert_eq!(names("随后，孙立平致欢迎词。"), ["孙立平"]);
    }

    #[test]
    fn travel_verbs_follow_a_name() {
        assert_eq!(names("国务院副总理孙立平乘专机抵达。"), ["孙立平"]);
        assert_eq!(names("省长赵亮赴灾区察看。"), ["赵亮"]);
        assert_eq!(names("市长何明飞抵省城。"), ["何明"]);
    }

    #[test]
    fn a_ministers_title_with_dachen() {
        assert_eq!(persons("沙特商务大臣卡塔莫出席。"), [("卡塔莫".into(), vec!["沙特商务大臣".into()])]);
        assert_eq!(names("外交大臣卡洛斯·门德斯表示满意。"), ["卡洛斯·门德斯"]);
        // 通话 ends a name as 通电话 does.
        assert_eq!(names("国防大臣卡洛斯·门德斯通话后表示。"), ["卡洛斯·门德斯"]);
    }

    #[test]
    fn what_opens_a_title_is_no_name() {
        assert_eq!(names("市长李明、加州总检察长王刚出席。"), ["李明", "王刚"]);
        assert_eq!(names("出席的有前首相孙立平、坦桑尼亚前总理赵亮等。"), ["孙立平", "赵亮"]);
        // Bodies and verbs after a title: 官邸, 指挥部, 顾问团, 登基; 会面 ends a name.
        assert!(names("首相官邸前聚集了民众。").is_empty());
        assert!(names("国王登基十周年。").is_empty());
        assert!(names("防汛总指挥部今天发布预警。").is_empty());
        assert_eq!(names("副首相卡洛斯·门德斯会面后表示满意。"), ["卡洛斯·门德斯"]);
    }

    #[test]
    fn a_parliament_heads_its_speakers_title() {
        assert_eq!(persons("该国国会议长孙立平出席。"), [("孙立平".into(), vec!["国会议长".into()])]);
        // A salute to a leader names no one.
        assert!(names("官兵们向主席敬礼。").is_empty());
    }
}
