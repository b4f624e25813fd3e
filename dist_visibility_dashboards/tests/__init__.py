from . import test_kpis
from . import test_workspace_review
from . import test_kpi_definitions
from . import test_french
from . import test_kpi_facts
