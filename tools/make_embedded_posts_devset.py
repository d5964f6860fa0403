"""Build the embedded-posts development set: real SaudiNewsNet articles, the ones hand-coded
for relevance, wrapped as scraped pages that embed social-media posts.

Every article of ``data/annotations/relevance/relevance_sample.csv`` becomes one page: its
headline, its lines, and one to four embedded posts inserted between its lines in the
formats scraped pages leave (a tweet's text with ``pic.twitter.com`` / ``t.co`` and its
``— Name (@handle) date`` line, in English and Arabic forms, glued or on two or three
lines, a tweet of two lines; an Instagram embed in English or Arabic; a TikTok caption
with its sound; a lone YouTube, TikTok or Facebook link). About a third of the posts get a
prose lead-in line ending with a colon ("وكتب المراسل على حسابه في تويتر:"), which is
article text. The posts' texts (pools below, written by hand: correspondents' reports,
officials' statements, battlefield footage, an obituary, a match result, weather
warnings) name hashtags and platforms, as real posts do; an embedded post is a quote
channel, so each page keeps its article's hand code. The pages keep the relevance
sample's split: ``tuning`` pages for writing rules, ``held_out`` pages for reporting.

    .venv/bin/python tools/make_embedded_posts_devset.py [--source DIR] [--out DIR]

Outputs (``--out``, default ``data/dev/embedded_posts``): ``pages/<page>.txt``,
``gold/<page>.csv`` (``line_no,label,post_no,format``: label ``title``, ``body`` or
``post``), ``pages.csv`` (page, article id, outlet, relevant, split, posts).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import zipfile
from dataclasses import dataclass
from pathlib import Path

SEED = 20261207
REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "annotations" / "relevance" / "relevance_sample.csv"

POST_TEXTS = [
    "القصف مستمر على الأحياء الشرقية منذ الفجر، وسيارات الإسعاف لا تستطيع الوصول #عاجل",
    "مراسلنا: اشتباكات عنيفة في محيط المطار والطيران يحلق على ارتفاع منخفض",
    "بيان وزارة الداخلية حول حادث التفجير: القبض على ثلاثة مشتبه بهم والتحقيقات مستمرة",
    "رحم الله الزميل المصور الذي استشهد اليوم أثناء تغطيته للأحداث. إنا لله وإنا إليه راجعون",
    "فيديو | لحظة سقوط الصاروخ على المبنى السكني في المدينة #عاجل #فيديو",
    "الهلال يفوز على النصر بهدفين مقابل هدف في ديربي العاصمة #الهلال_النصر",
    "الأرصاد: أمطار رعدية وسيول محتملة على المرتفعات الجنوبية حتى مساء الغد، نرجو الحذر",
    "وزير الخارجية يصل إلى جنيف للمشاركة في محادثات السلام",
    "لقطات متداولة على مواقع التواصل تظهر الدمار في السوق القديم #حلب",
    "تابعوا البث المباشر للمؤتمر الصحفي عبر حسابنا على يوتيوب",
    "نعزي أسرة الفقيد ونسأل الله له الرحمة والمغفرة",
    "Breaking: heavy shelling reported near the border crossing this morning",
    "هيئة الطيران المدني: استئناف الرحلات في المطار بعد توقف دام ست ساعات",
    "الجيش: إسقاط طائرة مسيرة قبل وصولها إلى هدفها #عاجل",
    "صور من وصول قافلة المساعدات إلى المعبر صباح اليوم #إغاثة",
    "انتشار واسع للهاشتاق بعد تصريحات المتحدث الرسمي، وتويتر يشتعل بالتعليقات",
]
SECOND_LINES = ["التفاصيل بعد قليل", "#عاجل #خبر_عاجل", "المصدر: مراسلنا في الميدان", "شاهد الفيديو كاملا"]
NAMES = [
    ("أحمد العلي", "ahmad_alali"),
    ("مراسل الميدان", "field_reporter"),
    ("وزارة الداخلية", "MOI_news"),
    ("قناة الأخبار", "news_channel"),
    ("Jane Doe", "janedoe"),
    ("هيئة الأرصاد", "weather_sa"),
    ("نادي الهلال", "Alhilal_FC"),
    ("سارة محمد", "sara.m"),
]
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]  # fmt: skip
AR_MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر",
             "ديسمبر"]  # fmt: skip
LEVANT_MONTHS = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول",
                 "تشرين الثاني", "كانون الأول"]  # fmt: skip
LEAD_INS = [
    "وكتب المراسل على حسابه في تويتر:",
    "ونشرت الوزارة على حسابها الرسمي:",
    "وقال الناطق في تغريدة:",
    "وجاء في المنشور:",
]
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FORMATS = (
    "tweet_en_date",
    "tweet_ar_date",
    "tweet_indic_levant",
    "tweet_glued",
    "tweet_link_line",
    "tweet_tco",
    "tweet_two_lines",
    "instagram_en",
    "instagram_ar",
    "tiktok_caption",
    "youtube_link",
    "tiktok_link",
    "facebook_link",
)


@dataclass(frozen=True)
class Line:
    """One line of a page, with its gold label (``title``, ``body``, ``post``), post number and format."""

    text: str
    label: str
    post_no: int = 0
    format: str = ""


def code(rng: random.Random, length: int) -> str:
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return "".join(rng.choice(alphabet) for _ in range(length))


def embed(rng: random.Random, kind: str, post_no: int) -> list[str]:
    """The lines one embedded post leaves in a scraped page, in the format ``kind``."""
    text = rng.choice(POST_TEXTS)
    name, handle = rng.choice(NAMES)
    day, month, year = rng.randint(1, 28), rng.randrange(12), rng.randint(2015, 2024)
    english = f"{EN_MONTHS[month]} {day}, {year}"
    arabic = f"{day} {AR_MONTHS[month]} {year}"
    pic = f"pic.twitter.com/{code(rng, 10)}"
    if kind == "tweet_en_date":
        return [f"{text} {pic}", f"— {name} (@{handle}) {english}"]
    if kind == "tweet_ar_date":
        return [f"{text} {pic}", f"— {name} (@{handle}) {arabic}"]
    if kind == "tweet_indic_levant":
        return [text, f"— {name} (@{handle}) {f'{day} {LEVANT_MONTHS[month]} {year}'.translate(INDIC)}"]
    if kind == "tweet_glued":
        return [f"{text} {pic}— {name} (@{handle}) {english}"]
    if kind == "tweet_link_line":
        return [text, pic, f"— {name} (@{handle}) {arabic}"]
    if kind == "tweet_tco":
        return [f"{text} https://t.co/{code(rng, 10)}", f"— {name} (@{handle}) {english[:3]} {day}, {year}"]
    if kind == "tweet_two_lines":
        return [text, f"{rng.choice(SECOND_LINES)} {pic}", f"— {name} (@{handle}) {english}"]
    if kind == "instagram_en":
        caption = [text] + ([rng.choice(SECOND_LINES)] if rng.random() < 0.5 else [])
        shared = f"A post shared by {name} (@{handle})" + (
            f" on {english[:3]} {day}, {year}" if rng.random() < 0.5 else ""
        )
        return ["View this post on Instagram", *caption, shared]
    if kind == "instagram_ar":
        return ["عرض هذا المنشور على Instagram", text, f"تمت مشاركة منشور بواسطة {name} (@{handle})"]
    if kind == "tiktok_caption":
        return [f"@{handle} {text} ♬ الصوت الأصلي - {name}"]
    if kind == "youtube_link":
        return [rng.choice([f"https://www.youtube.com/watch?v={code(rng, 11)}", f"https://youtu.be/{code(rng, 11)}"])]
    if kind == "tiktok_link":
        return [f"https://www.tiktok.com/@{handle}/video/{rng.randint(10**18, 10**19 - 1)}"]
    return [f"https://www.facebook.com/{handle}/posts/{rng.randint(10**14, 10**15 - 1)}"]


def build_page(rng: random.Random, title: str, lines: list[str]) -> list[Line]:
    """The headline, the article's lines, and one to four embedded posts between them."""
    body = [Line(line, "body") for line in lines]
    n_posts = rng.randint(1, 4)
    slots = sorted(rng.randint(1, len(body)) for _ in range(n_posts))  # after the first line, up to the end
    page = [Line(title, "title")]
    post_no = 0
    for index, line in enumerate(body, start=1):
        page.append(line)
        for _ in range(slots.count(index)):
            post_no += 1
            kind = rng.choice(FORMATS)
            if rng.random() < 1 / 3:
                page.append(Line(rng.choice(LEAD_INS), "body"))
            page += [Line(text, "post", post_no, kind) for text in embed(rng, kind, post_no)]
    return page


