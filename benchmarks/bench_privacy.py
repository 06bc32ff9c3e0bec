"""Cost of privacy: sealing and opening a message, unlocking a passphrase-locked key, rotating a home key,
and an online backup, on a home filled with real replies.

    python benchmarks/bench_privacy.py [--turns 300]

Prints one line per figure; docs/security.md quotes them with this command.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path


def _per_call_us(fn: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=300)
    args = parser.parse_args()

    from steadyheart import Companion
    from steadyheart.privacy import crypto
    from steadyheart.privacy.backup import backup_sqlite
    from steadyheart.privacy.crypto import DataKey, KeyChain
    from steadyheart.privacy.keys import HomeKeys, provider_for
    from steadyheart.privacy.keystore import KeyStore
    from steadyheart.privacy.rotation import rotate_home_key

    key = DataKey.generate()
    message = "he said he'd call after work and it's been three hours, I keep checking my phone " * 6
    sealed = crypto.seal(key, message)
    print(f"seal a {len(message)}-char message: {_per_call_us(lambda: crypto.seal(key, message), 2000):.1f} µs (median)")
    print(f"open it: {_per_call_us(lambda: crypto.open_sealed(KeyChain(key), sealed), 2000):.1f} µs (median); "
          f"stored size {len(sealed)} chars (+{len(sealed) - len(message)})")

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        companion = Companion.open(home)
        conversation = None
        start = time.perf_counter()
        for i in range(args.turns):
            conversation = companion.reply(f"message {i}: I keep wanting to ask if we're okay", conversation).conversation_id
        per_turn = (time.perf_counter() - start) / args.turns * 1000
        print(f"{args.turns} replies written (sealed) at {per_turn:.1f} ms a turn, all pipeline work included")

        store = KeyStore(home)
        chain = store.load()
        assert chain is not None
        start = time.perf_counter()
        store.save(chain, "a long enough passphrase")
        lock_s = time.perf_counter() - start
        start = time.perf_counter()
        store.load("a long enough passphrase")
        print(f"lock (scrypt n=2^15, r=8): {lock_s * 1000:.0f} ms; unlock: {(time.perf_counter() - start) * 1000:.0f} ms")
        store.save(chain)

        provider = provider_for(companion.database.engine)
        assert isinstance(provider, HomeKeys)
        start = time.perf_counter()
        report = rotate_home_key(companion.database.engine, store)
        print(f"rotate-key: {report.resealed} values re-sealed in {time.perf_counter() - start:.2f} s")

        start = time.perf_counter()
        result = backup_sqlite(companion.database.url, Path(tmp) / "copy.db")
        print(f"backup of {result.turns} turns: {time.perf_counter() - start:.2f} s, "
              f"{(Path(tmp) / 'copy.db').stat().st_size / 1e6:.1f} MB, integrity {result.integrity}")
        companion.close()


if __name__ == "__main__":
    main()
