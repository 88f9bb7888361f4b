def test_helper():
    assert True