def read_records(source: Path, wanted: set[str]) -> dict[str, dict]:
    """The SaudiNewsNet records of ``wanted`` ids (``<member stem>-<position>``)."""
    records = {}
    for path in sorted(source.glob("*.zip")):
        with zipfile.ZipFile(path) as archive:
            for member in sorted(archive.namelist()):
                for position, record in enumerate(json.loads(archive.read(member)), start=1):
                    record_id = f"{Path(member).stem}-{position:05d}"
                    if record_id in wanted:
                        records[record_id] = record
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, default=REPO.parent / "shared" / "datasets" / "saudinewsnet")
    parser.add_argument("--out", type=Path, default=REPO / "data" / "dev" / "embedded_posts")
    args = parser.parse_args()
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        coded = sorted(csv.DictReader(handle), key=lambda row: row["article_id"])
    records = read_records(args.source, {row["article_id"] for row in coded})
    rng = random.Random(SEED)
    (args.out / "pages").mkdir(parents=True, exist_ok=True)
    (args.out / "gold").mkdir(parents=True, exist_ok=True)
    index_rows = []
    for number, row in enumerate(coded, start=1):
        record = records[row["article_id"]]
        lines = [line.strip() for line in (record.get("content") or "").split("\n") if line.strip()]
        page = build_page(rng, " ".join((record.get("title") or "").split()), lines)
        page_id = f"page{number:03d}"
        (args.out / "pages" / f"{page_id}.txt").write_text("\n".join(line.text for line in page) + "\n", "utf-8")
        with (args.out / "gold" / f"{page_id}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["line_no", "label", "post_no", "format"])
            for line_no, line in enumerate(page, start=1):
                writer.writerow([line_no, line.label, line.post_no or "", line.format])
        n_posts = max(line.post_no for line in page)
        index_rows.append([page_id, row["article_id"], row["outlet"], row["relevant"], row["split"], n_posts])
    with (args.out / "pages.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["page_id", "article_id", "outlet", "relevant", "split", "posts"])
        writer.writerows(index_rows)


if __name__ == "__main__":
    main()
