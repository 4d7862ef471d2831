"""Placeholder replaced in the application issue."""

def main() -> int:
    return 0
