from . import test_supply
