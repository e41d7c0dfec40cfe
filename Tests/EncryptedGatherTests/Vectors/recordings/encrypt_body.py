"""Encrypts a body with a CEK and IV chosen elsewhere (here: by the openssl CLI).

`openssl enc` cannot do AES-GCM, so the body of the openssl vector is sealed here with the
CEK and IV that make_openssl_vector.sh drew and wrapped with `openssl pkeyutl`.

Usage: python3 encrypt_body.py NAME PLAINTEXT_LENGTH CEK_FILE IV_FILE WRAPPED_CEK_FILE
"""

import json
import sys

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives import hashes

import make_vectors


def main():
    name, length, cek_file, iv_file, wrapped_file = sys.argv[1:]
    cek, iv, wrapped = (open(p, "rb").read() for p in (cek_file, iv_file, wrapped_file))
    # Cross-check: the CEK that openssl wrapped unwraps to the same bytes in Python.
    with open("private_key_pkcs8.pem", "rb") as f:
        key = serialization.load_pem_private_key(f.read(), password=None)
    assert key.decrypt(wrapped, make_vectors.OAEP_SHA256) == cek
    sid = open("public_key_sid.txt").read().strip()
    plaintext = open("/dev/urandom", "rb").read(int(length))
    vector = make_vectors.make_vector(name, plaintext, key.public_key(), sid,
                                      cek=cek, iv=iv, wrapped_cek=wrapped)
    with open(f"{name}.json", "w") as f:
        json.dump({"vectors": [vector]}, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
