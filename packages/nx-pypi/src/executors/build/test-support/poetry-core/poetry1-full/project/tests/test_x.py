from token_lib import __version__


def test_version() -> None:
    assert __version__ == "1.2.0"
