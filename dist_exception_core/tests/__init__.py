from . import (
    test_approval,
    test_approval_steps,
    test_detector,
    test_escalation,
    test_exception,
    test_expedited_freight,
    test_guards,
    test_faults,
    test_security,
    test_severity_rule,
    test_sla,
    test_sla_mixin,
    test_hostile_config,
    test_tour,
)
from . import test_followup
