from . import test_warehouse_kpis
