"""Employees' network connections, read from share_dispatch's shares table: the one cross-service read.

share_dispatch owns the connections (OAuth, sealing, expiry). Reading a post's metrics needs its
author's token, so the harvest worker reads exactly these attributes of
`ORG#{org}#EMPLOYEE#{sub}` / `CONNECTION#{network}`, and nothing else:
`pk`, `sk`, `token` (sealed with KMS, opened in memory only), `status` and `scopes` (what the
network granted: LinkedIn's post analytics need r_member_postAnalytics).
IAM enforces it: the worker may only GetItem/BatchGetItem that table, with `dynamodb:Attributes`
limited to those five and `dynamodb:LeadingKeys` to employee partitions; it never writes there.
When share_dispatch learns that a token expired, it sets `status`; the harvest then skips the
employee's posts with a reason instead of calling the network with a dead token.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from estafette.aws import table
from metric_collection.config import config
from metric_collection.store import BATCH_GET_LIMIT, batch_get

ATTRIBUTES = ("pk", "sk", "token", "status", "scopes")


@dataclass(frozen=True)
class Connection:
    employee_id: str
    sealed_token: dict[str, str] | None
    status: str  # "active", "expired", "revoked", … or "missing"
    scopes: frozenset[str] | None = None  # None: the network did not say (every scope counts as granted)

    @property
    def usable(self) -> bool:
        return self.status == "active" and bool(self.sealed_token)

    def lacks(self, network: str, use: str) -> list[str]:
        """The scopes `use` (e.g. post_metrics) needs on `network` that this connection was not granted."""
        from estafette.networks.oauth import missing_scopes

        return missing_scopes(network, self.scopes, use)

    def __repr__(self) -> str:  # the sealed token stays out of logs too
        return f"Connection(employee_id={self.employee_id!r}, status={self.status!r})"


def _pk(org_id: str, employee_id: str) -> str:
    return f"ORG#{org_id}#EMPLOYEE#{employee_id}"


def connections_of(org_id: str, employee_ids: list[str], network: str) -> dict[str, Connection]:
    """Each employee's connection to the network; `status="missing"` for employees without one."""
    unique = list(dict.fromkeys(employee_ids))
    shares = table(config().shares_table_name)
    by_pk: dict[str, dict[str, Any]] = {}
    for start in range(0, len(unique), BATCH_GET_LIMIT):
        keys = [{"pk": _pk(org_id, e), "sk": f"CONNECTION#{network}"} for e in unique[start : start + BATCH_GET_LIMIT]]
        items = batch_get(
            shares.meta.client,
            config().shares_table_name,
            keys,
            ProjectionExpression=", ".join(f"#a{i}" for i in range(len(ATTRIBUTES))),
            ExpressionAttributeNames={f"#a{i}": name for i, name in enumerate(ATTRIBUTES)},
        )
        by_pk.update({item["pk"]: item for item in items})
    result = {}
    for employee_id in unique:
        item = by_pk.get(_pk(org_id, employee_id))
        if item is None:
            result[employee_id] = Connection(employee_id, None, "missing")
        else:
            scopes = item.get("scopes")
            granted = frozenset(scopes) if isinstance(scopes, list | set) else None
            result[employee_id] = Connection(employee_id, item.get("token"), str(item.get("status", "active")), granted)
    return result
