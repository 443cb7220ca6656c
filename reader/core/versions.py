"""The versions stamped on every article cache entry: bump one and every entry is stale.

They live here, not beside the cleaner and the entity extractor, so that a start that finds
every article in the cache (reader/core/library/cache.py) checks them without importing either.
"""

#: Bumped whenever cleaning output changes (reader/core/cleaning/ and what it calls).
CLEANER_VERSION = 5
#: Bumped whenever entity output changes (reader/core/entities/ and its gazetteers).
ENTITIES_VERSION = 1
