#!/usr/bin/env python3
"""Values sealed by pyhpke (an HPKE implementation independent of swift-crypto) for the committed
test key openssl-ecparam-key.pub.pem, in sealed mode's wire form: s1.<kid>.<t>.<hex(enc || ct)>,
info "encrypted-gather/v1", aad "<field>:<CallSid>:<t>". Writes hpke-python.json.

    python3 make-hpke-python.py        (needs: pip install cryptography; pip install --no-deps pyhpke==0.6.2)
"""
import hashlib
import json

from cryptography.hazmat.primitives import serialization
from pyhpke import AEADId, CipherSuite, KDFId, KEMId, KEMKey

SUITE = CipherSuite.new(KEMId.DHKEM_P256_HKDF_SHA256, KDFId.HKDF_SHA256, AEADId.AES256_GCM)
INFO = b"encrypted-gather/v1"


def key_id(public_key):
    point = public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return hashlib.sha256(point).hexdigest()[:8]


def seal(public_pem, field, call_sid, sealed_at, plaintext):
    pyca_key = serialization.load_pem_public_key(public_pem)
    recipient = KEMKey.from_pyca_cryptography_key(pyca_key)
    aad = f"{field}:{call_sid}:{sealed_at}".encode()
    enc, sender = SUITE.create_sender_context(recipient, info=INFO)
    ciphertext = sender.seal(plaintext.encode(), aad=aad)
    return f"s1.{key_id(pyca_key)}.{sealed_at}.{(enc + ciphertext).hex()}"


def main():
    public_pem = open("openssl-ecparam-key.pub.pem", "rb").read()
    call = "CA" + "0123456789abcdef" * 2
    cases = [
        ("card", call, 1764662400, "1234"),
        ("pin", call, 1764662405, "4321"),
        ("card", call, 1764662410, "4242424242424242"),
        ("securityCode", call, 1764662415, "123"),
        ("dob", "CA" + "f" * 32, 1764662420, "01021990"),
    ]
    vectors = [
        {"field": f, "callSid": c, "sealedAt": t, "plaintext": p, "wire": seal(public_pem, f, c, t, p)}
        for f, c, t, p in cases
    ]
    with open("hpke-python.json", "w") as out:
        json.dump(vectors, out, indent=1)
        out.write("\n")


if __name__ == "__main__":
    main()
