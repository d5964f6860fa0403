"""The frame dictionary: validation on load, clitic- and suffix-aware matching (analysis.frames.lexicon)."""

from __future__ import annotations

import pytest

from analysis.frames.lexicon import LexiconError, compile_phrase, default_lexicon, load_lexicon
from tests.conftest import MINIMAL_LEXICON as MINIMAL


def tokens(text: str) -> list[str]:
    return default_lexicon().tokens(text)


@pytest.mark.parametrize(
    ("entry", "text"),
    [
        ("صحه نفسيه", "الصحة النفسية"),
        ("صحه نفسيه", "للصحة النفسية"),
        ("صحه نفسيه", "بالصحة النفسية"),
        ("صحه نفسيه", "ودعم صحتهم النفسية"),
        ("نفسي", "والنفسيين"),
        ("نفسي", "طبيبة نفسية"),
        ("اخبار زائفه", "والأخبار الزائفة"),
        ("اخبار زائفه", "للأخبار الزائفة"),
        ("قانون", "المخالف للقانون"),
        ("قانون", "غير القانونية"),
        ("تشريع", "تشريعات واضحة"),
    ],
)
def test_phrase_matches_through_clitics_and_suffixes(entry: str, text: str) -> None:
    assert compile_phrase(entry).spans(tokens(text))


@pytest.mark.parametrize(
    ("entry", "text"),
    [
        ("نفسي", "في الوقت نفسه"),  # "itself": a false friend
        ("نفسي", "في نفس الوقت"),
        ("امني", "بيئة رقمية آمنة"),  # "safe", not "security"
        ("صحه نفسيه", "الصحة العامة النفسية"),  # words must be adjacent
        ("اخبار زائفه", "الأخبار، الزائفة"),  # punctuation breaks a phrase
    ],
)
def test_phrase_does_not_match_false_friends(entry: str, text: str) -> None:
    assert not compile_phrase(entry).spans(tokens(text))


def test_exclusions_cancel_false_friends() -> None:
    lexicon = default_lexicon()
    regulation, mental_health = lexicon.frame("regulation"), lexicon.frame("mental_health")
    assert regulation.matched_terms(tokens("شهدت مدينة الدار البيضاء تنظيم أول قمة لمنصة تيك توك")) == []
    assert regulation.matched_terms(tokens("أكد أن تنظيم داعش يستخدم تويتر")) == ["داعش"]  # not تنظيم "organization"
    assert regulation.matched_terms(tokens("بهدف القضاء على الحسابات الوهمية في تويتر")) == []  # "eliminating"
    assert regulation.matched_terms(tokens("أحكام القضاء في قضايا تويتر")) == ["قضاء"]
    assert regulation.matched_terms(tokens("تسمح للأفراد بالتواصل دون قيود عبر فيسبوك")) == []
    assert regulation.matched_terms(tokens("اختراق أوبر للسوق")) == []  # "penetration", not hacking
    assert regulation.matched_terms(tokens("أعلن اختراق حسابه في تويتر")) == ["اختراق حساب"]
    assert mental_health.matched_terms(tokens("علامة فارقة في المشهد الإعلامي على تويتر")) == []  # ف + أرق
    assert mental_health.matched_terms(tokens("أساليب نفسية للتجنيد عبر تويتر")) == []
    assert regulation.matched_terms(tokens("المساهمة في تنظيم استخدام المنصات")) == ["تنظيم استخدام"]
    assert regulation.matched_terms(tokens("الدور الذي تلعبه الأسرة في الرقابة على استخدام")) == []
    assert regulation.matched_terms(tokens("بتعزيز الرقابة على المحتويات الرقمية")) == ["رقابه"]
    assert regulation.matched_terms(tokens("قضاء أكثر من ساعة يوميا على تويتر")) == []
    assert mental_health.matched_terms(tokens("الحرب النفسية عبر مواقع التواصل")) == []
    assert mental_health.matched_terms(tokens("أتكلم عن نفسي على تويتر")) == []
    assert mental_health.matched_terms(tokens("التقطت لنفسي صورا ونشرتها على سناب شات")) == []
    assert mental_health.matched_terms(tokens("الإدمان على المخدرات والإعلام الجديد")) == []
    assert mental_health.matched_terms(tokens("الإدمان على مواقع التواصل")) == ["ادمان"]


