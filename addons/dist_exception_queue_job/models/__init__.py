from . import dist_exception
from . import dist_exception_type
