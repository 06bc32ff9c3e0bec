"""Placeholder replaced below."""
def run_scripts(path, verbose):  # type: ignore[no-untyped-def]
    return True
