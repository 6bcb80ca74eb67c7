"""The core: loading, segmentation, alignment, diffing, facts and export. No Textual, no Rich."""

from __future__ import annotations
