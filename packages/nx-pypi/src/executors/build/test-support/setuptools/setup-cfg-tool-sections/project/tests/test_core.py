from st_cfg.core import greet


def test_greet():
    assert greet("x") == "hello x"
