"""dyn_pkg: dependencies, requires-python and classifiers come from [tool.poetry]."""
