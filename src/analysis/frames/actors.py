"""Who speaks: attributions (verb + name or role) and the type of each actor.

Patterns and role words are data (``data/lexicons/actors.yaml``). Subjects left
implicit ("وأوضح أن ...") are not resolved; a surname typed earlier in the same article
("وأكد النعيمي") keeps its earlier type.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from analysis.config.data_files import read_yaml, require_mapping, where
from analysis.config.paths import ACTORS_FILE
from analysis.frames.lexicon import Lexicon, LexiconError, Phrase, compile_phrase, default_lexicon, token_positions
from analysis.text.arabic import is_word, normalize, tokenize

ACTOR_TYPES = (
    "government",
    "health professional",
    "platform",
    "civil society",
    "content creator",
    "security services",
    "other",
)
MAX_SPAN_TOKENS = 16
ATTRIBUTION_COLUMNS = ["article_id", "sentence_id", "verb", "actor", "actor_type"]
"""The columns of ``actors.csv`` before the per-frame flags (``analysis.config.tables.ACTORS``)."""


@dataclass(frozen=True)
class ActorPatterns:
    """Compiled attribution verbs, stop words and role words per actor type."""

    verb_forms: dict[str, str]
    """Every surface form of every attribution verb (feminine too), to the verb."""
    verb_form_set: frozenset[str]
    stop_words: frozenset[str]
    titles: tuple[Phrase, ...]
    max_name_tokens: int
    roles: tuple[tuple[str, tuple[Phrase, ...]], ...]

    opening_forms: frozenset[str]
    """Every form of the first word of a title or a role."""

    def opens_with_title_or_role(self, span: list[str]) -> bool:
        """True when the span's first word is a title (السيد ...) or a role word."""
        return span[0] in self.opening_forms


@cache
def load_actor_patterns(path: Path = ACTORS_FILE) -> ActorPatterns:
    """Read and validate ``actors.yaml``; raises ``LexiconError`` naming a bad entry."""
    data = require_mapping(
        read_yaml(path, LexiconError), path, "needs verbs, types, titles, stop_words and max_name_tokens", LexiconError
    )
    verbs = []
    for position, entry in enumerate(data.get("verbs") or [], start=1):
        if not isinstance(entry, dict) or not entry.get("verb") or not entry.get("gloss"):
            raise LexiconError(f"{where(path, entry)}, verb {position}: needs 'verb' and 'gloss'")
        base = compile_phrase(entry["verb"], suffixes=False, where=f"{path.name}, verb {position}")
        feminine = compile_phrase(entry["verb"] + "ت", suffixes=False, where=f"{path.name}, verb {position}")
        verbs += [(entry["verb"], base), (entry["verb"], feminine)]
    roles = []
    for block in data.get("types") or []:
        if not isinstance(block, dict) or block.get("type") not in ACTOR_TYPES:
            block = block if isinstance(block, dict) else {}
            raise LexiconError(
                f"{where(path, block)}: type {block.get('type')!r} is not one of {', '.join(ACTOR_TYPES)}"
            )
        phrases = []
        for position, entry in enumerate(block.get("roles") or [], start=1):
            if not isinstance(entry, dict) or not entry.get("role") or not entry.get("gloss"):
                raise LexiconError(
                    f"{where(path, entry)}, type {block['type']}, role {position}: needs 'role' and 'gloss'"
                )
            phrases.append(compile_phrase(entry["role"], where=f"{path.name}, type {block['type']}, role {position}"))
        roles.append((block["type"], tuple(phrases)))
    if not verbs or not roles:
        raise LexiconError(f"{path.name}: needs 'verbs' and 'types'")
    max_name_tokens = data.get("max_name_tokens")
    if not isinstance(max_name_tokens, int) or max_name_tokens < 1:
        raise LexiconError(f"{path.name}: 'max_name_tokens' must be a whole number >= 1")
    titles = tuple(compile_phrase(title, where=f"{path.name}, title {title}") for title in data.get("titles") or [])
    verb_forms = {form: name for name, phrase in verbs for form in phrase.words[0]}
    opening_forms = frozenset().union(
        *(phrase.words[0] for phrase in titles), *(p.words[0] for _, group in roles for p in group)
    )
    return ActorPatterns(
        verb_forms,
        frozenset(verb_forms),
        frozenset(data.get("stop_words") or []),
        titles,
        max_name_tokens,
        tuple(roles),
        opening_forms,
    )


def _type_of(tokens: list[str], patterns: ActorPatterns) -> str | None:
    if patterns.opening_forms.isdisjoint(tokens):
        return None
    for actor_type, phrases in patterns.roles:
        if any(phrase.spans(tokens) for phrase in phrases):
            return actor_type
    return None


def _segment(tokens: list[str], start: int, stop_words: frozenset[str]) -> int:
    """End of the span from ``start``: the first punctuation or stop word (or the cap)."""
    end = start
    while (
        end < len(tokens) and end - start < MAX_SPAN_TOKENS and is_word(tokens[end]) and tokens[end] not in stop_words
    ):
        end += 1
    return end


