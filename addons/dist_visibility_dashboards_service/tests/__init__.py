from . import test_service_kpis
