"""Run Odoo's own tests of some standard modules with the whole registry of a database loaded.

    python3 .ci/odoo_own_tests.py --config odoo.conf --database DB --modules sale,stock --json OUT.json
        [--only IDS.txt]

During `-i`/`-u` a module's at_install tests run before the modules depending on it are loaded,
so they never see the suite's overrides. Here the registry is loaded first, then the modules'
at_install tests run, then their post_install tests, each in its own rolled-back transaction
as in Odoo's runner (the database is left as it was). Writes the status of every test
("module.Class.test_method": pass, fail, error or skip), the traceback and cause of each failure,
and which modules the registry seen by the tests holds. With --only, runs just the tests whose
ids the file lists (one per line): CI runs the baseline without the suite only for the tests
that failed with it.
"""

import argparse
import contextlib
import json
import re
import socket
import sys
import threading
import time
import unittest
from pathlib import Path

import odoo
from odoo.modules import module as odoo_module
from odoo.modules.registry import Registry
from odoo.tools import config

BROWSER_SKIP = "browser test left out"
HOLDER = re.compile(r"^(setUpClass|tearDownClass) \((odoo\.addons\..+)\)$")


def test_id(test):
    """'sale.TestSaleOrder.test_x' for odoo.addons.sale.tests.test_sale_order.TestSaleOrder.test_x."""
    while getattr(test, "test_case", None) is not None:  # a subtest
        test = test.test_case
    if isinstance(test, unittest.TestCase):
        return f"{type(test).__module__.split('.')[2]}.{type(test).__qualname__}.{test._testMethodName}"
    # a setUpClass/tearDownClass error: unittest reports it on a placeholder named after the class
    match = HOLDER.match(test.id())
    if not match:
        return test.id()
    path = match[2].split(".")
    return f"{path[2]}.{path[-1]}.{match[1]}"


class Recorder:
    """Mixed into Odoo's result object (which logs as usual): keeps the outcome of each test as well."""

    def __init__(self, registry, suite_paths):
        super().__init__()
        self.registry = registry
        self.suite_paths = suite_paths
        self.status, self.failures = {}, {}
        self.foreign_registry = set()

    def startTest(self, test):
        super().startTest(test)
        self.status.setdefault(test_id(test), "pass")
        # A test must see the fully loaded registry, not one of its own.
        if getattr(type(test), "registry", None) not in (None, self.registry):
            self.foreign_registry.add(test_id(test))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        if self.status.get(test_id(test), "pass") == "pass":
            self.status[test_id(test)] = "skip"
            self.failures[test_id(test)] = {"reason": reason}

    def addError(self, test, err):
        super().addError(test, err)
        self._failed(test, err, "error")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._failed(test, err, "fail")

    def _failed(self, test, err, status):
        tid = test_id(test)
        if self.status.get(tid) in ("fail", "error"):
            self.failures[tid]["traceback"] += "\n" + self._exc_info_to_string(err, test)
            return
        exc_type, value, tb = err
        frames = [frame for frame in _frames(tb) if self._in_suite(frame.f_code.co_filename)]
        self.status[tid] = status
        self.failures[tid] = {
            "exception": f"{exc_type.__module__}.{exc_type.__qualname__}",
            "message": str(value).strip().splitlines()[0][:300] if str(value).strip() else "",
            # outermost and innermost frame of the suite's code, to group failures by cause
            "suite_frame": self._where(frames[0]) if frames else None,
            "suite_frame_inner": self._where(frames[-1]) if frames else None,
            "traceback": self._exc_info_to_string(err, test),
        }

    def _in_suite(self, filename):
        return in_paths(self.suite_paths, filename)

    def _where(self, frame):
        filename = frame.f_code.co_filename
        root = next(path for path in self.suite_paths if filename.startswith(path))
        return f"{Path(filename).relative_to(root)}:{frame.f_code.co_name}"


def in_paths(paths, filename):
    return any(filename.startswith(path) for path in paths)


def _frames(tb):
    while tb:
        yield tb.tb_frame
        tb = tb.tb_next


def run(suite, result):
    """loader.run_suite with our result object."""
    odoo_module.current_test = True
    threading.current_thread().testing = True
    try:
        suite(result)
    finally:
        threading.current_thread().testing = False
        odoo_module.current_test = False
    # Tests of a class whose setUpClass failed (or skipped) never start: they share its outcome.
    for test in suite:
        tid = test_id(test)
        if tid not in result.status:
            holder = f"{tid.rsplit('.', 1)[0]}.setUpClass"
            result.status[tid] = "skip" if result.status.get(holder) == "skip" else "error"
            result.failures[tid] = {**result.failures.get(holder, {}), "not_run": f"{holder} did not pass"}


