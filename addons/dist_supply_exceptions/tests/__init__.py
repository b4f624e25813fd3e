from . import test_supply
from . import test_purchase_approval
from . import test_expedited_freight
