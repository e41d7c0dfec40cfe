#!/usr/bin/env node
// Test-vector generator / oracle for AES-256-GCM as done in Twilio's tutorial
// "Protect Twilio Voice Input with Encryption and Redaction" (encryption.js).
//
//   node make-aes-node.js > aes-gcm-node.json        write vectors (fixed key, random nonces)
//   node make-aes-node.js decrypt KEYHEX CIPHERHEX   print the plaintext (no trailing newline)
//   node make-aes-node.js encrypt KEYHEX TEXT        print nonce||ciphertext||tag as lowercase hex (no trailing newline)
//
// CLI failures print one line on stderr and exit 1.
// Format: hex( nonce[12] || ciphertext || tag[16] ), key = 32 bytes given as 64 hex chars.
"use strict";
const crypto = require("crypto");

// Fixed key, made once with `xxd -l32 -p -c32 /dev/urandom` and hard-coded so re-runs reuse it.
const FIXED_KEY = "4d673368f64352d80fcf5d6ab056fa41720b2cfd43ffac6c87fd1b5c93a6c7c9";

const PLAINTEXTS = ["1234", "4321", "0000", "9999", "", "a longer plaintext with unicode é✓"];

// ---- the tutorial's logic, kept as-is in spirit ----
const ALGORITHM = { BLOCK_CIPHER: "aes-256-gcm", AUTH_TAG_BYTE_SIZE: 16, IV_BYTE_SIZE: 12 };

const encrypt = (plainText, key) => {
  const nonce = crypto.randomBytes(ALGORITHM.IV_BYTE_SIZE);
  const cipher = crypto.createCipheriv(ALGORITHM.BLOCK_CIPHER, Buffer.from(key, "hex"), nonce, {
    authTagLength: ALGORITHM.AUTH_TAG_BYTE_SIZE,
  });
  const cipherText = Buffer.concat([nonce, cipher.update(plainText), cipher.final(), cipher.getAuthTag()]);
  return cipherText.toString("hex");
};

const decrypt = (cipherText, key) => {
  cipherText = Buffer.from(cipherText, "hex");
  const authTag = cipherText.slice(-ALGORITHM.AUTH_TAG_BYTE_SIZE);
  const nonce = cipherText.slice(0, ALGORITHM.IV_BYTE_SIZE);
  const encryptedMessage = cipherText.slice(ALGORITHM.IV_BYTE_SIZE, -ALGORITHM.AUTH_TAG_BYTE_SIZE);
  const decipher = crypto.createDecipheriv(ALGORITHM.BLOCK_CIPHER, Buffer.from(key, "hex"), nonce, {
    authTagLength: ALGORITHM.AUTH_TAG_BYTE_SIZE,
  });
  decipher.setAuthTag(authTag);
  return decipher.update(encryptedMessage, "", "utf8") + decipher.final("utf8");
};
// ---- end of tutorial logic ----

// Buffer.from(s, "hex") is lenient: it silently stops at the first non-hex pair and drops a
// trailing odd nibble. So the CLI checks hex strictly first, making this oracle reject what a
// strict decoder (the Swift one) must reject. Either letter case is accepted.
const STRICT_HEX = /^(?:[0-9a-fA-F]{2})*$/;

function fail(msg) {
  process.stderr.write(String(msg).split("\n")[0] + "\n");
  process.exit(1);
}

function checkKey(keyHex) {
  if (!STRICT_HEX.test(keyHex) || keyHex.length !== 64) fail("error: key must be 64 hex characters (32 bytes)");
}

function main(argv) {
  const mode = argv[0];
  if (mode === "decrypt") {
    if (argv.length !== 3) fail("usage: node make-aes-node.js decrypt KEYHEX CIPHERHEX");
    const [, keyHex, cipherHex] = argv;
    checkKey(keyHex);
    if (!STRICT_HEX.test(cipherHex)) fail("error: ciphertext is not valid hex (odd length or non-hex character)");
    const minBytes = ALGORITHM.IV_BYTE_SIZE + ALGORITHM.AUTH_TAG_BYTE_SIZE;
    if (cipherHex.length / 2 < minBytes) fail(`error: ciphertext shorter than ${minBytes} bytes (nonce + tag)`);
    let plain;
    try {
      plain = decrypt(cipherHex, keyHex);
    } catch (e) {
      fail("error: decryption failed: " + e.message);
    }
    process.stdout.write(plain);
    return;
  }
  if (mode === "encrypt") {
    if (argv.length !== 3) fail("usage: node make-aes-node.js encrypt KEYHEX TEXT");
    const [, keyHex, text] = argv;
    checkKey(keyHex);
    try {
      process.stdout.write(encrypt(text, keyHex));
    } catch (e) {
      fail("error: encryption failed: " + e.message);
    }
    return;
  }
  if (mode !== undefined) fail("usage: node make-aes-node.js [encrypt KEYHEX TEXT | decrypt KEYHEX CIPHERHEX]");

  const vectors = PLAINTEXTS.map((plaintext) => {
    const ciphertext = encrypt(plaintext, FIXED_KEY);
    if (decrypt(ciphertext, FIXED_KEY) !== plaintext) throw new Error("self-check failed for " + JSON.stringify(plaintext));
    return { plaintext, ciphertext };
  });
  const out = {
    generator:
      `make-aes-node.js with Node ${process.version} (OpenSSL ${process.versions.openssl}) crypto: ` +
      "aes-256-gcm, 12-byte random nonce, 16-byte tag; ciphertext = lowercase hex(nonce || ciphertext || tag), " +
      "plaintext encoded as UTF-8; same encrypt/decrypt code as the Twilio tutorial's Node example. " +
      "Nonces are random, so re-running gives different ciphertexts (same key).",
    key: FIXED_KEY,
    vectors,
  };
  process.stdout.write(JSON.stringify(out, null, 2) + "\n");
}

main(process.argv.slice(2));
