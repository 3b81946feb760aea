"""Which certificates the app trusts: the operating system's, as a browser does.

A company network that inspects TLS installs its proxy's certificate in the system store;
certifi's bundle alone would refuse every upload there. Where no system store exists (a minimal
Linux without ``ca-certificates``), the certifi bundle shipped with the app is used instead of
failing every connection.
"""

from __future__ import annotations

import os
import ssl
import sys

# Where Linux distributions keep the system bundle (the same list truststore searches).
_LINUX_BUNDLES = (
    "/etc/ssl/cert.pem",
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
    "/etc/pki/tls/cert.pem",
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/ssl/ca-bundle.pem",
)


def system_store_exists() -> bool:
    if not sys.platform.startswith("linux"):
        return True  # Windows and macOS always have their certificate APIs
    defaults = ssl.get_default_verify_paths()
    if defaults.cafile:
        return True
    if defaults.capath and os.path.isdir(defaults.capath) and os.listdir(defaults.capath):
        return True
    return any(os.path.isfile(path) for path in _LINUX_BUNDLES)


def ssl_context() -> ssl.SSLContext:
    """A client context that verifies against the system store, else certifi's bundle."""
    if system_store_exists():
        try:
            import truststore
        except ImportError:  # a source install without it still works, with certifi
            pass
        else:
            return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    import certifi

    return ssl.create_default_context(cafile=certifi.where())
