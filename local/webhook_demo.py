"""Send the demo organisation one signed HR webhook, as an HR system would (`make webhook-demo KIND=vacancy`).

    python -m local.webhook_demo --kind vacancy|joined|left [--port 3000] [--org demo]

It signs with the demo org's secret and the local cloud's own clock (read from `GET /local/clock`,
which may run ahead of the wall clock), prints the request in full, as a `curl` you could send
yourself within the five minutes the signature stays valid, and the answer.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import uuid
from typing import Any

import httpx

from local.template import ROOT

for _path in (ROOT / "functions", ROOT / "shared"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

WEBHOOK_SECRET = "demo-webhook-secret-change-me"  # the one local/seed.py gives the demo organisation


def payload(kind: str) -> tuple[str, dict[str, Any]]:
    tag = uuid.uuid4().hex[:4].upper()
    if kind == "vacancy":
        return "vacancy.opened", {
            "vacancy_id": f"ENG-{tag}",
            "title": "Site Reliability Engineer",
            "url": f"https://example.com/jobs/eng-{tag.lower()}",
            "department": "Engineering",
            "locations": [],
            "description": "Keep the platform our clients run on fast and calm.",
        }
    if kind == "joined":
        return "employee.joined", {
            "employee_id": f"noor-{tag.lower()}",
            "name": "Noor El Amrani",
            "email": f"noor-{tag.lower()}@example.com",
            "department": "Sales",
            "role": "Account Manager",
            "language": "nl",
        }
    if kind == "left":
        return "employee.left", {"employee_id": "daan"}
    raise ValueError(kind)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Send the demo org a signed HR webhook.")
    parser.add_argument("--kind", choices=["vacancy", "joined", "left"], default="vacancy")
    parser.add_argument("--port", type=int, default=3000)
    parser.add_argument("--org", default="demo")
    parser.add_argument("--secret", default=WEBHOOK_SECRET)
    args = parser.parse_args(argv)
    from hr_webhooks.signatures import sign

    base = f"http://127.0.0.1:{args.port}"
    try:
        now = httpx.get(f"{base}/local/clock", timeout=5).json()["epoch"]
    except (httpx.HTTPError, ValueError, KeyError):
        print(f"No local cloud answers on {base}: start it with `make run` (PORT={args.port}).", file=sys.stderr)
        return 1
    kind, data = payload(args.kind)
    body = json.dumps({"id": uuid.uuid4().hex, "type": kind, "data": data}).encode()
    signature = sign(args.secret, int(now), body)
    url = f"{base}/v1/webhooks/hr/generic?org={args.org}"
    print("Sending, as an HR system would (the signature is valid for five minutes):\n")
    print(
        f"  curl -s -X POST {shlex.quote(url)} -H 'Content-Type: application/json' \\\n"
        f"    -H {shlex.quote('X-Estafette-Signature: ' + signature)} \\\n"
        f"    -d {shlex.quote(body.decode())}\n"
    )
    reply = httpx.post(
        url, content=body, headers={"Content-Type": "application/json", "X-Estafette-Signature": signature}, timeout=10
    )
    print(f"→ {reply.status_code} {reply.text}")
    if args.kind == "vacancy" and reply.status_code == 202:
        print("\nThe vacancy becomes content in the library and, for Engineering, in the feed; see it with")
        print(f'  curl -s {base}/v1/feed -H "Authorization: Bearer $EVA"')
    return 0 if reply.status_code < 300 else 1


if __name__ == "__main__":
    sys.exit(main())
