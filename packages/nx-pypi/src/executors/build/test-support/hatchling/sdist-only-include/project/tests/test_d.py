def test_d():
    assert True
