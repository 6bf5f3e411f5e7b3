"""A real OpenID Connect provider for tests: an HTTP server on a free local port, in a thread,
doing what Microsoft Entra ID or any provider does for cspplan: discovery
(/.well-known/openid-configuration), the authorization code flow with PKCE (S256 only; a request
without a challenge is refused), the token endpoint (checking the client's secret and the code
verifier), userinfo, and ID tokens signed RS256 with a key made at start (cryptography, PyJWT).

The person "signed in" at the provider is whoever the test sets as ``provider.person``; the test
follows the redirects as a browser would."""

import base64
import hashlib
import json
import secrets
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa


class Provider:
    def __init__(self, client_id="cspplan", client_secret="provider-secret"):
        self.client_id, self.client_secret = client_id, client_secret
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = secrets.token_hex(4)
        self.person = None  # the claims of whoever is signed in at the provider
        self.codes, self.tokens = {}, {}
        self.requests = []  # (method, path) of each request, for the test to read
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.issuer = f"http://127.0.0.1:{port}"
        self.server = ThreadingHTTPServer(("127.0.0.1", port), _handler_for(self))
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def discovery(self):
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
            "scopes_supported": ["openid", "email", "profile"],
        }

    def jwks(self):
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [public | {"kid": self.kid, "use": "sig", "alg": "RS256"}]}

    def authorize(self, query):
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            return 400, {"error": "invalid_request"}
        if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            return 400, {"error": "invalid_request", "error_description": "PKCE required"}
        if self.person is None:
            return 401, {"error": "login_required"}
        code = secrets.token_urlsafe(16)
        self.codes[code] = dict(query, person=self.person)
        target = query["redirect_uri"] + "?" + urlencode({"code": code, "state": query["state"]})
        return 302, target

    def token(self, form, authorization):
        client_id, secret = form.get("client_id"), form.get("client_secret")
        if authorization.startswith("Basic "):
            client_id, _, secret = base64.b64decode(authorization[6:]).decode().partition(":")
        if client_id != self.client_id or secret != self.client_secret:
            return 401, {"error": "invalid_client"}
        grant = self.codes.pop(form.get("code", ""), None)  # a code works once
        if grant is None or grant["redirect_uri"] != form.get("redirect_uri"):
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "")
        challenge = (
            base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
            .rstrip(b"=")
            .decode()
        )
        if challenge != grant["code_challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE verifier"}
        person, now = grant["person"], int(time.time())
        claims = dict(person, iss=self.issuer, aud=self.client_id, iat=now, exp=now + 300)
        if grant.get("nonce"):
            claims["nonce"] = grant["nonce"]
        id_token = jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": self.kid})
        access_token = secrets.token_urlsafe(16)
        self.tokens[access_token] = person
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }

    def userinfo(self, authorization):
        person = self.tokens.get(authorization.removeprefix("Bearer "))
        return (200, person) if person else (401, {"error": "invalid_token"})


def _handler_for(provider):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _answer(self, status, body):
            if status == 302:
                self.send_response(302)
                self.send_header("Location", body)
                self.end_headers()
                return
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self):  # noqa: N802 (http.server's name)
            url = urlparse(self.path)
            provider.requests.append(("GET", url.path))
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path == "/.well-known/openid-configuration":
                return self._answer(200, provider.discovery())
            if url.path == "/jwks":
                return self._answer(200, provider.jwks())
            if url.path == "/authorize":
                return self._answer(*provider.authorize(query))
            if url.path == "/userinfo":
                return self._answer(*provider.userinfo(self.headers.get("Authorization", "")))
            return self._answer(404, {"error": "not_found"})

        def do_POST(self):  # noqa: N802
            url = urlparse(self.path)
            provider.requests.append(("POST", url.path))
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if url.path == "/token":
                return self._answer(*provider.token(form, self.headers.get("Authorization", "")))
            return self._answer(404, {"error": "not_found"})

    return Handler
