"""Finding one's way around an article: its outline, its links, the original text, the
reading position and the history of places visited. Pure logic over `Article`; the UI draws it.
"""
