"""The versions stamped on every article cache entry: bump one and every entry is stale.

They live here, not beside the cleaner and the entity extractor, so that a start that finds
every article in the cache (reader/core/cache.py) checks them without importing either.
"""

#: Bumped whenever cleaning output changes (reader/core/cleaning.py and what it calls).
CLEANER_VERSION = 5
#: Bumped whenever entity output changes (reader/core/entities/: rules, gazetteers, typing model).
ENTITIES_VERSION = 2
