"""The hostile corpus: files and file names built to break reader or use it against its user.

`generate.py` writes them at test time (nothing hostile is committed as bytes).
"""
