def test_plug():
    assert True
