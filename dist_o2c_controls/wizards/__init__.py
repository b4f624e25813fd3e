from . import dist_credit_release
from . import dist_promise_change_wizard
