from . import dist_kpi_order
from . import dist_workspace
