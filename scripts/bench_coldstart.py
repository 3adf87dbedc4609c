"""Cold-start report: each handler module's import time against boto3 plus a DynamoDB client.

Every `AWS::Serverless::Function` in infra/template.yaml is imported in a fresh interpreter,
with `functions/` and `shared/` on PYTHONPATH and the function's environment from the
template (intrinsics become dummy values), `--repeat` times; the median is compared with
the median of `import boto3; boto3.client("dynamodb")` in a fresh interpreter. A handler
within 1.5x that baseline passes. For each one over, `python -X importtime` shows the five
most expensive imports. Always exits 0: it is a report, not a test (`make bench-coldstart`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from local.template import Template  # noqa: E402

REGION = "eu-west-1"
TARGET_RATIO = 1.5
BASELINE = 'import boto3; boto3.client("dynamodb", region_name="eu-west-1")'
TIMED = "import time; _t = time.perf_counter(); {statement}; print((time.perf_counter() - _t) * 1000)"


@dataclass
class Subject:
    name: str
    label: str
    statement: str
    env: dict[str, str] = field(default_factory=dict)
    module: str = ""
    runs: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.runs)


def dummy(name: str, value: Any, template: Template) -> str:
    """A template value as a string: parameters' defaults, placeholders for everything else."""
    if isinstance(value, dict) and "Ref" in value and value["Ref"] in template.body.get("Parameters", {}):
        default = template.body["Parameters"][value["Ref"]].get("Default")
        if default is not None:
            return str(default)
    if not isinstance(value, dict):
        return str(value)
    return "https://bench.example.com" if name.endswith("_URL") else f"bench-{name.lower().replace('_', '-')}"


def subjects(template: Template) -> list[Subject]:
    base = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", ""),
        "PYTHONPATH": os.pathsep.join(str(ROOT / d) for d in ("functions", "shared")),
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
    }
    found = [Subject("baseline", "boto3 + DynamoDB client", BASELINE, base)]
    global_vars = template.body.get("Globals", {}).get("Function", {}).get("Environment", {}).get("Variables", {})
    for logical_id, resource in template.of_type("AWS::Serverless::Function").items():
        props = resource["Properties"]
        variables = {**global_vars, **props.get("Environment", {}).get("Variables", {})}
        env = base | {k: dummy(k, v, template) for k, v in variables.items()} | {"AWS_LAMBDA_FUNCTION_NAME": logical_id}
        module = props["Handler"].rsplit(".", 1)[0]
        found.append(Subject(logical_id, props["Handler"], f"import importlib; importlib.import_module({module!r})", env, module))
    return found


def run(subject: Subject, *flags: str) -> subprocess.CompletedProcess[str]:
    code = TIMED.format(statement=subject.statement)
    result = subprocess.run([sys.executable, *flags, "-c", code], env=subject.env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise RuntimeError(f"{subject.name}: {result.stderr.strip().splitlines()[-1:]}")
    return result


def top_imports(subject: Subject, count: int = 5) -> list[tuple[int, int, str]]:
    """(cumulative µs, self µs, module) of the costliest imports, leaving out the handler's own package chain."""
    chain = {subject.module.rsplit(".", i)[0] for i in range(subject.module.count(".") + 1)}
    rows = []
    for line in run(subject, "-X", "importtime").stderr.splitlines():
        if not line.startswith("import time:") or "imported package" in line:
            continue
        own, cumulative, name = line.removeprefix("import time:").split("|")
        if name.strip() not in chain:
            rows.append((int(cumulative), int(own), name.rstrip()))
    return sorted(rows, reverse=True)[:count]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=5, help="fresh interpreters per measurement (median is reported)")
    parser.add_argument("--target", type=float, default=TARGET_RATIO, help="highest passing ratio to the baseline")
    args = parser.parse_args(argv)
    baseline, *handlers = everything = subjects(Template.load())
    for subject in everything:  # warm the bytecode caches, so every run measures importing, not compiling
        run(subject)
    for _ in range(max(args.repeat, 1)):  # round-robin, so drift on the machine hits every subject alike
        for subject in everything:
            subject.runs.append(float(run(subject).stdout.split()[-1]))

    width_name, width_handler = max(len(h.name) for h in handlers), max(len(h.label) for h in handlers)
    print(f"Cold-start imports, median of {args.repeat} fresh interpreters (Python {sys.version.split()[0]})\n")
    print(f"{'function':<{width_name}}  {'handler':<{width_handler}}  {'median ms':>9}  {'ratio':>5}  result")
    over = []
    for handler in handlers:
        ratio = handler.median / baseline.median
        verdict = "PASS" if ratio <= args.target else "OVER"
        if verdict == "OVER":
            over.append(handler)
        print(f"{handler.name:<{width_name}}  {handler.label:<{width_handler}}  {handler.median:9.1f}  {ratio:5.2f}  {verdict}")
    runs = ", ".join(f"{r:.0f}" for r in baseline.runs)
    print(f"\nbaseline: {baseline.label} ({BASELINE}): {baseline.median:.1f} ms median (runs: {runs} ms)")
    for handler in over:
        print(f"\n{handler.name}: top 5 imports by cumulative time (-X importtime, one run)")
        for cumulative, own, name in top_imports(handler):
            print(f"  {cumulative / 1000:8.1f} ms cumulative  {own / 1000:6.1f} ms self  {name}")
    print(f"\n{len(handlers) - len(over)} of {len(handlers)} handlers within {args.target}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
