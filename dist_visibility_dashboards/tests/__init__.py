from . import test_kpis
from . import test_workspace_review
