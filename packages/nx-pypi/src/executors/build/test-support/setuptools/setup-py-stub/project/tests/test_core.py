from st_stub.core import greet


def test_greet():
    assert greet("x") == "hello x"