def find_attributions(
    text: str, known_names: dict[str, str] | None = None, tokens: list[str] | None = None
) -> list[tuple[str, str, str]]:
    """Attributions in one sentence.

    Parameters
    ----------
    text: the sentence as written.
    known_names: normalized name tokens already typed in this article (updated in place).
    tokens: ``tokenize(normalize(text))`` when the caller has them already.

    Returns
    -------
    ``(verb, actor span as written, actor type)`` for each attribution, in order.
    """
    patterns = load_actor_patterns()
    known_names = {} if known_names is None else known_names
    tokens = tokenize(normalize(text)) if tokens is None else tokens
    if patterns.verb_form_set.isdisjoint(tokens):
        return []
    found = []
    shown: list[str] | None = None
    for index in token_positions(tokens, patterns.verb_form_set):
        verb = patterns.verb_forms[tokens[index]]
        end = _segment(tokens, index + 1, patterns.stop_words)
        if end == index + 1:
            continue  # implicit subject: "وأوضح أن ..."
        span = tokens[index + 1 : end]
        if len(span) > patterns.max_name_tokens and not patterns.opens_with_title_or_role(span):
            continue  # the verb's object, not its speaker
        apposition: list[str] = []
        if end < len(tokens) and tokens[end] in ("،", ","):
            apposition = tokens[end + 1 : _segment(tokens, end + 1, frozenset())]
        actor_type = _type_of(span, patterns) or _type_of(apposition, patterns)
        actor_type = actor_type or next((known_names[word] for word in span if word in known_names), "other")
        for word in span:
            if actor_type != "other" and len(word) > 3 and _type_of([word], patterns) is None:
                known_names.setdefault(word, actor_type)
        if shown is None:  # the span as written (same tokens, unless normalization merged some)
            original = tokenize(text)
            shown = original if len(original) == len(tokens) else tokens
        found.append((verb, " ".join(shown[index + 1 : end]), actor_type))
    return found


def find_sentence_attributions(
    article_ids: Sequence[str], sentence_ids: Sequence[int], texts: Sequence[str], token_lists: Sequence[list[str]]
) -> list[tuple[str, int, str, str, str]]:
    """Attributions in many sentences, given in reading order, article by article.

    Parameters
    ----------
    article_ids, sentence_ids, texts: one entry per sentence (sentences of an article
        together, in order: a name typed earlier in an article keeps its type).
    token_lists: ``tokenize(normalize(text))`` of each sentence.

    Returns
    -------
    ``(article_id, sentence_id, verb, actor, actor_type)`` for each attribution, in
    order. Sentences without an attribution verb (most of them) are passed over at once.
    """
    verb_forms = load_actor_patterns().verb_form_set
    found: list[tuple[str, int, str, str, str]] = []
    known_names: dict[str, str] = {}
    previous = None
    for index in [index for index, tokens in enumerate(token_lists) if not verb_forms.isdisjoint(tokens)]:
        if article_ids[index] != previous:
            known_names, previous = {}, article_ids[index]
        found += [
            (previous, sentence_ids[index], *attribution)
            for attribution in find_attributions(texts[index], known_names, token_lists[index])
        ]
    return found


def find_corpus_actors(
    sentences: pd.DataFrame, sentence_frames: pd.DataFrame, lexicon: Lexicon | None = None
) -> pd.DataFrame:
    """``actors.csv``: every attribution in the corpus with the sentence's frames (one flag per
    frame of ``lexicon``; None: the committed dictionary)."""
    names = list((lexicon or default_lexicon()).names)
    columns = ATTRIBUTION_COLUMNS + names
    frames = sentences[["article_id", "sentence_id", "text"]].merge(sentence_frames, on=["article_id", "sentence_id"])
    frames = frames.sort_values(["article_id", "sentence_id"], ignore_index=True)
    texts = frames["text"].tolist()
    found = find_sentence_attributions(
        frames["article_id"].tolist(),
        frames["sentence_id"].tolist(),
        texts,
        [tokenize(normalize(text)) for text in texts],
    )
    if not found:
        return pd.DataFrame(columns=columns)
    attributions = pd.DataFrame(found, columns=ATTRIBUTION_COLUMNS)
    flags = frames[["article_id", "sentence_id", *names]]
    return attributions.merge(flags, on=["article_id", "sentence_id"], how="left")[columns]


def frame_combination_labels(lexicon: Lexicon) -> dict[str, str]:
    """Labels of a sentence's frames, in display order: ``{frame: "MH only", ...}``, then the
    label of several frames (``both`` with two frames, ``several`` with more) and ``neither``."""
    several = "both" if len(lexicon.frames) == 2 else "several"
    return {frame.name: f"{frame.prefix.upper()} only" for frame in lexicon.frames} | {
        "several": several,
        "neither": "neither",
    }


def actors_by_frame(actors: pd.DataFrame, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Attributions per actor type (rows) and the frames of their sentence (columns: each frame
    alone, e.g. ``MH only``; several frames, ``both`` when there are two; ``neither``), with totals."""
    labels = frame_combination_labels(lexicon or default_lexicon())
    names = [name for name in labels if name not in ("several", "neither")]
    flags = actors[names].astype(bool)
    n_frames = flags.sum(axis=1)
    frame = pd.Series(labels["neither"], index=actors.index)
    for name in names:
        frame[flags[name] & (n_frames == 1)] = labels[name]
    frame[n_frames > 1] = labels["several"]
    table = pd.crosstab(actors["actor_type"], frame).reindex(
        index=list(ACTOR_TYPES), columns=list(labels.values()), fill_value=0
    )
    table["total"] = table.sum(axis=1)
    return table.rename_axis(index="actor_type", columns="sentence frame")
