"""The raw sink (benchmarks/sink.py) over HTTPS, answering PUTs with MD5 ETags: R2's real shape.

Run: python benchmarks/tls_sink.py --ca-file FILE [--port 0] [--etag md5|none]
Makes a throwaway certificate authority (trustme) and a certificate for 127.0.0.1, writes the
authority's PEM to FILE (point SSL_CERT_FILE at it: the client's system trust store then has
it), prints ``listening on https://127.0.0.1:PORT`` and serves until killed. Each connection
gets a thread; the TLS handshake and decryption happen there, not in the accept loop.
"""

from __future__ import annotations

import argparse
import socket
import ssl
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sink


def _serve_tls(conn: socket.socket, context: ssl.SSLContext, etag: str) -> None:
    try:
        wrapped = context.wrap_socket(conn, server_side=True)
        sink._serve(wrapped, etag, "https")
    except (ConnectionError, OSError, ValueError, IndexError):
        return


def main() -> int:
    import trustme

    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--etag", choices=("none", "md5"), default="md5")
    parser.add_argument("--ca-file", required=True)
    args = parser.parse_args()
    ca = trustme.CA()
    ca.cert_pem.write_to_path(args.ca_file)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    listener = socket.create_server(("127.0.0.1", args.port), backlog=64)
    port = listener.getsockname()[1]
    print(f"listening on https://127.0.0.1:{port}", flush=True)
    while True:
        conn, _ = listener.accept()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=_serve_tls, args=(conn, context, args.etag), daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
