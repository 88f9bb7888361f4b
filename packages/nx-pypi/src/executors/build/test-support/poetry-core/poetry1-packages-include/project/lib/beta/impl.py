def b() -> str:
    return "beta"
