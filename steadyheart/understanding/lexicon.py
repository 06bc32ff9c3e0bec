"""Loads and validates the project-written lexicons in data/ (body signals, triggers, urges, feelings).

A bad file fails loudly with ContentError at first use. May import yaml, re, steadyheart.errors and prefilter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from steadyheart.errors import ContentError
from steadyheart.prefilter import Needs, literals, needed

DATA_DIR = Path(__file__).parent / "data"

#: Placeholders shared by the lexicons: who the partner is, and whose things are theirs.
PARTNER = (
    r"(?:he|she|they|him|her|them|my\s+(?:partner|boyfriend|girlfriend|husband|wife|bf|gf|fianc[eé]e?|hubby|"
    r"other\s+half|man|girl|s/o)|the\s+(?:partner|boyfriend|girlfriend)|(?<![\w/])(?:bf|gf|hubby)(?!\w))"
)
THEIR = r"(?:his|her|their|my\s+(?:partner|boyfriend|girlfriend|husband|wife|bf|gf)'s|\w+'s)"
_FLAGS = re.IGNORECASE


@dataclass(frozen=True)
class Pattern:
    regex: re.Pattern[str]
    own_negation: bool = False
    #: False for wording a negation does not undo ("I don't know where this is heading" is still doubt).
    negatable: bool = True
    #: Strings one of which every match contains (prefilter.needed), or None.
    needs: Needs | None = None


@dataclass(frozen=True)
class Entry:
    """One label (a body signal, a trigger, a feeling) and the patterns that show it."""

    name: str
    label: str
    patterns: tuple[Pattern, ...]
    #: Optional: a match is dropped when its clause, up to the end of the match, fits this regex (the
    #: person's own doing, e.g. "I posted a selfie" is no social-media trigger).
    own_action: re.Pattern[str] | None = None
    #: Every string the patterns need (prefilter.literals): most messages hold none, and a pattern whose
    #: strings are all absent is not run.
    literals: Needs = ()


@dataclass(frozen=True)
class Phrase:
    """One way an urge is put into words; `verb` marks that it has a verb slot to read a status from."""

    regex: re.Pattern[str]
    verb: bool
    negation_is_act: bool = False
    status: str | None = None  # fixed status for a phrase that is itself a wish ("I need him to tell me")
    #: Strings one of which every match contains (prefilter.needed), or None.
    needs: Needs | None = None


@dataclass(frozen=True)
class Behaviour:
    name: str
    label: str
    phrases: tuple[Phrase, ...]
    #: Every string the phrases need, as Entry.literals.
    literals: Needs = ()


def _expand(source: str) -> str:
    return source.replace("{they}", PARTNER).replace("{their}", THEIR)


#: "cant", "didnt", "wont", "im", "ive", "hes", "theyre", "hearts pounding": a contraction or possessive typed
#: without its apostrophe still counts ("I'll" and "we're" are left alone: "ill" and "were" are words).
_NT = re.compile(r"n'(?=t)|(?:(?<=\\b)|(?<![\w']))(?:I'(?=(?:m|ve)\b)|(?:he|she|they)'(?=(?:s|re)\b))")
_POSSESSIVE = "(?:'s)?"
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def normalise_quotes(text: str) -> str:
    """Curly apostrophes and quotes as straight ones, one character for one (offsets stay the same)."""
    return text.translate(_QUOTES)


def _compile(source: str, where: str) -> re.Pattern[str]:
    expanded = _expand(source)
    try:
        # A lookbehind must keep a fixed width: such a pattern keeps its apostrophes as written.
        return re.compile(_NT.sub(lambda m: m.group(0) + "?", expanded).replace(_POSSESSIVE, "(?:'?s)?"), _FLAGS)
    except re.error:
        pass
    try:
        return re.compile(expanded, _FLAGS)
    except re.error as error:
        raise ContentError(f"{where}: the pattern {source!r} is not a valid regular expression ({error}).") from error


def _read(name: str) -> dict[str, Any]:
    path = DATA_DIR / name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ContentError(f"The lexicon file {name} could not be read ({error}).") from error
    if not isinstance(data, dict) or not data:
        raise ContentError(f"The lexicon file {name} must be a non-empty mapping.")
    return data


def parse_entries(data: dict[str, Any], where: str) -> tuple[Entry, ...]:
    entries = []
    for name, body in data.items():
        if not isinstance(body, dict) or not isinstance(body.get("label"), str) or not body.get("patterns"):
            raise ContentError(f"{where}: {name!r} needs a label and a list of patterns.")
        patterns = []
        for item in body["patterns"]:
            if isinstance(item, str):
                regex = _compile(item, where)
                patterns.append(Pattern(regex, needs=needed(regex)))
            elif isinstance(item, dict) and isinstance(item.get("re"), str):
                regex = _compile(item["re"], where)
                patterns.append(
                    Pattern(
                        regex,
                        bool(item.get("own_negation", False)),
                        bool(item.get("negatable", True)),
                        needed(regex),
                    )
                )
            else:
                raise ContentError(f"{where}: a pattern of {name!r} must be a string or {{re: ...}}.")
        own = body.get("own_action")
        if own is not None and not isinstance(own, str):
            raise ContentError(f"{where}: own_action of {name!r} must be a regular expression.")
        own_action = _compile(own, where) if own else None
        entries.append(Entry(str(name), body["label"], tuple(patterns), own_action,
                             literals(patterns)))
    return tuple(entries)


_VERB_SLOT = re.compile(r"\{([^{}]*\|[^{}]*)\}")


def parse_phrase(source: str, where: str, negation_is_act: bool = False, status: str | None = None) -> Phrase:
    """`{check|checked|checking|checks} his phone` -> a regex with named groups base/past/gerund/third."""
    if status not in (None, "urge", "acted", "resisted"):
        raise ContentError(f"{where}: the status of {source!r} must be urge, acted or resisted.")
    slot = _VERB_SLOT.search(source)
    if slot is None:
        plain = _compile(r"\b" + source, where)
        return Phrase(plain, verb=False, negation_is_act=negation_is_act, status=status, needs=needed(plain))
    forms = slot.group(1).split("|")
    if len(forms) != 4:
        raise ContentError(f"{where}: the verb slot in {source!r} needs four forms: base|past|gerund|third.")
    names = ("base", "past", "gerund", "third")
    # Longest forms first, so that "checked" is not read as "check".
    alternatives = sorted(zip(names, forms, strict=True), key=lambda pair: -len(pair[1]))
    seen: set[str] = set()
    groups = []
    for form_name, form in alternatives:
        if form in seen:
            continue
        seen.add(form)
        groups.append(f"(?P<{form_name}>{_expand(form)})")
    verb = r"\b(?:" + "|".join(groups) + r")\b"
    rest = source[slot.end() :]
    regex = source[: slot.start()] + verb + (r"\s*" + rest.lstrip() if rest.strip() else "")
    compiled = _compile(regex, where)
    return Phrase(compiled, verb=True, negation_is_act=negation_is_act, status=status, needs=needed(compiled))


@cache
def body_signals() -> tuple[Entry, ...]:
    return parse_entries(_read("body.yaml"), "body.yaml")


@cache
def triggers() -> tuple[Entry, ...]:
    return parse_entries(_read("triggers.yaml"), "triggers.yaml")


@cache
def feelings() -> tuple[Entry, ...]:
    return parse_entries(_read("feelings.yaml")["feelings"], "feelings.yaml")


@cache
def behaviours() -> tuple[Behaviour, ...]:
    out = []
    for name, body in _read("urges.yaml").items():
        if not isinstance(body, dict) or not isinstance(body.get("label"), str) or not body.get("phrases"):
            raise ContentError(f"urges.yaml: {name!r} needs a label and a list of phrases.")
        phrases = []
        for item in body["phrases"]:
            if isinstance(item, str):
                phrases.append(parse_phrase(item, "urges.yaml"))
            elif isinstance(item, dict) and isinstance(item.get("re"), str):
                phrases.append(
                    parse_phrase(item["re"], "urges.yaml", bool(item.get("negation_is_act")), item.get("status"))
                )
            else:
                raise ContentError(f"urges.yaml: a phrase of {name!r} must be a string or {{re: ...}}.")
        out.append(Behaviour(str(name), body["label"], tuple(phrases), literals(phrases)))
    return tuple(out)


@dataclass(frozen=True)
class SignalExample:
    """One short phrase that stands for a label in the nearest-example back-off."""

    kind: str  # body, trigger or urge
    label: str
    phrase: str


_EXAMPLE_KINDS = {"body": "body", "triggers": "trigger", "urges": "urge"}


@cache
def signal_examples() -> tuple[SignalExample, ...]:
    data = _read("signal_examples.yaml")
    known = {
        "body": {e.name for e in body_signals()},
        "triggers": {e.name for e in triggers()},
        "urges": {b.name for b in behaviours()},
    }
    out: list[SignalExample] = []
    for section, kind in _EXAMPLE_KINDS.items():
        labels = data.get(section)
        if not isinstance(labels, dict) or not labels:
            raise ContentError(f"signal_examples.yaml needs a mapping {section}: label -> phrases.")
        for label, phrases in labels.items():
            if label not in known[section]:
                raise ContentError(f"signal_examples.yaml: {label!r} is not a label of {section}.")
            if not isinstance(phrases, list) or not all(isinstance(p, str) and p.strip() for p in phrases):
                raise ContentError(f"signal_examples.yaml: {label!r} needs a list of phrases.")
            out.extend(SignalExample(kind, str(label), p) for p in phrases)
    return tuple(out)


@cache
def markers() -> dict[str, re.Pattern[str]]:
    data = _read("markers.yaml")
    wanted = ("acted", "resisted", "urge", "declined", "resolved_after", "resolved_instead", "acted_after", "conjunction",
              "held_back_later")
    missing = [key for key in wanted if not isinstance(data.get(key), str)]
    if missing:
        raise ContentError(f"markers.yaml is missing {', '.join(missing)}.")
    return {key: _compile(data[key], "markers.yaml") for key in wanted}
