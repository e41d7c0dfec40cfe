#!/usr/bin/env python3
"""X-Twilio-Signature test vectors computed with twilio-python's RequestValidator.

    pip install twilio          # twilio-python; also pulls in `multidict`
    python3 make-signatures.py  # writes twilio-signatures.json beside this script

Every signature comes from RequestValidator.compute_signature(url, params); repeated parameter
names are passed as a multidict.MultiDict (what Flask/aiohttp hand over), so getall() is used.
Each case also records:
  signedString  - the exact string that is HMAC-SHA1'd (asserted to give the library's signature)
  formEncoded   - the params as an application/x-www-form-urlencoded POST body (urlencode order = list order)
  validatesWith / rejectedWith - URL variants (as given, explicit default port, no port, port 8443)
                  for which RequestValidator.validate(variant, params-or-body, signature) is True / False.
Published SDK vectors (twilio-python's and other Twilio SDKs' unit tests) are checked; any mismatch aborts.
"""
import base64
import hashlib
import hmac
import json
import os
import sys
from urllib.parse import urlencode, urlsplit

import twilio
from multidict import MultiDict
from twilio.request_validator import RequestValidator

HERE = os.path.dirname(os.path.abspath(__file__))

SDK_TOKEN = "12345"
SDK_URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
SDK_PARAMS = [
    ["CallSid", "CA1234567890ABCDE"],
    ["Caller", "+14158675309"],
    ["Digits", "1234"],
    ["From", "+14158675309"],
    ["To", "+18005551212"],
]
SDK_BODY = '{"property": "value", "boolean": true}'
# A made-up auth token (32 hex chars, like a real one) for the non-SDK cases.
TOKEN = "4cb689a66daee4afd45faf1368498d88"
# AES-256-GCM hex of "1234" under aes-gcm-python.json's key, so the real-flow case is end-to-end usable.
ENCRYPTED_1234 = "d3665a8a1345d34671d0f170d8d920bf4e957c0ef7fc6e9aeba6d545197a1b49"


def signed_string(url, pairs):
    """Independent restatement of what compute_signature concatenates (checked against the library)."""
    s = url
    names = sorted({n for n, _ in pairs})
    for n in names:
        for v in sorted({v for m, v in pairs if m == n}):
            s += n + v
    return s


def body_sha256(body):
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def url_variants(url):
    parts = urlsplit(url)
    prefix = parts.scheme + "://" + parts.netloc
    assert url.startswith(prefix)
    rest = url[len(prefix):]
    host = parts.netloc.split(":")[0]
    default = "443" if parts.scheme == "https" else "80"
    out = []
    for netloc in (parts.netloc, host + ":" + default, host, host + ":8443"):
        v = parts.scheme + "://" + netloc + rest
        if v not in out:
            out.append(v)
    return out


def make_case(name, description, token, url, params, body=None, published=None, note=None):
    validator = RequestValidator(token)
    md = MultiDict([tuple(p) for p in params])
    if body is None:
        signature = validator.compute_signature(url, md)
        s = signed_string(url, params)
    else:
        assert not params, "body cases carry no form params"
        # Twilio signs the URL (which carries bodySHA256) with no params.
        signature = validator.compute_signature(url, {})
        s = url
    expected = base64.b64encode(hmac.new(token.encode(), s.encode("utf-8"), hashlib.sha1).digest()).decode()
    if expected != signature:
        sys.exit(f"FATAL: signedString restatement disagrees with twilio-python for case {name!r}")
    if published is not None and signature != published:
        sys.exit(f"FATAL: case {name!r}: twilio-python gave {signature}, published SDK vector is {published}")
    accepted, rejected = [], []
    for v in url_variants(url):
        ok = validator.validate(v, body if body is not None else MultiDict([tuple(p) for p in params]), signature)
        (accepted if ok else rejected).append(v)
    if url not in accepted:
        sys.exit(f"FATAL: case {name!r}: validate() rejects the URL its own signature was computed on")
    case = {
        "name": name,
        "description": description,
        "authToken": token,
        "url": url,
        "params": [list(p) for p in params],
        "formEncoded": urlencode([tuple(p) for p in params]) if params else "",
        "body": body,
    }
    if body is not None:
        case["bodySHA256"] = body_sha256(body)
    case["signedString"] = s
    case["signature"] = signature
    if published is not None:
        case["publishedSignature"] = published
    case["validatesWith"] = accepted
    case["rejectedWith"] = rejected
    if note:
        case["note"] = note
    return case


