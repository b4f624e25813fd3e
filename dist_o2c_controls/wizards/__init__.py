from . import dist_credit_release
