"""How often concurrent shares overshoot a cap on the embedded moto server, with and without its lock.

Each round sends six concurrent transactions of the shape `share_dispatch.store.create_share`
uses (a new share plus a day counter conditional on `shares < 3`) to one employee's counter, and
counts the rounds where more than three went through. moto answers requests in threads and
checks a condition before it writes, so without `local.moto_fixes.serial_dynamodb_writes` (which
the local cloud installs) some rounds overshoot; DynamoDB itself never does (the fidelity tier's
`tests/fidelity/test_concurrent_caps.py` proves it on DynamoDB Local). Prints figures; always
exits 0 (`make bench-caps`).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CAP = 3
CONCURRENT = 6


def rounds_over_cap(rounds: int, serial: bool) -> int:
    import boto3
    from botocore.exceptions import ClientError
    from moto.server import ThreadedMotoServer

    sys.path.insert(0, str(ROOT))
    from local.moto_fixes import cheap_transactions, serial_dynamodb_writes

    cheap_transactions()
    if serial:
        serial_dynamodb_writes()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    dynamodb = boto3.client(
        "dynamodb",
        endpoint_url=f"http://{host}:{port}",
        region_name="eu-west-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    dynamodb.create_table(
        TableName="caps",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )

    def share(pk: str, n: int) -> bool:
        counter = {
            "TableName": "caps",
            "Key": {"pk": {"S": pk}, "sk": {"S": "CAP#linkedin#2026-12-01"}},
            "UpdateExpression": "ADD shares :one",
            "ConditionExpression": "attribute_not_exists(shares) OR shares < :cap",
            "ExpressionAttributeValues": {":one": {"N": "1"}, ":cap": {"N": str(CAP)}},
        }
        item = {"pk": {"S": pk}, "sk": {"S": f"SHARE#{n}"}}
        try:
            dynamodb.transact_write_items(
                TransactItems=[
                    {"Put": {"TableName": "caps", "Item": item, "ConditionExpression": "attribute_not_exists(pk)"}},
                    {"Update": counter},
                ]
            )
        except ClientError:
            return False
        return True

    over = 0
    try:
        for _ in range(rounds):
            pk = uuid.uuid4().hex
            with ThreadPoolExecutor(CONCURRENT) as pool:
                accepted = sum(pool.map(lambda n, p=pk: share(p, n), range(CONCURRENT)))
            over += accepted > CAP
    finally:
        server.stop()
    return over


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--mode", choices=["plain", "serial"], help="internal: one mode in this interpreter")
    args = parser.parse_args()
    if args.mode:
        print(rounds_over_cap(args.rounds, args.mode == "serial"))
        return 0
    print(f"{args.rounds} rounds of {CONCURRENT} concurrent shares against a cap of {CAP} on the moto server:")
    for mode, label in (("plain", "moto as it is"), ("serial", "with serial_dynamodb_writes (the local cloud)")):
        # A fresh interpreter per mode: the lock, once installed, stays for the process.
        out = subprocess.run(  # noqa: S603  (this interpreter, this script)
            [sys.executable, __file__, "--rounds", str(args.rounds), "--mode", mode],
            capture_output=True,
            text=True,
            check=False,
        )
        figure = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else f"failed: {out.stderr[-300:]}"
        print(f"  {label:48s} rounds over the cap: {figure}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
