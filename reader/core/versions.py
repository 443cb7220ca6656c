"""The versions stamped on every article cache entry: bump one and every entry is stale.

They live here, not beside the cleaner and the entity extractor, so that a start that finds
every article in the cache (reader/core/library/cache.py) checks them without importing either.
"""

#: Bumped whenever cleaning output changes (reader/core/cleaning/ and what it calls), HTML
#: extraction included: the cache key holds this one.
CLEANER_VERSION = 7
#: Bumped whenever HTML extraction output changes (reader/core/cleaning/html*.py, or a new
#: version of one of the extractors); bump CLEANER_VERSION with it.
EXTRACTOR_VERSION = 7
#: Bumped whenever entity output changes (reader/core/entities/: rules, gazetteers, typing model).
ENTITIES_VERSION = 7
