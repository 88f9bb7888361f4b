def a() -> str:
    return "alpha"
