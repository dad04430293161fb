"""The checks bench/quality.py applies to each actor: is its name a fragment of a longer name,
and which country does the text state for a person (a title before the name, an appositive
after it). They read the article text on their own, not the extractor's rules, so that they
measure the extractor instead of repeating it."""

from __future__ import annotations

import re

from app.extract.knowledge import agents, country_of

CONNECTORS = frozenset({"and", "of", "the", "for", "in", "on", "at", "to", "&", "'s", "’s", "by"})
# Words that open a clause but never a name: prepositions, subordinating conjunctions and
# sentence adverbs ("Beyond Ukraine, ministers ..." read as a person named "Beyond Ukraine").
CLAUSE_OPENERS = frozenset(
    [
        "about",
        "above",
        "across",
        "after",
        "against",
        "along",
        "amid",
        "amidst",
        "among",
        "around",
        "before",
        "behind",
        "below",
        "beneath",
        "beside",
        "besides",
        "between",
        "beyond",
        "despite",
        "during",
        "except",
        "following",
        "inside",
        "into",
        "like",
        "near",
        "outside",
        "over",
        "since",
        "through",
        "throughout",
        "toward",
        "towards",
        "under",
        "unlike",
        "until",
        "upon",
        "via",
        "within",
        "without",
        "although",
        "because",
        "though",
        "unless",
        "whereas",
        "whether",
        "while",
        "also",
        "meanwhile",
        "however",
        "moreover",
        "nevertheless",
        "nonetheless",
        "furthermore",
        "instead",
        "thus",
        "therefore",
        "hence",
        "indeed",
        "perhaps",
        "otherwise",
        "yet",
        "still",
        "meantime",
    ]
)
_WORD = re.compile(r"[A-Za-z0-9][\w.'’-]*|&")
# Words that may sit between a country word and a person's name inside a title.
_TITLE_GLUE = frozenset({"of", "the", "'s", "’s", "former", "then", "deputy", "vice"})
# An appositive stops stating nationality at these: "director in Malawi" is no Malawian.
_PLACE_WORDS = frozenset({"in", "for", "at", "of", "from", "with", "to", "on", "based"})
_NOT_APPOSITIVE = frozenset({"was", "is", "who", "which", "said", "told", "has", "had", "and"})


def fragment_reason(name: str, text: str) -> str | None:
    """Why an actor name looks like a piece of a longer name, or None."""
    words = _WORD.findall(name)
    if not words:
        return "no letters"
    if words[0].lower() in CONNECTORS - {"the"} or words[-1].lower() in CONNECTORS:
        return "starts or ends with a connecting word"
    if len(words) > 1 and words[0].lower() in CLAUSE_OPENERS:
        return "starts with a word that opens a clause"
    if name[:1].islower() and not re.match(r"(al|el|ad|as|an|ash|ar|at|az|ul)-|el[A-Z]", name):
        return "starts lower-case"  # (Arabic particles start names in lower case: "al-Shabab")
    single = len(words) == 1 and words[0].isalpha() and not words[0].isupper()
    if single and re.search(rf"(?<![\w.]){re.escape(words[0].lower())}(?!\w)", text):
        return "a common word"
    return None


def _country_in_words(words: list[str]) -> str | None:
    """The country named by one to three consecutive words ("North Korean", "U.S."), the one
    closest to the end (the name) first."""
    for i in range(len(words) - 1, -1, -1):
        for n in (3, 2, 1):
            if i + n > len(words):
                continue
            c = country_of(" ".join(words[i : i + n]))
            if c is not None:
                return c.alpha3
    return None


def _is_title_word(word: str) -> bool:
    low = word.lower().strip("'’")
    term = agents().get(low) or agents().get(low.rstrip("s"))
    return term is not None


def stated_country(text: str, start: int, end: int) -> str | None:
    """The country the text states for the person named at [start, end): a title right before
    the name ("North Korean leader"), or an appositive right after (", Egypt's foreign minister,").
    Only when a title word (president, minister, leader ...) links the country to the name."""
    before = text[max(0, start - 80) : start]
    before = re.split(r"[.;:!?\"“”()\n]|,\s", before)[-1]
    words = _WORD.findall(before)
    run: list[str] = []
    for w in reversed(words):  # the title run: capitalised words and glue, back from the name
        if w[:1].isupper() or w.lower() in _TITLE_GLUE or _is_title_word(w):
            run.insert(0, w)
            continue
        break
    if run and any(_is_title_word(w) for w in run):
        c = _country_in_words([w.rstrip("'’s") if w.endswith(("'s", "’s")) else w for w in run])
        if c:
            return c
    after = text[end : end + 80]
    m = re.match(r",\s*(?:the\s+|a\s+)?([^,.;()]{3,60}),", after)
    if m:
        words = _WORD.findall(m.group(1))
        if words and words[0].lower() in _NOT_APPOSITIVE:
            return None
        cut = next((i for i, w in enumerate(words) if w.lower() in _PLACE_WORDS), len(words))
        words = words[:cut]
        if any(_is_title_word(w) for w in words):
            plain = [w[:-2] if w.endswith(("'s", "’s")) else w for w in words]
            return _country_in_words(plain)
    return None
