def g() -> str:
    return "gamma"
