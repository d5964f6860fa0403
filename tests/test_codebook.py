"""The codebook's frame definitions (analysis.frames.codebook), as the coder's workbook shows them."""

from __future__ import annotations

from analysis.frames.annotation_sheet import coding_guide
from analysis.frames.codebook import frame_definitions


def test_each_frame_is_defined_by_the_first_paragraph_of_its_section(tmp_path) -> None:
    codebook = tmp_path / "codebook.md"
    codebook.write_text(
        "# Codebook\n\n## Unit and rules\n\nSentences.\n\n"
        "## Mental-health frame (MH)\n\nThe sentence presents social media in terms of **psychological\n"
        "well-being** (*Health and Safety*).\n\nBelongs: ...\n\n"
        "## Economy frame (ECO)\n\nMoney.\n",
        encoding="utf-8",
    )
    assert frame_definitions(["mental_health", "economy", "regulation"], codebook) == {
        "mental_health": "The sentence presents social media in terms of psychological well-being (Health and Safety).",
        "economy": "Money.",
        "regulation": None,
    }


def test_a_frame_without_a_section_is_said_so_in_the_guide() -> None:
    guide = dict(coding_guide(["mental_health", "economy"]))
    assert guide["mental_health"].startswith("yes or no. The sentence presents social media")
    assert "docs/codebook.md has no section" in guide["economy"]
