"""Load and check the psychoeducation articles: Markdown files with a YAML header and named sources."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from steadyheart.errors import ContentError

ARTICLES_DIR = Path(__file__).parent / "articles"
REQUIRED = ("slug", "title", "summary", "keywords", "sources")


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    #: two or three plain sentences a reply can quote
    summary: str
    keywords: tuple[str, ...]
    sources: tuple[str, ...]
    body: str

    @property
    def citation(self) -> str:
        """Its sources in short form ("Bowlby (1982); Hazan & Shaver (1987)"), for replies that quote it."""
        return "; ".join(short_source(s) for s in self.sources)


_YEAR = re.compile(r"\((\d{4})[^)]*\)")


def short_source(source: str) -> str:
    """'Hazan, C., & Shaver, P. (1987). Romantic love…' -> 'Hazan & Shaver (1987)'."""
    match = _YEAR.search(source)
    if not match:
        return source.split(".")[0]
    authors = source[: match.start()].strip()
    surnames = [part.strip(" &") for part in re.split(r",\s*(?:[A-Z]\.\s*)+(?:,|&)?\s*", authors) if part.strip(" &")]
    if not surnames or "," not in authors:
        return f"{authors.rstrip('. ')} ({match.group(1)})"
    names = surnames[0] if len(surnames) == 1 else (
        f"{surnames[0]} & {surnames[1]}" if len(surnames) == 2 else f"{surnames[0]} et al.")
    return f"{names} ({match.group(1)})"


def parse_article(text: str, source: str) -> Article:
    if not text.startswith("---\n"):
        raise ContentError(f"The article {source} must start with a '---' header.")
    header, sep, body = text[4:].partition("\n---\n")
    if not sep:
        raise ContentError(f"The article {source} has no closing '---' after its header.")
    try:
        meta = yaml.safe_load(header)
    except yaml.YAMLError as exc:
        raise ContentError(f"The header of article {source} is not valid YAML: {exc}") from exc
    if not isinstance(meta, dict):
        raise ContentError(f"The header of article {source} must be a mapping.")
    missing = [key for key in REQUIRED if not meta.get(key)]
    if missing:
        raise ContentError(f"The article {source} is missing {', '.join(missing)}.")
    if not isinstance(meta["sources"], list) or not all(isinstance(s, str) and s.strip() for s in meta["sources"]):
        raise ContentError(f"The article {source} must list its sources as text.")
    if "?" in str(meta["summary"]):
        raise ContentError(f"The summary of article {source} must not ask a question (replies ask at most one).")
    if len(body.split()) < 80:
        raise ContentError(f"The article {source} is too short to be useful (under 80 words).")
    return Article(
        slug=str(meta["slug"]),
        title=str(meta["title"]),
        summary=" ".join(str(meta["summary"]).split()),
        keywords=tuple(str(k).lower() for k in meta["keywords"]),
        sources=tuple(str(s).strip() for s in meta["sources"]),
        body=body.strip(),
    )


@cache
def load_articles(directory: Path = ARTICLES_DIR) -> tuple[Article, ...]:
    articles = []
    for path in sorted(directory.glob("*.md")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ContentError(f"The article {path.name} could not be read: {exc}") from exc
        article = parse_article(text, path.name)
        if article.slug != path.stem:
            raise ContentError(f"The article {path.name} has slug '{article.slug}'; it must match the file name.")
        articles.append(article)
    return tuple(articles)
