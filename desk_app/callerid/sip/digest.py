"""HTTP Digest authentication for REGISTER (RFC 2617 and RFC 7616), pure functions.

A ひかり電話 router or PBX challenges every REGISTER with 401/407. We answer MD5 (what routers
use), MD5-sess and the SHA-256 family RFC 7616 added, prefer qop=auth, echo ``opaque`` and
expose ``stale`` so that the registration loop can tell "nonce expired, just retry" from
"wrong password". The cnonce and nonce count are inputs so the results are reproducible.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from desk_app.callerid.sip.headers import ParseError, parse_auth_params, quote

_HASHES = {
    "md5": hashlib.md5,
    "sha-256": hashlib.sha256,
    "sha-512-256": lambda data: hashlib.new("sha512_256", data),
}
# When a server offers several challenges, take the strongest we support (RFC 7616 §3.7).
_PREFERENCE = ["sha-512-256", "sha-256", "md5"]


@dataclass(frozen=True, slots=True)
class Challenge:
    realm: str
    nonce: str
    algorithm: str = "MD5"  # as written by the server (echoed back verbatim)
    qop: tuple[str, ...] = ()
    opaque: str | None = None
    stale: bool = False
    userhash: bool = False
    proxy: bool = False  # 407 Proxy-Authenticate → answer with Proxy-Authorization

    @property
    def base_algorithm(self) -> str:
        return self.algorithm.lower().removesuffix("-sess")

    @property
    def header_name(self) -> str:
        return "Proxy-Authorization" if self.proxy else "Authorization"


def parse_challenge(value: str, *, proxy: bool = False) -> Challenge:
    """Read one WWW-Authenticate / Proxy-Authenticate value; ParseError if not usable."""
    scheme, params = parse_auth_params(value)
    if scheme != "digest":
        raise ParseError(f"unsupported auth scheme {scheme!r}")
    nonce = params.get("nonce")
    if nonce is None:
        raise ParseError("digest challenge without nonce")
    algorithm = params.get("algorithm") or "MD5"
    if algorithm.lower().removesuffix("-sess") not in _HASHES:
        raise ParseError(f"unsupported digest algorithm {algorithm!r}")
    qop = tuple(q.strip().lower() for q in params.get("qop", "").split(",") if q.strip())
    return Challenge(
        realm=params.get("realm", ""),
        nonce=nonce,
        algorithm=algorithm,
        qop=qop,
        opaque=params.get("opaque"),
        stale=params.get("stale", "").lower() == "true",
        userhash=params.get("userhash", "").lower() == "true",
        proxy=proxy,
    )


def best_challenge(values: list[str], *, proxy: bool = False) -> Challenge:
    """Pick the strongest usable challenge among the header values of one response."""
    usable: list[Challenge] = []
    for value in values:
        try:
            usable.append(parse_challenge(value, proxy=proxy))
        except ParseError:
            continue
    if not usable:
        raise ParseError("no usable digest challenge")
    return min(usable, key=lambda c: _PREFERENCE.index(c.base_algorithm))


def _h(algorithm: str, text: str) -> str:
    return _HASHES[algorithm](text.encode("utf-8")).hexdigest()


def digest_response(challenge: Challenge, *, method: str, uri: str, username: str,
                    password: str, cnonce: str, nc: int, body: bytes = b"") -> tuple[str, str | None]:
    """Return (response hash, qop used or None) for one request."""
    alg = challenge.base_algorithm
    ha1 = _h(alg, f"{username}:{challenge.realm}:{password}")
    if challenge.algorithm.lower().endswith("-sess"):
        ha1 = _h(alg, f"{ha1}:{challenge.nonce}:{cnonce}")
    qop = "auth" if "auth" in challenge.qop else "auth-int" if "auth-int" in challenge.qop else None
    if qop == "auth-int":
        ha2 = _h(alg, f"{method}:{uri}:{_HASHES[alg](body).hexdigest()}")
    else:
        ha2 = _h(alg, f"{method}:{uri}")
    if qop is None:  # RFC 2069 compatibility: old routers send no qop
        return _h(alg, f"{ha1}:{challenge.nonce}:{ha2}"), None
    return _h(alg, f"{ha1}:{challenge.nonce}:{nc:08x}:{cnonce}:{qop}:{ha2}"), qop


def authorization(challenge: Challenge, *, method: str, uri: str, username: str, password: str,
                  cnonce: str, nc: int = 1, body: bytes = b"") -> str:
    """The value of the Authorization (or Proxy-Authorization) header answering *challenge*."""
    response, qop = digest_response(challenge, method=method, uri=uri, username=username,
                                    password=password, cnonce=cnonce, nc=nc, body=body)
    shown_user = username
    if challenge.userhash:
        shown_user = _h(challenge.base_algorithm, f"{username}:{challenge.realm}")
    parts = [
        f"username={quote(shown_user)}",
        f"realm={quote(challenge.realm)}",
        f"nonce={quote(challenge.nonce)}",
        f"uri={quote(uri)}",
        f"response={quote(response)}",
        f"algorithm={challenge.algorithm}",
    ]
    if qop:
        parts += [f"cnonce={quote(cnonce)}", f"qop={qop}", f"nc={nc:08x}"]
    if challenge.opaque is not None:
        parts.append(f"opaque={quote(challenge.opaque)}")
    if challenge.userhash:
        parts.append("userhash=true")
    return "Digest " + ", ".join(parts)
