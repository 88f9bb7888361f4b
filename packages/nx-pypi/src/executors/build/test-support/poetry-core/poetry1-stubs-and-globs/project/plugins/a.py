def plug_a():
    return "a"
