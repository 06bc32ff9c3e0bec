"""Text normalisation for triage: lower case, plain apostrophes, slang and common typos spelled out.

Patterns are written against the normalised form, so "kms", "unalive myself", "sewerslide" and
"kill my slef" all reach the same words. Pure functions; imports nothing from the project.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Whole-token replacements: chat abbreviations and self-censoring slang (algospeak).
_TOKEN_MAP: dict[str, str] = {
    "kms": "kill myself",
    "ima": "i am going to",
    "imma": "i am going to",
    "kmsl": "kill myself",
    "kys": "kill yourself",
    "ctb": "commit suicide",
    "sewerslide": "suicide",
    "suicde": "suicide",
    "sucide": "suicide",
    "suicidle": "suicidal",
    "sucidal": "suicidal",
    "suicidel": "suicidal",
    "suicidial": "suicidal",
    "suisidal": "suicidal",
    "suiside": "suicide",
    "kil": "kill",
    "kll": "kill",
    "selfharm": "self harm",
    "self-harm": "self harm",
    "sh": "self harm",
    "od": "overdose",
    "odd": "odd",
    "oding": "overdosing",
    "im": "i am",
    "iam": "i am",
    "ive": "i have",
    "dont": "do not",
    "wont": "will not",
    "cant": "cannot",
    "didnt": "did not",
    "isnt": "is not",
    "wouldnt": "would not",
    "shouldnt": "should not",
    "couldnt": "could not",
    "doesnt": "does not",
    "hes": "he is",
    "shes": "she is",
    "theyre": "they are",
    "thats": "that is",
    "whats": "what is",
    "wanna": "want to",
    "gonna": "going to",
    "gonnae": "going to",  # Scots
    "morra": "tomorrow",  # Scots: "the morra"
    "gotta": "got to",
    "tryna": "trying to",
    "kinda": "kind of",
    "sorta": "sort of",
    "bout": "about",
    "u": "you",
    "ur": "your",
    "r": "are",
    "rn": "right now",
    "tn": "tonight",
    "tonite": "tonight",
    "tonigt": "tonight",
    "tonihgt": "tonight",
    "tnight": "tonight",
    "doin": "doing",
    "anothr": "another",
    "evrything": "everything",
    "evry": "every",
    "2nite": "tonight",
    "tmrw": "tomorrow",
    "b4": "before",
    "bc": "because",
    "cuz": "because",
    "coz": "because",
    "bf": "boyfriend",
    "gf": "girlfriend",
    "ppl": "people",
    "smth": "something",
    "sth": "something",
    "idk": "i do not know",
    "idc": "i do not care",
    "nvm": "never mind",
    "pls": "please",
    "plz": "please",
    "abt": "about",
    "tho": "though",
    "n": "and",
    "thinkin": "thinking",
    "myslef": "myself",
    "mysef": "myself",
    "meself": "myself",
    "slef": "self",
}

# Contractions are spelled out so that patterns never deal with apostrophes.
_CONTRACTIONS: dict[str, str] = {
    "won't": "will not",
    "can't": "cannot",
    "ain't": "is not",
    "let's": "let us",
    "y'all": "you all",
}
_SUFFIXES = (("n't", " not"), ("'m", " am"), ("'re", " are"), ("'ll", " will"), ("'ve", " have"), ("'d", " would"))
_IS_SUBJECTS = frozenset({"he", "she", "it", "that", "what", "there", "who", "where", "how", "here", "this", "everything",
                          "nothing", "something", "everyone", "someone", "nobody"})

# Words whose one-edit typos ("suicdie", "overdoes") are not other common words, so fixing them is safe.
_FUZZY_TARGETS = ("suicide", "suicidal", "myself", "overdose", "overdosing", "strangle", "strangled", "kill")
_KNOWN_NEAR_MISSES = frozenset({"skill", "hill", "fill", "till", "mill", "bill", "will", "pill", "kiln", "killer"})

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "´": "'", "`": "'", "“": '"', "”": '"', "„": '"'})
# Multi-word slang, spelled out before tokenising.
_PHRASE_MAP = {"kys myself": "kill myself", "kms myself": "kill myself", "sewer slide": "suicide", "sewer-slide": "suicide", "self delete": "kill myself",
               "self-delete": "kill myself", "catch the bus": "commit suicide", "s word": "suicide",
               "yeet myself": "throw myself"}
_PHRASES = re.compile("|".join(re.escape(k) for k in _PHRASE_MAP))
# "unalive" with no object means oneself ("i want to unalive"); with an object it is just "kill".
# "unaliving" drops the e, as "living" does.
_UNALIVE = re.compile(r"\bunaliv(e|ed|es|ing)\b(?!\s+(?:myself|my self|me|him|her|them|you|yourself|himself|herself|themselves|someone|people))")
_UNALIVE_AS = {"e": "kill myself", "es": "kill myself", "ed": "killed myself", "ing": "killing myself"}
# "life's not worth it": 's before these words is "is", not a possessive.
_COPULA_S = re.compile(
    r"\b([a-z]+)['’]s\s+(?=(?:not|never|no longer|so|too|just|really|going|gonna|been|over|done|getting|always|"
    r"worth|pointless|meaningless|hopeless|killing|the only|all|nothing|falling)\b)"
)
# "i'd never been born" is "i had", not "i would".
_HAD = re.compile(r"\b(i|he|she|they|we|you) would ((?:never |not |just |already |ever )?(?:been|had|done|gone|taken|left|written|made|got|seen|said|told|tried|swallowed))\b")
_TOKEN = re.compile(r"[a-z0-9@$][a-z0-9'/*@$-]*[a-z0-9]|[a-z0-9]|[^\sa-z0-9]")
_DELEET = str.maketrans({"1": "i", "!": "i", "3": "e", "0": "o", "@": "a", "$": "s", "*": "i"})
_SPELLED_OUT = re.compile(r"\b(?:[a-z][.\-] ?){3,}[a-z]\b")  # "s.u.i.c.i.d.e", "k-i-l-l"
_SPACES = re.compile(r"\s+")
_REPEATS = re.compile(r"([a-z])\1{2,}")  # "soooo" -> "soo"; three or more of a letter never spell English


def normalise(text: str) -> str:
    """The form patterns match against: lower case, slang expanded, typos of risk words fixed."""
    lowered = text.translate(_APOSTROPHES).lower()
    lowered = _REPEATS.sub(r"\1\1", lowered)
    lowered = _PHRASES.sub(lambda m: _PHRASE_MAP[m.group(0)], lowered)
    lowered = _UNALIVE.sub(lambda m: _UNALIVE_AS[m.group(1)], lowered)
    lowered = _COPULA_S.sub(r"\1 is ", lowered)
    lowered = _SPELLED_OUT.sub(lambda m: re.sub(r"[.\- ]", "", m.group(0)), lowered)
    words = [_fix_token(token) for token in _TOKEN.findall(lowered)]
    joined = _SPACES.sub(" ", " ".join(words)).strip()
    return _HAD.sub(r"\1 had \2", joined)


@lru_cache(maxsize=8192)
def _fix_token(token: str) -> str:
    if token in _TOKEN_MAP:
        return _TOKEN_MAP[token]
    if "'" in token:
        return _expand_contraction(token)
    if not token.replace("'", "").replace("-", "").replace("/", "").isalpha() and any(c.isalpha() for c in token):
        plain = token.translate(_DELEET)
        fixed = _fix_token(plain) if plain.isalpha() else token
        if fixed != plain or plain in _FUZZY_TARGETS:
            return fixed
        return token
    if token.startswith("unaliv"):
        return {"unalived": "killed", "unaliving": "killing"}.get(token, "kill")
    if "sewerslide" in token or "sewer slide" in token:
        return "suicide"
    if token in _FUZZY_TARGETS or any(token.startswith(t) for t in _FUZZY_TARGETS):
        return token  # an inflection ("overdosed", "killing"), not a typo
    if len(token) >= 5 and token not in _KNOWN_NEAR_MISSES and token.isalpha():
        for target in _FUZZY_TARGETS:
            if len(target) >= 5 and _within_one_edit(token, target):
                return target
    return token


def _expand_contraction(token: str) -> str:
    if token in _CONTRACTIONS:
        return _CONTRACTIONS[token]
    for suffix, replacement in _SUFFIXES:
        if token.endswith(suffix) and len(token) > len(suffix):
            return _fix_token(token[: -len(suffix)]) + replacement
    if token.endswith("'s") and token[:-2] in _IS_SUBJECTS:
        return token[:-2] + " is"
    return _fix_token(token.replace("'", ""))


def _within_one_edit(word: str, target: str) -> bool:
    """True when one insertion, deletion, substitution or swap of neighbours turns word into target."""
    if word == target or abs(len(word) - len(target)) > 1:
        return word == target
    if len(word) == len(target):
        diffs = [i for i, (a, b) in enumerate(zip(word, target, strict=True)) if a != b]
        if len(diffs) == 1:
            return True
        return len(diffs) == 2 and diffs[1] == diffs[0] + 1 and word[diffs[0]] == target[diffs[1]] and (
            word[diffs[1]] == target[diffs[0]]
        )
    short, long_ = (word, target) if len(word) < len(target) else (target, word)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def clauses(normalised: str) -> list[str]:
    """Split on sentence ends and strong joins so negation in one clause does not cancel the next."""
    parts = re.split(r"(?:[.!?;]+|\bbut\b|\bthough\b|\bhowever\b|\balthough\b|\byet\b)", normalised)
    return [p.strip(" ,") for p in parts if p.strip(" ,")]
