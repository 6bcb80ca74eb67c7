"""How well story groups (`tui.core.groups`) find the events of the evaluation articles.

Every article of the events under `eval/` and `../shared/eval/more`, plus the bundled seeds, goes
into one library; `group_articles` groups it, and each pair of articles counts as a true pair
when both belong to one event. Articles whose file name says `distractor` report another event
on the same topic (another earthquake, another month's jobs report): each is its own event. Of
the seeds, `004` reports a later call between the same two leaders (the project brief says so).

Prints pairwise precision, recall and F1 and the number of groups, with the shipped rule and
with the engine's similarity alone (the rule before 2026-12-07), measured in the same run:

    .venv/bin/python eval/groups.py
"""

from __future__ import annotations

import itertools
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tui.core import groups as groups_mod  # noqa: E402
from tui.core.articles import load_article  # noqa: E402
from tui.core.types import Article  # noqa: E402

SHARED = REPO.parent / "shared"
# The seed that reports another event (a later call), from the project brief.
OTHER_SEED_EVENTS = {"004_2ab43efe910c19af.txt": "seeds-later-call"}


def event_of(path: Path) -> str:
    """The event an evaluation article reports, from its folder and file name."""
    if "distractor" in path.name:
        return path.name
    if path.parent.name == "seeds":
        return OTHER_SEED_EVENTS.get(path.name, "seeds")
    if path.parent.name == "more":
        return path.name.split("--", 1)[0]
    return path.parent.name


def library() -> tuple[list[Article], list[str]]:
    """The evaluation articles and their events."""
    paths = sorted(p for p in (REPO / "eval").glob("*/*.md"))
    paths += sorted((SHARED / "eval" / "more").glob("*.txt"))
    paths += sorted((SHARED / "seeds").glob("*.txt"))
    return [load_article(p) for p in paths], [event_of(p) for p in paths]


def pairwise(groups: Sequence[Sequence[int]], events: Sequence[str]) -> dict[str, float]:
    """Pairwise precision, recall and F1 of `groups` against the events."""
    label = {i: k for k, g in enumerate(groups) for i in g}
    tp = fp = fn = 0
    for i, j in itertools.combinations(range(len(events)), 2):
        same, together = events[i] == events[j], label[i] == label[j]
        tp += same and together
        fp += together and not same
        fn += same and not together
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "groups": float(len(groups))}


def run(articles: Sequence[Article], events: Sequence[str]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as cache:
        grouping = groups_mod.group_articles(articles, cache_dir=Path(cache), workers=1)
    return pairwise([g.members for g in grouping.groups], events)


def main() -> int:
    articles, events = library()
    rows = [("shipped rule", run(articles, events))]
    with mock.patch.object(groups_mod, "_story_edge", lambda similarity, *_: similarity):
        rows.append(("engine similarity alone", run(articles, events)))
    print(f"{len(articles)} articles, {len(set(events))} events")
    print("| rule | precision | recall | F1 | groups |")
    print("|---|---:|---:|---:|---:|")
    for name, m in rows:
        print(
            f"| {name} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | "
            f"{int(m['groups'])} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
