#!/usr/bin/env python3
"""AES-256-GCM test vectors made with the Python `cryptography` package (independent of Node/Swift).

    python3 make-aes-python.py                       write aes-gcm-python.json and aes-gcm-negative.json
                                                     beside this script (fixed key, random nonces)
    python3 make-aes-python.py decrypt KEYHEX HEX    print the plaintext (no trailing newline)
    python3 make-aes-python.py encrypt KEYHEX TEXT   print nonce||ciphertext||tag as lowercase hex (no trailing newline)

CLI failures print one line on stderr and exit 1.
Wire format (same as the Twilio tutorial's Node code): hex( nonce[12] || ciphertext || tag[16] ).
Hex is accepted in either letter case; anything else (odd length, non-hex characters, whitespace,
a "0x" prefix) is rejected.
"""
import json
import os
import re
import sys

import cryptography
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

# Fixed key, made once with `xxd -l32 -p -c32 /dev/urandom` (different from the Node script's key).
FIXED_KEY = "e1709f511db6d45be4f1d1637df88701e2fb8c221cc3483deaff4a925c63ab3a"
# The Node script's key: used only for the "wrong key" negative vector.
NODE_KEY = "4d673368f64352d80fcf5d6ab056fa41720b2cfd43ffac6c87fd1b5c93a6c7c9"

PLAINTEXTS = ["1234", "4321", "0000", "9999", "", "a longer plaintext with unicode \u00e9\u2713"]

NONCE_SIZE = 12
TAG_SIZE = 16
HERE = os.path.dirname(os.path.abspath(__file__))
_HEX = re.compile(r"(?:[0-9a-fA-F]{2})*")


class VectorError(Exception):
    pass


def parse_hex(s, what):
    if not _HEX.fullmatch(s):
        raise VectorError(f"{what} is not valid hex (odd length or non-hex character)")
    return bytes.fromhex(s)


def parse_key(key_hex):
    key = parse_hex(key_hex, "key")
    if len(key) != 32:
        raise VectorError("key must be 64 hex characters (32 bytes)")
    return key


def encrypt_bytes(plain: bytes, key_hex: str) -> str:
    nonce = os.urandom(NONCE_SIZE)
    ct_and_tag = AESGCM(parse_key(key_hex)).encrypt(nonce, plain, None)  # returns ciphertext || 16-byte tag
    return (nonce + ct_and_tag).hex()  # bytes.hex() is lowercase


def encrypt(text: str, key_hex: str) -> str:
    return encrypt_bytes(text.encode("utf-8"), key_hex)


def decrypt(cipher_hex: str, key_hex: str) -> str:
    key = parse_key(key_hex)
    data = parse_hex(cipher_hex, "ciphertext")
    if len(data) < NONCE_SIZE + TAG_SIZE:
        raise VectorError(f"ciphertext shorter than {NONCE_SIZE + TAG_SIZE} bytes (nonce + tag)")
    try:
        plain = AESGCM(key).decrypt(data[:NONCE_SIZE], data[NONCE_SIZE:], None)
    except InvalidTag:
        raise VectorError("decryption failed: authentication tag mismatch")
    try:
        return plain.decode("utf-8")
    except UnicodeDecodeError:
        raise VectorError("decryption failed: plaintext is not UTF-8")


def fail(msg):
    sys.stderr.write(str(msg).splitlines()[0] + "\n")
    sys.exit(1)


def flip_bit(hex_str, byte_index, mask):
    b = bytearray(bytes.fromhex(hex_str))
    b[byte_index] ^= mask
    return b.hex()


