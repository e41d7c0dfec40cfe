#!/usr/bin/env python3
"""Opens sealed-mode values with pyhpke, independently of swift-crypto: the interoperability test
seals values in Swift and runs this to check that another implementation reads them.

    python3 open-hpke-python.py PRIVATE_KEY.pem < values.json > plaintexts.json

values.json: [{"field", "callSid", "wire"}]; prints [plaintext or null] in the same order, null
for a value that does not open (wrong key id, binding or bytes).
"""
import hashlib
import json
import sys

from cryptography.hazmat.primitives import serialization
from pyhpke import AEADId, CipherSuite, KDFId, KEMId, KEMKey

SUITE = CipherSuite.new(KEMId.DHKEM_P256_HKDF_SHA256, KDFId.HKDF_SHA256, AEADId.AES256_GCM)
INFO = b"encrypted-gather/v1"


def main():
    pyca_key = serialization.load_pem_private_key(open(sys.argv[1], "rb").read(), password=None)
    point = pyca_key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    our_kid = hashlib.sha256(point).hexdigest()[:8]
    recipient_key = KEMKey.from_pyca_cryptography_key(pyca_key)
    results = []
    for value in json.load(sys.stdin):
        version, kid, sealed_at, hex_box = value["wire"].split(".")
        box = bytes.fromhex(hex_box)
        if version != "s1" or kid != our_kid:
            results.append(None)
            continue
        aad = f"{value['field']}:{value['callSid']}:{sealed_at}".encode()
        try:
            context = SUITE.create_recipient_context(box[:65], recipient_key, info=INFO)
            results.append(context.open(box[65:], aad=aad).decode())
        except Exception:
            results.append(None)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
