"""AWS Signature V4 query-string auth (presigned URLs), signed and checked with botocore's signer.

botocore's canonical_request / string_to_sign / signature steps are not a documented API; the
boto3 round-trip test in tests/localserver guards against drift.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, quote

from botocore.auth import SIGV4_TIMESTAMP, S3SigV4QueryAuth  # type: ignore[import-untyped]
from botocore.awsrequest import AWSRequest  # type: ignore[import-untyped]
from botocore.credentials import Credentials  # type: ignore[import-untyped]

from . import contract

ALGORITHM = "AWS4-HMAC-SHA256"
MAX_EXPIRES = 604_800  # S3 refuses presigned URLs valid for more than 7 days
_REQUIRED = (
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Signature",
)
# The URL's host part is never read: the signed host comes from the request's Host header.
_PLACEHOLDER_NETLOC = "localserver.invalid"


@dataclass(frozen=True)
class AuthError:
    status: int
    code: str
    message: str


@dataclass(frozen=True)
class AuthOk:
    signed_at: datetime
    expires: int  # seconds

    @property
    def deadline(self) -> datetime:
        return self.signed_at + timedelta(seconds=self.expires)


def _param_error(message: str) -> AuthError:
    return AuthError(400, "AuthorizationQueryParametersError", message)


class Signer:
    def __init__(
        self,
        access_key: str = contract.ACCESS_KEY_ID,
        secret_key: str | None = None,
        region: str = contract.REGION,
    ) -> None:
        # A constant secret would let anyone who read the source sign an upload URL (and serve
        # text/html from the public URL) without an API key: a new one for every start.
        self.secret_key = secret_key or secrets.token_urlsafe(32)
        self._credentials = Credentials(access_key, self.secret_key)
        self.access_key = access_key
        self.region = region

    def _auth(self, expires: int) -> S3SigV4QueryAuth:
        return S3SigV4QueryAuth(self._credentials, "s3", self.region, expires=expires)

    def presign_put(
        self, *, host: str, bucket: str, key: str, content_type: str, now: datetime, expires: int
    ) -> str:
        """A presigned PUT URL whose X-Amz-Date is `now` (the server's clock, not the wall's)."""
        url = f"http://{host}/{bucket}/{quote(key, safe='/~')}"
        request = AWSRequest(method="PUT", url=url, headers={"Content-Type": content_type})
        # add_auth would stamp the wall-clock time; do its steps with our clock instead.
        request.context["timestamp"] = now.astimezone(UTC).strftime(SIGV4_TIMESTAMP)
        auth = self._auth(expires)
        auth._modify_request_before_signing(request)
        canonical = auth.canonical_request(request)
        signature = auth.signature(auth.string_to_sign(request, canonical), request)
        auth._inject_signature_to_request(request, signature)
        return str(request.url)

    def verify(
        self, *, method: str, raw_path: str, raw_query: str, headers: Mapping[str, str]
    ) -> AuthOk | AuthError:
        """Check a presigned request as received: raw path and query, never re-encoded."""
        params = parse_qs(raw_query, keep_blank_values=True)
        if any(name not in params for name in _REQUIRED):
            return AuthError(
                403,
                "AccessDenied",
                "Query-string authentication version 4 requires the X-Amz-Algorithm, "
                "X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, "
                "and X-Amz-Expires parameters.",
            )
        if any(len(params[name]) != 1 for name in _REQUIRED):
            # S3 refuses an authentication parameter given twice (e.g. a second signature).
            return _param_error("Each X-Amz authentication parameter must appear exactly once.")
        first = {name: params[name][0] for name in _REQUIRED}
        if first["X-Amz-Algorithm"] != ALGORITHM:
            return _param_error('X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"')
        try:
            signed_at = datetime.strptime(first["X-Amz-Date"], SIGV4_TIMESTAMP).replace(tzinfo=UTC)
        except ValueError:
            return _param_error(
                "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\""
            )
        try:
            expires = int(first["X-Amz-Expires"])
        except ValueError:
            return _param_error("X-Amz-Expires should be a number")
        if not 0 <= expires <= MAX_EXPIRES:
            return _param_error(
                "X-Amz-Expires must be less than a week (in seconds) that is; 604800"
            )
        if first["X-Amz-Credential"].split("/", 1)[0] != self.access_key:
            return AuthError(
                403,
                "InvalidAccessKeyId",
                "The AWS Access Key Id you provided does not exist in our records.",
            )
        signed_names = first["X-Amz-SignedHeaders"].split(";")
        if "host" not in signed_names:
            return AuthError(403, "SignatureDoesNotMatch", _MISMATCH)

        # Rebuild the request byte for byte, minus the signature; only signed headers go in,
        # because botocore signs every header the request carries.
        kept = [p for p in raw_query.split("&") if p.partition("=")[0] != "X-Amz-Signature"]
        url = f"http://{_PLACEHOLDER_NETLOC}{raw_path}"
        if kept:
            url += "?" + "&".join(kept)
        signed_headers = {n: headers[n] for n in signed_names if n in headers}
        request = AWSRequest(method=method, url=url, headers=signed_headers)
        request.context["timestamp"] = first["X-Amz-Date"]
        auth = self._auth(expires)
        try:
            canonical = auth.canonical_request(request)
            expected = str(auth.signature(auth.string_to_sign(request, canonical), request))
        except (ValueError, UnicodeError):
            return AuthError(403, "SignatureDoesNotMatch", _MISMATCH)
        given = first["X-Amz-Signature"].encode("utf-8", "replace")
        if not hmac.compare_digest(expected.encode(), given):
            return AuthError(403, "SignatureDoesNotMatch", _MISMATCH)
        return AuthOk(signed_at=signed_at, expires=expires)


_MISMATCH = (
    "The request signature we calculated does not match the signature you provided. "
    "Check your key and signing method."
)
