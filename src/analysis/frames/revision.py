"""What a change to the dictionary changes: the sentences whose code it flips, per frame.

An entry written from a few hand-coded sentences also fires everywhere else. Before keeping
it, a researcher reads what it gains and what it loses over the whole analysed corpus
(``tools/compare_dictionaries.py``), not only on the sentences it was written for.
"""

from __future__ import annotations

import pandas as pd

from analysis.frames.coding import code_sentences
from analysis.frames.lexicon import Lexicon

CHANGE_COLUMNS = ["frame", "change", "article_id", "sentence_id", "old_terms", "new_terms", "text"]
SUMMARY_COLUMNS = ["frame", "old", "new", "gained", "lost"]


def _coding(sentences: pd.DataFrame, lexicon: Lexicon) -> dict[str, tuple[pd.Series, pd.Series]]:
    """Per frame of the lexicon: (coded, matched terms) for each sentence."""
    coded = code_sentences(sentences["text"].tolist(), lexicon, quiet=True)
    return {frame.name: (coded[frame.name], coded[f"{frame.prefix}_terms"]) for frame in lexicon.frames}


def compare_dictionaries(sentences: pd.DataFrame, old: Lexicon, new: Lexicon) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The two dictionaries' codes of the same sentences, compared frame by frame.

    Parameters
    ----------
    sentences: ``article_id``, ``sentence_id`` and ``text`` (as in ``sentences.csv``).
    old, new: the dictionaries (a frame only one of them has codes nothing in the other).

    Returns
    -------
    summary: per frame (the old dictionary's order, then new frames), the sentences each
        codes and how many the new one gains and loses (``SUMMARY_COLUMNS``).
    changes: one row per sentence and frame whose code differs (``CHANGE_COLUMNS``;
        ``change`` is ``gained`` or ``lost``), sorted by frame name, change and sentence.
    """
    sentences = sentences.reset_index(drop=True)
    before, after = _coding(sentences, old), _coding(sentences, new)
    nothing = (pd.Series(False, index=sentences.index), pd.Series("", index=sentences.index))
    summary, parts = [], []
    for name in [*before, *(name for name in after if name not in before)]:
        (old_coded, old_terms), (new_coded, new_terms) = before.get(name, nothing), after.get(name, nothing)
        flips = {"gained": new_coded & ~old_coded, "lost": old_coded & ~new_coded}
        for change, flipped in flips.items():
            rows = sentences.loc[flipped, ["article_id", "sentence_id", "text"]]
            parts.append(
                rows.assign(frame=name, change=change, old_terms=old_terms[flipped], new_terms=new_terms[flipped])
            )
        counts = {change: int(flipped.sum()) for change, flipped in flips.items()}
        summary.append({"frame": name, "old": int(old_coded.sum()), "new": int(new_coded.sum()), **counts})
    changes = pd.concat(parts, ignore_index=True)[CHANGE_COLUMNS]
    changes = changes.sort_values(["frame", "change", "article_id", "sentence_id"], kind="stable")
    return pd.DataFrame(summary, columns=SUMMARY_COLUMNS), changes.reset_index(drop=True)


def changed_by_term(changes: pd.DataFrame) -> pd.DataFrame:
    """Per frame, change and indicator, how many changed sentences it accounts for.

    A gained sentence counts under each new term the old dictionary did not match there;
    a lost one under each term the old dictionary matched. Sorted by frame, change, then
    most sentences first.
    """
    rows = []
    for change in changes.itertuples(index=False):
        old_terms = set(filter(None, change.old_terms.split(";")))
        new_terms = set(filter(None, change.new_terms.split(";")))
        for term in sorted(new_terms - old_terms if change.change == "gained" else old_terms):
            rows.append({"frame": change.frame, "change": change.change, "term": term})
    table = pd.DataFrame(rows, columns=["frame", "change", "term"])
    counts = table.groupby(["frame", "change", "term"], sort=False).size().rename("sentences").reset_index()
    return counts.sort_values(
        ["frame", "change", "sentences", "term"], ascending=[True, True, False, True], kind="stable"
    )


def sample_changes(changes: pd.DataFrame, per_group: int, seed: int) -> pd.DataFrame:
    """Up to ``per_group`` changed sentences per frame and change, drawn with ``seed``, in sentence order."""
    groups = [
        group.sample(n=min(per_group, len(group)), random_state=seed)
        for _, group in changes.groupby(["frame", "change"], sort=False)
    ]
    if not groups:
        return changes.iloc[0:0]
    return pd.concat(groups).sort_index()
