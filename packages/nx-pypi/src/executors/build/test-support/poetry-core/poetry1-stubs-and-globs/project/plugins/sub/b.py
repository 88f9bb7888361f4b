def plug_b():
    return "b"