@pytest.mark.parametrize(
    ("text", "frame", "terms"),
    [
        # generic terms count only where the sentence names social media or digital technology
        ("يعاني من الاكتئاب منذ سنوات", "mental_health", []),
        ("الاكتئاب بين مستخدمي انستغرام", "mental_health", ["اكتئاب"]),
        ("قبضت الشرطة على المتهم في السرقة", "regulation", []),
        ("قبضت الشرطة على صاحب الحساب في تويتر", "regulation", ["شرطه"]),
        ("القانون يحمي المستهلك", "regulation", []),
        ("القانون يحمي مستخدمي الإنترنت", "regulation", ["قانون"]),
        # terms that name the object themselves need no other term
        ("توقيف 60 شخصا بتهم نشر أخبار زائفة", "regulation", ["اخبار زائفه"]),
        ("الضغط الناتج عن المقارنة الاجتماعية", "mental_health", ["مقارنه اجتماعيه"]),
    ],
)
def test_generic_indicators_need_the_object_in_the_sentence(text: str, frame: str, terms: list[str]) -> None:
    lexicon = default_lexicon()
    tokens_ = tokens(text)
    assert lexicon.frame(frame).matched_terms(tokens_, object_named=lexicon.names_object(tokens_)) == terms


def test_a_lexicon_without_object_terms_anchors_nothing(tmp_path) -> None:
    path = tmp_path / "frames.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    lexicon = load_lexicon(path)
    assert lexicon.names_object(tokens("الصحة النفسية")) is True
    assert lexicon.frames[0].matched_terms(tokens("الصحة النفسية"), object_named=True) == ["صحه نفسيه"]


