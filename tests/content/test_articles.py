"""The psychoeducation library: enough articles, each with sources, plain enough to read."""

from __future__ import annotations

from pathlib import Path

import pytest

from steadyheart.content.articles import load_articles, parse_article, short_source
from steadyheart.content.readability import flesch_kincaid_grade
from steadyheart.errors import ContentError

#: The topics the library must cover (issue 5), by article slug.
REQUIRED_TOPICS = {
    "what-insecurity-is", "a-feeling-not-a-personality", "occasional-vs-chronic", "signs-mind-body-behaviour",
    "attachment-and-working-models", "betrayal-and-threat-model", "self-esteem", "comparison-and-social-media",
    "reassurance-painkiller", "checking-and-testing", "withdrawing", "self-fulfilling-cycle", "the-partners-side",
    "real-problems-vs-pattern", "new-relationships", "when-to-seek-help", "what-therapy-looks-like",
    "supporting-an-insecure-partner",
}


def test_library_covers_every_required_topic_with_sources() -> None:
    articles = {a.slug: a for a in load_articles()}
    assert len(articles) >= 18
    assert set(articles) >= REQUIRED_TOPICS
    for article in articles.values():
        assert article.sources, article.slug
        assert all("(" in s and ")" in s for s in article.sources), f"{article.slug}: sources need a year"
        assert article.citation


def test_articles_are_plain_reading() -> None:
    for article in load_articles():
        # Grade 9 is about reading age 14; most bodies measure 5-8.
        assert flesch_kincaid_grade(article.body) <= 9.0, article.slug
        assert flesch_kincaid_grade(article.summary) <= 10.0, article.slug


def test_articles_never_diagnose_or_claim_therapy() -> None:
    for article in load_articles():
        text = article.body.lower()
        assert "you have anxious attachment" not in text
        assert "you suffer from" not in text and "you are avoidant" not in text
        assert "i am a therapist" not in text


def test_short_source_names_authors_and_year() -> None:
    assert short_source("Hazan, C., & Shaver, P. (1987). Romantic love.") == "Hazan & Shaver (1987)"
    assert short_source("Bowlby, J. (1982). Attachment and Loss.") == "Bowlby (1982)"
    assert short_source("Downey, G., Freitas, A. L., Michaelis, B., & Khouri, H. (1998). X.") == "Downey et al. (1998)"


BODY = " ".join(["word"] * 90)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("no header", "must start"),
        ("---\ntitle: x\n", "no closing"),
        ("---\n[1, 2]\n---\n" + BODY, "must be a mapping"),
        ("---\nslug: x\ntitle: X\n---\n" + BODY, "missing summary, keywords, sources"),
        ("---\nslug: x\ntitle: X\nsummary: Why?\nkeywords: [a]\nsources: [\"A (2000)\"]\n---\n" + BODY, "must not ask"),
        ("---\nslug: x\ntitle: X\nsummary: S.\nkeywords: [a]\nsources: [\"A (2000)\"]\n---\nshort", "too short"),
        ("---\nslug: x\ntitle: X: y: z\n---\n" + BODY, "not valid YAML"),
    ],
)
def test_bad_articles_fail_loudly(text: str, problem: str) -> None:
    with pytest.raises(ContentError, match=problem):
        parse_article(text, "x.md")


def test_slug_must_match_file_name(tmp_path: Path) -> None:
    good = "---\nslug: other\ntitle: X\nsummary: S.\nkeywords: [a]\nsources: [\"A (2000)\"]\n---\n" + BODY
    (tmp_path / "mine.md").write_text(good, encoding="utf-8")
    with pytest.raises(ContentError, match="must match the file name"):
        load_articles.__wrapped__(tmp_path)
