"""Compare two runs of .ci/odoo_own_tests.py: with the suite installed, and without it.

    python3 .ci/compare_own_tests.py WITH.json WITHOUT.json
    python3 .ci/compare_own_tests.py DEMO.json WITHOUT.json --controls .ci/demo_control_failures.txt

Lists, grouped by cause, every test that fails in WITH and passes in WITHOUT, and exits 1 if any.
With --controls (the demo database, whose demo data switches controls on), such a test is
expected when the list names the control that stops it, unless it fails with an AccessError
or crashes on anything but the UserError/ValidationError a control raises. An entry whose
reason starts with "demo data:" is a test that the suite's demo records themselves upset
(three warehouses in one company, say): it may error, but never with an AccessError.
"""

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

CONTROL_ERRORS = {"odoo.exceptions.UserError", "odoo.exceptions.ValidationError"}
DEMO_DATA = "demo data:"


def read_controls(path):
    """{test id: control} from lines '<test id>  <control>'; '#' comments and blank lines ignored."""
    controls = {}
    for line in Path(path).read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            test, _, control = line.strip().partition(" ")
            controls[test] = control.strip() or "?"
    return controls


def cause(failure):
    """'AccessError on dist.approval.rule from dist_exception_core/models/x.py:method', to group failures."""
    if not failure.get("exception"):
        return failure.get("not_run", "no traceback")
    text = failure["exception"].rsplit(".", 1)[-1]
    model = re.search(r"\((\w+(?:\.\w+)+)\)", failure.get("message", ""))
    if text == "AccessError" and model:
        text += f" on {model[1]}"
    elif not failure.get("suite_frame"):  # a failed assertion, a field the suite added: the message tells more
        text += f": {re.split(r'[(:]', failure.get('message', ''))[0][:80].strip()}"
    return text + (f" from {failure['suite_frame']}" if failure.get("suite_frame") else " (no suite frame)")


def sanity(with_run, without_run):
    """Problems that make the comparison meaningless."""
    suite = with_run["suite_modules"]
    problems = [
        f"{run['database']}: tests ran on another registry: {run['foreign_registry'][:5]}"
        for run in (with_run, without_run)
        if run["foreign_registry"]
    ]
    if not suite or without_run["suite_modules"]:
        problems.append(f"the suite is not installed on {with_run['database']} only: {suite}")
    unseen = sorted(set(with_run["suite_python_modules"]) - set(with_run["registry_model_modules"]))
    if unseen:
        problems.append(f"the registry the tests saw has no model class of {unseen}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("with_json")
    parser.add_argument("without_json")
    parser.add_argument("--controls", help="list of the tests a demo control stops")
    args = parser.parse_args()
    with_run, without_run = (json.loads(Path(p).read_text()) for p in (args.with_json, args.without_json))
    controls = read_controls(args.controls) if args.controls else {}
    problems = sanity(with_run, without_run)
    for problem in problems:
        print(f"FAILED: {problem}")

    # A test passing without the suite that fails, errors or is missing with it.
    regressions = {
        test: with_run["tests"].get(test, "missing")
        for test, status in without_run["tests"].items()
        if status == "pass" and with_run["tests"].get(test, "missing") not in ("pass", "skip")
    }
    groups, bad = defaultdict(list), 0
    for test, status in sorted(regressions.items()):
        failure = with_run["failures"].get(test, {})
        why = None
        if "AccessError" in failure.get("traceback", ""):
            why = "AccessError"
        elif (
            status == "error"
            and failure.get("exception") not in CONTROL_ERRORS
            # A test written for demo data with one warehouse, say, errors on the suite's demo.
            and not controls.get(test, "").startswith(DEMO_DATA)
        ):
            why = "crash"
        elif args.controls and test not in controls:
            why = "not in " + args.controls
        elif not args.controls:
            why = status
        bad += bool(why)
        label = f"[{why}]" if why else f"[expected: {controls[test]}]"
        groups[cause(failure)].append(f"{test} {label} {failure.get('message', '')[:160]}")
    for group, tests in sorted(groups.items(), key=lambda item: -len(item[1])):
        print(f"\n{group} ({len(tests)} tests)")
        for line in tests:
            print(f"    {line}")
    stale = sorted(set(controls) - set(regressions))
    if stale:
        print(f"\nListed in {args.controls} but not failing here (remove them once fixed for good): {stale}")
    print(
        f"\n{with_run['database']} against {without_run['database']}: {len(with_run['tests'])} tests,"
        f" {len(regressions)} fail only with the suite, {bad} of them not accepted"
    )
    return 1 if bad or problems else 0


if __name__ == "__main__":
    sys.exit(main())
