"""Short labels for articles shown side by side in a table (the overview and the ledger export).

An article is named by its outlet. When two or more articles in view share an outlet, each of
them gets a suffix that tells them apart: its date (`Voice of America · Sep 23`), or its
library id when the dates do not (equal or missing). `fit` shortens a label to a column width
with an ellipsis, cutting the outlet and keeping the suffix whole.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from tui.core.layout import cell_len
from tui.core.types import Article

__all__ = [
    "ELLIPSIS",
    "SEPARATOR",
    "ArticleLabel",
    "article_labels",
    "clip",
    "share_width",
    "short_date",
]

ELLIPSIS = "…"
SEPARATOR = " · "


def clip(value: str, width: int) -> str:
    """`value` cut to `width` terminal cells, the last one an ellipsis when it was cut."""
    if width <= 0:
        return ""
    if cell_len(value) <= width:
        return value
    out, used = [], 0
    for char in value:
        size = cell_len(char)
        if used + size > width - 1:
            break
        out.append(char)
        used += size
    return "".join(out).rstrip() + ELLIPSIS


def share_width(available: int, natural: Sequence[int], minimum: Sequence[int]) -> list[int]:
    """Widths for columns that would like `natural` cells and need at least `minimum`, within
    `available` cells: the widest is narrowed first, one cell at a time, so that long columns
    end up equally cut; no column goes below its minimum (the sum may then exceed `available`).
    """
    widths = [max(n, m) for n, m in zip(natural, minimum, strict=True)]
    excess = sum(widths) - available
    while excess > 0:
        shrinkable = [k for k, w in enumerate(widths) if w > minimum[k]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda k: (widths[k], -k))
        widths[widest] -= 1
        excess -= 1
    return widths


@dataclass(frozen=True, slots=True)
class ArticleLabel:
    """How one article is named among others: `name` (its outlet, else its id) and a `suffix`
    (empty unless another article in view has the same name)."""

    name: str
    suffix: str = ""
    kind: Literal["", "date", "id"] = ""
    """What the suffix is: `date`, `id`, or empty (no suffix)."""
    separator: str = SEPARATOR
    """What joins the name and the suffix."""

    @property
    def text(self) -> str:
        """The whole label: `name · suffix`, or the name alone."""
        return f"{self.name}{self.separator}{self.suffix}" if self.suffix else self.name

    def fit(self, width: int) -> str:
        """The label in at most `width` cells: the name is cut (with an ellipsis) before the
        suffix (joined by a bare space when ` · ` leaves no room); when not even one character
        of the name fits, an ellipsis and the suffix alone."""
        if cell_len(self.text) <= width:
            return self.text
        if not self.suffix:
            return clip(self.name, width)
        for tail in dict.fromkeys((f"{self.separator}{self.suffix}", f" {self.suffix}")):
            room = width - cell_len(tail)
            if room >= 2:
                return clip(self.name, room) + tail
        if cell_len(self.suffix) < width:
            # The suffix is what tells this label from its neighbours: kept before the name.
            return ELLIPSIS + clip(self.suffix, width - 1)
        return clip(self.text, width)


def short_date(article: Article, *, with_year: bool = False) -> str:
    """`Sep 23` (or `Sep 23 2013`), or an empty string for an undated article."""
    if article.date is None:
        return ""
    day = f"{article.date:%b} {article.date.day}"
    return f"{day} {article.date.year}" if with_year else day


def _name(article: Article) -> str:
    return " ".join((article.outlet or article.id).split())


def article_labels(articles: Sequence[Article]) -> list[ArticleLabel]:
    """A label per article, in order, no two alike when the articles are distinct.

    An outlet shared by several articles is followed by each one's date (month and day, with
    the year when that alone differs); an article whose date is missing or shared by another of
    the same outlet gets its id instead. Articles with different outlets keep the outlet alone.
    """
    by_name: dict[str, list[int]] = defaultdict(list)
    for n, article in enumerate(articles):
        by_name[_name(article)].append(n)
    labels = [ArticleLabel(_name(a)) for a in articles]
    for name, indices in by_name.items():
        if len(indices) < 2:
            continue
        dates = [articles[n].date for n in indices]
        years = {d.year for d in dates if d is not None}
        for n in indices:
            date = articles[n].date
            if date is not None and dates.count(date) == 1:
                suffix = short_date(articles[n], with_year=len(years) > 1)
                labels[n] = ArticleLabel(name, suffix, "date")
            else:
                labels[n] = ArticleLabel(name, articles[n].id, "id")
    # An id suffix can still collide with an outlet named like `X · id` (or an article listed
    # twice); number what is left so that every label is told apart.
    seen: dict[str, int] = defaultdict(int)
    for label in labels:
        seen[label.text] += 1
    if any(count > 1 for count in seen.values()):
        counter: dict[str, int] = defaultdict(int)
        for n, label in enumerate(labels):
            if seen[label.text] > 1:
                counter[label.text] += 1
                suffix = f"{label.suffix} #{counter[label.text]}".strip()
                labels[n] = ArticleLabel(label.name, suffix, label.kind or "id")
    return labels