def negative_vectors(good, empty):
    """good: a valid {"plaintext","ciphertext"} made with FIXED_KEY; empty: the one for ""."""
    ct = good["ciphertext"]
    n = len(ct) // 2
    k = FIXED_KEY
    cases = [
        ("ok", ct, good["plaintext"], "baseline: valid lowercase vector"),
        ("ok", ct.upper(), good["plaintext"], "uppercase hex of a valid vector: hex is accepted in either case"),
        ("ok", "".join(c.upper() if i % 2 else c for i, c in enumerate(ct)), good["plaintext"],
         "mixed-case hex of a valid vector"),
        ("ok", empty["ciphertext"], "", "empty plaintext: exactly 28 bytes (nonce + tag), the minimum valid length"),
        ("error", flip_bit(ct, n - 1, 0x01), None, "one bit flipped in the last byte of the 16-byte tag"),
        ("error", flip_bit(ct, NONCE_SIZE, 0x80), None, "one bit flipped in the first ciphertext-body byte (byte 12)"),
        ("error", flip_bit(ct, 0, 0x01), None, "one bit flipped in the nonce (byte 0)"),
        ("error", ct[: 27 * 2], None, "truncated to 27 bytes: shorter than nonce + tag (28)"),
        ("error", ct[:-2], None, "last byte dropped: tag is cut short / misaligned"),
        ("error", ct + "0", None,
         "odd-length hex (valid vector + one nibble); note Node's Buffer.from(...,'hex') would silently drop "
         "the nibble and decrypt, a strict decoder must reject"),
        ("error", ct[:20] + "g" + ct[21:], None,
         "non-hex character 'g' inside otherwise valid hex (even length); Node's Buffer.from would stop there"),
        ("error", ct[:-4] + "zz" + ct[-2:], None, "non-hex characters 'zz' inside otherwise valid hex"),
        ("error", "0x" + ct, None, "'0x' prefix is not hex"),
        ("error", "", None, "empty string"),
    ]
    out = [
        {"key": k, "ciphertext": c, "expect": e, **({"plaintext": p} if e == "ok" else {}), "why": w}
        for e, c, p, w in cases
    ]
    out.append({"key": NODE_KEY, "ciphertext": ct, "expect": "error",
                "why": "valid ciphertext, wrong key (the Node vectors' key)"})
    # Self-check against this implementation.
    for v in out:
        try:
            got = decrypt(v["ciphertext"], v["key"])
            outcome = "ok" if got == v.get("plaintext") else "wrong-plaintext"
        except VectorError:
            outcome = "error"
        if outcome != v["expect"]:
            raise SystemExit(f"self-check failed for negative vector {v['why']!r}: got {outcome}")
    return out


def generate():
    vectors = []
    for p in PLAINTEXTS:
        c = encrypt(p, FIXED_KEY)
        assert decrypt(c, FIXED_KEY) == p
        vectors.append({"plaintext": p, "ciphertext": c})
    gen = (f"make-aes-python.py with Python {sys.version.split()[0]}, cryptography {cryptography.__version__} "
           "(AESGCM): AES-256-GCM, 12-byte random nonce (os.urandom), 16-byte tag; ciphertext = lowercase "
           "hex(nonce || ciphertext || tag), plaintext encoded as UTF-8. Nonces are random, so re-running gives "
           "different ciphertexts (same key).")
    with open(os.path.join(HERE, "aes-gcm-python.json"), "w", encoding="utf-8") as f:
        json.dump({"generator": gen, "key": FIXED_KEY, "vectors": vectors}, f, indent=2, ensure_ascii=False)
        f.write("\n")
    neg = {
        "generator": gen + " Negative/edge vectors for the decoder, derived from a fresh '1234' and '' vector "
               "of the same run; each entry carries its own key. expect=ok entries must decrypt to 'plaintext'; "
               "expect=error entries must be rejected (bad hex, too short, or authentication failure).",
        "vectors": negative_vectors(vectors[0], vectors[PLAINTEXTS.index("")]),
    }
    with open(os.path.join(HERE, "aes-gcm-negative.json"), "w", encoding="utf-8") as f:
        json.dump(neg, f, indent=2, ensure_ascii=False)
        f.write("\n")


def main(argv):
    if not argv:
        generate()
        return
    mode = argv[0]
    if mode not in ("encrypt", "decrypt") or len(argv) != 3:
        fail("usage: make-aes-python.py [encrypt KEYHEX TEXT | decrypt KEYHEX CIPHERHEX]")
    try:
        if mode == "decrypt":
            out = decrypt(argv[2], argv[1])
        else:
            # os.fsencode gives back the exact argv bytes (UTF-8 from the caller).
            out = encrypt_bytes(os.fsencode(argv[2]), argv[1])
    except VectorError as e:
        fail("error: " + str(e))
    sys.stdout.buffer.write(out.encode("utf-8"))
    sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
