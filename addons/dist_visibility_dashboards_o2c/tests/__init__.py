from . import test_o2c_kpis
