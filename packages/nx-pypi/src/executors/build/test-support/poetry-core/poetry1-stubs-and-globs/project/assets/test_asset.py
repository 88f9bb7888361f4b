def test_asset():
    assert True
