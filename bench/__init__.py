"""Speed and memory benchmarks of the engine and the reader (`python -m bench`).

Benchmarks are not tests: nothing here is asserted or run by CI. See `bench/README.md`.
"""

from __future__ import annotations
