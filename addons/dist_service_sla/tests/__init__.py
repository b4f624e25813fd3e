from . import test_sla
from . import test_escalation
from . import test_routing
from . import test_sync
from . import test_templates
from . import test_access
from . import test_plain_agents
from . import test_followup
