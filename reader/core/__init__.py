"""The UI-free core: loading, cleaning, entities, search, store, settings.

Nothing under reader.core may import textual or rich (tests/core/test_purity.py checks it),
so the CLI starts fast and every piece is testable without a terminal.
"""
