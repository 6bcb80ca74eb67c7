"""Facts in news articles: extraction, and matching across two articles.

`extract_facts` finds numbers with what they count, people, organisations and places, direct
quotes and dates in one article; each number carries its frame (`tui.core.types.Frame`: what
it measures and counts, where and when). `frame_key` is the key figures about the same thing
share across articles. `compare_facts` says which facts only one article states and which
figures the two articles give differently. Rule-based, no network, no models.
"""

from __future__ import annotations

from tui.core.facts.extract import extract_facts
from tui.core.facts.frames import frame_key, same_frame
from tui.core.facts.match import compare_facts

__all__ = ["compare_facts", "extract_facts", "frame_key", "same_frame"]
