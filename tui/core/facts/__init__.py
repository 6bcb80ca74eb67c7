"""Facts in news articles: extraction, and matching across two articles.

`extract_facts` finds numbers with what they count, people, organisations and places, direct
quotes and dates in one article. `compare_facts` says which facts only one article states and
which figures the two articles give differently. Rule-based, no network, no models.
"""

from __future__ import annotations

from tui.core.facts.extract import extract_facts
from tui.core.facts.match import compare_facts

__all__ = ["compare_facts", "extract_facts"]