def no_browser(*_args, **_kwargs):
    raise unittest.SkipTest(BROWSER_SKIP)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--modules", required=True, help="comma-separated")
    parser.add_argument("--json", required=True)
    parser.add_argument("--only", help="file of the test ids to run, one per line")
    args, odoo_args = parser.parse_known_args()
    modules = args.modules.split(",")
    only = set(Path(args.only).read_text().split()) if args.only else None
    port = free_port()  # HttpCase tests need Odoo's HTTP server; not the port of another Odoo
    config.parse_config(["-c", args.config, "-d", args.database, f"--http-port={port}", *odoo_args])
    threading.current_thread().dbname = args.database
    # Loaded with test_enable off: with it on, loading the registry runs every module's at_install tests.
    registry = Registry(args.database)
    config["test_enable"] = True
    config["test_tags"] = "+standard"  # what --test-enable selects
    registry._db_readonly = odoo.sql_db.db_connect(args.database, readonly=True)  # as Registry.init does in tests
    with registry.cursor() as cr:
        cr.execute("SELECT name FROM ir_module_module WHERE state = 'installed'")
        installed = sorted(name for (name,) in cr.fetchall())
    missing = sorted(set(modules) - set(installed))
    if missing or set(installed) != registry._init_modules:
        sys.exit(f"{args.database}: modules not installed {missing} or not in the registry")

    # Imported only now: Odoo logs an error when its test framework is imported outside test mode.
    from odoo.tests import common, loader  # noqa: PLC0415
    from odoo.tests.result import OdooTestResult  # noqa: PLC0415

    odoo.service.server.load_server_wide_modules()
    server = odoo.service.server.server = odoo.service.server.ThreadedServer(odoo.http.root)
    server.http_spawn()
    # Browser tests (tours, browser_js) are left out: every use of Chromium goes through ChromeBrowser,
    # so any test that starts one is skipped, whatever helper it calls. HttpCase tests that only
    # make HTTP requests (controllers, portal, access rights) run against the server above.
    common.ChromeBrowser.__init__ = no_browser

    addons_roots = [str(Path(p).resolve()) + "/" for p in config["addons_path"].split(",")]
    suite_paths = [p for p in addons_roots if not p.startswith(str(Path(odoo.__file__).parent))]
    suite_modules = [name for name in installed if in_paths(suite_paths, odoo_module.get_module_path(name) or "")]
    result = type("Recorder", (Recorder, OdooTestResult), {})(registry, suite_paths)
    timings = {}
    for position in ("at_install", "post_install"):
        t0 = time.time()
        suite = loader.make_suite(modules, position)
        if only is not None:
            suite = type(suite)([test for test in suite if test_id(test) in only])
        run(suite, result)
        timings[position] = round(time.time() - t0, 1)
    post_install = sorted({test_id(test) for test in suite})

    # Which modules' classes make up the registry's models (the suite's overrides included).
    contributors = {
        cls.__module__.split(".")[2]
        for model in registry.models.values()
        for cls in model.__mro__
        if cls.__module__.startswith("odoo.addons.")
    }
    counts = {s: list(result.status.values()).count(s) for s in ("pass", "fail", "error", "skip")}
    report = {
        "database": args.database,
        "modules": modules,
        "installed": installed,
        "suite_modules": suite_modules,  # installed from the addons path outside Odoo's
        "registry_model_modules": sorted(contributors),
        # Bridges that only hold data (flags, KPI entries) contribute no model class.
        "suite_python_modules": [
            name for name in suite_modules if (Path(odoo_module.get_module_path(name)) / "models").is_dir()
        ],
        "foreign_registry": sorted(result.foreign_registry),
        "seconds": timings,
        "counts": counts,
        "tests": dict(sorted(result.status.items())),
        "post_install": post_install,  # the others are at_install tests
        "failures": dict(sorted(result.failures.items())),
    }
    Path(args.json).write_text(json.dumps(report, indent=1))
    browser = sum(f.get("reason") == BROWSER_SKIP for f in result.failures.values())
    print(
        f"{args.database}: {len(result.status)} tests ({browser} browser tests skipped), "
        + ", ".join(f"{n} {s}" for s, n in counts.items())
        + f" in {timings['at_install']} s at_install + {timings['post_install']} s post_install"
    )
    with contextlib.suppress(Exception):
        server.httpd.shutdown()
    return 1 if result.foreign_registry else 0


if __name__ == "__main__":
    sys.exit(main())
