"""Reading raw files and metadata (analysis.corpus.reading): encodings, bad files, bad metadata."""

from __future__ import annotations

import codecs

import pytest

from analysis.clean.partitions import clean_corpus
from analysis.corpus.reading import CorpusError, decode_article, read_metadata

ARTICLE = "عنوان الخبر عن تيك توك\nنص الخبر عن الصحة النفسية.\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ARTICLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + ARTICLE.encode("utf-8"), "utf-8-sig"),
        (ARTICLE.encode("utf-16"), "utf-16"),
        (ARTICLE.encode("cp1256"), "cp1256"),
        (ARTICLE.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    ],
)
def test_decode_article_reads_every_supported_encoding(data: bytes, encoding: str) -> None:
    text, used, problem = decode_article(data)
    assert (used, problem) == (encoding, "")
    assert text is not None and text.replace("\r\n", "\n") == ARTICLE


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("   \u00a0\n\u00a0 \n".encode("utf-8"), "only white space"),
        ("Only English text here.".encode("utf-8"), "no Arabic letters"),
        ("Résumé très détaillé, à lire".encode("latin-1"), "neither UTF-8 nor Arabic Windows-1256"),
    ],
)
def test_decode_article_names_the_problem(data: bytes, words: str) -> None:
    _, _, problem = decode_article(data)
    assert words in problem


def write_corpus(folder, metadata: str | None = None, **files: bytes) -> None:
    for name, data in files.items():
        (folder / f"{name}.txt").write_bytes(data)
    if metadata is not None:
        (folder / "metadata.csv").write_text(metadata, encoding="utf-8")


def test_metadata_joins_and_gaps_are_empty(tmp_path) -> None:
    write_corpus(
        tmp_path,
        "article_id,outlet,published,note\na,هسبريس,2024-09-20,from line 2\n",
        a=ARTICLE.encode(),
        b=ARTICLE.replace("الصحة", "القانون").encode(),
    )
    articles, _, _ = clean_corpus(tmp_path)
    first, second = articles.to_dict("records")
    assert (first["outlet"], first["published"], first["place"], first["note"]) == (
        "هسبريس",
        "2024-09-20",
        "",
        "from line 2",
    )
    assert (second["outlet"], second["note"]) == ("", "no row in metadata.csv")
    assert second["status"] == "ok"


def test_metadata_row_without_file_is_accounted_for(tmp_path) -> None:
    write_corpus(tmp_path, "article_id,outlet\na,\nghost,هسبريس\n", a=ARTICLE.encode())
    articles, _, _ = clean_corpus(tmp_path)
    ghost = articles.set_index("article_id").loc["ghost"]
    assert ghost["status"] == "rejected" and "ghost.txt is not in the raw folder" in ghost["reason"]


def test_every_bad_file_is_a_rejected_row(tmp_path) -> None:
    write_corpus(tmp_path, empty=b"", binary=b"\x00\x01\x02", spaces=b"  \n", good=ARTICLE.encode())
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    articles, _, _ = clean_corpus(tmp_path)
    statuses = dict(zip(articles["article_id"], articles["status"]))
    assert statuses == {
        "binary": "rejected",
        "empty": "rejected",
        "good": "ok",
        "notes.docx": "rejected",
        "spaces": "rejected",
    }
    assert (articles.loc[articles["status"] == "rejected", "reason"] != "").all()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("outlet,place\nx,y\n", "line 1: no 'article_id' column"),
        ("article_id,outlet,colour\na,x,red\n", "unknown column(s) colour"),
        ("article_id,outlet\na,x,extra\n", "line 2: 3 fields where the header has 2"),
        ("article_id,outlet\na,x\na,y\n", "line 3: article_id 'a' appears twice"),
        ("article_id,published\na,20/09/2024\n", "line 2: published '20/09/2024' is not an ISO date"),
    ],
)
def test_malformed_metadata_is_one_clear_error(tmp_path, content: str, message: str) -> None:
    path = tmp_path / "metadata.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError, match="metadata.csv") as error:
        read_metadata(path)
    assert message in str(error.value)


def test_missing_raw_folder_names_the_parameter(tmp_path) -> None:
    with pytest.raises(CorpusError, match="set raw_path in params.yaml"):
        clean_corpus(tmp_path / "nowhere")


def test_committed_metadata_covers_every_raw_file(raw_dir) -> None:
    metadata = read_metadata(raw_dir / "metadata.csv")
    assert sorted(metadata) == sorted(path.stem for path in raw_dir.glob("*.txt"))
    assert all(row["note"] for row in metadata.values())


def test_raw_articles_match_their_sha256sums(raw_dir) -> None:
    import hashlib

    listed = dict(line.split()[::-1] for line in (raw_dir / "SHA256SUMS").read_text(encoding="utf-8").splitlines())
    assert sorted(listed) == sorted(path.name for path in raw_dir.glob("*.txt"))
    for name, digest in listed.items():
        assert hashlib.sha256((raw_dir / name).read_bytes()).hexdigest() == digest, f"{name} was edited"