def test_object_terms_are_checked_like_indicators(tmp_path) -> None:
    path = tmp_path / "frames.yaml"
    path.write_text(MINIMAL + "object:\n  - {term: تويتر}\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"object term 1 \(تويتر\): needs an English 'gloss'"):
        load_lexicon(path)
    path.write_text(MINIMAL.replace("mental health}", "mental health, needs_object: maybe}"), encoding="utf-8")
    with pytest.raises(LexiconError, match="'needs_object' must be true or false"):
        load_lexicon(path)


def test_longest_match_wins() -> None:
    mental_health = default_lexicon().frames[0]
    assert mental_health.matched_terms(tokens("الصحة النفسية")) == ["صحه نفسيه"]


def test_every_entry_has_a_gloss_and_is_normalized() -> None:
    lexicon = default_lexicon()
    assert [frame.name for frame in lexicon.frames] == ["mental_health", "regulation"]
    assert all(gloss.strip() for gloss in lexicon.glosses().values())


@pytest.mark.parametrize(
    ("replace", "by", "message"),
    [
        (
            "{term: صحه نفسيه, gloss: mental health}",
            "{term: الصحة النفسية, gloss: mental health}",
            "not in normalized form; write 'الصحه النفسيه'",
        ),
        (
            "{term: صحه نفسيه, gloss: mental health}",
            "{term: صحه نفسيه}",
            "indicator 1 (صحه نفسيه): needs an English 'gloss'",
        ),
        (
            "{term: صحه نفسيه, gloss: mental health}",
            "{term: صحه نفسيه, gloss: x, colour: red}",
            "unknown key(s) colour",
        ),
        ("prefix: mh", "prefix: MH-1", "'prefix' must be lower-case letters"),
        ("{term: صحه نفسيه, gloss: mental health}", "{term: '', gloss: x}", "needs a non-empty term"),
    ],
)
def test_bad_entry_is_an_error_naming_it(tmp_path, replace: str, by: str, message: str) -> None:
    path = tmp_path / "frames.yaml"
    path.write_text(MINIMAL.replace(replace, by), encoding="utf-8")
    with pytest.raises(LexiconError, match="frames.yaml") as error:
        load_lexicon(path)
    assert message in str(error.value)


def test_a_bad_entry_names_its_line(tmp_path) -> None:
    path = tmp_path / "frames.yaml"
    text = MINIMAL.replace("{term: صحه نفسيه, gloss: mental health}", "{term: صحه نفسيه}")
    path.write_text(text, encoding="utf-8")
    line = next(number for number, row in enumerate(text.splitlines(), start=1) if "{term: صحه نفسيه}" in row)
    with pytest.raises(LexiconError, match=rf"frames.yaml, line {line}, frame 'mental_health', indicator 1"):
        load_lexicon(path)


def test_broken_yaml_names_its_line(tmp_path) -> None:
    path = tmp_path / "frames.yaml"
    path.write_text("frames:\n  mental_health:\n    label: [unclosed\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"frames.yaml, line \d+: not valid YAML"):
        load_lexicon(path)


def test_adding_a_frame_is_adding_a_block(tmp_path) -> None:
    path = tmp_path / "frames.yaml"
    path.write_text(
        MINIMAL
        + """
  economy:
    label: economy
    prefix: eco
    indicators:
      - {term: استثمار, gloss: investment}
""",
        encoding="utf-8",
    )
    from analysis.frames.coding import code_sentences

    coded = code_sentences(["فرصة استثمار كبيرة", "الصحة النفسية"], load_lexicon(path))
    assert list(coded.columns) == ["mental_health", "economy", "mh_terms", "eco_terms"]
    assert coded["economy"].tolist() == [True, False]
    assert coded["eco_terms"].tolist() == ["استثمار", ""]


@pytest.mark.parametrize("tokens", [[], ["x"], ["a", "b", "a", "c", "a"], ["b", "b"], ["c", "d", "e", "a"]])
def test_token_positions_equal_a_scan(tokens: list[str]) -> None:
    from analysis.frames.lexicon import token_positions

    forms = frozenset({"a", "b"})
    assert token_positions(tokens, forms) == [index for index, token in enumerate(tokens) if token in forms]


def test_a_near_object_indicator_needs_the_object_close_by() -> None:
    lexicon = default_lexicon()
    regulation = lexicon.frame("regulation")

    def coded(text: str) -> list[str]:
        tokens_ = tokens(text)
        return regulation.matched_terms(
            tokens_, object_named=lexicon.names_object(tokens_), object_at=lexicon.object_starts(tokens_)
        )

    assert coded("اجتمعت الحكومة مع ممثلي منصة يوتيوب") == ["حكومه"]
    far = "انتقدت الحكومة أداء الوزارات في ملفات الإسكان والصحة والتعليم والنقل طوال العام كما نشر على يوتيوب"
    assert coded(far) == []  # the platform is named, but far from the government
    assert regulation.matched_terms(tokens(far)) == ["حكومه"]  # callers that do not pass object_at


def test_object_starts_lists_where_the_object_is_named() -> None:
    lexicon = default_lexicon()
    assert lexicon.object_starts(tokens("نشر مقطعا على تويتر ثم على سناب شات")) == (3, 6)
    assert lexicon.object_starts(tokens("لا شيء هنا")) == ()


@pytest.mark.parametrize("value", ["'5'", 0, "true"])
def test_near_object_must_be_a_positive_whole_number(tmp_path, value) -> None:
    path = tmp_path / "frames.yaml"
    path.write_text(MINIMAL.replace("mental health}", f"mental health, near_object: {value}}}"), encoding="utf-8")
    with pytest.raises(LexiconError, match="'near_object' must be a whole number >= 1"):
        load_lexicon(path)


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        # third revision: false friends of regulation terms on a news archive
        ("مغردون يستنكرون التفجير الإرهابي عبر وسم على تويتر", []),  # an attack, reactions posted online
        ("نشر تويتر بيانا عن العمل الإرهابي في المدينة", []),
        ("الجماعات الإرهابية تجند الشباب عبر تويتر", ["ارهاب"]),  # the groups' use of the platform
        ("وقال المستشار القانوني للشركة في تغريدة إن الموسم بدأ", []),  # a quoted source's title
        ("طالبوا بقانون يجرم الإساءة على تويتر", ["قانون"]),
        ("يسافر كثيرون لقضاء إجازة العيد وينشرون صورهم على انستغرام", []),  # spending a holiday
        ("يؤمن بقضاء الله وقدره كما كتب في تغريدة", []),  # God's decree
        ("يناقش البرنامج القضايا التي تهم المواطن عبر يوتيوب", []),  # the verb "concerns"
        ("وجهت إليه تهم الإساءة عبر تويتر", ["تهم"]),
        ("يناسب سناب شات الخصوصية السعودية في الصور", []),  # a society's particularity
        ("انتهاك الخصوصية على فيسبوك", ["خصوصيه"]),
        ("يجب فتح الحوار مع الشباب حول الإنترنت", []),  # dialogue with young people
        ("ألقت الشرطة القبض على صاحب الحساب في تويتر", ["شرطه", "قبض علي"]),
        ("تحقق هيئة التحقيق والادعاء العام في مقطع الفيديو", ["ادعاء عام"]),
        ("تزايد قمع الناشطين على مواقع التواصل", ["قمع"]),
        ("حذر من نشر الشائعات عبر واتساب", ["نشر شائعه"]),
    ],
)
def test_third_revision_regulation_rules(text: str, terms: list[str]) -> None:
    lexicon = default_lexicon()
    tokens_ = tokens(text)
    found = lexicon.frame("regulation").matched_terms(
        tokens_, object_named=lexicon.names_object(tokens_), object_at=lexicon.object_starts(tokens_)
    )
    assert found == terms


