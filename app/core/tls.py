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
import threading

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


#: One context per trust setting, shared by every client and connection of the process.
_contexts: dict[tuple[str | None, str | None, bool], ssl.SSLContext] = {}
_contexts_lock = threading.Lock()


def ssl_context() -> ssl.SSLContext:
    """A client context that verifies against the system store, else certifi's bundle.

    Built once per trust setting (the environment's SSL_CERT_FILE and SSL_CERT_DIR, and whether
    a system store exists), then reused: loading a CA bundle takes tens of milliseconds, and on
    Linux truststore loaded it again inside every wrap_socket (49 ms per new TLS connection, on
    the thread that made it).
    """
    store = system_store_exists()
    key = (os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"), store)
    with _contexts_lock:
        context = _contexts.get(key)
        if context is None:
            context = _contexts[key] = _build(store)
        return context


def _build(store: bool) -> ssl.SSLContext:
    if store and sys.platform.startswith("linux"):
        # What truststore does on Linux (OpenSSL verifies against the system bundle), once.
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        _load_linux_store(context)
        return context
    if store:
        try:
            import truststore
        except ImportError:  # a source install without it still works, with certifi
            pass
        else:
            return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


def _load_linux_store(context: ssl.SSLContext) -> None:
    defaults = ssl.get_default_verify_paths()
    capath = defaults.capath
    if defaults.cafile or (capath and os.path.isdir(capath) and os.listdir(capath)):
        context.set_default_verify_paths()
        return
    for bundle in _LINUX_BUNDLES:
        if os.path.isfile(bundle):
            context.load_verify_locations(cafile=bundle)
            return
