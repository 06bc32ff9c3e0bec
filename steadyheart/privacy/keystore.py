"""Where a terminal home keeps its data key: the OS keyring when there is one, else a 0600 key file.

The stored text is JSON: either the keys themselves, or (after `steadyheart lock`) the keys sealed under a
key derived from a passphrase with scrypt. Lose the key (or forget the passphrase) and the data is gone:
nothing else can open it. Imports crypto, errors and the standard library; `keyring` lazily.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

from steadyheart.errors import StorageError
from steadyheart.privacy import crypto
from steadyheart.privacy.crypto import DataKey, KeyChain

KEY_FILE = "steadyheart.key"
KEYRING_SERVICE = "steadyheart"
FORMAT = "steadyheart-key/1"
_PASSPHRASE_CONTEXT = "steadyheart-passphrase-lock"
log = logging.getLogger("steadyheart.privacy")

#: passphrases given in this process (by `unlock_for_session`), so a locked home asks only once
_remembered: dict[str, str] = {}


def keyring_usable() -> bool:
    """True when a real OS keyring backend is available (not the null or failing one) and not switched off."""
    if os.environ.get("STEADYHEART_KEYRING", "").lower() in {"0", "off", "no", "false"}:
        return False
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
    except Exception:  # a broken keyring installation means: use the file
        return False
    return not isinstance(backend, fail.Keyring) and getattr(backend, "priority", 0) > 0


class KeyStore:
    """The key of one home directory, kept in the keyring (named by the directory) or in a file there."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.file = self.directory / KEY_FILE
        self.keyring_name = str(self.directory.resolve())

    # -- raw storage ------------------------------------------------------------------------------
    def location(self) -> str:
        """'keyring' or 'file': where the key is (or, when there is none yet, where it would go)."""
        if self.file.exists():
            return "file"
        return "keyring" if keyring_usable() else "file"

    def read(self) -> str | None:
        if self.file.exists():
            self._check_permissions()
            try:
                return self.file.read_text("utf-8")
            except OSError as exc:
                raise StorageError(f"Steadyheart cannot read its key file {self.file} ({exc.strerror}).") from exc
        if keyring_usable():
            import keyring

            value: str | None = keyring.get_password(KEYRING_SERVICE, self.keyring_name)
            return value
        return None

    def write(self, text: str) -> None:
        if self.location() == "keyring":
            import keyring

            keyring.set_password(KEYRING_SERVICE, self.keyring_name, text)
            return
        self._write_file(text)

    def _write_file(self, text: str) -> None:
        write_private_file(self.file, text)

    def _check_permissions(self) -> None:
        mode = self.file.stat().st_mode & 0o777
        if mode & 0o077:
            log.warning("key file permissions tightened", extra={"mode": oct(mode)})
            self.file.chmod(0o600)

    # -- keys -------------------------------------------------------------------------------------
    def exists(self) -> bool:
        return self.read() is not None

    def is_locked(self) -> bool:
        text = self.read()
        return text is not None and "locked" in _parse(text)

    def load(self, passphrase: str | None = None) -> KeyChain | None:
        """The keys, or None when this home has none yet. A locked key needs its passphrase."""
        text = self.read()
        if text is None:
            return None
        data = _parse(text)
        if "locked" in data:
            try:
                data = _open_locked(data["locked"], passphrase or self._passphrase())
            except StorageError:
                _remembered.pop(self.keyring_name, None)  # a mistyped passphrase is asked again next time
                raise
        return _chain_from(data)

    def load_or_create(self) -> KeyChain:
        chain = self.load()
        if chain is None:
            chain = KeyChain(DataKey.generate())
            if self.location() == "keyring":
                self.save(chain)
            elif not write_private_file(self.file, json.dumps(_plain(chain)), exclusive=True):
                # two processes started at once: keep the key that got there first, never a second one
                chain = self.load()
                assert chain is not None
        return chain

    def save(self, chain: KeyChain, passphrase: str | None = None) -> None:
        """Store keys, sealed under `passphrase` when one is given."""
        self.write(json.dumps(_lock(chain, passphrase) if passphrase else _plain(chain)))

    def _passphrase(self) -> str:
        remembered = _remembered.get(self.keyring_name) or os.environ.get("STEADYHEART_PASSPHRASE")
        if remembered:
            return remembered
        if sys.stdin.isatty():
            passphrase = getpass.getpass("Steadyheart passphrase: ")
            _remembered[self.keyring_name] = passphrase
            return passphrase
        raise StorageError(
            "Your Steadyheart data is locked with a passphrase; set STEADYHEART_PASSPHRASE or run it in a terminal."
        )

    def remember(self, passphrase: str) -> None:
        """Keep a passphrase in memory for this process (checked first)."""
        self.load(passphrase)
        _remembered[self.keyring_name] = passphrase


def write_private_file(path: Path, text: str, *, exclusive: bool = False) -> bool:
    """Write atomically with 0600 permissions: a crash leaves the old content or the new, never half.

    With `exclusive`, an existing file is left alone and False is returned.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)
        if exclusive:
            try:
                os.link(temporary, path)  # fails if the file exists: creation is atomic and first-wins
            except FileExistsError:
                return False
            finally:
                os.unlink(temporary)
        else:
            os.replace(temporary, path)
        directory_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory_fd)
        finally:
            os.close(directory_fd)
    except OSError as exc:
        raise StorageError(f"Steadyheart cannot write the key file {path} ({exc.strerror}).") from exc
    return True


def _parse(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StorageError("The Steadyheart key is damaged (it is not valid JSON), so the data cannot be opened.") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise StorageError("The Steadyheart key is not in a format this version understands.")
    return data


def _plain(chain: KeyChain) -> dict[str, Any]:
    return {"format": FORMAT, "current": chain.current.hex_id,
            "keys": {k.hex_id: crypto.b64(k.secret) for k in chain.all_keys()}}


def _chain_from(data: dict[str, Any]) -> KeyChain:
    try:
        keys = {hex_id: DataKey(bytes.fromhex(hex_id), crypto.unb64(secret)) for hex_id, secret in data["keys"].items()}
        current = keys.pop(data["current"])
    except (KeyError, ValueError, AttributeError) as exc:
        raise StorageError("The Steadyheart key is damaged, so the data cannot be opened.") from exc
    return KeyChain(current, tuple(keys.values()))


def _lock(chain: KeyChain, passphrase: str) -> dict[str, Any]:
    salt = os.urandom(16)
    wrapping = crypto.passphrase_key(passphrase, salt)
    sealed = crypto.wrap(wrapping, json.dumps(_plain(chain)).encode("utf-8"), _PASSPHRASE_CONTEXT)
    return {"format": FORMAT, "locked": {"kdf": "scrypt", "n": crypto.SCRYPT_N, "r": crypto.SCRYPT_R,
                                         "p": crypto.SCRYPT_P, "salt": crypto.b64(salt), "sealed": sealed}}


def _open_locked(locked: dict[str, Any], passphrase: str) -> dict[str, Any]:
    try:
        wrapping = crypto.passphrase_key(passphrase, crypto.unb64(locked["salt"]), locked["n"], locked["r"], locked["p"])
        sealed = locked["sealed"]
    except (KeyError, ValueError, TypeError) as exc:
        raise StorageError("The Steadyheart key is damaged, so the data cannot be opened.") from exc
    opened = crypto.unwrap(wrapping, sealed, _PASSPHRASE_CONTEXT)
    if opened is None:
        raise StorageError("That passphrase does not open your Steadyheart data.")
    return _parse(opened.decode("utf-8"))
