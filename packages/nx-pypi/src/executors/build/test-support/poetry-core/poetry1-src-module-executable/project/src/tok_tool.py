"""tok_tool: a single module under src/."""


def main():
    return 0
