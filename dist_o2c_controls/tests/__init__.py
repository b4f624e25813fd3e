from . import test_credit
from . import test_discount
from . import test_invoice_release
from . import test_shipping
