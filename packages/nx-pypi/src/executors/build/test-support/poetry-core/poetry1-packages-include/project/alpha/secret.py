TOKEN = "excluded by [tool.poetry].exclude"
