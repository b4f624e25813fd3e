"""Suite-level scenario: two Odoo workers running the detector and the escalation pass at
the same moment, in two processes with their own PostgreSQL connections, against the CI
database. The data is committed for the workers to see, and removed afterwards."""

import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.modules.registry import Registry

WORKER = Path(__file__).with_name("concurrency_worker.py")
REQUESTS = 150


def _run_two(job, code):
    """Start two workers on ``job`` and release them together; return their exit codes."""
    with tempfile.TemporaryDirectory() as folder:
        go_file = Path(folder) / "go"
        config = odoo.tools.config.rcfile
        database = odoo.tools.config["db_name"]
        if isinstance(database, list):
            database = database[0]
        workers = [
            subprocess.Popen([sys.executable, str(WORKER), config, database, str(go_file), job, code])
            for _worker in range(2)
        ]
        time.sleep(3)  # both have loaded their registry and wait for the signal
        go_file.touch()
        return [worker.wait(timeout=300) for worker in workers]


def _env(cr):
    return api.Environment(cr, SUPERUSER_ID, {})


def test_two_workers_raise_and_escalate_once():
    """150 approval requests are overdue. Two workers run the detector at once: each
    request gets exactly one open exception. Their deadlines then pass and two workers
    run the escalation pass at once: each exception climbs level 1 once, with one
    escalation note."""
    database = odoo.tools.config["db_name"]
    registry = Registry(database[0] if isinstance(database, list) else database)
    overdue_code = "approval_overdue"
    try:
        with registry.cursor() as cr:
            env = _env(cr)
            rule = env["dist.approval.rule"].create(
                {
                    "name": "Concurrency rule",
                    "code": "concurrency_rule",
                    "model_id": env["ir.model"]._get_id("res.partner"),
                    "band_ids": [(0, 0, {"min_value": 10, "group_id": env.ref("base.group_system").id})],
                }
            )
            old = fields.Datetime.now() - timedelta(days=10)
            cr.execute(
                """
                INSERT INTO dist_approval_request (name, rule_id, company_id, res_model, res_id, value, band_id,
                                                   group_id, requested_by_id, request_date, state, state_sequence,
                                                   create_uid, write_uid, create_date, write_date)
                SELECT 'CONC/' || n, %(rule)s, %(company)s, 'res.partner', %(partner)s, 1000 + n, %(band)s,
                       %(group)s, 1, %(old)s, 'pending', 0, 1, 1, %(old)s, %(old)s
                  FROM generate_series(1, %(count)s) AS n
                """,
                {
                    "rule": rule.id,
                    "company": rule.company_id.id,
                    "partner": env.ref("base.partner_admin").id,
                    "band": rule.band_ids.id,
                    "group": rule.band_ids.group_id.id,
                    "old": old,
                    "count": REQUESTS,
                },
            )
        assert _run_two("detect", overdue_code) == [0, 0]
        with registry.cursor() as cr:
            env = _env(cr)
            cr.execute(
                """
                SELECT count(*), count(DISTINCT e.res_id)
                  FROM dist_exception e JOIN dist_approval_request r ON r.id = e.res_id
                 WHERE e.res_model = 'dist.approval.request' AND r.name LIKE 'CONC/%%'
                   AND e.state IN ('new', 'acknowledged', 'in_progress', 'on_hold')
                """
            )
            total, distinct = cr.fetchone()
            assert (total, distinct) == (REQUESTS, REQUESTS), f"{total} exceptions for {distinct} requests"
            # Every deadline passed two days ago.
            cr.execute(
                """
                UPDATE dist_exception e
                   SET response_deadline = %(past)s, resolution_deadline = %(past)s,
                       response_risk_date = %(past)s, resolution_risk_date = %(past)s
                  FROM dist_approval_request r
                 WHERE r.id = e.res_id AND e.res_model = 'dist.approval.request' AND r.name LIKE 'CONC/%%'
                """,
                {"past": fields.Datetime.now() - timedelta(days=2)},
            )
        assert _run_two("escalate", overdue_code) == [0, 0]
        with registry.cursor() as cr:
            cr.execute(
                """
                SELECT e.id, e.escalation_level,
                       (SELECT count(*) FROM mail_message m
                         WHERE m.model = 'dist.exception' AND m.res_id = e.id
                           AND m.body::text LIKE '%%level 1 %%')
                  FROM dist_exception e JOIN dist_approval_request r ON r.id = e.res_id
                 WHERE e.res_model = 'dist.approval.request' AND r.name LIKE 'CONC/%%'
                """
            )
            rows = cr.fetchall()
            assert len(rows) == REQUESTS
            assert all(level >= 1 for _id, level, _notes in rows)
            assert all(notes == 1 for _id, _level, notes in rows), "an exception was escalated to level 1 twice"
    finally:
        with registry.cursor() as cr:
            cr.execute(
                """
                DELETE FROM dist_exception e USING dist_approval_request r
                 WHERE r.id = e.res_id AND e.res_model = 'dist.approval.request' AND r.name LIKE 'CONC/%%'
                """
            )
            cr.execute("DELETE FROM dist_approval_request WHERE name LIKE 'CONC/%%'")
            cr.execute("DELETE FROM dist_approval_rule WHERE code = 'concurrency_rule'")
