"""The annotation cards of one record, as the sidebar lists them.

A card is a :class:`Placed` annotation: an annotation together with where
it is in the record's text now. The sidebar shows the cards in reading
order (:func:`reading_order`): notes on the whole record first, then the
spans in the order of the printed article (引题, 标题, 副题, 作者, 正文) and
by position, then those whose text could no longer be found. A
:class:`CardFilter` narrows them to some kinds and one highlight colour.

Tags and the review status are not cards: the reader's header and the
sidebar's top row show them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from viewer.core.annotations.anchoring import Placement
from viewer.core.annotations.model import Annotation, AnnotationKind
from viewer.core.records.fields import BT, FT, YT, ZW, ZZ

#: The order of the fields in the printed article (and in the reader).
ARTICLE_ORDER = (YT, BT, FT, ZZ, ZW)

#: The kinds of annotation shown as cards.
CARD_KINDS = frozenset({AnnotationKind.HIGHLIGHT, AnnotationKind.NOTE, AnnotationKind.CORRECTION})


class Placed(NamedTuple):
    """A span annotation placed in a record's current text.

    Attributes:
        annotation: the annotation.
        how: how it was placed (``ORPHAN``: not at all; start and end are -1).
        start, end: code points in its field's text.
        moved: a correction placed on text other than its quote, which
            waits for an editor to confirm it (:meth:`Session.confirm_placement`).
        found: the text it is placed on.
    """

    annotation: Annotation
    how: Placement | None  # None: an annotation without a span
    start: int = -1
    end: int = -1
    moved: bool = False
    found: str = ""


def _position(p: Placed) -> tuple:
    a = p.annotation
    if a.anchor is None:
        return (0, 0, 0, 0, a.created, a.id)
    if p.how is Placement.ORPHAN:
        return (2, 0, 0, 0, a.created, a.id)
    field = a.anchor.field
    rank = ARTICLE_ORDER.index(field) if field in ARTICLE_ORDER else len(ARTICLE_ORDER)
    return (1, rank, p.start, p.end, a.created, a.id)


def reading_order(rows: Iterable[Placed]) -> list[Placed]:
    """``rows`` in the order a reader meets them (see the module docstring);
    annotations on the same span by when they were made."""
    return sorted(rows, key=_position)


@dataclass(frozen=True, slots=True)
class CardFilter:
    """Which cards the sidebar shows.

    Attributes:
        kinds: the kinds shown; empty for every kind.
        colour: a highlight colour's name: only the annotations of that
            colour; empty for any.
    """

    kinds: frozenset[AnnotationKind] = frozenset()
    colour: str = ""

    def admits(self, p: Placed) -> bool:
        a = p.annotation
        return (not self.kinds or a.kind in self.kinds) and (not self.colour or a.colour == self.colour)

    @property
    def narrows(self) -> bool:
        """Does it hide anything at all?"""
        return bool(self.kinds or self.colour)


def cards(rows: Iterable[Placed], shown: CardFilter = CardFilter()) -> list[Placed]:  # noqa: B008 - frozen
    """The cards of a record's annotations: those of :data:`CARD_KINDS` that
    ``shown`` admits, in reading order."""
    return reading_order(p for p in rows if p.annotation.kind in CARD_KINDS and shown.admits(p))
