def main():
    print("st-guard")
