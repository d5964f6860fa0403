"""A corpus of bad and awkward input files, built in a temporary folder (never committed).

Each entry says what the clean stage must make of the file: its status, and for
readable files the encoding and source format.
"""

from __future__ import annotations

import codecs
import io
import json
import zipfile
from pathlib import Path

STORIES = (
    (
        "منصة تيك توك و{topic}: نقاش حول الصحة النفسية والقوانين",
        "قال الطبيب النفسي إن الضغوط النفسية تزداد مع الاستخدام المفرط للمنصات عند الحديث عن {topic}.",
        "وأكد الوزير ضرورة تفعيل القوانين ضد الأخبار الزائفة والتشهير.",
    ),
    (
        "البرلمان يناقش قانونا جديدا لحماية القاصرين على الإنترنت و{topic}",
        "ناقش النواب مشروع قانون يلزم المنصات بحذف المحتوى غير القانوني خلال يوم واحد، ومنه ما يتعلق بـ{topic}.",
        "وطالبت جمعيات المجتمع المدني بعقوبات أشد على من ينشر الشائعات.",
    ),
    (
        "دراسة: الشباب يقضون ساعات طويلة أمام الشاشات و{topic}",
        "كشفت دراسة جامعية أن القلق والاكتئاب ينتشران بين المراهقين الذين يتابعون {topic} ليلا.",
        "ونصح الباحثون الأسر بتحديد أوقات الاستخدام وطلب الدعم النفسي عند الحاجة.",
    ),
    (
        "هيئة الاتصالات تفرض غرامة على منصة للتواصل بسبب {topic}",
        "أعلنت الهيئة غرامة مالية بعد مخالفات تتعلق بحماية البيانات الشخصية و{topic}.",
        "وقالت الشركة إنها ستطعن في القرار أمام المحكمة الإدارية.",
    ),
    (
        "حملة توعية في المدارس حول التنمر الإلكتروني و{topic}",
        "أطلقت وزارة التربية حملة لتعريف التلاميذ بمخاطر التنمر عبر التطبيقات، مع ورشات عن {topic}.",
        "ويشارك أخصائيون نفسيون في تقديم جلسات استماع للطلاب المتضررين.",
    ),
    (
        "الشرطة تضبط شبكة تبتز ضحاياها عبر مقاطع مصورة و{topic}",
        "أوقفت الأجهزة الأمنية ثلاثة أشخاص متهمين بالابتزاز الإلكتروني والتشهير، وتحقق في صلتهم بـ{topic}.",
        "ودعت النيابة العامة المواطنين إلى التبليغ عن أي تهديد يتلقونه.",
    ),
    (
        "مستشفى يفتتح عيادة لعلاج إدمان الألعاب و{topic}",
        "افتتح المستشفى الجامعي عيادة تستقبل الأطفال الذين يعانون من العزلة واضطرابات النوم بسبب {topic}.",
        "وأوضح مدير العيادة أن العلاج يجمع بين الإرشاد الأسري والمتابعة الطبية.",
    ),
    (
        "الحكومة تتفاوض مع تيك توك على مكتب محلي و{topic}",
        "أجرى وزير الرقمنة محادثات مع ممثلي المنصة حول فتح مكتب يتعامل مع طلبات السلطات بشأن {topic}.",
        "وتشترط الحكومة الالتزام بالقوانين الوطنية في مراقبة المحتوى.",
    ),
    (
        "جامعة تطلق برنامجا لمحو الأمية الرقمية و{topic}",
        "تقدم كلية الإعلام دروسا مسائية للآباء عن إعدادات الخصوصية في الهواتف وعن {topic}.",
        "ويأمل المنظمون أن يصل البرنامج إلى القرى البعيدة في العام المقبل.",
    ),
    (
        "نقابة الصحفيين تحذر من الحسابات المزيفة و{topic}",
        "رصد تقرير النقابة مئات الحسابات التي تنتحل صفة مراسلين معروفين لنشر {topic}.",
        "وطالب النقيب شركات التقنية بتوثيق حسابات المؤسسات الإعلامية بسرعة.",
    ),
    (
        "مهرجان للأفلام القصيرة يخصص جائزة لصناع المحتوى و{topic}",
        "استقبلت لجنة المهرجان أعمالا صورها هواة بهواتفهم وتناولت {topic} في الأحياء الشعبية.",
        "وتعلن النتائج في حفل ختامي بالمسرح الوطني نهاية الشهر.",
    ),
    (
        "تجار التجزئة يعتمدون على البث المباشر لبيع منتجاتهم و{topic}",
        "قال أصحاب متاجر صغيرة إن المبيعات عبر البث المباشر تضاعفت منذ بدأوا الحديث عن {topic}.",
        "ويخشى بعضهم من رسوم جديدة قد تفرضها المنصات على المعاملات.",
    ),
)
"""Distinct short stories (headline and two sentences): different files tell different
stories, so none is a near-duplicate of another by accident."""