def check(name, token, url, params, body, signature, why):
    ok = RequestValidator(token).validate(url, body if body is not None else MultiDict([tuple(p) for p in params]), signature)
    return {"name": name, "authToken": token, "url": url, "params": [list(p) for p in params], "body": body,
            "signature": signature, "valid": ok, "why": why}


def main():
    cases = []
    add = cases.append

    add(make_case("sdk-public-vector", "Twilio SDKs' published example (https, no port).", SDK_TOKEN, SDK_URL,
                  SDK_PARAMS, published="RSOYDt4T1cUTdK1PDd93/VVr8B8="))
    add(make_case("sdk-public-vector-https-443", "Same request, URL written with explicit :443.", SDK_TOKEN,
                  SDK_URL.replace(".com/", ".com:443/"), SDK_PARAMS, published="kvajT1Ptam85bY51eRf/AJRuM3w=",
                  note="published in twilio-python tests as the 'hash of uri with port 443'; validate() accepts "
                       "it for the URL written with or without :443"))
    http = SDK_URL.replace("https://", "http://")
    add(make_case("http-no-port", "Plain http URL without a port.", SDK_TOKEN, http, SDK_PARAMS))
    add(make_case("http-with-80", "Plain http URL with explicit :80.", SDK_TOKEN, http.replace(".com/", ".com:80/"),
                  SDK_PARAMS, published="0ZXoZLH/DfblKGATFgpif+LLRf4="))
    add(make_case("http-with-nondefault-port", "http URL with a non-default port :1234, signed with the port.",
                  SDK_TOKEN, http.replace(".com/", ".com:1234/"), SDK_PARAMS, published="Zmvh+3yNM1Phv2jhDCwEM3q5ebU=",
                  note="a signature over :1234 validates only for the :1234 URL (validate() tries it as-is and with the "
                       "port stripped, never with another port); by contrast a port-less signature validates for "
                       "any port, see sdk-public-vector's :8443 variant"))
    add(make_case("repeated-names-sdk-multidict",
                  "twilio-python's published MultiDict case: Digits=5678, Digits=1234, Digits=1234.",
                  SDK_TOKEN, SDK_URL,
                  [["Sid", "CA123"], ["SidAccount", "AC123"], ["Digits", "5678"], ["Digits", "1234"],
                   ["Digits", "1234"]],
                  published="IK+Dwps556ElfBT0I3Rgjkr1wJU=",
                  note="names sorted (Digits < Sid < SidAccount); values of one name deduplicated then sorted: "
                       "Digits1234 appears once, before Digits5678"))
    add(make_case("repeated-names-value-sort",
                  "One name with several values in non-sorted order, incl. case and non-ASCII.",
                  TOKEN, "https://gather.example.com/encrypted-gather?step=collect",
                  [["foo", "b"], ["Digits", "9"], ["foo", "a"], ["foo", "\u00e9"], ["foo", "B"], ["Digits", "10"],
                   ["foo", "z"]],
                  note="values sorted by Unicode code point, case-sensitive: B < a < b < z < \u00e9; '10' < '9' "
                       "(string, not numeric, order)"))
    add(make_case("names-case-sensitive-sort", "Names differing only in case; code-point (byte) order, not "
                  "locale/case-insensitive order.", TOKEN, "https://gather.example.com/encrypted-gather",
                  [["digits", "1"], ["Digits", "2"], ["a", "3"], ["B", "4"], ["_x", "5"], ["Z", "6"]],
                  note="order signed: B, Digits, Z, _x, a, digits"))
    add(make_case("query-special-chars", "Query string with ' @ : and percent-escapes, signed exactly as written "
                  "(no decoding or re-encoding of the URL).", TOKEN,
                  "https://gather.example.com/encrypted-gather?name=O'Brien&email=a@b.example&time=12:30"
                  "&q=a%20b%2Bc%26d%3De&check=%E2%9C%93&lower=%e2%9c%93",
                  [["CallSid", "CA00000000000000000000000000000001"], ["Digits", "42"]],
                  note="twilio-node re-serialises the URL with WHATWG URL (which turns ' into %27), twilio-python "
                       "does not; these vectors follow twilio-python"))
    add(make_case("param-values-special-chars", "Form values (already form-decoded) with spaces, +, &, =, "
                  "unicode and an empty value.", TOKEN, "https://gather.example.com/encrypted-gather",
                  [["SpeechResult", "one two + three & four = five"], ["CallerName", "Jos\u00e9 \u00c5ngstr\u00f6m \u2713"],
                   ["Emoji", "\U0001F4DE call"], ["Empty", ""], ["From", "+14155550100"]],
                  note="values are signed decoded (a literal '+' stays '+', spaces stay spaces), UTF-8 encoded "
                       "for HMAC; an empty value contributes only its name; formEncoded shows the wire form"))
    add(make_case("get-no-params", "GET-style request: everything in the URL, no POST params.", TOKEN,
                  "https://gather.example.com/encrypted-gather?step=processData&CallSid=CA1&Digits=1234", []))
    add(make_case("json-body-sdk", "twilio-python's published JSON-body case: URL carries bodySHA256=<hex sha256 "
                  "of raw body>; signature is over the URL alone.", SDK_TOKEN,
                  SDK_URL + "&bodySHA256=" + body_sha256(SDK_BODY), [], body=SDK_BODY,
                  published="a9nBmqA0ju/hNViExpshrM61xv4=",
                  note="validate(url, body_str, sig) also checks sha256(body) == bodySHA256 query value"))
    add(make_case("json-body-hash-only-url", "JSON body, URL whose only query item is bodySHA256 (published in "
                  "other Twilio SDKs' tests).", SDK_TOKEN,
                  "https://mycompany.com/myapp.php?bodySHA256=" + body_sha256(SDK_BODY), [], body=SDK_BODY,
                  published="y77kIzt2vzLz71DgmJGsen2scGs="))
    add(make_case("json-body-unicode", "JSON body with non-ASCII text (hash is over its UTF-8 bytes).", TOKEN,
                  "https://gather.example.com/encrypted-gather?bodySHA256="
                  + body_sha256('{"CallSid":"CA1","SpeechResult":"caf\u00e9 \u2713"}'), [],
                  body='{"CallSid":"CA1","SpeechResult":"caf\u00e9 \u2713"}'))
    real_params = [
        ["CallSid", "CA9f2c3a1b4d5e6f708192a3b4c5d6e7f8"],
        ["AccountSid", "AC0123456789abcdef0123456789abcdef"],
        ["From", "+14155550123"],
        ["To", "+18005550199"],
        ["Digits", "1234"],
    ]
    real_url = ("https://gather.example.com/encrypted-gather?step=processData&encryptedCardDigits="
                + ENCRYPTED_1234)
    add(make_case("real-flow-process-data", "Looks like our server's flow: Twilio POSTs the Gather result to "
                  "the redirect URL that carries the encrypted card digits.", TOKEN, real_url, real_params,
                  note="encryptedCardDigits is AES-256-GCM hex of '1234' under the key in aes-gcm-python.json"))

    sdk_md = SDK_PARAMS
    body_url = SDK_URL + "&bodySHA256=" + body_sha256(SDK_BODY)
    real_sig = next(c["signature"] for c in cases if c["name"] == "real-flow-process-data")
    checks = [
        check("reordered-params", SDK_TOKEN, SDK_URL, list(reversed(sdk_md)), None, "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
              "param order on the wire does not matter"),
        check("tampered-param", SDK_TOKEN, SDK_URL, [p if p[0] != "Digits" else ["Digits", "1235"] for p in sdk_md],
              None, "RSOYDt4T1cUTdK1PDd93/VVr8B8=", "a param value changed"),
        check("extra-param", SDK_TOKEN, SDK_URL, sdk_md + [["Extra", "1"]], None, "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
              "a param added"),
        check("missing-param", SDK_TOKEN, SDK_URL, sdk_md[:-1], None, "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
              "a param removed"),
        check("wrong-token", "54321", SDK_URL, sdk_md, None, "RSOYDt4T1cUTdK1PDd93/VVr8B8=", "other auth token"),
        check("query-changed", SDK_TOKEN, SDK_URL.replace("foo=1", "foo=2"), sdk_md, None,
              "RSOYDt4T1cUTdK1PDd93/VVr8B8=", "URL query changed"),
        check("scheme-changed", SDK_TOKEN, SDK_URL.replace("https", "http"), sdk_md, None,
              "RSOYDt4T1cUTdK1PDd93/VVr8B8=", "https signature presented on an http URL"),
        check("signature-case-changed", SDK_TOKEN, SDK_URL, sdk_md, None, "RSOYDt4T1cUTdK1PDd93/VVr8B8=".lower(),
              "base64 is case-sensitive"),
        check("empty-signature", SDK_TOKEN, SDK_URL, sdk_md, None, "", "no signature"),
        check("tampered-json-body", SDK_TOKEN, body_url, [], '{"property": "evil", "boolean": true}',
              "a9nBmqA0ju/hNViExpshrM61xv4=", "URL signature fine but sha256(body) != bodySHA256"),
        check("real-flow-tampered-ciphertext", TOKEN, real_url.replace(ENCRYPTED_1234, ENCRYPTED_1234[:-1] + "8"),
              real_params, None, real_sig, "encryptedCardDigits altered in the URL"),
        check("real-flow-digits-tampered", TOKEN, real_url,
              [p if p[0] != "Digits" else ["Digits", "9999"] for p in real_params], None, real_sig,
              "Digits altered"),
    ]
    expect_valid = {"reordered-params"}
    for c in checks:
        if c["valid"] != (c["name"] in expect_valid):
            sys.exit(f"FATAL: check {c['name']!r} gave valid={c['valid']}")

    try:
        RequestValidator(SDK_TOKEN).compute_signature(SDK_URL, {"Digits": ["1234", "5678"]})
        dict_of_lists = "accepted (unexpected)"
    except TypeError as e:
        dict_of_lists = f"TypeError: {e}"

    out = {
        "generator": (
            f"make-signatures.py with twilio-python {twilio.__version__} (twilio.request_validator.RequestValidator), "
            f"Python {sys.version.split()[0]}. signature = RequestValidator(authToken).compute_signature(url, "
            "MultiDict(params)) (body cases: compute_signature(url, {})). Algorithm: s = url exactly as given; for "
            "each DISTINCT param name in sorted() order (Unicode code point, case-sensitive) and for each DISTINCT "
            "value of that name in sorted() order, s += name + value; signature = base64(HMAC-SHA1(key=UTF-8 auth "
            "token, msg=UTF-8 s)). Duplicate (name, value) pairs are signed once. Multi-valued params must be a "
            "MultiDict/QueryDict (getall/getlist); a plain dict of lists gives " + dict_of_lists + ". "
            "validate(url, params, sig) computes the signature for two URL forms and accepts either: url with "
            "its port removed (urlparse netloc split at ':'), and url with a port (kept as-is if present, else "
            ":443 for https / :80 otherwise). So a port-less signature validates for any port, and a signature "
            "over an explicit :443/:80 validates for the URL written with or without it. If the URL's query has "
            "bodySHA256 and params is a str (raw body), the body must hash (sha256 hex of UTF-8) to that value "
            "and the signature is over the URL with no params. Comparison is a length-checked constant-time "
            "string compare."
        ),
        "fields": {
            "params": "ordered [name, value] pairs, form-DECODED values as the server sees them; repeated names allowed",
            "formEncoded": "urllib.parse.urlencode(params): the same params as a form POST body",
            "body": "null, or the raw request body (JSON cases; then params is empty)",
            "signedString": "exact string HMAC-SHA1'd with the auth token",
            "validatesWith": "URL variants accepted by RequestValidator.validate() with this signature",
            "rejectedWith": "URL variants rejected by it",
            "checks": "extra validate() results: valid=true/false for tampered or reordered requests",
        },
        "cases": cases,
        "checks": checks,
    }
    with open(os.path.join(HERE, "twilio-signatures.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {len(cases)} cases and {len(checks)} checks with twilio {twilio.__version__}", file=sys.stderr)


if __name__ == "__main__":
    main()