@pytest.mark.parametrize(
    ("text", "frame", "terms"),
    [
        # fourth revision: a user's state in everyday words (mental health)
        ("أصبت بقلق من كثرة التصفح على فيسبوك", "mental_health", ["اصبت قلق"]),
        ("أشعر بالقلق كلما فتحت تويتر", "mental_health", ["اشعر قلق"]),
        ("يعاني المراهق من الانعزال بسبب الألعاب الإلكترونية", "mental_health", ["انعزال"]),
        ("أدمنوا متابعة سناب طوال اليوم", "mental_health", ["ادمنوا"]),  # سناب names Snapchat
        ("مدمن المخدرات نشر فيديو على يوتيوب", "mental_health", []),  # a drug addict
        ("الاستعداد النفسي للإرهابيين يجعلهم يتقبلون التحريض عبر تويتر", "mental_health", []),  # terrorists' psychology
        ("تحدث الطبيب النفسي عن أثر تويتر على المراهقين", "mental_health", ["طبيب نفسي"]),
        # fourth revision: regulation
        ("تعرض حساب الوزارة في تويتر للتهكير", "regulation", ["تهكير"]),
        ("ثغرة في واتساب تتيح التجسس على الرسائل", "regulation", ["تجسس"]),
        ("تجسس الآباء على الأبناء عبر واتساب", "regulation", []),  # family guidance
        ("تنتشر الشائعات في مواقع التواصل", "regulation", ["شائعات"]),
        ("الأخطاء الشائعة في استخدام تويتر", "regulation", []),  # the adjective "common"
        ("دورة عن الجرائم الإلكترونية للمغردين", "regulation", ["جرائم الكترونيه"]),
        ("مغردون يستنكرون الإرهاب في وسم على تويتر", "regulation", []),  # condemnation of an attack
        ("داعش يستخدم تويتر لنشر دعايته", "regulation", ["داعش"]),
    ],
)
def test_fourth_revision_rules(text: str, frame: str, terms: list[str]) -> None:
    lexicon = default_lexicon()
    tokens_ = tokens(text)
    named, at = lexicon.object_context(tokens_)
    assert lexicon.frame(frame).matched_terms(tokens_, object_named=named, object_at=at) == terms


def test_an_exclusion_may_list_phrases_sharing_a_context_on_either_side(tmp_path) -> None:
    block = "    exclusions:\n      - {phrase: %s, gloss: g, %s}\n"
    one_by_one = tmp_path / "one.yaml"
    one_by_one.write_text(
        MINIMAL.replace("صحه نفسيه,", "نفسي,")
        + block % ("نفسي", "before: [ارهاب], after: [ارهاب]")
        + "      - {phrase: نفسيه, gloss: g, before: [ارهاب], after: [ارهاب]}\n",
        encoding="utf-8",
    )
    listed = tmp_path / "listed.yaml"
    listed.write_text(
        MINIMAL.replace("صحه نفسيه,", "نفسي,") + block % ("[نفسي, نفسيه]", "around: [ارهاب]"), encoding="utf-8"
    )
    first, second = (load_lexicon(path).frame("mental_health").exclusions for path in (one_by_one, listed))
    assert [(e.phrase, e.before, e.after) for e in first] == [(e.phrase, e.before, e.after) for e in second]
    frame = load_lexicon(listed).frame("mental_health")
    assert frame.matched_terms(tokens("الدعم النفسي للطلاب"), object_named=True) == ["نفسي"]
    assert frame.matched_terms(tokens("التكوين النفسي للارهاب"), object_named=True) == []
    assert frame.matched_terms(tokens("الارهاب والحالة النفسية"), object_named=True) == []
    empty = tmp_path / "empty.yaml"
    empty.write_text(MINIMAL + block % ("[]", "around: [ارهاب]"), encoding="utf-8")
    with pytest.raises(LexiconError, match="'phrase' must be a phrase or a list of phrases"):
        load_lexicon(empty)
