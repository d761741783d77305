//! The words around names: what may follow a name, what is never one, the verbs that make a
//! name of what stands before them, and the cues of a person cited rather than present.

/// Words that may follow a name.
pub(crate) const FOLLOWERS: &[&str] = &[
    "等", "同志", "和", "及", "与", "以及", "在", "作", "做", "主持", "出席", "参加", "指出", "强调", "表示",
    "要求", "说", "就", "对", "为", "向", "分别", "一行", "通报", "宣读", "介绍", "讲话", "致辞", "发言",
    "寄语", "带领", "会见", "来到", "先后", "陪同", "也", "还", "并", "代表", "从", "于", "率", "将", "同",
    "是", "的", "已", "亲切", "深入", "围绕", "认为", "希望", "提出", "部署", "听取", "担任", "当选", "主讲",
    "再次", "同时", "一起", "共同", "分享", "交流", "解读", "宣布", "颁发", "会前", "会后", "首先", "最后",
    "讲授", "领学", "带头", "结合", "作为", "看望", "调研", "考察", "出任", "任", "则", "宣讲", "作了",
    "应邀", "受邀", "为", "所作", "总结", "出庭", "通过", "以视频", "参观", "发表", "致电", "致信", "致函",
    "致贺", "互致", "复信", "回信", "转达", "邀请", "前往", "举行", "会谈", "会晤", "通电话", "签署", "日前",
    "近日", "称", "声称", "接任", "接替", "时", "致词", "致开幕", "致闭幕", "致欢迎", "致答谢", "乘", "抵达",
    "到达", "飞抵", "离开", "赴", "出访", "随同", "到会", "致慰问", "致唁", "会面", "通话",
];

/// Words that a name cannot start with even when the characters would allow it.
pub(crate) const NOT_NAMES: &[&str] = &[
    "关于", "所作", "贺信", "贺电", "应邀", "受邀", "应约", "师生", "居民", "村民", "嘉宾", "选手", "企业",
    "强调", "要求", "主持", "出席", "参加", "通报", "代表", "同志", "高度", "全体", "全面", "于是", "常务",
    "严格", "党的", "同时", "会议", "会上", "会后", "会前", "全区", "全县", "全市", "全省", "全国", "向前",
    "来自", "有关", "其他", "本次", "本期", "上午", "下午", "中午", "上级", "中央", "学员", "学习", "所有",
    "通过", "首先", "次日", "干部", "区委", "区领", "市委", "县委", "各级", "将来", "从严", "由于", "还有",
    "是否", "要在", "时间", "新时代", "新的", "主要", "和谐", "及时", "同步", "代理", "向上", "高质", "严守",
    "通知", "所在", "学校", "王牌", "张力", "方面", "方式", "方向", "方案", "万元", "于此", "周年", "周边",
    "周期", "周末", "何时", "任何", "任务", "任职", "黄金", "林业", "江河", "海洋", "金融", "石油", "安全",
    "文化", "经济", "武装", "田间", "韩国", "温度", "程度", "华人", "朱红", "白色", "史上", "易于", "龙头",
    "夏季", "秋季", "冬季", "春季", "钟表", "齐心", "宋代", "明确", "明显", "年度", "盛情", "计划", "商定",
    "首次", "敬礼", "致敬", "登基",
];

/// Given names that are ordinary words: `有关负责同志` is no person 关负责.
pub(crate) const NOT_GIVEN: &[&str] = &[
    "负责", "领导", "干部", "代表", "人员", "党员", "群众", "职工", "学员", "同学", "老师", "同志", "委员",
    "主任", "书记", "部门", "单位", "机关", "成员", "工作", "专家", "全体", "各位", "广大", "大家", "我们",
    "他们", "一起", "名单", "职务", "资格", "员会", "思想", "发挥", "主席", "会议", "走上", "主管", "大会",
    "两国", "三国", "四国", "五国", "多国", "各国", "夫妇", "召开", "资深", "选出", "按照", "依照", "遵照",
    "根据", "围绕", "通过", "随着", "为了", "对于", "由于", "关于", "强调", "表示", "指出", "要求", "讲话",
    "致辞", "首次", "首先",
];

/// Verbs strong enough to make a name of what stands before them at the start of a clause, with no
/// title: `某某作出重要指示`, `某某主持召开`.
pub(crate) const STRONG_VERBS: &[&str] = &[
    "作出重要指示", "作出指示", "主持召开", "主持", "出席", "参加", "会见", "看望", "致信", "致电", "签署",
    "发表", "致开幕词", "致开幕辞", "致闭幕词", "致闭幕辞", "致欢迎词", "致欢迎辞",
];

/// Verbs that make a bare list of names at the start of a clause a list of people:
/// `甲、乙、丙等先后发言`.
pub(crate) const LIST_VERBS: &[&str] =
    &["等", "先后", "分别", "出席", "参加", "发言", "作", "主持", "讲话", "介绍", "交流"];

/// Role and speech verbs: what a name's subject does at a meeting.
pub(crate) const ROLE_VERBS: &[&str] = &[
    "主持", "出席", "参加", "通报", "讲话", "作", "致辞", "致词", "致开幕", "致闭幕", "致欢迎", "发言",
    "指出", "强调", "表示", "介绍", "宣读", "在",
];

pub(crate) const CITE_BEFORE: &[&str] =
    &["贯彻", "落实", "学习", "领会", "按照", "根据", "遵循", "传达", "紧密团结在", "以"];

pub(crate) const CITE_AFTER: &[&str] = &[
    "关于",
    "同志为核心",
    "重要讲话",
    "重要指示",
    "重要论述",
    "重要批示",
    "重要回信",
    "重要贺信",
    "新时代中国特色社会主义思想",
    "思想",
    "贺信",
    "贺电",
    "贺词",
    "书面致辞",
    "书面讲话",
    "的贺信",
    "法治思想",
];

pub(crate) const HONORIFICS: &[&str] = &["总书记", "主席", "同志", "总理", "委员长"];

pub(crate) use crate::recognize::words::WordSet;

macro_rules! word_set {
    ($name:ident, $list:ident) => {
        pub(crate) static $name: std::sync::LazyLock<WordSet> =
            std::sync::LazyLock::new(|| WordSet::new($list));
    };
}
word_set!(FOLLOWER_SET, FOLLOWERS);
word_set!(NOT_NAME_SET, NOT_NAMES);
word_set!(NOT_GIVEN_SET, NOT_GIVEN);
word_set!(STRONG_VERB_SET, STRONG_VERBS);
word_set!(LIST_VERB_SET, LIST_VERBS);
word_set!(ROLE_VERB_SET, ROLE_VERBS);
word_set!(CITE_AFTER_SET, CITE_AFTER);

/// Does word `w` of [`CITE_BEFORE`] cite from anywhere in the clause? All but the one-character
/// ones (`以`) do; those cite only right before the name.
pub(crate) fn cites_anywhere(w: &str) -> bool {
    w.chars().nth(1).is_some()
}

/// The words of [`CITE_BEFORE`] that cite from anywhere in the clause (see [`cites_anywhere`]).
pub(crate) static CITE_ANYWHERE_SET: std::sync::LazyLock<WordSet> = std::sync::LazyLock::new(|| {
    let multi: Vec<&'static str> = CITE_BEFORE.iter().copied().filter(|w| cites_anywhere(w)).collect();
    WordSet::new(&multi)
});