def article(topic: str, story: int = 0) -> str:
    """A short, realistic article (headline + body): story number ``story`` of ``STORIES``,
    mentioning ``topic``."""
    return "".join(line.format(topic=topic) + "\n" for line in STORIES[story])


SYNDICATED_COPY = "الرياض – واس\n" + article("النسخة").replace("وأكد الوزير", "وشدد الوزير")
"""The story of ``copy_a`` as another outlet runs it: an agency dateline added, one word changed."""


HTML_PAGE = """<!DOCTYPE html>
<html lang="ar"><head><meta charset="utf-8"><title>موقع الأخبار</title>
<script>var tracking = "لا تظهر";</script><style>p { color: red; }</style></head>
<body><nav><a href="/">الرئيسية</a> | <a href="/sport">رياضة</a></nav>
<article><h1>الحكومة تناقش مع تيك توك حماية الأطفال</h1>
<p>ناقش المسؤولون مع المنصة سبل مكافحة الأخبار الزائفة &amp; حماية الحياة الخاصة.</p>
<p>وأشار خبير نفسي إلى أثر المنصات على الصحة النفسية للشباب.</p></article>
<footer>جميع الحقوق محفوظة</footer></body></html>
"""

DTD_PAGE = (
    '<!DOCTYPE html [\n<!ENTITY brand "تيك توك">\n<!ENTITY leak SYSTEM "file:///etc/passwd">\n'
    '<!ENTITY tricky "a]>b">\n]>\n<html lang="ar"><body><article>'
    "<h1>جامعة تطلق برنامجا لمحو الأمية الرقمية و&brand;</h1>"
    "<p>تقدم كلية الإعلام دروسا مسائية للآباء عن إعدادات الخصوصية في الهواتف وعن &leak; المنصات.</p>"
    "<p>ويأمل المنظمون أن يصل البرنامج إلى القرى البعيدة في العام المقبل.</p></article></body></html>\n"
)
"""A page whose DOCTYPE declares a DTD (internal subset): the declaration goes, the entity
references stay as written (never expanded)."""
DEEP_NESTING = b"[" * 200_000 + b"]" * 200_000
"""A 400 KB JSON list whose one record is lists nested 199,999 deep."""

MARKUP_TITLE = '#set page(width: 1cm) *عنوان* $x^2$ ] \\ #"code" _خبر_ [رابط](http://x) <!-- --> // تعليق'

# file name -> (bytes, expected status, expected encoding, expected source format)
FILES: dict[str, tuple[bytes, str, str, str]] = {
    "cp1256.txt": (article("الترميز العربي", 1).encode("cp1256"), "ok", "cp1256", "txt"),
    "utf16.txt": (article("يونيكود", 2).encode("utf-16"), "ok", "utf-16", "txt"),
    "bom.txt": (codecs.BOM_UTF8 + article("علامة الترتيب", 3).encode("utf-8"), "ok", "utf-8-sig", "txt"),
    "crlf.txt": (article("نهايات الأسطر", 4).replace("\n", "\r\n").encode("utf-8"), "ok", "utf-8", "txt"),
    "empty.txt": (b"", "rejected", "", "txt"),
    "spaces.txt": ("   \n\u00a0\u00a0\n \t \n".encode("utf-8"), "rejected", "utf-8", "txt"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "rejected", "", "txt"),
    "huge.txt": (("كلمة " * 2_100_000).encode("utf-8")[:10_000_000], "rejected", "", "txt"),
    "page.txt": (HTML_PAGE.encode("utf-8"), "ok", "utf-8", "html"),
    "furniture.txt": (
        "- 16:04خبر آخر عن الطقس\nتابعونا على فيسبوك\n*\n*\n".encode("utf-8"),
        "rejected",
        "utf-8",
        "txt",
    ),
    "copy_a.txt": (article("النسخة").encode("utf-8"), "ok", "utf-8", "txt"),
    "copy_b.txt": (article("النسخة").encode("utf-8"), "duplicate", "utf-8", "txt"),
    "copy_c.txt": (SYNDICATED_COPY.encode("utf-8"), "near_duplicate", "utf-8", "txt"),
    "no_metadata.txt": (article("بلا بيانات", 5).encode("utf-8"), "ok", "utf-8", "txt"),
    "مقال تجريبي 1.txt": (article("الاسم العربي", 6).encode("utf-8"), "ok", "utf-8", "txt"),
    "markup.txt": (
        (MARKUP_TITLE + "\n" + article("الرموز", 7).split("\n", 1)[1]).encode("utf-8"),
        "ok",
        "utf-8",
        "txt",
    ),
    "notes.docx": (b"PK\x03\x04 not an article", "rejected", "", "other"),
    "dtd.txt": (DTD_PAGE.encode("utf-8"), "ok", "utf-8", "html"),
}
MISSING_FILE_ID = "ghost"


