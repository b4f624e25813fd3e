from . import test_supply_workspace
