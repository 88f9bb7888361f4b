def d() -> str:
    return "delta"
