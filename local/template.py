"""Reads infra/template.yaml: the single source of truth for what the local cloud creates.

Only the intrinsic functions the template uses are resolved (Ref, GetAtt, Sub, Join). A Ref
to a resource resolves to what CloudFormation would return: a queue's URL, a table's or
bus's name, a key's id. The `physical` map is filled in as resources are created.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "infra" / "template.yaml"


# libyaml's parser when PyYAML has it (its wheels do): the template parses in a sixth of the time.
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    pass


def _tag(name: str):  # type: ignore[no-untyped-def]
    def construct(loader: yaml.SafeLoader, node: yaml.Node) -> dict[str, Any]:
        if isinstance(node, yaml.ScalarNode):
            value: Any = loader.construct_scalar(node)
            if name == "Fn::GetAtt":
                value = value.split(".", 1)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)
        return {name: value}

    return construct


for _short, _full in {
    "Ref": "Ref",
    "GetAtt": "Fn::GetAtt",
    "Sub": "Fn::Sub",
    "Join": "Fn::Join",
    "If": "Fn::If",
    "Select": "Fn::Select",
    "Not": "Fn::Not",
    "Equals": "Fn::Equals",
}.items():
    _Loader.add_constructor(f"!{_short}", _tag(_full))


@dataclass
class Template:
    body: dict[str, Any]
    stack_name: str = "estafette"
    region: str = "eu-west-1"
    account_id: str = "123456789012"
    parameters: dict[str, Any] = field(default_factory=dict)
    physical: dict[str, str] = field(default_factory=dict)  # logical id → Ref value
    arns: dict[str, str] = field(default_factory=dict)  # logical id → Arn

    @classmethod
    def load(cls, path: Path = TEMPLATE, **kwargs: Any) -> Template:
        return cls(body=yaml.load(path.read_text(), Loader=_Loader), **kwargs)  # noqa: S506 (SafeLoader subclass)

    @property
    def resources(self) -> dict[str, dict[str, Any]]:
        return self.body.get("Resources", {})

    def of_type(self, resource_type: str) -> dict[str, dict[str, Any]]:
        return {k: v for k, v in self.resources.items() if v.get("Type") == resource_type}

    def parameter(self, name: str) -> Any:
        if name in self.parameters:
            return self.parameters[name]
        spec = self.body.get("Parameters", {}).get(name, {})
        if "Default" not in spec:
            raise KeyError(f"template parameter {name} has no default and no local value")
        return spec["Default"]

    def pseudo(self, name: str) -> str:
        return {
            "AWS::StackName": self.stack_name,
            "AWS::Region": self.region,
            "AWS::AccountId": self.account_id,
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
        }[name]

    def resolve(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((key, arg),) = value.items()
            if key == "Ref":
                return self._ref(arg)
            if key == "Fn::GetAtt":
                return self._get_att(*arg)
            if key == "Fn::Sub":
                return self._sub(arg)
            if key == "Fn::Join":
                separator, parts = arg
                return separator.join(str(p) for p in self.resolve(parts))
        return {k: self.resolve(v) for k, v in value.items()}

    def _ref(self, name: str) -> Any:
        if name.startswith("AWS::"):
            return self.pseudo(name)
        if name in self.body.get("Parameters", {}):
            return self.parameter(name)
        if name in self.physical:
            return self.physical[name]
        raise KeyError(f"Ref to {name}, which the local cloud has not created (yet)")

    def _get_att(self, name: str, attribute: str) -> str:
        if attribute == "Arn" and name in self.arns:
            return self.arns[name]
        raise KeyError(f"GetAtt {name}.{attribute} is not known locally")

    def _sub(self, arg: Any) -> str:
        text, variables = (arg, {}) if isinstance(arg, str) else (arg[0], self.resolve(arg[1]))

        def replace(match: re.Match[str]) -> str:
            token = match.group(1)
            if token in variables:
                return str(variables[token])
            if "." in token:
                return self._get_att(*token.split(".", 1))
            return str(self._ref(token))

        return re.sub(r"\$\{([^}!]+)\}", replace, text)

    def physical_name(self, logical_id: str, name_property: str) -> str:
        """The resource's name: its name property, or a stack-scoped one where the template leaves
        naming to CloudFormation (as it does for tables, so that a replacement can succeed)."""
        name = self.resources[logical_id].get("Properties", {}).get(name_property)
        if name is not None:
            return str(self.resolve(name))
        # ContentTable → estafette-content: the names the services' config defaults expect.
        base = re.sub(r"Table$", "", logical_id)
        return f"{self.stack_name}-" + re.sub(r"(?<!^)(?=[A-Z])", "-", base).lower()
