"""Makes the Twilio Voice Recording Encryption test vectors with Python's `cryptography`.

Mirrors what Twilio does: a random 32-byte CEK per recording, AES-256-GCM with a random
12-byte IV and no AAD (the 16-byte tag appended to the file), and the CEK wrapped with
RSAES-OAEP (SHA-256, MGF1-SHA-256) under the customer's public key.

Usage: python3 make_vectors.py      (run in this folder; rewrites every vector)
"""

import base64
import hashlib
import json
import os
import secrets

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

OAEP_SHA256 = padding.OAEP(
    mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None
)


def write(name, data):
    with open(name, "wb") as f:
        f.write(data)


def make_key_pair(private_pkcs1, private_pkcs8, public):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    write(private_pkcs1, key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption()))
    if private_pkcs8:
        write(private_pkcs8, key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))
    write(public, key.public_key().public_bytes(
        serialization.Encoding.PEM,
        serialization.PublicFormat.SubjectPublicKeyInfo))
    return key


def details_json(public_key_sid, wrapped_cek, iv):
    """Both spellings Twilio uses: the RecordingStatusCallback one and the REST resource one."""
    def b64(b):
        return base64.b64encode(b).decode("ascii")

    callback = {"type": "rsa-aes", "public_key_sid": public_key_sid,
                "encrypted_cek": b64(wrapped_cek), "iv": b64(iv)}
    rest = {"type": "rsa-aes", "encryption_public_key_sid": public_key_sid,
            "encryption_cek": b64(wrapped_cek), "encryption_iv": b64(iv)}
    return (json.dumps(callback, separators=(",", ":")),
            json.dumps(rest, indent=2))


def make_vector(name, plaintext, public_key, public_key_sid, cek=None, iv=None, wrapped_cek=None):
    cek = cek if cek is not None else AESGCM.generate_key(bit_length=256)
    iv = iv if iv is not None else os.urandom(12)
    if wrapped_cek is None:
        wrapped_cek = public_key.encrypt(cek, OAEP_SHA256)
    # AESGCM.encrypt returns ciphertext || tag(16): Twilio's file layout.
    write(f"{name}.enc", AESGCM(cek).encrypt(iv, plaintext, None))
    callback, rest = details_json(public_key_sid, wrapped_cek, iv)
    write(f"{name}.callback.json", callback.encode() + b"\n")
    write(f"{name}.rest.json", rest.encode() + b"\n")
    return {"name": name, "plaintext_length": len(plaintext),
            "plaintext_sha256": hashlib.sha256(plaintext).hexdigest(), "cek_hex": cek.hex()}


def main():
    key = make_key_pair("private_key_pkcs1.pem", "private_key_pkcs8.pem", "public_key.pem")
    # A second, unrelated key pair: the "wrong key" in tests.
    make_key_pair("other_private_key.pem", None, "other_public_key.pem")
    sid = "CR" + secrets.token_hex(16)
    write("public_key_sid.txt", sid.encode() + b"\n")
    vectors = [
        make_vector("python-100k", os.urandom(100 * 1024 + 3), key.public_key(), sid),
        make_vector("python-tiny", os.urandom(5), key.public_key(), sid),
        make_vector("python-empty", b"", key.public_key(), sid),
    ]
    write("python-vectors.json", json.dumps({"vectors": vectors}, indent=2).encode() + b"\n")


if __name__ == "__main__":
    main()
