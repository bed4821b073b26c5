"""Keeping the cyclic collector's full passes off the request path.

CPython's collector walks every tracked object on a full (generation 2) pass. A served
process holds a large heap that lives as long as it does (routes, models, compiled
statements, translations, the catalog's search index), and each full pass over it took
about 100 ms in the middle of requests: the p99 of every endpoint (bench/README.md,
"The tail"). What is alive once the app is ready, and the search index each time it is
rebuilt, is moved out of the collector's sight with ``gc.freeze()``; what requests
allocate is collected as before, and frozen objects are still freed when their last
reference goes.
"""

from __future__ import annotations

import gc


def freeze_long_lived(*, collect_first: bool = True) -> None:
    """Stop the collector walking what exists now. Collecting first keeps today's garbage
    out of the frozen set; a caller on the request path skips it (a full pass there is
    what this avoids)."""
    if collect_first:
        gc.collect()
    gc.freeze()
