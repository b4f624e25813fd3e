from . import dist_kpi_complaint
from . import dist_workspace
