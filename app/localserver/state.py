"""Everything the request handlers share: settings, clock, faults, storage and the records."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import contract
from .clock import Clock
from .faults import Faults
from .records import ApiRecord, PutRecord
from .sigv4 import Signer
from .storage import Storage


@dataclass
class ServerState:
    storage: Storage
    host_port: str = ""  # "127.0.0.1:PORT", known once the socket is bound; signed into URLs
    api_keys: set[str] = field(default_factory=set)
    disabled_keys: set[str] = field(default_factory=set)
    storage_configured: bool = True
    image_cap: int = contract.IMAGE_CAP
    av_cap: int = contract.AV_CAP
    upload_ttl: int = contract.UPLOAD_TTL
    public_ttl: int = contract.PUBLIC_TTL
    direct_limit: int = contract.DIRECT_LIMIT
    body_timeout: float = 20.0  # a PUT body that stops arriving this long is refused
    bucket: str = contract.BUCKET
    signer: Signer = field(default_factory=Signer)
    clock: Clock = field(default_factory=Clock)
    faults: Faults = field(default_factory=Faults)
    puts: list[PutRecord] = field(default_factory=list)
    api_requests: list[ApiRecord] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return f"http://{self.host_port}"

    def key_is_valid(self, key: str | None) -> bool:
        return key is not None and key in self.api_keys and key not in self.disabled_keys

    def public_url(self, key: str) -> str:
        return f"{self.base_url}/public/{key}"
