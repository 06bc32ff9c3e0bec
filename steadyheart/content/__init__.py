"""Content as data: phrasings, guided flows and articles, loaded and validated once at start.

Owns the YAML and Markdown files in this folder and their loaders. A bad file raises ContentError naming
the file and the problem. May import steadyheart.errors and pyyaml only.
"""

from __future__ import annotations

from steadyheart.content.articles import Article, load_articles
from steadyheart.content.flows import Flow, FlowNode, Transition, load_flows
from steadyheart.content.phrasings import Phrasings, load_phrasings

__all__ = [
    "Article",
    "Flow",
    "FlowNode",
    "Phrasings",
    "Transition",
    "load_articles",
    "load_flows",
    "load_phrasings",
]
