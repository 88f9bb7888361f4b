NAMES = ("knob", "dial")