RECORD_FIELDS = {
    "id": "",
    "title": "title",
    "content": "content",
    "outlet": "source",
    "date": "date",
    "author": "author",
}
"""The record fields of the committed ``params.yaml`` (the pipeline test runs with them)."""


def record(story: int, topic: str) -> dict[str, str]:
    """A record in the fields of ``params.yaml`` (``title``, ``content``, ``source``)."""
    title, *body = article(topic, story).splitlines()
    return {"title": title, "content": "\n".join(body), "source": "منصة السجلات"}


def odd_member_zip() -> bytes:
    """A ZIP with odd member paths: ``..``, a hidden folder, a hidden non-record, macOS junk."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../export.json", json.dumps([record(9, "التصدير")], ensure_ascii=False))
        archive.writestr(".backup/day1.json", json.dumps([record(10, "النسخ الاحتياطي")], ensure_ascii=False))
        archive.writestr(".notes/todo.txt", "ملاحظات")
        archive.writestr("__MACOSX/._day1.json", b"\x00\x05\x16\x07")
        archive.writestr(".DS_Store", b"\x00\x00\x00\x01Bud1")
    return buffer.getvalue()


ODD_LINES = b"\n".join(
    [
        json.dumps(record(11, "البث"), ensure_ascii=False).encode("utf-8"),
        b'{"title": "x", "content": ' + b"[" * 5_000 + b"]" * 5_000 + b"}",
        b'{"title": "x", "content": 1' + b"0" * 5_000 + b"}",
        b"null",
        b'"a string, not a record"',
        b'{"title": ["a", "list"], "content": 5}',
        b'{"title": "x", "content": "\xff\xfe not UTF-8"}',
    ]
)
"""JSON lines, one good record among lines that are valid JSON but unreadable or wrong."""

# file name -> (bytes, {article id: expected status}, expected words in each rejected row's reason)
RECORD_FILES: dict[str, tuple[bytes, dict[str, str], dict[str, str]]] = {
    "deep.json": (DEEP_NESTING, {"deep-00001": "rejected"}, {"deep-00001": "nested too deep to read"}),
    "odd_members.zip": (
        odd_member_zip(),
        {"export-00001": "ok", "day1-00001": "ok", "todo": "rejected"},
        {"todo": "not a record file (ZIP member '.notes/todo.txt': a hidden path"},
    ),
    "odd_lines.jsonl": (
        ODD_LINES,
        {f"odd_lines-{n:05d}": "rejected" if n > 1 else "ok" for n in range(1, 8)},
        {
            "odd_lines-00002": "line 2: nested too deep to read",
            "odd_lines-00003": "line 3: a number with more than 4300 digits cannot be read",
            "odd_lines-00004": "not a JSON object but null",
            "odd_lines-00005": "not a JSON object but a string",
            "odd_lines-00006": "no text in the content field 'content'",
            "odd_lines-00007": "line 7 is not UTF-8",
        },
    ),
}
"""Record files crafted to crash a reader (issue 24): every record gets a row."""
JUNK_MEMBERS = ["odd_members.zip:.DS_Store", "odd_members.zip:__MACOSX/._day1.json"]
"""The members skipped as macOS metadata (listed by ``skipped_inputs``, no row)."""

METADATA = (
    "article_id,outlet,outlet_country,place,published,agency,author,note\n"
    "cp1256,هسبريس,المغرب,الرباط,2024-09-20,,,test row\n"
    "page,موقع الأخبار,,,,,,test row\n"
    f"{MISSING_FILE_ID},منبر,,,,,,a row whose file is missing\n"
    '"مقال تجريبي 1",,,,,,,"a name with spaces, non-ASCII"\n'
)
MALFORMED_METADATA = "article_id,outlet\ncp1256,هسبريس,extra field\n"


def expected_ids() -> list[str]:
    """Every article id the clean stage must report, files and the missing file's row."""
    files = [Path(name).stem if name.endswith(".txt") else name for name in FILES]
    records = [article_id for _, statuses, _ in RECORD_FILES.values() for article_id in statuses]
    return sorted(files + records + [MISSING_FILE_ID])


def build(folder: Path, metadata: str = METADATA) -> Path:
    """Write the fixture corpus into ``folder`` (created) and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, (data, *_rest) in [*FILES.items(), *RECORD_FILES.items()]:
        (folder / name).write_bytes(data)
    (folder / "metadata.csv").write_text(metadata, encoding="utf-8")
    return folder
