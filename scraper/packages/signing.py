"""Signing packages, and checking a package's signature.

What the `wacz` library supports (py-wacz 0.6.0 with its `signing` extra, authsign 0.6.1):

- **Signing** is done by an authsign *server*: the packager POSTs the hash of datapackage.json
  and the package's `created` time to its `/sign` endpoint, with a bearer token, and stores the
  answer in datapackage-digest.json (`signedData`). The signing key never leaves that server:
  authsign keeps an ECDSA private key and a domain certificate from Let's Encrypt (ACME) in its
  own `data/` folder, rotates them every 48 hours, and has every signature timestamped by an
  RFC 3161 time-stamping server (freetsa.org by default). Signing therefore needs that server
  and the network; it cannot be done offline, and the library has no local-key signing.
- **Checking** a signature needs no network: authsign's `Verifier` checks the certificate
  chains and their roots (fingerprints in a trusted-roots YAML: authsign's own, or yours), the
  signature of the hash, and the RFC 3161 timestamp, all from what the package carries.

Settings (environment variables; nothing of it is ever in the repository):

- `ARCHIVE_WACZ_SIGNING_URL`: the authsign `/sign` endpoint, e.g. https://sign.example.org/sign.
  When set, every package made is signed and verification requires a valid signature.
- `ARCHIVE_WACZ_SIGNING_TOKEN_FILE`: a file holding the server's auth token (keep it outside
  the repository, or in `.secrets/`, which git ignores); `ARCHIVE_WACZ_SIGNING_TOKEN` holds the
  token itself (for CI secrets).
- `ARCHIVE_WACZ_TRUSTED_ROOTS`: a YAML file of trusted root fingerprints
  (`domain_cert_roots`, `timestamp_cert_roots`, as authsign's own `trusted/roots.yaml`);
  default: authsign's (Let's Encrypt and freetsa.org).
"""

from __future__ import annotations

import logging
import os
import re
import stat
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

ENV_URL = "ARCHIVE_WACZ_SIGNING_URL"
ENV_TOKEN_FILE = "ARCHIVE_WACZ_SIGNING_TOKEN_FILE"
ENV_TOKEN = "ARCHIVE_WACZ_SIGNING_TOKEN"
ENV_ROOTS = "ARCHIVE_WACZ_TRUSTED_ROOTS"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class SigningError(ValueError):
    """A signing setting is wrong; the message says which and how to fix it."""


@dataclass(frozen=True)
class SigningConfig:
    url: str = ""  # authsign /sign endpoint; "" = packages are not signed
    token: str = ""
    trusted_roots: str = ""  # YAML file of trusted root fingerprints; "" = authsign's own

    @property
    def signs(self) -> bool:
        return bool(self.url)


def load_signing(env: Mapping[str, str] | None = None) -> SigningConfig:
    """The signing settings from the environment; SigningError when they are unusable."""
    env = os.environ if env is None else env
    url = env.get(ENV_URL, "").strip()
    if url and not url.startswith(("http://", "https://")):
        raise SigningError(f"{ENV_URL}={url!r}: expected the http(s) URL of an authsign /sign")
    token = env.get(ENV_TOKEN, "").strip()
    token_file = env.get(ENV_TOKEN_FILE, "").strip()
    if token_file:
        path = Path(token_file).expanduser()
        try:
            token = path.read_text(encoding="utf-8").strip()
        except OSError as error:
            raise SigningError(f"{ENV_TOKEN_FILE}={token_file}: {error.strerror}") from None
        if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            log.warning("%s can be read by other users: chmod 600 %s", path, path)
    roots = env.get(ENV_ROOTS, "").strip()
    if roots and not Path(roots).is_file():
        raise SigningError(f"{ENV_ROOTS}={roots}: no such file")
    return SigningConfig(url=url, token=token, trusted_roots=roots)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(_ANSI.sub("", record.getMessage()).strip())


def check_signature(
    signed: Mapping[str, Any], datapackage_hash: str, created: str, trusted_roots: str = ""
) -> str:
    """ "" when `signed` (datapackage-digest.json's signedData) is a valid signature of this
    package, else the reason it is not. No network is used."""
    if signed.get("hash") != datapackage_hash:
        return (
            f"the signature covers {signed.get('hash')}, not this datapackage.json"
            f" ({datapackage_hash})"
        )
    if signed.get("created") != created:
        return (
            f"the signature was made for created={signed.get('created')!r}, the package says"
            f" {created!r}"
        )
    try:
        from authsign.verifier import Verifier
    except ImportError:  # pragma: no cover - the lock installs wacz[signing]
        return "authsign is not installed: cannot check the signature (pip install wacz[signing])"
    collect = _Collect()
    authsign_log = logging.getLogger("authsign")
    authsign_log.addHandler(collect)
    level = authsign_log.level
    authsign_log.setLevel(logging.INFO)
    authsign_log.propagate = False
    try:
        with warnings.catch_warnings():  # authsign reads its roots with a deprecated API
            warnings.simplefilter("ignore", DeprecationWarning)
            Verifier(trusted_roots or None)(dict(signed))
    except Exception as error:  # noqa: BLE001 - authsign raises AssertionError and others
        failed = [line for line in collect.lines if line.startswith("\u2717")]
        reason = failed[-1].lstrip("\u2717 ") if failed else f"{type(error).__name__}: {error}"
        return f"the signature does not verify: {reason}"
    finally:
        authsign_log.removeHandler(collect)
        authsign_log.setLevel(level)
        authsign_log.propagate = True
    return ""
