"""tok: a single-module distribution (tok.py at the project root)."""


def tokenize(text: str) -> list:
    return text.split()
