"""The tokens of an assets upload session: signed JWTs, as Cloudflare hands them out.

Cloudflare answers an upload session with a JWT that authorises the file uploads (the
"upload" token) and, once every file is stored, a "completion" token that a script upload
redeems; both are valid for one hour. Here they are HS256 JWTs signed with a secret made
once per local Cloudflare state (``assets-jwt.key`` in the state directory), so a token
survives a restart and one from another installation, or edited by hand, is refused.
A token names the account, the dispatch namespace ("" for account-level Workers), the
script and the session it belongs to, and its kind; ``read`` checks the signature and the
expiry against the caller's clock (tests move the clock instead of sleeping).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path
from typing import Any, Literal

TOKEN_SECONDS = 3600  # upload and completion tokens are valid for one hour
KEY_FILE = "assets-jwt.key"
Kind = Literal["upload", "completion"]
_HEADER = {"alg": "HS256", "typ": "JWT"}


class TokenError(Exception):
    """The token is not one of ours (``forged``), or it has run out (``expired``)."""

    def __init__(self, message: str, *, expired: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.expired = expired


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Tokens:
    """Issues and reads the upload session's JWTs with one secret."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    @classmethod
    def in_directory(cls, directory: Path) -> Tokens:
        """The tokens of the state in ``directory``: its secret, made on first use."""
        path = Path(directory) / KEY_FILE
        if not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
            temporary.write_text(secrets.token_hex(32))
            os.chmod(temporary, 0o600)
            try:
                os.link(temporary, path)  # never replaces a secret another process made
            except FileExistsError:
                pass
            finally:
                temporary.unlink()
        return cls(bytes.fromhex(path.read_text().strip()))

    def _sign(self, signing_input: str) -> str:
        return _b64(hmac.new(self._secret, signing_input.encode(), hashlib.sha256).digest())

    def issue(
        self,
        kind: Kind,
        *,
        account: str,
        namespace: str,
        script: str,
        session: str,
        now: float,
    ) -> str:
        claims = {
            "kind": kind,
            "account": account,
            "namespace": namespace,
            "script": script,
            "session": session,
            "iat": int(now),
            "exp": int(now) + TOKEN_SECONDS,
        }
        head = _b64(json.dumps(_HEADER, separators=(",", ":")).encode())
        body = _b64(json.dumps(claims, separators=(",", ":")).encode())
        return f"{head}.{body}.{self._sign(f'{head}.{body}')}"

    def read(self, token: str, *, now: float) -> dict[str, Any]:
        """The token's claims, once its signature and expiry are checked."""
        parts = token.split(".")
        if len(parts) != 3:
            raise TokenError("The token is not a JWT.")
        head, body, signature = parts
        if not hmac.compare_digest(signature, self._sign(f"{head}.{body}")):
            raise TokenError("The token's signature does not match: it was not issued here.")
        try:
            header = json.loads(_unb64(head))
            claims = json.loads(_unb64(body))
        except ValueError:
            raise TokenError("The token's contents cannot be read.") from None
        if header != _HEADER or not isinstance(claims, dict):
            raise TokenError("The token's contents cannot be read.")
        expires = claims.get("exp")
        if not isinstance(expires, int) or now >= expires:
            raise TokenError("Expired JWT", expired=True)
        return claims
