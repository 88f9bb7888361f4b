def alpha():
    return "a"


def beta():
    return "b"
