"""Pure training science: e1RM, volume, records and streaks, from versioned tables.

No I/O and no framework imports: every function takes plain values (integer grams,
aware datetimes, the dataclasses of ``volume``) and returns plain values, so the API,
the importers and the program generator share one implementation. The numbers come
from ``TRAINING_SCIENCE.md``; each table carries a version string that is stored with
every result computed from it.
"""
