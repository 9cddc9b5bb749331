"""An authsign-compatible `/sign` endpoint on 127.0.0.1 for the tests, with no network.

A real authsign server signs with a Let's Encrypt domain certificate and has the signature
timestamped by a public RFC 3161 server. Here both come from certificate authorities the test
makes: a "domain" root and certificate (ECDSA, signing the hash as authsign does, with
authsign's own `crypto.sign`) and a time-stamping root and TSA certificate, whose RFC 3161
replies Debian's `openssl ts` writes. The trusted-roots YAML names both roots, so authsign's
Verifier checks the result exactly as it checks a real one.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DOMAIN = "archive.example"
TOKEN = "test-token-not-a-secret"


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _cert(subject, issuer, key, signer, *, ca: bool, eku=None) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if eku:
        builder = builder.add_extension(x509.ExtendedKeyUsage(eku), critical=True)
    return builder.sign(signer, hashes.SHA256())


def _pem(*certs: x509.Certificate) -> str:
    return "".join(c.public_bytes(serialization.Encoding.PEM).decode("ascii") for c in certs)


def _fingerprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex()


@dataclass
class LocalSigner:
    folder: Path
    domain_key: ec.EllipticCurvePrivateKey
    domain_chain: str
    tsa_chain: str
    roots_file: Path
    calls: int = 0

    @classmethod
    def create(cls, folder: Path) -> LocalSigner:
        folder.mkdir(parents=True, exist_ok=True)
        root_key = ec.generate_private_key(ec.SECP256R1())
        root = _cert("Test Domain Root", "Test Domain Root", root_key, root_key, ca=True)
        domain_key = ec.generate_private_key(ec.SECP256R1())
        domain = _cert(DOMAIN, "Test Domain Root", domain_key, root_key, ca=False)
        tsa_root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        tsa_root = _cert("Test TSA Root", "Test TSA Root", tsa_root_key, tsa_root_key, ca=True)
        tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        tsa = _cert(
            "Test TSA", "Test TSA Root", tsa_key, tsa_root_key,
            ca=False, eku=[ExtendedKeyUsageOID.TIME_STAMPING],
        )  # fmt: skip
        (folder / "tsa.pem").write_text(_pem(tsa))
        (folder / "tsa.key").write_bytes(
            tsa_key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        (folder / "serial").write_text("01\n")
        (folder / "tsa.cnf").write_text(
            "[ tsa ]\ndefault_tsa = tsa_config\n[ tsa_config ]\n"
            f"serial = {folder / 'serial'}\ncrypto_device = builtin\n"
            "signer_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256\n"
            "accuracy = secs:1\nordering = yes\ntsa_name = no\ness_cert_id_chain = no\n"
            "ess_cert_id_alg = sha256\n"
        )
        roots = folder / "trusted-roots.yaml"
        roots.write_text(
            f"domain_cert_roots:\n  - {_fingerprint(root)}\n"
            f"timestamp_cert_roots:\n  - {_fingerprint(tsa_root)}\n"
        )
        return cls(folder, domain_key, _pem(domain, root), _pem(tsa, tsa_root), roots)

    def timestamp(self, text: str) -> str:
        """An RFC 3161 reply (base64 DER) for `text`, made by `openssl ts`."""
        data, query, reply = (self.folder / n for n in ("data", "query.tsq", "reply.tsr"))
        data.write_text(text)
        subprocess.run(
            ["openssl", "ts", "-query", "-data", str(data), "-sha256", "-cert",
             "-out", str(query)],
            check=True, capture_output=True,
        )  # fmt: skip
        subprocess.run(
            ["openssl", "ts", "-reply", "-queryfile", str(query), "-config",
             str(self.folder / "tsa.cnf"), "-signer", str(self.folder / "tsa.pem"),
             "-inkey", str(self.folder / "tsa.key"), "-out", str(reply)],
            check=True, capture_output=True,
        )  # fmt: skip
        return base64.b64encode(reply.read_bytes()).decode("ascii")

    def sign(self, request: dict) -> dict:
        from authsign import crypto

        self.calls += 1
        signature = crypto.sign(request["hash"], self.domain_key)
        return {
            "hash": request["hash"],
            "created": request["created"],
            "software": "authsign (test signer)",
            "signature": signature,
            "domain": DOMAIN,
            "domainCert": self.domain_chain,
            "timeSignature": self.timestamp(signature),
            "timestampCert": self.tsa_chain,
            "version": "0.1.0",
        }


@contextlib.contextmanager
def serve_signer(signer: LocalSigner) -> Iterator[str]:
    """Serve `POST /sign` on 127.0.0.1 (bearer token TOKEN); yields the endpoint's URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if self.path != "/sign" or self.headers.get("Authorization") != f"bearer {TOKEN}":
                self.send_response(403)
                self.end_headers()
                return
            answer = json.dumps(signer.sign(json.loads(body))).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sign"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
