from . import test_credit
from . import test_discount
from . import test_dispute
from . import test_invoice_release
from . import test_rush_and_risk
from . import test_shipping
from . import test_substitution
from . import test_tour
