from . import dist_kpi_inventory
from . import dist_kpi_pick
from . import dist_workspace
