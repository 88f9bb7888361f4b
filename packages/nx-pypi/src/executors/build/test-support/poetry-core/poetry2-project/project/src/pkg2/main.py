def run() -> None:
    print("pkg2")
