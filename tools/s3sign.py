#!/usr/bin/env python3
"""Send one AWS SigV4-signed S3 request using only the Python standard library.

Used by tools/radosgw.sh to create the test bucket (there is no botocore or
aws CLI on our machines), and handy for poking at any S3 endpoint by hand:

    python3 tools/s3sign.py PUT  http://127.0.0.1:7480/ailas-test
    python3 tools/s3sign.py PUT  http://127.0.0.1:7480/ailas-test/a.txt --body a.txt
    python3 tools/s3sign.py GET  http://127.0.0.1:7480/ailas-test/a.txt --out got.txt
    python3 tools/s3sign.py HEAD http://127.0.0.1:7480/ailas-test/a.txt
    python3 tools/s3sign.py GET 'http://127.0.0.1:7480/ailas-test?list-type=2&prefix=a'

Prints the status line, the response headers, a blank line, then the body
(or writes the body to --out). Exits 0 for status < 400, 1 otherwise, 2 on
usage or connection errors.

Credentials default to AILAS_TEST_S3_ACCESS_KEY / AILAS_TEST_S3_SECRET_KEY /
AILAS_TEST_S3_REGION (what `tools/radosgw.sh env` exports), then to the fixed
test keys of tools/radosgw.sh.
"""

import argparse
import datetime
import hashlib
import hmac
import http.client
import os
import sys
import urllib.parse

DEFAULT_ACCESS_KEY = "AILASTESTACCESSKEY"
DEFAULT_SECRET_KEY = "ailas-test-secret-key-0123456789abcdef"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def uri_encode(s, safe="-_.~"):
    """SigV4 encoding: RFC 3986 unreserved characters stay, all else is %XX."""
    return urllib.parse.quote(s, safe=safe)


def canonical_query(query):
    # Split by hand rather than parse_qsl: '+' must stay a literal '+', and
    # sub-resources like "?uploads" or "?acl" have no value (signed as "acl=").
    pairs = [piece.partition("=")[::2] for piece in query.split("&") if piece]
    encoded = sorted((uri_encode(urllib.parse.unquote(k)), uri_encode(urllib.parse.unquote(v)))
                     for k, v in pairs)
    return "&".join(f"{k}={v}" for k, v in encoded)


def hmac_sha256(key, msg):
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def sign(method, url, headers, payload_hash, access_key, secret_key, region, now):
    """Return the headers to add (x-amz-date, x-amz-content-sha256, Authorization)."""
    parts = urllib.parse.urlsplit(url)
    amz_date = now.strftime("%Y%m%dT%H%M%SZ")
    date = amz_date[:8]
    scope = f"{date}/{region}/s3/aws4_request"

    signed = {k.lower().strip(): " ".join(str(v).split()) for k, v in headers.items()}
    signed["host"] = parts.netloc
    signed["x-amz-date"] = amz_date
    signed["x-amz-content-sha256"] = payload_hash
    names = sorted(signed)

    # S3 canonical URI: the path as sent, encoded once ('/' kept). The path
    # in the URL given to us may already be %-encoded, so decode it first.
    path = uri_encode(urllib.parse.unquote(parts.path or "/"), safe="/-_.~")
    canonical_request = "\n".join([
        method,
        path,
        canonical_query(parts.query),
        "".join(f"{n}:{signed[n]}\n" for n in names),
        ";".join(names),
        payload_hash,
    ])
    string_to_sign = "\n".join([
        "AWS4-HMAC-SHA256",
        amz_date,
        scope,
        hashlib.sha256(canonical_request.encode()).hexdigest(),
    ])
    key = ("AWS4" + secret_key).encode()
    for part in (date, region, "s3", "aws4_request"):
        key = hmac_sha256(key, part)
    signature = hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()

    return {
        "x-amz-date": amz_date,
        "x-amz-content-sha256": payload_hash,
        "Authorization": (
            f"AWS4-HMAC-SHA256 Credential={access_key}/{scope}, "
            f"SignedHeaders={';'.join(names)}, Signature={signature}"
        ),
    }, path


def main(argv):
    env = os.environ.get
    p = argparse.ArgumentParser(description="Send one SigV4-signed S3 request.")
    p.add_argument("method", help="GET, PUT, HEAD, DELETE, POST")
    p.add_argument("url", help="http://host:port/bucket[/key][?query]")
    p.add_argument("--body", help="file to send as the request body")
    p.add_argument("--out", help="write the response body to this file")
    p.add_argument("-H", "--header", action="append", default=[],
                   help="extra request header 'Name: value' (signed); repeatable")
    p.add_argument("--access-key", default=env("AILAS_TEST_S3_ACCESS_KEY", DEFAULT_ACCESS_KEY))
    p.add_argument("--secret-key", default=env("AILAS_TEST_S3_SECRET_KEY", DEFAULT_SECRET_KEY))
    p.add_argument("--region", default=env("AILAS_TEST_S3_REGION", "us-east-1"))
    p.add_argument("--timeout", type=float, default=60.0, help="socket timeout, seconds")
    a = p.parse_args(argv)

    method = a.method.upper()
    parts = urllib.parse.urlsplit(a.url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        p.error(f"not an http(s) URL: {a.url}")

    headers = {}
    for h in a.header:
        name, sep, value = h.partition(":")
        if not sep:
            p.error(f"header must be 'Name: value': {h}")
        headers[name.strip()] = value.strip()

    body, payload_hash = None, EMPTY_SHA256
    if a.body:
        payload_hash = sha256_file(a.body)
        headers["Content-Length"] = str(os.path.getsize(a.body))
        body = open(a.body, "rb")  # http.client streams a file object
    elif method in ("PUT", "POST"):
        headers["Content-Length"] = "0"

    auth, path = sign(method, a.url, headers, payload_hash, a.access_key,
                      a.secret_key, a.region, datetime.datetime.now(datetime.timezone.utc))
    headers.update(auth)
    target = path + (f"?{parts.query}" if parts.query else "")

    conn_cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    conn = conn_cls(parts.hostname, parts.port, timeout=a.timeout)
    status = 0
    try:
        conn.request(method, target, body=body, headers=headers)
        resp = conn.getresponse()
        status = resp.status
        print(f"HTTP {resp.status} {resp.reason}")
        for k, v in resp.getheaders():
            print(f"{k}: {v}")
        print()
        sys.stdout.flush()
        if a.out:
            with open(a.out, "wb") as f:
                for chunk in iter(lambda: resp.read(1 << 20), b""):
                    f.write(chunk)
        else:
            data = resp.read()
            sys.stdout.buffer.write(data)
            if data and not data.endswith(b"\n"):
                sys.stdout.buffer.write(b"\n")
        return 0 if status < 400 else 1
    except BrokenPipeError:
        # stdout closed early (e.g. piped into head): keep the HTTP verdict.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0 if 0 < status < 400 else 1
    except OSError as e:
        print(f"s3sign: {method} {a.url}: {e}", file=sys.stderr)
        return 2
    finally:
        conn.close()
        if body:
            body.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
