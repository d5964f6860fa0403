"""Build the furniture development set: real SaudiNewsNet articles wrapped in page furniture.

Draws a seeded sample of SaudiNewsNet records, wraps each one in the furniture of one of
eight pseudo-site templates (written by hand from Arabic news sites, phrased unlike the
five committed articles) and writes, per page, the page text and a gold file saying
what every non-blank line is. Then splits the pages once (seeded) into a tuning part
and a held-out part.

    .venv/bin/python tools/make_furniture_devset.py [--set original|tuning2] [--source DIR] [--out DIR]

Sets (``SETS``): ``original`` (default; ``data/dev/furniture``): 60 pages, 2/3 tuning and
1/3 held out. ``tuning2`` (``data/dev/furniture_tuning2``): 120 more pages, all tuning,
drawn with another seed from the records that no earlier set uses.

Outputs (in ``--out``, default the set's folder): ``pages/<page>.txt``,
``gold/<page>.csv`` (``line_no,label,kind,furniture_span``), ``pages.csv`` (page, source
record, site template, split). The furniture found inside the source records themselves
is labelled from ``source_furniture.csv`` (written by reading the sampled records).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import zipfile
from dataclasses import dataclass
from pathlib import Path

SEED = 20260511
N_PAGES = 60
TUNING_SHARE = 2 / 3
REPO = Path(__file__).resolve().parents[1]
DEV_DIR = REPO / "data" / "dev"


@dataclass(frozen=True)
class DevSet:
    """One development set: its folder, seed, size, tuning share and the sets whose records it must not reuse."""

    folder: str
    seed: int
    n_pages: int
    tuning_share: float
    excluded_sets: tuple[str, ...] = ()


SETS = {
    "original": DevSet("furniture", SEED, N_PAGES, TUNING_SHARE),
    "tuning2": DevSet("furniture_tuning2", 20260620, 120, 1.0, excluded_sets=("furniture",)),
}

# ---------------------------------------------------------------- furniture pools
PLATFORM_ROWS = [
    "فيسبوك تويتر واتساب تيليجرام",
    "فيسبوك | تويتر | لينكد إن | واتساب",
    "Facebook Twitter WhatsApp Telegram",
    "واتساب - فيسبوك - إكس - بريد إلكتروني",
    "مشاركة: فيسبوك تويتر بينتريست",
    "تويتر فيس بوك جوجل+ واتس اب",
]
SHARE_PROMPTS = [
    "شارك هذا الخبر",
    "شارك المقال",
    "شارك عبر:",
    "شارك الخبر على مواقع التواصل",
    "انشر الخبر",
    "مشاركة الخبر",
    "شاركها مع أصدقائك",
]
SHARE_GLUED_PREFIXES = [
    "شارك عبر فيسبوك تويتر واتساب",
    "شارك هذا الخبر فيسبوك تويتر",
    "مشاركة: تويتر فيسبوك أرسل لصديق",
    "شارك الخبر واتساب تيليجرام",
]
SHARE_GLUED_SUFFIXES = [
    "شارك هذا الخبر",
    "شارك الخبر: فيسبوك تويتر",
    "انشر على: تويتر فيسبوك واتساب",
]
FOLLOW_PROMPTS = [
    "تابعوا آخر الأخبار عبر قناتنا على تيليجرام",
    "تابعونا على إنستغرام",
    "تابعنا على تويتر @alkhabar_news",
    "للمزيد تابعونا على يوتيوب",
    "انضم إلى قناتنا على واتساب لتصلك الأخبار أولا بأول",
    "تابع حسابنا على سناب شات",
    "حمّل تطبيقنا على آيفون وأندرويد",
]
READ_ALSO = ["اقرأ أيضا:", "اقرأ أيضاً", "إقرأ أيضا..", "اقرأ كذلك:", "شاهد أيضا:"]
BOX_HEADERS = [
    "الأكثر قراءة",
    "مواضيع ذات صلة",
    "أخبار ذات صلة",
    "الأكثر مشاهدة",
    "اخترنا لك",
    "قد يهمك أيضا",
    "المزيد من الأخبار",
]
OTHER_HEADLINES = [
    "ارتفاع أسعار الذهب في التعاملات المبكرة",
    "الهلال يعلن التعاقد مع مدافع برازيلي",
    "أمطار رعدية على منطقة جازان حتى مساء الغد",
    "وزارة التعليم تحدد موعد بدء العام الدراسي",
    "انخفاض مؤشر السوق بنهاية تداولات الأسبوع",
    "افتتاح معرض الكتاب بمشاركة 500 دار نشر",
    "ضبط مخالفين لنظام الإقامة في حملة ميدانية",
    "النفط يتراجع مع زيادة المخزونات الأمريكية",
    "إطلاق مبادرة لتشجير الطرق السريعة",
    "المنتخب يواجه نظيره العماني وديا الخميس",
    "تمديد التسجيل في برنامج الابتعاث أسبوعا",
    "سقوط رافعة في موقع إنشاءات دون إصابات",
]
UPDATE_STAMPS = [
    "آخر تحديث: الثلاثاء 21 يوليو 2015 - 10:34 ص",
    "نشر في: 04 شوال 1436 هـ - 20 يوليو 2015",
    "تاريخ النشر: 2015/07/22 الساعة 09:15",
    "نشر في 23 يوليو 2015 الساعة 11:40 مساء",
    "آخر تحديث 15:20 بتوقيت مكة المكرمة",
    "الخميس 6 أغسطس 2015 م",
    "منذ 3 ساعات",
    "تم النشر: 10 أغسطس 2015 - 08:05",
    "الأحد، 26 يوليو 2015 01:12 م",
]
COPYRIGHTS = [
    "جميع الحقوق محفوظة © 2015",
    "© حقوق النشر محفوظة لصحيفة الخبر اليومي 2015",
    "جميع حقوق النشر محفوظة للموقع ولا يجوز النقل دون ذكر المصدر",
    "Copyright © 2015 All rights reserved",
    "الحقوق محفوظة ٢٠١٥",
]
COMMENT_WIDGETS = [
    "أضف تعليقك",
    "عدد التعليقات 0",
    "التعليقات (3)",
    "اكتب تعليقك هنا",
    "لا توجد تعليقات على هذا الخبر",
    "كن أول من يعلق",
    "إرسال التعليق",
]
COMMENT_RULES = [
    "التعليقات لا تعبر عن رأي الموقع وإنما عن رأي أصحابها",
    "يرجى الالتزام بآداب الحوار وعدم التجريح",
    "سيتم حذف أي تعليق يحتوي على ألفاظ مسيئة",
    "جميع التعليقات تخضع للمراجعة قبل النشر",
]
NEWSLETTERS = [
    "اشترك في النشرة البريدية",
    "اشترك في نشرتنا الإخبارية ليصلك كل جديد",
    "أدخل بريدك الإلكتروني للاشتراك في القائمة البريدية",
    "سجل الآن في النشرة اليومية",
]
ADS = ["إعلان", "مساحة إعلانية", "- إعلان -", "محتوى مدعوم", "Advertisement", "إعلانات"]
BYLINES = [
    "كتب: خالد العتيبي",
    "بقلم: سارة الحربي",
    "إعداد: فريق التحرير",
    "كتبت - ريم الشهري",
    "تحرير: محمد الزهراني",
    "متابعة: عبدالله القحطاني",
    "تقرير: نورة المطيري",
]
PHOTO_CREDITS = [
    "تصوير: فهد السالم",
    "(تصوير: أحمد الغامدي)",
    "صورة أرشيفية",
    "الصورة: من المصدر",
    "صورة تعبيرية",
    "(أرشيفية)",
    "الصورة المرفقة: جانب من الحدث",
]
DATELINES = [
    "الرياض - واس",
    "جدة (رويترز) -",
    "دبي - وام:",
    "المنامة - بنا",
    "الكويت - كونا",
    "القاهرة - د ب أ",
    "أنقرة - الأناضول",
    "باريس - أ ف ب",
    "الدوحة - قنا",
    "الرياض - سبق",
]
BREADCRUMBS = [
    "الرئيسية > أخبار > محليات",
    "الرئيسية » اقتصاد » أسواق",
    "الصفحة الرئيسية / رياضة / كرة القدم",
    "الرئيسية | عربي ودولي",
    "أنت هنا: الرئيسية > منوعات",
]
NAV_MENUS = [
    "الرئيسية محليات اقتصاد رياضة ثقافة رأي",
    "أخبار | اقتصاد | رياضة | فيديو | صور",
    "سياسة - اقتصاد - مجتمع - منوعات - اتصل بنا",
]
TICKER_LINES = [
    "عاجل | {headline}",
    "{time} {headline}",
    "• {headline}",
]
TICKER_HEADERS = ["شريط الأخبار", "آخر الأخبار", "عاجل"]

KINDS = (
    "share",
    "follow",
    "read_also",
    "box",
    "stamp",
    "copyright",
    "comment",
    "newsletter",
    "ad",
    "byline",
    "caption",
    "dateline",
    "navigation",
    "ticker",
)


@dataclass
class Line:
    """One line of a page: its text, gold label, furniture kind and glued span."""

    text: str
    label: str  # title, body, furniture
    kind: str = ""
    span: str = ""  # for body lines with glued furniture: the furniture part, as written


def furniture(text: str, kind: str) -> Line:
    return Line(text, "furniture", kind)


# ---------------------------------------------------------------- site templates
def box(rng: random.Random, header: str | None = None) -> list[Line]:
    """A "most read" / "related" box: a header and 3-5 other headlines."""
    lines = [furniture(header or rng.choice(BOX_HEADERS), "box")]
    for headline in rng.sample(OTHER_HEADLINES, rng.randint(3, 5)):
        lines.append(furniture(headline, "box"))
    return lines


def ticker(rng: random.Random) -> list[Line]:
    lines = [furniture(rng.choice(TICKER_HEADERS), "ticker")]
    for headline in rng.sample(OTHER_HEADLINES, rng.randint(2, 4)):
        time = f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
        lines.append(furniture(rng.choice(TICKER_LINES).format(time=time, headline=headline), "ticker"))
    return lines


def pick(rng: random.Random, pool: list[str], kind: str) -> Line:
    return furniture(rng.choice(pool), kind)


def top_block(rng: random.Random, site: int) -> list[Line]:
    """Furniture printed above the headline, per site."""
    blocks = {
        0: lambda: [pick(rng, NAV_MENUS, "navigation"), pick(rng, BREADCRUMBS, "navigation")],
        1: lambda: ticker(rng) + [pick(rng, BREADCRUMBS, "navigation")],
        2: lambda: [pick(rng, ADS, "ad"), pick(rng, SHARE_PROMPTS, "share"), pick(rng, PLATFORM_ROWS, "share")],
        3: lambda: [pick(rng, BREADCRUMBS, "navigation"), pick(rng, UPDATE_STAMPS, "stamp")],
        4: lambda: box(rng) if rng.random() < 0.5 else [pick(rng, NAV_MENUS, "navigation")],
        5: lambda: [pick(rng, PLATFORM_ROWS, "share")],
        6: lambda: [pick(rng, UPDATE_STAMPS, "stamp"), pick(rng, ADS, "ad")],
        7: lambda: [pick(rng, FOLLOW_PROMPTS, "follow"), pick(rng, BREADCRUMBS, "navigation")],
    }
    return blocks[site]() if rng.random() < 0.8 else []


def under_title_block(rng: random.Random, site: int) -> list[Line]:
    """Furniture between the headline and the text: bylines, stamps, share bars, captions."""
    choices = {
        0: [BYLINES, UPDATE_STAMPS],
        1: [UPDATE_STAMPS, PHOTO_CREDITS],
        2: [BYLINES],
        3: [BYLINES, PLATFORM_ROWS],
        4: [UPDATE_STAMPS, SHARE_PROMPTS],
        5: [PHOTO_CREDITS, BYLINES, UPDATE_STAMPS],
        6: [BYLINES, PHOTO_CREDITS],
        7: [UPDATE_STAMPS],
    }
    kinds = {id(BYLINES): "byline", id(UPDATE_STAMPS): "stamp", id(PHOTO_CREDITS): "caption"}
    kinds |= {id(PLATFORM_ROWS): "share", id(SHARE_PROMPTS): "share"}
    return [pick(rng, pool, kinds[id(pool)]) for pool in choices[site] if rng.random() < 0.75]


def bottom_block(rng: random.Random, site: int) -> list[Line]:
    """Furniture under the article, per site."""
    blocks = {
        0: lambda: (
            [pick(rng, SHARE_PROMPTS, "share"), pick(rng, PLATFORM_ROWS, "share")]
            + box(rng)
            + [pick(rng, COPYRIGHTS, "copyright")]
        ),
        1: lambda: (
            [pick(rng, COMMENT_WIDGETS, "comment"), pick(rng, COMMENT_RULES, "comment")]
            + [pick(rng, COPYRIGHTS, "copyright")]
        ),
        2: lambda: [pick(rng, FOLLOW_PROMPTS, "follow"), pick(rng, NEWSLETTERS, "newsletter")] + box(rng),
        3: lambda: [pick(rng, COMMENT_WIDGETS, "comment"), pick(rng, NEWSLETTERS, "newsletter")],
        4: lambda: [pick(rng, ADS, "ad")] + box(rng) + [pick(rng, COPYRIGHTS, "copyright")],
        5: lambda: [pick(rng, FOLLOW_PROMPTS, "follow"), pick(rng, COMMENT_WIDGETS, "comment")],
        6: lambda: box(rng) + [pick(rng, COMMENT_WIDGETS, "comment"), pick(rng, COMMENT_RULES, "comment")],
        7: lambda: [pick(rng, NEWSLETTERS, "newsletter"), pick(rng, COPYRIGHTS, "copyright")],
    }
    return blocks[site]()


def glue_first(rng: random.Random, line: Line) -> Line:
    prefix = rng.choice(SHARE_GLUED_PREFIXES)
    return Line(f"{prefix} {line.text}", "body", "share", prefix)


def glue_last(rng: random.Random, line: Line) -> Line:
    if rng.random() < 0.5:
        suffix = rng.choice(SHARE_GLUED_SUFFIXES)
        return Line(f"{line.text} {suffix}", "body", "share", suffix)
    suffix = f"{rng.choice(READ_ALSO)} {rng.choice(OTHER_HEADLINES)}"
    return Line(f"{line.text} {suffix}", "body", "read_also", suffix)


def build_page(rng: random.Random, site: int, title: str, body: list[Line]) -> list[Line]:
    """Wrap one article (title and body lines) in the furniture of a site."""
    body = list(body)
    if rng.random() < 0.3:  # a dateline opening the text, on its own line
        body.insert(0, pick(rng, DATELINES, "dateline"))
    first_text = next((i for i, line in enumerate(body) if line.label == "body" and not line.span), None)
    if first_text is not None and rng.random() < 0.25:
        body[first_text] = glue_first(rng, body[first_text])
    last_text = max((i for i, line in enumerate(body) if line.label == "body" and not line.span), default=None)
    if last_text is not None and rng.random() < 0.25:
        body[last_text] = glue_last(rng, body[last_text])
    if len(body) > 3 and rng.random() < 0.4:  # a "read also" line or an ad label inside the text
        inside = rng.randint(1, len(body) - 1)
        if rng.random() < 0.5:
            insert = furniture(f"{rng.choice(READ_ALSO)} {rng.choice(OTHER_HEADLINES)}", "read_also")
        else:
            insert = pick(rng, ADS, "ad")
        body.insert(inside, insert)
    if len(body) > 2 and rng.random() < 0.2:  # a photo caption inside the text
        body.insert(rng.randint(1, len(body) - 1), pick(rng, PHOTO_CREDITS, "caption"))
    return top_block(rng, site) + [Line(title, "title")] + under_title_block(rng, site) + body + bottom_block(rng, site)


# ---------------------------------------------------------------- sampling and writing
def read_records(source: Path) -> list[tuple[str, dict]]:
    """Every SaudiNewsNet record with the package's id rule: ``<member stem>-<position>``."""
    records = []
    for path in sorted(source.glob("*.zip")):
        with zipfile.ZipFile(path) as archive:
            for member in sorted(archive.namelist()):
                for position, record in enumerate(json.loads(archive.read(member)), start=1):
                    records.append((f"{Path(member).stem}-{position:05d}", record))
    return records


