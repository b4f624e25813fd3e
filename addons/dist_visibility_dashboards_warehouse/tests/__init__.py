from . import test_warehouse_kpis
from . import test_pick_facts
