def test_mod():
    assert True