def source_furniture(path: Path) -> dict[tuple[str, str], tuple[str, str]]:
    """Hand labels of furniture inside the source records: (record, line text) -> (kind, span)."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {(row["record_id"], row["line"]): (row["kind"], row["span"]) for row in csv.DictReader(handle)}


def article_lines(record_id: str, record: dict, labels: dict) -> list[Line]:
    """The record's non-blank content lines, labelled body or furniture from the hand labels."""
    lines = []
    for raw in record["content"].split("\n"):
        text = raw.strip().strip("\u00a0").strip()
        if not text:
            continue
        kind, span = labels.get((record_id, text), ("", ""))
        if kind and (not span or span == text):
            lines.append(furniture(text, kind))
        elif kind:
            lines.append(Line(text, "body", kind, span))
        else:
            lines.append(Line(text, "body"))
    return lines


def eligible(record: dict) -> bool:
    """Records with a one-line headline of at most 30 words and at least two lines of text."""
    title = (record.get("title") or "").strip()
    content = record.get("content") or ""
    return bool(title) and "\n" not in title and len(title.split()) <= 30 and len(content.split("\n")) >= 2


def used_records(folders: tuple[str, ...]) -> set[str]:
    """The record ids already used by the sets in ``folders`` (their ``pages.csv``)."""
    used: set[str] = set()
    for folder in folders:
        with (DEV_DIR / folder / "pages.csv").open(encoding="utf-8", newline="") as handle:
            used |= {row["record_id"] for row in csv.DictReader(handle)}
    return used


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", choices=sorted(SETS), default="original", dest="dev_set")
    parser.add_argument("--source", type=Path, default=REPO.parent / "shared" / "datasets" / "saudinewsnet")
    parser.add_argument("--out", type=Path, default=None, help="default: data/dev/<the set's folder>")
    args = parser.parse_args()
    dev_set = SETS[args.dev_set]
    args.out = args.out or DEV_DIR / dev_set.folder
    n_pages = dev_set.n_pages
    rng = random.Random(dev_set.seed)
    used = used_records(dev_set.excluded_sets)
    records = [
        (record_id, record)
        for record_id, record in read_records(args.source)
        if eligible(record) and record_id not in used
    ]
    sample = sorted(rng.sample(records, n_pages), key=lambda item: item[0])
    labels = source_furniture(args.out / "source_furniture.csv")
    (args.out / "pages").mkdir(parents=True, exist_ok=True)
    (args.out / "gold").mkdir(parents=True, exist_ok=True)
    page_ids = [f"page{index:03d}" for index in range(1, n_pages + 1)]
    held_out = set(random.Random(dev_set.seed + 1).sample(page_ids, round(n_pages * (1 - dev_set.tuning_share))))
    index_rows = []
    for page_id, (record_id, record) in zip(page_ids, sample):
        site = rng.randrange(8)
        lines = build_page(rng, site, record["title"].strip(), article_lines(record_id, record, labels))
        (args.out / "pages" / f"{page_id}.txt").write_text("\n".join(line.text for line in lines) + "\n", "utf-8")
        with (args.out / "gold" / f"{page_id}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["line_no", "label", "kind", "furniture_span"])
            for line_no, line in enumerate(lines, start=1):
                writer.writerow([line_no, line.label, line.kind, line.span])
        split = "held_out" if page_id in held_out else "tuning"
        index_rows.append([page_id, record_id, record["source"], f"site{site}", split])
    with (args.out / "pages.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["page_id", "record_id", "outlet", "site_template", "split"])
        writer.writerows(index_rows)


if __name__ == "__main__":
    main()
