from . import kpi_sql
from . import dist_kpi
from . import dist_kpi_order
from . import dist_kpi_exception
from . import dist_kpi_backorder
from . import dist_kpi_invoice
from . import dist_workspace
from . import dist_review
