"""A cluster job: the portals to crawl and their options, written to Redis by the coordinator
and read by every worker (which needs nothing else: a profile travels as its TOML text)."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from scraper.profiles import Profile, ProfileError, generic_profile, profile_from_dict

JOB_VERSION = 1


@dataclass(frozen=True)
class PortalJob:
    name: str
    starts: list[str]
    delay: float
    profile_toml: str | None = None  # a profile crawl: the profile file's text
    profile_path: str | None = None  # where it came from (error messages only)
    address: str | None = None  # an address crawl (no profile)
    timeout: float | None = None
    max_size: int | None = None
    retries: int | None = None
    contact: str | None = None
    images: bool = True
    only_new: bool = False

    def profile(self) -> Profile:
        """The portal's profile, validated as `crawl` validates it."""
        if self.address:
            return generic_profile(self.address, self.name)
        source = self.profile_path or f"<profile {self.name} from the cluster job>"
        try:
            data = tomllib.loads(self.profile_toml or "")
        except tomllib.TOMLDecodeError as error:
            raise ProfileError(Path(source), "", f"invalid TOML: {error}") from None
        return profile_from_dict(data, Path(source))


@dataclass(frozen=True)
class Job:
    portals: list[PortalJob]
    lease_seconds: float = 30.0
    version: int = JOB_VERSION
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Job:
        if data.get("version") != JOB_VERSION:
            raise ValueError(
                f"cluster job version {data.get('version')!r}: this code reads version"
                f" {JOB_VERSION}; run the same code on every worker"
            )
        portals = [PortalJob(**portal) for portal in data["portals"]]
        return cls(portals, float(data["lease_seconds"]), JOB_VERSION, data.get("extra", {}))

    def identity(self) -> str:
        """Same portals, starts and options -> same identity: an unfinished job with the same
        identity is resumed, a different one replaced."""
        from scraper.cluster import serial

        return hashlib.sha256(serial.dumps(self.to_dict()["portals"])).hexdigest()[:16]
