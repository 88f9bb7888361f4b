def render() -> str:
    return "widget"
