def one() -> str:
    return "one"
