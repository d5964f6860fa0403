"""A corpus of bad and awkward input files, built in a temporary folder (never committed).

Each entry says what the clean stage must make of the file: its status, and for
readable files the encoding and source format.
"""

from __future__ import annotations

import codecs
from pathlib import Path


def article(topic: str) -> str:
    """A short, realistic article (headline + body) that mentions ``topic``."""
    return (
        f"منصة تيك توك و{topic}: نقاش حول الصحة النفسية والقوانين\n"
        f"قال الطبيب النفسي إن الضغوط النفسية تزداد مع الاستخدام المفرط للمنصات عند الحديث عن {topic}.\n"
        "وأكد الوزير ضرورة تفعيل القوانين ضد الأخبار الزائفة والتشهير.\n"
    )


HTML_PAGE = """<!DOCTYPE html>
<html lang="ar"><head><meta charset="utf-8"><title>موقع الأخبار</title>
<script>var tracking = "لا تظهر";</script><style>p { color: red; }</style></head>
<body><nav><a href="/">الرئيسية</a> | <a href="/sport">رياضة</a></nav>
<article><h1>الحكومة تناقش مع تيك توك حماية الأطفال</h1>
<p>ناقش المسؤولون مع المنصة سبل مكافحة الأخبار الزائفة &amp; حماية الحياة الخاصة.</p>
<p>وأشار خبير نفسي إلى أثر المنصات على الصحة النفسية للشباب.</p></article>
<footer>جميع الحقوق محفوظة</footer></body></html>
"""

MARKUP_TITLE = '#set page(width: 1cm) *عنوان* $x^2$ ] \\ #"code" _خبر_ [رابط](http://x) <!-- --> // تعليق'

# file name -> (bytes, expected status, expected encoding, expected source format)
FILES: dict[str, tuple[bytes, str, str, str]] = {
    "cp1256.txt": (article("الترميز العربي").encode("cp1256"), "ok", "cp1256", "txt"),
    "utf16.txt": (article("يونيكود").encode("utf-16"), "ok", "utf-16", "txt"),
    "bom.txt": (codecs.BOM_UTF8 + article("علامة الترتيب").encode("utf-8"), "ok", "utf-8-sig", "txt"),
    "crlf.txt": (article("نهايات الأسطر").replace("\n", "\r\n").encode("utf-8"), "ok", "utf-8", "txt"),
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
    "no_metadata.txt": (article("بلا بيانات").encode("utf-8"), "ok", "utf-8", "txt"),
    "مقال تجريبي 1.txt": (article("الاسم العربي").encode("utf-8"), "ok", "utf-8", "txt"),
    "markup.txt": ((MARKUP_TITLE + "\n" + article("الرموز").split("\n", 1)[1]).encode("utf-8"), "ok", "utf-8", "txt"),
    "notes.docx": (b"PK\x03\x04 not an article", "rejected", "", "other"),
}
MISSING_FILE_ID = "ghost"

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
    return sorted([Path(name).stem if name.endswith(".txt") else name for name in FILES] + [MISSING_FILE_ID])


def build(folder: Path, metadata: str = METADATA) -> Path:
    """Write the fixture corpus into ``folder`` (created) and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, (data, *_rest) in FILES.items():
        (folder / name).write_bytes(data)
    (folder / "metadata.csv").write_text(metadata, encoding="utf-8")
    return folder
