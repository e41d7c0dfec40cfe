#!/usr/bin/env bash
# Makes the vector whose CEK is wrapped by the openssl CLI (RSAES-OAEP, SHA-256, MGF1-SHA-256).
# Run after make_vectors.py, in this folder.
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
openssl rand -out "$work/cek.bin" 32
openssl rand -out "$work/iv.bin" 12
openssl pkeyutl -encrypt -pubin -inkey public_key.pem \
  -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 -pkeyopt rsa_mgf1_md:sha256 \
  -in "$work/cek.bin" -out "$work/wrapped_cek.bin"
python3 encrypt_body.py openssl-40k 40007 "$work/cek.bin" "$work/iv.bin" "$work/wrapped_cek.bin"
# Cross-check the other way: openssl unwraps the CEK that Python wrapped for python-100k.
python3 -c 'import json,base64,sys; print(json.load(open("python-100k.callback.json"))["encrypted_cek"])' \
  | openssl base64 -d -A > "$work/python_wrapped.bin"
openssl pkeyutl -decrypt -inkey private_key_pkcs1.pem \
  -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 -pkeyopt rsa_mgf1_md:sha256 \
  -in "$work/python_wrapped.bin" | od -An -tx1 | tr -d ' \n' > "$work/python_cek.hex"
expected=$(python3 -c 'import json; print([v["cek_hex"] for v in json.load(open("python-vectors.json"))["vectors"] if v["name"]=="python-100k"][0])')
[ "$(cat "$work/python_cek.hex")" = "$expected" ] || { echo "openssl unwrapped a different CEK" >&2; exit 1; }
echo "openssl vector written; cross-checks passed"
